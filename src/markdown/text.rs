//! The page as plain text: the words counted for the reading time, the
//! first paragraph kept as the summary, and all the text, one line per
//! block, in which a link's sentence is found. Also the small text helpers
//! the other passes share: shortening and escaping.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Longest summary taken from the first paragraph, in words.
const SUMMARY_WORDS: usize = 60;

/// What the text of a page adds up to, gathered event by event.
pub(super) struct Prose {
    /// All text of the page, one line per block, to find a link's sentence.
    pub plain: String,
    pub words: usize,
    /// How deep in quotes, lists, tables and footnotes: only a paragraph at
    /// the top level starts the summary.
    depth: usize,
    in_code: bool,
    summary: Option<String>,
    /// The text gathered for the summary, from the paragraph that starts it.
    capturing: Option<String>,
}

impl Prose {
    /// Room for the plain text of a body of `len` bytes.
    pub fn with_capacity(len: usize) -> Prose {
        Prose {
            plain: String::with_capacity(len),
            words: 0,
            depth: 0,
            in_code: false,
            summary: None,
            capturing: None,
        }
    }

    /// Takes in one event of the page (before it is rewritten).
    pub fn observe(&mut self, event: &Event) {
        match event {
            Event::Start(
                Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_) | Tag::FootnoteDefinition(_),
            ) => self.depth += 1,
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Table
                | TagEnd::FootnoteDefinition,
            ) => self.depth = self.depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) => self.open_paragraph(),
            Event::End(TagEnd::Paragraph) => self.close_paragraph(),
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Text(text) | Event::Code(text) => self.text(text),
            Event::SoftBreak | Event::HardBreak => {
                self.plain.push(' ');
                if let Some(captured) = self.capturing.as_mut() {
                    captured.push(' ');
                }
            }
            Event::End(
                TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead,
            ) => self.plain.push('\n'),
            // A table row reads as one line: "Ana · Police · Patrols".
            Event::End(TagEnd::TableCell) => self.plain.push_str(" · "),
            _ => {}
        }
    }

    /// A paragraph at the top level, while there is no summary yet, starts it.
    fn open_paragraph(&mut self) {
        if self.depth == 0 && self.summary.is_none() && self.capturing.is_none() {
            self.capturing = Some(String::new());
        }
    }

    /// A paragraph ends its line of the plain text, and the text gathered
    /// for the summary, which becomes the summary if there is any.
    fn close_paragraph(&mut self) {
        self.plain.push('\n');
        if let Some(text) = self.capturing.take() {
            if !text.trim().is_empty() {
                self.summary = Some(shorten(&text, SUMMARY_WORDS));
            }
        }
    }

    fn text(&mut self, text: &str) {
        if !self.in_code {
            self.words += count_words(text);
            self.plain.push_str(text);
        }
        if let Some(captured) = self.capturing.as_mut() {
            captured.push_str(text);
        }
    }

    /// Whether the events come from a code block.
    pub fn in_code(&self) -> bool {
        self.in_code
    }

    /// The summary: the first paragraph with text, shortened.
    pub fn summary(&mut self) -> String {
        self.summary.take().unwrap_or_default()
    }
}

/// The number of words in `text`, for reading time. Most text is ASCII,
/// which is counted a byte at a time; other text goes through Unicode's
/// whitespace rules.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for &byte in text.as_bytes() {
        let space = byte.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    words
}

/// `text` with its whitespace collapsed, cut after `max_words` words (and
/// then ending in `…`).
pub(super) fn shorten(text: &str, max_words: usize) -> String {
    let mut words = text.split_whitespace();
    let kept: Vec<&str> = words.by_ref().take(max_words).collect();
    let mut out = kept.join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_in_any_script() {
        for text in [
            "",
            "  ",
            "one",
            " two  words ",
            "a\tb\nc",
            "ça va très bien",
            "één\u{a0}twee",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn shortening_collapses_space_and_marks_the_cut() {
        assert_eq!(shorten("  one\ntwo  three ", 3), "one two three");
        assert_eq!(shorten("one two three four", 3), "one two three…");
    }
}
