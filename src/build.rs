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
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::config::Project;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{self, Document};
use crate::kinds::Kinds;
use crate::load;
use crate::markdown::{MarkdownRenderer, Rendered};
use crate::render::{self, OutputFile, RenderInput};
use crate::site::Site;
use crate::theme::Theme;
use crate::write;

/// How to build.
pub struct BuildOptions {
    /// Where to write the site; `None` for the configured output folder.
    pub out: Option<PathBuf>,
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
    /// The date that review-by dates are judged against.
    pub today: jiff::civil::Date,
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

/// A site rendered in memory, not yet written.
pub struct Generated {
    pub project: Project,
    pub site: Site,
    pub files: Vec<OutputFile>,
    /// How long each stage took, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Records how long each stage of a run takes.
struct Laps {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Laps {
    fn start() -> Laps {
        Laps {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Builds the knowledge base at `root` and writes it.
pub fn build(root: &Path, options: &BuildOptions) -> BuildOutcome {
    let started = Instant::now();
    let diagnostics = Diagnostics::new();
    let generated = generate(root, options, &diagnostics);
    let summary = match generated {
        Some(generated) if !diagnostics.has_errors() => {
            options.progress.set_message("writing");
            options.progress.set_length(0);
            let output = generated.project.output_dir.clone();
            let writing = Instant::now();
            let written = write::write_site(&output, &generated.files);
            let mut stages = generated.stages;
            stages.push(("write", writing.elapsed()));
            match written {
                Ok(report) => Some(BuildSummary {
                    output,
                    pages: generated.site.pages.len(),
                    sections: generated.site.sections.len(),
                    files: report.files,
                    bytes: report.bytes,
                    elapsed: started.elapsed(),
                    stages,
                }),
                Err(error) => {
                    diagnostics.push(error);
                    None
                }
            }
        }
        _ => None,
    };
    options.progress.finish_and_clear();
    BuildOutcome {
        summary,
        diagnostics: diagnostics.into_sorted(),
    }
}

/// Runs every stage but the write. Returns `None` when a stage could not
/// produce anything to go on with; errors of single pages leave the rest going
/// so that all problems are reported together.
pub fn generate(
    root: &Path,
    options: &BuildOptions,
    diagnostics: &Diagnostics,
) -> Option<Generated> {
    let project = match Project::open(root, options.out.as_deref()) {
        Ok(project) => project,
        Err(errors) => {
            diagnostics.extend(errors);
            return None;
        }
    };
    if let Err(error) =
        write::check_target(&project.output_dir, &[&project.root, &project.content_dir])
    {
        diagnostics.push(error);
        return None;
    }
    let mut laps = Laps::start();
    let config = &project.config;
    let kinds = Kinds::from_config(config);
    let progress = &options.progress;

    // Load.
    progress.set_message("reading");
    let mut skip = vec![
        project.output_dir.clone(),
        project.root.join(&config.theme_dir),
    ];
    skip.extend(project.theme_dir.clone());
    let content = load::load(
        &project.content_dir,
        &skip,
        config.max_file_size_kb * 1024,
        diagnostics,
    );
    // Name files in messages as the user would: relative to the working directory.
    let shown_content = shorten(&project.content_dir, &display_base(&project.root));
    let sources: Vec<load::Source> = content
        .sources
        .into_iter()
        .map(|mut s| {
            s.path = shown_content.join(&s.rel);
            s
        })
        .collect();

    laps.lap("load");

    // Front matter.
    progress.set_message("parsing");
    progress.set_length(sources.len() as u64 * 2);
    let docs: Vec<Document> = sources
        .par_iter()
        .filter_map(|source| {
            let result = isolate(&source.path, || frontmatter::parse(source, &kinds));
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
    let mut site = Site::assemble(docs, options.drafts, diagnostics);
    for asset in &content.assets {
        site.links.add_asset(&asset.rel);
    }
    laps.lap("site model");

    // Markdown.
    progress.set_message("rendering");
    let markdown = MarkdownRenderer::new(&site.links, config.raw_html);
    let render_one = |doc: &Document, path: &str| -> Rendered {
        let rendered = isolate(&doc.path, || markdown.render(doc, path)).unwrap_or_else(|panic| {
            diagnostics.push(panic);
            Rendered::default()
        });
        diagnostics.extend(rendered.diagnostics.iter().cloned());
        progress.inc(1);
        rendered
    };
    let pages: Vec<Rendered> = site
        .pages
        .par_iter()
        .map(|p| render_one(&p.doc, &p.path))
        .collect();
    let sections: Vec<Option<Rendered>> = site
        .sections
        .par_iter()
        .map(|s| s.index.as_ref().map(|doc| render_one(doc, &s.path)))
        .collect();

    laps.lap("markdown");

    // Templates.
    let theme = match Theme::load(project.theme_dir.as_deref()) {
        Ok(theme) => theme,
        Err(errors) => {
            diagnostics.extend(errors);
            return None;
        }
    };
    let input = RenderInput {
        site: &site,
        pages: &pages,
        sections: &sections,
        theme: &theme,
        config,
        kinds: &kinds,
        assets: &content.assets,
        today: options.today,
    };
    let files = render::render_site(&input, diagnostics);
    render::check_unique_paths(&files, diagnostics);
    laps.lap("templates");
    Some(Generated {
        project,
        site,
        files,
        stages: laps.laps,
    })
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
        Diagnostic::error(format!("internal error while processing this file: {reason}"))
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
