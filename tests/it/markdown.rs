//! Markdown features as they appear in the built pages.

use crate::common::{page, Kb};

fn built(body: &str) -> (Kb, crate::common::Page) {
    let kb = Kb::new();
    kb.write("content/notes/p.md", page("title: P", body));
    kb.build();
    let html = kb.html("notes/p.html");
    (kb, html)
}

#[test]
fn tables_footnotes_strikethrough_and_task_lists() {
    let (_kb, p) = built(
        "| Case | Lead |\n|:--|--:|\n| 12 | Police |\n\nSee note.[^1]\n\n[^1]: The footnote.\n\n~~old~~ new\n\n- [x] done\n- [ ] open\n",
    );
    assert_eq!(p.texts(".content th"), ["Case", "Lead"]);
    assert_eq!(p.texts(".content td"), ["12", "Police"]);
    assert_eq!(p.all(".content sup.footnote-reference a").len(), 1);
    assert_eq!(p.text(".content .footnote-definition p"), "The footnote.");
    assert_eq!(p.text(".content del"), "old");
    let boxes = p.all(".content li input[type=checkbox]");
    assert_eq!(boxes.len(), 2);
    assert!(boxes[0].value().attr("checked").is_some());
    assert!(boxes[1].value().attr("checked").is_none());
    assert_eq!(boxes[1].value().attr("aria-label"), Some("Not done"));
}

#[test]
fn callouts_in_github_and_obsidian_syntax() {
    let (_kb, p) = built(
        "> [!NOTE]\n> GitHub style.\n\n> [!warning] Data protection\n> Never email case files.\n\n> [!tip]- Folded\n> Opens on click.\n\n> A plain quote.\n",
    );
    let callouts = p.all(".content .callout");
    assert_eq!(callouts.len(), 3);
    assert_eq!(
        p.texts(".content .callout-title"),
        ["Note", "Data protection", "Folded"]
    );
    assert_eq!(
        p.text(".content aside.callout-warning .callout-body p"),
        "Never email case files."
    );
    assert_eq!(p.all(".content details.callout-tip summary").len(), 1);
    assert_eq!(p.text(".content blockquote p"), "A plain quote.");
}

#[test]
fn code_blocks_keep_their_language_and_template_syntax_is_text() {
    let (_kb, p) = built("```sql\nSELECT * FROM cases;\n```\n\nWrite {{ name }} and {% if x %} and <% y %> as text.\n");
    assert_eq!(p.attr(".content pre code", "class"), "language-sql");
    assert_eq!(
        p.text(".content p"),
        "Write {{ name }} and {% if x %} and <% y %> as text."
    );
}

#[test]
fn headings_get_stable_unique_ids_and_a_table_of_contents() {
    let (_kb, p) = built("## Open actions\n\ntext\n\n## Open actions\n\n### Who's who\n\n## Risks {#risk-register}\n");
    let ids: Vec<String> = p
        .all(".content h2, .content h3")
        .iter()
        .map(|h| h.value().attr("id").unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            "open-actions",
            "open-actions-1",
            "whos-who",
            "risk-register"
        ]
    );
    let toc: Vec<String> = p
        .all(".toc a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(
        toc,
        [
            "#open-actions",
            "#open-actions-1",
            "#whos-who",
            "#risk-register"
        ]
    );
}

#[test]
fn summary_word_count_and_reading_time() {
    let words = "word ".repeat(450);
    let (_kb, p) = built(&format!("First paragraph is the summary.\n\n{words}\n"));
    assert_eq!(
        p.attr("meta[name=description]", "content"),
        "First paragraph is the summary."
    );
    let meta = p.definitions(".meta");
    assert!(
        meta.contains(&"Reading time 3 min (455 words)".to_owned()),
        "{meta:?}"
    );
}

#[test]
fn explicit_summary_wins() {
    let kb = Kb::new();
    kb.write(
        "content/a.md",
        page("title: A\nsummary: Who to call at night.", "Long text.\n"),
    );
    kb.build();
    assert_eq!(
        kb.html("a.html").attr("meta[name=description]", "content"),
        "Who to call at night."
    );
}

#[test]
fn links_to_markdown_files_and_assets_are_rewritten() {
    let kb = Kb::new();
    kb.write("content/notes/ana.md", page("title: Ana", "See [Ben](../people/ben.md#contact), [the map](map.png) and [guides](../guides/).\n\n![Map](map.png)\n"))
        .write("content/people/ben.md", page("title: Ben", "## Contact\n"))
        .write("content/guides/_index.md", page("title: Guides", ""))
        .write("content/notes/map.png", [137u8, 80, 78, 71]);
    kb.build();
    let p = kb.html("notes/ana.html");
    let hrefs: Vec<&str> = p
        .all(".content a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [
            "../people/ben.html#contact",
            "map.png",
            "../guides/index.html"
        ]
    );
    assert_eq!(p.attr(".content img", "src"), "map.png");
    assert_eq!(
        std::fs::read(kb.path("public/notes/map.png")).unwrap(),
        [137u8, 80, 78, 71]
    );
}

#[test]
fn a_link_to_a_missing_file_is_reported_with_its_position() {
    let kb = Kb::new();
    kb.write(
        "content/a.md",
        page("title: A", "Intro.\n\nSee [old](gone.md).\n"),
    );
    let run = kb.build();
    run.says(&["warning[link/missing-page]: link to a missing file `gone.md`"]);
    run.says(&["a.md:6:5"]);
}
