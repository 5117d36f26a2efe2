//! The site's actions: every task-list item of every page (read by the
//! Markdown stage, `markdown::Action`), who owns it, the role it belongs
//! to, and what became of it in the role's later handovers.
//!
//! The handovers of one role, oldest first, pass its loose ends on. An open
//! action of one handover that a later handover of the role lists again is
//! carried on (the later one is the action now); ticked there, it is done.
//! One that the role's next handover does not mention, nor any after it,
//! was **dropped**: the loose end a succession loses, which the role's page
//! and Needs review call out. Two actions are the same when their keys are
//! (the bold phrase they start with, or their text; see `Action::key`).
//!
//! An action's owner is the one written with it (`[owner:: …]`), else the
//! handover's successor (`handed_over_to`), else the page's `owner`, else
//! its author.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::markdown::{Action, Rendered};
use crate::model::names::PageNames;
use crate::model::people::People;
use crate::model::site::{PageId, PerPage, Site};

/// Who owns an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A person with a page.
    Person(PageId),
    /// A name that is nobody's page.
    Named(String),
    Nobody,
}

/// What became of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Open,
    Done,
    /// Ticked in that later handover of the role.
    DoneLater(PageId),
    /// Listed again, still open, in that later handover of the role.
    Carried(PageId),
    /// Still open, and not in that handover, the role's next, nor any after.
    Dropped(PageId),
}

/// One action of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub page: PageId,
    pub action: Action,
    pub owner: Owner,
    /// The role whose handover lists it, by index into the roles.
    pub role: Option<usize>,
    pub state: State,
}

impl Entry {
    /// Whether someone still has to do it: open, or dropped on the way.
    pub fn is_open(&self) -> bool {
        matches!(self.state, State::Open | State::Dropped(_))
    }

    /// Whether it is open and was due before `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.is_open() && self.action.due.is_some_and(|due| due < today)
    }
}

/// Every action of the site, page by page in source-path order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actions {
    pub all: Vec<Entry>,
}

impl Actions {
    pub fn new(
        site: &Site,
        pages: &PerPage<Rendered>,
        people: &People,
        names: &PageNames,
    ) -> Actions {
        let mut role_of: HashMap<PageId, usize> = HashMap::new();
        for (index, role) in people.roles.iter().enumerate() {
            for &handover in &role.handovers {
                role_of.insert(handover, index);
            }
        }
        let mut all = Vec::new();
        for (id, page) in site.pages.iter_enumerated() {
            let doc = &page.doc;
            let field = |key: &str| doc.text(key);
            let default_owner = field("handed_over_to")
                .or_else(|| field("owner"))
                .or(doc.meta.author.as_deref());
            for action in &pages[id].actions {
                let owner = match action.owner.as_deref().or(default_owner) {
                    Some(name) => names
                        .person(name)
                        .map_or_else(|| Owner::Named(name.to_owned()), Owner::Person),
                    None => Owner::Nobody,
                };
                all.push(Entry {
                    page: id,
                    action: action.clone(),
                    owner,
                    role: role_of.get(&id).copied(),
                    state: if action.done {
                        State::Done
                    } else {
                        State::Open
                    },
                });
            }
        }
        let mut actions = Actions { all };
        actions.follow_successions(people);
        actions
    }

    /// Sets what became of each open action of a handover in the role's
    /// later handovers.
    fn follow_successions(&mut self, people: &People) {
        let mut by_page: HashMap<PageId, Vec<usize>> = HashMap::new();
        for (at, entry) in self.all.iter().enumerate() {
            by_page.entry(entry.page).or_default().push(at);
        }
        for role in &people.roles {
            for (k, &handover) in role.handovers.iter().enumerate() {
                let later = &role.handovers[k + 1..];
                let Some(&next) = later.first() else {
                    continue;
                };
                for &at in by_page.get(&handover).into_iter().flatten() {
                    if self.all[at].state != State::Open {
                        continue;
                    }
                    let key = &self.all[at].action.key;
                    let found = later.iter().find_map(|&page| {
                        by_page.get(&page).into_iter().flatten().find_map(|&other| {
                            let other = &self.all[other];
                            (other.action.key == *key).then_some((page, other.action.done))
                        })
                    });
                    self.all[at].state = match found {
                        Some((page, true)) => State::DoneLater(page),
                        Some((page, false)) => State::Carried(page),
                        None => State::Dropped(next),
                    };
                }
            }
        }
    }

    /// The actions someone still has to do.
    pub fn open(&self) -> impl Iterator<Item = &Entry> {
        self.all.iter().filter(|e| e.is_open())
    }

    /// The open actions due before `today`.
    pub fn overdue(&self, today: Date) -> impl Iterator<Item = &Entry> {
        self.all.iter().filter(move |e| e.is_overdue(today))
    }

    /// The open actions a role's next handover dropped.
    pub fn dropped(&self) -> impl Iterator<Item = &Entry> {
        self.all
            .iter()
            .filter(|e| matches!(e.state, State::Dropped(_)))
    }
}

/// The loose ends `cairn check` reports: open actions past their due date,
/// and open actions a role's next handover dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub overdue: Vec<Noted>,
    pub dropped: Vec<Noted>,
}

/// One action in the [`Report`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Noted {
    /// Source file, relative to the content folder.
    pub source: String,
    pub line: usize,
    pub action: String,
    /// Why it is listed, in words.
    pub detail: String,
}

impl Report {
    pub fn new(actions: &Actions, site: &Site, people: &People, today: Date) -> Report {
        let noted = |entry: &Entry, detail: String| Noted {
            source: site.pages[entry.page].doc.rel.clone(),
            line: entry.action.line,
            action: entry.action.title.clone(),
            detail,
        };
        let owner = |entry: &Entry| match &entry.owner {
            Owner::Person(id) => format!(", owner {}", site.pages[*id].doc.meta.title),
            Owner::Named(name) => format!(", owner {name}"),
            Owner::Nobody => String::new(),
        };
        let overdue = actions
            .overdue(today)
            .map(|entry| {
                let due = entry.action.due.expect("overdue actions have a due date");
                let days = due.until(today).map_or(0, |span| span.get_days());
                noted(
                    entry,
                    format!("due {due} ({days} days ago){}", owner(entry)),
                )
            })
            .collect();
        let dropped = actions
            .dropped()
            .filter_map(|entry| {
                let State::Dropped(next) = entry.state else {
                    return None;
                };
                let role = entry.role.map(|r| people.roles[r].name.as_str())?;
                let next = &site.pages[next].doc;
                Some(noted(
                    entry,
                    format!(
                        "open, and not carried over: the next handover of {role} (`{}`) and those after it do not list it",
                        next.rel
                    ),
                ))
            })
            .collect();
        Report { overdue, dropped }
    }

    pub fn len(&self) -> usize {
        self.overdue.len() + self.dropped.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
