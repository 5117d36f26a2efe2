//! Stages 1 and 2: the knowledge base's files, read and checked.
//!
//! [`load`] walks the content folder and reads every Markdown file (assets
//! are listed, not read); [`history`] dates each file from Git; and
//! [`frontmatter`] splits each file into front matter and body and checks
//! the fields against its kind's schema, giving a [`frontmatter::Document`].

pub mod frontmatter;
pub mod history;
pub mod load;
