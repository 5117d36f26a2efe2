//! Cairn turns a folder of Markdown notes with YAML front matter — handover
//! notes, project histories, guides, people, agencies, a glossary and a
//! decision log — into a cross-linked static site for a partnership's
//! intranet.
//!
//! # The pipeline
//!
//! One module per stage, each taking values and returning values:
//!
//! 1. [`config`] — read `cairn.yaml` and find the content, theme and output folders;
//! 2. [`load`] — walk the content folder, read Markdown, list assets;
//! 3. [`frontmatter`] — split and check front matter against the [`kinds`] schemas;
//! 4. [`site`] — place pages in sections and give each an output path;
//!    [`links`] resolves what a link in one file points at;
//! 5. [`markdown`] — render bodies to HTML (headings, callouts, links, raw-HTML policy);
//!    [`graph`] then checks `#anchor` links and inverts links into backlinks,
//!    and [`memory`] lists what is overdue, without a successor or orphaned;
//!    [`people`] finds person pages and role successions, [`timeline`] dated events;
//! 6. [`render`] — build template contexts and render every output file with the [`theme`];
//! 7. [`write`] — the only code that touches the output folder: stage, then swap in.
//!
//! [`build`] runs the stages in order; [`diagnostics`] carries every problem
//! found, with file, line and column, so one run reports all of them.
//! [`serve`] is the preview server: it watches the files, [`live`] keeps the
//! site in memory and renders again only what a change affects, and
//! [`server`] serves the result over HTTP with live reload.
//! [`scaffold`] creates new knowledge bases. [`yaml`] is the one door to the
//! YAML parser; [`urls`] owns paths and links between output files.

pub mod build;
pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod glossary;
pub mod graph;
pub mod history;
pub mod induction;
pub mod kinds;
pub mod links;
pub mod live;
pub mod load;
pub mod localgraph;
pub mod markdown;
pub mod memory;
pub mod people;
pub mod related;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod server;
pub mod site;
pub mod taxonomy;
pub mod theme;
pub mod timeline;
pub mod urls;
pub mod write;
pub mod yaml;
