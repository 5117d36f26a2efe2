//! Block attributes written the kramdown way (Jekyll's Markdown), on the
//! line after a block: `{: #v1-0-0}` gives the heading above it that id,
//! `{: .note .info}` classes. Such a line is a paragraph of its own to a
//! CommonMark parser, shown as text; here it is taken out of the page, and
//! an id or classes after a heading go onto the heading, where links to
//! `#v1-0-0` find it. (Headings can also carry `{#id}` at their end.)

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::events::Spanned;

/// Applies and takes out every paragraph that is only a block attribute
/// list.
pub(super) fn apply(events: &mut Vec<Spanned>) {
    let mut lists = Vec::new();
    let mut at = 0;
    while at + 2 < events.len() {
        if let Some((end, attributes)) = attribute_paragraph(events, at) {
            lists.push((at, end, attributes));
            at = end + 1;
        } else {
            at += 1;
        }
    }
    if lists.is_empty() {
        return;
    }
    for (start, _, attributes) in &lists {
        let Some(before) = start.checked_sub(1) else {
            continue;
        };
        if !matches!(events[before].0, Event::End(TagEnd::Heading(_))) {
            continue;
        }
        let Some(heading) = events[..before]
            .iter()
            .rposition(|(e, _)| matches!(e, Event::Start(Tag::Heading { .. })))
        else {
            continue;
        };
        if let Event::Start(Tag::Heading { id, classes, .. }) = &mut events[heading].0 {
            if let Some(new) = &attributes.id {
                *id = Some(CowStr::from(new.clone()));
            }
            classes.extend(attributes.classes.iter().cloned().map(CowStr::from));
        }
    }
    let mut index = 0;
    let mut next = lists.iter().peekable();
    events.retain(|_| {
        let here = index;
        index += 1;
        while next.peek().is_some_and(|(_, end, _)| *end < here) {
            next.next();
        }
        !next
            .peek()
            .is_some_and(|(start, end, _)| (*start..=*end).contains(&here))
    });
}

/// What one attribute list says.
#[derive(Debug, Default, PartialEq, Eq)]
struct Attributes {
    id: Option<String>,
    classes: Vec<String>,
}

/// When the paragraph starting at `start` is only `{: …}`: the index of
/// its end, and what it says.
fn attribute_paragraph(events: &[Spanned], start: usize) -> Option<(usize, Attributes)> {
    if !matches!(events[start].0, Event::Start(Tag::Paragraph)) {
        return None;
    }
    let mut text = String::new();
    for (offset, (event, _)) in events[start + 1..].iter().enumerate() {
        match event {
            Event::Text(t) => text.push_str(t),
            Event::End(TagEnd::Paragraph) => {
                return parse(&text).map(|a| (start + 1 + offset, a));
            }
            _ => return None,
        }
    }
    None
}

/// `{: #id .class key="value"}` → its id and classes; `None` if `text` is
/// not an attribute list.
fn parse(text: &str) -> Option<Attributes> {
    let inner = text.trim().strip_prefix("{:")?.strip_suffix('}')?;
    if inner.contains(['{', '}']) {
        return None;
    }
    let mut attributes = Attributes::default();
    for word in inner.split_whitespace() {
        if let Some(id) = word.strip_prefix('#') {
            attributes.id = Some(id.to_owned());
        } else if let Some(class) = word.strip_prefix('.') {
            attributes.classes.push(class.to_owned());
        }
    }
    Some(attributes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(body: &str) -> Vec<Spanned<'_>> {
        let mut events: Vec<Spanned> =
            pulldown_cmark::Parser::new_ext(body, super::super::options())
                .into_offset_iter()
                .collect();
        apply(&mut events);
        events
    }

    #[test]
    fn an_attribute_list_after_a_heading_gives_it_an_id_and_leaves_the_page() {
        let html = |body: &str| {
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, events(body).into_iter().map(|(e, _)| e));
            out
        };
        assert_eq!(
            html("## 1.0.0 / 2013-05-06\n{: #v1-0-0 .release}\n\nText.\n"),
            "<h2 id=\"v1-0-0\" class=\"release\">1.0.0 / 2013-05-06</h2>\n<p>Text.</p>\n"
        );
        assert_eq!(
            html("A note.\n\n{: .note .info}\n\nNext.\n"),
            "<p>A note.</p>\n<p>Next.</p>\n"
        );
        // Not attribute lists: left as written.
        assert_eq!(html("{: not closed\n"), "<p>{: not closed</p>\n");
        assert_eq!(html("Text {: #x}\n"), "<p>Text {: #x}</p>\n");
    }
}
