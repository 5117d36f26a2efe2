//! HTML that is not Markdown: the raw HTML a page is written with, under the
//! `raw_html` policy (sanitize with `ammonia`, escape to show it as text, or
//! allow it as written), and the checkbox of a task-list item.

use pulldown_cmark::{CowStr, Event};

use crate::project::config::RawHtml;

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
