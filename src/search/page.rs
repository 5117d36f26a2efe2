//! One page's share of the search index, made from the text Cairn already
//! has (no HTML is parsed again), on whichever thread renders the page.
//!
//! A [`Record`] is the page as search sees it: its address, the metadata
//! and filters a result shows, and its text as a stream of [`Piece`]s —
//! runs of text, blocks with a weight (the title counts ten times a body
//! word), headings and the anchors results link to. `Record::index`
//! cuts the text into tokens at whitespace, gives every token its position
//! (the browser builds excerpts by position, so the stored text and the
//! positions must agree token for token), makes the words of each token
//! ([`Splitter`], numbered in the `Lexicon`) and packs each word's
//! positions and weights the way the index stores them. What it returns,
//! an [`IndexedPage`], is the page's fragment file, ready to write, and its
//! words as numbers with their packed positions in one flat list, which
//! the site's index keeps as it is until it writes the chunks.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use serde::Serialize;

use super::files::Gzip;
use super::lexicon::Lexicon;
use super::words::{Splitter, WordCache, NO_FORM};

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
#[derive(Debug, Clone, PartialEq, minicbor::Encode, minicbor::Decode)]
pub enum Piece {
    /// Some text.
    #[n(0)]
    Text(#[n(0)] String),
    /// The start of a block whose words weigh `weight` times an ordinary
    /// word (0 to 10; 0 means the words are found but add nothing).
    #[n(1)]
    Weight(#[n(0)] f32),
    /// The start of a heading of level 1 to 6, whose words weigh more the
    /// higher the heading (7 times for level 1 down to 2 for level 6),
    /// unless it is inside a weighted block, whose weight it keeps.
    #[n(2)]
    Heading(#[n(0)] u8),
    /// The end of the innermost weighted block or heading.
    #[n(3)]
    End,
    /// An element results can link to (`#id`), before its text.
    #[n(4)]
    Anchor {
        /// Its HTML element: `h2` …; headings become sub-results.
        #[n(0)]
        element: String,
        #[n(1)]
        id: String,
        /// Its text, shown as the sub-result's title.
        #[n(2)]
        text: String,
    },
}

/// One page's part of the index.
#[derive(Debug, Clone)]
pub struct IndexedPage {
    /// The fragment the browser loads to show the result.
    pub fragment: Fragment,
    /// How many tokens the page's text has.
    pub word_count: u32,
    /// Its filters, as in the record.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Its metadata fields, by their numbers in the lexicon, in the order
    /// meta positions number them.
    pub fields: Vec<u32>,
    /// Its words and where they are.
    pub words: PageWords,
}

/// A page's fragment file: the SHA-1 of its JSON (which names the file)
/// and the file's bytes, compressed.
#[derive(Debug, Clone)]
pub struct Fragment {
    pub hash: String,
    pub file: Vec<u8>,
}

impl Fragment {
    fn of(json: &str, gzip: &mut Gzip) -> Fragment {
        Fragment {
            hash: super::files::hex_sha1(json.as_bytes()),
            file: gzip.compress(json.as_bytes()),
        }
    }
}

/// The words of a page with their positions packed as the index stores
/// them, by word number: for each word, its entry for the form without
/// diacritics (if it is written so) first, then one entry per form written
/// with diacritics, in the order the index lists them (forms in the text by
/// their bytes, then forms only in metadata by their bytes).
///
/// Held compactly, since a large site holds every page's words until its
/// chunks are written: eight bytes an entry, text positions already
/// encoded as the index stores them (mostly a byte each), and the rarer
/// metadata positions and forms with diacritics beside.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageWords {
    entries: Vec<Entry>,
    /// Every entry's text positions as a CBOR array, one after another.
    text: Vec<u8>,
    /// The entries with metadata positions: (entry, where they end in
    /// `meta_locs`), by entry.
    meta: Vec<(u32, u32)>,
    meta_locs: Vec<i32>,
    /// The entries for forms with diacritics: (entry, form), by entry.
    forms: Vec<(u32, u32)>,
}

impl PageWords {
    /// Adds to `changed` every word whose entries differ between `old` and
    /// `new`, or that only one of them has.
    pub fn changed_words(old: &PageWords, new: &PageWords, changed: &mut FxHashSet<u32>) {
        let group = |words: &PageWords, start: usize| {
            let word = words.word(start);
            let end = (start..words.len())
                .find(|&i| words.word(i) != word)
                .unwrap_or(words.len());
            (word, start..end)
        };
        let same = |a: std::ops::Range<usize>, b: std::ops::Range<usize>| {
            a.len() == b.len()
                && a.zip(b).all(|(i, j)| {
                    old.form(i) == new.form(j)
                        && old.text(i) == new.text(j)
                        && old.meta(i) == new.meta(j)
                })
        };
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            let a = (i < old.len()).then(|| group(old, i));
            let b = (j < new.len()).then(|| group(new, j));
            match (a, b) {
                (Some((wa, ra)), Some((wb, rb))) if wa == wb => {
                    (i, j) = (ra.end, rb.end);
                    if !same(ra, rb) {
                        changed.insert(wa);
                    }
                }
                (Some((wa, ra)), Some((wb, _))) if wa < wb => {
                    changed.insert(wa);
                    i = ra.end;
                }
                (Some((wa, ra)), None) => {
                    changed.insert(wa);
                    i = ra.end;
                }
                (_, Some((wb, rb))) => {
                    changed.insert(wb);
                    j = rb.end;
                }
                (None, None) => break,
            }
        }
    }
}

/// One word (in one form) of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    word: u32,
    /// Where its text positions end in [`PageWords::text`].
    end: u32,
}

impl PageWords {
    /// How many entries the page has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The word of entry `i`, by number.
    pub fn word(&self, i: usize) -> u32 {
        self.entries[i].word
    }

    /// The form with diacritics of entry `i`, or [`NO_FORM`].
    pub fn form(&self, i: usize) -> u32 {
        match self.forms.binary_search_by_key(&(i as u32), |&(at, _)| at) {
            Ok(at) => self.forms[at].1,
            Err(_) => NO_FORM,
        }
    }

    /// The text positions of entry `i`, as the CBOR array the index stores.
    pub fn text(&self, i: usize) -> &[u8] {
        let start = match i {
            0 => 0,
            _ => self.entries[i - 1].end as usize,
        };
        &self.text[start..self.entries[i].end as usize]
    }

    /// The metadata positions of entry `i` (field markers number the
    /// page's own fields).
    pub fn meta(&self, i: usize) -> &[i32] {
        match self.meta.binary_search_by_key(&(i as u32), |&(at, _)| at) {
            Ok(at) => {
                let start = match at {
                    0 => 0,
                    _ => self.meta[at - 1].1 as usize,
                };
                &self.meta_locs[start..self.meta[at].1 as usize]
            }
            Err(_) => &[],
        }
    }

    /// The words this page has in a form with diacritics (a word once per
    /// such form).
    pub fn form_words(&self) -> impl Iterator<Item = u32> + '_ {
        self.forms
            .iter()
            .map(|&(at, _)| self.entries[at as usize].word)
    }

    /// Adds to `weights` (by word number) how many positions each entry
    /// has, text and metadata, plus one per entry; and to `forms` every word
    /// with the forms with diacritics it has here. One pass in memory order.
    pub fn add_weights(&self, weights: &mut [usize], forms: &mut FxHashSet<(u32, u32)>) {
        let mut start = 0;
        for entry in &self.entries {
            let end = entry.end as usize;
            weights[entry.word as usize] += array_len(&self.text[start..end]) + 1;
            start = end;
        }
        let mut start = 0;
        for &(at, end) in &self.meta {
            weights[self.entries[at as usize].word as usize] += (end - start) as usize;
            start = end;
        }
        forms.extend(
            self.forms
                .iter()
                .map(|&(at, form)| (self.entries[at as usize].word, form)),
        );
    }
}

/// The length of the CBOR array `bytes` starts with (0 if it does not
/// start with one).
fn array_len(bytes: &[u8]) -> usize {
    let Some((&first, rest)) = bytes.split_first() else {
        return 0;
    };
    if first >> 5 != 4 {
        return 0;
    }
    let be = |n: usize| {
        rest.get(..n).map_or(0, |b| {
            b.iter().fold(0usize, |v, &b| v << 8 | usize::from(b))
        })
    };
    match first & 0x1f {
        short @ 0..24 => usize::from(short),
        24 => be(1),
        25 => be(2),
        26 => be(4),
        _ => be(8),
    }
}

/// One occurrence of a word in the text.
#[derive(Clone, Copy)]
struct At {
    word: u32,
    form: u32,
    weight: u8,
    position: u32,
}

impl At {
    /// The order the index keeps: by word, the form without diacritics
    /// first, then by weight (the ordinary weight first) and position.
    fn order(&self) -> u128 {
        let weight = if self.weight == 25 { 0 } else { self.weight };
        (u128::from(self.word) << 96)
            | (u128::from(form_order(self.form)) << 64)
            | (u128::from(weight) << 32)
            | u128::from(self.position)
    }
}

/// One occurrence of a word in a metadata field.
#[derive(Clone, Copy)]
struct MetaAt {
    word: u32,
    form: u32,
    field: u16,
    position: u32,
}

impl MetaAt {
    fn order(&self) -> u128 {
        (u128::from(self.word) << 96)
            | (u128::from(form_order(self.form)) << 64)
            | (u128::from(self.field) << 32)
            | u128::from(self.position)
    }
}

/// Forms in number order, the one without diacritics first.
fn form_order(form: u32) -> u32 {
    form.wrapping_add(1)
}

#[derive(Serialize)]
struct FragmentJson<'r> {
    url: &'r str,
    content: &'r str,
    word_count: u32,
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

/// What a page's index is made with: its words are split by the splitter,
/// numbered in the lexicon, and remembered in the cache; its fragment is
/// compressed with `gzip`.
pub(super) struct Words<'a> {
    pub splitter: &'a Splitter,
    pub lexicon: &'a Lexicon,
    pub cache: &'a mut WordCache,
    pub gzip: &'a mut Gzip,
}

impl Record {
    /// The page's part of the index, or `None` when its text has no word
    /// to find (such a page is left out of search).
    pub(super) fn index(&self, words: &mut Words) -> Option<IndexedPage> {
        let mut reader = Reader {
            words,
            found: Vec::new(),
            content: String::new(),
            position: 0,
            weights: vec![BASE_WEIGHT],
            token: String::new(),
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
            words,
            mut found,
            mut content,
            position,
            ..
        } = reader;
        if found.is_empty() {
            return None;
        }
        content.pop(); // the space after the last token
        let word_count = position.max(1);

        let fields: Vec<u32> = self.meta.keys().map(|f| words.lexicon.id(f)).collect();
        let mut meta_found = Vec::new();
        for (field, value) in self.meta.values().enumerate() {
            let field = u16::try_from(field).unwrap_or(u16::MAX);
            for (position, token) in value.split_whitespace().enumerate() {
                let position = u32::try_from(position).unwrap_or(u32::MAX);
                let refs = words.splitter.meta_words(words.cache, words.lexicon, token);
                meta_found.extend(refs.iter().map(|w| MetaAt {
                    word: w.key,
                    form: w.form,
                    field,
                    position,
                }));
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
        let fragment = Fragment::of(&fragment, words.gzip);
        drop(content);
        found.sort_unstable_by_key(At::order);
        meta_found.sort_unstable_by_key(MetaAt::order);
        Some(IndexedPage {
            fragment,
            word_count,
            filters: self.filters.clone(),
            fields,
            words: pack(&found, &meta_found, words.lexicon),
        })
    }
}

/// Reads the text pieces of a page into tokens and words.
struct Reader<'w, 'a> {
    words: &'w mut Words<'a>,
    found: Vec<At>,
    /// The tokens so far, each followed by a space.
    content: String,
    /// The position of the next token.
    position: u32,
    weights: Vec<u8>,
    /// The token being read.
    token: String,
}

impl Reader<'_, '_> {
    fn top_weight(&self) -> u8 {
        self.weights.last().copied().unwrap_or(1)
    }

    fn read(&mut self, text: &str) {
        let mut rest = text;
        while let Some(at) = rest.find(char::is_whitespace) {
            self.push(&rest[..at]);
            self.end_token();
            let space = rest[at..].chars().next().map_or(1, char::len_utf8);
            rest = &rest[at + space..];
        }
        self.push(rest);
    }

    /// Adds `part` (no whitespace in it) to the token being read, without
    /// its zero-width spaces.
    fn push(&mut self, part: &str) {
        if part.contains('\u{200B}') {
            self.token.extend(part.chars().filter(|&c| c != '\u{200B}'));
        } else {
            self.token.push_str(part);
        }
    }

    fn end_token(&mut self) {
        if self.token.is_empty() {
            return;
        }
        self.content.push_str(&self.token);
        self.content.push(' ');
        let weight = self.top_weight();
        let Words {
            splitter,
            lexicon,
            cache,
            ..
        } = &mut *self.words;
        let refs = splitter.text_words(cache, lexicon, &self.token);
        let parts = refs.iter().filter(|w| w.part).count();
        let part_weight = if parts > 0 && weight > 0 {
            (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        let position = self.position;
        self.found.extend(refs.iter().map(|w| At {
            word: w.key,
            form: w.form,
            weight: if w.part { part_weight } else { weight },
            position,
        }));
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

/// One word in one form: where its occurrences are in the sorted text and
/// metadata occurrences.
struct Group {
    word: u32,
    form: u32,
    text: std::ops::Range<usize>,
    meta: std::ops::Range<usize>,
}

/// The page's words from its occurrences (each list sorted by its
/// `order`), grouped by word and form and packed.
fn pack(text: &[At], meta: &[MetaAt], lexicon: &Lexicon) -> PageWords {
    let mut groups: Vec<Group> = Vec::new();
    let (mut t, mut m) = (0, 0);
    while t < text.len() || m < meta.len() {
        let text_key = text.get(t).map(|a| (a.word, form_order(a.form)));
        let meta_key = meta.get(m).map(|a| (a.word, form_order(a.form)));
        let key = match (text_key, meta_key) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        };
        let t_end = t + text[t..]
            .iter()
            .take_while(|a| (a.word, form_order(a.form)) == key)
            .count();
        let m_end = m + meta[m..]
            .iter()
            .take_while(|a| (a.word, form_order(a.form)) == key)
            .count();
        groups.push(Group {
            word: key.0,
            form: key.1.wrapping_sub(1),
            text: t..t_end,
            meta: m..m_end,
        });
        (t, m) = (t_end, m_end);
    }
    order_forms(&mut groups, lexicon);

    let mut words = PageWords {
        entries: Vec::with_capacity(groups.len()),
        text: Vec::with_capacity(text.len() + 2 * groups.len()),
        ..PageWords::default()
    };
    let mut locs = Vec::new();
    for group in &groups {
        let at = u32::try_from(words.entries.len()).expect("fewer than 4 billion words");
        locs.clear();
        pack_text(&text[group.text.clone()], &mut locs);
        let mut encoder = minicbor::Encoder::new(&mut words.text);
        encoder
            .array(locs.len() as u64)
            .expect("encoding to memory");
        for &loc in &locs {
            encoder.i32(loc).expect("encoding to memory");
        }
        if !group.meta.is_empty() {
            pack_meta(&meta[group.meta.clone()], &mut words.meta_locs);
            let end = u32::try_from(words.meta_locs.len()).expect("few metadata positions");
            words.meta.push((at, end));
        }
        if group.form != NO_FORM {
            words.forms.push((at, group.form));
        }
        words.entries.push(Entry {
            word: group.word,
            end: u32::try_from(words.text.len()).expect("fewer than 4 billion positions"),
        });
    }
    words.text.shrink_to_fit();
    words
}

/// Puts the forms with diacritics of each word in the order the index
/// lists them: those in the text by their bytes, then those only in
/// metadata by their bytes. Groups arrive by word, the form without
/// diacritics first.
fn order_forms(groups: &mut [Group], lexicon: &Lexicon) {
    let mut start = 0;
    while start < groups.len() {
        let word = groups[start].word;
        let end = start
            + groups[start..]
                .iter()
                .take_while(|g| g.word == word)
                .count();
        let forms = &mut groups[start..end];
        let first = usize::from(forms[0].form == NO_FORM);
        if forms.len() - first > 1 {
            forms[first..].sort_by_cached_key(|g| (g.text.is_empty(), lexicon.word(g.form)));
        }
        start = end;
    }
}

/// Text positions, sorted by weight (the ordinary weight first) then
/// position: each change of weight is a marker and an absolute position,
/// the rest differences. The first entry is always a marker, since the
/// list starts from the weight 25, which no word has.
fn pack_text(at: &[At], locs: &mut Vec<i32>) {
    let (mut weight, mut last) = (25u8, 0u32);
    for a in at {
        if a.weight != weight {
            locs.push(-i32::from(a.weight) - 1);
            locs.push(i32::try_from(a.position).unwrap_or(i32::MAX));
            weight = a.weight;
        } else {
            locs.push(i32::try_from(a.position - last).unwrap_or(i32::MAX));
        }
        last = a.position;
    }
}

/// Metadata positions, sorted by field then position: each field starts
/// with its marker, then differences counted from 0.
fn pack_meta(at: &[MetaAt], locs: &mut Vec<i32>) {
    let (mut field, mut last) = (None, 0u32);
    for a in at {
        if field != Some(a.field) {
            locs.push(-i32::from(a.field) - 1);
            field = Some(a.field);
            last = 0;
        }
        locs.push(i32::try_from(a.position - last).unwrap_or(i32::MAX));
        last = a.position;
    }
}
