//! Who may read each page, and which pages a build publishes.
//!
//! A knowledge base names its audiences widest first (by default `public`,
//! `partnership`, `restricted`). A page's `audience:` is one of them; a page
//! without one has the `default_audience`. A build for an audience
//! publishes the pages of that audience and of every wider one, and
//! withholds the rest before anything else sees them: a withheld page is
//! in no list, index, feed or search record because the site model never
//! holds it. The link index knows withheld pages only by name and path,
//! so that a link to one is shown as its text, with no address and no
//! title, rather than reported as missing.
//!
//! `cairn build` and `cairn check` build for `--audience`, else for the
//! `publish_audience` (by default `partnership`, so a restricted page is
//! never published by accident); `cairn serve` shows the author every page.

use serde_json::Value;

use crate::content::frontmatter::Document;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};
use crate::model::people::locate;
use crate::project::config::Config;

/// The configured audiences, widest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audiences {
    names: Vec<String>,
    /// The rank of a page that names no audience.
    default: usize,
    /// The rank `cairn build` publishes for without `--audience`.
    publish: usize,
}

impl Audiences {
    /// The audiences of `config` (whose names it has checked).
    pub fn new(config: &Config) -> Audiences {
        let names = config.audiences.clone();
        let rank = |name: &str| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(name))
                .unwrap_or(0)
        };
        Audiences {
            default: rank(&config.default_audience),
            publish: rank(&config.publish_audience),
            names,
        }
    }

    /// The rank of the audience called `name` (0 is the widest).
    pub fn rank(&self, name: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name.trim()))
    }

    /// The audience of rank `rank`, by name.
    pub fn name(&self, rank: usize) -> &str {
        &self.names[rank]
    }

    /// The rank `cairn build` publishes for without `--audience`.
    pub fn publish(&self) -> usize {
        self.publish
    }

    /// The rank of the audience a build was asked for by name; an unknown
    /// name is an error that lists the valid ones.
    pub fn requested(&self, name: &str) -> Result<usize, Diagnostic> {
        self.rank(name).ok_or_else(|| {
            let near = did_you_mean(name, self.names.iter().map(String::as_str));
            Diagnostic::error(
                Code::AudienceUnknown,
                format!("there is no audience called “{name}”"),
            )
            .help(format!(
                "{}the audiences are, widest first: {} (`audiences` in cairn.yaml)",
                near.map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default(),
                self.names.join(", ")
            ))
        })
    }

    /// The rank of page `doc`'s audience: its `audience:`, else the
    /// default. `None` when it names an audience there is not.
    pub fn of(&self, doc: &Document) -> Option<usize> {
        match doc.fields.get("audience").and_then(Value::as_str) {
            Some(name) if !name.trim().is_empty() => self.rank(name),
            _ => Some(self.default),
        }
    }

    /// Splits `docs` into the pages a build for rank `reader` publishes and
    /// those it withholds (with `None`, every page is published, as
    /// `cairn serve` shows them). A page naming an unknown audience is an
    /// error and is withheld.
    pub fn split(
        &self,
        docs: Vec<Document>,
        reader: Option<usize>,
        diagnostics: &Diagnostics,
    ) -> (Vec<Document>, Vec<Document>) {
        let mut published = Vec::with_capacity(docs.len());
        let mut withheld = Vec::new();
        for doc in docs {
            match self.of(&doc) {
                Some(rank) if reader.is_none_or(|reader| rank <= reader) => published.push(doc),
                Some(_) => withheld.push(doc),
                None => {
                    let name = doc
                        .fields
                        .get("audience")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let near = did_you_mean(name, self.names.iter().map(String::as_str));
                    diagnostics.push(
                        Diagnostic::error(
                            Code::AudienceUnknown,
                            format!("`audience: {name}` is not one of the audiences"),
                        )
                        .in_file(&doc.path)
                        .at(locate(&doc, "audience"))
                        .help(format!(
                            "{}the audiences are, widest first: {} (`audiences` in cairn.yaml)",
                            near.map(|n| format!("did you mean `{n}`? "))
                                .unwrap_or_default(),
                            self.names.join(", ")
                        )),
                    );
                    withheld.push(doc);
                }
            }
        }
        (published, withheld)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::kinds::Kind;

    fn doc(rel: &str, audience: Option<&str>) -> Document {
        let mut doc = Document::for_test(rel, Kind::Note, rel);
        if let Some(audience) = audience {
            doc.fields.insert("audience".into(), audience.into());
        }
        doc
    }

    #[test]
    fn a_build_publishes_its_audience_and_every_wider_one() {
        let audiences = Audiences::new(&Config::default());
        let docs = || {
            vec![
                doc("a.md", Some("public")),
                doc("b.md", None),
                doc("c.md", Some("Restricted")),
            ]
        };
        let rels = |docs: &[Document]| docs.iter().map(|d| d.rel.clone()).collect::<Vec<_>>();
        let diagnostics = Diagnostics::new();
        let public = audiences.requested("public").unwrap();
        let (published, withheld) = audiences.split(docs(), Some(public), &diagnostics);
        assert_eq!(
            (rels(&published), rels(&withheld)),
            (
                vec!["a.md".to_owned()],
                vec!["b.md".to_owned(), "c.md".to_owned()]
            )
        );
        let (published, _) = audiences.split(docs(), Some(audiences.publish()), &diagnostics);
        assert_eq!(rels(&published), ["a.md", "b.md"]);
        let (published, _) = audiences.split(docs(), None, &diagnostics);
        assert_eq!(published.len(), 3);
        assert!(diagnostics.into_sorted().is_empty());

        let unknown = audiences.requested("partners").unwrap_err();
        assert_eq!(unknown.code, Code::AudienceUnknown);
        assert!(unknown
            .help
            .unwrap()
            .contains("public, partnership, restricted"));
        let diagnostics = Diagnostics::new();
        let (published, withheld) =
            audiences.split(vec![doc("d.md", Some("secret"))], None, &diagnostics);
        assert!(published.is_empty() && withheld.len() == 1);
        assert_eq!(diagnostics.into_sorted()[0].code, Code::AudienceUnknown);
    }
}
