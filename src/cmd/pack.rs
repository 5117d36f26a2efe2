//! `cairn pack`: one role's handover pack (or the induction pack) as a
//! single file, to attach to an email or print, without building the site.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cairn::build::{pack, BuildOptions, PackOf};

use super::{progress_bar, report, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The role, by its name or an alias of its profile ("Schools Liaison Officer", "SLO").
    #[arg(required_unless_present = "induction", conflicts_with = "induction")]
    role: Option<String>,
    /// Make the induction path's pack ("Start here" as one document) instead.
    #[arg(long)]
    induction: bool,
    /// Where to write it; `-` for standard output [default: ROLE-pack.html in the current folder].
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The knowledge base folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// Make it for this audience: its pages and those of every wider audience [default: `publish_audience` in cairn.yaml].
    #[arg(long, value_name = "NAME")]
    audience: Option<String>,
    /// Overwrite FILE even if Cairn did not make it.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, global: &Global) -> ExitCode {
    let options = BuildOptions {
        out: None,
        drafts: false,
        today: global.today,
        audience: args.audience,
        progress: progress_bar(global.quiet),
    };
    let of = match args.role {
        Some(role) => PackOf::Role(role),
        None => PackOf::Induction,
    };
    let outcome = pack(&args.dir, &options, &of);
    let errors = report(&outcome.diagnostics, global.quiet);
    let Some(made) = outcome.pack else {
        eprintln!("No pack made ({errors} error{}).", super::plural(errors));
        return ExitCode::FAILURE;
    };
    let target = args
        .output
        .unwrap_or_else(|| PathBuf::from(file_name(&made.path)));
    if target.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        return match stdout
            .write_all(made.html.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: could not write the pack to standard output: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if !args.force && target.exists() && !made_by_cairn(&target) {
        eprintln!(
            "error: `{}` exists and is not a pack Cairn made; it was left as it was\n  help: choose another file with -o, or add --force to replace it",
            target.display()
        );
        return ExitCode::FAILURE;
    }
    if let Err(error) = write_whole(&target, made.html.as_bytes()) {
        eprintln!(
            "error: could not write `{}`: {error}\n  help: check that its folder exists and can be written to, or choose another file with -o",
            target.display()
        );
        return ExitCode::FAILURE;
    }
    if !global.quiet {
        let size = made.html.len();
        let size = if size < 1_000_000 {
            format!("{} kB", size.div_ceil(1000))
        } else {
            format!("{:.1} MB", size as f64 / 1_000_000.0)
        };
        eprintln!(
            "Wrote {} ({size}): open it in a browser to read it, print it or save it as PDF.",
            target.display(),
        );
    }
    ExitCode::SUCCESS
}

/// The file a pack published at `path` is written to by default:
/// `roles/slo/pack.html` → `slo-pack.html`.
fn file_name(path: &str) -> String {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or(path);
    match (last, parts.next()) {
        ("pack.html", Some(role)) => format!("{role}-pack.html"),
        _ => last.to_owned(),
    }
}

/// Whether the file at `path` is one Cairn wrote: an HTML file whose
/// head names Cairn as its generator.
fn made_by_cairn(path: &Path) -> bool {
    let mut head = [0u8; 2048];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let read = file.read(&mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..read]);
    head.starts_with("<!DOCTYPE html>")
        && head.contains("<meta name=\"generator\" content=\"Cairn ")
}

/// Writes `bytes` to `path` whole or not at all: to a file beside it, then
/// renamed over it.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pack.html".to_owned());
    let partial = dir.join(format!(".{name}.cairn-partial"));
    let written = std::fs::File::create(&partial)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()));
    match written.and_then(|()| std::fs::rename(&partial, path)) {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_names() {
        assert_eq!(
            file_name("roles/schools-liaison-officer/pack.html"),
            "schools-liaison-officer-pack.html"
        );
        assert_eq!(file_name("induction-pack.html"), "induction-pack.html");
    }
}
