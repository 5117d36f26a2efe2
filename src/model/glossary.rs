//! Glossary terms in running text.
//!
//! Every glossary entry's title, `term` and aliases are names the Markdown
//! stage looks for in page text: the first use of each on a page links to
//! its entry, so every acronym is one click from its explanation. Names
//! written in capitals (MASH, ASB) match only in capitals; others match in
//! any case. Matches must be whole words, and text in headings, links and
//! code is left alone. `glossary_links: off` in the config turns it off.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde_json::Value;

use crate::model::site::Site;
use crate::project::kinds::Kind;

/// A glossary entry that text can link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Output path of the entry.
    pub path: String,
    /// Source path of the entry, to not link an entry to itself.
    pub rel: String,
    pub title: String,
}

/// A name the automaton looks for.
#[derive(Debug)]
struct Name {
    /// Index of the entry in `TermIndex::terms`.
    term: usize,
    /// Written in capitals: a match counts only in the same case.
    exact: bool,
}

/// The names of every glossary entry, ready to search text for.
///
/// One automaton, matching every name in any (ASCII) case, finds the
/// candidates in one pass; names written in capitals are then checked
/// against the text's actual case.
#[derive(Debug)]
pub struct TermIndex {
    terms: Vec<Term>,
    automaton: Option<AhoCorasick>,
    /// Per pattern of the automaton.
    names: Vec<Name>,
    patterns: Vec<String>,
    /// Names matched in any case, by their lower-case form: the fallback
    /// when text matches a capitals-only name in the wrong case.
    folded: HashMap<String, usize>,
}

impl TermIndex {
    pub fn new(site: &Site) -> TermIndex {
        let mut terms = Vec::new();
        let mut patterns = Vec::new();
        let mut names = Vec::new();
        let mut folded = HashMap::new();
        for page in site.pages.iter().filter(|p| p.doc.kind == Kind::Glossary) {
            let doc = &page.doc;
            let term = terms.len();
            terms.push(Term {
                path: page.path.clone(),
                rel: doc.rel.clone(),
                title: doc.meta.title.clone(),
            });
            let field = doc.fields.get("term").and_then(Value::as_str);
            let written = std::iter::once(doc.meta.title.as_str())
                .chain(field)
                .chain(doc.meta.aliases.iter().map(String::as_str));
            for name in written {
                let name = name.trim();
                // Very short names ("IT") would match too much ordinary text.
                if name.chars().count() < 2 {
                    continue;
                }
                let exact = !name.chars().any(char::is_lowercase);
                if !exact {
                    folded.entry(name.to_ascii_lowercase()).or_insert(term);
                }
                patterns.push(name.to_owned());
                names.push(Name { term, exact });
            }
        }
        let automaton = (!patterns.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    // A DFA searches fastest; a glossary's names keep it small.
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        TermIndex {
            terms,
            automaton,
            names,
            patterns,
            folded,
        }
    }

    /// Whole-word uses of glossary names in `text`: (start, end, term), in
    /// order and not overlapping.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, &Term)> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(text)
            .filter(|m| is_word_boundary(text, m.start(), m.end()))
            .filter_map(|m| {
                let pattern = m.pattern().as_usize();
                let name = &self.names[pattern];
                let found = &text[m.range()];
                let term = if !name.exact || found == self.patterns[pattern] {
                    Some(name.term)
                } else {
                    self.folded.get(&found.to_ascii_lowercase()).copied()
                };
                term.map(|t| (m.start(), m.end(), &self.terms[t]))
            })
            .collect()
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
