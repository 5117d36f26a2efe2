//! Machine-read outputs: the sitemap, the Atom feed of recent changes, the
//! index of titles searched when the site is opened from disk, and each
//! page's hover preview script.

use serde::Serialize;

use crate::content::frontmatter::Document;
use crate::diagnostics::Diagnostic;
use crate::model::site::PageId;
use crate::search;

use super::context::*;
use super::reads::Read;
use super::renderer::Renderer;

/// How many pages the page of recent changes lists.
const CHANGES_LIMIT: usize = 100;

impl<'a> Renderer<'_, 'a> {
    /// The `n` pages changed last, newest first (ties: later source path
    /// first), with the day each changed.
    pub(super) fn recently_changed(&self, n: usize) -> Vec<(jiff::civil::Date, PageId)> {
        let mut changed: Vec<(jiff::civil::Date, PageId)> = self
            .changed_days()
            .filter_map(|(id, day)| day.map(|d| (d, id)))
            .collect();
        let newest_first =
            |a: &(jiff::civil::Date, PageId), b: &(jiff::civil::Date, PageId)| b.cmp(a);
        if changed.len() > n && n > 0 {
            changed.select_nth_unstable_by(n - 1, newest_first);
        }
        changed.truncate(n);
        changed.sort_unstable_by(newest_first);
        changed
    }

    /// The page of recent changes: the pages changed most recently, newest
    /// first, each said to be new or updated, with who wrote it.
    pub(super) fn changes_page(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Change {
            date: String,
            what: &'static str,
            page: tera::Value,
        }
        let path = self.addresses.changes.clone();
        let (mut context, _root) = self.generated_context(
            &path,
            "Recent changes",
            "The pages of the knowledge base changed most recently, newest first",
            None,
        );
        let site = self.input.site;
        let changes: Vec<Change> = self
            .recently_changed(CHANGES_LIMIT)
            .into_iter()
            .map(|(day, id)| Change {
                date: day.to_string(),
                what: if site.pages[id].doc.meta.date == Some(day) {
                    "New"
                } else {
                    "Updated"
                },
                page: self.list_item(id),
            })
            .collect();
        context.insert("changes", &changes);
        context.insert("limit", &CHANGES_LIMIT);
        self.render("changes.html", &context)
    }

    pub(super) fn sitemap(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Entry {
            loc: String,
            lastmod: Option<String>,
        }
        let base = self
            .input
            .config
            .base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/').to_owned() + "/")
            .unwrap_or_default();
        let site = self.input.site;
        let clean = |path: &str| path.strip_suffix("index.html").unwrap_or(path).to_owned();
        let mut entries: Vec<Entry> = site
            .sections
            .iter()
            .map(|s| Entry {
                loc: format!("{base}{}", clean(&s.path)),
                lastmod: s.index.as_ref().and_then(Document::last_changed),
            })
            .collect();
        entries.extend(site.pages.iter_enumerated().map(|(id, p)| Entry {
            loc: format!("{base}{}", clean(&p.path)),
            lastmod: self.last_changed(id),
        }));
        let mut context = tera::Context::new();
        context.insert("entries", &entries);
        self.render("sitemap.xml", &context)
    }

    pub(super) fn feed(&self) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct Entry {
            title: String,
            href: String,
            id: String,
            updated: String,
            author: Option<String>,
            summary: String,
            kind_label: String,
        }
        let site = self.input.site;
        let base = self
            .input
            .config
            .base_url
            .as_deref()
            .map(|b| b.trim_end_matches('/').to_owned() + "/");
        let changed = self.recently_changed(self.input.config.feed_limit);
        let entries: Vec<Entry> = changed
            .iter()
            .map(|(date, id)| {
                let page = &site.pages[*id];
                let href = format!("{}{}", base.as_deref().unwrap_or(""), page.path);
                self.note_list_item(*id);
                let item = self.input.list_item(*id);
                Entry {
                    title: item.title.to_owned(),
                    id: match &base {
                        Some(_) => href.clone(),
                        None => format!("urn:cairn:{}", page.path),
                    },
                    href,
                    updated: format!("{date}T00:00:00Z"),
                    author: item.author.map(str::to_owned),
                    summary: item.summary.to_owned(),
                    kind_label: item.kind_label.to_owned(),
                }
            })
            .collect();
        let mut context = tera::Context::new();
        context.insert("site", &self.site_context);
        context.insert("entries", &entries);
        context.insert(
            "updated",
            &format!(
                "{}T00:00:00Z",
                changed.first().map_or(self.input.today, |c| c.0)
            ),
        );
        context.insert(
            "feed_id",
            &base.clone().unwrap_or_else(|| "urn:cairn:site".to_owned()),
        );
        context.insert("base_url", &base);
        self.render("atom.xml", &context)
    }

    /// The index of titles searched from disk: every page's title, path,
    /// kind, aliases, tags, agencies and summary, made once per page.
    pub(super) fn search_titles(&self) -> String {
        for p in self.input.site.pages.keys() {
            self.note(Read::Title(p));
            self.note(Read::Summary(p));
        }
        search::titles_script(self.entries.titles.iter().map(String::as_str))
    }

    /// The previews of `pages`, as a script calling `cairnPreview(path,
    /// data)` for each: a script rather than data to fetch, so that
    /// previews work when the site is opened from disk too.
    pub(super) fn previews(&self, pages: &[PageId]) -> String {
        let mut script = String::new();
        for &id in pages {
            script.push_str(&self.preview(id));
        }
        script
    }

    /// One page's line of its preview script.
    fn preview(&self, id: PageId) -> String {
        #[derive(Serialize)]
        struct Preview<'p> {
            title: &'p str,
            kind: &'p str,
            summary: &'p str,
            /// The first paragraph, when the summary is written separately.
            first: &'p str,
            author: Option<&'p str>,
            updated: Option<String>,
            overdue: bool,
        }
        self.note(Read::Page(id));
        let page = &self.input.site.pages[id];
        let doc = &page.doc;
        let rendered = &self.input.pages[id];
        let summary = summary_of(doc, rendered);
        let preview = Preview {
            title: &doc.meta.title,
            kind: self.kind_label(&doc.kind),
            summary,
            first: if summary == rendered.summary {
                ""
            } else {
                &rendered.summary
            },
            author: doc.meta.author.as_deref(),
            updated: doc.last_changed(),
            overdue: doc.meta.review_by.is_some_and(|d| d < self.input.today),
        };
        let json = serde_json::to_string(&preview).expect("previews serialise");
        let path = serde_json::to_string(&page.path).expect("paths serialise");
        format!("cairnPreview({path},{json});\n")
    }
}
