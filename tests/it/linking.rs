//! Wikilinks, link checking and backlinks.

use crate::common::{page, Kb};

/// A person and a glossary entry, each with a heading and an alias
/// (`tests/fixtures/valid/linking`), and `notes/page.md` with `body`.
fn linked_kb(body: &str) -> Kb {
    let kb = Kb::from_fixture("valid/linking");
    kb.write("content/notes/page.md", page("title: The page", body));
    kb
}

fn hrefs(kb: &Kb) -> Vec<(String, String)> {
    kb.html("notes/page.html")
        .all(".content a")
        .into_iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap_or("").to_owned(),
                crate::common::text(a),
            )
        })
        .collect()
}

#[test]
fn every_wikilink_form_resolves() {
    let kb = linked_kb(
        "[[Ana Silva]], [[ana-silva|our analyst]], [[Ana S.]], [[ANA_SILVA#Contact]], [[people/ana-silva]], [[MASH#When to refer]] and [[#Own heading]].\n\n## Own heading\n",
    );
    kb.build();
    let links = hrefs(&kb);
    let expected = [
        ("../people/ana-silva.html", "Ana Silva"),
        ("../people/ana-silva.html", "our analyst"),
        ("../people/ana-silva.html", "Ana S."),
        ("../people/ana-silva.html#contact", "ANA_SILVA#Contact"),
        ("../people/ana-silva.html", "people/ana-silva"),
        ("../glossary/mash.html#when-to-refer", "MASH#When to refer"),
        ("#own-heading", "#Own heading"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(h, t)| (h.to_string(), t.to_string()))
        .collect();
    assert_eq!(links[..7], expected[..]);
}

#[test]
fn wikilinks_in_code_are_left_alone() {
    let kb = linked_kb("Write `[[Ana Silva]]` like this:\n\n```\n[[Ana Silva]]\n```\n");
    kb.build();
    let p = kb.html("notes/page.html");
    assert!(p.all(".content a").is_empty());
    assert_eq!(p.text(".content p code"), "[[Ana Silva]]");
    assert_eq!(p.text(".content pre code"), "[[Ana Silva]]");
}

#[test]
fn a_wikilink_to_no_page_is_a_visible_missing_link_with_a_suggestion() {
    let kb = linked_kb("Ask [[Ana Silvia]] today.\n");
    let run = kb.build();
    run.says(&["warning[link/missing-page]: link [[Ana Silvia]] leads to no page"]);
    run.says(&["content/notes/page.md:4:5"]);
    run.says(&["did you mean `people/ana-silva.md`?"]);
    let p = kb.html("notes/page.html");
    assert_eq!(p.text(".content .link-missing"), "Ana Silvia");
    assert!(p.all(".content a").is_empty());
}

#[test]
fn ambiguous_names_list_every_candidate() {
    let kb = Kb::new();
    kb.write("content/guides/plan.md", page("title: Guide plan", "x"))
        .write("content/notes/plan.md", page("title: Notes plan", "x"))
        .write("content/projects/x/plan.md", page("title: Deep plan", "x"))
        .write("content/a.md", page("title: A", "See [[plan]].\n"));
    let run = kb.build();
    run.says(&["link [[plan]] could mean any of: guides/plan.md, notes/plan.md"]);
}

#[test]
fn links_to_missing_headings_are_reported() {
    let kb =
        linked_kb("See [[Ana Silva#Phone]] and [the contact](../people/ana-silva.md#contcat).\n");
    let run = kb.build();
    run.says(&["link [[Ana Silva#Phone]] leads to no heading `#phone` in “Ana Silva”"]);
    run.says(&["“Ana Silva” has the headings: contact"]);
    run.says(&["did you mean `#contact`?"]);
}

#[test]
fn broken_links_can_fail_the_build() {
    let kb = linked_kb("Ask [[Nobody]].\n");
    kb.write("cairn.yaml", "broken_links: error\n");
    kb.cairn(&["build"])
        .fails_with(&["error[link/missing-page]: link [[Nobody]] leads to no page"]);
}

#[test]
fn backlinks_show_who_links_here_and_why() {
    let kb = linked_kb("Our analyst is away. For urgent data questions ask [[Ana Silva]] instead. Thanks.\n\nAgain: [[Ana Silva]].\n");
    kb.write(
        "content/handovers/h.md",
        page(
            "title: Handover H\nauthor: B\nrole: R\ndate: 2025-01-01\nreview_by: 2027-01-01",
            "Handed to [[ana-silva]].\n",
        ),
    );
    kb.build();
    let ana = kb.html("people/ana-silva.html");
    assert_eq!(ana.texts(".backlinks li > a"), ["Handover H", "The page"]);
    assert_eq!(ana.texts(".backlinks .kind-badge"), ["Handover", "Note"]);
    let contexts = ana.texts(".backlinks .backlink-context");
    assert_eq!(
        contexts[1],
        "For urgent data questions ask Ana Silva instead."
    );
    assert_eq!(ana.attr(".backlinks li > a", "href"), "../handovers/h.html");
    // A page with no backlinks has no section for them.
    assert!(kb.html("notes/page.html").all(".backlinks").is_empty());
}

#[test]
fn image_wikilinks_embed_the_image() {
    let kb = linked_kb("![[map.png]]\n");
    kb.write("content/notes/map.png", [137u8, 80, 78, 71]);
    kb.build();
    assert_eq!(
        kb.html("notes/page.html").attr(".content img", "src"),
        "map.png"
    );
}

#[test]
fn related_pages_rank_named_then_shared_links_then_shared_tags() {
    let kb = Kb::new();
    kb.write(
        "content/a.md",
        page(
            "title: A\ntags: [youth]\nrelated: [named]",
            "Links to [[Hub]].",
        ),
    )
    .write("content/named.md", page("title: Named", "x"))
    .write(
        "content/cites-hub.md",
        page("title: Cites hub", "Also [[Hub]]."),
    )
    .write(
        "content/same-tag.md",
        page("title: Same tag\ntags: [youth]", "x"),
    )
    .write("content/hub.md", page("title: Hub", "x"))
    .write(
        "content/unrelated.md",
        page("title: Unrelated\ntags: [other]", "x"),
    );
    kb.build();
    let a = kb.html("a.html");
    assert_eq!(
        a.texts(".related li > a"),
        ["Named", "Cites hub", "Same tag"]
    );
}

#[test]
fn embeds_include_a_page_once_and_stop_cycles() {
    let kb = Kb::new();
    kb.write(
        "content/notes/host.md",
        page(
            "title: Host",
            "Before.\n\n![[Contacts]]\n\nAfter, inline ![[Contacts]] is included too.\n",
        ),
    )
    .write(
        "content/people/contacts.md",
        page("title: Contacts", "Ring [[Ana]] first.\n"),
    )
    .write("content/people/ana.md", page("title: Ana", "x"))
    .write("content/loop/a.md", page("title: Loop A", "![[Loop B]]\n"))
    .write("content/loop/b.md", page("title: Loop B", "![[Loop A]]\n"));
    let run = kb.build();
    let host = kb.html("notes/host.html");
    assert_eq!(host.text(".content .embed .embed-source"), "From Contacts");
    assert_eq!(
        host.attr(".content .embed .embed-source a", "href"),
        "../people/contacts.html"
    );
    // Links inside the embedded page are written for the host page's folder.
    assert_eq!(
        host.attr(".content .embed p:not(.embed-source) a", "href"),
        "../people/ana.html"
    );
    // Inside a sentence too, as Obsidian shows it: between the two halves.
    assert_eq!(host.all(".content .embed").len(), 2);
    assert_eq!(host.all(".content p > img").len(), 0);
    assert_eq!(
        host.texts(".content > p").last().unwrap(),
        "is included too."
    );
    run.says(&["embed ![[Loop A]] makes a cycle: loop/a.md → loop/b.md → loop/a.md"]);
    let a = kb.html("loop/a.html");
    assert_eq!(a.all(".content .embed").len(), 1);
    assert_eq!(
        a.text(".content .embed .embed-cycle"),
        "(“Loop A” is not included again here: it would include itself.)"
    );
}
