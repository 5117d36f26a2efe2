//! The bodies of Cairn's fuzz targets: how each target turns the fuzzer's
//! bytes into a call to Cairn, and what it checks afterwards.
//!
//! This file is shared by the AFL binaries (`fuzz/src/bin/<target>.rs`, one
//! per target) and by the main crate's replay test (`tests/it/fuzz_replay.rs`
//! includes it with `#[path]`), which runs every seed and saved crash through
//! the same code on every `cargo test`. So it may use only `cairn` and the
//! standard library.
//!
//! A target panics only on a bug: a panic inside Cairn, a panic Cairn caught
//! and reported as `internal/panic`, or a broken guarantee that the target
//! checks (a request path that leaves the site, a file from outside the
//! knowledge base in the output, a write outside the output folder).
//! Problems Cairn reports as diagnostics are expected outcomes.
//!
//! Targets that need files (`page`, `config`, `site_tree`) work in a
//! scratch folder under the system's temporary folder, removed when the
//! target is dropped; nothing is written anywhere else.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use cairn::build;
use cairn::content::frontmatter;
use cairn::content::load::Source;
use cairn::diagnostics::{Code, Diagnostic};
use cairn::fuzzing::{self, RequestTarget};
use cairn::output::{Contents, OutputFile};
use cairn::project::config::{self, Config};
use cairn::project::kinds::Kinds;
use cairn::search::bundle::{IndexFile, Sink};
use cairn::search::page::{Piece, Record};
use cairn::search::SiteIndex;
use cairn::serve::live::{Files, LiveSite};

/// Every target, by the name of its binary and of its seed folder.
pub const TARGETS: [&str; 7] = [
    "frontmatter",
    "page",
    "live",
    "config",
    "request_path",
    "search_index",
    "site_tree",
];

/// One fuzz target, ready to run input after input.
pub struct Fuzzer {
    target: Target,
}

enum Target {
    Frontmatter,
    Page(Scratch),
    Live(Scratch),
    Config(Scratch),
    RequestPath,
    SearchIndex,
    SiteTree,
}

impl Fuzzer {
    /// The target called `name` (one of [`TARGETS`]); `None` for another
    /// name. Targets that build a site write it into a scratch folder now.
    pub fn new(name: &str) -> Option<Fuzzer> {
        let target = match name {
            "frontmatter" => Target::Frontmatter,
            "page" => Target::Page(fixed_site("page")),
            "live" => Target::Live(fixed_site("live")),
            "config" => Target::Config(fixed_site("config")),
            "request_path" => Target::RequestPath,
            "search_index" => Target::SearchIndex,
            "site_tree" => Target::SiteTree,
            _ => return None,
        };
        Some(Fuzzer { target })
    }

    /// Runs one input; panics if it finds a bug.
    pub fn run(&self, data: &[u8]) {
        match &self.target {
            Target::Frontmatter => frontmatter(data),
            Target::Page(site) => page(site.path(), data),
            Target::Live(site) => live(site.path(), data),
            Target::Config(site) => config(site.path(), data),
            Target::RequestPath => request_path(data),
            Target::SearchIndex => search_index(data),
            Target::SiteTree => site_tree(data),
        }
    }
}

// ---------------------------------------------------------------------------
// The targets.

/// Where a page may be, which decides its kind (by folder) and whether it
/// is a section's own page.
const PAGE_PATHS: [&str; 8] = [
    "guides/fuzzed.md",
    "_index.md",
    "people/ana-silva.md",
    "handovers/2024/ana.md",
    "glossary/mash.md",
    "decisions/2024-01-one-meeting.md",
    "projects/_index.md",
    "notes/deep/er/still.md",
];

/// `frontmatter`: the first byte picks the page's path, the rest is the
/// file, read as the loader reads it and parsed against the built-in kinds.
fn frontmatter(data: &[u8]) {
    let mut input = Input::new(data);
    let rel = PAGE_PATHS[usize::from(input.byte()) % PAGE_PATHS.len()];
    let Some(text) = fuzzing::page_text(input.rest().to_vec()) else {
        return;
    };
    let source = Source {
        rel: rel.to_owned(),
        file: rel.to_owned(),
        path: Path::new("content").join(rel),
        text,
        modified: None,
    };
    let kinds = Kinds::from_config(&Config::default());
    match frontmatter::parse(&source, &kinds) {
        Ok((doc, warnings)) => {
            assert_eq!(doc.rel, rel, "the document keeps its path");
            // The body is the end of the file, and `body_line` (which
            // every Markdown diagnostic is counted from) is where it starts.
            assert!(
                source.text.ends_with(&doc.body),
                "the body is the file's end"
            );
            if !doc.body.is_empty() {
                let before = &source.text[..source.text.len() - doc.body.len()];
                assert_eq!(doc.body_line, before.matches('\n').count() + 1);
            }
            expect_no_internal_error(&warnings);
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a failure says why");
            expect_no_internal_error(&errors);
        }
    }
}

/// The configurations the `page` target builds its site with (the first
/// byte of the input picks one): each raw-HTML policy, and links that warn
/// or fail.
const PAGE_CONFIGS: [&str; 3] = [
    "title: Fuzzed\n",
    "title: Fuzzed\nraw_html: allow\nbroken_links: warn\nassets: all\n",
    "title: Fuzzed\nraw_html: escape\nglossary_links: false\nsearch: false\n",
];

/// `page`: the input (after its first byte) is one page of a small fixed
/// site, `content/guides/fuzzed.md`, which every other page links to and
/// embeds; the site is checked as `cairn check` checks it (front matter,
/// Markdown, links, anchors, templates), writing nothing.
fn page(root: &Path, data: &[u8]) {
    let mut input = Input::new(data);
    let config = PAGE_CONFIGS[usize::from(input.byte()) % PAGE_CONFIGS.len()];
    write(&root.join("cairn.yaml"), config.as_bytes());
    write(&root.join("content/guides/fuzzed.md"), input.rest());
    let outcome = build::check(root, &fuzzing::build_options(None));
    expect_no_internal_error(&outcome.diagnostics);
}

/// The page under test in the fixed site, as it is before an edit.
const FUZZED_PAGE: &str = "---\ntitle: Fuzzed\n---\n## Details\n\nNothing yet.\n";

/// `live`: the preview server's quick update. The fixed site (with the
/// configuration the first byte picks) is built as `cairn serve` builds
/// it; then `guides/fuzzed.md` becomes the rest of the input and the site
/// is updated. What it serves then must be exactly what a fresh build of
/// the edited site serves.
fn live(root: &Path, data: &[u8]) {
    let mut input = Input::new(data);
    let config = PAGE_CONFIGS[usize::from(input.byte()) % PAGE_CONFIGS.len()];
    write(&root.join("cairn.yaml"), config.as_bytes());
    let page = root.join("content/guides/fuzzed.md");
    write(&page, FUZZED_PAGE.as_bytes());
    let (mut site, rebuilt) = LiveSite::build(root, fuzzing::build_options(None));
    expect_no_internal_error(&rebuilt.diagnostics);
    let mut served = BTreeMap::new();
    let problems: Vec<String> = rebuilt.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        serve(&mut served, rebuilt.files),
        "the fixed site builds: {problems:#?}"
    );

    write(&page, input.rest());
    let rebuilt = site.update(std::slice::from_ref(&page));
    expect_no_internal_error(&rebuilt.diagnostics);
    if !serve(&mut served, rebuilt.files) {
        return; // The edit has errors: the last good site stays served.
    }

    let (_, fresh) = LiveSite::build(root, fuzzing::build_options(None));
    let mut expected = BTreeMap::new();
    assert!(
        serve(&mut expected, fresh.files),
        "the update served a site, but a fresh build of it fails: {:?}",
        fresh.diagnostics
    );
    let differing: Vec<&String> = expected
        .keys()
        .chain(served.keys())
        .filter(|path| expected.get(*path) != served.get(*path))
        .collect();
    assert!(
        differing.is_empty(),
        "after the update, these files differ from a fresh build: {differing:?}"
    );
}

/// Applies a rebuild's files to what is served, as the server does;
/// `false` when it has none (the site has errors).
fn serve(served: &mut BTreeMap<String, Vec<u8>>, files: Option<Files>) -> bool {
    let bytes = |file: OutputFile| {
        let data = match file.contents {
            Contents::Text(text) => text.into_bytes(),
            Contents::Bytes(bytes) => bytes.into_owned(),
            Contents::Copy(path) => path.to_string_lossy().into_owned().into_bytes(),
        };
        (file.path, data)
    };
    match files {
        Some(Files::All(files)) => *served = files.into_iter().map(bytes).collect(),
        Some(Files::Changed(files)) => served.extend(files.into_iter().map(bytes)),
        None => return false,
    }
    true
}

/// `config`: the input is `cairn.yaml`. It is parsed; a valid one is also
/// used to check the fixed site, unless it points outside the scratch
/// folder (a `content_dir` of `/` would read the whole machine, which is
/// what it asks for).
fn config(root: &Path, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = config::parse(Path::new("cairn.yaml"), &text);
    let config = match parsed {
        Ok(config) => config,
        Err(errors) => {
            assert!(!errors.is_empty(), "a failure says why");
            expect_no_internal_error(&errors);
            return;
        }
    };
    let _kinds = Kinds::from_config(&config);
    let contained = [config.content_dir.as_deref(), Some(&config.theme_dir)]
        .into_iter()
        .flatten()
        .all(stays_below)
        && config.allow_symlinks_to.is_empty();
    if !contained {
        return;
    }
    write(&root.join("cairn.yaml"), data);
    write(
        &root.join("content/guides/fuzzed.md"),
        b"---\ntitle: Fuzzed\n---\nSee [[Ana Silva]].\n",
    );
    let outcome = build::check(root, &fuzzing::build_options(None));
    expect_no_internal_error(&outcome.diagnostics);
}

/// Whether `path` is relative and never climbs out with `..`.
fn stays_below(path: &Path) -> bool {
    path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    })
}

/// `request_path`: the input is a request's path; the files of the site
/// are a few fixed ones. Whatever the path, the server must either refuse
/// it or name a file inside the site: relative, with no `.`/`..` segment,
/// no backslash or NUL, no empty segment.
fn request_path(data: &[u8]) {
    const FILES: [&str; 5] = [
        "index.html",
        "guides/index.html",
        "guides/start.html",
        "a b/index.html",
        "404.html",
    ];
    let raw = String::from_utf8_lossy(data);
    let inside = |path: &str| {
        !path.is_empty()
            && !path.starts_with('/')
            && !path.contains(['\\', '\0'])
            && path
                .split('/')
                .all(|segment| !matches!(segment, "" | "." | ".."))
    };
    match fuzzing::request_path(&raw, |path| FILES.contains(&path)) {
        RequestTarget::File(path) => {
            assert!(inside(&path), "{raw:?} leads to {path:?}");
        }
        RequestTarget::Folder(location) => {
            let folder = location
                .strip_prefix('/')
                .and_then(|l| l.strip_suffix('/'))
                .unwrap_or_else(|| panic!("{raw:?} redirects to {location:?}"));
            assert!(inside(folder), "{raw:?} redirects to {location:?}");
            assert!(
                FILES.contains(&format!("{folder}/index.html").as_str()),
                "{raw:?} redirects to {location:?}, which has no index page"
            );
        }
        RequestTarget::Refused => {}
    }
}

/// Languages the search index is asked for: ones with a stemmer, ones
/// without, and odd spellings.
const LANGUAGES: [&str; 12] = [
    "en",
    "pt-br",
    "de",
    "fr",
    "ja",
    "zh-Hant-TW",
    "ar",
    "ru",
    "tr",
    "",
    "EN_gb",
    "x-klingon",
];

/// `search_index`: the input is a little program that writes search
/// records (pages with metadata, filters, weighted blocks, headings and
/// anchors); they are indexed and the index written to memory. Every file
/// must land inside the index folder, and a rename must rename a file that
/// was written.
fn search_index(data: &[u8]) {
    let mut input = Input::new(data);
    let language = LANGUAGES[usize::from(input.byte()) % LANGUAGES.len()];
    let chunk_size = 64 + usize::from(input.u16()) % 20_000;
    let level = u32::from(input.byte() % 10);
    let mut records = vec![Record::default()];
    while !input.is_empty() {
        let record = records.last_mut().expect("there is always a record");
        match input.byte() % 10 {
            0 => records.push(Record {
                url: input.string(),
                ..Record::default()
            }),
            1 | 2 => record.text.push(Piece::Text(input.string())),
            3 => record.text.push(Piece::Weight(input.weight())),
            4 => record.text.push(Piece::Heading(input.byte())),
            5 => record.text.push(Piece::End),
            6 => record.text.push(Piece::Anchor {
                element: input.string(),
                id: input.string(),
                text: input.string(),
            }),
            7 => {
                let key = input.string();
                record.meta.insert(key, input.string());
            }
            8 => {
                let key = input.string();
                record.filters.entry(key).or_default().push(input.string());
            }
            _ => record.url = input.string(),
        }
    }
    let index = SiteIndex::without_client(language, chunk_size, level);
    let sink = MemorySink::default();
    for (rank, record) in records.iter().enumerate() {
        if let Some(fragment) = index.add(rank, record) {
            sink.write(fragment);
        }
    }
    index
        .finish(&sink)
        .expect("an index without the browser side cannot fail");
    for path in sink.files.lock().expect("not poisoned").keys() {
        assert!(
            !path.is_empty()
                && !path.starts_with('/')
                && path.split('/').all(|s| !matches!(s, "" | "." | "..")),
            "an index file at {path:?}"
        );
    }
}

/// The index's files, by path.
#[derive(Default)]
struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, file: IndexFile) {
        self.files
            .lock()
            .expect("not poisoned")
            .insert(file.path, file.contents);
    }

    fn rename(&self, from: &str, to: &str) {
        let mut files = self.files.lock().expect("not poisoned");
        let contents = files
            .remove(from)
            .unwrap_or_else(|| panic!("renamed {from:?}, which was never written"));
        files.insert(to.to_owned(), contents);
    }
}

/// What only a file outside the knowledge base holds: it must never
/// appear in the built site.
const SECRET: &[u8] = b"OUTSIDE-THE-KNOWLEDGE-BASE-7f3a";

/// `site_tree`: the input is a little program that makes a content tree
/// (folders and pages with awkward names, names that differ only in case or
/// Unicode normalisation, deep nesting, empty, large and non-UTF-8 files,
/// symbolic links within the tree, to outside it, to nowhere and to
/// themselves, and sometimes a `cairn.yaml`); the site is built into
/// `out/` beside it. Besides not failing inside, the build must not show
/// the file outside the knowledge base, change it, or write anywhere but
/// its output folder (and the lock and staging files beside it).
fn site_tree(data: &[u8]) {
    let scratch = Scratch::new("tree");
    let root = scratch.path();
    let kb = root.join("kb");
    let outside = root.join("outside");
    let out = root.join("out");
    fs::create_dir_all(kb.join("content")).expect("create the knowledge base");
    fs::create_dir_all(&outside).expect("create the outside folder");
    let mut secret_page = b"---\ntitle: Secret\n---\n".to_vec();
    secret_page.extend_from_slice(SECRET);
    write(&outside.join("secret.md"), &secret_page);
    write(&outside.join("secret.png"), SECRET);
    let before = snapshot(&outside);

    make_tree(&kb, &outside, &mut Input::new(data));

    let outcome = build::build(&kb, &fuzzing::build_options(Some(out.clone())));
    expect_no_internal_error(&outcome.diagnostics);
    assert!(
        snapshot(&outside) == before,
        "the build changed files outside the knowledge base"
    );
    for (path, contents) in snapshot(&out) {
        assert!(
            !contains(&contents, SECRET),
            "{} shows a file from outside the knowledge base",
            path.display()
        );
    }
    for entry in fs::read_dir(root).expect("list the scratch folder") {
        let name = entry.expect("list the scratch folder").file_name();
        let name = name.to_string_lossy();
        assert!(
            matches!(&*name, "kb" | "outside" | "out") || name.starts_with(".out."),
            "the build wrote {name:?} beside its output"
        );
    }
}

/// Names the tree is made of: awkward on purpose.
const NAMES: [&str; 40] = [
    "a.md",
    "A.md",
    "_index.md",
    "index.md",
    "\u{fc}.md",
    "u\u{308}.md",
    "\u{dc}.MD",
    "notes",
    "Notes",
    "people",
    "handovers",
    "glossary",
    "decisions",
    "guides",
    "projects",
    "2024",
    " lead.md",
    "trail .md",
    "a b#c?.md",
    "%41.md",
    "-.md",
    "...md",
    "x.markdown",
    "x.html.md.erb",
    "pic.png",
    "doc.pdf",
    ".hidden.md",
    "_private",
    "\u{65e5}\u{672c}\u{8a9e}.md",
    "crab-\u{1f980}.md",
    "CON.md",
    "a\u{200b}b.md",
    "tag:colon.md",
    "quote\"s<&>.md",
    "back\\slash.md",
    "public",
    "themes",
    "_index.markdown",
    "index.html",
    "new line\n.md",
];

/// Pages the tree's files hold, linking to the names above every way
/// Cairn links.
const PAGES: [&str; 10] = [
    "---\ntitle: A\n---\nSee [[a]], [[A]], [[\u{fc}]] and [[Secret]].\n",
    "---\ntitle: Home\n---\n![[a]]\n\n![[pic.png]]\n\n[up](../a.md) [doc](doc.pdf) [here](#top)\n",
    "---\ntitle: A\naliases: [a, \u{dc}]\ntags: [x, X]\n---\n# A\n\n## A\n\n## a\n\n[[A#a]] [[a#A-1]]\n",
    "---\ntitle: Ana\nkind: person\nrole: Lead\n---\n[[Ana]] ![[Ana]]\n",
    "---\ntitle: Handover\nauthor: Ana\nrole: Lead\ndate: 2024-02-30\nreview_by: soon\n---\n- [ ] @Ana do it by 2024-01-01\n",
    "---\ntitle: Decision\nkind: decision\nstatus: agreed\nsupersedes: \"[[Decision]]\"\n---\n## Decision\n\nYes.\n",
    "+++\ntitle = \"Toml\"\n+++\n> [!note]\n> ![[secret.md]] [[../outside/secret]]\n",
    "---\ntitle: [unclosed\n---\n",
    "<div data-pagefind-weight=\"NaN\"><h1 id=x>raw</h1><script>x</script></div>\n{{< shortcode >}}\n",
    "no front matter at all, just [[links]] and ![](pic.png)\n",
];

/// `cairn.yaml`s the tree may have.
const CONFIGS: [&str; 6] = [
    "title: Tree\nsearch: false\n",
    "content_dir: notes\nassets: all\n",
    "output_dir: out\nraw_html: allow\n",
    "theme: mine\ntheme_dir: content/themes\n",
    "audiences: [a, b]\ndefault_audience: b\npublish_audience: a\n",
    "markdown_extensions: [\".MD\", \".markdown\", \".txt\"]\nmax_file_size_kb: 1\n",
];

/// How deep the tree may go (a path stays well under the system's limit
/// of 4,096 bytes).
const MOST_DEPTH: usize = 24;

/// Follows the program in `input` to make a tree in `kb/content` (and
/// maybe `kb/cairn.yaml`).
fn make_tree(kb: &Path, outside: &Path, input: &mut Input) {
    let mut dir = kb.join("content");
    let mut depth = 0;
    for _ in 0..96 {
        if input.is_empty() {
            break;
        }
        let op = input.byte();
        let name = input.name();
        let here = dir.join(&name);
        match op % 12 {
            0 | 1 if depth < MOST_DEPTH && fs::create_dir_all(&here).is_ok() && here.is_dir() => {
                dir = here;
                depth += 1;
            }
            2 if depth > 0 => {
                dir.pop();
                depth -= 1;
            }
            3 | 4 => {
                let page = PAGES[usize::from(input.byte()) % PAGES.len()];
                write_quietly(&here, page.as_bytes());
            }
            5 => {
                let length = usize::from(input.byte()) * 4;
                let bytes = input.bytes(length).to_vec();
                write_quietly(&here, &bytes);
            }
            6 => write_quietly(&here, b""),
            7 => {
                // 16 to 256 kB: over a 1 kB `max_file_size_kb`, and long
                // enough to be slow if something is quadratic.
                let page = PAGES[usize::from(input.byte()) % PAGES.len()];
                let times = (usize::from(input.byte() % 16) + 1) * 16 * 1024 / page.len();
                write_quietly(&here, page.repeat(times).as_bytes());
            }
            8 | 9 => {
                let target = match input.byte() % 10 {
                    0 => outside.join("secret.md"),
                    1 => outside.join("secret.png"),
                    2 => outside.to_path_buf(),
                    3 => PathBuf::from("."),
                    4 => PathBuf::from(".."),
                    5 => PathBuf::from("../.."),
                    6 => PathBuf::from(&name),
                    7 => PathBuf::from("nowhere.md"),
                    8 => kb.to_path_buf(),
                    _ => PathBuf::from(input.name()),
                };
                symlink(&target, &here);
            }
            10 => {
                let config = CONFIGS[usize::from(input.byte()) % CONFIGS.len()];
                write_quietly(&kb.join("cairn.yaml"), config.as_bytes());
            }
            _ => {}
        }
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    // A name already taken leaves what is there.
    let _ = std::os::unix::fs::symlink(target, link);
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) {}

// ---------------------------------------------------------------------------
// Shared helpers.

/// Panics if Cairn caught a panic of its own (it reports it as an error
/// and goes on); renders every diagnostic as the terminal shows it.
fn expect_no_internal_error(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let shown = diagnostic.to_string();
        assert!(diagnostic.code != Code::InternalPanic, "{shown}");
    }
}

/// The fixed site of the `page` and `config` targets: a home page, a
/// person, a glossary term, a decision, a handover, a guide and an image,
/// each linking to and embedding the page under test (`guides/fuzzed.md`,
/// written for each input).
fn fixed_site(label: &str) -> Scratch {
    let scratch = Scratch::new(label);
    let content = scratch.path().join("content");
    let pages: [(&str, &str); 7] = [
        (
            "_index.md",
            "---\ntitle: Home\n---\nStart with [[Fuzzed]], [[Fuzzed#Details]] and [[Ana Silva]].\n",
        ),
        (
            "people/ana-silva.md",
            "---\ntitle: Ana Silva\naliases: [\"Ana S.\"]\n---\n## Contact\n\nRing first. She wrote [[Fuzzed]].\n",
        ),
        (
            "glossary/mash.md",
            "---\ntitle: MASH (Multi-Agency Safeguarding Hub)\naliases: [MASH]\n---\n## When to refer\n\nAlways.\n",
        ),
        (
            "decisions/2024-01-one-meeting.md",
            "---\ntitle: One meeting\nkind: decision\ndate: 2024-01-10\nstatus: agreed\ndecided_by: [Partnership Board]\n---\n## Decision\n\nSee [[Fuzzed]].\n",
        ),
        (
            "handovers/2024/ana.md",
            "---\ntitle: Ana's handover\nauthor: Ana Silva\nrole: Analyst\ndate: 2024-03-01\nreview_by: 2026-03-01\n---\n![[Fuzzed]]\n\n- [ ] Ana Silva: read [[Fuzzed#Details]] by 2026-01-01\n",
        ),
        (
            "guides/start.md",
            "---\ntitle: Start here\n---\n# Start\n\n## Details {#details}\n\n![[Fuzzed#Details]] ![map](map.png) [next](fuzzed.md#details)\n",
        ),
        ("guides/fuzzed.md", FUZZED_PAGE),
    ];
    for (rel, text) in pages {
        write(&content.join(rel), text.as_bytes());
    }
    write(&content.join("guides/map.png"), b"\x89PNG\r\n\x1a\n");
    scratch
}

/// Writes `bytes` to `path`, creating its folder; the scratch folder is
/// the harness's own, so a failure is the machine's, not Cairn's.
fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create a scratch folder");
    }
    fs::write(path, bytes).expect("write a scratch file");
}

/// Writes a file of the generated tree; a name the tree has already used
/// for a folder or a link leaves it as it is.
fn write_quietly(path: &Path, bytes: &[u8]) {
    if path.symlink_metadata().is_err() {
        let _ = fs::write(path, bytes);
    }
}

/// Every regular file under `dir` with its bytes, without following links.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                let bytes = fs::read(entry.path()).unwrap_or_default();
                files.insert(entry.path(), bytes);
            }
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The fuzzer's bytes, read front to back; past the end, every read gives
/// zeros or nothing.
struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    fn new(data: &'a [u8]) -> Input<'a> {
        Input { data }
    }

    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn byte(&mut self) -> u8 {
        let (&first, rest) = self.data.split_first().unwrap_or((&0, &[]));
        self.data = rest;
        first
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    fn bytes(&mut self, length: usize) -> &'a [u8] {
        let (taken, rest) = self.data.split_at(length.min(self.data.len()));
        self.data = rest;
        taken
    }

    fn rest(&mut self) -> &'a [u8] {
        self.bytes(self.data.len())
    }

    /// A string of up to 255 bytes, length first.
    fn string(&mut self) -> String {
        let length = usize::from(self.byte());
        String::from_utf8_lossy(self.bytes(length)).into_owned()
    }

    /// Any `f32`, including NaN, infinities and negatives: raw HTML
    /// chooses a block's weight.
    fn weight(&mut self) -> f32 {
        f32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// A file name: one of [`NAMES`], a long one, or (length first) one
    /// of the input's own bytes that the system accepts as a name.
    fn name(&mut self) -> String {
        let choice = usize::from(self.byte());
        if let Some(name) = NAMES.get(choice) {
            return (*name).to_owned();
        }
        if choice == 255 {
            return format!("{}.md", "long".repeat(60));
        }
        let mut name: String = self
            .string()
            .chars()
            .filter(|&c| c != '/' && c != '\0')
            .collect();
        while name.len() > 200 {
            name.pop();
        }
        match name.as_str() {
            "" | "." | ".." => "x.md".to_owned(),
            _ => name,
        }
    }
}

/// A scratch folder of this process, removed when dropped. Leftovers of
/// a killed run (a timeout kills the process) are removed by
/// `scripts/fuzz.sh`, which gives every run a temporary folder of its own.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new(label: &str) -> Scratch {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "cairn-fuzz-{label}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create a scratch folder");
        // The real path: links are judged by where they really lead, and
        // the temporary folder may itself be reached through a link.
        let path = path.canonicalize().expect("find the scratch folder");
        Scratch { path }
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}
