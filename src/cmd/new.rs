//! `cairn new`: creates a page from its kind's archetype.

use std::path::PathBuf;
use std::process::ExitCode;

use cairn::project::config::Project;
use cairn::scaffold::NewPage;

use super::{report, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The kind: handover, project, guide, person, role, agency, glossary,
    /// decision, agreement, note, or one declared in cairn.yaml.
    kind: String,
    /// The page's title; the file name is made from it.
    title: String,
    /// The knowledge base folder.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The folder to create the page in, relative to the content folder.
    #[arg(long = "in", value_name = "FOLDER")]
    folder: Option<String>,
}

pub fn run(args: Args, global: &Global) -> ExitCode {
    let project = match Project::open(&args.dir, None) {
        Ok(project) => project,
        Err(errors) => {
            report(&errors, false);
            return ExitCode::FAILURE;
        }
    };
    let new = NewPage {
        kind: &args.kind,
        title: &args.title,
        folder: args.folder.as_deref(),
        today: global.today,
    };
    match cairn::scaffold::new_page(&project, &new) {
        Ok(path) => {
            if !global.quiet {
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
