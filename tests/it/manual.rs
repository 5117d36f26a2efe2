//! Cairn's manual (`docs/`): a knowledge base of its own, which must check
//! with no warning at all, and whose reference pages must be exactly what
//! `cairn reference` writes from the code.

use std::path::{Path, PathBuf};

use crate::common::{run_cairn, Kb};

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

/// The generated pages: every `.md` file of `docs/reference/` but the
/// folder's own page, which is written by hand.
fn committed_reference() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(docs().join("reference"))
        .expect("docs/reference/ exists")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && name != "_index.md")
        .collect();
    names.sort();
    names
}

#[test]
fn the_reference_pages_are_what_the_code_says() {
    let out = Kb::new();
    let run = run_cairn(out.root(), &["reference", "pages"]);
    assert!(run.ok(), "cairn reference failed:\n{}", run.stderr);
    let mut written: Vec<String> = std::fs::read_dir(out.path("pages"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let regenerate = cairn::reference::REGENERATE;
    assert_eq!(
        written,
        committed_reference(),
        "docs/reference/ does not hold exactly the generated pages: run `{regenerate}` and commit the result"
    );
    for name in &written {
        let made = out.read(&format!("pages/{name}"));
        let committed = std::fs::read_to_string(docs().join("reference").join(name)).unwrap();
        if made != committed {
            let first = made
                .lines()
                .zip(committed.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| made.lines().count().min(committed.lines().count()));
            panic!(
                "docs/reference/{name} differs from what the code says (first at line {}):\n  committed: {:?}\n  the code:  {:?}\nRun `{regenerate}` and commit the result.",
                first + 1,
                committed.lines().nth(first).unwrap_or("(end of file)"),
                made.lines().nth(first).unwrap_or("(end of file)"),
            );
        }
    }
}

#[test]
fn the_reference_lists_every_command_option_setting_kind_and_code() {
    let kb = Kb::new();
    assert!(run_cairn(kb.root(), &["reference", "pages"]).ok());
    let cli = kb.read("pages/cli.md");
    for command in ["build", "serve", "check", "new", "init", "pack"] {
        assert!(
            cli.contains(&format!("\n## cairn {command}\n")),
            "cairn {command}"
        );
    }
    assert!(
        !cli.contains("## cairn reference"),
        "the hidden command is not listed"
    );
    for option in [
        "`--deny-warnings`",
        "`--audience NAME`",
        "`--allow-host",
        "`--induction`",
        "`--drafts`",
        "`-q`",
    ] {
        assert!(cli.contains(option), "{option} is not in the CLI reference");
    }
    let config = kb.read("pages/cairn-yaml.md");
    for key in cairn::project::config::SETTINGS {
        assert!(
            config.contains(&format!("\n| `{}` |", key.key)),
            "{}",
            key.key
        );
    }
    let diagnostics = kb.read("pages/diagnostics.md");
    for code in cairn::diagnostics::Code::ALL {
        assert!(diagnostics.contains(&format!("\n| `{}` | {}", code.as_str(), code.meaning())));
    }
    let kinds = kb.read("pages/kinds.md");
    for kind in cairn::project::kinds::built_in() {
        assert!(
            kinds.contains(&format!("\n## {}\n", kind.name)),
            "{}",
            kind.name
        );
    }
}

#[test]
fn the_manual_checks_with_no_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = run_cairn(root, &["check", "docs", "--deny-warnings"]);
    assert!(
        run.ok(),
        "cairn check docs --deny-warnings:\n{}{}",
        run.stdout,
        run.stderr
    );
}
