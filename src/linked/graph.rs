//! The link graph: what every page links to, checked, and inverted into
//! backlinks.
//!
//! Built once after every page's Markdown is rendered, in time linear in the
//! number of links: `#anchor` links are checked against the headings of their
//! target, and each link to another page becomes a backlink on that page,
//! with the sentence it was written in. The preview server then keeps it up
//! to date one source at a time ([`LinkGraph::relink`], [`LinkGraph::recheck`]).

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::content::frontmatter::Document;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Severity};
use crate::markdown::{OutLink, Rendered};
use crate::model::site::{PageId, PerPage, PerSection, SectionId, Site};

/// A page or section that links somewhere. Pages come before sections, each
/// in site order: the order backlinks are kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    Page(PageId),
    Section(SectionId),
}

impl Source {
    /// Where it is published.
    pub fn path(self, site: &Site) -> &str {
        match self {
            Source::Page(p) => &site.pages[p].path,
            Source::Section(s) => &site.sections[s].path,
        }
    }
}

/// A link to a page, seen from the page it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    pub source: Source,
    /// The sentence the link was written in.
    pub context: String,
}

/// Backlinks by output path of the page they point at, and the problems of
/// `#anchor` links by the source they are written in.
#[derive(Debug, Default)]
pub struct LinkGraph {
    backlinks: FxHashMap<String, Vec<Backlink>>,
    problems: HashMap<Source, Vec<Diagnostic>>,
}

/// The rendered pages and sections a graph is made from.
pub struct Bodies<'a> {
    pub site: &'a Site,
    pub pages: &'a PerPage<Rendered>,
    pub sections: &'a PerSection<Option<Rendered>>,
}

impl<'a> Bodies<'a> {
    /// The document, output path and rendered body of `source`, if it has a body.
    fn get(&self, source: Source) -> Option<(&'a Document, &'a str, &'a Rendered)> {
        match source {
            Source::Page(id) => {
                let page = &self.site.pages[id];
                Some((&page.doc, page.path.as_str(), &self.pages[id]))
            }
            Source::Section(id) => {
                let section = &self.site.sections[id];
                let doc = section.index.as_ref()?;
                let rendered = self.sections[id].as_ref()?;
                Some((doc, section.path.as_str(), rendered))
            }
        }
    }

    /// Every source with a body, in site order.
    fn sources(&self) -> impl Iterator<Item = Source> + '_ {
        self.site
            .pages
            .keys()
            .map(Source::Page)
            .chain(self.site.sections.keys().map(Source::Section))
            .filter(|s| self.get(*s).is_some())
    }

    /// The title and heading ids of the page or section published at `path`.
    fn headings(&self, path: &str) -> Option<(&'a str, &'a [String])> {
        if let Some(id) = self.site.page_at(path) {
            return Some((&self.site.pages[id].doc.meta.title, &self.pages[id].anchors));
        }
        let id = self.site.section_at(path)?;
        let anchors = self.sections[id].as_ref().map_or(&[][..], |r| &r.anchors);
        Some((&self.site.sections[id].title, anchors))
    }
}

impl LinkGraph {
    /// The pages linking to the page at `path`, each once, in site order.
    pub fn backlinks(&self, path: &str) -> &[Backlink] {
        self.backlinks.get(path).map_or(&[], Vec::as_slice)
    }

    /// Every problem with `#anchor` links: links to headings that do not exist.
    pub fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems.values().flatten()
    }

    /// Checks anchors and inverts the links of every rendered page. `broken`
    /// is how serious a link to a missing heading is.
    pub fn build(bodies: &Bodies, broken: Severity) -> LinkGraph {
        let mut graph = LinkGraph::default();
        for source in bodies.sources() {
            let (doc, path, rendered) = bodies.get(source).expect("sources have bodies");
            for (target, context) in targets(path, &rendered.links) {
                graph
                    .backlinks
                    .entry(target.to_owned())
                    .or_default()
                    .push(Backlink {
                        source,
                        context: context.to_owned(),
                    });
            }
            let problems = anchor_problems(bodies, doc, rendered, broken);
            if !problems.is_empty() {
                graph.problems.insert(source, problems);
            }
        }
        graph
    }

    /// Replaces the links of `source` (published at `path`): `old` were its
    /// links, `new` are. Returns the output paths whose backlinks changed.
    pub fn relink(
        &mut self,
        source: Source,
        path: &str,
        old: &[OutLink],
        new: &[OutLink],
    ) -> Vec<String> {
        let old: HashMap<&str, &str> = targets(path, old).collect();
        let new: Vec<(&str, &str)> = targets(path, new).collect();
        let mut changed = Vec::new();
        for &target in old.keys() {
            if !new.iter().any(|(t, _)| *t == target) {
                if let Some(links) = self.backlinks.get_mut(target) {
                    links.retain(|b| b.source != source);
                    if links.is_empty() {
                        self.backlinks.remove(target);
                    }
                }
                changed.push(target.to_owned());
            }
        }
        for (target, context) in new {
            if old.get(target) == Some(&context) {
                continue;
            }
            let links = self.backlinks.entry(target.to_owned()).or_default();
            let link = Backlink {
                source,
                context: context.to_owned(),
            };
            match links.binary_search_by(|b| b.source.cmp(&source)) {
                Ok(at) => links[at] = link,
                Err(at) => links.insert(at, link),
            }
            changed.push(target.to_owned());
        }
        changed
    }

    /// Checks the `#anchor` links of `source` again.
    pub fn recheck(&mut self, bodies: &Bodies, source: Source, broken: Severity) {
        let problems = bodies
            .get(source)
            .map(|(doc, _, rendered)| anchor_problems(bodies, doc, rendered, broken))
            .unwrap_or_default();
        if problems.is_empty() {
            self.problems.remove(&source);
        } else {
            self.problems.insert(source, problems);
        }
    }
}

/// The pages `links` (written on the page at `path`) lead to, each once with
/// the sentence of its first link, leaving out the page itself.
fn targets<'l>(path: &'l str, links: &'l [OutLink]) -> impl Iterator<Item = (&'l str, &'l str)> {
    let mut seen: Vec<&str> = Vec::new();
    links.iter().filter_map(move |link| {
        let target = link.path.as_str();
        (target != path && !seen.contains(&target)).then(|| {
            seen.push(target);
            (target, link.context.as_str())
        })
    })
}

/// Links in `rendered` (the body of `doc`) to headings their target lacks.
fn anchor_problems(
    bodies: &Bodies,
    doc: &Document,
    rendered: &Rendered,
    broken: Severity,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for link in &rendered.links {
        let Some(anchor) = &link.anchor else { continue };
        let Some((title, ids)) = bodies.headings(&link.path) else {
            continue;
        };
        if ids.contains(anchor) {
            continue;
        }
        let help = match did_you_mean(anchor, ids.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `#{near}`?"),
            None if ids.is_empty() => format!("“{title}” has no headings"),
            None => {
                let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
                sorted.sort_unstable();
                sorted.dedup();
                format!("“{title}” has the headings: {}", sorted.join(", "))
            }
        };
        problems.push(
            Diagnostic::new(
                broken,
                Code::LinkMissingAnchor,
                format!(
                    "link {} leads to no heading `#{anchor}` in “{title}”",
                    link.written
                ),
            )
            .in_file(&doc.path)
            .at(link
                .span
                .clone()
                .unwrap_or_else(|| crate::markdown::body_span(doc, link.offset)))
            .help(help),
        );
    }
    problems
}
