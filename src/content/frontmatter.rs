//! Stage 2, content — front matter: split a [`Source`] into YAML front matter and a
//! Markdown body, decide its kind, and check the fields against the kind's
//! schema.
//!
//! The result is a [`Document`] whose common fields are typed ([`Meta`]) and
//! whose every field (common, kind-specific and free extra keys) is kept,
//! normalised, in [`Document::fields`] for templates. Problems carry the file,
//! line and column of the offending key and say what was expected.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::content::load::Source;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Span};
use crate::project::fields::parse_date;
use crate::project::kinds::{Kind, KindSchema, Kinds};
use crate::project::yaml;

/// The common front-matter fields, typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: String,
    pub date: Option<jiff::civil::Date>,
    pub updated: Option<jiff::civil::Date>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub aliases: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub review_by: Option<jiff::civil::Date>,
}

/// A Markdown file with its front matter checked.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the content folder, ending in `.md`:
    /// `handovers/2024/ana.md` (see [`Source::rel`]).
    pub rel: String,
    /// The file's own path relative to the content folder (see
    /// [`Source::file`]).
    pub file: String,
    /// Path for diagnostics.
    pub path: PathBuf,
    pub kind: Kind,
    /// `_index.md`: the page of the folder (section) it is in.
    pub is_index: bool,
    pub meta: Meta,
    /// Every other front-matter field, normalised (dates as `YYYY-MM-DD`,
    /// lists as lists): all but the title and the kind, which are
    /// `meta.title` and `kind`.
    pub fields: Map<String, Value>,
    /// The front matter as written (without the `---` lines).
    pub front_matter: String,
    /// The Markdown after the front matter.
    pub body: String,
    /// The 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// The title is the body's leading `# Heading` (taken out of the
    /// body), which the Git forges give an id like any heading.
    pub title_heading: bool,
    /// The file's modification date, the last fallback for "last updated".
    pub modified: Option<crate::content::history::Changed>,
}

impl Document {
    /// The text of front-matter field `key`, trimmed; `None` if it is not
    /// text or is left empty.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.fields
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// Lets go of the front matter and Markdown as written, once everything
    /// made from them has been made (a build renders each body once).
    pub fn forget_source(&mut self) {
        self.front_matter = String::new();
        self.body = String::new();
    }

    /// A document of `kind` titled `title` at `rel`, with nothing else set:
    /// for the unit tests of the stages that read documents.
    #[cfg(test)]
    pub(crate) fn for_test(rel: &str, kind: Kind, title: &str) -> Document {
        Document {
            rel: rel.into(),
            file: rel.into(),
            path: rel.into(),
            kind,
            is_index: rel.ends_with("_index.md"),
            meta: Meta {
                title: title.into(),
                ..Default::default()
            },
            fields: Default::default(),
            front_matter: String::new(),
            body: String::new(),
            body_line: 1,
            title_heading: false,
            modified: None,
        }
    }

    /// When the page last changed: `updated`, else `date`, else the date
    /// of the file (its last commit, or its modification time).
    pub fn changed_on(&self) -> Option<jiff::civil::Date> {
        self.meta
            .updated
            .or(self.meta.date)
            .or_else(|| self.modified.as_ref().map(|c| c.date))
    }

    /// [`Document::changed_on`] as `YYYY-MM-DD`.
    pub fn last_changed(&self) -> Option<String> {
        self.changed_on().map(|d| d.to_string())
    }
}

/// Front matter keys other site generators (Jekyll, Hugo, Zola, MkDocs,
/// Docusaurus, Just the Docs, Obsidian) write: kept as extra fields for
/// templates, never taken for a typo of one of Cairn's. `description`,
/// `sidebar_position` and `nav_order` also stand for `summary` and
/// `weight` when those are not given.
const OTHER_GENERATORS_KEYS: &[&str] = &[
    "layout",
    "permalink",
    "redirect_from",
    "redirect_to",
    "slug",
    "url",
    "description",
    "sidebar_position",
    "sidebar_label",
    "nav_order",
    "nav_exclude",
    "parent",
    "grand_parent",
    "has_children",
    "categories",
    "keywords",
    "linkTitle",
    "lastmod",
    "publishDate",
    "expiryDate",
    "toc",
    "hide",
    "search_exclude",
    "cssclass",
    "cssclasses",
    "publish",
    "excerpt",
    "comments",
    "sitemap",
    "menu",
    "type",
];

/// The language front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines (Hugo and Zola sites).
    Toml,
}

/// Splits `text` into (front matter, body, line where the body starts).
/// Front matter is present when the first line is `---` (YAML; it ends at
/// the next line that is `---` or `...`) or `+++` (TOML; it ends at the
/// next `+++`).
fn split(text: &str) -> Result<(Option<&str>, &str, usize, Format), usize> {
    let (after_open, format) = if let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    {
        (rest, Format::Yaml)
    } else if let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| (text.trim_end() == "+++").then_some(""))
    {
        (rest, Format::Toml)
    } else {
        return Ok((None, text, 1, Format::Yaml));
    };
    let mut offset = 0;
    for (index, line) in after_open.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches('\n').trim_end();
        let closes = match format {
            Format::Yaml => bare == "---" || bare == "...",
            Format::Toml => bare == "+++",
        };
        if closes {
            let front = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok((Some(front), body, index + 3, format));
        }
        offset += line.len();
    }
    Err(1)
}

/// Reads the front matter of `source`. Errors stop this file only.
pub fn parse(
    source: &Source,
    kinds: &Kinds,
) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = &source.text;
    let (front, body, body_line, format) = split(text).map_err(|line| {
        let fence = if text.starts_with("+++") {
            "+++"
        } else {
            "---"
        };
        vec![Diagnostic::error(
            Code::FrontmatterUnclosed,
            "the front matter is never closed",
        )
        .in_file(&source.path)
        .at(Span::in_text(text, line, 1))
        .help(format!(
            "add a line with only `{fence}` after the last field"
        ))]
    })?;
    let front_text = front.unwrap_or("");
    let mut raw = match format {
        Format::Yaml => yaml::parse_mapping(front_text).map_err(|e| {
            // The front matter starts on line 2 of the file.
            let line = e.line.unwrap_or(1) + 1;
            let column = e.column.unwrap_or(1);
            vec![Diagnostic::error(Code::YamlSyntax, format!("malformed YAML front matter: {}", e.message))
                .in_file(&source.path)
                .at(Span::in_text(text, line, column))
                .help(e.help.unwrap_or_else(|| "front matter is `key: value` lines; put text with `:`, `#`, `[` or quotes inside \"double quotes\"".to_owned()))]
        })?,
        Format::Toml => crate::project::toml::parse_mapping(front_text).map_err(|e| {
            vec![Diagnostic::error(Code::TomlSyntax, format!("malformed TOML front matter: {}", e.message))
                .in_file(&source.path)
                .at(Span::in_text(text, e.line + 1, e.column))
                .help("TOML front matter is `key = value` lines, with text in \"double quotes\"")]
        })?,
    };

    let at_key = |key: &str| -> Span {
        let found = match format {
            Format::Yaml => yaml::locate_key(front_text, key),
            Format::Toml => crate::project::toml::locate_key(front_text, key),
        };
        let (line, column) = found.map_or((1, 1), |(l, c)| (l + 1, c));
        Span::in_text(text, line, column)
    };

    let file = source.rel.rsplit('/').next().unwrap_or(&source.rel);
    let is_index = crate::urls::is_index_stem(file.strip_suffix(".md").unwrap_or(file));
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let kind = decide_kind(source, &raw, kinds)
        .map_err(|message| vec![message.in_file(&source.path).at(at_key("kind"))])?;

    // Check every field against the schema.
    let mut fields = Map::new();
    // Fields written but left empty (`role: ""`, as `cairn new` scaffolds
    // them): not set. A required one is a warning, not an error, so a
    // half-written page does not stop everyone else's build.
    let mut left_empty: Vec<String> = Vec::new();
    for (key, value) in std::mem::take(&mut raw) {
        let empty = value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty());
        match kind.field(&key) {
            Some(field) if empty => {
                if field.required && !is_index {
                    warnings.push(
                        Diagnostic::warning(
                            Code::FrontmatterEmptyField,
                            format!("`{key}` is empty"),
                        )
                        .in_file(&source.path)
                        .at(at_key(&key))
                        .help(format!(
                            "a {} needs it: write it like `{key}: {}`",
                            kind.label.to_lowercase(),
                            field.ty.example(&key)
                        )),
                    );
                    left_empty.push(key);
                }
            }
            Some(field) => match field.ty.normalize(&value) {
                Some(normalised) => {
                    fields.insert(key, normalised);
                }
                None => errors.push(
                    Diagnostic::error(
                        Code::FrontmatterType,
                        format!(
                            "`{key}` must be {}, found {}",
                            field.ty.expected(),
                            yaml::describe(&value)
                        ),
                    )
                    .in_file(&source.path)
                    .at(at_key(&key))
                    .help(format!("write it like `{key}: {}`", field.ty.example(&key))),
                ),
            },
            None => {
                let foreign = OTHER_GENERATORS_KEYS.contains(&key.as_str());
                // `related_repos` is a key of its own, not a typo of `related`.
                let extends = |near: &&str| {
                    key.split(['_', '-']).count() > 1
                        && key.split(['_', '-']).any(|part| part == *near)
                };
                if let Some(near) =
                    did_you_mean(&key, kind.field_names()).filter(|near| !foreign && !extends(near))
                {
                    warnings.push(
                        Diagnostic::warning(
                            Code::FrontmatterUnknownKey,
                            format!(
                                "`{key}` is not a field of a {}; it is kept as an extra field",
                                kind.label.to_lowercase()
                            ),
                        )
                        .in_file(&source.path)
                        .at(at_key(&key))
                        .help(format!("did you mean `{near}`?")),
                    );
                }
                fields.insert(key, value);
            }
        }
    }
    if !is_index {
        for (name, field) in &kind.fields {
            if field.required && !fields.contains_key(name) && !left_empty.contains(name) {
                errors.push(
                    Diagnostic::error(
                        Code::FrontmatterMissingField,
                        format!(
                            "a {} needs `{name}` in its front matter",
                            kind.label.to_lowercase()
                        ),
                    )
                    .in_file(&source.path)
                    .at(Span::in_text(text, 1, 1))
                    .help(format!(
                        "add a line like `{name}: {}`",
                        field.ty.example(name)
                    )),
                );
            }
        }
    }
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors);
    }

    let (title, title_heading, body, body_line) = title_and_body(source, &fields, body, body_line);
    let string = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_owned);
    let date = |key: &str| fields.get(key).and_then(Value::as_str).and_then(parse_date);
    let list = |key: &str| -> Vec<String> {
        fields
            .get(key)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let meta = Meta {
        title: title.clone(),
        date: date("date"),
        updated: date("updated"),
        author: string("author"),
        tags: list("tags"),
        aliases: list("aliases"),
        // Other generators' names for the same things.
        summary: string("summary").or_else(|| string("description")),
        draft: fields
            .get("draft")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        weight: ["weight", "sidebar_position", "nav_order"]
            .iter()
            .find_map(|key| fields.get(*key).and_then(Value::as_i64)),
        review_by: date("review_by"),
    };
    // The title and the kind live in one place each: `meta.title`, `kind`.
    fields.remove("title");
    fields.remove("kind");
    Ok((
        Document {
            rel: source.rel.clone(),
            file: source.file.clone(),
            path: source.path.clone(),
            kind: kind.kind.clone(),
            is_index,
            meta,
            fields,
            front_matter: front_text.to_owned(),
            body: body.to_owned(),
            body_line,
            title_heading,
            modified: source.modified.clone(),
        },
        warnings,
    ))
}

fn decide_kind<'k>(
    source: &Source,
    raw: &Map<String, Value>,
    kinds: &'k Kinds,
) -> Result<&'k KindSchema, Diagnostic> {
    match raw.get("kind") {
        Some(Value::String(name)) => kinds.get(name).ok_or_else(|| {
            let names: Vec<&str> = kinds.names().collect();
            let help = match did_you_mean(name, names.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? Kinds: {}", names.join(", ")),
                None => format!(
                    "use one of: {}; or declare `{name}` under `kinds:` in cairn.yaml",
                    names.join(", ")
                ),
            };
            Diagnostic::error(
                Code::FrontmatterUnknownKind,
                format!("unknown kind `{name}`"),
            )
            .help(help)
        }),
        Some(other) => Err(Diagnostic::error(
            Code::FrontmatterType,
            format!(
                "`kind` must be the name of a kind, found {}",
                yaml::describe(other)
            ),
        )
        .help("write it like `kind: handover`")),
        None => {
            let folder = source.rel.split_once('/').map(|(first, _)| first);
            Ok(folder
                .and_then(|f| kinds.for_folder(f))
                .or_else(|| kinds.get("note"))
                .expect("the note kind is built in"))
        }
    }
}

/// The page title: front matter `title`, else a leading `# Heading` (which is
/// then removed from the body so it is not shown twice), else the file name.
fn title_and_body<'b>(
    source: &Source,
    fields: &Map<String, Value>,
    body: &'b str,
    body_line: usize,
) -> (String, bool, &'b str, usize) {
    if let Some(title) = fields.get("title").and_then(Value::as_str) {
        return (title.to_owned(), false, body, body_line);
    }
    let mut skipped_lines = 0;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            skipped_lines += 1;
            offset += line.len();
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("# ") {
            let heading = heading.trim().trim_end_matches('#').trim();
            if !heading.is_empty() {
                let rest = &body[offset + line.len()..];
                return (
                    heading.to_owned(),
                    true,
                    rest,
                    body_line + skipped_lines + 1,
                );
            }
        }
        break;
    }
    (title_from_file_name(&source.rel), false, body, body_line)
}

/// `handovers/2024/ana-to-ben.md` → "Ana to ben"; `_index.md` → its folder's name.
pub fn title_from_file_name(rel: &str) -> String {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    let stem = file
        .strip_suffix(".md")
        .or_else(|| file.strip_suffix(".MD"))
        .unwrap_or(file);
    let stem = if stem == "_index" {
        parts.next().unwrap_or("Home")
    } else {
        stem
    };
    let spaced = stem.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::config::Config;

    fn source(rel: &str, text: &str) -> Source {
        Source {
            rel: rel.into(),
            file: rel.into(),
            path: PathBuf::from("content").join(rel),
            text: text.into(),
            modified: None,
        }
    }

    fn kinds() -> Kinds {
        Kinds::from_config(&Config::default())
    }

    #[test]
    fn splits_front_matter_and_counts_body_lines() {
        assert_eq!(
            split("---\na: 1\n---\nbody\n"),
            Ok((Some("a: 1\n"), "body\n", 4, Format::Yaml))
        );
        assert_eq!(
            split("+++\na = 1\n+++\nbody\n"),
            Ok((Some("a = 1\n"), "body\n", 4, Format::Toml))
        );
        assert_eq!(
            split("no front matter"),
            Ok((None, "no front matter", 1, Format::Yaml))
        );
        assert_eq!(split("---\na: 1\n"), Err(1));
        assert_eq!(split("+++\na = 1\n---\n"), Err(1));
    }

    #[test]
    fn toml_front_matter_and_other_generators_keys() {
        let (doc, warnings) = parse(
            &source(
                "guides/release.md",
                "+++\ntitle = \"Release\"\ndescription = \"How we ship\"\nsidebar_position = 3\ndate = 2024-03-01T10:00:00Z\nlayout = \"docs\"\nnav_order = 9\n+++\nBody\n",
            ),
            &kinds(),
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(doc.meta.title, "Release");
        let (_, warnings) = parse(
            &source(
                "a.md",
                "---\nrelated_repos: [search-api]\nreveiw_by: 2025-01-01\n---\n",
            ),
            &kinds(),
        )
        .unwrap();
        let flagged: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(flagged.len(), 1, "{flagged:?}");
        assert!(flagged[0].contains("reveiw_by"), "{flagged:?}");
        assert_eq!(doc.meta.summary.as_deref(), Some("How we ship"));
        assert_eq!(doc.meta.weight, Some(3));
        assert_eq!(
            doc.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(doc.fields["layout"], "docs");
        assert_eq!(doc.body, "Body\n");

        let errors = parse(
            &source("a.md", "+++\ntitle = \"x\"\nweight = = 2\n+++\n"),
            &kinds(),
        )
        .unwrap_err();
        assert_eq!(errors[0].code, Code::TomlSyntax);
        assert_eq!(errors[0].span.as_ref().map(|s| s.line), Some(3));
    }

    #[test]
    fn kind_comes_from_folder_and_title_from_heading() {
        let (doc, _) = parse(&source("notes/x.md", "# A heading\n\nText"), &kinds()).unwrap();
        assert_eq!(doc.kind, crate::project::kinds::Kind::Note);
        assert_eq!(doc.meta.title, "A heading");
        assert_eq!(doc.body.trim(), "Text");
        assert_eq!(doc.body_line, 2);
    }

    #[test]
    fn the_title_and_the_kind_are_kept_once() {
        let text = "---\ntitle: Written\nkind: guide\nowner: Ana\n---\nText";
        let (doc, _) = parse(&source("notes/x.md", text), &kinds()).unwrap();
        assert_eq!(
            (doc.meta.title.as_str(), doc.kind.as_str()),
            ("Written", "guide")
        );
        let keys: Vec<&str> = doc.fields.keys().map(String::as_str).collect();
        assert_eq!(keys, ["owner"]);
    }

    #[test]
    fn schema_violation_points_at_the_key() {
        let text = "---\ntitle: T\nkind: note\nreview_by: soon\n---\n";
        let errs = parse(&source("a.md", text), &kinds()).unwrap_err();
        assert_eq!(errs[0].code, Code::FrontmatterType);
        let shown = errs[0].to_string();
        assert!(
            shown
                .contains("`review_by` must be a date written YYYY-MM-DD, found the text \"soon\""),
            "{shown}"
        );
        assert!(shown.contains("a.md:4:12"), "{shown}");
    }

    #[test]
    fn missing_required_fields_are_all_reported() {
        let text = "---\ntitle: T\n---\n";
        let errs = parse(&source("handovers/t.md", text), &kinds()).unwrap_err();
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(errs.iter().all(|e| e.code == Code::FrontmatterMissingField));
        assert!(errs.iter().any(|e| e.message.contains("`role`")));
    }

    #[test]
    fn near_miss_keys_warn() {
        let text = "---\ntitle: T\nreveiw_by: 2025-01-01\n---\n";
        let (doc, warnings) = parse(&source("a.md", text), &kinds()).unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code, Code::FrontmatterUnknownKey);
        assert_eq!(
            warnings[0].help.as_deref(),
            Some("did you mean `review_by`?")
        );
        assert!(doc.fields.contains_key("reveiw_by"));
    }

    #[test]
    fn yaml_errors_are_positioned_in_the_file() {
        let text = "---\ntitle: T\ntags: [a, b\n---\n";
        let errs = parse(&source("a.md", text), &kinds()).unwrap_err();
        assert_eq!(errs[0].code, Code::YamlSyntax);
        let span = errs[0].span.as_ref().unwrap();
        assert!(span.line >= 3, "{:?}", errs[0]);
    }
}
