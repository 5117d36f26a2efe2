//! The reference pages of Cairn's manual (`docs/reference/`), written from
//! the code's own definitions: the command line from clap's [`clap::Command`],
//! the settings from [`SETTINGS`], the kinds from the built-in schemas and
//! [`FIELD_MEANINGS`], the diagnostic codes from [`Code`]. `cairn reference
//! docs/reference` writes them; a test compares the committed pages with
//! what this module makes, so the manual cannot drift from the code.

use std::fmt::Write;

use crate::diagnostics::Code;
use crate::project::config::{SettingDefault, SETTINGS};
use crate::project::kinds::{built_in, COMMON_FIELDS, FIELD_MEANINGS};

/// The date the reference pages were last reviewed, and when they must be
/// again: their front matter's `date` and `review_by`. The pages follow the
/// code, so reviewing them is reading them through once a year.
pub const REVIEWED: &str = "2026-12-03";
pub const REVIEW_BY: &str = "2027-12-03";

/// The command that writes these pages, printed by the test that compares
/// them with the committed ones.
pub const REGENERATE: &str = "cargo run --release -- reference docs/reference";

/// Each reference page: its file name and its text.
pub fn pages(cli: &clap::Command) -> Vec<(&'static str, String)> {
    vec![
        ("cli.md", cli_page(cli)),
        ("cairn-yaml.md", configuration_page()),
        ("kinds.md", kinds_page()),
        ("diagnostics.md", diagnostics_page()),
    ]
}

fn front_matter(title: &str, summary: &str, weight: u32) -> String {
    format!(
        "---\ntitle: \"{title}\"\nkind: reference\nauthor: Cairn maintainers\ndate: {REVIEWED}\n\
         review_by: {REVIEW_BY}\nweight: {weight}\nsummary: \"{summary}\"\n---\n\n\
         <!-- Written by `{REGENERATE}` from the code: edit the code, not this file. -->\n\n"
    )
}

/// A paragraph of clap's help as one line ending in a full stop (clap drops
/// the full stop of a one-line summary).
fn sentence(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.ends_with(['.', ':', '!', '?']) {
        line
    } else {
        format!("{line}.")
    }
}

/// A table cell: one line, with pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn cli_page(cli: &clap::Command) -> String {
    let mut cli = cli.clone();
    cli.build();
    let mut out = front_matter(
        "Command line",
        "Every command of cairn and every option, as cairn --help shows them.",
        1,
    );
    let name = cli.get_name().to_owned();
    if let Some(about) = cli.get_long_about().or(cli.get_about()) {
        writeln!(out, "{}\n", sentence(&about.to_string())).unwrap();
    }
    out.push_str(
        "Every command takes the options under [Options of every command](#options-of-every-command). \
         `cairn help COMMAND` or `cairn COMMAND --help` shows the same text in the terminal.\n\n",
    );
    for sub in cli.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        writeln!(out, "## {name} {}\n", sub.get_name()).unwrap();
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        writeln!(out, "```text\n{usage}\n```\n").unwrap();
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            for paragraph in about.to_string().split("\n\n") {
                writeln!(out, "{}\n", sentence(paragraph)).unwrap();
            }
        }
        arguments_table(&mut out, sub.get_arguments().filter(|a| !a.is_global_set()));
    }
    out.push_str("## Options of every command\n\n");
    arguments_table(&mut out, cli.get_arguments());
    if let Some(after) = cli.get_after_help() {
        writeln!(out, "```text\n{}\n```", after.to_string().trim()).unwrap();
    }
    out
}

fn arguments_table<'a>(out: &mut String, args: impl Iterator<Item = &'a clap::Arg>) {
    let rows: Vec<String> = args
        .filter(|a| !a.is_hide_set())
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .map(|arg| {
            let value = arg
                .get_value_names()
                .map(|names| {
                    names
                        .iter()
                        .map(|n| n.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
            let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
            let mut names = Vec::new();
            if let Some(short) = arg.get_short() {
                names.push(format!("`-{short}`"));
            }
            if let Some(long) = arg.get_long() {
                names.push(if takes_value {
                    format!("`--{long} {value}`")
                } else {
                    format!("`--{long}`")
                });
            }
            if names.is_empty() {
                let shown = if arg.is_required_set() {
                    value
                } else {
                    format!("[{value}]")
                };
                names.push(format!("`{shown}`"));
            }
            let help = arg
                .get_long_help()
                .or(arg.get_help())
                .map(|h| h.to_string())
                .unwrap_or_default();
            let mut notes = Vec::new();
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && takes_value {
                notes.push(format!("default: `{}`", defaults.join(" ")));
            }
            let choices: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| format!("`{}`", v.get_name()))
                .collect();
            if !choices.is_empty() && takes_value {
                notes.push(format!("one of {}", choices.join(", ")));
            }
            format!(
                "| {} | {} | {} |",
                names.join(", "),
                cell(&help),
                cell(&notes.join("; "))
            )
        })
        .collect();
    if rows.is_empty() {
        out.push_str("It takes no options of its own.\n\n");
        return;
    }
    out.push_str("| argument or option | meaning | default, choices |\n|---|---|---|\n");
    for row in rows {
        out.push_str(&row);
        out.push('\n');
    }
    out.push('\n');
}

fn configuration_page() -> String {
    let mut out = front_matter(
        "Configuration: cairn.yaml",
        "Every key of cairn.yaml: what it takes, its default and what it does.",
        2,
    );
    out.push_str(
        "A knowledge base's settings are in `cairn.yaml` at its root, one `key: value` a line. \
         Every key is optional: a folder of Markdown with no `cairn.yaml` builds with the \
         defaults below. A key that is not listed here is an error (`config/unknown-key`) \
         naming the nearest valid one.\n\n\
         | key | takes | default | meaning |\n|---|---|---|---|\n",
    );
    for setting in SETTINGS {
        let default = match setting.default {
            SettingDefault::Yaml(value) => format!("`{value}`"),
            SettingDefault::Described(text) => text.to_owned(),
        };
        writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            setting.key,
            cell(setting.ty),
            cell(&default),
            cell(setting.meaning)
        )
        .unwrap();
    }
    out.push_str(
        "\nA kind of your own, or extra fields for a built-in kind, under `kinds`:\n\n\
         ```yaml\nkinds:\n  minutes:\n    label: Meeting minutes\n    folders: [minutes]\n    \
         fields:\n      chair: { type: string, required: true }\n  handover:\n    fields:\n      \
         team: { type: string }\n```\n\n\
         The field types are listed in the [kinds reference](kinds.md#field-types).\n",
    );
    out
}

fn kinds_page() -> String {
    use crate::project::fields::FieldType;
    let mut out = front_matter(
        "Kinds and their fields",
        "The kinds of page Cairn knows, the folder each claims and the fields each takes.",
        3,
    );
    let meaning = |field: &str| {
        FIELD_MEANINGS
            .iter()
            .find(|(name, _)| *name == field)
            .map_or("", |(_, m)| m)
    };
    out.push_str(
        "A page's kind is its `kind:` key, else the kind that claims its top-level folder, \
         else `note`. The kind decides which fields its front matter may have, which it must \
         have, and how Cairn shows and links the page. A required field that is missing is an \
         error (`frontmatter/missing-field`); one left empty is a warning. A field of the wrong \
         type is an error that points at its line.\n\n\
         ## Fields of every page\n\n\
         | field | type | meaning |\n|---|---|---|\n",
    );
    for (name, ty) in COMMON_FIELDS {
        writeln!(
            out,
            "| `{name}` | {} | {} |",
            type_name(*ty),
            cell(meaning(name))
        )
        .unwrap();
    }
    out.push('\n');
    for kind in built_in() {
        writeln!(out, "## {}\n", kind.name).unwrap();
        writeln!(
            out,
            "{} Shown as \"{}\"; pages in `{}/` are of this kind unless they say otherwise.\n",
            kind.meaning, kind.label, kind.folder
        )
        .unwrap();
        if kind.fields.is_empty() {
            out.push_str("It has only the fields of every page.\n\n");
            continue;
        }
        out.push_str("| field | type | required | meaning |\n|---|---|---|---|\n");
        for (name, ty, required) in kind.fields {
            writeln!(
                out,
                "| `{name}` | {} | {} | {} |",
                type_name(*ty),
                if *required { "yes" } else { "no" },
                cell(meaning(name))
            )
            .unwrap();
        }
        out.push('\n');
    }
    out.push_str(
        "## Field types\n\n\
         The types a field can have, as `type:` names them under `kinds` in `cairn.yaml`.\n\n\
         | type | written as | example |\n|---|---|---|\n",
    );
    for ty in [
        FieldType::String,
        FieldType::Date,
        FieldType::Bool,
        FieldType::Integer,
        FieldType::List,
        FieldType::Map,
        FieldType::Any,
    ] {
        writeln!(
            out,
            "| `{}` | {} | `{}` |",
            type_name(ty),
            cell(ty.expected()),
            ty.example("")
        )
        .unwrap();
    }
    out
}

fn type_name(ty: crate::project::fields::FieldType) -> &'static str {
    use crate::project::fields::FieldType;
    match ty {
        FieldType::String => "string",
        FieldType::Date => "date",
        FieldType::Bool => "bool",
        FieldType::Integer => "integer",
        FieldType::List => "list",
        FieldType::Map => "map",
        FieldType::Any => "any",
    }
}

fn diagnostics_page() -> String {
    let mut out = front_matter(
        "Diagnostic codes",
        "Every code cairn build and cairn check report: what it means and how to fix it.",
        4,
    );
    out.push_str(
        "Every error and warning has a stable code, shown after its severity \
         (`warning[link/missing-page]: link [[Nobody]] leads to no page`) and given as `\"code\"` \
         by `cairn check --format json`. Scripts should match codes, not messages: messages may \
         be reworded, a code never changes meaning. Each message also says where (file, line and \
         column) and, under `help:`, what to do in that case.\n\n\
         | code | meaning | fix |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        writeln!(
            out,
            "| `{}` | {} | {} |",
            code.as_str(),
            cell(code.meaning()),
            cell(code.fix())
        )
        .unwrap();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_names_are_those_the_config_reads() {
        use crate::project::fields::FieldType;
        for ty in [
            FieldType::String,
            FieldType::Date,
            FieldType::Bool,
            FieldType::Integer,
            FieldType::List,
            FieldType::Map,
            FieldType::Any,
        ] {
            let read: FieldType = serde_json::from_value(type_name(ty).into()).unwrap();
            assert_eq!(read, ty);
        }
    }

    #[test]
    fn the_diagnostics_page_lists_every_code_in_order() {
        let page = diagnostics_page();
        let listed: Vec<&str> = page
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|row| row.split_once('`').map(|(code, _)| code))
            .collect();
        let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, all);
    }
}
