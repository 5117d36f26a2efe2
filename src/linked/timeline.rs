//! The timeline: the partnership's history as dated events.
//!
//! Projects contribute their start and end, handovers the day a role
//! changed hands, decisions the day they were taken. The site shows every
//! event on one page, newest first and grouped by year; a project's page
//! shows its own events: its start and end, and the handovers and decisions
//! that link to it.

use serde_json::Value;

use crate::linked::graph::{LinkGraph, Source};
use crate::model::decisions::Decisions;
use crate::model::site::{PageId, Site};
use crate::project::fields::parse_date;
use crate::project::kinds::Kind;

/// Something that happened on a day, told by a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub date: jiff::civil::Date,
    pub page: PageId,
    /// What happened, in a few words: "Project started", "Handed over to Ana".
    pub what: String,
}

/// The events a page tells of.
pub fn events_of(site: &Site, decisions: &Decisions, id: PageId) -> Vec<Event> {
    let doc = &site.pages[id].doc;
    let field = |key: &str| doc.fields.get(key).and_then(Value::as_str);
    let date = |key: &str| field(key).and_then(parse_date);
    let event = |date: jiff::civil::Date, what: String| Event {
        date,
        page: id,
        what,
    };
    match doc.kind {
        Kind::Project => {
            let mut events = Vec::new();
            if let Some(start) = date("start").or(doc.meta.date) {
                events.push(event(start, "Project started".to_owned()));
            }
            if let Some(end) = date("end") {
                let status = field("status").unwrap_or("ended");
                events.push(event(end, format!("Project {status}")));
            }
            events
        }
        Kind::Handover => doc
            .meta
            .date
            .into_iter()
            .map(|d| {
                let who = match (
                    doc.meta.author.as_deref(),
                    field("handed_over_to").filter(|s| !s.trim().is_empty()),
                ) {
                    (Some(from), Some(to)) => format!("{from} handed over to {to}"),
                    (Some(from), None) => format!("{from} handed over"),
                    (None, Some(to)) => format!("Handed over to {to}"),
                    (None, None) => "Handed over".to_owned(),
                };
                let role = field("role").map(|r| format!(" ({r})")).unwrap_or_default();
                event(d, format!("{who}{role}"))
            })
            .collect(),
        Kind::Decision => doc
            .meta
            .date
            .into_iter()
            .map(|d| {
                let status = field("status").unwrap_or("taken");
                match decisions.superseded_by(id) {
                    Some(_) => event(d, format!("Decision {status}, since superseded")),
                    None => event(d, format!("Decision {status}")),
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Every event of the site, newest first.
pub fn site_events(site: &Site, decisions: &Decisions) -> Vec<Event> {
    let mut events: Vec<Event> = site
        .pages
        .keys()
        .flat_map(|id| events_of(site, decisions, id))
        .collect();
    sort(&mut events);
    events
}

/// A project's own events (its start and end, and the handovers and
/// decisions that link to it), oldest first.
pub fn project_events(
    site: &Site,
    decisions: &Decisions,
    graph: &LinkGraph,
    id: PageId,
) -> Vec<Event> {
    let mut events = events_of(site, decisions, id);
    for backlink in graph.backlinks(&site.pages[id].path) {
        if let Source::Page(source) = backlink.source {
            if matches!(site.pages[source].doc.kind, Kind::Handover | Kind::Decision) {
                events.extend(events_of(site, decisions, source));
            }
        }
    }
    sort(&mut events);
    events.reverse();
    events
}

/// Newest first; on the same day, in source-path order (page ids are).
fn sort(events: &mut [Event]) {
    events.sort_by(|a, b| b.date.cmp(&a.date).then(a.page.cmp(&b.page)));
}
