//! `cairn serve` run as a child process on an ephemeral port, and the
//! requests tests make to it: pages over HTTP, raw paths, and the live
//! reload events an open page listens to.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use scraper::Html;

use super::{Kb, Page, FIXED_EPOCH};

/// How long a rebuild may take before a test gives up on it.
const WAIT: Duration = Duration::from_secs(20);

/// A running `cairn serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    /// Lines the server printed on standard error.
    log: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(kb: &Kb, args: &[&str]) -> Server {
        Server::start_in(kb.root(), &[&["."], args].concat())
    }

    /// Like [`Server::start`], with every timeout of the server (waiting
    /// for a request's headers, for a client to read, between pings of an
    /// event stream) cut to `timeout_ms` milliseconds, so that tests of the
    /// timeouts need not wait the real ones.
    pub fn start_with_timeout(kb: &Kb, timeout_ms: u64) -> Server {
        Server::start_with_env(kb, &[("CAIRN_SERVE_TIMEOUT_MS", &timeout_ms.to_string())])
    }

    /// Like [`Server::start`], with these environment variables (such as
    /// `CAIRN_SERVE_MAX_CONNECTIONS`, the most connections open at once).
    pub fn start_with_env(kb: &Kb, env: &[(&str, &str)]) -> Server {
        Server::launch(kb.root(), &["."], env)
    }

    /// Runs `cairn serve ARGS` in the folder `cwd`.
    pub fn start_in(cwd: &std::path::Path, args: &[&str]) -> Server {
        Server::launch(cwd, args, &[])
    }

    fn launch(cwd: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let port: &[&str] = if args.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
            .arg("serve")
            .args(port)
            .args(args)
            .current_dir(cwd)
            .env("SOURCE_DATE_EPOCH", FIXED_EPOCH)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cairn serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            log,
        };
        let line = server.wait_for_line("Serving the knowledge base at ");
        let url = line
            .split("at ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("a URL")
            .trim_end_matches('/')
            .to_owned();
        server.url = url;
        server
    }

    /// The server's `host:port`.
    pub fn address(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How many files (sockets included) the server has open.
    #[cfg(target_os = "linux")]
    pub fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .expect("the server's /proc/PID/fd")
            .count()
    }

    /// Waits until the server prints a line containing `needle`; returns it.
    pub fn wait_for_line(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!(
            "the server never said {needle:?}; it said:\n{}",
            seen.join("\n")
        );
    }

    pub fn get(&self, path: &str) -> Fetched {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(WAIT))
            .build()
            .into();
        let mut response = agent
            .get(format!("{}{path}", self.url))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let content_type = header("content-type");
        let location = header("location");
        Fetched {
            status: response.status().as_u16(),
            content_type,
            location,
            body: response.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    /// Sends `raw_path` exactly as written (clients normalise `..` away).
    pub fn raw_status(&self, raw_path: &str) -> u16 {
        let address = self.url.trim_start_matches("http://").trim_end_matches('/');
        self.status_for_host(raw_path, address)
    }

    /// Sends a request for `raw_path` that says it is for `host`.
    pub fn status_for_host(&self, raw_path: &str, host: &str) -> u16 {
        let address = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(address).expect("connects");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET {raw_path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        let _ = stream.read_to_string(&mut reply);
        reply
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status line for {raw_path}: {reply:?}"))
    }

    /// Subscribes to the server's events, as an open page does.
    /// The server's greeting says whether the current build failed
    /// (`build-error`) or not (`hello`); once it arrives, the page is
    /// registered for later events.
    pub fn events(&self) -> (Events, String) {
        let address = self.url.trim_start_matches("http://").to_owned();
        let mut stream = TcpStream::connect(&address).expect("connects");
        write!(
            stream,
            "GET /__cairn/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        let connection = stream.try_clone().expect("a second handle on the stream");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_owned();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send((event.clone(), data.to_owned())).is_err() {
                        break;
                    }
                }
            }
        });
        Events {
            received: rx,
            connection,
        }
        .greeting()
    }
}

/// Events received by one subscriber: (event name, data). Dropping it
/// closes the connection, as closing the page does.
pub struct Events {
    received: Receiver<(String, String)>,
    connection: TcpStream,
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.connection.shutdown(std::net::Shutdown::Both);
    }
}

impl Events {
    fn greeting(self) -> (Events, String) {
        let (name, _) = self
            .received
            .recv_timeout(WAIT)
            .expect("the server greets a new listener");
        (self, name)
    }

    /// Waits for the next event called `name`; returns its data.
    pub fn next(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.received.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("no `{name}` event arrived");
    }

    /// How many events called `name` arrived so far (and were not waited
    /// for with [`Events::next`]); does not wait.
    pub fn count(&self, name: &str) -> usize {
        self.received
            .try_iter()
            .filter(|(event, _)| event == name)
            .count()
    }
}

/// A response: its status, the headers tests look at, and its body.
pub struct Fetched {
    pub status: u16,
    pub content_type: String,
    pub location: String,
    pub body: String,
}

impl Fetched {
    pub fn page(&self) -> Page {
        Page(Html::parse_document(&self.body))
    }
}
