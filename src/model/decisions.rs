//! Decisions that replace one another, and the statuses a decision may have.
//!
//! A decision's `supersedes` names the older decision it replaces (as a
//! wikilink would: its title, file name or alias, with or without `[[ ]]`).
//! The older one then shows "superseded by" the newer, on its page and on
//! the timeline. A `status` that is not one of `decision_statuses` (by
//! default `proposed`, `agreed`, `rejected`, `superseded`) is reported,
//! with the nearest valid one.

use std::collections::HashMap;

use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::model::links::Target;
use crate::model::people::locate;
use crate::model::site::{PageId, Site};
use crate::project::kinds::Kind;

/// Which decisions replace which.
#[derive(Debug, Default)]
pub struct Decisions {
    /// Older decision → the decision that replaced it.
    superseded_by: HashMap<PageId, PageId>,
    /// Newer decision → the decision it replaced.
    supersedes: HashMap<PageId, PageId>,
}

impl Decisions {
    pub fn new(site: &Site, statuses: &[String], diagnostics: &Diagnostics) -> Decisions {
        let mut decisions = Decisions::default();
        for (id, page) in site.pages.iter_enumerated() {
            let doc = &page.doc;
            if doc.kind != Kind::Decision {
                continue;
            }
            let field = |key: &str| doc.text(key);
            if let Some(status) = field("status") {
                if !statuses.iter().any(|s| s.eq_ignore_ascii_case(status)) {
                    let help = match did_you_mean(status, statuses.iter().map(String::as_str)) {
                        Some(near) => format!("did you mean `{near}`? A decision's status is one of: {}", statuses.join(", ")),
                        None => format!("a decision's status is one of: {}; add others to `decision_statuses` in cairn.yaml", statuses.join(", ")),
                    };
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::FrontmatterUnknownStatus,
                            format!("`status: {status}` is not a status decisions have"),
                        )
                        .in_file(&doc.path)
                        .at(locate(doc, "status"))
                        .help(help),
                    );
                }
            }
            let Some(older) = field("supersedes") else {
                continue;
            };
            let name = older
                .strip_prefix("[[")
                .and_then(|n| n.strip_suffix("]]"))
                .unwrap_or(older);
            let name = name.split('|').next().unwrap_or(name);
            let found = match site.links.resolve_wiki(&doc.rel, name) {
                Target::Page { path, .. } => site.page_at(&path),
                _ => None,
            };
            match found {
                Some(older) if older != id => {
                    decisions.superseded_by.insert(older, id);
                    decisions.supersedes.insert(id, older);
                }
                _ => diagnostics.push(
                    Diagnostic::warning(
                        Code::LinkMissingPage,
                        format!("`supersedes` names “{name}”, which is no other page"),
                    )
                    .in_file(&doc.path)
                    .at(locate(doc, "supersedes"))
                    .help("name the older decision by its title or file name, as a wikilink would"),
                ),
            }
        }
        decisions
    }

    /// The decision that replaced decision `id`, if one did.
    pub fn superseded_by(&self, id: PageId) -> Option<PageId> {
        self.superseded_by.get(&id).copied()
    }

    /// The decision that decision `id` replaced, if any.
    pub fn supersedes(&self, id: PageId) -> Option<PageId> {
        self.supersedes.get(&id).copied()
    }
}
