//! The link graph: what every page links to, checked, and inverted into
//! backlinks.
//!
//! Runs once after every page's Markdown is rendered, in time linear in the
//! number of links: `#anchor` links are checked against the headings of their
//! target, and each link to another page becomes a backlink on that page,
//! with the sentence it was written in.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Severity};
use crate::frontmatter::Document;
use crate::markdown::Rendered;
use crate::site::{PageId, SectionId, Site};

/// A page or section that links somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Page(PageId),
    Section(SectionId),
}

/// A link to a page, seen from the page it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub source: Source,
    /// The sentence the link was written in.
    pub context: String,
}

/// Backlinks by output path of the page they point at.
#[derive(Debug, Default)]
pub struct LinkGraph {
    backlinks: HashMap<String, Vec<Backlink>>,
}

impl LinkGraph {
    /// The pages linking to the page at `path`, each once, in site order.
    pub fn backlinks(&self, path: &str) -> &[Backlink] {
        self.backlinks.get(path).map_or(&[], Vec::as_slice)
    }

    /// Checks anchors and inverts the links of every rendered page.
    /// `broken` is how serious a link to a missing heading is.
    pub fn build(
        site: &Site,
        pages: &[Rendered],
        sections: &[Option<Rendered>],
        broken: Severity,
        diagnostics: &Diagnostics,
    ) -> LinkGraph {
        let mut anchors: HashMap<&str, (&str, HashSet<&str>)> = HashMap::new();
        let mut sources: Vec<(Source, &Document, &str, &Rendered)> = Vec::new();
        for (id, (page, rendered)) in site.pages.iter().zip(pages).enumerate() {
            anchors.insert(
                &page.path,
                (
                    &page.doc.meta.title,
                    rendered.anchors.iter().map(String::as_str).collect(),
                ),
            );
            sources.push((Source::Page(id), &page.doc, &page.path, rendered));
        }
        for (id, (section, rendered)) in site.sections.iter().zip(sections).enumerate() {
            let ids = rendered
                .iter()
                .flat_map(|r| r.anchors.iter().map(String::as_str))
                .collect();
            anchors.insert(&section.path, (&section.title, ids));
            if let (Some(doc), Some(rendered)) = (&section.index, rendered) {
                sources.push((Source::Section(id), doc, &section.path, rendered));
            }
        }

        let mut graph = LinkGraph::default();
        for (source, doc, path, rendered) in sources {
            let mut linked: HashSet<&str> = HashSet::new();
            for link in &rendered.links {
                if let (Some(anchor), Some((title, ids))) =
                    (&link.anchor, anchors.get(link.path.as_str()))
                {
                    if !ids.contains(anchor.as_str()) {
                        let help = match did_you_mean(anchor, ids.iter().copied()) {
                            Some(near) => format!("did you mean `#{near}`?"),
                            None if ids.is_empty() => format!("“{title}” has no headings"),
                            None => {
                                format!("“{title}” has the headings: {}", sorted(ids).join(", "))
                            }
                        };
                        diagnostics.push(
                            Diagnostic {
                                severity: broken,
                                ..Diagnostic::error(format!(
                                    "link {} leads to no heading `#{anchor}` in “{title}”",
                                    link.written
                                ))
                            }
                            .in_file(&doc.path)
                            .at(crate::markdown::body_span(doc, link.offset))
                            .help(help),
                        );
                    }
                }
                if link.path != path && linked.insert(&link.path) {
                    graph
                        .backlinks
                        .entry(link.path.clone())
                        .or_default()
                        .push(Backlink {
                            source,
                            context: link.context.clone(),
                        });
                }
            }
        }
        graph
    }
}

fn sorted<'a>(ids: &HashSet<&'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ids.iter().copied().collect();
    ids.sort_unstable();
    ids
}
