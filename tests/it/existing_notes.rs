//! Notes people already have: a folder of Markdown written for a Git forge
//! or Obsidian, built as it is (no `cairn.yaml`), with links that work in
//! the source working in the site and no false warnings
//! (`tests/fixtures/valid/existing-notes`).

use crate::common::{Kb, Page};

fn existing_notes() -> Kb {
    Kb::from_fixture("valid/existing-notes")
}

/// Where the links in a page's content lead, in order.
fn hrefs(page: &Page) -> Vec<String> {
    page.all(".content a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

#[test]
fn links_to_headings_written_for_a_git_forge_work() {
    let kb = existing_notes();
    let run = kb.build();
    assert!(
        !run.stderr.contains("link/missing-anchor"),
        "{}",
        run.stderr
    );

    let metrics = kb.html("handbook/metrics.html");
    let ids: Vec<String> = metrics
        .all(".content h2")
        .iter()
        .filter_map(|h| h.value().attr("id").map(str::to_owned))
        .collect();
    assert_eq!(
        ids,
        [
            "arr--topline-metrics",
            "access-to-an-aws-account-via-cliterraform",
            "notes",
            "notes-1"
        ]
    );
    let start = kb.html("handbook/start-here.html");
    let hrefs = hrefs(&start);
    assert_eq!(
        hrefs[..4],
        [
            "metrics.html#arr--topline-metrics",
            "metrics.html#access-to-an-aws-account-via-cliterraform",
            "metrics.html#notes-1",
            "metrics.html#arr--topline-metrics",
        ]
    );
}

#[test]
fn control_characters_never_reach_an_output_file() {
    let kb = existing_notes();
    kb.write(
        "handbook/pasted.md",
        "# Pasted \u{0} from a spreadsheet\n\nA cell\u{0}with a NUL and an escape \u{1b}[0m.\n",
    );
    let run = kb.build();
    run.says(&[
        "warning[load/control-character]",
        "U+0000 (and 2 more)",
        "handbook/pasted.md:1:10",
    ]);
    for entry in walkdir::WalkDir::new(kb.path("public")) {
        let entry = entry.unwrap();
        let text = entry
            .path()
            .extension()
            .is_some_and(|e| ["html", "xml", "js", "json"].contains(&e.to_str().unwrap_or("")));
        if entry.file_type().is_file() && text {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !bytes.contains(&0) && !bytes.contains(&0x1b),
                "{} holds a control character",
                entry.path().display()
            );
        }
    }
    let feed = kb.read("public/atom.xml");
    assert!(feed.contains("Pasted \u{fffd} from a spreadsheet"));
}

#[test]
fn markdown_under_other_endings_and_toml_front_matter_are_read() {
    let kb = existing_notes();
    let run = kb.build();
    // `.markdown` is read by default; `.html.md.erb` only when configured.
    run.says(&[
        "warning[load/markdown-not-read]",
        "handbook/onboarding.html.md.erb",
        "markdown_extensions",
    ]);
    let history = kb.html("handbook/history.html");
    assert_eq!(history.text("h1"), "Company history");
    let release = kb.html("hugo/release.html");
    assert_eq!(release.text("h1"), "Release process");
    assert!(!run.stderr.contains("toml"), "{}", run.stderr);
    assert_eq!(
        release.attr(".content a", "href"),
        "../handbook/history.html"
    );

    kb.write(
        "cairn.yaml",
        "markdown_extensions: [.md, .markdown, .html.md.erb]\n",
    );
    let run = kb.build();
    assert!(!run.stderr.contains("markdown-not-read"), "{}", run.stderr);
    let onboarding = kb.html("handbook/onboarding.html");
    // Other generators' template tags are shown as written, never run.
    assert!(onboarding.text(".content").contains(
        "Welcome, <%= current_page.data.name %>! Your first week is in {{ site.data.week }}."
    ));
    let start = kb.html("handbook/start-here.html");
    let hrefs = hrefs(&start);
    assert!(hrefs.contains(&"history.html".to_owned()), "{hrefs:?}");
    assert!(hrefs.contains(&"onboarding.html".to_owned()), "{hrefs:?}");
    assert!(
        hrefs.contains(&"../hugo/release.html".to_owned()),
        "{hrefs:?}"
    );
    assert!(!kb.path("public/handbook/onboarding.html.md.erb").exists());
}

#[test]
fn obsidian_syntax_renders_as_obsidian_shows_it() {
    let kb = existing_notes();
    let run = kb.build();
    assert!(!run.stderr.contains("vault/"), "{}", run.stderr);
    let home = kb.html("vault/vault-home.html");

    // `[[Outline\|Table of contents]]` in a table.
    let cell = home.one(".content td a");
    assert_eq!(cell.value().attr("href"), Some("outline.html"));
    assert_eq!(crate::common::text(cell), "Table of contents");

    // An embed inside a sentence splits the paragraph around the section
    // it includes; one on its own line replaces its paragraph.
    let content = home.one(".content");
    let blocks: Vec<String> = content
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .map(|e| {
            let class = e.value().attr("class").unwrap_or("");
            format!("{}.{class}: {}", e.value().name(), crate::common::text(e))
        })
        .collect();
    let at = blocks
        .iter()
        .position(|b| b.starts_with("p.: See"))
        .unwrap();
    assert!(blocks[at + 1].starts_with("div.embed:"), "{blocks:#?}");
    assert!(blocks[at + 1].contains("The second section's text."));
    assert!(!blocks[at + 1].contains("first section"));
    assert_eq!(blocks[at + 2], "p.: here, inside a sentence.");
    let last = blocks.last().unwrap();
    assert!(last.contains("The first section's text."), "{blocks:#?}");
    assert!(!last.contains("second section"), "{blocks:#?}");

    // Comments reach no output file; highlights are marked.
    let outline = kb.html("vault/outline.html");
    assert_eq!(outline.text(".content mark"), "the key point");
    for entry in walkdir::WalkDir::new(kb.path("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let mut bytes = std::fs::read(entry.path()).unwrap();
            if entry.path().to_string_lossy().ends_with(".pf_fragment") {
                // The search index's copies of the pages, gzipped.
                let mut plain = Vec::new();
                std::io::Read::read_to_end(
                    &mut flate2::read::GzDecoder::new(&bytes[..]),
                    &mut plain,
                )
                .unwrap();
                bytes = plain;
            }
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("ask Priya") && !text.contains("no reader sees"),
                "{} holds a comment",
                entry.path().display()
            );
        }
    }
}

#[test]
fn the_authors_files_win_over_generated_pages() {
    let kb = existing_notes();
    kb.write(
        "404.md",
        "# Not here\n\nThis page has moved; try the [start](handbook/start-here.md).\n",
    )
    .write(
        "pages/index.html",
        "<!doctype html><title>Our own index</title><p>Hand-made.</p>\n",
    )
    .write("pages/about.md", "# About\n")
    // Every file is published, linked to or not, as a site of another
    // generator expects.
    .write("cairn.yaml", "assets: all\n")
    .write(
        "themes/dark.md",
        "# Dark theme notes\n\nA note in a folder named like the themes folder.\n",
    );
    let run = kb.build();
    run.says(&[
        "warning[output/generated-page-left-out]: `404.md` is published at `404.html`, where Cairn would write the 404 page",
        "pages/index.html` is not copied: Cairn writes the page listing the folder `pages/` at `pages/index.html`",
    ]);
    assert_eq!(kb.html("404.html").text("h1"), "Not here");
    // A file copied as it is (another generator's template) does not win.
    assert!(!kb.read("public/pages/index.html").contains("Hand-made."));
    assert_eq!(kb.html("pages/about.html").text("h1"), "About");
    assert_eq!(kb.html("themes/dark.html").text("h1"), "Dark theme notes");
}

#[test]
fn links_written_in_raw_html_are_resolved_and_checked() {
    let kb = existing_notes();
    kb.write(
        "handbook/broken.md",
        "# Broken\n\nSee <a href=\"gone.md\">a page that is gone</a>.\n",
    );
    let run = kb.build();
    run.says(&[
        "warning[link/missing-page]: link to a missing file `handbook/gone.md`",
        "handbook/broken.md:3:14",
    ]);
    assert!(!run.stderr.contains("handbook/about.md"), "{}", run.stderr);
    let about = kb.html("handbook/about.html");
    assert_eq!(about.attr(".content img", "src"), "logo/mark.svg");
    assert!(kb.path("public/handbook/logo/mark.svg").is_file());
    let hrefs = hrefs(&about);
    assert_eq!(
        hrefs,
        [
            "team/index.html",
            "team/index.html#on-call",
            "metrics.html#arr--topline-metrics",
            "https://example.org/handbook",
        ]
    );
    // They count as links: the team page lists About among its backlinks.
    let team = kb.html("handbook/team/index.html");
    assert!(
        team.texts(".backlinks a").contains(&"About".to_owned()),
        "{:?}",
        team.texts(".backlinks a")
    );
}

#[test]
fn heading_links_match_whatever_their_case_or_encoding() {
    let kb = existing_notes();
    kb.write(
        "handbook/casual.md",
        "# Casual\n\n[a](metrics.md#ARR--Topline-Metrics), [b](metrics.md##notes-1), [c](metrics.md#access-to-an-aws-account-via-cli%74erraform).\n",
    );
    let run = kb.build();
    assert!(!run.stderr.contains("missing-anchor"), "{}", run.stderr);
    let hrefs = hrefs(&kb.html("handbook/casual.html"));
    assert_eq!(
        hrefs,
        [
            "metrics.html#arr--topline-metrics",
            "metrics.html#notes-1",
            "metrics.html#access-to-an-aws-account-via-cliterraform"
        ]
    );
}

#[test]
fn names_resolve_as_obsidian_resolves_them() {
    let kb = existing_notes();
    let run = kb.build();
    assert!(!run.stderr.contains("vault/Sync"), "{}", run.stderr);
    let setup = kb.html("vault/sync/sync-setup.html");
    // Files by name, wherever they are in the vault.
    let srcs: Vec<String> = setup
        .all(".content img")
        .iter()
        .filter_map(|i| i.value().attr("src").map(str::to_owned))
        .collect();
    assert_eq!(
        srcs,
        ["../Attachments/diagram.svg", "../Attachments/diagram.svg"]
    );
    let hrefs = hrefs(&setup);
    assert_eq!(
        hrefs,
        [
            // Two pages have that name: the one beside the link wins.
            "security-and-privacy.html",
            // `Page#Heading#Subheading` leads to the last heading.
            "security-and-privacy.html#encryption",
            // An e-mail address in angle brackets.
            "mailto:help@example.org",
        ]
    );
}

#[test]
fn odd_corners_of_raw_html_embeds_and_comments() {
    let kb = existing_notes();
    kb.write(
        "handbook/corners.md",
        concat!(
            "# Corners\n\n",
            "> <a\n> title=\"中文\"\n> href=\"gone-too.md\">quoted</a>\n\n",
            "<img src=logo/mark.svg alt=unquoted> <!-- <a href=\"old.md\">old</a> -->\n\n",
            "<a href=\"/intranet/home\">the intranet</a>\n\n",
            "Custom id: [up](#Top-Matter).\n\n",
            "## Top matter {#Top-Matter}\n\n",
            "![[metrics#No such heading]]\n\n",
            "%%[[Retired page]] ![](retired.png)%% Kept.\n",
        ),
    );
    let run = kb.build();
    // A link in a quote is checked (its place is the tag's start there).
    run.says(&["link to a missing file `handbook/gone-too.md`"]);
    run.says(&["embed ![[metrics#No such heading]] names no heading `#no-such-heading`"]);
    for quiet in [
        "old.md",
        "Retired page",
        "retired.png",
        "/intranet/home",
        "Top-Matter",
    ] {
        assert!(!run.stderr.contains(quiet), "{quiet}: {}", run.stderr);
    }
    let page = kb.html("handbook/corners.html");
    assert_eq!(page.attr(".content img", "src"), "logo/mark.svg");
    assert_eq!(page.attr(".content h2", "id"), "top-matter");
    assert!(page.text(".content").contains("Kept."));
    assert!(page.all(".content a[href='retired-page.html']").is_empty());
}

#[test]
fn links_to_another_generators_published_addresses_find_the_page() {
    let kb = existing_notes();
    kb.write(
        "hugo/published.md",
        "# Published\n\n[a](/handbook/metrics.html#notes), [b](../handbook/history/), [c](/handbook/Start-Here), [d](/handbook/).\n",
    );
    let run = kb.build();
    assert!(!run.stderr.contains("hugo/published.md"), "{}", run.stderr);
    let hrefs = hrefs(&kb.html("hugo/published.html"));
    assert_eq!(
        hrefs,
        [
            "../handbook/metrics.html#notes",
            "../handbook/history.html",
            "../handbook/start-here.html",
            "../handbook/index.html"
        ]
    );
}

#[test]
fn obsidian_block_references_link_and_embed_the_block() {
    let kb = existing_notes();
    let run = kb.build();
    assert!(!run.stderr.contains("vault/Weekly.md"), "{}", run.stderr);
    let decisions = kb.html("vault/decisions.html");
    // The marker is gone from the text and is the block's anchor.
    assert_eq!(decisions.text(".content p"), "We meet on Tuesdays.");
    assert_eq!(decisions.all("[id='^meeting-day']").len(), 1);
    assert_eq!(decisions.all("li [id='^minutes']").len(), 1);
    let weekly = kb.html("vault/weekly.html");
    let links = hrefs(&weekly);
    assert_eq!(
        links[..2],
        ["decisions.html#^meeting-day", "decisions.html#^minutes"]
    );
    // The embed includes that list item only.
    let embed = weekly.text(".content .embed");
    assert!(embed.contains("Minutes go to the shared drive"), "{embed}");
    assert!(
        !embed.contains("Tuesdays") && !embed.contains("one person"),
        "{embed}"
    );
}

#[test]
fn links_written_for_zola_middleman_and_hugo_find_their_page_and_heading() {
    let kb = existing_notes();
    kb.write(
        "hugo/hugo_mod.md",
        "# hugo mod\n\n## Get_Page and friends\n\nSee [below](#get-page-and-friends).\n",
    );
    kb.write(
        "hugo/others.md",
        concat!(
            "# Others\n\n",
            // Zola: from the content folder, ids made with the `slug` rules.
            "[a](@/handbook/metrics.md#arr-topline-metrics), ",
            // Middleman (Redcarpet): punctuation becomes a hyphen.
            "[b](../handbook/metrics.md#access-to-an-aws-account-via-cli-terraform-), ",
            // Hugo: the file's address, as Hugo publishes it.
            "[c](/hugo/hugo_mod/#get_page-and-friends), ",
            // Fits no heading by any rule: still reported.
            "[d](../handbook/metrics.md#revenue).\n",
        ),
    );
    let run = kb.build();
    let others: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning[link/"))
        .collect();
    assert_eq!(others.len(), 1, "{}", run.stderr);
    assert!(others[0].contains("`#revenue`"), "{}", run.stderr);

    let hrefs = hrefs(&kb.html("hugo/others.html"));
    let module = kb.html("hugo/hugo-mod.html");
    assert_eq!(
        hrefs,
        [
            "../handbook/metrics.html#arr--topline-metrics".to_owned(),
            "../handbook/metrics.html#access-to-an-aws-account-via-cliterraform".to_owned(),
            "hugo-mod.html#get_page-and-friends".to_owned(),
            "../handbook/metrics.html#revenue".to_owned(),
        ]
    );
    // Within the page too, and the heading is there to land on.
    let below = module.one(".content p a");
    assert_eq!(below.value().attr("href"), Some("#get_page-and-friends"));
    assert_eq!(
        module.all(".content h2")[0].value().attr("id"),
        Some("get_page-and-friends")
    );
}

#[test]
fn check_names_the_first_template_tag_of_each_file_and_build_shows_them_as_written() {
    let kb = existing_notes();
    kb.write(
        "handbook/liquid.md",
        "# Liquid\n\nKeep `{{ page.title }}` in code.\n\nRead [the docs]({{ site.docs }}) and {% include note.html %}.\n",
    );
    let check = kb.cairn(&["check"]);
    let warnings: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning[markdown/template-tag]"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", check.stderr);
    assert!(
        warnings[0].contains("`{{ site.docs }}`") && warnings[0].contains("and 1 more"),
        "{}",
        check.stderr
    );
    check.says(&["handbook/liquid.md:5:"]);

    let build = kb.build();
    assert!(
        !build.stderr.contains("markdown/template-tag"),
        "{}",
        build.stderr
    );
    let page = kb.html("handbook/liquid.html");
    assert!(page.text(".content").contains("{% include note.html %}"));

    kb.write("cairn.yaml", "check_template_tags: false\n");
    let quiet = kb.cairn(&["check"]);
    quiet.says(&["Checked 13 pages"]);
    assert!(
        !quiet.stderr.contains("markdown/template-tag"),
        "{}",
        quiet.stderr
    );
}

#[test]
fn a_role_or_tag_page_of_the_authors_heads_cairns_page_for_it() {
    let kb = existing_notes();
    kb.write(
        "handovers/duty.md",
        concat!(
            "---\nkind: handover\nauthor: Ana Ruiz\nrole: Duty sergeant\ndate: 2025-03-01\n",
            "handed_over_to: Ben Cole\nreview_by: 2027-03-01\n---\n# Handing over duty\n\nThe rota is on the wall.\n",
        ),
    )
    .write(
        "roles/duty-sergeant.md",
        "# Duty sergeant\n\nRuns the custody suite rota and the morning briefing.\n",
    )
    .write(
        "tags/ops.md",
        "# Ops\n\nPages about running the service day to day.\n",
    );
    let run = kb.build();
    assert!(
        !run.stderr.contains("generated-page-left-out"),
        "{}",
        run.stderr
    );

    let role = kb.html("roles/duty-sergeant.html");
    assert_eq!(role.text("h1"), "Duty sergeant");
    assert!(role
        .text(".generated-intro .content")
        .contains("Runs the custody suite rota"));
    let succession = role.all(".succession a");
    assert!(
        succession
            .iter()
            .any(|a| a.text().collect::<String>() == "Handing over duty"),
        "the succession is still listed"
    );

    let tag = kb.html("tags/ops.html");
    assert!(tag
        .text(".generated-intro .content")
        .contains("running the service day to day"));
    let listed: Vec<String> = tag
        .all(".page-list a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert!(listed.iter().any(|t| t == "Release process"), "{listed:?}");
}

#[test]
fn a_title_written_as_the_leading_heading_has_the_id_the_forges_give_it() {
    let kb = existing_notes();
    kb.write(
        "handbook/conflicts.md",
        "# Conflict resolution\n\n[Top](#conflict-resolution), [also top](#).\n\n## Conflict resolution\n\nThe second one is numbered.\n",
    )
    .write(
        "handbook/other.md",
        "# Other\n\n[c](conflicts.md#conflict-resolution), [c1](conflicts.md#conflict-resolution-1), [whole](conflicts.md#).\n",
    );
    let run = kb.build();
    assert!(
        !run.stderr.contains("link/missing-anchor"),
        "{}",
        run.stderr
    );
    let page = kb.html("handbook/conflicts.html");
    assert_eq!(
        page.one("h1").value().attr("id"),
        Some("conflict-resolution")
    );
    assert_eq!(
        page.one(".content h2").value().attr("id"),
        Some("conflict-resolution-1")
    );
    assert_eq!(
        hrefs(&kb.html("handbook/other.html")),
        [
            "conflicts.html#conflict-resolution",
            "conflicts.html#conflict-resolution-1",
            "conflicts.html"
        ]
    );
}

#[test]
fn heading_links_inside_an_embedded_section_lead_to_the_embedded_note() {
    let kb = existing_notes();
    kb.write(
        "vault/Setup.md",
        "# Setup\n\n## Part\n\nSee [[Setup#Other|the other part]] and [[#Other]].\n\n## Other\n\nMore.\n",
    )
    .write("vault/Regions.md", "# Regions\n\n![[Setup#Part]]\n");
    let run = kb.build();
    assert!(!run.stderr.contains("vault/Regions.md"), "{}", run.stderr);
    let to_other = |page: &str| -> Vec<String> {
        hrefs(&kb.html(page))
            .into_iter()
            .filter(|h| h.ends_with("other"))
            .collect()
    };
    assert_eq!(
        to_other("vault/regions.html"),
        ["setup.html#other", "setup.html#other"]
    );
    // The two links, and the heading's link to itself.
    assert_eq!(to_other("vault/setup.html"), ["#other", "#other", "#other"]);
}

#[test]
fn cairns_pages_of_the_whole_site_move_aside_for_the_authors_own() {
    let kb = existing_notes();
    kb.write("map.md", "# Map\n\nHow to get to the office.\n")
        .write("timeline.md", "# Timeline\n\nOur history, in our words.\n")
        .write(
            "search/index.md",
            "# Search\n\nHow we search for records.\n",
        );
    let run = kb.build();
    for (usual, moved) in [
        ("map.html", "_cairn/map.html"),
        ("timeline.html", "_cairn/timeline.html"),
        ("search/index.html", "_cairn/search/index.html"),
    ] {
        let said: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("output/generated-page-moved") && l.contains(moved))
            .collect();
        assert_eq!(said.len(), 1, "{usual}: {}", run.stderr);
        assert!(said[0].contains(&format!("`{usual}`")), "{}", said[0]);
    }
    assert!(
        !run.stderr.contains("generated-page-left-out"),
        "{}",
        run.stderr
    );

    // The authors' pages keep their addresses.
    assert!(kb
        .html("map.html")
        .text(".content")
        .contains("How to get to the office"));
    assert!(kb
        .html("search/index.html")
        .text(".content")
        .contains("How we search for records"));

    // Cairn's pages are where the menu and the search box lead, from any depth.
    let page = kb.html("handbook/metrics.html");
    let menu: Vec<String> = page
        .all(".site-nav a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert!(menu.contains(&"../_cairn/map.html".to_owned()), "{menu:?}");
    assert!(
        menu.contains(&"../_cairn/timeline.html".to_owned()),
        "{menu:?}"
    );
    assert_eq!(
        page.one("form.site-search").value().attr("action"),
        Some("../_cairn/search/index.html")
    );
    // Cairn's map, one folder down, still links every page.
    let map = kb.html("_cairn/map.html");
    assert_eq!(map.text("h1"), "Map of the knowledge base");
    let links: Vec<String> = map
        .all("main a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert!(
        links.contains(&"../handbook/metrics.html".to_owned()),
        "{links:?}"
    );
    assert!(kb.html("_cairn/search/index.html").text("h1") == "Search");
}

#[test]
fn addresses_set_in_front_matter_for_another_generator_find_the_page() {
    let kb = existing_notes();
    kb.write(
        "handbook/why.md",
        "---\ntitle: Why we work this way\npermalink: /philosophy/\nredirect_from: [/about-us/why.html]\n---\nBecause.\n",
    )
    .write(
        "hugo/moved.md",
        "+++\ntitle = \"Moved\"\naliases = [\"/old/moved/\"]\nurl = \"/ops/moved/\"\n+++\nHere now.\n",
    )
    .write(
        "hugo/links.md",
        "# Links\n\n[a](/philosophy/), [b](/about-us/why.html), [c](/old/moved/), [d](/ops/moved/#top), [e](/news/2016/04/19/x/).\n",
    );
    let run = kb.build();
    let missing: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning[link/missing-page]") && l.contains('/'))
        .collect();
    assert_eq!(missing.len(), 1, "{}", run.stderr);
    assert!(missing[0].contains("news/2016"), "{}", run.stderr);
    assert_eq!(
        hrefs(&kb.html("hugo/links.html"))[..4],
        [
            "../handbook/why.html",
            "../handbook/why.html",
            "moved.html",
            "moved.html#top"
        ]
    );
}

#[test]
fn kramdown_block_attributes_give_headings_their_ids_and_are_not_shown() {
    let kb = existing_notes();
    kb.write(
        "jekyll/history.md",
        "# History\n\n## 1.0.0 / 2013-05-06\n{: #v1-0-0}\n\nFirst release.\n\n{: .note .info}\n",
    )
    .write(
        "jekyll/news.md",
        "# News\n\nSee [1.0.0](/jekyll/history/#v1-0-0).\n",
    );
    let run = kb.build();
    assert!(!run.stderr.contains("jekyll/"), "{}", run.stderr);
    let history = kb.html("jekyll/history.html");
    assert_eq!(
        history.one(".content h2").value().attr("id"),
        Some("v1-0-0")
    );
    assert!(!history.text(".content").contains("{:"));
    assert_eq!(hrefs(&kb.html("jekyll/news.html")), ["history.html#v1-0-0"]);
}

#[test]
fn an_image_that_is_not_there_shows_its_description_marked_never_an_empty_source() {
    let kb = existing_notes();
    kb.write(
        "handbook/pictures.md",
        "# Pictures\n\n![The rota board](img/rota.png) and ![[Missing note]] and ![[gone.png]].\n",
    );
    let run = kb.build();
    run.says(&["img/rota.png", "gone.png"]);
    let page = kb.html("handbook/pictures.html");
    assert!(page.all(".content img").is_empty());
    let marked: Vec<String> = page
        .all(".content .link-missing")
        .iter()
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(marked.len(), 3, "{marked:?}");
    assert_eq!(marked[0], "The rota board");
}

#[test]
fn a_raw_html_tag_written_over_several_lines_is_resolved_and_checked() {
    let kb = existing_notes();
    kb.write(
        "handbook/cards.md",
        "# Cards\n\n<div class=\"cards\">\n<a class=\"card\"\n   href=\"metrics.md\">Metrics</a>\n<img src=\"img/nope.png\"\n     alt=\"x\">\n</div>\n",
    );
    let run = kb.build();
    run.says(&["img/nope.png", "handbook/cards.md:6:"]);
    let page = kb.html("handbook/cards.html");
    assert_eq!(
        page.one(".content a.card").value().attr("href"),
        Some("metrics.html")
    );
}

#[test]
fn a_folders_readme_is_its_page_when_it_has_no_other() {
    let kb = existing_notes();
    kb.write(
        "guide/README.md",
        "# The guide\n\nStart with [setup](setup.md).\n",
    )
    .write(
        "guide/setup.md",
        "# Setup\n\nBack to [the guide](README.md).\n",
    )
    .write("hugo/README.md", "# Not the folder's page\n")
    .write("hugo/_index.md", "# Hugo notes\n");
    let run = kb.build();
    assert!(!run.stderr.contains("guide/"), "{}", run.stderr);
    let guide = kb.html("guide/index.html");
    assert_eq!(guide.text("h1"), "The guide");
    assert!(guide.text(".content").contains("Start with setup"));
    assert_eq!(hrefs(&kb.html("guide/setup.html")), ["index.html"]);
    // A folder with a page of its own keeps its README as a page.
    assert_eq!(kb.html("hugo/index.html").text("h1"), "Hugo notes");
    assert_eq!(
        kb.html("hugo/readme.html").text("h1"),
        "Not the folder's page"
    );
}

#[test]
fn raw_html_anchors_are_link_targets_and_raw_links_to_them_are_checked() {
    let kb = existing_notes();
    kb.write(
        "handbook/anchors.md",
        concat!(
            "# Anchors\n\n",
            "<a name=\"old-anchor\"></a>\n\n",
            "<p id=\"M5\">Milestone five.</p>\n\n",
            "[old](#old-anchor), [five](#M5), <a href=\"#nowhere\">nowhere</a>, ",
            "<a href=\"/handbook/metrics/\">metrics</a>.\n",
        ),
    )
    .write(
        "handbook/elsewhere.md",
        "# Elsewhere\n\n[five](anchors.md#M5)\n",
    );
    let run = kb.build();
    let anchors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning[link/missing-anchor]"))
        .collect();
    assert_eq!(anchors.len(), 1, "{}", run.stderr);
    assert!(anchors[0].contains("`#nowhere`"), "{}", run.stderr);
    let page = kb.html("handbook/anchors.html");
    assert_eq!(page.attr(".content a[name]", "name"), "old-anchor");
    assert_eq!(
        hrefs(&page),
        ["#old-anchor", "#M5", "#nowhere", "metrics.html"]
    );
    assert_eq!(
        hrefs(&kb.html("handbook/elsewhere.html")),
        ["anchors.html#M5"]
    );
}

#[test]
fn hugo_code_shortcodes_are_code_and_definition_terms_are_link_targets() {
    let kb = existing_notes();
    kb.write(
        "hugo/menus.md",
        concat!(
            "# Menus\n\n",
            "Define the menu:\n\n",
            "{{< code-toggle file=hugo >}}\n",
            "[[menus.main]]\n",
            "name = 'Home'\n\n",
            "# weight orders the entries\n",
            "weight = 10\n",
            "{{< /code-toggle >}}\n\n",
            "baseURL\n",
            ": (`string`) The absolute address of the site.\n\n",
            "## Options\n\n",
            "See [baseURL](#baseurl) and [the term on another page](glossary.md#cachedir).\n",
        ),
    )
    .write(
        "hugo/glossary.md",
        "# Glossary\n\n## cacheDir\n\ncacheDir\n: Where files are cached.\n",
    );
    let run = kb.build();
    assert!(!run.stderr.contains("hugo/"), "{}", run.stderr);
    let menus = kb.html("hugo/menus.html");
    let code: String = menus.one(".content pre code").text().collect();
    assert!(
        code.starts_with("[[menus.main]]\nname = 'Home'\n\n# weight"),
        "{code}"
    );
    assert!(menus.all(".content .link-missing").is_empty());
    assert_eq!(
        menus.all(".content h2").len(),
        1,
        "a TOML comment is no heading"
    );
    assert_eq!(
        menus.one(".content dt span").value().attr("id"),
        Some("baseurl")
    );
    // The term's id comes after the heading of the same name, which keeps its own.
    let glossary = kb.html("hugo/glossary.html");
    assert_eq!(
        glossary.one(".content h2").value().attr("id"),
        Some("cachedir")
    );
    assert_eq!(
        glossary.one(".content dt span").value().attr("id"),
        Some("cachedir-1")
    );
}

#[test]
fn mkdocs_and_jekyll_ways_of_naming_a_target_find_it() {
    let kb = existing_notes();
    kb.write(
        "mkdocs/theme.md",
        "# Theme\n\n* **`locale`**{ #mkdocs-locale }: The language of the theme.\n",
    )
    .write(
        "mkdocs/notes.md",
        concat!(
            "# Release notes\n\n",
            "Translations moved, see [[1]](theme.md#mkdocs-locale) [[2]](https://example.org/).\n\n",
            "![Diagram](images/flow.png)\n",
        ),
    )
    .write("images/flow.png", "not really a PNG")
    .write(
        "_posts/2016-04-19-version-3-released.md",
        "---\ntitle: Version 3\nredirect_from: /help/index.html\n---\n\nReleased.\n",
    )
    .write(
        "_posts/2016-05-18-version-3-1-released.md",
        "---\ntitle: Version 3.1\n---\n\nAfter [version 3](/news/2016/04/19/version-3-released/); ask for [help](/help/).\n",
    );
    let run = kb.build();
    for source in ["mkdocs/", "_posts/"] {
        assert!(!run.stderr.contains(source), "{}", run.stderr);
    }
    let theme = kb.html("mkdocs/theme.html");
    assert_eq!(
        theme.one(".content li span").value().attr("id"),
        Some("mkdocs-locale")
    );
    assert!(!theme.text(".content").contains('{'));
    let notes = kb.html("mkdocs/notes.html");
    let links: Vec<String> = notes
        .all(".content a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(links, ["[1]", "[2]"]);
    assert_eq!(
        hrefs(&notes),
        ["theme.html#mkdocs-locale", "https://example.org/"]
    );
    assert_eq!(
        notes.one(".content img").value().attr("src"),
        Some("../images/flow.png")
    );
    let post = kb.html("posts/2016-05-18-version-3-1-released.html");
    assert_eq!(
        hrefs(&post),
        [
            "2016-04-19-version-3-released.html",
            "2016-04-19-version-3-released.html"
        ]
    );
}
