//! `cairn check`: checks a knowledge base without writing anything, prints
//! the diagnostics and the memory report (for people, or as JSON), and fails
//! on errors (or, with `--deny-warnings`, on anything reported).

use std::path::PathBuf;
use std::process::ExitCode;

use cairn::build::{BuildOptions, CheckOutcome};
use cairn::linked::actions::Report as ActionReport;
use cairn::linked::memory::{Entry, MemoryReport};

use super::{plural, progress_bar, report, Global};

#[derive(clap::Args)]
pub struct Args {
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
    /// Check the site as it is built for this audience: links to pages of narrower audiences are reported [default: `publish_audience` in cairn.yaml].
    #[arg(long, value_name = "NAME")]
    audience: Option<String>,
}

/// Output formats of `cairn check`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Messages for people, on standard error.
    Human,
    /// One JSON document on standard output, for CI and scripts.
    Json,
}

/// What was found, counted.
struct Counts {
    errors: usize,
    warnings: usize,
    /// Entries of the memory report.
    noted: usize,
    failed: bool,
}

pub fn run(args: Args, global: &Global) -> ExitCode {
    let options = BuildOptions {
        out: None,
        drafts: args.drafts,
        today: global.today,
        audience: args.audience,
        progress: progress_bar(global.quiet || args.format == Format::Json),
    };
    let outcome = cairn::build::check(&args.dir, &options);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let memory = &outcome.memory;
    let noted = memory.len() + outcome.actions.len() + outcome.unhanded_roles.len();
    let counts = Counts {
        errors,
        warnings,
        noted,
        failed: errors > 0 || (args.deny_warnings && warnings + noted > 0),
    };
    match args.format {
        Format::Json => print_json(&outcome, &counts),
        Format::Human => print_human(&outcome, &counts, global.quiet),
    }
    if counts.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// One JSON document on standard output.
fn print_json(outcome: &CheckOutcome, counts: &Counts) {
    let report = serde_json::json!({
        "ok": !counts.failed,
        "pages": outcome.pages,
        "errors": counts.errors,
        "warnings": counts.warnings,
        "diagnostics": outcome.diagnostics,
        "memory": outcome.memory,
        "actions": outcome.actions,
        "roles_without_handover": outcome.unhanded_roles,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("the report serializes")
    );
}

/// The diagnostics, the memory report and a summary line, on standard error.
fn print_human(outcome: &CheckOutcome, counts: &Counts, quiet: bool) {
    report(&outcome.diagnostics, quiet);
    if quiet {
        return;
    }
    print_memory(&outcome.memory, &outcome.unhanded_roles);
    print_actions(&outcome.actions);
    let Counts {
        errors,
        warnings,
        noted,
        ..
    } = *counts;
    eprintln!(
        "Checked {} pages: {errors} error{}, {warnings} warning{}, {noted} {} in the memory report.",
        outcome.pages.unwrap_or(0),
        plural(errors),
        plural(warnings),
        if noted == 1 { "entry" } else { "entries" },
    );
}

/// Prints the memory report of `cairn check`.
fn print_actions(actions: &ActionReport) {
    let lists = [
        ("open actions past their due date", &actions.overdue),
        (
            "open actions not carried over to the next handover",
            &actions.dropped,
        ),
    ];
    for (heading, entries) in lists {
        if entries.is_empty() {
            continue;
        }
        eprintln!("memory: {heading} ({})", entries.len());
        for entry in entries {
            eprintln!(
                "  {}:{}: {} — {}",
                entry.source, entry.line, entry.action, entry.detail
            );
        }
        eprintln!();
    }
}

fn print_memory(memory: &MemoryReport, unhanded_roles: &[Entry]) {
    let lists = [
        ("past their review date", memory.overdue.as_slice()),
        ("handovers without a successor", &memory.no_successor),
        ("pages nothing links to", &memory.orphans),
        ("pages whose owner has left", &memory.owner_left),
        ("agreements past their renewal date", &memory.renewal_due),
        ("roles without a handover", unhanded_roles),
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
