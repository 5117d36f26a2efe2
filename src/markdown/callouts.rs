//! Callouts: `> [!NOTE]`, `> [!warning] Custom title` and foldable
//! `> [!tip]-` blockquotes, as GitHub and Obsidian write them, become an
//! `<aside>` (or a `<details>` that folds) with a title; other blockquotes
//! stay as they are.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::events::Spanned;
use super::text::escape;

/// Which kind of element a blockquote became.
enum Quote {
    Plain,
    Callout,
    Foldable,
}

/// The blockquotes open at this point of the page, innermost last.
#[derive(Default)]
pub(super) struct Callouts {
    open: Vec<Quote>,
}

impl Callouts {
    /// A blockquote opens: writes a callout's opening if the `following`
    /// events start with a marker, else the blockquote itself. Returns how
    /// many of the following events the marker used up.
    pub fn open<'e>(
        &mut self,
        quote: Event<'e>,
        following: &[Spanned],
        out: &mut Vec<Event<'e>>,
    ) -> usize {
        let Some(found) = callout(following) else {
            self.open.push(Quote::Plain);
            out.push(quote);
            return 0;
        };
        self.open.push(if found.fold.is_some() {
            Quote::Foldable
        } else {
            Quote::Callout
        });
        out.push(Event::Html(CowStr::from(found.opening_html())));
        if found.body_follows {
            out.push(Event::Start(Tag::Paragraph));
        }
        found.consumed
    }

    /// A blockquote closes, as whatever it became.
    pub fn close<'e>(&mut self, end: Event<'e>, out: &mut Vec<Event<'e>>) {
        match self.open.pop() {
            Some(Quote::Callout) => out.push(Event::Html("</div></aside>\n".into())),
            Some(Quote::Foldable) => out.push(Event::Html("</div></details>\n".into())),
            _ => out.push(end),
        }
    }
}

/// A callout found at the start of a blockquote.
struct Callout {
    kind: &'static str,
    title: String,
    fold: Option<char>,
    /// How many events after `Start(BlockQuote)` the marker used.
    consumed: usize,
    /// Whether the first paragraph goes on after the marker line.
    body_follows: bool,
}

impl Callout {
    fn opening_html(&self) -> String {
        let title = escape(&self.title);
        let class = format!("callout callout-{}", self.kind);
        match self.fold {
            Some(fold) => format!(
                "<details class=\"{class}\"{}><summary class=\"callout-title\">{title}</summary><div class=\"callout-body\">\n",
                if fold == '+' { " open" } else { "" }
            ),
            None => format!(
                "<aside class=\"{class}\" aria-label=\"{title}\"><p class=\"callout-title\">{title}</p><div class=\"callout-body\">\n"
            ),
        }
    }
}

/// Recognises `[!type]`, `[!type]-`, `[!type]+ Title` at the start of the
/// events after a blockquote opens.
fn callout(events: &[Spanned]) -> Option<Callout> {
    if !matches!(events.first(), Some((Event::Start(Tag::Paragraph), _))) {
        return None;
    }
    let mut text = String::new();
    let mut n = 1;
    while let Some((Event::Text(t), _)) = events.get(n) {
        text.push_str(t);
        n += 1;
    }
    let (name, fold, after) = marker(&text)?;
    // What follows the marker line decides whether the first paragraph goes on.
    let (consumed, body_follows) = match events.get(n) {
        Some((Event::SoftBreak | Event::HardBreak, _)) => (n + 1, true),
        Some((Event::End(TagEnd::Paragraph), _)) => (n + 1, false),
        _ => (n, true),
    };
    Some(Callout {
        kind: callout_kind(name),
        title: title(name, after),
        fold,
        consumed,
        body_follows,
    })
}

/// The marker at the start of `text`: the callout's name, its fold sign
/// (`+` or `-`), and the rest of the line.
fn marker(text: &str) -> Option<(&str, Option<char>, &str)> {
    let rest = text.trim_start().strip_prefix("[!")?;
    let close = rest.find(']')?;
    let name = &rest[..close];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let mut after = &rest[close + 1..];
    let fold = after.chars().next().filter(|c| *c == '+' || *c == '-');
    if fold.is_some() {
        after = &after[1..];
    }
    Some((name, fold, after))
}

/// The title written after the marker, or else the callout's name with a
/// capital: `[!NOTE]` is titled "Note".
fn title(name: &str, after: &str) -> String {
    match after.trim() {
        "" => {
            let mut chars = name.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        }
        given => given.to_owned(),
    }
}

/// Folds the many callout names people use into the styles the theme draws.
fn callout_kind(name: &str) -> &'static str {
    match name.to_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" | "abstract" | "summary" | "tldr" | "todo" => "important",
        "warning" | "caution" | "attention" | "question" | "help" | "faq" => "warning",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "danger",
        "example" | "quote" | "cite" => "example",
        _ => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_name_a_kind_a_fold_and_a_title() {
        assert_eq!(marker("[!NOTE]"), Some(("NOTE", None, "")));
        assert_eq!(
            marker(" [!tip]- Folded"),
            Some(("tip", Some('-'), " Folded"))
        );
        assert_eq!(marker("[!]"), None);
        assert_eq!(marker("[!not a name]"), None);
        assert_eq!(marker("Just a quote"), None);
        assert_eq!(title("NOTE", ""), "Note");
        assert_eq!(title("warning", " Data protection "), "Data protection");
        assert_eq!(callout_kind("FAQ"), "warning");
        assert_eq!(callout_kind("anything"), "note");
    }
}
