//! What the knowledge base is before any page is read: its configuration
//! (`cairn.yaml` and where its folders are), the kinds of page it has with
//! their front-matter schemas, and the one door each to the YAML and TOML
//! parsers.
//!
//! Everything above this layer may use it; it uses only
//! [`crate::diagnostics`] and [`crate::urls`].

pub mod config;
pub mod fields;
pub mod kinds;
pub mod taxonomies;
pub mod toml;
pub mod yaml;
