//! Stage 6, render: the whole site as a list of output files, in memory.
//!
//! Pure: values in ([`Site`], rendered Markdown, [`Theme`]), files out. For
//! every page and section it builds the template context — trust metadata
//! (kind, author, dates, review status), breadcrumbs, a bounded sidebar,
//! previous/next — and renders it with Tera. It also renders the home page,
//! tag pages, the 404 page, `sitemap.xml` and the Atom feed, and lists the
//! theme's static files and the content's assets. Page bodies are HTML made
//! by the Markdown stage and are inserted as values, never run as templates.

pub mod theme;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::content::frontmatter::Document;
use crate::content::history::ChangeSource;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::linked::graph::{LinkGraph, Source};
use crate::linked::localgraph;
use crate::linked::memory::{Entry, MemoryReport};
use crate::linked::timeline;
use crate::markdown::{Rendered, TocEntry};
use crate::model::people::People;
use crate::model::site::{SectionId, Site};
use crate::model::taxonomy::{self, Taxonomy};
use crate::output::{Contents, OutputFile};
use crate::project::config::Config;
use crate::project::kinds::Kinds;
use crate::project::taxonomies::TaxonomyKind;
use crate::render::theme::{Theme, ASSETS_DIR};
use crate::search;
use crate::urls;

/// Where the timeline is published.
pub const TIMELINE_PATH: &str = "timeline.html";

/// Where the index of roles is published.
pub const ROLES_INDEX: &str = "roles/index.html";

/// Where the map of the whole knowledge base is published.
pub const MAP_PATH: &str = "map.html";

/// The folder of the hover previews of pages.
pub const PREVIEWS_DIR: &str = "_previews";

/// Where the "Needs review" page is published.
pub const REVIEW_PATH: &str = "needs-review.html";

/// Most entries of one folder the sidebar shows before linking to the full list.
const NAV_LIMIT: usize = 15;
/// Entries in the home page's "recently updated" list.
const RECENT_LIMIT: usize = 10;
/// Days before `review_by` from which a page counts as "due soon".
const DUE_SOON_DAYS: i32 = 30;

/// Everything the render stage reads.
pub struct RenderInput<'a> {
    pub site: &'a Site,
    /// Rendered bodies of `site.pages`, same order.
    pub pages: &'a [Rendered],
    /// Rendered bodies of section index pages, same order as `site.sections`.
    pub sections: &'a [Option<Rendered>],
    /// Backlinks of every page.
    pub graph: &'a LinkGraph,
    /// What is overdue, without a successor, or orphaned.
    pub memory: &'a MemoryReport,
    /// Person pages by name, roles and who did what.
    pub people: &'a People,
    /// The guides of the induction path, in order.
    pub induction: &'a [usize],
    /// Related pages of every page, best first.
    pub related: &'a [Vec<usize>],
    /// Pages grouped by tag, agency, person and project.
    pub taxonomies: &'a [Taxonomy],
    /// Every dated event of the site, newest first.
    pub events: &'a [timeline::Event],
    pub theme: &'a Theme,
    pub config: &'a Config,
    pub kinds: &'a Kinds,
    pub assets: &'a [crate::content::load::Asset],
    /// The date review status is judged against.
    pub today: jiff::civil::Date,
}

#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    built: String,
    generator: &'static str,
    base_url: Option<&'a str>,
    /// Whether the site has search (`search` in the config).
    search: bool,
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    href: String,
    /// Output path of the entry, from the site root, to mark the current
    /// page (`item.path == current_path`); empty for "more" links.
    path: String,
    depth: usize,
    /// On the path from the home page to the current page.
    open: bool,
    is_section: bool,
    /// Pages below a section.
    count: Option<usize>,
    /// A "see all" link standing for entries left out.
    more: bool,
}

#[derive(Serialize)]
struct Fact {
    /// The front-matter key.
    name: String,
    label: String,
    text: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct Review {
    /// `overdue`, `due-soon` or `current`.
    status: &'static str,
    date: String,
    /// Days past (overdue) or left (due soon / current).
    days: i32,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    kind: &'a str,
    kind_label: String,
    href: String,
    source: &'a str,
    author: Option<&'a str>,
    date: Option<String>,
    updated: Option<String>,
    /// Where "last updated" came from: `front matter`, `git` or `file`.
    updated_from: Option<&'static str>,
    review: Option<Review>,
    tags: Vec<Link>,
    aliases: &'a [String],
    /// The agencies it concerns (`agency`, `partners`), to filter search by.
    agencies: Vec<&'a str>,
    summary: &'a str,
    toc: &'a [TocEntry],
    content: &'a str,
    words: usize,
    reading_minutes: usize,
    facts: Vec<Fact>,
    /// The author's person page, if there is one.
    author_href: Option<String>,
    /// For a glossary entry: what each agency calls it.
    synonyms: Vec<Synonym>,
    /// Every front-matter field, for custom templates.
    fields: &'a serde_json::Map<String, Value>,
    draft: bool,
}

/// A page as it appears in lists (section pages, tags, related pages, …).
/// Made once per page and shared by every list it appears in, so its link
/// is the output path from the site root: templates write
/// `{{ root }}{{ item.path }}`.
#[derive(Serialize)]
struct ListItem<'a> {
    /// Source path, a stable name for the page (used to remember reading progress).
    source: &'a str,
    title: &'a str,
    path: &'a str,
    kind: &'a str,
    kind_label: &'a str,
    author: Option<&'a str>,
    date: Option<String>,
    updated: Option<String>,
    summary: &'a str,
    review_overdue: bool,
}

/// Where a guide stands on the induction path.
#[derive(Serialize)]
struct Induction {
    /// 1-based.
    step: usize,
    steps: usize,
    prev: Option<Link>,
    next: Option<Link>,
    /// The home page's reading path.
    start: String,
}

/// A taxonomy, as templates see it.
#[derive(Serialize)]
struct TaxonomyContext {
    key: &'static str,
    label: &'static str,
    plural: &'static str,
    index: String,
}

impl TaxonomyContext {
    fn new(taxonomy: &Taxonomy, root: &Here) -> TaxonomyContext {
        TaxonomyContext {
            key: taxonomy.kind.dir(),
            label: taxonomy.kind.label(),
            plural: taxonomy.kind.plural(),
            index: root.href(&taxonomy.index_path()),
        }
    }
}

#[derive(Serialize)]
struct EventItem<'a> {
    date: String,
    what: &'a str,
    title: &'a str,
    href: String,
    kind: &'a str,
    kind_label: &'a str,
}

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    /// The anchor of the group on the page.
    id: String,
    entries: Vec<GlossaryItem>,
}

#[derive(Serialize)]
struct GlossaryItem {
    term: String,
    href: String,
    aliases: Vec<String>,
    synonyms: Vec<Synonym>,
    summary: String,
}

/// What one agency calls a glossary term.
#[derive(Serialize)]
struct Synonym {
    agency: String,
    terms: String,
}

#[derive(Serialize)]
struct PersonContext {
    wrote: Vec<tera::Value>,
    led: Vec<tera::Value>,
    received: Vec<tera::Value>,
    roles: Vec<TenureItem>,
}

#[derive(Serialize)]
struct TenureItem {
    role: String,
    href: String,
    from: Option<String>,
    until: Option<String>,
}

#[derive(Serialize)]
struct SuccessionStep {
    date: Option<String>,
    /// Who handed over (with their page's href, or empty if they have none).
    from: Option<Link>,
    to: Option<Link>,
    handover: Link,
    summary: String,
}

#[derive(Serialize)]
struct RoleItem {
    name: String,
    href: String,
    handovers: usize,
    current: Option<String>,
    since: Option<String>,
}

#[derive(Serialize)]
struct ReviewItem<'a> {
    title: &'a str,
    href: String,
    kind: &'a str,
    kind_label: &'a str,
    author: Option<&'a str>,
    detail: &'a str,
}

#[derive(Serialize)]
struct BacklinkItem<'a> {
    title: String,
    href: String,
    kind: &'a str,
    kind_label: &'a str,
    /// The sentence the link is written in.
    context: String,
}

#[derive(Serialize)]
struct SectionItem {
    title: String,
    href: String,
    count: usize,
    summary: String,
}

/// One output file to produce.
#[derive(Debug, Clone)]
pub enum Job {
    Page(usize),
    Section(SectionId),
    /// A term's page: taxonomy index, term index.
    Term(usize, usize),
    /// A taxonomy's index page.
    TermIndex(usize),
    /// A role's page, by index into the roles.
    Role(usize),
    RoleIndex,
    Timeline,
    NeedsReview,
    NotFound,
    Sitemap,
    Feed,
    /// The search page.
    Search,
    /// The index of titles searched when the site is opened from disk.
    SearchTitles,
    /// What a hover preview of a page shows.
    Preview(usize),
    /// The map of the whole knowledge base.
    Map,
    /// A theme static file, by name under `static/`.
    ThemeAsset(String),
    /// A content file copied as it is, by index into the assets.
    Asset(usize),
}

/// An output file that will be produced: where, from what, and how.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: String,
    /// What produces it, to name both sides when two files claim one path.
    pub origin: String,
    pub job: Job,
}

/// Renders a site one output file at a time, so files can be written as
/// soon as they are rendered.
pub struct SiteRenderer<'a> {
    renderer: Renderer<'a>,
}

impl<'a> SiteRenderer<'a> {
    pub fn new(input: &'a RenderInput<'a>) -> SiteRenderer<'a> {
        let entries = (0..input.site.pages.len())
            .into_par_iter()
            .map(|id| list_entry(input, id))
            .collect();
        SiteRenderer::with_entries(input, Cow::Owned(entries))
    }

    /// A renderer given every page's [`list_entry`], made earlier.
    pub fn with_entries(
        input: &'a RenderInput<'a>,
        list_items: Cow<'a, [tera::Value]>,
    ) -> SiteRenderer<'a> {
        let site_context = SiteContext {
            title: &input.config.title,
            description: &input.config.description,
            language: &input.config.language,
            built: input.today.to_string(),
            generator: concat!("Cairn ", env!("CARGO_PKG_VERSION")),
            base_url: input.config.base_url.as_deref(),
            search: input.config.search,
        };
        SiteRenderer {
            renderer: Renderer {
                input,
                site_value: tera::Value::from_serializable(&site_context),
                nav_cache: Mutex::default(),
                profiles: OnceLock::new(),
                site_context,
                list_items,
            },
        }
    }

    /// Every file of the output, in no particular order. An output path
    /// claimed twice is reported to `diagnostics`, naming both sources.
    pub fn plan(&self, diagnostics: &Diagnostics) -> Vec<Planned> {
        let input = self.renderer.input;
        let site = input.site;
        let mut plan: Vec<Planned> =
            Vec::with_capacity(site.pages.len() + site.sections.len() + 16);
        plan.extend(site.pages.iter().enumerate().map(|(id, page)| Planned {
            path: page.path.clone(),
            origin: format!("`{}`", page.doc.path.display()),
            job: Job::Page(id),
        }));
        plan.extend(
            site.sections
                .iter()
                .enumerate()
                .map(|(id, section)| Planned {
                    path: section.path.clone(),
                    origin: section.index.as_ref().map_or_else(
                        || format!("the folder `{}/`", section.dir),
                        |d| format!("`{}`", d.path.display()),
                    ),
                    job: Job::Section(id),
                }),
        );
        for (t, taxonomy) in input.taxonomies.iter().enumerate() {
            plan.extend(
                taxonomy
                    .terms
                    .iter()
                    .enumerate()
                    .filter(|(_, term)| term.page.is_none())
                    .map(|(i, term)| Planned {
                        path: taxonomy.term_path(&term.name),
                        origin: format!(
                            "the {} page for `{}`",
                            taxonomy.kind.label().to_lowercase(),
                            term.name
                        ),
                        job: Job::Term(t, i),
                    }),
            );
            plan.push(Planned {
                path: taxonomy.index_path(),
                origin: format!("the index of {}", taxonomy.kind.plural().to_lowercase()),
                job: Job::TermIndex(t),
            });
        }
        plan.extend(
            input
                .people
                .roles
                .iter()
                .enumerate()
                .map(|(i, role)| Planned {
                    path: role.path.clone(),
                    origin: format!("the page of the role “{}”", role.name),
                    job: Job::Role(i),
                }),
        );
        for (path, origin, job) in [
            (ROLES_INDEX, "the role index", Job::RoleIndex),
            (TIMELINE_PATH, "the timeline", Job::Timeline),
            (REVIEW_PATH, "the Needs review page", Job::NeedsReview),
            (MAP_PATH, "the map of the knowledge base", Job::Map),
            ("404.html", "the 404 page", Job::NotFound),
            ("sitemap.xml", "the sitemap", Job::Sitemap),
            ("atom.xml", "the Atom feed", Job::Feed),
        ]
        .into_iter()
        .chain(
            input
                .config
                .search
                .then_some([
                    (search::SEARCH_PAGE, "the search page", Job::Search),
                    (
                        search::TITLES_PATH,
                        "the index of titles",
                        Job::SearchTitles,
                    ),
                ])
                .into_iter()
                .flatten(),
        ) {
            plan.push(Planned {
                path: path.to_owned(),
                origin: origin.to_owned(),
                job,
            });
        }
        plan.extend(site.pages.iter().enumerate().map(|(id, page)| Planned {
            path: preview_path(&page.path),
            origin: format!("the preview of `{}`", page.doc.path.display()),
            job: Job::Preview(id),
        }));
        plan.extend(input.theme.assets.keys().map(|name| Planned {
            path: format!("{ASSETS_DIR}/{name}"),
            origin: format!("theme file `static/{name}`"),
            job: Job::ThemeAsset(name.clone()),
        }));
        plan.extend(input.assets.iter().enumerate().map(|(i, asset)| Planned {
            path: asset.rel.clone(),
            origin: format!("`{}`", asset.path.display()),
            job: Job::Asset(i),
        }));
        check_unique_paths(&plan, diagnostics);
        plan
    }

    /// Whether the file goes into the search index: content pages and the
    /// pages of folders that have an `_index.md`.
    pub fn is_searchable(&self, planned: &Planned) -> bool {
        match planned.job {
            Job::Page(_) => true,
            Job::Section(id) => self.renderer.input.site.sections[id].index.is_some(),
            _ => false,
        }
    }

    /// Produces one planned file.
    pub fn render(&self, planned: &Planned) -> Result<OutputFile, Diagnostic> {
        let r = &self.renderer;
        let text = |result: Result<String, Diagnostic>| result.map(Contents::Text);
        let contents = match &planned.job {
            Job::Page(id) => text(r.page(*id)),
            Job::Section(id) => text(r.section(*id)),
            Job::Term(t, i) => text(r.term(*t, *i)),
            Job::TermIndex(t) => text(r.term_index(*t)),
            Job::Role(i) => text(r.role(*i)),
            Job::RoleIndex => text(r.role_index()),
            Job::Timeline => text(r.timeline()),
            Job::NeedsReview => text(r.needs_review()),
            Job::NotFound => text(r.not_found()),
            Job::Sitemap => text(r.sitemap()),
            Job::Feed => text(r.feed()),
            Job::Search => text(r.search_page()),
            Job::SearchTitles => Ok(Contents::Text(r.search_titles())),
            Job::Preview(id) => Ok(Contents::Text(r.preview(*id))),
            Job::Map => text(r.map()),
            Job::ThemeAsset(name) => Ok(Contents::Bytes(r.input.theme.assets[name].clone())),
            Job::Asset(i) => Ok(Contents::Copy(r.input.assets[*i].path.clone())),
        }?;
        Ok(OutputFile {
            path: planned.path.clone(),
            contents,
            origin: planned.origin.clone(),
        })
    }
}

/// Where the hover preview of the page at `path` is published:
/// `handovers/a.html` → `_previews/handovers/a.js`.
pub fn preview_path(path: &str) -> String {
    let stem = path.strip_suffix(".html").unwrap_or(path);
    format!("{PREVIEWS_DIR}/{stem}.js")
}

/// Page `id` as the templates see it in every list of pages: title,
/// kind, author, dates, summary. A page whose entry changes must be shown
/// again wherever it is listed.
pub fn list_entry(input: &RenderInput, id: usize) -> tera::Value {
    tera::Value::from_serializable(&input.list_item(id))
}

/// The entries of a folder of `len` entries that the sidebar shows when
/// the entry at `current` is open (the first block if none is): all of
/// them, or the aligned block of [`NAV_LIMIT`] holding it.
pub fn nav_window(len: usize, current: Option<usize>) -> std::ops::Range<usize> {
    if len <= NAV_LIMIT {
        return 0..len;
    }
    let start = window_start(len, current.unwrap_or(0));
    start..start + NAV_LIMIT
}

/// Reports every output path claimed twice, naming both sources.
fn check_unique_paths(files: &[Planned], diagnostics: &Diagnostics) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for file in files {
        if let Some(first) = seen.insert(&file.path, &file.origin) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "two sources would be written to `{}`: {} and {}",
                    file.path, first, file.origin
                ))
                .help("rename one of them (a content folder must not be named like a generated page such as `tags/` or `_assets/`)"),
            );
        }
    }
}

struct Renderer<'a> {
    input: &'a RenderInput<'a>,
    /// Sidebars made so far, by (open section, block of its pages, folder
    /// of the page); see [`Renderer::nav`].
    nav_cache: Mutex<HashMap<(SectionId, usize, String), tera::Value>>,
    site_context: SiteContext<'a>,
    /// `site_context`, converted once for all pages.
    site_value: tera::Value,
    /// Every page as a list entry, by page id, converted once.
    list_items: Cow<'a, [tera::Value]>,
    /// Agency and project pages by (kind, normalised title, alias or
    /// short name); see [`Renderer::profile`].
    profiles: OnceLock<HashMap<(&'static str, String), usize>>,
}

impl<'a> Renderer<'a> {
    fn base_context(&self, path: &str, title: &str, description: &str) -> (tera::Context, Here) {
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("root", &urls::root_prefix(path));
        context.insert("title", title);
        context.insert("description", description);
        context.insert("current_path", path);
        (context, Here::Page(path.to_owned()))
    }

    fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.input.theme.render(template, context)
    }

    fn page(&self, id: usize) -> Result<String, Diagnostic> {
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
        context.insert("backlinks", &self.backlinks(&page.path, &root));
        context.insert("local_graph", &self.local_graph(id, &root));
        let related: Vec<tera::Value> = self.input.related[id]
            .iter()
            .map(|&p| self.list_item(p))
            .collect();
        context.insert("related", &related);
        if page.doc.kind == "person" {
            context.insert("person", &self.person(id, &root));
        }
        if let Some(step) = self.input.induction.iter().position(|&p| p == id) {
            let path = self.input.induction;
            let link = |i: Option<usize>| {
                i.and_then(|i| path.get(i)).map(|&p| Link {
                    title: site.pages[p].doc.meta.title.clone(),
                    href: root.href(&site.pages[p].path),
                })
            };
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
        if page.doc.kind == "project" {
            let events = timeline::project_events(site, self.input.graph, id);
            context.insert("project_timeline", &self.event_items(&events, &root));
        }
        let mut crumbs = self.breadcrumbs(page.section, &root);
        crumbs.push(Link {
            title: page.doc.meta.title.clone(),
            href: root.href(&page.path),
        });
        context.insert("breadcrumbs", &crumbs);
        let position = section.pages.iter().position(|&p| p == id).unwrap_or(0);
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| section.pages.get(i)).map(|&p| Link {
                title: site.pages[p].doc.meta.title.clone(),
                href: root.href(&site.pages[p].path),
            })
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

    fn section(&self, id: SectionId) -> Result<String, Diagnostic> {
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
        context.insert("nav", &self.nav(id, &section.path, &root));
        context.insert("backlinks", &self.backlinks(&section.path, &root));
        context.insert("breadcrumbs", &self.breadcrumbs(id, &root));
        let subsections: Vec<SectionItem> = section
            .children
            .iter()
            .map(|&c| self.section_item(c, &root))
            .collect();
        context.insert("subsections", &subsections);
        let pages: Vec<tera::Value> = section.pages.iter().map(|&p| self.list_item(p)).collect();
        context.insert("pages", &pages);
        if id == 0 {
            self.home(&mut context);
            return self.render("home.html", &context);
        }
        let glossary: Vec<usize> = section
            .pages
            .iter()
            .copied()
            .filter(|&p| site.pages[p].doc.kind == "glossary")
            .collect();
        if !glossary.is_empty() {
            context.insert("glossary", &self.glossary_index(&glossary, &root));
        }
        self.render("section.html", &context)
    }

    /// What the home page adds: where to start, what changed, what needs review.
    fn home(&self, context: &mut tera::Context) {
        let site = self.input.site;
        let start_here: Vec<tera::Value> = self
            .input
            .induction
            .iter()
            .map(|&id| self.list_item(id))
            .collect();
        context.insert("start_here", &start_here);

        let recent: Vec<tera::Value> = self
            .recently_changed(RECENT_LIMIT)
            .iter()
            .map(|&(_, id)| self.list_item(id))
            .collect();
        context.insert("recent", &recent);

        let overdue: Vec<tera::Value> = (0..site.pages.len())
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

    fn page_context<'p>(
        &self,
        doc: &'p Document,
        rendered: &'p Rendered,
        path: &str,
        root: &Here,
    ) -> PageContext<'p> {
        let kind = self.input.kinds.get(&doc.kind);
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
                ];
                let mut names: Vec<&str> = vec!["role", "agency"];
                names.extend(
                    k.fields
                        .iter()
                        .map(|(name, _)| name.as_str())
                        .filter(|n| *n != "role" && *n != "agency"),
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
            kind: &doc.kind,
            kind_label: kind.map_or_else(|| doc.kind.clone(), |k| k.label.clone()),
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
            content: &rendered.html,
            words: rendered.words,
            reading_minutes: rendered.reading_minutes(),
            facts: self.link_facts(facts, root),
            author_href: doc
                .meta
                .author
                .as_deref()
                .and_then(|name| self.input.people.person(name))
                .map(|id| root.href(&self.input.site.pages[id].path)),
            synonyms: synonyms(doc),
            fields: &doc.fields,
            draft: doc.meta.draft,
        }
    }

    fn review(&self, date: jiff::civil::Date) -> Review {
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

    /// Page `id` as a list entry (see [`ListItem`]).
    fn list_item(&self, id: usize) -> tera::Value {
        self.list_items[id].clone()
    }
}

impl<'a> RenderInput<'a> {
    fn list_item(&self, id: usize) -> ListItem<'_> {
        let input = self;
        let page = &input.site.pages[id];
        let doc = &page.doc;
        ListItem {
            source: &doc.rel,
            title: &doc.meta.title,
            path: &page.path,
            kind: &doc.kind,
            kind_label: input
                .kinds
                .get(&doc.kind)
                .map_or(doc.kind.as_str(), |k| k.label.as_str()),
            author: doc.meta.author.as_deref(),
            date: doc.meta.date.map(|d| d.to_string()),
            updated: doc.last_changed(),
            summary: summary_of(doc, &input.pages[id]),
            review_overdue: doc.meta.review_by.is_some_and(|d| d < input.today),
        }
    }
}

impl<'a> Renderer<'a> {
    /// The context of a page Cairn generates (roles, timeline, taxonomies,
    /// Needs review): the base context, the sidebar opened at the home page,
    /// and breadcrumbs from Home through `index` (title, output path), if any.
    fn generated_context(
        &self,
        path: &str,
        title: &str,
        description: &str,
        index: Option<(&str, &str)>,
    ) -> (tera::Context, Here) {
        let (mut context, root) = self.base_context(path, title, description);
        context.insert("nav", &self.nav(0, path, &root));
        context.insert("breadcrumbs", &self.home_crumbs(&root, index));
        (context, root)
    }

    /// Breadcrumbs of a generated page: Home, then optionally one index page
    /// (title and output path).
    fn home_crumbs(&self, root: &Here, index: Option<(&str, &str)>) -> Vec<Link> {
        let mut crumbs = vec![Link {
            title: "Home".into(),
            href: root.href("index.html"),
        }];
        if let Some((title, path)) = index {
            crumbs.push(Link {
                title: title.to_owned(),
                href: root.href(path),
            });
        }
        crumbs
    }

    /// The pages linking to the page at `path`, by title.
    fn backlinks(&self, path: &str, root: &Here) -> Vec<BacklinkItem<'_>> {
        let site = self.input.site;
        let mut items: Vec<BacklinkItem> = self
            .input
            .graph
            .backlinks(path)
            .iter()
            .map(|link| {
                let (doc, title, target) = match link.source {
                    Source::Page(id) => {
                        let page = &site.pages[id];
                        (&page.doc, page.doc.meta.title.clone(), &page.path)
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
                    kind: &doc.kind,
                    kind_label: self.kind_label(&doc.kind),
                    context: link.context.clone(),
                }
            })
            .collect();
        items.sort_by_cached_key(|item| item.title.to_lowercase());
        items
    }

    /// Links facts that name a person (`lead`, `handed_over_to`) to their
    /// page, and a handover's `role` to the role's page.
    fn link_facts(&self, mut facts: Vec<Fact>, root: &Here) -> Vec<Fact> {
        let people = self.input.people;
        for fact in &mut facts {
            if fact.href.is_some() {
                continue;
            }
            fact.href = match fact.name.as_str() {
                "lead" | "handed_over_to" => people
                    .person(&fact.text)
                    .map(|id| root.href(&self.input.site.pages[id].path)),
                "role" => people.role(&fact.text).map(|role| root.href(&role.path)),
                _ => None,
            };
        }
        facts
    }

    /// What a person page adds: what they wrote, led and were handed, and
    /// the roles they held.
    fn person(&self, id: usize, root: &Here) -> PersonContext {
        let people = self.input.people;
        let list = |pages: Option<&Vec<usize>>| -> Vec<tera::Value> {
            pages.map_or_else(Vec::new, |ids| {
                ids.iter().map(|&p| self.list_item(p)).collect()
            })
        };
        let roles = people
            .held
            .get(&id)
            .map(|tenures| {
                tenures
                    .iter()
                    .map(|t| {
                        let role = &people.roles[t.role];
                        TenureItem {
                            role: role.name.clone(),
                            href: root.href(&role.path),
                            from: t.from.map(|d| d.to_string()),
                            until: t.until.map(|d| d.to_string()),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        PersonContext {
            wrote: list(people.wrote.get(&id)),
            led: list(people.led.get(&id)),
            received: list(people.received.get(&id)),
            roles,
        }
    }

    fn role(&self, index: usize) -> Result<String, Diagnostic> {
        let role = &self.input.people.roles[index];
        let site = self.input.site;
        let (mut context, root) = self.generated_context(
            &role.path,
            &role.name,
            &format!("Who has held the role of {}", role.name),
            Some(("Roles", ROLES_INDEX)),
        );
        let person_link = |name: Option<&str>| -> Option<Link> {
            let name = name.filter(|n| !n.trim().is_empty())?;
            Some(Link {
                title: name.to_owned(),
                href: self
                    .input
                    .people
                    .person(name)
                    .map(|id| root.href(&site.pages[id].path))
                    .unwrap_or_default(),
            })
        };
        let steps: Vec<SuccessionStep> = role
            .handovers
            .iter()
            .map(|&id| {
                let doc = &site.pages[id].doc;
                SuccessionStep {
                    date: doc.meta.date.map(|d| d.to_string()),
                    from: person_link(doc.meta.author.as_deref()),
                    to: person_link(doc.fields.get("handed_over_to").and_then(Value::as_str)),
                    handover: Link {
                        title: doc.meta.title.clone(),
                        href: root.href(&site.pages[id].path),
                    },
                    summary: summary_of(doc, &self.input.pages[id]).to_owned(),
                }
            })
            .collect();
        context.insert("role", &role.name);
        context.insert("steps", &steps);
        context.insert("current", &steps.last().and_then(|s| s.to.clone()));
        self.render("role.html", &context)
    }

    fn role_index(&self) -> Result<String, Diagnostic> {
        let (mut context, root) = self.generated_context(
            ROLES_INDEX,
            "Roles",
            "Every role named in a handover, with its holders",
            None,
        );
        let site = self.input.site;
        let roles: Vec<RoleItem> = self
            .input
            .people
            .roles
            .iter()
            .map(|role| {
                let last = role.handovers.last().map(|&id| &site.pages[id].doc);
                RoleItem {
                    name: role.name.clone(),
                    href: root.href(&role.path),
                    handovers: role.handovers.len(),
                    current: last
                        .and_then(|d| d.fields.get("handed_over_to"))
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    since: last.and_then(|d| d.meta.date).map(|d| d.to_string()),
                }
            })
            .collect();
        context.insert("roles", &roles);
        self.render("roles.html", &context)
    }

    /// Glossary entries grouped by first letter, A–Z, each with its aliases
    /// and what each agency calls it.
    fn glossary_index(&self, ids: &[usize], root: &Here) -> Vec<LetterGroup> {
        let site = self.input.site;
        let mut entries: Vec<(String, GlossaryItem)> = ids
            .iter()
            .map(|&id| {
                let doc = &site.pages[id].doc;
                let term = doc
                    .fields
                    .get("term")
                    .and_then(Value::as_str)
                    .unwrap_or(&doc.meta.title)
                    .to_owned();
                let item = GlossaryItem {
                    term: term.clone(),
                    href: root.href(&site.pages[id].path),
                    aliases: doc.meta.aliases.clone(),
                    synonyms: synonyms(doc),
                    summary: summary_of(doc, &self.input.pages[id]).to_owned(),
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

    fn event_items<'e>(&'e self, events: &'e [timeline::Event], root: &Here) -> Vec<EventItem<'e>> {
        events
            .iter()
            .map(|event| {
                let page = &self.input.site.pages[event.page];
                EventItem {
                    date: event.date.to_string(),
                    what: &event.what,
                    title: &page.doc.meta.title,
                    href: root.href(&page.path),
                    kind: &page.doc.kind,
                    kind_label: self.kind_label(&page.doc.kind),
                }
            })
            .collect()
    }

    fn timeline(&self) -> Result<String, Diagnostic> {
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

    fn search_page(&self) -> Result<String, Diagnostic> {
        let (context, _) = self.generated_context(
            search::SEARCH_PAGE,
            "Search",
            "Search every page of the knowledge base",
            None,
        );
        self.render("search.html", &context)
    }

    fn search_titles(&self) -> String {
        let site = self.input.site;
        let entries: Vec<search::TitleEntry> = site
            .pages
            .iter()
            .zip(self.input.pages)
            .map(|(page, rendered)| {
                let doc = &page.doc;
                search::TitleEntry {
                    t: &doc.meta.title,
                    p: &page.path,
                    k: self.kind_label(&doc.kind),
                    a: &doc.meta.aliases,
                    g: &doc.meta.tags,
                    y: taxonomy::terms_of(TaxonomyKind::Agencies, doc),
                    s: summary_of(doc, rendered),
                }
            })
            .collect();
        search::titles_script(&entries)
    }

    /// A page's preview, as a script calling `cairnPreview(path, data)`:
    /// a script rather than data to fetch, so that previews work when the
    /// site is opened from disk too.
    fn preview(&self, id: usize) -> String {
        #[derive(Serialize)]
        struct Preview<'p> {
            title: &'p str,
            kind: &'p str,
            summary: &'p str,
            /// The first paragraph, when the summary is written separately.
            first: &'p str,
            author: Option<&'p str>,
            updated: Option<String>,
            overdue: bool,
        }
        let page = &self.input.site.pages[id];
        let doc = &page.doc;
        let rendered = &self.input.pages[id];
        let summary = summary_of(doc, rendered);
        let preview = Preview {
            title: &doc.meta.title,
            kind: self.kind_label(&doc.kind),
            summary,
            first: if summary == rendered.summary {
                ""
            } else {
                &rendered.summary
            },
            author: doc.meta.author.as_deref(),
            updated: doc.last_changed(),
            overdue: doc.meta.review_by.is_some_and(|d| d < self.input.today),
        };
        let json = serde_json::to_string(&preview).expect("previews serialise");
        let path = serde_json::to_string(&page.path).expect("paths serialise");
        format!("cairnPreview({path},{json});\n")
    }

    /// The pages page `id` links to and that link to it, laid out around it.
    fn local_graph(&self, id: usize, root: &Here) -> Option<localgraph::LocalGraph> {
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
                (
                    site.pages[p].doc.meta.title.as_str(),
                    site.pages[p].doc.kind.as_str(),
                )
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
        for backlink in self.input.graph.backlinks(own) {
            add(backlink.source.path(site), false);
        }
        localgraph::local(neighbours, |path| root.href(path))
    }

    /// Every page, by kind and then by folder, with an overview of how the
    /// kinds link to each other.
    fn map(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Folder<'m> {
            #[serde(skip)]
            section: usize,
            title: &'m str,
            href: String,
            pages: Vec<Link>,
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
        for page in &site.pages {
            let group = &mut groups[kind_of[page.doc.kind.as_str()]];
            let section = &site.sections[page.section];
            let link = Link {
                title: page.doc.meta.title.clone(),
                href: root.href(&page.path),
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
        for (page, rendered) in site.pages.iter().zip(self.input.pages) {
            let from = kind_of[page.doc.kind.as_str()];
            for link in &rendered.links {
                if let Some(to) = site.page_at(&link.path) {
                    let to = kind_of[site.pages[to].doc.kind.as_str()];
                    *links.entry((from.min(to), from.max(to))).or_default() += 1;
                }
            }
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

    fn kind_label<'k>(&'k self, kind: &'k str) -> &'k str {
        self.input
            .kinds
            .get(kind)
            .map_or(kind, |k| k.label.as_str())
    }

    fn section_item(&self, id: SectionId, root: &Here) -> SectionItem {
        let section = &self.input.site.sections[id];
        let summary = match (&section.index, &self.input.sections[id]) {
            (Some(doc), Some(rendered)) => summary_of(doc, rendered).to_owned(),
            _ => String::new(),
        };
        SectionItem {
            title: section.title.clone(),
            href: root.href(&section.path),
            count: section.total_pages,
            summary,
        }
    }

    fn breadcrumbs(&self, section: SectionId, root: &Here) -> Vec<Link> {
        self.input
            .site
            .ancestry(section)
            .into_iter()
            .map(|id| {
                let s = &self.input.site.sections[id];
                Link {
                    title: if id == 0 {
                        "Home".to_owned()
                    } else {
                        s.title.clone()
                    },
                    href: root.href(&s.path),
                }
            })
            .collect()
    }

    /// The sidebar: top-level sections, opened along the path to the current
    /// page. Each folder shows at most [`NAV_LIMIT`] entries around the
    /// current one, then a link to its full list, so the sidebar stays small
    /// however large the site is.
    ///
    /// The sidebar is the same for every page of a folder that falls in the
    /// same block of entries, so it is made once per (section, block,
    /// folder) and shared; templates mark the current entry themselves.
    fn nav(&self, current_section: SectionId, current_path: &str, root: &Here) -> tera::Value {
        let site = self.input.site;
        let pages = &site.sections[current_section].pages;
        let block = site
            .page_at(current_path)
            .and_then(|id| pages.iter().position(|&p| p == id))
            .map_or(0, |i| window_start(pages.len(), i));
        let folder = current_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let key = (current_section, block, folder.to_owned());
        if let Some(found) = self
            .nav_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return found;
        }
        let open = site.ancestry(current_section);
        let mut items = Vec::new();
        self.nav_level(0, 0, &open, current_path, root, &mut items);
        let value = tera::Value::from_serializable(&items);
        if let Ok(mut cache) = self.nav_cache.lock() {
            cache.insert(key, value.clone());
        }
        value
    }

    fn nav_level(
        &self,
        section: SectionId,
        depth: usize,
        open: &[SectionId],
        current_path: &str,
        root: &Here,
        items: &mut Vec<NavItem>,
    ) {
        let site = self.input.site;
        let s = &site.sections[section];
        let children = window(&s.children, |&c| open.contains(&c));
        for &child in &children.items {
            let c = &site.sections[child];
            let is_open = open.contains(&child);
            items.push(NavItem {
                title: c.title.clone(),
                href: root.href(&c.path),
                path: c.path.clone(),
                depth,
                open: is_open,
                is_section: true,
                count: Some(c.total_pages),
                more: false,
            });
            if is_open {
                self.nav_level(child, depth + 1, open, current_path, root, items);
            }
        }
        let pages = if section == 0 || open.contains(&section) {
            window(&s.pages, |&p| site.pages[p].path == current_path)
        } else {
            Window::default()
        };
        for &page in &pages.items {
            let p = &site.pages[page];
            items.push(NavItem {
                title: p.doc.meta.title.clone(),
                href: root.href(&p.path),
                path: p.path.clone(),
                depth,
                open: false,
                is_section: false,
                count: None,
                more: false,
            });
        }
        let left_out = children.left_out + pages.left_out;
        if left_out > 0 {
            items.push(NavItem {
                title: format!(
                    "{left_out} more in {}…",
                    if section == 0 { "Home" } else { &s.title }
                ),
                href: root.href(&s.path),
                path: String::new(),
                depth,
                open: false,
                is_section: false,
                count: None,
                more: true,
            });
        }
    }

    fn term(&self, taxonomy: usize, index: usize) -> Result<String, Diagnostic> {
        let taxonomy = &self.input.taxonomies[taxonomy];
        let taxonomy::Term { name, pages, .. } = &taxonomy.terms[index];
        let label = taxonomy.kind.label();
        let path = taxonomy.term_path(name);
        let (mut context, root) = self.generated_context(
            &path,
            &format!("{label}: {name}"),
            &format!("Pages for the {} {name}", label.to_lowercase()),
            Some((taxonomy.kind.plural(), &taxonomy.index_path())),
        );
        context.insert("taxonomy", &TaxonomyContext::new(taxonomy, &root));
        context.insert("term", name);
        // A person or agency with a page of their own: link to it.
        let profile = match taxonomy.kind {
            TaxonomyKind::People => self.input.people.person(name),
            TaxonomyKind::Agencies | TaxonomyKind::Projects => self.profile(name, taxonomy.kind),
            TaxonomyKind::Tags => None,
        };
        context.insert(
            "profile",
            &profile.map(|id| Link {
                title: self.input.site.pages[id].doc.meta.title.clone(),
                href: root.href(&self.input.site.pages[id].path),
            }),
        );
        let mut ids = pages.to_vec();
        let site = self.input.site;
        ids.sort_by_cached_key(|&p| site.pages[p].doc.meta.title.to_lowercase());
        let items: Vec<tera::Value> = ids.iter().map(|&p| self.list_item(p)).collect();
        context.insert("pages", &items);
        self.render("term.html", &context)
    }

    fn term_index(&self, taxonomy: usize) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct TermItem {
            name: String,
            count: usize,
            href: String,
        }
        let taxonomy = &self.input.taxonomies[taxonomy];
        let path = taxonomy.index_path();
        let plural = taxonomy.kind.plural();
        let (mut context, root) = self.generated_context(
            &path,
            plural,
            &format!(
                "Every {} in the knowledge base",
                taxonomy.kind.label().to_lowercase()
            ),
            None,
        );
        context.insert("taxonomy", &TaxonomyContext::new(taxonomy, &root));
        let terms: Vec<TermItem> = taxonomy
            .terms
            .iter()
            .map(|term| TermItem {
                name: term.name.clone(),
                count: term.pages.len(),
                href: root.href(&term.page.map_or_else(
                    || taxonomy.term_path(&term.name),
                    |id| self.input.site.pages[id].path.clone(),
                )),
            })
            .collect();
        context.insert("terms", &terms);
        self.render("terms.html", &context)
    }

    /// The page of the agency or project called `name`, by title, alias or
    /// short name.
    fn profile(&self, name: &str, kind: TaxonomyKind) -> Option<usize> {
        let page_kind = match kind {
            TaxonomyKind::Agencies => "agency",
            _ => "project",
        };
        self.profiles
            .get_or_init(|| profiles(self.input.site))
            .get(&(page_kind, crate::model::links::normalize_name(name)))
            .copied()
    }

    /// The `n` pages changed last, newest first (ties: later source path
    /// first), with the day each changed.
    fn recently_changed(&self, n: usize) -> Vec<(jiff::civil::Date, usize)> {
        let mut changed: Vec<(jiff::civil::Date, usize)> = self
            .input
            .site
            .pages
            .iter()
            .enumerate()
            .filter_map(|(id, p)| p.doc.changed_on().map(|d| (d, id)))
            .collect();
        let newest_first =
            |a: &(jiff::civil::Date, usize), b: &(jiff::civil::Date, usize)| b.cmp(a);
        if changed.len() > n && n > 0 {
            changed.select_nth_unstable_by(n - 1, newest_first);
        }
        changed.truncate(n);
        changed.sort_unstable_by(newest_first);
        changed
    }

    fn needs_review(&self) -> Result<String, Diagnostic> {
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
        let memory = self.input.memory;
        context.insert("overdue", &list(&memory.overdue));
        context.insert("no_successor", &list(&memory.no_successor));
        context.insert("orphans", &list(&memory.orphans));
        self.render("review.html", &context)
    }

    fn not_found(&self) -> Result<String, Diagnostic> {
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

    fn sitemap(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Entry {
            loc: String,
            lastmod: Option<String>,
        }
        let base = self
            .input
            .config
            .base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/').to_owned() + "/")
            .unwrap_or_default();
        let site = self.input.site;
        let clean = |path: &str| path.strip_suffix("index.html").unwrap_or(path).to_owned();
        let mut entries: Vec<Entry> = site
            .sections
            .iter()
            .map(|s| Entry {
                loc: format!("{base}{}", clean(&s.path)),
                lastmod: s.index.as_ref().and_then(Document::last_changed),
            })
            .collect();
        entries.extend(site.pages.iter().map(|p| Entry {
            loc: format!("{base}{}", clean(&p.path)),
            lastmod: p.doc.last_changed(),
        }));
        let mut context = tera::Context::new();
        context.insert("entries", &entries);
        self.render("sitemap.xml", &context)
    }

    fn feed(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Entry {
            title: String,
            href: String,
            id: String,
            updated: String,
            author: Option<String>,
            summary: String,
            kind_label: String,
        }
        let site = self.input.site;
        let base = self
            .input
            .config
            .base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/').to_owned() + "/");
        let changed = self.recently_changed(self.input.config.feed_limit);
        let entries: Vec<Entry> = changed
            .iter()
            .map(|(date, id)| {
                let page = &site.pages[*id];
                let href = format!("{}{}", base.as_deref().unwrap_or(""), page.path);
                let item = self.input.list_item(*id);
                Entry {
                    title: item.title.to_owned(),
                    id: match &base {
                        Some(_) => href.clone(),
                        None => format!("urn:cairn:{}", page.path),
                    },
                    href,
                    updated: format!("{date}T00:00:00Z"),
                    author: item.author.map(str::to_owned),
                    summary: item.summary.to_owned(),
                    kind_label: item.kind_label.to_owned(),
                }
            })
            .collect();
        let mut context = tera::Context::new();
        context.insert("site", &self.site_context);
        context.insert("entries", &entries);
        context.insert(
            "updated",
            &format!(
                "{}T00:00:00Z",
                changed.first().map_or(self.input.today, |c| c.0)
            ),
        );
        context.insert(
            "feed_id",
            &base.clone().unwrap_or_else(|| "urn:cairn:site".to_owned()),
        );
        context.insert("base_url", &base);
        self.render("atom.xml", &context)
    }
}

/// Where links are written from: a page (links relative to it), or a fixed
/// path prefix (for the 404 page, which is served at any address).
enum Here {
    Page(String),
    Prefix(String),
}

impl Here {
    /// The href from here to the output file `target`.
    fn href(&self, target: &str) -> String {
        match self {
            Here::Page(from) => urls::relative(from, target),
            Here::Prefix(prefix) => format!("{prefix}{target}"),
        }
    }
}

/// A bounded slice of a folder's entries: the block of [`NAV_LIMIT`] entries
/// that holds the one `is_current` picks (the first block if none).
#[derive(Default)]
struct Window<T> {
    items: Vec<T>,
    left_out: usize,
}

fn window<T: Copy>(all: &[T], is_current: impl Fn(&T) -> bool) -> Window<T> {
    let shown = nav_window(all.len(), all.iter().position(is_current));
    Window {
        left_out: all.len() - shown.len(),
        items: all[shown].to_vec(),
    }
}

/// Agency and project pages by (kind, normalised name), the first page
/// winning when two share a name.
fn profiles(site: &crate::model::site::Site) -> HashMap<(&'static str, String), usize> {
    let mut found = HashMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        let doc = &page.doc;
        let kind = match doc.kind.as_str() {
            "agency" => "agency",
            "project" => "project",
            _ => continue,
        };
        let names = std::iter::once(&doc.meta.title)
            .chain(&doc.meta.aliases)
            .map(String::as_str)
            .chain(doc.fields.get("short_name").and_then(Value::as_str));
        for name in names {
            found
                .entry((kind, crate::model::links::normalize_name(name)))
                .or_insert(id);
        }
    }
    found
}

/// Where the window of a folder of `len` entries starts for entry `current`:
/// blocks of [`NAV_LIMIT`], the last one ending with the folder.
fn window_start(len: usize, current: usize) -> usize {
    if len <= NAV_LIMIT {
        0
    } else {
        (current / NAV_LIMIT * NAV_LIMIT).min(len - NAV_LIMIT)
    }
}

fn summary_of<'d>(doc: &'d Document, rendered: &'d Rendered) -> &'d str {
    doc.meta.summary.as_deref().unwrap_or(&rendered.summary)
}

/// A glossary entry's `synonyms`, agency by agency, alphabetically.
fn synonyms(doc: &Document) -> Vec<Synonym> {
    let Some(Value::Object(map)) = doc.fields.get("synonyms") else {
        return Vec::new();
    };
    map.iter()
        .map(|(agency, terms)| Synonym {
            agency: agency.clone(),
            terms: match terms {
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.as_str().unwrap_or_default().to_owned(),
            },
        })
        .collect()
}

/// A front-matter field as a labelled fact for the page's details box.
fn fact(name: &str, value: &Value) -> Option<Fact> {
    let text = match value {
        Value::String(s) if !s.trim().is_empty() => s.clone(),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Array(items) => items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other
                        .as_str()
                        .map_or_else(|| other.to_string(), str::to_owned),
                };
                format!("{k}: {v}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        _ => return None,
    };
    let href = match name {
        "email" => Some(format!("mailto:{text}")),
        "phone" => Some(format!("tel:{}", text.replace(' ', ""))),
        "website" if urls::is_safe_url(&text) && urls::is_external(&text) => Some(text.clone()),
        _ => None,
    };
    let mut label = name.replace('_', " ");
    if let Some(first) = label.get(..1) {
        label = first.to_uppercase() + &label[1..];
    }
    Some(Fact {
        name: name.to_owned(),
        label,
        text,
        href,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_keeps_the_current_entry_in_view() {
        let all: Vec<usize> = (0..100).collect();
        for current in [0, 14, 15, 50, 90, 99] {
            let w = window(&all, |&i| i == current);
            assert_eq!(w.items.len(), NAV_LIMIT);
            assert!(w.items.contains(&current), "{current}");
        }
        let w = window(&all, |&i| i == 90);
        assert_eq!(w.left_out, 100 - NAV_LIMIT);
        let small: Vec<usize> = (0..3).collect();
        assert_eq!(window(&small, |_| false).items, small);
    }

    #[test]
    fn facts_are_labelled_and_linked() {
        let f = fact("handed_over_to", &Value::String("Ben".into())).unwrap();
        assert_eq!(
            (f.label.as_str(), f.text.as_str()),
            ("Handed over to", "Ben")
        );
        let f = fact("website", &Value::String("javascript:alert(1)".into())).unwrap();
        assert!(f.href.is_none());
        let f = fact("email", &Value::String("a@b.org".into())).unwrap();
        assert_eq!(f.href.as_deref(), Some("mailto:a@b.org"));
    }
}
