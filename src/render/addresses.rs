//! Where Cairn publishes the pages it makes of the whole knowledge base
//! (the timeline, the map, Needs review, the index of roles, the search
//! page, the open actions, the agreements, the recent changes), and where each moves when the knowledge base has a page of its
//! own at that address.
//!
//! A page the authors wrote keeps its address: `map.md` is `map.html`.
//! Cairn's page then moves under [`MOVED_TO`] (`_cairn/map.html`), and
//! everything that links to it (the site menu, breadcrumbs, the search box,
//! the pages of a long list) follows, because it asks [`Addresses`].

use serde::Serialize;

use crate::linked::memory::List;
use crate::model::site::Site;

/// Where the timeline is published, usually.
const TIMELINE_PATH: &str = "timeline.html";
/// Where the index of roles is published, usually.
const ROLES_INDEX: &str = "roles/index.html";
/// Where the map of the whole knowledge base is published, usually.
const MAP_PATH: &str = "map.html";
/// Where the "Needs review" page is published, usually.
const REVIEW_PATH: &str = "needs-review.html";
/// Where the list of open actions is published, usually.
const ACTIONS_PATH: &str = "actions.html";
/// Where the register of agreements is published, usually.
const AGREEMENTS_PATH: &str = "agreements.html";
/// Where the page of recent changes is published, usually.
const CHANGES_PATH: &str = "recent-changes.html";
/// Where the induction path as one printable document is published, usually.
const INDUCTION_PACK_PATH: &str = "induction-pack.html";

/// The folder Cairn's own pages move into when the authors' pages take
/// their usual addresses.
pub const MOVED_TO: &str = "_cairn";

/// The output path of each page Cairn makes of the whole site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Addresses {
    pub timeline: String,
    pub map: String,
    pub review: String,
    pub roles: String,
    pub search: String,
    pub actions: String,
    pub agreements: String,
    pub changes: String,
    pub induction_pack: String,
}

/// One of Cairn's pages, moved: what it is, where it would have been,
/// where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub what: &'static str,
    pub from: &'static str,
    pub to: String,
}

impl Addresses {
    /// The addresses for `site`: each usual one, unless a page or a
    /// folder's own page of the knowledge base is published there.
    pub fn new(site: &Site) -> Addresses {
        let place = |usual: &str| {
            let taken = site.page_at(usual).is_some()
                || site
                    .section_at(usual)
                    .is_some_and(|s| site.sections[s].index.is_some());
            if taken {
                format!("{MOVED_TO}/{usual}")
            } else {
                usual.to_owned()
            }
        };
        Addresses {
            timeline: place(TIMELINE_PATH),
            map: place(MAP_PATH),
            review: place(REVIEW_PATH),
            roles: place(ROLES_INDEX),
            search: place(crate::search::SEARCH_PAGE),
            actions: place(ACTIONS_PATH),
            agreements: place(AGREEMENTS_PATH),
            changes: place(CHANGES_PATH),
            induction_pack: place(INDUCTION_PACK_PATH),
        }
    }

    /// Cairn's pages that are not at their usual address.
    pub fn moved(&self) -> Vec<Moved> {
        [
            ("the timeline", TIMELINE_PATH, &self.timeline),
            ("the map of the knowledge base", MAP_PATH, &self.map),
            ("the Needs review page", REVIEW_PATH, &self.review),
            ("the role index", ROLES_INDEX, &self.roles),
            ("the search page", crate::search::SEARCH_PAGE, &self.search),
            ("the list of open actions", ACTIONS_PATH, &self.actions),
            (
                "the register of agreements",
                AGREEMENTS_PATH,
                &self.agreements,
            ),
            ("the page of recent changes", CHANGES_PATH, &self.changes),
            (
                "the induction pack",
                INDUCTION_PACK_PATH,
                &self.induction_pack,
            ),
        ]
        .into_iter()
        .filter(|(_, usual, now)| usual != now)
        .map(|(what, from, to)| Moved {
            what,
            from,
            to: to.clone(),
        })
        .collect()
    }

    /// Where page `page` (counted from 0) of the timeline is published: the
    /// timeline, then `timeline/2.html` … beside it.
    pub fn timeline_page(&self, page: usize) -> String {
        match page {
            0 => self.timeline.clone(),
            _ => format!("{}/{}.html", beside(&self.timeline), page + 1),
        }
    }

    /// Where page `page` (counted from 0) of one list of the Needs review
    /// report is published; its first page is the Needs review page.
    pub fn review_page(&self, list: List, page: usize) -> String {
        match page {
            0 => self.review.clone(),
            _ => format!("{}/{}-{}.html", beside(&self.review), list.slug(), page + 1),
        }
    }
}

impl Default for Addresses {
    /// The usual addresses, for a site with no page at any of them.
    fn default() -> Addresses {
        Addresses::new(&Site::default())
    }
}

/// The folder named after a page, for the pages that follow it
/// (`timeline.html` → `timeline`).
fn beside(path: &str) -> &str {
    path.strip_suffix(".html").unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_addresses_and_the_pages_after_the_first() {
        let a = Addresses::default();
        assert_eq!(a.map, "map.html");
        assert_eq!(a.timeline_page(0), "timeline.html");
        assert_eq!(a.timeline_page(2), "timeline/3.html");
        assert_eq!(a.review_page(List::Orphans, 0), "needs-review.html");
        assert_eq!(
            a.review_page(List::NoSuccessor, 2),
            "needs-review/no-successor-3.html"
        );
        assert!(a.moved().is_empty());

        let moved = Addresses {
            timeline: "_cairn/timeline.html".into(),
            ..Addresses::default()
        };
        assert_eq!(moved.timeline_page(1), "_cairn/timeline/2.html");
        assert_eq!(
            moved.moved(),
            [Moved {
                what: "the timeline",
                from: "timeline.html",
                to: "_cairn/timeline.html".into()
            }]
        );
    }
}
