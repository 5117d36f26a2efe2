//! Template tags of other generators written in a page (`{{ site.url }}`,
//! `{% link x.md %}`, `{{< ref "x" >}}`, `<%= partial "x" %>`): Cairn runs
//! no template language in content, so they are shown as written. `cairn
//! check` reports the first one of each file, outside code, so that a team
//! bringing notes from Jekyll, Hugo or Middleman finds what to rewrite.

use std::ops::Range;

use regex::Regex;

/// Finds template tags in a page's body.
pub struct TemplateTags {
    pattern: Regex,
}

/// The template tags of one body outside code: the first, and how many.
#[derive(Debug, PartialEq, Eq)]
pub struct Found<'b> {
    /// Byte offset in the body.
    pub offset: usize,
    pub tag: &'b str,
    pub count: usize,
}

impl TemplateTags {
    pub fn new() -> TemplateTags {
        TemplateTags {
            // Liquid and Go templates (`{{ … }}`, `{% … %}`, Hugo's
            // `{{< … >}}` and `{{% … %}}`), ERB (`<% … %>`), on one line.
            pattern: Regex::new(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>").expect("valid pattern"),
        }
    }

    /// The template tags of `body` that start outside `code` (byte ranges
    /// of code spans and code blocks, in order).
    pub fn find<'b>(&self, body: &'b str, code: &[Range<usize>]) -> Option<Found<'b>> {
        let in_code = |offset: usize| {
            let after = code.partition_point(|r| r.end <= offset);
            code.get(after).is_some_and(|r| r.start <= offset)
        };
        let mut tags = self.pattern.find_iter(body).filter(|m| !in_code(m.start()));
        let first = tags.next()?;
        Some(Found {
            offset: first.start(),
            tag: first.as_str(),
            count: 1 + tags.count(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_each_language_are_found_outside_code() {
        let tags = TemplateTags::new();
        let body =
            "Use `{{ x }}` here.\n\nSee {% link a.md %} and {{< ref \"b\" >}} and <%= y %>.\n";
        let code = 4..13;
        assert_eq!(&body[code.clone()], "`{{ x }}`");
        let found = tags.find(body, &[code]).unwrap();
        assert_eq!(found.tag, "{% link a.md %}");
        assert_eq!(found.offset, body.find("{%").unwrap());
        assert_eq!(found.count, 3);
        assert_eq!(tags.find("Braces { like } these {not}.", &[]), None);
        // A tag does not run across lines.
        assert_eq!(tags.find("{{ open\nclose }}", &[]), None);
    }
}
