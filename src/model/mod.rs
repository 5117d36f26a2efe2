//! Stage 3: the site model, made from every checked document at once.
//!
//! [`site`] places pages in sections and gives each its output path;
//! [`links`] resolves what a name or path written in a page points at;
//! [`people`] matches names to person pages and finds role successions;
//! [`taxonomy`] groups pages by tag, agency, person and project;
//! [`glossary`] lists the names linked on first use in running text; and
//! [`induction`] orders the guides a newcomer reads first.
//!
//! Nothing here reads a page body: that is the Markdown stage, above.

pub mod glossary;
pub mod induction;
pub mod links;
pub mod people;
pub mod site;
pub mod taxonomy;
