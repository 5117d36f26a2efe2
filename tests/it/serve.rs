//! `cairn serve`: the real binary on an ephemeral port, fetched over HTTP
//! while the fixture knowledge base is edited under it.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::common::server::Server;
use crate::common::{page, Kb};

/// A home page and a guides section of two pages, one linking to the other
/// (`tests/fixtures/valid/served`).
fn fixture() -> Kb {
    Kb::from_fixture("valid/served")
}

#[test]
fn edits_creations_renames_and_deletions_show_up_and_pages_are_told_to_reload() {
    let kb = fixture();
    kb.write("themes/default/static/extra.css", "p { margin: 0; }\n");
    let server = Server::start(&kb, &[]);
    let (events, greeting) = server.events();
    assert_eq!(greeting, "hello");

    let first = server.get("/guides/first-day.html");
    assert_eq!(first.status, 200);
    assert_eq!(first.content_type, "text/html; charset=utf-8");
    assert!(first
        .page()
        .text(".content")
        .contains("The kettle is on the left."));

    // Edit a body.
    kb.write(
        "content/guides/first-day.md",
        page(
            "title: First day",
            "Read [[Contacts]] first.\n\nThe kettle is on the right now.",
        ),
    );
    assert_eq!(events.next("reload"), "page");
    let edited = server.get("/guides/first-day.html").page();
    assert!(
        edited.text(".content").contains("on the right now"),
        "{}",
        edited.text(".content")
    );

    // Create a page.
    kb.write(
        "content/guides/lunch.md",
        page("title: Lunch", "The canteen opens at noon."),
    );
    events.next("reload");
    let created = server.get("/guides/lunch.html");
    assert_eq!(created.status, 200);
    assert_eq!(created.page().text("h1"), "Lunch");

    // Rename the linked page: the link follows its title.
    std::fs::rename(
        kb.path("content/guides/contacts.md"),
        kb.path("content/guides/who-to-call.md"),
    )
    .unwrap();
    events.next("reload");
    assert_eq!(server.get("/guides/who-to-call.html").status, 200);
    assert_eq!(server.get("/guides/contacts.html").status, 404);
    let linking = server.get("/guides/first-day.html").page();
    assert_eq!(
        linking.attr(".content a[href$='who-to-call.html']", "href"),
        "who-to-call.html"
    );

    // Delete it: the link becomes a visible "missing page" marker.
    std::fs::remove_file(kb.path("content/guides/who-to-call.md")).unwrap();
    events.next("reload");
    let broken = server.get("/guides/first-day.html").page();
    assert_eq!(broken.text(".content .link-missing"), "Contacts");

    // A stylesheet change only swaps stylesheets.
    kb.write("themes/default/static/extra.css", "p { margin: 1px; }\n");
    assert_eq!(events.next("reload"), "css");
    assert_eq!(
        server.get("/_cairn/assets/extra.css").body,
        "p { margin: 1px; }\n"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_shows_the_error_until_fixed() {
    let kb = fixture();
    let server = Server::start(&kb, &[]);
    let (events, greeting) = server.events();
    assert_eq!(greeting, "hello");

    kb.write(
        "content/guides/contacts.md",
        "---\ntitle: [Contacts\n---\nWho to call.\n",
    );
    let error = events.next("build-error");
    assert!(
        error.contains("content/guides/contacts.md:3:1") && error.contains("malformed YAML"),
        "the error names the file and line: {error}"
    );
    server.wait_for_line("still serving the last good version");

    let kept = server.get("/guides/contacts.html");
    assert_eq!(kept.status, 200, "the last good page is still served");
    assert!(kept.page().text(".content").contains("Who to call."));
    let status = server.get("/__cairn/status").body;
    assert!(status.contains("contacts.md:3:1"), "{status}");

    kb.write(
        "content/guides/contacts.md",
        page("title: Contacts", "Who to call now."),
    );
    events.next("reload");
    assert!(server
        .get("/guides/contacts.html")
        .page()
        .text(".content")
        .contains("Who to call now."));
    assert_eq!(server.get("/__cairn/status").body, "{\"errors\":null}");
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let kb = fixture();
    let server = Server::start(&kb, &["--allow-host", "kb.office.example"]);
    let port = server
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    // A page elsewhere whose name resolves to this computer (DNS rebinding).
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1.evil.example",
    ] {
        assert_eq!(server.status_for_host("/", host), 403, "{host}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "kb.office.example".to_owned(),
    ] {
        assert_eq!(server.status_for_host("/", &host), 200, "{host}");
    }
}

#[test]
fn only_the_site_is_served_and_never_what_lies_outside_it() {
    let kb = fixture();
    kb.write("content/guides/map.txt", "the office map");
    let server = Server::start(&kb, &[]);

    for path in [
        "/../cairn.yaml",
        "/guides/../../cairn.yaml",
        "/%2e%2e/cairn.yaml",
        "/%2E%2E%2Fcairn.yaml",
        "/guides/%2e%2e/%2e%2e/etc/passwd",
        "/..%5c..%5ccairn.yaml",
    ] {
        assert_eq!(server.raw_status(path), 403, "{path}");
    }
    let missing = server.get("/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.content_type, "text/html; charset=utf-8");
    assert!(
        missing.page().text("h1").contains("not found")
            || missing.page().text("h1").contains("Not found"),
        "the theme's 404 page: {}",
        missing.page().text("h1")
    );
    assert_eq!(
        server.get("/content/_index.md").status,
        404,
        "sources are not served"
    );
    assert_eq!(server.get("/cairn.yaml").status, 404);

    let folder = server.get("/guides");
    assert_eq!((folder.status, folder.location.as_str()), (301, "/guides/"));
    assert_eq!(server.get("/guides/").page().text("h1"), "Guides");
    let listing = server.get("/_cairn/assets/");
    assert_eq!(listing.status, 404, "no directory listings");

    let css = server.get("/_cairn/assets/style.css");
    assert_eq!(
        (css.status, css.content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    let copied = server.get("/guides/map.txt");
    assert_eq!(
        (copied.status, copied.body.as_str()),
        (200, "the office map")
    );
}

#[cfg(unix)]
#[test]
fn a_link_leading_outside_is_reported_and_never_served() {
    let kb = fixture();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "do not serve").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        kb.path("content/guides/notes.txt"),
    )
    .unwrap();
    let server = Server::start(&kb, &[]);
    let status = server.get("/__cairn/status").body;
    assert!(
        status.contains("leads outside the knowledge base") && status.contains("notes.txt"),
        "{status}"
    );
    let linked = server.get("/guides/notes.txt");
    assert_ne!(linked.status, 200);
    assert!(!linked.body.contains("do not serve"));
}

#[test]
fn the_published_build_has_no_reload_script_but_served_pages_do() {
    let kb = fixture();
    kb.build();
    let script = "script[src*='__cairn']";
    assert!(kb.html("guides/first-day.html").all(script).is_empty());
    let server = Server::start(&kb, &[]);
    let served = server.get("/guides/first-day.html").page();
    assert_eq!(served.attr(script, "src"), "/__cairn/reload.js");
    let js = server.get("/__cairn/reload.js");
    assert_eq!(js.content_type, "text/javascript; charset=utf-8");
    assert!(js.body.contains("EventSource"));
}

#[test]
fn a_taken_port_moves_to_the_next_and_other_addresses_are_warned_about_or_need_allowed_hosts() {
    let kb = fixture();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let server = Server::start(&kb, &["--port", &port]);
    assert!(!server.url.ends_with(&format!(":{port}")), "{}", server.url);
    assert_eq!(server.get("/").status, 200);
    drop(server);

    // Every address of this computer, with no host allowed: no request
    // could be answered, so the server asks which hosts to allow.
    let refused = kb.cairn(&["serve", ".", "--port", "0", "--bind", "0.0.0.0"]);
    refused.fails_with(&["--bind 0.0.0.0", "--allow-host"]);

    let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(["serve", ".", "--port", "0", "--bind", "0.0.0.0"])
        .args(["--allow-host", "kb.office.example"])
        .current_dir(kb.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with("warning: listening on 0.0.0.0"),
        "{first}"
    );
}

#[test]
fn a_knowledge_base_that_does_not_build_yet_shows_why_and_recovers() {
    let kb = fixture();
    kb.write(
        "content/guides/contacts.md",
        "---\ntitle: [Contacts\n---\nWho to call.\n",
    );
    let server = Server::start(&kb, &[]);
    let (events, greeting) = server.events();
    assert_eq!(
        greeting, "build-error",
        "a new page learns at once that the build fails"
    );

    let waiting = server.get("/guides/first-day.html");
    assert_eq!(waiting.status, 503);
    let shown = waiting.page();
    assert_eq!(shown.text("h1"), "The site does not build yet");
    assert_eq!(
        shown.attr("script[src*='__cairn']", "src"),
        "/__cairn/reload.js"
    );
    assert!(server
        .get("/__cairn/status")
        .body
        .contains("contacts.md:3:1"));

    kb.write(
        "content/guides/contacts.md",
        page("title: Contacts", "Who to call."),
    );
    assert_eq!(events.next("reload"), "page");
    assert_eq!(server.get("/guides/first-day.html").status, 200);
}

#[test]
fn outside_any_knowledge_base_the_bundled_example_is_served() {
    let empty = Kb::new();
    let server = Server::start_in(empty.root(), &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    let title = home.page().text("title");
    assert!(title.contains("Northmere"), "{title}");
    assert_eq!(server.get("/guides/your-first-week.html").status, 200);
    // Nothing was written where it was started.
    assert_eq!(std::fs::read_dir(empty.root()).unwrap().count(), 0);
}

#[test]
fn a_content_folder_moved_by_the_config_is_built_and_watched() {
    let kb = fixture();
    let server = Server::start(&kb, &[]);
    let (events, _) = server.events();
    kb.write(
        "notes/moved.md",
        page("title: Moved notes", "Now in notes/.\n"),
    );
    kb.write("cairn.yaml", "title: Moved\ncontent_dir: notes\n");
    server.wait_for_line("after a change to");
    events.next("reload");
    assert_eq!(server.get("/moved.html").status, 200);
    assert_eq!(server.get("/guides/first-day.html").status, 404);
    // The new folder is watched: an edit there shows up.
    kb.write(
        "notes/moved.md",
        page("title: Moved notes", "Edited in notes/.\n"),
    );
    events.next("reload");
    let body = server.get("/moved.html").page().text("main");
    assert!(body.contains("Edited in notes/."), "{body}");
}
