//! Scaffolding: `cairn init` (a new knowledge base with a config file and
//! starter pages), `cairn new` (a new page from its kind's archetype), and
//! the bundled example knowledge base that `cairn serve` shows when it is
//! run outside any knowledge base.
//!
//! The starter files live in `src/starter/`, archetypes in the theme and
//! the example in the repository's `content/` and `cairn.yaml`; all are
//! compiled in. `init` and `new` never overwrite anything that exists.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, File};

use crate::diagnostics::{Code, Diagnostic};
use crate::project::kinds::Kind;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");
static EXAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
const EXAMPLE_CONFIG: &str = include_str!("../cairn.yaml");

/// Whether `dir` looks like a knowledge base: it has a config file, a
/// `content` folder, or Markdown files (within three folders down).
pub fn holds_knowledge_base(dir: &Path) -> bool {
    dir.join(crate::project::config::CONFIG_FILE).is_file()
        || dir.join("content").is_dir()
        || walkdir::WalkDir::new(dir)
            .max_depth(3)
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
}

/// Writes the bundled example knowledge base into `dir` (its config file
/// and `content/`), replacing files of the same names. For a folder of its
/// own: `cairn serve` uses one under the system's temporary folder.
pub fn write_example(dir: &Path) -> Result<(), Diagnostic> {
    let content = dir.join("content");
    let mut files = Vec::new();
    collect(&EXAMPLE, &mut files);
    for file in files {
        let target = content.join(file.path());
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| cannot_write(parent, &e))?;
        }
        fs::write(&target, file.contents()).map_err(|e| cannot_write(&target, &e))?;
    }
    let config = dir.join(crate::project::config::CONFIG_FILE);
    fs::write(&config, EXAMPLE_CONFIG).map_err(|e| cannot_write(&config, &e))
}

/// Creates a knowledge base in `dir` titled `title`; returns the files written.
pub fn init(dir: &Path, title: &str, today: jiff::civil::Date) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files.sort_by_key(|f| f.path());

    let clashes: Vec<String> = files
        .iter()
        .map(|f| dir.join(f.path()))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !clashes.is_empty() {
        return Err(Diagnostic::error(
            Code::ScaffoldExists,
            format!(
                "refusing to overwrite existing files: {}",
                clashes.join(", ")
            ),
        )
        .help("choose a new folder, e.g. `cairn init my-team-kb`"));
    }

    let review = today
        .checked_add(jiff::Span::new().years(1))
        .unwrap_or(today);
    let mut written = Vec::new();
    for file in files {
        let target = dir.join(file.path());
        let text = file
            .contents_utf8()
            .expect("starter files are UTF-8")
            .replace("{{title}}", &title.replace('"', "'"))
            .replace("{{today}}", &today.to_string())
            .replace("{{review_by}}", &review.to_string());
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| cannot_write(parent, &e))?;
        }
        fs::write(&target, text).map_err(|e| cannot_write(&target, &e))?;
        written.push(target);
    }
    Ok(written)
}

fn collect<'a>(dir: &'a Dir<'a>, files: &mut Vec<&'a File<'a>>) {
    files.extend(dir.files());
    for sub in dir.dirs() {
        collect(sub, files);
    }
}

fn cannot_write(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::WriteFailed,
        format!("cannot write `{}`: {error}", path.display()),
    )
    .help("check that you may write in that folder")
}

/// Options of `cairn new`.
pub struct NewPage<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    /// The folder to create it in, relative to the content folder; default:
    /// the kind's folder (and the year, for handovers).
    pub folder: Option<&'a str>,
    pub today: jiff::civil::Date,
}

/// Creates a page of `kind` from its archetype, with its front matter filled
/// in. Refuses to overwrite an existing file. Returns the file written.
pub fn new_page(
    project: &crate::project::config::Project,
    new: &NewPage,
) -> Result<PathBuf, Diagnostic> {
    use crate::project::kinds::Kinds;
    use crate::project::yaml;

    let kinds = Kinds::from_config(&project.config);
    let Some(kind) = kinds.get(new.kind) else {
        let names: Vec<&str> = kinds.names().collect();
        let help = match crate::diagnostics::did_you_mean(new.kind, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`? Kinds: {}", names.join(", ")),
            None => format!("kinds: {}", names.join(", ")),
        };
        return Err(Diagnostic::error(
            Code::ScaffoldUnknownKind,
            format!("unknown kind `{}`", new.kind),
        )
        .help(help));
    };
    let slug = crate::urls::slugify(new.title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Code::ScaffoldEmptyTitle,
            "the title has no letters or digits to make a file name from",
        )
        .help("give the page a title, e.g. cairn new handover \"Handover: ASB coordinator\""));
    }
    let folder = match new.folder {
        Some(folder) => folder.trim_matches('/').to_owned(),
        None => {
            let base = kind
                .folders
                .first()
                .cloned()
                .unwrap_or_else(|| kind.name().to_owned());
            if kind.kind == Kind::Handover {
                format!("{base}/{}", new.today.year())
            } else {
                base
            }
        }
    };
    let path = project.content_dir.join(&folder).join(format!("{slug}.md"));
    if path.exists() {
        return Err(Diagnostic::error(
            Code::ScaffoldExists,
            format!("`{}` already exists", path.display()),
        )
        .help("choose another title, or edit the existing page"));
    }

    let review_by = new
        .today
        .checked_add(jiff::Span::new().months(i64::from(project.config.review_months)))
        .unwrap_or(new.today);
    let author = project.config.author.clone().or_else(git_user_name);
    let quoted = |value: &str| -> String {
        yaml::to_string(&value).map_or_else(|_| format!("{value:?}"), |s| s.trim_end().to_owned())
    };
    let mut front = vec![
        format!("title: {}", quoted(new.title)),
        format!("kind: {}", kind.name()),
        format!("date: {}", new.today),
    ];
    match &author {
        Some(author) => front.push(format!("author: {}", quoted(author))),
        None => front.push("author: \"\"  # your name".to_owned()),
    }
    front.push(format!("review_by: {review_by}"));
    // Who may read it, written out so that the choice is seen and made.
    let config = &project.config;
    front.push(format!(
        "audience: {}  # who may read it: {}",
        config.default_audience,
        config.audiences.join(", ")
    ));
    for (name, field) in &kind.fields {
        if ["title", "kind", "date", "author", "review_by", "audience"].contains(&name.as_str()) {
            continue;
        }
        let value = match field.ty {
            crate::project::fields::FieldType::List | crate::project::fields::FieldType::Map => "",
            _ => "\"\"",
        };
        let note = if field.required {
            "required"
        } else {
            "optional"
        };
        front.push(format!(
            "{name}: {value}  # {note}: {}",
            field.ty.expected()
        ));
    }
    front.push("tags: []".to_owned());
    // `{{due}}` in an archetype is a month from today: an example action's
    // date that is not already past.
    let due = new
        .today
        .checked_add(jiff::Span::new().months(1))
        .unwrap_or(new.today);
    let body = crate::render::theme::archetype(project.theme_dir.as_deref(), kind.name())?
        .unwrap_or_default()
        .replace("{{due}}", &due.to_string());
    let text = format!("---\n{}\n---\n\n{}", front.join("\n"), body.trim_start());

    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| cannot_write(parent, &e))?;
    }
    // create_new: never overwrite, even if the file appeared since the check.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| cannot_write(&path, &e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| cannot_write(&path, &e))?;
    Ok(path)
}

/// `git config user.name`, if Git is installed and it is set.
fn git_user_name() -> Option<String> {
    let output = std::process::Command::new("git")
        .args(["config", "user.name"])
        .output()
        .ok()?;
    let name = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (output.status.success() && !name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_starter_files_once() {
        let tmp = tempfile::tempdir().unwrap();
        let today = jiff::civil::date(2026, 1, 15);
        let written = init(tmp.path(), "Team \"A\" KB", today).unwrap();
        assert!(written.iter().any(|p| p.ends_with("cairn.yaml")));
        let config = fs::read_to_string(tmp.path().join("cairn.yaml")).unwrap();
        assert!(config.contains("title: \"Team 'A' KB\""), "{config}");
        let err = init(tmp.path(), "again", today).unwrap_err();
        assert_eq!(err.code, Code::ScaffoldExists);
        assert!(err.message.contains("refusing to overwrite"));
    }
}
