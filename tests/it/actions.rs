//! Actions: task-list items with a due date, an owner and a done date,
//! followed through the handovers of a role, and listed on the page of open
//! actions, on role and person pages, on Needs review and by `cairn check`.

use crate::common::{page, Kb};

/// The people fixture (three handovers of one role: Gill → Priya → Tom →
/// Amara) with open actions in each handover.
fn actions_kb() -> Kb {
    let kb = Kb::from_fixture("valid/people");
    let handover = |title: &str, author: &str, date: &str, to: &str, body: &str| {
        page(
            &format!(
                "title: \"{title}\"\nauthor: {author}\nrole: ASB Coordinator\ndate: {date}\nhanded_over_to: {to}\nreview_by: 2027-01-01"
            ),
            body,
        )
    };
    kb.write(
        "content/handovers/2023/a.md",
        handover(
            "Handover: ASB (Gill Barker to Priya Shah)",
            "Gill Barker",
            "2023-01-27",
            "Priya Shah",
            concat!(
                "## Open actions\n\n",
                "- [ ] **CPN review**, three notices. 📅 2023-02-28\n",
                "- [ ] **Data-sharing schedule** for the housing association. [due:: 2023-04-01] [owner:: [[Tom Reid]]]\n",
                "- [ ] Quarterly figures [due:: next spring]\n",
            ),
        ),
    )
    .write(
        "content/handovers/2024/b.md",
        handover(
            "Handover: ASB (Priya Shah to Tom Reid)",
            "Priya Shah",
            "2024-03-15",
            "Tom Reid",
            concat!(
                "## Open actions\n\n",
                "- [x] **CPN review**: upheld in court. ✅ 2023-04-18\n",
                "- [ ] **Quarterly figures**. 📅 2024-06-30\n",
            ),
        ),
    )
    .write(
        "content/handovers/2025/c.md",
        handover(
            "Handover: ASB (Tom to Amara Okafor)",
            "Tom",
            "2025-06-20",
            "Amara Okafor",
            concat!(
                "## Open actions\n\n",
                "- [ ] **Quarterly figures**: still owed. 📅 2099-01-01\n",
                "- [ ] **PSPO renewal** (owner:: Amara Okafor)\n",
            ),
        ),
    );
    kb
}

#[test]
fn metadata_is_shown_as_badges_never_as_written() {
    let kb = actions_kb();
    let run = kb.build();
    run.says(&[
        "warning[action/bad-date]",
        "`[due:: next spring]` is not a date",
        "handovers/2023/a.md:",
    ]);
    let a = kb.html("handovers/2023/a.html");
    let items = a.all(".content li");
    assert_eq!(items.len(), 3);
    let first = crate::common::text(items[0]);
    assert!(!first.contains("📅"), "{first}");
    assert_eq!(
        a.all(".content li .action-due time")
            .iter()
            .map(|t| t.value().attr("datetime").unwrap())
            .collect::<Vec<_>>(),
        ["2023-02-28", "2023-04-01"]
    );
    // Overdue and not done: marked so.
    assert_eq!(a.all(".content li .action-due.overdue").len(), 2);
    // The owner written with a wikilink links to their page.
    assert_eq!(
        a.attr(".content li .action-owner a", "href"),
        "../../people/tom-reid.html"
    );
    // A date that is not one stays in the text.
    assert!(crate::common::text(items[2]).contains("[due:: next spring]"));
    // Each item is an anchor the lists link to.
    assert_eq!(
        a.all(".content li > span[id]")
            .iter()
            .map(|s| s.value().attr("id").unwrap())
            .collect::<Vec<_>>(),
        ["action-1", "action-2", "action-3"]
    );
    let b = kb.html("handovers/2024/b.html");
    assert_eq!(
        b.attr(".content .action-done time", "datetime"),
        "2023-04-18"
    );
}

#[test]
fn actions_are_carried_ticked_or_dropped_through_a_roles_handovers() {
    let kb = actions_kb();
    kb.build();
    let actions = kb.html("actions.html");
    // Dropped: open in 2023, in neither later handover.
    assert_eq!(
        actions.texts("#dropped-heading + p + .action-list .action-title"),
        ["Data-sharing schedule"]
    );
    assert!(actions
        .text("#dropped-heading + p + .action-list .action-dropped")
        .contains("Handover: ASB (Priya Shah to Tom Reid) does not list it"));
    // Ticked in 2024: the CPN review is nowhere. Carried from 2023 to
    // 2025: the quarterly figures are listed once, as the latest handover
    // has them (due later); the PSPO renewal has no date.
    let titles = actions.texts(".action-list .action-title");
    assert_eq!(
        titles,
        ["Data-sharing schedule", "Quarterly figures", "PSPO renewal"]
    );
    assert_eq!(
        actions.texts("#later-heading ~ .action-list .action-title"),
        ["Quarterly figures"]
    );
    assert_eq!(
        actions.attr("#undated-heading ~ .action-list .action-title", "href"),
        "handovers/2025/c.html#action-2"
    );
    // The role lists its open actions; each person the ones they own.
    let role = kb.html("roles/asb-coordinator.html");
    assert_eq!(
        role.texts("#role-actions-heading ~ .action-list .action-title"),
        ["Data-sharing schedule", "Quarterly figures", "PSPO renewal"]
    );
    let tom = kb.html("people/tom-reid.html");
    assert_eq!(
        tom.texts(".person-record .action-list .action-title"),
        ["Data-sharing schedule"]
    );
    // Needs review: overdue and dropped.
    let review = kb.html("needs-review.html");
    assert_eq!(
        review.texts("#overdue-actions-heading ~ .action-list .action-title"),
        ["Data-sharing schedule"]
    );
    assert_eq!(
        review.texts("#dropped-actions-heading ~ .action-list .action-title"),
        ["Data-sharing schedule"]
    );
}

#[test]
fn check_reports_overdue_and_dropped_actions_and_can_fail_on_them() {
    let kb = actions_kb();
    let run = kb.cairn(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let listed = |list: &str| -> Vec<(String, String)> {
        report["actions"][list]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    format!("{}:{}", e["source"].as_str().unwrap(), e["line"]),
                    e["action"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let data_sharing = (
        "handovers/2023/a.md:12".to_owned(),
        "Data-sharing schedule".to_owned(),
    );
    assert_eq!(listed("overdue"), std::slice::from_ref(&data_sharing));
    assert_eq!(listed("dropped"), [data_sharing]);
    let strict = kb.cairn(&["check", "--deny-warnings"]);
    assert!(!strict.ok());
    strict.says(&["open actions not carried over to the next handover (1)"]);
}
