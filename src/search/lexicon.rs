//! Every word of the index by number, shared by the threads that index
//! pages: a page's words are held as numbers, so comparing, sorting and
//! grouping them costs no string work, and each word is stored once
//! however many pages it is on.
//!
//! A thread asks here only for a token it has not split before (see
//! [`WordCache`](super::words::WordCache)), so the lock is rarely taken.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

/// Words (index keys, forms with diacritics, metadata field names) and
/// their numbers.
#[derive(Default)]
pub struct Lexicon {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    ids: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
}

impl Lexicon {
    /// The number of `word`, given one if it has none yet.
    pub fn id(&self, word: &str) -> u32 {
        let mut inner = self.lock();
        if let Some(&id) = inner.ids.get(word) {
            return id;
        }
        let id = u32::try_from(inner.words.len()).expect("fewer than 4 billion words");
        inner.words.push(word.into());
        inner.ids.insert(word.into(), id);
        id
    }

    /// The word numbered `id`.
    pub fn word(&self, id: u32) -> Box<str> {
        self.lock().words[id as usize].clone()
    }

    /// Every word, by number.
    pub fn words(&self) -> Vec<Box<str>> {
        self.lock().words.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The map is left consistent between statements, so a panic on
        // another thread leaves it usable.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_keeps_its_number() {
        let lexicon = Lexicon::default();
        let a = lexicon.id("handov");
        let b = lexicon.id("café");
        assert_ne!(a, b);
        assert_eq!(lexicon.id("handov"), a);
        assert_eq!(&*lexicon.word(b), "café");
        assert_eq!(lexicon.words().len(), 2);
    }
}
