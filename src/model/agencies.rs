//! What each agency's page gathers: its people (a person page's `agency`),
//! the handovers of its roles (a handover's `agency`, else its role
//! profile's), the projects it leads (`lead`) or is a partner in
//! (`partners`), the decisions it took part in (`positions`, `decided_by`)
//! and its agreements (`parties`). Agencies are found by title, alias or
//! `short_name` ([`PageNames`]).

use std::collections::HashMap;

use serde_json::Value;

use crate::model::names::PageNames;
use crate::model::people::People;
use crate::model::site::{PageId, Site};
use crate::project::kinds::Kind;

/// The pages that name one agency, by what they say of it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Record {
    pub people: Vec<PageId>,
    pub handovers: Vec<PageId>,
    /// Projects, each with whether the agency leads it.
    pub projects: Vec<(PageId, bool)>,
    pub decisions: Vec<PageId>,
    pub agreements: Vec<PageId>,
}

impl Record {
    pub fn is_empty(&self) -> bool {
        *self == Record::default()
    }
}

/// Every agency's [`Record`].
#[derive(Debug, Default)]
pub struct Agencies(HashMap<PageId, Record>);

impl Agencies {
    pub fn new(site: &Site, names: &PageNames, people: &People) -> Agencies {
        let mut records: HashMap<PageId, Record> = HashMap::new();
        let agency = |name: &str| names.page(&Kind::Agency, name);
        let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
        let list = |value: Option<&Value>| -> Vec<String> {
            match value {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                Some(Value::String(one)) => vec![one.clone()],
                _ => Vec::new(),
            }
        };
        for (id, page) in site.pages.iter_enumerated() {
            let fields = &page.doc.fields;
            let mut add = |name: &str, put: &mut dyn FnMut(&mut Record)| {
                if let Some(found) = agency(name) {
                    if found != id {
                        put(records.entry(found).or_default());
                    }
                }
            };
            match page.doc.kind {
                Kind::Person => {
                    if let Some(name) = text(fields.get("agency")) {
                        add(&name, &mut |r| r.people.push(id));
                    }
                }
                Kind::Handover => {
                    let own = text(fields.get("agency"));
                    let of_role = || {
                        let role = people.role(text(fields.get("role"))?.as_str())?;
                        let profile = &site.pages[role.profile?].doc;
                        text(profile.fields.get("agency"))
                    };
                    if let Some(name) = own.or_else(of_role) {
                        add(&name, &mut |r| r.handovers.push(id));
                    }
                }
                Kind::Project => {
                    let lead = text(fields.get("lead"));
                    if let Some(name) = &lead {
                        add(name, &mut |r| r.projects.push((id, true)));
                    }
                    for name in list(fields.get("partners")) {
                        if lead.as_deref().and_then(agency) != agency(&name) {
                            add(&name, &mut |r| r.projects.push((id, false)));
                        }
                    }
                }
                Kind::Decision => {
                    let mut named: Vec<String> = list(fields.get("decided_by"));
                    if let Some(Value::Object(positions)) = fields.get("positions") {
                        named.extend(positions.keys().cloned());
                    }
                    let mut seen = Vec::new();
                    for name in named {
                        if let Some(found) = agency(&name).filter(|f| !seen.contains(f)) {
                            seen.push(found);
                            add(&name, &mut |r| r.decisions.push(id));
                        }
                    }
                }
                Kind::Agreement => {
                    for name in list(fields.get("parties")) {
                        add(&name, &mut |r| r.agreements.push(id));
                    }
                }
                _ => {}
            }
        }
        Agencies(records)
    }

    /// What names agency `id` (empty if nothing does).
    pub fn record(&self, id: PageId) -> Option<&Record> {
        self.0.get(&id)
    }
}
