//! The memory report: where the knowledge base is stale or thin.
//!
//! Three lists, computed from the site model and the link graph:
//! * pages whose `review_by` date has passed;
//! * handovers that name no successor (`handed_over_to`);
//! * orphans: pages no other page links to, which a newcomer can only find
//!   by browsing.
//!
//! The site shows the report on its "Needs review" page; `cairn check` prints
//! it. Each list is in source-path order, so the report is stable.

use serde::Serialize;

use crate::linked::graph::LinkGraph;
use crate::model::site::{PageId, Site};

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

/// Where the knowledge base needs attention.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MemoryReport {
    pub overdue: Vec<Entry>,
    pub no_successor: Vec<Entry>,
    pub orphans: Vec<Entry>,
}

impl MemoryReport {
    pub fn new(site: &Site, graph: &LinkGraph, today: jiff::civil::Date) -> MemoryReport {
        let mut report = MemoryReport::default();
        // Pages are in source-path order already.
        for id in 0..site.pages.len() {
            for (list, entry) in report
                .lists()
                .into_iter()
                .zip(entries(site, graph, today, id))
            {
                list.extend(entry);
            }
        }
        report
    }

    /// Looks at pages `ids` again, whose title, backlinks or dates may have
    /// changed. Returns whether the report changed.
    pub fn refresh(
        &mut self,
        site: &Site,
        graph: &LinkGraph,
        today: jiff::civil::Date,
        ids: &[PageId],
    ) -> bool {
        let mut changed = false;
        for &id in ids {
            for (list, entry) in self
                .lists()
                .into_iter()
                .zip(entries(site, graph, today, id))
            {
                let at = list.binary_search_by_key(&id, |e| e.page);
                match (at, entry) {
                    (Ok(at), Some(entry)) if list[at] != entry => {
                        list[at] = entry;
                        changed = true;
                    }
                    (Ok(_), Some(_)) => {}
                    (Ok(at), None) => {
                        list.remove(at);
                        changed = true;
                    }
                    (Err(at), Some(entry)) => {
                        list.insert(at, entry);
                        changed = true;
                    }
                    (Err(_), None) => {}
                }
            }
        }
        changed
    }

    fn lists(&mut self) -> [&mut Vec<Entry>; 3] {
        [&mut self.overdue, &mut self.no_successor, &mut self.orphans]
    }

    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.no_successor.is_empty() && self.orphans.is_empty()
    }
}

/// Page `id`'s entries in the three lists (overdue, no successor, orphan).
fn entries(
    site: &Site,
    graph: &LinkGraph,
    today: jiff::civil::Date,
    id: PageId,
) -> [Option<Entry>; 3] {
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
    let no_successor = (doc.kind == "handover" && !successor)
        .then(|| entry("names no successor (`handed_over_to`)".to_owned()));
    let orphan = graph
        .backlinks(&page.path)
        .is_empty()
        .then(|| entry("no other page links here".to_owned()));
    [overdue, no_successor, orphan]
}
