//! Which output files read which facts of the model: each file's reads as it
//! was last rendered, and the inverse, so that a change finds its readers
//! without looking at every file.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::render::Read;

/// The reads of every file of the plan, by index in the plan.
#[derive(Default)]
pub(super) struct Readers {
    /// What each file read when it was last rendered, sorted.
    reads: Vec<Vec<Read>>,
    /// The files that read each fact.
    readers: FxHashMap<Read, Vec<u32>>,
}

impl Readers {
    /// No reads yet for `files` files.
    pub(super) fn new(files: usize) -> Readers {
        Readers {
            reads: vec![Vec::new(); files],
            readers: FxHashMap::default(),
        }
    }

    /// The files (by index, sorted) that read any of `changes`.
    pub(super) fn of(&self, changes: &BTreeSet<Read>) -> Vec<usize> {
        let mut files: Vec<usize> = changes
            .iter()
            .filter_map(|read| self.readers.get(read))
            .flatten()
            .map(|&i| i as usize)
            .collect();
        files.sort_unstable();
        files.dedup();
        files
    }

    /// Keeps `reads` (sorted, each once) as what file `i` read.
    pub(super) fn set(&mut self, i: usize, reads: Vec<Read>) {
        let old = std::mem::take(&mut self.reads[i]);
        let at = u32::try_from(i).expect("fewer than 4 billion files");
        for read in old.iter().filter(|r| reads.binary_search(r).is_err()) {
            if let Some(files) = self.readers.get_mut(read) {
                files.retain(|&f| f != at);
                if files.is_empty() {
                    self.readers.remove(read);
                }
            }
        }
        for read in reads.iter().filter(|r| old.binary_search(r).is_err()) {
            self.readers.entry(*read).or_default().push(at);
        }
        self.reads[i] = reads;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linked::memory::List;
    use crate::model::site::{PageId, SectionId};

    #[test]
    fn a_change_finds_the_files_that_read_it_as_last_rendered() {
        let mut readers = Readers::new(3);
        readers.set(
            0,
            vec![Read::Page(PageId::from(0)), Read::Title(PageId::from(1))],
        );
        readers.set(1, vec![Read::Page(PageId::from(1))]);
        readers.set(
            2,
            vec![Read::Title(PageId::from(1)), Read::Review(List::Orphans)],
        );
        let title = BTreeSet::from([Read::Title(PageId::from(1))]);
        assert_eq!(readers.of(&title), vec![0, 2]);
        // File 0 no longer shows page 1's title; file 1 now does.
        readers.set(0, vec![Read::Page(PageId::from(0))]);
        readers.set(
            1,
            vec![Read::Page(PageId::from(1)), Read::Title(PageId::from(1))],
        );
        assert_eq!(readers.of(&title), vec![1, 2]);
        assert_eq!(
            readers.of(&BTreeSet::from([
                Read::Review(List::Orphans),
                Read::Page(PageId::from(0))
            ])),
            vec![0, 2]
        );
        assert!(readers
            .of(&BTreeSet::from([Read::Order(SectionId::from(4))]))
            .is_empty());
    }
}
