//! Stage 3, model — resolve links: what a link written in a page points at.
//!
//! [`LinkIndex`] is built once from the whole site (every page, section and
//! asset) and answers, for a link written in one source file, which output
//! file it leads to. It is a pure lookup: the Markdown renderer asks it and
//! writes the answer, relative to the page being rendered.

use std::collections::hash_map::Entry;
use std::collections::HashSet;

use rustc_hash::FxHashMap;

use crate::urls;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page or section of the site: its output path and optional `#anchor`.
    Page {
        path: String,
        anchor: Option<String>,
    },
    /// A file copied from the content folder.
    Asset { path: String },
    /// An anchor on the same page: `#open-actions`.
    SamePage { anchor: String },
    /// Outside the site (`https:`, `mailto:` …).
    External,
    /// A page marked `draft: true`, which is not published.
    Draft { rel: String },
    /// A page whose audience is narrower than the build's, which is not
    /// published: shown as the link's text, never by its own title.
    Withheld,
    /// A wikilink name that fits several pages equally well.
    Ambiguous { candidates: Vec<String> },
    /// A `.md` file or other file in the content folder that does not exist.
    Missing { rel: String },
}

/// Every link target of the site, by source path.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Source path (`handovers/ana.md`) → output path of its page.
    pages: FxHashMap<String, String>,
    /// Folder (`handovers`) → output path of its section page.
    sections: FxHashMap<String, String>,
    /// Output paths of pages and sections, in lower case → as published.
    published: FxHashMap<String, String>,
    /// Source paths without `.md` or a folder page's own name, in lower
    /// case (`commands/hugo_mod`, `docs`) → output path: the addresses other
    /// generators publish a file at (`/commands/hugo_mod/`).
    addresses: FxHashMap<String, String>,
    /// Jekyll posts (`_posts/2016-04-19-title.md`) by the end of the
    /// address Jekyll publishes them at (`2016/04/19/title`), whatever its
    /// `permalink` setting puts before it (`/news/…`, categories).
    posts: FxHashMap<String, String>,
    /// Pages by file name in lower case (`setup.md`): the source path and
    /// output path of the one page of that name, or `None` when two or more
    /// have it; for links that name a file wherever it is.
    page_names: FxHashMap<String, Option<(String, String)>>,
    /// Source paths of the assets; they keep their path in the output.
    assets: HashSet<String>,
    /// The assets by file name in lower case, for wikilinks and embeds
    /// that name a file wherever it is (`![[diagram.png]]`), as Obsidian's do.
    asset_names: FxHashMap<String, Vec<String>>,
    /// Source paths of draft pages left out of the site.
    drafts: HashSet<String>,
    /// Wikilink names (file name, title, aliases, trailing folders/file),
    /// normalised → the pages they may mean.
    names: FxHashMap<String, Vec<Named>>,
    /// The same for drafts, to say why a name does not resolve.
    draft_names: HashSet<String>,
    /// Source paths and names of pages withheld from the build's audience.
    withheld: HashSet<String>,
    withheld_names: HashSet<String>,
    /// All names, sorted, made on first use: for "did you mean" suggestions.
    sorted_names: std::sync::OnceLock<Vec<String>>,
}

/// A page a wikilink name may mean.
#[derive(Debug, Clone)]
struct Named {
    rel: String,
    path: String,
}

/// An address in lower case without the slashes around it or the
/// `.html` or `index.html` that ends it: `/Help/index.html` → `help`.
fn bare_address(address: &str) -> String {
    let address = address.trim_matches('/');
    let address = address.strip_suffix("index.html").unwrap_or(address);
    let address = address.strip_suffix(".html").unwrap_or(address);
    address.trim_matches('/').to_lowercase()
}

/// For a Jekyll post (`_posts/2016-04-19-title`, in any folder), the end
/// of its published address: `2016/04/19/title`.
fn post_address(source: &str) -> Option<String> {
    let (folder, name) = source.rsplit_once('/')?;
    if !folder.split('/').any(|part| part == "_posts") {
        return None;
    }
    let date = name.get(..10)?;
    let title = name.get(10..)?.strip_prefix('-')?;
    let parts: Vec<&str> = date.split('-').collect();
    let dated = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(len, part)| part.len() == *len && part.bytes().all(|b| b.is_ascii_digit()));
    (dated && !title.is_empty()).then(|| format!("{}/{title}", parts.join("/")))
}

impl LinkIndex {
    pub fn new() -> LinkIndex {
        LinkIndex::default()
    }

    pub fn add_page(&mut self, rel: &str, output_path: &str) {
        self.pages.insert(rel.to_owned(), output_path.to_owned());
        let name = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
        match self.page_names.entry(name) {
            Entry::Vacant(vacant) => {
                vacant.insert(Some((rel.to_owned(), output_path.to_owned())));
            }
            Entry::Occupied(mut taken) => match taken.get_mut() {
                Some((same, path)) if same == rel => *path = output_path.to_owned(),
                one => *one = None,
            },
        }
        self.published
            .insert(output_path.to_lowercase(), output_path.to_owned());
        let address = rel.strip_suffix(".md").unwrap_or(rel).to_lowercase();
        if let Some(post) = post_address(&address) {
            self.posts.insert(post, output_path.to_owned());
        }
        self.addresses
            .entry(address)
            .or_insert_with(|| output_path.to_owned());
    }

    /// Makes the page at `output_path` the one a link to `address` (as
    /// another generator published it: `/philosophy/`, `/docs/x.html`)
    /// leads to. An address a source file already has keeps its page.
    pub fn add_address(&mut self, address: &str, output_path: &str) {
        let key = bare_address(address);
        if !key.is_empty() {
            self.addresses
                .entry(key)
                .or_insert_with(|| output_path.to_owned());
        }
    }

    /// A file that looks like Markdown but is not read as Markdown
    /// (`manual/setup.html.md.erb`, when `markdown_extensions` leaves its
    /// ending out), published as a page at the address `rel` would name if
    /// it were read.
    pub fn unread_markdown(&self, rel: &str) -> Option<&str> {
        let bare = rel.trim_matches('/');
        let bare = bare.strip_suffix(".html").unwrap_or(bare);
        let stem = format!("{}.", bare.trim_end_matches('/'));
        let index = format!("{}/index.", bare.trim_end_matches('/'));
        self.assets
            .iter()
            .filter(|asset| asset.starts_with(&stem) || asset.starts_with(&index))
            .find(|asset| urls::looks_like_markdown(asset))
            .map(String::as_str)
    }

    /// The output path of the page made from the source file `rel`.
    pub fn page_path(&self, rel: &str) -> Option<&str> {
        self.pages.get(rel).map(String::as_str)
    }

    pub fn add_section(&mut self, dir: &str, output_path: &str) {
        self.sections.insert(dir.to_owned(), output_path.to_owned());
        self.published
            .insert(output_path.to_lowercase(), output_path.to_owned());
        // A folder's page is published at the folder's address, before
        // any page of the same name beside the folder.
        self.addresses
            .insert(dir.to_lowercase(), output_path.to_owned());
    }

    /// The page published at the address `rel` names (`manual/x.html`,
    /// `docs/x/`, `docs/x`, in any case), as links written for another
    /// generator's output name them: Cairn's own address, else the one
    /// most generators give the source file (`docs/x.md` at `docs/x/`).
    fn published_at(&self, rel: &str) -> Option<&String> {
        let bare = rel.trim_end_matches('/').to_lowercase();
        if bare.is_empty() {
            return self.published.get("index.html");
        }
        [
            bare.clone(),
            format!("{bare}.html"),
            format!("{bare}/index.html"),
        ]
        .iter()
        .find_map(|candidate| self.published.get(candidate))
        .or_else(|| self.addresses.get(&bare_address(&bare)))
        .or_else(|| {
            // The last four parts: year, month, day and title.
            let address = bare_address(&bare);
            let parts: Vec<&str> = address.rsplitn(5, '/').collect();
            let dated = parts.get(..4)?.iter().rev().copied().collect::<Vec<_>>();
            self.posts.get(&dated.join("/"))
        })
    }

    pub fn add_asset(&mut self, rel: &str) {
        self.assets.insert(rel.to_owned());
        let name = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
        self.asset_names
            .entry(name)
            .or_default()
            .push(rel.to_owned());
    }

    /// The file a wikilink `name` (`diagram.png`, `Attachments/diagram.png`)
    /// means, wherever it is: the one in the linking page's folder, else
    /// the one with the shortest path (then the first in path order); with
    /// `only`, none unless just one file has that name.
    fn asset_named(&self, from_rel: &str, name: &str, only: bool) -> Option<String> {
        let name = name.trim().to_lowercase();
        let file = name.rsplit('/').next().unwrap_or(&name);
        let found = self.asset_names.get(file)?;
        let fits = |rel: &&String| {
            let rel = rel.to_lowercase();
            rel == name || rel.ends_with(&format!("/{name}"))
        };
        let here = urls::parent_dir(from_rel);
        if only && found.iter().filter(fits).count() != 1 {
            return None;
        }
        found
            .iter()
            .filter(fits)
            .min_by_key(|rel| {
                (
                    urls::parent_dir(rel) != here,
                    rel.matches('/').count(),
                    rel.as_str(),
                )
            })
            .cloned()
    }

    pub fn add_draft(&mut self, rel: &str, title: &str, aliases: &[String]) {
        self.drafts.insert(rel.to_owned());
        for key in name_keys(rel, title, aliases) {
            self.draft_names.insert(key);
        }
    }

    /// Records a page withheld from the build's audience, so that links to
    /// it are told apart from broken ones.
    pub fn add_withheld(&mut self, rel: &str, title: &str, aliases: &[String]) {
        self.withheld.insert(rel.to_owned());
        for key in name_keys(rel, title, aliases) {
            self.withheld_names.insert(key);
        }
    }

    /// Makes a page reachable by wikilink: by its file name, its title, its
    /// aliases, and its path (`[[2024/ana]]`, `[[handovers/2024/ana]]`).
    pub fn add_names(&mut self, rel: &str, output_path: &str, title: &str, aliases: &[String]) {
        for key in name_keys(rel, title, aliases) {
            let named = self.names.entry(key).or_default();
            if !named.iter().any(|n| n.rel == rel) {
                named.push(Named {
                    rel: rel.to_owned(),
                    path: output_path.to_owned(),
                });
            }
        }
    }

    /// Whether `rel` is a draft left out of the site.
    pub fn is_draft(&self, rel: &str) -> bool {
        self.drafts.contains(rel)
    }

    /// The name a wikilink target (`Page`, `Page#Heading`) is looked up
    /// by: its page part, normalised.
    pub fn wiki_key(target: &str) -> String {
        let target = target.strip_suffix('\\').unwrap_or(target);
        normalize_name(target.split_once('#').map_or(target, |(name, _)| name))
    }

    /// Makes the page from `rel` reachable by `new_title` instead of
    /// `old_title` (its other names stay).
    pub fn retitle(
        &mut self,
        (rel, output_path): (&str, &str),
        old_title: &str,
        new_title: &str,
        aliases: &[String],
    ) {
        let old = name_keys(rel, old_title, aliases);
        let new = name_keys(rel, new_title, aliases);
        // The sorted names, if made already, are kept up to date rather
        // than made again from all names.
        let mut sorted = self.sorted_names.take();
        for key in old.iter().filter(|k| !new.contains(k)) {
            if let Some(named) = self.names.get_mut(key) {
                named.retain(|n| n.rel != rel);
                if named.is_empty() {
                    self.names.remove(key);
                    if let Some(sorted) = sorted.as_mut() {
                        if let Ok(at) = sorted.binary_search(key) {
                            sorted.remove(at);
                        }
                    }
                }
            }
        }
        if let Some(sorted) = sorted.as_mut() {
            for key in &new {
                if let Err(at) = sorted.binary_search(key) {
                    sorted.insert(at, key.clone());
                }
            }
        }
        self.add_names(rel, output_path, new_title, aliases);
        if let Some(sorted) = sorted {
            let _ = self.sorted_names.set(sorted);
        }
    }

    /// Resolves the target of a wikilink (`Page`, `Page#Heading`, `#Heading`,
    /// `folder/page`), written in `from_rel`. Names match case-insensitively,
    /// with spaces, hyphens and underscores alike. A name that fits several
    /// pages means the one in the linking page's folder, else the one with
    /// the shortest path; a tie is ambiguous. A name that is no page's but a
    /// file's (`diagram.png`, wherever it is) leads to that file.
    pub fn resolve_wiki(&self, from_rel: &str, target: &str) -> Target {
        // In a table, Obsidian writes the pipe before a label as `\|`.
        let target = target.strip_suffix('\\').unwrap_or(target);
        // `Page#Heading#Subheading` means the last heading, as in Obsidian.
        let (name, heading) = match target.split_once('#') {
            Some((name, heading)) => (name, heading.rsplit('#').next()),
            None => (target, None),
        };
        // `Page#^id` names an Obsidian block, whose anchor is `^id`.
        let anchor = heading
            .map(|h| match h.strip_prefix('^') {
                Some(block) => format!("^{}", block.trim().to_lowercase()),
                None => urls::heading_id(h),
            })
            .filter(|a| !a.is_empty());
        if name.trim().is_empty() {
            return match anchor {
                Some(anchor) => Target::SamePage { anchor },
                None => Target::Missing {
                    rel: target.to_owned(),
                },
            };
        }
        let key = normalize_name(name);
        let Some(named) = self.names.get(&key) else {
            if let Some(path) = self.asset_named(from_rel, name, false) {
                return Target::Asset { path };
            }
            if self.draft_names.contains(&key) {
                return Target::Draft {
                    rel: name.to_owned(),
                };
            }
            if self.withheld_names.contains(&key) {
                return Target::Withheld;
            }
            return Target::Missing {
                rel: name.to_owned(),
            };
        };
        // As Obsidian: a page of that name in the linking page's own folder
        // first, else the one with the shortest path.
        let here = urls::parent_dir(from_rel);
        let beside: Vec<&Named> = named
            .iter()
            .filter(|n| urls::parent_dir(&n.rel) == here)
            .collect();
        let depth = |n: &Named| n.rel.matches('/').count();
        let best = named
            .iter()
            .map(depth)
            .min()
            .expect("names are never empty");
        let nearest: Vec<&Named> = if beside.len() == 1 {
            beside
        } else {
            named.iter().filter(|n| depth(n) == best).collect()
        };
        if let [only] = nearest.as_slice() {
            if only.rel == from_rel && anchor.is_some() {
                return Target::SamePage {
                    anchor: anchor.unwrap_or_default(),
                };
            }
            return Target::Page {
                path: only.path.clone(),
                anchor,
            };
        }
        let mut candidates: Vec<String> = nearest.iter().map(|n| n.rel.clone()).collect();
        candidates.sort();
        Target::Ambiguous { candidates }
    }

    /// Resolves `href`, written in the source file `from_rel`.
    pub fn resolve(&self, from_rel: &str, href: &str) -> Target {
        if urls::is_external(href) {
            return Target::External;
        }
        // Heading ids are lower case, and the Git forges find a heading
        // whatever the case of the link (`#How-to-apply`), percent-encoded
        // or not, and after a doubled `#`.
        let (path_part, anchor) = match href.split_once('#') {
            Some((path, anchor)) => (
                path,
                Some(
                    percent_encoding::percent_decode_str(anchor.trim_start_matches('#'))
                        .decode_utf8_lossy()
                        .to_lowercase(),
                ),
            ),
            None => (href, None),
        };
        // `#` alone leads to the top of the page, as browsers take it.
        let anchor = anchor.filter(|a| !a.is_empty());
        let path_part = path_part.split_once('?').map_or(path_part, |(p, _)| p);
        // Zola writes links to content files from the content folder as
        // `@/guide/setup.md`.
        let path_part = path_part
            .strip_prefix('@')
            .filter(|rest| rest.starts_with('/'))
            .unwrap_or(path_part);
        if path_part.is_empty() {
            return match anchor {
                Some(anchor) => Target::SamePage { anchor },
                None => Target::External,
            };
        }
        let decoded = percent_encoding::percent_decode_str(path_part).decode_utf8_lossy();
        // `None` when the link climbs out of the content folder.
        let joined = urls::join_normalized(urls::parent_dir(from_rel), &decoded);
        if let Some(found) = joined.as_deref().and_then(|rel| self.at(rel, &anchor)) {
            return found;
        }
        // A bare file name that is not beside the page: Obsidian finds it
        // wherever it is, when only one file has that name.
        if !decoded.contains('/') {
            if let Some(Some((_, path))) = self.page_names.get(&decoded.to_lowercase()) {
                return Target::Page {
                    path: path.clone(),
                    anchor,
                };
            }
            if let Some(path) = self.asset_named(from_rel, &decoded, true) {
                return Target::Asset { path };
            }
        }
        // Written from the page's published address, by generators that
        // publish `guide/setup.md` at `guide/setup/` (MkDocs, Jekyll, Hugo):
        // `../img/x.png` there is `guide/img/x.png`.
        if !decoded.starts_with('/') {
            let stem = from_rel.strip_suffix(".md").unwrap_or(from_rel);
            let found =
                urls::join_normalized(stem, &decoded).and_then(|rel| self.at(&rel, &anchor));
            if let Some(found) = found {
                return found;
            }
            // A file named from the site's root, as Middleman's asset
            // helpers find `images/x.png` written on any page.
            if let Some(path) = urls::join_normalized("", &decoded) {
                if self.assets.contains(&path) {
                    return Target::Asset { path };
                }
            }
        }
        Target::Missing {
            rel: joined.unwrap_or_else(|| decoded.into_owned()),
        }
    }

    /// What the source path `rel` (`guide/setup.md`, `guide`, `img/x.png`)
    /// or the published address it names (`guide/setup/`) leads to, if
    /// anything of the site.
    fn at(&self, rel: &str, anchor: &Option<String>) -> Option<Target> {
        let page = |path: &String| Target::Page {
            path: path.clone(),
            anchor: anchor.clone(),
        };
        if let Some(path) = self.pages.get(rel) {
            return Some(page(path));
        }
        if let Some(path) = self.sections.get(rel.trim_end_matches('/')) {
            return Some(page(path));
        }
        if self.assets.contains(rel) {
            return Some(Target::Asset {
                path: rel.to_owned(),
            });
        }
        if self.drafts.contains(rel) {
            return Some(Target::Draft {
                rel: rel.to_owned(),
            });
        }
        if self.withheld.contains(rel) {
            return Some(Target::Withheld);
        }
        // The page's published address, as links written for the output
        // of another generator name it (`/manual/x.html`, `../x/`).
        self.published_at(rel).map(page)
    }

    /// Names close to `name`, for "did you mean" in a broken wikilink.
    ///
    /// Comparing with every name would be slow on large sites, so only names
    /// that start with the same letters (three, and one more for every four
    /// letters of a long name) and are about as long are scored: typos rarely
    /// hit the first letters.
    pub fn similar_names(&self, name: &str) -> Vec<String> {
        let sorted = self.sorted_names.get_or_init(|| {
            let mut keys: Vec<String> = self.names.keys().cloned().collect();
            keys.sort_unstable();
            keys
        });
        let wanted = normalize_name(name);
        let prefix: String = wanted
            .chars()
            .take(3 + wanted.chars().count() / 4)
            .collect();
        let from = sorted.partition_point(|k| k.as_str() < prefix.as_str());
        let mut scored: Vec<(f64, &Named)> = sorted[from..]
            .iter()
            .take_while(|k| k.starts_with(&prefix))
            .filter(|k| k.len().abs_diff(wanted.len()) <= 4)
            .map(|k| (strsim::jaro_winkler(&wanted, k), &self.names[k][0]))
            .filter(|(score, _)| *score > 0.85)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.rel.cmp(&b.1.rel)));
        let mut found: Vec<String> = Vec::new();
        for (_, named) in scored {
            if !found.contains(&named.rel) {
                found.push(named.rel.clone());
            }
            if found.len() == 3 {
                break;
            }
        }
        found
    }
}

/// The form names are compared in: lower case, with `-`, `_` and runs of
/// white space as one space, without a trailing `.md`.
pub fn normalize_name(name: &str) -> String {
    let name = name.trim();
    let name = name.strip_suffix(".md").unwrap_or(name);
    let mut out = String::with_capacity(name.len());
    for word in name.split(|c: char| c.is_whitespace() || c == '-' || c == '_') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() && !out.ends_with('/') && !word.starts_with('/') {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out.replace(" /", "/").replace("/ ", "/")
}

/// Every name a page answers to.
fn name_keys(rel: &str, title: &str, aliases: &[String]) -> Vec<String> {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let mut keys = vec![normalize_name(title)];
    keys.extend(aliases.iter().map(|a| normalize_name(a)));
    // `ana`, `2024/ana`, `handovers/2024/ana`; for `_index.md`, its folder.
    let parts: Vec<&str> = stem.split('/').collect();
    let parts: &[&str] = match parts.split_last() {
        Some((last, rest)) if urls::is_index_stem(last) && !rest.is_empty() => rest,
        _ => &parts,
    };
    for start in 0..parts.len() {
        keys.push(normalize_name(&parts[start..].join("/")));
    }
    keys.retain(|k| !k.is_empty());
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut index = LinkIndex::new();
        index.add_page("handovers/ana.md", "handovers/ana.html");
        index.add_page("people/ben smith.md", "people/ben-smith.html");
        index.add_section("handovers", "handovers/index.html");
        index.add_asset("handovers/map.png");
        index
    }

    #[test]
    fn resolves_relative_markdown_links() {
        let i = index();
        assert_eq!(
            i.resolve("people/x.md", "../handovers/ana.md#open-actions"),
            Target::Page {
                path: "handovers/ana.html".into(),
                anchor: Some("open-actions".into())
            }
        );
        assert_eq!(
            i.resolve("handovers/ana.md", "../people/ben%20smith.md"),
            Target::Page {
                path: "people/ben-smith.html".into(),
                anchor: None
            }
        );
        assert_eq!(
            i.resolve("people/x.md", "../handovers/"),
            Target::Page {
                path: "handovers/index.html".into(),
                anchor: None
            }
        );
    }

    #[test]
    fn a_bare_file_name_finds_the_one_page_of_that_name_anywhere() {
        let mut i = index();
        // Not beside the linking page, in any case: the only `Ana.md`.
        assert_eq!(
            i.resolve("guides/x.md", "Ana.md#top"),
            Target::Page {
                path: "handovers/ana.html".into(),
                anchor: Some("top".into())
            }
        );
        // A page added again under the same source path stays the one.
        i.add_page("handovers/ana.md", "handovers/ana-2.html");
        assert!(matches!(
            i.resolve("guides/x.md", "ana.md"),
            Target::Page { path, .. } if path == "handovers/ana-2.html"
        ));
        // Two pages of that name: neither is guessed.
        i.add_page("archive/ANA.md", "archive/ana.html");
        assert!(matches!(
            i.resolve("guides/x.md", "ana.md"),
            Target::Missing { .. }
        ));
        i.add_page("archive/old/ana.md", "archive/old/ana.html");
        assert!(matches!(
            i.resolve("guides/x.md", "ana.md"),
            Target::Missing { .. }
        ));
    }

    #[test]
    fn wikilinks_resolve_by_file_name_title_alias_and_path() {
        let mut i = LinkIndex::new();
        i.add_names(
            "people/ana-silva.md",
            "people/ana-silva.html",
            "Ana Silva",
            &["Ana S.".into()],
        );
        i.add_names(
            "glossary/mash.md",
            "glossary/mash.html",
            "MASH (Multi-Agency Safeguarding Hub)",
            &["MASH".into()],
        );
        let page = |path: &str, anchor: Option<&str>| Target::Page {
            path: path.into(),
            anchor: anchor.map(Into::into),
        };
        assert_eq!(
            i.resolve_wiki("a.md", "ana-silva"),
            page("people/ana-silva.html", None)
        );
        assert_eq!(
            i.resolve_wiki("a.md", "Ana Silva"),
            page("people/ana-silva.html", None)
        );
        assert_eq!(
            i.resolve_wiki("a.md", "ana_SILVA"),
            page("people/ana-silva.html", None)
        );
        assert_eq!(
            i.resolve_wiki("a.md", "Ana S."),
            page("people/ana-silva.html", None)
        );
        assert_eq!(
            i.resolve_wiki("a.md", "people/ana silva"),
            page("people/ana-silva.html", None)
        );
        assert_eq!(
            i.resolve_wiki("a.md", "mash#When to refer"),
            page("glossary/mash.html", Some("when-to-refer"))
        );
        assert_eq!(
            i.resolve_wiki("a.md", "#Open actions"),
            Target::SamePage {
                anchor: "open-actions".into()
            }
        );
        assert_eq!(
            i.resolve_wiki("a.md", "Nobody"),
            Target::Missing {
                rel: "Nobody".into()
            }
        );
        assert_eq!(i.similar_names("Ana Silvia"), ["people/ana-silva.md"]);
    }

    #[test]
    fn ambiguous_wikilinks_prefer_the_shortest_path_then_name_all() {
        let mut i = LinkIndex::new();
        i.add_names("notes/plan.md", "notes/plan.html", "Plan", &[]);
        i.add_names("projects/x/plan.md", "projects/x/plan.html", "Plan", &[]);
        assert_eq!(
            i.resolve_wiki("a.md", "plan"),
            Target::Page {
                path: "notes/plan.html".into(),
                anchor: None
            }
        );
        i.add_names("guides/plan.md", "guides/plan.html", "Plan", &[]);
        assert_eq!(
            i.resolve_wiki("a.md", "plan"),
            Target::Ambiguous {
                candidates: vec!["guides/plan.md".into(), "notes/plan.md".into()]
            }
        );
        assert_eq!(
            i.resolve_wiki("a.md", "projects/x/plan"),
            Target::Page {
                path: "projects/x/plan.html".into(),
                anchor: None
            }
        );
    }

    #[test]
    fn assets_anchors_externals_and_missing() {
        let i = index();
        assert_eq!(
            i.resolve("handovers/ana.md", "map.png"),
            Target::Asset {
                path: "handovers/map.png".into()
            }
        );
        assert_eq!(
            i.resolve("a.md", "#top"),
            Target::SamePage {
                anchor: "top".into()
            }
        );
        assert_eq!(
            i.resolve("a.md", "https://example.org/x.md"),
            Target::External
        );
        // An empty fragment is the top of the page.
        assert_eq!(i.resolve("a.md", "#"), Target::External);
        assert_eq!(
            i.resolve("people/x.md", "../handovers/ana.md#"),
            Target::Page {
                path: "handovers/ana.html".into(),
                anchor: None
            }
        );
        assert_eq!(
            i.resolve("a.md", "gone.md"),
            Target::Missing {
                rel: "gone.md".into()
            }
        );
    }

    #[test]
    fn addresses_other_generators_give_a_source_file() {
        let i = index();
        let ben = Target::Page {
            path: "people/ben-smith.html".into(),
            anchor: None,
        };
        // Hugo and Jekyll publish `people/Ben Smith.md` at `/people/ben smith/`.
        assert_eq!(i.resolve("handovers/ana.md", "/people/Ben%20Smith/"), ben);
        assert_eq!(i.resolve("handovers/ana.md", "../people/ben smith"), ben);
        // MkDocs and Jekyll publish `handovers/ana.md` at `handovers/ana/`,
        // and links written there count from that folder.
        assert_eq!(
            i.resolve("handovers/ana.md", "../map.png"),
            Target::Asset {
                path: "handovers/map.png".into()
            }
        );
        assert_eq!(
            i.resolve("guide/theme.md", "../../handovers/map.png"),
            Target::Asset {
                path: "handovers/map.png".into()
            }
        );
        // Zola writes content links from the content folder after `@`.
        assert_eq!(
            i.resolve("handovers/ana.md", "@/people/ben smith.md#x"),
            Target::Page {
                path: "people/ben-smith.html".into(),
                anchor: Some("x".into())
            }
        );
        assert_eq!(
            i.resolve("a.md", "@/people/gone.md"),
            Target::Missing {
                rel: "people/gone.md".into()
            }
        );
    }

    #[test]
    fn addresses_jekyll_gives_posts_and_redirects() {
        let mut i = index();
        i.add_page(
            "_posts/2016-04-19-jekyll-3-0-4-released.md",
            "posts/2016-04-19-jekyll-3-0-4-released.html",
        );
        i.add_address("/help/index.html", "handovers/ana.html");
        let post = Target::Page {
            path: "posts/2016-04-19-jekyll-3-0-4-released.html".into(),
            anchor: None,
        };
        for link in [
            "/news/2016/04/19/jekyll-3-0-4-released/",
            "/2016/04/19/jekyll-3-0-4-released.html",
            "/release/2016/04/19/jekyll-3-0-4-released/",
        ] {
            assert_eq!(i.resolve("a.md", link), post, "{link}");
        }
        assert!(matches!(
            i.resolve("a.md", "/news/2016/04/20/jekyll-3-0-4-released/"),
            Target::Missing { .. }
        ));
        let ana = Target::Page {
            path: "handovers/ana.html".into(),
            anchor: None,
        };
        assert_eq!(i.resolve("a.md", "/help/"), ana);
        assert_eq!(i.resolve("a.md", "/help.html"), ana);
    }

    #[test]
    fn a_file_not_beside_the_page_is_found_from_the_root() {
        let i = index();
        assert_eq!(
            i.resolve("manual/deep/x.md", "handovers/map.png"),
            Target::Asset {
                path: "handovers/map.png".into()
            }
        );
        // Pages are not: a link to `handovers/ana.md` from elsewhere means
        // a page beside it.
        assert!(matches!(
            i.resolve("manual/x.md", "people/x.md"),
            Target::Missing { .. }
        ));
    }
}
