//! The bundled example knowledge base (the repository's own `content/`).

use std::path::Path;

use crate::common::{run_cairn, Page};

#[test]
fn the_bundled_example_builds_without_warnings_and_every_link_resolves() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = run_cairn(repo, &["build", ".", "--out", site.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    crate::output::assert_internal_links_resolve(&site);

    let home = Page(scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("index.html")).unwrap(),
    ));
    assert!(
        home.texts(".reading-path > li").len() >= 3,
        "the example has an induction path"
    );
    let kinds: std::collections::BTreeSet<String> = walk_kinds(&site);
    for kind in [
        "handover", "project", "guide", "person", "agency", "glossary", "decision",
    ] {
        assert!(
            kinds.contains(kind),
            "the example has no {kind} page: {kinds:?}"
        );
    }
}

fn walk_kinds(site: &Path) -> std::collections::BTreeSet<String> {
    let mut kinds = std::collections::BTreeSet::new();
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let doc = scraper::Html::parse_document(&std::fs::read_to_string(&path).unwrap());
                let selector = scraper::Selector::parse("body").unwrap();
                if let Some(class) = doc
                    .select(&selector)
                    .next()
                    .and_then(|b| b.value().attr("class"))
                {
                    if let Some(kind) = class.strip_prefix("page-") {
                        kinds.insert(kind.to_owned());
                    }
                }
            }
        }
    }
    kinds
}
