//! The preview server's HTTP side: serves the last good build from memory,
//! streams reload and error events to open pages, and injects the small
//! script that listens to them.
//!
//! Only files the build produced can be served: a request path is decoded,
//! refused if it tries to leave the site (`..`, `.`, backslashes, NUL), and
//! then looked up in the build's own table of output paths, so there is no
//! directory listing and nothing outside the site can be named. Files copied
//! from the content folder (images, PDFs) are read from there, after checking
//! that the real path, symlinks followed, is still inside it.
//!
//! Requests are answered only when their `Host` names this computer
//! (`localhost`, a loopback address, the address listened on) or a host
//! allowed with `--allow-host`: a web page elsewhere whose name is made to
//! resolve to 127.0.0.1 (DNS rebinding) gets a refusal, not the notes.
//!
//! HTTP is hyper's, on a single-threaded tokio runtime of its own. No
//! client can hold the server ([`Limits`]): a request's headers must arrive
//! within `header_timeout` (hyper's own header read timeout, which also
//! closes a kept-alive connection left idle that long), a response the
//! client stops reading is abandoned after `write_timeout` without progress
//! ([`Deadline`]), and at most `max_connections` are open at once (further
//! clients wait in the system's queue until one closes). Event streams are
//! long-lived by design: they stay open while the page is, carry a comment
//! every `ping_every` so that a vanished client is noticed, and their
//! listeners are dropped once the connection is gone.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{mpsc, Semaphore};

use crate::output::{Contents, OutputFile};

/// Where the server's own endpoints live; no knowledge base page can be
/// published under this name (it starts with two underscores).
const OWN_PREFIX: &str = "/__cairn/";
/// The script added to every HTML page in serve mode.
const RELOAD_SCRIPT: &str = include_str!("reload.js");
/// How many ports after the requested one are tried when it is taken.
const PORT_ATTEMPTS: u16 = 20;
/// How long to wait before accepting again when accepting failed for want
/// of file descriptors or memory (it would fail again at once).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// What keeps slow, idle or vanished clients from holding the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's headers, counted from
    /// the connection (or the end of the previous response); a kept-alive
    /// connection idle this long is closed.
    pub header_timeout: Duration,
    /// How long a response may wait for the client to take more of it
    /// before the connection is closed.
    pub write_timeout: Duration,
    /// How often an open event stream is sent a comment, so that a client
    /// that vanished without closing is noticed.
    pub ping_every: Duration,
    /// The most connections open at once, event streams included.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
            ping_every: Duration::from_secs(20),
            // Well below the usual limit of 1,024 open files, which the
            // build needs some of too; a browser opens at most six per site.
            max_connections: 512,
        }
    }
}

impl Limits {
    /// The defaults with every timeout set to `timeout` (the ping comes
    /// twice as often, so that it is seen within one timeout): what the
    /// hidden `CAIRN_SERVE_TIMEOUT_MS` sets, for tests that cannot wait
    /// the real timeouts.
    pub fn with_timeout(timeout: Duration) -> Limits {
        Limits {
            header_timeout: timeout,
            write_timeout: timeout,
            ping_every: timeout / 2,
            ..Limits::default()
        }
    }
}

/// One file of a build, ready to serve.
#[derive(Debug, Clone)]
enum Served {
    Data(Bytes),
    /// A file copied from the content folder, read when asked for.
    File(PathBuf),
}

/// A complete build, as served.
#[derive(Debug, Default)]
pub struct Snapshot {
    files: HashMap<String, Served>,
    /// The content folder, resolved: copied files must stay inside it.
    content_dir: Option<PathBuf>,
}

impl Snapshot {
    /// The files of a build; `content_dir` is where copied files come from.
    pub fn new(files: Vec<OutputFile>, content_dir: &Path) -> Snapshot {
        let files = files
            .into_iter()
            .map(|file| (file.path, served(file.contents)))
            .collect();
        Snapshot {
            files,
            content_dir: content_dir.canonicalize().ok(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The contents of a file held in memory.
    pub fn data(&self, path: &str) -> Option<Bytes> {
        match self.files.get(path)? {
            Served::Data(bytes) => Some(bytes.clone()),
            Served::File(_) => None,
        }
    }

    /// This build with `files` added or replaced.
    pub fn updated(&self, files: Vec<OutputFile>) -> Snapshot {
        self.updated_without(files, &[])
    }

    /// This build, with the files at `paths` that `earlier` served and
    /// this one does not have yet (documents made after the pages reload).
    fn keeping(mut self, earlier: &Snapshot, paths: &[String]) -> Snapshot {
        for path in paths {
            if let (false, Some(served)) = (self.files.contains_key(path), earlier.files.get(path))
            {
                self.files.insert(path.clone(), served.clone());
            }
        }
        self
    }

    /// This build with the files at `gone` taken out, and `files` added or
    /// replaced.
    fn updated_without(&self, files: Vec<OutputFile>, gone: &[String]) -> Snapshot {
        let mut all = self.files.clone();
        for path in gone {
            all.remove(path);
        }
        all.extend(
            files
                .into_iter()
                .map(|file| (file.path, served(file.contents))),
        );
        Snapshot {
            files: all,
            content_dir: self.content_dir.clone(),
        }
    }
}

fn served(contents: Contents) -> Served {
    match contents {
        Contents::Text(text) => Served::Data(Bytes::from(text)),
        Contents::Bytes(bytes) => Served::Data(Bytes::from(bytes.into_owned())),
        Contents::Copy(path) => Served::File(path),
    }
}

/// What the server shares with the rebuilding side.
#[derive(Default)]
pub struct State {
    site: RwLock<Arc<Snapshot>>,
    /// The last build's problems as JSON, while it failed; `None` after a good build.
    errors: RwLock<Option<String>>,
    /// One sender per open page listening for events.
    listeners: Mutex<Vec<mpsc::Sender<Bytes>>>,
    /// The paths of the search index's files, as last added and as added
    /// the time before.
    search_files: Mutex<SearchFiles>,
}

/// The paths of the files of the search index served now, and of the one
/// before it.
#[derive(Default)]
struct SearchFiles {
    last: HashSet<String>,
    before: HashSet<String>,
}

/// What open pages are told after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Reload the page.
    Page,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// Nothing an open page shows changed: tell no one.
    Quiet,
}

impl State {
    /// Serves `snapshot` from now on, clears any error and tells open pages
    /// to reload.
    pub fn publish(&self, snapshot: Snapshot, reload: Reload) {
        self.publish_keeping(snapshot, reload, &[]);
    }

    /// As [`State::publish`], serving the last version of the files at
    /// `keep` until a later [`State::publish_changed`] brings theirs.
    pub fn publish_keeping(&self, snapshot: Snapshot, reload: Reload, keep: &[String]) {
        let replaced = self.replace(|current| snapshot.keeping(current, keep));
        self.published(reload, replaced);
    }

    /// Serves the current files with `files` added or replaced, clears any
    /// error and tells open pages to reload.
    pub fn publish_changed(&self, files: Vec<OutputFile>, reload: Reload) {
        let replaced = self.replace(|current| current.updated(files));
        self.published(reload, replaced);
    }

    /// Serves the search index as its background thread last updated it,
    /// without telling open pages (no page shows it as it loads): adds or
    /// replaces `files` (`index` is the paths of every file of the index
    /// now). Its files are named by their contents, so without letting go
    /// of earlier ones every save would leave a few more in memory for as
    /// long as the server runs; but a page that read the index's entry file
    /// just before this update goes on to fetch the files that entry names.
    /// So the files of the index being replaced are served until the next
    /// update, and those of the one before it, in neither, no more.
    pub fn update_search(&self, files: Vec<OutputFile>, index: HashSet<String>) {
        let Ok(mut served) = self.search_files.lock() else {
            return;
        };
        let SearchFiles { last, before } = &mut *served;
        let gone: Vec<String> = before
            .iter()
            .filter(|path| !last.contains(*path) && !index.contains(*path))
            .cloned()
            .collect();
        drop(self.replace(|current| current.updated_without(files, &gone)));
        *before = std::mem::replace(last, index);
    }

    /// Swaps in the snapshot `next` makes of the current one, under the
    /// lock so that no other change is lost; returns the one replaced.
    fn replace(&self, next: impl FnOnce(&Snapshot) -> Snapshot) -> Option<Arc<Snapshot>> {
        let mut site = self.site.write().ok()?;
        let mut replaced = Arc::new(next(&site));
        std::mem::swap(&mut *site, &mut replaced);
        Some(replaced)
    }

    fn published(&self, reload: Reload, replaced: Option<Arc<Snapshot>>) {
        // The build replaced is dropped after the pages are told: freeing
        // thousands of files takes a few milliseconds.
        if let Ok(mut errors) = self.errors.write() {
            *errors = None;
        }
        let kind = match reload {
            Reload::Page => "page",
            Reload::Css => "css",
            Reload::Quiet => {
                drop(replaced);
                return;
            }
        };
        self.broadcast("reload", kind);
        drop(replaced);
    }

    /// Keeps serving the last good build and shows `errors_json` (a JSON
    /// array of diagnostics) over every open page.
    pub fn fail(&self, errors_json: String) {
        self.broadcast("build-error", &errors_json);
        if let Ok(mut errors) = self.errors.write() {
            *errors = Some(errors_json);
        }
    }

    fn broadcast(&self, event: &str, data: &str) {
        let mut message = format!("event: {event}\n");
        for line in data.lines() {
            message.push_str("data: ");
            message.push_str(line);
            message.push('\n');
        }
        message.push('\n');
        let message = Bytes::from(message);
        if let Ok(mut listeners) = self.listeners.lock() {
            // A full queue is a page not reading; it is cut by the write
            // timeout, and dropped here once its connection is closed.
            listeners.retain(|tx| {
                !matches!(
                    tx.try_send(message.clone()),
                    Err(mpsc::error::TrySendError::Closed(_))
                )
            });
        }
    }

    /// The build being served.
    pub fn current(&self) -> Arc<Snapshot> {
        self.site.read().map(|s| Arc::clone(&s)).unwrap_or_default()
    }

    fn errors(&self) -> Option<String> {
        self.errors.read().ok().and_then(|e| e.clone())
    }
}

/// Binds `bind:port`, or the next free port when it is taken. Returns the
/// listener and a note to print when the port had to change.
pub fn bind(bind: IpAddr, port: u16) -> std::io::Result<(TcpListener, Option<String>)> {
    let mut last_error = None;
    for candidate in port..port.saturating_add(PORT_ATTEMPTS) {
        match TcpListener::bind(SocketAddr::new(bind, candidate)) {
            Ok(listener) => {
                let note = (candidate != port)
                    .then(|| format!("port {port} is in use; serving on port {candidate} instead"));
                return Ok((listener, note));
            }
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
                last_error = Some(error);
            }
            Err(error) => return Err(error),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no free port")))
}

/// The host names a request may give in its `Host` header.
#[derive(Debug, Clone)]
pub struct Hosts(Vec<String>);

impl Hosts {
    /// This computer's names, the address listened on, and `allowed`.
    pub fn new(bind: IpAddr, allowed: &[String]) -> Hosts {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .map(str::to_owned)
            .to_vec();
        names.push(match bind {
            IpAddr::V6(v6) => format!("[{v6}]"),
            IpAddr::V4(v4) => v4.to_string(),
        });
        names.extend(allowed.iter().map(|h| h.trim().to_ascii_lowercase()));
        Hosts(names)
    }

    /// Whether a `Host` header's value (a name, with or without a port)
    /// is one of them.
    fn allow(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = if host.starts_with('[') {
            host.split_inclusive(']').next().unwrap_or_default()
        } else {
            host.split(':').next().unwrap_or_default()
        };
        self.0.iter().any(|allowed| allowed == name)
    }
}

/// Serves requests on `listener` until the process ends.
pub fn run(
    listener: TcpListener,
    state: Arc<State>,
    hosts: Hosts,
    limits: Limits,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let open = Arc::new(Semaphore::new(limits.max_connections));
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .keep_alive(true);
        loop {
            // Wait for a connection to close before taking another: past
            // the limit, clients wait in the system's queue.
            let Ok(permit) = Arc::clone(&open).acquire_owned().await else {
                return Ok(());
            };
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                // A client gone before it was accepted: keep serving.
                Err(error) if is_transient(&error) => continue,
                // Out of file descriptors or memory for a moment: accepting
                // again at once would fail again, so wait a little.
                Err(_) => {
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            };
            // Responses are written whole: send them without waiting to
            // fill a packet (Nagle's algorithm would add up to 40 ms).
            let _ = stream.set_nodelay(true);
            let state = Arc::clone(&state);
            let hosts = hosts.clone();
            let http = http.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let state = Arc::clone(&state);
                    let allowed = request
                        .headers()
                        .get(hyper::header::HOST)
                        .and_then(|h| h.to_str().ok())
                        .is_some_and(|h| hosts.allow(h));
                    async move {
                        Ok::<_, Infallible>(if allowed {
                            respond(&state, &request, limits)
                        } else {
                            text(
                                StatusCode::FORBIDDEN,
                                "this preview answers only to localhost and the hosts allowed with --allow-host\n",
                            )
                        })
                    }
                });
                let io = Deadline::new(TokioIo::new(stream), limits.write_timeout);
                // A connection that breaks off or times out is the
                // client's business.
                let _ = http.serve_connection(io, service).await;
                drop(permit);
            });
        }
    })
}

/// Accept errors that concern one client only, not the server.
fn is_transient(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionReset, Interrupted, WouldBlock};
    matches!(
        error.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    )
}

/// A connection whose writes fail once they have waited `limit` without
/// progress: a client that stops reading (or reads a byte now and then)
/// cannot hold a response, and its connection, open for ever. Reads are
/// not limited here: hyper limits the wait for request headers, and an
/// event stream waits, by design, for as long as its page is open.
struct Deadline<T> {
    io: T,
    limit: Duration,
    /// Armed when a write first has to wait; reset by any progress.
    timer: Pin<Box<tokio::time::Sleep>>,
    armed: bool,
}

impl<T> Deadline<T> {
    fn new(io: T, limit: Duration) -> Deadline<T> {
        Deadline {
            io,
            limit,
            timer: Box::pin(tokio::time::sleep(limit)),
            armed: false,
        }
    }

    /// Passes on what the connection said, timing how long it waits.
    fn timed<R>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<std::io::Result<R>>,
    ) -> Poll<std::io::Result<R>> {
        if polled.is_ready() {
            self.armed = false;
            return polled;
        }
        if !self.armed {
            self.armed = true;
            let deadline = tokio::time::Instant::now() + self.limit;
            self.timer.as_mut().reset(deadline);
        }
        match self.timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client took nothing of the response for too long",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T: hyper::rt::Read + Unpin> hyper::rt::Read for Deadline<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: hyper::rt::Write + Unpin> hyper::rt::Write for Deadline<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write(cx, buf);
        self.timed(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.timed(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let polled = Pin::new(&mut self.io).poll_flush(cx);
        self.timed(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let polled = Pin::new(&mut self.io).poll_shutdown(cx);
        self.timed(cx, polled)
    }
}

type Reply = Response<BoxBody<Bytes, Infallible>>;

fn respond(state: &State, request: &Request<Incoming>, limits: Limits) -> Reply {
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        return text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served\n",
        );
    }
    let raw_path = request.uri().path();
    let mut reply = match raw_path.strip_prefix(OWN_PREFIX) {
        Some("events") => return events(state, limits.ping_every),
        Some("reload.js") => with_type(
            Response::new(full(Bytes::from_static(RELOAD_SCRIPT.as_bytes()))),
            "text/javascript; charset=utf-8",
        ),
        Some("status") => with_type(
            Response::new(full(Bytes::from(format!(
                "{{\"errors\":{}}}",
                state.errors().unwrap_or_else(|| "null".to_owned())
            )))),
            "application/json",
        ),
        Some(_) => text(StatusCode::NOT_FOUND, "not found\n"),
        None => site_file(state, raw_path),
    };
    reply
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if head {
        let (parts, _) = reply.into_parts();
        return Response::from_parts(parts, full(Bytes::new()));
    }
    reply
}

/// Where a request path leads in the site.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The output path of a file.
    File(String),
    /// A folder asked for without its trailing slash: redirect, so that
    /// relative links on its index page work.
    Folder(String),
    /// An attempt to leave the site, or a path that cannot be decoded.
    Refused,
}

/// Decodes a request path and finds what it names: a file of `files`, its
/// folder's `index.html`, or nothing (a `File` that is not in `files`).
pub(crate) fn lookup(raw_path: &str, has: impl Fn(&str) -> bool) -> Lookup {
    let Ok(decoded) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Lookup::Refused;
    };
    if decoded.contains(['\\', '\0']) {
        return Lookup::Refused;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Lookup::Refused,
            s => segments.push(s),
        }
    }
    let path = segments.join("/");
    if path.is_empty() {
        return Lookup::File("index.html".to_owned());
    }
    if decoded.ends_with('/') {
        return Lookup::File(format!("{path}/index.html"));
    }
    if !has(&path) && has(&format!("{path}/index.html")) {
        return Lookup::Folder(format!("/{path}/"));
    }
    Lookup::File(path)
}

fn site_file(state: &State, raw_path: &str) -> Reply {
    let site = state.current();
    if site.is_empty() {
        return no_site_yet();
    }
    let path = match lookup(raw_path, |p| site.files.contains_key(p)) {
        Lookup::Refused => return text(StatusCode::FORBIDDEN, "this path is outside the site\n"),
        Lookup::Folder(location) => {
            let mut reply = Response::new(full(Bytes::new()));
            *reply.status_mut() = StatusCode::MOVED_PERMANENTLY;
            if let Ok(value) = HeaderValue::from_str(&location) {
                reply.headers_mut().insert(LOCATION, value);
            }
            return reply;
        }
        Lookup::File(path) => path,
    };
    match site.files.get(&path).and_then(|served| read(&site, served)) {
        Some(data) => file_reply(StatusCode::OK, &path, data),
        None => match site.files.get("404.html").and_then(|s| read(&site, s)) {
            Some(page) => file_reply(StatusCode::NOT_FOUND, "404.html", page),
            None => text(StatusCode::NOT_FOUND, "not found\n"),
        },
    }
}

/// The bytes of a served file; a copied file only if it is still inside the
/// content folder once symlinks are followed.
fn read(site: &Snapshot, served: &Served) -> Option<Bytes> {
    match served {
        Served::Data(bytes) => Some(bytes.clone()),
        Served::File(path) => {
            let real = path.canonicalize().ok()?;
            let inside = site
                .content_dir
                .as_ref()
                .is_some_and(|content| real.starts_with(content));
            inside
                .then(|| std::fs::read(&real).ok().map(Bytes::from))
                .flatten()
        }
    }
}

fn file_reply(status: StatusCode, path: &str, data: Bytes) -> Reply {
    let is_html = path.ends_with(".html");
    let body = if is_html {
        with_reload_script(&data)
    } else {
        data
    };
    let mut reply = Response::new(full(body));
    *reply.status_mut() = status;
    if is_html {
        return with_type(reply, "text/html; charset=utf-8");
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let mime = match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    };
    match HeaderValue::from_str(&mime) {
        Ok(value) => {
            reply.headers_mut().insert(CONTENT_TYPE, value);
            reply
        }
        Err(_) => with_type(reply, "application/octet-stream"),
    }
}

/// `html` with the live-reload script added before `</body>` (or at the end).
fn with_reload_script(html: &[u8]) -> Bytes {
    const TAG: &[u8] = b"<script src=\"/__cairn/reload.js\"></script>\n";
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(TAG);
    out.extend_from_slice(&html[at..]);
    Bytes::from(out)
}

/// The page shown while no build has succeeded yet. Its reload script
/// receives the errors as soon as it connects, and reloads once they are fixed.
fn no_site_yet() -> Reply {
    const PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>Cairn: the site does not build yet</title></head><body><main>\
        <h1>The site does not build yet</h1>\
        <p>Cairn shows the problems here and in the terminal, and reloads this page when they are fixed.</p>\
        </main></body></html>";
    file_reply(
        StatusCode::SERVICE_UNAVAILABLE,
        "index.html",
        Bytes::from_static(PAGE.as_bytes()),
    )
}

/// A stream of server-sent events for one open page.
fn events(state: &State, ping_every: Duration) -> Reply {
    let (tx, rx) = mpsc::channel(16);
    // Tell the page at once whether the current build failed.
    let hello = match state.errors() {
        Some(errors) => format!(
            "retry: 1000\nevent: build-error\ndata: {}\n\n",
            errors.replace('\n', " ")
        ),
        None => "retry: 1000\nevent: hello\ndata: ok\n\n".to_owned(),
    };
    let _ = tx.try_send(Bytes::from(hello));
    if let Ok(mut listeners) = state.listeners.lock() {
        // Pages closed since the last broadcast are forgotten now, so that
        // pages opened and closed while nothing is saved do not pile up.
        listeners.retain(|tx| !tx.is_closed());
        listeners.push(tx);
    }
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + ping_every, ping_every);
    ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut reply = Response::new(BoxBody::new(EventStream { events: rx, ping }));
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    reply
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    reply
}

/// The body of an event stream: whatever the rebuilding side sends, and a
/// comment (which pages ignore) whenever it has been quiet for a while.
/// Writing the comment is how a client that vanished without closing its
/// connection is found out: the write fails, or stalls until the write
/// timeout, and the connection is closed.
struct EventStream {
    events: mpsc::Receiver<Bytes>,
    ping: tokio::time::Interval,
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Poll::Ready(event) = self.events.poll_recv(cx) {
            self.ping.reset();
            return Poll::Ready(event.map(|data| Ok(Frame::data(data))));
        }
        match self.ping.poll_tick(cx) {
            Poll::Ready(_) => Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b": ping\n\n"))))),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn full(bytes: Bytes) -> BoxBody<Bytes, Infallible> {
    Full::new(bytes).boxed()
}

fn text(status: StatusCode, message: &'static str) -> Reply {
    let mut reply = with_type(
        Response::new(full(Bytes::from_static(message.as_bytes()))),
        "text/plain; charset=utf-8",
    );
    *reply.status_mut() = status;
    reply
}

fn with_type(mut reply: Reply, content_type: &'static str) -> Reply {
    reply
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_index_replaced_is_served_until_the_next_one() {
        let state = State::default();
        let file = |path: &str| OutputFile {
            path: path.to_owned(),
            contents: Contents::Text(path.to_owned()),
            origin: String::new(),
        };
        let update = |paths: &[&str]| {
            state.update_search(
                paths.iter().map(|p| file(p)).collect(),
                paths.iter().map(|p| p.to_string()).collect(),
            );
        };
        let served = |path: &str| state.site.read().unwrap().data(path).is_some();
        update(&["entry.json", "meta.1", "chunk.a", "chunk.b"]);
        update(&["entry.json", "meta.2", "chunk.a", "chunk.c"]);
        // A page that read the first entry can still fetch what it names.
        for path in [
            "entry.json",
            "meta.1",
            "meta.2",
            "chunk.a",
            "chunk.b",
            "chunk.c",
        ] {
            assert!(served(path), "{path}");
        }
        update(&["entry.json", "meta.3", "chunk.a", "chunk.d"]);
        for path in ["meta.2", "meta.3", "chunk.a", "chunk.c", "chunk.d"] {
            assert!(served(path), "{path}");
        }
        for path in ["meta.1", "chunk.b"] {
            assert!(!served(path), "{path} is still served");
        }
    }

    fn find(path: &str) -> Lookup {
        let files = [
            "index.html",
            "guides/index.html",
            "guides/start.html",
            "a b.html",
        ];
        lookup(path, |p| files.contains(&p))
    }

    #[test]
    fn only_this_computers_names_and_allowed_hosts_are_served() {
        let hosts = Hosts::new("127.0.0.1".parse().unwrap(), &["KB.local".to_owned()]);
        for good in [
            "localhost:1111",
            "127.0.0.1:1111",
            "LOCALHOST",
            "[::1]:1111",
            "kb.local:80",
        ] {
            assert!(hosts.allow(good), "{good}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "",
            "[::2]:1111",
        ] {
            assert!(!hosts.allow(bad), "{bad}");
        }
        let lan = Hosts::new("192.168.1.5".parse().unwrap(), &[]);
        assert!(lan.allow("192.168.1.5:1111"));
    }

    #[test]
    fn paths_resolve_to_files_and_folders() {
        assert_eq!(find("/"), Lookup::File("index.html".into()));
        assert_eq!(find("/guides/"), Lookup::File("guides/index.html".into()));
        assert_eq!(find("/guides"), Lookup::Folder("/guides/".into()));
        assert_eq!(
            find("/guides/start.html"),
            Lookup::File("guides/start.html".into())
        );
        assert_eq!(find("/a%20b.html"), Lookup::File("a b.html".into()));
        assert_eq!(find("/missing.html"), Lookup::File("missing.html".into()));
    }

    #[test]
    fn attempts_to_leave_the_site_are_refused() {
        for path in [
            "/../etc/passwd",
            "/guides/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/guides/%2e%2e/%2e%2e/x",
            "/..%5c..%5cwindows",
            "/./index.html",
            "/x%00.html",
            "/%ff",
        ] {
            assert_eq!(find(path), Lookup::Refused, "{path}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let html = with_reload_script(b"<html><body><p>x</p></BODY></html>");
        let html = String::from_utf8(html.to_vec()).unwrap();
        assert!(
            html.contains("<p>x</p><script src=\"/__cairn/reload.js\"></script>\n</BODY>"),
            "{html}"
        );
        let bare = with_reload_script(b"<p>fragment</p>");
        assert!(bare.ends_with(b"</script>\n"));
    }
}
