//! Links, images and wikilinks: where each leads, written relative to the
//! page, and what is wrong with those that lead nowhere.
//!
//! [`Resolver`] asks the [`LinkIndex`] about one link target and turns the
//! answer into an href or a diagnostic; [`Links`] rewrites the link and image
//! events of a page with it, and collects the page's links to other pages
//! ([`OutLink`]) with the sentence each was written in. Including a page
//! (`![[Page]]`) is left to the renderer, which asks [`Links::is_page`].

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::text::{escape, shorten};
use crate::content::frontmatter::Document;
use crate::diagnostics::{Code, Diagnostic, Severity, Span};
use crate::model::links::{LinkIndex, Target};
use crate::urls;

/// A link from a page to a page (or to a place on the same page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutLink {
    /// Output path of the target page.
    pub path: String,
    pub anchor: Option<String>,
    /// The link as written, for messages: `[[Page#Heading]]` or `` `file.md` ``.
    pub written: String,
    /// Byte offset of the link in the page's body (see [`body_span`]).
    pub offset: usize,
    /// Where a link to a heading is written, for the message should the
    /// heading not be there (found later, when the body is gone).
    pub span: Option<Span>,
    /// Offset of the link in the page's plain text, to find its sentence.
    text_offset: usize,
    /// The sentence around the link, in plain text.
    pub context: String,
}

/// The position of a byte offset of the body, in the whole file.
pub fn body_span(doc: &Document, offset: usize) -> Span {
    let mut span = Span::at_offset(&doc.body, offset);
    span.line += doc.body_line - 1;
    span
}

/// Where a link was written: its byte offset in the body and in the page's
/// plain text.
#[derive(Clone, Copy)]
pub(super) struct At {
    pub offset: usize,
    pub text_offset: usize,
}

/// A link or image as the parser gives it; only where it leads is rewritten.
pub(super) struct Dest<'e> {
    pub link_type: LinkType,
    pub dest_url: CowStr<'e>,
    pub title: CowStr<'e>,
    pub id: CowStr<'e>,
}

impl<'e> Dest<'e> {
    pub fn is_wiki(&self) -> bool {
        matches!(self.link_type, LinkType::WikiLink { .. })
    }

    fn link(self, href: String) -> Event<'e> {
        Event::Start(Tag::Link {
            link_type: self.link_type,
            dest_url: CowStr::from(href),
            title: self.title,
            id: self.id,
        })
    }

    fn image(self, src: String) -> Event<'e> {
        Event::Start(Tag::Image {
            link_type: self.link_type,
            dest_url: CowStr::from(src),
            title: self.title,
            id: self.id,
        })
    }
}

/// How links are found in raw HTML (`<a href="team/index.md">`,
/// `<img src="logo.svg">`): the tags, then their `href` and `src`
/// attributes, quoted or not. Made once per renderer.
pub(super) struct RawLinkPattern {
    tag: regex::Regex,
    attribute: regex::Regex,
    /// `id` and `name`: places links can lead to.
    anchor: regex::Regex,
    comment: regex::Regex,
}

impl RawLinkPattern {
    pub fn new() -> RawLinkPattern {
        RawLinkPattern {
            tag: regex::Regex::new(r"<[A-Za-z][A-Za-z0-9-]*\s[^<>]*>").expect("a valid pattern"),
            attribute: regex::Regex::new(
                r#"(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#,
            )
            .expect("a valid pattern"),
            anchor: regex::Regex::new(
                r#"(?i)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#,
            )
            .expect("a valid pattern"),
            comment: regex::Regex::new(r"(?s)<!--.*?(?:-->|$)").expect("a valid pattern"),
        }
    }
}

/// What an image (`![…](…)`, `![[…]]`) is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImageAs {
    Image,
    /// A page that cannot be included, as a link to it.
    Link,
    /// Its description, marked as leading nowhere.
    Missing,
}

/// The opening of the marker a link or image leading nowhere becomes.
fn missing<'e>(dest: &str) -> Event<'e> {
    Event::InlineHtml(CowStr::from(format!(
        "<span class=\"link-missing\" title=\"{}\">",
        escape(&format!("No page “{dest}” yet"))
    )))
}

/// The opening of the marker a link to a withheld page becomes: its text,
/// with no address and nothing of the page it leads to.
fn withheld<'e>() -> Event<'e> {
    Event::InlineHtml(CowStr::from("<span class=\"link-withheld\">"))
}

/// What an embed of a withheld page is shown as, in its place.
const WITHHELD_EMBED: &str =
    "<span class=\"embed-withheld\">(A page not published for this audience is left out here.)</span>";

/// Rewrites the links and images of one page, and collects its links.
pub(super) struct Links<'p> {
    resolver: Resolver<'p>,
    raw: &'p RawLinkPattern,
    /// For each open link: whether it became a "missing page" marker.
    open: Vec<bool>,
    /// For each open image, what it was written as.
    images_as_links: Vec<ImageAs>,
    /// Links to pages of the site, for anchor checks and backlinks.
    outgoing: Vec<OutLink>,
    /// Every wikilink name written (normalised, as [`LinkIndex::wiki_key`]
    /// makes it), whether it resolved or not.
    wiki_names: Vec<String>,
    /// The `id`s (and `<a name>`s) of raw HTML, which links may lead to.
    raw_ids: Vec<String>,
    /// Source paths of the files linked to or shown.
    assets: Vec<String>,
}

impl<'p> Links<'p> {
    pub fn new(resolver: Resolver<'p>, raw: &'p RawLinkPattern) -> Links<'p> {
        Links {
            resolver,
            raw,
            open: Vec::new(),
            images_as_links: Vec::new(),
            outgoing: Vec::new(),
            wiki_names: Vec::new(),
            raw_ids: Vec::new(),
            assets: Vec::new(),
        }
    }

    /// Whether the events come from the text of a link or an image.
    pub fn inside(&self) -> bool {
        !self.open.is_empty() || !self.images_as_links.is_empty()
    }

    /// Notes the name a wikilink (or wiki-embed) is written with.
    pub fn note_name(&mut self, dest: &Dest) {
        if dest.is_wiki() {
            self.wiki_names.push(LinkIndex::wiki_key(&dest.dest_url));
        }
    }

    /// Whether `dest` is a wikilink to a page (`![[Page]]` written as an
    /// image includes or links to that page).
    pub fn is_page(&self, dest: &Dest) -> bool {
        dest.is_wiki()
            && matches!(
                self.resolver.wiki_target(&dest.dest_url),
                Target::Page { .. }
            )
    }

    /// A link opens: the link to where it leads, or the start of a "missing
    /// page" marker.
    pub fn open_link<'e>(
        &mut self,
        link: Dest<'e>,
        at: At,
        diagnostics: &mut Vec<Diagnostic>,
        out: &mut Vec<Event<'e>>,
    ) {
        if link.link_type == LinkType::Email {
            // `<ana@example.org>`: written out as a `mailto:` link as it is.
            self.open.push(false);
            let address = link.dest_url.clone();
            out.push(link.link(address.into_string()));
            return;
        }
        self.note_name(&link);
        let found = (diagnostics, &mut self.outgoing, &mut self.assets);
        let href = self
            .resolver
            .href(&link.dest_url, link.is_wiki(), at, found);
        self.open.push(href.is_none());
        out.push(match href {
            Some(href) => link.link(href),
            None => self.marker(&link),
        });
    }

    /// Whether `dest` (a link, an image or an embed) leads to a page
    /// withheld from the build's audience.
    pub fn is_withheld(&self, dest: &Dest) -> bool {
        let target = if dest.is_wiki() {
            self.resolver.wiki_target(&dest.dest_url)
        } else {
            self.resolver.target(&dest.dest_url)
        };
        matches!(target, Target::Withheld)
    }

    /// An embed of a withheld page, left out: reported, and the place
    /// where it was is marked with a neutral note.
    pub fn withheld_embed(&self, at: At, diagnostics: &mut Vec<Diagnostic>) -> Event<'static> {
        diagnostics.push(self.resolver.withheld(at.offset, true));
        Event::InlineHtml(CowStr::from(WITHHELD_EMBED))
    }

    /// The marker a link that leads nowhere opens: withheld, or missing.
    fn marker<'e>(&self, dest: &Dest) -> Event<'e> {
        if self.is_withheld(dest) {
            withheld()
        } else {
            missing(&dest.dest_url)
        }
    }

    /// Raw HTML (written at `at`) with the `href` and `src` of its tags
    /// resolved and rewritten like Markdown links (`team/index.md` → the
    /// page, `logo/x.svg` → the file, both relative to the page) and
    /// checked: a missing target is reported where it is written and left
    /// as it was. Addresses that are absolute, external or `#anchors` stay.
    pub fn rewrite_raw_html<'e>(
        &mut self,
        event: Event<'e>,
        at: At,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Event<'e> {
        match event {
            Event::Html(html) => Event::Html(self.rewrite_html(html, at, diagnostics)),
            Event::InlineHtml(html) => Event::InlineHtml(self.rewrite_html(html, at, diagnostics)),
            other => other,
        }
    }

    /// The text of [`Links::rewrite_raw_html`]'s event, rewritten.
    fn rewrite_html<'e>(
        &mut self,
        html: CowStr<'e>,
        at: At,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> CowStr<'e> {
        if !html.contains('=') {
            return html;
        }
        // Where each value is written, when the event's text is the body's
        // own (inside a quote or a list the parser drops the `>` and the
        // indent of each line, and only the tag's start is known).
        let body = &self.resolver.doc.body;
        let exact = body.get(at.offset..at.offset + html.len()) == Some(&*html);
        // Commented-out markup is left alone.
        let comments: Vec<std::ops::Range<usize>> = self
            .raw
            .comment
            .find_iter(&html)
            .map(|m| m.range())
            .collect();
        let mut rewritten = String::new();
        let mut copied = 0;
        for tag in self.raw.tag.find_iter(&html) {
            if comments.iter().any(|c| c.contains(&tag.start())) {
                continue;
            }
            for id in self.raw.anchor.captures_iter(tag.as_str()) {
                if let Some(id) = id.get(1).or(id.get(2)).or(id.get(3)) {
                    self.raw_ids.push(id.as_str().to_owned());
                }
            }
            for value in self.raw.attribute.captures_iter(tag.as_str()) {
                let whole = value.get(0).expect("a match");
                let quoted = value.get(3).is_none();
                let Some(value) = value.get(1).or(value.get(2)).or(value.get(3)) else {
                    continue;
                };
                let written = value.as_str().replace("&amp;", "&");
                // Template tags are shown as written.
                if written.is_empty()
                    || written.starts_with(['{', '<'])
                    || urls::is_external(&written)
                {
                    continue;
                }
                // An absolute address that is no page or file of the notes
                // belongs to the web server: left as written, unreported.
                if written.starts_with('/')
                    && matches!(self.resolver.target(&written), Target::Missing { .. })
                {
                    continue;
                }
                let start = tag.start() + value.start();
                let here = At {
                    offset: at.offset + if exact { start } else { 0 },
                    text_offset: at.text_offset,
                };
                let found = (&mut *diagnostics, &mut self.outgoing, &mut self.assets);
                let Some(href) = self.resolver.href(&written, false, here, found) else {
                    // An address of a withheld page is taken out: the
                    // element stays, leading nowhere.
                    if matches!(self.resolver.target(&written), Target::Withheld) {
                        let attribute = tag.start() + whole.start();
                        rewritten.push_str(&html[copied..attribute]);
                        copied = tag.start() + whole.end();
                    }
                    continue;
                };
                let mut encoded = String::new();
                if pulldown_cmark_escape::escape_href(&mut encoded, &href).is_err() {
                    continue;
                }
                rewritten.push_str(&html[copied..start]);
                if !quoted {
                    rewritten.push('"');
                }
                rewritten.push_str(&encoded);
                if !quoted {
                    rewritten.push('"');
                }
                copied = tag.start() + value.end();
            }
        }
        if copied == 0 {
            return html;
        }
        rewritten.push_str(&html[copied..]);
        CowStr::from(rewritten)
    }

    /// A link closes, as whatever it became.
    pub fn close_link<'e>(&mut self, end: Event<'e>, out: &mut Vec<Event<'e>>) {
        if self.open.pop() == Some(true) {
            out.push(Event::InlineHtml(CowStr::from("</span>")));
        } else {
            out.push(end);
        }
    }

    /// `![[Page]]` that cannot be included: written as a link to the page.
    pub fn page_as_link<'e>(
        &mut self,
        image: Dest<'e>,
        at: At,
        diagnostics: &mut Vec<Diagnostic>,
        out: &mut Vec<Event<'e>>,
    ) {
        let found = (diagnostics, &mut self.outgoing, &mut self.assets);
        match self.resolver.href(&image.dest_url, true, at, found) {
            Some(href) => {
                self.images_as_links.push(ImageAs::Link);
                self.open.push(false);
                out.push(image.link(href));
            }
            None => {
                self.images_as_links.push(ImageAs::Missing);
                out.push(self.marker(&image));
            }
        }
    }

    /// An image opens (not a page): its source, relative to the page.
    /// `![[map.png]]` is an image beside the page.
    pub fn open_image<'e>(
        &mut self,
        image: Dest<'e>,
        at: At,
        diagnostics: &mut Vec<Diagnostic>,
        out: &mut Vec<Event<'e>>,
    ) {
        let wiki = image.is_wiki();
        let src = match wiki.then(|| self.resolver.target(&image.dest_url)) {
            Some(Target::Asset { path }) => {
                let src = self.resolver.relative(&path);
                self.assets.push(path);
                Some(src)
            }
            _ => {
                let found = (diagnostics, &mut self.outgoing, &mut self.assets);
                self.resolver.href(&image.dest_url, wiki, at, found)
            }
        };
        // A missing file: its description, marked, rather than an image
        // with no source.
        match src {
            Some(src) => {
                self.images_as_links.push(ImageAs::Image);
                out.push(image.image(src));
            }
            None => {
                self.images_as_links.push(ImageAs::Missing);
                out.push(self.marker(&image));
            }
        }
    }

    /// An image closes, as whatever it became.
    pub fn close_image<'e>(&mut self, end: Event<'e>, out: &mut Vec<Event<'e>>) {
        match self.images_as_links.pop() {
            Some(ImageAs::Link) => {
                self.open.pop();
                out.push(Event::End(TagEnd::Link));
            }
            Some(ImageAs::Missing) => out.push(Event::InlineHtml(CowStr::from("</span>"))),
            _ => out.push(end),
        }
    }

    /// The page's links to pages, each with its sentence from `plain` (the
    /// page's text), the wikilink names written, and the ids of its raw HTML.
    pub fn finish(self, plain: &str) -> (Vec<OutLink>, Vec<String>, Vec<String>, Vec<String>) {
        let mut outgoing = self.outgoing;
        for link in &mut outgoing {
            link.context = sentence_at(plain, link.text_offset);
        }
        let mut assets = self.assets;
        assets.sort_unstable();
        assets.dedup();
        (outgoing, self.wiki_names, self.raw_ids, assets)
    }

    /// How serious a broken link is here.
    pub fn severity(&self) -> Severity {
        self.resolver.broken_links
    }

    /// How many links leading nowhere were counted but not reported.
    pub fn unreported(&self) -> usize {
        self.resolver.unreported.get()
    }

    /// Files an embedded page links to or shows, which its embedder shows.
    pub fn note_assets(&mut self, assets: Vec<String>) {
        self.assets.extend(assets);
    }
}

/// Where the links of one page lead, and what is wrong with those that lead
/// nowhere.
pub(super) struct Resolver<'p> {
    pub index: &'p LinkIndex,
    pub doc: &'p Document,
    pub output_path: &'p str,
    /// Whether any URL may stay as written (`raw_html: allow`); otherwise
    /// `javascript:`-style URLs are removed.
    pub any_url: bool,
    /// How serious a broken link is (the `broken_links` setting).
    pub broken_links: Severity,
    /// Links leading nowhere past the first [`MOST_REPORTED`] problems of
    /// the page, counted but not reported one by one.
    pub unreported: std::cell::Cell<usize>,
}

/// How many problems of one page are reported one by one; the links
/// leading nowhere after them are counted in one more. A page of 50,000
/// broken links is reported in a moment, and readably.
pub(super) const MOST_REPORTED: usize = 200;

/// Where a link's findings go: diagnostics, and links to pages.
type Found<'f> = (
    &'f mut Vec<Diagnostic>,
    &'f mut Vec<OutLink>,
    &'f mut Vec<String>,
);

impl Resolver<'_> {
    /// What the wikilink `dest` leads to.
    fn wiki_target(&self, dest: &str) -> Target {
        self.index.resolve_wiki(&self.doc.rel, dest)
    }

    /// What the link `dest` leads to.
    fn target(&self, dest: &str) -> Target {
        self.index.resolve(&self.doc.rel, dest)
    }

    /// The output path of the document being rendered, when it is not the
    /// page being written (a page embedded in another).
    fn embedded_page(&self) -> Option<&str> {
        let own = self.index.page_path(&self.doc.rel)?;
        (own != self.output_path).then_some(own)
    }

    /// `path` of the output, relative to the page.
    fn relative(&self, path: &str) -> String {
        urls::relative(self.output_path, path)
    }

    /// Decides what a link written as `dest` becomes: an href (`Some`), or a
    /// "missing page" marker (`None`). Links to pages are recorded in
    /// `outgoing` for anchor checks and backlinks.
    fn href(
        &self,
        dest: &str,
        wiki: bool,
        at: At,
        (diagnostics, outgoing, assets): Found,
    ) -> Option<String> {
        if !wiki && !self.any_url && !urls::is_safe_url(dest) {
            diagnostics.push(
                Diagnostic::warning(Code::LinkUnsafeUrl, format!("unsafe link `{dest}` was removed"))
                    .at(body_span(self.doc, at.offset))
                    .help("links may use http, https, mailto, tel or file addresses, or point at pages of the site"),
            );
            return Some("#".to_owned());
        }
        let target = if wiki {
            self.wiki_target(dest)
        } else {
            self.target(dest)
        };
        let written = if wiki {
            format!("[[{dest}]]")
        } else {
            format!("`{dest}`")
        };
        let broken = matches!(
            target,
            Target::Draft { .. }
                | Target::Ambiguous { .. }
                | Target::Missing { .. }
                | Target::Withheld
        );
        if broken && diagnostics.len() >= MOST_REPORTED {
            self.unreported.set(self.unreported.get() + 1);
            return None;
        }
        let (code, (message, help)) = match target {
            Target::Page { path, anchor } => {
                let mut href = self.relative(&path);
                if let Some(anchor) = &anchor {
                    href.push('#');
                    href.push_str(anchor);
                }
                let span = anchor.is_some().then(|| body_span(self.doc, at.offset));
                outgoing.push(OutLink::new(path, anchor, written, at, span));
                return Some(href);
            }
            // In a page embedded in another, `#anchor` is the embedded
            // page's own heading.
            Target::SamePage { anchor } if self.embedded_page().is_some() => {
                let path = self.embedded_page().unwrap_or_default();
                let href = format!("{}#{anchor}", self.relative(path));
                let span = Some(body_span(self.doc, at.offset));
                outgoing.push(OutLink::new(
                    path.to_owned(),
                    Some(anchor),
                    written,
                    at,
                    span,
                ));
                return Some(href);
            }
            Target::SamePage { anchor } => {
                let href = format!("#{anchor}");
                let path = self.output_path.to_owned();
                let span = Some(body_span(self.doc, at.offset));
                outgoing.push(OutLink::new(path, Some(anchor), written, at, span));
                return Some(href);
            }
            Target::Asset { path } => {
                let href = self.relative(&path);
                assets.push(path);
                return Some(href);
            }
            Target::External => return Some(dest.to_owned()),
            Target::Draft { rel } => (Code::LinkDraft, draft(&written, &rel)),
            Target::Withheld => {
                diagnostics.push(self.withheld(at.offset, false));
                return None;
            }
            Target::Ambiguous { candidates } => {
                (Code::LinkAmbiguous, ambiguous(&written, &candidates))
            }
            Target::Missing { rel } => (Code::LinkMissingPage, self.missing(&written, &rel, wiki)),
        };
        diagnostics.push(self.broken(code, message, help, at.offset));
        None
    }

    /// The warning for a link to (or an embed of) a page withheld from the
    /// build's audience. It names neither the page nor its address: the
    /// line it points at shows what was written.
    fn withheld(&self, offset: usize, embed: bool) -> Diagnostic {
        let what = if embed { "an embed" } else { "a link" };
        Diagnostic::warning(
            Code::LinkWithheld,
            format!("{what} here leads to a page whose audience is narrower than this build's, so it is shown without it"),
        )
        .at(body_span(self.doc, offset))
        .help("widen the audience of the page it leads to, or keep this page to that page's audience (`audience:`)")
    }

    /// A link that leads nowhere, as serious as `broken_links` says.
    fn broken(&self, code: Code, message: String, help: String, offset: usize) -> Diagnostic {
        Diagnostic::new(self.broken_links, code, message)
            .at(body_span(self.doc, offset))
            .help(help)
    }

    /// The message and help for a link to a file that does not exist.
    fn missing(&self, written: &str, rel: &str, wiki: bool) -> (String, String) {
        let similar = if wiki {
            self.index.similar_names(rel)
        } else {
            self.index
                .similar_names(rel.rsplit('/').next().unwrap_or(rel))
        };
        let template = ["{{", "{%", "<%"].iter().any(|tag| written.contains(tag));
        if let Some(unread) = self.index.unread_markdown(rel) {
            let ending = crate::urls::markdown_like_ending(unread).unwrap_or_default();
            return (
                format!("link to `{rel}` leads to `{unread}`, which is not read as Markdown, so no page is made of it"),
                format!("add `{ending}` to `markdown_extensions` in cairn.yaml (`markdown_extensions: [.md, .markdown, {ending}]`) to make a page of it"),
            );
        }
        let help = match similar.as_slice() {
            _ if template => "the address is written in another generator's template language, which Cairn does not run; write the path of the page or file instead".to_owned(),
            [] if wiki => {
                "no page has this file name, title or alias; create it, or fix the name".to_owned()
            }
            [] => "check the file name and folder; links are relative to the page's own folder"
                .to_owned(),
            found => format!(
                "did you mean {}?",
                found
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        let message = if wiki {
            format!("link {written} leads to no page")
        } else {
            format!("link to a missing file `{rel}`")
        };
        (message, help)
    }
}

impl OutLink {
    fn new(
        path: String,
        anchor: Option<String>,
        written: String,
        at: At,
        span: Option<Span>,
    ) -> OutLink {
        OutLink {
            path,
            anchor,
            written,
            offset: at.offset,
            span,
            text_offset: at.text_offset,
            context: String::new(),
        }
    }
}

/// The message and help for a link to a draft.
fn draft(written: &str, rel: &str) -> (String, String) {
    (
        format!("link {written} leads to a draft that is not published (`{rel}`)"),
        "publish the draft (remove `draft: true`), build with --drafts, or remove the link"
            .to_owned(),
    )
}

/// The message and help for a wikilink that fits several pages.
fn ambiguous(written: &str, candidates: &[String]) -> (String, String) {
    (
        format!(
            "link {written} could mean any of: {}",
            candidates.join(", ")
        ),
        "write more of the path, e.g. [[folder/page]], or give one page an alias".to_owned(),
    )
}

/// The sentence of `plain` that contains byte `offset`: from the previous
/// sentence end (`.`, `?` or `!` before a space) or line break to the next,
/// at most about 40 words. Only the link's own line (block) is scanned.
fn sentence_at(plain: &str, offset: usize) -> String {
    let offset = offset.min(plain.len());
    let block_start = plain[..offset].rfind('\n').map_or(0, |i| i + 1);
    let block_end = plain[offset..]
        .find('\n')
        .map_or(plain.len(), |i| offset + i);
    let bytes = plain.as_bytes();
    let ends_sentence =
        |i: usize| matches!(bytes[i], b'.' | b'?' | b'!') && bytes.get(i + 1) == Some(&b' ');
    let start = (block_start..offset.saturating_sub(1))
        .rev()
        .find(|&i| ends_sentence(i))
        .map_or(block_start, |i| i + 2);
    let end = (offset..block_end)
        .find(|&i| ends_sentence(i))
        .map_or(block_end, |i| i + 1);
    shorten(plain[start..end].trim().trim_end_matches(" ·"), 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_link() {
        let plain = "First line.\nOne. Two has the link here! Three.\nLast.";
        let offset = plain.find("link").unwrap();
        assert_eq!(sentence_at(plain, offset), "Two has the link here!");
        assert_eq!(sentence_at(plain, 0), "First line.");
        assert_eq!(sentence_at(plain, plain.len()), "Last.");
    }
}
