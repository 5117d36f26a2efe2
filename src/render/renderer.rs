//! The renderer of one output file, over what every file shares: the render
//! stage's input, the values converted once for all files (the site's
//! settings, every page's list entry, sidebars), and the base context every
//! template gets. The files beside it add one kind of output each.
//!
//! The parts of the model a quick update can change are read through the
//! accessors here, which note each [`Read`] for the preview server.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::linked::graph::{Backlink, Source};
use crate::linked::kindlinks::KindLinks;
use crate::linked::memory::{Entry, List};
use crate::model::site::{PageId, SectionId};
use crate::project::kinds::Kind;
use crate::urls;

use super::context::*;
use super::entries::PageEntries;
use super::input::*;
use super::reads::{Read, Reads};

/// Sidebars by (open section, block of its pages, folder of the page), each
/// with what it read.
type Sidebars = HashMap<(SectionId, usize, String), (tera::Value, Vec<Read>)>;

/// What every output file's renderer shares.
pub(super) struct Shared<'a> {
    pub(super) input: &'a RenderInput<'a>,
    /// Sidebars made so far, with what each read, by (open section, block
    /// of its pages, folder of the page); see [`Renderer::nav`].
    pub(super) nav_cache: Mutex<Sidebars>,
    /// The pages of each hover preview script, by its number.
    pub(super) preview_scripts: std::collections::BTreeMap<u32, Vec<crate::model::site::PageId>>,
    pub(super) site_context: SiteContext<'a>,
    /// `site_context`, converted once for all pages.
    pub(super) site_value: tera::Value,
    /// Every page's entries in lists and indexes, made once.
    pub(super) entries: Cow<'a, PageEntries>,
    /// Where Cairn's pages of the whole site are published.
    pub(super) addresses: super::addresses::Addresses,
}

/// The renderer of one output file: the shared values, and what this file
/// has read of them so far.
pub(super) struct Renderer<'s, 'a> {
    shared: &'s Shared<'a>,
    pub(super) reads: Reads,
}

impl<'a> Deref for Renderer<'_, 'a> {
    type Target = Shared<'a>;

    fn deref(&self) -> &Shared<'a> {
        self.shared
    }
}

impl<'s, 'a> Renderer<'s, 'a> {
    pub(super) fn new(shared: &'s Shared<'a>, reads: Reads) -> Renderer<'s, 'a> {
        Renderer { shared, reads }
    }
}

/// The accessors that note what they read.
impl<'a> Renderer<'_, 'a> {
    pub(super) fn note(&self, read: Read) {
        self.reads.note(read);
    }

    /// Page `p`'s title.
    pub(super) fn title(&self, p: PageId) -> &'a str {
        self.note(Read::Title(p));
        &self.input.site.pages[p].doc.meta.title
    }

    /// Page `p`'s summary: written in its front matter, or its first paragraph.
    pub(super) fn summary(&self, p: PageId) -> &'a str {
        self.note(Read::Summary(p));
        summary_of(&self.input.site.pages[p].doc, &self.input.pages[p])
    }

    /// A link to page `p`, by its title.
    pub(super) fn link_to(&self, p: PageId, root: &Here) -> Link {
        Link {
            title: self.title(p).to_owned(),
            href: root.href(&self.input.site.pages[p].path),
        }
    }

    /// A link to page `p` from a file at the site root, made once per page.
    pub(super) fn root_link(&self, p: PageId) -> tera::Value {
        self.note(Read::Title(p));
        self.entries.links[p].clone()
    }

    /// The pages of folder `s`, in order.
    pub(super) fn order(&self, s: SectionId) -> &'a [PageId] {
        self.note(Read::Order(s));
        &self.input.site.sections[s].pages
    }

    /// The day page `p` last changed, as its list entry shows it.
    pub(super) fn last_changed(&self, p: PageId) -> Option<String> {
        self.note(Read::Changed(p));
        self.input.site.pages[p].doc.last_changed()
    }

    /// The day every page last changed, by page id.
    pub(super) fn changed_days(
        &self,
    ) -> impl Iterator<Item = (PageId, Option<jiff::civil::Date>)> + '_ {
        let pages = &self.input.site.pages;
        pages.keys().map(move |p| {
            self.note(Read::Changed(p));
            (p, pages[p].doc.changed_on())
        })
    }

    /// How much the pages of each kind link to each other kind.
    pub(super) fn kind_links(&self) -> &'a KindLinks {
        self.note(Read::KindLinks);
        self.input.kind_links
    }

    /// The pages and folder pages linking to `target`.
    pub(super) fn backlinks_to(&self, target: Source) -> &'a [Backlink] {
        self.note(Read::Backlinks(target));
        self.input.graph.backlinks(target.path(self.input.site))
    }

    /// Page `p`'s related pages, best first.
    pub(super) fn related(&self, p: PageId) -> &'a [PageId] {
        self.note(Read::Related(p));
        &self.input.related[p]
    }

    /// The entries of one list of the Needs review report (their titles
    /// are read with [`Renderer::title`]).
    pub(super) fn review_list(&self, list: List) -> &'a [Entry] {
        self.note(Read::Review(list));
        self.input.memory.list(list)
    }
}

impl<'a> Renderer<'_, 'a> {
    pub(super) fn base_context(
        &self,
        path: &str,
        title: &str,
        description: &str,
    ) -> (tera::Context, Here) {
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("root", &urls::root_prefix(path));
        context.insert("title", title);
        context.insert("description", description);
        context.insert("current_path", path);
        (context, Here::Page(path.to_owned()))
    }

    pub(super) fn render(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.input.theme.render(template, context)
    }

    /// Page `id` as a list entry (see [`ListItem`]).
    pub(super) fn list_item(&self, id: PageId) -> tera::Value {
        self.note_list_item(id);
        self.entries.list[id].clone()
    }

    /// Notes what page `id`'s list entry shows that a save can change: its
    /// title, summary and day of change.
    pub(super) fn note_list_item(&self, id: PageId) {
        for read in [Read::Title(id), Read::Summary(id), Read::Changed(id)] {
            self.note(read);
        }
    }

    /// What a badge calls pages of `kind`: its label, else its name.
    pub(super) fn kind_label<'k>(&'k self, kind: &'k Kind) -> &'k str {
        self.input
            .kinds
            .get(kind.as_str())
            .map_or(kind.as_str(), |k| k.label.as_str())
    }

    /// The context of a page Cairn generates (roles, timeline, taxonomies,
    /// Needs review): the base context, the sidebar opened at the home page,
    /// and breadcrumbs from Home through `index` (title, output path), if any.
    pub(super) fn generated_context(
        &self,
        path: &str,
        title: &str,
        description: &str,
        index: Option<(&str, &str)>,
    ) -> (tera::Context, Here) {
        let (mut context, root) = self.base_context(path, title, description);
        context.insert("nav", &self.nav(SectionId::ROOT, path, &root));
        context.insert("breadcrumbs", &self.home_crumbs(&root, index));
        // A page of the knowledge base written at this address (a role's
        // profile in `roles/`, a tag's description in `tags/`) comes first.
        if let Some(id) = self.input.site.page_at(path) {
            self.note(Read::Page(id));
            let page = &self.input.site.pages[id];
            let rendered = &self.input.pages[id];
            context.insert(
                "intro",
                &self.page_context(&page.doc, rendered, path, &root),
            );
        }
        (context, root)
    }
}
