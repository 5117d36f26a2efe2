//! Embeds: `![[Page]]` includes that page's body, whether on a line of its
//! own or inside a sentence. This module decides where an image stands (alone
//! in its paragraph, inside one, in a block that can hold a page), and
//! writes the frame around an included page and the note that replaces one
//! that would include itself; rendering the included page is the
//! renderer's (it recurses).

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

/// What an embed inside a sentence stands in.
pub(super) enum Within {
    /// A paragraph: it is closed before the embedded page and opened again
    /// after it.
    Paragraph,
    /// A list item or table cell without a paragraph, which can hold the
    /// embedded page as it is.
    Block,
}

/// Where the image that just opened stands, judged by the innermost element
/// still open among the events `written`; `None` where a page cannot go
/// (a heading, a link, emphasis, a table head).
pub(super) fn container(written: &[Event]) -> Option<Within> {
    let mut depth = 0usize;
    let mut found = None;
    for event in written.iter().rev() {
        match event {
            Event::End(_) => depth += 1,
            Event::Start(_) if depth > 0 => depth -= 1,
            Event::Start(tag) if found.is_none() => match tag {
                Tag::Paragraph => found = Some(Within::Paragraph),
                Tag::Item | Tag::TableCell => found = Some(Within::Block),
                _ => return None,
            },
            // A cell of the table's head holds no page.
            Event::Start(Tag::TableHead) => return None,
            Event::Start(Tag::TableRow | Tag::Table(_)) => return found,
            _ => {}
        }
    }
    found
}

/// How many of the `following` events belong to the image that just
/// opened (its text and its end).
pub(super) fn image_end(following: &[Spanned]) -> Option<usize> {
    following
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
        .map(|end| end + 1)
}

/// The section of `doc` under the heading whose id is `anchor` (up to the
/// next heading of the same or a higher level), as a document of its own
/// for an embed; `None` if the page has no such heading.
pub(super) fn section(doc: &Document, anchor: &str) -> Option<Document> {
    let mut events: Vec<Spanned> = pulldown_cmark::Parser::new_ext(&doc.body, super::options())
        .into_offset_iter()
        .collect();
    // The ids as the page itself gives them.
    super::events::prepare(&doc.body, &mut events);
    if let Some(block) = anchor.strip_prefix('^') {
        return block_of(doc, &events, block);
    }
    let title = doc.title_heading.then_some(doc.meta.title.as_str());
    let (ids, _) = super::headings::outline(&events, title);
    let headings: Vec<(u8, usize)> = events
        .iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Heading { level, .. }) => Some((*level as u8, range.start)),
            _ => None,
        })
        .collect();
    let at = ids.iter().position(|id| id == anchor)?;
    let (level, start) = *headings.get(at)?;
    let end = headings[at + 1..]
        .iter()
        .find(|(l, _)| *l <= level)
        .map_or(doc.body.len(), |&(_, s)| s);
    let mut section = doc.clone();
    section.body = doc.body[start..end].to_owned();
    section.body_line = doc.body_line + doc.body[..start].matches('\n').count();
    Some(section)
}

/// The paragraph or list item of `doc` that ends with the block id `^id`,
/// as a document of its own for an embed.
fn block_of(doc: &Document, events: &[Spanned], id: &str) -> Option<Document> {
    let mut starts: Vec<usize> = Vec::new();
    for (at, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) => starts.push(range.start),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let start = starts.pop()?;
                let ends_with_id = at > 0
                    && matches!(&events[at - 1].0, Event::Text(text)
                        if super::obsidian::block_marker(text)
                            .is_some_and(|(_, found)| found.eq_ignore_ascii_case(id)));
                if ends_with_id {
                    let mut block = doc.clone();
                    block.body = doc.body[start..range.end].to_owned();
                    block.body_line = doc.body_line + doc.body[..start].matches('\n').count();
                    return Some(block);
                }
            }
            _ => {}
        }
    }
    None
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

/// How deep embeds are followed: a page included in a page included in …
/// this many times is linked to instead, so that a long chain of embeds
/// neither exhausts the stack nor makes pages that hold the whole chain.
pub(super) const MAX_DEPTH: usize = 8;

/// The warning and the link in place of an embed nested deeper than
/// [`MAX_DEPTH`].
pub(super) fn too_deep(
    (doc, offset): (&Document, usize),
    target: &str,
    embedded: &Document,
    href: &str,
) -> (Diagnostic, String) {
    let diagnostic = Diagnostic::warning(
        Code::EmbedTooDeep,
        format!("embed ![[{target}]] is nested more than {MAX_DEPTH} embeds deep, so it is linked to instead"),
    )
    .at(body_span(doc, offset))
    .help("link to the page instead of embedding it, or embed fewer pages within each other");
    let note = format!(
        "<p class=\"embed-too-deep\">(See <a href=\"{}\">{}</a>: embedded too deep to include here.)</p>",
        escape(href),
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
