//! Taxonomies: pages grouped by tag, agency, person and project.
//!
//! Each taxonomy reads its terms from front matter and gets an index page
//! and a page per term listing the pages that carry it:
//!
//! | taxonomy | terms from | published under |
//! |---|---|---|
//! | tags | `tags` | `tags/` |
//! | agencies | `agency`, `partners` | `by-agency/` |
//! | people | `author`, `lead`, `handed_over_to`, `decided_by` | `by-person/` |
//! | projects | `project` | `by-project/` |
//!
//! Terms that differ only in case or punctuation are one term, named as
//! first written. A person with a page of their own needs no second page:
//! their person page lists what they wrote, led and received, and the index
//! of people links to it. (Likewise a project's folder is its own listing.)
//! `taxonomies:` in the config chooses which are built.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::content::frontmatter::Document;
use crate::model::site::{PageId, Site};

use crate::project::taxonomies::TaxonomyKind;
use crate::urls;

/// One taxonomy with its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub kind: TaxonomyKind,
    /// Terms in slug order.
    pub terms: Vec<Term>,
}

/// One term and the pages that carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As first written.
    pub name: String,
    /// In site order.
    pub pages: Vec<PageId>,
    /// A page that already lists the term's pages (a person's page), so no
    /// term page is made for it.
    pub page: Option<PageId>,
}

impl Taxonomy {
    /// The page of a term.
    pub fn term_path(&self, term: &str) -> String {
        term_path(self.kind, term)
    }

    /// The index page.
    pub fn index_path(&self) -> String {
        format!("{}/index.html", self.kind.dir())
    }
}

/// Where a term's page is published.
pub fn term_path(kind: TaxonomyKind, term: &str) -> String {
    let slug = urls::slugify(term);
    format!(
        "{}/{}.html",
        kind.dir(),
        if slug.is_empty() { "term" } else { &slug }
    )
}

/// Builds the taxonomies of `kinds`. `own_page` finds the page that already
/// lists a term's pages, if any (a person's page, for the people taxonomy).
pub fn build(
    site: &Site,
    kinds: &[TaxonomyKind],
    own_page: impl Fn(TaxonomyKind, &str) -> Option<PageId>,
) -> Vec<Taxonomy> {
    kinds
        .iter()
        .map(|&kind| Taxonomy {
            kind,
            terms: terms(site, kind)
                .into_iter()
                .map(|(name, pages)| Term {
                    page: own_page(kind, &name),
                    name,
                    pages,
                })
                .collect(),
        })
        .collect()
}

fn terms(site: &Site, kind: TaxonomyKind) -> Vec<(String, Vec<PageId>)> {
    let mut by_slug: BTreeMap<String, (String, Vec<PageId>)> = BTreeMap::new();
    let mut add = |name: &str, id: PageId| {
        let name = name.trim();
        let slug = urls::slugify(name);
        if slug.is_empty() {
            return;
        }
        let entry = by_slug
            .entry(slug)
            .or_insert_with(|| (name.to_owned(), Vec::new()));
        if entry.1.last() != Some(&id) {
            entry.1.push(id);
        }
    };
    for (id, page) in site.pages.iter_enumerated() {
        for name in terms_of(kind, &page.doc) {
            add(name, id);
        }
    }
    by_slug.into_values().collect()
}

/// The terms of `kind` that a page carries, as written.
pub fn terms_of(kind: TaxonomyKind, doc: &Document) -> Vec<&str> {
    let mut names = Vec::new();
    for field in kind.fields() {
        match doc.fields.get(*field) {
            Some(Value::String(name)) => names.push(name.as_str()),
            Some(Value::Array(items)) => names.extend(items.iter().filter_map(Value::as_str)),
            _ => {}
        }
    }
    names
}
