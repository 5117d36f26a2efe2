//! Glossary terms in running text.
//!
//! Every glossary entry's title, `term` and aliases are names the Markdown
//! stage looks for in page text: the first use of each on a page links to
//! its entry, so every acronym is one click from its explanation. Names
//! written in capitals (MASH, ASB) match only in capitals; others match in
//! any case. Matches must be whole words, and text in headings, links and
//! code is left alone. `glossary_links: off` in the config turns it off.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde_json::Value;

use crate::site::Site;

/// Names to search for, each with the index of its entry.
type Names = Vec<(String, usize)>;

/// A glossary entry that text can link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Output path of the entry.
    pub path: String,
    /// Source path of the entry, to not link an entry to itself.
    pub rel: String,
    pub title: String,
}

/// The names of every glossary entry, ready to search text for.
#[derive(Debug)]
pub struct TermIndex {
    terms: Vec<Term>,
    /// Names written in capitals, matched exactly.
    exact: Option<(AhoCorasick, Vec<usize>)>,
    /// Other names, matched in any case.
    folded: Option<(AhoCorasick, Vec<usize>)>,
}

impl TermIndex {
    pub fn new(site: &Site) -> TermIndex {
        let mut terms = Vec::new();
        let (mut exact, mut folded): (Names, Names) = (Vec::new(), Vec::new());
        for page in site.pages.iter().filter(|p| p.doc.kind == "glossary") {
            let doc = &page.doc;
            let index = terms.len();
            terms.push(Term {
                path: page.path.clone(),
                rel: doc.rel.clone(),
                title: doc.meta.title.clone(),
            });
            let term = doc.fields.get("term").and_then(Value::as_str);
            let names = std::iter::once(doc.meta.title.as_str())
                .chain(term)
                .chain(doc.meta.aliases.iter().map(String::as_str));
            for name in names {
                let name = name.trim();
                // Very short names ("IT") would match too much ordinary text.
                if name.chars().count() < 2 {
                    continue;
                }
                if name.chars().any(char::is_lowercase) {
                    folded.push((name.to_owned(), index));
                } else {
                    exact.push((name.to_owned(), index));
                }
            }
        }
        let build = |names: Names, fold: bool| -> Option<(AhoCorasick, Vec<usize>)> {
            if names.is_empty() {
                return None;
            }
            let (patterns, owners): (Vec<String>, Vec<usize>) = names.into_iter().unzip();
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(fold)
                // A DFA searches fastest; a glossary's names keep it small.
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .ok()
                .map(|automaton| (automaton, owners))
        };
        TermIndex {
            terms,
            exact: build(exact, false),
            folded: build(folded, true),
        }
    }

    /// Whole-word uses of glossary names in `text`: (start, end, term), in
    /// order and not overlapping.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, &Term)> {
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (automaton, owners) in [&self.exact, &self.folded].into_iter().flatten() {
            for m in automaton.find_iter(text) {
                if is_word_boundary(text, m.start(), m.end()) {
                    found.push((m.start(), m.end(), owners[m.pattern().as_usize()]));
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut result = Vec::new();
        let mut end = 0;
        for (start, stop, term) in found {
            if start >= end {
                result.push((start, stop, &self.terms[term]));
                end = stop;
            }
        }
        result
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
