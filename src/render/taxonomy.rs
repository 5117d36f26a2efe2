//! Taxonomy pages: one page per term (tag, agency, person, project) listing
//! the pages that carry it, and one index page per taxonomy.

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::model::taxonomy;

use super::context::*;
use super::renderer::Renderer;

impl<'a> Renderer<'_, 'a> {
    pub(super) fn term(&self, taxonomy: usize, index: usize) -> Result<String, Diagnostic> {
        let taxonomy = &self.input.taxonomies[taxonomy];
        let taxonomy::Term { name, pages, .. } = &taxonomy.terms[index];
        let label = taxonomy.kind.label();
        let path = taxonomy.term_path(name);
        let (mut context, root) = self.generated_context(
            &path,
            &format!("{label}: {name}"),
            &format!("Pages for the {} {name}", label.to_lowercase()),
            Some((taxonomy.kind.plural(), &taxonomy.index_path())),
        );
        context.insert("taxonomy", &TaxonomyContext::new(taxonomy, &root));
        context.insert("term", name);
        // A person or agency with a page of their own: link to it.
        let profile = self.profile(name, taxonomy.kind);
        context.insert("profile", &profile.map(|id| self.link_to(id, &root)));
        let mut ids = pages.to_vec();
        ids.sort_by_cached_key(|&p| self.title(p).to_lowercase());
        let items: Vec<tera::Value> = ids.iter().map(|&p| self.list_item(p)).collect();
        context.insert("pages", &items);
        self.render("term.html", &context)
    }

    pub(super) fn term_index(&self, taxonomy: usize) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct TermItem {
            name: String,
            count: usize,
            href: String,
        }
        let taxonomy = &self.input.taxonomies[taxonomy];
        let path = taxonomy.index_path();
        let plural = taxonomy.kind.plural();
        let (mut context, root) = self.generated_context(
            &path,
            plural,
            &format!(
                "Every {} in the knowledge base",
                taxonomy.kind.label().to_lowercase()
            ),
            None,
        );
        context.insert("taxonomy", &TaxonomyContext::new(taxonomy, &root));
        let terms: Vec<TermItem> = taxonomy
            .terms
            .iter()
            .map(|term| TermItem {
                name: term.name.clone(),
                count: term.pages.len(),
                href: root.href(&term.page.map_or_else(
                    || taxonomy.term_path(&term.name),
                    |id| self.input.site.pages[id].path.clone(),
                )),
            })
            .collect();
        context.insert("terms", &terms);
        self.render("terms.html", &context)
    }
}
