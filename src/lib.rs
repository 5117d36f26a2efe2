//! Cairn turns a folder of Markdown notes with YAML front matter — handover
//! notes, project histories, guides, people, agencies, a glossary and a
//! decision log — into a cross-linked static site for a partnership's
//! intranet.
//!
//! # The pipeline
//!
//! Each stage is a folder (or a file) and takes the values the stage before
//! it made; lower layers never import upper ones:
//!
//! 1. [`project`] — `cairn.yaml`, where the folders are, the kinds of page and
//!    their schemas, and the one door to YAML;
//! 2. [`content`] — load: walk the content folder and read Markdown; date
//!    each file from Git; check each file's front matter into a `Document`;
//! 3. [`model`] — the site: pages placed in sections with output paths, one
//!    index of names for links, people and roles, taxonomies, the glossary's
//!    names and the induction path;
//! 4. [`markdown`] — page bodies to HTML with pulldown-cmark: headings,
//!    callouts, wikilinks and embeds resolved through the model, glossary
//!    links, the raw-HTML policy;
//! 5. [`linked`] — what the rendered bodies say about the whole site:
//!    backlinks and anchor checks, related pages, the memory report
//!    (overdue, no successor, orphaned), the timeline, local graphs;
//! 6. [`render`] — every output file as a value, with the theme's templates;
//!    [`search`] indexes the rendered pages;
//! 7. [`write`](mod@write) — the only code that touches the output folder: stage, then
//!    swap in.
//!
//! [`build`] runs the stages in order for `cairn build` and `cairn check`;
//! [`serve`] is the preview server, which keeps the site in memory and
//! renders again only what a change affects. [`scaffold`] creates new
//! knowledge bases and pages.
//!
//! At the bottom, used by every stage: [`diagnostics`] (every problem, with
//! file, line and column), [`urls`] (output paths and links between them) and
//! [`output`] (the output file type shared by render, search, write and
//! serve).

pub mod build;
pub mod content;
pub mod diagnostics;
#[doc(hidden)]
pub mod fuzzing;
pub mod linked;
pub mod markdown;
pub mod model;
pub mod output;
pub mod project;
pub mod reference;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod urls;
pub mod write;
