//! Replays the fuzz corpus: every seed (`fuzz/seeds/<target>/`) and every
//! input that once made a target fail (`fuzz/regressions/<target>/`) runs
//! through the same target code as the fuzzer (`fuzz/src/lib.rs`), so a
//! crash the fuzzer found stays fixed without AFL installed.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/lib.rs"]
mod harness;

fn inputs(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("list the corpus").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every input of `target`; fails naming each input that panicked.
fn replay(target: &str) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = inputs(&fuzz.join("seeds").join(target));
    assert!(
        seeds.len() >= 5,
        "fuzz/seeds/{target} has {} seeds; the fuzzer starts from them",
        seeds.len()
    );
    let regressions = inputs(&fuzz.join("regressions").join(target));
    let fuzzer = harness::Fuzzer::new(target).expect("a known target");
    let failed: Vec<String> = seeds
        .iter()
        .chain(&regressions)
        .filter(|path| {
            let data = std::fs::read(path).expect("read a corpus file");
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| fuzzer.run(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target} failed on: {failed:#?}");
}

#[test]
fn every_target_has_a_test_here() {
    // A target added to the harness must be replayed too.
    assert_eq!(
        harness::TARGETS,
        [
            "frontmatter",
            "page",
            "live",
            "config",
            "request_path",
            "search_index",
            "site_tree"
        ]
    );
}

#[test]
fn frontmatter() {
    replay("frontmatter");
}

#[test]
fn page() {
    replay("page");
}

#[test]
fn live() {
    replay("live");
}

#[test]
fn config() {
    replay("config");
}

#[test]
fn request_path() {
    replay("request_path");
}

#[test]
fn search_index() {
    replay("search_index");
}

#[test]
fn site_tree() {
    replay("site_tree");
}
