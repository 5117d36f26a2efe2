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

/// Takes each attribute list written right after an inline element out of
/// the text, and returns the ids they give, each with the place of the
/// event the element starts with, in order.
pub(super) fn take_inline_ids(events: &mut [Spanned]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for at in 1..events.len() {
        let Event::Text(text) = &events[at].0 else {
            continue;
        };
        if !text.starts_with('{') {
            continue;
        }
        let Some(element) = element_start(events, at - 1) else {
            continue;
        };
        let Some(close) = text.find('}') else {
            continue;
        };
        let Some(attributes) = parse_inline(&text[..=close]) else {
            continue;
        };
        let rest = text[close + 1..].to_owned();
        events[at].0 = Event::Text(rest.into());
        if let Some(id) = attributes.id {
            found.push((element, id));
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found
}

/// Where the inline element that ends with the event at `end` starts.
fn element_start(events: &[Spanned], end: usize) -> Option<usize> {
    match &events[end].0 {
        Event::Code(_) => Some(end),
        Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Link) => {
            let mut depth = 0usize;
            for at in (0..end).rev() {
                match &events[at].0 {
                    Event::End(_) => depth += 1,
                    Event::Start(_) if depth == 0 => return Some(at),
                    Event::Start(_) => depth -= 1,
                    _ => {}
                }
            }
            None
        }
        _ => None,
    }
}

/// `{ #id .class }`, `{#id}` or `{: #id}` → its id and classes; `None`
/// unless every word is an id, a class or `key=value`.
fn parse_inline(text: &str) -> Option<Attributes> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    let inner = inner.strip_prefix(':').unwrap_or(inner);
    let words: Vec<&str> = inner.split_whitespace().collect();
    let valid = |word: &&str| {
        let named = |name: &str| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        };
        word.strip_prefix('#').is_some_and(named)
            || word.strip_prefix('.').is_some_and(named)
            || word.split_once('=').is_some_and(|(key, _)| named(key))
    };
    if words.is_empty() || !words.iter().all(valid) {
        return None;
    }
    parse(&format!("{{:{inner}}}"))
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

    #[test]
    fn an_attribute_list_after_an_inline_element_gives_an_anchor() {
        let ids = |body: &str| {
            let mut events: Vec<Spanned> =
                pulldown_cmark::Parser::new_ext(body, super::super::options())
                    .into_offset_iter()
                    .collect();
            let found = take_inline_ids(&mut events);
            let text: String = events
                .iter()
                .filter_map(|(e, _)| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                    _ => None,
                })
                .collect();
            let kinds: Vec<String> = found
                .iter()
                .map(|(at, id)| format!("{id}@{:?}", events[*at].0))
                .collect();
            (kinds, text)
        };
        let (found, text) = ids("* **`locale`**{ #mkdocs-locale }: The locale.\n");
        assert_eq!(found, ["mkdocs-locale@Start(Strong)"]);
        assert_eq!(text, "locale: The locale.");
        let (found, text) = ids("Run `make`{: #make .cmd} and *go*{#go}.\n");
        assert_eq!(
            found,
            ["make@Code(Borrowed(\"make\"))", "go@Start(Emphasis)"]
        );
        assert_eq!(text, "Run make and go.");
        // Braces that are not an attribute list stay.
        assert_eq!(ids("**a**{ not this }\n").1, "a{ not this }");
        assert_eq!(ids("Text { #x }\n").0, Vec::<String>::new());
    }
}
