//! Pages about people and roles: what a person wrote, led and was handed,
//! the succession of each role, the index of roles, and finding the agency
//! or project page a name refers to.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::model::site::PageId;
use crate::project::taxonomies::TaxonomyKind;

use super::context::*;
use super::renderer::Renderer;

impl<'a> Renderer<'_, 'a> {
    /// What a person page adds: what they wrote, led and were handed, and
    /// the roles they held.
    pub(super) fn person(&self, id: PageId, root: &Here) -> PersonContext {
        let people = self.input.people;
        let list = |pages: Option<&Vec<PageId>>| -> Vec<tera::Value> {
            pages.map_or_else(Vec::new, |ids| {
                ids.iter().map(|&p| self.list_item(p)).collect()
            })
        };
        let mut roles: Vec<TenureItem> = people
            .held
            .get(&id)
            .map(|tenures| {
                tenures
                    .iter()
                    .map(|t| {
                        let role = &people.roles[t.role];
                        TenureItem {
                            role: role.name.clone(),
                            href: root.href(&role.path),
                            from: t.from.map(|d| d.to_string()),
                            until: t.until.map(|d| d.to_string()),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Roles their page says they hold, that no handover tells of.
        for role in people.roles.iter().filter(|r| r.holders.contains(&id)) {
            if !roles.iter().any(|t| t.role == role.name) {
                roles.push(TenureItem {
                    role: role.name.clone(),
                    href: root.href(&role.path),
                    from: None,
                    until: None,
                });
            }
        }
        let left = people.left.get(&id).filter(|&&d| d <= self.input.today);
        let still_owns = match left {
            Some(_) => self
                .input
                .site
                .pages
                .keys()
                .filter(|&p| p != id && people.owner(p) == Some(id))
                .map(|p| self.list_item(p))
                .collect(),
            None => Vec::new(),
        };
        let moved_to = self.input.site.pages[id]
            .doc
            .fields
            .get("moved_to")
            .and_then(Value::as_str)
            .map(str::to_owned);
        PersonContext {
            left: left.map(|d| d.to_string()),
            moved_to,
            still_owns,
            wrote: list(people.wrote.get(&id)),
            led: list(people.led.get(&id)),
            received: list(people.received.get(&id)),
            roles,
            actions: self.actions_owned_by(id, root),
        }
    }

    pub(super) fn role(&self, index: usize) -> Result<String, Diagnostic> {
        let role = &self.input.people.roles[index];
        let site = self.input.site;
        let (mut context, root) = self.generated_context(
            &role.path,
            &role.name,
            &format!("Who has held the role of {}", role.name),
            Some(("Roles", self.addresses.roles.as_str())),
        );
        let person_link = |name: Option<&str>| -> Option<Link> {
            let name = name.filter(|n| !n.trim().is_empty())?;
            Some(Link {
                title: name.to_owned(),
                href: self
                    .input
                    .names
                    .person(name)
                    .map(|id| root.href(&site.pages[id].path))
                    .unwrap_or_default(),
            })
        };
        let steps: Vec<SuccessionStep> = role
            .handovers
            .iter()
            .map(|&id| {
                let doc = &site.pages[id].doc;
                SuccessionStep {
                    date: doc.meta.date.map(|d| d.to_string()),
                    from: person_link(doc.meta.author.as_deref()),
                    to: person_link(doc.fields.get("handed_over_to").and_then(Value::as_str)),
                    handover: self.link_to(id, &root),
                    summary: self.summary(id).to_owned(),
                }
            })
            .collect();
        let holders: Vec<Link> = role
            .holders
            .iter()
            .map(|&id| self.link_to(id, &root))
            .collect();
        context.insert("role", &role.name);
        context.insert("pack", &root.href(&super::pack::role_pack_path(&role.path)));
        context.insert("holders", &holders);
        context.insert("steps", &steps);
        context.insert("actions", &self.actions_of_role(index, &root));
        context.insert("current", &steps.last().and_then(|s| s.to.clone()));
        self.render("role.html", &context)
    }

    pub(super) fn role_index(&self) -> Result<String, Diagnostic> {
        let (mut context, root) = self.generated_context(
            &self.addresses.roles,
            "Roles",
            "Every role named in a handover, with its holders",
            None,
        );
        let site = self.input.site;
        let roles: Vec<RoleItem> = self
            .input
            .people
            .roles
            .iter()
            .map(|role| {
                let last = role.handovers.last().map(|&id| &site.pages[id].doc);
                RoleItem {
                    name: role.name.clone(),
                    href: root.href(&role.path),
                    handovers: role.handovers.len(),
                    current: last
                        .and_then(|d| d.fields.get("handed_over_to"))
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .or_else(|| {
                            let names: Vec<&str> = role
                                .holders
                                .iter()
                                .map(|&id| site.pages[id].doc.meta.title.as_str())
                                .collect();
                            (!names.is_empty()).then(|| names.join(", "))
                        }),
                    since: last.and_then(|d| d.meta.date).map(|d| d.to_string()),
                }
            })
            .collect();
        context.insert("roles", &roles);
        self.render("roles.html", &context)
    }

    /// The page a term of taxonomy `kind` called `name` links to: the
    /// person, agency or project of that name, by title, alias or short name.
    pub(super) fn profile(&self, name: &str, kind: TaxonomyKind) -> Option<PageId> {
        self.input.names.term_page(kind, name)
    }
}
