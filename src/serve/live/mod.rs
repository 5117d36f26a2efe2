//! The site kept in memory by `cairn serve`, brought up to date when files
//! change.
//!
//! [`LiveSite::update`] first tries the quick way. When the only changes are
//! to the text or the title of existing pages, it re-parses those pages,
//! renders again the bodies that depend on them (pages that embed them, and
//! pages whose wikilinks name the old or the new title, since those links may
//! break or mend), updates backlinks, anchor checks, related pages and the
//! Needs review report, and notes each fact of the model that now reads
//! differently ([`Read`]: a title, a summary, a day of change, a body, links,
//! backlinks, related pages, a folder's order, the report). Every output file
//! noted what it read when it was rendered; the files that read a changed
//! fact, and only those, are rendered again. Nothing here knows which file
//! shows what.
//!
//! Anything else — a page added, deleted or renamed, front matter other than
//! the title, a section page, the glossary, a person, agency or project page
//! retitled, the config, the theme, a copied file — rebuilds everything, as
//! `cairn build` would but without writing. Both ways give the same files;
//! the tests compare them.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, BuildOptions, Laps, Mode, Prepared};
use crate::content::frontmatter::Document;
use crate::content::history::ChangeSource;
use crate::content::load;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::linked::graph::Source;
use crate::markdown::Rendered;
use crate::model::links::LinkIndex;
use crate::model::site::PageId;
use crate::output::OutputFile;
use crate::render::{PageEntries, Planned, Read, SiteRenderer};
use crate::search::page::Record;

use readers::Readers;

mod readers;
mod update;

/// More changed pages than this at once (a branch switched, a folder
/// copied in) are rebuilt from scratch.
const MOST_PAGES_AT_ONCE: usize = 20;

/// The outcome of [`LiveSite::update`].
#[derive(Debug)]
pub struct Rebuilt {
    /// The files to serve, or `None` when the knowledge base has errors
    /// (the last good files should stay served).
    pub files: Option<Files>,
    /// The search records of the files in `files` that belong in the
    /// search index, by their rank in the plan (empty when the site has no
    /// search).
    pub searchable: Vec<(usize, Record)>,
    /// Problems of the site as it now is, sorted: after a full rebuild
    /// every error and warning; after a quick update every error and the
    /// warnings of the files that changed.
    pub diagnostics: Vec<Diagnostic>,
    /// How many warnings the whole site has.
    pub warnings: usize,
    /// Whether everything was rebuilt (rather than only what changed).
    pub full: bool,
    /// How long each step took, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// The files that took longest to render, slowest first (at most
    /// [`SLOWEST_SHOWN`]).
    pub slowest: Vec<(String, Duration)>,
    /// Output paths of the documents of many pages (packs, print views)
    /// left for [`LiveSite::catch_up`], after open pages reload.
    pub later: Vec<String>,
}

/// How many of the slowest files an update reports.
pub const SLOWEST_SHOWN: usize = 3;

impl Rebuilt {
    /// A quick update that found errors: nothing new to serve.
    fn quick_failure(diagnostics: Vec<Diagnostic>, warnings: usize) -> Rebuilt {
        Rebuilt {
            files: None,
            searchable: Vec::new(),
            diagnostics: sorted(diagnostics),
            full: false,
            warnings,
            stages: Vec::new(),
            slowest: Vec::new(),
            later: Vec::new(),
        }
    }
}

/// What to serve after a rebuild.
#[derive(Debug)]
pub enum Files {
    /// The whole site: replace everything served.
    All(Vec<OutputFile>),
    /// Only these files changed: replace them, keep the rest.
    Changed(Vec<OutputFile>),
}

/// A knowledge base built in memory, ready to be updated.
pub struct LiveSite {
    root: PathBuf,
    options: BuildOptions,
    /// The site as last built, if it could be built at all.
    model: Option<Model>,
    /// Files that could not be read or parsed last time: they are looked at
    /// again on every update, until they are fixed.
    broken: BTreeSet<PathBuf>,
}

/// Everything a build made, kept so that a change can be applied to it.
struct Model {
    prepared: Prepared,
    /// What lists and indexes show of every page, kept up to date.
    entries: PageEntries,
    /// The day review dates are judged against.
    today: jiff::civil::Date,
    /// Every output file.
    plan: Vec<Planned>,
    /// What each file of the plan read when it was last rendered.
    readers: Readers,
    /// The content folder, resolved, to tell which page a changed file is.
    content_dir: PathBuf,
    /// Diagnostics of the stages before page bodies (config, front matter,
    /// site model, people, induction).
    base: Vec<Diagnostic>,
    /// Wikilink name → sources whose bodies write it.
    named_in: HashMap<String, Vec<Source>>,
    /// Output path → sources whose bodies embed it.
    embedded_in: HashMap<String, Vec<Source>>,
    /// Name in `related:` front matter → pages naming it.
    related_named: HashMap<String, Vec<PageId>>,
    /// The files served lag behind the model (a build with errors was not
    /// served): the next good update sends every file.
    unserved: bool,
    /// Documents of many pages (packs, print views) to render again once
    /// the pages are served: see [`LiveSite::catch_up`].
    pending: BTreeSet<usize>,
}

/// Why the quick way cannot be taken.
enum Quick {
    /// Rebuild everything instead.
    Full,
    /// The changed file has errors; the model is untouched.
    Errors(Vec<Diagnostic>),
}

impl LiveSite {
    /// Builds the knowledge base at `root` in memory.
    pub fn build(root: &Path, options: BuildOptions) -> (LiveSite, Rebuilt) {
        let mut live = LiveSite {
            root: root.to_path_buf(),
            options,
            model: None,
            broken: BTreeSet::new(),
        };
        let mut rebuilt = live.rebuild_all();
        rebuilt.later = live.pending_paths();
        (live, rebuilt)
    }

    /// Brings the site up to date with the files at `changed` (absolute
    /// paths, as the file watcher reports them).
    pub fn update(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let mut laps = Laps::start();
        let mut rebuilt = self.apply(changed, &mut laps);
        if !rebuilt.full {
            rebuilt.stages = laps.laps;
        }
        rebuilt.later = self.pending_paths();
        rebuilt
    }

    fn apply(&mut self, changed: &[PathBuf], laps: &mut Laps) -> Rebuilt {
        let mut changed: BTreeSet<PathBuf> = changed.iter().cloned().collect();
        changed.extend(std::mem::take(&mut self.broken));
        let Some(model) = self.model.as_mut() else {
            return self.rebuild_all();
        };
        let Some(pages) = model.pages_changed(&changed) else {
            return self.rebuild_all();
        };
        let mut changes = BTreeSet::new();
        let mut errors = Vec::new();
        let edited: Vec<PathBuf> = pages
            .iter()
            .map(|&(id, _)| model.prepared.site.pages[id].doc.path.clone())
            .collect();
        for (id, file) in pages {
            match model.update_page(id, &file, &mut changes, laps) {
                Ok(()) => {}
                Err(Quick::Full) => return self.rebuild_all(),
                Err(Quick::Errors(found)) => {
                    errors.extend(found);
                    self.broken.insert(file);
                }
            }
        }
        if !errors.is_empty() {
            let (mut diagnostics, warnings) = model.diagnostics(Some(&edited));
            diagnostics.extend(errors);
            model.unserved |= !changes.is_empty();
            return Rebuilt::quick_failure(diagnostics, warnings);
        }
        let (diagnostics, warnings) = model.diagnostics(Some(&edited));
        laps.lap("diagnostics");
        if diagnostics.iter().any(Diagnostic::is_error) {
            model.unserved = true;
            return Rebuilt::quick_failure(diagnostics, warnings);
        }
        let all = std::mem::take(&mut model.unserved);
        let rendered = if all {
            model.render(None)
        } else {
            let readers = model.readers.of(&changes);
            model.render(Some(&readers))
        };
        laps.lap("render");
        match rendered {
            Ok(rendered) => Rebuilt {
                files: Some(if all {
                    Files::All(rendered.files)
                } else {
                    Files::Changed(rendered.files)
                }),
                searchable: rendered.searchable,
                diagnostics,
                full: false,
                warnings,
                stages: Vec::new(),
                slowest: rendered.slowest,
                later: Vec::new(),
            },
            Err(errors) => {
                model.unserved = true;
                let mut diagnostics = diagnostics;
                diagnostics.extend(errors);
                Rebuilt::quick_failure(diagnostics, warnings)
            }
        }
    }

    /// Renders up to `most` of the documents of many pages (handover packs,
    /// the induction pack, print views) that updates left for later, so
    /// that open pages reload without waiting for them; `None` when there
    /// are none. Until then the server goes on serving their last version.
    pub fn catch_up(&mut self, most: usize) -> Option<Vec<OutputFile>> {
        let model = self.model.as_mut()?;
        if model.pending.is_empty() || model.unserved {
            return None;
        }
        let pending: Vec<usize> = model.pending.iter().copied().take(most).collect();
        for i in &pending {
            model.pending.remove(i);
        }
        match model.render_now(&pending) {
            Ok(rendered) => Some(rendered.files),
            Err(_) => {
                // Reported with the next update, which renders them again.
                model.pending.extend(pending);
                None
            }
        }
    }

    /// Whether documents wait for [`LiveSite::catch_up`].
    pub fn has_pending(&self) -> bool {
        self.model
            .as_ref()
            .is_some_and(|model| !model.pending.is_empty() && !model.unserved)
    }

    /// The output paths of the documents [`LiveSite::catch_up`] will render.
    fn pending_paths(&self) -> Vec<String> {
        self.model.as_ref().map_or_else(Vec::new, |model| {
            model
                .pending
                .iter()
                .map(|&i| model.plan[i].path.clone())
                .collect()
        })
    }

    /// Runs the whole pipeline and renders every file.
    fn rebuild_all(&mut self) -> Rebuilt {
        self.broken.clear();
        let collected = Diagnostics::new();
        let prepared = build::prepare(&self.root, &self.options, Mode::Serve, &collected);
        let base = collected.into_sorted();
        let Some(prepared) = prepared else {
            self.model = None;
            return Rebuilt {
                files: None,
                searchable: Vec::new(),
                warnings: base.iter().filter(|d| !d.is_error()).count(),
                diagnostics: base,
                full: true,
                stages: Vec::new(),
                slowest: Vec::new(),
                later: Vec::new(),
            };
        };
        let mut laps = Laps::start();
        let stages = prepared.stages.clone();
        let mut model = Model::new(prepared, self.options.today, base);
        laps.lap("indexes");
        let rendered = model.render(None);
        laps.lap("render");
        let (mut diagnostics, warnings) = model.diagnostics(None);
        let mut searchable = Vec::new();
        let mut slowest = Vec::new();
        let files = match rendered {
            Ok(rendered) if !diagnostics.iter().any(Diagnostic::is_error) => {
                searchable = rendered.searchable;
                slowest = rendered.slowest;
                Some(Files::All(rendered.files))
            }
            Ok(_) => None,
            Err(errors) => {
                diagnostics.extend(errors);
                None
            }
        };
        model.unserved = files.is_none();
        // A file that did not parse is not in the model: when it changes,
        // it is looked at again (and, being new to the model, rebuilds all).
        self.broken = model
            .base
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.file.as_ref())
            .filter_map(|f| f.canonicalize().ok())
            .collect();
        self.model = Some(model);
        Rebuilt {
            files,
            searchable,
            diagnostics: sorted(diagnostics),
            full: true,
            warnings,
            stages: stages.into_iter().chain(laps.laps).collect(),
            slowest,
            later: Vec::new(),
        }
    }
}

impl Model {
    fn new(prepared: Prepared, today: jiff::civil::Date, base: Vec<Diagnostic>) -> Model {
        let input = prepared.render_input(today);
        let entries = PageEntries::new(&input);
        let plan =
            SiteRenderer::with_entries(&input, Cow::Borrowed(&entries)).plan(&Diagnostics::new());
        let mut named_in: HashMap<String, Vec<Source>> = HashMap::new();
        let mut embedded_in: HashMap<String, Vec<Source>> = HashMap::new();
        for (source, rendered) in bodies(&prepared) {
            for name in &rendered.wiki_names {
                add_once(named_in.entry(name.clone()).or_default(), source);
            }
            for path in &rendered.embeds {
                add_once(embedded_in.entry(path.clone()).or_default(), source);
            }
        }
        let mut related_named: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in prepared.site.pages.iter_enumerated() {
            for name in crate::linked::related::named(&page.doc) {
                add_once(
                    related_named.entry(LinkIndex::wiki_key(name)).or_default(),
                    id,
                );
            }
        }
        let content_dir = prepared
            .project
            .content_dir
            .canonicalize()
            .unwrap_or_else(|_| prepared.project.content_dir.clone());
        Model {
            prepared,
            entries,
            today,
            readers: Readers::new(plan.len()),
            plan,
            content_dir,
            base,
            named_in,
            embedded_in,
            related_named,
            unserved: false,
            pending: BTreeSet::new(),
        }
    }

    /// Every diagnostic of the site as it now is.
    /// Every error, and the warnings of `files` (all warnings for
    /// `None`), sorted; and the number of warnings in the whole site.
    fn diagnostics(&self, files: Option<&[PathBuf]>) -> (Vec<Diagnostic>, usize) {
        let mut warnings = 0;
        let shown = self
            .base
            .iter()
            .chain(self.prepared.content_diagnostics())
            .filter(|d| {
                if d.is_error() {
                    return true;
                }
                warnings += 1;
                files.is_none_or(|files| d.file.as_ref().is_some_and(|f| files.contains(f)))
            })
            .cloned()
            .collect();
        (sorted(shown), warnings)
    }

    /// The pages behind `changed`, if every changed file is an existing
    /// page's Markdown file (and there are not too many). Files that are
    /// gone and were never part of the site (an editor's temporary files)
    /// are left out.
    fn pages_changed(&self, changed: &BTreeSet<PathBuf>) -> Option<Vec<(PageId, PathBuf)>> {
        if changed.len() > MOST_PAGES_AT_ONCE {
            return None;
        }
        let pages = &self.prepared.site.pages;
        let mut found = Vec::new();
        for file in changed {
            let rel = crate::urls::relative_name(&self.content_dir, file)?;
            let extensions = &self.prepared.project.config.markdown_extensions;
            let rel = crate::urls::markdown_rel(&rel, extensions).unwrap_or(rel);
            if !file.exists() {
                if self.knows(&rel) {
                    return None;
                }
                continue;
            }
            if !file.is_file() {
                return None;
            }
            let id = pages
                .binary_search_by(|p| p.doc.rel.as_str().cmp(&rel))
                .ok()?;
            found.push((id, file.clone()));
        }
        Some(found)
    }

    /// Whether `rel` (relative to the content folder) is, or holds, a file
    /// the site was built from.
    fn knows(&self, rel: &str) -> bool {
        let prefix = format!("{rel}/");
        let site = &self.prepared.site;
        let is = |r: &String| r == rel || r.starts_with(&prefix);
        site.pages.iter().any(|p| is(&p.doc.rel))
            || site
                .sections
                .iter()
                .any(|s| is(&s.dir) || s.index.as_ref().is_some_and(|d| is(&d.rel)))
            || self.prepared.assets.iter().any(|a| is(&a.rel))
            || site.links.is_draft(rel)
    }

    /// Reads and parses the new version of page `id`, if it differs from the
    /// one in the model at most in its title and its body.
    fn read_page(&self, id: PageId, file: &Path) -> Result<Document, Quick> {
        let prepared = &self.prepared;
        let old = &prepared.site.pages[id].doc;
        // A page's file turned into a link leading outside: the full
        // rebuild reports it and leaves the page out.
        if load::LinkBounds::of(&prepared.project).check(file).is_err() {
            return Err(Quick::Full);
        }
        let max = prepared.project.config.max_file_size_kb * 1024;
        let (text, modified) = load::read_source(file, max).map_err(|e| Quick::Errors(vec![*e]))?;
        if load::replace_control_characters(&text).is_some() {
            // The full rebuild replaces them and reports it.
            return Err(Quick::Full);
        }
        let source = load::Source {
            rel: old.rel.clone(),
            file: old.file.clone(),
            path: old.path.clone(),
            text,
            // The date of the last commit stays until the next commit.
            modified: match &old.modified {
                Some(changed) if changed.source == ChangeSource::Git => Some(changed.clone()),
                _ => modified,
            },
        };
        let (doc, warnings) =
            crate::content::frontmatter::parse(&source, &prepared.kinds).map_err(Quick::Errors)?;
        if !warnings.is_empty() {
            return Err(Quick::Full);
        }
        let mut meta = doc.meta.clone();
        meta.title.clone_from(&old.meta.title);
        let same_shape = doc.kind == old.kind
            && doc.is_index == old.is_index
            && meta == old.meta
            && doc.fields == old.fields;
        if same_shape {
            Ok(doc)
        } else {
            Err(Quick::Full)
        }
    }

    /// Renders the files of the plan at `indexes` (every file with `None`),
    /// keeping what each read; documents of many pages are left for
    /// [`LiveSite::catch_up`].
    fn render(&mut self, indexes: Option<&[usize]>) -> Result<RenderedFiles, Vec<Diagnostic>> {
        let indexes: Vec<usize> = match indexes {
            Some(indexes) => indexes.to_vec(),
            None => (0..self.plan.len()).collect(),
        };
        let (later, now): (Vec<usize>, Vec<usize>) = indexes
            .into_iter()
            .partition(|&i| self.plan[i].job.is_document());
        self.pending.extend(later);
        self.render_now(&now)
    }

    /// Renders the files of the plan at `indexes`, keeping what each read.
    fn render_now(&mut self, indexes: &[usize]) -> Result<RenderedFiles, Vec<Diagnostic>> {
        let input = self.prepared.render_input(self.today);
        let renderer =
            SiteRenderer::with_entries(&input, Cow::Borrowed(&self.entries)).noting_reads();
        let errors = Diagnostics::new();
        let rendered: Vec<(usize, OutputFile, Vec<Read>, Duration)> = indexes
            .par_iter()
            .filter_map(|&i| {
                let started = Instant::now();
                renderer
                    .render_noting_reads(&self.plan[i])
                    .map(|(file, reads)| (i, file, reads, started.elapsed()))
                    .map_err(|e| errors.push(e))
                    .ok()
            })
            .collect();
        let errors = errors.into_sorted();
        if !errors.is_empty() {
            return Err(errors);
        }
        let searchable = if input.config.search {
            indexes
                .par_iter()
                .filter_map(|&i| {
                    let planned = &self.plan[i];
                    let body = renderer.search_text(planned);
                    Some((i, renderer.search_record(planned, &body)?))
                })
                .collect()
        } else {
            Vec::new()
        };
        drop(renderer);
        let mut slowest: Vec<(String, Duration)> = Vec::new();
        let mut files = Vec::with_capacity(rendered.len());
        for (i, file, reads, took) in rendered {
            self.readers.set(i, reads);
            if slowest.len() < SLOWEST_SHOWN || took > slowest[SLOWEST_SHOWN - 1].1 {
                slowest.push((file.path.clone(), took));
                slowest.sort_by_key(|s| std::cmp::Reverse(s.1));
                slowest.truncate(SLOWEST_SHOWN);
            }
            files.push(file);
        }
        Ok(RenderedFiles {
            files,
            searchable,
            slowest,
        })
    }
}

/// What [`Model::render`] made.
struct RenderedFiles {
    files: Vec<OutputFile>,
    /// The search records of those that go into the search index, by rank.
    searchable: Vec<(usize, Record)>,
    /// The slowest to render, slowest first.
    slowest: Vec<(String, Duration)>,
}

/// Every rendered body with its source.
fn bodies(prepared: &Prepared) -> impl Iterator<Item = (Source, &Rendered)> {
    let pages = prepared
        .pages
        .iter_enumerated()
        .map(|(p, r)| (Source::Page(p), r));
    let sections = prepared
        .sections
        .iter_enumerated()
        .filter_map(|(s, r)| r.as_ref().map(|r| (Source::Section(s), r)));
    pages.chain(sections)
}

fn add_once<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn sorted(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let collected = Diagnostics::new();
    collected.extend(diagnostics);
    collected.into_sorted()
}
