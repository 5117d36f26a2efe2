//! The command line: help, version, init, verbosity.

use crate::common::{run_cairn, Kb};

#[test]
fn help_and_version() {
    let kb = Kb::new();
    let help = kb.cairn(&["--help"]);
    assert!(help.ok());
    assert!(help.stdout.contains("build"), "{}", help.stdout);
    assert!(help.stdout.contains("init"), "{}", help.stdout);
    let build_help = kb.cairn(&["build", "--help"]);
    assert!(
        build_help.stdout.contains("--out <OUT>"),
        "{}",
        build_help.stdout
    );
    let version = kb.cairn(&["--version"]);
    assert_eq!(
        version.stdout.trim(),
        format!("cairn {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(kb.cairn(&["frobnicate"]).code, Some(2));
}

#[test]
fn init_creates_a_knowledge_base_that_builds_cleanly() {
    let kb = Kb::new();
    let run = kb.cairn(&["init", "team-kb", "--title", "Eastfield Partnership"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(kb.path("team-kb/cairn.yaml").is_file());
    let built = run_cairn(&kb.path("team-kb"), &["build"]);
    assert!(built.ok(), "{}", built.stderr);
    assert!(!built.stderr.contains("warning"), "{}", built.stderr);
    let home = crate::common::Page(scraper::Html::parse_document(
        &kb.read("team-kb/public/index.html"),
    ));
    assert_eq!(home.text(".site-title"), "Eastfield Partnership");
    assert_eq!(
        home.texts(".reading-path > li > a"),
        ["Start here: your first week"]
    );
    // Never overwrites.
    kb.cairn(&["init", "team-kb"])
        .fails_with(&["refusing to overwrite"]);
}

#[test]
fn quiet_and_verbose() {
    let kb = Kb::new();
    kb.write("content/a.md", "See [x](gone.md).\n");
    let quiet = kb.cairn(&["build", "-q"]);
    assert!(quiet.ok());
    assert_eq!(quiet.stderr, "");
    let normal = kb.cairn(&["build"]);
    assert!(
        normal.stderr.contains("warning: link to a missing file"),
        "{}",
        normal.stderr
    );
    assert!(normal.stderr.contains("Built 1 page"), "{}", normal.stderr);
    let verbose = kb.cairn(&["build", "-v"]);
    assert!(verbose.stderr.contains("markdown"), "{}", verbose.stderr);
}
