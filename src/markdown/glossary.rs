//! Glossary terms linked on first use: the first time a page's prose uses a
//! glossary entry's name (or alias), that use links to the entry. A page
//! never links to itself, and text in code, headings and links is left alone
//! (the renderer decides which text is prose).

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event};

use super::text::escape;
use crate::model::glossary::{Term, TermIndex};
use crate::urls;

/// The glossary as one page uses it.
pub(super) struct Glossary<'p> {
    /// The names to link, unless turned off.
    terms: Option<&'p TermIndex>,
    /// The page's own source path: a glossary entry does not link to itself.
    own_rel: &'p str,
    output_path: &'p str,
    /// Glossary entries already linked on this page (first use only).
    linked: HashSet<String>,
}

impl<'p> Glossary<'p> {
    pub fn new(terms: Option<&'p TermIndex>, own_rel: &'p str, output_path: &'p str) -> Self {
        Glossary {
            terms,
            own_rel,
            output_path,
            linked: HashSet::new(),
        }
    }

    /// Writes a `Text` event of prose, with the terms it uses for the first
    /// time on the page linked.
    pub fn write<'e>(&mut self, event: Event<'e>, out: &mut Vec<Event<'e>>) {
        let (Some(terms), Event::Text(text)) = (self.terms, &event) else {
            out.push(event);
            return;
        };
        let uses = self.first_uses(terms, text);
        if uses.is_empty() {
            out.push(event);
        } else {
            link_terms(self.output_path, text, &uses, out);
        }
    }

    /// The glossary terms in `text` used for the first time on the page (and
    /// not the page's own term), as (start, end, term).
    fn first_uses<'t>(
        &mut self,
        terms: &'t TermIndex,
        text: &str,
    ) -> Vec<(usize, usize, &'t Term)> {
        let linked = &mut self.linked;
        terms
            .find(text)
            .into_iter()
            .filter(|(_, _, term)| {
                term.rel != self.own_rel
                    && !linked.contains(&term.rel)
                    && linked.insert(term.rel.clone())
            })
            .collect()
    }
}

/// Writes `text` with each of `uses` linked to its glossary entry.
fn link_terms(output_path: &str, text: &str, uses: &[(usize, usize, &Term)], out: &mut Vec<Event>) {
    let mut written = 0;
    for &(start, end, term) in uses {
        out.push(Event::Text(CowStr::from(text[written..start].to_owned())));
        out.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"term\" href=\"{}\" title=\"Glossary: {}\">",
            escape(&urls::relative(output_path, &term.path)),
            escape(&term.title)
        ))));
        out.push(Event::Text(CowStr::from(text[start..end].to_owned())));
        out.push(Event::InlineHtml(CowStr::from("</a>")));
        written = end;
    }
    out.push(Event::Text(CowStr::from(text[written..].to_owned())));
}
