//! What each output file shows of the site, recorded while it is rendered.
//!
//! The renderers read the parts of the model that a quick update can change
//! through accessors that note a [`Read`]: a page's title, summary and
//! last-changed day, its body, the links between kinds, the pages linking to it, its
//! related pages, a folder's order of pages, the members of each list of the
//! Needs review report, the site's actions. The
//! preview server keeps each file's reads; after a change it works out which
//! reads now give a different answer and renders again exactly the files
//! that made them. Nothing keeps a hand-written list of which file shows
//! what.
//!
//! What a quick update never changes — which pages and folders exist, front
//! matter other than a title, people, roles, taxonomies, the timeline's
//! events, the induction path, the config and the theme — is not recorded:
//! a change to any of it rebuilds the whole site.

use std::cell::RefCell;

use crate::linked::graph::Source;
use crate::linked::memory::List;
use crate::model::site::{PageId, SectionId};

/// One fact of the site model that an output file showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// Everything of a page's own document and rendered body: what its own
    /// page and its preview show.
    Page(PageId),
    /// A folder's own page (its `_index.md` and rendered body).
    Section(SectionId),
    /// A page's title.
    Title(PageId),
    /// A page's summary (written, or its first paragraph).
    Summary(PageId),
    /// A folder page's summary, shown on the page of the folder above.
    SectionSummary(SectionId),
    /// The day a page last changed.
    Changed(PageId),
    /// How much the pages of each kind link to each other kind.
    KindLinks,
    /// The pages and folder pages linking to a page or folder page, with the
    /// sentence of each link.
    Backlinks(Source),
    /// A page's related pages.
    Related(PageId),
    /// The order of a folder's pages.
    Order(SectionId),
    /// Which pages are in one list of the Needs review report (and so how
    /// many there are, and where its pages break).
    Review(List),
    /// The site's actions: what each says, its owner, its state.
    Actions,
}

/// The reads of one output file, noted while it renders (or not at all,
/// for a build that will not be updated).
#[derive(Default)]
pub(super) struct Reads(Option<RefCell<Vec<Read>>>);

impl Reads {
    /// Reads that are noted.
    pub fn recording() -> Reads {
        Reads(Some(RefCell::default()))
    }

    /// Reads that are not noted: `cairn build` renders every file once.
    pub fn off() -> Reads {
        Reads(None)
    }

    pub fn note(&self, read: Read) {
        if let Some(reads) = &self.0 {
            reads.borrow_mut().push(read);
        }
    }

    pub fn extend(&self, more: &[Read]) {
        if let Some(reads) = &self.0 {
            reads.borrow_mut().extend_from_slice(more);
        }
    }

    /// The reads noted, each once, sorted.
    pub fn into_sorted(self) -> Vec<Read> {
        let mut reads = self.0.map(RefCell::into_inner).unwrap_or_default();
        reads.sort_unstable();
        reads.dedup();
        reads.shrink_to_fit();
        reads
    }

    /// What has been noted since `mark` (made by [`Reads::mark`]).
    pub fn since(&self, mark: usize) -> Vec<Read> {
        self.0
            .as_ref()
            .map(|r| r.borrow()[mark..].to_vec())
            .unwrap_or_default()
    }

    /// A mark of how much has been noted so far.
    pub fn mark(&self) -> usize {
        self.0.as_ref().map_or(0, |r| r.borrow().len())
    }
}
