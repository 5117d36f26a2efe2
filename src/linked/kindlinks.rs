//! How much the pages of each kind link to the pages of each other kind: the
//! overview drawn at the top of the map.
//!
//! Counted once from every page's links, then kept up to date one page at a
//! time by the preview server ([`KindLinks::relink`]), so the map costs a
//! save the titles it lists, not a walk over every link of the site.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::markdown::{OutLink, Rendered};
use crate::model::site::{PageId, PerPage, Site};

/// Links between kinds of page, counted both ways as one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KindLinks {
    /// Number of links by pair of kind names, the smaller name first.
    counts: BTreeMap<(String, String), usize>,
}

impl KindLinks {
    /// Counts every link written in a page to a page (sections' own pages
    /// are not counted, nor are links to folders).
    pub fn new(site: &Site, pages: &PerPage<Rendered>) -> KindLinks {
        let counts = pages
            .raw
            .par_iter()
            .enumerate()
            .map(|(p, rendered)| (PageId::from(p), rendered))
            .fold(BTreeMap::new, |counts, (p, rendered)| {
                count(counts, site, p, &rendered.links)
            })
            .reduce(BTreeMap::new, |mut a, b| {
                for (pair, n) in b {
                    *a.entry(pair).or_default() += n;
                }
                a
            });
        KindLinks {
            counts: owned(counts),
        }
    }

    /// Replaces the links of page `p`: `old` were its links, `new` are.
    /// Returns whether any count changed.
    pub fn relink(&mut self, site: &Site, p: PageId, old: &[OutLink], new: &[OutLink]) -> bool {
        let removed = owned(count(BTreeMap::new(), site, p, old));
        let added = owned(count(BTreeMap::new(), site, p, new));
        if removed == added {
            return false;
        }
        for (pair, n) in removed {
            if let Some(count) = self.counts.get_mut(&pair) {
                *count -= n.min(*count);
                if *count == 0 {
                    self.counts.remove(&pair);
                }
            }
        }
        for (pair, n) in added {
            *self.counts.entry(pair).or_default() += n;
        }
        true
    }

    /// Every pair of kinds with links between them, and how many.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str, usize)> {
        self.counts
            .iter()
            .map(|((a, b), &n)| (a.as_str(), b.as_str(), n))
    }
}

/// Adds the links in `links`, written in page `p`, to `counts`.
fn count<'s>(
    mut counts: BTreeMap<(&'s str, &'s str), usize>,
    site: &'s Site,
    p: PageId,
    links: &[OutLink],
) -> BTreeMap<(&'s str, &'s str), usize> {
    let from = site.pages[p].doc.kind.as_str();
    for link in links {
        if let Some(to) = site.page_at(&link.path) {
            let to = site.pages[to].doc.kind.as_str();
            *counts
                .entry(if from <= to { (from, to) } else { (to, from) })
                .or_default() += 1;
        }
    }
    counts
}

fn owned(counts: BTreeMap<(&str, &str), usize>) -> BTreeMap<(String, String), usize> {
    counts
        .into_iter()
        .map(|((a, b), n)| ((a.to_owned(), b.to_owned()), n))
        .collect()
}
