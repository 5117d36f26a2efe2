//! Actions: every task-list item (`- [ ]`, `- [x]`) of a page, with what
//! its writer said of it in the ways Obsidian users already write it:
//!
//! * due date: `📅 2025-08-15` (the Tasks plugin) or `[due:: 2025-08-15]`
//!   (a Dataview inline field, also in round brackets);
//! * owner: `[owner:: [[Person]]]` or `[owner:: Person name]`;
//! * done on: `✅ 2025-07-01` or `[completion:: 2025-07-01]`.
//!
//! The metadata is taken out of the item's text ([`take`]) and shown as
//! badges at the end of it (a date, the owner linked); what each action
//! says is kept for the site's lists of actions (`linked::actions`).
//! An action is known by its text, or by the bold phrase it starts with
//! ([`Action::key`]), so that the next handover of a role can carry it on
//! or tick it off.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use regex::Regex;

use super::events::Spanned;

/// One action written in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The anchor of the item on its page (`action-1`).
    pub id: String,
    /// What is to be done, as plain text, without its metadata.
    pub text: String,
    /// What lists of actions call it: the bold phrase it starts with, else
    /// its text, shortened.
    pub title: String,
    /// What makes two actions the same one, in two handovers: the bold
    /// phrase the text starts with, else the text; in lower case, with
    /// single spaces and no closing punctuation.
    pub key: String,
    pub done: bool,
    pub due: Option<Date>,
    /// When it was done (`✅ 2025-07-01`).
    pub done_on: Option<Date>,
    /// The owner as written (`Ana Lopez`, or the name in `[[Ana Lopez]]`).
    pub owner: Option<String>,
    /// Byte offset of the item's box in the body.
    pub offset: usize,
    /// The line of the source file it is on (set by the renderer).
    pub line: usize,
}

/// An action found in the events, and where its parts go when written.
#[derive(Debug)]
pub(super) struct Found {
    /// The place of the item's `[ ]` event.
    pub marker: usize,
    /// The place of the event its badges go before.
    pub badges: usize,
    pub action: Action,
}

/// A metadata field whose value is not a date, left in the text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct BadDate {
    pub offset: usize,
    pub written: String,
}

/// `📅 2025-08-15`, `✅ 2025-07-01`, and `[key:: value]` or `(key:: value)`
/// with a key Cairn reads.
static METADATA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<emoji>📅|🗓️?|✅)\s*(?P<date>\d{4}-\d{2}-\d{2})",
        r"|[\[(](?P<key>(?i:due|owner|completion|done))::\s*",
        r"(?P<value>(?:\[\[[^\]\n]*\]\]|[^\]\)\[\n])*?)\s*[\])]",
    ))
    .expect("valid pattern")
});

/// Finds every task-list item of `events`, takes its metadata out of its
/// text, and says what each is. Ids are numbered from `first`.
pub(super) fn take(
    body: &str,
    events: &mut Vec<Spanned>,
    first: usize,
) -> (Vec<Found>, Vec<BadDate>) {
    let mut found = Vec::new();
    let mut bad = Vec::new();
    let mut at = 0;
    while at < events.len() {
        if let Event::TaskListMarker(done) = events[at].0 {
            let id = format!("action-{}", first + found.len());
            let (item, problems) = take_item(body, events, at, done, id);
            bad.extend(problems);
            at = item.badges;
            found.push(item);
        }
        at += 1;
    }
    (found, bad)
}

/// The action whose `[ ]` is at `marker`; its metadata leaves `events`.
fn take_item(
    body: &str,
    events: &mut Vec<Spanned>,
    marker: usize,
    done: bool,
    id: String,
) -> (Found, Vec<BadDate>) {
    let end = own_end(events, marker);
    let text_start = events[marker].1.end;
    let text_end = events[marker + 1..end]
        .iter()
        .map(|(_, r)| r.end)
        .max()
        .unwrap_or(text_start)
        .max(text_start);
    let mut action = Action {
        id,
        text: String::new(),
        title: String::new(),
        key: String::new(),
        done,
        due: None,
        done_on: None,
        owner: None,
        offset: events[marker].1.start,
        line: 0,
    };
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut bad = Vec::new();
    for found in METADATA.captures_iter(&body[text_start..text_end]) {
        let whole = found.get(0).expect("a match");
        let span = text_start + whole.start()..text_start + whole.end();
        let date = |written: &str| written.trim().parse::<Date>().ok();
        let ok = if let (Some(emoji), Some(written)) = (found.name("emoji"), found.name("date")) {
            let parsed = date(written.as_str());
            match emoji.as_str() {
                "✅" => action.done_on = parsed,
                _ => action.due = parsed,
            }
            parsed.is_some()
        } else {
            let key = found.name("key").map_or("", |k| k.as_str()).to_lowercase();
            let value = found.name("value").map_or("", |v| v.as_str()).trim();
            match key.as_str() {
                "owner" => {
                    let name = value
                        .strip_prefix("[[")
                        .and_then(|v| v.strip_suffix("]]"))
                        .map(|v| v.split('|').next().unwrap_or(v))
                        .unwrap_or(value)
                        .trim();
                    action.owner = (!name.is_empty()).then(|| name.to_owned());
                    true
                }
                "due" => {
                    action.due = date(value);
                    action.due.is_some()
                }
                _ => {
                    action.done_on = date(value);
                    action.done_on.is_some()
                }
            }
        };
        if ok {
            taken.push(span);
        } else {
            bad.push(BadDate {
                offset: span.start,
                written: whole.as_str().to_owned(),
            });
        }
    }
    strip(body, events, marker + 1..end, &taken);
    trim_end(events, marker + 1..end);
    let own = &events[marker + 1..end];
    action.text = plain_text(own);
    action.title = lead(own).unwrap_or_else(|| super::text::shorten(&action.text, 16));
    action.key = key(&lead(own).unwrap_or_else(|| action.text.clone()));
    (
        Found {
            marker,
            badges: end,
            action,
        },
        bad,
    )
}

/// Where the item's own text ends: at its end, its paragraph's end, or the
/// first block inside it (a nested list).
fn own_end(events: &[Spanned], marker: usize) -> usize {
    let mut depth = 0usize;
    for (at, (event, _)) in events.iter().enumerate().skip(marker + 1) {
        match event {
            Event::Start(tag) if depth == 0 && is_block(tag) => return at,
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return at,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    events.len()
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::List(_)
            | Tag::Item
            | Tag::CodeBlock(_)
            | Tag::BlockQuote(_)
            | Tag::Table(_)
            | Tag::Heading { .. }
            | Tag::HtmlBlock
            | Tag::DefinitionList
    )
}

/// Takes the byte ranges `taken` out of the events in `within`: events
/// wholly inside one go (empty text takes their place), text partly
/// inside one is cut.
fn strip(body: &str, events: &mut Vec<Spanned>, within: Range<usize>, taken: &[Range<usize>]) {
    if taken.is_empty() {
        return;
    }
    let inside = |r: &Range<usize>| taken.iter().any(|t| t.start <= r.start && r.end <= t.end);
    let mut kept: Vec<Spanned> = Vec::with_capacity(within.len());
    let taken_out: Vec<Spanned> = events[within.clone()].to_vec();
    for (event, range) in taken_out {
        if inside(&range) && range.start < range.end {
            continue;
        }
        match event {
            Event::Text(text) if body.get(range.clone()) == Some(&*text) => {
                let mut left = String::new();
                let mut from = range.start;
                for t in taken
                    .iter()
                    .filter(|t| t.start < range.end && t.end > range.start)
                {
                    left.push_str(&body[from..t.start.max(from)]);
                    from = t.end.min(range.end);
                }
                left.push_str(&body[from..range.end]);
                if !left.is_empty() {
                    kept.push((Event::Text(CowStr::from(left)), range));
                }
            }
            event => kept.push((event, range)),
        }
    }
    // The events taken out leave empty text in their place, so that the
    // events after the item stay where they are: moving them for each of
    // 20,000 actions on one page made that page take seconds.
    let removed = within.len() - kept.len();
    let blank = within.end..within.end;
    kept.extend((0..removed).map(|_| (Event::Text(CowStr::from("")), blank.clone())));
    events.splice(within, kept);
}

/// Trims the spaces the metadata leaves at the end of the item's text (the
/// last event that is not text left empty by [`strip`]).
fn trim_end(events: &mut [Spanned], within: Range<usize>) {
    let last = events[within]
        .iter_mut()
        .rev()
        .find(|(event, _)| !matches!(event, Event::Text(t) if t.is_empty()));
    if let Some((Event::Text(text), _)) = last {
        let trimmed = text.trim_end();
        if trimmed.len() != text.len() {
            *text = CowStr::from(trimmed.to_owned());
        }
    }
}

/// The plain text of inline events, with single spaces.
fn plain_text(events: &[Spanned]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The bold phrase the item's text starts with, if it does.
fn lead(events: &[Spanned]) -> Option<String> {
    let first = events
        .iter()
        .position(|(e, _)| !matches!(e, Event::Text(t) if t.trim().is_empty()))?;
    if !matches!(events[first].0, Event::Start(Tag::Strong)) {
        return None;
    }
    let end = events[first..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Strong)))
        .map_or(events.len(), |e| first + e);
    let phrase = plain_text(&events[first + 1..end]);
    let phrase = phrase.trim_end_matches(['.', ':', ';', ',', '!']).trim();
    (!phrase.is_empty()).then(|| phrase.to_owned())
}

/// See [`Action::key`]: `text` without any metadata left in it (a date
/// that is not one), in lower case, with single spaces and no closing
/// punctuation.
fn key(text: &str) -> String {
    METADATA
        .replace_all(text, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_end_matches(['.', ':', ';', ',', '!'])
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actions(body: &str) -> (Vec<Action>, String, Vec<BadDate>) {
        let mut events: Vec<Spanned> =
            pulldown_cmark::Parser::new_ext(body, super::super::options())
                .into_offset_iter()
                .collect();
        let (found, bad) = take(body, &mut events, 1);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        (found.into_iter().map(|f| f.action).collect(), html, bad)
    }

    fn date(text: &str) -> Option<Date> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn metadata_in_each_syntax_is_read_and_taken_out_of_the_text() {
        let (found, html, bad) = actions(concat!(
            "- [ ] **PSPO renewal**: draft the consultation 📅 2025-08-15 [owner:: [[Ana Lopez|Ana]]]\n",
            "- [x] Quarterly figures. [due:: 2025-03-31] (owner:: Ben Smith) ✅ 2025-03-28\n",
            "- [ ] Undated, unowned\n",
        ));
        assert!(bad.is_empty());
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].text, "PSPO renewal: draft the consultation");
        assert_eq!(found[0].key, "pspo renewal");
        assert_eq!(found[0].due, date("2025-08-15"));
        assert_eq!(found[0].owner.as_deref(), Some("Ana Lopez"));
        assert!(!found[0].done);
        assert_eq!(found[1].text, "Quarterly figures.");
        assert_eq!(found[1].key, "quarterly figures");
        assert_eq!(found[1].due, date("2025-03-31"));
        assert_eq!(found[1].done_on, date("2025-03-28"));
        assert_eq!(found[1].owner.as_deref(), Some("Ben Smith"));
        assert!(found[1].done);
        assert_eq!(found[2].id, "action-3");
        assert_eq!((found[2].due, &found[2].owner), (None, &None));
        for written in ["📅", "owner::", "due::", "✅", "[[Ana"] {
            assert!(!html.contains(written), "{written} in {html}");
        }
    }

    #[test]
    fn an_items_own_text_stops_at_a_nested_list_and_code_keeps_its_text() {
        let (found, html, _) = actions(concat!(
            "- [ ] Parent `📅 2025-01-01` 📅 2025-02-01\n",
            "  - [ ] Child [due:: 2025-03-01]\n",
        ));
        assert_eq!(found[0].text, "Parent 📅 2025-01-01");
        assert_eq!(found[0].due, date("2025-02-01"));
        assert_eq!(found[1].text, "Child");
        assert_eq!(found[1].due, date("2025-03-01"));
        assert!(html.contains("<code>📅 2025-01-01</code>"));
    }

    #[test]
    fn a_date_that_is_not_one_stays_in_the_text_and_is_reported() {
        let body = "- [ ] Bid [due:: mid-July]\n";
        let (found, html, bad) = actions(body);
        assert_eq!(found[0].due, None);
        assert!(html.contains("[due:: mid-July]"));
        assert_eq!(
            bad,
            [BadDate {
                offset: body.find("[due").unwrap(),
                written: "[due:: mid-July]".into()
            }]
        );
    }
}
