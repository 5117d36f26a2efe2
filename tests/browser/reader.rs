//! The reader's experience in a real browser: search (full text over HTTP,
//! titles from disk), filters, the `/` key, hover previews, the induction
//! path, the local graph — on the bundled example plus awkward pages, built
//! with `cairn build` and served by a plain static file server under the
//! sub-path `/kb/`, as an intranet would.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::chromium::Browser;
use crate::common::server::Server;
use crate::common::{copy_example, page, run_cairn, Kb};

/// The bundled example plus pages that are hard to index, built into
/// `<tmp>/www/kb` and served from `<tmp>/www`.
pub struct Site {
    kb: Kb,
    server: Child,
    /// `http://127.0.0.1:PORT/kb/`
    pub url: String,
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// The title of `notes/markup.md` in the awkward pages.
const MARKUP_TITLE: &str = "<b>Bold</b> & \"quoted\" <script>window.pwned = 1</script> notes";

impl Site {
    /// The example with the awkward pages.
    pub fn new() -> Site {
        Site::build(true)
    }

    /// The bundled example as it is, or with the awkward pages.
    fn build(awkward: bool) -> Site {
        let kb = Kb::new();
        copy_example(kb.root());
        if awkward {
            add_awkward_pages(&kb);
        }
        let out = kb.path("www/kb");
        let run = kb.cairn(&["build", "--out", out.to_str().unwrap()]);
        assert!(run.ok(), "build failed:\n{}", run.stderr);

        let (server, port) = static_server(&kb.path("www"));
        Site {
            kb,
            server,
            url: format!("http://127.0.0.1:{port}/kb/"),
        }
    }

    /// Cairn's manual (`docs/`), built under the sub-path `/manual/`.
    pub fn manual() -> Site {
        let kb = Kb::new();
        let out = kb.path("www/manual");
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        let run = run_cairn(&docs, &["build", ".", "--out", out.to_str().unwrap()]);
        assert!(run.ok(), "building the manual failed:\n{}", run.stderr);
        let (server, port) = static_server(&kb.path("www"));
        Site {
            kb,
            server,
            url: format!("http://127.0.0.1:{port}/manual/"),
        }
    }

    /// The folder the static server serves.
    pub fn www(&self) -> PathBuf {
        self.kb.path("www")
    }

    /// The built site.
    pub fn out(&self) -> PathBuf {
        self.kb.path("www/kb")
    }
}

/// Pages that are hard to index and show: empty, other scripts, markup in
/// the title (`tests/fixtures/valid/awkward-pages`), and huge.
fn add_awkward_pages(kb: &Kb) {
    kb.add_fixture("valid/awkward-pages");
    // Some 400 KB: made here rather than kept in the fixture.
    let huge = "The partnership met again to review the caseload. ".repeat(8_000);
    kb.write(
        "content/notes/huge.md",
        page(
            "title: Very long minutes",
            &format!("{huge}\nQuasarword ends it.\n"),
        ),
    );
}

/// Python's static file server: no Cairn code between the files and the
/// browser, as on an intranet web server.
fn static_server(dir: &Path) -> (Child, u16) {
    let mut child = Command::new("python3")
        .args([
            "-u",
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 runs a static file server");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
    let port = line
        .split("port ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    (child, port)
}

/// Types `query` into the header's search box and waits for the results
/// under it.
pub fn search_in_header(browser: &Browser, query: &str) {
    browser.click("#site-search-q");
    browser.keys(query);
    browser.wait_until("results under the box", |b| {
        b.eval("return !document.querySelector('.search-popup').hidden") == true
    });
}

/// Points at the first link matching `css` and waits for its preview.
pub fn preview_of(browser: &Browser, css: &str) {
    browser.hover(css);
    browser.wait_until("the preview", |b| {
        b.eval("return !document.getElementById('cairn-preview').hidden") == true
    });
}

/// Titles of the search page's results, in order.
fn result_titles(browser: &Browser, list: &str) -> Vec<String> {
    let script = format!(
        "return Array.from(document.querySelectorAll('{list} .search-result-title')).map(a => a.textContent)"
    );
    browser.value(&script)
}

/// Opens the search page of the site at `base` (ending in `/`) for `query`
/// and returns the titles found.
fn search_page(browser: &Browser, base: &str, query: &str) -> Vec<String> {
    browser.goto(&format!("{base}search/?q={query}"));
    browser.wait_until(&format!("results for {query}"), |b| {
        b.text("#search-status")
            .is_some_and(|t| t.contains("match") && !t.contains("Searching"))
    });
    result_titles(browser, "#search-results")
}

#[test]
fn search_finds_pages_by_title_alias_body_and_synonym_under_a_sub_path() {
    let site = Site::new();
    let browser = Browser::start();
    let cases = [
        ("Eastgate", "Eastgate Youth Hub"),
        ("home%20takeover", "Cuckooing"),
        ("safe%20temporary%20accommodation", "Operation Lantern"),
        (
            "children%27s%20front%20door",
            "MASH (Multi-Agency Safeguarding Hub)",
        ),
        ("Quasarword", "Very long minutes"),
        (
            "%D8%A7%D9%84%D8%B4%D8%B1%D8%A7%D9%83%D8%A9",
            "ملاحظات التسليم",
        ),
    ];
    for (query, expected) in cases {
        let titles = search_page(&browser, &site.url, query);
        assert!(
            titles.first().is_some_and(|t| t.starts_with(expected)),
            "{query}: expected {expected} first, got {titles:?}"
        );
    }
    // Full text, not titles only: the note about the fallback is absent.
    assert!(!browser.text("#search-status").unwrap().contains("Titles"));

    // A title with markup is shown as text, and nothing in it runs.
    let titles = search_page(&browser, &site.url, "Markupword");
    assert_eq!(titles, [MARKUP_TITLE]);
    assert_eq!(
        browser.eval(
            "return document.querySelectorAll('#search-results b, #search-results script').length"
        ),
        0
    );
    assert_eq!(browser.eval("return window.pwned === undefined"), true);

    // Following a result opens the page, under /kb/.
    let href =
        browser.eval("return document.querySelector('#search-results .search-result-title').href");
    assert_eq!(href, format!("{}notes/markup.html", site.url));
    // (A title over two lines has its middle between them: click it by script.)
    browser.eval(
        "document.querySelector('#search-results .search-result-title').click(); return null",
    );
    browser.wait_until("the result's page", |b| {
        b.eval("return location.pathname") == "/kb/notes/markup.html"
    });
    assert_eq!(
        browser.eval("return document.querySelector('h1').textContent"),
        MARKUP_TITLE
    );
}

#[test]
fn filters_narrow_results_and_stay_in_the_address() {
    let site = Site::new();
    let browser = Browser::start();
    let all = search_page(&browser, &site.url, "Northmere");
    assert!(all.len() > 3, "{all:?}");
    browser.wait_until("the kind filters", |b| {
        b.eval("return !!document.querySelector('#search-filters input[name=kind][value=Agency]')")
            == true
    });
    browser.click("#search-filters input[name=kind][value=Agency]");
    browser.wait_until("fewer results", |b| {
        result_titles(b, "#search-results").len() < all.len()
    });
    let kinds: Vec<String> = browser.value(
        "return Array.from(document.querySelectorAll('#search-results .kind-badge')).map(b => b.textContent)",
    );
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| k == "Agency"),
        "{kinds:?}"
    );
    let search = browser.eval("return location.search");
    assert_eq!(search, "?q=Northmere&kind=Agency");

    // The address restores the same search.
    browser.goto(&format!("{}search/?q=Northmere&kind=Agency", site.url));
    browser.wait_until("filtered results on load", |b| {
        let titles = result_titles(b, "#search-results");
        !titles.is_empty() && titles.len() == kinds.len()
    });
}

#[test]
fn slash_focuses_the_search_box_and_results_come_as_you_type() {
    let site = Site::new();
    let browser = Browser::start();
    browser.goto(&format!("{}guides/your-first-week.html", site.url));
    browser.keys("/");
    assert_eq!(
        browser.eval("return document.activeElement.id"),
        "site-search-q"
    );
    browser.keys("MASH");
    browser.wait_until("results under the box", |b| {
        result_titles(b, ".search-popup")
            .first()
            .is_some_and(|t| t.starts_with("MASH"))
    });
    // Arrow down reaches the first result.
    browser.keys("\u{E015}");
    assert_eq!(
        browser.eval("return document.activeElement.textContent"),
        result_titles(&browser, ".search-popup")[0]
    );
}

#[test]
fn search_works_from_disk_over_titles_aliases_and_summaries() {
    let site = Site::new();
    let browser = Browser::start();
    let index = site.out().join("index.html");
    browser.goto(&format!("file://{}", index.display()));
    browser.click("#site-search-q");
    browser.keys("home takeover");
    browser.wait_until("results from the index of titles", |b| {
        result_titles(b, ".search-popup")
            .first()
            .is_some_and(|t| t == "Cuckooing")
    });
    assert!(browser
        .text(".search-popup .search-note")
        .is_some_and(|t| t.contains("Titles, aliases, tags and summaries only")));
    browser.click(".search-popup .search-result-title");
    browser.wait_until("the page from disk", |b| {
        b.text("h1").is_some_and(|t| t == "Cuckooing")
    });
}

#[test]
fn hovering_a_link_previews_its_page() {
    let site = Site::new();
    let browser = Browser::start();
    browser.goto(&format!("{}projects/operation-lantern.html", site.url));
    preview_of(&browser, ".content a[href$='harbourside-homes.html']");
    let preview = browser.text("#cairn-preview").unwrap();
    assert!(preview.contains("Harbourside Homes"), "{preview}");
    assert!(preview.to_lowercase().contains("agency"), "{preview}");
    assert!(preview.contains("largest social landlord"), "{preview}");
    // Escape closes it.
    browser.keys("\u{E00C}");
    assert_eq!(
        browser.eval("return document.getElementById('cairn-preview').hidden"),
        true
    );
    // Keyboard focus shows it too.
    browser.eval(
        "document.querySelector(\".content a[href$='county-lines.html']\").focus(); return null",
    );
    browser.wait_until("the preview on focus", |b| {
        b.text("#cairn-preview")
            .is_some_and(|t| t.contains("County lines"))
    });
    // Opened from disk, the page finds the script holding a preview too.
    let page = site.out().join("projects/operation-lantern.html");
    browser.goto(&format!("file://{}", page.display()));
    preview_of(&browser, ".content a[href$='harbourside-homes.html']");
    let preview = browser.text("#cairn-preview").unwrap();
    assert!(preview.contains("largest social landlord"), "{preview}");
}

#[test]
fn the_induction_path_leads_on_and_counts_what_was_read() {
    let site = Site::new();
    let browser = Browser::start();
    browser.goto(&site.url);
    let first: String =
        browser.value("return document.querySelector('[data-induction-item] a').href");
    browser.goto(&first);
    let next: String =
        browser.value("return document.querySelector('nav.induction a[rel=next]').href");
    browser.click(".induction-read input");
    browser.click("nav.induction a[rel=next]");
    browser.wait_until("the next step", |b| {
        b.eval("return location.href") == next.as_str()
    });
    assert!(browser.text("nav.induction").unwrap().contains("step 2 of"));
    browser.goto(&site.url);
    browser.wait_until("progress on the home page", |b| {
        b.text("#induction-progress")
            .is_some_and(|t| t.starts_with("1 of "))
    });
}

#[test]
fn the_local_graph_links_to_the_pages_around_it() {
    let site = Site::new();
    let browser = Browser::start();
    browser.goto(&format!("{}projects/operation-lantern.html", site.url));
    let nodes: Vec<(String, String, String)> = browser.value(
        "return Array.from(document.querySelectorAll('.local-graph a')).map(a => \
         [a.querySelector('title').textContent, a.href.baseVal || a.getAttribute('href'), a.getAttribute('class')])",
    );
    let find = |title: &str| {
        nodes
            .iter()
            .find(|(t, _, _)| t.starts_with(title))
            .unwrap_or_else(|| panic!("{title} not in {nodes:?}"))
    };
    assert!(find("Harbourside Homes").2.contains("direction-out"));
    assert!(
        find("Cuckooing").2.contains("direction-in")
            || find("Cuckooing").2.contains("direction-both")
    );
    // Every node leads to a page that exists.
    for (title, href, _) in &nodes {
        let file = site.out().join("projects").join(href);
        assert!(file.is_file(), "{title}: {href} leads nowhere");
    }
    // An SVG link, followed as a click on it would.
    browser.eval(
        "document.querySelector(\".local-graph a[href$='harbourside-homes.html']\")\
         .dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window})); return null",
    );
    browser.wait_until("the neighbour's page", |b| {
        b.text("h1").is_some_and(|t| t == "Harbourside Homes")
    });
}

#[test]
fn cairn_serve_searches_the_full_text_and_catches_up_after_a_save() {
    let kb = Kb::new();
    copy_example(kb.root());
    let server = Server::start(&kb, &[]);
    let base = format!("{}/", server.url);
    let browser = Browser::start();
    // Searches until `query` finds `title` first, or fails after a while:
    // the server builds the index in the background.
    let finds = |query: &str, title: &str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let titles = search_page(&browser, &base, query);
            if titles.first().is_some_and(|t| t.starts_with(title)) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{query}: never found {title}, last {titles:?}"
            );
            std::thread::sleep(Duration::from_millis(300));
        }
    };
    // Words only in the body: the titles index cannot find them.
    finds("safe%20temporary%20accommodation", "Operation Lantern");
    assert!(!browser.text("#search-status").unwrap().contains("Titles"));

    let pspo = kb.read("content/glossary/pspo.md");
    kb.write(
        "content/glossary/pspo.md",
        format!("{pspo}\nThe Zephyrword order was renewed.\n"),
    );
    finds("Zephyrword", "PSPO");
}

/// A role's handover pack, opened from disk as an emailed file would be:
/// it loads nothing (no request of any kind), its embedded image shows,
/// its styles apply, a contents link jumps to its chapter, and Chromium
/// prints it to a PDF of many pages.
#[test]
fn a_handover_pack_opens_from_disk_and_prints_with_nothing_missing() {
    let site = Site::build(false);
    let browser = Browser::start();
    let pack = site.out().join("roles/asb-coordinator/pack.html");
    browser.goto(&format!("file://{}", pack.display()));
    let loaded: Vec<String> =
        browser.value("return performance.getEntriesByType('resource').map(e => e.name)");
    assert!(loaded.is_empty(), "the pack loaded {loaded:?}");
    let images: Vec<(bool, u32)> =
        browser.value("return [...document.images].map(i => [i.complete, i.naturalWidth])");
    assert!(
        !images.is_empty(),
        "the example's pack shows the fortnight's diagram"
    );
    assert!(
        images
            .iter()
            .all(|&(complete, width)| complete && width > 0),
        "every image shows: {images:?}"
    );
    let label: String = browser
        .value("return getComputedStyle(document.querySelector('.pack-label')).textTransform");
    assert_eq!(label, "uppercase", "the inline styles apply");
    browser
        .eval("document.querySelector(\".pack-contents a[href='#actions']\").click(); return null");
    browser.wait_until("the contents link jumps to the open actions", |b| {
        b.eval("return location.hash") == "#actions"
            && b.eval("return document.querySelector('#actions').getBoundingClientRect().top < 50")
                == true
    });
    let pdf = browser.print_pdf();
    assert!(pdf.starts_with(b"%PDF-"), "Chromium printed a PDF");
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| w == &needle).count();
    let pages = count(b"/Type /Page") - count(b"/Type /Pages");
    assert!(
        pages >= 8,
        "cover, contents, the role, three handovers, actions, contacts and glossary each start a page; {pages} printed"
    );
}

/// Not a check: makes the README's screenshots (the example's home page, a
/// handover, a search as it is typed, the open actions, a role's page, the
/// first printed page of its handover pack) into docs/. Run it with
/// `cargo test --release --test browser -- --ignored readme_screenshots`.
#[test]
#[ignore = "makes the README's screenshots; run by hand"]
fn readme_screenshots() {
    let site = Site::build(false);
    let browser = Browser::start();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    browser.goto(&site.url);
    browser.screenshot(&docs.join("screenshot-home.png"));
    browser.goto(&format!(
        "{}handovers/2025/asb-coordinator-tom-reid.html",
        site.url
    ));
    browser.screenshot(&docs.join("screenshot-handover.png"));
    browser.goto(&format!("{}guides/your-first-week.html", site.url));
    search_in_header(&browser, "front door");
    browser.screenshot(&docs.join("screenshot-search.png"));
    browser.goto(&format!("{}actions.html", site.url));
    browser.screenshot(&docs.join("screenshot-actions.png"));
    browser.goto(&format!("{}roles/asb-coordinator.html", site.url));
    browser.screenshot(&docs.join("screenshot-role.png"));
    // The first printed page of a handover pack (pdftoppm, from Debian's
    // poppler-utils, turns it into a PNG).
    browser.goto(&format!("{}roles/asb-coordinator/pack.html", site.url));
    let pdf = site.out().join("pack.pdf");
    std::fs::write(&pdf, browser.print_pdf()).unwrap();
    let made = Command::new("pdftoppm")
        .args([
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
            "-scale-to-x",
            "600",
        ])
        .args(["-scale-to-y", "-1"])
        .arg(&pdf)
        .arg(docs.join("screenshot-pack"))
        .status()
        .expect("pdftoppm (apt-get install poppler-utils) runs");
    assert!(made.success());
}

/// Not a check: the browser half of `scripts/bench.py --search`, which
/// serves a built site, runs this once per query with a fresh browser
/// (nothing cached) and adds up what the server sent. Types
/// `CAIRN_SEARCH_QUERY` into the header box of the page at
/// `CAIRN_SEARCH_URL` and waits for the results.
#[test]
#[ignore = "run by scripts/bench.py --search"]
fn search_as_the_benchmark_does() {
    let url = std::env::var("CAIRN_SEARCH_URL").expect("CAIRN_SEARCH_URL: a page of a served site");
    let query = std::env::var("CAIRN_SEARCH_QUERY").expect("CAIRN_SEARCH_QUERY: words to search");
    let browser = Browser::start();
    browser.goto(&url);
    search_in_header(&browser, &query);
    let found = result_titles(&browser, ".search-popup");
    println!("results: {}", found.len());
}
