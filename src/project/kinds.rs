//! Content kinds and their front-matter schemas.
//!
//! A kind (handover, project, guide, person, agency, glossary, decision,
//! agreement, role, note) says which front-matter fields a page may or must have and of what
//! type. Every kind shares the [common fields](COMMON_FIELDS); the config can
//! add kinds and fields. A page's kind is its `kind:` key, else the kind that
//! claims its top-level folder (`handovers/` → handover), else `note`.

use std::collections::BTreeMap;

use crate::project::config::Config;
use crate::project::fields::FieldType;

/// One field of a kind's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub ty: FieldType,
    pub required: bool,
}

/// Fields every page may have, whatever its kind.
pub const COMMON_FIELDS: &[(&str, FieldType)] = &[
    ("title", FieldType::String),
    ("kind", FieldType::String),
    ("date", FieldType::Date),
    ("updated", FieldType::Date),
    ("author", FieldType::String),
    ("tags", FieldType::List),
    ("aliases", FieldType::List),
    ("summary", FieldType::String),
    ("draft", FieldType::Bool),
    ("weight", FieldType::Integer),
    ("review_by", FieldType::Date),
    ("related", FieldType::List),
    ("role", FieldType::String),
    ("agency", FieldType::String),
    ("owner", FieldType::String),
    ("audience", FieldType::String),
];

/// A page's kind: one of those Cairn gives a meaning to (a handover has a
/// successor, a person is matched by name, a guide can be a step of the
/// induction path …), or one a knowledge base declares in `cairn.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Handover,
    Project,
    Guide,
    Person,
    Agency,
    Glossary,
    Decision,
    /// A role's profile (`roles/`): what the role does, whatever its holder.
    Role,
    /// An agreement between agencies (`agreements/`), renewed by a date.
    Agreement,
    Note,
    /// A kind declared under `kinds:` in `cairn.yaml`, by its name.
    Custom(String),
}

impl Kind {
    /// The kind named `name` in front matter and the config.
    pub fn named(name: &str) -> Kind {
        match name {
            "handover" => Kind::Handover,
            "project" => Kind::Project,
            "guide" => Kind::Guide,
            "person" => Kind::Person,
            "agency" => Kind::Agency,
            "glossary" => Kind::Glossary,
            "decision" => Kind::Decision,
            "role" => Kind::Role,
            "agreement" => Kind::Agreement,
            "note" => Kind::Note,
            other => Kind::Custom(other.to_owned()),
        }
    }

    /// Its name, as front matter writes it and templates and CSS classes
    /// show it.
    pub fn as_str(&self) -> &str {
        match self {
            Kind::Handover => "handover",
            Kind::Project => "project",
            Kind::Guide => "guide",
            Kind::Person => "person",
            Kind::Agency => "agency",
            Kind::Glossary => "glossary",
            Kind::Decision => "decision",
            Kind::Role => "role",
            Kind::Agreement => "agreement",
            Kind::Note => "note",
            Kind::Custom(name) => name,
        }
    }

    /// Whether other pages are matched to pages of this kind by their
    /// titles: people by name, agencies and projects as taxonomy terms,
    /// glossary entries in every text.
    pub fn is_named_elsewhere(&self) -> bool {
        matches!(
            self,
            Kind::Person | Kind::Agency | Kind::Project | Kind::Glossary | Kind::Role
        )
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A kind's schema: its name, label, the folders it claims and its fields.
#[derive(Debug, Clone)]
pub struct KindSchema {
    pub kind: Kind,
    /// Singular, for page badges: "Handover".
    pub label: String,
    pub folders: Vec<String>,
    /// Kind-specific fields, on top of the common ones, in the order pages
    /// show them.
    pub fields: Vec<(String, Field)>,
}

impl KindSchema {
    /// Its name, as front matter writes it.
    pub fn name(&self) -> &str {
        self.kind.as_str()
    }

    /// The schema entry for `key`, kind-specific first, then common.
    pub fn field(&self, key: &str) -> Option<Field> {
        let own = self.fields.iter().find(|(name, _)| name == key);
        own.map(|(_, field)| field.clone()).or_else(|| {
            COMMON_FIELDS
                .iter()
                .find(|(name, _)| *name == key)
                .map(|&(_, ty)| Field {
                    ty,
                    required: false,
                })
        })
    }

    /// Names of every field this kind knows, for "did you mean" hints.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .map(|(name, _)| name.as_str())
            .chain(COMMON_FIELDS.iter().map(|(n, _)| *n))
    }
}

/// What each field means, by name, for the manual's kinds reference: the
/// common fields and every built-in kind's (a unit test checks that each has
/// a line, and each line a field).
pub const FIELD_MEANINGS: &[(&str, &str)] = &[
    ("title", "The page's title; without it, a leading `# Heading` or the file name."),
    ("kind", "The page's kind; without it, the kind that claims its top-level folder, else `note`."),
    ("date", "When it was written (a handover: when it was handed over; a decision: when it was taken)."),
    ("updated", "When it last changed; without it, the last Git commit that touched it, else the file's date."),
    ("author", "Who wrote it: a person's name, linked to their page."),
    ("tags", "Tags, each with a page listing what carries it."),
    ("aliases", "Other names wikilinks and front matter may use for the page."),
    ("summary", "One sentence shown in lists, previews and search results (`description` is read as it)."),
    ("draft", "`true` leaves the page out unless the build is given `--drafts`."),
    ("weight", "Its place among its folder's pages: lower comes first (`sidebar_position` and `nav_order` are read as it)."),
    ("review_by", "When it must be reviewed; after that date the page carries a notice and is listed on Needs review."),
    ("related", "Pages to suggest first among its related pages, by name."),
    ("role", "The role it concerns (a handover: the role handed over), linked to the role's page."),
    ("agency", "The agency it belongs to, linked to the agency's page."),
    ("owner", "The person who keeps it up to date; without it, a handover's successor, else its author."),
    ("audience", "Who may read it: one of `audiences`; without it, `default_audience`."),
    ("handed_over_to", "The role's next holder, linked to their person page; a handover without it is listed on Needs review."),
    ("status", "A project's state (a word of your choice); a decision's status, one of `decision_statuses`."),
    ("start", "When the project started."),
    ("end", "When the project ended."),
    ("partners", "The agencies taking part."),
    ("lead", "Who leads it: a person, else an agency."),
    ("readers", "Who the guide is written for."),
    ("order", "Its step on the induction path: 1, 2, 3 …"),
    ("email", "The person's email address."),
    ("phone", "The person's phone number."),
    ("team", "The person's team."),
    ("roles", "The roles the person holds, linked to the roles' pages."),
    ("left", "The day the person left; pages they still own are then listed on Needs review."),
    ("moved_to", "Where the person went."),
    ("short_name", "The agency's short name (`YOT`), which other pages may use for it."),
    ("website", "The agency's website."),
    ("contact", "Who to contact: a person, else an agency."),
    ("term", "The term as written, when the title says more (`MASH` for `MASH (Multi-Agency Safeguarding Hub)`)."),
    ("synonyms", "What each agency calls it: `{ Police: nominal, Council: service user }`."),
    ("decided_by", "Who took the decision: people or agencies."),
    ("supersedes", "The older decision this one replaces, as a wikilink names it."),
    ("positions", "Each agency's position on the decision, dissent included."),
    ("parties", "The agencies that signed the agreement."),
    ("purpose", "What the agreement is for."),
    ("signed", "When it was signed."),
    ("renew_by", "When it must be renewed; after that date it is listed on Needs review."),
    ("reports_to", "The role this one reports to."),
    ("meetings", "The meetings the role attends."),
];

/// A built-in kind as the manual's kinds reference shows it.
pub struct BuiltInKind {
    pub name: &'static str,
    pub label: &'static str,
    pub folder: &'static str,
    pub fields: &'static [(&'static str, FieldType, bool)],
    pub meaning: &'static str,
}

/// The built-in kinds, in the order they are declared.
pub fn built_in() -> impl Iterator<Item = BuiltInKind> {
    BUILT_IN
        .iter()
        .map(|&(name, label, folder, fields, meaning)| BuiltInKind {
            name,
            label,
            folder,
            fields,
            meaning,
        })
}

/// All kinds known to a knowledge base.
#[derive(Debug, Clone)]
pub struct Kinds {
    kinds: BTreeMap<String, KindSchema>,
}

/// Built-in kinds: (name, label, folder, fields as (name, type, required),
/// what a page of the kind is, for the manual's kinds reference).
type BuiltIn = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, FieldType, bool)],
    &'static str,
);

const BUILT_IN: &[BuiltIn] = {
    use FieldType::*;
    &[
        (
            "handover",
            "Handover",
            "handovers",
            &[
                ("author", String, true),
                ("role", String, true),
                ("date", Date, true),
                ("handed_over_to", String, false),
                ("review_by", Date, true),
            ],
            "What an outgoing member of a role leaves the next holder: open actions, contacts, risks, where things are. A role's handovers, in date order, are its succession.",
        ),
        (
            "project",
            "Project",
            "projects",
            &[
                ("status", String, false),
                ("start", Date, false),
                ("end", Date, false),
                ("partners", List, false),
                ("lead", String, false),
            ],
            "A project's history: what it was for, who led it, which agencies took part, when it started and ended.",
        ),
        (
            "guide",
            "Guide",
            "guides",
            &[("readers", String, false), ("order", Integer, false)],
            "A guide for newcomers or colleagues. Guides with an `order` form the induction path, the home page's \"Start here\" list.",
        ),
        (
            "person",
            "Person",
            "people",
            &[
                ("email", String, false),
                ("phone", String, false),
                ("team", String, false),
                ("roles", List, false),
                ("left", Date, false),
                ("moved_to", String, false),
            ],
            "A person: their contacts, the roles they hold, and when they left. Names in other pages' front matter link to it.",
        ),
        (
            "agency",
            "Agency",
            "agencies",
            &[
                ("short_name", String, false),
                ("website", String, false),
                ("contact", String, false),
            ],
            "An agency of the partnership. Its page gathers its people, roles' handovers, projects, decisions and agreements.",
        ),
        (
            "glossary",
            "Glossary term",
            "glossary",
            &[("term", String, false), ("synonyms", Map, false)],
            "A term one agency uses, explained for the others, with what each agency calls it. Its first use on each page links to it.",
        ),
        (
            "decision",
            "Decision",
            "decisions",
            &[
                ("date", Date, true),
                ("status", String, true),
                ("decided_by", List, true),
                ("supersedes", String, false),
                ("positions", Map, false),
            ],
            "A decision of the partnership: who took it, each agency's position, and which older decision it replaces.",
        ),
        (
            "agreement",
            "Agreement",
            "agreements",
            &[
                ("parties", List, false),
                ("purpose", String, false),
                ("signed", Date, false),
                ("renew_by", Date, true),
            ],
            "An agreement between agencies, such as an information-sharing agreement, with the date it must be renewed by.",
        ),
        (
            "role",
            "Role",
            "roles",
            &[
                ("agency", String, false),
                ("reports_to", String, false),
                ("meetings", List, false),
            ],
            "A role's profile: what the role does, whatever its holder, who it reports to and its meetings. The role's page shows it first, then its succession.",
        ),
        ("note", "Note", "notes", &[], "Any other page."),
    ]
};

impl Kinds {
    /// The built-in kinds, extended by the config's `kinds:`.
    pub fn from_config(config: &Config) -> Kinds {
        let mut kinds: BTreeMap<String, KindSchema> = BUILT_IN
            .iter()
            .map(|(name, label, folder, fields, _)| {
                let kind = KindSchema {
                    kind: Kind::named(name),
                    label: (*label).to_owned(),
                    folders: vec![(*folder).to_owned()],
                    fields: fields
                        .iter()
                        .map(|&(n, ty, required)| (n.to_owned(), Field { ty, required }))
                        .collect(),
                };
                ((*name).to_owned(), kind)
            })
            .collect();
        for (name, extra) in &config.kinds {
            let kind = kinds.entry(name.clone()).or_insert_with(|| KindSchema {
                kind: Kind::named(name),
                label: title_case(name),
                folders: Vec::new(),
                fields: Vec::new(),
            });
            if let Some(label) = &extra.label {
                kind.label = label.clone();
            }
            if !extra.folders.is_empty() {
                kind.folders = extra.folders.clone();
            }
            for (name, spec) in &extra.fields {
                let field = Field {
                    ty: spec.ty,
                    required: spec.required,
                };
                match kind.fields.iter_mut().find(|(n, _)| n == name) {
                    Some((_, existing)) => *existing = field,
                    None => kind.fields.push((name.clone(), field)),
                }
            }
        }
        Kinds { kinds }
    }

    pub fn get(&self, name: &str) -> Option<&KindSchema> {
        self.kinds.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.kinds.keys().map(String::as_str)
    }

    /// The kind that claims a top-level folder, if any.
    pub fn for_folder(&self, folder: &str) -> Option<&KindSchema> {
        self.kinds
            .values()
            .find(|k| k.folders.iter().any(|f| f.eq_ignore_ascii_case(folder)))
    }
}

fn title_case(name: &str) -> String {
    let spaced = name.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_built_in_kind_has_its_variant_and_its_name_back() {
        let kinds = Kinds::from_config(&Config::default());
        for (name, ..) in BUILT_IN {
            let kind = &kinds.get(name).expect("built in").kind;
            assert!(!matches!(kind, Kind::Custom(_)), "{name}");
            assert_eq!(kind.as_str(), *name);
        }
        assert_eq!(Kind::named("minutes"), Kind::Custom("minutes".into()));
        assert_eq!(Kind::named("minutes").as_str(), "minutes");
    }

    #[test]
    fn dates_are_normalised_or_refused() {
        assert_eq!(
            FieldType::Date.normalize(&json!("2025-03-31")),
            Some(json!("2025-03-31"))
        );
        assert_eq!(
            FieldType::Date.normalize(&json!("2025-03-31T09:30:00Z")),
            Some(json!("2025-03-31"))
        );
        assert_eq!(FieldType::Date.normalize(&json!("2025-02-30")), None);
        assert_eq!(FieldType::Date.normalize(&json!("next week")), None);
    }

    #[test]
    fn a_single_text_is_a_list_of_one() {
        assert_eq!(
            FieldType::List.normalize(&json!("asb")),
            Some(json!(["asb"]))
        );
        assert_eq!(FieldType::List.normalize(&json!([{"a": 1}])), None);
    }

    #[test]
    fn folders_decide_kinds_and_config_extends_them() {
        let mut config = Config::default();
        config.kinds.insert(
            "minutes".into(),
            crate::project::config::KindConfig {
                label: Some("Meeting minutes".into()),
                folders: vec!["minutes".into()],
                fields: BTreeMap::from([(
                    "chair".into(),
                    crate::project::config::FieldConfig {
                        ty: FieldType::String,
                        required: true,
                    },
                )]),
            },
        );
        let kinds = Kinds::from_config(&config);
        assert_eq!(kinds.for_folder("handovers").unwrap().kind, Kind::Handover);
        let minutes = kinds.for_folder("minutes").unwrap();
        assert_eq!(minutes.label, "Meeting minutes");
        assert!(minutes.field("chair").unwrap().required);
        assert_eq!(minutes.field("title").unwrap().ty, FieldType::String);
    }

    #[test]
    fn every_field_has_a_meaning_and_every_meaning_a_field() {
        let fields: std::collections::BTreeSet<&str> = COMMON_FIELDS
            .iter()
            .map(|(name, _)| *name)
            .chain(BUILT_IN.iter().flat_map(|k| k.3.iter().map(|f| f.0)))
            .collect();
        let described: std::collections::BTreeSet<&str> =
            FIELD_MEANINGS.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            described.len(),
            FIELD_MEANINGS.len(),
            "a field described twice"
        );
        assert_eq!(
            fields, described,
            "FIELD_MEANINGS must describe exactly the fields"
        );
    }
}
