//! `cairn check` and the memory report ("Needs review").

use crate::common::{page, Kb};

/// Pages for the memory report: one overdue, a handover naming no
/// successor, a page nobody links to (`tests/fixtures/valid/memory`).
fn memory_kb() -> Kb {
    Kb::from_fixture("valid/memory")
}

#[test]
fn check_reports_the_memory_report_and_writes_nothing() {
    let kb = memory_kb();
    let run = kb.cairn(&["check"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "guides/old.md: Old referral process — due for review on 2025-01-31 (486 days ago)"
        ),
        "{}",
        run.stderr
    );
    run.says(&["handovers/a.md: Handover A — names no successor"]);
    run.says(&["notes/lonely.md: Lonely note — no other page links here"]);
    run.says(&["Checked 4 pages: 0 errors, 0 warnings"]);
    assert!(!kb.path("public").exists());
    kb.cairn(&["check", "--deny-warnings"])
        .fails_with(&["in the memory report"]);
}

#[test]
fn broken_links_fail_check_but_only_warn_in_build() {
    let kb = memory_kb();
    kb.write(
        "content/notes/lonely.md",
        page("title: Lonely note", "See [[Nobody]]."),
    );
    kb.cairn(&["check"]).fails_with(&[
        "error[link/missing-page]: link [[Nobody]] leads to no page",
        "content/notes/lonely.md:4:5",
    ]);
    assert!(kb.cairn(&["build"]).ok());
    kb.write("cairn.yaml", "broken_links: warn\n");
    assert!(kb.cairn(&["check"]).ok());
}

#[test]
fn check_as_json_for_scripts() {
    let kb = memory_kb();
    kb.write(
        "content/notes/lonely.md",
        page("title: Lonely note", "See [[Nobody]]."),
    );
    let run = kb.cairn(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("check prints JSON");
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 1);
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["file"], "content/notes/lonely.md");
    assert_eq!(diagnostic["span"]["line"], 4);
    assert_eq!(report["memory"]["overdue"][0]["source"], "guides/old.md");
    assert_eq!(
        report["memory"]["no_successor"][0]["source"],
        "handovers/a.md"
    );
    assert_eq!(report["pages"], 4);
}

#[test]
fn check_as_json_names_each_problem_by_its_code() {
    let kb = memory_kb();
    kb.write(
        "content/notes/lonely.md",
        page("title: Lonely note", "See [[Nobody]]."),
    )
    .write(
        "content/notes/dated.md",
        page("title: Dated\nreview_by: soon", "Text."),
    );
    let run = kb.cairn(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("check prints JSON");
    let found: Vec<(&str, &str, &str)> = report["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|d| {
            let field = |name: &str| d[name].as_str().unwrap_or_default();
            (field("file"), field("code"), field("message"))
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/notes/dated.md",
                "frontmatter/type",
                "`review_by` must be a date written YYYY-MM-DD, found the text \"soon\""
            ),
            (
                "content/notes/lonely.md",
                "link/missing-page",
                "link [[Nobody]] leads to no page"
            ),
        ]
    );
}

#[test]
fn check_finds_template_errors_too() {
    let kb = memory_kb();
    kb.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.nope.deeper }}{% endblock main %}",
    );
    kb.cairn(&["check"]).fails_with(&["template `page.html`"]);
}

#[test]
fn the_needs_review_page_lists_what_to_fix() {
    let kb = memory_kb();
    kb.build();
    let p = kb.html("needs-review.html");
    assert_eq!(
        p.texts("section[aria-labelledby=overdue-heading] .page-list-title"),
        ["Old referral process"]
    );
    assert_eq!(
        p.texts("section[aria-labelledby=no-successor-heading] .page-list-title"),
        ["Handover A"]
    );
    let orphans = p.texts("section[aria-labelledby=orphans-heading] .page-list-title");
    assert_eq!(orphans, ["Start", "Lonely note"]);
    assert_eq!(
        p.attr(
            "section[aria-labelledby=overdue-heading] .page-list-title",
            "href"
        ),
        "guides/old.html"
    );
    assert_eq!(
        kb.html("index.html")
            .attr(".site-nav a[href='needs-review.html']", "href"),
        "needs-review.html"
    );
}
