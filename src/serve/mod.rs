//! `cairn serve`: builds the knowledge base in memory, serves it (see
//! [`crate::serve::server`]), watches its files and rebuilds when they change.
//!
//! The watcher is notify's. Its events are debounced here: a rebuild starts
//! once the files have been quiet for `DEBOUNCE`, so an editor's burst of
//! writes and renames for one save is one rebuild. Reads (including the
//! build's own) are not changes and are ignored. A rebuild that fails leaves the
//! last good site in place and sends its diagnostics to the open pages; the
//! server never stops because of what is in the content.
//!
//! The search index takes far longer to build than the pages, so it is kept
//! up to date on a thread of its own (`SearchUpdates`): a saved page
//! reloads at once, and search catches up a moment later. Until the first
//! index is ready, the search box searches titles, as it does on `file://`.

pub mod live;
pub mod server;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use serde::Serialize;

use crate::build::BuildOptions;
use crate::diagnostics::{Diagnostic, Severity};
use crate::output::OutputFile;
use crate::project::config::Project;
use crate::search::page::Record;
use crate::search::{self, LiveIndex};
use live::{Files, LiveSite, Rebuilt};
use server::{Reload, Snapshot, State};

/// How long the watcher waits for a burst of file events to end.
const DEBOUNCE: Duration = Duration::from_millis(25);
/// The longest a rebuild waits for a burst that goes on and on.
const DEBOUNCE_LIMIT: Duration = Duration::from_millis(500);

/// How to serve.
pub struct ServeOptions {
    pub dir: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Host names requests may give besides this computer's own
    /// (`localhost`, loopback addresses, the address listened on).
    pub allow_hosts: Vec<String>,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    pub build: BuildOptions,
    /// Timeouts and the most connections at once.
    pub limits: server::Limits,
}

/// Something worth telling the person at the terminal.
pub enum Event<'a> {
    /// Serving at this address; `note` says why the port differs, if it does.
    Listening { url: &'a str, note: Option<&'a str> },
    /// A build finished (`ok` or not) with these diagnostics.
    Built {
        ok: bool,
        /// Whether everything was rebuilt, or only what the change affects.
        full: bool,
        took: Duration,
        /// Files rendered (and served anew).
        files: usize,
        /// How many warnings the site has (`diagnostics` may show fewer).
        warnings: usize,
        /// How long each step took.
        stages: &'a [(&'static str, Duration)],
        /// The files that took longest to render, slowest first.
        slowest: &'a [(String, Duration)],
        diagnostics: &'a [Diagnostic],
        changed: &'a [PathBuf],
    },
    /// The watcher reported a problem (it keeps going).
    WatchError(String),
}

/// Runs the preview server until the process is stopped. Returns only when
/// it cannot start (the address cannot be bound, the folders cannot be
/// watched), with a message saying why.
pub fn serve(options: ServeOptions, mut tell: impl FnMut(Event)) -> Result<(), String> {
    let ServeOptions {
        dir,
        bind,
        port,
        allow_hosts,
        open,
        build,
        limits,
    } = options;
    let mut project = Project::open(&dir, None).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let (listener, note) = server::bind(bind, port).map_err(|error| {
        format!("cannot listen on {bind}:{port}: {error}\n  help: choose another port with --port")
    })?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the server's address: {error}"))?;
    let url = format!("http://{address}/");

    // Watch before the first build: a save made while it runs is not missed.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|error| format!("cannot watch for changes: {error}"))?;
    let mut folders = Folders::new(&project);
    for (path, mode) in folders.watched() {
        watcher
            .watch(&path, mode)
            .map_err(|error| format!("cannot watch `{}`: {error}", path.display()))?;
    }

    let state = Arc::new(State::default());
    let search = SearchUpdates::start(Arc::clone(&state));
    let started = Instant::now();
    let (mut live, rebuilt) = LiveSite::build(&dir, build);
    publish(&project, &state, &search, rebuilt, started, &[], &mut tell);

    let server_state = Arc::clone(&state);
    let hosts = server::Hosts::new(bind, &allow_hosts);
    std::thread::Builder::new()
        .name("http".into())
        .spawn(move || server::run(listener, server_state, hosts, limits))
        .map_err(|error| format!("cannot start the server: {error}"))?;
    tell(Event::Listening {
        url: &url,
        note: note.as_deref(),
    });
    if open {
        open_browser(&url);
    }

    let mut paths: Vec<PathBuf> = Vec::new();
    let mut waiting = None;
    loop {
        // Documents left for after the reload are made a few at a time
        // while no file changes: a save never waits for more than a few.
        let first = match waiting.take() {
            Some(event) => event,
            None if live.has_pending() => match rx.recv_timeout(DEBOUNCE) {
                Ok(event) => event,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    catch_up(&mut live, &state);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            },
            None => match rx.recv() {
                Ok(event) => event,
                Err(_) => break,
            },
        };
        let started = Instant::now();
        let mut next = Some(first);
        // Gather the burst: until the files are quiet for DEBOUNCE.
        while let Some(event) = next.take() {
            match event {
                Ok(event) if !matches!(event.kind, EventKind::Access(_)) => {
                    paths.extend(event.paths);
                }
                Ok(_) => {}
                Err(error) => tell(Event::WatchError(error.to_string())),
            }
            if started.elapsed() < DEBOUNCE_LIMIT {
                next = rx.recv_timeout(DEBOUNCE).ok();
            }
        }
        let changed = folders.relevant(std::mem::take(&mut paths));
        if !changed.is_empty() {
            let started = Instant::now();
            let rebuilt = live.update(&changed);
            // The config file may have moved the content or theme folder, or
            // the theme folder may have been created. Watch the new folders
            // before pages are told to reload, so that no save after the
            // reload is missed.
            if changed.iter().any(|p| folders.may_move(p)) {
                if let Ok(reopened) = Project::open(&dir, None) {
                    let moved = Folders::new(&reopened);
                    if moved != folders {
                        for (path, _) in folders.watched() {
                            let _ = watcher.unwatch(&path);
                        }
                        for (path, mode) in moved.watched() {
                            if let Err(error) = watcher.watch(&path, mode) {
                                tell(Event::WatchError(format!(
                                    "cannot watch `{}`: {error}",
                                    path.display()
                                )));
                            }
                        }
                        folders = moved;
                    }
                    project = reopened;
                }
            }
            publish(
                &project, &state, &search, rebuilt, started, &changed, &mut tell,
            );
        }
    }
    Ok(())
}

/// How many documents left for after the reload are made at once.
const CATCH_UP_AT_ONCE: usize = 4;

/// Renders a few of the documents the last rebuilds left for after the
/// reload (packs, print views) and serves them without telling open pages.
fn catch_up(live: &mut LiveSite, state: &State) {
    if let Some(files) = live.catch_up(CATCH_UP_AT_ONCE) {
        state.publish_changed(files, Reload::Quiet);
    }
}

/// Serves what a rebuild made, or shows its errors over the open pages,
/// and says so at the terminal. The files it made later (see
/// [`Rebuilt::later`]) are served in their last version until then.
fn publish(
    project: &Project,
    state: &State,
    search: &SearchUpdates,
    rebuilt: Rebuilt,
    started: Instant,
    changed: &[PathBuf],
    tell: &mut impl FnMut(Event),
) {
    let only_css = !changed.is_empty()
        && changed
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"));
    let reload = if only_css { Reload::Css } else { Reload::Page };
    let files = match rebuilt.files {
        Some(Files::All(files)) => {
            let count = files.len();
            state.publish_keeping(
                Snapshot::new(files, &project.content_dir),
                reload,
                &rebuilt.later,
            );
            search.send(SearchJob {
                language: project.config.language.clone(),
                fresh: true,
                pages: rebuilt.searchable,
            });
            Some(count)
        }
        Some(Files::Changed(files)) => {
            let count = files.len();
            state.publish_changed(files, reload);
            search.send(SearchJob {
                language: project.config.language.clone(),
                fresh: false,
                pages: rebuilt.searchable,
            });
            Some(count)
        }
        None => {
            state.fail(errors_json(&rebuilt.diagnostics));
            None
        }
    };
    tell(Event::Built {
        ok: files.is_some(),
        full: rebuilt.full,
        took: started.elapsed(),
        files: files.unwrap_or(0),
        warnings: rebuilt.warnings,
        stages: &rebuilt.stages,
        slowest: &rebuilt.slowest,
        diagnostics: &rebuilt.diagnostics,
        changed,
    });
}

/// Pages to (re)index: after a full rebuild, every page (`fresh`: start a
/// new index); after a quick update, the pages re-rendered.
struct SearchJob {
    language: String,
    fresh: bool,
    /// Search records, by rank in the plan.
    pages: Vec<(usize, Record)>,
}

/// The thread that keeps the served search index up to date.
struct SearchUpdates {
    jobs: mpsc::Sender<SearchJob>,
}

impl SearchUpdates {
    fn start(state: Arc<State>) -> SearchUpdates {
        let (jobs, queue) = mpsc::channel::<SearchJob>();
        // Should the thread not start, sending fails quietly and the search
        // box searches titles instead.
        let _ = std::thread::Builder::new()
            .name("search updates".into())
            .spawn(move || {
                let mut index: Option<LiveIndex> = None;
                let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
                while let Ok(first) = queue.recv() {
                    // Jobs that came in while the last index was written are
                    // done together; a fresh one replaces those before it.
                    let mut jobs = vec![first];
                    jobs.extend(queue.try_iter());
                    if let Some(last_fresh) = jobs.iter().rposition(|j| j.fresh) {
                        jobs.drain(..last_fresh);
                        // No pages: the site has no search.
                        index =
                            (!jobs[0].pages.is_empty()).then(|| LiveIndex::new(&jobs[0].language));
                    }
                    let Some(index) = &mut index else { continue };
                    let records: Vec<(usize, Record)> =
                        jobs.into_iter().flat_map(|j| j.pages).collect();
                    let files = Mutex::new(Vec::new());
                    let sink = search::OutputSink {
                        write: |file: OutputFile| {
                            files.lock().unwrap_or_else(|p| p.into_inner()).push(file);
                        },
                        // Only a new index renames, and only files it wrote.
                        rename: |from: &str, to: &str| {
                            let mut files = files.lock().unwrap_or_else(|p| p.into_inner());
                            if let Some(file) = files.iter_mut().find(|f| f.path == from) {
                                file.path = to.to_owned();
                            }
                        },
                    };
                    // On a pool of its own, one thread: the pages a save
                    // re-renders never wait behind the index's work.
                    let updated = match &pool {
                        Some(pool) => pool.install(|| index.update(&records, &sink)),
                        None => index.update(&records, &sink),
                    };
                    if updated.is_ok() {
                        let current = index
                            .files()
                            .map(|path| format!("{}/{path}", search::PAGEFIND_DIR))
                            .collect();
                        state.update_search(
                            files.into_inner().unwrap_or_else(|p| p.into_inner()),
                            current,
                        );
                    }
                }
            });
        SearchUpdates { jobs }
    }

    /// Queues `job`; a quick update that rendered no searchable page has
    /// nothing to do.
    fn send(&self, job: SearchJob) {
        if !job.pages.is_empty() || job.fresh {
            let _ = self.jobs.send(job);
        }
    }
}

/// The diagnostics as the browser overlay shows them.
fn errors_json(diagnostics: &[Diagnostic]) -> String {
    #[derive(Serialize)]
    struct Shown {
        severity: &'static str,
        text: String,
    }
    let shown: Vec<Shown> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .chain(diagnostics.iter().filter(|d| d.severity != Severity::Error))
        .take(50)
        .map(|d| Shown {
            severity: match d.severity {
                Severity::Error => "error",
                _ => "warning",
            },
            text: d.to_string(),
        })
        .collect();
    serde_json::to_string(&shown).unwrap_or_else(|_| "[]".to_owned())
}

/// The folders of a knowledge base as the watcher reports them: resolved,
/// so that event paths compare with them.
#[derive(PartialEq, Eq)]
struct Folders {
    root: PathBuf,
    content: PathBuf,
    output: PathBuf,
    theme: Option<PathBuf>,
    /// Where the config puts the theme folder, whether it exists or not.
    theme_wanted: PathBuf,
}

impl Folders {
    fn new(project: &Project) -> Folders {
        let resolve = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        Folders {
            root: resolve(&project.root),
            content: resolve(&project.content_dir),
            output: resolve(&project.output_dir),
            theme: project
                .theme_dir
                .as_deref()
                .filter(|t| t.is_dir())
                .map(resolve),
            theme_wanted: resolve(&project.root)
                .join(&project.config.theme_dir)
                .join(&project.config.theme),
        }
    }

    /// Whether a change to `path` may move or create the watched folders:
    /// the config file, or a folder on the way to the theme folder.
    fn may_move(&self, path: &Path) -> bool {
        path.parent() == Some(self.root.as_path())
            && (path.ends_with(crate::project::config::CONFIG_FILE)
                || self.theme_wanted.starts_with(path))
    }

    /// What to watch: the content folder, the theme folder, and the folder
    /// holding the config file (only its own files).
    fn watched(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut paths = vec![(self.content.clone(), RecursiveMode::Recursive)];
        if let Some(theme) = &self.theme {
            paths.push((theme.clone(), RecursiveMode::Recursive));
        }
        if self.content != self.root {
            paths.push((self.root.clone(), RecursiveMode::NonRecursive));
        }
        paths
    }

    /// The changed files that can affect the site: not the output folder,
    /// not hidden files or editors' backup and swap files.
    fn relevant(&self, paths: Vec<PathBuf>) -> Vec<PathBuf> {
        let mut changed: Vec<PathBuf> = paths
            .into_iter()
            .filter(|path| !path.starts_with(&self.output))
            .filter(|path| !is_scratch(path.strip_prefix(&self.root).unwrap_or(path)))
            .filter(|path| {
                // From the root folder itself only the config file and the
                // theme folder matter.
                path.parent() != Some(self.root.as_path())
                    || self.content == self.root
                    || self.may_move(path)
            })
            .collect();
        changed.sort();
        changed.dedup();
        changed
    }
}

/// Hidden files and folders, and the scratch files editors write while
/// saving; `path` is relative to the knowledge base.
fn is_scratch(path: &Path) -> bool {
    let hidden = path.components().any(|c| {
        c.as_os_str()
            .to_str()
            .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
    });
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    hidden
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Opens `url` in the desktop's browser, if there is one.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_scratch_files_are_ignored() {
        for name in [
            ".note.md.swp",
            "content/note.md~",
            "content/#note.md#",
            "4913",
            ".git/index",
        ] {
            assert!(is_scratch(Path::new(name)), "{name}");
        }
        for name in ["content/note.md", "themes/x/static/style.css", "cairn.yaml"] {
            assert!(!is_scratch(Path::new(name)), "{name}");
        }
    }
}
