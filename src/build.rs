//! The build pipeline, end to end:
//! load → front matter → site model → Markdown (with link resolution) →
//! render → write.
//!
//! Each stage takes the previous stage's values and returns new ones; problems
//! are collected in one [`Diagnostics`] so a run reports all of them at once.
//! Nothing is written unless every stage succeeded, and then only by the write
//! stage, which swaps the new site in whole.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::content::frontmatter::{self, Document};
use crate::content::history::{ChangeSource, Changed, History};
use crate::content::load;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use crate::linked::actions::{Actions, Report as ActionReport};
use crate::linked::graph::{Bodies, LinkGraph};
use crate::linked::kindlinks::KindLinks;
use crate::linked::memory::{Entry, MemoryReport};
use crate::linked::related::Relatedness;
use crate::linked::timeline;
use crate::markdown::{MarkdownRenderer, Rendered};
use crate::model::agencies::Agencies;
use crate::model::audience::Audiences;
use crate::model::decisions::Decisions;
use crate::model::glossary::TermIndex;
use crate::model::induction;
use crate::model::names::PageNames;
use crate::model::people::People;
use crate::model::site::{par_map, PageId, PerPage, PerSection, Site};
use crate::model::taxonomy::{self, Taxonomy};
use crate::output::OutputFile;
use crate::project::config::Assets;
use crate::project::config::Project;
use crate::project::kinds::Kinds;
use crate::project::taxonomies::TaxonomyKind;
use crate::render::theme::Theme;
use crate::render::{Job, Planned, RenderInput, SiteRenderer};
use crate::search::packed::PackedText;
use crate::search::page::Piece;
use crate::search::{self, SiteIndex};
use crate::write::{self, WriteReport};

/// What a run is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the site (`cairn build`): broken links warn unless configured.
    Build,
    /// Only validate (`cairn check`): broken links fail unless configured.
    Check,
    /// Render in memory for the preview server (`cairn serve`): as `Build`,
    /// but nothing is written.
    Serve,
    /// Make one pack (`cairn pack`): as `Build`, but only that file is
    /// rendered, and written where the author asks.
    Pack,
}

/// How to build.
pub struct BuildOptions {
    /// Where to write the site; `None` for the configured output folder.
    pub out: Option<PathBuf>,
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
    /// The date that review-by dates are judged against.
    pub today: jiff::civil::Date,
    /// The audience to build for (`--audience`); `None` for the configured
    /// `publish_audience`. `cairn serve` shows every page whatever it says.
    pub audience: Option<String>,
    /// Shows progress on a terminal; `ProgressBar::hidden()` otherwise.
    pub progress: ProgressBar,
}

/// What a successful build produced.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub output: PathBuf,
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// The result of a build: a summary if the site was written, and every
/// diagnostic (errors and warnings), sorted by file.
#[derive(Debug)]
pub struct BuildOutcome {
    pub summary: Option<BuildSummary>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything the render stage needs, made by the earlier stages.
pub struct Prepared {
    pub project: Project,
    pub kinds: Kinds,
    pub site: Site,
    /// The rendered body of every page.
    pub pages: PerPage<Rendered>,
    /// The rendered body of every section that has a page of its own.
    pub sections: PerSection<Option<Rendered>>,
    pub graph: LinkGraph,
    /// How much each kind of page links to each other kind.
    pub kind_links: KindLinks,
    pub memory: MemoryReport,
    /// Every task-list item of the site, followed through its role's handovers.
    pub actions: Actions,
    /// What related pages are scored from.
    pub relatedness: Relatedness,
    /// Glossary names linked on first use, unless turned off.
    pub terms: Option<TermIndex>,
    /// How serious a broken link is in this run.
    pub broken_links: Severity,
    pub people: People,
    /// Which decisions replace which.
    pub decisions: Decisions,
    /// What names each agency.
    pub agencies: Agencies,
    /// The guides of the induction path, in order.
    pub induction: Vec<PageId>,
    /// Related pages of every page, best first.
    pub related: PerPage<Vec<PageId>>,
    /// Pages grouped by tag, agency, person and project.
    pub taxonomies: Vec<Taxonomy>,
    /// Person, agency and project pages by the names front matter calls them.
    pub names: PageNames,
    /// Every dated event of the site, newest first.
    pub events: Vec<timeline::Event>,
    pub theme: Theme,
    pub assets: Vec<load::Asset>,
    /// The audience the site is built for (`None` in `cairn serve`, which
    /// shows every page).
    pub audience: Option<String>,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Prepared {
    /// The problems found in page bodies: broken links, missing headings,
    /// unsafe links and raw HTML. Kept with the pages they belong to (so the
    /// preview server can replace them page by page), and added to a run's
    /// diagnostics by the caller.
    pub fn content_diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.pages
            .iter()
            .chain(self.sections.iter().flatten())
            .flat_map(|r| &r.diagnostics)
            .chain(self.graph.problems())
    }

    /// The Markdown renderer for this site as it is now (for `cairn
    /// serve`: bodies keep their text for search if the site has search).
    pub fn markdown(&self, today: jiff::civil::Date) -> MarkdownRenderer<'_> {
        markdown_renderer(
            &self.site,
            self.terms.as_ref(),
            self.project.config.raw_html,
            self.broken_links,
            self.project.config.search,
        )
        .with_today(today)
    }

    /// The rendered bodies, for the link graph.
    pub fn bodies(&self) -> Bodies<'_> {
        Bodies {
            site: &self.site,
            pages: &self.pages,
            sections: &self.sections,
        }
    }
    /// The render stage's input, judging review dates against `today`.
    pub fn render_input(&self, today: jiff::civil::Date) -> RenderInput<'_> {
        RenderInput {
            site: &self.site,
            pages: &self.pages,
            sections: &self.sections,
            graph: &self.graph,
            kind_links: &self.kind_links,
            memory: &self.memory,
            actions: &self.actions,
            people: &self.people,
            decisions: &self.decisions,
            agencies: &self.agencies,
            induction: &self.induction,
            related: &self.related,
            taxonomies: &self.taxonomies,
            names: &self.names,
            events: &self.events,
            theme: &self.theme,
            config: &self.project.config,
            kinds: &self.kinds,
            assets: &self.assets,
            today,
            audience: self.audience.as_deref(),
        }
    }
}

/// Records how long each stage of a run takes.
pub struct Laps {
    last: Instant,
    pub laps: Vec<(&'static str, Duration)>,
}

impl Laps {
    pub fn start() -> Laps {
        Laps {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Builds the knowledge base at `root` and writes it.
///
/// Pages are written as soon as they are rendered, into a staging folder
/// that replaces the output only if the whole build succeeded.
pub fn build(root: &Path, options: &BuildOptions) -> BuildOutcome {
    let started = Instant::now();
    let diagnostics = Diagnostics::new();
    let summary = prepare(root, options, Mode::Build, &diagnostics).and_then(|mut prepared| {
        diagnostics.extend(prepared.content_diagnostics().cloned());
        let texts = SearchTexts::take_out(&mut prepared);
        let input = prepared.render_input(options.today);
        let renderer = SiteRenderer::new(&input);
        let plan = renderer.plan(&diagnostics);
        let rendering = Instant::now();
        let progress = &options.progress;
        progress.set_message("writing");
        progress.set_position(0);
        progress.set_length(plan.len() as u64);
        let render_one = |planned: &Planned| -> Option<OutputFile> {
            let file = renderer
                .render(planned)
                .map_err(|d| diagnostics.push(d))
                .ok();
            progress.inc(1);
            file
        };
        if diagnostics.has_errors() {
            // Nothing will be written, but report template errors too.
            plan.par_iter().for_each(|planned| {
                render_one(planned);
            });
            return None;
        }
        let paths: Vec<&str> = plan.iter().map(|p| p.path.as_str()).collect();
        let mut search_time = Duration::ZERO;
        let written = write::write_site(&prepared.project.output_dir, &paths, |staging| {
            let config = &prepared.project.config;
            let index = config.search.then(|| SiteIndex::start(&config.language));
            // Once a file cannot be written (the disk is full, the folder
            // read-only), every later one would fail the same way: the
            // first error says why, and the rest of the site is not made.
            let write_failed = AtomicBool::new(false);
            let write_one = |file: &OutputFile| {
                if write_failed.load(Ordering::Relaxed) {
                    return (0, 0);
                }
                match staging.write(file) {
                    Ok(bytes) => (1, bytes),
                    Err(error) => {
                        if !write_failed.swap(true, Ordering::Relaxed) {
                            diagnostics.push(error);
                        }
                        (0, 0)
                    }
                }
            };
            let render_and_index = |index: Option<&SiteIndex>, rank: usize, planned: &Planned| {
                if write_failed.load(Ordering::Relaxed) {
                    return (0, 0);
                }
                let Some(file) = render_one(planned) else {
                    return (0, 0);
                };
                let mut written = write_one(&file);
                drop(file);
                let fragment = index.and_then(|index| {
                    let body = texts.take(&planned.job);
                    let record = renderer.search_record(planned, &body)?;
                    index.add(rank, &record)
                });
                if let Some(fragment) = fragment {
                    let (f, b) = write_one(&search::output_file(fragment));
                    written = (written.0 + f, written.1 + b);
                }
                written
            };
            let add = |a: (usize, u64), b: (usize, u64)| (a.0 + b.0, a.1 + b.1);
            // The files search may index are made first, in parallel with
            // the rest; once they are, the index is finished while the rest
            // (packs, print views, lists) are still being made, so the
            // index's one-thread steps do not leave a processor idle.
            let (searched, mut others): (Vec<_>, Vec<_>) = plan
                .iter()
                .enumerate()
                .partition(|(_, planned)| index.is_some() && planned.job.may_be_searched());
            // The documents (packs, print views) first, the longest first:
            // the one started last kept a processor busy alone at the end
            // (on the 10,000-page corpus, role packs made the last 0.75 s of
            // a build run on one processor of two).
            others.sort_by_key(|(_, planned)| {
                std::cmp::Reverse(renderer.document_pages(&planned.job))
            });
            let ((files, bytes), (other_files, other_bytes)) = rayon::join(
                || {
                    let mut written = searched
                        .par_iter()
                        .map(|&(rank, planned)| render_and_index(index.as_ref(), rank, planned))
                        .reduce(|| (0, 0), add);
                    // Nothing more can be written once writing failed.
                    let index = index.filter(|_| !write_failed.load(Ordering::Relaxed));
                    if let Some(index) = index {
                        let started = Instant::now();
                        let totals = Mutex::new((0, 0));
                        let sink = search::OutputSink {
                            write: |file: OutputFile| {
                                let (f, b) = write_one(&file);
                                let mut totals = totals.lock().unwrap_or_else(|p| p.into_inner());
                                *totals = (totals.0 + f, totals.1 + b);
                            },
                            rename: |from: &str, to: &str| {
                                if let Err(error) = staging.rename(from, to) {
                                    diagnostics.push(error);
                                }
                            },
                        };
                        if let Err(error) = index.finish(&sink) {
                            diagnostics.push(error);
                        }
                        written = add(
                            written,
                            totals.into_inner().unwrap_or_else(|p| p.into_inner()),
                        );
                        search_time = started.elapsed();
                    }
                    written
                },
                || {
                    others
                        .par_iter()
                        // One file a task: rayon would otherwise run runs of
                        // neighbouring files on one thread, documents too.
                        .with_max_len(1)
                        .map(|&(rank, planned)| render_and_index(None, rank, planned))
                        .reduce(|| (0, 0), add)
                },
            );
            let (files, bytes) = (files + other_files, bytes + other_bytes);
            (!diagnostics.has_errors()).then_some(WriteReport { files, bytes })
        });
        let mut stages = prepared.stages.clone();
        stages.push(("render+write", rendering.elapsed()));
        if prepared.project.config.search {
            stages.push(("  of which, finishing the search index", search_time));
        }
        match written {
            Ok(Some(report)) => Some(BuildSummary {
                output: prepared.project.output_dir.clone(),
                pages: prepared.site.pages.len(),
                sections: prepared.site.sections.len(),
                files: report.files,
                bytes: report.bytes,
                elapsed: started.elapsed(),
                stages,
            }),
            Ok(None) => None,
            Err(error) => {
                diagnostics.push(error);
                None
            }
        }
    });
    options.progress.finish_and_clear();
    BuildOutcome {
        summary,
        diagnostics: diagnostics.into_sorted(),
    }
}

/// The search text of every body, taken out of the rendered bodies so
/// that each is freed as soon as its page is indexed, not at the end of
/// the build.
struct SearchTexts {
    pages: PerPage<Mutex<PackedText>>,
    sections: PerSection<Mutex<PackedText>>,
}

impl SearchTexts {
    fn take_out(prepared: &mut Prepared) -> SearchTexts {
        let take = |r: &mut Rendered| Mutex::new(std::mem::take(&mut r.search_text));
        SearchTexts {
            pages: prepared.pages.iter_mut().map(take).collect(),
            sections: prepared
                .sections
                .iter_mut()
                .map(|r| r.as_mut().map(take).unwrap_or_default())
                .collect(),
        }
    }

    /// The search text of the body `job` shows (empty for files with no
    /// body of their own), which is not kept.
    fn take(&self, job: &Job) -> Vec<Piece> {
        let text = match *job {
            Job::Page(id) => &self.pages[id],
            Job::Section(id) => &self.sections[id],
            _ => return Vec::new(),
        };
        std::mem::take(&mut *text.lock().unwrap_or_else(|p| p.into_inner())).unpack()
    }
}

/// What `cairn check` found.
#[derive(Debug)]
pub struct CheckOutcome {
    /// Pages checked, if the knowledge base could be read at all.
    pub pages: Option<usize>,
    pub diagnostics: Vec<Diagnostic>,
    pub memory: MemoryReport,
    /// Overdue actions and actions a handover dropped.
    pub actions: ActionReport,
    /// Roles with a profile and a holder but no handover on file, each as
    /// its profile page, with who holds it.
    pub unhanded_roles: Vec<Entry>,
}

/// Runs everything a build validates — front matter, links, anchors,
/// templates, duplicate addresses — and the memory report, writing nothing.
pub fn check(root: &Path, options: &BuildOptions) -> CheckOutcome {
    let diagnostics = Diagnostics::new();
    let mut pages = None;
    let mut memory = MemoryReport::default();
    let mut actions = ActionReport::default();
    let mut unhanded_roles = Vec::new();
    if let Some(prepared) = prepare(root, options, Mode::Check, &diagnostics) {
        diagnostics.extend(prepared.content_diagnostics().cloned());
        let input = prepared.render_input(options.today);
        let renderer = SiteRenderer::new(&input);
        let plan = renderer.plan(&diagnostics);
        plan.par_iter().for_each(|planned| {
            if let Err(error) = renderer.render(planned) {
                diagnostics.push(error);
            }
        });
        pages = Some(prepared.site.pages.len());
        memory = prepared.memory.clone();
        actions = ActionReport::new(
            &prepared.actions,
            &prepared.site,
            &prepared.people,
            options.today,
        );
        let site = &prepared.site;
        unhanded_roles = prepared
            .people
            .unhanded_roles()
            .filter_map(|role| {
                let profile = role.profile?;
                let holders: Vec<&str> = role
                    .holders
                    .iter()
                    .map(|&id| site.pages[id].doc.meta.title.as_str())
                    .collect();
                Some(Entry {
                    page: profile,
                    title: role.name.clone(),
                    source: site.pages[profile].doc.rel.clone(),
                    detail: format!(
                        "held by {}, with no handover on file: ask them to write one",
                        holders.join(", ")
                    ),
                })
            })
            .collect();
    }
    options.progress.finish_and_clear();
    CheckOutcome {
        pages,
        diagnostics: diagnostics.into_sorted(),
        memory,
        actions,
        unhanded_roles,
    }
}

/// Which document `cairn pack` makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackOf {
    /// A role's handover pack, by the role's name or an alias of its profile.
    Role(String),
    /// The induction path as one document.
    Induction,
}

/// A pack made on its own.
#[derive(Debug)]
pub struct Pack {
    pub html: String,
    /// Where the site publishes it, whose last parts make a file name.
    pub path: String,
}

/// What `cairn pack` made: the pack, unless there were errors, and every
/// diagnostic.
#[derive(Debug)]
pub struct PackOutcome {
    pub pack: Option<Pack>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Makes one pack of the knowledge base at `root`, for the build's
/// audience, exactly as `cairn build` would publish it, writing nothing.
pub fn pack(root: &Path, options: &BuildOptions, of: &PackOf) -> PackOutcome {
    let diagnostics = Diagnostics::new();
    let pack = prepare(root, options, Mode::Pack, &diagnostics).and_then(|prepared| {
        if diagnostics.has_errors() {
            return None;
        }
        let wanted = match of {
            PackOf::Role(name) => {
                let Some(role) = prepared.people.role(name) else {
                    let mut names: Vec<&str> =
                        prepared.people.roles.iter().map(|r| r.name.as_str()).collect();
                    names.sort_unstable_by_key(|n| n.to_lowercase());
                    diagnostics.push(
                        Diagnostic::error(
                            Code::PackNotFound,
                            format!("no role is called “{name}”"),
                        )
                        .help(if names.is_empty() {
                            "the knowledge base has no roles yet: a handover's `role`, a role profile (`kind: role`) or a person's `roles` names one".to_owned()
                        } else {
                            format!("the roles are: {}", names.join("; "))
                        }),
                    );
                    return None;
                };
                let index = prepared.people.roles.iter().position(|r| r == role)?;
                Job::RolePack(index)
            }
            PackOf::Induction => Job::InductionPack,
        };
        let input = prepared.render_input(options.today);
        let renderer = SiteRenderer::new(&input);
        let plan = renderer.plan(&diagnostics);
        let same = |job: &Job| match (job, &wanted) {
            (Job::RolePack(a), Job::RolePack(b)) => a == b,
            (Job::InductionPack, Job::InductionPack) => true,
            _ => false,
        };
        let Some(planned) = plan.iter().find(|p| same(&p.job)) else {
            diagnostics.push(
                Diagnostic::error(
                    Code::PackNotFound,
                    "the knowledge base has no induction path to make a pack of",
                )
                .help("give guides an `order:` in their front matter (1, 2, 3 …), or list them under `induction` in cairn.yaml"),
            );
            return None;
        };
        match renderer.render(planned) {
            Ok(file) => match file.contents {
                crate::output::Contents::Text(html) => Some(Pack {
                    html,
                    path: file.path,
                }),
                _ => None,
            },
            Err(error) => {
                diagnostics.push(error);
                None
            }
        }
    });
    options.progress.finish_and_clear();
    PackOutcome {
        pack,
        diagnostics: diagnostics.into_sorted(),
    }
}

/// Runs every stage before rendering. Returns `None` when a stage could not
/// produce anything to go on with; errors of single pages leave the rest going
/// so that all problems are reported together.
pub fn prepare(
    root: &Path,
    options: &BuildOptions,
    mode: Mode,
    diagnostics: &Diagnostics,
) -> Option<Prepared> {
    let project = match Project::open(root, options.out.as_deref()) {
        Ok(project) => project,
        Err(errors) => {
            diagnostics.extend(errors);
            return None;
        }
    };
    if mode == Mode::Build {
        if let Err(error) =
            write::check_target(&project.output_dir, &[&project.root, &project.content_dir])
        {
            diagnostics.push(error);
            return None;
        }
    }
    let mut laps = Laps::start();
    let config = &project.config;
    let audiences = Audiences::new(config);
    let reader = match (mode, &options.audience) {
        (Mode::Serve, _) => None,
        (_, Some(name)) => match audiences.requested(name) {
            Ok(rank) => Some(rank),
            Err(error) => {
                diagnostics.push(error);
                return None;
            }
        },
        (_, None) => Some(audiences.publish()),
    };
    let kinds = Kinds::from_config(config);
    let broken_links = match (config.broken_links, mode) {
        (Some(setting), _) => setting.severity(),
        (None, Mode::Build | Mode::Serve | Mode::Pack) => Severity::Warning,
        (None, Mode::Check) => Severity::Error,
    };
    let progress = &options.progress;

    // Load.
    progress.set_message("reading");
    let mut skip = vec![project.output_dir.clone()];
    // The themes folder is not content, unless the notes are the knowledge
    // base's root (a vault whose own `themes/` folder holds notes): then
    // only the theme in use is left out.
    let themes = project.root.join(&config.theme_dir);
    if !themes.starts_with(&project.content_dir) {
        skip.push(themes);
    }
    skip.extend(project.theme_dir.clone());
    let bounds = load::LinkBounds::of(&project);
    let content = load::load(
        &project.content_dir,
        &skip,
        &bounds,
        config.max_file_size_kb * 1024,
        &config.markdown_extensions,
        diagnostics,
    );
    // Name files in messages as the user would: relative to the working directory.
    let shown_content = shorten(&project.content_dir, &display_base(&project.root));
    // "Last updated" comes from Git when the content is in a repository.
    let history = History::read(&project.content_dir);
    let sources: Vec<load::Source> = content
        .sources
        .into_iter()
        .map(|mut s| {
            s.path = shown_content.join(&s.file);
            if let Some(date) = history.last_changed(&s.file) {
                s.modified = Some(Changed {
                    date,
                    source: ChangeSource::Git,
                });
            }
            s
        })
        .collect();

    laps.lap("load");

    // Front matter.
    progress.set_message("parsing");
    progress.set_length(sources.len() as u64 * 2);
    // Each file's text is let go of as soon as its document is made: the
    // documents hold their own copies of the front matter and the body.
    let docs: Vec<Document> = sources
        .into_par_iter()
        .filter_map(|source| {
            let result = isolate(&source.path, || frontmatter::parse(&source, &kinds));
            progress.inc(1);
            match result {
                Ok(Ok((doc, warnings))) => {
                    diagnostics.extend(warnings);
                    Some(doc)
                }
                Ok(Err(errors)) => {
                    diagnostics.extend(errors);
                    None
                }
                Err(panic) => {
                    diagnostics.push(panic);
                    None
                }
            }
        })
        .collect();

    laps.lap("front matter");

    // Site model and links.
    let (docs, withheld) = audiences.split(docs, reader, diagnostics);
    if reader == Some(0) && config.personal_data {
        crate::model::personal_data::check(&docs, audiences.name(0), diagnostics);
    }
    let mut site = Site::assemble(docs, options.drafts, diagnostics);
    for doc in &withheld {
        site.links
            .add_withheld(&doc.rel, &doc.meta.title, &doc.meta.aliases);
    }
    drop(withheld);
    for asset in &content.assets {
        site.links.add_asset(&asset.rel);
    }
    let names = PageNames::new(&site);
    names.check(&site, diagnostics);
    let people = People::new(&site, &names, diagnostics);
    let config_file = project
        .config_file
        .clone()
        .unwrap_or_else(|| project.root.join(crate::project::config::CONFIG_FILE));
    let induction = induction::path(&site, &config.induction, &config_file, diagnostics);
    let decisions = Decisions::new(&site, &config.decision_statuses, diagnostics);
    let agencies = Agencies::new(&site, &names, &people);
    let events = timeline::site_events(&site, &decisions);
    laps.lap("site model");

    // Markdown.
    progress.set_message("rendering");
    let terms = config.glossary_links.then(|| TermIndex::new(&site));
    // Bodies keep their text for the search index when the site is built
    // or served with search; `cairn check` indexes nothing.
    let search_text = config.search && matches!(mode, Mode::Build | Mode::Serve);
    let markdown = markdown_renderer(
        &site,
        terms.as_ref(),
        config.raw_html,
        broken_links,
        search_text,
    )
    .with_today(options.today);
    let markdown = if mode == Mode::Check && config.check_template_tags {
        markdown.with_template_tag_check()
    } else {
        markdown
    };
    let render_one = |doc: &Document, path: &str| -> Rendered {
        let rendered = isolate(&doc.path, || markdown.render(doc, path)).unwrap_or_else(|panic| {
            diagnostics.push(panic);
            Rendered::default()
        });
        progress.inc(1);
        rendered
    };
    let pages: PerPage<Rendered> = par_map(&site.pages, |_, p| render_one(&p.doc, &p.path));
    let sections: PerSection<Option<Rendered>> = par_map(&site.sections, |_, s| {
        s.index.as_ref().map(|doc| render_one(doc, &s.path))
    });
    drop(markdown);
    // A build or a check has no use for the Markdown and front matter as
    // written once every body is rendered (`cairn serve` keeps them, to
    // render pages again); the 100,000-page corpus has 0.9 GB of them.
    if mode != Mode::Serve {
        for page in site.pages.iter_mut() {
            page.doc.forget_source();
        }
        for section in site.sections.iter_mut() {
            if let Some(doc) = &mut section.index {
                doc.forget_source();
            }
        }
    }

    // Files a published page links to or shows, unless every file is to
    // be published (or the author previews everything).
    let assets = if config.assets == Assets::All || mode == Mode::Serve {
        content.assets
    } else {
        let shown: rustc_hash::FxHashSet<&str> = pages
            .iter()
            .chain(sections.iter().flatten())
            .flat_map(|rendered| rendered.assets.iter().map(String::as_str))
            .collect();
        content
            .assets
            .into_iter()
            .filter(|asset| shown.contains(asset.rel.as_str()))
            .collect()
    };
    laps.lap("markdown");
    // Three independent passes over the whole site, side by side.
    let bodies = Bodies {
        site: &site,
        pages: &pages,
        sections: &sections,
    };
    let ((graph, memory, kind_links), (relatedness, related, taxonomies)) = rayon::join(
        || {
            let graph = LinkGraph::build(&bodies, broken_links);
            let memory = MemoryReport::new(&site, &graph, &people, options.today);
            let kind_links = KindLinks::new(&site, &pages);
            (graph, memory, kind_links)
        },
        || {
            let (relatedness, taxonomies) = rayon::join(
                || Relatedness::new(&site, &pages),
                || {
                    taxonomy::build(&site, &config.taxonomies, |kind, name| match kind {
                        TaxonomyKind::People => names.person(name),
                        _ => None,
                    })
                },
            );
            let related = relatedness.all(&site, &site.links);
            (relatedness, related, taxonomies)
        },
    );
    let actions = Actions::new(&site, &pages, &people, &names);
    laps.lap("link graph");

    // Templates.
    let theme = match Theme::load(project.theme_dir.as_deref(), &bounds) {
        Ok(theme) => theme,
        Err(errors) => {
            diagnostics.extend(errors);
            return None;
        }
    };
    laps.lap("theme");
    Some(Prepared {
        project,
        kinds,
        site,
        pages,
        sections,
        graph,
        kind_links,
        memory,
        actions,
        people,
        decisions,
        agencies,
        induction,
        related,
        relatedness,
        terms,
        broken_links,
        taxonomies,
        names,
        events,
        theme,
        assets,
        audience: reader.map(|rank| audiences.name(rank).to_owned()),
        stages: laps.laps,
    })
}

/// The Markdown renderer for `site`, keeping bodies' text for search if
/// `search_text`.
fn markdown_renderer<'a>(
    site: &'a Site,
    terms: Option<&'a TermIndex>,
    raw_html: crate::project::config::RawHtml,
    broken_links: Severity,
    search_text: bool,
) -> MarkdownRenderer<'a> {
    let pages_by_path = site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), &p.doc))
        .chain(
            site.sections
                .iter()
                .filter_map(|s| s.index.as_ref().map(|d| (s.path.as_str(), d))),
        )
        .collect();
    let renderer = MarkdownRenderer::new(&site.links, pages_by_path, terms, raw_html, broken_links);
    if search_text {
        renderer.with_search_text()
    } else {
        renderer
    }
}

/// Runs `work` for one file; a panic becomes an error naming the file, and
/// the rest of the build goes on.
fn isolate<T>(path: &Path, work: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        Diagnostic::error(Code::InternalPanic, format!("internal error while processing this file: {reason}"))
            .in_file(path)
            .help("this is a bug in Cairn; the rest of the site was still checked. Please report it with this file")
    })
}

/// The folder paths are shown relative to: the working directory, if the
/// knowledge base is inside it.
fn display_base(root: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    match root.canonicalize() {
        Ok(abs) if abs.starts_with(&cwd) => cwd,
        _ => PathBuf::new(),
    }
}

fn shorten(path: &Path, base: &Path) -> PathBuf {
    if base.as_os_str().is_empty() {
        return path.to_path_buf();
    }
    match path.canonicalize() {
        Ok(abs) => abs
            .strip_prefix(base)
            .map_or_else(|_| path.to_path_buf(), Path::to_path_buf),
        Err(_) => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_file_becomes_an_error_naming_it() {
        let result: Result<(), Diagnostic> =
            isolate(Path::new("content/bad.md"), || panic!("parser broke"));
        let error = result.unwrap_err();
        assert_eq!(error.code, Code::InternalPanic);
        assert!(error.message.contains("parser broke"), "{error}");
        assert_eq!(error.file.as_deref(), Some(Path::new("content/bad.md")));
        assert_eq!(isolate(Path::new("ok.md"), || 7).unwrap(), 7);
    }
}
