//! Single-file documents made to be handed over, printed or saved as PDF:
//! a role's handover pack, the induction path as one document, and the
//! print view of a folder.
//!
//! Each holds at most [`MOST_PRINTED`] pages, so that it stays a document
//! one can print: a print view lists the folders that do not fit, a role's
//! pack its earlier handovers, each with its address on the site.
//!
//! Each is one HTML file that needs nothing else: the theme's styles are
//! inline, images are embedded as `data:` URIs, and it has no scripts and
//! makes no requests. Its pages are chapters; a link to a page in the
//! document jumps to its chapter, and a link out keeps a working address
//! and prints it. A handover pack holds, after its cover and contents, the
//! role's profile, every handover of the role newest first, the role's open
//! actions, the people and agencies those pages name (with the contact
//! details of their pages) and the glossary terms they use. Like every
//! file of a build it is made of the pages the build's audience may read
//! and nothing else.
//!
//! The chapters' bodies are the pages' rendered bodies, moved into the
//! document by [`html`].

mod html;

use std::collections::{HashMap, HashSet};

use base64::Engine as _;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::linked::actions::Owner;
use crate::model::names::{named_by, names_in};
use crate::model::site::{PageId, SectionId};
use crate::project::kinds::Kind;
use crate::urls;

use super::actions::ActionItem;
use super::context::*;
use super::reads::Read;
use super::renderer::Renderer;

/// Beside a folder's index page: the print view of the folder.
pub const PRINT_FILE: &str = "print.html";
/// Most pages a folder's print view holds, and most handovers a role's
/// pack holds. A folder with more pages, its folders' included, prints
/// only its own pages and lists the folders below, each with a link to its
/// own print view; a role with more handovers has its newest in its pack,
/// and the pack links to the role's page, which lists them all.
pub const MOST_PRINTED: usize = 200;
/// Larger images are not embedded in a pack: it says where they are.
const LARGEST_EMBEDDED_IMAGE: u64 = 10 * 1024 * 1024;
/// How many levels a chapter's headings move down: chapters are `h3`
/// under the parts' `h2`, so a body's `## Heading` becomes `h4`.
const HEADING_SHIFT: u8 = 2;

/// Where the handover pack of the role whose page is at `role_path` is
/// published: `roles/slo.html` → `roles/slo/pack.html`.
pub fn role_pack_path(role_path: &str) -> String {
    format!(
        "{}/pack.html",
        role_path.strip_suffix(".html").unwrap_or(role_path)
    )
}

/// Where the print view of the folder whose page is at `section_path` is
/// published: `guides/index.html` → `guides/print.html`.
pub fn print_path(section_path: &str) -> String {
    match urls::parent_dir(section_path) {
        "" => PRINT_FILE.to_owned(),
        dir => format!("{dir}/{PRINT_FILE}"),
    }
}

#[derive(Serialize)]
struct PackContext<'p> {
    /// `role`, `induction` or `section`.
    kind: &'static str,
    /// What the document is: "Handover pack".
    label: &'static str,
    title: String,
    /// One sentence under the title.
    lead: String,
    /// The cover's facts, in order.
    facts: Vec<CoverFact>,
    contents: Vec<ContentsEntry>,
    parts: Vec<Part<'p>>,
    /// The role's open actions (a role's pack only).
    actions: Option<Vec<ActionItem>>,
    /// People the chapters name, by name.
    contacts: Vec<Appendix<'p>>,
    /// Agencies the chapters name, by name.
    agencies: Vec<Appendix<'p>>,
    /// Glossary terms the chapters use, by term.
    terms: Vec<Appendix<'p>>,
    /// What did not fit: folders below a print view (with theirs), a
    /// role's earlier handovers.
    left_out: Vec<Link>,
    /// What the contents say of `left_out`.
    left_out_note: &'static str,
    /// The theme's style sheets, to put inline.
    style: String,
}

#[derive(Serialize)]
struct CoverFact {
    label: &'static str,
    text: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct ContentsEntry {
    title: String,
    anchor: String,
    /// What it is, when the title does not say ("handover, 2024-03-01").
    detail: Option<String>,
    children: Vec<ContentsEntry>,
}

#[derive(Serialize)]
struct Part<'p> {
    anchor: String,
    title: String,
    chapters: Vec<Chapter<'p>>,
}

/// A page of the site as a chapter: its trust metadata and its body.
#[derive(Serialize)]
struct Chapter<'p> {
    anchor: String,
    page: PageContext<'p>,
}

/// A person, agency or glossary term at the back of a pack.
#[derive(Serialize)]
struct Appendix<'p> {
    anchor: String,
    page: PageContext<'p>,
}

/// A document being put together: its address, the anchor of every page
/// in it, and the pages its chapters name.
struct Document<'s, 'r, 'a> {
    r: &'s Renderer<'r, 'a>,
    path: &'s str,
    anchors: HashMap<String, String>,
    taken: HashSet<String>,
    /// Pages the chapters link to or name in front matter, in order, once.
    named: Vec<PageId>,
    chapters: HashSet<PageId>,
    /// The bodies, in order: each chapter's and appendix's content is a
    /// [`body_mark`] for its body until the document is finished.
    bodies: Vec<Placing<'a>>,
}

/// A page's body as its page shows it, to be placed in a document.
struct Body<'a> {
    html: std::borrow::Cow<'a, str>,
    /// The page's address.
    from: &'a str,
    /// The chapter's anchor.
    prefix: String,
    title_id: String,
}

impl Body<'_> {
    /// Placed in the document at `to`; every page it links to is passed
    /// to `linked`.
    fn place(&self, to: &str, linked: &mut dyn FnMut(&str)) -> html::Placed {
        html::place(
            &self.html,
            &html::Placement {
                from: self.from,
                to,
                prefix: &self.prefix,
                title_id: &self.title_id,
                shift: HEADING_SHIFT,
            },
            linked,
        )
    }
}

/// A body in a document: placed, or to be placed if the template shows
/// it (an appendix's, whose links are not followed).
enum Placing<'a> {
    Placed(html::Placed),
    Later(Body<'a>),
}

impl Placing<'_> {
    fn placed(self, to: &str) -> html::Placed {
        match self {
            Placing::Placed(placed) => placed,
            Placing::Later(body) => body.place(to, &mut |_| {}),
        }
    }
}

/// What stands for the `n`th placed body in the document's template, until
/// the body is put in its place: a comment, which the template cannot
/// write itself (its values are escaped) and which a document's
/// self-containing keeps as it is.
fn body_mark(n: usize) -> String {
    format!("{BODY_MARK}{n}-->")
}

const BODY_MARK: &str = "<!--cairn-body-";

impl<'s, 'r, 'a> Document<'s, 'r, 'a> {
    fn new(r: &'s Renderer<'r, 'a>, path: &'s str) -> Self {
        Document {
            r,
            path,
            anchors: HashMap::new(),
            taken: [
                "contents", "cover", "actions", "contacts", "agencies", "glossary",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            named: Vec::new(),
            chapters: HashSet::new(),
            bodies: Vec::new(),
        }
    }

    /// A new anchor for the page at `path`, from its address.
    fn anchor(&mut self, path: &str) -> String {
        let stem = path.strip_suffix(".html").unwrap_or(path);
        let mut slug = String::with_capacity(stem.len() + 2);
        slug.push_str("p-");
        for c in stem.chars() {
            if c.is_alphanumeric() {
                slug.extend(c.to_lowercase());
            } else if !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let mut anchor = slug.clone();
        let mut n = 2;
        while !self.taken.insert(anchor.clone()) {
            anchor = format!("{slug}-{n}");
            n += 1;
        }
        self.anchors.insert(path.to_owned(), anchor.clone());
        anchor
    }

    /// Page `id` placed in the document under `anchor`; the pages its body
    /// links to are noted if `collect`.
    fn placed(&mut self, id: PageId, anchor: &str, collect: bool) -> PageContext<'a> {
        let r = self.r;
        r.note(Read::Page(id));
        let site = r.input.site;
        let page = &site.pages[id];
        let rendered = &r.input.pages[id];
        let root = Here::Page(self.path.to_owned());
        let mut context = r.page_context(&page.doc, rendered, &page.path, &root);
        let title_id = rendered
            .title_id
            .clone()
            .unwrap_or_else(|| crate::markdown::title_id(&page.doc.meta.title));
        let body = Body {
            html: std::mem::replace(&mut context.content, body_mark(self.bodies.len()).into()),
            from: &page.path,
            prefix: anchor.to_owned(),
            title_id,
        };
        let mut linked = Vec::new();
        if collect {
            let placed = body.place(self.path, &mut |target| linked.extend(site.page_at(target)));
            self.bodies.push(Placing::Placed(placed));
        } else {
            // Placed only if the template shows it.
            self.bodies.push(Placing::Later(body));
        }
        // What a chapter names in its front matter, then in its text.
        if collect {
            for (key, value) in &page.doc.fields {
                let kinds = named_by(key);
                if kinds.is_empty() {
                    continue;
                }
                for name in names_in(key, value) {
                    linked.extend(r.input.names.find(kinds, name));
                }
            }
            if let Some(author) = page.doc.meta.author.as_deref() {
                linked.extend(r.input.names.person(author));
            }
            for target in linked {
                self.name(target);
            }
        }
        context
    }

    /// Notes that a chapter names page `id`.
    fn name(&mut self, id: PageId) {
        if !self.named.contains(&id) {
            self.named.push(id);
        }
    }

    /// Page `id` as a chapter.
    fn chapter(&mut self, id: PageId) -> Chapter<'a> {
        let path = &self.r.input.site.pages[id].path;
        let anchor = self.anchor(path);
        self.chapters.insert(id);
        let page = self.placed(id, &anchor, true);
        Chapter { anchor, page }
    }

    /// The named pages of `kind` that are not chapters, by title, each
    /// placed at the back.
    fn appendix(&mut self, kind: Kind) -> Vec<Appendix<'a>> {
        let site = self.r.input.site;
        let mut ids: Vec<PageId> = self
            .named
            .iter()
            .copied()
            .filter(|id| site.pages[*id].doc.kind == kind && !self.chapters.contains(id))
            .collect();
        ids.sort_by_cached_key(|&id| site.pages[id].doc.meta.title.to_lowercase());
        ids.into_iter()
            .map(|id| {
                let anchor = self.anchor(&site.pages[id].path);
                let page = self.placed(id, &anchor, false);
                Appendix { anchor, page }
            })
            .collect()
    }

    /// The contents entry of a chapter.
    fn entry(chapter: &Chapter, detail: Option<String>) -> ContentsEntry {
        ContentsEntry {
            title: chapter.page.title.to_owned(),
            anchor: chapter.anchor.clone(),
            detail,
            children: Vec::new(),
        }
    }

    /// The appendices' entries in the contents.
    fn back_matter(
        contents: &mut Vec<ContentsEntry>,
        contacts: &[Appendix],
        agencies: &[Appendix],
        terms: &[Appendix],
    ) {
        for (anchor, title, entries) in [
            ("contacts", "Contacts", contacts),
            ("agencies", "Agencies", agencies),
            ("glossary", "Glossary", terms),
        ] {
            if entries.is_empty() {
                continue;
            }
            contents.push(ContentsEntry {
                title: title.to_owned(),
                anchor: anchor.to_owned(),
                detail: Some(format!("{} entr{}", entries.len(), plural_y(entries.len()))),
                children: Vec::new(),
            });
        }
    }

    /// The finished document, standing alone.
    fn finish(self, mut context: PackContext, template: &str) -> Result<String, Diagnostic> {
        let r = self.r;
        let (mut tera_context, _) = r.base_context(self.path, &context.title, &context.lead);
        tera_context.insert("pack", &context);
        let html = r.render(template, &tera_context)?;
        let assets = r.input.assets;
        let image = |target: &str| -> Option<String> {
            let asset = assets.iter().find(|a| a.rel == target)?;
            let mime = mime_guess::from_path(&asset.rel).first()?;
            if mime.type_() != mime_guess::mime::IMAGE {
                return None;
            }
            let size = std::fs::metadata(&asset.path).ok()?.len();
            if size > LARGEST_EMBEDDED_IMAGE {
                return None;
            }
            let bytes = std::fs::read(&asset.path).ok()?;
            Some(format!(
                "data:{mime};base64,{}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            ))
        };
        let standalone = html::Standalone {
            path: self.path,
            anchors: &self.anchors,
            base_url: r.input.config.base_url.as_deref(),
            image: &image,
        };
        let contained = html::self_contain(&html, &standalone);
        let path = self.path;
        let Some(marks) = marks_in(&contained, &self.bodies) else {
            // The template does something else with the bodies than write
            // each chapter's once as it is: it is given the bodies
            // themselves, and the whole document is read again.
            let bodies: Vec<String> = self
                .bodies
                .into_iter()
                .map(|body| body.placed(path).html())
                .collect();
            context.for_each_body(|content| {
                let body = read_mark(content)
                    .filter(|&(_, len)| len == content.len())
                    .and_then(|(n, _)| bodies.get(n));
                if let Some(body) = body {
                    *content = body.clone().into();
                }
            });
            tera_context.insert("pack", &context);
            let html = r.render(template, &tera_context)?;
            return Ok(html::self_contain(&html, &standalone));
        };
        // Each body shown goes where its mark is, made to stand alone
        // from its tokens; an appendix's body the template does not show
        // is not placed at all.
        let mut bodies: Vec<Option<Placing>> = self.bodies.into_iter().map(Some).collect();
        let mut document = String::with_capacity(contained.len());
        let mut from = 0;
        for mark in marks {
            document.push_str(&contained[from..mark.at]);
            if let Some(body) = bodies[mark.body].take() {
                document.push_str(&body.placed(path).contained(&standalone));
            }
            from = mark.at + mark.len;
        }
        document.push_str(&contained[from..]);
        Ok(document)
    }
}

/// The number of the body whose mark `text` starts with, and the mark's
/// length.
fn read_mark(text: &str) -> Option<(usize, usize)> {
    let rest = text.strip_prefix(BODY_MARK)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n = rest[..digits].parse().ok()?;
    rest[digits..]
        .starts_with("-->")
        .then_some((n, BODY_MARK.len() + digits + "-->".len()))
}

/// Where a body's mark is in a rendered document.
struct Mark {
    at: usize,
    len: usize,
    /// The body's number.
    body: usize,
}

/// The marks of `bodies` in `document`, in order, if the template wrote
/// each chapter's once and no body's twice (an appendix's body may be left
/// out).
fn marks_in(document: &str, bodies: &[Placing]) -> Option<Vec<Mark>> {
    let mut marks = Vec::with_capacity(bodies.len());
    let mut seen = vec![0usize; bodies.len()];
    for (at, _) in document.match_indices(BODY_MARK) {
        let Some((body, len)) = read_mark(&document[at..]) else {
            continue;
        };
        if body < bodies.len() {
            seen[body] += 1;
            marks.push(Mark { at, len, body });
        }
    }
    let written_as_expected = bodies.iter().zip(&seen).all(|(body, &times)| match body {
        Placing::Placed(_) => times == 1,
        Placing::Later(_) => times <= 1,
    });
    written_as_expected.then_some(marks)
}

impl PackContext<'_> {
    /// Calls `f` with the content of every chapter and appendix.
    fn for_each_body(&mut self, mut f: impl FnMut(&mut std::borrow::Cow<'_, str>)) {
        for part in &mut self.parts {
            for chapter in &mut part.chapters {
                f(&mut chapter.page.content);
            }
        }
        for appendix in self
            .contacts
            .iter_mut()
            .chain(&mut self.agencies)
            .chain(&mut self.terms)
        {
            f(&mut appendix.page.content);
        }
    }
}

fn plural_y(n: usize) -> &'static str {
    if n == 1 {
        "y"
    } else {
        "ies"
    }
}

impl<'a> Renderer<'_, 'a> {
    /// The theme's style sheets, for a document that stands alone.
    fn inline_style(&self) -> String {
        let assets = &self.input.theme.assets;
        ["style.css", "pack.css"]
            .iter()
            .filter_map(|name| assets.get(*name))
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The facts every cover ends with: when it was built, and for whom.
    fn built_for(&self) -> [CoverFact; 2] {
        let audience = match self.input.audience {
            Some(name) => format!("the {name} audience: share it no wider"),
            None => "the author's preview, with every audience's pages: do not share it".to_owned(),
        };
        [
            CoverFact {
                label: "Built",
                text: self.input.today.to_string(),
                href: None,
            },
            CoverFact {
                label: "For",
                text: audience,
                href: None,
            },
        ]
    }

    /// The handover pack of role `index`, published at `path`.
    pub(super) fn role_pack(&self, index: usize, path: &str) -> Result<String, Diagnostic> {
        let role = &self.input.people.roles[index];
        let site = self.input.site;
        let mut doc = Document::new(self, path);
        let profile: Vec<Chapter> = role.profile.map(|id| doc.chapter(id)).into_iter().collect();
        let handovers: Vec<Chapter> = role
            .handovers
            .iter()
            .rev()
            .take(MOST_PRINTED)
            .map(|&id| doc.chapter(id))
            .collect();
        let root = Here::Page(path.to_owned());
        let earlier = role.handovers.len() - handovers.len();
        let left_out: Vec<Link> = (earlier > 0)
            .then(|| Link {
                title: format!(
                    "{earlier} earlier handover{} of the role, listed on its page",
                    if earlier == 1 { "" } else { "s" }
                ),
                href: root.href(&role.path),
            })
            .into_iter()
            .collect();
        for &holder in &role.holders {
            doc.name(holder);
        }
        let actions = self.actions_of_role(index, &root);
        for entry in self.input.actions.all.iter() {
            if entry.role == Some(index) && entry.is_open() {
                if let Owner::Person(owner) = entry.owner {
                    doc.name(owner);
                }
            }
        }
        let contacts = doc.appendix(Kind::Person);
        let agencies = doc.appendix(Kind::Agency);
        let terms = doc.appendix(Kind::Glossary);

        let current = role
            .handovers
            .last()
            .and_then(|&id| site.pages[id].doc.text("handed_over_to"))
            .map(|name| {
                let href = self
                    .input
                    .names
                    .person(name)
                    .map(|id| root.href(&site.pages[id].path));
                (name.to_owned(), href)
            })
            .or_else(|| {
                let names: Vec<&str> = role
                    .holders
                    .iter()
                    .map(|&id| site.pages[id].doc.meta.title.as_str())
                    .collect();
                let href = match role.holders.as_slice() {
                    [one] => Some(root.href(&site.pages[*one].path)),
                    _ => None,
                };
                (!names.is_empty()).then(|| (names.join(", "), href))
            });
        let mut facts = Vec::new();
        if let Some((name, href)) = current {
            facts.push(CoverFact {
                label: "Held now by",
                text: name,
                href,
            });
        }
        facts.push(CoverFact {
            label: "Handovers",
            text: match role.handovers.len() {
                0 => "none on file yet".to_owned(),
                1 => "1, below".to_owned(),
                n if earlier > 0 => format!(
                    "{n}; the newest {} are below, newest first",
                    handovers.len()
                ),
                n => format!("{n}, newest first"),
            },
            href: None,
        });
        facts.push(CoverFact {
            label: "On the site",
            text: role.path.clone(),
            href: Some(root.href(&role.path)),
        });
        facts.extend(self.built_for());

        let mut contents = Vec::new();
        contents.extend(
            profile
                .iter()
                .map(|c| Document::entry(c, Some("the role".to_owned()))),
        );
        if !handovers.is_empty() {
            contents.push(ContentsEntry {
                title: "Handovers, newest first".to_owned(),
                anchor: "handovers".to_owned(),
                detail: None,
                children: handovers
                    .iter()
                    .map(|c| {
                        let detail = match (&c.page.date, c.page.author) {
                            (Some(date), Some(author)) => Some(format!("{author}, {date}")),
                            (Some(date), None) => Some(date.clone()),
                            (None, Some(author)) => Some(author.to_owned()),
                            (None, None) => None,
                        };
                        Document::entry(c, detail)
                    })
                    .collect(),
            });
        }
        contents.push(ContentsEntry {
            title: "Open actions".to_owned(),
            anchor: "actions".to_owned(),
            detail: Some(format!("{} open", actions.len())),
            children: Vec::new(),
        });
        Document::back_matter(&mut contents, &contacts, &agencies, &terms);

        let mut parts = Vec::new();
        if !profile.is_empty() {
            parts.push(Part {
                anchor: "role".to_owned(),
                title: "The role".to_owned(),
                chapters: profile,
            });
        }
        if !handovers.is_empty() {
            parts.push(Part {
                anchor: "handovers".to_owned(),
                title: "Handovers, newest first".to_owned(),
                chapters: handovers,
            });
        }
        let context = PackContext {
            kind: "role",
            label: "Handover pack",
            title: role.name.clone(),
            lead: format!(
                "Everything the site holds about the role of {}: its profile, its handovers, what is still open, the people to ring and the words each agency uses.",
                role.name
            ),
            facts,
            contents,
            parts,
            actions: Some(actions),
            contacts,
            agencies,
            terms,
            left_out,
            left_out_note: "Not in this document, to keep it to a size that prints:",
            style: self.inline_style(),
        };
        doc.finish(context, "pack.html")
    }

    /// The induction path as one document, published at `path`.
    pub(super) fn induction_pack(&self, path: &str) -> Result<String, Diagnostic> {
        let mut doc = Document::new(self, path);
        let guides: Vec<Chapter> = self
            .input
            .induction
            .iter()
            .map(|&id| doc.chapter(id))
            .collect();
        let contacts = doc.appendix(Kind::Person);
        let agencies = doc.appendix(Kind::Agency);
        let terms = doc.appendix(Kind::Glossary);
        let mut facts = vec![CoverFact {
            label: "Guides",
            text: format!("{}, in the order to read them", guides.len()),
            href: None,
        }];
        facts.extend(self.built_for());
        let mut contents: Vec<ContentsEntry> = guides
            .iter()
            .enumerate()
            .map(|(i, c)| Document::entry(c, Some(format!("step {}", i + 1))))
            .collect();
        Document::back_matter(&mut contents, &contacts, &agencies, &terms);
        let context = PackContext {
            kind: "induction",
            label: "Induction pack",
            title: "Start here".to_owned(),
            lead: format!(
                "The guides a newcomer to {} reads first, in order, with the people, agencies and words they name.",
                self.input.config.title
            ),
            facts,
            contents,
            parts: vec![Part {
                anchor: "guides".to_owned(),
                title: "The induction path".to_owned(),
                chapters: guides,
            }],
            actions: None,
            contacts,
            agencies,
            terms,
            left_out: Vec::new(),
            left_out_note: "",
            style: self.inline_style(),
        };
        doc.finish(context, "pack.html")
    }

    /// The print view of folder `id`: its own pages and, if the whole
    /// folder fits in [`MOST_PRINTED`] pages, those of the folders below,
    /// in reading order. A larger folder's view holds its own pages (as
    /// many as fit) and lists the folders below, each with its own view,
    /// so that no page is printed in more than a few views.
    pub(super) fn section_print(&self, id: SectionId, path: &str) -> Result<String, Diagnostic> {
        self.note(Read::Section(id));
        let site = self.input.site;
        let section = &site.sections[id];
        let mut doc = Document::new(self, path);
        let root = Here::Page(path.to_owned());
        let mut parts = Vec::new();
        let mut left_out = Vec::new();
        let mut printed = 0;
        let whole = section.total_pages <= MOST_PRINTED;
        let mut folders = vec![id];
        while let Some(folder) = folders.pop() {
            let order = self.order(folder);
            let chapters: Vec<Chapter> = order
                .iter()
                .take(MOST_PRINTED.saturating_sub(printed))
                .map(|&p| doc.chapter(p))
                .collect();
            printed += chapters.len();
            if order.len() > chapters.len() {
                let more = order.len() - chapters.len();
                left_out.push(Link {
                    title: format!(
                        "{more} more page{} of {}",
                        if more == 1 { "" } else { "s" },
                        site.sections[folder].title
                    ),
                    href: root.href(&site.sections[folder].path),
                });
            }
            if !chapters.is_empty() {
                let anchor = doc.anchor(&site.sections[folder].path);
                parts.push(Part {
                    anchor,
                    title: site.sections[folder].title.clone(),
                    chapters,
                });
            }
            let below = &site.sections[folder].children;
            if whole {
                folders.extend(below.iter().rev());
            } else {
                left_out.extend(
                    below
                        .iter()
                        .filter(|&&c| site.sections[c].total_pages > 0)
                        .map(|&c| Link {
                            title: format!(
                                "{} ({} page{})",
                                site.sections[c].title,
                                site.sections[c].total_pages,
                                if site.sections[c].total_pages == 1 {
                                    ""
                                } else {
                                    "s"
                                }
                            ),
                            href: root.href(&print_path(&site.sections[c].path)),
                        }),
                );
            }
        }
        let mut facts = vec![CoverFact {
            label: "Pages",
            text: if left_out.is_empty() {
                format!("{printed}, in reading order")
            } else {
                format!("{printed} of {}, in reading order", section.total_pages)
            },
            href: None,
        }];
        facts.push(CoverFact {
            label: "On the site",
            text: section.path.clone(),
            href: Some(root.href(&section.path)),
        });
        facts.extend(self.built_for());
        let contents = parts
            .iter()
            .map(|part| ContentsEntry {
                title: part.title.clone(),
                anchor: part.anchor.clone(),
                detail: None,
                children: part
                    .chapters
                    .iter()
                    .map(|c| Document::entry(c, None))
                    .collect(),
            })
            .collect();
        let intro = section.index.as_ref().map(|d| {
            let empty = crate::markdown::Rendered::default();
            let rendered = self.input.sections[id].as_ref().unwrap_or(&empty);
            summary_of(d, rendered).to_owned()
        });
        let context = PackContext {
            kind: "section",
            label: "Print view",
            title: section.title.clone(),
            lead: intro
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("Every page of {}, in reading order.", section.title)),
            facts,
            contents,
            parts,
            actions: None,
            contacts: Vec::new(),
            agencies: Vec::new(),
            terms: Vec::new(),
            left_out,
            left_out_note: "Not in this document, to keep it to a size that prints; each folder has a print view of its own:",
            style: self.inline_style(),
        };
        doc.finish(context, "pack.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &'static str) -> Body<'static> {
        Body {
            html: html.into(),
            from: "guides/a.html",
            prefix: "p-guides-a".to_owned(),
            title_id: "a".to_owned(),
        }
    }

    #[test]
    fn bodies_go_where_their_marks_are_written_once() {
        assert_eq!(read_mark("<!--cairn-body-12-->, then more"), Some((12, 20)));
        assert_eq!(read_mark("<!--cairn-body-->"), None);
        assert_eq!(read_mark("<!--cairn-body-3"), None);
        let bodies = || {
            vec![
                Placing::Placed(body("<p>one</p>").place("print.html", &mut |_| {})),
                Placing::Later(body("<p>two</p>")),
            ]
        };
        let at = |document: &str| {
            marks_in(document, &bodies())
                .map(|marks| marks.iter().map(|m| (m.at, m.body)).collect::<Vec<_>>())
        };
        let (one, two) = (body_mark(0), body_mark(1));
        assert_eq!(
            at(&format!("a{one}b{two}")),
            Some(vec![(1, 0), (2 + one.len(), 1)])
        );
        // An appendix's body may be left out; a chapter's may not, and no
        // body may be written twice.
        assert_eq!(at(&format!("a{one}b")), Some(vec![(1, 0)]));
        assert_eq!(at(&format!("a{two}")), None);
        assert_eq!(at(&format!("{one}{one}{two}")), None);
        assert_eq!(at(&format!("{one}{two}{two}")), None);
        // Marks of bodies the document does not have are text.
        assert_eq!(at(&format!("{one}{}", body_mark(7))), Some(vec![(0, 0)]));
    }

    #[test]
    fn where_packs_and_print_views_are_published() {
        assert_eq!(
            role_pack_path("roles/schools-liaison-officer.html"),
            "roles/schools-liaison-officer/pack.html"
        );
        assert_eq!(print_path("guides/index.html"), "guides/print.html");
        assert_eq!(print_path("index.html"), "print.html");
    }
}
