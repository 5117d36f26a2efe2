//! Content pages and section pages: the page's own body and trust metadata,
//! its backlinks, related pages, local graph, induction step and
//! previous/next; a section's sub-folders, pages and glossary; and what the
//! home page adds (where to start, what changed, what needs review).

use std::collections::HashMap;

use serde_json::Value;

use crate::content::frontmatter::Document;
use crate::content::history::ChangeSource;
use crate::diagnostics::Diagnostic;
use crate::linked::graph::Source;
use crate::linked::localgraph;
use crate::linked::timeline;
use crate::markdown::Rendered;
use crate::model::agencies::Record;
use crate::model::audience::Audiences;
use crate::model::names::named_by;
use crate::model::site::{PageId, SectionId};
use crate::model::taxonomy;
use crate::project::kinds::Kind;
use crate::project::taxonomies::TaxonomyKind;
use crate::urls;

use super::context::*;
use super::input::*;
use super::reads::Read;
use super::renderer::Renderer;

impl<'a> Renderer<'_, 'a> {
    pub(super) fn page(&self, id: PageId) -> Result<String, Diagnostic> {
        self.note(Read::Page(id));
        let site = self.input.site;
        let page = &site.pages[id];
        let rendered = &self.input.pages[id];
        let (mut context, root) = self.base_context(
            &page.path,
            &page.doc.meta.title,
            summary_of(&page.doc, rendered),
        );
        let section = &site.sections[page.section];
        context.insert(
            "page",
            &self.page_context(&page.doc, rendered, &page.path, &root),
        );
        context.insert("nav", &self.nav(page.section, &page.path, &root));
        context.insert("backlinks", &self.backlinks(Source::Page(id), &root));
        context.insert("local_graph", &self.local_graph(id, &root));
        let related: Vec<tera::Value> = self
            .related(id)
            .iter()
            .map(|&p| self.list_item(p))
            .collect();
        context.insert("related", &related);
        if page.doc.kind == Kind::Person {
            context.insert("person", &self.person(id, &root));
        }
        if let Some(step) = self.input.induction.iter().position(|&p| p == id) {
            let path = self.input.induction;
            let link =
                |i: Option<usize>| i.and_then(|i| path.get(i)).map(|&p| self.link_to(p, &root));
            context.insert(
                "induction",
                &Induction {
                    step: step + 1,
                    steps: path.len(),
                    prev: link(step.checked_sub(1)),
                    next: link(Some(step + 1)),
                    start: root.href("index.html#start-here"),
                },
            );
        }
        if page.doc.kind == Kind::Decision {
            context.insert("decision", &self.decision(id, &root));
        }
        if page.doc.kind == Kind::Agency {
            if let Some(record) = self.input.agencies.record(id) {
                context.insert("agency", &self.agency_record(record));
            }
        }
        if page.doc.kind == Kind::Agreement {
            context.insert("renewal", &self.renewal(&page.doc));
        }
        if page.doc.kind == Kind::Project {
            // Events of the handovers and decisions linking here.
            self.note(Read::Backlinks(Source::Page(id)));
            let events = timeline::project_events(site, self.input.decisions, self.input.graph, id);
            context.insert("project_timeline", &self.event_items(&events, &root));
        }
        let mut crumbs = self.breadcrumbs(page.section, &root);
        crumbs.push(Link {
            title: page.doc.meta.title.clone(),
            href: root.href(&page.path),
        });
        context.insert("breadcrumbs", &crumbs);
        let order = self.order(page.section);
        let position = order.iter().position(|&p| p == id).unwrap_or(0);
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| order.get(i))
                .map(|&p| self.link_to(p, &root))
        };
        context.insert("prev", &neighbour(position.checked_sub(1)));
        context.insert("next", &neighbour(Some(position + 1)));
        context.insert(
            "section_link",
            &Link {
                title: section.title.clone(),
                href: root.href(&section.path),
            },
        );
        self.render("page.html", &context)
    }

    /// What an agency's page gathers: the pages that name it.
    fn agency_record(&self, record: &Record) -> AgencyContext {
        let list = |ids: &[PageId]| ids.iter().map(|&p| self.list_item(p)).collect();
        let (led, partnered): (Vec<_>, Vec<_>) =
            record.projects.iter().partition(|(_, lead)| *lead);
        let ids =
            |pairs: Vec<&(PageId, bool)>| pairs.into_iter().map(|(p, _)| *p).collect::<Vec<_>>();
        AgencyContext {
            people: list(&record.people),
            handovers: list(&record.handovers),
            leads: list(&ids(led)),
            partners_in: list(&ids(partnered)),
            decisions: list(&record.decisions),
            agreements: list(&record.agreements),
        }
    }

    /// When an agreement is to be renewed, and whether that has passed.
    fn renewal(&self, doc: &crate::content::frontmatter::Document) -> Option<Renewal> {
        let due = doc
            .fields
            .get("renew_by")
            .and_then(serde_json::Value::as_str)
            .and_then(crate::project::fields::parse_date)?;
        let today = self.input.today;
        let days = due.until(today).map_or(0, |span| span.get_days());
        Some(Renewal {
            date: due.to_string(),
            overdue: due < today,
            days: days.abs(),
        })
    }

    /// What a decision's page adds: the decisions it replaced and that
    /// replaced it, and each agency's position.
    fn decision(&self, id: PageId, root: &Here) -> DecisionContext {
        let decisions = self.input.decisions;
        let doc = &self.input.site.pages[id].doc;
        let positions = doc
            .fields
            .get("positions")
            .and_then(serde_json::Value::as_object)
            .map(|map| {
                map.iter()
                    .map(|(agency, position)| Position {
                        agency: Link {
                            title: agency.clone(),
                            href: self.agency_href(agency, root).unwrap_or_default(),
                        },
                        position: match position {
                            serde_json::Value::String(text) => text.clone(),
                            other => other.to_string(),
                        },
                    })
                    .collect()
            })
            .unwrap_or_default();
        DecisionContext {
            superseded_by: decisions.superseded_by(id).map(|p| self.link_to(p, root)),
            supersedes: decisions.supersedes(id).map(|p| self.link_to(p, root)),
            positions,
        }
    }

    pub(super) fn section(&self, id: SectionId) -> Result<String, Diagnostic> {
        self.note(Read::Section(id));
        let site = self.input.site;
        let section = &site.sections[id];
        let rendered = self.input.sections[id].as_ref();
        let empty = Rendered::default();
        let description = section
            .index
            .as_ref()
            .map(|d| summary_of(d, rendered.unwrap_or(&empty)).to_owned())
            .unwrap_or_default();
        let (mut context, root) = self.base_context(&section.path, &section.title, &description);
        if let Some(doc) = &section.index {
            context.insert(
                "page",
                &self.page_context(doc, rendered.unwrap_or(&empty), &section.path, &root),
            );
        }
        context.insert("section_title", &section.title);
        if section.total_pages > 0 {
            context.insert("print", &root.href(&super::pack::print_path(&section.path)));
        }
        context.insert("nav", &self.nav(id, &section.path, &root));
        context.insert("backlinks", &self.backlinks(Source::Section(id), &root));
        context.insert("breadcrumbs", &self.breadcrumbs(id, &root));
        let subsections: Vec<SectionItem> = section
            .children
            .iter()
            .map(|&c| self.section_item(c, &root))
            .collect();
        context.insert("subsections", &subsections);
        let order = self.order(id);
        let pages: Vec<tera::Value> = order.iter().map(|&p| self.list_item(p)).collect();
        context.insert("pages", &pages);
        if id == SectionId::ROOT {
            self.home(&mut context);
            return self.render("home.html", &context);
        }
        let glossary: Vec<PageId> = order
            .iter()
            .copied()
            .filter(|&p| site.pages[p].doc.kind == Kind::Glossary)
            .collect();
        if !glossary.is_empty() {
            context.insert("glossary", &self.glossary_index(&glossary, &root));
        }
        self.render("section.html", &context)
    }

    /// What the home page adds: where to start, what changed, what needs review.
    pub(super) fn home(&self, context: &mut tera::Context) {
        let site = self.input.site;
        let start_here: Vec<tera::Value> = self
            .input
            .induction
            .iter()
            .map(|&id| self.list_item(id))
            .collect();
        context.insert("start_here", &start_here);
        if !start_here.is_empty() {
            context.insert(
                "induction_pack",
                &urls::relative(
                    &self.input.site.sections[SectionId::ROOT].path,
                    &self.addresses.induction_pack,
                ),
            );
        }

        let recent: Vec<tera::Value> = self
            .recently_changed(RECENT_LIMIT)
            .iter()
            .map(|&(_, id)| self.list_item(id))
            .collect();
        context.insert("recent", &recent);

        let overdue: Vec<tera::Value> = site
            .pages
            .keys()
            .filter(|&id| {
                site.pages[id]
                    .doc
                    .meta
                    .review_by
                    .is_some_and(|d| d < self.input.today)
            })
            .map(|id| self.list_item(id))
            .collect();
        context.insert("overdue_count", &overdue.len());
        context.insert(
            "overdue",
            &overdue.into_iter().take(RECENT_LIMIT).collect::<Vec<_>>(),
        );
        context.insert("page_count", &site.pages.len());
    }

    pub(super) fn page_context<'p>(
        &self,
        doc: &'p Document,
        rendered: &'p Rendered,
        path: &str,
        root: &Here,
    ) -> PageContext<'p> {
        let kind = self.input.kinds.get(doc.kind.as_str());
        let (updated, updated_from) = match (&doc.meta.updated, &doc.modified) {
            (Some(date), _) => (Some(date.to_string()), Some("front matter")),
            (None, Some(changed)) => (
                Some(changed.date.to_string()),
                Some(match changed.source {
                    ChangeSource::Git => "git",
                    ChangeSource::File => "file",
                }),
            ),
            (None, None) => (None, None),
        };
        let facts = kind
            .map(|k| {
                let shown_elsewhere = [
                    "title",
                    "kind",
                    "author",
                    "date",
                    "updated",
                    "review_by",
                    "tags",
                    "aliases",
                    "summary",
                    "draft",
                    "weight",
                    "related",
                    "order",
                    "synonyms",
                    "supersedes",
                    "positions",
                ];
                let mut names: Vec<&str> = vec!["role", "agency", "owner"];
                names.extend(
                    k.fields
                        .iter()
                        .map(|(name, _)| name.as_str())
                        .filter(|n| !["role", "agency", "owner"].contains(n)),
                );
                names
                    .into_iter()
                    .filter(|n| !shown_elsewhere.contains(n))
                    .filter_map(|name| doc.fields.get(name).and_then(|v| fact(name, v)))
                    .collect()
            })
            .unwrap_or_default();
        PageContext {
            title: &doc.meta.title,
            kind: doc.kind.as_str(),
            kind_label: kind.map_or_else(|| doc.kind.to_string(), |k| k.label.clone()),
            href: root.href(path),
            source: &doc.rel,
            author: doc.meta.author.as_deref(),
            date: doc.meta.date.map(|d| d.to_string()),
            updated,
            updated_from,
            review: doc.meta.review_by.map(|date| self.review(date)),
            tags: doc
                .meta
                .tags
                .iter()
                .map(|t| Link {
                    title: t.clone(),
                    href: root.href(&taxonomy::term_path(TaxonomyKind::Tags, t)),
                })
                .collect(),
            aliases: &doc.meta.aliases,
            agencies: taxonomy::terms_of(TaxonomyKind::Agencies, doc),
            summary: summary_of(doc, rendered),
            toc: &rendered.toc,
            title_id: rendered.title_id.as_deref(),
            content: self.input.graph.body(path, &rendered.html),
            words: rendered.words,
            reading_minutes: rendered.reading_minutes(),
            facts: self.link_facts(facts, root),
            author_href: doc
                .meta
                .author
                .as_deref()
                .and_then(|name| self.input.names.person(name))
                .map(|id| root.href(&self.input.site.pages[id].path)),
            synonyms: synonyms(doc, |agency| self.agency_href(agency, root)),
            fields: &doc.fields,
            draft: doc.meta.draft,
            narrower_audience: self.narrower_audience(doc),
            owner_left: self.owner_left(path, root),
        }
    }

    /// The owner of the page at `path`, when they have left.
    fn owner_left(&self, path: &str, root: &Here) -> Option<OwnerLeft> {
        let site = self.input.site;
        let id = site.page_at(path)?;
        let (owner, left) = self.input.people.owner_left(id, self.input.today)?;
        let moved_to = site.pages[owner]
            .doc
            .fields
            .get("moved_to")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        Some(OwnerLeft {
            owner: self.link_to(owner, root),
            left: left.to_string(),
            moved_to,
        })
    }

    pub(super) fn review(&self, date: jiff::civil::Date) -> Review {
        let days = self
            .input
            .today
            .until(date)
            .map_or(0, |span| span.get_days());
        let status = if days < 0 {
            "overdue"
        } else if days <= DUE_SOON_DAYS {
            "due-soon"
        } else {
            "current"
        };
        Review {
            status,
            date: date.to_string(),
            days: days.abs(),
        }
    }

    /// The pages linking to the page at `path`, by title.
    pub(super) fn backlinks(&self, target: Source, root: &Here) -> Vec<BacklinkItem<'_>> {
        let site = self.input.site;
        let mut items: Vec<BacklinkItem> = self
            .backlinks_to(target)
            .iter()
            .map(|link| {
                let (doc, title, target) = match link.source {
                    Source::Page(id) => {
                        let page = &site.pages[id];
                        (&page.doc, self.title(id).to_owned(), &page.path)
                    }
                    Source::Section(id) => {
                        let section = &site.sections[id];
                        let doc = section
                            .index
                            .as_ref()
                            .expect("only sections with a page link");
                        (doc, section.title.clone(), &section.path)
                    }
                };
                BacklinkItem {
                    title,
                    href: root.href(target),
                    kind: doc.kind.as_str(),
                    kind_label: self.kind_label(&doc.kind),
                    context: link.context.clone(),
                }
            })
            .collect();
        items.sort_by_cached_key(|item| item.title.to_lowercase());
        items
    }

    /// Links the names in facts to their pages: people and agencies (by
    /// [`named_by`]), and a handover's `role` or a role's `reports_to` to
    /// the role's page. A list is linked item by item.
    pub(super) fn link_facts(&self, mut facts: Vec<Fact>, root: &Here) -> Vec<Fact> {
        let (people, names) = (self.input.people, self.input.names);
        for fact in &mut facts {
            let kinds = named_by(&fact.name);
            for part in &mut fact.parts {
                if part.href.is_some() {
                    continue;
                }
                part.href = match fact.name.as_str() {
                    "role" | "reports_to" => {
                        people.role(&part.text).map(|role| root.href(&role.path))
                    }
                    _ => names
                        .find(kinds, &part.text)
                        .map(|id| root.href(&self.input.site.pages[id].path)),
                };
            }
            if fact.href.is_none() && fact.parts.len() == 1 {
                fact.href = fact.parts[0].href.clone();
            }
        }
        facts
    }

    /// The page's audience and the published one, when its audience is
    /// narrower (it is only in builds for its own audience or narrower,
    /// and in `cairn serve`).
    fn narrower_audience(&self, doc: &Document) -> Option<NarrowerAudience> {
        let audiences = Audiences::new(self.input.config);
        let rank = audiences.of(doc)?;
        (rank > audiences.publish()).then(|| NarrowerAudience {
            audience: audiences.name(rank).to_owned(),
            published: audiences.name(audiences.publish()).to_owned(),
        })
    }

    /// The href of the agency page called `name`, if there is one.
    fn agency_href(&self, name: &str, root: &Here) -> Option<String> {
        let found = self.input.names.page(&Kind::Agency, name)?;
        Some(root.href(&self.input.site.pages[found].path))
    }

    /// The pages page `id` links to and that link to it, laid out around it.
    pub(super) fn local_graph(&self, id: PageId, root: &Here) -> Option<localgraph::LocalGraph> {
        let site = self.input.site;
        let own = site.pages[id].path.as_str();
        let mut neighbours: Vec<localgraph::Neighbour> = Vec::new();
        // A hub page has thousands of backlinks: find repeats by path.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut add = |path: &'a str, linked_to: bool| {
            if path == own {
                return;
            }
            if let Some(&at) = seen.get(path) {
                let n = &mut neighbours[at];
                n.linked_to |= linked_to;
                n.links_here |= !linked_to;
                return;
            }
            let (title, kind) = if let Some(p) = site.page_at(path) {
                (self.title(p), site.pages[p].doc.kind.as_str())
            } else if let Some(s) = site.section_at(path) {
                (site.sections[s].title.as_str(), "section")
            } else {
                return;
            };
            seen.insert(path, neighbours.len());
            neighbours.push(localgraph::Neighbour {
                path,
                title,
                kind,
                linked_to,
                links_here: !linked_to,
            });
        };
        for link in &self.input.pages[id].links {
            add(&link.path, true);
        }
        for backlink in self.backlinks_to(Source::Page(id)) {
            add(backlink.source.path(site), false);
        }
        localgraph::local(neighbours, |path| root.href(path))
    }

    /// Glossary entries grouped by first letter, A–Z, each with its aliases
    /// and what each agency calls it.
    pub(super) fn glossary_index(&self, ids: &[PageId], root: &Here) -> Vec<LetterGroup> {
        let site = self.input.site;
        let mut entries: Vec<(String, GlossaryItem)> = ids
            .iter()
            .map(|&id| {
                let doc = &site.pages[id].doc;
                let term = doc
                    .fields
                    .get("term")
                    .and_then(Value::as_str)
                    .unwrap_or(self.title(id))
                    .to_owned();
                let item = GlossaryItem {
                    term: term.clone(),
                    href: root.href(&site.pages[id].path),
                    aliases: doc.meta.aliases.clone(),
                    synonyms: synonyms(doc, |agency| self.agency_href(agency, root)),
                    summary: self.summary(id).to_owned(),
                };
                (term.to_lowercase(), item)
            })
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut groups: Vec<LetterGroup> = Vec::new();
        for (key, item) in entries {
            let letter = key
                .chars()
                .find(|c| c.is_alphanumeric())
                .map_or_else(|| "#".to_owned(), |c| c.to_uppercase().collect());
            match groups.last_mut() {
                Some(group) if group.letter == letter => group.entries.push(item),
                _ => groups.push(LetterGroup {
                    id: format!("letter-{}", urls::slugify(&letter)),
                    letter,
                    entries: vec![item],
                }),
            }
        }
        groups
    }
}
