//! Bad input: a clear error naming file, line and column, a non-zero exit,
//! no panic, and nothing lost.

use crate::common::{page, Kb};

#[test]
fn malformed_yaml_shows_the_line_and_a_caret() {
    let kb = Kb::new();
    kb.write(
        "content/a.md",
        "---\ntitle: Fine\ntags: [asb, youth\nauthor: X\n---\nBody\n",
    );
    let run = kb.cairn(&["build"]);
    run.fails_with(&[
        "error: malformed YAML front matter",
        "content/a.md:4:",
        "^",
        "help:",
    ]);
    assert!(!kb.path("public").exists());
}

#[test]
fn schema_violations_give_position_expected_type_and_found_value() {
    let kb = Kb::new();
    kb.write(
        "content/handovers/h.md",
        page("title: H\nauthor: Ana\nrole: Analyst\ndate: 2025-13-45\nreview_by: [2025]\nweight: heavy", "x"),
    );
    let run = kb.cairn(&["build"]);
    run.fails_with(&[
        "`date` must be a date written YYYY-MM-DD, found the text \"2025-13-45\"",
        "content/handovers/h.md:5:7",
        "`review_by` must be a date written YYYY-MM-DD, found a list",
        "content/handovers/h.md:6:12",
        "`weight` must be a whole number, found the text \"heavy\"",
        "content/handovers/h.md:7:9",
    ]);
}

#[test]
fn missing_required_fields_and_unknown_kinds() {
    let kb = Kb::new();
    kb.write(
        "content/decisions/d.md",
        page("title: Merge the panels", "x"),
    )
    .write("content/x.md", page("title: X\nkind: handovr", "x"));
    kb.cairn(&["build"]).fails_with(&[
        "a decision needs `decided_by` in its front matter",
        "a decision needs `status` in its front matter",
        "unknown kind `handovr`",
        "did you mean `handover`?",
    ]);
}

#[test]
fn all_errors_are_reported_together_sorted_by_file() {
    let kb = Kb::new();
    kb.write("content/b.md", "---\ntitle: [\n---\n")
        .write("content/a.md", "---\nweight: x\n---\n")
        .write("content/c.md", page("title: C", "fine"));
    let run = kb.cairn(&["build"]);
    run.fails_with(&["Build failed with 2 errors"]);
    let a = run.stderr.find("content/a.md").unwrap();
    let b = run.stderr.find("content/b.md").unwrap();
    assert!(a < b, "{}", run.stderr);
}

#[test]
fn unclosed_front_matter() {
    let kb = Kb::new();
    kb.write(
        "content/a.md",
        "---\ntitle: A\n\nBody without the closing line.\n",
    );
    kb.cairn(&["build"])
        .fails_with(&["the front matter is never closed", "content/a.md:1:1"]);
}

#[test]
fn non_utf8_files_are_named() {
    let kb = Kb::new();
    kb.write("content/latin1.md", b"---\ntitle: Caf\xE9\n---\n");
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
    let kb = Kb::new();
    kb.write("content/people/Ana Silva.md", page("title: Ana", "x"))
        .write("content/people/ana-silva.md", page("title: Ana again", "x"));
    kb.cairn(&["build"]).fails_with(&[
        "people/ana-silva.html",
        "people/Ana Silva.md",
        "people/ana-silva.md",
    ]);
}

#[test]
fn a_folder_page_written_twice_names_both() {
    let kb = Kb::new();
    kb.write("content/guides/_index.md", page("title: Guides", "x"))
        .write("content/guides/index.md", page("title: Guides too", "x"));
    kb.cairn(&["build"])
        .fails_with(&["guides/_index.md", "guides/index.md"]);
}

#[test]
fn unknown_config_keys_suggest_the_nearest() {
    let kb = Kb::new();
    kb.write("cairn.yaml", "title: KB\nraw_htm: escape\n")
        .write("content/a.md", "x");
    kb.cairn(&["build"]).fails_with(&[
        "unknown field `raw_htm`",
        "did you mean `raw_html`?",
        "cairn.yaml:2:1",
    ]);
}

#[test]
fn oversized_files_are_reported_not_parsed() {
    let kb = Kb::new();
    kb.write("cairn.yaml", "max_file_size_kb: 1\n")
        .write("content/big.md", "word ".repeat(1000))
        .write("content/small.md", "fine");
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
