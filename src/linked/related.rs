//! Related pages: a few pages worth reading next, for every page.
//!
//! Candidates score by what they share with the page: being named in its
//! `related` front matter (strongest), linking to the same pages, and
//! sharing tags. Very common tags and very popular link targets say little
//! about relatedness and would make the work grow with the square of the
//! site, so they are left out of the scoring: the cost stays linear.

use std::cmp::Reverse;
use std::collections::HashMap;

use serde_json::Value;

use crate::content::frontmatter::Document;
use crate::markdown::Rendered;
use crate::model::links::{LinkIndex, Target};
use crate::model::site::{par_map, PageId, PerPage, Site};

/// How many related pages each page shows.
const SHOWN: usize = 5;
/// Tags on more pages than this are too common to relate pages.
const MAX_TAG_PAGES: usize = 100;
/// Pages linked from more pages than this are too popular to relate pages.
const MAX_LINKERS: usize = 50;

const NAMED: u32 = 8;
const SHARED_LINK: u32 = 2;
const SHARED_TAG: u32 = 1;

/// What related pages are scored from: who links to what, and which pages
/// carry each tag. Kept by the preview server so that a page's new links
/// only rescore the pages they touch.
#[derive(Debug, Default)]
pub struct Relatedness {
    /// The pages each page links to, sorted, without itself.
    targets: PerPage<Vec<PageId>>,
    /// The pages linking to each page, in page order.
    linkers: PerPage<Vec<PageId>>,
    /// Pages by lowercase tag.
    tagged: HashMap<String, Vec<PageId>>,
}

impl Relatedness {
    pub fn new(site: &Site, rendered: &PerPage<Rendered>) -> Relatedness {
        let targets: PerPage<Vec<PageId>> = par_map(rendered, |id, r| targets_of(site, id, r));
        let mut linkers: PerPage<Vec<PageId>> = site.pages.iter().map(|_| Vec::new()).collect();
        for (id, t) in targets.iter_enumerated() {
            for &target in t {
                linkers[target].push(id);
            }
        }
        let mut tagged: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in site.pages.iter_enumerated() {
            for tag in &page.doc.meta.tags {
                tagged.entry(tag.to_lowercase()).or_default().push(id);
            }
        }
        Relatedness {
            targets,
            linkers,
            tagged,
        }
    }

    /// Every page's related pages, best first.
    pub fn all(&self, site: &Site, links: &LinkIndex) -> PerPage<Vec<PageId>> {
        par_map(&site.pages, |id, _| self.related(site, links, id))
    }

    /// Takes the new links of page `id` into account. Returns the pages whose
    /// related pages may have changed: `id` and every page sharing a link
    /// target with it, before or after.
    pub fn relink(&mut self, site: &Site, id: PageId, rendered: &Rendered) -> Vec<PageId> {
        let new = targets_of(site, id, rendered);
        let old = std::mem::replace(&mut self.targets[id], new.clone());
        let mut touched = vec![id];
        for &target in old.iter().chain(&new) {
            touched.extend(&self.linkers[target]);
        }
        for &target in &old {
            self.linkers[target].retain(|&p| p != id);
        }
        for &target in &new {
            let linkers = &mut self.linkers[target];
            if let Err(at) = linkers.binary_search(&id) {
                linkers.insert(at, id);
            }
            touched.extend(linkers.iter());
        }
        touched.sort_unstable();
        touched.dedup();
        touched
    }

    /// The related pages of page `id`, best first.
    pub fn related(&self, site: &Site, links: &LinkIndex, id: PageId) -> Vec<PageId> {
        let doc = &site.pages[id].doc;
        let mut score: HashMap<PageId, u32> = HashMap::new();
        for name in named(doc) {
            if let Target::Page { path, .. } = links.resolve_wiki(&doc.rel, name) {
                if let Some(other) = site.page_at(&path) {
                    *score.entry(other).or_default() += NAMED;
                }
            }
        }
        for &target in &self.targets[id] {
            if self.linkers[target].len() <= MAX_LINKERS {
                for &other in &self.linkers[target] {
                    *score.entry(other).or_default() += SHARED_LINK;
                }
            }
        }
        for tag in &doc.meta.tags {
            if let Some(pages) = self
                .tagged
                .get(&tag.to_lowercase())
                .filter(|p| p.len() <= MAX_TAG_PAGES)
            {
                for &other in pages {
                    *score.entry(other).or_default() += SHARED_TAG;
                }
            }
        }
        score.remove(&id);
        // Best score first; ties by source path, which is page id order.
        let mut ranked: Vec<(Reverse<u32>, PageId)> =
            score.into_iter().map(|(p, s)| (Reverse(s), p)).collect();
        if ranked.len() > SHOWN {
            ranked.select_nth_unstable(SHOWN);
            ranked.truncate(SHOWN);
        }
        ranked.sort_unstable();
        ranked.into_iter().map(|(_, p)| p).collect()
    }
}

/// The pages named in the `related` front matter of `doc`, as written.
pub fn named(doc: &Document) -> impl Iterator<Item = &str> {
    doc.fields
        .get("related")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// The pages page `id` links to, sorted, without itself.
fn targets_of(site: &Site, id: PageId, rendered: &Rendered) -> Vec<PageId> {
    let mut t: Vec<PageId> = rendered
        .links
        .iter()
        .filter_map(|l| site.page_at(&l.path))
        .filter(|&t| t != id)
        .collect();
    t.sort_unstable();
    t.dedup();
    t
}
