//! The search index `cairn serve` keeps up to date while the author
//! writes.
//!
//! Every page's words stay in memory between saves. A save hands over the
//! records of the pages it re-rendered; only those are split into words
//! again, and a page whose words and fragment came out the same changes
//! nothing. The chunks keep the cuts of the index written before: only a
//! chunk holding a word whose entries changed is encoded and compressed
//! again, and the others keep their files. The metadata and the filters,
//! which are small, are written each time. When pages come or go (so that
//! page numbers move) every chunk is encoded again, still without
//! splitting any page but those handed over.
//!
//! Files are named by their contents, so every save makes new names and
//! leaves files of the index before it unused. [`LiveIndex::files`] names
//! those of the index as it now is, so that the server can let go of the
//! others: a long editing session does not pile up old indexes in memory.

use std::sync::Mutex;

use rustc_hash::FxHashSet;

use super::bundle::{self, Chunking, IndexFile, Layout, Page, Sink};
use super::page::{PageWords, Record};
use super::{client_files, Indexing, GZIP_LEVEL};
use crate::diagnostics::Diagnostic;

/// The served index of one language.
pub struct LiveIndex {
    language: String,
    indexing: Indexing,
    /// The browser side's files, written once, and whether the language
    /// has a stemming module.
    client: Option<bool>,
    /// Pages in the index, by rank, in rank order.
    ranks: Vec<u32>,
    pages: Vec<Page>,
    /// Each page's fragment: its hash and compressed file.
    fragments: Vec<(String, Vec<u8>)>,
    /// Fragment names already written.
    written: FxHashSet<String>,
    /// The chunks as last written, and the ranks their page numbers count.
    layout: Option<(Layout, Vec<u32>)>,
    /// The browser side's files (under the index folder).
    client_paths: Vec<String>,
    /// Every file of the index as it now is (under the index folder).
    files: FxHashSet<String>,
}

impl LiveIndex {
    pub fn new(language: &str) -> LiveIndex {
        LiveIndex {
            language: language.to_owned(),
            indexing: Indexing::new(language, GZIP_LEVEL),
            client: None,
            ranks: Vec::new(),
            pages: Vec::new(),
            fragments: Vec::new(),
            written: FxHashSet::default(),
            layout: None,
            client_paths: Vec::new(),
            files: FxHashSet::default(),
        }
    }

    /// The paths, under the index folder, of every file of the index as
    /// last updated: files written by earlier updates and not named here
    /// are no longer used.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    /// Takes in the pages re-rendered (by rank; pages are numbered in rank
    /// order) and writes the files that changed to `sink`.
    pub fn update(
        &mut self,
        records: &[(usize, Record)],
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        use rayon::prelude::*;
        let has_module = match self.client {
            Some(has_module) => has_module,
            None => {
                let (files, has_module) = client_files(&self.language)?;
                for file in files {
                    self.client_paths.push(file.path.clone());
                    sink.write(file);
                }
                self.client = Some(has_module);
                has_module
            }
        };
        let indexed: Vec<(u32, Option<super::page::IndexedPage>)> = records
            .par_iter()
            .map(|(rank, record)| {
                let rank = u32::try_from(*rank).expect("fewer than 4 billion files");
                (rank, self.indexing.index(record))
            })
            .collect();
        let mut changed: FxHashSet<u32> = FxHashSet::default();
        for (rank, page) in indexed {
            let at = self.ranks.binary_search(&rank);
            match (at, page) {
                (Ok(at), Some(page)) => {
                    if self.fragments[at].0 == page.fragment.hash
                        && self.pages[at].words == page.words
                    {
                        continue;
                    }
                    PageWords::changed_words(&self.pages[at].words, &page.words, &mut changed);
                    let (fragment, page) = Page::split(page);
                    self.fragments[at] = (fragment.hash, fragment.file);
                    self.pages[at] = page;
                }
                (Err(at), Some(page)) => {
                    let (fragment, page) = Page::split(page);
                    self.ranks.insert(at, rank);
                    self.fragments.insert(at, (fragment.hash, fragment.file));
                    self.pages.insert(at, page);
                }
                (Ok(at), None) => {
                    self.ranks.remove(at);
                    self.fragments.remove(at);
                    self.pages.remove(at);
                }
                (Err(_), None) => {}
            }
        }

        // Fragments: named in page order, each new name written.
        let lang = self.language.as_str();
        let names = bundle::short_names(lang, self.fragments.iter().map(|(hash, _)| hash.clone()));
        for ((page, name), (_, file)) in self.pages.iter_mut().zip(names).zip(&self.fragments) {
            if self.written.insert(name.clone()) {
                sink.write(IndexFile {
                    path: bundle::fragment_path(&name),
                    contents: file.clone(),
                });
            }
            page.fragment = name;
        }

        // A fragment no page names any more is not served again: should a
        // page's words come back to what they were, its fragment is
        // written again.
        let named: FxHashSet<&str> = self.pages.iter().map(|p| p.fragment.as_str()).collect();
        self.written.retain(|name| named.contains(name.as_str()));

        let words = self.indexing.lexicon.words();
        let chunking = match &self.layout {
            Some((layout, ranks)) => Chunking::Kept {
                layout,
                changed: (*ranks == self.ranks).then_some(&changed),
            },
            None => Chunking::Size(bundle::CHUNK_SIZE),
        };
        let recording = Recording {
            sink,
            paths: Mutex::new(Vec::new()),
        };
        let layout = bundle::write_pages(
            lang,
            &self.pages,
            &words,
            chunking,
            has_module,
            GZIP_LEVEL,
            &recording,
        );
        // The index now: the client, every page's fragment, every chunk,
        // and what was just written (the filters, the metadata, the entry).
        let mut files: FxHashSet<String> = self.client_paths.iter().cloned().collect();
        files.extend(
            self.pages
                .iter()
                .map(|p| bundle::fragment_path(&p.fragment)),
        );
        files.extend(layout.chunk_paths());
        files.extend(
            recording
                .paths
                .into_inner()
                .unwrap_or_else(|p| p.into_inner()),
        );
        self.files = files;
        self.layout = Some((layout, self.ranks.clone()));
        Ok(())
    }
}

/// A sink that notes the path of every file written through it, as
/// finally named.
struct Recording<'a> {
    sink: &'a dyn Sink,
    paths: Mutex<Vec<String>>,
}

impl Sink for Recording<'_> {
    fn write(&self, file: IndexFile) {
        self.paths
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(file.path.clone());
        self.sink.write(file);
    }

    fn rename(&self, from: &str, to: &str) {
        {
            let mut paths = self.paths.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(path) = paths.iter_mut().find(|p| *p == from) {
                to.clone_into(path);
            }
        }
        self.sink.rename(from, to);
    }
}
