//! Stage 2, content — load: find the knowledge base's files and read the Markdown.
//!
//! Walks the content folder with `walkdir`. Every Markdown file (named with
//! one of `markdown_extensions`, `.md` and `.markdown` by default) becomes a
//! [`Source`] (UTF-8, byte-order mark removed, line endings normalised to
//! `\n`, characters XML forbids replaced); every other file is an
//! [`Asset`], copied to the output next to the pages that use it. Hidden files and folders are skipped, and so are the
//! output folder and any folder Cairn wrote (they hold a marker file), so a
//! site is never read back as content. Symbolic links are followed only
//! within the knowledge base ([`LinkBounds`]). Unreadable files, symlink
//! loops, links leading outside, non-UTF-8 text and oversized files become
//! diagnostics naming the path.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::history::{ChangeSource, Changed};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};
use crate::output::OUTPUT_MARKER;
use crate::project::config::Project;
use crate::urls;

/// A Markdown file, read.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the content folder, with `/` separators, ending in
    /// `.md` whatever the file's Markdown ending: `handovers/2024/ana.md`.
    /// Pages are known by it.
    pub rel: String,
    /// The file's own path relative to the content folder
    /// (`team/onboarding.html.md.erb`); the same as `rel` for a `.md` file.
    pub file: String,
    /// The path to show in diagnostics (relative to the working directory where possible).
    pub path: PathBuf,
    /// The text, with `\n` line endings and no byte-order mark.
    pub text: String,
    /// When the file was last modified, if the file system says.
    pub modified: Option<Changed>,
}

/// A file other than Markdown (image, PDF, spreadsheet), copied as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    /// Where to copy it from.
    pub path: PathBuf,
}

/// Everything found in the content folder.
#[derive(Debug, Default)]
pub struct Content {
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
}

/// Where the symbolic links of a knowledge base may lead: into the knowledge
/// base itself (its root, content and theme folders) or into a folder that
/// `allow_symlinks_to` in `cairn.yaml` names. A link to anywhere else is
/// reported and not followed, by every command alike, so that no file from
/// elsewhere on the machine is ever read into the site.
#[derive(Debug, Clone)]
pub struct LinkBounds(Vec<PathBuf>);

impl LinkBounds {
    /// The bounds of `project`'s links.
    pub fn of(project: &Project) -> LinkBounds {
        let inside = [&project.root, &project.content_dir]
            .into_iter()
            .chain(project.theme_dir.as_ref())
            .cloned();
        let allowed = project
            .config
            .allow_symlinks_to
            .iter()
            .map(|folder| project.root.join(folder));
        LinkBounds(
            inside
                .chain(allowed)
                .filter_map(|folder| folder.canonicalize().ok())
                .collect(),
        )
    }

    /// Whether the file or folder at `path` may be read: it is not a
    /// symbolic link, or its real path is within bounds. The error says
    /// where the link leads.
    pub fn check(&self, path: &Path) -> Result<(), Box<Diagnostic>> {
        let is_link = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(());
        }
        // A link that leads nowhere is reported when it is read.
        let Ok(real) = path.canonicalize() else {
            return Ok(());
        };
        if self.0.iter().any(|folder| real.starts_with(folder)) {
            return Ok(());
        }
        Err(Box::new(
            Diagnostic::error(
                Code::LoadSymlinkOutside,
                format!(
                    "this symbolic link leads outside the knowledge base, to `{}`, so it is not followed",
                    real.display()
                ),
            )
            .in_file(path)
            .help("copy what it points to into the knowledge base, or add the folder it is in to `allow_symlinks_to` in cairn.yaml"),
        ))
    }
}

/// Reads the content folder. `skip` lists folders never to enter (the output
/// folder, the theme folder); symbolic links are followed only within
/// `bounds`; problems go to `diagnostics`.
pub fn load(
    content_dir: &Path,
    skip: &[PathBuf],
    bounds: &LinkBounds,
    max_bytes: u64,
    extensions: &[String],
    diagnostics: &Diagnostics,
) -> Content {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            if entry.path_is_symlink() {
                if let Err(outside) = bounds.check(entry.path()) {
                    diagnostics.push(*outside);
                    return false;
                }
            }
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            let is_dir = entry.file_type().is_dir();
            let excluded = is_dir
                && (entry.path().join(OUTPUT_MARKER).exists()
                    || entry.path().canonicalize().is_ok_and(|p| skip.contains(&p)));
            !hidden && !excluded
        });

    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let mut unread = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(walk_error(&error));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Some(rel) = urls::relative_name(content_dir, path) else {
            diagnostics.push(
                Diagnostic::error(Code::LoadNameNotUtf8, "the file name is not valid UTF-8")
                    .in_file(path)
                    .help("rename the file using only UTF-8 characters"),
            );
            continue;
        };
        if let Some(page_rel) = urls::markdown_rel(&rel, extensions) {
            markdown.push((page_rel, rel, path.to_path_buf()));
        } else {
            if urls::looks_like_markdown(&rel) {
                unread.push(rel.clone());
            }
            assets.push(Asset {
                rel,
                path: path.to_path_buf(),
            });
        }
    }
    if let Some(first) = unread.first() {
        let ending = urls::markdown_like_ending(first).unwrap_or_default();
        let more = match unread.len() {
            1 => String::new(),
            n => format!(" (and {} more like it)", n - 1),
        };
        diagnostics.push(
            Diagnostic::warning(
                Code::LoadMarkdownNotRead,
                format!("this file looks like Markdown but its ending `{ending}` is not read as Markdown{more}, so it is copied as it is"),
            )
            .in_file(content_dir.join(first))
            .help(format!("to make pages of such files, add the ending to `markdown_extensions` in cairn.yaml (e.g. `markdown_extensions: [.md, .markdown, {ending}]`)")),
        );
    }

    let sources = markdown
        .into_par_iter()
        .filter_map(|(rel, file, path)| match read_source(&path, max_bytes) {
            Ok((text, modified)) => {
                let text = match replace_control_characters(&text) {
                    Some((clean, warning)) => {
                        diagnostics.push(warning.in_file(&path));
                        clean
                    }
                    None => text,
                };
                Some(Source {
                    rel,
                    file,
                    path,
                    text,
                    modified,
                })
            }
            Err(diagnostic) => {
                diagnostics.push(*diagnostic);
                None
            }
        })
        .collect();
    Content { sources, assets }
}

fn walk_error(error: &walkdir::Error) -> Diagnostic {
    let path = error.path().map(Path::to_path_buf).unwrap_or_default();
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::error(
            Code::LoadSymlinkLoop,
            format!(
                "symbolic link loop: this link points back to `{}`, which contains it",
                ancestor.display()
            ),
        )
        .in_file(path)
        .help("remove the link or point it somewhere outside its own folder");
    }
    let reason = error
        .io_error()
        .map_or_else(|| error.to_string(), ToString::to_string);
    Diagnostic::error(
        Code::LoadUnreadable,
        format!("cannot read this file or folder: {reason}"),
    )
    .in_file(path)
    .help("check that it exists and that you have permission to read it")
}

/// Reads one Markdown file: its text (see [`Source::text`]) and its date.
pub fn read_source(
    path: &Path,
    max_bytes: u64,
) -> Result<(String, Option<Changed>), Box<Diagnostic>> {
    let metadata = std::fs::metadata(path).map_err(|e| {
        Box::new(
            Diagnostic::error(Code::LoadUnreadable, format!("cannot read this file: {e}"))
                .in_file(path)
                .help("check that it exists and that you have permission to read it"),
        )
    })?;
    if metadata.len() > max_bytes {
        return Err(Box::new(
            Diagnostic::error(
                Code::LoadTooLarge,
                format!(
                    "this file is {} KiB, over the limit of {} KiB, so it was not parsed",
                    metadata.len() / 1024,
                    max_bytes / 1024
                ),
            )
            .in_file(path)
            .help("split it into smaller pages, or raise `max_file_size_kb` in cairn.yaml"),
        ));
    }
    let modified = metadata.modified().ok().and_then(|time| {
        let timestamp = jiff::Timestamp::try_from(time).ok()?;
        Some(Changed {
            date: timestamp.to_zoned(jiff::tz::TimeZone::UTC).date(),
            source: ChangeSource::File,
        })
    });
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(
            Diagnostic::error(Code::LoadUnreadable, format!("cannot read this file: {e}"))
                .in_file(path)
                .help("check that you have permission to read it"),
        )
    })?;
    let text = decode(bytes).map_err(|(valid_text, offset)| {
        Box::new(
            Diagnostic::error(
                Code::LoadNotUtf8,
                format!("this file is not valid UTF-8 text (bad byte at offset {offset})"),
            )
            .in_file(path)
            .at(Span::at_offset(&valid_text, valid_text.len()))
            .help("re-save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)"),
        )
    })?;
    Ok((text, modified))
}

/// Whether XML 1.0 (and so every page, feed and sitemap) forbids `c`:
/// NUL, control characters other than tab and line breaks, and the two
/// noncharacters U+FFFE and U+FFFF.
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` with every character XML forbids replaced by U+FFFD, and a
/// warning pointing at the first; `None` when there is none.
pub fn replace_control_characters(text: &str) -> Option<(String, Diagnostic)> {
    let first = text.find(forbidden_in_xml)?;
    let count = text.chars().filter(|&c| forbidden_in_xml(c)).count();
    let found = text[first..].chars().next().unwrap_or('\0');
    let clean: String = text
        .chars()
        .map(|c| if forbidden_in_xml(c) { '\u{fffd}' } else { c })
        .collect();
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let warning = Diagnostic::warning(
        Code::LoadControlCharacter,
        format!(
            "this file holds the control character U+{:04X}{more}, which web pages and feeds may not contain; it was replaced with �",
            u32::from(found)
        ),
    )
    .at(Span::at_offset(&clean, first))
    .help("delete the character (it is often left by copying from another program or a bad conversion)");
    Some((clean, warning))
}

/// Decodes UTF-8 (dropping a byte-order mark) and normalises line endings.
/// On failure, returns the valid text before the bad byte and its offset.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, (String, usize)> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
            return Err((valid, offset));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_crlf() {
        let text = decode(b"\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nBody\r\n".to_vec()).unwrap();
        assert_eq!(text, "---\ntitle: A\n---\nBody\n");
    }

    #[test]
    fn control_characters_are_replaced_and_reported_where_they_are() {
        let (clean, warning) = replace_control_characters("a\nb\u{0}c\u{1b}d\te").unwrap();
        assert_eq!(clean, "a\nb\u{fffd}c\u{fffd}d\te");
        assert_eq!(warning.code, Code::LoadControlCharacter);
        let span = warning.span.unwrap();
        assert_eq!((span.line, span.column), (2, 2));
        assert!(warning.message.contains("U+0000 (and 1 more)"));
        assert!(replace_control_characters("tab\tand\nnewline").is_none());
    }

    #[test]
    fn decode_reports_where_utf8_breaks() {
        let (valid, offset) = decode(b"line one\nline \xFF two".to_vec()).unwrap_err();
        assert_eq!(offset, 14);
        let span = Span::at_offset(&valid, valid.len());
        assert_eq!((span.line, span.column), (2, 6));
    }
}
