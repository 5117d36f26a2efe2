//! The page's events as the passes read them: taken one at a time, with the
//! ones still to come open to a look (callouts and embeds look ahead) and to
//! being skipped.

use std::ops::Range;

use pulldown_cmark::{Event, Parser};

/// An event and the bytes of the body it came from.
pub(super) type Spanned<'e> = (Event<'e>, Range<usize>);

/// What every reading of a body's events starts with: Hugo's code
/// shortcodes made code blocks, `[[1]](address)` made a Markdown link,
/// Obsidian's comments dropped, kramdown's block attributes applied.
pub(super) fn prepare(body: &str, events: &mut Vec<Spanned>) {
    super::shortcodes::code_blocks(body, events);
    super::obsidian::bracketed_links(body, events);
    join_html_lines(events);
    super::obsidian::drop_comments(events);
    super::attributes::apply(events);
}

/// Makes each run of raw HTML lines (the parser gives an HTML block line
/// by line) one event, so that a tag written over several lines
/// (`<a class="x"⏎ href="setup.md">`) is read whole.
fn join_html_lines(events: &mut Vec<Spanned>) {
    if !events
        .windows(2)
        .any(|w| matches!((&w[0].0, &w[1].0), (Event::Html(_), Event::Html(_))))
    {
        return;
    }
    let mut joined: Vec<Spanned> = Vec::with_capacity(events.len());
    for (event, range) in events.drain(..) {
        if let (Event::Html(next), Some((Event::Html(html), at))) = (&event, joined.last_mut()) {
            let mut text = html.to_string();
            text.push_str(next);
            *html = text.into();
            at.end = range.end;
            continue;
        }
        joined.push((event, range));
    }
    *events = joined;
}

/// The events of one page body, in order.
pub(super) struct Input<'e> {
    events: Vec<Spanned<'e>>,
    next: usize,
    /// Obsidian block ids (`^id` ending a paragraph or list item), by the
    /// place of the event that ends their block.
    blocks: Vec<(usize, String)>,
    /// Ids given to inline elements (`**a**{ #id }`), by the place of the
    /// event that starts the element.
    inline_ids: Vec<(usize, String)>,
    /// The task-list items, in order.
    actions: Vec<super::actions::Found>,
    /// Action metadata whose date is not one.
    pub bad_dates: Vec<super::actions::BadDate>,
}

impl<'e> Input<'e> {
    /// Parses `body` with `options` (see [`super::options`]).
    pub fn parse(body: &'e str, options: pulldown_cmark::Options) -> Input<'e> {
        let mut events = Parser::new_ext(body, options).into_offset_iter().collect();
        prepare(body, &mut events);
        let (actions, bad_dates) = super::actions::take(body, &mut events, 1);
        let blocks = super::obsidian::take_block_ids(&mut events);
        let inline_ids = super::attributes::take_inline_ids(&mut events);
        Input {
            events,
            next: 0,
            blocks,
            inline_ids,
            actions,
            bad_dates,
        }
    }

    /// The action whose `[ ]` is the event just taken.
    pub fn action_marked(&self) -> Option<&super::actions::Action> {
        let taken = self.next.checked_sub(1)?;
        let at = self.actions.partition_point(|f| f.marker < taken);
        self.actions
            .get(at)
            .filter(|f| f.marker == taken)
            .map(|f| &f.action)
    }

    /// The action whose badges go before the event just taken.
    pub fn action_ended(&self) -> Option<&super::actions::Action> {
        let taken = self.next.checked_sub(1)?;
        let at = self.actions.partition_point(|f| f.badges < taken);
        self.actions
            .get(at)
            .filter(|f| f.badges == taken)
            .map(|f| &f.action)
    }

    /// The page's actions, taken out of the input.
    pub fn take_actions(&mut self) -> Vec<super::actions::Action> {
        std::mem::take(&mut self.actions)
            .into_iter()
            .map(|f| f.action)
            .collect()
    }

    /// The ids given to inline elements, as anchors to link to.
    pub fn inline_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.inline_ids.iter().map(|(_, id)| id.clone())
    }

    /// The id given to the inline element the event just taken starts.
    pub fn inline_id_started(&self) -> Option<&str> {
        let taken = self.next.checked_sub(1)?;
        self.inline_ids
            .binary_search_by_key(&taken, |(at, _)| *at)
            .ok()
            .map(|found| self.inline_ids[found].1.as_str())
    }

    /// The block ids of the page (`^id`), as anchors to link to.
    pub fn block_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.blocks.iter().map(|(_, id)| format!("^{id}"))
    }

    /// The block id whose block the event just taken ends, if any.
    pub fn block_ended(&self) -> Option<&str> {
        let taken = self.next.checked_sub(1)?;
        self.blocks
            .binary_search_by_key(&taken, |(at, _)| *at)
            .ok()
            .map(|found| self.blocks[found].1.as_str())
    }

    /// How many events the page has, taken or not.
    pub fn total(&self) -> usize {
        self.events.len()
    }

    /// The events not taken yet.
    pub fn ahead(&self) -> &[Spanned<'e>] {
        self.events.get(self.next..).unwrap_or_default()
    }

    /// Passes over the next `count` events without taking them.
    pub fn pass_over(&mut self, count: usize) {
        self.next += count;
    }

    /// The next event, taken out of the page.
    pub fn next_event(&mut self) -> Option<Spanned<'e>> {
        // Take the event out rather than cloning it; only later events are
        // looked at again (by the look-aheads).
        let taken = self.events.get_mut(self.next)?;
        self.next += 1;
        Some(std::mem::replace(taken, (Event::SoftBreak, 0..0)))
    }
}
