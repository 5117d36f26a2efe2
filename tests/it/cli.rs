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
    normal.says(&["warning[link/missing-page]: link to a missing file"]);
    normal.says(&["Built 1 page"]);
    let verbose = kb.cairn(&["build", "-v"]);
    verbose.says(&["markdown"]);
}

#[test]
fn new_scaffolds_a_handover_that_is_hard_to_get_wrong() {
    let kb = Kb::new();
    kb.write("cairn.yaml", "author: Priya Shah\nreview_months: 6\n")
        .write("content/_index.md", "# Home\n");
    let run = kb.cairn(&[
        "new",
        "handover",
        "Handover: ASB coordinator (Priya to Tom)",
    ]);
    assert!(run.ok(), "{}", run.stderr);
    let rel = "content/handovers/2026/handover-asb-coordinator-priya-to-tom.md";
    assert_eq!(run.stdout.trim(), format!("created ./{rel}"));
    let text = kb.read(rel);
    let front: serde_json::Value = {
        let yaml = text.split("---\n").nth(1).unwrap();
        let map: std::collections::BTreeMap<String, serde_json::Value> = yaml
            .lines()
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| {
                (
                    k.to_owned(),
                    serde_json::Value::String(v.split("  #").next().unwrap().to_owned()),
                )
            })
            .collect();
        serde_json::to_value(map).unwrap()
    };
    assert_eq!(front["date"], "2026-06-01");
    assert_eq!(front["review_by"], "2026-12-01");
    assert_eq!(front["author"], "Priya Shah");
    assert_eq!(front["kind"], "handover");
    assert_eq!(front["audience"], "partnership");
    // The example action is due a month from today, not already overdue.
    assert!(
        text.contains("📅 2026-07-01 [owner:: [[Person]]]"),
        "{text}"
    );
    for heading in [
        "## Open actions",
        "## Key contacts",
        "## Current risks",
        "## Where things are kept",
        "## What I wish I had known",
    ] {
        assert!(text.contains(heading), "missing {heading} in:\n{text}");
    }
    // It builds at once, warning about what is left to fill in.
    let built = kb.build();
    built.says(&["`role` is empty"]);
    let page = kb.html("handovers/2026/handover-asb-coordinator-priya-to-tom.html");
    assert_eq!(
        page.text("main h1"),
        "Handover: ASB coordinator (Priya to Tom)"
    );
    // Never overwrites.
    kb.cairn(&[
        "new",
        "handover",
        "Handover: ASB coordinator (Priya to Tom)",
    ])
    .fails_with(&["already exists"]);
    assert_eq!(kb.read(rel), text);
}

#[test]
fn new_takes_the_author_from_git_and_a_folder_from_in() {
    let kb = Kb::new();
    kb.write("content/_index.md", "# Home\n")
        .write("gitconfig", "[user]\n\tname = Git User\n");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args([
            "new",
            "guide",
            "Using the case system",
            "--in",
            "guides/systems",
        ])
        .current_dir(kb.root())
        .env("GIT_CONFIG_GLOBAL", kb.path("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("SOURCE_DATE_EPOCH", crate::common::FIXED_EPOCH)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = kb.read("content/guides/systems/using-the-case-system.md");
    assert!(text.contains("\nauthor: Git User\n"), "{text}");
    assert!(text.contains("\nreaders: \"\""), "{text}");
    assert!(
        text.contains(
            "\naudience: partnership  # who may read it: public, partnership, restricted\n"
        ),
        "{text}"
    );
    kb.cairn(&["new", "decison", "X"])
        .fails_with(&["unknown kind `decison`", "did you mean `decision`?"]);
}
