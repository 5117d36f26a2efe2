//! Rewriting rendered HTML for a single-file document (a pack or a print
//! view), tag by tag with `html5ever`'s tokenizer, keeping everything else
//! exactly as it was.
//!
//! Two edits:
//! - [`place`] moves a page body into the document: its relative links are
//!   re-based from the page's address to the document's, its ids (and the
//!   links and ARIA references to them) get the chapter's prefix so that
//!   many bodies can share one document, its headings move down under the
//!   chapter's, and its leading title (shown by the chapter) is left out.
//! - [`self_contain`] makes the finished document stand alone: links to
//!   pages in it jump to their chapter, links out keep a working address
//!   and print it, images become `data:` URIs, and anything that would load
//!   from elsewhere (scripts, style sheets, frames, media) is left out.
//!
//! Which pages a document holds is known only once every chapter is placed
//! (its appendices are the pages the chapters name), so a placed body is
//! kept as tokens ([`Placed`]) and made to stand alone from them
//! ([`Placed::contained`]) at the end, without reading its HTML again: the
//! tokenizer reads each body once.

use std::cell::RefCell;
use std::collections::HashMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{Attribute, LocalName};

use crate::markdown::heading_level;
use crate::urls;

/// What to do with an element, decided at its start tag.
enum Step {
    /// Write it, with whatever the edit changed.
    Keep,
    /// Leave the element and all it contains out, writing this instead.
    Replace(String),
}

/// One pass over a document's tags.
trait Edit {
    fn start(&mut self, tag: &mut Tag) -> Step;
    /// Called at an end tag, before it is written; returns its new name,
    /// if it changes.
    fn end(&mut self, _name: &str) -> Option<LocalName> {
        None
    }
    /// Called after an end tag is written: what to write after it.
    fn after_end(&mut self, _name: &str) -> Option<String> {
        None
    }
    /// Text, as the reader sees it (entities decoded).
    fn text(&mut self, _text: &str) {}
}

/// Elements whose end tag never comes.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Attributes that hold ids of the same document.
const ID_REFERENCES: &[&str] = &[
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "for",
    "headers",
    "list",
];

/// Where a page body is placed in a document.
pub(super) struct Placement<'a> {
    /// The page's own address, which its relative links start from.
    pub from: &'a str,
    /// The document's address.
    pub to: &'a str,
    /// Put before every id of the body (and every link to one).
    pub prefix: &'a str,
    /// The id of the page's title heading. The chapter shows the title:
    /// a leading `# Title` with this id is left out of the body, and the
    /// id is kept as an anchor, for links to it.
    pub title_id: &'a str,
    /// How many levels headings move down (`h2` → `h4` for 2).
    pub shift: u8,
}

/// A body placed in a document, as tokens: made to stand alone once the
/// document's pages are known.
pub(super) struct Placed {
    tokens: Vec<Stored>,
}

/// A token of a placed body, after the placing edit.
enum Stored {
    Start(Tag),
    End(LocalName),
    /// Text as the reader sees it (entities decoded), or as written
    /// inside an element whose text is not markup.
    Text(StrTendril),
    Comment(StrTendril),
    /// Markup written as it is.
    Markup(String),
    Doctype,
}

impl Placed {
    /// The body made to stand alone in the document `standalone`
    /// describes, as [`self_contain`] makes a whole document.
    pub(super) fn contained(self, standalone: &Standalone) -> String {
        let mut edit = Contain {
            doc: standalone,
            open_link: None,
        };
        self.replay(&mut edit)
    }

    /// The body's HTML, as placed.
    pub(super) fn html(self) -> String {
        self.replay(&mut Unchanged)
    }

    fn replay(self, edit: &mut dyn Edit) -> String {
        let mut writer = Writer::new(edit, String::new());
        for token in self.tokens {
            match token {
                Stored::Start(tag) => {
                    let _ = writer.tag(tag);
                }
                Stored::End(name) => {
                    let _ = writer.tag(Tag {
                        kind: TagKind::EndTag,
                        name,
                        self_closing: false,
                        attrs: Vec::new(),
                    });
                }
                Stored::Text(text) => writer.text(text),
                Stored::Comment(text) => writer.comment(text),
                Stored::Markup(markup) => writer.markup(&markup),
                Stored::Doctype => writer.doctype(),
            }
        }
        writer.out
    }
}

/// An edit that changes nothing.
struct Unchanged;

impl Edit for Unchanged {
    fn start(&mut self, _tag: &mut Tag) -> Step {
        Step::Keep
    }
}

/// `html`, a body rendered for the page at `placement.from`, as it reads
/// placed in the document at `placement.to`. Every page of the site it
/// links to is passed to `linked`, by address.
pub(super) fn place(html: &str, placement: &Placement, linked: &mut dyn FnMut(&str)) -> Placed {
    let mut edit = Place {
        placement,
        linked,
        first: true,
        title_dropped: false,
    };
    let mut tokens = rewrite(html, &mut edit, Vec::new());
    if !edit.title_dropped {
        // The title heading was taken out of the body before: its anchor
        // goes first all the same.
        let anchor = title_anchor(&edit.prefixed(placement.title_id));
        tokens.insert(0, Stored::Markup(anchor));
    }
    Placed { tokens }
}

fn title_anchor(id: &str) -> String {
    format!("<a id=\"{}\"></a>", escape_attr(id))
}

struct Place<'p, 'l> {
    placement: &'p Placement<'p>,
    linked: &'l mut dyn FnMut(&str),
    /// No tag has been seen yet.
    first: bool,
    /// The body's leading `# Title` was left out.
    title_dropped: bool,
}

impl Place<'_, '_> {
    fn prefixed(&self, id: &str) -> String {
        format!("{}-{id}", self.placement.prefix)
    }

    /// A relative address of the body, from the document.
    fn rebased(&mut self, href: &str) -> Option<String> {
        if let Some(fragment) = href.strip_prefix('#') {
            return Some(if fragment.is_empty() {
                format!("#{}", self.placement.prefix)
            } else {
                format!("#{}", self.prefixed(fragment))
            });
        }
        let (target, fragment) = resolve(self.placement.from, href)?;
        (self.linked)(&target);
        let mut rebased = if target == self.placement.from {
            // A link from the page to itself: to its chapter.
            return Some(match fragment {
                Some(f) => format!("#{}", self.prefixed(f)),
                None => format!("#{}", self.placement.prefix),
            });
        } else {
            urls::relative(self.placement.to, &target)
        };
        if let Some(fragment) = fragment {
            rebased.push('#');
            rebased.push_str(fragment);
        }
        Some(rebased)
    }

    fn heading(&self, name: &str) -> Option<LocalName> {
        let level = heading_level(name)?;
        let shifted = (level + self.placement.shift).min(6);
        Some(LocalName::from(format!("h{shifted}")))
    }
}

impl Edit for Place<'_, '_> {
    fn start(&mut self, tag: &mut Tag) -> Step {
        let first = std::mem::replace(&mut self.first, false);
        let title_id = self.placement.title_id;
        if first && &*tag.name == "h1" && attr(tag, "id") == Some(title_id) {
            self.title_dropped = true;
            return Step::Replace(title_anchor(&self.prefixed(title_id)));
        }
        if let Some(name) = self.heading(&tag.name) {
            tag.name = name;
        }
        for a in &mut tag.attrs {
            let name = &*a.name.local;
            let value = if name == "id" {
                Some(self.prefixed(&a.value))
            } else if ID_REFERENCES.contains(&name) {
                Some(
                    a.value
                        .split_whitespace()
                        .map(|id| self.prefixed(id))
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            } else if matches!(name, "href" | "src" | "poster") && !urls::is_external(&a.value) {
                self.rebased(&a.value)
            } else {
                None
            };
            if let Some(value) = value {
                a.value = StrTendril::from(value);
            }
        }
        Step::Keep
    }

    fn end(&mut self, name: &str) -> Option<LocalName> {
        self.heading(name)
    }
}

/// Marks a link of a pack's template that leads to the site, not to the
/// chapter of the same page; it is not kept in the document.
const OUT_ATTRIBUTE: &str = "data-pack-out";

/// How a finished document finds what it shows.
pub(super) struct Standalone<'a> {
    /// The document's address.
    pub path: &'a str,
    /// The pages it holds, by address: the id of each one's chapter.
    pub anchors: &'a HashMap<String, String>,
    /// The site's address (`base_url`), to give links out a full one.
    pub base_url: Option<&'a str>,
    /// The file published at a site address, as a `data:` URI, if it is
    /// an image that can be embedded.
    pub image: &'a dyn Fn(&str) -> Option<String>,
}

/// `html`, a whole document at `standalone.path`, made to stand alone.
pub(super) fn self_contain(html: &str, standalone: &Standalone) -> String {
    let mut edit = Contain {
        doc: standalone,
        open_link: None,
    };
    rewrite(
        html,
        &mut edit,
        String::with_capacity(html.len() + html.len() / 8),
    )
}

struct Contain<'d> {
    doc: &'d Standalone<'d>,
    /// The link out being written: its address as printed, and its text
    /// so far.
    open_link: Option<(String, String)>,
}

impl Contain<'_> {
    /// Where a relative `href` of the document leads: a chapter of it, or
    /// (with the address to print) a page of the site. A link marked
    /// `out` leads to the site even when the page it leads to is a chapter
    /// (a role's page, to list what its pack has no room for).
    fn link(&self, href: &str, out: bool) -> Link {
        if href.starts_with('#') {
            return Link::Inside(href.to_owned());
        }
        if urls::is_external(href) {
            let shown = href
                .strip_prefix("mailto:")
                .or_else(|| href.strip_prefix("tel:"))
                .unwrap_or(href);
            return Link::Out(href.to_owned(), shown.to_owned());
        }
        let Some((target, fragment)) = resolve(self.doc.path, href) else {
            return Link::Out(href.to_owned(), href.to_owned());
        };
        if target == self.doc.path {
            return Link::Inside(fragment.map_or_else(|| "#".to_owned(), |f| format!("#{f}")));
        }
        if let Some(anchor) = self.doc.anchors.get(&target).filter(|_| !out) {
            return Link::Inside(match fragment {
                Some(f) => format!("#{anchor}-{f}"),
                None => format!("#{anchor}"),
            });
        }
        let with_fragment = |base: String| match fragment {
            Some(f) => format!("{base}#{f}"),
            None => base,
        };
        match self.doc.base_url {
            Some(base) => {
                let full = with_fragment(format!("{}/{target}", base.trim_end_matches('/')));
                Link::Out(full.clone(), full)
            }
            None => Link::Out(href.to_owned(), with_fragment(target)),
        }
    }
}

enum Link {
    /// To an id of the document.
    Inside(String),
    /// Out of it: the href, and the address to print.
    Out(String, String),
}

impl Edit for Contain<'_> {
    fn start(&mut self, tag: &mut Tag) -> Step {
        let name = tag.name.clone();
        match &*name {
            "script" | "link" | "source" | "track" | "noscript" | "template" => {
                return Step::Replace(String::new())
            }
            "iframe" | "embed" | "object" | "video" | "audio" => {
                let address = ["src", "data"]
                    .iter()
                    .find_map(|a| attr(tag, a))
                    .unwrap_or_default()
                    .to_owned();
                return Step::Replace(if address.is_empty() {
                    String::new()
                } else {
                    let address = match self.link(&address, false) {
                        Link::Out(_, shown) => shown,
                        Link::Inside(_) => address,
                    };
                    format!(
                        "<span class=\"pack-left-out\">[{name} not included: {}]</span>",
                        escape_text(&address)
                    )
                });
            }
            "img" => {
                let src = attr(tag, "src").unwrap_or_default().to_owned();
                let embedded = if src.starts_with("data:") {
                    Some(src.clone())
                } else if urls::is_external(&src) {
                    None
                } else {
                    resolve(self.doc.path, &src).and_then(|(target, _)| (self.doc.image)(&target))
                };
                match embedded {
                    Some(data) => set_attr(tag, "src", &data),
                    None => {
                        let alt = attr(tag, "alt").unwrap_or_default();
                        let shown = match self.link(&src, false) {
                            Link::Out(_, shown) => shown,
                            Link::Inside(_) => src.clone(),
                        };
                        return Step::Replace(format!(
                            "<span class=\"pack-left-out\">[image{}{}: {}]</span>",
                            if alt.is_empty() { "" } else { " “" },
                            if alt.is_empty() {
                                String::new()
                            } else {
                                format!("{}”", escape_text(alt))
                            },
                            escape_text(&shown)
                        ));
                    }
                }
            }
            _ => {}
        }
        tag.attrs.retain(|a| {
            let n = &*a.name.local;
            !(n == "srcset" || n == "poster" || (n == "style" && a.value.contains("url(")))
        });
        if &*name == "a" {
            let out = attr(tag, OUT_ATTRIBUTE).is_some();
            tag.attrs.retain(|a| &*a.name.local != OUT_ATTRIBUTE);
            if let Some(href) = attr(tag, "href").map(str::to_owned) {
                match self.link(&href, out) {
                    Link::Inside(inside) => set_attr(tag, "href", &inside),
                    Link::Out(out, shown) => {
                        set_attr(tag, "href", &out);
                        self.open_link = Some((shown, String::new()));
                    }
                }
            }
        }
        Step::Keep
    }

    fn text(&mut self, text: &str) {
        if let Some((_, written)) = &mut self.open_link {
            written.push_str(text);
        }
    }

    fn after_end(&mut self, name: &str) -> Option<String> {
        if name != "a" {
            return None;
        }
        let (address, text) = self.open_link.take()?;
        // The address is printed unless the link's text already says it
        // (a phone number's spaces aside).
        let bare = |s: &str| s.split_whitespace().collect::<String>();
        (bare(&text) != bare(&address) && !address.is_empty()).then(|| {
            format!(
                "<span class=\"print-address\"> ({})</span>",
                escape_text(&address)
            )
        })
    }
}

/// A relative `href` from the page at `from`: the site address it leads
/// to (percent-decoded) and its fragment. `None` for an address above the
/// site's root or absolute on the server.
fn resolve<'h>(from: &str, href: &'h str) -> Option<(String, Option<&'h str>)> {
    if href.starts_with('/') {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|f| !f.is_empty())),
        None => (href, None),
    };
    let path = path.split(['?']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let target = if decoded.is_empty() {
        from.to_owned()
    } else {
        urls::join_normalized(urls::parent_dir(from), &decoded)?
    };
    Some((target, fragment))
}

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

fn set_attr(tag: &mut Tag, name: &str, value: &str) {
    if let Some(a) = tag.attrs.iter_mut().find(|a| &*a.name.local == name) {
        a.value = StrTendril::from(value);
    }
}

/// Where a rewrite goes: HTML, or tokens to finish later.
trait Output {
    fn start(&mut self, tag: Tag);
    fn end(&mut self, name: LocalName);
    /// Text; `raw` inside an element whose text is not markup.
    fn text(&mut self, text: StrTendril, raw: bool);
    fn comment(&mut self, text: StrTendril);
    fn markup(&mut self, markup: &str);
    fn doctype(&mut self);
}

impl Output for String {
    fn start(&mut self, tag: Tag) {
        self.push('<');
        self.push_str(&tag.name);
        write_attrs(self, &tag.attrs);
        self.push_str(if tag.self_closing { " />" } else { ">" });
    }

    fn end(&mut self, name: LocalName) {
        self.push_str("</");
        self.push_str(&name);
        self.push('>');
    }

    fn text(&mut self, text: StrTendril, raw: bool) {
        if raw {
            self.push_str(&text);
        } else {
            push_escaped(self, &text, b"&<>");
        }
    }

    fn comment(&mut self, text: StrTendril) {
        self.push_str("<!--");
        self.push_str(&text);
        self.push_str("-->");
    }

    fn markup(&mut self, markup: &str) {
        self.push_str(markup);
    }

    fn doctype(&mut self) {
        self.push_str("<!DOCTYPE html>");
    }
}

impl Output for Vec<Stored> {
    fn start(&mut self, tag: Tag) {
        self.push(Stored::Start(tag));
    }

    fn end(&mut self, name: LocalName) {
        self.push(Stored::End(name));
    }

    fn text(&mut self, text: StrTendril, _raw: bool) {
        // Whether it is raw is told again by the tags around it when the
        // tokens are written.
        self.push(Stored::Text(text));
    }

    fn comment(&mut self, text: StrTendril) {
        self.push(Stored::Comment(text));
    }

    fn markup(&mut self, markup: &str) {
        if !markup.is_empty() {
            self.push(Stored::Markup(markup.to_owned()));
        }
    }

    fn doctype(&mut self) {
        self.push(Stored::Doctype);
    }
}

/// Runs `edit` over every tag of `html`, into `out`.
fn rewrite<O: Output>(html: &str, edit: &mut dyn Edit, out: O) -> O {
    let writer = RefCell::new(Writer::new(edit, out));
    {
        let tokenizer = Tokenizer::new(Sink(&writer), TokenizerOpts::default());
        let queue = BufferQueue::default();
        queue.push_back(StrTendril::from(html));
        let _ = tokenizer.feed(&queue);
        tokenizer.end();
    }
    writer.into_inner().out
}

struct Writer<'e, O> {
    out: O,
    edit: &'e mut dyn Edit,
    /// The element being left out: its name and how deeply it is nested
    /// in itself.
    skipping: Option<(LocalName, usize)>,
    /// Inside an element whose text is not markup (`style`, `script`,
    /// `textarea`, `title`), and how that text is written.
    raw: Option<RawKind>,
}

impl<'e, O: Output> Writer<'e, O> {
    fn new(edit: &'e mut dyn Edit, out: O) -> Self {
        Writer {
            out,
            edit,
            skipping: None,
            raw: None,
        }
    }

    fn tag(&mut self, mut tag: Tag) -> TokenSinkResult<()> {
        if let Some((name, depth)) = &mut self.skipping {
            if tag.name == *name && !VOID.contains(&&*tag.name) {
                match tag.kind {
                    TagKind::StartTag if !tag.self_closing => *depth += 1,
                    TagKind::EndTag if *depth == 0 => self.skipping = None,
                    TagKind::EndTag => *depth -= 1,
                    TagKind::StartTag => {}
                }
            }
            return TokenSinkResult::Continue;
        }
        match tag.kind {
            TagKind::StartTag => {
                if let Step::Replace(instead) = self.edit.start(&mut tag) {
                    self.out.markup(&instead);
                    if !tag.self_closing && !VOID.contains(&&*tag.name) {
                        self.skipping = Some((tag.name.clone(), 0));
                        // The contents of a skipped `script` or `style` are
                        // still text to the tokenizer.
                        return raw_kind(&tag.name)
                            .map_or(TokenSinkResult::Continue, TokenSinkResult::RawData);
                    }
                    return TokenSinkResult::Continue;
                }
                let (self_closing, raw) = (tag.self_closing, raw_kind(&tag.name));
                self.out.start(tag);
                match raw.filter(|_| !self_closing) {
                    Some(kind) => {
                        self.raw = Some(kind);
                        TokenSinkResult::RawData(kind)
                    }
                    None => TokenSinkResult::Continue,
                }
            }
            TagKind::EndTag => {
                self.raw = None;
                let name = self.edit.end(&tag.name).unwrap_or(tag.name.clone());
                self.out.end(name);
                if let Some(after) = self.edit.after_end(&tag.name) {
                    self.out.markup(&after);
                }
                TokenSinkResult::Continue
            }
        }
    }

    fn text(&mut self, text: StrTendril) {
        if self.skipping.is_some() {
            return;
        }
        match self.raw {
            Some(RawKind::Rawtext | RawKind::ScriptData | RawKind::ScriptDataEscaped(_)) => {
                self.out.text(text, true)
            }
            _ => {
                self.edit.text(&text);
                self.out.text(text, false);
            }
        }
    }

    fn comment(&mut self, text: StrTendril) {
        if self.skipping.is_none() {
            self.out.comment(text);
        }
    }

    fn markup(&mut self, markup: &str) {
        if self.skipping.is_none() {
            self.out.markup(markup);
        }
    }

    fn doctype(&mut self) {
        self.out.doctype();
    }
}

/// How the tokenizer reads the text inside an element, when it is not
/// markup.
fn raw_kind(name: &str) -> Option<RawKind> {
    match name {
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
        "script" => Some(RawKind::ScriptData),
        "textarea" | "title" => Some(RawKind::Rcdata),
        _ => None,
    }
}

fn write_attrs(out: &mut String, attrs: &[Attribute]) {
    for a in attrs {
        out.push(' ');
        out.push_str(&a.name.local);
        out.push_str("=\"");
        push_escaped(out, &a.value, b"&\"");
        out.push('"');
    }
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, b"&<>");
    out
}

fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, b"&\"");
    out
}

/// Appends `text` to `out` with each of `special` (ASCII, among `&`, `<`,
/// `>`, `"`) written as its character reference. Runs without one are
/// copied whole: most text has none.
fn push_escaped(out: &mut String, text: &str, special: &[u8]) {
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| special.contains(&b)) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        // An ASCII byte is a whole character: the rest starts at one.
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

struct Sink<'w, 'e, O>(&'w RefCell<Writer<'e, O>>);

impl<O: Output> TokenSink for Sink<'_, '_, O> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut writer = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => return writer.tag(tag),
            Token::CharacterTokens(text) => writer.text(text),
            Token::CommentToken(text) => writer.comment(text),
            Token::DoctypeToken(_) => writer.doctype(),
            Token::NullCharacterToken | Token::EOFToken | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(html: &str) -> (String, Vec<String>) {
        let mut linked = Vec::new();
        let out = place(
            html,
            &Placement {
                from: "handovers/2024/a.html",
                to: "roles/slo/pack.html",
                prefix: "c1",
                title_id: "title",
                shift: 2,
            },
            &mut |t| linked.push(t.to_owned()),
        )
        .html();
        (out, linked)
    }

    #[test]
    fn a_placed_body_is_rebased_prefixed_and_shifted() {
        let (out, linked) = placed(
            "<h1 id=\"title\">A</h1><h2 id=\"x\">X &amp; Y</h2>\
             <p>See <a href=\"../../people/jo.html#phone\">Jo</a>, <a href=\"#x\">above</a>, \
             <a href=\"a.html\">this page</a> and <a href=\"https://example.org/?a=1&amp;b=2\">out</a>.</p>\
             <sup><a href=\"#fn-1\" aria-describedby=\"fn-label\">1</a></sup><img src=\"pic.png\" alt=\"\" />",
        );
        assert_eq!(
            out,
            "<a id=\"c1-title\"></a><h4 id=\"c1-x\">X &amp; Y</h4>\
             <p>See <a href=\"../../people/jo.html#phone\">Jo</a>, <a href=\"#c1-x\">above</a>, \
             <a href=\"#c1\">this page</a> and <a href=\"https://example.org/?a=1&amp;b=2\">out</a>.</p>\
             <sup><a href=\"#c1-fn-1\" aria-describedby=\"c1-fn-label\">1</a></sup><img src=\"../../handovers/2024/pic.png\" alt=\"\" />"
        );
        assert_eq!(
            linked,
            [
                "people/jo.html",
                "handovers/2024/a.html",
                "handovers/2024/pic.png"
            ]
        );
    }

    #[test]
    fn script_and_style_text_is_kept_as_written() {
        let (out, _) = placed("<style>a > b { content: \"&\" }</style><p>1 &lt; 2</p>");
        assert_eq!(
            out,
            "<a id=\"c1-title\"></a><style>a > b { content: \"&\" }</style><p>1 &lt; 2</p>"
        );
    }

    fn contained(html: &str, base_url: Option<&str>) -> String {
        let anchors = HashMap::from([
            ("people/jo.html".to_owned(), "jo".to_owned()),
            ("handovers/2024/a.html".to_owned(), "c1".to_owned()),
        ]);
        let image =
            |path: &str| (path == "files/pic.png").then(|| "data:image/png;base64,AA==".to_owned());
        self_contain(
            html,
            &Standalone {
                path: "roles/slo/pack.html",
                anchors: &anchors,
                base_url,
                image: &image,
            },
        )
    }

    #[test]
    fn a_standalone_document_links_inside_and_prints_addresses_out() {
        let out = contained(
            "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"../x.css\"><script src=\"a.js\"></script></head>\
             <body><a href=\"../../people/jo.html#phone\">Jo</a> <a href=\"../../handovers/2024/a.html\">A</a> \
             <a href=\"../../guides/b.html\">Guide</a> <a href=\"https://example.org\">https://example.org</a> \
             <a href=\"mailto:jo@example.org\">mail</a> <img src=\"../../files/pic.png\" alt=\"p\"> \
             <img src=\"../../files/missing.png\" alt=\"Map\"><iframe src=\"https://v.example/1\"></iframe></body></html>",
            None,
        );
        assert_eq!(
            out,
            "<!DOCTYPE html><html><head></head>\
             <body><a href=\"#jo-phone\">Jo</a> <a href=\"#c1\">A</a> \
             <a href=\"../../guides/b.html\">Guide</a><span class=\"print-address\"> (guides/b.html)</span> <a href=\"https://example.org\">https://example.org</a> \
             <a href=\"mailto:jo@example.org\">mail</a><span class=\"print-address\"> (jo@example.org)</span> <img src=\"data:image/png;base64,AA==\" alt=\"p\"> \
             <span class=\"pack-left-out\">[image “Map”: files/missing.png]</span><span class=\"pack-left-out\">[iframe not included: https://v.example/1]</span></body></html>"
        );
        let out = contained(
            "<a href=\"../../guides/b.html#x\">Guide</a>",
            Some("https://kb.example/"),
        );
        assert_eq!(
            out,
            "<a href=\"https://kb.example/guides/b.html#x\">Guide</a><span class=\"print-address\"> (https://kb.example/guides/b.html#x)</span>"
        );
    }
    #[test]
    fn a_placed_body_stands_alone_as_it_would_read_again() {
        // Made to stand alone from its tokens, a placed body reads as its
        // HTML would, read again by the tokenizer.
        let body = "<h1 id=\"title\">A</h1><h2 id=\"x\">X &amp; &lt;Y&gt;</h2>\
             <p>See <a href=\"../../people/jo.html#phone\">Jo</a>, <a href=\"#x\">above</a>, \
             <a href=\"../../guides/b.html\">the guide</a> and <a href=\"mailto:a@b.example\">mail</a>.</p>\
             <style>p > a { color: red }</style><script>if (a < b) {}</script>\
             <img src=\"../../files/pic.png\" alt=\"p\"><img src=\"missing.png\" alt=\"M\">\
             <iframe src=\"https://v.example/1\"><p>inside</p></iframe><!-- a note -->\
             <textarea>1 &lt; 2</textarea><label for=\"x\">X</label><br/>";
        let placement = Placement {
            from: "handovers/2024/a.html",
            to: "roles/slo/pack.html",
            prefix: "c1",
            title_id: "title",
            shift: 2,
        };
        let anchors = HashMap::from([("people/jo.html".to_owned(), "jo".to_owned())]);
        let image =
            |path: &str| (path == "files/pic.png").then(|| "data:image/png;base64,AA==".to_owned());
        let standalone = Standalone {
            path: "roles/slo/pack.html",
            anchors: &anchors,
            base_url: None,
            image: &image,
        };
        let from_tokens = place(body, &placement, &mut |_| {}).contained(&standalone);
        let read_again = self_contain(&place(body, &placement, &mut |_| {}).html(), &standalone);
        assert_eq!(from_tokens, read_again);
        assert!(
            from_tokens.contains("<a href=\"#jo-phone\">Jo</a>"),
            "{from_tokens}"
        );
        assert!(from_tokens.contains("data:image/png;base64,AA=="));
        assert!(!from_tokens.contains("<script") && !from_tokens.contains("<iframe"));
    }

    #[test]
    fn a_link_marked_out_leads_to_the_site_even_to_a_chapters_page() {
        let out = contained(
            "<a href=\"../../people/jo.html\" data-pack-out>Jo on the site</a>",
            None,
        );
        assert_eq!(
            out,
            "<a href=\"../../people/jo.html\">Jo on the site</a><span class=\"print-address\"> (people/jo.html)</span>"
        );
    }
}
