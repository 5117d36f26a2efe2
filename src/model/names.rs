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
//! [`named_by`] says which kinds each field names (`lead` a person, else an
//! agency; `partners` an agency; …), for the renderer that links the values
//! and for [`PageNames::check`], which warns about a value that names no
//! page but nearly names one (a typo, a missing word): such a value is shown
//! as plain text, and the warning says which page it probably meant. A value
//! that names nothing close (an outside body, a board) is plain text and
//! no warning.
//!
//! Wikilinks are resolved by [`LinkIndex`](crate::model::links::LinkIndex)
//! instead: they reach every page, section, draft and copied file, by path
//! as well as by name. Glossary names are found in running text by
//! [`TermIndex`](crate::model::glossary::TermIndex), a text matcher.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};
use crate::model::links::normalize_name;
use crate::model::people::locate;
use crate::model::site::{PageId, Site};
use crate::project::kinds::Kind;
use crate::project::taxonomies::TaxonomyKind;

/// Person, agency and project pages by (kind, normalised name).
#[derive(Debug, Default)]
pub struct PageNames {
    ids: FxHashMap<(Kind, String), PageId>,
    /// Every name as written, with its kind, page and normalised form, in
    /// site order: what a near miss is compared with.
    written: Vec<Written>,
}

#[derive(Debug)]
struct Written {
    kind: Kind,
    id: PageId,
    name: String,
    normal: String,
    /// How many characters `normal` has.
    length: usize,
}

const PEOPLE: &[Kind] = &[Kind::Person];
const AGENCIES: &[Kind] = &[Kind::Agency];
const PEOPLE_THEN_AGENCIES: &[Kind] = &[Kind::Person, Kind::Agency];

/// The kinds of page the values of front-matter field `key` name, in the
/// order they are looked up: `author`, `owner` and `handed_over_to` name
/// people; `lead`, `contact` and `decided_by` a person, else an agency;
/// `agency`, `partners` and `parties` agencies, as do the keys of
/// `positions` and of a glossary entry's `synonyms`.
pub fn named_by(key: &str) -> &'static [Kind] {
    match key {
        "author" | "owner" | "handed_over_to" => PEOPLE,
        "lead" | "contact" | "decided_by" => PEOPLE_THEN_AGENCIES,
        "agency" | "partners" | "parties" | "positions" | "synonyms" => AGENCIES,
        _ => &[],
    }
}

/// Fields whose keys, not values, are names (`positions`, `synonyms`).
fn names_keys(key: &str) -> bool {
    matches!(key, "positions" | "synonyms")
}

/// The names a front-matter value holds: itself, the items of a list, or
/// the keys of a mapping whose keys are names.
pub fn names_in<'v>(key: &str, value: &'v Value) -> Vec<&'v str> {
    match value {
        Value::String(one) => vec![one.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        Value::Object(map) if names_keys(key) => map.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|name| !name.trim().is_empty())
    .collect()
}

impl PageNames {
    pub fn new(site: &Site) -> PageNames {
        let mut found = FxHashMap::default();
        let mut written = Vec::new();
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
                let normal = normalize_name(name);
                if normal.is_empty() {
                    continue;
                }
                found
                    .entry((doc.kind.clone(), normal.clone()))
                    .or_insert(id);
                written.push(Written {
                    kind: doc.kind.clone(),
                    id,
                    name: name.to_owned(),
                    length: normal.chars().count(),
                    normal,
                });
            }
        }
        PageNames {
            ids: found,
            written,
        }
    }

    /// The page of `kind` called `name`, if there is one.
    pub fn page(&self, kind: &Kind, name: &str) -> Option<PageId> {
        self.ids.get(&(kind.clone(), normalize_name(name))).copied()
    }

    /// The page of the first of `kinds` called `name`, if there is one.
    pub fn find(&self, kinds: &[Kind], name: &str) -> Option<PageId> {
        let normal = normalize_name(name);
        kinds
            .iter()
            .find_map(|kind| self.ids.get(&(kind.clone(), normal.clone())).copied())
    }

    /// The name of a page of `kinds` that `name` nearly is, when it names
    /// none: the same but for a slip of spelling (at most one character in
    /// five changed, in no word more than one in four: a different initial
    /// or first name is another person), or the only such page whose name has all its words
    /// (`Youth Offending Team` for `Northmere Youth Offending Team`).
    pub fn near(&self, kinds: &[Kind], name: &str) -> Option<&str> {
        let wanted = normalize_name(name);
        let length = wanted.chars().count();
        let candidates = || self.written.iter().filter(|w| kinds.contains(&w.kind));
        // Names whose lengths differ by more than a fifth cannot be that
        // close: they are passed over before the edit distance is counted.
        let spelt = candidates()
            .filter(|w| 5 * length.abs_diff(w.length) <= length.max(w.length))
            .map(|w| (similarity(&wanted, length, w), w))
            .filter(|(score, w)| *score >= 0.8 && words_close(&wanted, &w.normal))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, w)) = spelt {
            return Some(&w.name);
        }
        let words: Vec<&str> = wanted.split(' ').collect();
        if words.len() < 2 {
            return None;
        }
        let mut holding = candidates().filter(|w| {
            let theirs: Vec<&str> = w.normal.split(' ').collect();
            words.iter().all(|word| theirs.contains(word))
        });
        let first = holding.next()?;
        holding
            .all(|other| other.id == first.id)
            .then_some(first.name.as_str())
    }

    /// Warns, for every front-matter value that names no page but nearly
    /// names one (see [`PageNames::near`]), which page it probably meant.
    /// `handed_over_to` is left to [`People`](crate::model::people::People),
    /// which reports every successor without a page.
    pub fn check(&self, site: &Site, diagnostics: &Diagnostics) {
        // Values that name no page, by page, found in parallel.
        let unnamed: Vec<(PageId, &str, &str)> = site
            .pages
            .raw
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, page)| {
                let id = PageId::from(id);
                let doc = &page.doc;
                let author = doc.meta.author.as_deref().map(|a| ("author", a));
                let fields = doc.fields.iter().flat_map(|(key, value)| {
                    names_in(key, value)
                        .into_iter()
                        .map(move |name| (key.as_str(), name))
                });
                author
                    .into_iter()
                    .chain(fields)
                    .filter(|&(key, name)| {
                        let kinds = named_by(key);
                        key != "handed_over_to"
                            && !kinds.is_empty()
                            && self.find(kinds, name).is_none()
                    })
                    .map(move |(key, name)| (id, key, name))
                    .collect::<Vec<_>>()
            })
            .collect();
        // Each distinct miss is compared with every name once, in parallel.
        let mut distinct: Vec<(&[Kind], &str)> = unnamed
            .iter()
            .map(|&(_, key, name)| (named_by(key), name))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let near: FxHashMap<(&[Kind], &str), &str> = distinct
            .par_iter()
            .filter_map(|&(kinds, name)| Some(((kinds, name), self.near(kinds, name)?)))
            .collect();
        for (id, key, name) in unnamed {
            let Some(meant) = near.get(&(named_by(key), name)) else {
                continue;
            };
            let doc = &site.pages[id].doc;
            let what = if named_by(key) == PEOPLE {
                "person"
            } else if named_by(key) == AGENCIES {
                "agency"
            } else {
                "person or agency"
            };
            diagnostics.push(
                Diagnostic::warning(
                    Code::NameNearMiss,
                    format!("`{key}` names “{name}”, which is no {what} page"),
                )
                .in_file(&doc.path)
                .at(locate_value(doc, key, name))
                .help(format!(
                    "did you mean “{meant}”? Write a page's title, alias or short name to link to it"
                )),
            );
        }
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

/// How alike `wanted` (of `length` characters) and a written name are:
/// 1 less the edits from one to the other (optimal string alignment:
/// characters added, removed, changed or swapped with the next) over the
/// longer length.
fn similarity(wanted: &str, length: usize, written: &Written) -> f64 {
    let longer = length.max(written.length).max(1);
    1.0 - strsim::osa_distance(wanted, &written.normal) as f64 / longer as f64
}

/// Whether each word of one name is a slip of the same word of the other:
/// a different initial (`marek l. morgan`, `marek k. morgan`) or a
/// different first name (`aisha`, `isla`) makes another person, not a typo.
/// Names of different lengths (a word missing) are left to the whole-name
/// score.
fn words_close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if a.len() != b.len() {
        return true;
    }
    let is_initial = |w: &str| w.chars().count() == 1;
    a.iter().zip(&b).all(|(x, y)| {
        let (x, y) = (x.trim_end_matches('.'), y.trim_end_matches('.'));
        x == y || (!is_initial(x) && !is_initial(y) && strsim::normalized_levenshtein(x, y) >= 0.75)
    })
}

/// Where `value` is written under front-matter key `key`: at the value
/// itself when it can be found on or after the key's line, else at the key.
fn locate_value(doc: &crate::content::frontmatter::Document, key: &str, value: &str) -> Span {
    let at_key = locate(doc, key);
    let front = doc.front_matter.as_str();
    // `locate` counts the file's lines: the front matter starts on the second.
    let key_line = at_key.line.saturating_sub(2);
    let line_start: usize = front
        .split_inclusive('\n')
        .take(key_line)
        .map(str::len)
        .sum();
    match front.get(line_start..).and_then(|rest| rest.find(value)) {
        Some(found) => {
            let mut span = Span::at_offset(front, line_start + found);
            span.line += 1;
            span
        }
        None => at_key,
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

    #[test]
    fn near_misses_are_slips_of_spelling_or_missing_words() {
        let docs = vec![
            doc("a/p.md", Kind::Agency, "Northmere Police", &[]),
            doc(
                "a/y.md",
                Kind::Agency,
                "Northmere Youth Offending Team",
                &["YOT"],
            ),
            doc("a/s.md", Kind::Agency, "Northmere Youth Service", &[]),
            doc("p/m.md", Kind::Person, "Mark Collins", &[]),
        ];
        let site = Site::assemble(docs, false, &Diagnostics::new());
        let names = PageNames::new(&site);
        let agencies = named_by("partners");
        assert_eq!(
            names.near(agencies, "Northmere Polce"),
            Some("Northmere Police")
        );
        assert_eq!(
            names.near(agencies, "youth offending team"),
            Some("Northmere Youth Offending Team")
        );
        // Words two agencies share name neither; nor does another body.
        assert_eq!(names.near(agencies, "Northmere Youth"), None);
        assert_eq!(names.near(agencies, "Northmere Library"), None);
        assert_eq!(names.near(agencies, "Partnership Board"), None);
        // Only the kinds the field names are suggested.
        assert_eq!(names.near(agencies, "Mark Colins"), None);
        assert_eq!(
            names.near(named_by("owner"), "Mark Colins"),
            Some("Mark Collins")
        );
        assert_eq!(
            names.near(named_by("owner"), "Mark A. Collins"),
            Some("Mark Collins")
        );
        let initialled = vec![
            doc("p/m.md", Kind::Person, "Marek K. Morgan", &[]),
            doc("p/i.md", Kind::Person, "Isla K. Morgan", &[]),
        ];
        let site = Site::assemble(initialled, false, &Diagnostics::new());
        let names = PageNames::new(&site);
        assert_eq!(names.near(named_by("owner"), "Marek L. Morgan"), None);
        assert_eq!(names.near(named_by("owner"), "Aisha K. Morgan"), None);
        assert_eq!(
            names.near(named_by("owner"), "Marek K Morgen"),
            Some("Marek K. Morgan")
        );
        assert_eq!(
            names.find(named_by("lead"), "mark collins"),
            names.person("Mark Collins")
        );
    }
}
