//! Obsidian's own inline syntax, as Obsidian renders it: `%%comments%%`
//! are dropped (before anything reads the text, so they reach no summary,
//! backlink sentence or search index), block ids (`^id` ending a paragraph
//! or list item) are taken out of the text to become the block's anchor,
//! and `==highlights==` become `<mark>`. Code is left as written.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::events::Spanned;

const COMMENT: &str = "%%";
const HIGHLIGHT: &str = "==";

/// Drops every `%%comment%%` (within a line, or over several lines and
/// paragraphs) from `events`, with everything written inside it: text,
/// links, images, embeds, whole blocks. A `%%` with no closing one after
/// it is text. Code is left as written.
pub(super) fn drop_comments(events: &mut Vec<Spanned>) {
    // Marks outside code; only whole pairs open and close a comment.
    let mut in_code = false;
    let mut marks = 0;
    for (event, _) in events.iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => marks += text.matches(COMMENT).count(),
            _ => {}
        }
    }
    if marks < 2 {
        return;
    }
    let mut left = marks - marks % 2;
    let mut in_comment = false;
    let mut in_code = false;
    // How deep the events nest, and the depths of the elements opened
    // inside a comment: their ends go with them, even after it closes.
    let mut depth = 0usize;
    let mut dropped: Vec<usize> = Vec::new();
    let mut kept: Vec<Spanned> = Vec::with_capacity(events.len());
    for (event, range) in events.drain(..) {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(tag) if in_comment => {
                in_code |= matches!(tag, Tag::CodeBlock(_));
                dropped.push(depth);
            }
            Event::End(end) if dropped.last() == Some(&(depth + 1)) => {
                in_code &= !matches!(end, TagEnd::CodeBlock);
                dropped.pop();
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                kept.push((Event::Start(Tag::CodeBlock(kind)), range));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                kept.push((Event::End(TagEnd::CodeBlock), range));
            }
            Event::Text(text) if !in_code && (in_comment || text.contains(COMMENT)) => {
                let mut visible = String::new();
                let mut rest: &str = &text;
                loop {
                    let found = if left > 0 { rest.find(COMMENT) } else { None };
                    match found {
                        Some(at) => {
                            if !in_comment {
                                visible.push_str(&rest[..at]);
                            }
                            in_comment = !in_comment;
                            left -= 1;
                            rest = &rest[at + COMMENT.len()..];
                        }
                        None => {
                            if !in_comment {
                                visible.push_str(rest);
                            }
                            break;
                        }
                    }
                }
                if !visible.is_empty() {
                    kept.push((Event::Text(visible.into()), range));
                }
            }
            Event::End(end) => kept.push((Event::End(end), range)),
            _ if in_comment => {}
            event => kept.push((event, range)),
        }
    }
    // Paragraphs left with nothing in them go too.
    let mut cleaned: Vec<Spanned> = Vec::with_capacity(kept.len());
    for spanned in kept {
        let empty_paragraph = matches!(spanned.0, Event::End(TagEnd::Paragraph))
            && matches!(cleaned.last(), Some((Event::Start(Tag::Paragraph), _)));
        if empty_paragraph {
            cleaned.pop();
        } else {
            cleaned.push(spanned);
        }
    }
    *events = cleaned;
}

/// Makes `[[1]](https://example.org/)` the Markdown link CommonMark reads
/// (the text `[1]`, in brackets, leading to the address), as MkDocs and
/// the forges show it, rather than a wikilink to a page `1` followed by
/// the address in parentheses.
pub(super) fn bracketed_links(body: &str, events: &mut Vec<Spanned>) {
    if !body.contains("]](") {
        return;
    }
    let mut at = 0;
    while at < events.len() {
        if let Some((end, link)) = bracketed_link(body, events, at) {
            let written = link.len();
            events.splice(at..=end, link);
            at += written;
        } else {
            at += 1;
        }
    }
}

/// When a wikilink opens at `start` and `(address)` follows it: the index
/// of the last event it takes in, and the link that replaces them.
fn bracketed_link<'e>(
    body: &str,
    events: &[Spanned<'e>],
    start: usize,
) -> Option<(usize, Vec<Spanned<'e>>)> {
    let (Event::Start(Tag::Link { link_type, .. }), wiki) = &events[start] else {
        return None;
    };
    if !matches!(link_type, pulldown_cmark::LinkType::WikiLink { .. }) {
        return None;
    }
    let after = body.get(wiki.end..)?.strip_prefix('(')?;
    let line = &after[..after.find('\n').unwrap_or(after.len())];
    let close = line.find(')')?;
    let inside = line[..close].trim();
    let (dest, title) = match inside.split_once(char::is_whitespace) {
        Some((dest, title)) => (dest, title.trim().trim_matches(['"', '\''])),
        None => (inside, ""),
    };
    if dest.is_empty() || dest.contains(['(', '<', '>']) {
        return None;
    }
    // One past the `)`, in the body.
    let link_end = wiki.end + 1 + close + 1;
    let wiki_end = start
        + events[start..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Link)))?;
    // The text after the wikilink, up to the `)`: one text event, which
    // may go on past it.
    let (Event::Text(text), range) = events.get(wiki_end + 1)? else {
        return None;
    };
    if range.start != wiki.end || range.end < link_end || **text != body[range.clone()] {
        return None;
    }
    let rest = &body[link_end..range.end];
    let label = &body[wiki.start + 1..wiki.end - 1];
    let whole = wiki.start..link_end;
    let mut link = vec![
        (
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Inline,
                dest_url: CowStr::from(dest.to_owned()),
                title: CowStr::from(title.to_owned()),
                id: CowStr::Borrowed(""),
            }),
            whole.clone(),
        ),
        (Event::Text(CowStr::from(label.to_owned())), whole.clone()),
        (Event::End(TagEnd::Link), whole),
    ];
    if !rest.is_empty() {
        // The text after the `)` stays.
        link.push((
            Event::Text(CowStr::from(rest.to_owned())),
            link_end..range.end,
        ));
    }
    Some((wiki_end + 1, link))
}

/// The block id (`^id`) a block's last text ends with, and the text
/// before it.
pub(super) fn block_marker(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let caret = trimmed.rfind('^')?;
    let id = &trimmed[caret + 1..];
    let before = &trimmed[..caret];
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (valid && (before.is_empty() || before.ends_with(char::is_whitespace)))
        .then(|| (before.trim_end(), id))
}

/// Takes the `^id` that ends a paragraph or list item (Obsidian's block
/// ids) out of the text, and returns each with the place of the event that
/// ends its block, in order.
pub(super) fn take_block_ids(events: &mut [Spanned]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for end in 1..events.len() {
        if !matches!(events[end].0, Event::End(TagEnd::Paragraph | TagEnd::Item)) {
            continue;
        }
        let Event::Text(text) = &events[end - 1].0 else {
            continue;
        };
        let Some((before, id)) = block_marker(text) else {
            continue;
        };
        let (before, id) = (before.to_owned(), id.to_lowercase());
        events[end - 1].0 = Event::Text(before.into());
        found.push((end, id));
    }
    found
}

/// Turns each pair of `==` in the text of one block into `<mark>` …
/// `</mark>`: the opening one followed by a character that is not a space,
/// the closing one after one. Unpaired `==` (`a == b`) stay text.
pub(super) fn mark_highlights(events: &mut Vec<Event>) {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Text(text) if text.contains(HIGHLIGHT)))
    {
        return;
    }
    // Pass 1: where each pair opens and closes (event, byte). A pair opens
    // and closes at the same depth of nesting (`==a *b* c==`, not across a
    // link's end), within one block, outside code and image descriptions.
    let mut pairs: Vec<((usize, usize), (usize, usize))> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut opened_at = 0;
    let mut depth = 0usize;
    let mut depth_code = 0;
    let mut in_image = 0;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                depth += 1;
                if is_block(tag) || matches!(tag, Tag::CodeBlock(_)) {
                    open = None;
                }
                depth_code += usize::from(matches!(tag, Tag::CodeBlock(_)));
                in_image += usize::from(matches!(tag, Tag::Image { .. }));
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if is_block_end(*end) || depth < opened_at {
                    open = None;
                }
                depth_code -= usize::from(matches!(end, TagEnd::CodeBlock));
                in_image -= usize::from(matches!(end, TagEnd::Image));
            }
            Event::Text(text) if depth_code == 0 && in_image == 0 => {
                let mut from = 0;
                while let Some(at) = text[from..].find(HIGHLIGHT).map(|a| a + from) {
                    let after = text[at + HIGHLIGHT.len()..].chars().next();
                    let before = text[..at].chars().next_back();
                    match open {
                        Some(start)
                            if depth == opened_at && before.is_none_or(|c| !c.is_whitespace()) =>
                        {
                            pairs.push((start, (i, at)));
                            open = None;
                        }
                        _ if after.is_none_or(|c| !c.is_whitespace() && c != '=') => {
                            open = Some((i, at));
                            opened_at = depth;
                        }
                        _ => {}
                    }
                    from = at + HIGHLIGHT.len();
                }
            }
            _ => {}
        }
    }
    if pairs.is_empty() {
        return;
    }
    // Pass 2: split the texts at those places.
    let mut cuts: Vec<(usize, usize, &'static str)> = pairs
        .iter()
        .flat_map(|&(o, c)| [(o.0, o.1, "<mark>"), (c.0, c.1, "</mark>")])
        .collect();
    cuts.sort_unstable();
    let mut cuts = cuts.into_iter().peekable();
    let old = std::mem::take(events);
    for (i, event) in old.into_iter().enumerate() {
        if cuts.peek().is_none_or(|&(at, _, _)| at != i) {
            events.push(event);
            continue;
        }
        let Event::Text(text) = event else {
            events.push(event);
            continue;
        };
        let mut from = 0;
        while let Some(&(at, byte, tag)) = cuts.peek() {
            if at != i {
                break;
            }
            cuts.next();
            if byte > from {
                events.push(Event::Text(CowStr::from(text[from..byte].to_owned())));
            }
            events.push(Event::InlineHtml(CowStr::Borrowed(tag)));
            from = byte + HIGHLIGHT.len();
        }
        if from < text.len() {
            events.push(Event::Text(CowStr::from(text[from..].to_owned())));
        }
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::BlockQuote(_)
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        let mut spanned: Vec<Spanned> =
            pulldown_cmark::Parser::new_ext(markdown, super::super::options())
                .into_offset_iter()
                .collect();
        drop_comments(&mut spanned);
        let mut events: Vec<Event> = spanned.into_iter().map(|(e, _)| e).collect();
        mark_highlights(&mut events);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn comments_are_dropped_wherever_they_are() {
        assert_eq!(html("Seen %%hidden%% seen."), "<p>Seen  seen.</p>\n");
        assert_eq!(
            html("Before.\n\n%%\nA block comment\n\nover two paragraphs.\n%%\n\nAfter."),
            "<p>Before.</p>\n<p>After.</p>\n"
        );
        assert_eq!(
            html("`%%code%%` stays"),
            "<p><code>%%code%%</code> stays</p>\n"
        );
        assert_eq!(
            html("100%% sure, no closing"),
            "<p>100%% sure, no closing</p>\n"
        );
        // Marks in code do not pair with marks outside it.
        assert_eq!(
            html("```\nfor %%f in (*) do echo %%f\n```\n\nUse %%i in batch files.\n\nStill here."),
            "<pre><code>for %%f in (*) do echo %%f\n</code></pre>\n<p>Use %%i in batch files.</p>\n<p>Still here.</p>\n"
        );
        // Links, images and whole blocks inside a comment go with it.
        assert_eq!(
            html("See %%[[Old page]] and ![](old.png)%% this.\n\n%%\n## Old heading\n\n- old item\n%%\n\nAfter."),
            "<p>See  this.</p>\n<p>After.</p>\n"
        );
    }

    #[test]
    fn highlights_pair_within_a_block() {
        assert_eq!(
            html("A ==marked phrase== and a == b."),
            "<p>A <mark>marked phrase</mark> and a == b.</p>\n"
        );
        assert_eq!(
            html("==one *two* three=="),
            "<p><mark>one <em>two</em> three</mark></p>\n"
        );
        assert_eq!(html("x ==\n\ny =="), "<p>x ==</p>\n<p>y ==</p>\n");
        // Never across a link's end or into an image's description.
        assert_eq!(
            html("[a ==b](x) c=="),
            "<p><a href=\"x\">a ==b</a> c==</p>\n"
        );
        assert_eq!(
            html("==a ![b==](x.png)"),
            "<p>==a <img src=\"x.png\" alt=\"b==\" /></p>\n"
        );
        assert_eq!(html("    ==code=="), "<pre><code>==code==</code></pre>\n");
    }

    #[test]
    fn a_wikilink_followed_by_an_address_is_a_markdown_link() {
        let html = |markdown: &str| {
            let mut events: Vec<Spanned> =
                pulldown_cmark::Parser::new_ext(markdown, super::super::options())
                    .into_offset_iter()
                    .collect();
            bracketed_links(markdown, &mut events);
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
            out
        };
        assert_eq!(
            html("See [[1]](a.md#x) [[2]](https://e.org/ \"Two\") for more."),
            "<p>See <a href=\"a.md#x\">[1]</a> <a href=\"https://e.org/\" title=\"Two\">[2]</a> for more.</p>\n"
        );
        // A wikilink with text after it stays one.
        assert!(html("[[Page]] (see it)").contains("<a href=\"Page\">Page</a> (see it)"));
        assert!(html("[[Page]](no end").contains(">Page</a>(no end"));
    }
}
