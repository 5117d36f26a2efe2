//! Diagnostics: every problem Cairn finds in a knowledge base, as data.
//!
//! A [`Diagnostic`] carries where the problem is (file, line, column, and the
//! offending source line), what is wrong, and how to fix it. Stages never print
//! and never stop at the first problem: they push diagnostics into a
//! [`Diagnostics`] collection, and the command decides at the end whether the
//! errors in it fail the run. Output is sorted by file, then position, so the
//! same input always gives the same report.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

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
    /// The whole source line the position is on, shown under the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
}

impl Span {
    /// A span at `line`/`column` of `text` (both 1-based), keeping that line's text.
    pub fn in_text(text: &str, line: usize, column: usize) -> Span {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        Span {
            line,
            column,
            source_line,
        }
    }

    /// A span at a byte offset of `text`.
    pub fn at_offset(text: &str, offset: usize) -> Span {
        let offset = offset.min(text.len());
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
    /// The file the problem is in, as the user named it (relative to the
    /// knowledge base root where possible); `None` for problems of the whole run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl AsRef<Path>) -> Diagnostic {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    pub fn at(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
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
    /// error: `review_by` must be a date (YYYY-MM-DD), found "soon"
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
        writeln!(f, "{label}: {}", self.message)?;
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
        }) = &self.span
        {
            let shown: String = text.chars().take(200).collect();
            let caret_at: String = shown
                .chars()
                .take(column.saturating_sub(1))
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
    fn display_shows_location_line_and_caret() {
        let d = Diagnostic::error("bad value")
            .in_file("content/a.md")
            .at(Span::in_text("a: 1\nreview_by: soon\n", 2, 12))
            .help("write a date");
        let shown = d.to_string();
        assert!(shown.contains("--> content/a.md:2:12"), "{shown}");
        assert!(shown.contains("2 | review_by: soon"), "{shown}");
        assert!(shown.contains("  |            ^"), "{shown}");
        assert!(shown.contains("= help: write a date"), "{shown}");
    }

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["title", "review_by", "author"];
        assert_eq!(did_you_mean("reveiw_by", keys), Some("review_by"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
