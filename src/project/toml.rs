//! TOML front matter (between `+++` lines, as Hugo and Zola sites write it),
//! behind one door.
//!
//! This is the only module that names the TOML crate. It gives the same
//! shapes as [`super::yaml`]: plain `serde_json` values (dates and times as
//! their RFC 3339 text, which the date fields read) and an error with a
//! 1-based line and column within the parsed text.

use serde_json::{Map, Number, Value};

/// TOML that could not be read, with where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlError {
    /// What the parser said.
    pub message: String,
    /// 1-based line within the parsed text.
    pub line: usize,
    /// 1-based column within the parsed text.
    pub column: usize,
}

/// Parses `text` as a TOML table of front matter fields.
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, TomlError> {
    match text.parse::<toml::Table>() {
        Ok(table) => Ok(table
            .into_iter()
            .map(|(key, value)| (key, to_json(value)))
            .collect()),
        Err(error) => {
            let at = error.span().map_or(0, |span| span.start).min(text.len());
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            Err(TomlError {
                message: error.message().trim().to_owned(),
                line,
                column: text[line_start..at].chars().count() + 1,
            })
        }
    }
}

fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text),
        toml::Value::Integer(n) => Value::Number(n.into()),
        toml::Value::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(when) => Value::String(when.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(key, value)| (key, to_json(value)))
                .collect(),
        ),
    }
}

/// The 1-based line and column of the value of `key` in `text` (a
/// `key = value` line at the top level), if it is written there.
pub fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    super::yaml::locate_key_before(text, key, '=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hugo_front_matter_as_plain_values() {
        let map = parse_mapping(
            "title = \"Release process\"\ndate = 2024-03-01T10:00:00Z\nweight = 20\ntags = [\"ops\", \"release\"]\ndraft = false\n[params]\nicon = \"fa-rocket\"\n",
        )
        .unwrap();
        assert_eq!(map["title"], "Release process");
        assert_eq!(map["date"], "2024-03-01T10:00:00Z");
        assert_eq!(map["weight"], 20);
        assert_eq!(map["tags"], serde_json::json!(["ops", "release"]));
        assert_eq!(map["draft"], false);
        assert_eq!(map["params"]["icon"], "fa-rocket");
        assert_eq!(
            locate_key("title = \"x\"\nweight = 20\n", "weight"),
            Some((2, 10))
        );
    }

    #[test]
    fn errors_say_where() {
        let error = parse_mapping("title = \"ok\"\nweight = = 3\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.column > 1, "{error:?}");
    }
}
