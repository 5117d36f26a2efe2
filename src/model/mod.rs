//! Stage 3: the site model, made from every checked document at once.
//!
//! [`site`] places pages in sections and gives each its output path;
//! [`links`] resolves what a name or path written in a page points at;
//! [`names`] finds the person, agency or project page a name in front matter
//! means; [`people`] finds what each person did and role successions;
//! [`taxonomy`] groups pages by tag, agency, person and project;
//! [`glossary`] lists the names linked on first use in running text; and
//! [`induction`] orders the guides a newcomer reads first; [`decisions`]
//! finds which decision replaced which; [`agencies`] gathers what names
//! each agency.
//!
//! [`audience`] decides which pages a build publishes, before all of it, and
//! [`personal_data`] reports the contact details a public build would publish.
//!
//! Nothing here reads a page body: that is the Markdown stage, above.

pub mod agencies;
pub mod audience;
pub mod decisions;
pub mod glossary;
pub mod induction;
pub mod links;
pub mod names;
pub mod people;
pub mod personal_data;
pub mod site;
pub mod taxonomy;
