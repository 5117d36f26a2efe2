//! `cairn init`: creates a new knowledge base with a config file and
//! starter pages.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Global;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to create (it may exist, but must not hold Cairn's files).
    dir: PathBuf,
    /// The site's title [default: the folder's name].
    #[arg(long)]
    title: Option<String>,
}

pub fn run(args: Args, global: &Global) -> ExitCode {
    let dir = args.dir;
    let title = args.title.unwrap_or_else(|| folder_name(&dir));
    match cairn::scaffold::init(&dir, &title, global.today) {
        Ok(files) => {
            if !global.quiet {
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

/// The name of the folder `dir` (made absolute first, so that `.` has one),
/// the default title of a new knowledge base.
fn folder_name(dir: &Path) -> String {
    dir.canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .file_name()
        .map_or_else(
            || "Knowledge base".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
}
