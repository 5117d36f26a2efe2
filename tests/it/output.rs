//! The output folder: relative links, 404, sitemap, feed, search on or off,
//! and safe replacement.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{page, Kb, Page};

/// A home page, a handover and a person (`tests/fixtures/valid/small-site`).
fn small_kb() -> Kb {
    Kb::from_fixture("valid/small-site")
}

/// Every `href`/`src` in every HTML file under `root` that points inside the
/// site resolves to a file (and an existing id, for `#anchors` on pages).
pub fn assert_internal_links_resolve(root: &Path) {
    let mut checked = 0;
    let mut broken = BTreeSet::new();
    for entry in walkdir(root) {
        if entry.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = Page(scraper::Html::parse_document(
            &std::fs::read_to_string(&entry).unwrap(),
        ));
        let dir = entry.parent().unwrap();
        for element in html.all("[href], [src]") {
            let value = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap();
            // Images embedded in packs are data, not links.
            if value.contains("://")
                || value.starts_with("mailto:")
                || value.starts_with("tel:")
                || value.starts_with("data:image/")
            {
                continue;
            }
            let (path, anchor) = value.split_once('#').unwrap_or((value, ""));
            let target = if path.is_empty() {
                entry.clone()
            } else {
                dir.join(path)
            };
            checked += 1;
            let Ok(target) = target.canonicalize() else {
                broken.insert(format!("{} -> {value}", entry.display()));
                continue;
            };
            if !target.starts_with(root.canonicalize().unwrap()) {
                broken.insert(format!("{} -> {value} (outside the site)", entry.display()));
            }
            if !anchor.is_empty() && target.extension().is_some_and(|e| e == "html") {
                let doc = Page(scraper::Html::parse_document(
                    &std::fs::read_to_string(&target).unwrap(),
                ));
                if doc.all(&format!("[id=\"{anchor}\"]")).is_empty() {
                    broken.insert(format!("{} -> {value} (no such anchor)", entry.display()));
                }
            }
        }
    }
    assert!(checked > 0, "no links checked under {}", root.display());
    assert!(
        broken.is_empty(),
        "broken internal links:\n{}",
        broken.into_iter().collect::<Vec<_>>().join("\n")
    );
}

fn walkdir(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn every_internal_link_resolves_in_the_output() {
    let kb = small_kb();
    kb.build();
    assert_internal_links_resolve(&kb.path("public"));
}

#[test]
fn urls_are_relative_so_the_site_works_from_any_path_or_a_file_share() {
    let kb = small_kb();
    kb.build();
    let p = kb.html("handovers/2025/ana.html");
    for element in p.all("[href], [src]") {
        let value = element
            .value()
            .attr("href")
            .or(element.value().attr("src"))
            .unwrap();
        assert!(!value.starts_with('/'), "absolute URL {value}");
    }
    assert_eq!(
        p.attr("link[rel=stylesheet]", "href"),
        "../../_cairn/assets/style.css"
    );
    assert!(kb.path("public/_cairn/assets/style.css").is_file());
}

#[test]
fn not_found_page_sitemap_and_feed() {
    let kb = small_kb();
    kb.write(
        "cairn.yaml",
        "title: KB\nbase_url: https://intranet.example/teams/kb/\n",
    );
    kb.build();
    let not_found = kb.html("404.html");
    assert_eq!(not_found.text("main h1"), "Page not found");
    // Served for any missing address, so its links carry the path prefix.
    assert_eq!(
        not_found.attr("link[rel=stylesheet]", "href"),
        "/teams/kb/_cairn/assets/style.css"
    );

    let sitemap = kb.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://intranet.example/teams/kb/"),
        "{locs:?}"
    );
    assert!(
        locs.contains(&"https://intranet.example/teams/kb/handovers/2025/ana.html"),
        "{locs:?}"
    );

    let feed = kb.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("atom.xml is well-formed XML");
    let entries: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let child = |entry: &roxmltree::Node, name: &str| {
        entry
            .children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_owned()
    };
    let titles: Vec<String> = entries.iter().map(|e| child(e, "title")).collect();
    assert_eq!(titles, ["Handover: Ana's handover", "Person: Ben"]);
    assert_eq!(child(&entries[0], "updated"), "2025-04-01T00:00:00Z");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let kb = small_kb();
    kb.build();
    let before = kb.read("public/people/ben.html");
    kb.write(
        "content/people/ben.md",
        "---\ntitle: [unclosed\n---\nBroken.\n",
    );
    let run = kb.cairn(&["build"]);
    run.fails_with(&["malformed YAML", "previous output was left as it was"]);
    assert_eq!(kb.read("public/people/ben.html"), before);
    let leftovers: Vec<String> = std::fs::read_dir(kb.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !leftovers.iter().any(|n| n.contains("cairn-new")),
        "{leftovers:?}"
    );
}

#[test]
fn a_rebuild_replaces_the_output_it_created() {
    let kb = small_kb();
    kb.build();
    std::fs::remove_file(kb.path("content/people/ben.md")).unwrap();
    kb.build();
    assert!(!kb.path("public/people/ben.html").exists());
    assert!(kb.path("public/.cairn-output").is_file());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let kb = small_kb();
    kb.write("precious/thesis.docx", "years of work");
    let run = kb.cairn(&["build", "--out", "precious"]);
    run.fails_with(&["refusing to replace", "precious"]);
    assert_eq!(kb.read("precious/thesis.docx"), "years of work");

    let home = kb.cairn(&["build", "--out", "."]);
    home.fails_with(&["refusing to write the site"]);
    assert!(kb.path("content/people/ben.md").is_file());
}

#[test]
fn an_empty_or_new_output_folder_is_fine() {
    let kb = small_kb();
    std::fs::create_dir(kb.path("empty")).unwrap();
    assert!(kb.cairn(&["build", "--out", "empty"]).ok());
    assert!(kb.cairn(&["build", "--out", "deeper/new/site"]).ok());
    assert!(kb.path("deeper/new/site/index.html").is_file());
}

#[test]
fn a_knowledge_base_without_search_has_no_index_and_no_search_box() {
    let kb = Kb::new();
    kb.write("cairn.yaml", "title: Quiet\nsearch: false\n");
    kb.write("content/note.md", page("title: A note", "Some text.\n"));
    kb.build();
    let note = kb.html("note.html");
    assert!(note.all("form[role=search]").is_empty());
    assert!(note.all("script[src$='search.js']").is_empty());
    assert!(!kb.path("public/_cairn/pagefind").exists());
    assert!(!kb.path("public/_search").exists());
    assert!(!kb.path("public/search").exists());
    // Previews and the map do not depend on search.
    let previews = kb
        .path("public")
        .join(cairn::render::preview_path("note.html"));
    let script = std::fs::read_to_string(previews).unwrap();
    assert!(
        script.starts_with("cairnPreview(\"note.html\",{"),
        "{script}"
    );
    assert!(kb.path("public/map.html").is_file());

    // With search (the default), all of it is there.
    kb.write("cairn.yaml", "title: Searchable\n");
    kb.build();
    let note = kb.html("note.html");
    assert_eq!(note.all("form[role=search]").len(), 1);
    assert!(kb.path("public/_cairn/pagefind/pagefind.js").is_file());
    assert!(kb.path("public/_cairn/titles.js").is_file());
    assert!(kb.path("public/search/index.html").is_file());
}

#[test]
fn a_second_build_into_the_same_output_waits_for_none_and_writes_nothing() {
    let kb = small_kb();
    kb.build();
    let before = kb.read("public/index.html");
    // Another build holds the lock beside the output.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(kb.path(".public.cairn-lock"))
        .expect("the first build left its lock file");
    lock.try_lock().expect("nobody else holds it");
    kb.write(
        "content/late.md",
        page("title: Late", "Written while the other build ran.\n"),
    );
    let run = kb.cairn(&["build", "."]);
    run.fails_with(&[
        "error[write/locked]: another build is writing",
        "wait for it to finish",
    ]);
    assert_eq!(kb.read("public/index.html"), before);
    drop(lock);
    assert!(kb.cairn(&["build", "."]).ok());
    assert!(kb.path("public/late.html").exists());
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site_and_the_next_tidies_up() {
    let kb = small_kb();
    for n in 0..300 {
        kb.write(
            &format!("content/bulk/note-{n:03}.md"),
            page(
                &format!("title: Note {n}"),
                &"Some text about the partnership. ".repeat(40),
            ),
        );
    }
    kb.build();
    let index = kb.read("public/index.html");
    for delay_ms in [5, 20, 40, 80, 120, 200, 300] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
            .args(["build", ".", "-q"])
            .current_dir(kb.root())
            .env("SOURCE_DATE_EPOCH", crate::common::FIXED_EPOCH)
            .spawn()
            .expect("cairn starts");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let _ = child.wait();
        // Whenever it died, the output is a whole site: the last one, or
        // (if it got that far) the new one, which is the same.
        assert_eq!(
            kb.read("public/index.html"),
            index,
            "killed after {delay_ms} ms"
        );
        assert!(
            kb.path("public/bulk/note-299.html").exists(),
            "killed after {delay_ms} ms"
        );
    }
    // The next build tidies whatever the killed ones left beside it.
    assert!(kb.cairn(&["build", "."]).ok());
    let beside: Vec<String> = std::fs::read_dir(kb.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("cairn-new") || name.contains("cairn-old"))
        .collect();
    assert!(beside.is_empty(), "left beside the output: {beside:?}");
}
