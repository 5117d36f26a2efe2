//! The built-in theme and overriding it file by file.

use crate::common::{page, Kb};

#[test]
fn one_template_can_be_overridden_and_the_rest_stay_built_in() {
    let kb = Kb::new();
    // No content/ folder: the knowledge base folder itself is the content,
    // and its themes/ folder must not be read as pages.
    kb.write("a.md", page("title: A", "Body."))
        .write("themes/default/templates/notes.md", "not a page")
        .write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{{ page.content | safe }}{% endblock main %}",
        )
        .write("themes/default/static/style.css", "body { color: rebeccapurple; }");
    kb.build();
    let p = kb.html("a.html");
    assert_eq!(p.text("h1.custom"), "A");
    assert_eq!(p.text(".site-header .site-title"), "Knowledge base");
    assert_eq!(
        kb.read("public/_cairn/assets/style.css"),
        "body { color: rebeccapurple; }"
    );
    // The theme folder is not content.
    assert!(!kb.path("public/themes").exists());
    assert!(!kb
        .html("index.html")
        .texts(".sidebar a")
        .contains(&"Themes".to_owned()));
}

#[test]
fn a_named_theme_folder_is_used_and_a_missing_one_is_an_error() {
    let kb = Kb::new();
    kb.write("cairn.yaml", "theme: council\n")
        .write("content/a.md", page("title: A", "Body."))
        .write("themes/council/templates/404.html", "{% extends \"base.html\" %}{% block main %}<p id=\"lost\">Lost?</p>{% endblock main %}");
    kb.build();
    assert_eq!(kb.html("404.html").text("#lost"), "Lost?");
    kb.write("cairn.yaml", "theme: nope\n");
    kb.cairn(&["build"])
        .fails_with(&["theme `nope` not found", "cairn.yaml"]);
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let kb = Kb::new();
    kb.write("content/a.md", page("title: A", "Body."))
        .write("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field.deeper }}\n{% endblock main %}");
    let run = kb.cairn(&["build"]);
    run.fails_with(&[
        "template `page.html`",
        "themes/default/templates/page.html:3:",
    ]);
    run.says(&["no_such_field"]);
    assert!(!kb.path("public").exists());
}

#[test]
fn template_syntax_errors_are_reported() {
    let kb = Kb::new();
    kb.write("content/a.md", page("title: A", "Body."))
        .write("themes/default/templates/tag.html", "{% if %}\n");
    kb.cairn(&["build"])
        .fails_with(&["themes/default/templates/tag.html:1:"]);
}
