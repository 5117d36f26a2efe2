//! The `cairn` command: parses arguments, runs a command from the library,
//! prints its diagnostics and sets the exit code. No work happens here.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cairn::build::{build, BuildOptions};
use cairn::diagnostics::{Diagnostic, Severity};

/// Cairn builds a partnership's knowledge base — handover notes, project
/// histories, guides, people, agencies, a glossary and decisions, written as
/// Markdown with YAML front matter — into a cross-linked static site for an
/// intranet or a file share.
#[derive(Parser)]
#[command(
    name = "cairn",
    version,
    propagate_version = true,
    after_help = "Examples:\n  cairn init team-kb        start a new knowledge base in team-kb/\n  cairn build team-kb       build it into team-kb/public/\n  cairn build notes -o site build a folder of Markdown notes into site/"
)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail (how long each stage took).
    #[arg(short, long, global = true, action = ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from a knowledge base.
    ///
    /// DIR holds cairn.yaml and content/. Without them, DIR itself is read as
    /// the content, so any folder of Markdown notes builds as it is.
    Build {
        /// The knowledge base folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the site [default: DIR/public].
        #[arg(short, long, value_name = "OUT")]
        out: Option<PathBuf>,
        /// Also publish pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site: build it in memory, serve it on this computer, and
    /// rebuild and reload open pages whenever a file changes.
    ///
    /// Nothing is written to disk. When a change does not build, the last
    /// good version stays up and the browser shows what went wrong.
    Serve {
        /// The knowledge base folder; by default the current folder, or the
        /// bundled example when the current folder holds no knowledge base.
        dir: Option<PathBuf>,
        /// The port to listen on; the next free one is used if it is taken.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but 127.0.0.1 or ::1 lets
        /// other computers see the knowledge base: only for a trusted network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser once it is up.
        #[arg(long)]
        open: bool,
        /// Also show pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check a knowledge base without writing anything: front matter, links,
    /// headings, templates, duplicate addresses, and the memory report
    /// (overdue reviews, handovers without a successor, orphaned pages).
    ///
    /// Exits with 1 when an error is found (broken links are errors here
    /// unless cairn.yaml says `broken_links: warn`), or with --deny-warnings
    /// when anything at all is reported.
    Check {
        /// The knowledge base folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// How to print the results.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings and memory-report entries too.
        #[arg(long)]
        deny_warnings: bool,
        /// Also check pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new page from its kind's archetype, front matter filled in
    /// (today's date, author, review-by date, the kind's fields) and, for a
    /// handover, the headings an outgoing member should fill in.
    ///
    /// The page goes in the kind's folder (handovers/<year>/ for handovers)
    /// unless --in says otherwise. An existing file is never overwritten.
    New {
        /// The kind: handover, project, guide, person, agency, glossary,
        /// decision, note, or one declared in cairn.yaml.
        kind: String,
        /// The page's title; the file name is made from it.
        title: String,
        /// The knowledge base folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The folder to create the page in, relative to the content folder.
        #[arg(long = "in", value_name = "FOLDER")]
        folder: Option<String>,
    },
    /// Create a new knowledge base with a config file and starter pages.
    Init {
        /// The folder to create (it may exist, but must not hold Cairn's files).
        dir: PathBuf,
        /// The site's title [default: the folder's name].
        #[arg(long)]
        title: Option<String>,
    },
}

/// Output formats of `cairn check`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Messages for people, on standard error.
    Human,
    /// One JSON document on standard output, for CI and scripts.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let today = today();
    match cli.command {
        Command::Check {
            dir,
            format,
            deny_warnings,
            drafts,
        } => {
            let options = BuildOptions {
                out: None,
                drafts,
                today,
                progress: progress_bar(cli.quiet || format == Format::Json),
            };
            let outcome = cairn::build::check(&dir, &options);
            let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = outcome.diagnostics.len() - errors;
            let memory = &outcome.memory;
            let noted = memory.overdue.len() + memory.no_successor.len() + memory.orphans.len();
            let failed = errors > 0 || (deny_warnings && warnings + noted > 0);
            match format {
                Format::Json => {
                    let report = serde_json::json!({
                        "ok": !failed,
                        "pages": outcome.pages,
                        "errors": errors,
                        "warnings": warnings,
                        "diagnostics": outcome.diagnostics,
                        "memory": memory,
                    });
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&report).expect("the report serializes")
                    );
                }
                Format::Human => {
                    report(&outcome.diagnostics, cli.quiet);
                    if !cli.quiet {
                        print_memory(memory);
                        eprintln!(
                            "Checked {} pages: {errors} error{}, {warnings} warning{}, {noted} {} in the memory report.",
                            outcome.pages.unwrap_or(0),
                            if errors == 1 { "" } else { "s" },
                            if warnings == 1 { "" } else { "s" },
                            if noted == 1 { "entry" } else { "entries" },
                        );
                    }
                }
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Serve {
            dir,
            port,
            bind,
            open,
            drafts,
        } => {
            if !bind.is_loopback() {
                eprintln!(
                    "warning: listening on {bind}: other computers that can reach this one can read the knowledge base"
                );
            }
            let dir = match dir {
                Some(dir) => dir,
                None if cairn::scaffold::holds_knowledge_base(Path::new(".")) => PathBuf::from("."),
                None => {
                    let example = std::env::temp_dir()
                        .join(format!("cairn-example-{}", env!("CARGO_PKG_VERSION")));
                    if let Err(error) = cairn::scaffold::write_example(&example) {
                        eprintln!("{error}");
                        return ExitCode::FAILURE;
                    }
                    eprintln!(
                        "No knowledge base here (no cairn.yaml, content/ or Markdown files): serving the bundled example from {}.\nStart your own with `cairn init DIR`, then `cairn serve DIR`.",
                        example.display()
                    );
                    example
                }
            };
            let options = cairn::serve::ServeOptions {
                dir,
                bind,
                port,
                open,
                build: BuildOptions {
                    out: None,
                    drafts,
                    today,
                    progress: ProgressBar::hidden(),
                },
            };
            let quiet = cli.quiet;
            let mut first = true;
            let result = cairn::serve::serve(options, |event| {
                print_serve_event(event, (quiet, cli.verbose > 0), &mut first);
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Build { dir, out, drafts } => {
            let options = BuildOptions {
                out,
                drafts,
                today,
                progress: progress_bar(cli.quiet),
            };
            let outcome = build(&dir, &options);
            let errors = report(&outcome.diagnostics, cli.quiet);
            match outcome.summary {
                Some(summary) => {
                    if cli.verbose > 0 {
                        for (stage, took) in &summary.stages {
                            eprintln!("  {stage:<14} {:>8.1} ms", took.as_secs_f64() * 1000.0);
                        }
                    }
                    if !cli.quiet {
                        let warnings = outcome.diagnostics.len() - errors;
                        eprintln!(
                            "Built {} pages and {} sections into {} ({} files, {:.1} MB) in {:.2} s{}",
                            summary.pages,
                            summary.sections,
                            summary.output.display(),
                            summary.files,
                            summary.bytes as f64 / 1_000_000.0,
                            summary.elapsed.as_secs_f64(),
                            match warnings {
                                0 => String::new(),
                                1 => ", 1 warning".to_owned(),
                                n => format!(", {n} warnings"),
                            }
                        );
                    }
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!(
                        "Build failed with {errors} error{}; the previous output was left as it was.",
                        if errors == 1 { "" } else { "s" }
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            kind,
            title,
            dir,
            folder,
        } => {
            let project = match cairn::project::config::Project::open(&dir, None) {
                Ok(project) => project,
                Err(errors) => {
                    report(&errors, false);
                    return ExitCode::FAILURE;
                }
            };
            let new = cairn::scaffold::NewPage {
                kind: &kind,
                title: &title,
                folder: folder.as_deref(),
                today,
            };
            match cairn::scaffold::new_page(&project, &new) {
                Ok(path) => {
                    if !cli.quiet {
                        println!("created {}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprint!("{error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir, title } => {
            let title = title.unwrap_or_else(|| {
                dir.canonicalize()
                    .unwrap_or_else(|_| dir.clone())
                    .file_name()
                    .map_or_else(
                        || "Knowledge base".to_owned(),
                        |n| n.to_string_lossy().into_owned(),
                    )
            });
            match cairn::scaffold::init(&dir, &title, today) {
                Ok(files) => {
                    if !cli.quiet {
                        for file in &files {
                            println!("created {}", file.display());
                        }
                        println!(
                            "\nNext: edit the pages in {}, then run `cairn build {}`.",
                            dir.join("content").display(),
                            dir.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprint!("{error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// A progress bar on a terminal, hidden otherwise or when `quiet`.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:10} [{bar:30}] {pos}/{len}")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar
}

/// Prints the memory report of `cairn check`.
fn print_memory(memory: &cairn::linked::memory::MemoryReport) {
    let lists = [
        ("past their review date", &memory.overdue),
        ("handovers without a successor", &memory.no_successor),
        ("pages nothing links to", &memory.orphans),
    ];
    for (heading, entries) in lists {
        if entries.is_empty() {
            continue;
        }
        eprintln!("memory: {heading} ({})", entries.len());
        for entry in entries {
            eprintln!("  {}: {} — {}", entry.source, entry.title, entry.detail);
        }
        eprintln!();
    }
}

/// Tells the person at the terminal what the preview server is doing. The
/// first build prints every warning; later ones print errors and a count.
fn print_serve_event(event: cairn::serve::Event, (quiet, verbose): (bool, bool), first: &mut bool) {
    use cairn::serve::Event;
    match event {
        Event::Listening { url, note } => {
            if let Some(note) = note {
                eprintln!("{note}");
            }
            eprintln!("Serving the knowledge base at {url} (press Ctrl+C to stop)");
        }
        Event::Built {
            ok,
            full,
            took,
            files,
            warnings,
            stages,
            diagnostics,
            changed,
        } => {
            // Every warning once, when the server starts; then those of the
            // files just saved.
            let shown: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| *first || !full || d.severity == Severity::Error)
                .cloned()
                .collect();
            let errors = report(&shown, quiet);
            let what = match changed {
                [] => String::new(),
                [one] => format!(" after a change to {}", one.display()),
                many => format!(" after changes to {} files", many.len()),
            };
            let ms = took.as_secs_f64() * 1000.0;
            if verbose {
                for (stage, took) in stages {
                    eprintln!("  {stage:<14} {:>8.1} ms", took.as_secs_f64() * 1000.0);
                }
            }
            if ok {
                if !quiet {
                    eprintln!(
                        "{} {files} files in {ms:.0} ms{what}{}",
                        if full { "Built" } else { "Updated" },
                        match warnings {
                            0 => String::new(),
                            1 => ", 1 warning".to_owned(),
                            n => format!(", {n} warnings"),
                        }
                    );
                }
            } else {
                eprintln!(
                    "Build failed{what} with {errors} error{}; still serving the last good version.",
                    if errors == 1 { "" } else { "s" }
                );
            }
            *first = false;
        }
        Event::WatchError(message) => eprintln!("warning: watching for changes: {message}"),
    }
}

/// Prints diagnostics (warnings unless quiet); returns the number of errors.
fn report(diagnostics: &[Diagnostic], quiet: bool) -> usize {
    let mut errors = 0;
    for diagnostic in diagnostics {
        if diagnostic.severity == Severity::Error {
            errors += 1;
        } else if quiet {
            continue;
        }
        eprintln!("{diagnostic}");
    }
    errors
}

/// Today's date, or the date of `SOURCE_DATE_EPOCH` (seconds since 1970) when
/// set, so that builds can be reproduced exactly.
fn today() -> jiff::civil::Date {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        if let Ok(timestamp) = jiff::Timestamp::from_second(epoch) {
            return timestamp.to_zoned(jiff::tz::TimeZone::UTC).date();
        }
    }
    jiff::Zoned::now().date()
}
