//! The pupil interface's own words (buttons, screens, support), keyed by language like survey
//! text, so a translation is data, not code. Shipped in `data/interface.json`.

use crate::error::{LoadError, Problem, ProblemKind};
use crate::text::{Language, Text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interface {
    pub languages: Vec<Language>,
    pub strings: BTreeMap<String, Text>,
}

/// The built-in interface text (compiled in only with the `embedded` feature; the browser app
/// fetches it as a static file and parses it with [`parse_interface`]).
#[cfg(feature = "embedded")]
pub const INTERFACE_FILE: &str = include_str!("../data/interface.json");

impl Interface {
    /// The string `key` in `lang` (falling back to English), with `{name}` placeholders filled.
    pub fn t(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = match self.strings.get(key) {
            Some(t) => t.get(lang, "en").to_string(),
            None => key.to_string(),
        };
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }
}

/// Parse and check the interface file: every string in every language.
pub fn parse_interface(file: &str, text: &str) -> Result<Interface, LoadError> {
    let i: Interface = serde_json::from_str(text)
        .map_err(|e| LoadError::single(file, "", ProblemKind::Structure { detail: e.to_string() }))?;
    let mut problems = Vec::new();
    for (key, t) in &i.strings {
        for l in &i.languages {
            match t.0.get(&l.code) {
                None => problems.push(Problem {
                    item: format!("string \"{key}\""),
                    kind: ProblemKind::MissingTranslation { lang: l.code.clone() },
                }),
                Some(s) if s.trim().is_empty() => problems.push(Problem {
                    item: format!("string \"{key}\""),
                    kind: ProblemKind::EmptyText { lang: l.code.clone() },
                }),
                Some(_) => {}
            }
        }
    }
    if problems.is_empty() {
        Ok(i)
    } else {
        Err(LoadError { file: file.to_string(), problems })
    }
}

/// The built-in interface text, checked.
#[cfg(feature = "embedded")]
pub fn interface() -> Result<Interface, LoadError> {
    parse_interface("interface.json", INTERFACE_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_interface_has_every_string_in_every_language() {
        let i = interface().unwrap_or_else(|e| panic!("{e}"));
        assert!(i.language("en").is_some());
        assert_eq!(i.t("en", "question_n_of", &[("n", "3"), ("total", "18")]), "Question 3 of 18");
        assert_eq!(i.t("xx", "next", &[]), "Next", "unknown language falls back to English");
    }

    #[test]
    fn a_missing_translation_is_named() {
        let text = r#"{"languages":[{"code":"en","name":"English","dir":"ltr","review":"reviewed"},
            {"code":"pl","name":"Polski","dir":"ltr","review":"needs-review"}],
            "strings":{"next":{"en":"Next","pl":"Dalej"},"back":{"en":"Back"}}}"#;
        let e = parse_interface("i.json", text).unwrap_err();
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].to_string(), "string \"back\": the text has no \"pl\" version");
    }
}
