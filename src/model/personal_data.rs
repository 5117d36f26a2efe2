//! Contact details in pages about to be published to the widest audience.
//!
//! A partnership's notes are full of email addresses and phone numbers,
//! which is right for the partnership's own site and wrong for a public
//! one. A build for the widest audience (`public` by default) reports each
//! email address and phone number written in a published page's front
//! matter or text, at its line and column, so that a contact list is not
//! published by mistake. `personal_data: false` in `cairn.yaml` turns the
//! check off (a public directory of services, say).

use std::sync::LazyLock;

use regex::Regex;

use crate::content::frontmatter::Document;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};

/// An email address.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("a valid pattern")
});

/// A phone number: an international `+` or a leading 0, then 9 to 13
/// digits in groups separated by single spaces, dots or dashes (dates and
/// case numbers do not start that way or have fewer digits).
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?|\b0)\d{2,5}(?:[ .-]?\d{2,4}){2,3}\b")
        .expect("a valid pattern")
});

/// Reports every email address and phone number in `docs`.
pub fn check(docs: &[Document], audience: &str, diagnostics: &Diagnostics) {
    for doc in docs {
        // The front matter starts on the file's second line.
        let texts = [
            (doc.front_matter.as_str(), 2),
            (doc.body.as_str(), doc.body_line),
        ];
        for (text, first_line) in texts {
            for (what, pattern) in [("an email address", &*EMAIL), ("a phone number", &*PHONE)] {
                for found in pattern.find_iter(text) {
                    if what == "a phone number" && digits(found.as_str()) < 10 {
                        continue;
                    }
                    let mut span = Span::at_offset(text, found.start());
                    span.line += first_line - 1;
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::PersonalData,
                            format!(
                                "{what} (`{}`) would be published to the {audience} audience",
                                found.as_str()
                            ),
                        )
                        .in_file(&doc.path)
                        .at(span)
                        .help(format!(
                            "give the page a narrower `audience:`, or take the detail out; set `personal_data: false` in cairn.yaml if the {audience} site is meant to list contacts"
                        )),
                    );
                }
            }
        }
    }
}

fn digits(text: &str) -> usize {
    text.chars().filter(char::is_ascii_digit).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(pattern: &Regex, text: &str) -> Vec<String> {
        pattern
            .find_iter(text)
            .map(|m| m.as_str().to_owned())
            .filter(|m| pattern.as_str() != PHONE.as_str() || digits(m) >= 10)
            .collect()
    }

    #[test]
    fn emails_and_phone_numbers_are_found_and_dates_are_not() {
        let text = "Ring 01632 960 123 or +44 (0)1632 960123, or mail ana.silva@northmere.gov.uk. \
                    Case 2024-03-15, ref CS-2024-0042, 12 000 incidents, 07700 900 461.";
        assert_eq!(found(&EMAIL, text), ["ana.silva@northmere.gov.uk"]);
        assert_eq!(
            found(&PHONE, text),
            ["01632 960 123", "+44 (0)1632 960123", "07700 900 461"]
        );
    }
}
