//! Navigation: the sidebar (a bounded window of each open folder, made once
//! per folder block and shared), breadcrumbs, and the window arithmetic the
//! sidebar and previous/next share.

use crate::model::site::SectionId;

use super::context::*;
use super::input::*;
use super::reads::Read;
use super::renderer::Renderer;

/// How many sidebars [`Renderer::nav`] keeps for reuse.
const NAV_CACHE_LIMIT: usize = 256;

impl<'a> Renderer<'_, 'a> {
    pub(super) fn section_item(&self, id: SectionId, root: &Here) -> SectionItem {
        let section = &self.input.site.sections[id];
        self.note(Read::SectionSummary(id));
        let summary = match (&section.index, &self.input.sections[id]) {
            (Some(doc), Some(rendered)) => summary_of(doc, rendered).to_owned(),
            _ => String::new(),
        };
        SectionItem {
            title: section.title.clone(),
            href: root.href(&section.path),
            count: section.total_pages,
            summary,
        }
    }

    pub(super) fn breadcrumbs(&self, section: SectionId, root: &Here) -> Vec<Link> {
        self.input
            .site
            .ancestry(section)
            .into_iter()
            .map(|id| {
                let s = &self.input.site.sections[id];
                Link {
                    title: if id == SectionId::ROOT {
                        "Home".to_owned()
                    } else {
                        s.title.clone()
                    },
                    href: root.href(&s.path),
                }
            })
            .collect()
    }

    /// Breadcrumbs of a generated page: Home, then optionally one index page
    /// (title and output path).
    pub(super) fn home_crumbs(&self, root: &Here, index: Option<(&str, &str)>) -> Vec<Link> {
        let mut crumbs = vec![Link {
            title: "Home".into(),
            href: root.href("index.html"),
        }];
        if let Some((title, path)) = index {
            crumbs.push(Link {
                title: title.to_owned(),
                href: root.href(path),
            });
        }
        crumbs
    }

    /// The sidebar: top-level sections, opened along the path to the current
    /// page. Each folder shows at most [`NAV_LIMIT`] entries around the
    /// current one, then a link to its full list, so the sidebar stays small
    /// however large the site is.
    ///
    /// The sidebar is the same for every page of a folder that falls in the
    /// same block of entries, so it is made once per (section, block,
    /// folder) and shared; templates mark the current entry themselves.
    pub(super) fn nav(
        &self,
        current_section: SectionId,
        current_path: &str,
        root: &Here,
    ) -> tera::Value {
        let site = self.input.site;
        let pages = self.order(current_section);
        let block = site
            .page_at(current_path)
            .and_then(|id| pages.iter().position(|&p| p == id))
            .map_or(0, |i| window_start(pages.len(), i));
        let folder = current_path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let key = (current_section, block, folder.to_owned());
        if let Some((found, reads)) = self
            .nav_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            self.reads.extend(&reads);
            return found;
        }
        let start = self.reads.mark();
        let open = site.ancestry(current_section);
        let mut items = Vec::new();
        self.nav_level(SectionId::ROOT, 0, &open, current_path, root, &mut items);
        let value = tera::Value::from_serializable(&items);
        if let Ok(mut cache) = self.nav_cache.lock() {
            // Files are rendered roughly in site order, so a folder's
            // sidebars are wanted close together: a bounded cache finds
            // nearly all of them, without holding every sidebar of a
            // large site (9,000 of them, 300 MB, at 100,000 pages).
            if cache.len() >= NAV_CACHE_LIMIT {
                cache.clear();
            }
            cache.insert(key, (value.clone(), self.reads.since(start)));
        }
        value
    }

    pub(super) fn nav_level(
        &self,
        section: SectionId,
        depth: usize,
        open: &[SectionId],
        current_path: &str,
        root: &Here,
        items: &mut Vec<NavItem>,
    ) {
        let site = self.input.site;
        let s = &site.sections[section];
        let children = window(&s.children, |&c| open.contains(&c));
        for &child in &children.items {
            let c = &site.sections[child];
            let is_open = open.contains(&child);
            items.push(NavItem {
                title: c.title.clone(),
                href: root.href(&c.path),
                path: c.path.clone(),
                depth,
                open: is_open,
                is_section: true,
                count: Some(c.total_pages),
                more: false,
            });
            if is_open {
                self.nav_level(child, depth + 1, open, current_path, root, items);
            }
        }
        let pages = if section == SectionId::ROOT || open.contains(&section) {
            window(self.order(section), |&p| site.pages[p].path == current_path)
        } else {
            Window::default()
        };
        for &page in &pages.items {
            let p = &site.pages[page];
            items.push(NavItem {
                title: self.title(page).to_owned(),
                href: root.href(&p.path),
                path: p.path.clone(),
                depth,
                open: false,
                is_section: false,
                count: None,
                more: false,
            });
        }
        let left_out = children.left_out + pages.left_out;
        if left_out > 0 {
            items.push(NavItem {
                title: format!(
                    "{left_out} more in {}…",
                    if section == SectionId::ROOT {
                        "Home"
                    } else {
                        &s.title
                    }
                ),
                href: root.href(&s.path),
                path: String::new(),
                depth,
                open: false,
                is_section: false,
                count: None,
                more: true,
            });
        }
    }
}

/// The entries of a folder of `len` entries that the sidebar shows when
/// the entry at `current` is open (the first block if none is): all of
/// them, or the aligned block of [`NAV_LIMIT`] holding it.
pub(super) fn nav_window(len: usize, current: Option<usize>) -> std::ops::Range<usize> {
    if len <= NAV_LIMIT {
        return 0..len;
    }
    let start = window_start(len, current.unwrap_or(0));
    start..start + NAV_LIMIT
}

/// A bounded slice of a folder's entries: the block of [`NAV_LIMIT`] entries
/// that holds the one `is_current` picks (the first block if none).
pub(super) struct Window<T> {
    pub(super) items: Vec<T>,
    pub(super) left_out: usize,
}

impl<T> Default for Window<T> {
    fn default() -> Window<T> {
        Window {
            items: Vec::new(),
            left_out: 0,
        }
    }
}

pub(super) fn window<T: Copy>(all: &[T], is_current: impl Fn(&T) -> bool) -> Window<T> {
    let shown = nav_window(all.len(), all.iter().position(is_current));
    Window {
        left_out: all.len() - shown.len(),
        items: all[shown].to_vec(),
    }
}

/// Where the window of a folder of `len` entries starts for entry `current`:
/// blocks of [`NAV_LIMIT`], the last one ending with the folder.
pub(super) fn window_start(len: usize, current: usize) -> usize {
    if len <= NAV_LIMIT {
        0
    } else {
        (current / NAV_LIMIT * NAV_LIMIT).min(len - NAV_LIMIT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_keeps_the_current_entry_in_view() {
        let all: Vec<usize> = (0..100).collect();
        for current in [0, 14, 15, 50, 90, 99] {
            let w = window(&all, |&i| i == current);
            assert_eq!(w.items.len(), NAV_LIMIT);
            assert!(w.items.contains(&current), "{current}");
        }
        let w = window(&all, |&i| i == 90);
        assert_eq!(w.left_out, 100 - NAV_LIMIT);
        let small: Vec<usize> = (0..3).collect();
        assert_eq!(window(&small, |_| false).items, small);
    }
}
