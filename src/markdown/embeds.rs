//! Embeds: `![[Page]]` on a line of its own includes that page's body. This
//! module decides when an image stands alone, and writes the frame around an
//! included page and the note that replaces one that would include itself;
//! rendering the included page is the renderer's (it recurses).

use pulldown_cmark::{Event, Tag, TagEnd};

use super::events::Spanned;
use super::links::body_span;
use super::text::escape;
use crate::content::frontmatter::Document;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::urls;

/// Whether the image that just opened is alone in its paragraph: the last
/// event written opened the paragraph, and the paragraph closes right after
/// the image. If so, how many of the `following` events the embed replaces
/// (the image's text, its end and the paragraph's end).
pub(super) fn alone(written: &[Event], following: &[Spanned]) -> Option<usize> {
    if !matches!(written.last(), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    let end = following
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))?;
    matches!(
        following.get(end + 1),
        Some((Event::End(TagEnd::Paragraph), _))
    )
    .then_some(end + 2)
}

/// An embed that would include a page already being included on the way
/// here: the diagnostic, and the note written in its place. `chain` lists
/// the source paths of the pages embedding one another, `embedded` last.
pub(super) fn cycle(
    (doc, offset): (&Document, usize),
    target: &str,
    chain: &[String],
    embedded: &Document,
    severity: Severity,
) -> (Diagnostic, String) {
    let diagnostic = Diagnostic::new(
        severity,
        Code::EmbedCycle,
        format!("embed ![[{target}]] makes a cycle: {}", chain.join(" → ")),
    )
    .at(body_span(doc, offset))
    .help("remove one of the embeds; a page cannot include itself");
    let note = format!(
        "<p class=\"embed-cycle\">(“{}” is not included again here: it would include itself.)</p>",
        escape(&embedded.meta.title)
    );
    (diagnostic, note)
}

/// The frame around the HTML of a page included into the page at
/// `output_path`, with a link to where it comes from.
pub(super) fn frame(output_path: &str, embedded: (&Document, &str), html: &str) -> String {
    let (doc, path) = embedded;
    format!(
        "<div class=\"embed\"><p class=\"embed-source\">From <a href=\"{}\">{}</a></p>\n{}</div>\n",
        escape(&urls::relative(output_path, path)),
        escape(&doc.meta.title),
        html
    )
}
