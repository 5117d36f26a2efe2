//! `cairn serve` under load and against clients that misbehave: the real
//! binary, its timeouts cut to a second or two (`CAIRN_SERVE_TIMEOUT_MS`)
//! so that the tests need not wait the real ones. A short form of
//! `scripts/load_test.py`, which runs the same kind of load for longer on a
//! generated corpus of thousands of pages.
//!
//! Open connections are counted in `/proc/PID/fd`, so these tests need
//! Linux (as CI is).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::server::Server;
use crate::common::{page, Kb};

/// Notes added to the served fixture, each linking to the next.
const NOTES: usize = 30;

/// The served fixture (a home page, a guides section of two pages) and
/// [`NOTES`] notes.
fn small_site() -> Kb {
    let kb = Kb::from_fixture("valid/served");
    for i in 0..NOTES {
        kb.write(
            &format!("content/notes/n-{i:02}.md"),
            page(
                &format!("title: Note {i}\ntags: [load]"),
                &format!(
                    "Note {i} of the load test. See [[Note {}]].\n\n{}",
                    (i + 1) % NOTES,
                    "A paragraph to give the page some weight. ".repeat(40)
                ),
            ),
        );
    }
    kb
}

/// What clients fetch: every page of [`small_site`] and a stylesheet.
fn paths() -> Vec<String> {
    let mut paths: Vec<String> = [
        "/",
        "/guides/",
        "/guides/first-day.html",
        "/guides/contacts.html",
        "/_cairn/assets/style.css",
    ]
    .map(str::to_owned)
    .to_vec();
    paths.extend((0..NOTES).map(|i| format!("/notes/n-{i:02}.html")));
    paths
}

/// How many files the server has open at rest: once it has answered a
/// request (its HTTP side, started after the first build, has opened what
/// it keeps open) and let go of that connection.
fn at_rest(server: &Server) -> usize {
    assert_eq!(server.get("/").status, 200);
    let mut fewest = usize::MAX;
    for _ in 0..10 {
        fewest = fewest.min(server.open_files());
        std::thread::sleep(Duration::from_millis(50));
    }
    fewest
}

/// Waits until the server has at most `baseline` files open; returns how
/// many it has then (or at the deadline).
fn settle_to(server: &Server, baseline: usize, within: Duration) -> usize {
    let deadline = Instant::now() + within;
    loop {
        let open = server.open_files();
        if open <= baseline || Instant::now() > deadline {
            return open;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What the server has open, for a failure's message.
fn open_files(server: &Server) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(format!("/proc/{}/fd", server.pid())) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .map(|target| target.display().to_string())
        .collect()
}

/// Sends a request for `path` and drops the connection without reading the
/// answer: with the answer unread, the system resets the connection, as
/// when a browser tab is killed mid-download.
fn vanish(address: &str, path: &str) {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let mut first = [0; 16];
    let _ = stream.read(&mut first);
}

/// How long until the server closes `stream` (a read returns nothing or an
/// error), waiting at most `limit`; `None` if it is still open then.
fn closed_after(stream: &TcpStream, started: Instant, limit: Duration) -> Option<Duration> {
    let mut stream = stream.try_clone().unwrap();
    let mut buffer = [0; 4096];
    loop {
        let left = limit.checked_sub(started.elapsed())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match stream.read(&mut buffer) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return None
            }
            Err(_) => return Some(started.elapsed()),
        }
    }
}

#[test]
fn readers_listeners_and_saves_at_once_fail_nothing_and_leave_nothing_open() {
    const CLIENTS: usize = 16;
    const LISTENERS: usize = 5;
    const LOAD: Duration = Duration::from_secs(3);
    let kb = small_site();
    let server = Server::start_with_timeout(&kb, 2_000);
    let baseline = at_rest(&server);
    let paths = paths();
    let address = server.address();

    let listeners: Vec<_> = (0..LISTENERS).map(|_| server.events().0).collect();
    let requests = AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::<String>::new());
    let saving = AtomicBool::new(true);
    let saves = AtomicUsize::new(0);
    let started = Instant::now();
    let slowest = std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut i = 0;
            while started.elapsed() < LOAD {
                i += 1;
                kb.write(
                    "content/guides/first-day.md",
                    page(
                        "title: First day",
                        &format!("Read [[Contacts]] first. Save {i}."),
                    ),
                );
                saves.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(200));
            }
            saving.store(false, Ordering::Relaxed);
        });
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let (paths, url, requests, failures) = (&paths, &server.url, &requests, &failures);
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .max_redirects(0)
                        .timeout_global(Some(Duration::from_secs(10)))
                        .build()
                        .into();
                    let mut slowest = Duration::ZERO;
                    let mut next = client * 7 + 1;
                    while started.elapsed() < LOAD {
                        next = (next * 31 + 17) % paths.len();
                        let path = &paths[next];
                        let asked = Instant::now();
                        let outcome = agent
                            .get(format!("{url}{path}"))
                            .call()
                            .map_err(|e| e.to_string())
                            .and_then(|mut r| {
                                let status = r.status().as_u16();
                                let body = r.body_mut().read_to_vec().map_err(|e| e.to_string())?;
                                Ok((status, body.len()))
                            });
                        slowest = slowest.max(asked.elapsed());
                        requests.fetch_add(1, Ordering::Relaxed);
                        match outcome {
                            Ok((200, len)) if len > 0 => {}
                            other => failures.lock().unwrap().push(format!("{path}: {other:?}")),
                        }
                    }
                    slowest
                })
            })
            .collect();
        clients
            .into_iter()
            .map(|c| c.join().unwrap())
            .max()
            .unwrap()
    });
    // The last save's reload.
    std::thread::sleep(Duration::from_millis(500));
    let requests = requests.into_inner();
    let failures = failures.into_inner().unwrap();
    let saves = saves.into_inner();
    assert!(
        failures.is_empty(),
        "{} of {requests} requests failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    assert!(
        requests > 300,
        "only {requests} requests were answered in {LOAD:?}"
    );
    assert!(
        slowest < Duration::from_secs(2),
        "the slowest request took {slowest:?}"
    );
    for (i, listener) in listeners.iter().enumerate() {
        let reloads = listener.count("reload");
        assert!(
            reloads * 2 >= saves && reloads >= 3,
            "listener {i} was told to reload {reloads} times for {saves} saves"
        );
    }

    // Pages closed, and clients that vanish mid-answer: the server lets go
    // of every connection.
    drop(listeners);
    for _ in 0..10 {
        vanish(&address, "/_cairn/assets/style.css");
        vanish(&address, "/__cairn/events");
    }
    let open = settle_to(&server, baseline, Duration::from_secs(5));
    assert_eq!(
        open,
        baseline,
        "the server had {baseline} files open before the load and {open} after: {:?}",
        open_files(&server)
    );
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn idle_and_slow_clients_are_cut_off_while_others_are_served_promptly() {
    const TIMEOUT: Duration = Duration::from_millis(1_500);
    let kb = small_site();
    let server = Server::start_with_timeout(&kb, TIMEOUT.as_millis() as u64);
    let baseline = at_rest(&server);
    let address = server.address();
    let (events, _) = server.events();
    let started = Instant::now();

    // Fifty clients that connect and say nothing.
    let silent: Vec<TcpStream> = (0..50)
        .map(|_| TcpStream::connect(&address).unwrap())
        .collect();
    // One that asks for a page, keeps the connection alive, and asks for
    // nothing more.
    let mut kept_alive = TcpStream::connect(&address).unwrap();
    write!(kept_alive, "GET / HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    // One that sends its headers a byte every 100 ms, and never ends them.
    let dribbling = TcpStream::connect(&address).unwrap();
    let mut writer = dribbling.try_clone().unwrap();
    std::thread::spawn(move || {
        let head = format!(
            "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: {}",
            "a".repeat(200)
        );
        for byte in head.bytes() {
            if writer.write_all(&[byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    // One that asks for the stylesheet 2,000 times over and reads nothing.
    let stalled = TcpStream::connect(&address).unwrap();
    let mut asking = stalled.try_clone().unwrap();
    let request = format!("GET /_cairn/assets/style.css HTTP/1.1\r\nHost: {address}\r\n\r\n");
    std::thread::spawn(move || {
        for _ in 0..2_000 {
            if asking.write_all(request.as_bytes()).is_err() {
                return;
            }
        }
    });

    // Meanwhile everyone else is served at once.
    let mut slowest = Duration::ZERO;
    let mut served = 0;
    while started.elapsed() < TIMEOUT - Duration::from_millis(300) {
        for path in paths() {
            let asked = Instant::now();
            assert_eq!(server.get(&path).status, 200, "{path}");
            slowest = slowest.max(asked.elapsed());
            served += 1;
        }
    }
    assert!(
        slowest < Duration::from_millis(500),
        "with slow clients connected, a request took {slowest:?} ({served} served)"
    );

    // The idle, the kept-alive and the dribbling client are cut off once
    // the timeout has passed, not before, and not much after.
    let limit = TIMEOUT * 3;
    for (name, stream) in silent.iter().map(|s| ("a silent client", s)).chain([
        ("the kept-alive client", &kept_alive),
        ("the dribbling client", &dribbling),
    ]) {
        let after = closed_after(stream, started, limit)
            .unwrap_or_else(|| panic!("{name} was still connected after {limit:?}"));
        assert!(
            after >= TIMEOUT - Duration::from_millis(100),
            "{name} was cut off after only {after:?}"
        );
    }
    // The one that reads nothing is cut off too: reading now, it gets what
    // was in flight, then the end, far short of 2,000 stylesheets.
    std::thread::sleep(TIMEOUT);
    let mut received = Vec::new();
    let mut reader = stalled.try_clone().unwrap();
    reader.set_read_timeout(Some(TIMEOUT * 3)).unwrap();
    let ended = loop {
        let mut buffer = [0; 65536];
        match reader.read(&mut buffer) {
            Ok(0) => break true,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                break false
            }
            Err(_) => break true,
        }
    };
    let answers = received
        .windows(15)
        .filter(|w| w == b"HTTP/1.1 200 OK")
        .count();
    assert!(
        ended,
        "the client that reads nothing was not cut off ({answers} answers sent)"
    );
    assert!(
        answers < 2_000,
        "all {answers} answers were sent to a client that read nothing"
    );

    // The page listening for reloads was not cut off: its stream is
    // long-lived by design.
    kb.write(
        "content/guides/first-day.md",
        page(
            "title: First day",
            "Read [[Contacts]] first. Still listening.",
        ),
    );
    assert_eq!(events.next("reload"), "page");

    drop(events);
    drop(silent);
    let _ = dribbling.shutdown(Shutdown::Both);
    let _ = stalled.shutdown(Shutdown::Both);
    let open = settle_to(&server, baseline, TIMEOUT * 3);
    assert_eq!(
        open,
        baseline,
        "files open: {baseline} before, {open} after: {:?}",
        open_files(&server)
    );
}

#[test]
fn past_the_most_connections_a_client_waits_for_one_to_close_and_is_served() {
    const TIMEOUT: Duration = Duration::from_millis(1_000);
    let kb = small_site();
    let server = Server::start_with_env(
        &kb,
        &[
            ("CAIRN_SERVE_TIMEOUT_MS", "1000"),
            ("CAIRN_SERVE_MAX_CONNECTIONS", "4"),
        ],
    );
    assert_eq!(server.get("/").status, 200);
    let address = server.address();
    // Four clients that say nothing hold every connection…
    let started = Instant::now();
    let silent: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(&address).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    // …so the next waits (unanswered, not refused) until the timeout
    // closes them, and is then served.
    let page = server.get("/guides/first-day.html");
    let waited = started.elapsed();
    assert_eq!(page.status, 200);
    assert!(
        waited >= TIMEOUT - Duration::from_millis(100),
        "served after {waited:?}: the limit of 4 connections was not applied"
    );
    assert!(
        waited < TIMEOUT * 4,
        "served only after {waited:?}: the silent clients were not cut off"
    );
    for stream in &silent {
        assert!(closed_after(stream, started, TIMEOUT * 4).is_some());
    }
}
