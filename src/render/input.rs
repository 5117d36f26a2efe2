//! What the render stage reads — every earlier stage's result, borrowed —
//! and the fixed places and limits of the files it generates.

use crate::linked::actions::Actions;
use crate::linked::graph::LinkGraph;
use crate::linked::kindlinks::KindLinks;
use crate::linked::memory::MemoryReport;
use crate::linked::timeline;
use crate::markdown::Rendered;
use crate::model::agencies::Agencies;
use crate::model::decisions::Decisions;
use crate::model::names::PageNames;
use crate::model::people::People;
use crate::model::site::{PageId, PerPage, PerSection, Site};
use crate::model::taxonomy::Taxonomy;
use crate::project::config::Config;
use crate::project::kinds::Kinds;
use crate::render::theme::Theme;

/// The folder of the hover previews of pages.
pub const PREVIEWS_DIR: &str = "_cairn/previews";

/// Most entries of one folder the sidebar shows before linking to the full list.
pub(super) const NAV_LIMIT: usize = 15;
/// Entries in the home page's "recently updated" list.
pub(super) const RECENT_LIMIT: usize = 10;
/// Days before `review_by` from which a page counts as "due soon".
pub(super) const DUE_SOON_DAYS: i32 = 30;

/// Everything the render stage reads.
pub struct RenderInput<'a> {
    pub site: &'a Site,
    /// The rendered body of every page.
    pub pages: &'a PerPage<Rendered>,
    /// The rendered body of every section that has a page of its own.
    pub sections: &'a PerSection<Option<Rendered>>,
    /// Backlinks of every page.
    pub graph: &'a LinkGraph,
    /// How much each kind of page links to each other kind.
    pub kind_links: &'a KindLinks,
    /// What is overdue, without a successor, or orphaned.
    pub memory: &'a MemoryReport,
    /// Every task-list item of the site, followed through its role's handovers.
    pub actions: &'a Actions,
    /// Person pages by name, roles and who did what.
    pub people: &'a People,
    /// Which decisions replace which.
    pub decisions: &'a Decisions,
    /// What names each agency.
    pub agencies: &'a Agencies,
    /// The guides of the induction path, in order.
    pub induction: &'a [PageId],
    /// Related pages of every page, best first.
    pub related: &'a PerPage<Vec<PageId>>,
    /// Person, agency and project pages by the names front matter calls them.
    pub names: &'a PageNames,
    /// Pages grouped by tag, agency, person and project.
    pub taxonomies: &'a [Taxonomy],
    /// Every dated event of the site, newest first.
    pub events: &'a [timeline::Event],
    pub theme: &'a Theme,
    pub config: &'a Config,
    pub kinds: &'a Kinds,
    pub assets: &'a [crate::content::load::Asset],
    /// The date review status is judged against.
    pub today: jiff::civil::Date,
    /// The audience the site is built for; `None` in `cairn serve`, which
    /// shows the author every page.
    pub audience: Option<&'a str>,
}
