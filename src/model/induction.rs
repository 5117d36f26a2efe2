//! The induction path: the guides a newcomer reads first, in order.
//!
//! Guides with an `order` form the path, shown as "Start here" on the home
//! page and as step N of M, with previous and next, on each guide in it. Two
//! guides with the same `order` leave the path ambiguous, so that is
//! reported, naming both. Alternatively, `induction:` in the config lists the
//! pages of the path by name (as a wikilink would name them), in order.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::links::Target;
use crate::model::site::{PageId, Site};
use crate::project::kinds::Kind;
use crate::project::yaml;

/// The pages of the induction path, in reading order: those `listed` in the
/// config, if any (a name that fits no page is an error in the config file),
/// else the guides with an `order`.
pub fn path(
    site: &Site,
    listed: &[String],
    config_file: &Path,
    diagnostics: &Diagnostics,
) -> Vec<PageId> {
    if listed.is_empty() {
        return ordered_guides(site, diagnostics);
    }
    let mut path = Vec::new();
    for name in listed {
        match site.links.resolve_wiki("", name) {
            Target::Page { path: output, .. } if site.page_at(&output).is_some() => {
                path.extend(site.page_at(&output));
            }
            _ => {
                let similar = site.links.similar_names(name);
                let help = match similar.first() {
                    Some(near) => format!("did you mean `{near}`? Name pages as a wikilink would: by file name, title or alias"),
                    None => "name pages as a wikilink would: by file name, title or alias".to_owned(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        Code::InductionMissingPage,
                        format!("`induction` names “{name}”, which is no page"),
                    )
                    .in_file(config_file)
                    .help(help),
                );
            }
        }
    }
    path
}

/// The guides with an `order`, in that order.
fn ordered_guides(site: &Site, diagnostics: &Diagnostics) -> Vec<PageId> {
    let order = |id: PageId| {
        site.pages[id]
            .doc
            .fields
            .get("order")
            .and_then(Value::as_i64)
    };
    let mut steps: Vec<(i64, PageId)> = site
        .pages
        .keys()
        .filter(|&id| site.pages[id].doc.kind == Kind::Guide)
        .filter_map(|id| order(id).map(|o| (o, id)))
        .collect();
    steps.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| site.pages[a.1].doc.rel.cmp(&site.pages[b.1].doc.rel))
    });
    for pair in steps.windows(2) {
        let ((order, first), (same, second)) = (pair[0], pair[1]);
        if order == same {
            let doc = &site.pages[second].doc;
            let (line, column) =
                yaml::locate_key(&doc.front_matter, "order").map_or((1, 1), |(l, c)| (l + 1, c));
            diagnostics.push(
                Diagnostic::warning(
                    Code::InductionDuplicateStep,
                    format!(
                        "two guides are step {order} of the induction path: this one and `{}`",
                        site.pages[first].doc.rel
                    ),
                )
                .in_file(&doc.path)
                .at(crate::diagnostics::Span {
                    line,
                    column,
                    source_line: doc
                        .front_matter
                        .lines()
                        .nth(line.saturating_sub(2))
                        .map(str::to_owned),
                    shown_from: 0,
                })
                .help("give each guide on the path its own `order` (1, 2, 3 …)"),
            );
        }
    }
    steps.into_iter().map(|(_, id)| id).collect()
}
