//! File names for files written in any order, as Pagefind gives them in a
//! fixed one.
//!
//! Pagefind names the fragments (and the chunks) of an index in page (and
//! chunk) order: the language, `_` and the first 7 characters of the file's
//! hash, one more character while an earlier file has the name. Cairn writes
//! each file as soon as it is made, on whichever thread made it, so a file
//! claims its short name when it is written; should a file whose name is
//! taken come (1 in 5 sites of 10,000 pages has such a pair), it is written
//! under its whole hash instead, and [`Names::settle`] says which files to
//! rename so that every name is the one Pagefind's order gives.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

/// The characters of a hash in a short name.
const SHORT: usize = 7;

/// The names claimed so far for one kind of file.
pub struct Names {
    lang: String,
    /// By short name, the files that wanted it: their place in the order
    /// and their hash; the first came first and has the name.
    claims: Mutex<FxHashMap<String, Vec<(u32, String)>>>,
}

/// What [`Names::settle`] found: the renames to make, one after another,
/// and the final names of the files that were renamed, by place.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Settled {
    pub renames: Vec<(String, String)>,
    pub names: FxHashMap<u32, String>,
}

impl Names {
    pub fn new(lang: &str) -> Names {
        Names {
            lang: lang.to_owned(),
            claims: Mutex::default(),
        }
    }

    /// The name to write the file at `place` (in Pagefind's order), whose
    /// hash is `hash`, under now.
    pub fn claim(&self, place: u32, hash: &str) -> String {
        let full = format!("{}_{hash}", self.lang);
        let short = prefix(&full, self.lang.len() + 1 + SHORT).to_owned();
        let mut claims = self
            .claims
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let wanted = claims.entry(short.clone()).or_default();
        wanted.push((place, hash.to_owned()));
        if wanted.len() == 1 {
            short
        } else {
            full
        }
    }

    /// The renames that give every file the name Pagefind's order gives it.
    pub fn settle(self) -> Settled {
        let claims = self
            .claims
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut settled = Settled::default();
        let mut shared: Vec<(String, Vec<(u32, String)>)> =
            claims.into_iter().filter(|(_, c)| c.len() > 1).collect();
        shared.sort();
        for (short, mut wanted) in shared {
            let full = |hash: &str| format!("{}_{hash}", self.lang);
            // Every file under its whole hash first, then each under its own.
            settled.renames.push((short.clone(), full(&wanted[0].1)));
            wanted.sort();
            let mut taken: Vec<String> = Vec::new();
            for (place, hash) in wanted {
                let whole = full(&hash);
                let mut length = short.len();
                while taken.iter().any(|t| t == prefix(&whole, length)) && length < whole.len() {
                    length += 1;
                }
                let name = prefix(&whole, length).to_owned();
                taken.push(name.clone());
                if name != whole {
                    settled.renames.push((whole, name.clone()));
                }
                settled.names.insert(place, name);
            }
        }
        settled
    }
}

/// The first `n` bytes of an ASCII string (all of it if shorter).
pub fn prefix(s: &str, n: usize) -> &str {
    &s[..n.min(s.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_short_unless_an_earlier_file_has_it() {
        let names = Names::new("en");
        assert_eq!(names.claim(1, "abcdef0123"), "en_abcdef0");
        // Place 0 comes second but takes the short name in the end.
        assert_eq!(names.claim(0, "abcdef0999"), "en_abcdef0999");
        assert_eq!(names.claim(2, "abcdef0177"), "en_abcdef0177");
        assert_eq!(names.claim(3, "1234567"), "en_1234567");
        let settled = names.settle();
        assert_eq!(settled.names[&0], "en_abcdef0");
        assert_eq!(settled.names[&1], "en_abcdef01");
        // Place 2 shares `abcdef01` with place 1 too.
        assert_eq!(settled.names[&2], "en_abcdef017");
        assert!(!settled.names.contains_key(&3));
        // Applied in order, the renames leave every file under its name.
        let mut files: Vec<(String, u32)> = vec![
            ("en_abcdef0".into(), 1),
            ("en_abcdef0999".into(), 0),
            ("en_abcdef0177".into(), 2),
        ];
        for (from, to) in &settled.renames {
            let file = files.iter_mut().find(|(n, _)| n == from).unwrap();
            file.0 = to.clone();
        }
        files.sort();
        assert_eq!(
            files,
            [
                ("en_abcdef0".to_owned(), 0),
                ("en_abcdef01".to_owned(), 1),
                ("en_abcdef017".to_owned(), 2)
            ]
        );
    }
}
