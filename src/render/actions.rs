//! Lists of actions: the site's page of open actions (overdue, due soon,
//! later, undated), and the actions a role's page, a person's page and the
//! Needs review page show. What the lists hold is `linked::actions`.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::linked::actions::{Entry, Owner, State};
use crate::model::site::PageId;

use super::context::{Here, Link};
use super::input::DUE_SOON_DAYS;
use super::renderer::Renderer;
use super::Read;

/// One action as a list shows it.
#[derive(Serialize)]
pub(super) struct ActionItem {
    /// What the list calls it (the bold phrase it starts with, or its text).
    title: String,
    /// The whole text, when the title is only part of it.
    text: Option<String>,
    /// The item on its page.
    href: String,
    page: Link,
    role: Option<Link>,
    owner: Option<Link>,
    due: Option<String>,
    overdue: bool,
    /// Days since it was due, when overdue.
    days_overdue: Option<i32>,
    /// The role's handover that should have carried it on, when it did not.
    dropped_at: Option<Link>,
}

/// The groups of the page of open actions.
#[derive(Default, Serialize)]
struct Groups {
    overdue: Vec<ActionItem>,
    soon: Vec<ActionItem>,
    later: Vec<ActionItem>,
    undated: Vec<ActionItem>,
}

impl<'a> Renderer<'_, 'a> {
    /// Every action of the site (noting that the file shows them).
    fn actions(&self) -> &'a [Entry] {
        self.note(Read::Actions);
        &self.input.actions.all
    }

    /// The open actions of the site that `keep` keeps, as list items,
    /// soonest due first, then undated.
    pub(super) fn open_actions(
        &self,
        root: &Here,
        keep: impl Fn(&Entry) -> bool,
    ) -> Vec<ActionItem> {
        let mut open: Vec<&Entry> = self
            .actions()
            .iter()
            .filter(|e| e.is_open() && keep(e))
            .collect();
        open.sort_by_key(|e| (e.action.due.is_none(), e.action.due));
        open.into_iter()
            .map(|e| self.action_item(e, root))
            .collect()
    }

    /// The open actions owned by person `id`.
    pub(super) fn actions_owned_by(&self, id: PageId, root: &Here) -> Vec<ActionItem> {
        self.open_actions(root, |e| e.owner == Owner::Person(id))
    }

    /// The open actions of role `index`.
    pub(super) fn actions_of_role(&self, index: usize, root: &Here) -> Vec<ActionItem> {
        self.open_actions(root, |e| e.role == Some(index))
    }

    /// The open actions past their due date, most overdue first.
    pub(super) fn overdue_actions(&self, root: &Here) -> Vec<ActionItem> {
        let today = self.input.today;
        self.open_actions(root, |e| e.is_overdue(today))
    }

    /// The open actions a role's next handover dropped.
    pub(super) fn dropped_actions(&self, root: &Here) -> Vec<ActionItem> {
        self.open_actions(root, |e| matches!(e.state, State::Dropped(_)))
    }

    fn action_item(&self, entry: &Entry, root: &Here) -> ActionItem {
        let site = self.input.site;
        let action = &entry.action;
        let page = self.link_to(entry.page, root);
        let today = self.input.today;
        let overdue = entry.is_overdue(today);
        ActionItem {
            title: action.title.clone(),
            text: (action.text != action.title).then(|| action.text.clone()),
            href: format!("{}#{}", page.href, action.id),
            page,
            role: entry.role.map(|r| {
                let role = &self.input.people.roles[r];
                Link {
                    title: role.name.clone(),
                    href: root.href(&role.path),
                }
            }),
            owner: match &entry.owner {
                Owner::Person(id) => Some(self.link_to(*id, root)),
                Owner::Named(name) => Some(Link {
                    title: name.clone(),
                    href: String::new(),
                }),
                Owner::Nobody => None,
            },
            due: action.due.map(|d| d.to_string()),
            overdue,
            days_overdue: action
                .due
                .filter(|_| overdue)
                .and_then(|due| due.until(today).ok())
                .map(|span| span.get_days()),
            dropped_at: match entry.state {
                State::Dropped(next) => Some(Link {
                    title: site.pages[next].doc.meta.title.clone(),
                    href: root.href(&site.pages[next].path),
                }),
                _ => None,
            },
        }
    }

    /// The page of open actions: overdue, due within a month, later, and
    /// with no due date.
    pub(super) fn actions_page(&self) -> Result<String, Diagnostic> {
        let path = self.addresses.actions.clone();
        let (mut context, root) = self.generated_context(
            &path,
            "Open actions",
            "Every open action of the knowledge base, by when it is due, with its owner and role",
            None,
        );
        let today = self.input.today;
        let soon = today
            .checked_add(jiff::Span::new().days(DUE_SOON_DAYS))
            .unwrap_or(today);
        let mut groups = Groups::default();
        // Those dropped on the way are listed on their own, above.
        let carried = |e: &Entry| !matches!(e.state, State::Dropped(_));
        for item in self.open_actions(&root, carried) {
            let due: Option<jiff::civil::Date> = item.due.as_deref().and_then(|d| d.parse().ok());
            let group = match due {
                None => &mut groups.undated,
                Some(due) if due < today => &mut groups.overdue,
                Some(due) if due <= soon => &mut groups.soon,
                Some(_) => &mut groups.later,
            };
            group.push(item);
        }
        context.insert("groups", &groups);
        context.insert("dropped", &self.dropped_actions(&root));
        context.insert("soon_days", &DUE_SOON_DAYS);
        self.render("actions.html", &context)
    }
}
