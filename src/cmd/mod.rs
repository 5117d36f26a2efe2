//! The commands of the `cairn` binary, one file each, and what they share:
//! the global options, printing diagnostics, the progress bar and the date.
//!
//! A command turns its arguments into a call to the library, prints what
//! came of it for the person at the terminal, and chooses the exit code.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cairn::diagnostics::{Diagnostic, Severity};

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod pack;
pub mod serve;

/// The options every command takes, and the date it runs on.
pub struct Global {
    /// Print only errors.
    pub quiet: bool,
    /// How many times `-v` was given.
    pub verbose: u8,
    pub today: jiff::civil::Date,
}

/// A progress bar on a terminal, hidden otherwise or when `quiet`.
pub fn progress_bar(quiet: bool) -> ProgressBar {
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

/// Prints diagnostics (warnings unless quiet); returns the number of errors.
pub fn report(diagnostics: &[Diagnostic], quiet: bool) -> usize {
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

/// Prints how long each stage of a build took, for `-v`.
pub fn print_stages(stages: &[(&'static str, std::time::Duration)]) {
    for (stage, took) in stages {
        eprintln!("  {stage:<14} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
}

/// ", 1 warning", ", 3 warnings", or nothing, to end a summary line.
pub fn warnings_suffix(warnings: usize) -> String {
    match warnings {
        0 => String::new(),
        1 => ", 1 warning".to_owned(),
        n => format!(", {n} warnings"),
    }
}

/// "s" unless there is exactly one.
pub fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// Today's date, or the date of `SOURCE_DATE_EPOCH` (seconds since 1970) when
/// set, so that builds can be reproduced exactly.
pub fn today() -> jiff::civil::Date {
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
