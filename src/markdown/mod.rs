//! Stage 4, Markdown: turn a page body into HTML with `pulldown-cmark`.
//!
//! The parser's events pass through one adaptor loop that:
//! * gives every heading a stable, unique `id` and collects the table of contents;
//! * rewrites links and images through the [`LinkIndex`] so they point at the
//!   output (relative to the page), and reports links to missing files;
//! * turns `> [!NOTE]`, `> [!warning] Custom title` and foldable `> [!tip]-`
//!   blockquotes into callouts, as GitHub and Obsidian write them;
//! * applies the raw-HTML policy (sanitize with `ammonia`, escape, or allow) and
//!   neutralises `javascript:`-style URLs;
//! * counts words and takes the first paragraph as the summary.
//!
//! [`options`] is the one place that sets the parser's options.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::content::frontmatter::Document;
use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::model::glossary::{Term, TermIndex};
use crate::model::links::{LinkIndex, Target};
use crate::project::config::RawHtml;
use crate::urls;

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 200;
/// Longest summary taken from the first paragraph, in words.
const SUMMARY_WORDS: usize = 60;

/// The parser options every page is parsed with.
pub fn options() -> Options {
    Options::ENABLE_WIKILINKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page body, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The id of every heading, for checking `#anchor` links.
    pub anchors: Vec<String>,
    /// Links to pages of the site, with the sentence around each.
    pub links: Vec<OutLink>,
    pub toc: Vec<TocEntry>,
    /// Plain text of the first paragraph, shortened.
    pub summary: String,
    pub words: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Every wikilink name written (normalised, as [`LinkIndex::wiki_key`]
    /// makes it), whether it resolved or not: a page whose title changes
    /// to or from one of them must be rendered again.
    pub wiki_names: Vec<String>,
    /// Output paths of the pages included by `![[Page]]`, at any depth.
    pub embeds: Vec<String>,
}

impl Rendered {
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// Renders page bodies; shared by all threads of a build.
pub struct MarkdownRenderer<'a> {
    links: &'a LinkIndex,
    /// Every page by output path, for embeds.
    pages: HashMap<&'a str, &'a Document>,
    /// Glossary names to link on first use, unless turned off.
    terms: Option<&'a TermIndex>,
    policy: RawHtml,
    /// How serious a broken link is (the `broken_links` setting).
    broken_links: Severity,
    sanitizer: ammonia::Builder<'static>,
}

/// Which kind of element a blockquote became.
enum Quote {
    Plain,
    Callout,
    Foldable,
}

impl<'a> MarkdownRenderer<'a> {
    pub fn new(
        links: &'a LinkIndex,
        pages: HashMap<&'a str, &'a Document>,
        terms: Option<&'a TermIndex>,
        policy: RawHtml,
        broken_links: Severity,
    ) -> MarkdownRenderer<'a> {
        MarkdownRenderer {
            links,
            pages,
            terms,
            policy,
            broken_links,
            sanitizer: sanitizer(),
        }
    }

    /// Renders `doc`'s body for the page written at `output_path`.
    pub fn render(&self, doc: &Document, output_path: &str) -> Rendered {
        self.render_nested(doc, output_path, &mut vec![doc.rel.clone()])
    }

    /// Renders `doc`; `embedding` lists the pages being embedded into one
    /// another on the way here, to stop an embed cycle.
    fn render_nested(
        &self,
        doc: &Document,
        output_path: &str,
        embedding: &mut Vec<String>,
    ) -> Rendered {
        let body = doc.body.as_str();
        let mut events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(body, options())
            .into_offset_iter()
            .collect();
        let (anchors, toc) = heading_ids(&events);
        let mut heading_ids = anchors.iter();

        let mut out: Vec<Event> = Vec::with_capacity(events.len() + 8);
        let mut diagnostics = Vec::new();
        let mut quotes: Vec<Quote> = Vec::new();
        let mut current_heading: Option<(String, String)> = None;
        let mut has_raw_html = false;
        let mut in_code = false;
        let mut depth = 0usize;
        let mut summary: Option<String> = None;
        let mut capturing: Option<String> = None;
        let mut words = 0usize;
        // All text of the page, one line per block, to find a link's sentence.
        let mut plain = String::with_capacity(body.len());
        let mut outgoing: Vec<OutLink> = Vec::new();
        // For each open link: whether it became a "missing page" marker.
        let mut links_open: Vec<bool> = Vec::new();
        // For each open image: whether it is a page written as a link.
        let mut images_as_links: Vec<bool> = Vec::new();
        // Glossary entries already linked on this page (first use only).
        let mut terms_linked: HashSet<String> = HashSet::new();
        let mut wiki_names: Vec<String> = Vec::new();
        let mut embeds: Vec<String> = Vec::new();

        let mut i = 0;
        while i < events.len() {
            // Take the event out rather than cloning it; only later events are
            // looked at again (by the callout look-ahead).
            let (event, range) = std::mem::replace(&mut events[i], (Event::SoftBreak, 0..0));
            i += 1;
            match &event {
                Event::Start(Tag::Heading {
                    level,
                    classes,
                    attrs,
                    ..
                }) => {
                    let id = heading_ids.next().cloned().unwrap_or_default();
                    current_heading = Some((id.clone(), String::new()));
                    out.push(Event::Start(Tag::Heading {
                        level: *level,
                        id: Some(CowStr::from(id)),
                        classes: classes.clone(),
                        attrs: attrs.clone(),
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    plain.push('\n');
                    if let Some((id, title)) = current_heading.take() {
                        out.push(Event::InlineHtml(CowStr::from(format!(
                            " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to the section: {}\">#</a>",
                            escape(&id),
                            escape(title.trim())
                        ))));
                    }
                    out.push(Event::End(TagEnd::Heading(*level)));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let wiki = matches!(link_type, LinkType::WikiLink { .. });
                    if wiki {
                        wiki_names.push(LinkIndex::wiki_key(dest_url));
                    }
                    let href = self.link_href(
                        (doc, output_path),
                        dest_url,
                        wiki,
                        (range.start, plain.len()),
                        (&mut diagnostics, &mut outgoing),
                    );
                    links_open.push(href.is_none());
                    match href {
                        Some(href) => out.push(Event::Start(Tag::Link {
                            link_type: *link_type,
                            dest_url: CowStr::from(href),
                            title: title.clone(),
                            id: id.clone(),
                        })),
                        None => out.push(Event::InlineHtml(CowStr::from(format!(
                            "<span class=\"link-missing\" title=\"{}\">",
                            escape(&format!("No page “{dest_url}” yet"))
                        )))),
                    }
                }
                Event::End(TagEnd::Image) => {
                    if images_as_links.pop() == Some(true) {
                        links_open.pop();
                        out.push(Event::End(TagEnd::Link));
                    } else {
                        out.push(event);
                    }
                }
                Event::End(TagEnd::Link) => {
                    if links_open.pop() == Some(true) {
                        out.push(Event::InlineHtml(CowStr::from("</span>")));
                    } else {
                        out.push(event);
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    // `![[map.png]]` is an image beside the page; `![[Page]]`
                    // on a line of its own includes that page's body.
                    let wiki = matches!(link_type, LinkType::WikiLink { .. });
                    if wiki {
                        wiki_names.push(LinkIndex::wiki_key(dest_url));
                    }
                    let is_page = wiki
                        && matches!(
                            self.links.resolve_wiki(&doc.rel, dest_url),
                            Target::Page { .. }
                        );
                    if is_page {
                        let end = events[i..]
                            .iter()
                            .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                            .map_or(events.len(), |p| i + p);
                        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
                            && matches!(
                                events.get(end + 1),
                                Some((Event::End(TagEnd::Paragraph), _))
                            );
                        if alone {
                            if let Some(embedded) = self.embed(
                                doc,
                                output_path,
                                dest_url,
                                range.start,
                                embedding,
                                (&mut diagnostics, &mut embeds),
                            ) {
                                out.pop();
                                i = end + 2;
                                out.push(Event::Html(CowStr::from(embedded)));
                                continue;
                            }
                        }
                        // Inside a sentence a page cannot be included: link to it.
                        let href = self.link_href(
                            (doc, output_path),
                            dest_url,
                            true,
                            (range.start, plain.len()),
                            (&mut diagnostics, &mut outgoing),
                        );
                        images_as_links.push(true);
                        links_open.push(false);
                        out.push(Event::Start(Tag::Link {
                            link_type: *link_type,
                            dest_url: CowStr::from(href.unwrap_or_default()),
                            title: title.clone(),
                            id: id.clone(),
                        }));
                        continue;
                    }
                    images_as_links.push(false);
                    let asset = wiki.then(|| self.links.resolve(&doc.rel, dest_url));
                    let src = match asset {
                        Some(Target::Asset { path }) => Some(urls::relative(output_path, &path)),
                        _ => self.link_href(
                            (doc, output_path),
                            dest_url,
                            wiki,
                            (range.start, plain.len()),
                            (&mut diagnostics, &mut outgoing),
                        ),
                    };
                    out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: CowStr::from(src.unwrap_or_default()),
                        title: title.clone(),
                        id: id.clone(),
                    }));
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    depth += 1;
                    match callout(&events[i..]) {
                        Some(found) => {
                            i += found.consumed;
                            quotes.push(if found.fold.is_some() {
                                Quote::Foldable
                            } else {
                                Quote::Callout
                            });
                            out.push(Event::Html(CowStr::from(found.opening_html())));
                            if found.body_follows {
                                out.push(Event::Start(Tag::Paragraph));
                            }
                        }
                        None => {
                            quotes.push(Quote::Plain);
                            out.push(event);
                        }
                    }
                }
                Event::End(TagEnd::BlockQuote(kind)) => {
                    depth = depth.saturating_sub(1);
                    match quotes.pop() {
                        Some(Quote::Callout) => out.push(Event::Html("</div></aside>\n".into())),
                        Some(Quote::Foldable) => out.push(Event::Html("</div></details>\n".into())),
                        _ => out.push(Event::End(TagEnd::BlockQuote(*kind))),
                    }
                }
                Event::Start(Tag::List(_) | Tag::Table(_) | Tag::FootnoteDefinition(_)) => {
                    depth += 1;
                    out.push(event);
                }
                Event::End(TagEnd::List(_) | TagEnd::Table | TagEnd::FootnoteDefinition) => {
                    depth = depth.saturating_sub(1);
                    out.push(event);
                }
                Event::Start(Tag::Paragraph) => {
                    if depth == 0 && summary.is_none() && capturing.is_none() {
                        capturing = Some(String::new());
                    }
                    out.push(event);
                }
                Event::End(TagEnd::Paragraph) => {
                    plain.push('\n');
                    if let Some(text) = capturing.take() {
                        if !text.trim().is_empty() {
                            summary = Some(shorten(&text, SUMMARY_WORDS));
                        }
                    }
                    out.push(event);
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    in_code = true;
                    out.push(event);
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code = false;
                    out.push(event);
                }
                Event::Text(text) | Event::Code(text) => {
                    if !in_code {
                        words += count_words(text);
                        plain.push_str(text);
                    }
                    if let Some(captured) = capturing.as_mut() {
                        captured.push_str(text);
                    }
                    if let Some((_, title)) = current_heading.as_mut() {
                        title.push_str(text);
                    }
                    let plain_text = matches!(event, Event::Text(_))
                        && !in_code
                        && current_heading.is_none()
                        && links_open.is_empty()
                        && images_as_links.is_empty();
                    let uses = match self.terms.filter(|_| plain_text) {
                        Some(terms) => first_uses(doc, terms, text, &mut terms_linked),
                        None => Vec::new(),
                    };
                    if uses.is_empty() {
                        out.push(event);
                    } else {
                        link_terms(output_path, text, &uses, &mut out);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    plain.push(' ');
                    if let Some(captured) = capturing.as_mut() {
                        captured.push(' ');
                    }
                    out.push(event);
                }
                Event::Html(html) | Event::InlineHtml(html) => match self.policy {
                    RawHtml::Escape => out.push(Event::Text(html.clone())),
                    RawHtml::Sanitize => {
                        has_raw_html = true;
                        out.push(event);
                    }
                    RawHtml::Allow => out.push(event),
                },
                Event::TaskListMarker(done) => {
                    let (checked, label) = if *done {
                        (" checked", "Done")
                    } else {
                        ("", "Not done")
                    };
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                    ))));
                }
                Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => {
                    plain.push('\n');
                    out.push(event);
                }
                Event::End(TagEnd::TableCell) => {
                    // A table row reads as one line: "Ana · Police · Patrols".
                    plain.push_str(" · ");
                    out.push(event);
                }
                _ => out.push(event),
            }
        }
        for link in &mut outgoing {
            link.context = sentence_at(&plain, link.text_offset);
        }

        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        if has_raw_html {
            html = self.sanitizer.clean(&html).to_string();
        }
        Rendered {
            html,
            anchors,
            links: outgoing,
            toc,
            summary: summary.unwrap_or_default(),
            words,
            wiki_names,
            embeds,
            diagnostics: diagnostics
                .into_iter()
                .map(|d: Diagnostic| {
                    if d.file.is_none() {
                        d.in_file(&doc.path)
                    } else {
                        d
                    }
                })
                .collect(),
        }
    }

    /// The HTML of an embedded page (`![[Page]]`), rendered for the page at
    /// `output_path`, or `None` if `target` is not a page. An embed cycle is
    /// reported and not followed.
    fn embed(
        &self,
        doc: &Document,
        output_path: &str,
        target: &str,
        offset: usize,
        embedding: &mut Vec<String>,
        (diagnostics, embeds): (&mut Vec<Diagnostic>, &mut Vec<String>),
    ) -> Option<String> {
        let Target::Page { path, .. } = self.links.resolve_wiki(&doc.rel, target) else {
            return None;
        };
        let embedded = *self.pages.get(path.as_str())?;
        if embedding.contains(&embedded.rel) {
            let mut chain = embedding.clone();
            chain.push(embedded.rel.clone());
            diagnostics.push(
                Diagnostic {
                    severity: self.broken_links,
                    ..Diagnostic::error(format!(
                        "embed ![[{target}]] makes a cycle: {}",
                        chain.join(" → ")
                    ))
                }
                .at(body_span(doc, offset))
                .help("remove one of the embeds; a page cannot include itself"),
            );
            embeds.push(path.clone());
            return Some(format!(
                "<p class=\"embed-cycle\">(“{}” is not included again here: it would include itself.)</p>",
                escape(&embedded.meta.title)
            ));
        }
        embedding.push(embedded.rel.clone());
        let inner = self.render_nested(embedded, output_path, embedding);
        embedding.pop();
        embeds.push(path.clone());
        embeds.extend(inner.embeds);
        // The embedded page reports its own problems when it is rendered
        // itself; only a cycle is news here.
        diagnostics.extend(
            inner
                .diagnostics
                .into_iter()
                .filter(|d| d.message.starts_with("embed ")),
        );
        Some(format!(
            "<div class=\"embed\"><p class=\"embed-source\">From <a href=\"{}\">{}</a></p>\n{}</div>\n",
            escape(&urls::relative(output_path, &path)),
            escape(&embedded.meta.title),
            inner.html
        ))
    }

    /// Decides what a link written as `dest` in `doc` becomes: an href
    /// (`Some`), or a "missing page" marker (`None`). Links to pages are
    /// recorded in `outgoing` for anchor checks and backlinks.
    /// `at` is the link's byte offset in the body and in the page's plain text.
    fn link_href(
        &self,
        (doc, output_path): (&Document, &str),
        dest: &str,
        wiki: bool,
        (offset, text_offset): (usize, usize),
        (diagnostics, outgoing): (&mut Vec<Diagnostic>, &mut Vec<OutLink>),
    ) -> Option<String> {
        if !wiki && self.policy != RawHtml::Allow && !urls::is_safe_url(dest) {
            diagnostics.push(
                Diagnostic::warning(format!("unsafe link `{dest}` was removed"))
                    .at(body_span(doc, offset))
                    .help("links may use http, https, mailto, tel or file addresses, or point at pages of the site"),
            );
            return Some("#".to_owned());
        }
        let target = if wiki {
            self.links.resolve_wiki(&doc.rel, dest)
        } else {
            self.links.resolve(&doc.rel, dest)
        };
        let written = if wiki {
            format!("[[{dest}]]")
        } else {
            format!("`{dest}`")
        };
        let broken = |message: String, help: String| {
            Diagnostic {
                severity: self.broken_links,
                ..Diagnostic::error(message)
            }
            .at(body_span(doc, offset))
            .help(help)
        };
        match target {
            Target::Page { path, anchor } => {
                let mut href = urls::relative(output_path, &path);
                if let Some(anchor) = &anchor {
                    href.push('#');
                    href.push_str(anchor);
                }
                outgoing.push(OutLink {
                    path,
                    anchor,
                    written,
                    offset,
                    text_offset,
                    context: String::new(),
                });
                Some(href)
            }
            Target::SamePage { anchor } => {
                outgoing.push(OutLink {
                    path: output_path.to_owned(),
                    anchor: Some(anchor.clone()),
                    written,
                    offset,
                    text_offset,
                    context: String::new(),
                });
                Some(format!("#{anchor}"))
            }
            Target::Asset { path } => Some(urls::relative(output_path, &path)),
            Target::External => Some(dest.to_owned()),
            Target::Draft { rel } => {
                diagnostics.push(broken(
                    format!("link {written} leads to a draft that is not published (`{rel}`)"),
                    "publish the draft (remove `draft: true`), build with --drafts, or remove the link".to_owned(),
                ));
                None
            }
            Target::Ambiguous { candidates } => {
                diagnostics.push(broken(
                    format!(
                        "link {written} could mean any of: {}",
                        candidates.join(", ")
                    ),
                    "write more of the path, e.g. [[folder/page]], or give one page an alias"
                        .to_owned(),
                ));
                None
            }
            Target::Missing { rel } => {
                let similar = if wiki {
                    self.links.similar_names(&rel)
                } else {
                    self.links
                        .similar_names(rel.rsplit('/').next().unwrap_or(&rel))
                };
                let help = match similar.as_slice() {
                    [] if wiki => "no page has this file name, title or alias; create it, or fix the name".to_owned(),
                    [] => "check the file name and folder; links are relative to the page's own folder".to_owned(),
                    found => format!("did you mean {}?", found.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(" or ")),
                };
                let message = if wiki {
                    format!("link {written} leads to no page")
                } else {
                    format!("link to a missing file `{rel}`")
                };
                diagnostics.push(broken(message, help));
                None
            }
        }
    }
}

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
    /// Offset of the link in the page's plain text, to find its sentence.
    text_offset: usize,
    /// The sentence around the link, in plain text.
    pub context: String,
}

/// The glossary terms in `text` used for the first time on the page (and
/// not the page's own term), as (start, end, term).
fn first_uses<'t>(
    doc: &Document,
    terms: &'t TermIndex,
    text: &str,
    linked: &mut HashSet<String>,
) -> Vec<(usize, usize, &'t Term)> {
    terms
        .find(text)
        .into_iter()
        .filter(|(_, _, term)| {
            term.rel != doc.rel && !linked.contains(&term.rel) && linked.insert(term.rel.clone())
        })
        .collect()
}

/// The number of words in `text`, for reading time. Most text is ASCII,
/// which is counted a byte at a time; other text goes through Unicode's
/// whitespace rules.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for &byte in text.as_bytes() {
        let space = byte.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    words
}

/// Writes `text` with each of `uses` linked to its glossary entry.
fn link_terms(output_path: &str, text: &str, uses: &[(usize, usize, &Term)], out: &mut Vec<Event>) {
    let mut written = 0;
    for &(start, end, term) in uses {
        out.push(Event::Text(CowStr::from(text[written..start].to_owned())));
        out.push(Event::InlineHtml(CowStr::from(format!(
            "<a class=\"term\" href=\"{}\" title=\"Glossary: {}\">",
            escape(&urls::relative(output_path, &term.path)),
            escape(&term.title)
        ))));
        out.push(Event::Text(CowStr::from(text[start..end].to_owned())));
        out.push(Event::InlineHtml(CowStr::from("</a>")));
        written = end;
    }
    out.push(Event::Text(CowStr::from(text[written..].to_owned())));
}

/// The position of a byte offset of the body, in the whole file.
pub fn body_span(doc: &Document, offset: usize) -> Span {
    let mut span = Span::at_offset(&doc.body, offset);
    span.line += doc.body_line - 1;
    span
}

/// Stable, unique ids for every heading, in order, and the table of contents
/// (the top three heading levels used on the page).
fn heading_ids(events: &[(Event, std::ops::Range<usize>)]) -> (Vec<String>, Vec<TocEntry>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut headings: Vec<(u8, String, String)> = Vec::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(*level),
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, title)) = current.take() {
                    let base = explicit.unwrap_or_else(|| {
                        let slug = urls::slugify(&title);
                        if slug.is_empty() {
                            "section".to_owned()
                        } else {
                            slug
                        }
                    });
                    let count = seen.entry(base.clone()).or_insert(0);
                    let id = if *count == 0 {
                        base.clone()
                    } else {
                        format!("{base}-{count}")
                    };
                    *count += 1;
                    headings.push((level, id, title.trim().to_owned()));
                }
            }
            _ => {}
        }
    }
    let top = headings.iter().map(|(l, _, _)| *l).min().unwrap_or(2);
    let toc = headings
        .iter()
        .filter(|(level, _, _)| *level <= top + 2)
        .map(|(level, id, title)| TocEntry {
            level: *level,
            id: id.clone(),
            title: title.clone(),
        })
        .collect();
    (headings.into_iter().map(|(_, id, _)| id).collect(), toc)
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
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
fn callout(events: &[(Event, std::ops::Range<usize>)]) -> Option<Callout> {
    if !matches!(events.first(), Some((Event::Start(Tag::Paragraph), _))) {
        return None;
    }
    let mut text = String::new();
    let mut n = 1;
    while let Some((Event::Text(t), _)) = events.get(n) {
        text.push_str(t);
        n += 1;
    }
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
    let kind = callout_kind(name);
    let title = match after.trim() {
        "" => {
            let mut chars = name.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
        }
        given => given.to_owned(),
    };
    // What follows the marker line decides whether the first paragraph goes on.
    let (consumed, body_follows) = match events.get(n) {
        Some((Event::SoftBreak | Event::HardBreak, _)) => (n + 1, true),
        Some((Event::End(TagEnd::Paragraph), _)) => (n + 1, false),
        _ => (n, true),
    };
    Some(Callout {
        kind,
        title,
        fold,
        consumed,
        body_follows,
    })
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

fn shorten(text: &str, max_words: usize) -> String {
    let mut words = text.split_whitespace();
    let kept: Vec<&str> = words.by_ref().take(max_words).collect();
    let mut out = kept.join(" ");
    if words.next().is_some() {
        out.push('…');
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

/// The sanitizer for pages with raw HTML: ammonia's safe defaults, plus the
/// markup Cairn itself writes (callouts, heading anchors, task list boxes,
/// table alignment).
fn sanitizer() -> ammonia::Builder<'static> {
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
        .filter_style_properties(["text-align"].into_iter().collect())
        .link_rel(None);
    builder
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn doc(body: &str) -> Document {
        Document {
            rel: "notes/page.md".into(),
            path: PathBuf::from("content/notes/page.md"),
            kind: "note".into(),
            is_index: false,
            meta: Default::default(),
            fields: Default::default(),
            front_matter: String::new(),
            body: body.into(),
            body_line: 5,
            modified: None,
        }
    }

    fn render(body: &str, policy: RawHtml) -> Rendered {
        let mut links = LinkIndex::new();
        links.add_page("notes/other.md", "notes/other.html");
        MarkdownRenderer::new(&links, HashMap::new(), None, policy, Severity::Warning)
            .render(&doc(body), "notes/page.html")
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = render(
            "## Open actions\n\n## Open actions\n\n### Who `owns` it\n",
            RawHtml::Sanitize,
        );
        assert!(r.html.contains("<h2 id=\"open-actions\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"open-actions-1\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[2].title, "Who owns it");
    }

    #[test]
    fn callouts_with_and_without_titles() {
        let r = render(
            "> [!warning] Data protection\n> Do not email case files.\n",
            RawHtml::Sanitize,
        );
        assert!(
            r.html.contains("class=\"callout callout-warning\""),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<p class=\"callout-title\">Data protection</p>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p>Do not email case files.</p>"),
            "{}",
            r.html
        );
        let r = render("> [!NOTE]\n> Plain note.\n", RawHtml::Sanitize);
        assert!(
            r.html.contains("<p class=\"callout-title\">Note</p>"),
            "{}",
            r.html
        );
        let r = render("> [!tip]- Folded\n> Hidden at first.\n", RawHtml::Sanitize);
        assert!(
            r.html.contains("<details class=\"callout callout-tip\">"),
            "{}",
            r.html
        );
        let r = render("> Just a quote.\n", RawHtml::Sanitize);
        assert!(r.html.contains("<blockquote>"), "{}", r.html);
    }

    #[test]
    fn links_are_rewritten_relative_to_the_output() {
        let r = render(
            "See [other](other.md#x) and [gone](gone.md).",
            RawHtml::Sanitize,
        );
        assert!(r.html.contains("href=\"other.html#x\""), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].span.as_ref().unwrap().line, 5);
    }

    #[test]
    fn raw_html_policies() {
        let body =
            "Hi <script>alert(1)</script><b onclick=\"x()\">bold</b>\n\n[x](javascript:alert(1))";
        let sanitized = render(body, RawHtml::Sanitize).html;
        assert!(!sanitized.contains("<script"), "{sanitized}");
        assert!(!sanitized.contains("onclick"), "{sanitized}");
        assert!(!sanitized.contains("javascript:"), "{sanitized}");
        assert!(sanitized.contains("<b>bold</b>"), "{sanitized}");
        let escaped = render(body, RawHtml::Escape).html;
        assert!(escaped.contains("&lt;script&gt;"), "{escaped}");
        let allowed = render(body, RawHtml::Allow).html;
        assert!(allowed.contains("<script>alert(1)</script>"), "{allowed}");
    }

    #[test]
    fn the_sentence_around_a_link() {
        let plain = "First line.\nOne. Two has the link here! Three.\nLast.";
        let offset = plain.find("link").unwrap();
        assert_eq!(sentence_at(plain, offset), "Two has the link here!");
        assert_eq!(sentence_at(plain, 0), "First line.");
        assert_eq!(sentence_at(plain, plain.len()), "Last.");
    }

    #[test]
    fn words_are_counted_in_any_script() {
        for text in [
            "",
            "  ",
            "one",
            " two  words ",
            "a\tb\nc",
            "ça va très bien",
            "één\u{a0}twee",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn summary_and_words() {
        let r = render(
            "# Title\n\nFirst paragraph here.\n\nSecond one.\n\n```\ncode words not counted\n```\n",
            RawHtml::Sanitize,
        );
        assert_eq!(r.summary, "First paragraph here.");
        assert_eq!(r.words, 6);
    }
}
