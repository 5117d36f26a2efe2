//! Related pages: a few pages worth reading next, for every page.
//!
//! Candidates score by what they share with the page: being named in its
//! `related` front matter (strongest), linking to the same pages, and
//! sharing tags. Very common tags and very popular link targets say little
//! about relatedness and would make the work grow with the square of the
//! site, so they are left out of the scoring: the cost stays linear.

use std::cmp::Reverse;
use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::Value;

use crate::links::{LinkIndex, Target};
use crate::markdown::Rendered;
use crate::site::{PageId, Site};

/// How many related pages each page shows.
const SHOWN: usize = 5;
/// Tags on more pages than this are too common to relate pages.
const MAX_TAG_PAGES: usize = 100;
/// Pages linked from more pages than this are too popular to relate pages.
const MAX_LINKERS: usize = 50;

const NAMED: u32 = 8;
const SHARED_LINK: u32 = 2;
const SHARED_TAG: u32 = 1;

/// For every page (same order as `site.pages`), its related pages, best first.
pub fn related(site: &Site, links: &LinkIndex, rendered: &[Rendered]) -> Vec<Vec<PageId>> {
    // Who links to what, as page ids.
    let targets: Vec<Vec<PageId>> = rendered
        .par_iter()
        .enumerate()
        .map(|(id, r)| {
            let mut t: Vec<PageId> = r
                .links
                .iter()
                .filter_map(|l| site.page_at(&l.path))
                .filter(|&t| t != id)
                .collect();
            t.sort_unstable();
            t.dedup();
            t
        })
        .collect();
    let mut linkers: Vec<Vec<PageId>> = vec![Vec::new(); site.pages.len()];
    for (id, t) in targets.iter().enumerate() {
        for &target in t {
            linkers[target].push(id);
        }
    }
    let mut tagged: HashMap<String, Vec<PageId>> = HashMap::new();
    for (id, page) in site.pages.iter().enumerate() {
        for tag in &page.doc.meta.tags {
            tagged.entry(tag.to_lowercase()).or_default().push(id);
        }
    }

    (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let doc = &site.pages[id].doc;
            let mut score: HashMap<PageId, u32> = HashMap::new();
            let named = doc.fields.get("related").and_then(Value::as_array);
            for name in named.into_iter().flatten().filter_map(Value::as_str) {
                if let Target::Page { path, .. } = links.resolve_wiki(&doc.rel, name) {
                    if let Some(other) = site.page_at(&path) {
                        *score.entry(other).or_default() += NAMED;
                    }
                }
            }
            for &target in &targets[id] {
                if linkers[target].len() <= MAX_LINKERS {
                    for &other in &linkers[target] {
                        *score.entry(other).or_default() += SHARED_LINK;
                    }
                }
            }
            for tag in &doc.meta.tags {
                if let Some(pages) = tagged
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
        })
        .collect()
}
