//! Bad input: a clear error naming file, line and column, a non-zero exit,
//! no panic, and nothing lost.
//!
//! Each bad knowledge base is a folder under `tests/fixtures/invalid/`; the
//! test next to it says where the error must point. Cases made while the test
//! runs (symbolic links, permissions, a missing folder) are written here.

use crate::common::{fixture, page, Kb};

#[test]
fn malformed_yaml_shows_the_line_and_a_caret() {
    let kb = Kb::from_fixture("invalid/malformed-yaml");
    let run = kb.cairn(&["build"]);
    run.fails_with(&[
        "error[yaml/syntax]: malformed YAML front matter",
        "content/a.md:4:7",
        "^",
        "help:",
    ]);
    assert!(!kb.path("public").exists());
}

#[test]
fn schema_violations_give_position_expected_type_and_found_value() {
    let kb = Kb::from_fixture("invalid/schema-violations");
    let run = kb.cairn(&["build"]);
    run.fails_with(&[
        "error[frontmatter/type]: `date` must be a date written YYYY-MM-DD, found the text \"2025-13-45\"",
        "content/handovers/h.md:5:7",
        "`review_by` must be a date written YYYY-MM-DD, found a list",
        "content/handovers/h.md:6:12",
        "`weight` must be a number (decimals are rounded), found the text \"heavy\"",
        "content/handovers/h.md:7:9",
    ]);
}

#[test]
fn missing_required_fields_and_unknown_kinds() {
    let kb = Kb::from_fixture("invalid/missing-fields-and-unknown-kind");
    kb.cairn(&["build"]).fails_with(&[
        "a decision needs `decided_by` in its front matter",
        "a decision needs `status` in its front matter",
        "content/decisions/d.md:1:1",
        "unknown kind `handovr`",
        "content/x.md:3:7",
        "did you mean `handover`?",
    ]);
}

#[test]
fn all_errors_are_reported_together_sorted_by_file() {
    let kb = Kb::from_fixture("invalid/errors-in-two-files");
    let run = kb.cairn(&["build"]);
    run.fails_with(&["Build failed with 2 errors"]);
    let a = run.stderr.find("content/a.md:2:9").unwrap();
    let b = run.stderr.find("content/b.md:3:1").unwrap();
    assert!(a < b, "{}", run.stderr);
}

#[test]
fn unclosed_front_matter() {
    let kb = Kb::from_fixture("invalid/unclosed-front-matter");
    kb.cairn(&["build"])
        .fails_with(&["the front matter is never closed", "content/a.md:1:1"]);
}

#[test]
fn non_utf8_files_are_named() {
    let kb = Kb::from_fixture("invalid/not-utf8");
    kb.cairn(&["build"]).fails_with(&[
        "not valid UTF-8",
        "content/latin1.md:2:11",
        "re-save the file as UTF-8",
    ]);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let kb = Kb::new();
    kb.write("content/notes/a.md", page("title: A", "x"));
    std::os::unix::fs::symlink(kb.path("content"), kb.path("content/notes/loop")).unwrap();
    kb.cairn(&["build"])
        .fails_with(&["symbolic link loop", "content/notes/loop"]);
}

#[cfg(unix)]
#[test]
fn links_leading_outside_the_knowledge_base_are_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        page("title: Secret", "the informant's name"),
    )
    .unwrap();
    std::fs::write(outside.path().join("logo.svg"), "<svg>secret logo</svg>").unwrap();
    let kb = Kb::new();
    kb.write("content/notes/a.md", page("title: A", "x"));
    // Links within the knowledge base are followed.
    kb.write(
        "drafts-elsewhere/b.md",
        page("title: B", "inside the knowledge base"),
    );
    symlink(
        kb.path("drafts-elsewhere/b.md"),
        kb.path("content/notes/b.md"),
    )
    .unwrap();
    kb.build();
    assert_eq!(kb.html("notes/b.html").text("h1"), "B");

    // A page, a folder and a theme file leading outside: every command
    // names each link and where it leads, and publishes nothing.
    symlink(
        outside.path().join("secret.md"),
        kb.path("content/notes/secret.md"),
    )
    .unwrap();
    symlink(outside.path(), kb.path("content/shared")).unwrap();
    kb.write("themes/default/static/.keep", "");
    symlink(
        outside.path().join("logo.svg"),
        kb.path("themes/default/static/logo.svg"),
    )
    .unwrap();
    let before = kb.read("public/notes/a.html");
    let real = outside.path().canonicalize().unwrap();
    for command in ["build", "check"] {
        let run = kb.cairn(&[command]);
        for link in [
            "content/notes/secret.md",
            "content/shared",
            "static/logo.svg",
        ] {
            run.fails_with(&["load/symlink-outside", link, &real.display().to_string()]);
        }
        run.fails_with(&["allow_symlinks_to"]);
    }
    assert_eq!(
        kb.read("public/notes/a.html"),
        before,
        "the last build stays"
    );
    assert!(!kb.path("public/notes/secret.html").exists());
    assert!(!kb.path("public/shared").exists());

    // Allowed by name, the folder is read.
    std::fs::remove_file(kb.path("content/notes/secret.md")).unwrap();
    std::fs::remove_file(kb.path("themes/default/static/logo.svg")).unwrap();
    kb.write(
        "cairn.yaml",
        format!("allow_symlinks_to: [\"{}\"]\n", outside.path().display()),
    );
    kb.build();
    assert_eq!(kb.html("shared/secret.html").text("h1"), "Secret");
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let kb = Kb::new();
    kb.write("content/secret.md", page("title: S", "x"));
    std::fs::set_permissions(
        kb.path("content/secret.md"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    if std::fs::read(kb.path("content/secret.md")).is_ok() {
        // Running as root: permissions do not stop reading. Use a folder that
        // cannot be listed instead, which root can still not read if it is a
        // dangling symlink.
        std::fs::remove_file(kb.path("content/secret.md")).unwrap();
        std::os::unix::fs::symlink(kb.path("nowhere/secret.md"), kb.path("content/secret.md"))
            .unwrap();
    }
    kb.cairn(&["build"])
        .fails_with(&["content/secret.md", "cannot read"]);
}

#[test]
fn two_sources_for_one_address_name_both_files() {
    // An error about a whole file names the file, without a line.
    let kb = Kb::from_fixture("invalid/two-sources-one-address");
    kb.cairn(&["build"]).fails_with(&[
        "people/ana-silva.html",
        "people/Ana Silva.md",
        "people/ana-silva.md",
    ]);
}

#[test]
fn a_folder_page_written_twice_names_both() {
    let kb = Kb::from_fixture("invalid/folder-page-twice");
    kb.cairn(&["build"])
        .fails_with(&["guides/_index.md", "guides/index.md"]);
}

#[test]
fn unknown_config_keys_suggest_the_nearest() {
    let kb = Kb::from_fixture("invalid/unknown-config-key");
    kb.cairn(&["build"]).fails_with(&[
        "unknown field `raw_htm`",
        "did you mean `raw_html`?",
        "cairn.yaml:2:1",
    ]);
}

#[test]
fn oversized_files_are_reported_not_parsed() {
    let kb = Kb::from_fixture("invalid/oversized-file");
    assert!(kb.read("content/big.md").len() > 1024);
    kb.cairn(&["build"]).fails_with(&[
        "content/big.md",
        "over the limit of 1 KiB",
        "max_file_size_kb",
    ]);
}

#[test]
fn a_missing_knowledge_base_folder() {
    let kb = Kb::new();
    kb.cairn(&["build", "does-not-exist"])
        .fails_with(&["`does-not-exist` is not a folder"]);
}

/// Every folder of `tests/fixtures/invalid/` is a knowledge base that does
/// not build: it fails with an error and writes no output.
#[test]
fn every_invalid_fixture_fails_to_build() {
    let mut cases: Vec<String> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{cases:?}");
    for case in cases {
        let kb = Kb::from_fixture(&format!("invalid/{case}"));
        let run = kb.cairn(&["build"]);
        assert_eq!(run.code, Some(1), "{case} built:\n{}", run.stderr);
        assert!(run.stderr.contains("error["), "{case}:\n{}", run.stderr);
        assert!(!kb.path("public").exists(), "{case} wrote output");
    }
}

/// Inputs that once crashed a build or made it take minutes and gigabytes:
/// each now builds, with its problems reported readably.
#[test]
fn pathological_pages_build_with_their_problems_reported() {
    let kb = Kb::new();
    // An embed chain 1,000 pages deep (it overflowed the stack).
    for n in 0..1000 {
        let next = if n < 999 {
            format!("![[chain-{}]]", n + 1)
        } else {
            String::new()
        };
        kb.write(
            &format!("content/chain/chain-{n}.md"),
            page(
                &format!("title: Chain {n}"),
                &format!("Link {n}.\n\n{next}\n"),
            ),
        );
    }
    // 50,000 links leading nowhere on one 600 kB line (each warning kept
    // the whole line: 24 GB).
    let links: Vec<String> = (0..50_000).map(|n| format!("[[Nowhere {n}]]")).collect();
    kb.write(
        "content/links.md",
        page("title: Links", &format!("{}\n", links.join(" "))),
    );
    // 20,000 actions on one page (each moved every event after it).
    let tasks: String = (0..20_000)
        .map(|n| format!("- [ ] task {n} 📅 2025-01-01 [owner:: Someone {n}]\n"))
        .collect();
    kb.write("content/tasks.md", page("title: Tasks", &tasks));
    // Deeply nested quotes and lists, and unclosed brackets.
    kb.write(
        "content/nested.md",
        page(
            "title: Nested",
            &format!(
                "{} deep\n\n{}\n{}\n",
                ">".repeat(5000),
                "[".repeat(20_000),
                "*".repeat(20_000)
            ),
        ),
    );
    let run = kb.cairn(&["build", "."]);
    assert!(run.ok(), "{}", run.stderr);
    run.says(&[
        "warning[embed/too-deep]: embed ![[chain-9]] is nested more than 8 embeds deep",
        "49800 more links on this page lead nowhere",
    ]);
    // Every long source line is shown cut around the position.
    assert!(
        run.stderr.lines().all(|l| l.chars().count() < 400),
        "a line too long"
    );
    let chain = kb.html("chain/chain-0.html");
    assert_eq!(chain.all(".embed").len(), 8);
    assert_eq!(chain.attr(".embed-too-deep a", "href"), "chain-9.html");
    let tasks = kb.html("tasks.html");
    assert_eq!(tasks.all(".content input[type=checkbox]").len(), 20_000);
    assert_eq!(
        tasks
            .all(".content li")
            .last()
            .map(|li| crate::common::text(*li))
            .unwrap_or_default(),
        "task 19999 overdue since 2025-01-01owner Someone 19999"
    );
}
