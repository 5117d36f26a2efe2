//! One page's share of the search index, made from the text Cairn already
//! has (no HTML is parsed again), on whichever thread renders the page.
//!
//! A [`Record`] is the page as search sees it: its address, the metadata
//! and filters a result shows, and its text as a stream of [`Piece`]s —
//! runs of text, blocks with a weight (the title counts ten times a body
//! word), headings and the anchors results link to. [`Record::index`]
//! cuts the text into tokens at whitespace, gives every token its position
//! (the browser builds excerpts by position, so the stored text and the
//! positions must agree token for token), makes the words of each token
//! ([`Splitter`]) and packs each word's positions and weights the way the
//! index stores them. What it returns, an [`IndexedPage`], holds no
//! position list twice and is merged into the site's index as it is.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::words::{Splitter, Word, WordCache};

/// The weight of an ordinary word: weights are stored as 24 times the
/// multiplier a page gives (`1.0` → 24, at most `10.0` → 240).
const BASE_WEIGHT: u8 = 24;
const WEIGHT_SCALE: f32 = 24.0;
const MOST_WEIGHT: f32 = 10.0;

/// A page as search sees it.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Its address from the site root: `handovers/2024/ana.html`.
    pub url: String,
    /// What a result shows (`title`, `summary` …); searched too.
    pub meta: BTreeMap<String, String>,
    /// The values a search can be narrowed by, per filter, in page order.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Its text, in reading order.
    pub text: Vec<Piece>,
}

/// A part of a page's text. Text runs follow each other as written: two
/// runs with no whitespace between them make one token (`n` + `o` + `t` →
/// `not`); every other piece ends the token before it.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Some text.
    Text(String),
    /// The start of a block whose words weigh `weight` times an ordinary
    /// word (0 to 10; 0 means the words are found but add nothing).
    Weight(f32),
    /// The start of a heading of level 1 to 6, whose words weigh more the
    /// higher the heading (7 times for level 1 down to 2 for level 6),
    /// unless it is inside a weighted block, whose weight it keeps.
    Heading(u8),
    /// The end of the innermost weighted block or heading.
    End,
    /// An element results can link to (`#id`), before its text.
    Anchor {
        /// Its HTML element: `h2` …; headings become sub-results.
        element: String,
        id: String,
        /// Its text, shown as the sub-result's title.
        text: String,
    },
}

/// One page's part of the index.
#[derive(Debug, Clone)]
pub struct IndexedPage {
    /// The fragment the browser loads to show the result.
    pub fragment: Fragment,
    /// How many tokens the page's text has.
    pub word_count: usize,
    /// Its filters, as in the record.
    pub filters: BTreeMap<String, Vec<String>>,
    /// The names of its metadata fields, in order: meta positions name a
    /// field by its place here.
    pub meta_fields: Vec<String>,
    /// Every word of the page with its packed positions.
    pub words: Vec<PageWord>,
}

/// A page's fragment file: the SHA-1 of its JSON (which names the file)
/// and the file's bytes, compressed.
#[derive(Debug, Clone)]
pub struct Fragment {
    pub hash: String,
    pub file: Vec<u8>,
}

impl Fragment {
    fn of(json: &str, level: u32) -> Fragment {
        Fragment {
            hash: super::files::hex_sha1(json.as_bytes()),
            file: super::files::gzipped(json.as_bytes(), level),
        }
    }
}

/// A word of one page: where it is, packed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageWord {
    pub key: String,
    /// Positions written without diacritics (absent if none).
    pub here: Option<Positions>,
    /// Forms written with diacritics, each with its positions, in the
    /// order the index lists them.
    pub variants: Vec<(String, Positions)>,
}

/// Positions of a word on a page, packed as the index stores them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Positions {
    /// Positions in the text: a weight marker `-(weight + 1)` then an
    /// absolute position, then differences, by weight then position.
    pub locs: Vec<i32>,
    /// Positions in metadata: a field marker `-(field + 1)` then
    /// differences from 0, by field then position (fields as in
    /// [`IndexedPage::meta_fields`]).
    pub meta_locs: Vec<i32>,
}

/// One occurrence of a word in the text.
#[derive(Clone, Copy)]
struct At {
    position: u32,
    weight: u8,
}

/// One occurrence of a word in a metadata field.
#[derive(Clone, Copy)]
struct MetaAt {
    field: u16,
    position: u32,
}

#[derive(Default)]
struct Found {
    /// Occurrences without diacritics.
    plain: Vec<At>,
    /// Occurrences by the written form with diacritics.
    variants: BTreeMap<String, Vec<At>>,
    meta_plain: Vec<MetaAt>,
    meta_variants: BTreeMap<String, Vec<MetaAt>>,
}

#[derive(Serialize)]
struct FragmentJson<'r> {
    url: &'r str,
    content: &'r str,
    word_count: usize,
    filters: &'r BTreeMap<String, Vec<String>>,
    meta: &'r BTreeMap<String, String>,
    anchors: &'r [Anchor],
}

#[derive(Serialize)]
struct Anchor {
    element: String,
    id: String,
    text: String,
    location: u32,
}

impl Record {
    /// The page's part of the index, or `None` when its text has no word
    /// to find (such a page is left out of search).
    /// Its fragment file is compressed at gzip `level`.
    pub fn index(
        &self,
        splitter: &Splitter,
        cache: &mut WordCache,
        level: u32,
    ) -> Option<IndexedPage> {
        let mut found: FxHashMap<String, Found> = FxHashMap::default();
        let mut reader = Reader {
            splitter,
            found: &mut found,
            content: String::new(),
            position: 0,
            weights: vec![BASE_WEIGHT],
            token: String::new(),
            cache,
        };
        let mut anchors = Vec::new();
        for piece in &self.text {
            if !matches!(piece, Piece::Text(_)) {
                reader.end_token();
            }
            match piece {
                Piece::Text(text) => reader.read(text),
                Piece::Weight(weight) => reader.weights.push(explicit_weight(*weight)),
                Piece::Heading(level) => {
                    let weight = match reader.weights.len() {
                        1 => heading_weight(*level),
                        _ => reader.top_weight(),
                    };
                    reader.weights.push(weight);
                }
                Piece::End => {
                    reader.weights.pop();
                }
                Piece::Anchor { element, id, text } => anchors.push(Anchor {
                    element: element.clone(),
                    id: id.split_whitespace().collect(),
                    text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                    location: reader.position,
                }),
            }
        }
        reader.end_token();
        let Reader {
            mut content,
            position,
            ..
        } = reader;
        if found.is_empty() {
            return None;
        }
        content.pop(); // the space after the last token
        let word_count = position.max(1) as usize;

        let meta_fields: Vec<String> = self.meta.keys().cloned().collect();
        let mut meta_words = Vec::new();
        for (field, value) in self.meta.values().enumerate() {
            let field = u16::try_from(field).unwrap_or(u16::MAX);
            for (position, token) in value.split_whitespace().enumerate() {
                meta_words.clear();
                splitter.meta_token(token, &mut meta_words);
                let position = u32::try_from(position).unwrap_or(u32::MAX);
                for Word { key, original, .. } in meta_words.drain(..) {
                    let at = MetaAt { field, position };
                    let entry = found.entry(key).or_default();
                    match original {
                        Some(form) => entry.meta_variants.entry(form).or_default().push(at),
                        None => entry.meta_plain.push(at),
                    }
                }
            }
        }

        let fragment = serde_json::to_string(&FragmentJson {
            url: &self.url,
            content: &content,
            word_count,
            filters: &self.filters,
            meta: &self.meta,
            anchors: &anchors,
        })
        .expect("a fragment is plain data");
        let fragment = Fragment::of(&fragment, level);
        let words = found.into_iter().map(|(key, f)| pack(key, f)).collect();
        Some(IndexedPage {
            fragment,
            word_count,
            filters: self.filters.clone(),
            meta_fields,
            words,
        })
    }
}

/// Reads the text pieces of a page into tokens and words.
struct Reader<'s, 'f, 'c> {
    splitter: &'s Splitter,
    found: &'f mut FxHashMap<String, Found>,
    /// The tokens so far, each followed by a space.
    content: String,
    /// The position of the next token.
    position: u32,
    weights: Vec<u8>,
    /// The token being read.
    token: String,
    cache: &'c mut WordCache,
}

impl Reader<'_, '_, '_> {
    fn top_weight(&self) -> u8 {
        self.weights.last().copied().unwrap_or(1)
    }

    fn read(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.end_token();
            } else if c != '\u{200B}' {
                self.token.push(c);
            }
        }
    }

    fn end_token(&mut self) {
        if self.token.is_empty() {
            return;
        }
        let token = std::mem::take(&mut self.token);
        self.content.push_str(&token);
        self.content.push(' ');
        let weight = self.top_weight();
        let words = self.splitter.text_words(self.cache, &token);
        let parts = words.iter().filter(|w| w.part).count();
        let part_weight = if parts > 0 && weight > 0 {
            (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        for word in words {
            let at = At {
                position: self.position,
                weight: if word.part { part_weight } else { weight },
            };
            let entry = match self.found.get_mut(word.key.as_str()) {
                Some(entry) => entry,
                None => self.found.entry(word.key.clone()).or_default(),
            };
            match &word.original {
                Some(form) => match entry.variants.get_mut(form.as_str()) {
                    Some(positions) => positions.push(at),
                    None => {
                        entry.variants.insert(form.clone(), vec![at]);
                    }
                },
                None => entry.plain.push(at),
            }
        }
        self.token = token;
        self.token.clear();
        self.position += 1;
    }
}

/// The stored weight of a block weighted `weight` times.
fn explicit_weight(weight: f32) -> u8 {
    if weight <= 0.0 {
        return 0;
    }
    ((weight.clamp(0.0, MOST_WEIGHT) * WEIGHT_SCALE) as u8).max(1)
}

/// The stored weight of a heading of `level` (1 to 6).
fn heading_weight(level: u8) -> u8 {
    let times = f32::from(8u8.saturating_sub(level.clamp(1, 6)));
    (times.clamp(0.0, MOST_WEIGHT) * WEIGHT_SCALE) as u8
}

/// One word's occurrences on a page, packed, with its variants in the
/// order the index lists them: those in the text (by form), then those
/// only in metadata (by form).
fn pack(key: String, found: Found) -> PageWord {
    let Found {
        plain,
        variants,
        meta_plain,
        mut meta_variants,
    } = found;
    let here = (!plain.is_empty() || !meta_plain.is_empty()).then(|| Positions {
        locs: pack_locs(plain),
        meta_locs: pack_meta(meta_plain),
    });
    let mut packed: Vec<(String, Positions)> = variants
        .into_iter()
        .map(|(form, at)| {
            let meta = meta_variants.remove(&form).unwrap_or_default();
            let positions = Positions {
                locs: pack_locs(at),
                meta_locs: pack_meta(meta),
            };
            (form, positions)
        })
        .collect();
    packed.extend(meta_variants.into_iter().map(|(form, meta)| {
        let positions = Positions {
            locs: Vec::new(),
            meta_locs: pack_meta(meta),
        };
        (form, positions)
    }));
    PageWord {
        key,
        here,
        variants: packed,
    }
}

/// Text positions: sorted by weight (the ordinary weight first) then
/// position; each change of weight is a marker and an absolute position,
/// the rest differences. The first entry is always a marker, since the
/// list starts from the weight 25, which no word has.
fn pack_locs(mut at: Vec<At>) -> Vec<i32> {
    at.sort_by_key(|a| (if a.weight == 25 { 0 } else { a.weight }, a.position));
    let mut locs = Vec::with_capacity(at.len() + 2);
    let (mut weight, mut last) = (25u8, 0u32);
    for At {
        position,
        weight: w,
    } in at
    {
        if w != weight {
            locs.push(-i32::from(w) - 1);
            locs.push(i32::try_from(position).unwrap_or(i32::MAX));
            weight = w;
        } else {
            locs.push(i32::try_from(position - last).unwrap_or(i32::MAX));
        }
        last = position;
    }
    locs
}

/// Metadata positions: by field then position; each field starts with its
/// marker, then differences counted from 0.
fn pack_meta(mut at: Vec<MetaAt>) -> Vec<i32> {
    at.sort_by_key(|a| (a.field, a.position));
    let mut locs = Vec::with_capacity(at.len() + 2);
    let (mut field, mut last) = (None, 0u32);
    for MetaAt { field: f, position } in at {
        if field != Some(f) {
            locs.push(-i32::from(f) - 1);
            field = Some(f);
            last = 0;
        }
        locs.push(i32::try_from(position - last).unwrap_or(i32::MAX));
        last = position;
    }
    locs
}
