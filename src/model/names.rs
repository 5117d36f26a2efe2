//! The page a name in front matter means.
//!
//! Front matter names pages rather than linking to them: people by name
//! (`author`, `lead`, `handed_over_to`, `decided_by`), agencies (`agency`,
//! `partners`) and projects (`project`). [`PageNames`] answers all of these
//! from one index, made once from the title, aliases and short name of every
//! person, agency and project page, and compared as link names are
//! ([`normalize_name`]: case, spaces, dashes and underscores do not matter).
//! When two pages of one kind share a name, the first in site order wins.
//!
//! Wikilinks are resolved by [`LinkIndex`](crate::model::links::LinkIndex)
//! instead: they reach every page, section, draft and copied file, by path
//! as well as by name. Glossary names are found in running text by
//! [`TermIndex`](crate::model::glossary::TermIndex), a text matcher.

use rustc_hash::FxHashMap;

use crate::model::links::normalize_name;
use crate::model::site::{PageId, Site};
use crate::project::kinds::Kind;
use crate::project::taxonomies::TaxonomyKind;

/// Person, agency and project pages by (kind, normalised name).
#[derive(Debug, Default)]
pub struct PageNames(FxHashMap<(Kind, String), PageId>);

impl PageNames {
    pub fn new(site: &Site) -> PageNames {
        let mut found = FxHashMap::default();
        for (id, page) in site.pages.iter_enumerated() {
            let doc = &page.doc;
            if !matches!(doc.kind, Kind::Person | Kind::Agency | Kind::Project) {
                continue;
            }
            let names = std::iter::once(&doc.meta.title)
                .chain(&doc.meta.aliases)
                .map(String::as_str)
                .chain(doc.fields.get("short_name").and_then(|v| v.as_str()));
            for name in names {
                found
                    .entry((doc.kind.clone(), normalize_name(name)))
                    .or_insert(id);
            }
        }
        PageNames(found)
    }

    /// The page of `kind` called `name`, if there is one.
    pub fn page(&self, kind: &Kind, name: &str) -> Option<PageId> {
        self.0.get(&(kind.clone(), normalize_name(name))).copied()
    }

    /// The page a term of taxonomy `kind` called `name` links to: the
    /// person, agency or project of that name (tags name no page).
    pub fn term_page(&self, kind: TaxonomyKind, name: &str) -> Option<PageId> {
        let kind = match kind {
            TaxonomyKind::Tags => return None,
            TaxonomyKind::Agencies => Kind::Agency,
            TaxonomyKind::People => Kind::Person,
            TaxonomyKind::Projects => Kind::Project,
        };
        self.page(&kind, name)
    }

    /// The person page called `name`, if there is one.
    pub fn person(&self, name: &str) -> Option<PageId> {
        self.page(&Kind::Person, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::Document;
    use crate::diagnostics::Diagnostics;

    fn doc(rel: &str, kind: Kind, title: &str, aliases: &[&str]) -> Document {
        let mut doc = Document::for_test(rel, kind, title);
        doc.meta.aliases = aliases.iter().map(|a| (*a).to_owned()).collect();
        doc
    }

    #[test]
    fn names_find_pages_of_their_kind_only() {
        let mut police = doc("agencies/police.md", Kind::Agency, "Northmere Police", &[]);
        police
            .fields
            .insert("short_name".into(), serde_json::json!("NP"));
        let docs = vec![
            doc("people/ana.md", Kind::Person, "Ana Silva", &["Ana"]),
            doc("people/ana-2.md", Kind::Person, "ana-silva", &[]),
            police,
            doc("notes/ana.md", Kind::Note, "Ana", &[]),
        ];
        let site = Site::assemble(docs, false, &Diagnostics::new());
        let names = PageNames::new(&site);
        let path = |id: Option<PageId>| id.map(|id| site.pages[id].doc.rel.as_str());
        // The first of two people with one name, whatever the case and dashes.
        assert_eq!(path(names.person("ANA SILVA")), Some("people/ana-2.md"));
        assert_eq!(path(names.person("Ana")), Some("people/ana.md"));
        assert_eq!(
            path(names.page(&Kind::Agency, "np")),
            Some("agencies/police.md")
        );
        assert_eq!(names.person("Northmere Police"), None);
        assert_eq!(names.page(&Kind::Note, "Ana"), None);
        let term = |kind, name| path(names.term_page(kind, name));
        assert_eq!(
            term(TaxonomyKind::Agencies, "NP"),
            Some("agencies/police.md")
        );
        assert_eq!(term(TaxonomyKind::People, "Ana"), Some("people/ana.md"));
        assert_eq!(term(TaxonomyKind::Tags, "Ana"), None);
    }
}
