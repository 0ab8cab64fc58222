//! What every target shares: the built-in surveys (parsed once) and the bytes as text.
#![allow(dead_code)]
use std::sync::OnceLock;
use yv_core::Survey;

pub fn surveys() -> &'static [Survey] {
    static S: OnceLock<Vec<Survey>> = OnceLock::new();
    S.get_or_init(|| {
        yv_core::builtin::SURVEY_FILES
            .iter()
            .map(|(f, t)| yv_core::parse_survey(f, t).expect("a built-in survey"))
            .collect()
    })
}

pub fn find(id: &str, version: &str) -> Option<&'static Survey> {
    surveys().iter().find(|s| s.id == id && s.version == version)
}

/// The bytes as the app would read them: refused with a message if they are not UTF-8 text.
pub fn text(data: &[u8]) -> Option<&str> {
    match yv_core::text::decode_text(data) {
        Ok(t) => Some(t),
        Err(m) => {
            assert!(m.len() < 1_000);
            None
        }
    }
}

/// A refusal's message is bounded whatever the input (the issue found a 600 MB one).
pub fn bounded<T, E: std::fmt::Display>(r: Result<T, E>) {
    if let Err(e) = r {
        assert!(e.to_string().len() <= 64 * 1024, "a message of {} bytes", e.to_string().len());
    }
}
