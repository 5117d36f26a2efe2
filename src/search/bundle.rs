//! The site's search index, written in the on-disk format of Pagefind 1.6,
//! so that Pagefind's own browser client (`pagefind.js`, its worker and
//! WebAssembly, shipped unchanged) searches it.
//!
//! The format, per language (Cairn writes one, the site's):
//!
//! * `pagefind-entry.json`: the format version (`1.6.0`) and, per language,
//!   the name of its metadata file, whether it has a stemming WebAssembly
//!   module, and how many pages it has.
//! * `pagefind.LANG_HASH.pf_meta`: the pages (each its fragment's name and
//!   word count), the index chunks (the first and last word of each, or the
//!   shortest prefixes that tell neighbours apart, and the chunk's name),
//!   the filters (name → file) and the metadata field names.
//! * `index/LANG_HASH.pf_index`: the words of one chunk, sorted by their
//!   UTF-8 bytes; per word the pages it is on (page numbers as differences
//!   from the one before) with its packed positions
//!   ([`Positions`](super::page::Positions)), and the forms written with
//!   diacritics, each with its own pages. A chunk closes once its words'
//!   entries add up to the chunk size (20,000 by default).
//! * `filter/LANG_HASH.pf_filter`: one filter's values, sorted, each with
//!   the pages (absolute numbers) that carry it.
//! * `fragment/LANG_HASH.pf_fragment`: one page's JSON: address, text,
//!   word count, filters, metadata and anchors.
//!
//! The binary files are CBOR, every record an array of its fields in order.
//! Every index, filter, fragment and metadata file is the bytes
//! `pagefind_dcd` then the payload, gzipped. A file's name is the SHA-1 of
//! its payload written as hexadecimal without leading zeros on each byte,
//! cut to the language, `_` and 7 characters (the metadata file: 8 more
//! than the language's length), made longer while it collides.
//!
//! Pages may be added in any order, each with a rank; they are numbered in
//! rank order, so the same pages always make the same files. The browser
//! reads a result's page from its number.

use std::collections::BTreeMap;

use minicbor::Encode;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::files::{gzipped, hex_sha1};
use super::page::{Fragment, IndexedPage, Positions};
use super::words::WORD_SYMBOLS;

/// The version of the format written, which the browser client checks.
pub const FORMAT_VERSION: &str = "1.6.0";

/// How many word entries an index chunk holds before it closes. Pagefind
/// uses 20,000; measured on the 10,000-page corpus (scripts/bench.py
/// --search), 10,000 leaves the median download of a search as it was
/// (355 kB over five queries) and cuts the worst from 814 kB to 560 kB, for
/// 6 kB more metadata.
pub const CHUNK_SIZE: usize = 10_000;

/// The index of one language, filled page by page.
pub struct Bundle {
    language: String,
    /// Per page, by rank: its fragment and word count.
    pages: BTreeMap<usize, (Fragment, usize)>,
    words: FxHashMap<String, WordPages>,
    /// Filter → value → the pages carrying it, in page order.
    filters: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    /// Metadata field names, in the order first seen; meta positions in
    /// `words` name fields by their place here until the files are made.
    fields: Vec<String>,
}

/// Where one word is: on which pages, as written without diacritics, and
/// in each form written with them.
#[derive(Default)]
struct WordPages {
    pages: Postings,
    /// Each form with where it was first seen (rank, place on that page),
    /// which orders the forms as the pages do.
    variants: Vec<((usize, usize), String, Postings)>,
}

/// A word's packed positions page by page, held flat: a large site has
/// millions of (word, page) entries, and a record of its own for each
/// would cost more memory than its positions.
#[derive(Default)]
struct Postings {
    /// Each entry's page, by rank.
    ranks: Vec<u32>,
    /// Where each entry's positions end in `locs`, and how many of them are
    /// text positions (the rest are metadata positions).
    ends: Vec<(u32, u32)>,
    locs: Vec<i32>,
}

impl Postings {
    fn push(&mut self, rank: u32, positions: &Positions, fields: &[i32]) {
        self.ranks.push(rank);
        self.locs.extend_from_slice(&positions.locs);
        self.locs
            .extend(renumber_fields(positions.meta_locs.clone(), |local| {
                fields[local]
            }));
        let end = u32::try_from(self.locs.len()).expect("fewer than 4 billion positions");
        let text = u32::try_from(positions.locs.len()).expect("fewer than 4 billion positions");
        self.ends.push((end, text));
    }

    /// How much the entries weigh towards a chunk's size: each position,
    /// and one per page.
    fn weight(&self) -> usize {
        self.locs.len() + self.ranks.len()
    }

    /// The entries as the index stores them: by page number, as
    /// differences, with metadata fields numbered by `field`.
    fn packed(&self, number: &FxHashMap<u32, usize>, field: &[i32]) -> Vec<PackedPage> {
        let mut pages: Vec<PackedPage> = Vec::with_capacity(self.ranks.len());
        let mut start = 0;
        for (rank, &(end, text)) in self.ranks.iter().zip(&self.ends) {
            let (start_at, end_at) = (start as usize, end as usize);
            let split = start_at + text as usize;
            pages.push(PackedPage {
                page_number: number[rank],
                locs: self.locs[start_at..split].to_vec(),
                meta_locs: renumber_fields(self.locs[split..end_at].to_vec(), |i| field[i]),
            });
            start = end;
        }
        differences(&mut pages);
        pages
    }
}

/// One file of the index: its path under the index folder, and its bytes.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub contents: Vec<u8>,
}

impl Bundle {
    pub fn new(language: &str) -> Bundle {
        Bundle {
            language: language.to_owned(),
            pages: BTreeMap::new(),
            words: FxHashMap::default(),
            filters: BTreeMap::new(),
            fields: Vec::new(),
        }
    }

    /// How many pages have been added.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Adds a page; pages are numbered in the order of their `rank`s.
    pub fn add(&mut self, rank: usize, page: IndexedPage) {
        let rank32 = u32::try_from(rank).expect("fewer than 4 billion files");
        // The page's metadata fields by their place in `fields`.
        let fields: Vec<i32> = page
            .meta_fields
            .iter()
            .map(|name| {
                let at = match self.fields.iter().position(|f| f == name) {
                    Some(at) => at,
                    None => {
                        self.fields.push(name.clone());
                        self.fields.len() - 1
                    }
                };
                i32::try_from(at).expect("few metadata fields")
            })
            .collect();
        for word in page.words {
            let entry = self.words.entry(word.key).or_default();
            if let Some(here) = &word.here {
                entry.pages.push(rank32, here, &fields);
            }
            for (ordinal, (form, positions)) in word.variants.into_iter().enumerate() {
                match entry.variants.iter_mut().find(|(_, f, _)| *f == form) {
                    Some((first, _, postings)) => {
                        *first = (*first).min((rank, ordinal));
                        postings.push(rank32, &positions, &fields);
                    }
                    None => {
                        let mut postings = Postings::default();
                        postings.push(rank32, &positions, &fields);
                        entry.variants.push(((rank, ordinal), form, postings));
                    }
                }
            }
        }
        for (filter, values) in page.filters {
            let by_value = self.filters.entry(filter).or_default();
            for value in values {
                by_value.entry(value).or_default().push(rank32);
            }
        }
        self.pages.insert(rank, (page.fragment, page.word_count));
    }

    /// Every file of the index. `wasm` says whether the browser client has a
    /// stemming module for this language; `chunk_size` is [`CHUNK_SIZE`]
    /// (Pagefind's own, 20,000, to compare with it); `level` is the gzip
    /// level.
    pub fn files(self, wasm: bool, chunk_size: usize, level: u32) -> Vec<IndexFile> {
        let Bundle {
            language,
            pages,
            words,
            filters,
            fields,
        } = self;
        let lang = language.as_str();
        let gzip = |payload: &[u8]| gzipped(payload, level);
        // Ranks to page numbers.
        let number: FxHashMap<u32, usize> = pages
            .keys()
            .enumerate()
            .map(|(n, &rank)| (u32::try_from(rank).expect("fewer than 4 billion files"), n))
            .collect();
        let pages: Vec<(Fragment, usize)> = pages.into_values().collect();

        // Metadata field ids: from first seen to sorted by name.
        let mut meta_fields = fields.clone();
        meta_fields.sort();
        meta_fields.dedup();
        let sorted_id: Vec<i32> = fields
            .iter()
            .map(|f| {
                let at = meta_fields.binary_search(f).expect("a known field");
                i32::try_from(at).expect("few metadata fields")
            })
            .collect();

        // Fragments, one per page, named in page order.
        let fragment_names = short_names(lang, pages.iter().map(|(f, _)| f.hash.clone()));
        let mut meta_pages: Vec<MetaPage> = Vec::with_capacity(pages.len());
        let mut files: Vec<IndexFile> = Vec::with_capacity(pages.len() + 64);
        for ((fragment, word_count), hash) in pages.into_iter().zip(fragment_names) {
            files.push(IndexFile {
                path: format!("fragment/{hash}.pf_fragment"),
                contents: fragment.file,
            });
            meta_pages.push(MetaPage {
                hash,
                word_count: u32::try_from(word_count).unwrap_or(u32::MAX),
                group_hash: String::new(),
            });
        }
        let page_count = meta_pages.len();

        // Words, sorted by their bytes, cut into chunks.
        let mut words: Vec<(String, WordPages)> = words.into_iter().collect();
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let chunks = chunked(words, chunk_size);
        let bounds = chunk_bounds(&chunks);
        let encoded: Vec<(Vec<u8>, String)> = chunks
            .into_par_iter()
            .map(|chunk| {
                let words: Vec<PackedWord> = chunk
                    .into_iter()
                    .map(|(word, mut found)| {
                        found.variants.sort_by_key(|(first, _, _)| *first);
                        PackedWord {
                            word,
                            pages: found.pages.packed(&number, &sorted_id),
                            additional_variants: found
                                .variants
                                .into_iter()
                                .map(|(_, form, postings)| PackedVariant {
                                    form,
                                    pages: postings.packed(&number, &sorted_id),
                                })
                                .collect(),
                        }
                    })
                    .collect();
                let payload = cbor(&WordIndex { words });
                let hash = hex_sha1(&payload);
                (payload, hash)
            })
            .collect();
        let chunk_names = short_names(lang, encoded.iter().map(|(_, hash)| hash.clone()));
        let index_chunks: Vec<MetaChunk> = bounds
            .into_iter()
            .zip(&chunk_names)
            .map(|((from, to), hash)| MetaChunk {
                from,
                to,
                hash: hash.clone(),
            })
            .collect();
        files.par_extend(
            encoded
                .into_par_iter()
                .zip(chunk_names)
                .map(|((payload, _), name)| IndexFile {
                    path: format!("index/{name}.pf_index"),
                    contents: gzip(&payload),
                }),
        );

        // Filters, by name, each value with its pages.
        let encoded_filters: Vec<(String, Vec<u8>)> = filters
            .into_iter()
            .map(|(filter, values)| {
                let values = values
                    .into_iter()
                    .map(|(value, ranks)| {
                        let mut pages: Vec<usize> = ranks.iter().map(|r| number[r]).collect();
                        pages.sort_unstable();
                        PackedValue { value, pages }
                    })
                    .collect();
                let payload = cbor(&FilterIndex {
                    filter: filter.clone(),
                    values,
                });
                (filter, payload)
            })
            .collect();
        let filter_names = short_names(
            lang,
            encoded_filters.iter().map(|(_, payload)| hex_sha1(payload)),
        );
        let mut meta_filters = Vec::new();
        for ((filter, payload), name) in encoded_filters.into_iter().zip(filter_names) {
            files.push(IndexFile {
                path: format!("filter/{name}.pf_filter"),
                contents: gzip(&payload),
            });
            meta_filters.push(MetaFilter { filter, hash: name });
        }

        // The metadata, then the entry that names it.
        let meta = cbor(&MetaIndex {
            version: FORMAT_VERSION.to_owned(),
            pages: meta_pages,
            index_chunks,
            filters: meta_filters,
            sorts: Vec::new(),
            meta_fields,
        });
        let meta_hex = hex_sha1(&meta);
        let meta_hash = format!("{lang}_{}", prefix(&meta_hex, lang.len() + 8));
        files.push(IndexFile {
            path: format!("pagefind.{meta_hash}.pf_meta"),
            contents: gzip(&meta),
        });
        files.push(IndexFile {
            path: "pagefind-entry.json".to_owned(),
            contents: entry_json(lang, &meta_hash, wasm, page_count).into_bytes(),
        });
        files
    }
}

/// Rewrites the field markers of packed meta positions with `id`.
fn renumber_fields(mut meta_locs: Vec<i32>, id: impl Fn(usize) -> i32) -> Vec<i32> {
    for loc in &mut meta_locs {
        if *loc < 0 {
            let field = usize::try_from(-*loc - 1).expect("a field marker");
            *loc = -id(field) - 1;
        }
    }
    meta_locs
}

/// Page numbers as differences from the one before (sorted first).
fn differences(pages: &mut [PackedPage]) {
    pages.sort_by_key(|p| p.page_number);
    let mut last = 0;
    for page in pages {
        let number = page.page_number;
        page.page_number = number - last;
        last = number;
    }
}

/// Sorted words cut into chunks: a chunk closes once the entries of its
/// words (positions, plus one per page and per variant) reach `size`.
fn chunked(words: Vec<(String, WordPages)>, size: usize) -> Vec<Vec<(String, WordPages)>> {
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut filled = 0;
    for (word, found) in words {
        filled += found.pages.weight()
            + found
                .variants
                .iter()
                .map(|(_, _, p)| p.weight())
                .sum::<usize>()
            + found.variants.len();
        chunk.push((word, found));
        if filled >= size {
            chunks.push(std::mem::take(&mut chunk));
            filled = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// The first and last word of each chunk, where two neighbours meet cut to
/// the shortest prefixes that still tell them apart.
fn chunk_bounds(chunks: &[Vec<(String, WordPages)>]) -> Vec<(String, String)> {
    let mut bounds: Vec<(String, String)> = chunks
        .iter()
        .map(|chunk| {
            let word = |w: Option<&(String, WordPages)>| w.map(|w| w.0.clone()).unwrap_or_default();
            (word(chunk.first()), word(chunk.last()))
        })
        .collect();
    for i in 1..bounds.len() {
        let (to, from) = (&bounds[i - 1].1, &bounds[i].0);
        let common = from
            .chars()
            .zip(to.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let to_cut: String = to.chars().take(common + 1).collect();
        let from_cut: String = from.chars().take(common + 1).collect();
        if to_cut >= bounds[i - 1].0 {
            bounds[i - 1].1 = to_cut;
        }
        bounds[i].0 = from_cut;
    }
    bounds
}

/// File names for payloads with these hashes, in order: the language, `_`
/// and 7 characters of the hash, one more while the name is taken.
fn short_names(lang: &str, hashes: impl Iterator<Item = String>) -> Vec<String> {
    let mut taken: FxHashSet<String> = FxHashSet::default();
    hashes
        .map(|hash| {
            let full = format!("{lang}_{hash}");
            let mut length = lang.len() + 8;
            while taken.contains(prefix(&full, length)) && length < full.len() {
                length += 1;
            }
            let name = prefix(&full, length).to_owned();
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// The first `n` bytes of an ASCII string (all of it if shorter).
fn prefix(s: &str, n: usize) -> &str {
    &s[..n.min(s.len())]
}

fn cbor<T: Encode<()>>(value: &T) -> Vec<u8> {
    minicbor::to_vec(value).expect("encoding to memory")
}

fn entry_json(lang: &str, meta_hash: &str, wasm: bool, page_count: usize) -> String {
    #[derive(Serialize)]
    struct Language<'a> {
        hash: &'a str,
        wasm: Option<&'a str>,
        page_count: usize,
    }
    #[derive(Serialize)]
    struct Entry<'a> {
        version: &'a str,
        languages: BTreeMap<&'a str, Language<'a>>,
        include_characters: Vec<String>,
    }
    let language = Language {
        hash: meta_hash,
        wasm: wasm.then_some(lang),
        page_count,
    };
    serde_json::to_string(&Entry {
        version: FORMAT_VERSION,
        languages: BTreeMap::from([(lang, language)]),
        include_characters: WORD_SYMBOLS.iter().map(char::to_string).collect(),
    })
    .expect("plain data")
}

#[derive(Encode)]
struct MetaIndex {
    #[n(0)]
    version: String,
    #[n(1)]
    pages: Vec<MetaPage>,
    #[n(2)]
    index_chunks: Vec<MetaChunk>,
    #[n(3)]
    filters: Vec<MetaFilter>,
    #[n(4)]
    sorts: Vec<MetaSort>,
    #[n(5)]
    meta_fields: Vec<String>,
}

#[derive(Encode)]
struct MetaPage {
    #[n(0)]
    hash: String,
    #[n(1)]
    word_count: u32,
    #[n(2)]
    group_hash: String,
}

#[derive(Encode)]
struct MetaChunk {
    #[n(0)]
    from: String,
    #[n(1)]
    to: String,
    #[n(2)]
    hash: String,
}

#[derive(Encode)]
struct MetaFilter {
    #[n(0)]
    filter: String,
    #[n(1)]
    hash: String,
}

/// Pages in the order of a sort key; Cairn writes none.
#[derive(Encode)]
struct MetaSort {
    #[n(0)]
    sort: String,
    #[n(1)]
    pages: Vec<usize>,
}

#[derive(Encode)]
struct WordIndex {
    #[n(0)]
    words: Vec<PackedWord>,
}

#[derive(Encode)]
struct PackedWord {
    #[n(0)]
    word: String,
    #[n(1)]
    pages: Vec<PackedPage>,
    #[n(2)]
    additional_variants: Vec<PackedVariant>,
}

#[derive(Encode)]
struct PackedVariant {
    #[n(0)]
    form: String,
    #[n(1)]
    pages: Vec<PackedPage>,
}

#[derive(Encode)]
struct PackedPage {
    #[n(0)]
    page_number: usize,
    #[n(1)]
    locs: Vec<i32>,
    #[n(2)]
    meta_locs: Vec<i32>,
}

#[derive(Encode)]
struct FilterIndex {
    #[n(0)]
    filter: String,
    #[n(1)]
    values: Vec<PackedValue>,
}

#[derive(Encode)]
struct PackedValue {
    #[n(0)]
    value: String,
    #[n(1)]
    pages: Vec<usize>,
}
