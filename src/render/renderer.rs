//! The renderer shared by every output file: the render stage's input, the
//! values converted once for all files (the site's settings, every page's
//! list entry, sidebars), and the base context every template gets. The
//! files beside it add one kind of output each.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::diagnostics::Diagnostic;
use crate::model::site::SectionId;
use crate::urls;

use super::context::*;
use super::input::*;

pub(super) struct Renderer<'a> {
    pub(super) input: &'a RenderInput<'a>,
    /// Sidebars made so far, by (open section, block of its pages, folder
    /// of the page); see [`Renderer::nav`].
    pub(super) nav_cache: Mutex<HashMap<(SectionId, usize, String), tera::Value>>,
    pub(super) site_context: SiteContext<'a>,
    /// `site_context`, converted once for all pages.
    pub(super) site_value: tera::Value,
    /// Every page as a list entry, by page id, converted once.
    pub(super) list_items: Cow<'a, [tera::Value]>,
    /// Agency and project pages by (kind, normalised title, alias or
    /// short name); see [`Renderer::profile`].
    pub(super) profiles: OnceLock<HashMap<(&'static str, String), usize>>,
}

impl<'a> Renderer<'a> {
    pub(super) fn base_context(
        &self,
        path: &str,
        title: &str,
        description: &str,
    ) -> (tera::Context, Here) {
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("root", &urls::root_prefix(path));
        context.insert("title", title);
        context.insert("description", description);
        context.insert("current_path", path);
        (context, Here::Page(path.to_owned()))
    }

    pub(super) fn render(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.input.theme.render(template, context)
    }

    /// Page `id` as a list entry (see [`ListItem`]).
    pub(super) fn list_item(&self, id: usize) -> tera::Value {
        self.list_items[id].clone()
    }

    pub(super) fn kind_label<'k>(&'k self, kind: &'k str) -> &'k str {
        self.input
            .kinds
            .get(kind)
            .map_or(kind, |k| k.label.as_str())
    }

    /// The context of a page Cairn generates (roles, timeline, taxonomies,
    /// Needs review): the base context, the sidebar opened at the home page,
    /// and breadcrumbs from Home through `index` (title, output path), if any.
    pub(super) fn generated_context(
        &self,
        path: &str,
        title: &str,
        description: &str,
        index: Option<(&str, &str)>,
    ) -> (tera::Context, Here) {
        let (mut context, root) = self.base_context(path, title, description);
        context.insert("nav", &self.nav(0, path, &root));
        context.insert("breadcrumbs", &self.home_crumbs(&root, index));
        (context, root)
    }
}
