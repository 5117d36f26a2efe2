//! Stage 4, Markdown: turn a page body into HTML with `pulldown-cmark`.
//!
//! The parser's events go through one pass, in order. `text::Prose` sees
//! each event as it was written, to count words and keep the summary and the
//! page's plain text; then the part of the stage that owns the event writes
//! it, rewritten or as it is:
//! * `headings` gives every heading a stable, unique `id` and collects the
//!   table of contents (from all the events, before the pass);
//! * `links` rewrites links and images through the [`LinkIndex`] so they
//!   point at the output (relative to the page), reports links to missing
//!   files and neutralises `javascript:`-style URLs, and collects the page's
//!   links with the sentence around each;
//! * `embeds` frames the pages that `![[Page]]` on a line of its own
//!   includes (the renderer renders them, recursing);
//! * `callouts` turns `> [!NOTE]`, `> [!warning] Custom title` and foldable
//!   `> [!tip]-` blockquotes into callouts, as GitHub and Obsidian write them;
//! * `glossary` links the first use of each glossary term in prose;
//! * `obsidian` drops `%%comments%%` (from the input, before anything reads
//!   it) and marks `==highlights==`;
//! * `links` also resolves the `href` and `src` of raw HTML tags;
//! * `html` applies the raw-HTML policy (sanitize with `ammonia`, escape, or
//!   allow) and writes task-list checkboxes.
//!
//! This file composes them: the per-page state is a `Page` made of their small
//! structs, and `MarkdownRenderer::step` hands each event to its owner.
//! They know nothing of this file or of one another, but for the leaves
//! they share: `events` (the input), `text` (escaping, shortening) and, for
//! `embeds`, the position of a diagnostic from `links`.
//! [`options`] is the one place that sets the parser's options.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Tag, TagEnd};

use crate::content::frontmatter::Document;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::model::glossary::TermIndex;
use crate::model::links::{LinkIndex, Target};
use crate::project::config::RawHtml;

mod actions;
mod attributes;
mod callouts;
mod embeds;
mod events;
mod glossary;
mod headings;
mod html;
mod links;
mod obsidian;
mod search;
mod shortcodes;
mod templates;

pub(crate) use search::heading_level;
pub use search::SearchText;
mod text;

use callouts::Callouts;
use events::Input;
use glossary::Glossary;
use headings::Marks;
use html::HtmlPolicy;
use links::{At, Dest, Links, Resolver};
use text::Prose;

pub use actions::Action;
pub use headings::{title_id, TocEntry};
pub use links::{body_span, OutLink};
pub use text::escape;

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 200;

/// The parser options every page is parsed with.
pub fn options() -> Options {
    Options::ENABLE_WIKILINKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        // `Term` then `: definition` lines, as Hugo, kramdown, Pandoc and
        // Python-Markdown's `def_list` read them.
        | Options::ENABLE_DEFINITION_LIST
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
    /// The id of the page's title, when it is the body's leading `# Heading`.
    pub title_id: Option<String>,
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
    /// Source paths of the files (attachments, images) it links to or
    /// shows, its embedded pages' included: only these are published when
    /// `assets: referenced`.
    pub assets: Vec<String>,
    /// The body's text as full-text search reads it (empty unless the
    /// renderer was made [`MarkdownRenderer::with_search_text`]).
    pub search_text: crate::search::packed::PackedText,
    /// The page's task-list items, in order.
    pub actions: Vec<Action>,
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
    /// Whether bodies keep their text for the search index.
    search_text: bool,
    /// How links are found in raw HTML.
    raw_links: links::RawLinkPattern,
    /// Finds other generators' template tags, when they are reported.
    template_tags: Option<templates::TemplateTags>,
    /// The day an action's due date is judged against, to mark it overdue.
    today: Option<jiff::civil::Date>,
}

/// One page on its way through the pass: the events written so far, and
/// what each part of the stage has gathered.
struct Page<'p> {
    doc: &'p Document,
    output_path: &'p str,
    out: Vec<Event<'p>>,
    diagnostics: Vec<Diagnostic>,
    prose: Prose,
    headings: Marks<'p>,
    links: Links<'p>,
    callouts: Callouts,
    glossary: Glossary<'p>,
    raw_html: HtmlPolicy,
    /// Output paths of the pages included, at any depth.
    embeds: Vec<String>,
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
            sanitizer: html::sanitizer(),
            search_text: false,
            raw_links: links::RawLinkPattern::new(),
            template_tags: None,
            today: None,
        }
    }

    /// The same renderer, marking actions due before `today` as overdue.
    pub fn with_today(mut self, today: jiff::civil::Date) -> MarkdownRenderer<'a> {
        self.today = Some(today);
        self
    }

    /// The same renderer, reporting the first template tag of another
    /// generator in each body (`cairn check`).
    pub fn with_template_tag_check(mut self) -> MarkdownRenderer<'a> {
        self.template_tags = Some(templates::TemplateTags::new());
        self
    }

    /// The same renderer, keeping each body's text for the search index
    /// ([`Rendered::search_text`]).
    pub fn with_search_text(mut self) -> MarkdownRenderer<'a> {
        self.search_text = true;
        self
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
        let mut input = Input::parse(&doc.body, options());
        let title = doc.title_heading.then_some(doc.meta.title.as_str());
        let (mut anchors, toc) = headings::outline(input.ahead(), title);
        let terms = headings::term_ids(input.ahead(), &anchors);
        let blocks: Vec<String> = input.block_ids().chain(input.inline_ids()).collect();
        let mut page = self.page(doc, output_path, (&anchors, &terms), input.total());
        let check_tags = self.template_tags.as_ref().filter(|_| embedding.len() == 1);
        let mut code = Vec::new();
        while let Some((event, range)) = input.next_event() {
            if let Some(action) = input.action_ended() {
                let badges = self.action_badges(doc, output_path, action);
                page.out.push(Event::InlineHtml(badges.into()));
            }
            if let Some(action) = input.action_marked() {
                page.out.push(Event::InlineHtml(
                    format!("<span id=\"{}\"></span>", action.id).into(),
                ));
            }
            if let Some(id) = input.inline_id_started() {
                page.out.push(Event::InlineHtml(
                    format!("<span id=\"{}\"></span>", text::escape(id)).into(),
                ));
            }
            page.prose.observe(&event);
            if check_tags.is_some()
                && matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_)))
            {
                code.push(range.clone());
            }
            self.step(&mut page, &mut input, (event, range.start), embedding);
        }
        if let Some(found) = check_tags.and_then(|tags| tags.find(&doc.body, &code)) {
            page.diagnostics.push(template_tag(doc, &found));
        }
        let own = embedding.len() == 1;
        if own {
            page.diagnostics
                .extend(input.bad_dates.iter().map(|bad| bad_date(doc, bad)));
        }
        let mut actions = if own {
            input.take_actions()
        } else {
            Vec::new()
        };
        // Actions come in the order they are written: their lines are
        // counted in one pass over the body.
        let (mut line, mut from) = (doc.body_line, 0);
        for action in &mut actions {
            let to = action.offset.min(doc.body.len());
            if to < from {
                (line, from) = (doc.body_line, 0);
            }
            line += doc.body.as_bytes()[from..to]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            from = to;
            action.line = line;
        }
        let mut rendered = page.finish(&self.sanitizer, self.search_text && own);
        anchors.append(&mut rendered.anchors);
        anchors.extend(blocks);
        anchors.extend(terms);
        let title_id = title.map(headings::title_id);
        anchors.extend(title_id.clone());
        Rendered {
            anchors,
            toc,
            title_id,
            actions,
            ..rendered
        }
    }

    /// The badges that end an action's text: when it is due (marked when
    /// overdue), who owns it (linked to their page), when it was done.
    fn action_badges(&self, doc: &Document, output_path: &str, action: &Action) -> String {
        let mut html = String::from(" <span class=\"action-meta\">");
        if let Some(due) = action.due {
            let overdue = !action.done && self.today.is_some_and(|today| due < today);
            let (class, label) = if overdue {
                ("action-due overdue", "overdue since")
            } else {
                ("action-due", "due")
            };
            html.push_str(&format!(
                "<span class=\"{class}\">{label} <time datetime=\"{due}\">{due}</time></span>"
            ));
        }
        if let Some(owner) = &action.owner {
            let name = text::escape(owner);
            match self.links.resolve_wiki(&doc.rel, owner) {
                Target::Page { path, .. } => html.push_str(&format!(
                    "<span class=\"action-owner\">owner <a href=\"{}\">{name}</a></span>",
                    text::escape(&crate::urls::relative(output_path, &path))
                )),
                _ => html.push_str(&format!("<span class=\"action-owner\">owner {name}</span>")),
            }
        }
        if let Some(done) = action.done_on {
            html.push_str(&format!(
                "<span class=\"action-done\">done <time datetime=\"{done}\">{done}</time></span>"
            ));
        }
        html.push_str("</span>");
        if html.ends_with("meta\"></span>") {
            String::new()
        } else {
            html
        }
    }

    /// The empty state of a page about to go through the pass.
    fn page<'p>(
        &'p self,
        doc: &'p Document,
        output_path: &'p str,
        (anchors, terms): (&'p [String], &'p [String]),
        events: usize,
    ) -> Page<'p> {
        let resolver = Resolver {
            index: self.links,
            doc,
            output_path,
            any_url: self.policy == RawHtml::Allow,
            broken_links: self.broken_links,
            unreported: std::cell::Cell::new(0),
        };
        Page {
            doc,
            output_path,
            out: Vec::with_capacity(events + 8),
            diagnostics: Vec::new(),
            prose: Prose::with_capacity(doc.body.len()),
            headings: Marks::new(anchors, terms),
            links: Links::new(resolver, &self.raw_links),
            callouts: Callouts::default(),
            glossary: Glossary::new(self.terms, &doc.rel, output_path),
            raw_html: HtmlPolicy::new(self.policy),
            embeds: Vec::new(),
        }
    }

    /// Writes one event (at byte `offset` of the body) rewritten by the part
    /// of the stage that owns it; most pass through as they are.
    fn step<'p>(
        &self,
        page: &mut Page<'p>,
        input: &mut Input<'p>,
        (event, offset): (Event<'p>, usize),
        embedding: &mut Vec<String>,
    ) {
        let at = At {
            offset,
            text_offset: page.prose.plain.len(),
        };
        let out = &mut page.out;
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => out.push(page.headings.open(level, classes, attrs)),
            Event::End(TagEnd::Heading(level)) => page.headings.close(level, out),
            Event::Start(Tag::DefinitionListTitle) => page.headings.term(event, out),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let link = Dest {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                page.links.open_link(link, at, &mut page.diagnostics, out);
            }
            Event::End(TagEnd::Link) => page.links.close_link(event, out),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let image = Dest {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                self.image(page, input, (image, at), embedding);
            }
            Event::End(TagEnd::Image) => page.links.close_image(event, out),
            Event::Start(Tag::BlockQuote(_)) => {
                let used = page.callouts.open(event, input.ahead(), out);
                input.pass_over(used);
            }
            Event::End(TagEnd::BlockQuote(_)) => page.callouts.close(event, out),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                // An Obsidian block id: an anchor to link to the block.
                if let Some(id) = input.block_ended() {
                    out.push(Event::InlineHtml(
                        format!("<span id=\"^{}\"></span>", text::escape(id)).into(),
                    ));
                }
                out.push(event);
            }
            Event::Text(_) | Event::Code(_) => page.text(event),
            Event::Html(_) | Event::InlineHtml(_) => {
                let event = if page.raw_html.keeps_markup() {
                    page.links
                        .rewrite_raw_html(event, at, &mut page.diagnostics)
                } else {
                    event
                };
                page.raw_html.write(event, &mut page.out);
            }
            Event::TaskListMarker(done) => out.push(html::task_box(done)),
            _ => out.push(event),
        }
    }

    /// An image opens. `![[Page]]` includes that page: on a line of its own
    /// in place of the paragraph; inside a sentence between the two halves
    /// of the paragraph (as Obsidian shows it); in a heading, where a page
    /// cannot go, it is linked to. Anything else is an image.
    fn image<'p>(
        &self,
        page: &mut Page<'p>,
        input: &mut Input<'p>,
        (image, at): (Dest<'p>, At),
        embedding: &mut Vec<String>,
    ) {
        page.links.note_name(&image);
        if page.links.is_withheld(&image) {
            // Nothing of a withheld page, not even what the embed says.
            let note = page.links.withheld_embed(at, &mut page.diagnostics);
            if let Some(image_end) = embeds::image_end(input.ahead()) {
                input.pass_over(image_end);
            }
            page.out.push(note);
            return;
        }
        if !page.links.is_page(&image) {
            page.links
                .open_image(image, at, &mut page.diagnostics, &mut page.out);
            return;
        }
        if let Some(replaced) = embeds::alone(&page.out, input.ahead()) {
            if let Some(html) = self.embed(page, &image.dest_url, at.offset, embedding) {
                page.out.pop();
                input.pass_over(replaced);
                page.out.push(Event::Html(html.into()));
                return;
            }
        }
        let in_link = page.links.inside();
        if let (false, Some(within), Some(image_end)) = (
            in_link,
            embeds::container(&page.out),
            embeds::image_end(input.ahead()),
        ) {
            if let Some(html) = self.embed(page, &image.dest_url, at.offset, embedding) {
                input.pass_over(image_end);
                match within {
                    embeds::Within::Paragraph => {
                        page.out.push(Event::End(TagEnd::Paragraph));
                        page.out.push(Event::Html(html.into()));
                        page.out.push(Event::Start(Tag::Paragraph));
                    }
                    embeds::Within::Block => page.out.push(Event::Html(html.into())),
                }
                return;
            }
        }
        page.links
            .page_as_link(image, at, &mut page.diagnostics, &mut page.out);
    }

    /// The HTML of an embedded page (`![[Page]]`), rendered for the page
    /// being rendered, or `None` if `target` is not a page. An embed cycle is
    /// reported and not followed.
    fn embed(
        &self,
        page: &mut Page,
        target: &str,
        offset: usize,
        embedding: &mut Vec<String>,
    ) -> Option<String> {
        let Target::Page { path, anchor } = self.links.resolve_wiki(&page.doc.rel, target) else {
            return None;
        };
        let whole = *self.pages.get(path.as_str())?;
        // `![[Page#Heading]]` includes that heading's section only; with no
        // such heading, the whole page, and a warning.
        let section = anchor
            .as_deref()
            .and_then(|anchor| embeds::section(whole, anchor));
        if let (Some(anchor), None) = (&anchor, &section) {
            let message = if target.contains("#^") {
                format!(
                    "embed ![[{target}]] names a block of “{}”; block references are not supported yet, so all of it is included",
                    whole.meta.title
                )
            } else {
                format!(
                    "embed ![[{target}]] names no heading `#{anchor}` of “{}”, so all of it is included",
                    whole.meta.title
                )
            };
            page.diagnostics.push(
                Diagnostic::new(self.broken_links, Code::LinkMissingAnchor, message)
                .at(links::body_span(page.doc, offset))
                .help("use one of its headings, or leave the heading out to include the whole page"),
            );
        }
        let embedded = section.as_ref().unwrap_or(whole);
        if embedding.contains(&embedded.rel) {
            let mut chain = embedding.clone();
            chain.push(embedded.rel.clone());
            let at = (page.doc, offset);
            let (diagnostic, note) = embeds::cycle(at, target, &chain, embedded, self.broken_links);
            page.diagnostics.push(diagnostic);
            page.embeds.push(path);
            return Some(note);
        }
        if embedding.len() > embeds::MAX_DEPTH {
            let at = (page.doc, offset);
            let href = crate::urls::relative(page.output_path, &path);
            let (diagnostic, note) = embeds::too_deep(at, target, embedded, &href);
            page.diagnostics.push(diagnostic);
            page.embeds.push(path);
            return Some(note);
        }
        embedding.push(embedded.rel.clone());
        let inner = self.render_nested(embedded, page.output_path, embedding);
        embedding.pop();
        page.embeds.push(path.clone());
        page.embeds.extend(inner.embeds);
        page.links.note_assets(inner.assets);
        // The embedded page reports its own problems when it is rendered
        // itself; only a cycle or an embed too deep is news here.
        page.diagnostics.extend(
            inner
                .diagnostics
                .into_iter()
                .filter(|d| matches!(d.code, Code::EmbedCycle | Code::EmbedTooDeep)),
        );
        Some(embeds::frame(
            page.output_path,
            (embedded, &path),
            &inner.html,
        ))
    }
}

impl<'p> Page<'p> {
    /// Text or inline code: part of a heading's title, and prose to link
    /// glossary terms in unless it is code, a heading or a link's text.
    fn text(&mut self, event: Event<'p>) {
        let (Event::Text(text) | Event::Code(text)) = &event else {
            return;
        };
        self.headings.text(text);
        let prose = matches!(event, Event::Text(_))
            && !self.prose.in_code()
            && !self.headings.inside()
            && !self.links.inside();
        if prose {
            self.glossary.write(event, &mut self.out);
        } else {
            self.out.push(event);
        }
    }

    /// The page's HTML and all that was gathered; the headings' ids and the
    /// table of contents are filled in by the caller.
    fn finish(mut self, sanitizer: &ammonia::Builder, search_text: bool) -> Rendered {
        let unreported = self.links.unreported();
        if unreported > 0 {
            self.diagnostics.push(
                Diagnostic::new(
                    self.links.severity(),
                    Code::LinkMissingPage,
                    format!(
                        "{unreported} more links on this page lead nowhere (only its first {} problems are reported one by one)",
                        links::MOST_REPORTED
                    ),
                )
                .help("fix the links above, then check again to see the rest"),
            );
        }
        let (links, wiki_names, raw_ids, assets) = self.links.finish(&self.prose.plain);
        obsidian::mark_highlights(&mut self.out);
        if let Some(warning) = self.raw_html.settle(&mut self.out) {
            self.diagnostics.push(warning);
        }
        let search_text = if search_text {
            let mut text = search::SearchText::default();
            for event in &self.out {
                text.event(event);
            }
            crate::search::packed::PackedText::pack(&text.finish())
        } else {
            Default::default()
        };
        let mut html = String::with_capacity(self.doc.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        let path = &self.doc.path;
        // Every body is kept until the end of the build: without the room
        // its string grew into (an eighth of it, on average).
        let mut html = self.raw_html.finish(html, sanitizer);
        html.shrink_to_fit();
        Rendered {
            html,
            // The headings' ids are added by the caller.
            anchors: raw_ids,
            links,
            toc: Vec::new(),
            title_id: None,
            summary: self.prose.summary(),
            words: self.prose.words,
            wiki_names,
            embeds: self.embeds,
            assets,
            search_text,
            // The caller takes them from the input.
            actions: Vec::new(),
            diagnostics: self
                .diagnostics
                .into_iter()
                .map(|d| if d.file.is_none() { d.in_file(path) } else { d })
                .collect(),
        }
    }
}

/// The warning for an action's date that is not one.
fn bad_date(doc: &Document, bad: &actions::BadDate) -> Diagnostic {
    Diagnostic::warning(
        Code::ActionBadDate,
        format!(
            "`{}` is not a date, so the action has none; it is shown as written",
            bad.written
        ),
    )
    .at(links::body_span(doc, bad.offset))
    .help("write the date as YYYY-MM-DD: `📅 2025-08-15` or `[due:: 2025-08-15]`")
}

/// The warning for the template tags of one body.
fn template_tag(doc: &Document, found: &templates::Found) -> Diagnostic {
    let more = match found.count {
        1 => String::new(),
        n => format!(" (and {} more in this file)", n - 1),
    };
    Diagnostic::warning(
        Code::MarkdownTemplateTag,
        format!(
            "`{}` is a template tag of another generator{more}; Cairn shows it as written",
            found.tag
        ),
    )
    .at(links::body_span(doc, found.offset))
    .help("replace it with what it stands for (a link, the text); `check_template_tags: false` in cairn.yaml stops this check")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn doc(body: &str) -> Document {
        let mut doc = Document::for_test("notes/page.md", crate::project::kinds::Kind::Note, "");
        doc.path = PathBuf::from("content/notes/page.md");
        doc.body = body.into();
        doc.body_line = 5;
        doc
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
    fn raw_html_nested_too_deep_to_sanitize_is_shown_as_text() {
        let codes = |r: &Rendered| r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
        let too_deep = html::MOST_DEPTH + 1;
        // Found by fuzzing: sanitizing 40,000 nested `<div>`s took 6 s.
        let body = format!(
            "{}<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
            "<div>".repeat(too_deep)
        );
        let r = render(&body, RawHtml::Sanitize);
        assert_eq!(codes(&r), [Code::LinkUnsafeUrl, Code::HtmlTooDeep]);
        assert!(
            !r.html.contains("<div") && !r.html.contains("<script"),
            "{}",
            r.html
        );
        assert!(r.html.contains("&lt;script&gt;alert(1)"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        // Markdown nesting counts too: quotes that deep, and raw HTML after them.
        let body = format!("{} deep\n\n<b>bold</b>\n", ">".repeat(too_deep));
        let r = render(&body, RawHtml::Sanitize);
        assert_eq!(codes(&r), [Code::HtmlTooDeep]);
        assert!(r.html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{}", r.html);
        // Just as deep as allowed, with void and self-closed elements that
        // open nothing: sanitized as usual.
        let body = format!(
            "{}{}<b onclick=\"x()\">bold</b>\n",
            "<div>".repeat(html::MOST_DEPTH - 1),
            "<br><img alt=\"\"><span/>".repeat(1000)
        );
        let r = render(&body, RawHtml::Sanitize);
        assert_eq!(codes(&r), []);
        assert!(
            r.html.contains("<b>bold</b>") && !r.html.contains("onclick"),
            "{}",
            r.html
        );
        // Without raw HTML there is nothing to sanitize, however deep.
        let r = render(
            &format!("{} deep\n", ">".repeat(too_deep)),
            RawHtml::Sanitize,
        );
        assert_eq!(codes(&r), []);
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
