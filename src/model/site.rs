//! The site model: pages placed in sections, each with its output path.
//!
//! [`Site::assemble`] takes every checked [`Document`] and decides where each
//! one is published. Each folder is a section; its page comes from
//! `_index.md` (or `index.md`), or from a note with the folder's name beside it (the "folder
//! note" convention of Obsidian vaults). Pages and sections are ordered by
//! `weight`, then title. Two sources that would be written to the same output
//! path are an error naming both.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use typed_index_collections::{TiSlice, TiVec};

use crate::content::frontmatter::{title_from_file_name, Document};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::links::LinkIndex;
use crate::urls;

/// A page of the site: its place in [`Site::pages`], and the key of every
/// per-page table of later stages (rendered bodies, related pages …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(u32);

/// A section (folder) of the site: its place in [`Site::sections`]; the
/// root section, the home page, is [`SectionId::ROOT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(u32);

impl SectionId {
    pub const ROOT: SectionId = SectionId(0);
}

macro_rules! id_conversions {
    ($id:ident, $what:literal) => {
        impl From<usize> for $id {
            fn from(index: usize) -> $id {
                $id(u32::try_from(index).expect(concat!("fewer than 4 billion ", $what)))
            }
        }

        impl From<$id> for usize {
            fn from(id: $id) -> usize {
                id.0 as usize
            }
        }
    };
}

id_conversions!(PageId, "pages");
id_conversions!(SectionId, "sections");

/// A table with one entry per page, in the order of [`Site::pages`].
pub type PerPage<T> = TiVec<PageId, T>;

/// A table with one entry per section, in the order of [`Site::sections`].
pub type PerSection<T> = TiVec<SectionId, T>;

/// `f` applied to every entry of a per-page or per-section table, on all
/// cores, as a table of the same keys.
pub fn par_map<K, V, R>(table: &TiSlice<K, V>, f: impl Fn(K, &V) -> R + Sync + Send) -> TiVec<K, R>
where
    K: From<usize>,
    V: Sync,
    R: Send,
{
    let results: Vec<R> = table
        .raw
        .par_iter()
        .enumerate()
        .map(|(i, v)| f(K::from(i), v))
        .collect();
    results.into()
}

/// A published page.
#[derive(Debug, Clone)]
pub struct Page {
    pub doc: Document,
    /// Output path from the site root: `handovers/2024/ana.html`.
    pub path: String,
    pub section: SectionId,
}

/// A folder of the content, published as a listing page.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder, relative to the content root (`""` for the root).
    pub dir: String,
    /// Output path: `handovers/index.html`, or `index.html` for the home page.
    pub path: String,
    pub title: String,
    /// The section's own text and front matter (`_index.md` or folder note).
    pub index: Option<Document>,
    pub parent: Option<SectionId>,
    /// Sub-sections, in display order.
    pub children: Vec<SectionId>,
    /// Pages directly in this folder, in display order.
    pub pages: Vec<PageId>,
    /// Pages in this folder and all folders below it.
    pub total_pages: usize,
}

impl Section {
    pub fn weight(&self) -> Option<i64> {
        self.index.as_ref().and_then(|d| d.meta.weight)
    }
}

/// Every page and section of a site, with the links between their paths.
#[derive(Debug, Default)]
pub struct Site {
    pub pages: PerPage<Page>,
    /// Sections; the first is the root (the home page).
    pub sections: PerSection<Section>,
    pub links: LinkIndex,
    /// Output path → page.
    by_path: FxHashMap<String, PageId>,
    /// Output path → section.
    sections_by_path: FxHashMap<String, SectionId>,
}

impl Site {
    /// Places documents into sections and gives each an output path.
    /// Drafts are left out unless `include_drafts`.
    pub fn assemble(docs: Vec<Document>, include_drafts: bool, diagnostics: &Diagnostics) -> Site {
        let (docs, drafts): (Vec<Document>, Vec<Document>) = docs
            .into_iter()
            .partition(|d| include_drafts || !d.meta.draft);

        // Every folder holding a page, and all folders above it, is a section.
        let mut dirs: BTreeSet<String> = BTreeSet::from([String::new()]);
        for doc in &docs {
            let mut dir = urls::parent_dir(&doc.rel);
            while !dir.is_empty() && dirs.insert(dir.to_owned()) {
                dir = urls::parent_dir(dir);
            }
        }

        // Section pages: `_index.md`, or a note named like a folder beside it.
        let mut index_docs: HashMap<String, Document> = HashMap::new();
        let mut page_docs = Vec::new();
        for doc in docs {
            let dir = if doc.is_index {
                Some(urls::parent_dir(&doc.rel).to_owned())
            } else {
                let stem = doc.rel.strip_suffix(".md").unwrap_or(&doc.rel);
                dirs.contains(stem).then(|| stem.to_owned())
            };
            match dir {
                Some(dir) => {
                    if let Some(other) = index_docs.get(&dir) {
                        let (first, second) = if other.rel < doc.rel {
                            (other, &doc)
                        } else {
                            (&doc, other)
                        };
                        diagnostics.push(duplicate(second, first, &urls::section_path(&dir)));
                        continue;
                    }
                    index_docs.insert(dir, doc);
                }
                None => page_docs.push(doc),
            }
        }
        // A folder with no page of its own shows its README, as the Git
        // forges and MkDocs do.
        let (readmes, pages): (Vec<Document>, Vec<Document>) =
            page_docs.into_iter().partition(|doc| {
                let (dir, file) = doc.rel.rsplit_once('/').unwrap_or(("", &doc.rel));
                file.eq_ignore_ascii_case("readme.md") && !index_docs.contains_key(dir)
            });
        let mut page_docs = pages;
        for readme in readmes {
            let dir = urls::parent_dir(&readme.rel).to_owned();
            match index_docs.entry(dir) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(readme);
                }
                // `README.md` and `readme.md` side by side: the second stays a page.
                std::collections::hash_map::Entry::Occupied(_) => page_docs.push(readme),
            }
        }

        let mut site = Site::default();
        let mut section_of: HashMap<String, SectionId> = HashMap::new();
        for dir in &dirs {
            let id = site.sections.next_key();
            let index = index_docs.remove(dir);
            let title = index.as_ref().map_or_else(
                || {
                    if dir.is_empty() {
                        "Home".to_owned()
                    } else {
                        title_from_file_name(&format!("{dir}/_index.md"))
                    }
                },
                |d| d.meta.title.clone(),
            );
            let parent = (!dir.is_empty()).then(|| section_of[urls::parent_dir(dir)]);
            site.sections.push(Section {
                dir: dir.clone(),
                path: urls::section_path(dir),
                title,
                index,
                parent,
                children: Vec::new(),
                pages: Vec::new(),
                total_pages: 0,
            });
            if let Some(parent) = parent {
                site.sections[parent].children.push(id);
            }
            section_of.insert(dir.clone(), id);
        }

        // Output paths must be unique: sections first, then pages by source path.
        let mut claimed: HashMap<String, String> = site
            .sections
            .iter()
            .map(|s| {
                let owner = s
                    .index
                    .as_ref()
                    .map_or_else(|| format!("{}/", s.dir), |d| d.rel.clone());
                (s.path.clone(), owner)
            })
            .collect();
        page_docs.sort_by(|a, b| a.rel.cmp(&b.rel));
        for doc in page_docs {
            let path = urls::page_path(&doc.rel);
            if let Some(owner) = claimed.get(&path) {
                let other = owner;
                diagnostics.push(
                    Diagnostic::error(Code::OutputPathClaimedTwice, format!(
                        "two sources would be published at the same address `{path}`: this file and `{other}`"
                    ))
                    .in_file(&doc.path)
                    .help("file names that differ only in case, spaces or punctuation map to the same page: rename one of them"),
                );
                continue;
            }
            claimed.insert(path.clone(), doc.rel.clone());
            let section = section_of[urls::parent_dir(&doc.rel)];
            site.pages.push(Page { doc, path, section });
        }

        for (id, page) in site.pages.iter_enumerated() {
            site.sections[page.section].pages.push(id);
        }
        site.order();
        site.count_pages(SectionId::ROOT);

        site.by_path = site
            .pages
            .iter_enumerated()
            .map(|(id, p)| (p.path.clone(), id))
            .collect();
        site.sections_by_path = site
            .sections
            .iter_enumerated()
            .map(|(id, s)| (s.path.clone(), id))
            .collect();
        for page in &site.pages {
            let meta = &page.doc.meta;
            site.links.add_page(&page.doc.rel, &page.path);
            if page.doc.file != page.doc.rel {
                site.links.add_page(&page.doc.file, &page.path);
            }
            site.links
                .add_names(&page.doc.rel, &page.path, &meta.title, &meta.aliases);
        }
        for draft in &drafts {
            site.links
                .add_draft(&draft.rel, &draft.meta.title, &draft.meta.aliases);
        }
        for section in &site.sections {
            site.links.add_section(&section.dir, &section.path);
            if let Some(index) = &section.index {
                site.links.add_page(&index.rel, &section.path);
                if index.file != index.rel {
                    site.links.add_page(&index.file, &section.path);
                }
                site.links.add_names(
                    &index.rel,
                    &section.path,
                    &section.title,
                    &index.meta.aliases,
                );
            }
        }
        // After every source file's own address, which they do not take.
        let documents = site.pages.iter().map(|p| (&p.doc, &p.path)).chain(
            site.sections
                .iter()
                .filter_map(|s| s.index.as_ref().map(|doc| (doc, &s.path))),
        );
        for (doc, path) in documents {
            for address in published_addresses(doc) {
                site.links.add_address(address, path);
            }
        }
        site
    }

    /// Replaces the document of page `id` by a new version of the same file
    /// whose front matter differs at most in its title: its names for
    /// wikilinks follow the title, and its section is sorted again.
    pub fn retitle(&mut self, id: PageId, doc: Document) {
        let page = &mut self.pages[id];
        let old = std::mem::replace(&mut page.doc, doc);
        let new = &page.doc;
        if old.meta.title != new.meta.title {
            self.links.retitle(
                (&new.rel, &page.path),
                &old.meta.title,
                &new.meta.title,
                &new.meta.aliases,
            );
            let section = page.section;
            let pages = &self.pages;
            self.sections[section]
                .pages
                .sort_by_cached_key(|&p| page_key(&pages[p]));
        }
    }

    /// Sorts pages and sub-sections by weight (unweighted last), then (for
    /// pages) `order`, then title.
    fn order(&mut self) {
        let section_keys: PerSection<(i64, String)> = self
            .sections
            .iter()
            .map(|s| (s.weight().unwrap_or(i64::MAX), s.title.to_lowercase()))
            .collect();
        let pages = &self.pages;
        for section in &mut self.sections {
            section.pages.sort_by_cached_key(|&id| page_key(&pages[id]));
            section
                .children
                .sort_by(|&a, &b| section_keys[a].cmp(&section_keys[b]));
        }
    }

    fn count_pages(&mut self, id: SectionId) -> usize {
        let children = self.sections[id].children.clone();
        let total = self.sections[id].pages.len()
            + children
                .into_iter()
                .map(|c| self.count_pages(c))
                .sum::<usize>();
        self.sections[id].total_pages = total;
        total
    }

    /// The section published at `path`.
    pub fn section_at(&self, path: &str) -> Option<SectionId> {
        self.sections_by_path.get(path).copied()
    }

    /// The page published at `path`, if it is a page (not a section).
    pub fn page_at(&self, path: &str) -> Option<PageId> {
        self.by_path.get(path).copied()
    }

    /// The sections from the root down to `id`, inclusive.
    pub fn ancestry(&self, id: SectionId) -> Vec<SectionId> {
        let mut chain = vec![id];
        let mut current = id;
        while let Some(parent) = self.sections[current].parent {
            chain.push(parent);
            current = parent;
        }
        chain.reverse();
        chain
    }
}

/// The order of pages in a section: by weight (unweighted last), then
/// `order` (guides on the induction path keep their reading order among
/// pages of equal weight), then title.
fn page_key(p: &Page) -> (i64, i64, String) {
    (
        p.doc.meta.weight.unwrap_or(i64::MAX),
        p.doc
            .fields
            .get("order")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(i64::MAX),
        p.doc.meta.title.to_lowercase(),
    )
}

fn duplicate(doc: &Document, other: &Document, path: &str) -> Diagnostic {
    Diagnostic::error(Code::OutputPathClaimedTwice, format!(
        "two sources would be published at the same address `{path}`: this file and `{}`",
        other.rel
    ))
    .in_file(&doc.path)
    .help("a folder's page comes from its `_index.md` or from a note named like the folder, not both: merge them into one")
}

/// The addresses another generator publishes (or redirects to) `doc` at,
/// from front matter written for it: Jekyll's `permalink` and
/// `redirect_from`, Hugo's `url` and `aliases` (`/about/`, `/old/page.html`);
/// names that are not addresses (no leading `/`) and patterns
/// (`/news/:year/`) are left out.
fn published_addresses(doc: &Document) -> impl Iterator<Item = &str> {
    ["permalink", "url", "redirect_from", "aliases"]
        .into_iter()
        .filter_map(|key| doc.fields.get(key))
        .flat_map(|value| match value {
            serde_json::Value::String(one) => vec![one.as_str()],
            serde_json::Value::Array(many) => {
                many.iter().filter_map(serde_json::Value::as_str).collect()
            }
            _ => Vec::new(),
        })
        .filter(|address| address.starts_with('/') && !address.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rel: &str, title: &str, weight: Option<i64>) -> Document {
        let mut doc = Document::for_test(rel, crate::project::kinds::Kind::Note, title);
        doc.meta.weight = weight;
        doc
    }

    #[test]
    fn sections_pages_and_order() {
        let d = Diagnostics::new();
        let site = Site::assemble(
            vec![
                doc("guides/b.md", "Beta", None),
                doc("guides/a.md", "Alpha", None),
                doc("guides/z.md", "Zulu", Some(1)),
                doc("guides/_index.md", "Guides", None),
                doc("handovers/2024/x.md", "X", None),
            ],
            false,
            &d,
        );
        assert!(!d.has_errors());
        let dirs: Vec<&str> = site.sections.iter().map(|s| s.dir.as_str()).collect();
        assert_eq!(dirs, ["", "guides", "handovers", "handovers/2024"]);
        let guides = &site.sections[SectionId::from(1)];
        assert_eq!(guides.title, "Guides");
        let titles: Vec<&str> = guides
            .pages
            .iter()
            .map(|&p| site.pages[p].doc.meta.title.as_str())
            .collect();
        assert_eq!(titles, ["Zulu", "Alpha", "Beta"]);
        assert_eq!(site.sections[SectionId::from(0)].total_pages, 4);
    }

    #[test]
    fn same_address_is_an_error_naming_both() {
        let d = Diagnostics::new();
        Site::assemble(
            vec![
                doc("a/My Note.md", "1", None),
                doc("a/my-note.md", "2", None),
            ],
            false,
            &d,
        );
        let errors = d.into_sorted();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, Code::OutputPathClaimedTwice);
        assert!(errors[0].message.contains("a/My Note.md"), "{}", errors[0]);
        assert_eq!(
            errors[0].file.as_deref(),
            Some(std::path::Path::new("a/my-note.md"))
        );
    }

    #[test]
    fn folder_notes_become_section_pages() {
        let d = Diagnostics::new();
        let site = Site::assemble(
            vec![
                doc("Projects.md", "All projects", None),
                doc("Projects/p.md", "P", None),
            ],
            false,
            &d,
        );
        assert!(!d.has_errors());
        assert_eq!(site.sections[SectionId::from(1)].title, "All projects");
        assert_eq!(site.pages.len(), 1);
    }
}
