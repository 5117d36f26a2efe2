//! Entry points for the fuzz harness (`fuzz/`) and its replay test
//! (`tests/it/fuzz_replay.rs`) into code that is otherwise private.
//!
//! Hidden from the documentation and not part of Cairn's interface: each
//! function here only forwards to the real code, so that the fuzzer tests
//! exactly what `cairn` runs. Everything else the harness needs is public
//! already.

use crate::serve::server::{lookup, Lookup};

/// Where the preview server's request path leads (see `serve::server`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestTarget {
    /// The output path of a file of the site, from its root.
    File(String),
    /// A folder asked for without its trailing slash: redirected here.
    Folder(String),
    /// Outside the site, or not decodable: refused.
    Refused,
}

/// Decodes `raw_path` (a request URI's path, still percent-encoded) the way
/// `cairn serve` does, in a site that has exactly the files `has` says.
pub fn request_path(raw_path: &str, has: impl Fn(&str) -> bool) -> RequestTarget {
    match lookup(raw_path, has) {
        Lookup::File(path) => RequestTarget::File(path),
        Lookup::Folder(location) => RequestTarget::Folder(location),
        Lookup::Refused => RequestTarget::Refused,
    }
}

/// A Markdown file's bytes as the loader hands them to the front-matter
/// parser: UTF-8 without a byte-order mark, `\n` line endings, and the
/// characters XML forbids replaced. `None` when the bytes are not UTF-8
/// (the loader reports the file instead of parsing it).
pub fn page_text(bytes: Vec<u8>) -> Option<String> {
    let text = crate::content::load::decode(bytes).ok()?;
    Some(
        match crate::content::load::replace_control_characters(&text) {
            Some((clean, _warning)) => clean,
            None => text,
        },
    )
}

/// Options for a quiet run, with review dates judged against a fixed day
/// so that runs are repeatable.
pub fn build_options(out: Option<std::path::PathBuf>) -> crate::build::BuildOptions {
    crate::build::BuildOptions {
        out,
        drafts: false,
        today: jiff::civil::date(2026, 6, 1),
        audience: None,
        progress: indicatif::ProgressBar::hidden(),
    }
}
