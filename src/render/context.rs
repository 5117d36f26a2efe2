//! The values templates see: one serialisable struct per thing a template
//! shows (a link, a sidebar entry, a page's trust metadata, a list entry, a
//! role's succession, …), and the small helpers that make them from the
//! model. Nothing here renders; the renderer fills these in.

use serde::Serialize;
use serde_json::Value;

use crate::content::frontmatter::Document;
use crate::markdown::{Rendered, TocEntry};
use crate::model::site::PageId;
use crate::model::taxonomy::Taxonomy;
use crate::urls;

use super::input::*;

#[derive(Serialize)]
pub(super) struct SiteContext<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) built: String,
    pub(super) generator: &'static str,
    pub(super) base_url: Option<&'a str>,
    /// Whether the site has search (`search` in the config).
    pub(super) search: bool,
    /// Where Cairn's pages of the whole site are (`cairn_pages.map`), for
    /// the menu: see [`super::addresses`].
    pub(super) cairn_pages: super::addresses::Addresses,
}

#[derive(Serialize, Clone)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) title: String,
    pub(super) href: String,
    /// Output path of the entry, from the site root, to mark the current
    /// page (`item.path == current_path`); empty for "more" links.
    pub(super) path: String,
    pub(super) depth: usize,
    /// On the path from the home page to the current page.
    pub(super) open: bool,
    pub(super) is_section: bool,
    /// Pages below a section.
    pub(super) count: Option<usize>,
    /// A "see all" link standing for entries left out.
    pub(super) more: bool,
}

#[derive(Serialize)]
pub(super) struct Fact {
    /// The front-matter key.
    pub(super) name: String,
    pub(super) label: String,
    /// The whole value as text, and its link when it is one name (or an
    /// address) that links somewhere.
    pub(super) text: String,
    pub(super) href: Option<String>,
    /// The value item by item (one item unless it is a list), each linked
    /// to the page it names, if any.
    pub(super) parts: Vec<FactPart>,
}

#[derive(Serialize)]
pub(super) struct FactPart {
    pub(super) text: String,
    pub(super) href: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Review {
    /// `overdue`, `due-soon` or `current`.
    pub(super) status: &'static str,
    pub(super) date: String,
    /// Days past (overdue) or left (due soon / current).
    pub(super) days: i32,
}

#[derive(Serialize)]
pub(super) struct PageContext<'a> {
    pub(super) title: &'a str,
    pub(super) kind: &'a str,
    pub(super) kind_label: String,
    pub(super) href: String,
    pub(super) source: &'a str,
    pub(super) author: Option<&'a str>,
    pub(super) date: Option<String>,
    pub(super) updated: Option<String>,
    /// Where "last updated" came from: `front matter`, `git` or `file`.
    pub(super) updated_from: Option<&'static str>,
    pub(super) review: Option<Review>,
    pub(super) tags: Vec<Link>,
    pub(super) aliases: &'a [String],
    /// The agencies it concerns (`agency`, `partners`), to filter search by.
    pub(super) agencies: Vec<&'a str>,
    pub(super) summary: &'a str,
    pub(super) toc: &'a [TocEntry],
    /// The title's id, when the title is the body's leading `# Heading`.
    pub(super) title_id: Option<&'a str>,
    pub(super) content: std::borrow::Cow<'a, str>,
    pub(super) words: usize,
    pub(super) reading_minutes: usize,
    pub(super) facts: Vec<Fact>,
    /// The author's person page, if there is one.
    pub(super) author_href: Option<String>,
    /// The page's owner, when they have left.
    pub(super) owner_left: Option<OwnerLeft>,
    /// For a glossary entry: what each agency calls it.
    pub(super) synonyms: Vec<Synonym>,
    /// Every front-matter field, for custom templates.
    pub(super) fields: &'a serde_json::Map<String, Value>,
    pub(super) draft: bool,
    /// When its audience is narrower than the one the site is published
    /// for: the page's audience, and the published one.
    pub(super) narrower_audience: Option<NarrowerAudience>,
}

/// A page's audience, narrower than the one the site is published for.
#[derive(Serialize)]
pub(super) struct NarrowerAudience {
    pub(super) audience: String,
    pub(super) published: String,
}

/// A page as it appears in lists (section pages, tags, related pages, …).
/// Made once per page and shared by every list it appears in, so its link
/// is the output path from the site root: templates write
/// `{{ root }}{{ item.path }}`.
#[derive(Serialize)]
pub(super) struct ListItem<'a> {
    /// Source path, a stable name for the page (used to remember reading progress).
    pub(super) source: &'a str,
    pub(super) title: &'a str,
    pub(super) path: &'a str,
    pub(super) kind: &'a str,
    pub(super) kind_label: &'a str,
    pub(super) author: Option<&'a str>,
    pub(super) date: Option<String>,
    pub(super) updated: Option<String>,
    pub(super) summary: &'a str,
    pub(super) review_overdue: bool,
    /// A decision that a later decision replaced.
    pub(super) superseded: bool,
}

/// Where a guide stands on the induction path.
#[derive(Serialize)]
pub(super) struct Induction {
    /// 1-based.
    pub(super) step: usize,
    pub(super) steps: usize,
    pub(super) prev: Option<Link>,
    pub(super) next: Option<Link>,
    /// The home page's reading path.
    pub(super) start: String,
}

/// A taxonomy, as templates see it.
#[derive(Serialize)]
pub(super) struct TaxonomyContext {
    pub(super) key: &'static str,
    pub(super) label: &'static str,
    pub(super) plural: &'static str,
    pub(super) index: String,
}

impl TaxonomyContext {
    pub(super) fn new(taxonomy: &Taxonomy, root: &Here) -> TaxonomyContext {
        TaxonomyContext {
            key: taxonomy.kind.dir(),
            label: taxonomy.kind.label(),
            plural: taxonomy.kind.plural(),
            index: root.href(&taxonomy.index_path()),
        }
    }
}

#[derive(Serialize)]
pub(super) struct EventItem<'a> {
    pub(super) date: String,
    pub(super) what: &'a str,
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) kind: &'a str,
    pub(super) kind_label: &'a str,
}

#[derive(Serialize)]
pub(super) struct LetterGroup {
    pub(super) letter: String,
    /// The anchor of the group on the page.
    pub(super) id: String,
    pub(super) entries: Vec<GlossaryItem>,
}

#[derive(Serialize)]
pub(super) struct GlossaryItem {
    pub(super) term: String,
    pub(super) href: String,
    pub(super) aliases: Vec<String>,
    pub(super) synonyms: Vec<Synonym>,
    pub(super) summary: String,
}

/// What one agency calls a glossary term.
#[derive(Serialize)]
pub(super) struct Synonym {
    pub(super) agency: String,
    /// The agency's page, when the key names one.
    pub(super) href: Option<String>,
    pub(super) terms: String,
}

#[derive(Serialize)]
pub(super) struct PersonContext {
    pub(super) wrote: Vec<tera::Value>,
    pub(super) led: Vec<tera::Value>,
    pub(super) received: Vec<tera::Value>,
    pub(super) roles: Vec<TenureItem>,
    /// The open actions they own.
    pub(super) actions: Vec<super::actions::ActionItem>,
    /// When they left, if they have.
    pub(super) left: Option<String>,
    pub(super) moved_to: Option<String>,
    /// The pages they still own, once they have left.
    pub(super) still_owns: Vec<tera::Value>,
}

/// What an agency's page gathers, as list entries.
#[derive(Serialize)]
pub(super) struct AgencyContext {
    pub(super) people: Vec<tera::Value>,
    pub(super) handovers: Vec<tera::Value>,
    pub(super) leads: Vec<tera::Value>,
    pub(super) partners_in: Vec<tera::Value>,
    pub(super) decisions: Vec<tera::Value>,
    pub(super) agreements: Vec<tera::Value>,
}

/// An agreement's renewal date.
#[derive(Serialize)]
pub(super) struct Renewal {
    pub(super) date: String,
    pub(super) overdue: bool,
    /// Days until it, or since it when overdue.
    pub(super) days: i32,
}

/// What a decision's page adds.
#[derive(Serialize)]
pub(super) struct DecisionContext {
    pub(super) superseded_by: Option<Link>,
    pub(super) supersedes: Option<Link>,
    pub(super) positions: Vec<Position>,
}

/// One agency's position on a decision.
#[derive(Serialize)]
pub(super) struct Position {
    /// The agency, linked to its page if it has one.
    pub(super) agency: Link,
    pub(super) position: String,
}

/// A page's owner who has left, and when.
#[derive(Serialize)]
pub(super) struct OwnerLeft {
    pub(super) owner: Link,
    pub(super) left: String,
    pub(super) moved_to: Option<String>,
}

#[derive(Serialize)]
pub(super) struct TenureItem {
    pub(super) role: String,
    pub(super) href: String,
    pub(super) from: Option<String>,
    pub(super) until: Option<String>,
}

#[derive(Serialize)]
pub(super) struct SuccessionStep {
    pub(super) date: Option<String>,
    /// Who handed over (with their page's href, or empty if they have none).
    pub(super) from: Option<Link>,
    pub(super) to: Option<Link>,
    pub(super) handover: Link,
    pub(super) summary: String,
}

#[derive(Serialize)]
pub(super) struct RoleItem {
    pub(super) name: String,
    pub(super) href: String,
    pub(super) handovers: usize,
    pub(super) current: Option<String>,
    pub(super) since: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ReviewItem<'a> {
    pub(super) title: &'a str,
    pub(super) href: String,
    pub(super) kind: &'a str,
    pub(super) kind_label: &'a str,
    pub(super) author: Option<&'a str>,
    pub(super) detail: &'a str,
}

#[derive(Serialize)]
pub(super) struct BacklinkItem<'a> {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) kind: &'a str,
    pub(super) kind_label: &'a str,
    /// The sentence the link is written in.
    pub(super) context: String,
}

#[derive(Serialize)]
pub(super) struct SectionItem {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) count: usize,
    pub(super) summary: String,
}

/// Where links are written from: a page (links relative to it), or a fixed
/// path prefix (for the 404 page, which is served at any address).
pub(super) enum Here {
    Page(String),
    Prefix(String),
}

impl Here {
    /// The href from here to the output file `target`.
    pub(super) fn href(&self, target: &str) -> String {
        match self {
            Here::Page(from) => urls::relative(from, target),
            Here::Prefix(prefix) => format!("{prefix}{target}"),
        }
    }
}

pub(super) fn summary_of<'d>(doc: &'d Document, rendered: &'d Rendered) -> &'d str {
    doc.meta.summary.as_deref().unwrap_or(&rendered.summary)
}

/// A glossary entry's `synonyms`, agency by agency, alphabetically, each
/// agency linked by `link` to its page if it has one.
pub(super) fn synonyms(doc: &Document, link: impl Fn(&str) -> Option<String>) -> Vec<Synonym> {
    let Some(Value::Object(map)) = doc.fields.get("synonyms") else {
        return Vec::new();
    };
    map.iter()
        .map(|(agency, terms)| Synonym {
            agency: agency.clone(),
            href: link(agency),
            terms: match terms {
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.as_str().unwrap_or_default().to_owned(),
            },
        })
        .collect()
}

/// A front-matter field as a labelled fact for the page's details box.
pub(super) fn fact(name: &str, value: &Value) -> Option<Fact> {
    let text = match value {
        Value::String(s) if !s.trim().is_empty() => s.clone(),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Array(items) => items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other
                        .as_str()
                        .map_or_else(|| other.to_string(), str::to_owned),
                };
                format!("{k}: {v}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        _ => return None,
    };
    let href = match name {
        "email" => Some(format!("mailto:{text}")),
        "phone" => Some(format!("tel:{}", text.replace(' ', ""))),
        "website" if urls::is_safe_url(&text) && urls::is_external(&text) => Some(text.clone()),
        _ => None,
    };
    let mut label = name.replace('_', " ");
    if let Some(first) = label.get(..1) {
        label = first.to_uppercase() + &label[1..];
    }
    let parts = match value {
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|item| FactPart {
                text: item.to_owned(),
                href: None,
            })
            .collect(),
        _ => vec![FactPart {
            text: text.clone(),
            href: href.clone(),
        }],
    };
    Some(Fact {
        name: name.to_owned(),
        label,
        text,
        href,
        parts,
    })
}

impl<'a> RenderInput<'a> {
    pub(super) fn list_item(&self, id: PageId) -> ListItem<'_> {
        let input = self;
        let page = &input.site.pages[id];
        let doc = &page.doc;
        ListItem {
            source: &doc.rel,
            title: &doc.meta.title,
            path: &page.path,
            kind: doc.kind.as_str(),
            kind_label: input
                .kinds
                .get(doc.kind.as_str())
                .map_or(doc.kind.as_str(), |k| k.label.as_str()),
            author: doc.meta.author.as_deref(),
            date: doc.meta.date.map(|d| d.to_string()),
            updated: doc.last_changed(),
            summary: summary_of(doc, &input.pages[id]),
            review_overdue: doc.meta.review_by.is_some_and(|d| d < input.today),
            superseded: input.decisions.superseded_by(id).is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_are_labelled_and_linked() {
        let f = fact("handed_over_to", &Value::String("Ben".into())).unwrap();
        assert_eq!(
            (f.label.as_str(), f.text.as_str()),
            ("Handed over to", "Ben")
        );
        let f = fact("website", &Value::String("javascript:alert(1)".into())).unwrap();
        assert!(f.href.is_none());
        let f = fact("email", &Value::String("a@b.org".into())).unwrap();
        assert_eq!(f.href.as_deref(), Some("mailto:a@b.org"));
        assert_eq!(f.parts[0].href.as_deref(), Some("mailto:a@b.org"));
        let f = fact("partners", &serde_json::json!(["Police", "Health"])).unwrap();
        assert_eq!(f.text, "Police, Health");
        let parts: Vec<&str> = f.parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(parts, ["Police", "Health"]);
    }
}
