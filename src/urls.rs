//! Paths and URLs: how a source file's path becomes the path of its page in
//! the output, and how one page links to another.
//!
//! Every link Cairn writes is relative and names the file (`../people/ana.html`,
//! not `/people/ana/`), so the same output works served from `/`, from a
//! sub-path like `/teams/safety-kb/`, and opened straight from a file share.

/// A slug: lower case, letters and digits of any script kept, everything else
/// folded into single hyphens. Apostrophes disappear (`Ben's notes` → `bens-notes`).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c == '\'' || c == '’' {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// The id of a heading with this text, as the major Git forges make it (so
/// that `page.md#arr--topline-metrics`, written for the forge, works here):
/// lower case; letters, digits, `-` and `_` of any script kept; every space
/// a hyphen, with no folding (`ARR & Topline` → `arr--topline`); every
/// other character dropped.
pub fn heading_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' | '\t' | '\n' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) => {
                Some(c)
            }
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// If the file at `rel` is Markdown (its name ends with one of
/// `extensions`, in any case), its path as a page's source: the ending
/// replaced by `.md`, and for a compound ending the `.html` before it
/// dropped too (`team/onboarding.html.md.erb` → `team/onboarding.md`).
pub fn markdown_rel(rel: &str, extensions: &[String]) -> Option<String> {
    let name_at = rel.rfind('/').map_or(0, |i| i + 1);
    let name = &rel[name_at..];
    let ends_with = |ext: &str| {
        let cut = name.len().checked_sub(ext.len()).filter(|&cut| cut > 0);
        cut.filter(|&cut| {
            name.is_char_boundary(cut) && name[cut..].to_lowercase() == ext.to_lowercase()
        })
    };
    let cut = extensions.iter().filter_map(|ext| ends_with(ext)).min()?;
    let mut stem = &name[..cut];
    if let Some(html) = stem.len().checked_sub(5) {
        if stem.is_char_boundary(html) && stem[html..].eq_ignore_ascii_case(".html") && html > 0 {
            stem = &stem[..html];
        }
    }
    Some(format!("{}{stem}.md", &rel[..name_at]))
}

/// Whether the file name at the end of `rel` looks like Markdown under an
/// ending that is not read (`guide.md.erb`, `notes.markdown.liquid`).
pub fn looks_like_markdown(rel: &str) -> bool {
    markdown_like_ending(rel).is_some()
}

/// The ending of a file that looks like Markdown under a template engine's
/// ending (`.md.erb`, `.html.md.erb`, `.markdown.liquid`) or an old
/// Markdown ending (`.mdown`, `.mkd`), as written.
pub fn markdown_like_ending(rel: &str) -> Option<&str> {
    const TEMPLATES: &[&str] = &[
        "erb", "liquid", "njk", "hbs", "mustache", "j2", "jinja", "haml", "slim", "ejs", "tmpl",
    ];
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_lowercase();
    if lower.len() != name.len() {
        return None;
    }
    if lower.ends_with(".mdown") || lower.ends_with(".mkd") {
        return lower.rfind('.').map(|dot| &name[dot..]);
    }
    let at = [".md.", ".markdown."]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()?;
    let template = lower.rsplit('.').next().unwrap_or("");
    if !TEMPLATES.contains(&template) {
        return None;
    }
    // Include a `.html` before the Markdown ending.
    let start = if lower[..at].ends_with(".html") {
        at - 5
    } else {
        at
    };
    Some(&name[start..])
}

/// The output path (from the site root) of the page for a Markdown file.
///
/// `handovers/2024/Ana to Ben.md` → `handovers/2024/ana-to-ben.html`;
/// `handovers/_index.md` → `handovers/index.html`; `_index.md` → `index.html`.
/// A page is a file beside its source's siblings (not a folder of its own),
/// so images next to a note keep working with the note's own relative links,
/// and a site of N pages creates N files rather than N folders and N files.
pub fn page_path(rel: &str) -> String {
    let (dir, file) = match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    };
    let stem = file
        .strip_suffix(".md")
        .or_else(|| file.strip_suffix(".MD"))
        .unwrap_or(file);
    if is_index_stem(stem) {
        return section_path(dir);
    }
    let mut path: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(segment_slug)
        .collect();
    path.push(format!("{}.html", segment_slug(stem)));
    path.join("/")
}

/// Whether a file stem names its folder's own page: `_index` (as in Hugo and
/// Zola) or `index`.
pub fn is_index_stem(stem: &str) -> bool {
    stem == "_index" || stem.eq_ignore_ascii_case("index")
}

/// The output path of a folder's section page: `handovers/2024` → `handovers/2024/index.html`.
pub fn section_path(dir: &str) -> String {
    if dir.is_empty() {
        "index.html".to_owned()
    } else {
        let slugged: Vec<String> = dir.split('/').map(segment_slug).collect();
        format!("{}/index.html", slugged.join("/"))
    }
}

fn segment_slug(segment: &str) -> String {
    let slug = slugify(segment);
    if slug.is_empty() {
        // A name of only punctuation: keep something stable and valid.
        "page".to_owned()
    } else {
        slug
    }
}

/// The relative prefix from a page's output path to the site root:
/// `a/b/index.html` → `../../`; `index.html` → `` (empty).
pub fn root_prefix(output_path: &str) -> String {
    "../".repeat(output_path.matches('/').count())
}

/// The shortest relative href from the output file `from` to the output file
/// `to`: `relative("a/b/x.html", "a/c/y.html")` → `../c/y.html`.
pub fn relative(from: &str, to: &str) -> String {
    // Called for every link of every page: no allocation but the result.
    let to_dir = parent_dir(to);
    let file = to[to_dir.len()..].trim_start_matches('/');
    let mut from_parts = parent_dir(from)
        .split('/')
        .filter(|s| !s.is_empty())
        .peekable();
    let mut to_parts = to_dir.split('/').filter(|s| !s.is_empty()).peekable();
    while let (Some(a), Some(b)) = (from_parts.peek(), to_parts.peek()) {
        if a != b {
            break;
        }
        from_parts.next();
        to_parts.next();
    }
    let ups = from_parts.count();
    let mut href = String::with_capacity(ups * 3 + to.len());
    for _ in 0..ups {
        href.push_str("../");
    }
    for part in to_parts {
        href.push_str(part);
        href.push('/');
    }
    href.push_str(file);
    href
}

/// `path` relative to `base`, with `/` separators; `None` if it is not under
/// `base` or a part of it is not valid UTF-8.
pub fn relative_name(base: &std::path::Path, path: &std::path::Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// The folder part of a path with `/` separators (`a/b/c.md` → `a/b`).
pub fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

/// Joins a relative reference onto a folder and removes `.` and `..`.
/// Returns `None` when the reference climbs above the root.
pub fn join_normalized(dir: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for part in reference.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// True for links that leave the site: `https://…`, `mailto:…`, `//host/…`.
pub fn is_external(href: &str) -> bool {
    href.starts_with("//") || scheme(href).is_some()
}

/// The URL scheme (`https`, `javascript`), lower-cased, if the href has one.
pub fn scheme(href: &str) -> Option<String> {
    let colon = href.find(':')?;
    let candidate = &href[..colon];
    let valid = candidate
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Ignore control characters and white space browsers strip before the scheme.
    valid.then(|| candidate.to_ascii_lowercase())
}

/// Whether a URL is safe to put in `href`/`src`: relative, or one of the
/// schemes people use on an intranet (with `obsidian:`, which opens a note
/// in the Obsidian app, and IRC's). `javascript:`, `data:`, `vbscript:` and
/// anything unknown are not.
pub fn is_safe_url(href: &str) -> bool {
    let cleaned: String = href
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    match scheme(&cleaned) {
        None => true,
        Some(s) => matches!(
            s.as_str(),
            "http"
                | "https"
                | "mailto"
                | "tel"
                | "file"
                | "ftp"
                | "sftp"
                | "irc"
                | "ircs"
                | "obsidian"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_what_people_type() {
        assert_eq!(slugify("Open cases & risks"), "open-cases-risks");
        assert_eq!(slugify("Ben's notes (2024)"), "bens-notes-2024");
        assert_eq!(slugify("  --Hello--  "), "hello");
        assert_eq!(slugify("Café Über"), "café-über");
        assert_eq!(slugify("مرحبا بكم"), "مرحبا-بكم");
    }

    #[test]
    fn heading_ids_match_the_git_forges() {
        assert_eq!(heading_id("ARR & Topline Metrics"), "arr--topline-metrics");
        assert_eq!(
            heading_id("Access to an AWS account via cli/terraform:"),
            "access-to-an-aws-account-via-cliterraform"
        );
        assert_eq!(heading_id("  Ben's notes (2024) "), "bens-notes-2024");
        assert_eq!(
            heading_id("snake_case and-hyphens"),
            "snake_case-and-hyphens"
        );
        assert_eq!(heading_id("Café Über"), "café-über");
        assert_eq!(heading_id("مرحبا بكم"), "مرحبا-بكم");
        assert_eq!(heading_id("1. Step one"), "1-step-one");
        assert_eq!(heading_id("🚀 Launch"), "-launch");
        assert_eq!(heading_id("हिन्दी पाठ"), "हिन्दी-पाठ");
    }

    #[test]
    fn markdown_file_names() {
        let exts = [
            ".md".to_owned(),
            ".markdown".to_owned(),
            ".html.md.erb".to_owned(),
        ];
        assert_eq!(markdown_rel("a/b.md", &exts).as_deref(), Some("a/b.md"));
        assert_eq!(markdown_rel("a/B.MD", &exts).as_deref(), Some("a/B.md"));
        assert_eq!(markdown_rel("x.markdown", &exts).as_deref(), Some("x.md"));
        assert_eq!(
            markdown_rel("team/onboarding.html.md.erb", &exts).as_deref(),
            Some("team/onboarding.md")
        );
        assert_eq!(
            markdown_rel("v1.2 notes.md", &exts).as_deref(),
            Some("v1.2 notes.md")
        );
        assert_eq!(
            markdown_rel("page.html.md", &exts).as_deref(),
            Some("page.md")
        );
        assert_eq!(markdown_rel("a/.md", &exts), None);
        assert_eq!(markdown_rel("map.png", &exts), None);
        assert_eq!(markdown_rel("a/b.md.erb", &exts[..2]), None);
        assert!(looks_like_markdown("a/b.md.erb"));
        assert!(!looks_like_markdown("a/b.png"));
        assert!(!looks_like_markdown("notes.md.bak"));
        assert_eq!(
            markdown_like_ending("x/v1.2 notes.html.md.erb"),
            Some(".html.md.erb")
        );
        assert_eq!(markdown_like_ending("x/old.mkd"), Some(".mkd"));
        assert_eq!(
            markdown_rel("x.\u{212a}ramdown", &[".kramdown".to_owned()]),
            None
        );
    }

    #[test]
    fn page_paths() {
        assert_eq!(
            page_path("handovers/2024/Ana to Ben.md"),
            "handovers/2024/ana-to-ben.html"
        );
        assert_eq!(page_path("handovers/_index.md"), "handovers/index.html");
        assert_eq!(page_path("_index.md"), "index.html");
        assert_eq!(page_path("top.md"), "top.html");
        assert_eq!(page_path("guides/index.md"), "guides/index.html");
        assert_eq!(section_path("Team Notes/x"), "team-notes/x/index.html");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative("a/b/x.html", "a/c/y.html"), "../c/y.html");
        assert_eq!(relative("a/b/x.html", "a/b/y.html"), "y.html");
        assert_eq!(relative("index.html", "a/y.html"), "a/y.html");
        assert_eq!(relative("a/x.html", "index.html"), "../index.html");
        assert_eq!(relative("a/x.html", "a/index.html"), "index.html");
        assert_eq!(root_prefix("a/b/index.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(join_normalized("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_normalized("a/b", "/c.md").as_deref(), Some("c.md"));
        assert_eq!(join_normalized("a", "../../c.md"), None);
    }

    #[test]
    fn url_safety() {
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("../people/ana/index.html#contact"));
        assert!(is_safe_url("mailto:ana@example.org"));
        assert!(is_safe_url("obsidian://show-plugin?id=maps"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JaVa\tScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,<script>"));
        assert!(is_external("https://x"));
        assert!(!is_external("a/b.md"));
    }
}
