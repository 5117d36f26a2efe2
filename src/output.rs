//! The files a build produces, as values: the type every stage that makes,
//! writes, indexes or serves output shares. It sits at the bottom of the
//! crate so that none of them has to import another to agree on it.

use std::borrow::Cow;
use std::path::PathBuf;

/// The marker file in every output folder Cairn creates: Cairn replaces only
/// folders holding it, and never reads one back as content.
pub const OUTPUT_MARKER: &str = ".cairn-output";

/// What one output file holds.
#[derive(Debug)]
pub enum Contents {
    /// Rendered text.
    Text(String),
    /// Bytes of a theme file.
    Bytes(Cow<'static, [u8]>),
    /// A file to copy from the content folder.
    Copy(PathBuf),
}

/// One file of the output.
#[derive(Debug)]
pub struct OutputFile {
    /// Path from the site root, `/`-separated.
    pub path: String,
    pub contents: Contents,
    /// What produced it, to name both sides when two files claim one path.
    pub origin: String,
}
