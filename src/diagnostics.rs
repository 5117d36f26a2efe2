//! Diagnostics: every problem Cairn finds in a knowledge base, as data.
//!
//! A [`Diagnostic`] carries where the problem is (file, line, column, and the
//! offending source line), what is wrong, and how to fix it, and a [`Code`]
//! naming the kind of problem. The message is for people and may be reworded
//! at any time; the code is stable (`link/missing-page`): it is shown in
//! brackets after the severity, printed by `cairn check --format json`,
//! listed with its meaning and fix in the manual (`docs/reference/`), and it
//! is what code (and scripts, and tests) compare to tell one kind of problem
//! from another — never the message text. Every constructor takes a code,
//! so no diagnostic is without one. Stages never print
//! and never stop at the first problem: they push diagnostics into a
//! [`Diagnostics`] collection, and the command decides at the end whether the
//! errors in it fail the run. Output is sorted by file, then position, so the
//! same input always gives the same report.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Serialize, Serializer};

/// Declares [`Code`]: each variant with its stable text, what it means (its
/// doc comment) and how to fix it, and [`Code::ALL`]. The manual's page of
/// diagnostic codes is written from these (`cairn reference`).
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident => $text:literal, fix: $fix:literal,)+) => {
        /// The kind of problem a diagnostic reports, with a stable text of the
        /// form `area/what` (see [`Code::as_str`]). Several messages may share
        /// a code; a code never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the order of the manual's table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable text: `link/missing-page`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }

            /// What the code means, for a person reading the manual: its
            /// doc comment.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),+).trim(),)+
                }
            }

            /// What to do about it.
            pub fn fix(self) -> &'static str {
                match self {
                    $(Code::$variant => $fix,)+
                }
            }
        }
    };
}

codes! {
    /// `cairn.yaml` has a key that is not a setting.
    ConfigUnknownKey => "config/unknown-key",
        fix: "Use the suggested name, or remove the key.",
    /// A setting's value has the wrong type or is not allowed.
    ConfigInvalidValue => "config/invalid-value",
        fix: "Write a value the configuration reference allows: the message names the key and the valid choices.",
    /// The folder given to the command is not a folder.
    ProjectNotAFolder => "project/not-a-folder",
        fix: "Name the folder holding `cairn.yaml` or the notes.",
    /// The content folder does not exist.
    ProjectMissingContent => "project/missing-content",
        fix: "Create it, or fix `content_dir`.",
    /// `theme` names a folder that does not exist.
    ProjectMissingTheme => "project/missing-theme",
        fix: "Create `theme_dir/<theme>`, or use `theme: default`.",
    /// Front matter or `cairn.yaml` is not well-formed `key: value` YAML.
    YamlSyntax => "yaml/syntax",
        fix: "Fix the line shown; quote text with `:`, `#`, `[` or quotes.",
    /// A file or folder could not be read.
    LoadUnreadable => "load/unreadable",
        fix: "Check it exists and you may read it.",
    /// A file name is not valid UTF-8.
    LoadNameNotUtf8 => "load/name-not-utf8",
        fix: "Rename the file.",
    /// A Markdown file or template is not UTF-8 text.
    LoadNotUtf8 => "load/not-utf8",
        fix: "Re-save it as UTF-8.",
    /// A symbolic link points back to a folder containing it.
    LoadSymlinkLoop => "load/symlink-loop",
        fix: "Remove the link, or point it elsewhere.",
    /// A symbolic link leads outside the knowledge base; it was not followed, so nothing from elsewhere on the machine is published.
    LoadSymlinkOutside => "load/symlink-outside",
        fix: "Copy what it points to into the knowledge base, or list its folder under `allow_symlinks_to`.",
    /// A Markdown file is over `max_file_size_kb`, so it was not parsed.
    LoadTooLarge => "load/too-large",
        fix: "Split it, or raise the limit.",
    /// A Markdown file holds NUL or another control character that web pages and feeds may not contain; each was replaced with � (warning).
    LoadControlCharacter => "load/control-character",
        fix: "Delete the character.",
    /// A file looks like Markdown (`guide.md.erb`) but its ending is not read as Markdown, so it is copied as it is (warning).
    LoadMarkdownNotRead => "load/markdown-not-read",
        fix: "Add the ending to `markdown_extensions`.",
    /// `cairn check` only: a page holds a template tag of another generator (`{{ site.url }}`, `{% link x.md %}`, `<%= … %>`) outside code, shown as written; reported once per file (warning).
    MarkdownTemplateTag => "markdown/template-tag",
        fix: "Replace it with the link or text it stands for, or set `check_template_tags: false`.",
    /// TOML front matter (between `+++` lines) is not well-formed.
    TomlSyntax => "toml/syntax",
        fix: "Fix the line shown; text goes in \"double quotes\".",
    /// The front matter has no closing `---`.
    FrontmatterUnclosed => "frontmatter/unclosed",
        fix: "Add a `---` line after the last `key: value` line.",
    /// `kind` names no kind.
    FrontmatterUnknownKind => "frontmatter/unknown-kind",
        fix: "Use a listed kind, or declare it under `kinds:`.",
    /// A field's value has the wrong type (a date that is not `YYYY-MM-DD`, a list where text goes).
    FrontmatterType => "frontmatter/type",
        fix: "Write it like the example in the help.",
    /// A field the page's kind requires is missing.
    FrontmatterMissingField => "frontmatter/missing-field",
        fix: "Add the field, written as the help shows.",
    /// A required field is there but empty (warning).
    FrontmatterEmptyField => "frontmatter/empty-field",
        fix: "Fill it in: the help shows how it is written.",
    /// A key is not a field of the kind but close to one (warning).
    FrontmatterUnknownKey => "frontmatter/unknown-key",
        fix: "Use the suggested name; otherwise it is kept as an extra field.",
    /// A decision's `status` is not one of `decision_statuses` (warning).
    FrontmatterUnknownStatus => "frontmatter/unknown-status",
        fix: "Use the suggested status, or add yours to `decision_statuses`.",
    /// A page's `audience`, or `--audience`, is not one of `audiences`; nothing is written.
    AudienceUnknown => "audience/unknown",
        fix: "Use one of the audiences the message lists, or add yours to `audiences`.",
    /// A build for the widest audience publishes an email address or phone number (warning).
    PersonalData => "audience/personal-data",
        fix: "Give the page a narrower `audience:`, take the detail out, or set `personal_data: false`.",
    /// `cairn pack` names no role of the knowledge base (or it has no induction path); nothing is written.
    PackNotFound => "pack/not-found",
        fix: "Use one of the roles the message lists (a role's name or an alias of its profile).",
    /// Two sources would be published at the same address.
    OutputPathClaimedTwice => "output/path-claimed-twice",
        fix: "Rename one of them.",
    /// One of your pages (a `404.md`, `map.md`) takes the address of a page Cairn generates: yours is published and Cairn's left out; or a file copied as it is (a folder's `index.html`) would, and is left out; or a `roles/` or `tags/` folder holds pages that are no role's or tag's page, which Cairn's index does not list (warning).
    OutputGeneratedPageLeftOut => "output/generated-page-left-out",
        fix: "Nothing, if that is what you want; otherwise rename your file.",
    /// One of your pages takes the address of a page Cairn makes of the whole site (`map.md`, `timeline.md`, `needs-review.md`, `actions.md`, `agreements.md`, `recent-changes.md`, `search/index.md`, `roles/index.md`): yours keeps it and Cairn's moves under `_cairn/` (`_cairn/map.html`); the menu leads there (warning).
    OutputGeneratedPageMoved => "output/generated-page-moved",
        fix: "Nothing, if that is what you want; otherwise rename your page.",
    /// The output folder contains the knowledge base.
    OutputContainsSource => "output/contains-source",
        fix: "Choose an output folder of its own.",
    /// The output path is a file.
    OutputNotAFolder => "output/not-a-folder",
        fix: "Choose another `--out`.",
    /// The output folder holds files Cairn did not write.
    OutputForeignFiles => "output/foreign-files",
        fix: "Choose an empty or new folder, or move the files away.",
    /// The output folder is a mount point (another file system is mounted there), which cannot be swapped for the new site.
    OutputMountPoint => "output/mount-point",
        fix: "Build into a folder inside it, or mount the file system one level up.",
    /// A file or folder could not be written: the message says why (no space left on device, a read-only file system, no permission) and which file.
    WriteFailed => "write/failed",
        fix: "Free space, make the folder writable, or build elsewhere with `--out`.",
    /// Another build is writing the same output folder right now.
    OutputLocked => "write/locked",
        fix: "Wait for it to finish, then build again.",
    /// A link leads to a page or file that does not exist.
    LinkMissingPage => "link/missing-page",
        fix: "Fix the name or path, or create the page.",
    /// A link leads to a heading that is not on that page.
    LinkMissingAnchor => "link/missing-anchor",
        fix: "Use one of the headings listed in the help.",
    /// A link leads to a draft, which is not published.
    LinkDraft => "link/draft",
        fix: "Publish the draft, build with `--drafts`, or remove the link.",
    /// A link or embed leads to a page whose audience is narrower than the build's: it is shown as its text, or left out (warning).
    LinkWithheld => "link/withheld",
        fix: "Widen the linked page's `audience`, or accept that this audience sees the text only.",
    /// A wikilink's name fits several pages.
    LinkAmbiguous => "link/ambiguous",
        fix: "Write more of the path, or give one page an alias.",
    /// A link's scheme is not allowed, so it was removed (warning).
    LinkUnsafeUrl => "link/unsafe-url",
        fix: "Use http(s), mailto, tel, file, ftp, sftp, irc(s), obsidian or a page of the site.",
    /// An embed would include a page that is already being included.
    EmbedCycle => "embed/cycle",
        fix: "Remove one of the embeds.",
    /// Embeds are nested more than 8 deep; the deepest is linked to instead (warning).
    EmbedTooDeep => "embed/too-deep",
        fix: "Link to the page instead, or embed fewer pages within each other.",
    /// A page with raw HTML nests its elements (Markdown's and the HTML's) more than 512 deep, too deep to sanitize in reasonable time: its HTML is shown as text (warning).
    HtmlTooDeep => "html/too-deep",
        fix: "Close the HTML elements you open, or nest fewer quotes and lists.",
    /// An action's due or done date (`📅 …`, `[due:: …]`, `✅ …`) is not a date, so the action has none; it is shown as written (warning).
    ActionBadDate => "action/bad-date",
        fix: "Write it as `YYYY-MM-DD`.",
    /// `handed_over_to` names no person page (warning).
    PeopleUnknownSuccessor => "people/unknown-successor",
        fix: "Create the person page, or use a title or alias of one.",
    /// A name in front matter (`author`, `owner`, `lead`, `contact`, `decided_by`, `agency`, `partners`, `parties`, the agencies of `positions` and `synonyms`) names no page but nearly names one (warning).
    NameNearMiss => "name/near-miss",
        fix: "Use the name the warning suggests, or the title, alias or short name of the page you meant.",
    /// `induction` names no page.
    InductionMissingPage => "induction/missing-page",
        fix: "Name pages as a wikilink would.",
    /// Two guides have the same `order` (warning).
    InductionDuplicateStep => "induction/duplicate-step",
        fix: "Give each guide its own `order`.",
    /// A template does not parse or fails to render.
    TemplateError => "template/error",
        fix: "Fix the template, or delete your copy to use the built-in one.",
    /// The search index could not be built.
    SearchFailed => "search/failed",
        fix: "Set `search: false` and report the problem.",
    /// `cairn init` or `cairn new` would overwrite a file.
    ScaffoldExists => "scaffold/exists",
        fix: "Choose another folder or title.",
    /// `cairn new` was given a kind that does not exist.
    ScaffoldUnknownKind => "scaffold/unknown-kind",
        fix: "Use a listed kind.",
    /// `cairn new` was given a title with no letters or digits.
    ScaffoldEmptyTitle => "scaffold/empty-title",
        fix: "Give the page a title.",
    /// Cairn failed on a file: a bug; the rest was still checked.
    InternalPanic => "internal/panic",
        fix: "Report it with that file.",
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
    fn every_code_says_what_it_means_and_how_to_fix_it() {
        for code in Code::ALL {
            for (what, text) in [("meaning", code.meaning()), ("fix", code.fix())] {
                assert!(
                    text.len() > 10 && text.ends_with('.'),
                    "{}: its {what} is not a sentence: {text:?}",
                    code.as_str()
                );
            }
        }
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
