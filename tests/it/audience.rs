//! Audiences: a build for one audience publishes its pages and those of
//! wider audiences, and no trace of the others reaches any output file.

use std::io::Read;
use std::path::Path;

use crate::common::{page, Kb};

/// A restricted page and a partnership page, each with a marker word of its
/// own in every field, its headings, its body, an attachment's name and
/// contents; a public page that links to both (by path, with labels of its
/// own), embeds the restricted one and links to it in raw HTML.
fn audiences_kb() -> Kb {
    let kb = Kb::new();
    kb.write(
        "content/ops/nightjar.md",
        page(
            "title: Operation Zyxrestricted\naudience: restricted\naliases: [Zyxrestricted alias]\n\
             tags: [zyxrestricted-tag]\nsummary: Zyxrestricted summary.\nagency: Zyxrestricted Police\n\
             author: Zyxrestricted Author\nowner: Zyxrestricted Owner\nreview_by: 2020-01-01",
            "# Zyxrestricted heading\n\nZyxrestricted body with [its map](zyxrestricted-map.pdf).\n\n\
             - [ ] Zyxrestricted action 📅 2020-01-01\n\nSee [[Partner Qwvpartnership]].\n",
        ),
    )
    .write("content/ops/zyxrestricted-map.pdf", "%PDF zyxrestricted contents")
    .write(
        "content/notes/partner.md",
        page(
            "title: Partner Qwvpartnership\ntags: [qwvpartnership-tag]\nsummary: Qwvpartnership summary.",
            "Qwvpartnership body, with [a sheet](qwvpartnership-sheet.csv).\n",
        ),
    )
    .write("content/notes/qwvpartnership-sheet.csv", "qwvpartnership,1\n")
    .write(
        "content/notes/public.md",
        page(
            "title: Public note\naudience: public",
            "See [the operation](../ops/nightjar.md) and [[notes/partner|the partners' note]].\n\n\
             ![[ops/nightjar]]\n\n<a href=\"../ops/nightjar.md\">raw link</a>\n",
        ),
    );
    kb
}

/// Every output file's text, gzipped files (the search index) unpacked.
fn every_output(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
                let mut unpacked = Vec::new();
                flate2::read::GzDecoder::new(bytes.as_slice())
                    .read_to_end(&mut unpacked)
                    .unwrap();
                unpacked
            } else {
                bytes
            };
            let rel = path.strip_prefix(dir).unwrap().display().to_string();
            found.push((rel, String::from_utf8_lossy(&bytes).to_lowercase()));
        }
    }
    found
}

/// The output files (or file names) that hold `marker`.
fn holding(files: &[(String, String)], marker: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(rel, text)| text.contains(marker) || rel.to_lowercase().contains(marker))
        .map(|(rel, _)| rel.clone())
        .collect()
}

#[test]
fn a_build_for_an_audience_leaks_nothing_of_narrower_ones() {
    let kb = audiences_kb();
    for (audience, restricted, partnership) in [
        ("public", false, false),
        ("partnership", false, true),
        ("restricted", true, true),
    ] {
        let out = kb.path(&format!("out-{audience}"));
        let run = kb.cairn(&[
            "build",
            ".",
            "--audience",
            audience,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(run.ok(), "{audience}: {}", run.stderr);
        let files = every_output(&out);
        assert!(
            files.iter().any(|(rel, _)| rel.ends_with(".pf_fragment")),
            "the search index is written"
        );
        for (marker, expected) in [
            ("zyxrestricted", restricted),
            ("qwvpartnership", partnership),
        ] {
            let found = holding(&files, marker);
            assert_eq!(
                !found.is_empty(),
                expected,
                "building for {audience}, {marker} is in: {found:?}"
            );
        }
    }
    // The default build is for the partnership: the restricted attachment
    // is not copied, the partnership one is.
    let run = kb.build();
    assert!(run.ok(), "{}", run.stderr);
    assert!(!kb.path("public/ops/zyxrestricted-map.pdf").exists());
    assert!(kb.path("public/notes/qwvpartnership-sheet.csv").exists());
    assert!(holding(&every_output(&kb.path("public")), "zyxrestricted").is_empty());
}

#[test]
fn links_and_embeds_of_withheld_pages_are_text_and_a_neutral_note() {
    let kb = audiences_kb();
    let run = kb.cairn(&["build", ".", "--audience", "public"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = kb.html("notes/public.html");
    assert_eq!(
        public.texts(".content .link-withheld"),
        ["the operation", "the partners' note"]
    );
    assert!(public
        .all(".content .link-withheld a, .content .link-withheld[title]")
        .is_empty());
    assert_eq!(
        public.text(".content .embed-withheld"),
        "(A page not published for this audience is left out here.)"
    );
    // The raw HTML link keeps its text and loses its address.
    let raw = public
        .all(".content a")
        .into_iter()
        .find(|a| crate::common::text(*a) == "raw link")
        .expect("the raw link's element");
    assert_eq!(raw.value().attr("href"), None);

    // `cairn check` for that audience says where each one is written.
    let check = kb.cairn(&["check", ".", "--audience", "public"]);
    check.says(&[
        "warning[link/withheld]: a link here leads to a page whose audience is narrower",
        "content/notes/public.md:5:5",
        "content/notes/public.md:5:45",
        "warning[link/withheld]: an embed here",
        "content/notes/public.md:7:1",
        "content/notes/public.md:9:10",
    ]);
    assert_eq!(
        check.stderr.matches("warning[link/withheld]").count(),
        4,
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("Zyxrestricted"), "{}", check.stderr);
}

#[test]
fn pages_of_a_narrower_audience_say_so_and_unknown_audiences_write_nothing() {
    let kb = audiences_kb();
    let run = kb.cairn(&["build", ".", "--audience", "restricted"]);
    assert!(run.ok(), "{}", run.stderr);
    let restricted = kb.html("ops/nightjar.html");
    assert!(restricted
        .text(".banner-audience")
        .starts_with("For the restricted audience only."));
    assert!(kb
        .html("notes/partner.html")
        .all(".banner-audience")
        .is_empty());

    let fresh = Kb::new();
    fresh.write("content/a.md", page("title: A", "Text.\n"));
    let run = fresh.cairn(&["build", ".", "--audience", "partners"]);
    run.fails_with(&[
        "error[audience/unknown]: there is no audience called “partners”",
        "did you mean `partnership`? the audiences are, widest first: public, partnership, restricted",
    ]);
    assert!(!fresh.path("public").exists());

    fresh.write(
        "content/b.md",
        page("title: B\naudience: secret", "Text.\n"),
    );
    let run = fresh.cairn(&["build", "."]);
    run.fails_with(&[
        "error[audience/unknown]: `audience: secret` is not one of the audiences",
        "content/b.md:3:11",
        "public, partnership, restricted",
    ]);
    assert!(!fresh.path("public").exists());
}

#[test]
fn a_public_build_reports_the_contact_details_it_would_publish() {
    let kb = Kb::new();
    kb.write(
        "content/contacts.md",
        page(
            "title: Contacts\naudience: public\nemail: duty@northmere.example",
            "Ring the duty desk on 01632 960 123.\n\nCase 2024-0042 closed on 2024-03-15.\n",
        ),
    )
    .write(
        "content/partners.md",
        page(
            "title: Partners",
            "Ana: ana@northmere.example, 07700 900461.\n",
        ),
    );
    let run = kb.cairn(&["build", ".", "--audience", "public"]);
    assert!(run.ok(), "{}", run.stderr);
    run.says(&[
        "warning[audience/personal-data]: an email address (`duty@northmere.example`) would be published to the public audience",
        "content/contacts.md:4:8",
        "warning[audience/personal-data]: a phone number (`01632 960 123`) would be published",
        "content/contacts.md:6:23",
    ]);
    assert_eq!(
        run.stderr.matches("audience/personal-data").count(),
        2,
        "{}",
        run.stderr
    );
    // The partnership's own site may list them.
    let run = kb.build();
    assert!(!run.stderr.contains("personal-data"), "{}", run.stderr);
    // And a public site that is a directory of contacts can say so.
    kb.write("cairn.yaml", "personal_data: false\n");
    let run = kb.cairn(&["build", ".", "--audience", "public"]);
    assert!(!run.stderr.contains("personal-data"), "{}", run.stderr);
}
