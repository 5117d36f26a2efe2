//! Who is who: what each person wrote, led and was handed, and roles with
//! their succession of holders.
//!
//! Names written in front matter (`author`, `lead`, `handed_over_to`) are
//! matched to person pages by title or alias ([`PageNames`]). Roles
//! come from handover notes: every handover names a `role`, who handed it
//! over (`author`) and to whom (`handed_over_to`), and when (`date`), so the
//! handovers of one role, in date order, are its succession chain.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};
use crate::model::links::normalize_name;
use crate::model::names::PageNames;
use crate::model::site::{PageId, Site};
use crate::project::kinds::Kind;
use crate::project::yaml;
use crate::urls;

/// A role held by successive people, as told by its handovers, its
/// profile (a page of kind `role`) and the people who say they hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// Its profile's title, else as first written: "ASB Coordinator".
    pub name: String,
    /// Output path of the role's page: its profile's, else under `roles/`.
    pub path: String,
    /// Its handovers, oldest first.
    pub handovers: Vec<PageId>,
    /// The role's profile page, if it has one.
    pub profile: Option<PageId>,
    /// People whose page lists the role under `roles`.
    pub holders: Vec<PageId>,
}

/// What the site knows about people and roles.
#[derive(Debug, Default)]
pub struct People {
    /// Roles by name.
    pub roles: Vec<Role>,
    /// Normalised role name → index in `roles`.
    role_index: HashMap<String, usize>,
    /// Person page → pages they wrote.
    pub wrote: HashMap<PageId, Vec<PageId>>,
    /// Person page → projects they led.
    pub led: HashMap<PageId, Vec<PageId>>,
    /// Person page → handovers handed to them.
    pub received: HashMap<PageId, Vec<PageId>>,
    /// Person page → the roles they held, as told by handovers.
    pub held: HashMap<PageId, Vec<Tenure>>,
    /// Page → its owner (see [`People::owner`]).
    owners: HashMap<PageId, PageId>,
    /// Person page → the day they left (`left`).
    pub left: HashMap<PageId, jiff::civil::Date>,
}

/// A person's time in a role: from the handover they received to the one
/// they wrote, where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenure {
    /// Index into [`People::roles`].
    pub role: usize,
    pub from: Option<jiff::civil::Date>,
    pub until: Option<jiff::civil::Date>,
}

impl People {
    /// Finds person pages, roles and who did what. A `handed_over_to` that
    /// names no person page is reported (as a warning), since the successor
    /// is who a newcomer needs to find.
    pub fn new(site: &Site, names: &PageNames, diagnostics: &Diagnostics) -> People {
        let mut people = People::default();
        let mut roles = Roles::new(site);
        // The person each unknown successor probably meant, once a name.
        let mut meant: HashMap<&str, Option<&str>> = HashMap::new();
        for (id, page) in site.pages.iter_enumerated() {
            let doc = &page.doc;
            if let Some(person) = doc.meta.author.as_deref().and_then(|n| names.person(n)) {
                people.wrote.entry(person).or_default().push(id);
            }
            let field = |key: &str| doc.text(key);
            if let Some(person) = field("lead").and_then(|n| names.person(n)) {
                people.led.entry(person).or_default().push(id);
            }
            if doc.kind != Kind::Handover {
                continue;
            }
            if let Some(successor) = field("handed_over_to") {
                match names.person(successor) {
                    Some(person) => people.received.entry(person).or_default().push(id),
                    None => {
                        diagnostics.push(
                            Diagnostic::warning(Code::PeopleUnknownSuccessor, format!("`handed_over_to` names “{successor}”, who has no person page"))
                                .in_file(&doc.path)
                                .at(locate(doc, "handed_over_to"))
                                .help(match *meant.entry(successor).or_insert_with(|| names.near(&[Kind::Person], successor)) {
                                    Some(meant) => format!("did you mean “{meant}”? Write a person page's title or alias, or create one (cairn new person \"{successor}\")"),
                                    None => format!("create one (cairn new person \"{successor}\"), or write the name as a person page's title or alias"),
                                }),
                        );
                    }
                }
            }
            if let Some(role) = field("role") {
                roles.named(role).handovers.push(id);
            }
        }
        // Who owns each page, and who has left.
        for (id, page) in site.pages.iter_enumerated() {
            let doc = &page.doc;
            let field = |key: &str| doc.text(key);
            let successor = (doc.kind == Kind::Handover)
                .then(|| field("handed_over_to"))
                .flatten();
            let owner = field("owner")
                .or(successor)
                .or(doc.meta.author.as_deref())
                .and_then(|name| names.person(name));
            if let Some(owner) = owner {
                people.owners.insert(id, owner);
            }
            let left = doc.fields.get("left").and_then(Value::as_str);
            if let Some(left) = left.and_then(|l| l.parse::<jiff::civil::Date>().ok()) {
                if doc.kind == Kind::Person {
                    people.left.insert(id, left);
                }
            }
        }
        // People who say which roles they hold.
        for (id, page) in site.pages.iter_enumerated() {
            if page.doc.kind != Kind::Person {
                continue;
            }
            let held = page.doc.fields.get("roles").and_then(Value::as_array);
            for role in held.into_iter().flatten().filter_map(Value::as_str) {
                if !role.trim().is_empty() {
                    roles.named(role).holders.push(id);
                }
            }
        }
        for role in roles.by_key.values_mut() {
            role.handovers
                .sort_by_key(|&id| (site.pages[id].doc.meta.date, site.pages[id].doc.rel.clone()));
        }
        let keys: Vec<String> = roles.by_key.keys().cloned().collect();
        people.role_index = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        for (name, key) in &roles.profile_names {
            if let Some(&index) = people.role_index.get(key) {
                people.role_index.insert(name.clone(), index);
            }
        }
        people.roles = roles.by_key.into_values().collect();

        // Tenures: a handover ends its author's time in the role and starts
        // its successor's. Handovers are in date order within each role.
        for (index, role) in people.roles.iter().enumerate() {
            for &id in &role.handovers {
                let doc = &site.pages[id].doc;
                let date = doc.meta.date;
                if let Some(author) = doc.meta.author.as_deref().and_then(|n| names.person(n)) {
                    let tenures = people.held.entry(author).or_default();
                    match tenures
                        .iter_mut()
                        .rev()
                        .find(|t| t.role == index && t.until.is_none())
                    {
                        Some(open) => open.until = date,
                        None => tenures.push(Tenure {
                            role: index,
                            from: None,
                            until: date,
                        }),
                    }
                }
                let successor = doc.fields.get("handed_over_to").and_then(Value::as_str);
                if let Some(person) = successor.and_then(|n| names.person(n)) {
                    people.held.entry(person).or_default().push(Tenure {
                        role: index,
                        from: date,
                        until: None,
                    });
                }
            }
        }
        people
    }

    /// Who owns page `id`: its `owner`, else for a handover the successor
    /// it was handed to, else its author; a person with a page.
    pub fn owner(&self, id: PageId) -> Option<PageId> {
        self.owners.get(&id).copied()
    }

    /// When page `id`'s owner left (their page's `left` date, on or
    /// before `today`): the owner, and the day.
    pub fn owner_left(
        &self,
        id: PageId,
        today: jiff::civil::Date,
    ) -> Option<(PageId, jiff::civil::Date)> {
        let owner = self.owner(id)?;
        let left = *self.left.get(&owner)?;
        (left <= today && owner != id).then_some((owner, left))
    }

    /// Whether page `id` is the profile of a role that a handover or a
    /// person's page names (and so links to).
    pub fn is_named_profile(&self, id: PageId) -> bool {
        self.roles
            .iter()
            .any(|r| r.profile == Some(id) && (!r.handovers.is_empty() || !r.holders.is_empty()))
    }

    /// The roles with a profile and a holder but no handover on file: the
    /// holder would leave nothing behind for the next one.
    pub fn unhanded_roles(&self) -> impl Iterator<Item = &Role> {
        self.roles
            .iter()
            .filter(|r| r.profile.is_some() && !r.holders.is_empty() && r.handovers.is_empty())
    }

    /// The role with this name, if a handover names it.
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.role_index
            .get(&normalize_name(name))
            .map(|&i| &self.roles[i])
    }
}

/// The roles being gathered: by the key of their name, and the names and
/// aliases of the role profiles.
struct Roles {
    by_key: BTreeMap<String, Role>,
    /// Every name and alias of a profile, normalised → the key of its
    /// title, under which the role is gathered.
    profile_names: HashMap<String, String>,
}

impl Roles {
    /// Starts with a role for each profile (a page of kind `role`).
    fn new(site: &Site) -> Roles {
        let mut roles = Roles {
            by_key: BTreeMap::new(),
            profile_names: HashMap::new(),
        };
        for (id, page) in site.pages.iter_enumerated() {
            let doc = &page.doc;
            if doc.kind != Kind::Role {
                continue;
            }
            let key = normalize_name(&doc.meta.title);
            if roles.by_key.contains_key(&key) {
                continue;
            }
            for name in std::iter::once(&doc.meta.title).chain(&doc.meta.aliases) {
                roles
                    .profile_names
                    .entry(normalize_name(name))
                    .or_insert_with(|| key.clone());
            }
            roles.by_key.insert(
                key,
                Role {
                    name: doc.meta.title.trim().to_owned(),
                    path: page.path.clone(),
                    handovers: Vec::new(),
                    profile: Some(id),
                    holders: Vec::new(),
                },
            );
        }
        roles
    }

    /// The role called `name` (a profile's title or alias, in any case),
    /// made if it is new.
    fn named(&mut self, name: &str) -> &mut Role {
        let written = normalize_name(name);
        let key = self.profile_names.get(&written).cloned().unwrap_or(written);
        self.by_key.entry(key).or_insert_with(|| Role {
            name: name.trim().to_owned(),
            path: role_path(name),
            handovers: Vec::new(),
            profile: None,
            holders: Vec::new(),
        })
    }
}

/// Where a role's page is published.
pub fn role_path(role: &str) -> String {
    let slug = urls::slugify(role);
    format!(
        "roles/{}.html",
        if slug.is_empty() { "role" } else { &slug }
    )
}

/// Where a front-matter key is written in its file.
pub(crate) fn locate(doc: &crate::content::frontmatter::Document, key: &str) -> Span {
    let front = doc.front_matter.as_str();
    match yaml::locate_key(front, key) {
        // The front matter starts on the file's second line.
        Some((line, column)) => Span {
            line: line + 1,
            column,
            source_line: front.lines().nth(line - 1).map(str::to_owned),
            shown_from: 0,
        },
        None => Span {
            line: 1,
            column: 1,
            source_line: None,
            shown_from: 0,
        },
    }
}
