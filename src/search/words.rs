//! From one token of text to the words the search index records for it.
//!
//! The browser side of search (Pagefind's `pagefind.js` and WebAssembly)
//! normalises and stems what the reader types, then looks the result up by
//! prefix among the index's keys. So the keys must be made exactly as
//! Pagefind 1.6 makes them when it indexes a page, or searches stop
//! finding what they found before. A token (text between whitespace) gives:
//!
//! * its **word**: letters, digits and connector symbols (`_` …) kept,
//!   lower-cased, stripped of diacritics (`café` → `cafe`, the written form
//!   kept as a variant) and stemmed with the language's Snowball stemmer
//!   (`pagefind_stem`, the crate the browser side stems with);
//! * for a compound token (`foo-bar`, `camelCase`, `COVID-19`, `don’t`), its
//!   **parts** of two or more bytes, each stemmed, as parts: they share the
//!   token's weight between them;
//! * for an all-katakana token of three or more characters, its suffixes;
//! * the emoji it holds, each a word of its own;
//! * in page text (not metadata), for a dotted token
//!   (`sysconfig.is_python_build`), each compound tail after a dot.

use std::collections::HashSet;

use compact_str::CompactString;
use pagefind_stem::{Algorithm, Stemmer};
use regex::Regex;
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::lexicon::Lexicon;

/// Characters kept in words besides letters and digits: Unicode's
/// connector punctuation.
pub const WORD_SYMBOLS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// Most characters of a katakana suffix, and of a dotted tail.
const MOST_SUFFIX_CHARS: usize = 16;
const MOST_TAIL_CHARS: usize = 64;

/// One word recorded for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The index key: normalised, without diacritics, stemmed.
    pub key: String,
    /// The form as written (lower-cased, unstemmed) when diacritics were
    /// taken off to make the key.
    pub original: Option<String>,
    /// A part of a compound token, which gets a share of its weight.
    pub part: bool,
}

/// A word of a token, by its number in the `Lexicon`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordRef {
    /// The index key.
    pub key: u32,
    /// The form as written when diacritics were taken off, or [`NO_FORM`].
    pub form: u32,
    /// A part of a compound token.
    pub part: bool,
}

/// The `form` of a word written without diacritics.
pub const NO_FORM: u32 = u32::MAX;

/// The words of the tokens one thread has split, by token: most tokens of a
/// site recur, and splitting and stemming cost more than a look-up. Tokens
/// are held inline (up to 24 bytes), so that a look-up reads one place in
/// memory, not two: on the 10,000-page corpus this cut the look-ups' time
/// by a third.
#[derive(Default)]
pub struct WordCache {
    /// Tokens of page text and of metadata (split without dotted tails),
    /// each with the range of its words in `refs`.
    text: FxHashMap<CompactString, (u32, u32)>,
    meta: FxHashMap<CompactString, (u32, u32)>,
    refs: Vec<WordRef>,
    scratch: Vec<Word>,
}

/// Tokens kept at most; the cache starts again beyond that.
const MOST_CACHED: usize = 200_000;

/// Splits tokens into words for one language.
pub struct Splitter {
    stemmer: Option<Stemmer>,
    emoji: Regex,
}

impl Splitter {
    /// A splitter for `language` (`en`, `pt-br` …); languages without a
    /// stemmer keep their words unstemmed.
    pub fn new(language: &str) -> Splitter {
        Splitter {
            stemmer: algorithm(language).map(Stemmer::create),
            emoji: Regex::new(r"\p{Emoji}").expect("a valid pattern"),
        }
    }

    /// The words of a token of page text, appended to `words`.
    pub fn text_token(&self, token: &str, words: &mut Vec<Word>) {
        let start = words.len();
        self.token(token, words);
        self.dotted_tails(token, start, words);
    }

    /// The words of a token of page text, numbered in `lexicon`; from
    /// `cache` when the token has been split before.
    pub fn text_words<'c>(
        &self,
        cache: &'c mut WordCache,
        lexicon: &Lexicon,
        token: &str,
    ) -> &'c [WordRef] {
        self.cached(cache, lexicon, token, false)
    }

    /// The words of a token of a metadata value, as [`Self::text_words`].
    pub fn meta_words<'c>(
        &self,
        cache: &'c mut WordCache,
        lexicon: &Lexicon,
        token: &str,
    ) -> &'c [WordRef] {
        self.cached(cache, lexicon, token, true)
    }

    fn cached<'c>(
        &self,
        cache: &'c mut WordCache,
        lexicon: &Lexicon,
        token: &str,
        meta: bool,
    ) -> &'c [WordRef] {
        let known = if meta { &cache.meta } else { &cache.text };
        let (start, end) = match known.get(token) {
            Some(&range) => range,
            None => {
                if cache.text.len() + cache.meta.len() >= MOST_CACHED {
                    cache.text.clear();
                    cache.meta.clear();
                    cache.refs.clear();
                }
                let mut words = std::mem::take(&mut cache.scratch);
                if meta {
                    self.meta_token(token, &mut words);
                } else {
                    self.text_token(token, &mut words);
                }
                let start = u32::try_from(cache.refs.len()).expect("a bounded cache");
                cache.refs.extend(words.drain(..).map(|word| WordRef {
                    key: lexicon.id(&word.key),
                    form: word.original.map_or(NO_FORM, |form| lexicon.id(&form)),
                    part: word.part,
                }));
                cache.scratch = words;
                let range = (
                    start,
                    u32::try_from(cache.refs.len()).expect("a bounded cache"),
                );
                let known = if meta {
                    &mut cache.meta
                } else {
                    &mut cache.text
                };
                known.insert(token.into(), range);
                range
            }
        };
        &cache.refs[start as usize..end as usize]
    }

    /// The words of a token of a metadata value (no dotted tails).
    pub fn meta_token(&self, token: &str, words: &mut Vec<Word>) {
        self.token(token, words);
    }

    fn token(&self, token: &str, words: &mut Vec<Word>) {
        let normalised = normalise(token);
        if !normalised.is_empty() {
            words.push(self.keyed(&normalised, false));
        }
        for suffix in katakana_suffixes(token) {
            let plain = without_diacritics(suffix);
            words.push(Word {
                original: plain.as_ref().map(|_| suffix.to_owned()),
                key: plain.unwrap_or_else(|| suffix.to_owned()),
                part: true,
            });
        }
        if !is_compound(token) {
            return;
        }
        let parts = parts_of(token);
        if !normalised.is_empty()
            && (parts.contains(char::is_whitespace) || !normalised.starts_with(&parts))
        {
            for part in parts.split_whitespace().filter(|p| p.len() > 1) {
                words.push(self.keyed(part, true));
            }
        }
        if self.emoji.is_match(token) {
            for grapheme in token.graphemes(true) {
                if emojis::get(grapheme).is_some() {
                    words.push(Word {
                        key: grapheme.to_owned(),
                        original: None,
                        part: false,
                    });
                }
            }
        }
    }

    /// For each `.` in `token`, the rest of it (up to 64 characters) when
    /// that is itself compound, unless its key is already among the words
    /// made for the token since `start`.
    fn dotted_tails(&self, token: &str, start: usize, words: &mut Vec<Word>) {
        if !token.contains('.') {
            return;
        }
        let mut seen: HashSet<String> = words[start..].iter().map(|w| w.key.clone()).collect();
        for (at, _) in token.match_indices('.') {
            let rest = &token[at + 1..];
            let tail = match rest.char_indices().nth(MOST_TAIL_CHARS) {
                Some((end, _)) => &rest[..end],
                None => rest,
            };
            // A plain tail is already there, as the token's last part.
            if !is_compound(tail) {
                continue;
            }
            let normalised = normalise(tail);
            if normalised.chars().count() < 2 {
                continue;
            }
            let word = self.keyed(&normalised, true);
            if seen.insert(word.key.clone()) {
                words.push(word);
            }
        }
    }

    /// `word` (already normalised) without diacritics, then stemmed.
    fn keyed(&self, word: &str, part: bool) -> Word {
        let plain = without_diacritics(word);
        let base = plain.as_deref().unwrap_or(word);
        let key = match &self.stemmer {
            Some(stemmer) => stemmer.stem(base).into_owned(),
            None => base.to_owned(),
        };
        Word {
            key,
            original: plain.map(|_| word.to_owned()),
            part,
        }
    }
}

/// The stemmer for a language code, by the part before any `-`.
pub fn algorithm(language: &str) -> Option<Algorithm> {
    let base = language.split('-').next().unwrap_or_default();
    Some(match base {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    })
}

/// Letters, digits and word symbols of `token`, lower-cased.
fn normalise(token: &str) -> String {
    let mut word = String::with_capacity(token.len());
    for c in token.chars() {
        if !(c.is_alphanumeric() || WORD_SYMBOLS.contains(&c)) {
            continue;
        }
        let c = c.to_ascii_lowercase();
        if c.is_uppercase() {
            // Some capitals lower-case to more than one character.
            word.extend(c.to_lowercase());
        } else {
            word.push(c);
        }
    }
    word
}

/// Whether a token may hold several words: it has a character other than a
/// letter or digit, or a capital after its first character.
fn is_compound(token: &str) -> bool {
    token.chars().any(|c| !c.is_alphanumeric()) || token.chars().skip(1).any(char::is_uppercase)
}

/// The words of a compound token, lower-case and space-separated: ASCII
/// punctuation separates them, and so do the changes of case and between
/// letters and digits (`WKWebView2` → `wk web view 2`).
fn parts_of(token: &str) -> String {
    use convert_case::{Case, Casing};
    let spaced = token.replace(|c: char| c.is_ascii_punctuation(), " ");
    let lower = spaced.to_case(Case::Lower);
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `word` without its diacritics, if it has any: decomposed, without
/// combining marks (but keeping the kana sound marks, which tell words
/// apart, and composed again if one is there).
fn without_diacritics(word: &str) -> Option<String> {
    if word.is_ascii() || !has_decomposition(word) {
        return None;
    }
    let is_kana_mark = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c) || is_kana_mark(c))
        .collect();
    let plain = if stripped.chars().any(is_kana_mark) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (plain != word).then_some(plain)
}

fn has_decomposition(word: &str) -> bool {
    word.chars().any(|c| {
        if unicode_normalization::char::is_combining_mark(c) {
            return true;
        }
        let mut decomposes = false;
        unicode_normalization::char::decompose_canonical(c, |part| decomposes |= part != c);
        decomposes
    })
}

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Every suffix (from the second character, at most 16 characters, at
/// least 2) of an all-katakana token of three or more characters, each
/// once: katakana runs are not split into words, so a search for a word
/// inside one finds it by prefix.
fn katakana_suffixes(token: &str) -> Vec<&str> {
    if token.chars().count() < 3 || !token.chars().all(is_katakana) {
        return Vec::new();
    }
    let mut suffixes: Vec<&str> = Vec::new();
    for (at, _) in token.char_indices().skip(1) {
        let rest = &token[at..];
        let suffix = match rest.char_indices().nth(MOST_SUFFIX_CHARS) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && !suffixes.contains(&suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(language: &str, token: &str) -> Vec<(String, bool)> {
        let mut words = Vec::new();
        Splitter::new(language).text_token(token, &mut words);
        words.into_iter().map(|w| (w.key, w.part)).collect()
    }

    fn k(key: &str, part: bool) -> (String, bool) {
        (key.to_owned(), part)
    }

    #[test]
    fn plain_words_are_lower_cased_and_stemmed() {
        assert_eq!(keys("en", "Handovers"), [k("handov", false)]);
        // Punctuation around a word makes no part of its own.
        assert_eq!(keys("en", "running,"), [k("run", false)]);
        assert_eq!(keys("xx", "Running"), [k("running", false)]);
    }

    #[test]
    fn compounds_add_their_parts() {
        assert_eq!(
            keys("en", "WKWebView"),
            [
                k("wkwebview", false),
                k("wk", true),
                k("web", true),
                k("view", true)
            ]
        );
        assert_eq!(
            keys("en", "COVID-19"),
            [k("covid19", false), k("covid", true), k("19", true)]
        );
        // A single letter is not a part.
        assert_eq!(keys("en", "a-b"), [k("ab", false)]);
    }

    #[test]
    fn diacritics_are_taken_off_and_the_written_form_kept() {
        let mut words = Vec::new();
        Splitter::new("fr").text_token("Café", &mut words);
        assert_eq!(words[0].key, "caf");
        assert_eq!(words[0].original.as_deref(), Some("café"));
    }

    #[test]
    fn dotted_tails_that_are_compound_are_words_too() {
        let found = keys("en", "sysconfig.is_python_build");
        assert!(found.contains(&k("is_python_build", true)), "{found:?}");
    }

    #[test]
    fn katakana_runs_are_indexed_by_their_suffixes() {
        let found = keys("ja", "コンピュータ");
        assert!(found.contains(&k("ピュータ", true)), "{found:?}");
    }

    #[test]
    fn emoji_are_words_of_their_own() {
        let found = keys("en", "done✅");
        assert!(found.contains(&k("✅", false)), "{found:?}");
    }
}
