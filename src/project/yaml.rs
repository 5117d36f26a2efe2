//! YAML, behind one door.
//!
//! This is the only module that names the YAML crate (`yaml_serde`, the YAML
//! organisation's maintained continuation of `serde_yaml`, renamed to
//! `serde_yaml` in `Cargo.toml`). Everything else sees plain `serde_json`
//! values and a [`YamlError`] with a 1-based line and column, so the crate can
//! be swapped by changing this file alone.

use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

/// A YAML document that could not be read, with where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the parser said, without its own "at line … column …" suffix.
    pub message: String,
    /// 1-based line within the parsed text, if the parser knew it.
    pub line: Option<usize>,
    /// 1-based column within the parsed text, if the parser knew it.
    pub column: Option<usize>,
    /// How to fix it, when more is known than the parser's message says.
    pub help: Option<String>,
}

impl From<serde_yaml::Error> for YamlError {
    fn from(error: serde_yaml::Error) -> YamlError {
        let location = error.location();
        YamlError {
            message: strip_location(&error.to_string()),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            help: None,
        }
    }
}

/// Removes the parser's own " at line L column C" from a message: the
/// position is reported separately, relative to the whole file.
fn strip_location(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_len = digits(after);
        let tail = &after[line_len..];
        match tail.strip_prefix(" column ") {
            Some(col) if line_len > 0 && digits(col) > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses a YAML mapping (front matter). An empty document is an empty mapping.
///
/// Keys that are not strings (`2024: …`, `true: …`) are turned into strings;
/// YAML tags are dropped and their values kept.
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, YamlError> {
    too_deep(text)?;
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let error = YamlError::from(e);
        duplicate_key(text, &error).unwrap_or(error)
    })?;
    match to_json(value) {
        Value::Null => Ok(Map::new()),
        Value::Object(map) => Ok(map),
        other => Err(YamlError {
            message: format!(
                "front matter must be a mapping of `key: value` lines, found {}",
                describe(&other)
            ),
            line: Some(1),
            column: Some(1),
            help: None,
        }),
    }
}

/// A key written twice, said as such and placed at its second line (the
/// parser places it at the start of the mapping).
fn duplicate_key(text: &str, error: &YamlError) -> Option<YamlError> {
    let key = error
        .message
        .strip_prefix("duplicate entry with key \"")?
        .split('"')
        .next()?;
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|(i, _)| i + 1)
        .collect();
    let second = *lines.get(1)?;
    Some(YamlError {
        message: format!("`{key}` is written twice; this is the second"),
        line: Some(second),
        column: Some(1),
        help: Some(format!(
            "keep one `{key}:` line: which value is meant is not clear, so neither is guessed"
        )),
    })
}

/// Whether `text` is well-formed YAML, whatever it holds: tells a syntax
/// error from a value of the wrong shape when [`from_str`] fails.
pub fn is_well_formed(text: &str) -> bool {
    too_deep(text).is_ok() && serde_yaml::from_str::<serde_yaml::Value>(text).is_ok()
}

/// Deserializes a whole YAML document into a typed value (the config file).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    too_deep(text)?;
    Ok(serde_yaml::from_str(text)?)
}

/// The deepest `[` and `{` may nest: the YAML crate refuses a document
/// nested deeper anyway ("recursion limit exceeded"), but only after its
/// scanner, which looks through every open level for each token, has read
/// it all: 80,000 nested `[` (160 kB) took 20 s, a 2 MB file nearly an hour.
const MOST_FLOW_DEPTH: usize = 128;

/// Refuses `text` at once if its `[` and `{` nest deeper than
/// [`MOST_FLOW_DEPTH`]. Brackets are counted wherever they are, quoted
/// text included: only text with more than 128 of them left open is
/// refused, which no real front matter or config has.
fn too_deep(text: &str) -> Result<(), YamlError> {
    let mut depth = 0usize;
    for (offset, c) in text.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => continue,
        }
        if depth > MOST_FLOW_DEPTH {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            return Err(YamlError {
                message: format!("`[` and `{{` are nested more than {MOST_FLOW_DEPTH} deep"),
                line: Some(before.matches('\n').count() + 1),
                column: Some(before[line_start..].chars().count() + 1),
                help: Some("close the lists and mappings you open".to_owned()),
            });
        }
    }
    Ok(())
}

/// Writes a value as YAML (used to scaffold front matter).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    Ok(serde_yaml::to_string(value)?)
}

/// A short description of a value for error messages: `a list`, `the number 3`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing (an empty value)".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text \"{s}\""),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

fn to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                n.as_f64()
                    .and_then(Number::from_f64)
                    .map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (key_string(k), to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => to_json(tagged.value),
    }
}

fn key_string(key: serde_yaml::Value) -> String {
    match to_json(key) {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Where a top-level key is written in a block mapping: 1-based line and the
/// column where its value starts (or where the key starts, if the value is on
/// the following lines). `None` when the key is not written at the left margin.
pub fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    locate_key_before(text, key, ':')
}

/// [`locate_key`] for any `key <separator> value` syntax (`:` in YAML, `=`
/// in TOML front matter), the key bare or quoted.
pub(super) fn locate_key_before(text: &str, key: &str, separator: char) -> Option<(usize, usize)> {
    for (index, line) in text.lines().enumerate() {
        let rest = [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .find_map(|k| line.strip_prefix(k.as_str()))
            .and_then(|r| r.trim_start_matches([' ', '\t']).strip_prefix(separator));
        if let Some(rest) = rest {
            let value_start = rest.len() - rest.trim_start().len();
            let column = if rest.trim().is_empty() {
                1
            } else {
                line.len() - rest.len() + value_start + 1
            };
            let column = line
                .get(..column - 1)
                .map_or(column, |p| p.chars().count() + 1);
            return Some((index + 1, column));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_stay_text_and_numbers_stay_numbers() {
        let map = parse_mapping("date: 2024-03-01\nweight: 3\ntags: [a, b]\n").unwrap();
        assert_eq!(map["date"], Value::String("2024-03-01".into()));
        assert_eq!(map["weight"], Value::from(3));
        assert_eq!(map["tags"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn a_key_written_twice_is_placed_at_its_second_line() {
        let err = parse_mapping("title: A\nsection: One\nowner: x\nsection: Two\n").unwrap_err();
        assert_eq!(
            err.message,
            "`section` is written twice; this is the second"
        );
        assert_eq!((err.line, err.column), (Some(4), Some(1)));
        assert!(err.help.is_some());
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = parse_mapping("title: ok\ntags: [a, b\n").unwrap_err();
        assert!(err.line.is_some() && err.column.is_some(), "{err:?}");
        assert!(!err.message.contains(" at line "), "{err:?}");
    }

    #[test]
    fn locations_are_removed_from_messages() {
        assert_eq!(
            strip_location("did not find ',' at line 3 column 1, while parsing"),
            "did not find ',', while parsing"
        );
        assert_eq!(strip_location("at line one"), "at line one");
    }

    #[test]
    fn nesting_too_deep_is_refused_before_the_parser_reads_it() {
        // Found by fuzzing: the parser took 20 s on 80,000 nested `[`.
        let deep = format!(
            "title: x\nlist: {}{}\n",
            "[".repeat(40_000),
            "]".repeat(40_000)
        );
        let error = parse_mapping(&deep).unwrap_err();
        assert_eq!(error.message, "`[` and `{` are nested more than 128 deep");
        assert_eq!((error.line, error.column), (Some(2), Some(7 + 128)));
        assert!(from_str::<serde_yaml::Value>(&deep).is_err());
        assert!(!is_well_formed(&deep));
        // Up to the limit, the parser judges (it refuses 128 itself).
        let nested = |n: usize| format!("a: {}1{}\n", "[{b: ".repeat(n / 2), "}]".repeat(n / 2));
        assert!(parse_mapping(&nested(64)).is_ok());
        let at_limit = parse_mapping(&nested(MOST_FLOW_DEPTH));
        assert!(at_limit.is_err_and(|e| !e.message.contains("nested more than")));
        assert!(parse_mapping(&nested(MOST_FLOW_DEPTH + 2))
            .unwrap_err()
            .message
            .contains("nested more than 128 deep"));
    }

    #[test]
    fn a_scalar_is_not_front_matter() {
        let err = parse_mapping("just words").unwrap_err();
        assert!(err.message.contains("mapping"), "{err:?}");
    }

    #[test]
    fn locates_keys_at_the_margin() {
        let text = "title: A\nreview_by:   soon\ntags:\n  - x\n";
        assert_eq!(locate_key(text, "review_by"), Some((2, 14)));
        assert_eq!(locate_key(text, "tags"), Some((3, 1)));
        assert_eq!(locate_key(text, "x"), None);
    }
}
