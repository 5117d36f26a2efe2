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
//!   from the one before) with its packed positions: in the text, a weight
//!   marker `-(weight + 1)` then an absolute position, then differences, by
//!   weight then position; in the metadata, a field marker `-(field + 1)`
//!   then differences from 0; and the forms written with diacritics, each
//!   with its own pages. A chunk closes once its words' entries add up to
//!   the chunk size (Pagefind's is 20,000; Cairn's is [`CHUNK_SIZE`]).
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
use std::sync::Mutex;

use minicbor::{Encode, Encoder};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Serialize;

use super::files::{gzipped, hex_sha1, Gzip};
use super::names::{prefix, Names};
use super::page::{Fragment, IndexedPage, PageWords};
use super::postings::{self, Gathered, Postings};
use super::words::{NO_FORM, WORD_SYMBOLS};

/// The version of the format written, which the browser client checks.
pub const FORMAT_VERSION: &str = "1.6.0";

/// How many word entries an index chunk holds before it closes. Pagefind
/// uses 20,000; measured on the 10,000-page corpus (scripts/bench.py
/// --search), 10,000 leaves the median download of a search as it was
/// (355 kB over five queries) and cuts the worst from 814 kB to 560 kB, for
/// 6 kB more metadata.
pub const CHUNK_SIZE: usize = 10_000;

/// One file of the index: its path under the index folder, and its bytes.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub contents: Vec<u8>,
}

/// Where the index's files go, each as soon as it is made.
pub trait Sink: Sync {
    fn write(&self, file: IndexFile);
    /// Renames a file written before (paths under the index folder).
    fn rename(&self, from: &str, to: &str);
}

/// The index of one language, filled page by page from any thread.
pub struct Bundle {
    language: String,
    /// Pages by rank, as they came.
    pages: Mutex<Vec<(u32, Page)>>,
    fragments: Names,
}

/// A page as the index keeps it until the index is written.
pub(super) struct Page {
    /// The name its fragment was written under.
    pub fragment: String,
    pub word_count: u32,
    pub filters: BTreeMap<String, Vec<String>>,
    pub fields: Vec<u32>,
    pub words: PageWords,
}

impl Page {
    /// An indexed page as kept, and its fragment; the fragment's name is
    /// left for the caller to give.
    pub(super) fn split(page: IndexedPage) -> (Fragment, Page) {
        let IndexedPage {
            fragment,
            word_count,
            filters,
            fields,
            words,
        } = page;
        let page = Page {
            fragment: String::new(),
            word_count,
            filters,
            fields,
            words,
        };
        (fragment, page)
    }
}

impl Bundle {
    pub fn new(language: &str) -> Bundle {
        Bundle {
            language: language.to_owned(),
            pages: Mutex::default(),
            fragments: Names::new(language),
        }
    }

    /// Adds a page (pages are numbered in the order of their `rank`s) and
    /// returns its fragment file, to be written now.
    pub fn add(&self, rank: usize, page: IndexedPage) -> IndexFile {
        let rank = u32::try_from(rank).expect("fewer than 4 billion files");
        let (fragment, mut page) = Page::split(page);
        page.fragment = self.fragments.claim(rank, &fragment.hash);
        let file = IndexFile {
            path: fragment_path(&page.fragment),
            contents: fragment.file,
        };
        self.pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((rank, page));
        file
    }

    /// Writes the rest of the index to `sink`: the chunks of words (in
    /// parallel), the filters, the metadata and the entry file; and gives
    /// fragments that share a short name the names Pagefind would.
    ///
    /// `words` are the lexicon's, by number. `wasm` says whether the
    /// browser client has a stemming module for this language;
    /// `chunk_size` is [`CHUNK_SIZE`] (Pagefind's own, 20,000, to compare
    /// with it); `level` is the gzip level.
    pub fn write(
        self,
        words: &[Box<str>],
        wasm: bool,
        chunk_size: usize,
        level: u32,
        sink: &dyn Sink,
    ) {
        let Bundle {
            language,
            pages,
            fragments,
        } = self;
        let lang = language.as_str();
        let mut pages = pages
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        pages.sort_unstable_by_key(|(rank, _)| *rank);
        let renamed = fragments.settle();
        for (from, to) in &renamed.renames {
            sink.rename(&fragment_path(from), &fragment_path(to));
        }
        let pages: Vec<Page> = pages
            .into_iter()
            .map(|(rank, mut page)| {
                if let Some(name) = renamed.names.get(&rank) {
                    page.fragment.clone_from(name);
                }
                page
            })
            .collect();

        write_pages(
            lang,
            &pages,
            words,
            Chunking::Size(chunk_size),
            wasm,
            level,
            sink,
        );
    }
}

/// How the words of an index are cut into chunks.
pub(super) enum Chunking<'a> {
    /// A chunk closes once its words weigh this much.
    Size(usize),
    /// Into the chunks of an index written before, encoding again only
    /// those that hold one of the `changed` words (by number; every chunk
    /// if `None`).
    Kept {
        layout: &'a Layout,
        changed: Option<&'a FxHashSet<u32>>,
    },
}

/// The chunks of an index as written: each one's first word (words from
/// it to the next chunk's first are in it) and its name.
#[derive(Debug, Clone, Default)]
pub(super) struct Layout {
    chunks: Vec<(Box<str>, String)>,
}

impl Layout {
    /// The paths of the chunk files, under the index folder.
    pub(super) fn chunk_paths(&self) -> impl Iterator<Item = String> + '_ {
        self.chunks.iter().map(|(_, name)| chunk_path(name))
    }

    /// The chunk a word goes in, by its place in the layout.
    fn chunk_of(&self, word: &str) -> usize {
        self.chunks
            .partition_point(|(first, _)| &**first <= word)
            .saturating_sub(1)
    }
}

/// Writes everything of the index but the fragments, for `pages` (in page
/// order, each naming its fragment) to `sink`: the chunks (in parallel),
/// the filters, the metadata and the entry file. Returns the chunks'
/// layout.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_pages(
    lang: &str,
    pages: &[Page],
    words: &[Box<str>],
    chunking: Chunking,
    wasm: bool,
    level: u32,
    sink: &dyn Sink,
) -> Layout {
    // Metadata fields: numbered by name; each page's own numbering mapped.
    let mut meta_fields: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.fields)
        .collect::<FxHashSet<_>>()
        .into_iter()
        .map(|&id| &*words[id as usize])
        .collect();
    meta_fields.sort_unstable();
    let field_ids: Vec<Vec<i32>> = pages
        .iter()
        .map(|p| {
            p.fields
                .iter()
                .map(|&id| {
                    let at = meta_fields
                        .binary_search(&&*words[id as usize])
                        .expect("a known field");
                    i32::try_from(at).expect("few metadata fields")
                })
                .collect()
        })
        .collect();

    let mut with_forms = vec![false; words.len()];
    for page in pages {
        for word in page.words.form_words() {
            with_forms[word as usize] = true;
        }
    }
    let encoder = Chunks {
        words,
        postings: Postings::new(
            pages.iter().map(|page| &page.words).collect(),
            &field_ids,
            &with_forms,
        ),
    };
    // The words some page has, in word order.
    let mut order: Vec<u32> = (0..words.len())
        .map(|w| u32::try_from(w).expect("fewer than 4 billion words"))
        .filter(|&w| encoder.postings.is_used(w))
        .collect();
    order.par_sort_unstable_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
    let word_of = |at: usize| words[order[at] as usize].to_string();
    let encode = |range: &std::ops::Range<usize>, gathered: &Gathered, worker: &mut ChunkWorker| {
        let mut payload = std::mem::take(&mut worker.payload);
        payload.clear();
        let payload = encoder.encode(payload, &order[range.clone()], gathered);
        let encoded = (hex_sha1(&payload), worker.gzip.compress(&payload));
        worker.payload = payload;
        encoded
    };
    let (chunks, names, firsts): (Vec<_>, Vec<String>, Vec<Box<str>>) = match chunking {
        Chunking::Size(size) => {
            let weights = weights(pages, words.len());
            let weights: Vec<usize> = order.iter().map(|&w| weights[w as usize]).collect();
            let chunks = chunked(&weights, size);
            // Encoded, compressed and written in parallel, named in order.
            let chunk_names = Names::new(lang);
            let names: Vec<String> = encode_chunks(
                &encoder,
                &order,
                &chunks,
                |_| true,
                level,
                &encode,
                |place, hash, contents| {
                    let place = u32::try_from(place).expect("fewer than 4 billion chunks");
                    let name = chunk_names.claim(place, &hash);
                    sink.write(IndexFile {
                        path: chunk_path(&name),
                        contents,
                    });
                    name
                },
            )
            .into_iter()
            .flatten()
            .collect();
            let renamed = chunk_names.settle();
            for (from, to) in &renamed.renames {
                sink.rename(&chunk_path(from), &chunk_path(to));
            }
            let names = names
                .into_iter()
                .enumerate()
                .map(|(place, name)| renamed.names.get(&(place as u32)).cloned().unwrap_or(name))
                .collect();
            let firsts = chunks.iter().map(|r| word_of(r.start).into()).collect();
            (chunks, names, firsts)
        }
        Chunking::Kept { layout, changed } => kept_chunks(
            lang, layout, changed, &order, words, sink, &encoder, &encode, level,
        ),
    };
    let bounds = chunk_bounds(
        chunks
            .iter()
            .map(|range| (word_of(range.start), word_of(range.end - 1)))
            .collect(),
    );
    let layout = Layout {
        chunks: firsts.into_iter().zip(names.iter().cloned()).collect(),
    };
    let index_chunks: Vec<MetaChunk> = bounds
        .into_iter()
        .zip(names)
        .map(|((from, to), hash)| MetaChunk { from, to, hash })
        .collect();
    drop(encoder);

    // Filters, by name, each value with its pages.
    let mut filters: BTreeMap<&str, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (number, page) in pages.iter().enumerate() {
        for (filter, values) in &page.filters {
            let by_value = filters.entry(filter).or_default();
            for value in values {
                by_value.entry(value).or_default().push(number);
            }
        }
    }
    let encoded_filters: Vec<(String, Vec<u8>)> = filters
        .into_iter()
        .map(|(filter, values)| {
            let values = values
                .into_iter()
                .map(|(value, mut pages)| {
                    pages.sort_unstable();
                    PackedValue {
                        value: value.to_owned(),
                        pages,
                    }
                })
                .collect();
            let payload = cbor(&FilterIndex {
                filter: filter.to_owned(),
                values,
            });
            (filter.to_owned(), payload)
        })
        .collect();
    let filter_names = short_names(
        lang,
        encoded_filters.iter().map(|(_, payload)| hex_sha1(payload)),
    );
    let mut meta_filters = Vec::new();
    for ((filter, payload), name) in encoded_filters.into_iter().zip(filter_names) {
        sink.write(IndexFile {
            path: format!("filter/{name}.pf_filter"),
            contents: gzipped(&payload, level),
        });
        meta_filters.push(MetaFilter { filter, hash: name });
    }

    // The metadata, then the entry that names it.
    let page_count = pages.len();
    let meta = cbor(&MetaIndex {
        version: FORMAT_VERSION.to_owned(),
        pages: pages
            .iter()
            .map(|page| MetaPage {
                hash: page.fragment.clone(),
                word_count: page.word_count,
                group_hash: String::new(),
            })
            .collect(),
        index_chunks,
        filters: meta_filters,
        sorts: Vec::new(),
        meta_fields: meta_fields.into_iter().map(str::to_owned).collect(),
    });
    let meta_hex = hex_sha1(&meta);
    let meta_hash = format!("{lang}_{}", prefix(&meta_hex, lang.len() + 8));
    sink.write(IndexFile {
        path: format!("pagefind.{meta_hash}.pf_meta"),
        contents: gzipped(&meta, level),
    });
    sink.write(IndexFile {
        path: "pagefind-entry.json".to_owned(),
        contents: entry_json(lang, &meta_hash, wasm, page_count).into_bytes(),
    });
    layout
}

/// The chunks of `order` (word numbers in word order) cut as `layout` cut
/// them: those holding a `changed` word are encoded and written again, the
/// others keep their files. A chunk left with no word is dropped. Returns
/// each chunk's words (places in `order`), name and first word.
#[allow(clippy::type_complexity, clippy::too_many_arguments)]
fn kept_chunks(
    lang: &str,
    layout: &Layout,
    changed: Option<&FxHashSet<u32>>,
    order: &[u32],
    words: &[Box<str>],
    sink: &dyn Sink,
    encoder: &Chunks,
    encode: &EncodeChunk,
    level: u32,
) -> (Vec<std::ops::Range<usize>>, Vec<String>, Vec<Box<str>>) {
    let mut dirty: FxHashSet<usize> = FxHashSet::default();
    if let Some(changed) = changed {
        dirty.extend(changed.iter().map(|&w| layout.chunk_of(&words[w as usize])));
    }
    let mut places: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (at, &word) in order.iter().enumerate() {
        let chunk = layout.chunk_of(&words[word as usize]);
        match places.last_mut() {
            Some((last, range)) if *last == chunk => range.end = at + 1,
            _ => places.push((chunk, at..at + 1)),
        }
    }
    let is_dirty =
        |chunk: usize| changed.is_none() || dirty.contains(&chunk) || layout.chunks.is_empty();
    let ranges: Vec<std::ops::Range<usize>> = places.iter().map(|(_, r)| r.clone()).collect();
    let encoded = encode_chunks(
        encoder,
        order,
        &ranges,
        |place| is_dirty(places[place].0),
        level,
        encode,
        |_, hash, contents| (hash, contents),
    );
    let mut taken: FxHashSet<String> = places
        .iter()
        .filter(|(chunk, _)| !is_dirty(*chunk))
        .map(|(chunk, _)| layout.chunks[*chunk].1.clone())
        .collect();
    let mut names = Vec::with_capacity(places.len());
    let mut firsts = Vec::with_capacity(places.len());
    for ((chunk, range), encoded) in places.iter().zip(encoded) {
        let first = match layout.chunks.get(*chunk) {
            Some((first, _)) => first.clone(),
            None => words[order[range.start] as usize].clone(),
        };
        firsts.push(first);
        let Some((hash, contents)) = encoded else {
            names.push(layout.chunks[*chunk].1.clone());
            continue;
        };
        let name = short_name(&mut taken, lang, &hash);
        sink.write(IndexFile {
            path: chunk_path(&name),
            contents,
        });
        names.push(name);
    }
    (places.into_iter().map(|(_, r)| r).collect(), names, firsts)
}

/// How one chunk is encoded: its places in word order, the postings
/// gathered for it, and the thread's worker; gives its hash and its file.
type EncodeChunk<'a> =
    dyn Fn(&std::ops::Range<usize>, &Gathered, &mut ChunkWorker) -> (String, Vec<u8>) + Sync + 'a;

/// How many batches the postings of a site's chunks are gathered in: a
/// pass over every page's words each, and an eighth of the postings held
/// at a time per thread.
const GATHER_BATCHES: usize = 8;

/// Encodes the chunks of `ranges` (places in `order`) that `wanted` picks,
/// in parallel, a batch of chunks at a time (their postings gathered
/// first), and hands each to `done` on the thread that encoded it.
/// Returns what `done` returned, by chunk; `None` for a chunk not wanted.
fn encode_chunks<T: Send>(
    encoder: &Chunks,
    order: &[u32],
    ranges: &[std::ops::Range<usize>],
    wanted: impl Fn(usize) -> bool + Sync,
    level: u32,
    encode: &EncodeChunk,
    done: impl Fn(usize, String, Vec<u8>) -> T + Sync,
) -> Vec<Option<T>> {
    let sizes: Vec<usize> = ranges
        .iter()
        .enumerate()
        .map(|(place, range)| match wanted(place) {
            true => encoder.postings.bytes_of(&order[range.clone()]).max(1),
            false => 0,
        })
        .collect();
    let batches = postings::batches(&sizes, GATHER_BATCHES);
    let encoded: Vec<Vec<Option<T>>> = batches
        .par_iter()
        .map(|batch| {
            let words: Vec<u32> = batch
                .clone()
                .filter(|&place| wanted(place))
                .flat_map(|place| order[ranges[place].clone()].iter().copied())
                .collect();
            if words.is_empty() {
                return batch.clone().map(|_| None).collect();
            }
            let gathered = encoder.postings.gather(&words);
            batch
                .clone()
                .into_par_iter()
                .map_init(
                    || ChunkWorker::new(level),
                    |worker, place| {
                        wanted(place).then(|| {
                            let (hash, contents) = encode(&ranges[place], &gathered, worker);
                            done(place, hash, contents)
                        })
                    },
                )
                .collect()
        })
        .collect();
    encoded.into_iter().flatten().collect()
}

pub(super) fn fragment_path(name: &str) -> String {
    format!("fragment/{name}.pf_fragment")
}

fn chunk_path(name: &str) -> String {
    format!("index/{name}.pf_index")
}

/// How much each word (by number) weighs towards its chunk's size: each
/// of its positions, one per page and form, and one per form with
/// diacritics. Read page by page, in memory order.
fn weights(pages: &[Page], word_count: usize) -> Vec<usize> {
    let mut weights = vec![0; word_count];
    let mut forms = FxHashSet::default();
    for page in pages {
        page.words.add_weights(&mut weights, &mut forms);
    }
    for (word, _) in forms {
        weights[word as usize] += 1;
    }
    weights
}

/// Sorted words cut into chunks, as ranges of places in word order: a
/// chunk closes once its words' weights reach `size`.
fn chunked(weights: &[usize], size: usize) -> Vec<std::ops::Range<usize>> {
    postings::runs(weights, size)
}

/// What a thread encoding chunks keeps from one chunk to the next: its
/// compressor and the buffer a chunk is encoded into.
struct ChunkWorker {
    gzip: Gzip,
    payload: Vec<u8>,
}

impl ChunkWorker {
    fn new(level: u32) -> ChunkWorker {
        ChunkWorker {
            gzip: Gzip::new(level),
            payload: Vec::new(),
        }
    }
}

/// What a chunk is encoded from.
struct Chunks<'a> {
    words: &'a [Box<str>],
    postings: Postings<'a>,
}

impl Chunks<'_> {
    /// The chunk of `words` (by number, in order), as CBOR: every record an
    /// array of its fields. The postings of words without forms come from
    /// `gathered`.
    fn encode(&self, into: Vec<u8>, words: &[u32], gathered: &Gathered) -> Vec<u8> {
        let mut e = Encoder::new(into);
        self.chunk(&mut e, words, gathered)
            .expect("encoding to memory");
        e.into_writer()
    }

    fn chunk(
        &self,
        e: &mut Encoder<Vec<u8>>,
        words: &[u32],
        gathered: &Gathered,
    ) -> Result<(), minicbor::encode::Error<std::convert::Infallible>> {
        e.array(1)?.array(words.len() as u64)?;
        for &word in words {
            e.array(3)?.str(&self.words[word as usize])?;
            if let Some((count, postings)) = gathered.word(word) {
                // Most words: every entry is for the form without diacritics.
                e.array(u64::from(count))?;
                e.writer_mut().extend_from_slice(postings);
                e.array(0)?;
                continue;
            }
            let entries = self.postings.form_entries(word);
            let form_of = |&(page, at): &(u32, u32)| self.postings.page(page).form(at as usize);
            let plain = entries.iter().filter(|r| form_of(r) == NO_FORM).count();
            self.postings(e, entries, plain, |r| form_of(r) == NO_FORM)?;
            // Forms with diacritics, in the order the pages first show them.
            let mut forms: Vec<u32> = Vec::new();
            for r in entries {
                let form = form_of(r);
                if form != NO_FORM && !forms.contains(&form) {
                    forms.push(form);
                }
            }
            e.array(forms.len() as u64)?;
            for form in forms {
                e.array(2)?.str(&self.words[form as usize])?;
                let count = entries.iter().filter(|r| form_of(r) == form).count();
                self.postings(e, entries, count, |r| form_of(r) == form)?;
            }
        }
        Ok(())
    }

    /// The pages of one form of a word with forms (the `count` of its
    /// `entries` that are `of_form`): page numbers as differences from the
    /// one before, each with its text and metadata positions.
    fn postings(
        &self,
        e: &mut Encoder<Vec<u8>>,
        entries: &[(u32, u32)],
        count: usize,
        of_form: impl Fn(&(u32, u32)) -> bool,
    ) -> Result<(), minicbor::encode::Error<std::convert::Infallible>> {
        e.array(count as u64)?;
        let mut last = 0;
        for &(page, at) in entries.iter().filter(|r| of_form(r)) {
            self.postings.write_entry(e.writer_mut(), page, at, last);
            last = page;
        }
        Ok(())
    }
}

/// The first and last word of each chunk, where two neighbours meet cut to
/// the shortest prefixes that still tell them apart.
fn chunk_bounds(mut bounds: Vec<(String, String)>) -> Vec<(String, String)> {
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
pub(super) fn short_names(lang: &str, hashes: impl Iterator<Item = String>) -> Vec<String> {
    let mut taken: FxHashSet<String> = FxHashSet::default();
    hashes
        .map(|hash| short_name(&mut taken, lang, &hash))
        .collect()
}

/// The name for a payload with this hash when the names in `taken` are
/// taken, which it joins.
fn short_name(taken: &mut FxHashSet<String>, lang: &str, hash: &str) -> String {
    let full = format!("{lang}_{hash}");
    let mut length = lang.len() + 8;
    while taken.contains(prefix(&full, length)) && length < full.len() {
        length += 1;
    }
    let name = prefix(&full, length).to_owned();
    taken.insert(name.clone());
    name
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
