//! Handover packs, the induction pack and folders' print views: one file
//! each that stands alone (styles inline, images embedded, no scripts, no
//! requests), whose links to its own pages jump within it, made for the
//! build's audience like every other file.

use std::collections::HashSet;

use base64::Engine as _;

use crate::common::{page, Kb, Page};

/// A 1×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const PACK: &str = "roles/schools-liaison-officer/pack.html";

/// Most pages a pack or a print view holds.
const MOST_PRINTED: usize = 200;

/// A role with a profile and three handovers (one restricted), the people,
/// agency and glossary term they name, an image, and an induction guide.
fn packs_kb() -> Kb {
    let kb = Kb::new();
    let png = base64::engine::general_purpose::STANDARD
        .decode(PNG)
        .unwrap();
    kb.write(
        "content/roles/schools-liaison-officer.md",
        page(
            "title: Schools Liaison Officer\nkind: role\naliases: [SLO]\nagency: Northmere Police",
            "The police officer the schools call first.\n\n## Access\n\nVisitor passes.\n",
        ),
    )
    .write(
        "content/handovers/2024/slo-ann.md",
        page(
            "title: SLO handover 2024\nkind: handover\nrole: Schools Liaison Officer\n\
             author: Ann Other\nhanded_over_to: Jo Bloggs\ndate: 2024-02-01\nreview_by: 2030-01-01",
            "# SLO handover 2024\n\nThe first handover.\n\n## Schools\n\nFour schools.\n",
        ),
    )
    .write(
        "content/handovers/2025/slo-jo.md",
        page(
            "title: SLO handover 2025\nkind: handover\nrole: Schools Liaison Officer\n\
             author: Jo Bloggs\nhanded_over_to: Sam Newcomer\ndate: 2025-03-01\nreview_by: 2030-01-01",
            "The MASH takes referrals. Ring [[Jo Bloggs]] or [the police](../../agencies/police.md).\n\n\
             Read [last year's](../2024/slo-ann.md#schools), [what follows](#open-items), \
             the [guide](../../guides/first-week.md) and [the law](https://example.org/law).\n\n\
             ![The catchment](catchment.png)\n\n\
             ## Open items\n\n- [ ] **Renew the passes** 📅 2030-01-01 [owner:: Ann Other]\n",
        ),
    )
    .write("content/handovers/2025/catchment.png", &png)
    .write(
        "content/handovers/2025/slo-secret.md",
        page(
            "title: SLO Zyxsecret handover\nkind: handover\nrole: Schools Liaison Officer\n\
             audience: restricted\nauthor: Jo Bloggs\ndate: 2025-06-01\nreview_by: 2030-01-01",
            "Zyxsecret informant notes.\n\n![Zyxsecret map](zyxsecret-map.png)\n",
        ),
    )
    .write("content/handovers/2025/zyxsecret-map.png", &png)
    .write(
        "content/people/jo-bloggs.md",
        page(
            "title: Jo Bloggs\nkind: person\nemail: jo.bloggs@police.example\nphone: \"01632 960 123\"",
            "Jo was the SLO in 2024.\n",
        ),
    )
    .write(
        "content/people/ann-other.md",
        page("title: Ann Other\nkind: person\nemail: ann@police.example", "Ann started the role.\n"),
    )
    .write(
        "content/people/sam-newcomer.md",
        page("title: Sam Newcomer\nkind: person", "Sam holds the role now.\n"),
    )
    .write(
        "content/agencies/police.md",
        page(
            "title: Northmere Police\nkind: agency\nphone: \"101\"",
            "The county's police.\n",
        ),
    )
    .write(
        "content/glossary/mash.md",
        page(
            "title: MASH\nkind: glossary\nsynonyms:\n  Northmere Police: [Hub]\n  Schools: [Front door]",
            "The multi-agency safeguarding hub.\n",
        ),
    )
    .write(
        "content/guides/first-week.md",
        page(
            "title: Your first week\nkind: guide\norder: 1",
            "Meet [[Jo Bloggs]]. Ask the MASH.\n",
        ),
    );
    kb
}

/// Asserts that `pack` stands alone: no style sheet, script, frame or
/// media to load, every image embedded, every link within it leading to an
/// id it has.
fn assert_stands_alone(pack: &Page, what: &str) {
    assert!(
        pack.all("link, script, iframe, video, audio, object, embed, source")
            .is_empty(),
        "{what}: loads nothing"
    );
    assert!(!pack.all("style").is_empty(), "{what}: styles are inline");
    for img in pack.all("img") {
        let src = img.value().attr("src").unwrap_or_default();
        assert!(
            src.starts_with("data:image/"),
            "{what}: image not embedded: {src}"
        );
    }
    let ids: HashSet<&str> = pack
        .all("[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    for a in pack.all("a[href^='#']") {
        let target = &a.value().attr("href").unwrap()[1..];
        assert!(ids.contains(target), "{what}: no id for the link #{target}");
    }
}

#[test]
fn a_role_pack_holds_the_role_its_handovers_actions_contacts_and_terms() {
    let kb = packs_kb();
    kb.build();
    let role = kb.html("roles/schools-liaison-officer.html");
    assert_eq!(
        role.attr(".print-link a", "href"),
        "schools-liaison-officer/pack.html"
    );
    let pack = kb.html(PACK);
    assert_stands_alone(&pack, "the role's pack");
    assert_eq!(pack.text(".pack-cover h1"), "Schools Liaison Officer");
    let facts = pack.definitions(".pack-facts");
    assert!(
        facts.contains(&"Held now by Sam Newcomer".to_owned()),
        "{facts:?}"
    );
    assert!(
        facts
            .iter()
            .any(|f| f.starts_with("For the partnership audience")),
        "{facts:?}"
    );
    // The profile, then the handovers newest first; the restricted one is
    // not in a partnership build.
    assert_eq!(
        pack.texts(".pack-chapter > header h3"),
        [
            "Schools Liaison Officer",
            "SLO handover 2025",
            "SLO handover 2024"
        ]
    );
    assert_eq!(
        pack.texts(".pack-contents > ol > li > a"),
        [
            "Schools Liaison Officer",
            "Handovers, newest first",
            "Open actions",
            "Contacts",
            "Agencies",
            "Glossary"
        ]
    );
    // Headings sit under the chapter's; the 2024 body's own title is not
    // repeated.
    assert_eq!(
        pack.all("#p-handovers-2024-slo-ann .content h4").len(),
        pack.all("#p-handovers-2024-slo-ann .content h4#p-handovers-2024-slo-ann-schools")
            .len()
    );
    assert_eq!(
        pack.all("#p-handovers-2024-slo-ann .content h4#p-handovers-2024-slo-ann-schools")
            .len(),
        1
    );
    assert!(pack
        .all("#p-handovers-2024-slo-ann .content h1, #p-handovers-2024-slo-ann .content h3")
        .is_empty());
    // Links to pages in the pack jump to them; links out keep their address
    // and print it.
    let newest = "#p-handovers-2025-slo-jo .content";
    let hrefs: Vec<(String, String)> = pack
        .all(&format!("{newest} a[href]"))
        .iter()
        .map(|a| {
            (
                crate::common::text(*a),
                a.value().attr("href").unwrap().to_owned(),
            )
        })
        .collect();
    for (text, href) in [
        ("MASH", "#p-glossary-mash"),
        ("Jo Bloggs", "#p-people-jo-bloggs"),
        ("the police", "#p-agencies-police"),
        ("last year's", "#p-handovers-2024-slo-ann-schools"),
        ("what follows", "#p-handovers-2025-slo-jo-open-items"),
        ("guide", "../../guides/first-week.html"),
        ("the law", "https://example.org/law"),
    ] {
        assert!(
            hrefs.contains(&(text.to_owned(), href.to_owned())),
            "{text} → {href} not in {hrefs:?}"
        );
    }
    assert_eq!(
        pack.texts(&format!("{newest} .print-address")),
        ["(guides/first-week.html)", "(https://example.org/law)"]
    );
    let img = pack.attr(&format!("{newest} img"), "src");
    assert_eq!(img, format!("data:image/png;base64,{PNG}"));
    // The open action, with its owner among the contacts.
    assert_eq!(pack.texts("#actions .action-title"), ["Renew the passes"]);
    assert_eq!(
        pack.attr("#actions .action-title", "href"),
        "#p-handovers-2025-slo-jo-action-1"
    );
    assert_eq!(
        pack.texts("#contacts .pack-contact h3"),
        ["Ann Other", "Jo Bloggs", "Sam Newcomer"]
    );
    let jo = pack.definitions("#p-people-jo-bloggs .facts");
    assert_eq!(
        jo,
        ["Email jo.bloggs@police.example", "Phone 01632 960 123"]
    );
    assert_eq!(
        pack.texts("#agencies .pack-contact h3"),
        ["Northmere Police"]
    );
    assert_eq!(pack.texts("#glossary .pack-term h3"), ["MASH"]);
    assert_eq!(
        pack.texts("#p-glossary-mash .synonyms tbody td"),
        ["Hub", "Front door"]
    );
    // Nothing of the restricted handover, nor its image.
    let text = kb.read(&format!("public/{PACK}")).to_lowercase();
    assert!(!text.contains("zyxsecret"));
}

#[test]
fn a_pack_is_made_for_the_builds_audience() {
    let kb = packs_kb();
    let run = kb.cairn(&["build", ".", "--audience", "restricted"]);
    assert!(run.ok(), "{}", run.stderr);
    let pack = kb.html(PACK);
    assert_stands_alone(&pack, "the restricted pack");
    assert_eq!(
        pack.texts(".pack-chapter > header h3"),
        [
            "Schools Liaison Officer",
            "SLO Zyxsecret handover",
            "SLO handover 2025",
            "SLO handover 2024"
        ]
    );
    assert!(pack
        .definitions(".pack-facts")
        .iter()
        .any(|f| f.starts_with("For the restricted audience")));
    assert_eq!(
        pack.all("#p-handovers-2025-slo-secret img[src^='data:image/png']")
            .len(),
        1
    );
}

#[test]
fn cairn_pack_writes_the_pack_the_build_publishes() {
    let kb = packs_kb();
    kb.build();
    let run = kb.cairn(&["pack", "slo"]);
    assert!(run.ok(), "{}", run.stderr);
    run.says(&["schools-liaison-officer-pack.html"]);
    assert_eq!(
        kb.read("schools-liaison-officer-pack.html"),
        kb.read(&format!("public/{PACK}"))
    );
    // Again, over the pack it made: fine. Over a file it did not make: no.
    assert!(kb.cairn(&["pack", "Schools Liaison Officer"]).ok());
    kb.write("mine.html", "my own notes");
    kb.cairn(&["pack", "SLO", "-o", "mine.html"])
        .fails_with(&["`mine.html` exists and is not a pack Cairn made", "--force"]);
    assert_eq!(kb.read("mine.html"), "my own notes");
    // An unknown role lists the roles, and writes nothing.
    kb.cairn(&["pack", "School Nurse", "-o", "nurse.html"])
        .fails_with(&[
            "pack/not-found",
            "no role is called “School Nurse”",
            "the roles are: Schools Liaison Officer",
        ]);
    assert!(!kb.path("nurse.html").exists());
    // The induction pack on its own, to standard output.
    let run = kb.cairn(&["pack", "--induction", "-o", "-"]);
    assert!(run.ok(), "{}", run.stderr);
    assert_eq!(run.stdout, kb.read("public/induction-pack.html"));
}

#[test]
fn the_induction_path_and_every_folder_print_as_one_document() {
    let kb = packs_kb();
    kb.build();
    let home = kb.html("index.html");
    assert_eq!(home.attr(".print-link a", "href"), "induction-pack.html");
    let induction = kb.html("induction-pack.html");
    assert_stands_alone(&induction, "the induction pack");
    assert_eq!(
        induction.texts(".pack-chapter > header h3"),
        ["Your first week"]
    );
    assert_eq!(induction.texts("#contacts .pack-contact h3"), ["Jo Bloggs"]);
    assert_eq!(induction.texts("#glossary .pack-term h3"), ["MASH"]);

    let folder = kb.html("handovers/index.html");
    assert_eq!(folder.attr(".print-link a", "href"), "print.html");
    let print = kb.html("handovers/print.html");
    assert_stands_alone(&print, "the print view of handovers/");
    assert_eq!(
        print.texts(".pack-chapter > header h3"),
        ["SLO handover 2024", "SLO handover 2025"]
    );
    // The pages of the view link to each other inside it.
    assert_eq!(
        print.attr(
            "#p-handovers-2025-slo-jo .content a[href^='#p-handovers-2024']",
            "href"
        ),
        "#p-handovers-2024-slo-ann-schools"
    );
}

#[test]
fn a_long_history_is_cut_to_a_document_that_prints() {
    // A role with more handovers than a pack holds, all in one folder
    // (more pages than its print view holds).
    let kb = Kb::new();
    kb.write(
        "content/roles/outreach-worker.md",
        page("title: Outreach Worker\nkind: role", "Works the streets.\n"),
    );
    let handovers = MOST_PRINTED + 3;
    for n in 1..=handovers {
        let (year, day) = (2000 + n / 300, n % 300 + 1);
        let date = jiff::civil::Date::new(year as i16, 1, 1)
            .unwrap()
            .checked_add(jiff::Span::new().days(day as i64 - 1))
            .unwrap();
        kb.write(
            &format!("content/handovers/outreach-{n:03}.md"),
            page(
                &format!(
                    "title: Outreach handover {n:03}\nkind: handover\nrole: Outreach Worker\n\
                     author: Ann Other\ndate: {date}\nreview_by: 2030-01-01"
                ),
                "Handed over.\n",
            ),
        );
    }
    kb.build();

    let pack = kb.html("roles/outreach-worker/pack.html");
    assert_stands_alone(&pack, "a long role pack");
    let titles = pack.texts("#handovers .pack-chapter > header h3");
    assert_eq!(titles.len(), MOST_PRINTED);
    assert_eq!(titles[0], format!("Outreach handover {handovers:03}"));
    assert_eq!(titles[MOST_PRINTED - 1], "Outreach handover 004");
    let facts = pack.text(".pack-cover");
    assert!(
        facts.contains(&format!("{handovers}; the newest {MOST_PRINTED} are below")),
        "{facts}"
    );
    assert_eq!(
        pack.texts(".pack-left-out-note + ul a"),
        ["3 earlier handovers of the role, listed on its page"]
    );
    // The role's page, which the pack leads to, lists every handover.
    assert_eq!(
        pack.attr(".pack-left-out-note + ul a", "href"),
        "../outreach-worker.html"
    );
    assert_eq!(
        pack.text(".pack-left-out-note + ul .print-address"),
        "(roles/outreach-worker.html)"
    );
    let role = kb.html("roles/outreach-worker.html");
    assert!(role
        .all("a")
        .iter()
        .any(|a| crate::common::text(*a) == "Outreach handover 001"));

    let print = kb.html("handovers/print.html");
    assert_eq!(print.texts(".pack-chapter > header h3").len(), MOST_PRINTED);
    assert_eq!(
        print.texts(".pack-left-out-note + ul a"),
        ["3 more pages of Handovers"]
    );
}

#[test]
fn a_theme_may_write_a_packs_bodies_as_it_likes() {
    // The default template shows no body of a contact; this one shows
    // each chapter's body twice, and the contacts' bodies too.
    let kb = packs_kb();
    kb.write(
        "themes/default/templates/pack.html",
        "<!DOCTYPE html><html><head><title>{{ pack.title }}</title></head><body>\
         {% for part in pack.parts %}{% for chapter in part.chapters %}\
         <article id=\"{{ chapter.anchor }}\"><div class=\"one\">{{ chapter.page.content | safe }}</div>\
         <div class=\"two\">{{ chapter.page.content | safe }}</div></article>\
         {% endfor %}{% endfor %}\
         {% for entry in pack.contacts %}<section class=\"contact\" id=\"{{ entry.anchor }}\">\
         {{ entry.page.content | safe }}</section>{% endfor %}</body></html>",
    );
    kb.build();
    let pack = kb.html(PACK);
    for copy in ["one", "two"] {
        let body = format!("#p-handovers-2025-slo-jo .{copy}");
        assert!(
            pack.text(&body).contains("The MASH takes referrals."),
            "{copy}: {}",
            pack.text(&body)
        );
        assert_eq!(
            pack.attr(&format!("{body} a[href^='#p-people']"), "href"),
            "#p-people-jo-bloggs"
        );
        assert_eq!(
            pack.texts(&format!("{body} .print-address")),
            ["(guides/first-week.html)", "(https://example.org/law)"]
        );
    }
    assert_eq!(
        pack.texts(".contact"),
        [
            "Ann started the role.",
            "Jo was the SLO in 2024.",
            "Sam holds the role now."
        ]
    );
    // A chapter's body through a filter reads as the filter leaves it.
    let plain = packs_kb();
    plain.write(
        "themes/default/templates/pack.html",
        "<!DOCTYPE html><html><body>{% for part in pack.parts %}{% for chapter in part.chapters %}\
         <div id=\"{{ chapter.anchor }}\">{{ chapter.page.content | upper | safe }}</div>\
         {% endfor %}{% endfor %}</body></html>",
    );
    plain.build();
    let pack = plain.html(PACK);
    let text = pack.text("#p-handovers-2025-slo-jo");
    assert!(text.contains("TAKES REFERRALS. RING JO BLOGGS"), "{text}");
    // The default theme's pack has every chapter's body once, and no
    // stand-in for one is left in any.
    let default = packs_kb();
    default.build();
    for (kb, what) in [(&kb, "theme's"), (&plain, "plain"), (&default, "default")] {
        let html = kb.read(&format!("public/{PACK}"));
        assert!(!html.contains("cairn-body"), "{what}: a stand-in is left");
    }
    let pack = default.html(PACK);
    assert_eq!(
        pack.all("#p-handovers-2025-slo-jo .content img").len(),
        1,
        "one body, placed once"
    );
}
