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

/// `cairn check` on the bundled example, on the day this was written,
/// reports the loose ends the example plants and nothing else.
#[test]
fn checking_the_bundled_example_reports_its_planted_loose_ends_only() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["check", ".", "--format", "json"])
        .current_dir(repo)
        // 2026-12-03, noon UTC.
        .env("SOURCE_DATE_EPOCH", "1796299200")
        .output()
        .expect("cairn runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["warnings"], 0, "{report}");
    assert_eq!(report["errors"], 0, "{report}");
    let listed = |list: &serde_json::Value| -> Vec<String> {
        let mut entries: Vec<String> = list
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(name, entries)| {
                entries.as_array().unwrap().iter().map(move |e| {
                    let what = e.get("action").or_else(|| e.get("title")).unwrap();
                    format!(
                        "{name}: {} ({})",
                        what.as_str().unwrap(),
                        e["source"].as_str().unwrap()
                    )
                })
            })
            .collect();
        entries.sort();
        entries
    };
    assert_eq!(
        listed(&report["memory"]),
        [
            "overdue: Handover: police schools liaison officer (Dan Hughes to Leah Marsh) (handovers/2025/schools-liaison-officer.md)",
            "owner_left: Northmere schools (agencies/northmere-schools.md)",
            "owner_left: Sharing information safely between agencies (guides/sharing-information-safely.md)",
            "renewal_due: Information Sharing Agreement (agreements/information-sharing-agreement.md)",
        ]
    );
    let roles: Vec<&str> = report["roles_without_handover"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["roles/youth-offending-team-manager.md"]);
    assert_eq!(
        listed(&report["actions"]),
        [
            "dropped: Operation Lantern evaluation (handovers/2024/asb-coordinator-priya-shah.md)",
            "overdue: Cuckooing review visits (handovers/2025/asb-coordinator-tom-reid.md)",
            "overdue: Evening routes for the summer (handovers/2025/youth-outreach-lead.md)",
            "overdue: Knife-crime input for Year 9 (handovers/2025/schools-liaison-officer.md)",
            "overdue: Operation Lantern evaluation (handovers/2024/asb-coordinator-priya-shah.md)",
            "overdue: PSPO renewal (handovers/2025/asb-coordinator-tom-reid.md)",
            "overdue: Safer Harbourside Nights (handovers/2025/asb-coordinator-tom-reid.md)",
        ]
    );
}
