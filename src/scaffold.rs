//! `cairn init`: a new knowledge base with a config file and starter pages.
//!
//! The starter files live in `src/starter/` and are compiled in. Nothing that
//! already exists is overwritten: init refuses a folder that holds any of the
//! files it would write.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, File};

use crate::diagnostics::Diagnostic;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

/// Creates a knowledge base in `dir` titled `title`; returns the files written.
pub fn init(dir: &Path, title: &str, today: jiff::civil::Date) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files.sort_by_key(|f| f.path());

    let clashes: Vec<String> = files
        .iter()
        .map(|f| dir.join(f.path()))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !clashes.is_empty() {
        return Err(Diagnostic::error(format!(
            "refusing to overwrite existing files: {}",
            clashes.join(", ")
        ))
        .help("choose a new folder, e.g. `cairn init my-team-kb`"));
    }

    let review = today
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(today);
    let mut written = Vec::new();
    for file in files {
        let target = dir.join(file.path());
        let text = file
            .contents_utf8()
            .expect("starter files are UTF-8")
            .replace("{{title}}", &title.replace('"', "'"))
            .replace("{{today}}", &today.to_string())
            .replace("{{review_by}}", &review.to_string());
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| cannot_write(parent, &e))?;
        }
        fs::write(&target, text).map_err(|e| cannot_write(&target, &e))?;
        written.push(target);
    }
    Ok(written)
}

fn collect<'a>(dir: &'a Dir<'a>, files: &mut Vec<&'a File<'a>>) {
    files.extend(dir.files());
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

fn cannot_write(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write `{}`: {error}", path.display()))
        .help("check that you may write in that folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_starter_files_once() {
        let tmp = tempfile::tempdir().unwrap();
        let today = jiff::civil::date(2026, 1, 15);
        let written = init(tmp.path(), "Team \"A\" KB", today).unwrap();
        assert!(written.iter().any(|p| p.ends_with("cairn.yaml")));
        let config = fs::read_to_string(tmp.path().join("cairn.yaml")).unwrap();
        assert!(config.contains("title: \"Team 'A' KB\""), "{config}");
        let err = init(tmp.path(), "again", today).unwrap_err();
        assert!(err.message.contains("refusing to overwrite"));
    }
}
