//! The preview server's quick updates (`cairn::serve::live`): after each edit, the
//! files it serves must be exactly the files a full rebuild makes, and edits
//! to a page's text or title must take the quick way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cairn::build::BuildOptions;
use cairn::output::{Contents, OutputFile};
use cairn::serve::live::{Files, LiveSite, Rebuilt};

use crate::common::{copy_example, page};

/// The bundled example plus a folder of 40 notes, enough for the sidebar to
/// show blocks of entries, with links by title, to headings, and embeds.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let bulk = dir.path().join("content/bulk");
    std::fs::create_dir_all(&bulk).unwrap();
    std::fs::write(
        bulk.join("_index.md"),
        page(
            "title: Bulk notes",
            "Start with [[Note 07]] and [[Note 30#Details]].\n",
        ),
    )
    .unwrap();
    for n in 1..=40 {
        let next = n % 40 + 1;
        let body = format!(
            "Note {n} follows on from [[Note {next:02}]] and [[Note 20#Details]].\n\n\
             ## Details\n\nMore about note {n}.\n"
        );
        std::fs::write(
            bulk.join(format!("note-{n:02}.md")),
            page(&format!("title: \"Note {n:02}\"\ntags: [bulk]"), &body),
        )
        .unwrap();
    }
    std::fs::write(
        bulk.join("digest.md"),
        page(
            "title: Digest",
            "The week's notes.\n\n![[Note 12]]\n\nAlso [[Brand new name]].\n",
        ),
    )
    .unwrap();
    dir
}

fn options() -> BuildOptions {
    BuildOptions {
        out: None,
        drafts: false,
        today: "2026-01-15".parse().unwrap(),
        audience: None,
        progress: indicatif::ProgressBar::hidden(),
    }
}

fn bytes(file: OutputFile) -> (String, Vec<u8>) {
    let data = match file.contents {
        Contents::Text(text) => text.into_bytes(),
        Contents::Bytes(bytes) => bytes.into_owned(),
        Contents::Copy(path) => format!("copy of {}", path.display()).into_bytes(),
    };
    (file.path, data)
}

/// A live site and the files it serves, kept as the server keeps them.
struct Served {
    root: PathBuf,
    live: LiveSite,
    files: BTreeMap<String, Vec<u8>>,
}

impl Served {
    fn start(root: &Path) -> Served {
        let (live, rebuilt) = LiveSite::build(root, options());
        let mut served = Served {
            root: root.to_path_buf(),
            live,
            files: BTreeMap::new(),
        };
        served.apply(rebuilt);
        served
    }

    /// Serves what an update made, then the documents it left for after
    /// the reload (packs, print views), as the server does.
    fn apply(&mut self, rebuilt: Rebuilt) -> bool {
        match rebuilt.files {
            Some(Files::All(files)) => self.files = files.into_iter().map(bytes).collect(),
            Some(Files::Changed(files)) => self.files.extend(files.into_iter().map(bytes)),
            None => {}
        }
        while let Some(later) = self.live.catch_up(3) {
            self.files.extend(later.into_iter().map(bytes));
        }
        rebuilt.full
    }

    /// Writes `text` to `rel` (under content/) and updates.
    fn edit(&mut self, rel: &str, text: &str) -> Rebuilt {
        let path = self.root.join("content").join(rel);
        std::fs::write(&path, text).unwrap();
        self.live.update(&[path.canonicalize().unwrap()])
    }

    /// Edits, expects the quick way (or not), and compares with a full build.
    fn expect(&mut self, rel: &str, text: &str, quick: bool) {
        let rebuilt = self.edit(rel, text);
        assert!(
            rebuilt.files.is_some(),
            "editing {rel} failed: {:?}",
            rebuilt.diagnostics
        );
        let full = self.apply(rebuilt);
        assert_eq!(
            full, !quick,
            "editing {rel}: quick update expected: {quick}"
        );
        self.same_as_full_build(rel);
    }

    fn same_as_full_build(&self, what: &str) {
        let (mut live, rebuilt) = LiveSite::build(&self.root, options());
        let Some(Files::All(files)) = rebuilt.files else {
            panic!("full build failed: {:?}", rebuilt.diagnostics);
        };
        let mut expected: BTreeMap<String, Vec<u8>> = files.into_iter().map(bytes).collect();
        while let Some(later) = live.catch_up(usize::MAX) {
            expected.extend(later.into_iter().map(bytes));
        }
        assert!(
            expected.contains_key("print.html"),
            "print views (and packs) are made after the pages"
        );
        let differing: std::collections::BTreeSet<&String> = expected
            .keys()
            .chain(self.files.keys())
            .filter(|path| expected.get(*path) != self.files.get(*path))
            .collect();
        if let Some(first) = differing.first() {
            let lines = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
                String::from_utf8_lossy(files.get(*first).map_or(&[][..], Vec::as_slice))
                    .lines()
                    .map(str::to_owned)
                    .collect()
            };
            let (want, got) = (lines(&expected), lines(&self.files));
            let at = want.iter().zip(&got).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "after editing {what}, {} files differ from a full build: {differing:?}\n\
                 first difference in {first} at line {}:\n  full build: {:?}\n  served:     {:?}",
                differing.len(),
                at + 1,
                want.get(at),
                got.get(at),
            );
        }
    }
}

#[test]
fn body_and_title_edits_update_exactly_what_a_full_build_would() {
    let kb = fixture();
    let mut served = Served::start(kb.path());
    served.same_as_full_build("nothing");

    // The text of a handover, with a new link and one link fewer.
    let rel = "handovers/2025/youth-outreach-lead.md";
    let original = std::fs::read_to_string(kb.path().join("content").join(rel)).unwrap();
    let edited = original.replacen("[[Operation Lantern]]", "Operation Lantern", 1)
        + "\nA new paragraph that links to [[Writing a handover note]].\n";
    served.expect(rel, &edited, true);

    // A guide on the induction path is retitled: sidebars, previous and
    // next links, the home page's first steps, the backlinks it shows on.
    let rel = "guides/writing-a-handover.md";
    let original = std::fs::read_to_string(kb.path().join("content").join(rel)).unwrap();
    served.expect(
        rel,
        &original.replacen("Writing a handover note", "Handing over well", 1),
        true,
    );
    // The link written with the old title is now broken.
    let outreach = served.files["handovers/2025/youth-outreach-lead.html"].clone();
    assert!(String::from_utf8_lossy(&outreach).contains("link-missing"));

    // A note moves from the first block of its folder to a later one.
    served.expect(
        "bulk/note-05.md",
        &page(
            "title: \"Note 33b\"\ntags: [bulk]",
            "Moved.\n\n## Details\n\nStill here.\n",
        ),
        true,
    );
    // A note retitled so that a broken link elsewhere now finds it, and the
    // section page's link to its old title breaks.
    served.expect(
        "bulk/note-07.md",
        &page("title: Brand new name\ntags: [bulk]", "Renamed.\n"),
        true,
    );
    // An embedded note's text changes, and a heading others link to goes.
    served.expect(
        "bulk/note-12.md",
        &page(
            "title: \"Note 12\"\ntags: [bulk]",
            "Embedded text, edited.\n",
        ),
        true,
    );
    served.expect(
        "bulk/note-20.md",
        &page("title: \"Note 20\"\ntags: [bulk]", "No details any more.\n"),
        true,
    );

    // Every kind of generated page that shows a title or a summary:
    // a handover's role succession, the timeline, the tag, agency and
    // person pages, its people's pages.
    let retitle = |served: &Served, rel: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(served.root.join("content").join(rel)).unwrap();
        assert!(text.contains(from), "{rel} names {from}");
        text.replacen(from, to, 1)
    };
    let rel = "handovers/2025/schools-liaison-officer.md";
    let edited = retitle(
        &served,
        rel,
        "title: \"Handover: police schools liaison officer",
        "title: \"Handing over: schools liaison",
    );
    served.expect(rel, &edited, true);
    for shown_in in ["roles/schools-liaison-officer.html", "timeline.html"] {
        assert!(
            String::from_utf8_lossy(&served.files[shown_in])
                .contains("Handing over: schools liaison"),
            "{shown_in} shows the new title"
        );
    }
    // A page nothing links to, on the Needs review page, retitled.
    served.expect(
        "bulk/digest.md",
        &page(
            "title: Weekly digest",
            "The week's notes.\n\n![[Note 12]]\n\nAlso [[Brand new name]].\n",
        ),
        true,
    );
    assert!(
        String::from_utf8_lossy(&served.files["needs-review.html"]).contains("Weekly digest"),
        "the Needs review page lists the digest by its new title"
    );
    // A decision retitled, now linking to a project: the project's own
    // timeline gains the decision's events, and its backlinks the decision.
    let rel = "decisions/2025-01-merge-tasking-meetings.md";
    let edited = retitle(
        &served,
        rel,
        "Merge the two tasking meetings into one Joint Tasking",
        "One Joint Tasking instead of two meetings",
    ) + "\nThe [[Eastgate Youth Hub]] was discussed at the first one.\n";
    served.expect(rel, &edited, true);
    // A note's first paragraph, its summary in every list, changes.
    served.expect(
        "bulk/note-03.md",
        &page(
            "title: \"Note 03\"\ntags: [bulk]",
            "A new first paragraph for note 3.\n\nIt follows [[Note 04]].\n",
        ),
        true,
    );
    // A handover with a summary of its own: a new paragraph changes only
    // its own page and preview, then (after open pages reload) the
    // documents that hold its whole text: its role's handover pack and the
    // print views of its folders.
    let rel = "handovers/2023/asb-coordinator-gill-barker.md";
    let text = std::fs::read_to_string(served.root.join("content").join(rel)).unwrap();
    let rebuilt = served.edit(rel, &(text + "\nOne more thing to know.\n"));
    let Some(Files::Changed(files)) = &rebuilt.files else {
        panic!("expected a quick update, got {rebuilt:?}");
    };
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    let previews = cairn::render::preview_path("handovers/2023/asb-coordinator-gill-barker.html");
    assert_eq!(
        paths,
        [
            previews.as_str(),
            "handovers/2023/asb-coordinator-gill-barker.html",
        ]
    );
    let mut later = rebuilt.later.clone();
    later.sort_unstable();
    assert_eq!(
        later,
        [
            "handovers/2023/print.html",
            "handovers/print.html",
            "print.html",
            "roles/asb-coordinator/pack.html"
        ]
    );
    served.apply(rebuilt);
    served.same_as_full_build(rel);
}

#[test]
fn editing_actions_updates_every_list_of_them_exactly() {
    let kb = fixture();
    let mut served = Served::start(kb.path());
    let shows = |served: &Served, path: &str, text: &str| {
        String::from_utf8_lossy(&served.files[path]).contains(text)
    };
    assert!(shows(&served, "actions.html", "Safer Harbourside Nights"));
    assert!(shows(
        &served,
        "roles/asb-coordinator.html",
        "asb-coordinator-tom-reid.html#action-1\""
    ));

    // An action is ticked where it is written: it leaves the lists.
    let rel = "handovers/2025/asb-coordinator-tom-reid.md";
    let text = std::fs::read_to_string(kb.path().join("content").join(rel)).unwrap();
    let ticked = text.replacen(
        "- [ ] **Safer Harbourside Nights**",
        "- [x] **Safer Harbourside Nights**",
        1,
    );
    assert_ne!(ticked, text);
    served.expect(rel, &ticked, true);
    assert!(!shows(&served, "actions.html", "Safer Harbourside Nights"));
    assert!(!shows(
        &served,
        "roles/asb-coordinator.html",
        "asb-coordinator-tom-reid.html#action-1\""
    ));

    // The next handover carries on the action it dropped: it is no longer
    // called out as dropped.
    assert!(shows(
        &served,
        "needs-review.html",
        "Operation Lantern evaluation"
    ));
    let carried = ticked.replacen(
        "## Open actions\n",
        "## Open actions\n\n- [ ] **Operation Lantern evaluation**: still waiting for the figures. 📅 2026-03-01\n",
        1,
    );
    served.expect(rel, &carried, true);
    assert!(!shows(&served, "needs-review.html", "Not carried over:"));

    // A new owner and a due date on another page.
    let rel = "handovers/2025/schools-liaison-officer.md";
    let text = std::fs::read_to_string(kb.path().join("content").join(rel)).unwrap();
    let owned = text.replacen(
        "keep the schools' reports flowing to them.",
        "keep the schools' reports flowing to them. [owner:: [[Dan Hughes]]] [due:: 2026-02-01]",
        1,
    );
    assert_ne!(owned, text);
    served.expect(rel, &owned, true);
    assert!(shows(
        &served,
        "people/dan-hughes.html",
        "Vape sales to under-18s"
    ));
}

#[test]
fn edits_to_agreements_decisions_roles_and_owned_pages_update_exactly() {
    let kb = fixture();
    let mut served = Served::start(kb.path());
    let shows = |served: &Served, path: &str, text: &str| {
        String::from_utf8_lossy(&served.files[path]).contains(text)
    };
    let edit = |rel: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(kb.path().join("content").join(rel)).unwrap();
        assert!(text.contains(from), "{rel} has {from:?}");
        text.replacen(from, to, 1)
    };

    // An agreement retitled: the register and its parties' agency pages
    // show the new title.
    let rel = "agreements/information-sharing-agreement.md";
    let text = edit(
        rel,
        "title: \"Information Sharing Agreement\"",
        "title: \"Data sharing agreement\"",
    );
    served.expect(rel, &text, true);
    for path in ["agreements.html", "agencies/northmere-police.html"] {
        assert!(shows(&served, path, "Data sharing agreement"), "{path}");
    }

    // The superseded decision retitled: the newer decision's page, the
    // timeline and the decision log follow.
    let rel = "decisions/2022-09-separate-tasking-meetings.md";
    let text = edit(
        rel,
        "title: \"Keep the council's ASB case review and the police problem-solving meeting separate\"",
        "title: \"Keep two tasking meetings\"",
    );
    served.expect(rel, &text, true);
    assert!(shows(
        &served,
        "decisions/2025-01-merge-tasking-meetings.html",
        "Keep two tasking meetings"
    ));

    // A guide owned by someone who has left, retitled: their page's list
    // of what they still own, and Needs review, follow.
    // (He left before the fixture's today: a change of front matter
    // other than a title rebuilds everything.)
    let rel = "people/dan-hughes.md";
    served.expect(
        rel,
        &edit(rel, "left: 2026-06-30", "left: 2025-12-31"),
        false,
    );
    assert!(shows(
        &served,
        "needs-review.html",
        "Sharing information safely between agencies"
    ));
    let rel = "guides/sharing-information-safely.md";
    let text = edit(
        rel,
        "title: \"Sharing information safely between agencies\"",
        "title: \"Sharing information safely\"",
    );
    served.expect(rel, &text, true);
    assert!(shows(
        &served,
        "people/dan-hughes.html",
        "Sharing information safely<"
    ));

    // A role profile's text (its holders and actions are generated below).
    let rel = "roles/asb-coordinator.md";
    let text = std::fs::read_to_string(kb.path().join("content").join(rel)).unwrap();
    served.expect(
        rel,
        &(text + "\nThe coordinator also keeps the partnership's risk register.\n"),
        true,
    );
    assert!(shows(
        &served,
        "roles/asb-coordinator.html",
        "risk register"
    ));
    assert!(shows(&served, "roles/asb-coordinator.html", "Amara Okafor"));
}

#[test]
fn other_changes_rebuild_everything_and_errors_keep_the_last_good_site() {
    let kb = fixture();
    let mut served = Served::start(kb.path());

    // Front matter other than the title: a full rebuild.
    let rel = "bulk/note-03.md";
    served.expect(
        rel,
        &page("title: \"Note 03\"\ntags: [bulk, extra]", "Tagged.\n"),
        false,
    );
    // A person retitled: people are matched by name everywhere.
    let rel = "people/amara-okafor.md";
    let original = std::fs::read_to_string(kb.path().join("content").join(rel)).unwrap();
    served.expect(
        rel,
        &original.replacen("title: \"Amara Okafor\"", "title: \"Amara Okafor-Reid\"", 1),
        false,
    );

    // Broken YAML: nothing served changes, the error names the file.
    let before = served.files.clone();
    let rebuilt = served.edit("bulk/note-04.md", "---\ntitle: [unclosed\n---\nText\n");
    assert!(rebuilt.files.is_none());
    assert!(
        rebuilt
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.file.as_ref().is_some_and(|f| f.ends_with("note-04.md"))),
        "{:?}",
        rebuilt.diagnostics
    );
    // Another page edited meanwhile: still failing, the broken file is
    // looked at again.
    let rebuilt = served.edit(
        "bulk/note-06.md",
        &page(
            "title: \"Note 06\"\ntags: [bulk]",
            "Edited while 04 is broken.\n",
        ),
    );
    assert!(rebuilt.files.is_none());
    assert_eq!(served.files, before);
    // Fixed: served again, quickly, and the same as a full build.
    served.expect(
        "bulk/note-04.md",
        &page("title: \"Note 04\"\ntags: [bulk]", "Fixed.\n"),
        true,
    );

    // A new page and a deleted page.
    let created = kb.path().join("content/bulk/note-41.md");
    std::fs::write(&created, page("title: \"Note 41\"", "New.\n")).unwrap();
    let rebuilt = served.live.update(&[created.canonicalize().unwrap()]);
    assert!(served.apply(rebuilt), "a new page rebuilds everything");
    served.same_as_full_build("a new page");
    let deleted = kb
        .path()
        .join("content/bulk/note-40.md")
        .canonicalize()
        .unwrap();
    std::fs::remove_file(&deleted).unwrap();
    let rebuilt = served.live.update(&[deleted]);
    assert!(served.apply(rebuilt), "a deleted page rebuilds everything");
    served.same_as_full_build("a deleted page");
}

/// The files a quick update rendered again, sorted.
fn changed_paths(rebuilt: &Rebuilt) -> Vec<String> {
    let Some(Files::Changed(files)) = &rebuilt.files else {
        panic!("expected a quick update, got {rebuilt:?}");
    };
    let mut paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    paths.sort_unstable();
    paths
}

#[test]
fn a_long_list_renders_again_only_the_pages_a_change_shows_on() {
    let kb = tempfile::tempdir().unwrap();
    crate::common::decision_log(kb.path(), 401);
    let mut served = Served::start(kb.path());
    let decision = |i: usize, body: &str| {
        let date: jiff::civil::Date = "2020-01-01".parse().unwrap();
        let date = date
            .checked_add(jiff::Span::new().days(i64::try_from(i * 3).unwrap()))
            .unwrap();
        page(
            &format!("title: \"Decision {i:03}\"\nkind: decision\ndate: {date}\nstatus: agreed\ndecided_by: [Partnership Board]"),
            body,
        )
    };

    // Decision 100 is on the timeline's second page (newest first) and on
    // the first page of the pages nothing links to: retitled, only those
    // two of the six pages of long lists are rendered again.
    let rel = "log/d-100.md";
    let retitled = decision(100, "Decided 100.\n").replace("Decision 100", "Decision 100, revised");
    let rebuilt = served.edit(rel, &retitled);
    let paths = changed_paths(&rebuilt);
    let long_lists: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| p.starts_with("timeline") || p.starts_with("needs-review"))
        .collect();
    assert_eq!(long_lists, ["needs-review.html", "timeline/2.html"]);
    served.apply(rebuilt);
    served.same_as_full_build(rel);

    // Linked at last, Decision 300 leaves the 401 pages nothing links to:
    // the list now takes two pages, not three, so the site has a file
    // fewer and is built again whole.
    let rel = "log/d-001.md";
    served.expect(
        rel,
        &decision(1, "Decided 1; see [[Decision 300]].\n"),
        false,
    );
    assert!(!served.files.contains_key("needs-review/orphans-3.html"));
    // One more linked: still two pages, each shown again, quickly.
    let rebuilt = served.edit(
        rel,
        &decision(1, "Decided 1; see [[Decision 300]] and [[Decision 301]].\n"),
    );
    let paths = changed_paths(&rebuilt);
    assert!(
        paths.contains(&"needs-review/orphans-2.html".to_owned()),
        "{paths:?}"
    );
    served.apply(rebuilt);
    served.same_as_full_build(rel);
}
