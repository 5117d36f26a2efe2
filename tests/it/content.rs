//! Front matter, kinds and the trust metadata every page shows.

use crate::common::{page, Kb};

#[test]
fn a_folder_of_notes_without_config_builds_as_it_is() {
    let kb = Kb::new();
    kb.write("Team notes.md", "# Team notes\n\nWhat we do.\n")
        .write("meetings/monday.md", "Monday stand-up.\n");
    kb.build();
    let home = kb.html("index.html");
    assert_eq!(home.text("header .site-title"), "Knowledge base");
    let note = kb.html("team-notes.html");
    assert_eq!(note.text("main h1"), "Team notes");
    // The first-line heading became the title and is not repeated in the body.
    assert!(note.all(".content h1").is_empty());
    assert_eq!(kb.html("meetings/monday.html").text("main h1"), "Monday");

    // The output folder is never read back as content.
    kb.build();
    let nav = kb.html("index.html").texts(".sidebar a");
    assert!(
        !nav.iter().any(|t| t.to_lowercase().contains("public")),
        "{nav:?}"
    );
    assert!(!kb.path("public/public").exists());
}

#[test]
fn config_title_and_content_folder() {
    let kb = Kb::new();
    kb.write(
        "cairn.yaml",
        "title: Riverside Partnership\ndescription: What we know.\n",
    )
    .write(
        "content/_index.md",
        page("title: Welcome", "Hello **newcomer**."),
    )
    .write("README.md", "not content: it is outside content/\n");
    kb.build();
    let home = kb.html("index.html");
    assert_eq!(home.text(".site-title"), "Riverside Partnership");
    assert_eq!(home.text(".lead"), "What we know.");
    assert_eq!(home.text(".content strong"), "newcomer");
    assert!(!kb.path("public/readme.html").exists());
}

#[test]
fn every_page_shows_kind_author_dates_and_review() {
    let kb = Kb::new();
    kb.write(
        "content/handovers/asb.md",
        page(
            "title: ASB caseload handover\nauthor: Priya Shah\nrole: ASB Caseworker\ndate: 2026-02-01\nupdated: 2026-03-05\nreview_by: 2027-02-01\nhanded_over_to: Tom Reid\ntags: [asb, youth]",
            "Open cases first.\n",
        ),
    );
    kb.build();
    let p = kb.html("handovers/asb.html");
    assert_eq!(p.text(".page-header .kind-badge"), "Handover");
    let meta: Vec<String> = p.definitions(".meta");
    assert!(meta.contains(&"Kind Handover".to_owned()), "{meta:?}");
    assert!(meta.contains(&"Author Priya Shah".to_owned()), "{meta:?}");
    assert!(meta.contains(&"Written 2026-02-01".to_owned()), "{meta:?}");
    assert!(
        meta.contains(&"Last updated 2026-03-05".to_owned()),
        "{meta:?}"
    );
    assert!(
        meta.contains(&"Review by 2027-02-01".to_owned()),
        "{meta:?}"
    );
    let facts = p.definitions(".facts");
    assert!(
        facts.contains(&"Role ASB Caseworker".to_owned()),
        "{facts:?}"
    );
    assert!(
        facts.contains(&"Handed over to Tom Reid".to_owned()),
        "{facts:?}"
    );
    assert_eq!(p.texts(".tags a"), ["asb", "youth"]);
    assert!(p.all(".banner-overdue").is_empty());
}

#[test]
fn missing_metadata_is_said_not_hidden() {
    let kb = Kb::new();
    kb.write("content/notes/bare.md", "Just text.\n");
    kb.build();
    let meta = kb.html("notes/bare.html").definitions(".meta");
    assert!(meta.contains(&"Author not recorded".to_owned()), "{meta:?}");
    assert!(
        meta.contains(&"Review by no review date".to_owned()),
        "{meta:?}"
    );
    // Without `updated`, the file's date is shown and labelled as such.
    assert!(
        meta.iter()
            .any(|m| m.starts_with("Last updated") && m.ends_with("(file date)")),
        "{meta:?}"
    );
}

#[test]
fn overdue_pages_carry_a_banner_and_are_listed_on_the_home_page() {
    let kb = Kb::new();
    kb.write(
        "content/guides/old.md",
        page(
            "title: Old referral process\nreview_by: 2025-01-31",
            "Send the form by fax.\n",
        ),
    )
    .write(
        "content/guides/new.md",
        page(
            "title: New process\nreview_by: 2027-01-31",
            "Use the portal.\n",
        ),
    );
    kb.build();
    let old = kb.html("guides/old.html");
    let banner = old.text(".banner-overdue");
    assert!(
        banner.contains("was due for review on 2025-01-31"),
        "{banner}"
    );
    assert!(banner.contains("486 days ago"), "{banner}");
    assert!(kb.html("guides/new.html").all(".banner-overdue").is_empty());
    let home = kb.html("index.html");
    let listed = home.texts("section[aria-labelledby=review-heading] .page-list-title");
    assert_eq!(listed, ["Old referral process"]);
}

#[test]
fn kinds_come_from_folders_and_config_adds_kinds_and_fields() {
    let kb = Kb::new();
    kb.write(
        "cairn.yaml",
        "kinds:\n  minutes:\n    label: Meeting minutes\n    folders: [minutes]\n    fields:\n      chair: { type: string, required: true }\n",
    )
    .write("content/minutes/jan.md", page("title: January board\nchair: Ana Silva", "Agreed the plan.\n"))
    .write("content/people/ana.md", page("title: Ana Silva\nemail: ana@example.org", "Chair.\n"));
    kb.build();
    let minutes = kb.html("minutes/jan.html");
    assert_eq!(minutes.text(".page-header .kind-badge"), "Meeting minutes");
    assert!(minutes
        .definitions(".facts")
        .contains(&"Chair Ana Silva".to_owned()));
    let person = kb.html("people/ana.html");
    assert_eq!(person.text(".page-header .kind-badge"), "Person");
    assert_eq!(person.attr(".facts a", "href"), "mailto:ana@example.org");
}

#[test]
fn extra_front_matter_keys_reach_templates_and_near_misses_warn() {
    let kb = Kb::new();
    kb.write(
        "content/a.md",
        page("title: A\nreveiw_by: 2026-01-01\nteam_colour: green", "x\n"),
    );
    let run = kb.build();
    run.says(&["did you mean `review_by`?"]);
    assert!(
        run.stderr.contains("content/a.md:3:1") || run.stderr.contains("a.md:3:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("team_colour"), "{}", run.stderr);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let kb = Kb::new();
    kb.write(
        "content/wip.md",
        page("title: Work in progress\ndraft: true", "Not yet.\n"),
    )
    .write("content/done.md", page("title: Done", "Ready.\n"));
    kb.build();
    assert!(!kb.path("public/wip.html").exists());
    assert!(kb.path("public/done.html").exists());
    assert!(kb.cairn(&["build", "--drafts"]).ok());
    assert_eq!(kb.html("wip.html").text(".banner-draft strong"), "Draft.");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let kb = Kb::new();
    kb.write("content/win.md", b"\xEF\xBB\xBF---\r\ntitle: Written on Windows\r\n---\r\n\r\nLine one.\r\n\r\n## Part two\r\n");
    kb.build();
    let p = kb.html("win.html");
    assert_eq!(p.text("main h1"), "Written on Windows");
    assert_eq!(p.attr(".content h2", "id"), "part-two");
}

#[test]
fn links_to_drafts_are_reported_as_drafts() {
    let kb = Kb::new();
    kb.write(
        "content/wip.md",
        page("title: Work in progress\ndraft: true", "Not yet.\n"),
    )
    .write(
        "content/done.md",
        page("title: Done", "See [the plan](wip.md).\n"),
    );
    let run = kb.build();
    run.says(&["warning[link/draft]: link `wip.md` leads to a draft that is not published"]);
    assert!(!run.stderr.contains("missing file"), "{}", run.stderr);
}

#[test]
fn last_updated_comes_from_git_history_when_there_is_one() {
    let kb = Kb::new();
    kb.write("content/committed.md", page("title: Committed", "x"))
        .write(
            "content/explicit.md",
            page("title: Explicit\nupdated: 2025-02-03", "x"),
        );
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(kb.root())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", "2024-05-06T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-05-06T10:00:00Z")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&[
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-q",
        "-m",
        "first",
    ]);
    kb.write("content/uncommitted.md", page("title: Uncommitted", "x"));
    kb.build();
    let meta = |rel: &str| kb.html(rel).definitions(".meta");
    assert!(
        meta("committed.html").contains(&"Last updated 2024-05-06 (last commit)".to_owned()),
        "{:?}",
        meta("committed.html")
    );
    assert!(meta("explicit.html").contains(&"Last updated 2025-02-03".to_owned()));
    assert!(meta("uncommitted.html")
        .iter()
        .any(|m| m.ends_with("(file date)")));
}
