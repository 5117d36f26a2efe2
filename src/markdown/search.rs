//! A page body as full-text search reads it: its text, with the blocks,
//! headings and anchors that shape the index, made from the same events
//! that make the body's HTML.
//!
//! Search results link into pages by anchors and show excerpts cut from
//! the indexed text by word position, so the text must read as Pagefind
//! reads the HTML: every element collects its text and its children's;
//! a block (`p`, `li`, `ul`, `td`, `div`, `h1`–`h6`, `section`, `article`)
//! is set apart by spaces and ends with a full stop unless it ends in
//! punctuation already; a heading's words weigh more (level 1 most); an
//! element with an `id` is an anchor, placed before its text, whose label
//! is its own text and its inline children's; `<br>` is a space; images,
//! scripts, styles, forms, navigation and the like add nothing. Markdown
//! events are read as the elements they become. Raw HTML, and the HTML
//! Cairn writes itself (callouts, embedded pages, heading links), is read
//! with `html5ever`'s tokenizer, so its tags count the same way.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, Tag, TagEnd};

use crate::search::page::Piece;

/// Elements set apart as blocks.
const BLOCKS: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
/// Elements whose anchor label takes in the text of the element they are in.
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
/// Elements whose text is never indexed.
const LEFT_OUT: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];
/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// One open element and the text it has collected.
struct Frame {
    name: String,
    pieces: Vec<Piece>,
    /// The last character of the collected text as HTML writes it (an
    /// escaped `&`, `<`, `>` or `"` ends in `;`), or a space after a mark.
    last: Option<char>,
    /// Anchors whose labels this element's text goes into.
    labels: Vec<usize>,
    left_out: bool,
    /// A weight of its own (`data-pagefind-weight`), instead of a
    /// heading's.
    weight: Option<f32>,
}

impl Frame {
    fn new(name: &str) -> Frame {
        Frame {
            name: name.to_owned(),
            pieces: Vec::new(),
            last: None,
            labels: Vec::new(),
            left_out: false,
            weight: None,
        }
    }

    fn mark(&mut self, piece: Piece) {
        self.pieces.push(piece);
        self.last = Some(' ');
    }
}

/// The body's text for search, read event by event.
pub struct SearchText {
    /// The elements open, the root first.
    frames: Vec<Frame>,
    /// The labels of the anchors so far, in order.
    labels: Vec<String>,
    /// Inside an image, whose text is its `alt` attribute: not indexed.
    in_image: usize,
    /// Inside a table's head, whose cells are `th`.
    in_head: bool,
    /// Footnote names, numbered in the order first met (as the HTML shows
    /// them).
    footnotes: Vec<String>,
}

impl Default for SearchText {
    fn default() -> Self {
        SearchText {
            frames: vec![Frame::new("")],
            labels: Vec::new(),
            in_image: 0,
            in_head: false,
            footnotes: Vec::new(),
        }
    }
}

impl SearchText {
    /// Reads one event of the body, as it is about to be written as HTML.
    pub fn event(&mut self, event: &Event) {
        if self.in_image > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => self.in_image += 1,
                Event::End(TagEnd::Image) => self.in_image -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start_tag(tag),
            Event::End(tag) => self.end_tag(*tag),
            Event::Text(text) => self.text(text, true),
            Event::Code(code) => {
                self.start("code", None);
                self.text(code, true);
                self.end("code");
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                self.start("span", None);
                self.text(math, true);
                self.end("span");
            }
            Event::Html(html) | Event::InlineHtml(html) => self.html(html),
            Event::FootnoteReference(name) => {
                let number = self.footnote(name);
                self.start("sup", None);
                self.start("a", None);
                self.text(&number, true);
                self.end("a");
                self.end("sup");
            }
            Event::SoftBreak => self.text("\n", false),
            Event::HardBreak => {
                self.start("br", None);
                self.text("\n", false);
            }
            Event::Rule => self.start("hr", None),
            Event::TaskListMarker(_) => self.start("input", None),
        }
    }

    /// Opens an element by hand (for the parts of a page around its body).
    pub fn open(&mut self, name: &str) {
        self.start(name, None);
    }

    /// Opens an element whose words weigh `weight` times an ordinary word.
    pub fn open_weighted(&mut self, name: &str, weight: f32) {
        self.start(name, None);
        if let Some(frame) = self.frames.last_mut() {
            frame.weight = Some(weight);
        }
    }

    /// Text in the innermost open element.
    pub fn write(&mut self, text: &str) {
        self.text(text, true);
    }

    /// Text already read (a body's), in the innermost open element.
    pub fn append(&mut self, pieces: &[Piece]) {
        let frame = self.frames.last_mut().expect("the root frame");
        if frame.left_out {
            return;
        }
        for piece in pieces {
            frame.last = match piece {
                Piece::Text(text) => text.chars().last().or(frame.last),
                _ => Some(' '),
            };
            match piece {
                Piece::Text(text) => push_text(&mut frame.pieces, text),
                other => frame.pieces.push(other.clone()),
            }
        }
    }

    /// Closes the innermost open element named `name`.
    pub fn close(&mut self, name: &str) {
        self.end(name);
    }

    /// The text read, with the marks for headings and anchors.
    pub fn finish(mut self) -> Vec<Piece> {
        while self.frames.len() > 1 {
            let name = self.innermost();
            self.end(&name);
        }
        let mut pieces = self.frames.pop().map(|f| f.pieces).unwrap_or_default();
        pieces.shrink_to_fit();
        for piece in &mut pieces {
            if let Piece::Text(text) = piece {
                text.shrink_to_fit();
            }
        }
        let mut labels = self.labels.into_iter();
        for piece in &mut pieces {
            if let Piece::Anchor { text, .. } = piece {
                *text = labels.next().unwrap_or_default();
            }
        }
        pieces
    }

    fn start_tag(&mut self, tag: &Tag) {
        match tag {
            Tag::Paragraph => self.start("p", None),
            Tag::Heading { level, id, .. } => {
                let name = format!("h{}", *level as usize);
                self.start(&name, id.as_deref());
            }
            Tag::BlockQuote(_) => self.start("blockquote", None),
            Tag::CodeBlock(_) => {
                self.start("pre", None);
                self.start("code", None);
            }
            Tag::HtmlBlock | Tag::MetadataBlock(_) => {}
            Tag::List(Some(_)) => self.start("ol", None),
            Tag::List(None) => self.start("ul", None),
            Tag::Item => self.start("li", None),
            Tag::FootnoteDefinition(name) => {
                let number = self.footnote(name);
                self.start("div", Some(name));
                self.start("sup", None);
                self.text(&number, true);
                self.end("sup");
            }
            Tag::DefinitionList => self.start("dl", None),
            // The HTML has a line break before each term and definition.
            Tag::DefinitionListTitle => {
                self.text("\n", false);
                self.start("dt", None);
            }
            Tag::DefinitionListDefinition => {
                self.text("\n", false);
                self.start("dd", None);
            }
            Tag::Table(_) => self.start("table", None),
            Tag::TableHead => {
                self.in_head = true;
                self.start("thead", None);
                self.start("tr", None);
            }
            Tag::TableRow => self.start("tr", None),
            Tag::TableCell => self.start(if self.in_head { "th" } else { "td" }, None),
            Tag::Emphasis => self.start("em", None),
            Tag::Strong => self.start("strong", None),
            Tag::Strikethrough => self.start("del", None),
            Tag::Superscript => self.start("sup", None),
            Tag::Subscript => self.start("sub", None),
            Tag::Link { .. } => self.start("a", None),
            Tag::Image { .. } => {
                self.start("img", None);
                self.in_image = 1;
            }
        }
    }

    fn end_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end("p"),
            TagEnd::Heading(level) => self.end(&format!("h{}", level as usize)),
            TagEnd::BlockQuote(_) => self.end("blockquote"),
            TagEnd::CodeBlock => {
                self.end("code");
                self.end("pre");
            }
            TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) | TagEnd::Image => {}
            TagEnd::List(true) => self.end("ol"),
            TagEnd::List(false) => self.end("ul"),
            TagEnd::Item => self.end("li"),
            TagEnd::FootnoteDefinition => self.end("div"),
            TagEnd::DefinitionList => self.end("dl"),
            TagEnd::DefinitionListTitle => self.end("dt"),
            TagEnd::DefinitionListDefinition => self.end("dd"),
            TagEnd::Table => self.end("table"),
            TagEnd::TableHead => {
                self.end("tr");
                self.end("thead");
                self.in_head = false;
            }
            TagEnd::TableRow => self.end("tr"),
            TagEnd::TableCell => self.end(if self.in_head { "th" } else { "td" }),
            TagEnd::Emphasis => self.end("em"),
            TagEnd::Strong => self.end("strong"),
            TagEnd::Strikethrough => self.end("del"),
            TagEnd::Superscript => self.end("sup"),
            TagEnd::Subscript => self.end("sub"),
            TagEnd::Link => self.end("a"),
        }
    }

    /// The name of the innermost open element.
    fn innermost(&self) -> String {
        self.frames
            .last()
            .map(|f| f.name.clone())
            .unwrap_or_default()
    }

    /// The number a footnote is shown with.
    fn footnote(&mut self, name: &str) -> String {
        let at = match self.footnotes.iter().position(|n| n == name) {
            Some(at) => at,
            None => {
                self.footnotes.push(name.to_owned());
                self.footnotes.len() - 1
            }
        };
        (at + 1).to_string()
    }

    /// An element opens (void elements close at once).
    fn start(&mut self, name: &str, id: Option<&str>) {
        let parent = self.frames.last_mut().expect("the root frame");
        let mut frame = Frame::new(name);
        frame.left_out = parent.left_out || LEFT_OUT.contains(&name);
        if INLINE.contains(&name) {
            frame.labels.clone_from(&parent.labels);
        }
        let id: Option<String> = id
            .map(|id| id.split_whitespace().collect())
            .filter(|id: &String| !id.is_empty());
        if let (Some(id), false) = (id, frame.left_out) {
            parent.mark(Piece::Anchor {
                element: name.to_owned(),
                id,
                text: String::new(),
            });
            frame.labels.push(self.labels.len());
            self.labels.push(String::new());
        }
        if name == "br" && !frame.left_out {
            push_text(&mut parent.pieces, " ");
            parent.last = Some(' ');
        }
        self.frames.push(frame);
        if VOID.contains(&name) {
            self.end(name);
        }
    }

    /// Text inside the innermost element; `escaped` says whether HTML
    /// writes its last character as an entity when it is one of `&<>"`.
    fn text(&mut self, text: &str, escaped: bool) {
        let frame = self.frames.last_mut().expect("the root frame");
        if frame.left_out || text.is_empty() {
            return;
        }
        for &label in &frame.labels {
            self.labels[label].push_str(text);
        }
        frame.last = text.chars().last().map(|c| {
            if escaped && matches!(c, '&' | '<' | '>' | '"') {
                ';'
            } else {
                c
            }
        });
        push_text(&mut frame.pieces, text);
    }

    /// The innermost element named `name` closes (with any left open in
    /// it); its text goes into the element around it.
    fn end(&mut self, name: &str) {
        let Some(at) = self.frames.iter().rposition(|f| f.name == name) else {
            return;
        };
        if at == 0 {
            return;
        }
        while self.frames.len() > at + 1 {
            let inner = self.innermost();
            self.close_innermost(&inner);
        }
        self.close_innermost(name);
    }

    fn close_innermost(&mut self, name: &str) {
        let Some(mut frame) = self.frames.pop() else {
            return;
        };
        if frame.left_out {
            return;
        }
        if BLOCKS.contains(&name) {
            if frame.pieces.is_empty() {
                frame.last = Some(' ');
            }
            match frame.pieces.first_mut() {
                Some(Piece::Text(first)) => first.insert(0, ' '),
                _ => frame.pieces.insert(0, Piece::Text(" ".to_owned())),
            }
            if frame.last.is_some_and(ends_in_word) {
                push_text(&mut frame.pieces, ".");
            }
            push_text(&mut frame.pieces, " ");
            frame.last = Some(' ');
        }
        let mark = match (frame.weight, heading_level(name)) {
            (Some(weight), _) => Some(Piece::Weight(weight)),
            (None, Some(level)) => Some(Piece::Heading(level)),
            (None, None) => None,
        };
        if let Some(mark) = mark {
            frame.pieces.insert(0, mark);
            frame.pieces.push(Piece::End);
            frame.last = Some(' ');
        }
        let parent = self.frames.last_mut().expect("the root frame");
        if !frame.pieces.is_empty() {
            extend(&mut parent.pieces, frame.pieces);
            parent.last = frame.last;
        }
    }

    /// Raw HTML, read tag by tag into the same elements.
    fn html(&mut self, html: &str) {
        let this = RefCell::new(std::mem::take(self));
        {
            let tokenizer = Tokenizer::new(Sink(&this), TokenizerOpts::default());
            let queue = BufferQueue::default();
            queue.push_back(StrTendril::from(html));
            let _ = tokenizer.feed(&queue);
            tokenizer.end();
        }
        *self = this.into_inner();
    }
}

/// Adds text at the end of `pieces`, to the last text if there is one:
/// a body is held as few strings as its headings and anchors allow.
fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    match pieces.last_mut() {
        Some(Piece::Text(last)) => last.push_str(text),
        _ => pieces.push(Piece::Text(text.to_owned())),
    }
}

/// Moves `more` to the end of `pieces`, joining text that meets.
fn extend(pieces: &mut Vec<Piece>, more: Vec<Piece>) {
    let mut more = more.into_iter().peekable();
    if let (Some(Piece::Text(_)), Some(Piece::Text(text))) = (pieces.last(), more.peek()) {
        let text = text.clone();
        push_text(pieces, &text);
        more.next();
    }
    pieces.extend(more);
}

/// Whether a block ending in `c` needs a full stop: it ends in a word
/// character, a quote, a closing parenthesis, `$` or `*`.
fn ends_in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || matches!(c, '\'' | '"' | ')' | '$' | '*') || is_word_mark(c)
}

/// Combining marks and connector punctuation also count as word
/// characters (`\w` in Unicode regular expressions).
fn is_word_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
        || matches!(c, '‿' | '⁀' | '⁔' | '︳' | '︴' | '﹍' | '﹎' | '﹏' | '＿')
}

/// The level of a heading element (`h1` → 1), if `name` is one.
pub(crate) fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Feeds the tokens of raw HTML to a [`SearchText`].
struct Sink<'s>(&'s RefCell<SearchText>);

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut text = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => {
                        let id = tag
                            .attrs
                            .iter()
                            .find(|a| &*a.name.local == "id")
                            .map(|a| a.value.to_string());
                        text.start(&name, id.as_deref());
                        if tag.self_closing && !VOID.contains(&name.as_str()) {
                            text.end(&name);
                        }
                    }
                    TagKind::EndTag => text.end(&name),
                }
            }
            Token::CharacterTokens(chars) => text.text(&chars, false),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}
