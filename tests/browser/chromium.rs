//! A real browser for the tests: headless Chromium driven over WebDriver by
//! `fantoccini`, with Debian's `chromium` and `chromium-driver`.
//! `scripts/test.sh` installs them when they are missing; a machine without
//! them fails these tests with a message saying so, rather than skipping.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// How long the browser may take to show what a test waits for.
const WAIT: Duration = Duration::from_secs(20);

/// A headless Chromium, closed when dropped.
pub struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn find_program(names: &[&str]) -> String {
    for name in names {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
        if let Some(path) = found.filter(|p| !p.is_empty()) {
            return path;
        }
    }
    panic!(
        "none of {names:?} is installed: the browser tests need Chromium and its WebDriver \
         (Debian: apt-get install chromium chromium-driver). scripts/test.sh installs them."
    );
}

impl Browser {
    pub fn start() -> Browser {
        Browser::start_with(&[])
    }

    /// A browser started with extra Chromium switches (such as
    /// `--force-prefers-reduced-motion`).
    pub fn start_with(switches: &[&str]) -> Browser {
        let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
        let chromedriver = find_program(&["chromedriver"]);
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let args: Vec<&str> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .into_iter()
        .chain(switches.iter().copied())
        .collect();
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": args,
            }
        });
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        let deadline = Instant::now() + WAIT;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            let attempt = runtime.block_on(
                ClientBuilder::new(connector)
                    .capabilities(capabilities.clone())
                    .connect(&format!("http://127.0.0.1:{port}")),
            );
            match attempt {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => {
                    panic!("cannot start headless Chromium through chromedriver: {error}")
                }
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        };
        Browser {
            runtime,
            client: Some(client),
            driver,
        }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("open")
    }

    pub fn goto(&self, url: &str) {
        self.runtime
            .block_on(self.client().goto(url))
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Runs `script` in the page and returns its value.
    pub fn eval(&self, script: &str) -> serde_json::Value {
        self.runtime
            .block_on(self.client().execute(script, Vec::new()))
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs `script` in the page and reads its value as a `T`.
    pub fn value<T: serde::de::DeserializeOwned>(&self, script: &str) -> T {
        let value = self.eval(script);
        serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("unexpected value {value} ({e}) from\n{script}"))
    }

    /// The text of the first element matching `css`, if there is one.
    pub fn text(&self, css: &str) -> Option<String> {
        self.runtime.block_on(async {
            let element = self.client().find(Locator::Css(css)).await.ok()?;
            element.text().await.ok()
        })
    }

    /// Types `text` into the element that has the focus.
    pub fn keys(&self, text: &str) {
        self.runtime
            .block_on(async { self.client().active_element().await?.send_keys(text).await })
            .unwrap_or_else(|e| panic!("cannot type {text:?}: {e}"));
    }

    /// Clicks the first element matching `css`.
    pub fn click(&self, css: &str) {
        self.runtime
            .block_on(async { self.client().find(Locator::Css(css)).await?.click().await })
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Moves the mouse over the first element matching `css`.
    pub fn hover(&self, css: &str) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        self.runtime
            .block_on(async {
                let element = self.client().find(Locator::Css(css)).await?;
                let moves =
                    MouseActions::new("mouse".to_owned()).then(PointerAction::MoveToElement {
                        element,
                        duration: None,
                        x: 0,
                        y: 0,
                    });
                self.client().perform_actions(moves).await
            })
            .unwrap_or_else(|e| panic!("cannot hover {css}: {e}"));
    }

    /// Saves what the window shows as a PNG file.
    pub fn screenshot(&self, path: &std::path::Path) {
        let png = self
            .runtime
            .block_on(self.client().screenshot())
            .unwrap_or_else(|e| panic!("cannot take a screenshot: {e}"));
        std::fs::write(path, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Prints the page as Chromium prints to PDF (WebDriver's Print Page),
    /// on A4 with backgrounds, and returns the PDF.
    pub fn print_pdf(&self) -> Vec<u8> {
        use base64::Engine as _;
        let value = self
            .runtime
            .block_on(self.client().issue_cmd(PrintPage))
            .unwrap_or_else(|e| panic!("cannot print the page: {e}"));
        let encoded = value.as_str().expect("Print Page answers with base64");
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .expect("Print Page answers with base64")
    }

    /// Waits until `ready` holds, failing with `what` after [`WAIT`].
    pub fn wait_until(&self, what: &str, ready: impl Fn(&Browser) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !ready(self) {
            assert!(Instant::now() < deadline, "timed out waiting: {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// WebDriver's Print Page command, which `fantoccini` does not wrap.
#[derive(Debug)]
struct PrintPage;

impl fantoccini::wd::WebDriverCompatibleCommand for PrintPage {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/print", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({
            "background": true,
            "page": { "width": 21.0, "height": 29.7 },
        });
        (http::Method::POST, Some(body.to_string()))
    }
}
