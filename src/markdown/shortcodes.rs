//! Hugo's code shortcodes, shown as the code blocks Hugo makes of them.
//!
//! A Hugo page may hold code between `{{< highlight go >}}` and
//! `{{< /highlight >}}`, or configuration between `{{< code-toggle >}}` and
//! `{{< /code-toggle >}}` (the tabs of TOML, YAML and JSON that Hugo's
//! documentation and themes use). Hugo never reads what is between them as
//! Markdown. A CommonMark parser does: `[[menus.main]]` becomes a wikilink,
//! a `# comment` a heading. So such a block, when its tags stand at the
//! start of a paragraph, becomes one code block of the text between them.
//! Every other template tag stays as written (see `templates`).

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::events::Spanned;

/// The shortcodes whose inner text is code.
const CODE_SHORTCODES: [&str; 2] = ["highlight", "code-toggle"];

/// Turns every code shortcode block of `body` into a code block.
pub(super) fn code_blocks(body: &str, events: &mut Vec<Spanned>) {
    if !body.contains("{{<") {
        return;
    }
    let mut at = 0;
    while at < events.len() {
        if let Some((end, block)) = code_block(body, events, at) {
            let range = events[at].1.start..events[end].1.end;
            let (lang, text) = block;
            let kind = CodeBlockKind::Fenced(CowStr::from(lang));
            events.splice(
                at..=end,
                [
                    (Event::Start(Tag::CodeBlock(kind)), range.clone()),
                    (Event::Text(CowStr::from(text)), range.clone()),
                    (Event::End(TagEnd::CodeBlock), range),
                ],
            );
            at += 3;
        } else {
            at += 1;
        }
    }
}

/// When the paragraph opening at `start` begins with a code shortcode's
/// opening tag, and the closing tag ends a paragraph in the same container:
/// the index of that paragraph's end, the block's language and its text.
fn code_block(body: &str, events: &[Spanned], start: usize) -> Option<(usize, (String, String))> {
    let (Event::Start(Tag::Paragraph), paragraph) = &events[start] else {
        return None;
    };
    let opening = opening_tag(&body[paragraph.start..])?;
    let inner_start = paragraph.start + opening.len;
    let (inner_end, closing_end) = closing_tag(&body[inner_start..], opening.name)
        .map(|(at, len)| (inner_start + at, inner_start + at + len))?;
    // The paragraph that holds the closing tag, reached without leaving
    // the container the opening one is in.
    let mut depth = 0usize;
    for (offset, (event, range)) in events[start..].iter().enumerate() {
        match event {
            Event::Start(_) if depth == 0 && range.start > closing_end => return None,
            Event::Start(_) => depth += 1,
            Event::End(end) => {
                depth = depth.checked_sub(1)?;
                let holds_closing = range.end >= closing_end;
                if depth == 0 && holds_closing {
                    let alone = matches!(end, TagEnd::Paragraph)
                        && body[closing_end..range.end].trim().is_empty();
                    let text = inner(body, paragraph.start, inner_start, inner_end);
                    return alone.then_some((start + offset, (opening.lang, text)));
                }
            }
            _ => {}
        }
    }
    None
}

/// The text between the tags, without the line breaks next to them and
/// without the indent the opening tag has (a block inside a list item).
fn inner(body: &str, paragraph: usize, start: usize, end: usize) -> String {
    let line_start = body[..paragraph].rfind('\n').map_or(0, |n| n + 1);
    let indent = body[line_start..paragraph]
        .chars()
        .take_while(|c| *c == ' ')
        .count();
    let text = body[start..end]
        .trim_start_matches([' ', '\t'])
        .trim_start_matches('\r')
        .strip_prefix('\n')
        .unwrap_or(&body[start..end]);
    let text = text.trim_end_matches([' ', '\t']);
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let spaces = line.chars().take_while(|c| *c == ' ').count().min(indent);
        out.push_str(&line[spaces..]);
        out.push('\n');
    }
    out
}

/// An opening tag as written.
struct Opening<'b> {
    name: &'b str,
    /// The language of the code (`highlight`'s first argument).
    lang: String,
    /// Its length in bytes.
    len: usize,
}

/// `{{< highlight go "linenos=table" >}}` or `{{< code-toggle file=hugo >}}`
/// at the start of `text`; not a self-closing `{{< code-toggle … />}}`.
fn opening_tag(text: &str) -> Option<Opening<'_>> {
    let rest = text.strip_prefix("{{<")?;
    let close = rest.find(">}}")?;
    let inside = &rest[..close];
    if inside.contains('\n') || inside.trim_end().ends_with('/') {
        return None;
    }
    let mut words = inside.split_whitespace();
    let name = words.next()?;
    if !CODE_SHORTCODES.contains(&name) {
        return None;
    }
    let lang = match (name, words.next()) {
        ("highlight", Some(lang)) if !lang.contains('=') => lang.trim_matches('"').to_owned(),
        _ => String::new(),
    };
    Some(Opening {
        name,
        lang,
        len: "{{<".len() + close + ">}}".len(),
    })
}

/// Where the closing tag of `name` (`{{< /name >}}`, `{{</ name >}}`) first
/// starts in `text`, and its length.
fn closing_tag(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = text[from..].find("{{<") {
        let at = from + found;
        let rest = &text[at + 3..];
        if let Some(close) = rest.find(">}}") {
            let inside = rest[..close].trim();
            if inside.strip_prefix('/').map(str::trim) == Some(name) {
                return Some((at, 3 + close + 3));
            }
        }
        from = at + 3;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(body: &str) -> String {
        let mut events: Vec<Spanned> =
            pulldown_cmark::Parser::new_ext(body, super::super::options())
                .into_offset_iter()
                .collect();
        code_blocks(body, &mut events);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
        out
    }

    #[test]
    fn code_shortcodes_become_code_blocks() {
        let toggle = "Set:\n\n{{< code-toggle file=hugo >}}\n[[menus.main]]\nname = 'Home'\n\n# A comment\n[params]\n{{< /code-toggle >}}\n\nAfter.\n";
        assert_eq!(
            html(toggle),
            "<p>Set:</p>\n<pre><code>[[menus.main]]\nname = 'Home'\n\n# A comment\n[params]\n</code></pre>\n<p>After.</p>\n"
        );
        assert_eq!(
            html("{{< highlight go \"linenos=table\" >}}\nfmt.Println(\"<hi>\")\n{{</ highlight >}}\n"),
            "<pre><code class=\"language-go\">fmt.Println(\"&lt;hi&gt;\")\n</code></pre>\n"
        );
        // Inside a list item, the item's indent is taken off.
        assert_eq!(
            html("- Step\n\n  {{< code-toggle >}}\n  a = [['x', 'y']]\n  {{< /code-toggle >}}\n"),
            "<ul>\n<li>\n<p>Step</p>\n<pre><code>a = [['x', 'y']]\n</code></pre>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn other_shortcodes_and_unclosed_ones_stay_as_written() {
        for body in [
            "{{< note >}}\nText [[x]].\n{{< /note >}}\n",
            "{{< code-toggle config=server />}}\n",
            "{{< code-toggle >}}\nno end [[x]]\n",
            "Text {{< code-toggle >}}\nx\n{{< /code-toggle >}}\n",
            "{{< code-toggle >}}\nx\n{{< /code-toggle >}} and more\n",
        ] {
            assert!(!html(body).contains("<pre>"), "{body:?}: {}", html(body));
        }
        // The closing tag outside the opening one's list item: left alone.
        assert!(!html("- {{< code-toggle >}}\n  x\n\n{{< /code-toggle >}}\n").contains("<pre>"));
    }
}
