//! `cairn serve` seen from an open page: it reloads after a save, and shows
//! a build error over the last good page until the error is fixed.

use crate::chromium::Browser;
use crate::common::server::Server;
use crate::common::{page, Kb};

#[test]
fn an_open_page_reloads_after_a_save_and_shows_build_errors() {
    let kb = Kb::new();
    kb.write(
        "content/note.md",
        page("title: Shift handover", "First version of the note.\n"),
    );
    let server = Server::start(&kb, &[]);
    let browser = Browser::start();
    browser.goto(&format!("{}/note.html", server.url));
    browser.wait_until("the page listens for rebuilds", |b| {
        b.eval("return document.documentElement.getAttribute('data-cairn-live')") == "listening"
    });
    // A value that only survives if the page is not reloaded.
    browser.eval("window.beforeSave = true; return null");

    kb.write(
        "content/note.md",
        page("title: Shift handover", "Second version, saved just now.\n"),
    );
    browser.wait_until("the page shows the saved text", |b| {
        b.text("main").is_some_and(|t| t.contains("Second version"))
    });
    assert_eq!(
        browser.eval("return window.beforeSave === undefined"),
        true,
        "the page was reloaded, not patched"
    );

    // A broken save: the last good page stays, with the error over it.
    kb.write(
        "content/note.md",
        "---\ntitle: [Shift handover\n---\nBroken.\n",
    );
    browser.wait_until("the error overlay", |b| {
        b.text("#cairn-build-errors")
            .is_some_and(|t| t.contains("malformed YAML") && t.contains("content/note.md:3:1"))
    });
    assert!(browser
        .text("main")
        .is_some_and(|t| t.contains("Second version")));

    // Fixed: the overlay goes and the new text shows.
    kb.write(
        "content/note.md",
        page("title: Shift handover", "Third version, fixed.\n"),
    );
    browser.wait_until("the fixed page", |b| {
        b.text("main").is_some_and(|t| t.contains("Third version"))
            && b.text("#cairn-build-errors").is_none()
    });
}
