//! People and roles: person pages found by name, and role succession from handovers.

use crate::common::{page, Kb};

/// Three people with pages, three handovers of one role between them (the
/// last to someone without a page), and a project one of them leads
/// (`tests/fixtures/valid/people`).
fn people_kb() -> Kb {
    Kb::from_fixture("valid/people")
}

#[test]
fn a_role_page_shows_the_succession_of_holders() {
    let kb = people_kb();
    kb.build();
    let role = kb.html("roles/asb-coordinator.html");
    assert_eq!(role.text("main h1"), "ASB Coordinator");
    let steps = role.texts(".succession .succession-who");
    assert_eq!(
        steps,
        [
            "2025-06-20: Tom → Amara Okafor",
            "2024-03-15: Priya Shah → Tom Reid",
            "2023-01-27: Gill Barker → Priya Shah"
        ]
    );
    // Names with a person page link to it; others are plain text.
    assert_eq!(
        role.attr(".succession li:first-child .succession-who a", "href"),
        "../people/tom-reid.html"
    );
    assert_eq!(
        role.all(".succession li:first-child .succession-who a")
            .len(),
        1
    );
    assert_eq!(
        role.text(".lead"),
        "Held now by Amara Okafor, according to the latest handover."
    );
    let index = kb.html("roles/index.html");
    assert_eq!(index.texts(".page-list-title"), ["ASB Coordinator"]);
}

#[test]
fn person_pages_list_what_they_wrote_led_received_and_held() {
    let kb = people_kb();
    kb.build();
    let priya = kb.html("people/priya-shah.html");
    let headings = priya.texts(".person-record h3");
    assert_eq!(
        headings,
        [
            "Roles held",
            "Handovers they received",
            "Projects they led",
            "Pages they wrote"
        ]
    );
    assert_eq!(
        priya.texts(".tenures li"),
        ["ASB Coordinator from 2023-01-27 until 2024-03-15"]
    );
    assert_eq!(
        priya.texts(".person-record ul.page-list .page-list-title"),
        [
            "Handover: ASB (Gill Barker to Priya Shah)",
            "Operation Lantern",
            "Handover: ASB (Priya Shah to Tom Reid)",
        ]
    );
    // The handover's facts link the role and the successor.
    let b = kb.html("handovers/2024/b.html");
    let links: Vec<(String, String)> = b
        .all(".facts a")
        .into_iter()
        .map(|a| {
            (
                crate::common::text(a),
                a.value().attr("href").unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        links.contains(&(
            "ASB Coordinator".into(),
            "../../roles/asb-coordinator.html".into()
        )),
        "{links:?}"
    );
    assert!(
        links.contains(&("Tom Reid".into(), "../../people/tom-reid.html".into())),
        "{links:?}"
    );
    assert_eq!(b.attr(".meta a", "href"), "../../people/priya-shah.html");
}

#[test]
fn a_successor_without_a_person_page_is_reported() {
    let kb = people_kb();
    let run = kb.build();
    run.says(&["warning[people/unknown-successor]: `handed_over_to` names “Amara Okafor”, who has no person page"]);
    run.says(&["content/handovers/2025/c.md:6:17"]);
}

#[test]
fn the_glossary_groups_terms_a_to_z_and_translates_between_agencies() {
    let kb = Kb::from_fixture("valid/glossary");
    kb.build();
    let index = kb.html("glossary/index.html");
    assert_eq!(index.texts(".az a"), ["A", "M", "N"]);
    assert_eq!(index.texts(".az-letter"), ["A", "M", "N"]);
    assert_eq!(
        index.texts(".glossary dt > a"),
        [
            "Anti-social behaviour",
            "Multi-Agency Safeguarding Hub",
            "Nominal"
        ]
    );
    assert_eq!(index.attr(".az a", "href"), "#letter-a");
    let nominal = index.all(".glossary > div")[2];
    assert_eq!(crate::common::text(nominal), "Nominal (service user) The person a case is about.council: service userhealth: patient, clientpolice: nominal");
    let page = kb.html("glossary/nominal.html");
    assert_eq!(
        page.text("table.synonyms caption"),
        "What each agency calls it"
    );
    let rows: Vec<String> = page
        .all("table.synonyms tbody tr")
        .into_iter()
        .map(|row| {
            row.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(crate::common::text)
                .collect::<Vec<_>>()
                .join(" = ")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "council = service user",
            "health = patient, client",
            "police = nominal"
        ]
    );
}

#[test]
fn the_first_use_of_a_glossary_term_links_to_its_entry() {
    let kb = Kb::new();
    kb.write("content/glossary/mash.md", page("title: MASH\nterm: Multi-Agency Safeguarding Hub\naliases: [front door]", "Where concerns go. The MASH decides."))
        .write(
            "content/notes/n.md",
            page("title: N", "## MASH in a heading\n\nRefer to the MASH today; the MASH again. A mash of potatoes.\n\nUse the Front Door, or [the MASH](../glossary/mash.md), and `MASH` in code.\n"),
        );
    kb.build();
    let n = kb.html("notes/n.html");
    let terms: Vec<(String, String)> = n
        .all(".content a.term")
        .into_iter()
        .map(|a| {
            (
                crate::common::text(a),
                a.value().attr("href").unwrap().to_owned(),
            )
        })
        .collect();
    // The first use of the entry only (not again, nor by its alias), a whole
    // word in the right case for an acronym, not in headings, links or code.
    assert_eq!(
        terms,
        [("MASH".to_owned(), "../glossary/mash.html".to_owned())]
    );
    assert_eq!(n.attr(".content a.term", "title"), "Glossary: MASH");
    assert!(n.all(".content h2 a.term").is_empty());
    // An entry does not link to itself.
    assert!(kb
        .html("glossary/mash.html")
        .all(".content a.term")
        .is_empty());
    kb.write("cairn.yaml", "glossary_links: false\n");
    kb.build();
    assert!(kb.html("notes/n.html").all(".content a.term").is_empty());
}

#[test]
fn a_role_profile_is_the_roles_page_found_by_its_title_and_aliases() {
    let kb = people_kb();
    kb.write(
        "content/roles/asb-lead.md",
        page(
            "title: ASB Coordinator\nkind: role\naliases: [asb coordinator, ASB lead]\nagency: Northmere Council\nreports_to: Head of Community Safety\nmeetings: [Joint Tasking]",
            "Chairs Joint Tasking.\n",
        ),
    )
    .write(
        "content/roles/yot-manager.md",
        page(
            "title: YOT Manager\nkind: role",
            "Runs the youth offending team.\n",
        ),
    )
    .write(
        "content/people/ruth.md",
        page(
            "title: Ruth Adeyemi\nkind: person\nroles: [yot manager]",
            "Ruth manages the team.\n",
        ),
    );
    let run = kb.build();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning"))
        .collect();
    // Only the fixture's successor with no page.
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    // The handovers name the role in other ways: one role, at the profile's address.
    let role = kb.html("roles/asb-lead.html");
    assert_eq!(role.text("main h1"), "ASB Coordinator");
    assert!(role.text(".content").contains("Chairs Joint Tasking."));
    assert_eq!(role.texts(".succession .succession-who").len(), 3);
    assert!(role.text("main").contains("Head of Community Safety"));
    assert!(!kb.path("public/roles/asb-coordinator.html").exists());
    let index = kb.html("roles/index.html");
    assert_eq!(
        index.texts(".page-list-title"),
        ["ASB Coordinator", "YOT Manager"]
    );
    // A role with a profile and a holder but no handover.
    let yot = kb.html("roles/yot-manager.html");
    assert_eq!(
        yot.text(".lead"),
        "Held now by Ruth Adeyemi, according to their page."
    );
    let review = kb.html("needs-review.html");
    assert_eq!(
        review.texts("#unhanded-roles-heading ~ .page-list .page-list-title"),
        ["YOT Manager"]
    );
    // Named by handovers or people, profiles are not orphans.
    assert!(!review.text("main").contains("asb-lead"));
    assert_eq!(
        kb.html("people/ruth.html").texts(".tenures li"),
        ["YOT Manager"]
    );
}

#[test]
fn pages_whose_owner_has_left_are_flagged_and_listed() {
    let kb = people_kb();
    kb.write(
        "content/people/gill-barker.md",
        page(
            "title: Gill Barker\nkind: person\nleft: 2025-01-31\nmoved_to: Licensing, Westshire Council",
            "Gill ran ASB for six years.\n",
        ),
    )
    .write(
        "content/notes/tasking.md",
        page("title: How tasking works\nowner: Gill Barker", "The agenda.\n"),
    )
    .write(
        "content/notes/figures.md",
        page("title: Quarterly figures\nauthor: Gill Barker\nowner: Priya Shah", "The template.\n"),
    )
    .write(
        "content/notes/later.md",
        page("title: Leaving later\nowner: Tom Reid", "Fine.\n"),
    )
    .write(
        "content/people/tom-reid.md",
        page("title: Tom Reid\nkind: person\nleft: 2099-01-01", "Still here.\n"),
    );
    kb.build();
    let tasking = kb.html("notes/tasking.html");
    let banner = tasking.text(".banner-owner-left");
    assert!(
        banner.contains(
            "Its owner has moved on: Gill Barker left on 2025-01-31 (Licensing, Westshire Council)"
        ),
        "{banner}"
    );
    assert_eq!(
        tasking.attr(".banner-owner-left a", "href"),
        "../people/gill-barker.html"
    );
    // An owner of its own wins over the author; a date to come is not yet.
    assert!(kb
        .html("notes/figures.html")
        .all(".banner-owner-left")
        .is_empty());
    assert!(kb
        .html("notes/later.html")
        .all(".banner-owner-left")
        .is_empty());
    // Gill wrote the 2023 handover, but it belongs to its successor.
    assert!(kb
        .html("handovers/2023/a.html")
        .all(".banner-owner-left")
        .is_empty());
    let review = kb.html("needs-review.html");
    assert_eq!(
        review.texts("#owner-left-heading ~ .page-list .page-list-title"),
        ["How tasking works"]
    );
    let gill = kb.html("people/gill-barker.html");
    assert!(gill
        .text(".person-left")
        .starts_with("Left on 2025-01-31, to Licensing, Westshire Council."));
    assert_eq!(
        gill.texts(".person-left ~ .page-list .page-list-title")[0],
        "How tasking works"
    );
    let run = kb.cairn(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report["memory"]["owner_left"][0]["source"],
        "notes/tasking.md"
    );
}

#[test]
fn a_decision_that_supersedes_another_marks_it_and_positions_are_a_table() {
    let kb = people_kb();
    kb.write(
        "content/decisions/old.md",
        page(
            "title: Two meetings\nkind: decision\ndate: 2022-09-08\nstatus: agreed\ndecided_by: [Board]",
            "Keep them apart.\n",
        ),
    )
    .write(
        "content/decisions/new.md",
        page(
            "title: One meeting\nkind: decision\ndate: 2025-01-16\nstatus: agred\ndecided_by: [Board]\nsupersedes: \"[[Two meetings]]\"\npositions:\n  Police: For\n  Housing: Against, on the record",
            "Merge them.\n",
        ),
    )
    .write(
        "content/decisions/stray.md",
        page(
            "title: Stray\nkind: decision\ndate: 2025-02-01\nstatus: proposed\ndecided_by: [Board]\nsupersedes: Nothing by that name",
            "x\n",
        ),
    );
    let run = kb.build();
    run.says(&[
        "warning[frontmatter/unknown-status]",
        "`status: agred` is not a status decisions have",
        "did you mean `agreed`?",
        "decisions/new.md:5:",
        "`supersedes` names “Nothing by that name”, which is no other page",
        "decisions/stray.md:7:",
    ]);
    let old = kb.html("decisions/old.html");
    assert!(old
        .text(".banner-superseded")
        .contains("One meeting replaced it"));
    assert_eq!(old.attr(".banner-superseded a", "href"), "new.html");
    let new = kb.html("decisions/new.html");
    assert_eq!(new.attr(".supersedes a", "href"), "old.html");
    assert_eq!(
        new.texts("table.positions tbody tr"),
        ["HousingAgainst, on the record", "PoliceFor"]
    );
    let timeline = kb.html("timeline.html");
    assert!(timeline
        .text("main")
        .contains("Decision agreed, since superseded"));
    // The decision log marks the older one.
    let log = kb.html("decisions/index.html");
    let marked: Vec<String> = log
        .all(".page-list li")
        .into_iter()
        .filter(|li| crate::common::text(*li).contains("Superseded"))
        .map(|li| {
            crate::common::text(
                li.select(&scraper::Selector::parse(".page-list-title").unwrap())
                    .next()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        marked,
        ["Two meetings"],
        "only the older decision is marked"
    );
}

#[test]
fn an_agency_page_gathers_its_work_and_agreements_are_a_register() {
    let kb = people_kb();
    kb.write(
        "content/agencies/housing.md",
        page("title: Harbourside Homes\nkind: agency\nshort_name: HH", "A housing association.\n"),
    )
    .write(
        "content/people/sam.md",
        page("title: Sam Patel\nkind: person\nagency: harbourside homes", "Sam.\n"),
    )
    .write(
        "content/projects/estate.md",
        page("title: Estate project\nkind: project\nlead: HH\npartners: [Police]", "x\n"),
    )
    .write(
        "content/decisions/d.md",
        page(
            "title: A decision\nkind: decision\ndate: 2025-01-01\nstatus: agreed\ndecided_by: [Board]\npositions:\n  Harbourside Homes: For",
            "x\n",
        ),
    )
    .write(
        "content/agreements/isa.md",
        page(
            "title: Information Sharing Agreement\nkind: agreement\nparties: [HH, Police]\nsigned: 2024-04-01\nrenew_by: 2025-04-30",
            "Signed copy: [the PDF](isa.pdf).\n",
        ),
    )
    .write("content/agreements/isa.pdf", "%PDF-1.4 not really")
    .write(
        "content/agreements/later.md",
        page(
            "title: Later agreement\nkind: agreement\nparties: [Nobody]\nrenew_by: 2099-01-01",
            "x\n",
        ),
    );
    kb.build();
    let housing = kb.html("agencies/housing.html");
    assert_eq!(
        housing.texts(".agency-record h3"),
        [
            "People",
            "Projects it leads",
            "Decisions it took part in",
            "Agreements it is party to"
        ]
    );
    assert_eq!(
        housing.texts(".agency-record .page-list-title"),
        [
            "Sam Patel",
            "Estate project",
            "A decision",
            "Information Sharing Agreement"
        ]
    );
    let register = kb.html("agreements.html");
    assert_eq!(
        register.texts("table.register tbody th a"),
        ["Information Sharing Agreement", "Later agreement"]
    );
    assert_eq!(register.all("table.register tr.overdue").len(), 1);
    assert_eq!(
        register.attr("table.register tbody td a", "href"),
        "agencies/housing.html"
    );
    let isa = kb.html("agreements/isa.html");
    assert!(isa
        .text(".banner-renewal")
        .starts_with("Due for renewal on 2025-04-30"));
    assert!(kb.path("public/agreements/isa.pdf").exists());
    let review = kb.html("needs-review.html");
    assert_eq!(
        review.texts("#renewal-due-heading ~ .page-list .page-list-title"),
        ["Information Sharing Agreement"]
    );
}

#[test]
fn names_in_front_matter_link_item_by_item_and_near_misses_are_reported() {
    let kb = people_kb();
    kb.write(
        "content/agencies/housing.md",
        page("title: Harbourside Homes\nkind: agency\nshort_name: Housing", "Housing.\n"),
    )
    .write(
        "content/agencies/yot.md",
        page(
            "title: Northmere Youth Offending Team\nkind: agency\nshort_name: YOT\ncontact: Tom",
            "YOT.\n",
        ),
    )
    .write(
        "content/projects/estate.md",
        page(
            "title: Estate project\nkind: project\nlead: Gill\npartners: [Housing, Neighbourhood Watch, Harbourside Home]",
            "x\n",
        ),
    )
    .write(
        "content/decisions/d.md",
        page(
            "title: A decision\nkind: decision\ndate: 2025-01-01\nstatus: agreed\ndecided_by: [Partnership Board, Priya]",
            "x\n",
        ),
    )
    .write(
        "content/glossary/nominal.md",
        page(
            "title: Nominal\nkind: glossary\nsynonyms:\n  Housing: tenant\n  youth offending team: young person\n  probation: person on probation",
            "The person a case is about.\n",
        ),
    );
    let run = kb.build();

    // A list is linked item by item; what names no page stays plain text.
    let project = kb.html("projects/estate.html");
    let partners = project
        .all(".facts > div")
        .into_iter()
        .find(|div| crate::common::text(*div).starts_with("Partners"))
        .expect("a Partners fact");
    let links: Vec<(String, String)> = partners
        .select(&scraper::Selector::parse("dd a").unwrap())
        .map(|a| {
            (
                crate::common::text(a),
                a.value().attr("href").unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [("Housing".to_owned(), "../agencies/housing.html".to_owned())]
    );
    assert_eq!(
        crate::common::text(partners),
        "Partners Housing, Neighbourhood Watch, Harbourside Home"
    );
    assert_eq!(
        project.definitions(".facts"),
        [
            "Partners Housing, Neighbourhood Watch, Harbourside Home",
            "Lead Gill"
        ]
    );
    let hrefs: Vec<String> = project
        .all(".facts dd a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(
        hrefs,
        ["../agencies/housing.html", "../people/gill-barker.html"]
    );
    let yot = kb.html("agencies/yot.html");
    assert_eq!(
        yot.attr(".facts dd a[href$='tom-reid.html']", "href"),
        "../people/tom-reid.html"
    );
    let decision = kb.html("decisions/d.html");
    assert_eq!(decision.texts(".facts dd a"), ["Priya"]);
    assert_eq!(
        decision.attr(".facts dd a", "href"),
        "../people/priya-shah.html"
    );

    // Glossary synonyms link the agencies their keys name.
    let nominal = kb.html("glossary/nominal.html");
    assert_eq!(nominal.texts("table.synonyms th[scope=row] a"), ["Housing"]);
    assert_eq!(
        nominal.attr("table.synonyms th[scope=row] a", "href"),
        "../agencies/housing.html"
    );

    // Near misses are warned about where they are written, with the page
    // meant; a name close to nothing (an outside body) is not.
    assert_eq!(run.stderr.matches("warning[name/near-miss]").count(), 2);
    run.says(&[
        "warning[name/near-miss]: `partners` names “Harbourside Home”, which is no agency page",
        "content/projects/estate.md:5:42",
        "did you mean “Harbourside Homes”?",
        "warning[name/near-miss]: `synonyms` names “youth offending team”, which is no agency page",
        "content/glossary/nominal.md:6:3",
        "did you mean “Northmere Youth Offending Team”?",
    ]);
    assert!(
        !run.stderr.contains("names “Neighbourhood Watch”"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("names “Partnership Board”"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("names “probation”"), "{}", run.stderr);
}
