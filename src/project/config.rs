//! The knowledge base's configuration (`cairn.yaml`) and where its folders are.
//!
//! Every setting has a default, so a folder of Markdown with no config file
//! builds. [`Project::open`] decides the layout:
//!
//! * `DIR/cairn.yaml` is read if present;
//! * the content is `DIR/<content_dir>` (default `content/`) if the config names
//!   one or that folder exists, otherwise `DIR` itself (an existing folder of
//!   notes builds as it is);
//! * the output is `--out`, else `DIR/<output_dir>` (default `public/`).
//!
//! Unknown keys are errors that name the key and suggest the nearest valid one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Code, Diagnostic, Span};
use crate::project::fields::FieldType;
use crate::project::yaml;

/// The file name of the configuration, at the root of a knowledge base.
pub const CONFIG_FILE: &str = "cairn.yaml";

/// What to do with raw HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Keep safe markup (tables, `<details>`, `<kbd>` …) and remove scripts,
    /// event handlers, `javascript:` URLs and other active content.
    #[default]
    Sanitize,
    /// Show the markup as text.
    Escape,
    /// Trust every author: pass raw HTML through untouched.
    Allow,
}

/// Which files other than pages a build publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Assets {
    /// Only those a published page links to or shows (an attachment beside
    /// a withheld page or a draft is not published because it is there).
    #[default]
    Referenced,
    /// Every file of the content folder.
    All,
}

/// How a build treats links that lead nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    /// Report them and build anyway; they show as "missing page" links.
    Warn,
    /// Fail the build.
    Error,
}

impl BrokenLinks {
    pub fn severity(self) -> crate::diagnostics::Severity {
        match self {
            BrokenLinks::Warn => crate::diagnostics::Severity::Warning,
            BrokenLinks::Error => crate::diagnostics::Severity::Error,
        }
    }
}

/// `cairn.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's name, shown in every page header.
    pub title: String,
    /// One sentence about the knowledge base, for the home page and the feed.
    pub description: String,
    /// The address the site is published at, e.g.
    /// `https://intranet.example/teams/safety-kb/`. Used for absolute links in
    /// `sitemap.xml` and the Atom feed, and for the path prefix of `404.html`.
    /// Pages link to each other with relative URLs either way.
    pub base_url: Option<String>,
    /// The language of the content, for `<html lang>`.
    pub language: String,
    /// The folder holding the Markdown, relative to the knowledge base root.
    pub content_dir: Option<PathBuf>,
    /// The folder the site is written to, relative to the knowledge base root.
    pub output_dir: PathBuf,
    /// The theme: `default` (built in) or the name of a folder under `theme_dir`.
    pub theme: String,
    /// Where theme folders live, relative to the knowledge base root. A file in
    /// `<theme_dir>/<theme>/` replaces the built-in file with the same path.
    pub theme_dir: PathBuf,
    /// Raw HTML policy: `sanitize` (default), `escape` or `allow`.
    pub raw_html: RawHtml,
    /// Broken links (to missing or draft pages, ambiguous wikilinks, missing
    /// headings): `warn` or `error`. Unset, `cairn build` warns and
    /// `cairn check` fails.
    pub broken_links: Option<BrokenLinks>,
    /// Markdown files larger than this many kilobytes are reported, not parsed.
    pub max_file_size_kb: u64,
    /// The file name endings read as Markdown (any case). A compound one
    /// such as `.html.md.erb` names the page without it.
    pub markdown_extensions: Vec<String>,
    /// How many entries the Atom feed of recent changes carries.
    pub feed_limit: usize,
    /// Link the first use on each page of every glossary term to its entry.
    pub glossary_links: bool,
    /// `cairn check` reports the first template tag of another generator
    /// (`{{ … }}`, `{% … %}`, `<% … %>`) in each page.
    pub check_template_tags: bool,
    /// The induction path, as page names in reading order; when empty, guides
    /// with an `order` form it.
    pub induction: Vec<String>,
    /// Which groupings get index pages: `tags`, `agencies`, `people`, `projects`.
    pub taxonomies: Vec<crate::project::taxonomies::TaxonomyKind>,
    /// The author `cairn new` writes into new pages; without it, Git's
    /// `user.name`.
    pub author: Option<String>,
    /// How far ahead `cairn new` sets `review_by`, in months.
    pub review_months: u32,
    /// Extra content kinds, or extra fields for the built-in ones.
    pub kinds: BTreeMap<String, KindConfig>,
    /// The statuses a decision may have; another is reported.
    pub decision_statuses: Vec<String>,
    /// Build the full-text search index and show the search box. With
    /// `false`, no index is written and pages have no search box.
    pub search: bool,
    /// Folders outside the knowledge base (absolute, or relative to its
    /// root) that symbolic links in it may lead into. Links to anywhere
    /// else outside are reported and not followed.
    pub allow_symlinks_to: Vec<PathBuf>,
    /// Who pages are written for, widest first: a build for one audience
    /// publishes the pages of that audience and of every wider one.
    pub audiences: Vec<String>,
    /// The audience of a page that names none.
    pub default_audience: String,
    /// The audience `cairn build` and `cairn check` build for when
    /// `--audience` is not given.
    pub publish_audience: String,
    /// Which other files are published: `referenced` (default) or `all`.
    pub assets: Assets,
    /// A build for the widest audience reports the email addresses and
    /// phone numbers it would publish.
    pub personal_data: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            title: "Knowledge base".to_owned(),
            description: String::new(),
            base_url: None,
            language: "en".to_owned(),
            content_dir: None,
            output_dir: PathBuf::from("public"),
            theme: "default".to_owned(),
            theme_dir: PathBuf::from("themes"),
            raw_html: RawHtml::default(),
            broken_links: None,
            max_file_size_kb: 2048,
            markdown_extensions: vec![".md".to_owned(), ".markdown".to_owned()],
            feed_limit: 30,
            glossary_links: true,
            check_template_tags: true,
            taxonomies: crate::project::taxonomies::TaxonomyKind::ALL.to_vec(),
            induction: Vec::new(),
            author: None,
            review_months: 12,
            kinds: BTreeMap::new(),
            decision_statuses: ["proposed", "agreed", "rejected", "superseded"]
                .map(str::to_owned)
                .to_vec(),
            search: true,
            allow_symlinks_to: Vec::new(),
            audiences: ["public", "partnership", "restricted"]
                .map(str::to_owned)
                .to_vec(),
            default_audience: "partnership".to_owned(),
            publish_audience: "partnership".to_owned(),
            assets: Assets::default(),
            personal_data: true,
        }
    }
}

/// A setting's default, as the configuration reference shows it.
#[derive(Debug, Clone, Copy)]
pub enum SettingDefault {
    /// A YAML value: writing `key: value` in `cairn.yaml` changes nothing (a
    /// unit test checks it).
    Yaml(&'static str),
    /// A default no value written in `cairn.yaml` stands for, described.
    Described(&'static str),
}

/// One key of `cairn.yaml`, as the manual's configuration reference lists it.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: &'static str,
    /// What may be written, for a person.
    pub ty: &'static str,
    pub default: SettingDefault,
    pub meaning: &'static str,
}

/// Every key of `cairn.yaml`, in the order of [`Config`]'s fields. The
/// manual's configuration page is written from this table (`cairn
/// reference`); unit tests fail when a field of [`Config`] is missing here,
/// when a key here is not a field, and when a default written here is not
/// [`Config::default`]'s.
pub const SETTINGS: &[Setting] = {
    use SettingDefault::{Described, Yaml};
    const fn s(
        key: &'static str,
        ty: &'static str,
        default: SettingDefault,
        meaning: &'static str,
    ) -> Setting {
        Setting {
            key,
            ty,
            default,
            meaning,
        }
    }
    &[
        s("title", "text", Yaml("Knowledge base"), "The site's name, shown in every page header."),
        s("description", "text", Yaml("\"\""), "One sentence about the knowledge base, for the home page and the feed."),
        s("base_url", "an address (`https://…`) or a path starting with `/`", Described("none"), "Where the site is published, e.g. `https://intranet.example/teams/safety-kb/`: absolute links in `sitemap.xml` and the Atom feed, and the path prefix of `404.html`. Pages link to each other with relative addresses either way."),
        s("language", "a language tag", Yaml("en"), "The language of the content, for `<html lang>`."),
        s("content_dir", "a folder", Described("`content` if that folder exists, else the knowledge base's folder itself"), "The folder holding the Markdown, relative to the knowledge base."),
        s("output_dir", "a folder", Yaml("public"), "The folder the site is written to, relative to the knowledge base; `--out` overrides it."),
        s("theme", "a name", Yaml("default"), "The theme: `default` (built in) or the name of a folder under `theme_dir`."),
        s("theme_dir", "a folder", Yaml("themes"), "Where theme folders live. A file in `<theme_dir>/<theme>/` replaces the built-in file with the same path."),
        s("raw_html", "`sanitize`, `escape` or `allow`", Yaml("sanitize"), "Raw HTML in Markdown: `sanitize` keeps safe markup and removes scripts, event handlers and `javascript:` addresses; `escape` shows it as text; `allow` trusts every author."),
        s("broken_links", "`warn` or `error`", Described("`cairn build` warns, `cairn check` fails"), "Links to missing pages, drafts or headings, and ambiguous wikilinks: `warn` builds anyway, `error` fails the build."),
        s("max_file_size_kb", "a whole number over 0", Yaml("2048"), "Markdown files larger than this many kilobytes are reported, not parsed."),
        s("markdown_extensions", "a list of endings starting with `.`", Yaml("[.md, .markdown]"), "The file name endings read as Markdown, in any case. A compound one such as `.html.md.erb` names the page without it."),
        s("feed_limit", "a whole number", Yaml("30"), "How many entries the Atom feed of recent changes carries."),
        s("glossary_links", "`true` or `false`", Yaml("true"), "Link the first use on each page of every glossary term to its entry."),
        s("check_template_tags", "`true` or `false`", Yaml("true"), "`cairn check` reports the first template tag of another generator (`{{ … }}`, `{% … %}`, `<% … %>`) in each page (`markdown/template-tag`)."),
        s("induction", "a list of page names", Yaml("[]"), "The induction path, as page names in reading order; when empty, guides with an `order` form it."),
        s("taxonomies", "a list of `tags`, `agencies`, `people`, `projects`", Yaml("[tags, agencies, people, projects]"), "Which groupings get index pages."),
        s("author", "a name", Described("Git's `user.name`"), "The author `cairn new` writes into new pages."),
        s("review_months", "a whole number", Yaml("12"), "How far ahead `cairn new` sets `review_by`, in months."),
        s("kinds", "a mapping of kind names to `label`, `folders` and `fields`", Yaml("{}"), "Extra kinds of page, or extra fields for the built-in ones (see the kinds reference)."),
        s("decision_statuses", "a list of texts", Yaml("[proposed, agreed, rejected, superseded]"), "The statuses a decision may have; another is reported (`frontmatter/unknown-status`)."),
        s("search", "`true` or `false`", Yaml("true"), "Build the full-text search index and show the search box. With `false`, no index is written and pages have no search box."),
        s("allow_symlinks_to", "a list of folders", Yaml("[]"), "Folders outside the knowledge base (absolute, or relative to it) that symbolic links in it may lead into. Links to anywhere else outside are reported and not followed."),
        s("audiences", "a list of names, widest first", Yaml("[public, partnership, restricted]"), "Who pages are written for: a build for one audience publishes the pages of that audience and of every wider one."),
        s("default_audience", "one of `audiences`", Yaml("partnership"), "The audience of a page that names none."),
        s("publish_audience", "one of `audiences`", Yaml("partnership"), "The audience `cairn build` and `cairn check` build for when `--audience` is not given."),
        s("assets", "`referenced` or `all`", Yaml("referenced"), "Which files other than pages are published: `referenced`, those a published page links to or shows; `all`, every file of the content folder."),
        s("personal_data", "`true` or `false`", Yaml("true"), "A build for the widest audience reports every email address and phone number it would publish (`audience/personal-data`)."),
    ]
};

/// A content kind declared or extended in the config.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KindConfig {
    /// The name shown on pages, e.g. "Meeting minutes".
    pub label: Option<String>,
    /// Top-level folders whose pages are of this kind unless they say otherwise.
    pub folders: Vec<String>,
    /// Fields of this kind, added to (or replacing) the built-in ones.
    pub fields: BTreeMap<String, FieldConfig>,
}

/// One field of a content kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldConfig {
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(default)]
    pub required: bool,
}

impl Config {
    /// The path prefix of `base_url` (`/teams/safety-kb/`), or `None`.
    pub fn path_prefix(&self) -> Option<String> {
        let base = self.base_url.as_deref()?;
        let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
        let path = match after_scheme.find('/') {
            Some(i) if base.contains("://") => &after_scheme[i..],
            None if base.contains("://") => "/",
            _ => after_scheme,
        };
        let trimmed = path.trim_matches('/');
        Some(if trimmed.is_empty() {
            "/".to_owned()
        } else {
            format!("/{trimmed}/")
        })
    }

    fn check(&self, file: &Path, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if let Some(base) = &self.base_url {
            let ok = base.starts_with("http://")
                || base.starts_with("https://")
                || base.starts_with('/');
            if !ok {
                problems.push(config_error(
                    file,
                    text,
                    "base_url",
                    format!("`base_url` must be an http(s) address or a path starting with `/`, found \"{base}\""),
                    "write it as `base_url: https://intranet.example/teams/safety-kb/` or `base_url: /teams/safety-kb/`",
                ));
            }
        }
        if let Some(bad) = self
            .markdown_extensions
            .iter()
            .find(|e| !e.starts_with('.') || e.len() < 2 || e.contains('/'))
        {
            problems.push(config_error(
                file,
                text,
                "markdown_extensions",
                format!("`markdown_extensions` lists file name endings starting with a dot, found \"{bad}\""),
                "write them as `markdown_extensions: [.md, .markdown, .html.md.erb]`",
            ));
        }
        if self.markdown_extensions.is_empty() {
            problems.push(config_error(
                file,
                text,
                "markdown_extensions",
                "`markdown_extensions` is empty, so no page would be read".to_owned(),
                "leave it out to read `.md` and `.markdown` files",
            ));
        }
        let listed = self.audiences.join(", ");
        let mut seen: Vec<&str> = Vec::new();
        for audience in &self.audiences {
            let bad =
                audience.trim().is_empty() || seen.iter().any(|s| s.eq_ignore_ascii_case(audience));
            if bad {
                problems.push(config_error(
                    file,
                    text,
                    "audiences",
                    format!("`audiences` must name each audience once, found \"{audience}\" (in {listed})"),
                    "list the audiences widest first, e.g. `audiences: [public, partnership, restricted]`",
                ));
            }
            seen.push(audience);
        }
        if self.audiences.is_empty() {
            problems.push(config_error(
                file,
                text,
                "audiences",
                "`audiences` is empty".to_owned(),
                "leave it out for `[public, partnership, restricted]`, or list yours widest first",
            ));
        }
        for (key, value) in [
            ("default_audience", &self.default_audience),
            ("publish_audience", &self.publish_audience),
        ] {
            if !self.audiences.iter().any(|a| a.eq_ignore_ascii_case(value)) {
                problems.push(config_error(
                    file,
                    text,
                    key,
                    format!("`{key}: {value}` is not one of the audiences ({listed})"),
                    "name one of `audiences`, or add it there",
                ));
            }
        }
        if self.max_file_size_kb == 0 {
            problems.push(config_error(
                file,
                text,
                "max_file_size_kb",
                "`max_file_size_kb` must be greater than 0".to_owned(),
                "the default is 2048 (2 MiB)",
            ));
        }
        problems
    }
}

fn config_error(file: &Path, text: &str, key: &str, message: String, help: &str) -> Diagnostic {
    let (line, column) = yaml::locate_key(text, key).unwrap_or((1, 1));
    Diagnostic::error(Code::ConfigInvalidValue, message)
        .in_file(file)
        .at(Span::in_text(text, line, column))
        .help(help)
}

/// Reads and validates a config file's text.
pub fn parse(file: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    let config: Config = yaml::from_str(text).map_err(|e| {
        let (line, column) = (e.line.unwrap_or(1), e.column.unwrap_or(1));
        let (code, help) = unknown_name(&e.message).unwrap_or_else(|| {
            let code = if yaml::is_well_formed(text) {
                Code::ConfigInvalidValue
            } else {
                Code::YamlSyntax
            };
            (code, format!("see the configuration reference in Cairn's manual; `{CONFIG_FILE}` is YAML, one `key: value` per line"))
        });
        vec![Diagnostic::error(code, format!("invalid configuration: {}", e.message))
            .in_file(file)
            .at(Span::in_text(text, line, column))
            .help(help)]
    })?;
    let problems = config.check(file, text);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (and the same for
/// variants): an unknown key or a value that is not one of the choices, and
/// a help naming the nearest valid name and the full list.
fn unknown_name(message: &str) -> Option<(Code, String)> {
    let (code, start) = [
        ("unknown field `", Code::ConfigUnknownKey),
        ("unknown variant `", Code::ConfigInvalidValue),
    ]
    .iter()
    .find_map(|(prefix, code)| message.find(prefix).map(|i| (*code, i + prefix.len())))?;
    let rest = &message[start..];
    let (name, expected) = rest.split_once('`')?;
    let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let help = match did_you_mean(name, valid.iter().copied()) {
        Some(best) => format!(
            "did you mean `{best}`? Valid names here: {}",
            valid.join(", ")
        ),
        None => format!("valid names here: {}", valid.join(", ")),
    };
    Some((code, help))
}

/// A knowledge base on disk: its root, its configuration and its folders.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    /// The config file, if there is one.
    pub config_file: Option<PathBuf>,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    /// The folder whose files override the built-in theme, if it exists.
    pub theme_dir: Option<PathBuf>,
}

impl Project {
    /// Finds and reads the knowledge base at `root`.
    pub fn open(root: &Path, out: Option<&Path>) -> Result<Project, Vec<Diagnostic>> {
        if !root.is_dir() {
            return Err(vec![Diagnostic::error(
                Code::ProjectNotAFolder,
                format!("`{}` is not a folder", root.display()),
            )
            .help(
                "give the folder that holds cairn.yaml and content/, or a folder of Markdown notes",
            )]);
        }
        let config_path = root.join(CONFIG_FILE);
        let (config, config_file) = if config_path.is_file() {
            let text = std::fs::read_to_string(&config_path).map_err(|e| {
                vec![Diagnostic::error(
                    Code::LoadUnreadable,
                    format!("cannot read the configuration: {e}"),
                )
                .in_file(&config_path)]
            })?;
            (parse(&config_path, &text)?, Some(config_path))
        } else {
            (Config::default(), None)
        };

        let content_dir = match &config.content_dir {
            Some(dir) => root.join(dir),
            None if root.join("content").is_dir() => root.join("content"),
            None => root.to_path_buf(),
        };
        if !content_dir.is_dir() {
            return Err(vec![Diagnostic::error(
                Code::ProjectMissingContent,
                format!(
                    "the content folder `{}` does not exist",
                    content_dir.display()
                ),
            )
            .in_file(config_file.clone().unwrap_or_else(|| root.to_path_buf()))
            .help("create it, or change `content_dir` in cairn.yaml")]);
        }
        let output_dir = match out {
            Some(out) => out.to_path_buf(),
            None => root.join(&config.output_dir),
        };
        let theme_dir = root.join(&config.theme_dir).join(&config.theme);
        let theme_dir = theme_dir.is_dir().then_some(theme_dir);
        if theme_dir.is_none() && config.theme != "default" {
            return Err(vec![Diagnostic::error(Code::ProjectMissingTheme, format!(
                "theme `{}` not found: there is no folder `{}`",
                config.theme,
                root.join(&config.theme_dir).join(&config.theme).display()
            ))
            .in_file(config_file.clone().unwrap_or_else(|| root.to_path_buf()))
            .help("create that folder with the templates you want to override, or use `theme: default`")]);
        }
        Ok(Project {
            root: root.to_path_buf(),
            config,
            config_file,
            content_dir,
            output_dir,
            theme_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_all_defaults() {
        let c = parse(Path::new("cairn.yaml"), "").unwrap();
        assert_eq!(c.theme, "default");
        assert_eq!(c.raw_html, RawHtml::Sanitize);
    }

    #[test]
    fn unknown_key_names_the_nearest_valid_one() {
        let errs = parse(Path::new("cairn.yaml"), "title: KB\ntheem: dark\n").unwrap_err();
        assert_eq!(errs[0].code, Code::ConfigUnknownKey);
        let shown = errs[0].to_string();
        assert!(shown.contains("unknown field `theem`"), "{shown}");
        assert!(shown.contains("did you mean `theme`?"), "{shown}");
        assert!(shown.contains("cairn.yaml:2:1"), "{shown}");
    }

    #[test]
    fn unknown_raw_html_policy_is_explained() {
        let errs = parse(Path::new("cairn.yaml"), "raw_html: sanitise\n").unwrap_err();
        assert_eq!(errs[0].code, Code::ConfigInvalidValue);
        assert!(
            errs[0].to_string().contains("did you mean `sanitize`?"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn syntax_errors_and_wrong_values_have_their_own_codes() {
        let code = |text: &str| parse(Path::new("cairn.yaml"), text).unwrap_err()[0].code;
        assert_eq!(code("title: [KB\n"), Code::YamlSyntax);
        assert_eq!(code("feed_limit: many\n"), Code::ConfigInvalidValue);
        assert_eq!(code("max_file_size_kb: 0\n"), Code::ConfigInvalidValue);
    }

    #[test]
    fn path_prefix_comes_from_base_url() {
        let mut c = Config {
            base_url: Some("https://intranet.example/teams/kb".into()),
            ..Config::default()
        };
        assert_eq!(c.path_prefix().as_deref(), Some("/teams/kb/"));
        c.base_url = Some("https://intranet.example".into());
        assert_eq!(c.path_prefix().as_deref(), Some("/"));
        c.base_url = Some("/kb/".into());
        assert_eq!(c.path_prefix().as_deref(), Some("/kb/"));
    }

    /// The keys serde accepts, in the order of [`Config`]'s fields, read
    /// from its own "unknown field" error.
    fn serde_keys() -> Vec<String> {
        let err = yaml::from_str::<Config>("no_such_key: 1\n").unwrap_err();
        let (_, expected) = err
            .message
            .split_once("expected one of ")
            .expect("serde lists the fields");
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_settings_table_lists_every_key_of_the_config_in_order() {
        let table: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
        assert_eq!(
            table,
            serde_keys(),
            "SETTINGS in src/project/config.rs must list every field of Config, in order"
        );
    }

    #[test]
    fn each_default_in_the_settings_table_is_the_configs_default() {
        let default = format!("{:?}", Config::default());
        for setting in SETTINGS {
            if let SettingDefault::Yaml(value) = setting.default {
                let text = format!("{}: {value}\n", setting.key);
                let parsed = parse(Path::new("cairn.yaml"), &text)
                    .unwrap_or_else(|e| panic!("{text}: {}", e[0]));
                assert_eq!(
                    format!("{parsed:?}"),
                    default,
                    "`{}` is not the default of `{}`",
                    value,
                    setting.key
                );
            }
        }
    }
}
