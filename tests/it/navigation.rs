//! Sections, sidebar, breadcrumbs, previous/next, the home page and tags.

use crate::common::{decision_log, page, Kb};

/// A home page, a guides section of four guides (three on the induction
/// path) and a handover in a folder of its own (`tests/fixtures/valid/guides`),
/// built.
fn guides_kb() -> Kb {
    let kb = Kb::from_fixture("valid/guides");
    kb.build();
    kb
}

#[test]
fn sidebar_orders_by_weight_then_order_then_title_and_marks_the_current_page() {
    let kb = guides_kb();
    let p = kb.html("guides/a.html");
    let nav = p.texts(".sidebar li > a");
    assert_eq!(
        nav,
        [
            "Guides for newcomers",
            "Zulu guide",
            "Beta guide",
            "Alpha guide",
            "Delta guide",
            "Handovers"
        ]
    );
    assert_eq!(p.text(".sidebar a[aria-current=page]"), "Alpha guide");
    // Closed sections do not list their pages.
    assert!(!nav.contains(&"H".to_owned()));
}

#[test]
fn breadcrumbs_and_previous_next_within_the_section() {
    let kb = guides_kb();
    let p = kb.html("guides/a.html");
    assert_eq!(
        p.texts(".breadcrumbs li"),
        ["Home", "Guides for newcomers", "Alpha guide"]
    );
    assert_eq!(
        p.attr(".breadcrumbs li:nth-child(2) a", "href"),
        "index.html"
    );
    assert_eq!(p.text(".prev-next .prev"), "Previous Beta guide");
    assert_eq!(p.attr(".prev-next .prev", "href"), "b.html");
    assert_eq!(p.text(".prev-next .next"), "Next Delta guide");
    let last = kb.html("guides/d.html");
    assert!(last.all(".prev-next .next").is_empty());
}

#[test]
fn section_pages_list_their_pages_and_folders() {
    let kb = guides_kb();
    let s = kb.html("guides/index.html");
    assert_eq!(s.text("main h1"), "Guides for newcomers");
    assert_eq!(s.text(".content p"), "Read these first.");
    assert_eq!(
        s.texts(".page-list-title"),
        ["Zulu guide", "Beta guide", "Alpha guide", "Delta guide"]
    );
    let handovers = kb.html("handovers/index.html");
    assert_eq!(handovers.texts(".card-list .card > a"), ["2025"]);
}

#[test]
fn the_home_page_says_where_to_start() {
    let kb = guides_kb();
    let home = kb.html("index.html");
    assert_eq!(
        home.texts(".reading-path > li > a"),
        ["Zulu guide", "Beta guide", "Alpha guide"]
    );
    assert_eq!(
        home.attr("#start-here .reading-path a", "href"),
        "guides/z.html"
    );
    assert_eq!(
        home.texts("section[aria-labelledby=sections-heading] .card > a"),
        ["Guides for newcomers", "Handovers"]
    );
    assert!(!home
        .texts("section[aria-labelledby=recent-heading] .page-list-title")
        .is_empty());
}

#[test]
fn a_large_folder_keeps_the_sidebar_small() {
    let kb = Kb::new();
    for i in 0..60 {
        kb.write(
            &format!("content/people/p{i:02}.md"),
            page(&format!("title: Person {i:02}"), "x"),
        );
    }
    kb.build();
    let p = kb.html("people/p40.html");
    let entries = p.all(".sidebar li");
    assert!(entries.len() < 20, "{} entries", entries.len());
    assert_eq!(p.text(".sidebar a[aria-current=page]"), "Person 40");
    assert_eq!(p.text(".sidebar .nav-more a"), "45 more in People…");
    assert_eq!(
        kb.html("people/index.html").all(".page-list > li").len(),
        60
    );
}

#[test]
fn tags_have_index_pages() {
    let kb = Kb::new();
    kb.write("content/a.md", page("title: A\ntags: [Youth, asb]", "x"))
        .write("content/b.md", page("title: B\ntags: [youth]", "x"));
    kb.build();
    let a = kb.html("a.html");
    assert_eq!(a.attr(".tags a", "href"), "tags/youth.html");
    let tag = kb.html("tags/youth.html");
    assert_eq!(tag.texts(".page-list-title"), ["A", "B"]);
    let all = kb.html("tags/index.html");
    assert_eq!(all.texts(".tag-cloud .tag"), ["asb", "Youth"]);
}

#[test]
fn guides_on_the_induction_path_show_their_step_and_neighbours() {
    let kb = guides_kb();
    let beta = kb.html("guides/b.html");
    assert_eq!(
        beta.text(".induction p:first-child"),
        "Start here: step 2 of 3"
    );
    assert_eq!(beta.attr(".induction a[rel=prev]", "href"), "z.html");
    assert_eq!(beta.text(".induction a[rel=next]"), "Next: Alpha guide →");
    assert_eq!(
        beta.attr(".induction p:first-child a", "href"),
        "../index.html#start-here"
    );
    // The "I have read this" box needs JavaScript, so it starts hidden.
    assert!(beta.one(".induction-read").value().attr("hidden").is_some());
    assert_eq!(
        beta.attr(".induction-read", "data-induction-page"),
        "guides/b.md"
    );
    let home = kb.html("index.html");
    assert_eq!(
        home.attr(".reading-path li", "data-induction-item"),
        "guides/z.md"
    );
    // Pages off the path have no induction box.
    assert!(kb
        .html("handovers/2025/h.html")
        .all(".induction")
        .is_empty());
}

#[test]
fn two_guides_with_the_same_order_are_reported() {
    let kb = Kb::new();
    kb.write("content/guides/a.md", page("title: A\norder: 1", "x"))
        .write("content/guides/b.md", page("title: B\norder: 1", "x"));
    let run = kb.build();
    run.says(&["two guides are step 1 of the induction path: this one and `guides/a.md`"]);
    run.says(&["content/guides/b.md:3:8"]);
}

#[test]
fn the_timeline_lists_projects_handovers_and_decisions_by_year() {
    let kb = Kb::from_fixture("valid/timeline");
    kb.build();
    let timeline = kb.html("timeline.html");
    assert_eq!(timeline.texts(".az-letter"), ["2024", "2023"]);
    assert_eq!(
        timeline.texts(".events li"),
        [
            "2024-09-30 Project Project closed: Operation Lantern",
            "2024-09-01 Decision Decision agreed: Close Lantern",
            "2024-03-15 Handover Ana handed over to Ben (Analyst): Handover H",
            "2023-06-01 Project Project started: Operation Lantern",
        ]
    );
    let project = kb.html("projects/lantern.html");
    assert_eq!(
        project.texts(".project-timeline .event-what"),
        [
            "Project started",
            "Ana handed over to Ben (Analyst)",
            "Decision agreed",
            "Project closed"
        ]
    );
}

#[test]
fn agencies_people_and_projects_have_index_pages() {
    let kb = Kb::new();
    kb.write("content/people/ana.md", page("title: Ana Silva", "x"))
        .write(
            "content/agencies/police.md",
            page("title: Northmere Police\nshort_name: Police", "x"),
        )
        .write(
            "content/notes/a.md",
            page(
                "title: A\nauthor: Ana Silva\nagency: Police\nproject: Lantern",
                "x",
            ),
        )
        .write(
            "content/notes/b.md",
            page("title: B\nauthor: Ben Jones\nagency: Police", "x"),
        );
    kb.build();
    let agencies = kb.html("by-agency/index.html");
    assert_eq!(agencies.texts(".tag-cloud .tag"), ["Police"]);
    let police = kb.html("by-agency/police.html");
    assert_eq!(police.texts(".page-list-title"), ["A", "B"]);
    assert_eq!(
        police.attr("main header a[href$='agencies/police.html']", "href"),
        "../agencies/police.html"
    );
    // People with a page of their own are listed by it; others get a page here.
    let people = kb.html("by-person/index.html");
    let links: Vec<(String, String)> = people
        .all(".tag-cloud .tag")
        .into_iter()
        .map(|a| {
            (
                crate::common::text(a),
                a.value().attr("href").unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("Ana Silva".to_owned(), "../people/ana.html".to_owned()),
            ("Ben Jones".to_owned(), "ben-jones.html".to_owned())
        ]
    );
    assert!(!kb.path("public/by-person/ana-silva.html").exists());
    assert_eq!(
        kb.html("by-project/lantern.html").texts(".page-list-title"),
        ["A"]
    );

    kb.write("cairn.yaml", "taxonomies: [tags]\n");
    kb.build();
    assert!(!kb.path("public/by-agency").exists());
    assert!(kb.path("public/tags/index.html").exists());
}

#[test]
fn the_induction_path_can_be_listed_in_the_config() {
    let kb = guides_kb();
    kb.write("cairn.yaml", "induction: [Alpha guide, h, Zulu guide]\n");
    kb.build();
    let home = kb.html("index.html");
    assert_eq!(
        home.texts(".reading-path > li > a"),
        ["Alpha guide", "H", "Zulu guide"]
    );
    assert_eq!(
        kb.html("handovers/2025/h.html")
            .text(".induction p:first-child"),
        "Start here: step 2 of 3"
    );
    kb.write("cairn.yaml", "induction: [Alpha giude]\n");
    kb.cairn(&["build"]).fails_with(&[
        "`induction` names “Alpha giude”, which is no page",
        "cairn.yaml",
        "did you mean `guides/a.md`?",
    ]);
}

/// The titles linked from the entries of `css` on each of `files`, in order.
fn titles_across(kb: &Kb, files: &[&str], css: &str) -> Vec<String> {
    files.iter().flat_map(|f| kb.html(f).texts(css)).collect()
}

/// Follows `href`, written in the output file `from`, to its file and
/// fragment, and checks that both exist.
fn assert_resolves(kb: &Kb, from: &str, href: &str) {
    let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
    let target = match file {
        "" => from.to_owned(),
        _ => {
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            for part in file.split('/') {
                match part {
                    ".." => {
                        parts.pop();
                    }
                    _ => parts.push(part),
                }
            }
            parts.join("/")
        }
    };
    let page = kb.html(&target);
    if !fragment.is_empty() {
        assert_eq!(
            page.all(&format!("[id='{fragment}']")).len(),
            1,
            "{href} from {from}: no element with that id in {target}"
        );
    }
}

#[test]
fn long_lists_are_cut_into_pages_that_show_every_entry_once() {
    let kb = Kb::new();
    decision_log(kb.root(), 401);
    kb.build();

    // The timeline, newest first: 200, 200 and 1 events.
    let timeline = ["timeline.html", "timeline/2.html", "timeline/3.html"];
    let events = titles_across(&kb, &timeline, ".events a");
    let expected: Vec<String> = (1..=401)
        .rev()
        .map(|i| format!("Decision {i:03}"))
        .collect();
    assert_eq!(events, expected);
    assert_eq!(kb.html("timeline.html").all(".events li").len(), 200);
    assert!(!kb.path("public/timeline/4.html").exists());

    let second = kb.html("timeline/2.html");
    assert_eq!(second.text(".pager-range"), "201–400 of 401");
    assert_eq!(
        second.attr(".pager a[rel=prev]", "href"),
        "../timeline.html"
    );
    assert_eq!(second.attr(".pager a[rel=next]", "href"), "3.html");
    assert_eq!(second.text(".pager a[aria-current=page]"), "2");
    assert_eq!(
        second.text("title"),
        "Timeline, page 2 of 3 · Knowledge base"
    );
    // A year begun on the page before says it goes on.
    let first_heading = second.texts(".az-letter").remove(0);
    assert!(first_heading.ends_with(", continued"), "{first_heading}");
    // Every year is linked, from every page, to where it starts.
    for file in timeline {
        let page = kb.html(file);
        let years = page.texts(".az a");
        assert_eq!(years, ["2023", "2022", "2021", "2020"], "{file}");
        for link in page.all(".az a") {
            assert_resolves(&kb, file, link.value().attr("href").unwrap());
        }
        for link in page.all(".pager a") {
            assert_resolves(&kb, file, link.value().attr("href").unwrap());
        }
    }

    // Needs review: the first 200 orphans on its own page, then two more pages.
    let review = [
        "needs-review.html",
        "needs-review/orphans-2.html",
        "needs-review/orphans-3.html",
    ];
    let orphans = titles_across(
        &kb,
        &review,
        "section[aria-labelledby=orphans-heading] .page-list-title",
    );
    let expected: Vec<String> = (1..=401).map(|i| format!("Decision {i:03}")).collect();
    assert_eq!(orphans, expected);
    let summary = kb.html("needs-review.html");
    assert_eq!(summary.text("#orphans-heading .nav-count"), "401");
    assert_eq!(summary.text("#overdue-heading .nav-count"), "0");
    let last = kb.html("needs-review/orphans-3.html");
    assert_eq!(last.text("#orphans-heading .nav-count"), "401");
    assert!(last.all("#overdue-heading").is_empty());
    for file in review {
        for link in kb.html(file).all(".pager a") {
            assert_resolves(&kb, file, link.value().attr("href").unwrap());
        }
    }
    assert_eq!(
        last.attr(".pager a[href*='needs-review.html']", "href"),
        "../needs-review.html#orphans-heading"
    );
}

#[test]
fn recent_changes_is_a_page_newest_first() {
    let kb = crate::common::Kb::new();
    kb.write(
        "content/a.md",
        crate::common::page(
            "title: Older\ndate: 2024-01-01\nupdated: 2024-06-01\nauthor: Ana",
            "x\n",
        ),
    )
    .write(
        "content/b.md",
        crate::common::page("title: Newer\ndate: 2025-03-01", "x\n"),
    );
    kb.build();
    let page = kb.html("index.html");
    assert_eq!(
        page.attr(".site-nav a[href$='recent-changes.html']", "href"),
        "recent-changes.html"
    );
    let changes = kb.html("recent-changes.html");
    assert_eq!(
        changes.texts(".changes li"),
        [
            "2025-03-01 New: Newer Note",
            "2024-06-01 Updated: Older Note by Ana"
        ]
    );
    assert_eq!(changes.attr(".changes li a", "href"), "b.html");
}
