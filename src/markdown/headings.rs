//! Headings: a stable, unique `id` for each, the table of contents, and the
//! `#` link to the section that ends each heading.
//!
//! [`outline`] reads every heading before the page is rewritten (an `#anchor`
//! link may point further down); [`Marks`] then puts the ids on the headings
//! as they pass.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::events::Spanned;
use super::text::escape;
use crate::urls;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A heading as written: its level, the id given with `{#id}`, its text.
struct Written {
    level: u8,
    id: Option<String>,
    title: String,
}

/// Stable, unique ids for every heading, in order, and the table of contents
/// (the top three heading levels used on the page).
///
/// With `title` (the leading `# Heading` taken out of the body to be the
/// page's title), its id comes first, as the forges count it.
pub(super) fn outline(events: &[Spanned], title: Option<&str>) -> (Vec<String>, Vec<TocEntry>) {
    let headings = written(events);
    let mut seen: HashMap<String, usize> = HashMap::new();
    if let Some(title) = title {
        let id = title_id(title);
        unique(&mut seen, id);
    }
    let ids: Vec<String> = headings
        .iter()
        .map(|heading| unique(&mut seen, base_id(heading)))
        .collect();
    let top = headings.iter().map(|h| h.level).min().unwrap_or(2);
    let toc = headings
        .iter()
        .zip(&ids)
        .filter(|(heading, _)| heading.level <= top + 2)
        .map(|(heading, id)| TocEntry {
            level: heading.level,
            id: id.clone(),
            title: heading.title.trim().to_owned(),
        })
        .collect();
    (ids, toc)
}

/// The id of a page's title heading (see [`outline`]).
pub fn title_id(title: &str) -> String {
    base_id(&Written {
        level: 1,
        id: None,
        title: title.to_owned(),
    })
}

/// An id for each term of the page's definition lists (`Term` then
/// `: definition`), in order, as Hugo gives them: made from the term the
/// way a heading's is, and unique beside the headings' `ids`, which keep
/// theirs.
pub(super) fn term_ids(events: &[Spanned], ids: &[String]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = ids.iter().map(|id| (id.clone(), 0)).collect();
    let mut found = Vec::new();
    let mut term: Option<String> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::DefinitionListTitle) => term = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(term) = term.as_mut() {
                    term.push_str(text);
                }
            }
            Event::End(TagEnd::DefinitionListTitle) => {
                if let Some(term) = term.take() {
                    let id = urls::heading_id(&term);
                    let id = if id.is_empty() { "term".to_owned() } else { id };
                    found.push(unique(&mut seen, id));
                }
            }
            _ => {}
        }
    }
    found
}

/// Every heading of the page, in order.
fn written(events: &[Spanned]) -> Vec<Written> {
    let mut found = Vec::new();
    let mut current: Option<Written> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some(Written {
                    level: level_number(*level),
                    id: id.as_ref().map(|s| s.to_string()),
                    title: String::new(),
                });
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = current.as_mut() {
                    heading.title.push_str(text);
                }
            }
            Event::End(TagEnd::Heading(_)) => found.extend(current.take()),
            _ => {}
        }
    }
    found
}

/// The id a heading asks for: its own `{#id}` (in lower case, as links to
/// headings are matched), or the id the Git forges give its title
/// ([`urls::heading_id`]).
fn base_id(heading: &Written) -> String {
    heading
        .id
        .as_deref()
        .map(str::to_lowercase)
        .unwrap_or_else(|| {
            let id = urls::heading_id(&heading.title);
            if id.is_empty() {
                "section".to_owned()
            } else {
                id
            }
        })
}

/// `base`, or `base-1`, `base-2`… when the page has used it before, skipping
/// any the page has used already (as the Git forges number them).
fn unique(seen: &mut HashMap<String, usize>, base: String) -> String {
    let mut id = base.clone();
    while seen.contains_key(&id) {
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        id = format!("{base}-{count}");
    }
    seen.insert(id.clone(), 0);
    id
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Puts the ids from [`outline`] on the headings as they pass, and ends
/// each with a `#` link to itself; starts each definition-list term with
/// its id from [`term_ids`].
pub(super) struct Marks<'h> {
    ids: std::slice::Iter<'h, String>,
    terms: std::slice::Iter<'h, String>,
    /// The id and text so far of the heading being read.
    current: Option<(String, String)>,
}

impl<'h> Marks<'h> {
    pub fn new(ids: &'h [String], terms: &'h [String]) -> Marks<'h> {
        Marks {
            ids: ids.iter(),
            terms: terms.iter(),
            current: None,
        }
    }

    /// Whether the events come from a heading.
    pub fn inside(&self) -> bool {
        self.current.is_some()
    }

    /// A heading opens: the same heading, with its id.
    pub fn open<'e>(
        &mut self,
        level: HeadingLevel,
        classes: Vec<CowStr<'e>>,
        attrs: Vec<(CowStr<'e>, Option<CowStr<'e>>)>,
    ) -> Event<'e> {
        let id = self.ids.next().cloned().unwrap_or_default();
        self.current = Some((id.clone(), String::new()));
        Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs,
        })
    }

    /// A definition-list term opens: it, then the anchor of its id.
    pub fn term<'e>(&mut self, event: Event<'e>, out: &mut Vec<Event<'e>>) {
        out.push(event);
        if let Some(id) = self.terms.next() {
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<span id=\"{}\"></span>",
                escape(id)
            ))));
        }
    }

    /// Text inside a heading is its title, for the anchor's label.
    pub fn text(&mut self, text: &str) {
        if let Some((_, title)) = self.current.as_mut() {
            title.push_str(text);
        }
    }

    /// A heading closes: the `#` link to it, then the end.
    pub fn close<'e>(&mut self, level: HeadingLevel, out: &mut Vec<Event<'e>>) {
        if let Some((id, title)) = self.current.take() {
            out.push(Event::InlineHtml(CowStr::from(format!(
                " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to the section: {}\">#</a>",
                escape(&id),
                escape(title.trim())
            ))));
        }
        out.push(Event::End(TagEnd::Heading(level)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline_of(body: &str) -> (Vec<String>, Vec<TocEntry>) {
        let options = pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
        let events: Vec<Spanned> = pulldown_cmark::Parser::new_ext(body, options)
            .into_offset_iter()
            .collect();
        outline(&events, None)
    }

    #[test]
    fn ids_are_unique_and_the_toc_has_the_top_three_levels() {
        let (ids, toc) = outline_of(
            "## Open actions\n\n## Open actions {#mine}\n\n## Open actions\n\n### Who `owns` it\n\n#### Deep\n\n##### Deeper\n\n## ?!\n",
        );
        assert_eq!(
            ids,
            [
                "open-actions",
                "mine",
                "open-actions-1",
                "who-owns-it",
                "deep",
                "deeper",
                "section"
            ]
        );
        let levels: Vec<u8> = toc.iter().map(|entry| entry.level).collect();
        assert_eq!(levels, [2, 2, 2, 3, 4, 2]);
        assert_eq!(toc[3].title, "Who owns it");
    }
}
