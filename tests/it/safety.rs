//! Output is safe by default: escaped variables, sanitized raw HTML, safe URLs.

use crate::common::{page, Kb};

#[test]
fn markup_in_front_matter_is_shown_as_text() {
    let kb = Kb::new();
    kb.write(
        "content/x.md",
        page("title: \"<script>alert(1)</script>\"\nauthor: \"<img src=x onerror=alert(2)>\"\ntags: [\"<b>bold</b>\"]", "Body.\n"),
    );
    kb.build();
    let p = kb.html("x.html");
    assert_eq!(p.text("main h1"), "<script>alert(1)</script>");
    assert!(p.all("script:not([src^='_cairn/assets/'])").is_empty());
    assert!(p.all("main img").is_empty());
    assert!(p
        .definitions(".meta")
        .contains(&"Author <img src=x onerror=alert(2)>".to_owned()));
    assert_eq!(p.text(".tags a"), "<b>bold</b>");
    assert!(p.all(".tags b").is_empty());
}

#[test]
fn raw_html_is_sanitized_by_default() {
    let kb = Kb::new();
    kb.write(
        "content/x.md",
        page(
            "title: X",
            "<details><summary>More</summary>Kept.</details>\n\n<script>steal()</script>\n\n<a href=\"javascript:steal()\" onclick=\"steal()\">click</a> <kbd>Ctrl</kbd>\n\n[md link](javascript:steal())\n",
        ),
    );
    let run = kb.build();
    run.says(&["unsafe link `javascript:steal()` was removed"]);
    let p = kb.html("x.html");
    assert!(p.all("script:not([src^='_cairn/assets/'])").is_empty());
    assert_eq!(p.text(".content details summary"), "More");
    assert_eq!(p.text(".content kbd"), "Ctrl");
    for a in p.all(".content a") {
        let href = a.value().attr("href").unwrap_or("");
        assert!(!href.contains("javascript"), "{href}");
        assert!(a.value().attr("onclick").is_none());
    }
}

#[test]
fn raw_html_can_be_escaped_or_allowed() {
    let kb = Kb::new();
    kb.write("cairn.yaml", "raw_html: escape\n").write(
        "content/x.md",
        page("title: X", "A <mark>marked</mark> word.\n"),
    );
    kb.build();
    let p = kb.html("x.html");
    assert!(p.all(".content mark").is_empty());
    assert_eq!(p.text(".content p"), "A <mark>marked</mark> word.");

    kb.write("cairn.yaml", "raw_html: allow\n").write(
        "content/x.md",
        page(
            "title: X",
            "<div class=\"custom\" data-x=\"1\"><script>ok()</script></div>\n",
        ),
    );
    kb.build();
    let p = kb.html("x.html");
    assert_eq!(p.all(".content div.custom[data-x] script").len(), 1);
}

#[test]
fn urls_from_front_matter_are_checked() {
    let kb = Kb::new();
    kb.write(
        "content/agencies/police.md",
        page("title: Police\nwebsite: \"javascript:alert(1)\"", "x"),
    )
    .write(
        "content/agencies/council.md",
        page("title: Council\nwebsite: https://council.example", "x"),
    );
    kb.build();
    let police = kb.html("agencies/police.html");
    assert!(police.all(".facts a").is_empty());
    assert!(police
        .definitions(".facts")
        .contains(&"Website javascript:alert(1)".to_owned()));
    assert_eq!(
        kb.html("agencies/council.html").attr(".facts a", "href"),
        "https://council.example"
    );
}
