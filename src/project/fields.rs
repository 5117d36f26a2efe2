//! The types a front-matter field can have, how each is checked and shown
//! in help, and the date forms people write. Shared by the config (which
//! declares fields) and the kinds' schemas (which check them).

use serde::Deserialize;
use serde_json::Value;

/// The type of a front-matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// A line of text.
    String,
    /// A calendar date, written `YYYY-MM-DD` (a time after it is accepted and dropped).
    Date,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// A list of texts; a single text is taken as a list of one.
    List,
    /// A mapping from names to a text or a list of texts (e.g. synonyms per agency).
    Map,
    /// Anything.
    Any,
}

impl FieldType {
    /// How the type is described to a person fixing their front matter.
    pub fn expected(self) -> &'static str {
        match self {
            FieldType::String => "a line of text",
            FieldType::Date => "a date written YYYY-MM-DD",
            FieldType::Bool => "true or false",
            FieldType::Integer => "a number (decimals are rounded)",
            FieldType::List => "a list of texts, like [a, b]",
            FieldType::Map => "a mapping of names to texts, like `police: nominal`",
            FieldType::Any => "any value",
        }
    }

    /// An example of a valid value for the field `name`, for help messages.
    pub fn example(self, name: &str) -> &'static str {
        match self {
            FieldType::String if matches!(name, "author" | "lead" | "handed_over_to") => {
                "\"Ana Silva\""
            }
            FieldType::String if matches!(name, "status") => "agreed",
            FieldType::String => "\"Neighbourhood Sergeant\"",
            FieldType::Date => "2025-03-31",
            FieldType::Bool => "true",
            FieldType::Integer => "10",
            FieldType::List if matches!(name, "decided_by" | "partners") => "[Partnership Board]",
            FieldType::List => "[asb, youth]",
            FieldType::Map => "{ police: nominal, council: service user }",
            FieldType::Any => "anything",
        }
    }

    /// Checks `value` and returns it in canonical form (dates as `YYYY-MM-DD`,
    /// a single text as a one-item list), or `None` if it has the wrong type.
    pub fn normalize(self, value: &Value) -> Option<Value> {
        match (self, value) {
            (FieldType::Any, v) => Some(v.clone()),
            (FieldType::String, Value::String(_)) => Some(value.clone()),
            (FieldType::String, Value::Number(n)) => Some(Value::String(n.to_string())),
            (FieldType::Date, Value::String(s)) => {
                parse_date(s).map(|d| Value::String(d.to_string()))
            }
            (FieldType::Bool, Value::Bool(_)) => Some(value.clone()),
            (FieldType::Integer, Value::Number(n)) if n.is_i64() => Some(value.clone()),
            // `weight: 40.5`, as some sites order pages between others.
            (FieldType::Integer, Value::Number(n)) => n
                .as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1e15)
                .map(|f| Value::from(f.round() as i64)),
            (FieldType::List, Value::String(_)) => Some(Value::Array(vec![value.clone()])),
            (FieldType::List, Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(_) => Some(item.clone()),
                    Value::Number(n) => Some(Value::String(n.to_string())),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(Value::Array),
            (FieldType::Map, Value::Object(map)) => map
                .values()
                .all(|v| {
                    matches!(v, Value::String(_))
                        || matches!(v, Value::Array(items) if items.iter().all(Value::is_string))
                })
                .then(|| value.clone()),
            _ => None,
        }
    }
}

/// Parses the date forms people write in front matter: `2025-03-31`,
/// `2025-03-31T09:30:00`, `2025-03-31 09:30`, or an RFC 3339 timestamp.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return Some(date);
    }
    if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
        return Some(datetime.date());
    }
    if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
        return Some(timestamp.to_zoned(jiff::tz::TimeZone::UTC).date());
    }
    // A date followed by a time in another form (Jekyll writes
    // `2019-07-02 11:21:02 -0400`): the date as written.
    let (day, rest) = text.split_at_checked(10)?;
    if rest.starts_with([' ', 'T']) {
        return day.parse::<jiff::civil::Date>().ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_other_generators_write() {
        let day = |text: &str| parse_date(text).map(|d| d.to_string());
        assert_eq!(day("2025-03-31").as_deref(), Some("2025-03-31"));
        assert_eq!(day("2024-03-01T10:00:00Z").as_deref(), Some("2024-03-01"));
        assert_eq!(
            day("2019-07-02 11:21:02 -0400").as_deref(),
            Some("2019-07-02")
        );
        assert_eq!(day("2025-03-31 09:30").as_deref(), Some("2025-03-31"));
        assert_eq!(day("soon"), None);
        assert_eq!(day("2025-13-45 10:00"), None);
    }

    #[test]
    fn whole_numbers_round_decimals() {
        let weight = |v: Value| FieldType::Integer.normalize(&v);
        assert_eq!(weight(Value::from(40.5)), Some(Value::from(41)));
        assert_eq!(weight(Value::from(7)), Some(Value::from(7)));
        assert_eq!(weight(Value::from("heavy")), None);
    }
}
