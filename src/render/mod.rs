//! Stage 6, render: the whole site as a list of output files, in memory.
//!
//! Pure: values in ([`RenderInput`]: the site, rendered bodies, the link
//! graph and reports, the [`Theme`](theme::Theme)), files out.
//! [`SiteRenderer::plan`] lists every output file as a [`Job`];
//! [`SiteRenderer::render`] makes one. For every page and section the
//! renderer builds the template context — trust metadata (kind, author,
//! dates, review status), breadcrumbs, a bounded sidebar, previous/next —
//! and renders it with Tera; it also renders the home page, taxonomy, role
//! and generated pages, the sitemap, the feed, previews and the index of
//! titles, and lists the theme's static files and the content's assets.
//! Page bodies are HTML made by the Markdown stage and are inserted as
//! values, never run as templates.
//!
//! What lists and indexes show of each page is made once ([`PageEntries`]).
//! What each file reads of the site is noted ([`Read`],
//! [`SiteRenderer::render_noting_reads`]) for `cairn serve`, which renders
//! again only the readers of what a save changed.

mod actions;
pub mod addresses;
mod context;
mod entries;
mod feeds;
mod generated;
mod input;
mod nav;
pub mod pack;
mod page;
mod paging;
mod people;
pub mod reads;
mod records;
mod renderer;
mod taxonomy;
pub mod theme;

use addresses::Addresses;
pub use entries::PageEntries;
pub use input::{RenderInput, PREVIEWS_DIR};
pub use paging::page_count;
pub use reads::Read;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::linked::memory::List;
use crate::model::site::{PageId, SectionId, Site};
use crate::output::{Contents, OutputFile};
use crate::render::theme::ASSETS_DIR;
use crate::search;
use context::SiteContext;
use reads::Reads;
use renderer::{Renderer, Shared};

/// One output file to produce.
#[derive(Debug, Clone)]
pub enum Job {
    Page(PageId),
    Section(SectionId),
    /// A term's page: taxonomy index, term index.
    Term(usize, usize),
    /// A taxonomy's index page.
    TermIndex(usize),
    /// A role's page, by index into the roles.
    Role(usize),
    /// A role's handover pack, by index into the roles.
    RolePack(usize),
    /// The induction path as one printable document.
    InductionPack,
    /// A folder's print view: its pages in one printable document.
    SectionPrint(SectionId),
    RoleIndex,
    /// A page of the timeline, from 0.
    Timeline(usize),
    /// The Needs review page.
    NeedsReview,
    /// A later page (from 1) of one list of the Needs review report.
    ReviewPage(List, usize),
    NotFound,
    Sitemap,
    Feed,
    /// The search page.
    Search,
    /// The index of titles searched when the site is opened from disk.
    SearchTitles,
    /// The hover previews of the pages whose addresses hash to one
    /// script ([`preview_path`]), by its number.
    Previews(u32),
    /// The map of the whole knowledge base.
    Map,
    /// The open actions of the whole knowledge base.
    Actions,
    /// The register of agreements, by renewal date.
    Agreements,
    /// The pages changed most recently, newest first.
    Changes,
    /// A theme static file, by name under `static/`.
    ThemeAsset(String),
    /// A content file copied as it is, by index into the assets.
    Asset(usize),
}

impl Job {
    /// Whether the file may be in the search index: pages and folders,
    /// and the role and tag pages that show a page of their own.
    pub fn may_be_searched(&self) -> bool {
        matches!(
            self,
            Job::Page(_) | Job::Section(_) | Job::Role(_) | Job::Term(..)
        )
    }

    /// Whether the file is a single-file document made of many pages (a
    /// handover pack, the induction pack, a print view): the slowest files
    /// to make, and ones nobody reads while writing, so `cairn serve`
    /// makes them after telling open pages to reload.
    pub fn is_document(&self) -> bool {
        matches!(
            self,
            Job::RolePack(_) | Job::InductionPack | Job::SectionPrint(_)
        )
    }
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
    shared: Shared<'a>,
    /// Whether each file's reads are noted ([`SiteRenderer::noting_reads`]).
    record: bool,
}

impl<'a> SiteRenderer<'a> {
    pub fn new(input: &'a RenderInput<'a>) -> SiteRenderer<'a> {
        SiteRenderer::with_entries(input, Cow::Owned(PageEntries::new(input)))
    }

    /// A renderer given every page's entries, made earlier.
    pub fn with_entries(
        input: &'a RenderInput<'a>,
        entries: Cow<'a, PageEntries>,
    ) -> SiteRenderer<'a> {
        let addresses = Addresses::new(input.site);
        let site_context = SiteContext {
            title: &input.config.title,
            description: &input.config.description,
            language: &input.config.language,
            built: input.today.to_string(),
            generator: concat!("Cairn ", env!("CARGO_PKG_VERSION")),
            base_url: input.config.base_url.as_deref(),
            search: input.config.search,
            cairn_pages: addresses.clone(),
        };
        SiteRenderer {
            shared: Shared {
                input,
                site_value: tera::Value::from_serializable(&site_context),
                nav_cache: Mutex::default(),
                preview_scripts: previews_by_script(input.site),
                site_context,
                entries,
                addresses,
            },
            record: false,
        }
    }

    /// The same renderer, noting what each file reads of the site (see
    /// [`Read`]) for [`SiteRenderer::render_noting_reads`].
    pub fn noting_reads(mut self) -> SiteRenderer<'a> {
        self.record = true;
        self
    }

    /// Every file of the output, in no particular order. An output path
    /// claimed twice is reported to `diagnostics`, naming both sources.
    pub fn plan(&self, diagnostics: &Diagnostics) -> Vec<Planned> {
        let input = self.shared.input;
        let site = input.site;
        let addresses = &self.shared.addresses;
        for moved in addresses.moved() {
            diagnostics.push(
                Diagnostic::warning(
                    Code::OutputGeneratedPageMoved,
                    format!(
                        "your page is published at `{}`, so Cairn's {} moves to `{}`; the site's menu leads there",
                        moved.from, moved.what, moved.to
                    ),
                )
                .help("nothing to do if that is what you want; otherwise rename your page"),
            );
        }
        let mut plan: Vec<Planned> =
            Vec::with_capacity(site.pages.len() + site.sections.len() + 16);
        plan.extend(site.pages.iter_enumerated().map(|(id, page)| Planned {
            path: page.path.clone(),
            origin: format!("`{}`", page.doc.path.display()),
            job: Job::Page(id),
        }));
        plan.extend(
            site.sections
                .iter_enumerated()
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
        plan.extend(
            input
                .people
                .roles
                .iter()
                .enumerate()
                .map(|(i, role)| Planned {
                    path: pack::role_pack_path(&role.path),
                    origin: format!("the handover pack of the role “{}”", role.name),
                    job: Job::RolePack(i),
                }),
        );
        plan.extend(
            site.sections
                .iter_enumerated()
                .filter(|(_, section)| section.total_pages > 0)
                .map(|(id, section)| Planned {
                    path: pack::print_path(&section.path),
                    origin: format!("the print view of the folder `{}/`", section.dir),
                    job: Job::SectionPrint(id),
                }),
        );
        if !input.induction.is_empty() {
            plan.push(Planned {
                path: addresses.induction_pack.clone(),
                origin: "the induction pack".to_owned(),
                job: Job::InductionPack,
            });
        }
        for (path, origin, job) in [
            (addresses.roles.as_str(), "the role index", Job::RoleIndex),
            (
                addresses.review.as_str(),
                "the Needs review page",
                Job::NeedsReview,
            ),
            (
                addresses.map.as_str(),
                "the map of the knowledge base",
                Job::Map,
            ),
            (
                addresses.actions.as_str(),
                "the list of open actions",
                Job::Actions,
            ),
            (
                addresses.agreements.as_str(),
                "the register of agreements",
                Job::Agreements,
            ),
            (
                addresses.changes.as_str(),
                "the page of recent changes",
                Job::Changes,
            ),
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
                    (addresses.search.as_str(), "the search page", Job::Search),
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
        plan.extend(
            (0..paging::page_count(input.events.len())).map(|page| Planned {
                path: addresses.timeline_page(page),
                origin: format!("page {} of the timeline", page + 1),
                job: Job::Timeline(page),
            }),
        );
        for list in List::ALL {
            let pages = paging::page_count(input.memory.list(list).len());
            plan.extend((1..pages).map(|page| Planned {
                path: addresses.review_page(list, page),
                origin: format!(
                    "page {} of the Needs review list `{}`",
                    page + 1,
                    list.slug()
                ),
                job: Job::ReviewPage(list, page),
            }));
        }
        plan.extend(
            self.shared
                .preview_scripts
                .iter()
                .map(|(&file, pages)| Planned {
                    path: previews_script(file),
                    origin: format!("the hover previews of {} pages", pages.len()),
                    job: Job::Previews(file),
                }),
        );
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
        yield_to_authors(&mut plan, site, diagnostics);
        check_unique_paths(&plan, diagnostics);
        plan
    }

    /// How many pages a document holds at most (a handover pack, the
    /// induction pack, a print view); 0 for any other file. The documents
    /// are the slowest files to make, each one long job: a build starts
    /// the longest first, so that none is left to run alone at the end.
    pub fn document_pages(&self, job: &Job) -> usize {
        let input = self.shared.input;
        match *job {
            Job::RolePack(i) => {
                let role = &input.people.roles[i];
                role.handovers.len().min(pack::MOST_PRINTED)
                    + usize::from(role.profile.is_some())
                    + role.holders.len()
            }
            Job::InductionPack => input.induction.len(),
            Job::SectionPrint(id) => input.site.sections[id].total_pages.min(pack::MOST_PRINTED),
            _ => 0,
        }
    }

    /// Whether the file goes into the search index: content pages and the
    /// pages of folders that have an `_index.md`.
    pub fn is_searchable(&self, planned: &Planned) -> bool {
        let site = self.shared.input.site;
        match planned.job {
            Job::Page(_) => true,
            Job::Section(id) => site.sections[id].index.is_some(),
            Job::Role(_) | Job::Term(..) => site.page_at(&planned.path).is_some(),
            _ => false,
        }
    }

    /// The search record of a planned file, if it goes into the search
    /// index (see [`SiteRenderer::is_searchable`]), given its body's search
    /// text (see [`SiteRenderer::search_text`]).
    pub fn search_record(
        &self,
        planned: &Planned,
        body: &[crate::search::page::Piece],
    ) -> Option<crate::search::page::Record> {
        // A role's or tag's page with the author's page on top is found
        // as that page.
        let job = match planned.job {
            Job::Role(_) | Job::Term(..) => {
                Job::Page(self.shared.input.site.page_at(&planned.path)?)
            }
            ref job => job.clone(),
        };
        Renderer::new(&self.shared, Reads::off()).search_record(&job, body)
    }

    /// The search text of the body a planned file shows, as the Markdown
    /// stage kept it (empty for files with no body of their own).
    pub fn search_text(&self, planned: &Planned) -> Vec<crate::search::page::Piece> {
        let input = self.shared.input;
        let packed = match planned.job {
            Job::Page(id) => Some(&input.pages[id].search_text),
            Job::Section(id) => input.sections[id].as_ref().map(|r| &r.search_text),
            Job::Role(_) | Job::Term(..) => input
                .site
                .page_at(&planned.path)
                .map(|id| &input.pages[id].search_text),
            _ => None,
        };
        packed.map(|p| p.unpack()).unwrap_or_default()
    }

    /// Produces one planned file.
    pub fn render(&self, planned: &Planned) -> Result<OutputFile, Diagnostic> {
        self.render_with(planned, Reads::off())
    }

    /// Produces one planned file, and what it read of the site, each once
    /// and sorted (nothing unless made with [`SiteRenderer::noting_reads`]).
    pub fn render_noting_reads(
        &self,
        planned: &Planned,
    ) -> Result<(OutputFile, Vec<Read>), Diagnostic> {
        let reads = if self.record {
            Reads::recording()
        } else {
            Reads::off()
        };
        let r = Renderer::new(&self.shared, reads);
        let file = r.file(planned)?;
        Ok((file, r.reads.into_sorted()))
    }

    fn render_with(&self, planned: &Planned, reads: Reads) -> Result<OutputFile, Diagnostic> {
        Renderer::new(&self.shared, reads).file(planned)
    }
}

impl Renderer<'_, '_> {
    /// Renders one planned file.
    fn file(&self, planned: &Planned) -> Result<OutputFile, Diagnostic> {
        let r = self;
        let text = |result: Result<String, Diagnostic>| result.map(Contents::Text);
        let contents = match &planned.job {
            Job::Page(id) => text(r.page(*id)),
            Job::Section(id) => text(r.section(*id)),
            Job::Term(t, i) => text(r.term(*t, *i)),
            Job::TermIndex(t) => text(r.term_index(*t)),
            Job::Role(i) => text(r.role(*i)),
            Job::RoleIndex => text(r.role_index()),
            Job::RolePack(i) => text(r.role_pack(*i, &planned.path)),
            Job::InductionPack => text(r.induction_pack(&planned.path)),
            Job::SectionPrint(id) => text(r.section_print(*id, &planned.path)),
            Job::Timeline(page) => text(r.timeline(*page)),
            Job::NeedsReview => text(r.needs_review(None)),
            Job::ReviewPage(list, page) => text(r.needs_review(Some((*list, *page)))),
            Job::NotFound => text(r.not_found()),
            Job::Sitemap => text(r.sitemap()),
            Job::Feed => text(r.feed()),
            Job::Search => text(r.search_page()),
            Job::SearchTitles => Ok(Contents::Text(r.search_titles())),
            Job::Previews(file) => Ok(Contents::Text(r.previews(&r.preview_scripts[file]))),
            Job::Map => text(r.map()),
            Job::Actions => text(r.actions_page()),
            Job::Agreements => text(r.agreements_page()),
            Job::Changes => text(r.changes_page()),
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

/// The pages of each preview script that has any, in page order.
fn previews_by_script(site: &Site) -> BTreeMap<u32, Vec<PageId>> {
    let mut scripts: BTreeMap<u32, Vec<PageId>> = BTreeMap::new();
    for (id, page) in site.pages.iter_enumerated() {
        scripts
            .entry(preview_script(&page.path))
            .or_default()
            .push(id);
    }
    scripts
}

/// How many scripts the hover previews are spread over. One script per
/// page made a third of a 10,000-page site's files (half a kilobyte each),
/// and creating files is much of a build's time; grouped, a reader's first
/// hover over a link loads the previews of a few pages at once (about 20
/// at 10,000 pages, some 12 kilobytes).
const PREVIEW_SCRIPTS: u32 = 512;

/// The number of the script holding the preview of the page at `path`
/// (from the site root): the 32-bit FNV-1a hash of its UTF-8 bytes, modulo
/// [`PREVIEW_SCRIPTS`]. The theme's `preview.js` works it out the same way.
fn preview_script(path: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in path.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % PREVIEW_SCRIPTS
}

/// Where preview script `file` is published: `_cairn/previews/` and its
/// number in three hexadecimal digits (`_cairn/previews/1a7.js`).
fn previews_script(file: u32) -> String {
    format!("{PREVIEWS_DIR}/{file:03x}.js")
}

/// Where the hover preview of the page at `path` is published.
pub fn preview_path(path: &str) -> String {
    previews_script(preview_script(path))
}

/// Settles addresses a page of the knowledge base and a page Cairn
/// generates both want, saying so once each. A role's page (`roles/x.md`)
/// or a tag's (`tags/x.md`) is written at the top of Cairn's page for the
/// role or tag. Otherwise a Markdown page wins (a `404.md`, a folder's
/// `_index.md`): Cairn's page is left out. A file copied as it is does not
/// (a folder's `index.html` in a Jekyll or Hugo tree is a template of that
/// generator, not a page): it is left out. Cairn's internal files, all
/// under `_cairn/` (the theme's files, previews, the search index), are not
/// given up; a clash with them stays an error.
fn yield_to_authors(plan: &mut Vec<Planned>, site: &Site, diagnostics: &Diagnostics) {
    let written = |job: &Job| match job {
        Job::Page(_) => true,
        Job::Section(id) => site.sections[*id].index.is_some(),
        _ => false,
    };
    let internal = |job: &Job| {
        matches!(
            job,
            Job::ThemeAsset(_) | Job::Previews(_) | Job::SearchTitles
        )
    };
    let generated = |job: &Job| !written(job) && !internal(job) && !matches!(job, Job::Asset(_));
    let pages: BTreeMap<&str, &str> = plan
        .iter()
        .filter(|p| written(&p.job))
        .map(|p| (p.path.as_str(), p.origin.as_str()))
        .collect();
    let made: BTreeMap<&str, &Planned> = plan
        .iter()
        .filter(|p| generated(&p.job) && !pages.contains_key(p.path.as_str()))
        .map(|p| (p.path.as_str(), p))
        .collect();
    let describe = |planned: &Planned| match planned.job {
        Job::Section(_) => format!("the page listing {}", planned.origin),
        _ => planned.origin.clone(),
    };
    // A role's or a tag's page takes in the author's page at its address.
    let takes_in = |job: &Job| matches!(job, Job::Role(_) | Job::Term(..));
    let taken_in: BTreeSet<&str> = plan
        .iter()
        .filter(|p| takes_in(&p.job) && pages.contains_key(p.path.as_str()))
        .map(|p| p.path.as_str())
        .collect();
    // A folder named like a folder of Cairn's (`roles/`, `tags/`) with no
    // index page of its own: Cairn's index (of roles, of tags) is its page.
    let cairns_pages: BTreeMap<&str, &Planned> = plan
        .iter()
        .filter(|p| generated(&p.job) && !matches!(p.job, Job::Section(_)))
        .map(|p| (p.path.as_str(), p))
        .collect();
    let mut left_out = Vec::new();
    for (i, planned) in plan.iter().enumerate() {
        if matches!(planned.job, Job::Page(_)) && taken_in.contains(planned.path.as_str()) {
            left_out.push(i);
        } else if let (Job::Section(id), Some(cairns)) =
            (&planned.job, cairns_pages.get(planned.path.as_str()))
        {
            if generated(&planned.job) {
                let folder = &site.sections[*id];
                let elsewhere: Vec<&str> = folder
                    .pages
                    .iter()
                    .map(|&p| site.pages[p].path.as_str())
                    .filter(|path| !taken_in.contains(path))
                    .collect();
                if !elsewhere.is_empty() {
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::OutputGeneratedPageLeftOut,
                            format!(
                                "the folder `{}/` is not listed at `{}`, where Cairn writes {}; its pages that are no role's or tag's page ({}) are published but listed nowhere",
                                folder.dir,
                                planned.path,
                                describe(cairns),
                                elsewhere.join(", ")
                            ),
                        )
                        .help("move them to another folder, or give the folder an index page of its own"),
                    );
                }
                left_out.push(i);
            }
        } else if takes_in(&planned.job) {
            // Written with the author's page on top.
        } else if generated(&planned.job) {
            if let Some(page) = pages.get(planned.path.as_str()) {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::OutputGeneratedPageLeftOut,
                        format!(
                            "{page} is published at `{}`, where Cairn would write {}; yours is kept and Cairn's is left out",
                            planned.path,
                            describe(planned)
                        ),
                    )
                    .help("nothing to do if that is what you want; otherwise rename your file or folder"),
                );
                left_out.push(i);
            }
        } else if let (Job::Asset(_), Some(cairns)) =
            (&planned.job, made.get(planned.path.as_str()))
        {
            diagnostics.push(
                Diagnostic::warning(
                    Code::OutputGeneratedPageLeftOut,
                    format!(
                        "{} is not copied: Cairn writes {} at `{}`",
                        planned.origin,
                        describe(cairns),
                        planned.path
                    ),
                )
                .help("to publish your own page there, write it in Markdown; or rename the file"),
            );
            left_out.push(i);
        }
    }
    for i in left_out.into_iter().rev() {
        plan.remove(i);
    }
}

/// Reports every output path claimed twice, naming both sources.
fn check_unique_paths(files: &[Planned], diagnostics: &Diagnostics) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for file in files {
        if let Some(first) = seen.insert(&file.path, &file.origin) {
            diagnostics.push(
                Diagnostic::error(Code::OutputPathClaimedTwice, format!(
                    "two sources would be written to `{}`: {} and {}",
                    file.path, first, file.origin
                ))
                .help("rename one of them (no content folder may be named `_cairn/`, where Cairn keeps its own files)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_are_grouped_by_the_fnv_1a_hash_of_the_address() {
        // FNV-1a (32 bits) of "" is 0x811c9dc5 and of "a" 0xe40c292c; the
        // theme's preview.js must find the same scripts.
        assert_eq!(preview_script(""), 0x811c_9dc5 % PREVIEW_SCRIPTS);
        assert_eq!(preview_script("a"), 0xe40c_292c % PREVIEW_SCRIPTS);
        assert_eq!(preview_path("a"), "_cairn/previews/12c.js");
        // Multi-byte characters hash as their UTF-8 bytes.
        assert_ne!(preview_script("café.html"), preview_script("cafe.html"));
        assert_eq!(
            preview_path("x/y.html").len(),
            "_cairn/previews/000.js".len()
        );
    }
}
