//! When each file last changed, from Git.
//!
//! When the knowledge base is in a Git repository, a page's "last updated"
//! date (without an `updated` key) is the date of the last commit that
//! touched it. One `git log` run reads the whole history, so this costs the
//! same for ten pages or ten thousand. Without Git, or outside a repository,
//! there is no history and pages fall back to their file dates.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// When a file last changed, and how Cairn knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub date: jiff::civil::Date,
    pub source: ChangeSource,
}

/// Where a "last changed" date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeSource {
    /// The last commit that touched the file.
    Git,
    /// The file system's modification time.
    File,
}

/// Last commit date of each file, by path relative to the content folder.
#[derive(Debug, Default)]
pub struct History {
    dates: HashMap<String, jiff::civil::Date>,
}

impl History {
    /// Reads the history of the files under `content_dir`. Any failure (no
    /// Git, not a repository, a shallow or odd clone) gives an empty history.
    pub fn read(content_dir: &Path) -> History {
        History::try_read(content_dir).unwrap_or_default()
    }

    fn try_read(content_dir: &Path) -> Option<History> {
        let prefix = git(content_dir, &["rev-parse", "--show-prefix"])?;
        let prefix = prefix.trim();
        let log = git(
            content_dir,
            &[
                "log",
                "--format=%x00%cs",
                "--name-only",
                "--no-renames",
                "--",
                ".",
            ],
        )?;
        let mut dates = HashMap::new();
        let mut date = None;
        for line in log.lines() {
            if let Some(commit_date) = line.strip_prefix('\0') {
                date = commit_date.parse::<jiff::civil::Date>().ok();
            } else if let Some(date) = date.filter(|_| !line.is_empty()) {
                // Paths are relative to the repository root; newest first.
                let rel = line.strip_prefix(prefix).unwrap_or(line);
                dates.entry(rel.to_owned()).or_insert(date);
            }
        }
        Some(History { dates })
    }

    /// The date of the last commit that changed `rel`, if it is committed.
    pub fn last_changed(&self, rel: &str) -> Option<jiff::civil::Date> {
        self.dates.get(rel).copied()
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).ok())
        .flatten()
}
