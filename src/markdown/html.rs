//! HTML that is not Markdown: the raw HTML a page is written with, under the
//! `raw_html` policy (sanitize with `ammonia`, escape to show it as text, or
//! allow it as written), and the checkbox of a task-list item.

use pulldown_cmark::{CowStr, Event};

use crate::diagnostics::{Code, Diagnostic};
use crate::project::config::RawHtml;

/// The deepest a page with raw HTML may nest its elements and still be
/// sanitized. ammonia's parser (html5ever) looks through the open elements
/// for each element it opens, as the HTML standard says, so the time grows
/// with the square of the depth: 40,000 nested `<div>`s (200 kB) took 6 s
/// and a 2 MB page would take minutes. Browsers stop nesting at 512 too.
pub(super) const MOST_DEPTH: usize = 512;

/// Elements that have no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The `raw_html` policy as one page goes through it.
pub(super) struct HtmlPolicy {
    policy: RawHtml,
    /// Whether the page holds raw HTML that must be sanitized.
    to_sanitize: bool,
}

impl HtmlPolicy {
    pub fn new(policy: RawHtml) -> HtmlPolicy {
        HtmlPolicy {
            policy,
            to_sanitize: false,
        }
    }

    /// Whether raw HTML stays markup (sanitized or as written), so that
    /// its links are resolved; escaped, it is shown as text.
    pub fn keeps_markup(&self) -> bool {
        self.policy != RawHtml::Escape
    }

    /// Writes an `Html` or `InlineHtml` event as the policy says.
    pub fn write<'e>(&mut self, event: Event<'e>, out: &mut Vec<Event<'e>>) {
        match (self.policy, event) {
            (RawHtml::Escape, Event::Html(html) | Event::InlineHtml(html)) => {
                out.push(Event::Text(html));
            }
            (RawHtml::Sanitize, event) => {
                self.to_sanitize = true;
                out.push(event);
            }
            (_, event) => out.push(event),
        }
    }

    /// Before the page's HTML is written from `events`: if there is raw
    /// HTML to sanitize and the page nests deeper than [`MOST_DEPTH`], every
    /// piece of HTML in `events` (the page's and Cairn's own) becomes text,
    /// so nothing is left to sanitize, and the warning says so.
    pub fn settle(&mut self, events: &mut [Event<'_>]) -> Option<Diagnostic> {
        if !self.to_sanitize || depth(events) <= MOST_DEPTH {
            return None;
        }
        for event in events.iter_mut() {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                *event = Event::Text(std::mem::replace(html, CowStr::Borrowed("")));
            }
        }
        self.to_sanitize = false;
        Some(
            Diagnostic::warning(
                Code::HtmlTooDeep,
                format!("this page nests its elements more than {MOST_DEPTH} deep, too deep to sanitize its raw HTML, so the HTML is shown as text"),
            )
            .help("close the HTML elements you open, or nest fewer quotes and lists"),
        )
    }

    /// The page's finished HTML, sanitized if it held raw HTML to sanitize.
    /// Sanitizing runs on the whole page, so Cairn's own markup must pass
    /// (see [`sanitizer`]).
    pub fn finish(&self, html: String, sanitizer: &ammonia::Builder) -> String {
        if self.to_sanitize {
            sanitizer.clean(&html).to_string()
        } else {
            html
        }
    }
}

/// The sanitizer for pages with raw HTML: ammonia's safe defaults, plus the
/// markup Cairn itself writes (callouts, heading anchors, task list boxes,
/// table alignment).
pub(super) fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "aside",
            "details",
            "summary",
            "input",
            "mark",
            "kbd",
            "figure",
            "figcaption",
            "section",
        ])
        .add_generic_attributes([
            "class",
            "id",
            "title",
            "aria-label",
            "aria-hidden",
            "role",
            "lang",
            "dir",
            "style",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("time", ["datetime"])
        // `<a name="x">`, an anchor older pages link to.
        .add_tag_attributes("a", ["name"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .link_rel(None);
    builder
}

/// The deepest the elements of `events` nest, as far as it matters for the
/// time sanitizing takes: Markdown's elements exactly, and in HTML each
/// start tag opens an element until its end tag (void elements and `/>`
/// open none). Stops counting once past [`MOST_DEPTH`].
fn depth(events: &[Event<'_>]) -> usize {
    let mut depth = 0usize;
    for event in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                for tag in html.split('<').skip(1) {
                    let name: String = tag
                        .trim_start_matches('/')
                        .chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .map(|c| c.to_ascii_lowercase())
                        .collect();
                    if name.is_empty() {
                        continue;
                    }
                    let self_closed = tag.split('>').next().is_some_and(|t| t.ends_with('/'));
                    if tag.starts_with('/') {
                        depth = depth.saturating_sub(1);
                    } else if !self_closed && !VOID.contains(&name.as_str()) {
                        depth += 1;
                    }
                }
            }
            _ => {}
        }
        if depth > MOST_DEPTH {
            return depth;
        }
    }
    depth
}

/// The checkbox that starts a task-list item, ticked when `done`.
pub(super) fn task_box(done: bool) -> Event<'static> {
    let (checked, label) = if done {
        (" checked", "Done")
    } else {
        ("", "Not done")
    };
    Event::InlineHtml(CowStr::from(format!(
        "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
    )))
}
