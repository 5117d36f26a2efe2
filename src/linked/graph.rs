//! The link graph: what every page links to, checked, and inverted into
//! backlinks.
//!
//! Built once after every page's Markdown is rendered, in time linear in the
//! number of links: `#anchor` links are checked against the headings of their
//! target, and each link to another page becomes a backlink on that page,
//! with the sentence it was written in. The preview server then keeps it up
//! to date one source at a time ([`LinkGraph::relink`], [`LinkGraph::recheck`]).

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::content::frontmatter::Document;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Severity};
use crate::markdown::{OutLink, Rendered};
use crate::model::site::{PageId, PerPage, PerSection, SectionId, Site};
use crate::urls;

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
    /// By output path of the linking page: links to `#anchor`s written the
    /// way another generator makes heading ids (`#-dockerignore`,
    /// `#get-page` for `get_page`), as `"href"` in its body, with the href
    /// to the one heading they can mean.
    renamed: FxHashMap<String, Vec<(String, String)>>,
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

    /// The body `html` of the page published at `path`, with each `#anchor`
    /// written in another generator's style leading to the heading it means.
    pub fn body<'h>(&self, path: &str, html: &'h str) -> Cow<'h, str> {
        let Some(renamed) = self.renamed.get(path) else {
            return Cow::Borrowed(html);
        };
        let mut html = html.to_owned();
        for (written, meant) in renamed {
            html = html.replace(written, meant);
        }
        Cow::Owned(html)
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
            let checked = check_anchors(bodies, (doc, path), rendered, broken);
            if !checked.problems.is_empty() {
                graph.problems.insert(source, checked.problems);
            }
            if !checked.renamed.is_empty() {
                graph.renamed.insert(path.to_owned(), checked.renamed);
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

    /// Checks the `#anchor` links of `source` again. Returns whether its
    /// body, as [`LinkGraph::body`] gives it, changed.
    pub fn recheck(&mut self, bodies: &Bodies, source: Source, broken: Severity) -> bool {
        let checked = bodies
            .get(source)
            .map(|(doc, path, rendered)| check_anchors(bodies, (doc, path), rendered, broken))
            .unwrap_or_default();
        if checked.problems.is_empty() {
            self.problems.remove(&source);
        } else {
            self.problems.insert(source, checked.problems);
        }
        let path = source.path(bodies.site);
        let before = self.renamed.get(path).map_or(&[][..], Vec::as_slice);
        if before == checked.renamed.as_slice() {
            return false;
        }
        if checked.renamed.is_empty() {
            self.renamed.remove(path);
        } else {
            self.renamed.insert(path.to_owned(), checked.renamed);
        }
        true
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

/// How many of its target's headings a broken `#anchor` link's message lists.
const HEADINGS_SHOWN: usize = 12;

/// What checking the `#anchor` links of one body found.
#[derive(Default)]
struct Checked {
    /// Links to headings their target lacks.
    problems: Vec<Diagnostic>,
    /// Hrefs (quoted, as in the body) to anchors that mean one heading of
    /// their target by another generator's rule, with the href to that
    /// heading, each once.
    renamed: Vec<(String, String)>,
}

/// Checks the links to headings in `rendered`, the body of `doc` published
/// at `path`.
fn check_anchors(
    bodies: &Bodies,
    (doc, path): (&Document, &str),
    rendered: &Rendered,
    broken: Severity,
) -> Checked {
    let mut checked = Checked::default();
    for link in &rendered.links {
        let Some(anchor) = &link.anchor else { continue };
        let Some((title, ids)) = bodies.headings(&link.path) else {
            continue;
        };
        if ids.contains(anchor) {
            continue;
        }
        if let Some(id) = same_words(anchor, ids) {
            let page = urls::relative(path, &link.path);
            let mut hrefs = vec![page.as_str()];
            if link.path == path {
                // `#anchor` as well as `this-page.html#anchor`.
                hrefs.push("");
            }
            for href in hrefs {
                let renamed = (quoted_href(href, anchor), quoted_href(href, id));
                if !checked.renamed.contains(&renamed) {
                    checked.renamed.push(renamed);
                }
            }
            continue;
        }
        let help = match did_you_mean(anchor, ids.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `#{near}`?"),
            None if ids.is_empty() => format!("“{title}” has no headings"),
            None => {
                let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
                sorted.sort_unstable();
                sorted.dedup();
                let shown = sorted.len().min(HEADINGS_SHOWN);
                let more = match sorted.len() - shown {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                format!(
                    "“{title}” has the headings: {}{more}",
                    sorted[..shown].join(", ")
                )
            }
        };
        checked.problems.push(
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
    checked
}

/// The one heading id among `ids` with the same letters and digits as
/// `anchor`: how the ids of other generators (Zola, Middleman,
/// Python-Markdown, kramdown) differ from the Git forges' is in what they
/// make of punctuation, spaces and underscores. `None` if no id or several
/// ids fit.
fn same_words<'i>(anchor: &str, ids: &'i [String]) -> Option<&'i str> {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = letters(anchor);
    if wanted.is_empty() {
        return None;
    }
    let mut fits = ids.iter().filter(|id| letters(id) == wanted);
    let first = fits.next()?;
    fits.all(|other| other == first).then_some(first.as_str())
}

/// The `href` attribute's value, quoted, as rendered HTML has it for a
/// link to `page` (relative; empty for the page itself) and `#anchor`.
fn quoted_href(page: &str, anchor: &str) -> String {
    let mut quoted = String::from("\"");
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut quoted, &format!("{page}#{anchor}"));
    quoted.push('"');
    quoted
}
