//! Translated text and the languages a survey is written in.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A string in every language of its survey: `{"en": "...", "ur": "..."}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// English-only text (handy in tests and for built-in interface strings).
    pub fn en(s: &str) -> Self {
        Text(BTreeMap::from([("en".to_string(), s.to_string())]))
    }

    /// The text in `lang`, else in `fallback`, else any version, else "".
    pub fn get<'a>(&'a self, lang: &str, fallback: &str) -> &'a str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(fallback))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// Whether someone fluent has checked a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Review {
    Reviewed,
    NeedsReview,
}

/// A language a survey is available in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// BCP 47 code, e.g. `en`, `pl`, `ur`.
    pub code: String,
    /// The language's own name for itself, e.g. `Polski`.
    pub name: String,
    pub dir: Dir,
    pub review: Review,
}

/// Error messages are written as clauses ("the PIN could not be checked: ..."); shown on their
/// own they become sentences: a capital first letter and a full stop at the end.
pub fn sentence(s: &str) -> String {
    let mut c = s.chars();
    let Some(first) = c.next() else { return String::new() };
    let mut out = first.to_uppercase().collect::<String>() + c.as_str();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// `text` as the inside of a CSS string: quotes and backslashes escaped, line breaks and `<`
/// written as escapes (so no group name can end the style element or the string).
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '\n' | '\r' | '\u{c}' => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod sentence_tests {
    use super::sentence;

    #[test]
    fn clauses_become_sentences() {
        assert_eq!(sentence("the PIN could not be checked: full"), "The PIN could not be checked: full.");
        assert_eq!(sentence("Already one."), "Already one.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(super::css_string("Year 8 \"A\" \\ </style>\n"), "Year 8 \\\"A\\\" \\\\ \\3c /style\\3e \\a ");
    }
}
