//! Whole-site pages Cairn generates: the timeline, the Needs review page,
//! the map of the knowledge base, the search page and the 404 page.

use std::collections::HashMap;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::linked::localgraph;
use crate::linked::memory::Entry;
use crate::linked::timeline;
use crate::search;
use crate::urls;

use super::context::*;
use super::input::*;
use super::renderer::Renderer;

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
                    kind: &page.doc.kind,
                    kind_label: self.kind_label(&page.doc.kind),
                }
            })
            .collect()
    }

    pub(super) fn timeline(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Year<'e> {
            year: i16,
            events: Vec<EventItem<'e>>,
        }
        let (mut context, root) = self.generated_context(
            TIMELINE_PATH,
            "Timeline",
            "Projects, handovers and decisions, newest first",
            None,
        );
        let events = self.input.events;
        let mut years: Vec<Year> = Vec::new();
        for (event, item) in events.iter().zip(self.event_items(events, &root)) {
            match years.last_mut() {
                Some(year) if year.year == event.date.year() => year.events.push(item),
                _ => years.push(Year {
                    year: event.date.year(),
                    events: vec![item],
                }),
            }
        }
        context.insert("years", &years);
        self.render("timeline.html", &context)
    }

    pub(super) fn needs_review(&self) -> Result<String, Diagnostic> {
        let path = REVIEW_PATH;
        let (mut context, root) = self.generated_context(
            path,
            "Needs review",
            "Pages past their review date, handovers without a successor, and pages nothing links to", None);
        let list = |entries: &'a [Entry]| -> Vec<ReviewItem<'_>> {
            entries
                .iter()
                .map(|entry| {
                    let page = &self.input.site.pages[entry.page];
                    ReviewItem {
                        title: &entry.title,
                        href: root.href(&page.path),
                        kind: &page.doc.kind,
                        kind_label: self.kind_label(&page.doc.kind),
                        author: page.doc.meta.author.as_deref(),
                        detail: &entry.detail,
                    }
                })
                .collect()
        };
        let memory = self.memory();
        context.insert("overdue", &list(&memory.overdue));
        context.insert("no_successor", &list(&memory.no_successor));
        context.insert("orphans", &list(&memory.orphans));
        self.render("review.html", &context)
    }

    /// Every page, by kind and then by folder, with an overview of how the
    /// kinds link to each other.
    pub(super) fn map(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Folder<'m> {
            #[serde(skip)]
            section: usize,
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
            MAP_PATH,
            "Map of the knowledge base",
            "Every page, by kind and folder, and how the kinds link to each other",
            None,
        );
        // Kinds in order of size, biggest first; pages in site order.
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for page in &site.pages {
            *counts.entry(page.doc.kind.as_str()).or_default() += 1;
        }
        let mut groups: Vec<KindGroup> = counts
            .into_iter()
            .map(|(k, count)| KindGroup {
                id: format!("kind-{}", urls::slugify(k)),
                kind: k,
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
        for (id, page) in site.pages.iter().enumerate() {
            let group = &mut groups[kind_of[page.doc.kind.as_str()]];
            let section = &site.sections[page.section];
            // The map is at the site root: the shared link from there.
            debug_assert!(urls::root_prefix(MAP_PATH).is_empty());
            let link = self.root_link(id);
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
            search::SEARCH_PAGE,
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
        context.insert("nav", &self.nav(0, &path, &root));
        context.insert("breadcrumbs", &Vec::<Link>::new());
        self.render("404.html", &context)
    }
}
