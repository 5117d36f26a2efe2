//! Long whole-site lists cut into pages: the timeline and the three lists
//! of the Needs review page.
//!
//! A list of any length would make one file of any size, slow to open and
//! slow to render again when one of its entries changes its title. Each
//! list shows at most [`PAGE_SIZE`] entries per file, in the list's own
//! order; its first page stays where it always was (`timeline.html`, the
//! Needs review page) and the others follow it in a folder
//! (`timeline/2.html`, `needs-review/orphans-2.html`; see
//! [`super::addresses::Addresses`]). A list that fits on
//! one page is published exactly as it would be without paging.

use serde::Serialize;

use super::context::Here;

/// Most entries one page of a long list shows.
pub(super) const PAGE_SIZE: usize = 200;

/// How many pages a list of `len` entries takes (one, even when empty).
pub fn page_count(len: usize) -> usize {
    len.div_ceil(PAGE_SIZE).max(1)
}

/// The entries shown on page `page` (counted from 0) of `items`.
pub(super) fn page_of<T>(items: &[T], page: usize) -> &[T] {
    let start = (page * PAGE_SIZE).min(items.len());
    let end = (start + PAGE_SIZE).min(items.len());
    &items[start..end]
}

/// The links between the pages of one list, as its template shows them.
#[derive(Debug, Serialize)]
pub(super) struct Pager {
    /// This page's number, from 1.
    pub(super) number: usize,
    /// How many pages the list has.
    pub(super) pages: usize,
    /// Which entries this page shows, from 1, and how many there are.
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) total: usize,
    pub(super) previous: Option<String>,
    pub(super) next: Option<String>,
    /// Links to single pages: the first and last, and those near this one;
    /// `None` stands for the pages left out between them.
    pub(super) links: Vec<Option<PagerLink>>,
}

#[derive(Debug, Serialize)]
pub(super) struct PagerLink {
    pub(super) number: usize,
    pub(super) href: String,
    pub(super) current: bool,
}

/// How many pages either side of the current one the pager links to.
const NEAR: usize = 2;

/// The pager of page `page` (from 0) of a list of `len` entries, whose
/// pages are published at `path_of(page)`, seen from `here`; `None` when
/// the list fits on one page.
pub(super) fn pager(
    page: usize,
    len: usize,
    here: &Here,
    path_of: impl Fn(usize) -> String,
) -> Option<Pager> {
    let pages = page_count(len);
    if pages == 1 {
        return None;
    }
    let href = |p: usize| here.href(&path_of(p));
    let mut links = Vec::new();
    for p in 0..pages {
        let shown = p == 0 || p + 1 == pages || p.abs_diff(page) <= NEAR;
        if shown {
            links.push(Some(PagerLink {
                number: p + 1,
                href: href(p),
                current: p == page,
            }));
        } else if links.last().is_some_and(Option::is_some) {
            links.push(None);
        }
    }
    let first = page * PAGE_SIZE + 1;
    Some(Pager {
        number: page + 1,
        pages,
        first,
        last: (first + PAGE_SIZE - 1).min(len),
        total: len,
        previous: (page > 0).then(|| href(page - 1)),
        next: (page + 1 < pages).then(|| href(page + 1)),
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::super::addresses::Addresses;
    use super::*;

    fn timeline_path(page: usize) -> String {
        Addresses::default().timeline_page(page)
    }

    fn numbers(pager: &Pager) -> Vec<Option<usize>> {
        pager
            .links
            .iter()
            .map(|l| l.as_ref().map(|l| l.number))
            .collect()
    }

    #[test]
    fn short_lists_have_one_page_and_no_pager() {
        let here = Here::Page(timeline_path(0));
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(PAGE_SIZE), 1);
        assert_eq!(page_count(PAGE_SIZE + 1), 2);
        assert!(pager(0, PAGE_SIZE, &here, timeline_path).is_none());
        assert_eq!(page_of(&[1, 2, 3], 0), &[1, 2, 3]);
        assert!(page_of(&[1, 2, 3], 1).is_empty());
    }

    #[test]
    fn the_pager_links_the_ends_and_the_pages_near_this_one() {
        let len = PAGE_SIZE * 9 + 5; // 10 pages
        let here = Here::Page(timeline_path(4));
        let pager = pager(4, len, &here, timeline_path).expect("many pages");
        assert_eq!(
            numbers(&pager),
            [
                Some(1),
                None,
                Some(3),
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                None,
                Some(10)
            ]
        );
        assert_eq!((pager.number, pager.pages), (5, 10));
        assert_eq!(
            (pager.first, pager.last),
            (4 * PAGE_SIZE + 1, 5 * PAGE_SIZE)
        );
        assert_eq!(pager.previous.as_deref(), Some("4.html"));
        assert_eq!(pager.next.as_deref(), Some("6.html"));
        let first = &pager.links[0].as_ref().expect("a link");
        assert_eq!(first.href, "../timeline.html");

        let here = Here::Page(timeline_path(9));
        let last = super::pager(9, len, &here, timeline_path).expect("many pages");
        assert_eq!(
            (last.first, last.last, last.total),
            (9 * PAGE_SIZE + 1, len, len)
        );
        assert!(last.next.is_none());
    }
}
