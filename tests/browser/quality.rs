//! Accessibility and markup checked by the tools the web community uses:
//! axe-core in headless Chromium (WCAG 2.1 A and AA rules, and axe's best
//! practices: landmarks, heading order, a skip link, unique labels; in the
//! light and the dark colour scheme, with the search results and a preview
//! open), and
//! the Nu HTML Checker (vnu-jar, on Java) over the same pages. Both come
//! from the npm registry into `tests/tools/` (scripts/test-tools.sh).

use std::path::PathBuf;
use std::process::Command;

use crate::chromium::Browser;
use crate::reader::{preview_of, search_in_header, Site};

/// Representative pages: every template, with and without a body.
const PAGES: [&str; 16] = [
    "index.html",
    "roles/asb-coordinator/pack.html",
    "handovers/print.html",
    "handovers/2025/asb-coordinator-tom-reid.html",
    "projects/operation-lantern.html",
    "glossary/mash.html",
    "glossary/index.html",
    "people/priya-shah.html",
    "guides/your-first-week.html",
    "decisions/2024-03-one-shared-case-system.html",
    "search/index.html",
    "map.html",
    "timeline.html",
    "needs-review.html",
    "roles/index.html",
    "tags/index.html",
];

fn tool(path: &str) -> PathBuf {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools/node_modules")
        .join(path);
    assert!(
        file.is_file(),
        "{} is missing: run scripts/test-tools.sh, which installs the checkers from npm",
        file.display()
    );
    file
}

/// Runs axe on the page the browser shows; returns one line per violation.
fn axe(browser: &Browser, axe_source: &str) -> Vec<String> {
    if browser.eval("return typeof window.axe") != "object" {
        browser.eval(&format!("{axe_source}\nreturn null"));
    }
    browser.value(
        "return axe.run(document, {runOnly: {type: 'tag', values: \
         ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}).then(r => r.violations.map(v => \
         v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))",
    )
}

fn check_every_page(browser: &Browser, site: &Site, scheme: &str) {
    let axe_source = std::fs::read_to_string(tool("axe-core/axe.min.js")).unwrap();
    assert_eq!(
        browser.eval("return matchMedia('(prefers-color-scheme: dark)').matches"),
        scheme == "dark",
        "the browser is not in the {scheme} scheme"
    );
    let mut found = Vec::new();
    for page in PAGES {
        let query = if page.starts_with("search/") {
            "?q=northmere"
        } else {
            ""
        };
        browser.goto(&format!("{}{page}{query}", site.url));
        if !query.is_empty() {
            browser.wait_until("search results", |b| {
                b.text("#search-status")
                    .is_some_and(|t| t.contains("match"))
            });
        }
        found.extend(
            axe(browser, &axe_source)
                .into_iter()
                .map(|v| format!("{page}: {v}")),
        );
    }
    // With the results under the search box open.
    browser.goto(&format!("{}index.html", site.url));
    search_in_header(browser, "lantern");
    found.extend(
        axe(browser, &axe_source)
            .into_iter()
            .map(|v| format!("search box open: {v}")),
    );
    // With a preview open.
    browser.goto(&format!("{}projects/operation-lantern.html", site.url));
    preview_of(browser, ".content a[href$='harbourside-homes.html']");
    found.extend(
        axe(browser, &axe_source)
            .into_iter()
            .map(|v| format!("preview open: {v}")),
    );
    assert!(
        found.is_empty(),
        "axe found violations of WCAG 2.1 A/AA or its best practices in the {scheme} scheme:\n{}",
        found.join("\n")
    );
}

#[test]
fn axe_finds_no_wcag_violations_in_the_light_scheme() {
    let site = Site::new();
    let browser = Browser::start_with(&["--blink-settings=preferredColorScheme=1"]);
    check_every_page(&browser, &site, "light");
}

#[test]
fn axe_finds_no_wcag_violations_in_the_dark_scheme() {
    let site = Site::new();
    let browser = Browser::start_with(&["--blink-settings=preferredColorScheme=0"]);
    check_every_page(&browser, &site, "dark");
}

/// Every HTML page of Cairn's manual (`docs/`) as built, Cairn's own files
/// under `_cairn/` aside.
fn manual_pages(site: &Site) -> Vec<String> {
    let out = site.www().join("manual");
    let mut pages: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| {
            path.strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|rel| !rel.starts_with("_cairn/"))
        .collect();
    pages.sort();
    pages
}

fn check_the_manual(scheme: &str, flag: &str) {
    let site = Site::manual();
    let browser = Browser::start_with(&[flag]);
    let axe_source = std::fs::read_to_string(tool("axe-core/axe.min.js")).unwrap();
    let pages = manual_pages(&site);
    for expected in [
        "index.html",
        "writing/start-a-page.html",
        "reading/packs.html",
        "publishing/guarantees.html",
        "reference/cli.html",
        "reference/diagnostics.html",
        "glossary/index.html",
        "roles/index.html",
        "print.html",
    ] {
        assert!(
            pages.iter().any(|p| p == expected),
            "the manual has no {expected}"
        );
    }
    let mut found = Vec::new();
    for page in &pages {
        browser.goto(&format!("{}{page}", site.url));
        found.extend(
            axe(&browser, &axe_source)
                .into_iter()
                .map(|v| format!("{page}: {v}")),
        );
    }
    assert!(
        found.is_empty(),
        "axe found violations on {} of the manual's pages in the {scheme} scheme:\n{}",
        pages.len(),
        found.join("\n")
    );
}

#[test]
fn axe_finds_no_violations_on_the_manuals_pages_in_the_light_scheme() {
    check_the_manual("light", "--blink-settings=preferredColorScheme=1");
}

#[test]
fn axe_finds_no_violations_on_the_manuals_pages_in_the_dark_scheme() {
    check_the_manual("dark", "--blink-settings=preferredColorScheme=0");
}

#[test]
fn motion_stops_when_the_reader_asks_for_less() {
    let site = Site::new();
    let browser = Browser::start_with(&["--force-prefers-reduced-motion"]);
    browser.goto(&format!("{}projects/operation-lantern.html", site.url));
    assert_eq!(
        browser.eval("return matchMedia('(prefers-reduced-motion: reduce)').matches"),
        true
    );
    assert_eq!(
        browser.eval("return getComputedStyle(document.documentElement).scrollBehavior"),
        "auto"
    );
    preview_of(&browser, ".content a[href$='harbourside-homes.html']");
    assert_eq!(
        browser.eval(
            "return getComputedStyle(document.getElementById('cairn-preview')).animationName"
        ),
        "none"
    );

    // Without the request, the same page animates.
    let browser = Browser::start();
    browser.goto(&format!("{}projects/operation-lantern.html", site.url));
    preview_of(&browser, ".content a[href$='harbourside-homes.html']");
    assert_eq!(
        browser.eval(
            "return getComputedStyle(document.getElementById('cairn-preview')).animationName"
        ),
        "preview-in"
    );
}

#[test]
fn the_nu_html_checker_finds_no_errors() {
    let site = Site::new();
    let out = site.out();
    let run = Command::new("java")
        .arg("-jar")
        .arg(tool("vnu-jar/build/dist/vnu.jar"))
        .args(["--errors-only", "--format", "gnu"])
        .args(PAGES.iter().map(|p| out.join(p)))
        .args(["404.html", "notes/markup.html", "notes/arabic.html"].map(|p| out.join(p)))
        .output()
        .expect("java runs the Nu HTML Checker (scripts/test-tools.sh installs Java)");
    assert!(
        run.status.success(),
        "the Nu HTML Checker found errors:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn the_keyboard_reaches_the_skip_link_first_then_the_search_box() {
    let site = Site::new();
    let browser = Browser::start();
    browser.goto(&format!("{}glossary/mash.html", site.url));
    let focused = |b: &Browser| -> String {
        b.value("return document.activeElement.className || document.activeElement.id")
    };
    browser.eval("document.body.focus(); return null");
    browser.keys("\u{E004}");
    assert_eq!(focused(&browser), "skip-link");
    assert!(
        browser.value::<f64>("return document.activeElement.getBoundingClientRect().top") >= 0.0,
        "the focused skip link is on screen"
    );
    browser.keys("\u{E004}");
    assert_eq!(focused(&browser), "site-title");
    browser.keys("\u{E004}");
    assert_eq!(focused(&browser), "site-search-q");
    // The skip link leads past the header and sidebar into the content.
    browser.eval("document.querySelector('.skip-link').focus(); return null");
    browser.keys("\u{E007}");
    assert_eq!(
        browser.value::<String>("return document.activeElement.id"),
        "main"
    );
}
