//! The theme: templates and static files, built in and overridable.
//!
//! The default theme lives in the repository under `themes/default/` and is
//! compiled into the binary, so `cairn` builds a complete site with no theme
//! folder present. A knowledge base overrides it file by file: a file at
//! `themes/<theme>/templates/page.html` replaces the built-in `page.html`, a
//! file at `themes/<theme>/static/style.css` replaces the stylesheet, and new
//! files are added. Templates are Tera templates named `*.html` or `*.xml`, so
//! every variable is HTML-escaped unless a template says `| safe`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::content::load::LinkBounds;

use crate::diagnostics::{Code, Diagnostic, Span};
use crate::urls;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where the theme's static files are published, from the site root.
pub const ASSETS_DIR: &str = "_cairn/assets";

/// Where a template or static file came from, for error messages.
#[derive(Debug, Clone)]
enum Origin {
    BuiltIn,
    File(PathBuf),
}

/// A theme ready to render with.
pub struct Theme {
    pub tera: tera::Tera,
    /// Static files: path under [`ASSETS_DIR`] → contents.
    pub assets: BTreeMap<String, Cow<'static, [u8]>>,
    /// Template name → (origin, source), to point errors at the right line.
    sources: BTreeMap<String, (Origin, String)>,
}

impl Theme {
    /// The built-in theme, overridden by the files in `override_dir`
    /// (whose symbolic links are followed only within `bounds`).
    pub fn load(
        override_dir: Option<&Path>,
        bounds: &LinkBounds,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, (Origin, String)> = BTreeMap::new();
        let mut assets: BTreeMap<String, Cow<'static, [u8]>> = BTreeMap::new();
        collect_embedded(&DEFAULT_THEME, &mut templates, &mut assets);

        let mut problems = Vec::new();
        let outside_links = std::cell::RefCell::new(Vec::new());
        if let Some(dir) = override_dir {
            for (sub, is_templates) in [("templates", true), ("static", false)] {
                let base = dir.join(sub);
                if !base.is_dir() {
                    continue;
                }
                let walker = WalkDir::new(&base)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|entry| match bounds.check(entry.path()) {
                        Ok(()) => true,
                        Err(outside) => {
                            outside_links.borrow_mut().push(*outside);
                            false
                        }
                    });
                for entry in walker {
                    let entry = match entry {
                        Ok(e) if e.file_type().is_file() => e,
                        Ok(_) => continue,
                        Err(e) => {
                            problems.push(
                                Diagnostic::error(
                                    Code::LoadUnreadable,
                                    format!("cannot read the theme folder: {e}"),
                                )
                                .in_file(&base),
                            );
                            continue;
                        }
                    };
                    let Some(name) = urls::relative_name(&base, entry.path()) else {
                        continue;
                    };
                    if name.split('/').any(|part| part.starts_with('.')) {
                        continue;
                    }
                    let read = std::fs::read(entry.path());
                    match (read, is_templates) {
                        (Ok(bytes), true) => match String::from_utf8(bytes) {
                            Ok(text) => {
                                templates
                                    .insert(name, (Origin::File(entry.path().to_path_buf()), text));
                            }
                            Err(_) => problems.push(
                                Diagnostic::error(
                                    Code::LoadNotUtf8,
                                    "this template is not valid UTF-8 text",
                                )
                                .in_file(entry.path())
                                .help("re-save it as UTF-8"),
                            ),
                        },
                        (Ok(bytes), false) => {
                            assets.insert(name, Cow::Owned(bytes));
                        }
                        (Err(e), _) => problems.push(
                            Diagnostic::error(
                                Code::LoadUnreadable,
                                format!("cannot read this theme file: {e}"),
                            )
                            .in_file(entry.path()),
                        ),
                    }
                }
            }
        }
        problems.extend(outside_links.into_inner());
        if !problems.is_empty() {
            return Err(problems);
        }

        let mut tera = tera::Tera::default();
        register_filters(&mut tera);
        let raw: Vec<(&str, &str)> = templates
            .iter()
            .map(|(n, (_, text))| (n.as_str(), text.as_str()))
            .collect();
        let theme = Theme {
            tera: tera::Tera::default(),
            assets,
            sources: templates.clone(),
        };
        if let Err(error) = tera.add_raw_templates(raw) {
            return Err(vec![theme.diagnostic(&error)]);
        }
        Ok(Theme { tera, ..theme })
    }

    /// Renders a template to a string; errors point at the template's file and line.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| self.diagnostic(&e))
    }

    /// A diagnostic for a Tera error, naming the template file, line and column.
    pub fn diagnostic(&self, error: &tera::Error) -> Diagnostic {
        match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let name = report.filename();
                let span = report.span();
                let mut diagnostic = Diagnostic::error(
                    Code::TemplateError,
                    format!("template `{name}`: {}", report.message()),
                )
                .help("fix the template, or delete your copy of it to use the built-in one");
                if let Some((origin, source)) = self.sources.get(name) {
                    diagnostic = diagnostic
                        .in_file(origin_path(origin, name))
                        .at(Span::in_text(source, span.start_line, span.start_col + 1));
                }
                diagnostic
            }
            _ => {
                let mut message = format!("template error: {error}");
                let mut source = std::error::Error::source(error);
                while let Some(inner) = source {
                    message.push_str(&format!(": {inner}"));
                    source = inner.source();
                }
                Diagnostic::error(Code::TemplateError, message).help(
                    "fix the template the message names (a filter or function Tera does not have, an `extends` or `include` of a template that does not exist …), or delete your copy of it to use the built-in one",
                )
            }
        }
    }
}

fn origin_path(origin: &Origin, name: &str) -> PathBuf {
    match origin {
        Origin::File(path) => path.clone(),
        Origin::BuiltIn => PathBuf::from(format!("<built-in theme>/templates/{name}")),
    }
}

fn collect_embedded(
    dir: &'static Dir<'static>,
    templates: &mut BTreeMap<String, (Origin, String)>,
    assets: &mut BTreeMap<String, Cow<'static, [u8]>>,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            let text = file.contents_utf8().expect("built-in templates are UTF-8");
            templates.insert(name.to_owned(), (Origin::BuiltIn, text.to_owned()));
        } else if let Some(name) = path.strip_prefix("static/") {
            assets.insert(name.to_owned(), Cow::Borrowed(file.contents()));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, assets);
    }
}

/// Filters the templates can use beyond Tera's own:
/// * `safe_url`: the URL if it is safe in `href`/`src` (relative, http(s),
///   mailto, tel, file), `#` otherwise — use it on any URL from front matter.
fn register_filters(tera: &mut tera::Tera) {
    tera.register_filter("safe_url", |url: &str, _: tera::Kwargs, _: &tera::State| {
        if urls::is_safe_url(url) {
            url.to_owned()
        } else {
            "#".to_owned()
        }
    });
}

/// The archetype (starting body) for a new page of `kind`: the knowledge
/// base's `<theme>/archetypes/<kind>.md` if there is one, else the built-in
/// one, else `None`. Read errors of an override are reported.
pub fn archetype(override_dir: Option<&Path>, kind: &str) -> Result<Option<String>, Diagnostic> {
    let name = format!("archetypes/{kind}.md");
    if let Some(path) = override_dir.map(|d| d.join(&name)).filter(|p| p.is_file()) {
        return std::fs::read_to_string(&path).map(Some).map_err(|e| {
            Diagnostic::error(
                Code::LoadUnreadable,
                format!("cannot read this archetype: {e}"),
            )
            .in_file(&path)
        });
    }
    Ok(DEFAULT_THEME
        .get_file(&name)
        .and_then(|f| f.contents_utf8())
        .map(str::to_owned))
}
