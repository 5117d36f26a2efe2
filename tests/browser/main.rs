//! Browser tests: the built and served site in headless Chromium (driven
//! over WebDriver by `fantoccini`), checked with axe-core and the Nu HTML
//! Checker. They need Chromium, chromedriver, Python 3 and Java, and the npm
//! packages in `tests/tools/` (`scripts/test-tools.sh` installs them); without
//! them these tests fail and say what is missing, they are never skipped.
//!
//! Everything that needs no browser is in the other target, `tests/it`.
//! See tests/README.md for how to run each.

// Shared with `tests/it`, which uses more of it than the browser tests do.
#[allow(dead_code)]
#[path = "../common/mod.rs"]
mod common;

mod chromium;
mod quality;
mod reader;
mod reload;
