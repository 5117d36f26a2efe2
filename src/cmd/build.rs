//! `cairn build`: builds the site into a folder and says how it went.

use std::path::PathBuf;
use std::process::ExitCode;

use cairn::build::{build, BuildOptions};

use super::{plural, print_stages, progress_bar, report, warnings_suffix, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The knowledge base folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Where to write the site [default: DIR/public].
    #[arg(short, long, value_name = "OUT")]
    out: Option<PathBuf>,
    /// Also publish pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Build for this audience: its pages and those of every wider audience [default: `publish_audience` in cairn.yaml, `partnership` unless it says otherwise].
    #[arg(long, value_name = "NAME")]
    audience: Option<String>,
}

pub fn run(args: Args, global: &Global) -> ExitCode {
    let options = BuildOptions {
        out: args.out,
        drafts: args.drafts,
        today: global.today,
        audience: args.audience,
        progress: progress_bar(global.quiet),
    };
    let outcome = build(&args.dir, &options);
    let errors = report(&outcome.diagnostics, global.quiet);
    let Some(summary) = outcome.summary else {
        eprintln!(
            "Build failed with {errors} error{}; the previous output was left as it was.",
            plural(errors)
        );
        return ExitCode::FAILURE;
    };
    if global.verbose > 0 {
        print_stages(&summary.stages);
    }
    if !global.quiet {
        let warnings = outcome.diagnostics.len() - errors;
        eprintln!(
            "Built {} pages and {} sections into {} ({} files, {:.1} MB) in {:.2} s{}",
            summary.pages,
            summary.sections,
            summary.output.display(),
            summary.files,
            summary.bytes as f64 / 1_000_000.0,
            summary.elapsed.as_secs_f64(),
            warnings_suffix(warnings)
        );
    }
    ExitCode::SUCCESS
}
