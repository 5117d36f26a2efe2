//! Search: the full-text index of the rendered pages, and the small index of
//! titles that the search box falls back to when the site is opened from
//! disk.
//!
//! The full-text index is written by Cairn in the on-disk format of
//! Pagefind 1.6 ([`bundle`] describes it), so that Pagefind's own browser
//! client (`pagefind.js`, its worker and WebAssembly, taken unchanged from
//! the `pagefind` crate by [`client_files`]) searches it; a browser
//! downloads only the chunks a query needs. The index is made from each
//! page's search record ([`page::Record`]), built from the values its page
//! shows, with no HTML parsed again:
//!
//! * `cairn build` uses a [`SiteIndex`]: records are split into words on
//!   the rendering threads ([`words`], numbered in one lexicon), each
//!   page's fragment is written at once, and the chunks are written in
//!   parallel at the end;
//! * `cairn serve` keeps a [`LiveIndex`], which splits again only the pages
//!   a save re-rendered and writes again only the chunks whose words
//!   changed.
//!
//! The index is loaded with `fetch` and WebAssembly, which browsers refuse
//! for pages opened from `file://`; there the theme's script loads
//! [`TITLES_PATH`] instead, a script holding the title, aliases, tags,
//! kind, agency and summary of every page.

pub mod bundle;
mod files;
mod lexicon;
mod live;
mod names;
pub mod packed;
pub mod page;
mod postings;
pub mod words;

use std::sync::Mutex;
use std::thread::JoinHandle;

pub use live::LiveIndex;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::output::{Contents, OutputFile};

/// The folder of Pagefind's index and scripts, from the site root.
pub const PAGEFIND_DIR: &str = "_cairn/pagefind";
/// The index of titles for sites opened from disk, from the site root.
pub const TITLES_PATH: &str = "_cairn/titles.js";
/// The search page, from the site root: `search/?q=words` on a web server.
pub const SEARCH_PAGE: &str = "search/index.html";

/// The browser side of search, as the `pagefind` crate ships it for the
/// format [`bundle`] writes: `pagefind.js`, its worker, and the WebAssembly
/// modules (the one for `language`'s stemmer, if there is one, and the one
/// for any language). Returns them, and whether `language` has a module of
/// its own.
///
/// The crate writes them only with an index, so it is given one line of
/// text to index; everything but the client's files is left out.
pub fn client_files(language: &str) -> ClientFiles {
    let failed = |error: String| {
        Diagnostic::error(
            Code::SearchFailed,
            format!("the search scripts could not be prepared: {error}"),
        )
        .help("set `search: false` in cairn.yaml to build without search, and report this problem")
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let files = runtime
        .block_on(async {
            let options = pagefind::options::PagefindServiceConfig::builder()
                .force_language(language.to_owned())
                .build();
            let mut index = pagefind::api::PagefindIndex::new(Some(options))?;
            index
                .add_custom_record(
                    "client.html".to_owned(),
                    "client".to_owned(),
                    language.to_owned(),
                    None,
                    None,
                    None,
                )
                .await?;
            index.get_files().await
        })
        .map_err(|e| failed(e.to_string()))?;
    let own_module = format!("wasm.{language}.pagefind");
    let mut has_module = false;
    let client: Vec<bundle::IndexFile> = files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let is_client = name == "pagefind.js"
                || name == "pagefind-worker.js"
                || (name.starts_with("wasm.") && name.ends_with(".pagefind"));
            has_module |= name == own_module;
            is_client.then_some(bundle::IndexFile {
                path: name,
                contents: file.contents,
            })
        })
        .collect();
    Ok((client, has_module))
}

/// The browser side's files, and whether the language has a module of
/// its own.
pub type ClientFiles = Result<(Vec<bundle::IndexFile>, bool), Diagnostic>;

/// Cairn's search index, made while pages render: each rendering thread
/// splits its pages' records into words (with a cache of its own), numbers
/// them in one shared lexicon and writes the page's fragment at once; the
/// rest of the index is written by [`SiteIndex::finish`], in parallel. The
/// browser side is prepared meanwhile on a thread of its own.
pub struct SiteIndex {
    indexing: Indexing,
    bundle: bundle::Bundle,
    level: u32,
    chunk_size: usize,
    client: Option<JoinHandle<ClientFiles>>,
}

impl SiteIndex {
    /// Starts an index of pages in `language` (`en`, `pt-br` …), with the
    /// browser side of search.
    pub fn start(language: &str) -> SiteIndex {
        let client_language = language.to_owned();
        let client = std::thread::Builder::new()
            .name("search scripts".to_owned())
            .spawn(move || client_files(&client_language))
            .expect("the operating system can start a thread");
        SiteIndex {
            client: Some(client),
            ..SiteIndex::without_client(language, bundle::CHUNK_SIZE, GZIP_LEVEL)
        }
    }

    /// An index alone, with chunks of `chunk_size` and files gzipped at
    /// `level`: the browser side is left out.
    pub fn without_client(language: &str, chunk_size: usize, level: u32) -> SiteIndex {
        SiteIndex {
            indexing: Indexing::new(language, level),
            bundle: bundle::Bundle::new(language),
            level,
            chunk_size,
            client: None,
        }
    }

    /// Adds a page (pages are numbered in the order of their `rank`s) and
    /// returns its fragment file, to be written now; `None` if the page has
    /// no word to find.
    pub fn add(&self, rank: usize, record: &page::Record) -> Option<bundle::IndexFile> {
        let page = self.indexing.index(record)?;
        Some(self.bundle.add(rank, page))
    }

    /// Writes the rest of the index, and the browser side, to `sink`.
    pub fn finish(self, sink: &dyn bundle::Sink) -> Result<(), Diagnostic> {
        let failed =
            || Diagnostic::error(Code::SearchFailed, "the search index could not be built");
        let SiteIndex {
            indexing,
            bundle,
            level,
            chunk_size,
            client,
        } = self;
        let words = indexing.lexicon.words();
        drop(indexing);
        let has_module = match client {
            Some(client) => {
                let (files, has_module) = client.join().map_err(|_| failed())??;
                for file in files {
                    sink.write(file);
                }
                has_module
            }
            None => true,
        };
        bundle.write(&words, has_module, chunk_size, level, sink);
        Ok(())
    }
}

/// What splits records into words, on any thread: the splitter, the
/// shared lexicon, and what each thread keeps between the pages it indexes.
struct Indexing {
    splitter: words::Splitter,
    lexicon: lexicon::Lexicon,
    /// By the thread's index in the thread pool.
    workers: Vec<Mutex<Worker>>,
}

impl Indexing {
    fn new(language: &str, level: u32) -> Indexing {
        Indexing {
            splitter: words::Splitter::new(language),
            lexicon: lexicon::Lexicon::default(),
            workers: (0..rayon::current_num_threads().max(1))
                .map(|_| {
                    Mutex::new(Worker {
                        cache: words::WordCache::default(),
                        gzip: files::Gzip::new(level),
                    })
                })
                .collect(),
        }
    }

    /// A page's part of the index; `None` if it has no word to find.
    fn index(&self, record: &page::Record) -> Option<page::IndexedPage> {
        let slot = rayon::current_thread_index().unwrap_or(0) % self.workers.len();
        let mut worker = self.workers[slot]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Worker { cache, gzip } = &mut *worker;
        record.index(&mut page::Words {
            splitter: &self.splitter,
            lexicon: &self.lexicon,
            cache,
            gzip,
        })
    }
}

/// What a rendering thread keeps between the pages it indexes.
struct Worker {
    cache: words::WordCache,
    gzip: files::Gzip,
}

/// An index file as an output file, from the site root.
pub fn output_file(file: bundle::IndexFile) -> OutputFile {
    OutputFile {
        path: format!("{PAGEFIND_DIR}/{}", file.path),
        contents: Contents::Bytes(file.contents.into()),
        origin: "the search index".to_owned(),
    }
}

/// A [`bundle::Sink`] that hands each file, as an [`output_file`], to
/// `write`, and each rename, from the site root, to `rename`.
pub struct OutputSink<W, R> {
    pub write: W,
    pub rename: R,
}

impl<W, R> bundle::Sink for OutputSink<W, R>
where
    W: Fn(OutputFile) + Sync,
    R: Fn(&str, &str) + Sync,
{
    fn write(&self, file: bundle::IndexFile) {
        (self.write)(output_file(file));
    }

    fn rename(&self, from: &str, to: &str) {
        (self.rename)(
            &format!("{PAGEFIND_DIR}/{from}"),
            &format!("{PAGEFIND_DIR}/{to}"),
        );
    }
}

/// How hard the index files are compressed, as a libdeflate level.
/// Measured on the 10,000-page corpus's index (108 MB before compression):
/// level 1 makes 44.0 MB in 0.64 s of processor time, level 2 43.7 MB in
/// 0.88 s and level 6 42.4 MB in 1.18 s (Pagefind compresses with zlib at
/// level 9).
const GZIP_LEVEL: u32 = 1;

/// One page in the index of titles.
#[derive(Serialize)]
pub struct TitleEntry<'a> {
    /// Title.
    pub t: &'a str,
    /// Path from the site root.
    pub p: &'a str,
    /// Kind, as shown on the page.
    pub k: &'a str,
    /// Aliases.
    pub a: &'a [String],
    /// Tags.
    pub g: &'a [String],
    /// Agencies.
    pub y: Vec<&'a str>,
    /// Summary.
    pub s: &'a str,
}

/// One page's entry in the index of titles, as JSON.
pub fn title_entry(entry: &TitleEntry) -> String {
    serde_json::to_string(entry).expect("titles serialise")
}

/// The index of titles as a script, from each page's [`title_entry`]: it
/// calls `cairnTitles(entries)`, which the theme's search script defines
/// before loading it.
pub fn titles_script<'e>(entries: impl ExactSizeIterator<Item = &'e str>) -> String {
    let mut script = String::from("cairnTitles([");
    for (i, entry) in entries.enumerate() {
        if i > 0 {
            script.push(',');
        }
        script.push_str(entry);
    }
    script.push_str("]);\n");
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_script_is_a_call_with_escaped_json() {
        let aliases = vec!["</script>".to_owned()];
        let entry = title_entry(&TitleEntry {
            t: "A \"quoted\" title",
            p: "a.html",
            k: "Note",
            a: &aliases,
            g: &[],
            y: vec![],
            s: "",
        });
        let script = titles_script([entry.as_str(), entry.as_str()].into_iter());
        let json = script
            .strip_prefix("cairnTitles(")
            .and_then(|s| s.strip_suffix(");\n"))
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(value[0]["t"], "A \"quoted\" title");
        assert_eq!(value[0]["a"][0], "</script>");
        assert_eq!(value[1]["p"], "a.html");
    }
}
