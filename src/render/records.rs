//! What the full-text search index holds of each page: its search record
//! ([`Record`]), made from the values its page shows, on the thread that
//! renders it.
//!
//! A page's record reads as its article does: its kind, its title (which
//! weighs ten times a body word), its other names (eight times), who wrote
//! it, its facts (role, agency, status …), what each agency calls it (for
//! glossary entries), then its body with its headings and anchors. Results
//! show its title and summary, and can be narrowed by kind, agency and tag.
//! A folder with a page of its own is indexed the same way, by its title
//! and text; the home page and the pages Cairn generates are not indexed.

use std::collections::BTreeMap;

use crate::markdown::SearchText;
use crate::model::site::{PageId, SectionId};
use crate::search::page::{Piece, Record};

use super::context::*;
use super::renderer::Renderer;
use super::Job;

/// How much more than a body word the words of a title, and of a page's
/// other names, weigh.
const TITLE_WEIGHT: f32 = 10.0;
const ALIAS_WEIGHT: f32 = 8.0;

impl Renderer<'_, '_> {
    /// The search record of the file `job` makes, if it is searched, with
    /// `body`, its body's search text.
    pub(super) fn search_record(&self, job: &Job, body: &[Piece]) -> Option<Record> {
        match *job {
            Job::Page(id) => Some(self.page_record(id, body)),
            Job::Section(id) => self.section_record(id, body),
            _ => None,
        }
    }

    fn page_record(&self, id: PageId, body_text: &[Piece]) -> Record {
        let page = &self.input.site.pages[id];
        let rendered = &self.input.pages[id];
        let root = Here::Page(page.path.clone());
        let context = self.page_context(&page.doc, rendered, &page.path, &root);
        let mut text = SearchText::default();
        text.open("article");
        text.open("p");
        text.write(&context.kind_label);
        text.close("p");
        heading(&mut text, context.title);
        if !context.aliases.is_empty() {
            text.open_weighted("p", ALIAS_WEIGHT);
            text.write("Also known as: ");
            text.write(&context.aliases.join(", "));
            text.close("p");
        }
        if let Some(author) = context.author {
            fact(&mut text, author);
        }
        for f in &context.facts {
            fact(&mut text, &f.text);
        }
        for synonym in &context.synonyms {
            text.open("tr");
            text.open("th");
            text.write(&synonym.agency);
            text.close("th");
            text.open("td");
            text.write(&synonym.terms);
            text.close("td");
            text.close("tr");
        }
        body(&mut text, body_text);
        text.close("article");

        let mut meta = BTreeMap::from([("title".to_owned(), context.title.to_owned())]);
        if !context.summary.is_empty() {
            meta.insert("summary".to_owned(), context.summary.to_owned());
        }
        let mut filters = BTreeMap::from([("kind".to_owned(), vec![context.kind_label.clone()])]);
        let agencies: Vec<String> = context.agencies.iter().map(|a| (*a).to_owned()).collect();
        if !agencies.is_empty() {
            filters.insert("agency".to_owned(), agencies);
        }
        if !context.tags.is_empty() {
            let tags = context.tags.iter().map(|t| t.title.clone()).collect();
            filters.insert("tag".to_owned(), tags);
        }
        Record {
            url: page.path.clone(),
            meta,
            filters,
            text: text.finish(),
        }
    }

    fn section_record(&self, id: SectionId, body_text: &[Piece]) -> Option<Record> {
        if id == SectionId::ROOT {
            return None;
        }
        let section = &self.input.site.sections[id];
        section.index.as_ref()?;
        let mut text = SearchText::default();
        text.open("p");
        text.write("Section");
        text.close("p");
        heading(&mut text, &section.title);
        body(&mut text, body_text);
        Some(Record {
            url: section.path.clone(),
            meta: BTreeMap::from([("title".to_owned(), section.title.clone())]),
            filters: BTreeMap::from([("kind".to_owned(), vec!["Section".to_owned()])]),
            text: text.finish(),
        })
    }
}

fn heading(text: &mut SearchText, title: &str) {
    text.open_weighted("h1", TITLE_WEIGHT);
    text.write(title);
    text.close("h1");
}

/// One line of a page's details: its value, not its label.
fn fact(text: &mut SearchText, value: &str) {
    text.open("div");
    text.open("dd");
    text.write(" ");
    text.write(value);
    text.close("dd");
    text.close("div");
}

fn body(text: &mut SearchText, body: &[Piece]) {
    if body.is_empty() {
        return;
    }
    text.open("div");
    text.append(body);
    text.close("div");
}
