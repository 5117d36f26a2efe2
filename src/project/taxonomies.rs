//! The taxonomies Cairn can build (pages grouped by tag, agency, person and
//! project): their names, labels, output folders and the front-matter fields
//! they read. The config chooses which are built; the model builds them.

use serde::Deserialize;

/// The taxonomies Cairn knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaxonomyKind {
    Tags,
    Agencies,
    People,
    Projects,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 4] = [
        TaxonomyKind::Tags,
        TaxonomyKind::Agencies,
        TaxonomyKind::People,
        TaxonomyKind::Projects,
    ];

    /// Singular, for a term's page: "Agency".
    pub fn label(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "Tag",
            TaxonomyKind::Agencies => "Agency",
            TaxonomyKind::People => "Person",
            TaxonomyKind::Projects => "Project",
        }
    }

    /// Plural, for the index page: "Agencies".
    pub fn plural(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "Tags",
            TaxonomyKind::Agencies => "Agencies",
            TaxonomyKind::People => "People",
            TaxonomyKind::Projects => "Projects",
        }
    }

    /// The output folder of its pages.
    pub fn dir(self) -> &'static str {
        match self {
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Agencies => "by-agency",
            TaxonomyKind::People => "by-person",
            TaxonomyKind::Projects => "by-project",
        }
    }

    /// The front-matter fields its terms are read from.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            TaxonomyKind::Tags => &["tags"],
            TaxonomyKind::Agencies => &["agency", "partners"],
            TaxonomyKind::People => &["author", "lead", "handed_over_to", "decided_by"],
            TaxonomyKind::Projects => &["project"],
        }
    }
}
