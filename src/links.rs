//! Stage 4, resolve links: what a link written in a page points at.
//!
//! [`LinkIndex`] is built once from the whole site (every page, section and
//! asset) and answers, for a link written in one source file, which output
//! file it leads to. It is a pure lookup: the Markdown renderer asks it and
//! writes the answer, relative to the page being rendered.

use std::collections::{HashMap, HashSet};

use crate::urls;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page or section of the site: its output path and optional `#anchor`.
    Page {
        path: String,
        anchor: Option<String>,
    },
    /// A file copied from the content folder.
    Asset { path: String },
    /// An anchor on the same page: `#open-actions`.
    SamePage { anchor: String },
    /// Outside the site (`https:`, `mailto:` …).
    External,
    /// A page marked `draft: true`, which is not published.
    Draft { rel: String },
    /// A `.md` file or other file in the content folder that does not exist.
    Missing { rel: String },
}

/// Every link target of the site, by source path.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Source path (`handovers/ana.md`) → output path of its page.
    pages: HashMap<String, String>,
    /// Folder (`handovers`) → output path of its section page.
    sections: HashMap<String, String>,
    /// Source paths of the assets; they keep their path in the output.
    assets: HashSet<String>,
    /// Source paths of draft pages left out of the site.
    drafts: HashSet<String>,
}

impl LinkIndex {
    pub fn new() -> LinkIndex {
        LinkIndex::default()
    }

    pub fn add_page(&mut self, rel: &str, output_path: &str) {
        self.pages.insert(rel.to_owned(), output_path.to_owned());
    }

    pub fn add_section(&mut self, dir: &str, output_path: &str) {
        self.sections.insert(dir.to_owned(), output_path.to_owned());
    }

    pub fn add_asset(&mut self, rel: &str) {
        self.assets.insert(rel.to_owned());
    }

    pub fn add_draft(&mut self, rel: &str) {
        self.drafts.insert(rel.to_owned());
    }

    /// Resolves `href`, written in the source file `from_rel`.
    pub fn resolve(&self, from_rel: &str, href: &str) -> Target {
        if urls::is_external(href) {
            return Target::External;
        }
        let (path_part, anchor) = match href.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor.to_owned())),
            None => (href, None),
        };
        let path_part = path_part.split_once('?').map_or(path_part, |(p, _)| p);
        if path_part.is_empty() {
            return match anchor {
                Some(anchor) => Target::SamePage { anchor },
                None => Target::External,
            };
        }
        let decoded = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
        let Some(rel) = urls::join_normalized(urls::parent_dir(from_rel), &decoded) else {
            return Target::Missing {
                rel: decoded.into_owned(),
            };
        };
        if let Some(path) = self.pages.get(&rel) {
            return Target::Page {
                path: path.clone(),
                anchor,
            };
        }
        let dir = rel.trim_end_matches('/');
        if let Some(path) = self.sections.get(dir) {
            return Target::Page {
                path: path.clone(),
                anchor,
            };
        }
        if self.assets.contains(&rel) {
            return Target::Asset { path: rel };
        }
        if self.drafts.contains(&rel) {
            return Target::Draft { rel };
        }
        Target::Missing { rel }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut index = LinkIndex::new();
        index.add_page("handovers/ana.md", "handovers/ana.html");
        index.add_page("people/ben smith.md", "people/ben-smith.html");
        index.add_section("handovers", "handovers/index.html");
        index.add_asset("handovers/map.png");
        index
    }

    #[test]
    fn resolves_relative_markdown_links() {
        let i = index();
        assert_eq!(
            i.resolve("people/x.md", "../handovers/ana.md#open-actions"),
            Target::Page {
                path: "handovers/ana.html".into(),
                anchor: Some("open-actions".into())
            }
        );
        assert_eq!(
            i.resolve("handovers/ana.md", "../people/ben%20smith.md"),
            Target::Page {
                path: "people/ben-smith.html".into(),
                anchor: None
            }
        );
        assert_eq!(
            i.resolve("people/x.md", "../handovers/"),
            Target::Page {
                path: "handovers/index.html".into(),
                anchor: None
            }
        );
    }

    #[test]
    fn assets_anchors_externals_and_missing() {
        let i = index();
        assert_eq!(
            i.resolve("handovers/ana.md", "map.png"),
            Target::Asset {
                path: "handovers/map.png".into()
            }
        );
        assert_eq!(
            i.resolve("a.md", "#top"),
            Target::SamePage {
                anchor: "top".into()
            }
        );
        assert_eq!(
            i.resolve("a.md", "https://example.org/x.md"),
            Target::External
        );
        assert_eq!(
            i.resolve("a.md", "gone.md"),
            Target::Missing {
                rel: "gone.md".into()
            }
        );
    }
}
