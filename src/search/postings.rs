//! Each word's postings — the pages it is on, each with its positions
//! there — encoded as the index chunks hold them, gathered from the pages
//! in page order.
//!
//! The pages keep their words by word (see [`PageWords`]), and a chunk
//! wants them the other way round: per word, every page it is on. Reading
//! each posting from its page as a chunk is encoded jumps to another page's
//! memory at every posting, and on a large site nearly every jump missed
//! the processor's caches (9% of a 100,000-page build). So the postings
//! are gathered in a few batches of words instead: one pass over the pages,
//! in order, copies each posting of the batch's words to its word's place
//! in one buffer, and the batch's chunks then copy whole words from there.
//!
//! A word written with diacritics somewhere (`café`) has one list per form,
//! in an order that depends on the pages; those rare words are read from
//! their pages as before ([`Postings::form_entries`]).

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::page::PageWords;

/// Marks a word outside the batch being gathered.
const NOT_GATHERED: u32 = u32::MAX;

/// The pages' words, ready to be gathered word by word.
pub(super) struct Postings<'a> {
    pages: Vec<&'a PageWords>,
    /// Per page, the index's number of each of its metadata fields.
    field_ids: &'a [Vec<i32>],
    /// By word number: whether any page has it in a form with diacritics.
    with_forms: &'a [bool],
    /// By word number (words without forms): the bytes of its postings,
    /// and how many there are.
    sizes: Vec<(usize, u32)>,
    /// The entries of each word with forms: page number and entry, in page
    /// order.
    form_entries: FxHashMap<u32, Vec<(u32, u32)>>,
}

/// The postings of a batch of words, each word's one after another.
pub(super) struct Gathered {
    bytes: Vec<u8>,
    /// By word number: its place in `starts`, or [`NOT_GATHERED`].
    slot: Vec<u32>,
    /// By place: where the word's postings start in `bytes`; one more
    /// entry, the end.
    starts: Vec<usize>,
    counts: Vec<u32>,
}

impl Gathered {
    /// How many pages `word` is on, and its postings; `None` for a word
    /// not in the batch.
    pub(super) fn word(&self, word: u32) -> Option<(u32, &[u8])> {
        let slot = *self.slot.get(word as usize)?;
        if slot == NOT_GATHERED {
            return None;
        }
        let slot = slot as usize;
        Some((
            self.counts[slot],
            &self.bytes[self.starts[slot]..self.starts[slot + 1]],
        ))
    }
}

impl<'a> Postings<'a> {
    /// Measures every word's postings: one pass over `pages`, in page order.
    pub(super) fn new(
        pages: Vec<&'a PageWords>,
        field_ids: &'a [Vec<i32>],
        with_forms: &'a [bool],
    ) -> Postings<'a> {
        let word_count = with_forms.len();
        let mut sizes = vec![(0usize, 0u32); word_count];
        let mut last = vec![0u32; word_count];
        let mut form_entries: FxHashMap<u32, Vec<(u32, u32)>> = FxHashMap::default();
        for (number, words) in pages.iter().enumerate() {
            let number = u32::try_from(number).expect("fewer than 4 billion pages");
            for at in 0..words.len() {
                let word = words.word(at);
                let w = word as usize;
                if with_forms[w] {
                    let at = u32::try_from(at).expect("fewer than 4 billion words");
                    form_entries.entry(word).or_default().push((number, at));
                    continue;
                }
                let size = posting_len(
                    number - last[w],
                    words.text(at),
                    words.meta(at),
                    &field_ids[number as usize],
                );
                last[w] = number;
                sizes[w].0 += size;
                sizes[w].1 += 1;
            }
        }
        Postings {
            pages,
            field_ids,
            with_forms,
            sizes,
            form_entries,
        }
    }

    /// Whether any page has `word`.
    pub(super) fn is_used(&self, word: u32) -> bool {
        self.sizes[word as usize].1 > 0 || self.form_entries.contains_key(&word)
    }

    /// The bytes of the postings of `words` (by number), all but those with
    /// forms: what [`Postings::gather`] would hold.
    pub(super) fn bytes_of(&self, words: &[u32]) -> usize {
        words
            .iter()
            .filter(|&&w| !self.with_forms[w as usize])
            .map(|&w| self.sizes[w as usize].0)
            .sum()
    }

    /// The postings of `words` (by number; those with forms are left out),
    /// copied from every page in one pass.
    pub(super) fn gather(&self, words: &[u32]) -> Gathered {
        let mut slot = vec![NOT_GATHERED; self.with_forms.len()];
        let mut starts = Vec::with_capacity(words.len() + 1);
        let mut counts = Vec::with_capacity(words.len());
        let mut end = 0;
        for &word in words.iter().filter(|&&w| !self.with_forms[w as usize]) {
            slot[word as usize] = u32::try_from(starts.len()).expect("fewer than 4 billion words");
            starts.push(end);
            let (size, count) = self.sizes[word as usize];
            counts.push(count);
            end += size;
        }
        starts.push(end);
        let mut bytes = vec![0u8; end];
        let mut next = starts.clone();
        let mut last = vec![0u32; counts.len()];
        let mut posting = Vec::new();
        for (number, page) in self.pages.iter().enumerate() {
            let number = u32::try_from(number).expect("fewer than 4 billion pages");
            for at in 0..page.len() {
                let place = slot[page.word(at) as usize];
                if place == NOT_GATHERED {
                    continue;
                }
                let place = place as usize;
                posting.clear();
                write_posting(
                    &mut posting,
                    number - last[place],
                    page.text(at),
                    page.meta(at),
                    &self.field_ids[number as usize],
                );
                last[place] = number;
                bytes[next[place]..next[place] + posting.len()].copy_from_slice(&posting);
                next[place] += posting.len();
            }
        }
        debug_assert_eq!(next[..counts.len()], starts[1..], "sizes measured right");
        Gathered {
            bytes,
            slot,
            starts,
            counts,
        }
    }

    /// The entries of a word with forms: page number and entry, in page
    /// order.
    pub(super) fn form_entries(&self, word: u32) -> &[(u32, u32)] {
        self.form_entries.get(&word).map_or(&[], Vec::as_slice)
    }

    /// The page `number`'s words.
    pub(super) fn page(&self, number: u32) -> &PageWords {
        self.pages[number as usize]
    }

    /// One posting of page `number`'s entry `at`, `last` the page number
    /// of the posting before (0 for the first), appended to `out`.
    pub(super) fn write_entry(&self, out: &mut Vec<u8>, number: u32, at: u32, last: u32) {
        let words = self.pages[number as usize];
        write_posting(
            out,
            number - last,
            words.text(at as usize),
            words.meta(at as usize),
            &self.field_ids[number as usize],
        );
    }
}

/// Groups consecutive items, each `size` bytes, into at most `most` runs of
/// about equal bytes.
pub(super) fn batches(sizes: &[usize], most: usize) -> Vec<Range<usize>> {
    let total: usize = sizes.iter().sum();
    runs(sizes, total.div_ceil(most.max(1)).max(1))
}

/// Consecutive items cut into runs: a run closes once its items' sizes
/// add up to `target`.
pub(super) fn runs(sizes: &[usize], target: usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut filled) = (0, 0);
    for (at, size) in sizes.iter().enumerate() {
        filled += size;
        if filled >= target {
            runs.push(start..at + 1);
            (start, filled) = (at + 1, 0);
        }
    }
    if start < sizes.len() {
        runs.push(start..sizes.len());
    }
    runs
}

/// One posting as a chunk holds it: `[page difference, text positions
/// (already CBOR), metadata positions]`, with each metadata field marker
/// turned from the page's numbering of its fields to the index's.
fn write_posting(out: &mut Vec<u8>, difference: u32, text: &[u8], meta: &[i32], fields: &[i32]) {
    head(out, 4, 3);
    head(out, 0, u64::from(difference));
    out.extend_from_slice(text);
    head(out, 4, meta.len() as u64);
    for &loc in meta {
        int(out, index_loc(loc, fields));
    }
}

/// The length of [`write_posting`]'s bytes.
fn posting_len(difference: u32, text: &[u8], meta: &[i32], fields: &[i32]) -> usize {
    1 + head_len(u64::from(difference))
        + text.len()
        + head_len(meta.len() as u64)
        + meta
            .iter()
            .map(|&loc| int_len(index_loc(loc, fields)))
            .sum::<usize>()
}

/// A metadata position with a field marker of the page's numbering turned
/// into the index's.
fn index_loc(loc: i32, fields: &[i32]) -> i32 {
    match loc {
        0.. => loc,
        _ => usize::try_from(-1 - i64::from(loc))
            .ok()
            .and_then(|field| fields.get(field))
            .map_or(loc, |&id| -id - 1),
    }
}

/// A CBOR head: major type `major` with argument `n`, in the shortest form.
fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let major = major << 5;
    if n < 24 {
        out.push(major | n as u8);
    } else if let Ok(n) = u8::try_from(n) {
        out.extend_from_slice(&[major | 24, n]);
    } else if let Ok(n) = u16::try_from(n) {
        out.push(major | 25);
        out.extend_from_slice(&n.to_be_bytes());
    } else if let Ok(n) = u32::try_from(n) {
        out.push(major | 26);
        out.extend_from_slice(&n.to_be_bytes());
    } else {
        out.push(major | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

fn head_len(n: u64) -> usize {
    match n {
        0..24 => 1,
        24..0x100 => 2,
        0x100..0x1_0000 => 3,
        0x1_0000..0x1_0000_0000 => 5,
        _ => 9,
    }
}

/// A CBOR integer: unsigned (major type 0) or negative (1, as -1 - n).
fn int(out: &mut Vec<u8>, value: i32) {
    match u64::try_from(value) {
        Ok(n) => head(out, 0, n),
        Err(_) => head(out, 1, u64::from((-1 - i64::from(value)) as u32)),
    }
}

fn int_len(value: i32) -> usize {
    match u64::try_from(value) {
        Ok(n) => head_len(n),
        Err(_) => head_len((-1 - i64::from(value)) as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same posting as minicbor encodes it.
    fn minicbor_posting(difference: u32, text: &[u8], meta: &[i32], fields: &[i32]) -> Vec<u8> {
        let mut e = minicbor::Encoder::new(Vec::new());
        e.array(3).unwrap().u64(u64::from(difference)).unwrap();
        e.writer_mut().extend_from_slice(text);
        e.array(meta.len() as u64).unwrap();
        for &loc in meta {
            e.i32(index_loc(loc, fields)).unwrap();
        }
        e.into_writer()
    }

    #[test]
    fn postings_are_encoded_as_minicbor_encodes_them_and_measured_right() {
        let text = [0x82, 0x01, 0x02];
        let fields = [0, 30, 300];
        let metas: [&[i32]; 5] = [
            &[],
            &[-1, 0, 5],
            &[-2, 23, 24, -3, 255, 256],
            &[-4, 65_535, 65_536, i32::MAX],
            &[i32::MIN, -25, -24],
        ];
        for difference in [0, 1, 23, 24, 255, 256, 65_535, 65_536, u32::MAX] {
            for meta in metas {
                let mut ours = Vec::new();
                write_posting(&mut ours, difference, &text, meta, &fields);
                assert_eq!(
                    ours,
                    minicbor_posting(difference, &text, meta, &fields),
                    "{difference} {meta:?}"
                );
                assert_eq!(ours.len(), posting_len(difference, &text, meta, &fields));
            }
        }
    }

    #[test]
    fn batches_split_bytes_about_evenly_and_cover_everything() {
        assert_eq!(batches(&[5, 5, 5, 5], 2), [0..2, 2..4]);
        assert_eq!(batches(&[1, 1, 10, 1], 2), [0..3, 3..4]);
        assert_eq!(batches(&[0, 0], 4), vec![(0..2)]);
        assert_eq!(batches(&[], 4), Vec::<Range<usize>>::new());
        let sizes: Vec<usize> = (0..1000).map(|i| i % 7).collect();
        let made = batches(&sizes, 8);
        assert!(made.len() <= 9, "{}", made.len());
        assert_eq!(made.first().map(|r| r.start), Some(0));
        assert_eq!(made.last().map(|r| r.end), Some(1000));
        assert!(made.windows(2).all(|w| w[0].end == w[1].start));
    }
}
