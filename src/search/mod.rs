//! Search: the full-text index of the rendered pages, and the small index of
//! titles that the search box falls back to when the site is opened from
//! disk.
//!
//! The full-text index is Pagefind's, built in this process from the HTML
//! the render stage produces: the page templates mark what is indexed
//! (`data-pagefind-body` on the article, weights on the title and aliases,
//! filters for kind, agency and tag, the summary as metadata). Pagefind
//! writes a chunked index, so a browser downloads only the parts a query
//! needs. It is loaded with `fetch` and a WebAssembly module, which browsers
//! refuse for pages opened from `file://`; there the theme's script loads
//! [`TITLES_PATH`] instead, a script holding the title, aliases, tags,
//! kind, agency and summary of every page.
//!
//! An [`Indexer`] runs on a thread of its own while pages are rendered, so
//! indexing overlaps rendering and writing.

pub mod bundle;
mod files;
mod lexicon;
mod names;
pub mod page;
pub mod words;

use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::Mutex;
use std::thread::JoinHandle;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic};
use crate::output::{Contents, OutputFile};

/// The folder of Pagefind's index and scripts, from the site root.
pub const PAGEFIND_DIR: &str = "_pagefind";
/// The index of titles for sites opened from disk, from the site root.
pub const TITLES_PATH: &str = "_search/titles.js";
/// The search page, from the site root: `search/?q=words` on a web server.
pub const SEARCH_PAGE: &str = "search/index.html";

/// Pages waiting to be indexed; rendering pauses if the indexer falls this
/// far behind, which bounds the memory held by rendered pages in flight.
const QUEUE: usize = 256;

/// Builds the Pagefind index from rendered pages, on its own thread.
///
/// Pages are added with [`Indexer::add`]; [`Indexer::files`] builds the
/// index of every page added so far (a page added again replaces its
/// earlier version), and [`Indexer::finish`] does so for the last time.
pub struct Indexer {
    /// `None` once stopped.
    queue: Option<SyncSender<Message>>,
    worker: Option<JoinHandle<()>>,
}

enum Message {
    Page(String, String),
    Build(Sender<Result<Indexed, String>>),
}

/// The built index: its files, and pages Pagefind could not read.
struct Indexed {
    files: Vec<OutputFile>,
    warnings: Vec<Diagnostic>,
}

impl Indexer {
    /// Starts an indexer for pages written in `language` (`en`, `ar`, …),
    /// which chooses the word stemmer.
    pub fn start(language: &str) -> Indexer {
        let (queue, messages) = sync_channel(QUEUE);
        let language = language.to_owned();
        let worker = std::thread::Builder::new()
            .name("search index".to_owned())
            .spawn(move || index(&language, &messages))
            .expect("the operating system can start a thread");
        Indexer {
            queue: Some(queue),
            worker: Some(worker),
        }
    }

    /// Adds the page published at `path` (from the site root), given its
    /// full HTML.
    pub fn add(&self, path: &str, html: String) {
        if let Some(queue) = &self.queue {
            // The worker stops early only after a failure that `files` reports.
            let _ = queue.send(Message::Page(path.to_owned(), html));
        }
    }

    /// Builds the index of the pages added so far and returns its files,
    /// with paths from the site root, plus warnings about pages that could
    /// not be indexed.
    pub fn files(&self) -> Result<(Vec<OutputFile>, Vec<Diagnostic>), Diagnostic> {
        let (reply, answer) = channel();
        let sent = self.queue.as_ref().map(|q| q.send(Message::Build(reply)));
        let built = match sent {
            Some(Ok(())) => answer
                .recv()
                .unwrap_or_else(|_| Err("its thread stopped unexpectedly".to_owned())),
            _ => Err("its thread stopped unexpectedly".to_owned()),
        };
        built
            .map(|indexed| (indexed.files, indexed.warnings))
            .map_err(|message| {
                Diagnostic::error(Code::SearchFailed, format!("the search index could not be built: {message}")).help(
                    "set `search: false` in cairn.yaml to build without search, and report this problem",
                )
            })
    }

    /// Builds the index a last time and stops the indexer.
    pub fn finish(mut self) -> Result<(Vec<OutputFile>, Vec<Diagnostic>), Diagnostic> {
        let built = self.files();
        self.stop();
        built
    }

    fn stop(&mut self) {
        // Closing the queue ends the worker's loop.
        drop(self.queue.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The indexer thread: Pagefind's API is asynchronous, so it gets a
/// single-threaded runtime of its own.
fn index(language: &str, messages: &Receiver<Message>) {
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail_all(messages, &error.to_string()),
    };
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_owned())
            .build();
        let mut index = match pagefind::api::PagefindIndex::new(Some(options)) {
            Ok(index) => index,
            Err(error) => return fail_all(messages, &error.to_string()),
        };
        let mut warnings = Vec::new();
        while let Ok(message) = messages.recv() {
            match message {
                Message::Page(path, html) => {
                    if let Err(error) = index.add_html_file(None, Some(path.clone()), html).await {
                        warnings.push(Diagnostic::warning(
                            Code::SearchPageSkipped,
                            format!("the page `{path}` was left out of the search index: {error}"),
                        ));
                    }
                }
                Message::Build(reply) => {
                    let built = index.get_files().await.map(|files| Indexed {
                        files: files.into_iter().filter_map(pagefind_output_file).collect(),
                        warnings: std::mem::take(&mut warnings),
                    });
                    let _ = reply.send(built.map_err(|e| e.to_string()));
                }
            }
        }
    });
}

/// Answers every request for the index with `error`.
fn fail_all(messages: &Receiver<Message>, error: &str) {
    while let Ok(message) = messages.recv() {
        if let Message::Build(reply) = message {
            let _ = reply.send(Err(error.to_owned()));
        }
    }
}

/// A file of Pagefind's bundle as an output file, if it is used.
fn pagefind_output_file(file: pagefind::api::SyntheticFile) -> Option<OutputFile> {
    let name = file.filename.to_string_lossy().replace('\\', "/");
    is_needed(&name).then(|| OutputFile {
        path: format!("{PAGEFIND_DIR}/{name}"),
        contents: Contents::Bytes(file.contents.into()),
        origin: "the search index".to_owned(),
    })
}

/// Whether a file of Pagefind's bundle is used. The theme has a search
/// interface of its own, so Pagefind's ready-made interfaces (about 500 kB
/// of scripts and styles) are left out.
fn is_needed(name: &str) -> bool {
    ![
        "pagefind-ui",
        "pagefind-modular-ui",
        "pagefind-component-ui",
        "pagefind-highlight",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
}

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
    splitter: words::Splitter,
    lexicon: lexicon::Lexicon,
    /// What each rendering thread keeps between pages, by its index in
    /// the thread pool.
    workers: Vec<Mutex<Worker>>,
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
        let slot = rayon::current_thread_index().unwrap_or(0) % self.workers.len();
        let mut worker = self.workers[slot]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Worker { cache, gzip } = &mut *worker;
        let mut words = page::Words {
            splitter: &self.splitter,
            lexicon: &self.lexicon,
            cache,
            gzip,
        };
        let page = record.index(&mut words)?;
        drop(worker);
        Some(self.bundle.add(rank, page))
    }

    /// Writes the rest of the index, and the browser side, to `sink`.
    pub fn finish(self, sink: &dyn bundle::Sink) -> Result<(), Diagnostic> {
        let failed =
            || Diagnostic::error(Code::SearchFailed, "the search index could not be built");
        let SiteIndex {
            lexicon,
            workers,
            bundle,
            level,
            chunk_size,
            client,
            ..
        } = self;
        drop(workers);
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
        bundle.write(&lexicon.words(), has_module, chunk_size, level, sink);
        Ok(())
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

/// How hard the index files are compressed. Measured on the 10,000-page
/// corpus's index (108 MB before compression): level 2 makes 45.5 MB in 36%
/// of the time level 6 takes for 42.5 MB (and level 9, Pagefind's, 42.2 MB
/// in three times level 6's time); compression was a fifth of the build.
const GZIP_LEVEL: u32 = 2;

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

    fn page(title: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title></head><body>\
             <article data-pagefind-body><h1>{title}</h1><p>{body}</p></article></body></html>"
        )
    }

    #[test]
    fn indexes_pages_and_leaves_out_the_ready_made_interfaces() {
        let indexer = Indexer::start("en");
        indexer.add(
            "a.html",
            page("Operation Lantern", "A project about lanterns."),
        );
        indexer.add("b.html", page("MASH", "Multi-agency safeguarding hub."));
        let (files, warnings) = indexer.finish().unwrap();
        assert!(warnings.is_empty());
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(names.contains(&"_pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"_pagefind/wasm.en.pagefind"), "{names:?}");
        assert!(
            names.contains(&"_pagefind/pagefind-entry.json"),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n.starts_with("_pagefind/fragment/")));
        assert!(names.iter().any(|n| n.starts_with("_pagefind/index/")));
        assert!(!names.iter().any(|n| n.contains("-ui")), "{names:?}");
        let entry = files
            .iter()
            .find(|f| f.path.ends_with("pagefind-entry.json"))
            .unwrap();
        let Contents::Bytes(bytes) = &entry.contents else {
            panic!("bytes")
        };
        let entry: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(entry["languages"]["en"]["page_count"], 2);
    }

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
