//! The `cairn` command: parses arguments and hands them to the command they
//! name, in [`cmd`]. No work happens here; the commands print diagnostics and
//! choose the exit code, and the library does the work.

use std::process::ExitCode;

use clap::{ArgAction, CommandFactory, Parser, Subcommand};

mod cmd;

/// jemalloc instead of the system allocator. Measured on the generated
/// 10,000- and 100,000-page corpora (see docs/maintainers/performance.md):
/// with glibc's allocator each rendering thread's arena kept memory the
/// others had freed, and a build with search peaked 17–22% higher and used
/// 10–15% more processor time.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read when it starts: freed memory left unused for a
/// second is given back to the system (`dirty_decay_ms`), with no second
/// delay (`muzzy_decay_ms`). With jemalloc's default of ten seconds a
/// 10,000-page build with search still peaked at 634 MiB, against 669 MiB
/// with the system allocator and about 550 MiB with these settings. A C
/// string, as jemalloc declares `malloc_conf`.
#[export_name = "_rjem_malloc_conf"]
static ALLOCATOR_SETTINGS: &[u8; 37] = b"dirty_decay_ms:1000,muzzy_decay_ms:0\0";

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

// Each command's summary is written here, on its variant; its arguments are
// declared beside the code that runs it.
#[derive(Subcommand)]
enum Command {
    /// Build the site from a knowledge base.
    ///
    /// DIR holds cairn.yaml and content/. Without them, DIR itself is read as
    /// the content, so any folder of Markdown notes builds as it is.
    Build(cmd::build::Args),
    /// Preview the site: build it in memory, serve it on this computer, and
    /// rebuild and reload open pages whenever a file changes.
    ///
    /// Nothing is written to disk. When a change does not build, the last
    /// good version stays up and the browser shows what went wrong.
    Serve(cmd::serve::Args),
    /// Check a knowledge base without writing anything: front matter, links,
    /// headings, templates, duplicate addresses, and the memory report
    /// (overdue reviews, handovers without a successor, orphaned pages).
    ///
    /// Exits with 1 when an error is found (broken links are errors here
    /// unless cairn.yaml says `broken_links: warn`), or with --deny-warnings
    /// when anything at all is reported.
    Check(cmd::check::Args),
    /// Create a new page from its kind's archetype, front matter filled in
    /// (today's date, author, review-by date, the kind's fields) and, for a
    /// handover, the headings an outgoing member should fill in.
    ///
    /// The page goes in the kind's folder (handovers/<year>/ for handovers)
    /// unless --in says otherwise. An existing file is never overwritten.
    New(cmd::new::Args),
    /// Create a new knowledge base with a config file and starter pages.
    Init(cmd::init::Args),
    /// Make one role's handover pack as a single file, without building
    /// the site: the role's profile, its handovers newest first, its open
    /// actions, the people and agencies they name and the glossary terms
    /// they use, to print, save as PDF or send to the role's next holder.
    ///
    /// It is the pack `cairn build` publishes beside the role's page, made
    /// for the same audience. --induction makes the induction path's pack.
    Pack(cmd::pack::Args),
    /// Write the manual's reference pages (the command line, cairn.yaml,
    /// kinds, diagnostic codes) from the code into DIR: for Cairn's own
    /// maintainers, who commit them as docs/reference/.
    #[command(hide = true)]
    Reference {
        /// The folder to write the pages into.
        dir: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let global = cmd::Global {
        quiet: cli.quiet,
        verbose: cli.verbose,
        today: cmd::today(),
    };
    match cli.command {
        Command::Build(args) => cmd::build::run(args, &global),
        Command::Serve(args) => cmd::serve::run(args, &global),
        Command::Check(args) => cmd::check::run(args, &global),
        Command::New(args) => cmd::new::run(args, &global),
        Command::Init(args) => cmd::init::run(args, &global),
        Command::Pack(args) => cmd::pack::run(args, &global),
        Command::Reference { dir } => write_reference(&dir),
    }
}

/// `cairn reference DIR`: the manual's reference pages, from this binary's
/// own command line and the library's definitions.
fn write_reference(dir: &std::path::Path) -> ExitCode {
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        for (name, text) in cairn::reference::pages(&Cli::command()) {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: cannot write the reference pages into {}: {e}",
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}
