//! A quick update: the new text or title of one page applied to the model,
//! step by step, noting every fact of it that now reads differently so that
//! the files that read them are rendered again.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use crate::build::Laps;
use crate::diagnostics::Diagnostics;
use crate::linked::actions::Actions;
use crate::linked::graph::{Bodies, Source};
use crate::linked::memory::List;
use crate::markdown::Rendered;
use crate::model::links::normalize_name;
use crate::model::site::PageId;
use crate::render::{page_count, Read};

use super::{add_once, Model, Quick};

/// What the page was before the update, to tell what changed.
struct Before {
    title: String,
    /// Its folder's order of pages.
    order: Vec<PageId>,
    changed: Option<String>,
}

/// What applying new bodies left to do.
#[derive(Default)]
struct Relinked {
    /// Pages whose backlinks changed (the Needs review report looks again).
    pages: Vec<PageId>,
    /// Sources whose `#anchor` links must be checked again.
    recheck: Vec<Source>,
    /// Pages whose related pages may have changed.
    rescore: BTreeSet<PageId>,
    /// Whether a body's actions (its task list) changed.
    actions: bool,
}

impl Model {
    /// Applies a new version of page `id`'s file, read from `file`, and
    /// adds to `changes` every fact of the model that now reads differently.
    pub(super) fn update_page(
        &mut self,
        id: PageId,
        file: &Path,
        changes: &mut BTreeSet<Read>,
        laps: &mut Laps,
    ) -> Result<(), Quick> {
        let before = self.apply_document(id, file)?;
        laps.lap("read");
        let retitled = before.title != self.prepared.site.pages[id].doc.meta.title;
        let sources = self.bodies_to_render(id, retitled.then_some(&before.title));
        let fresh = self.render_bodies(&sources);
        laps.lap("markdown");

        changes.insert(Read::Page(id));
        let mut relinked = self.apply_bodies(&sources, fresh, changes);
        relinked.pages.push(id);
        if relinked.actions {
            self.refollow_actions(changes);
        }
        if retitled {
            // Links to its headings name it: check them again.
            let path = &self.prepared.site.pages[id].path;
            let linking = self.prepared.graph.backlinks(path);
            relinked.recheck.extend(linking.iter().map(|b| b.source));
        }
        self.recheck_anchors(&relinked.recheck, changes);
        laps.lap("links");

        if retitled {
            let new_title = self.prepared.site.pages[id].doc.meta.title.clone();
            for title in [&before.title, &new_title] {
                let naming = self.related_named.get(&normalize_name(title));
                relinked.rescore.extend(naming.into_iter().flatten());
            }
        }
        self.rescore_related(&relinked.rescore, changes);
        laps.lap("related");

        self.refresh_entries(&sources);
        let page = &self.prepared.site.pages[id];
        if retitled {
            changes.insert(Read::Title(id));
        }
        if self.prepared.site.sections[page.section].pages != before.order {
            changes.insert(Read::Order(page.section));
        }
        if page.doc.last_changed() != before.changed {
            changes.insert(Read::Changed(id));
        }
        let prepared = &mut self.prepared;
        let pages_before = List::ALL.map(|list| page_count(prepared.memory.list(list).len()));
        let moved = prepared.memory.refresh(
            (&prepared.site, &prepared.graph, &prepared.people),
            self.today,
            &relinked.pages,
        );
        for list in moved {
            // A list that now takes more or fewer pages changes which files
            // the site has.
            if page_count(prepared.memory.list(list).len()) != pages_before[list as usize] {
                return Err(Quick::Full);
            }
            changes.insert(Read::Review(list));
        }
        laps.lap("memory report");
        Ok(())
    }

    /// Reads page `id`'s new version into the site; what it was before.
    /// A retitled person, agency, project or glossary entry, or a title that
    /// changes the induction path, needs a full rebuild.
    fn apply_document(&mut self, id: PageId, file: &Path) -> Result<Before, Quick> {
        let doc = self.read_page(id, file)?;
        let site = &self.prepared.site;
        let old = &site.pages[id].doc;
        let retitled = old.meta.title != doc.meta.title;
        if retitled && doc.kind.is_named_elsewhere() {
            return Err(Quick::Full);
        }
        let before = Before {
            title: old.meta.title.clone(),
            order: site.sections[site.pages[id].section].pages.clone(),
            changed: old.last_changed(),
        };
        self.prepared.site.retitle(id, doc);
        if retitled {
            let prepared = &self.prepared;
            let config_file = prepared.project.config_file.clone().unwrap_or_default();
            let induction = crate::model::induction::path(
                &prepared.site,
                &prepared.project.config.induction,
                &config_file,
                &Diagnostics::new(),
            );
            if induction != prepared.induction {
                return Err(Quick::Full);
            }
        }
        Ok(before)
    }

    /// The bodies to render again: page `id`'s, those whose wikilinks name
    /// its old or new title (links that break or mend), and whatever embeds
    /// any of them.
    fn bodies_to_render(&self, id: PageId, old_title: Option<&String>) -> Vec<Source> {
        let mut sources = vec![Source::Page(id)];
        if let Some(old_title) = old_title {
            let new_title = &self.prepared.site.pages[id].doc.meta.title;
            for title in [old_title, new_title] {
                let naming = self.named_in.get(&normalize_name(title));
                for &source in naming.into_iter().flatten() {
                    add_once(&mut sources, source);
                }
            }
        }
        let mut i = 0;
        while i < sources.len() {
            let path = sources[i].path(&self.prepared.site);
            for &source in self.embedded_in.get(path).into_iter().flatten() {
                add_once(&mut sources, source);
            }
            i += 1;
        }
        sources
    }

    fn render_bodies(&self, sources: &[Source]) -> Vec<Rendered> {
        let markdown = self.prepared.markdown(self.today);
        let site = &self.prepared.site;
        sources
            .par_iter()
            .map(|&source| {
                let (doc, path) = match source {
                    Source::Page(p) => (&site.pages[p].doc, site.pages[p].path.as_str()),
                    Source::Section(s) => {
                        let section = &site.sections[s];
                        let doc = section.index.as_ref().expect("sections with bodies");
                        (doc, section.path.as_str())
                    }
                };
                markdown.render(doc, path)
            })
            .collect()
    }

    /// Puts the new bodies of `sources` in the model, noting what changed:
    /// bodies, summaries, links between kinds, backlinks; and keeps the
    /// indexes of wikilink names and embeds up to date.
    fn apply_bodies(
        &mut self,
        sources: &[Source],
        fresh: Vec<Rendered>,
        changes: &mut BTreeSet<Read>,
    ) -> Relinked {
        let mut relinked = Relinked::default();
        for (&source, new) in sources.iter().zip(fresh) {
            let prepared = &mut self.prepared;
            let old = match source {
                Source::Page(p) => std::mem::replace(&mut prepared.pages[p], new),
                Source::Section(s) => prepared.sections[s]
                    .replace(new)
                    .expect("sections with bodies"),
            };
            self.note_body_changes(source, &old, changes);
            relinked.actions |= match source {
                Source::Page(p) => self.prepared.pages[p].actions != old.actions,
                Source::Section(_) => false,
            };
            self.reindex_names(source, &old);
            let prepared = &mut self.prepared;
            let new = match source {
                Source::Page(p) => &prepared.pages[p],
                Source::Section(s) => prepared.sections[s].as_ref().expect("sections with bodies"),
            };
            let path = source.path(&prepared.site).to_owned();
            for target in prepared.graph.relink(source, &path, &old.links, &new.links) {
                let site = &prepared.site;
                if let Some(p) = site.page_at(&target) {
                    relinked.pages.push(p);
                    changes.insert(Read::Backlinks(Source::Page(p)));
                } else if let Some(s) = site.section_at(&target) {
                    changes.insert(Read::Backlinks(Source::Section(s)));
                }
            }
            if old.anchors != new.anchors {
                let linking = prepared.graph.backlinks(&path);
                relinked.recheck.extend(linking.iter().map(|b| b.source));
            }
            relinked.recheck.push(source);
            if let Source::Page(p) = source {
                let new = &prepared.pages[p];
                let touched = prepared.relatedness.relink(&prepared.site, p, new);
                relinked.rescore.extend(touched);
            }
        }
        relinked
    }

    /// Notes what the new body of `source` (in the model) changed from `old`.
    fn note_body_changes(&mut self, source: Source, old: &Rendered, changes: &mut BTreeSet<Read>) {
        let prepared = &mut self.prepared;
        let (new, doc) = match source {
            Source::Page(p) => (&prepared.pages[p], &prepared.site.pages[p].doc),
            Source::Section(s) => (
                prepared.sections[s].as_ref().expect("sections with bodies"),
                prepared.site.sections[s]
                    .index
                    .as_ref()
                    .expect("sections with bodies"),
            ),
        };
        // A summary written in the front matter hides the first paragraph.
        let summary_changed = doc.meta.summary.is_none() && old.summary != new.summary;
        let body_changed = old.html != new.html
            || old.toc != new.toc
            || old.words != new.words
            || old.summary != new.summary;
        let links_changed = !old
            .links
            .iter()
            .map(|l| &l.path)
            .eq(new.links.iter().map(|l| &l.path));
        match source {
            Source::Page(p) => {
                if body_changed {
                    changes.insert(Read::Page(p));
                }
                if summary_changed {
                    changes.insert(Read::Summary(p));
                }
                let (site, pages) = (&prepared.site, &prepared.pages);
                if links_changed
                    && prepared
                        .kind_links
                        .relink(site, p, &old.links, &pages[p].links)
                {
                    changes.insert(Read::KindLinks);
                }
            }
            Source::Section(s) => {
                if body_changed {
                    changes.insert(Read::Section(s));
                }
                if summary_changed {
                    changes.insert(Read::SectionSummary(s));
                }
            }
        }
    }

    /// Moves `source` in the indexes of wikilink names and embeds from what
    /// its `old` body wrote to what its new one does.
    fn reindex_names(&mut self, source: Source, old: &Rendered) {
        for name in &old.wiki_names {
            if let Some(sources) = self.named_in.get_mut(name) {
                sources.retain(|s| *s != source);
            }
        }
        for embedded in &old.embeds {
            if let Some(sources) = self.embedded_in.get_mut(embedded) {
                sources.retain(|s| *s != source);
            }
        }
        let prepared = &self.prepared;
        let new = match source {
            Source::Page(p) => &prepared.pages[p],
            Source::Section(s) => prepared.sections[s].as_ref().expect("sections with bodies"),
        };
        for name in &new.wiki_names {
            add_once(self.named_in.entry(name.clone()).or_default(), source);
        }
        for embedded in &new.embeds {
            add_once(
                self.embedded_in.entry(embedded.clone()).or_default(),
                source,
            );
        }
    }

    /// Checks the `#anchor` links of `sources` again, noting the bodies
    /// whose links to headings now read differently.
    fn recheck_anchors(&mut self, sources: &[Source], changes: &mut BTreeSet<Read>) {
        let prepared = &mut self.prepared;
        let bodies = Bodies {
            site: &prepared.site,
            pages: &prepared.pages,
            sections: &prepared.sections,
        };
        for &source in sources {
            let body_changed = prepared
                .graph
                .recheck(&bodies, source, prepared.broken_links);
            if body_changed {
                changes.insert(match source {
                    Source::Page(p) => Read::Page(p),
                    Source::Section(s) => Read::Section(s),
                });
            }
        }
    }

    /// Follows the site's actions again (a body's task list changed; they
    /// depend on nothing else a quick update can change), noting whether
    /// any list of them now reads differently.
    fn refollow_actions(&mut self, changes: &mut BTreeSet<Read>) {
        let prepared = &self.prepared;
        let actions = Actions::new(
            &prepared.site,
            &prepared.pages,
            &prepared.people,
            &prepared.names,
        );
        if actions != prepared.actions {
            self.prepared.actions = actions;
            changes.insert(Read::Actions);
        }
    }

    /// Scores the related pages of `pages` again, noting those that changed.
    fn rescore_related(&mut self, pages: &BTreeSet<PageId>, changes: &mut BTreeSet<Read>) {
        for &p in pages {
            let prepared = &self.prepared;
            let related = prepared
                .relatedness
                .related(&prepared.site, &prepared.site.links, p);
            if related != prepared.related[p] {
                self.prepared.related[p] = related;
                changes.insert(Read::Related(p));
            }
        }
    }

    /// Makes the shared entries of the pages in `sources` again (which
    /// files show them is in their reads).
    fn refresh_entries(&mut self, sources: &[Source]) {
        let input = self.prepared.render_input(self.today);
        for source in sources {
            if let Source::Page(p) = *source {
                self.entries.refresh(&input, p);
            }
        }
    }
}
