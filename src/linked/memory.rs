//! The memory report: where the knowledge base is stale or thin.
//!
//! Five lists, computed from the site model and the link graph:
//! * pages whose `review_by` date has passed;
//! * handovers that name no successor (`handed_over_to`);
//! * orphans: pages no other page links to, which a newcomer can only find
//!   by browsing (a role's profile counts as linked when a handover or a
//!   person's page names the role: their pages link to it);
//! * pages whose owner has left (`owner`, else for a handover its
//!   successor, else the author; a person page's `left` date has passed);
//! * agreements past their `renew_by` date.
//!
//! The site shows the report on its "Needs review" page; `cairn check` prints
//! it. Each list is in source-path order, so the report is stable.

use serde::Serialize;

use crate::linked::graph::LinkGraph;
use crate::model::people::People;
use crate::model::site::{PageId, Site};
use crate::project::kinds::Kind;

/// One page in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    #[serde(skip)]
    pub page: PageId,
    pub title: String,
    /// Source file, relative to the content folder.
    pub source: String,
    /// Why it is listed, in words: "due for review on 2025-03-31".
    pub detail: String,
}

/// One of the report's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum List {
    /// Pages past their `review_by` date.
    Overdue,
    /// Handovers that name no successor.
    NoSuccessor,
    /// Pages no other page links to.
    Orphans,
    /// Pages whose owner (or author) has left.
    OwnerLeft,
    /// Agreements past their `renew_by` date.
    RenewalDue,
}

impl List {
    /// The lists, in the order the report shows them.
    pub const ALL: [List; 5] = [
        List::Overdue,
        List::NoSuccessor,
        List::Orphans,
        List::OwnerLeft,
        List::RenewalDue,
    ];

    /// The list's name in addresses and anchors.
    pub fn slug(self) -> &'static str {
        match self {
            List::Overdue => "overdue",
            List::NoSuccessor => "no-successor",
            List::Orphans => "orphans",
            List::OwnerLeft => "owner-left",
            List::RenewalDue => "renewal-due",
        }
    }
}

/// Where the knowledge base needs attention.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MemoryReport {
    pub overdue: Vec<Entry>,
    pub no_successor: Vec<Entry>,
    pub orphans: Vec<Entry>,
    pub owner_left: Vec<Entry>,
    pub renewal_due: Vec<Entry>,
}

impl MemoryReport {
    pub fn new(
        site: &Site,
        graph: &LinkGraph,
        people: &People,
        today: jiff::civil::Date,
    ) -> MemoryReport {
        let mut report = MemoryReport::default();
        // Pages are in source-path order already.
        for id in site.pages.keys() {
            for (list, entry) in report
                .lists()
                .into_iter()
                .zip(entries(site, graph, people, today, id))
            {
                list.extend(entry);
            }
        }
        report
    }

    /// The entries of one list, in source-path order.
    pub fn list(&self, list: List) -> &[Entry] {
        match list {
            List::Overdue => &self.overdue,
            List::NoSuccessor => &self.no_successor,
            List::Orphans => &self.orphans,
            List::OwnerLeft => &self.owner_left,
            List::RenewalDue => &self.renewal_due,
        }
    }

    /// Looks at pages `ids` again, whose title, backlinks or dates may have
    /// changed. Returns the lists that gained or lost a page; an entry whose
    /// page only changed its title is updated in place and does not count.
    pub fn refresh(
        &mut self,
        (site, graph, people): (&Site, &LinkGraph, &People),
        today: jiff::civil::Date,
        ids: &[PageId],
    ) -> Vec<List> {
        let mut changed = Vec::new();
        for &id in ids {
            for ((name, list), entry) in List::ALL
                .into_iter()
                .zip(self.lists())
                .zip(entries(site, graph, people, today, id))
            {
                let at = list.binary_search_by_key(&id, |e| e.page);
                let moved = match (at, entry) {
                    (Ok(at), Some(entry)) => {
                        // The detail comes from front matter, which a quick
                        // update leaves as it was: only the title can differ.
                        list[at] = entry;
                        false
                    }
                    (Ok(at), None) => {
                        list.remove(at);
                        true
                    }
                    (Err(at), Some(entry)) => {
                        list.insert(at, entry);
                        true
                    }
                    (Err(_), None) => false,
                };
                if moved && !changed.contains(&name) {
                    changed.push(name);
                }
            }
        }
        changed
    }

    fn lists(&mut self) -> [&mut Vec<Entry>; 5] {
        [
            &mut self.overdue,
            &mut self.no_successor,
            &mut self.orphans,
            &mut self.owner_left,
            &mut self.renewal_due,
        ]
    }

    pub fn is_empty(&self) -> bool {
        List::ALL.iter().all(|&list| self.list(list).is_empty())
    }

    /// How many entries the lists hold together.
    pub fn len(&self) -> usize {
        List::ALL.iter().map(|&list| self.list(list).len()).sum()
    }
}

/// Page `id`'s entries in the five lists (overdue, no successor, orphan,
/// owner left, renewal due).
fn entries(
    site: &Site,
    graph: &LinkGraph,
    people: &People,
    today: jiff::civil::Date,
    id: PageId,
) -> [Option<Entry>; 5] {
    let page = &site.pages[id];
    let doc = &page.doc;
    let entry = |detail: String| Entry {
        page: id,
        title: doc.meta.title.clone(),
        source: doc.rel.clone(),
        detail,
    };
    let overdue = doc.meta.review_by.filter(|due| *due < today).map(|due| {
        let days = due.until(today).map_or(0, |span| span.get_days());
        entry(format!("due for review on {due} ({days} days ago)"))
    });
    let successor = doc
        .fields
        .get("handed_over_to")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|s| !s.trim().is_empty());
    let no_successor = (doc.kind == Kind::Handover && !successor)
        .then(|| entry("names no successor (`handed_over_to`)".to_owned()));
    let orphan = (graph.backlinks(&page.path).is_empty() && !people.is_named_profile(id))
        .then(|| entry("no other page links here".to_owned()));
    let owner_left = people.owner_left(id, today).map(|(owner, left)| {
        let name = &site.pages[owner].doc.meta.title;
        entry(format!("its owner, {name}, left on {left}: find a new one"))
    });
    let renew_by = doc
        .fields
        .get("renew_by")
        .and_then(serde_json::Value::as_str)
        .and_then(crate::project::fields::parse_date);
    let renewal_due = renew_by
        .filter(|due| doc.kind == Kind::Agreement && *due < today)
        .map(|due| {
            let days = due.until(today).map_or(0, |span| span.get_days());
            entry(format!("due for renewal on {due} ({days} days ago)"))
        });
    [overdue, no_successor, orphan, owner_left, renewal_due]
}
