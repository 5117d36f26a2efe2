//! Helpers shared by both integration test targets (`tests/it` and
//! `tests/browser`, each of which includes this folder as `mod common`): a
//! knowledge base in a temporary folder, the real `cairn` binary run on it,
//! the generated HTML parsed for assertions, and `cairn serve` as a child
//! process ([`server`]).

pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// 2026-06-01, so review dates in fixtures are overdue or not, whatever today is.
pub const FIXED_EPOCH: &str = "1780272000";

pub struct Kb {
    dir: tempfile::TempDir,
}

impl Kb {
    pub fn new() -> Kb {
        Kb {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of the fixture knowledge base `tests/fixtures/NAME` (such as
    /// `valid/guides` or `invalid/malformed-yaml`) in a temporary folder, to
    /// build or change as a test likes: the fixture itself is never touched.
    pub fn from_fixture(name: &str) -> Kb {
        let kb = Kb::new();
        kb.add_fixture(name);
        kb
    }

    /// Copies the files of the fixture `tests/fixtures/NAME` into this
    /// knowledge base, over any of the same name.
    pub fn add_fixture(&self, name: &str) -> &Kb {
        copy_dir(&fixture(name), self.root());
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file, creating its folders.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Kb {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    /// Runs `cairn ARGS` in the knowledge base folder.
    pub fn cairn(&self, args: &[&str]) -> Run {
        run_cairn(self.root(), args)
    }

    /// `cairn build` that must succeed.
    pub fn build(&self) -> Run {
        let run = self.cairn(&["build"]);
        assert!(run.ok(), "build failed:\n{}", run.stderr);
        run
    }

    /// Parses an output file of the default output folder.
    pub fn html(&self, rel: &str) -> Page {
        Page(Html::parse_document(&self.read(&format!("public/{rel}"))))
    }
}

pub fn run_cairn(cwd: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", FIXED_EPOCH)
        .output()
        .expect("cairn runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// Asserts the error output (diagnostics, summary) contains every `needle`.
    pub fn says(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "missing {needle:?} in:\n{}",
                self.stderr
            );
        }
    }

    /// Asserts the run failed and its error output contains every `needle`.
    pub fn fails_with(&self, needles: &[&str]) {
        assert_eq!(
            self.code,
            Some(1),
            "expected failure, got {:?}:\n{}",
            self.code,
            self.stderr
        );
        self.says(needles);
    }
}

/// A parsed HTML document.
pub struct Page(pub Html);

impl Page {
    pub fn all(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.0.select(&selector).collect()
    }

    pub fn one(&self, css: &str) -> scraper::ElementRef<'_> {
        let found = self.all(css);
        assert!(!found.is_empty(), "no element matches {css}");
        found[0]
    }

    /// The text of every element matching `css`, white space folded.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text).collect()
    }

    pub fn text(&self, css: &str) -> String {
        text(self.one(css))
    }

    /// The `<div><dt>…</dt><dd>…</dd></div>` entries of the definition list
    /// `css`, each as "term value".
    pub fn definitions(&self, css: &str) -> Vec<String> {
        self.all(&format!("{css} > div"))
            .into_iter()
            .map(|div| {
                let part = |tag: &str| {
                    let selector = Selector::parse(tag).unwrap();
                    div.select(&selector).next().map(text).unwrap_or_default()
                };
                format!("{} {}", part("dt"), part("dd"))
            })
            .collect()
    }

    pub fn attr(&self, css: &str, attr: &str) -> String {
        self.one(css)
            .value()
            .attr(attr)
            .unwrap_or_else(|| panic!("{css} has no {attr}"))
            .to_owned()
    }
}

pub fn text(element: scraper::ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Front matter and body of a page.
pub fn page(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}")
}

/// The folder of the fixture `NAME` under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(dir.is_dir(), "no fixture folder {}", dir.display());
    dir
}

/// Copies the bundled example (its `content/` and `cairn.yaml`) into `root`.
pub fn copy_example(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &root.join("content"));
    std::fs::copy(repo.join("cairn.yaml"), root.join("cairn.yaml")).unwrap();
}

/// Copies the files under `from` into `to`, as new files (writable whatever
/// the checkout's permissions, so tests can edit them).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            let bytes = std::fs::read(entry.path())
                .unwrap_or_else(|e| panic!("reading {}: {e}", entry.path().display()));
            std::fs::write(&target, bytes).unwrap();
        }
    }
}

/// A decision log of `n` decisions under `content/log/`, one every three
/// days from 2020 on, none linked from anywhere: long enough, past 200, for
/// the timeline and the list of pages nothing links to to take several pages.
pub fn decision_log(root: &Path, n: usize) {
    let log = root.join("content/log");
    std::fs::create_dir_all(&log).unwrap();
    std::fs::write(
        log.join("_index.md"),
        page("title: Decision log", "Every decision, oldest first.\n"),
    )
    .unwrap();
    let start: jiff::civil::Date = "2020-01-01".parse().unwrap();
    for i in 1..=n {
        let date = start
            .checked_add(jiff::Span::new().days(i64::try_from(i * 3).unwrap()))
            .unwrap();
        let front = format!(
            "title: \"Decision {i:03}\"\nkind: decision\ndate: {date}\nstatus: agreed\ndecided_by: [Partnership Board]"
        );
        std::fs::write(
            log.join(format!("d-{i:03}.md")),
            page(&front, &format!("Decided {i}.\n")),
        )
        .unwrap();
    }
}
