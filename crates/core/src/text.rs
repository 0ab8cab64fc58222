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

/// Whether `c` shows nothing on its own: white space, control characters, format characters
/// (zero-width spaces and joiners, direction marks and overrides, the byte order mark, tags) and
/// the other characters Unicode says to draw as nothing (fillers, variation selectors).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            u32::from(c),
            0x00AD
                | 0x034F
                | 0x061C
                | 0x115F
                | 0x1160
                | 0x17B4
                | 0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x2028..=0x202E
                | 0x205F..=0x206F
                | 0x2800
                | 0x3164
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFFB
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE0FFF
        )
}

/// Whether `s` holds a control character (newline and tab included) or a bidirectional
/// embedding, override or isolate (U+202A-202E, U+2066-2069): in a one-line name they can hide or
/// reorder what a reader sees ("Year 5" shown, something else stored).
pub fn has_control_or_override(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

/// Whether `s` has at least one character a pupil can see.
pub fn has_visible_text(s: &str) -> bool {
    s.chars().any(|c| !is_invisible(c))
}

/// Whether `code` looks like a BCP 47 language tag: subtags of 1 to 8 ASCII letters or digits
/// joined by '-', starting with a letter, at most 35 characters (`en`, `pt-BR`, `zh-Hant-TW`).
/// Nothing else (no spaces, controls or direction overrides) can reach a `lang` attribute.
pub fn valid_language_code(code: &str) -> bool {
    code.len() <= 35
        && code.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && code.split('-').all(|t| (1..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()))
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

/// A loaded file's bytes as text: UTF-8, with a UTF-8 byte-order mark dropped. Anything else is
/// refused with what it looks like and what to do, rather than a JSON error about its first
/// byte or a size counted after every unreadable byte became a replacement character.
pub fn decode_text(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if looks_like_utf16(bytes) {
        return Err("this file is not UTF-8 text: it looks like UTF-16 (what some Windows programs call \"Unicode\"). Save it as UTF-8 and load it again".into());
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let byte = bytes.get(at).copied().unwrap_or(0);
        if byte >= 0x80 && !bytes.contains(&0) {
            format!("this file is not UTF-8 text: it looks like Windows-1252 or another older encoding (byte {at} is 0x{byte:02X}). Save it as UTF-8 and load it again")
        } else {
            format!("this file is not UTF-8 text (byte {at} is 0x{byte:02X}): it may not be a text file at all. Save it as UTF-8 and load it again")
        }
    })
}

/// UTF-16 text: a byte-order mark, or a zero byte in every other place (ASCII written as UTF-16).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(64)];
    head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 3 >= head.len()
}

/// A warning for text holding the replacement character U+FFFD: letters were lost when the file
/// was converted from another encoding (a Windows-1252 "é" read as UTF-8 becomes U+FFFD).
pub fn lost_letters(text: &str) -> Option<String> {
    let n = text.chars().filter(|&c| c == '\u{FFFD}').count();
    (n > 0).then(|| {
        format!(
            "the file holds {n} replacement character{} (\u{FFFD}): some letters were lost when it was saved in another encoding. Check its words, and load a copy saved as UTF-8",
            if n == 1 { "" } else { "s" }
        )
    })
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
    fn invisible_only_text_is_not_visible_text() {
        use super::has_visible_text;
        for blank in
            ["", " ", "\u{200B}\u{200D}", "\u{202E}\u{2066}", "\u{FEFF}\u{AD}", "\u{3164}", "\t\u{7}", "\u{E0041}"]
        {
            assert!(!has_visible_text(blank), "{blank:?}");
        }
        for seen in ["Yes", "\u{200B}No", "ہاں", "\u{1F600}", "-", "0"] {
            assert!(has_visible_text(seen), "{seen:?}");
        }
    }

    #[test]
    fn language_codes_are_tags() {
        use super::valid_language_code;
        for ok in ["en", "ur", "pt-BR", "zh-Hant-TW", "sgn-GB", "en-GB-oxendict"] {
            assert!(valid_language_code(ok), "{ok}");
        }
        for bad in ["", "-en", "en-", "en--GB", "e n", "en\u{202E}", "en\n", "1en", "toolongsubtag", &"a-b".repeat(20)]
        {
            assert!(!valid_language_code(bad), "{bad:?}");
        }
    }

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(super::css_string("Year 8 \"A\" \\ </style>\n"), "Year 8 \\\"A\\\" \\\\ \\3c /style\\3e \\a ");
    }
}
