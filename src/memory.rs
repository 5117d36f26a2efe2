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

use crate::graph::LinkGraph;
use crate::site::{PageId, Site};

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
        let mut ids: Vec<PageId> = (0..site.pages.len()).collect();
        ids.sort_by(|&a, &b| site.pages[a].doc.rel.cmp(&site.pages[b].doc.rel));
        for id in ids {
            let page = &site.pages[id];
            let doc = &page.doc;
            let entry = |detail: String| Entry {
                page: id,
                title: doc.meta.title.clone(),
                source: doc.rel.clone(),
                detail,
            };
            if let Some(due) = doc.meta.review_by.filter(|due| *due < today) {
                let days = due.until(today).map_or(0, |span| span.get_days());
                report
                    .overdue
                    .push(entry(format!("due for review on {due} ({days} days ago)")));
            }
            let successor = doc
                .fields
                .get("handed_over_to")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|s| !s.trim().is_empty());
            if doc.kind == "handover" && !successor {
                report
                    .no_successor
                    .push(entry("names no successor (`handed_over_to`)".to_owned()));
            }
            if graph.backlinks(&page.path).is_empty() {
                report
                    .orphans
                    .push(entry("no other page links here".to_owned()));
            }
        }
        report
    }

    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.no_successor.is_empty() && self.orphans.is_empty()
    }
}
