//! `cairn serve`: the preview server, and what it tells the person at the
//! terminal while it runs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::ProgressBar;

use cairn::build::BuildOptions;
use cairn::diagnostics::{Diagnostic, Severity};
use cairn::serve::server::Limits;
use cairn::serve::{Event, ServeOptions};

use super::{plural, print_stages, report, warnings_suffix, Global};

#[derive(clap::Args)]
pub struct Args {
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
    /// Also answer requests for this host name (repeat for more), such as
    /// this computer's name on the network when listening beyond it.
    /// Requests naming any other host are refused.
    #[arg(long, value_name = "HOST")]
    allow_host: Vec<String>,
    /// Open the site in the browser once it is up.
    #[arg(long)]
    open: bool,
    /// Also show pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Sets every timeout of the preview server, in milliseconds, instead of
/// its defaults (seconds): for tests of the timeouts, which should not wait
/// that long. Not documented for users.
const TIMEOUT_VARIABLE: &str = "CAIRN_SERVE_TIMEOUT_MS";
/// Sets the most connections open at once, for tests of the limit, which
/// should not need hundreds. Not documented for users.
const CONNECTIONS_VARIABLE: &str = "CAIRN_SERVE_MAX_CONNECTIONS";

pub fn run(args: Args, global: &Global) -> ExitCode {
    if args.bind.is_unspecified() && args.allow_host.is_empty() {
        // Every address of this computer: no request can name it, so the
        // names others will use must be given, or every one is refused.
        eprintln!(
            "error: --bind {} listens on every address of this computer, and requests are answered only when they name an allowed host\n  help: say which names or addresses others will use, e.g. --allow-host kb.office.example --allow-host 192.168.1.20, or --bind that one address",
            args.bind
        );
        return ExitCode::FAILURE;
    }
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other computers that can reach this one can read the knowledge base",
            args.bind
        );
        if args.allow_host.is_empty() {
            eprintln!(
                "  note: only requests to {} or localhost are answered; to reach it by a name (this computer's name on the network), add --allow-host NAME",
                args.bind
            );
        }
    }
    let Some(limits) = limits_from_env() else {
        return ExitCode::FAILURE;
    };
    let Some(dir) = folder_to_serve(args.dir) else {
        return ExitCode::FAILURE;
    };
    let options = ServeOptions {
        dir,
        bind: args.bind,
        port: args.port,
        allow_hosts: args.allow_host,
        open: args.open,
        build: BuildOptions {
            out: None,
            drafts: args.drafts,
            today: global.today,
            audience: None,
            progress: ProgressBar::hidden(),
        },
        limits,
    };
    let mut first = true;
    let result = cairn::serve::serve(options, |event| {
        print_event(event, (global.quiet, global.verbose > 0), &mut first);
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The server's limits: the defaults, or what the variables for tests set
/// (`None`, after saying why, if one is not a number above 0).
fn limits_from_env() -> Option<Limits> {
    let number = |name: &str| -> Result<Option<u64>, ()> {
        match std::env::var(name) {
            Ok(value) => match value.trim().parse::<u64>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => {
                    eprintln!("error: {name} must be a whole number above 0, not {value:?}");
                    Err(())
                }
            },
            Err(_) => Ok(None),
        }
    };
    let mut limits = match number(TIMEOUT_VARIABLE).ok()? {
        Some(ms) => Limits::with_timeout(Duration::from_millis(ms)),
        None => Limits::default(),
    };
    if let Some(most) = number(CONNECTIONS_VARIABLE).ok()? {
        limits.max_connections = usize::try_from(most).unwrap_or(usize::MAX);
    }
    Some(limits)
}

/// The folder given; else the current folder if it holds a knowledge base;
/// else the bundled example, written to a temporary folder (`None`, after
/// saying why, if that fails).
fn folder_to_serve(dir: Option<PathBuf>) -> Option<PathBuf> {
    match dir {
        Some(dir) => Some(dir),
        None if cairn::scaffold::holds_knowledge_base(Path::new(".")) => Some(PathBuf::from(".")),
        None => {
            let example =
                std::env::temp_dir().join(format!("cairn-example-{}", env!("CARGO_PKG_VERSION")));
            if let Err(error) = cairn::scaffold::write_example(&example) {
                eprintln!("{error}");
                return None;
            }
            eprintln!(
                "No knowledge base here (no cairn.yaml, content/ or Markdown files): serving the bundled example from {}.\nStart your own with `cairn init DIR`, then `cairn serve DIR`.",
                example.display()
            );
            Some(example)
        }
    }
}

/// Tells the person at the terminal what the preview server is doing. The
/// first build prints every warning; later ones print errors and a count.
fn print_event(event: Event, (quiet, verbose): (bool, bool), first: &mut bool) {
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
            slowest,
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
                print_stages(stages);
                let slowest: Vec<String> = slowest
                    .iter()
                    .map(|(path, took)| format!("{path} {:.1} ms", took.as_secs_f64() * 1000.0))
                    .collect();
                if !slowest.is_empty() {
                    eprintln!("  slowest files: {}", slowest.join(", "));
                }
            }
            if ok {
                if !quiet {
                    eprintln!(
                        "{} {files} files in {ms:.0} ms{what}{}",
                        if full { "Built" } else { "Updated" },
                        warnings_suffix(warnings)
                    );
                }
            } else {
                eprintln!(
                    "Build failed{what} with {errors} error{}; still serving the last good version.",
                    plural(errors)
                );
            }
            *first = false;
        }
        Event::WatchError(message) => eprintln!("warning: watching for changes: {message}"),
    }
}
