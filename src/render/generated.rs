//! Whole-site pages Cairn generates: the timeline, the Needs review page,
//! the map of the knowledge base, the search page and the 404 page.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::linked::localgraph;
use crate::linked::memory::{Entry, List};
use crate::linked::timeline;
use crate::model::site::SectionId;
use crate::project::kinds::Kind;
use crate::urls;

use super::context::*;
use super::paging;
use super::renderer::Renderer;

/// A role on the Needs review page that has no handover yet.
#[derive(Serialize)]
struct RoleWithoutHandover {
    title: String,
    href: String,
    /// Who holds it, by name.
    holders: String,
}

impl<'a> Renderer<'_, 'a> {
    pub(super) fn event_items<'e>(
        &'e self,
        events: &'e [timeline::Event],
        root: &Here,
    ) -> Vec<EventItem<'e>> {
        events
            .iter()
            .map(|event| {
                let page = &self.input.site.pages[event.page];
                EventItem {
                    date: event.date.to_string(),
                    what: &event.what,
                    title: self.title(event.page),
                    href: root.href(&page.path),
                    kind: page.doc.kind.as_str(),
                    kind_label: self.kind_label(&page.doc.kind),
                }
            })
            .collect()
    }

    /// Page `page` (from 0) of the timeline: its events, under their
    /// years, with links to every year and to the other pages.
    pub(super) fn timeline(&self, page: usize) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Year<'e> {
            year: i16,
            /// The anchor of its heading: the year's first page has
            /// `year-2024`, later ones `year-2024-continued`.
            id: String,
            continued: bool,
            events: Vec<EventItem<'e>>,
        }
        #[derive(Serialize)]
        struct YearLink {
            year: i16,
            href: String,
        }
        let path = self.addresses.timeline_page(page);
        let events = self.input.events;
        let pages = paging::page_count(events.len());
        let title = match page {
            0 => Cow::Borrowed("Timeline"),
            _ => Cow::Owned(format!("Timeline, page {} of {pages}", page + 1)),
        };
        let index = (page > 0).then_some(("Timeline", self.addresses.timeline.as_str()));
        let (mut context, root) = self.generated_context(
            &path,
            &title,
            "Projects, handovers and decisions, newest first",
            index,
        );
        // Every year, linked where its first event is.
        let mut year_links: Vec<YearLink> = Vec::new();
        for (i, event) in events.iter().enumerate() {
            let year = event.date.year();
            if year_links.last().is_none_or(|y| y.year != year) {
                let on = i / paging::PAGE_SIZE;
                let anchor = format!("#year-{year}");
                let href = match on == page {
                    true => anchor,
                    false => root.href(&self.addresses.timeline_page(on)) + &anchor,
                };
                year_links.push(YearLink { year, href });
            }
        }
        let shown = paging::page_of(events, page);
        let first = page * paging::PAGE_SIZE;
        let mut years: Vec<Year> = Vec::new();
        for (i, (event, item)) in shown.iter().zip(self.event_items(shown, &root)).enumerate() {
            let year = event.date.year();
            match years.last_mut() {
                Some(y) if y.year == year => y.events.push(item),
                _ => {
                    let at = first + i;
                    let continued = at > 0 && events[at - 1].date.year() == year;
                    years.push(Year {
                        year,
                        id: match continued {
                            true => format!("year-{year}-continued"),
                            false => format!("year-{year}"),
                        },
                        continued,
                        events: vec![item],
                    });
                }
            }
        }
        context.insert("years", &years);
        context.insert("year_links", &year_links);
        context.insert(
            "pager",
            &paging::pager(page, events.len(), &root, |p| {
                self.addresses.timeline_page(p)
            }),
        );
        self.render("timeline.html", &context)
    }

    /// The entries of `entries` as the Needs review page lists them.
    fn review_items<'e>(&'e self, entries: &'e [Entry], root: &Here) -> Vec<ReviewItem<'e>> {
        entries
            .iter()
            .map(|entry| {
                let page = &self.input.site.pages[entry.page];
                ReviewItem {
                    title: self.title(entry.page),
                    href: root.href(&page.path),
                    kind: page.doc.kind.as_str(),
                    kind_label: self.kind_label(&page.doc.kind),
                    author: page.doc.meta.author.as_deref(),
                    detail: &entry.detail,
                }
            })
            .collect()
    }

    /// The Needs review page: the first page of each of the report's lists;
    /// or, with `Some((list, page))`, a later page (from 1) of one list.
    pub(super) fn needs_review(&self, later: Option<(List, usize)>) -> Result<String, Diagnostic> {
        let path = match later {
            Some((list, page)) => self.addresses.review_page(list, page),
            None => self.addresses.review.clone(),
        };
        let (lists, page) = match later {
            Some((list, page)) => (vec![list], page),
            None => (List::ALL.to_vec(), 0),
        };
        let title = match later {
            Some((list, page)) => Cow::Owned(format!(
                "Needs review: {}, page {} of {}",
                list_title(list),
                page + 1,
                paging::page_count(self.review_list(list).len())
            )),
            None => Cow::Borrowed("Needs review"),
        };
        let index = later
            .is_some()
            .then_some(("Needs review", self.addresses.review.as_str()));
        let (mut context, root) = self.generated_context(
            &path,
            &title,
            "Pages past their review date, handovers without a successor, pages nothing links to, pages whose owner has left, and loose actions",
            index,
        );
        for list in lists {
            let entries = self.review_list(list);
            let name = list.slug().replace('-', "_");
            let shown = paging::page_of(entries, page);
            context.insert(name.clone(), &self.review_items(shown, &root));
            context.insert(format!("{name}_total"), &entries.len());
            let first_page = |p: usize| match p {
                0 => format!("{}#{}-heading", self.addresses.review, list.slug()),
                _ => self.addresses.review_page(list, p),
            };
            context.insert(
                format!("{name}_pager"),
                &paging::pager(page, entries.len(), &root, first_page),
            );
        }
        if later.is_none() {
            context.insert("overdue_actions", &self.overdue_actions(&root));
            context.insert("dropped_actions", &self.dropped_actions(&root));
            context.insert("unhanded_roles", &self.unhanded_roles(&root));
        }
        self.render("review.html", &context)
    }

    /// The register of agreements: every agreement, soonest renewal first,
    /// with its parties.
    pub(super) fn agreements_page(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Row {
            agreement: Link,
            parties: Vec<Link>,
            purpose: Option<String>,
            signed: Option<String>,
            renew_by: Option<String>,
            overdue: bool,
        }
        let path = self.addresses.agreements.clone();
        let (mut context, root) = self.generated_context(
            &path,
            "Agreements",
            "Every agreement between the partners, with its parties and when it must be renewed",
            None,
        );
        let site = self.input.site;
        let today = self.input.today;
        let text = |doc: &crate::content::frontmatter::Document, key: &str| {
            doc.fields
                .get(key)
                .and_then(serde_json::Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        let mut rows: Vec<(Option<jiff::civil::Date>, Row)> = site
            .pages
            .iter_enumerated()
            .filter(|(_, page)| page.doc.kind == Kind::Agreement)
            .map(|(id, page)| {
                let doc = &page.doc;
                let renew_by =
                    text(doc, "renew_by").and_then(|d| crate::project::fields::parse_date(&d));
                let parties = doc
                    .fields
                    .get("parties")
                    .and_then(serde_json::Value::as_array)
                    .map(|items| {
                        items
                            .iter()
                            .filter_map(serde_json::Value::as_str)
                            .map(|name| Link {
                                title: name.to_owned(),
                                href: self
                                    .input
                                    .names
                                    .page(&Kind::Agency, name)
                                    .map(|p| root.href(&site.pages[p].path))
                                    .unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let row = Row {
                    agreement: self.link_to(id, &root),
                    parties,
                    purpose: text(doc, "purpose"),
                    signed: text(doc, "signed"),
                    renew_by: renew_by.map(|d| d.to_string()),
                    overdue: renew_by.is_some_and(|d| d < today),
                };
                (renew_by, row)
            })
            .collect();
        rows.sort_by_key(|(due, _)| (due.is_none(), *due));
        let rows: Vec<Row> = rows.into_iter().map(|(_, row)| row).collect();
        context.insert("agreements", &rows);
        self.render("agreements.html", &context)
    }

    /// The roles with a profile and a holder but no handover on file.
    fn unhanded_roles(&self, root: &Here) -> Vec<RoleWithoutHandover> {
        let site = self.input.site;
        self.input
            .people
            .unhanded_roles()
            .map(|role| RoleWithoutHandover {
                title: role.name.clone(),
                href: root.href(&role.path),
                holders: role
                    .holders
                    .iter()
                    .map(|&id| site.pages[id].doc.meta.title.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect()
    }

    /// Every page, by kind and then by folder, with an overview of how the
    /// kinds link to each other.
    pub(super) fn map(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Folder<'m> {
            #[serde(skip)]
            section: SectionId,
            title: &'m str,
            href: String,
            pages: Vec<tera::Value>,
        }
        #[derive(Serialize)]
        struct KindGroup<'m> {
            id: String,
            kind: &'m str,
            label: &'m str,
            count: usize,
            folders: Vec<Folder<'m>>,
        }
        let site = self.input.site;
        let (mut context, root) = self.generated_context(
            &self.addresses.map,
            "Map of the knowledge base",
            "Every page, by kind and folder, and how the kinds link to each other",
            None,
        );
        // Kinds in order of size, biggest first; pages in site order.
        let mut counts: HashMap<&Kind, usize> = HashMap::new();
        for page in &site.pages {
            *counts.entry(&page.doc.kind).or_default() += 1;
        }
        let mut groups: Vec<KindGroup> = counts
            .into_iter()
            .map(|(k, count)| KindGroup {
                id: format!("kind-{}", urls::slugify(k.as_str())),
                kind: k.as_str(),
                label: self.kind_label(k),
                count,
                folders: Vec::new(),
            })
            .collect();
        groups.sort_by(|a, b| {
            (b.count.cmp(&a.count))
                .then(a.label.cmp(b.label))
                .then(a.kind.cmp(b.kind))
        });
        let kind_of: HashMap<&str, usize> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.kind, i))
            .collect();
        let at_root = urls::root_prefix(&self.addresses.map).is_empty();
        for (id, page) in site.pages.iter_enumerated() {
            let group = &mut groups[kind_of[page.doc.kind.as_str()]];
            let section = &site.sections[page.section];
            // At the site root, the shared link from there.
            let link = if at_root {
                self.root_link(id)
            } else {
                tera::Value::from_serializable(&self.link_to(id, &root))
            };
            match group.folders.last_mut() {
                Some(folder) if folder.section == page.section => folder.pages.push(link),
                _ => group.folders.push(Folder {
                    section: page.section,
                    title: &section.title,
                    href: root.href(&section.path),
                    pages: vec![link],
                }),
            }
        }
        let mut links: HashMap<(usize, usize), usize> = HashMap::new();
        for (a, b, n) in self.kind_links().pairs() {
            let (a, b) = (kind_of[a], kind_of[b]);
            *links.entry((a.min(b), a.max(b))).or_default() += n;
        }
        let mut links: Vec<(usize, usize, usize)> =
            links.into_iter().map(|((a, b), n)| (a, b, n)).collect();
        links.sort_unstable();
        let overview = localgraph::overview(
            groups
                .iter()
                .map(|g| localgraph::KindCount {
                    id: g.id.clone(),
                    label: g.label.to_owned(),
                    kind: g.kind.to_owned(),
                    pages: g.count,
                })
                .collect(),
            &links,
        );
        context.insert("overview", &overview);
        context.insert("kinds", &groups);
        context.insert("page_count", &site.pages.len());
        self.render("map.html", &context)
    }

    pub(super) fn search_page(&self) -> Result<String, Diagnostic> {
        let (context, _) = self.generated_context(
            &self.addresses.search,
            "Search",
            "Search every page of the knowledge base",
            None,
        );
        self.render("search.html", &context)
    }

    pub(super) fn not_found(&self) -> Result<String, Diagnostic> {
        // A server shows 404.html for any missing address, at any depth, so its
        // links use the configured path prefix rather than relative paths.
        let path = "404.html".to_owned();
        let (mut context, _) = self.base_context(&path, "Page not found", "");
        let prefix = self.input.config.path_prefix().unwrap_or_default();
        context.insert("root", &prefix);
        let root = Here::Prefix(prefix);
        context.insert("nav", &self.nav(SectionId::ROOT, &path, &root));
        context.insert("breadcrumbs", &Vec::<Link>::new());
        self.render("404.html", &context)
    }
}

/// What the Needs review page calls one of its lists.
fn list_title(list: List) -> &'static str {
    match list {
        List::Overdue => "past their review date",
        List::NoSuccessor => "handovers without a successor",
        List::Orphans => "pages nothing links to",
        List::OwnerLeft => "pages whose owner has left",
        List::RenewalDue => "agreements due for renewal",
    }
}
