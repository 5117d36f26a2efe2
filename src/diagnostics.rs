//! Diagnostics: every problem Cairn finds in a knowledge base, as data.
//!
//! A [`Diagnostic`] carries where the problem is (file, line, column, and the
//! offending source line), what is wrong, and how to fix it, and a [`Code`]
//! naming the kind of problem. The message is for people and may be reworded
//! at any time; the code is stable (`link/missing-page`): it is shown in
//! brackets after the severity, printed by `cairn check --format json`,
//! listed in the README, and it is what code (and scripts, and tests) compare
//! to tell one kind of problem from another — never the message text. Every
//! constructor takes a code, so no diagnostic is without one. Stages never print
//! and never stop at the first problem: they push diagnostics into a
//! [`Diagnostics`] collection, and the command decides at the end whether the
//! errors in it fail the run. Output is sorted by file, then position, so the
//! same input always gives the same report.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Serialize, Serializer};

/// Declares [`Code`]: each variant with its stable text, and [`Code::ALL`].
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident => $text:literal,)+) => {
        /// The kind of problem a diagnostic reports, with a stable text of the
        /// form `area/what` (see [`Code::as_str`]). Several messages may share
        /// a code; a code never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the order of the README's table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable text: `link/missing-page`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }
        }
    };
}

codes! {
    /// `cairn.yaml` has a key that is not a setting.
    ConfigUnknownKey => "config/unknown-key",
    /// A setting in `cairn.yaml` has a value of the wrong type or one it cannot take.
    ConfigInvalidValue => "config/invalid-value",
    /// The folder given to the command is not a folder.
    ProjectNotAFolder => "project/not-a-folder",
    /// The content folder does not exist.
    ProjectMissingContent => "project/missing-content",
    /// `theme` names a theme folder that does not exist.
    ProjectMissingTheme => "project/missing-theme",
    /// Front matter or `cairn.yaml` is not well-formed YAML `key: value` lines.
    YamlSyntax => "yaml/syntax",
    /// A file or folder could not be read.
    LoadUnreadable => "load/unreadable",
    /// A file name is not valid UTF-8.
    LoadNameNotUtf8 => "load/name-not-utf8",
    /// A Markdown file or template is not UTF-8 text.
    LoadNotUtf8 => "load/not-utf8",
    /// A symbolic link points back to a folder that contains it.
    LoadSymlinkLoop => "load/symlink-loop",
    /// A symbolic link leads outside the knowledge base and the folders it may link to.
    LoadSymlinkOutside => "load/symlink-outside",
    /// A Markdown file is over `max_file_size_kb`.
    LoadTooLarge => "load/too-large",
    /// A Markdown file holds characters that HTML and XML do not allow (NUL, other control characters); they were replaced.
    LoadControlCharacter => "load/control-character",
    /// A file looks like Markdown but its ending is not in `markdown_extensions`, so it is copied as it is.
    LoadMarkdownNotRead => "load/markdown-not-read",
    /// `cairn check`: a page holds a template tag of another generator (`{{ … }}`, `{% … %}`, `<% … %>`), shown as written.
    MarkdownTemplateTag => "markdown/template-tag",
    /// TOML front matter (between `+++` lines) is not well-formed.
    TomlSyntax => "toml/syntax",
    /// The front matter has no closing `---` line.
    FrontmatterUnclosed => "frontmatter/unclosed",
    /// `kind` names no kind.
    FrontmatterUnknownKind => "frontmatter/unknown-kind",
    /// A front matter field has a value of the wrong type.
    FrontmatterType => "frontmatter/type",
    /// A field the page's kind requires is not in its front matter.
    FrontmatterMissingField => "frontmatter/missing-field",
    /// A field the page's kind requires is written but left empty.
    FrontmatterEmptyField => "frontmatter/empty-field",
    /// A front matter key is not a field of the kind but close to one (a likely typo).
    FrontmatterUnknownKey => "frontmatter/unknown-key",
    /// A decision's `status` is not one of `decision_statuses`.
    FrontmatterUnknownStatus => "frontmatter/unknown-status",
    /// A page's `audience`, or `--audience`, names no configured audience.
    AudienceUnknown => "audience/unknown",
    /// An email address or phone number in a page of a build for the widest audience.
    PersonalData => "audience/personal-data",
    /// `cairn pack` was asked for a role, or an induction path, that the
    /// knowledge base does not have.
    PackNotFound => "pack/not-found",
    /// Two sources would be published at the same output path.
    OutputPathClaimedTwice => "output/path-claimed-twice",
    /// A page of the knowledge base takes the address of a page Cairn generates (which is left out), or a file copied as it is would (and is left out).
    OutputGeneratedPageLeftOut => "output/generated-page-left-out",
    /// A page of the knowledge base takes the address of one of Cairn's pages of the whole site (map, timeline, Needs review, role index, search), which moves under `_cairn/`.
    OutputGeneratedPageMoved => "output/generated-page-moved",
    /// The output folder contains the knowledge base.
    OutputContainsSource => "output/contains-source",
    /// The output path is a file, not a folder.
    OutputNotAFolder => "output/not-a-folder",
    /// The output folder holds files Cairn did not write.
    OutputForeignFiles => "output/foreign-files",
    /// The output folder is a mount point, which cannot be swapped for a new one.
    OutputMountPoint => "output/mount-point",
    /// A file or folder could not be written.
    WriteFailed => "write/failed",
    /// Another build is writing the same output.
    OutputLocked => "write/locked",
    /// A link leads to a page or file that does not exist.
    LinkMissingPage => "link/missing-page",
    /// A link leads to a heading that is not on the page it names.
    LinkMissingAnchor => "link/missing-anchor",
    /// A link leads to a draft, which is not published.
    LinkDraft => "link/draft",
    /// A link or embed leads to a page withheld from the build's audience.
    LinkWithheld => "link/withheld",
    /// A wikilink's name fits several pages equally well.
    LinkAmbiguous => "link/ambiguous",
    /// A link's address uses a scheme that is not allowed, so it was removed.
    LinkUnsafeUrl => "link/unsafe-url",
    /// An embed would include a page that is already being included.
    EmbedCycle => "embed/cycle",
    /// Embeds are nested deeper than Cairn follows them.
    EmbedTooDeep => "embed/too-deep",
    /// A page with raw HTML nests elements too deep to sanitize.
    HtmlTooDeep => "html/too-deep",
    /// An action's due or done date is not a date.
    ActionBadDate => "action/bad-date",
    /// `handed_over_to` names no person page.
    PeopleUnknownSuccessor => "people/unknown-successor",
    /// A name in front matter names no page but nearly names one.
    NameNearMiss => "name/near-miss",
    /// `induction` in `cairn.yaml` names no page.
    InductionMissingPage => "induction/missing-page",
    /// Two guides have the same `order` on the induction path.
    InductionDuplicateStep => "induction/duplicate-step",
    /// A template does not parse or fails to render.
    TemplateError => "template/error",
    /// The search index could not be built.
    SearchFailed => "search/failed",
    /// `cairn init` or `cairn new` would overwrite a file.
    ScaffoldExists => "scaffold/exists",
    /// `cairn new` was given a kind that does not exist.
    ScaffoldUnknownKind => "scaffold/unknown-kind",
    /// `cairn new` was given a title with nothing to make a file name from.
    ScaffoldEmptyTitle => "scaffold/empty-title",
    /// Cairn itself failed on a file (a bug).
    InternalPanic => "internal/panic",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot produce a correct site.
    Error,
    /// The site is built, but something deserves attention.
    Warning,
}

/// A position in a source file, 1-based, with the text of that line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    /// The source line the position is on, shown under the message: the
    /// whole line, or for a long one [`SHOWN_CHARS`] characters around the
    /// position, with `…` where it was cut.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// How many characters of the line come before `source_line` (more
    /// than 0 when a long line was cut at its start).
    #[serde(skip)]
    pub shown_from: usize,
}

/// How many characters of a long source line a span keeps: a diagnostic
/// for each of 50,000 links on one 600 kB line must not hold the line
/// 50,000 times.
pub const SHOWN_CHARS: usize = 160;

impl Span {
    /// A span at `line`/`column` of `text` (both 1-based), keeping that line's text.
    pub fn in_text(text: &str, line: usize, column: usize) -> Span {
        let whole = text.lines().nth(line.saturating_sub(1));
        let (source_line, shown_from) = match whole {
            Some(whole) if whole.len() > SHOWN_CHARS => {
                let length = whole.chars().count();
                if length <= SHOWN_CHARS {
                    (Some(whole.to_owned()), 0)
                } else {
                    let from = column
                        .saturating_sub(1 + SHOWN_CHARS / 2)
                        .min(length - SHOWN_CHARS);
                    let mut shown: String = if from > 0 {
                        "…".to_owned()
                    } else {
                        String::new()
                    };
                    shown.extend(whole.chars().skip(from).take(SHOWN_CHARS));
                    if from + SHOWN_CHARS < length {
                        shown.push('…');
                    }
                    // The `…` stands in for the character before the window.
                    (Some(shown), from.saturating_sub(1))
                }
            }
            other => (other.map(str::to_owned), 0),
        };
        Span {
            line,
            column,
            source_line,
            shown_from,
        }
    }

    /// A span at a byte offset of `text`.
    pub fn at_offset(text: &str, offset: usize) -> Span {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Span::in_text(text, line, column)
    }
}

/// One problem, with enough context for a person to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind of problem; compare this, not the message.
    pub code: Code,
    /// The file the problem is in, as the user named it (relative to the
    /// knowledge base root where possible); `None` for problems of the whole run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// Where in the file (boxed: most diagnostics are passed around more
    /// than they are read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Box<Span>>,
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            file: None,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Diagnostic {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(Box::new(span));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (Option<&Path>, usize, usize, Severity, &str) {
        let (line, column) = self.span.as_ref().map_or((0, 0), |s| (s.line, s.column));
        (
            self.file.as_deref(),
            line,
            column,
            self.severity,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    /// Renders the diagnostic the way compilers do:
    ///
    /// ```text
    /// error[frontmatter/type]: `review_by` must be a date (YYYY-MM-DD), found "soon"
    ///   --> content/handovers/ana.md:7:12
    ///    |
    ///  7 | review_by: soon
    ///    |            ^
    ///    = help: write the date as 2025-03-31
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}[{}]: {}", self.code, self.message)?;
        let gutter = self
            .span
            .as_ref()
            .map_or(1, |s| s.line.to_string().len())
            .max(1);
        let pad = " ".repeat(gutter);
        if let Some(file) = &self.file {
            match &self.span {
                Some(span) => writeln!(
                    f,
                    "{pad}--> {}:{}:{}",
                    file.display(),
                    span.line,
                    span.column
                )?,
                None => writeln!(f, "{pad}--> {}", file.display())?,
            }
        }
        if let Some(Span {
            line,
            column,
            source_line: Some(text),
            shown_from,
        }) = self.span.as_deref()
        {
            let shown: String = text.chars().take(SHOWN_CHARS + 2).collect();
            let caret_at: String = shown
                .chars()
                .take(column.saturating_sub(1 + shown_from))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{line:>gutter$} | {shown}")?;
            writeln!(f, "{pad} | {caret_at}^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// A thread-safe collection of diagnostics, filled by every stage of a run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.lock().push(diagnostic);
    }

    pub fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.lock().extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.lock().iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.lock().iter().filter(|d| d.is_error()).count()
    }

    /// All diagnostics, sorted by file and position.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        items.dedup();
        items
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Diagnostic>> {
        // A panic while holding the lock cannot leave the vector half-written
        // (push is atomic from our side), so a poisoned lock is still usable.
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_at_offset_counts_lines_and_chars() {
        let text = "one\ntwo é three\n";
        let span = Span::at_offset(text, text.find("three").unwrap());
        assert_eq!((span.line, span.column), (2, 7));
        assert_eq!(span.source_line.as_deref(), Some("two é three"));
    }

    #[test]
    fn a_long_line_is_shown_around_the_position() {
        let line = format!("{}target{}", "a".repeat(1000), "b".repeat(1000));
        let span = Span::in_text(&line, 1, 1001);
        let shown = span.source_line.clone().unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 2);
        let d = Diagnostic::error(Code::FrontmatterType, "bad")
            .in_file("a.md")
            .at(span);
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        let source = lines.iter().find(|l| l.contains("target")).unwrap();
        let caret = lines.iter().find(|l| l.trim_end().ends_with('^')).unwrap();
        let at = |l: &str, c: char| l.chars().position(|x| x == c).unwrap();
        assert_eq!(
            source
                .chars()
                .skip(at(caret, '^'))
                .take(6)
                .collect::<String>(),
            "target"
        );
    }

    #[test]
    fn display_shows_location_line_and_caret() {
        let d = Diagnostic::error(Code::FrontmatterType, "bad value")
            .in_file("content/a.md")
            .at(Span::in_text("a: 1\nreview_by: soon\n", 2, 12))
            .help("write a date");
        let shown = d.to_string();
        assert!(
            shown.starts_with("error[frontmatter/type]: bad value\n"),
            "{shown}"
        );
        assert!(shown.contains("--> content/a.md:2:12"), "{shown}");
        assert!(shown.contains("2 | review_by: soon"), "{shown}");
        assert!(shown.contains("  |            ^"), "{shown}");
        assert!(shown.contains("= help: write a date"), "{shown}");
    }

    #[test]
    fn codes_are_distinct_and_of_the_form_area_slash_kebab_case() {
        let kebab = |part: &str| {
            !part.is_empty()
                && !part.starts_with('-')
                && !part.ends_with('-')
                && !part.contains("--")
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "`{text}` is used twice");
            assert!(
                text.split_once('/')
                    .is_some_and(|(area, what)| kebab(area) && kebab(what)),
                "`{text}` is not of the form area/kebab-case"
            );
        }
    }

    #[test]
    fn the_readme_lists_every_code_in_order() {
        let readme = include_str!("../README.md");
        let section = readme
            .split_once("### Diagnostic codes")
            .and_then(|(_, rest)| rest.split("\n### ").next())
            .expect("the README has a section on diagnostic codes");
        let listed: Vec<&str> = section
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|row| row.split_once('`').map(|(code, _)| code))
            .collect();
        let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, all);
    }

    #[test]
    fn json_has_the_code_as_text() {
        let d = Diagnostic::warning(Code::LinkMissingPage, "link [[X]] leads to no page");
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["code"], "link/missing-page");
        assert_eq!(json["severity"], "warning");
    }

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["title", "review_by", "author"];
        assert_eq!(did_you_mean("reveiw_by", keys), Some("review_by"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
