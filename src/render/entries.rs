//! The entries of each page that lists and indexes show, made once per page
//! and shared by every output file.

use crate::model::site::{par_map, PageId, PerPage};
use crate::model::taxonomy;
use crate::project::taxonomies::TaxonomyKind;
use crate::search;

use super::context::{summary_of, Link};
use super::input::RenderInput;

/// What every list and index shows of each page, made once per page and
/// shared by every file that shows it. `cairn serve` keeps them, and makes
/// again only the entries of the pages a save changes.
#[derive(Clone, Default)]
pub struct PageEntries {
    /// Each page as the templates see it in every list of pages: title,
    /// kind, author, dates, summary.
    pub(super) list: PerPage<tera::Value>,
    /// Each page's entry in the index of titles searched from disk, as
    /// JSON; none when the site has no search.
    pub(super) titles: PerPage<String>,
    /// Each page as a link from a file at the site root: its title, and
    /// its path as the `href`.
    pub(super) links: PerPage<tera::Value>,
}

impl PageEntries {
    /// The entries of every page.
    pub fn new(input: &RenderInput) -> PageEntries {
        let pages = &input.site.pages;
        let (list, titles) = rayon::join(
            || par_map(pages, |p, _| list_entry(input, p)),
            || {
                if input.config.search {
                    par_map(pages, |p, _| title_entry(input, p))
                } else {
                    PerPage::default()
                }
            },
        );
        let links = par_map(pages, |p, _| link_entry(input, p));
        PageEntries {
            list,
            titles,
            links,
        }
    }

    /// Makes page `p`'s entries again.
    pub fn refresh(&mut self, input: &RenderInput, p: PageId) {
        self.list[p] = list_entry(input, p);
        self.links[p] = link_entry(input, p);
        if let Some(entry) = self.titles.get_mut(p) {
            *entry = title_entry(input, p);
        }
    }
}

fn list_entry(input: &RenderInput, p: PageId) -> tera::Value {
    tera::Value::from_serializable(&input.list_item(p))
}

fn link_entry(input: &RenderInput, p: PageId) -> tera::Value {
    let page = &input.site.pages[p];
    tera::Value::from_serializable(&Link {
        title: page.doc.meta.title.clone(),
        href: page.path.clone(),
    })
}

fn title_entry(input: &RenderInput, p: PageId) -> String {
    let page = &input.site.pages[p];
    let doc = &page.doc;
    search::title_entry(&search::TitleEntry {
        t: &doc.meta.title,
        p: &page.path,
        k: input
            .kinds
            .get(doc.kind.as_str())
            .map_or(doc.kind.as_str(), |k| k.label.as_str()),
        a: &doc.meta.aliases,
        g: &doc.meta.tags,
        y: taxonomy::terms_of(TaxonomyKind::Agencies, doc),
        s: summary_of(doc, &input.pages[p]),
    })
}
