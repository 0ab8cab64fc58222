//! The steps every data file goes through before its own checks: size, JSON, format and version,
//! then the typed structure (with the path of the item serde could not read).

use crate::error::{LoadError, ProblemKind, MAX_FILE_BYTES};
use serde::de::DeserializeOwned;

/// Parse `text` as a `format` file of `version`, or say exactly why not.
pub(crate) fn parse_typed<T: DeserializeOwned>(
    file: &str,
    text: &str,
    format: &str,
    version: u32,
) -> Result<T, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LoadError::single(file, "", ProblemKind::TooLarge { bytes: text.len(), max: MAX_FILE_BYTES }));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        LoadError::single(
            file,
            "",
            ProblemKind::NotJson { line: e.line(), column: e.column(), detail: strip_position(&e.to_string()) },
        )
    })?;
    let found_format = value.get("format");
    if found_format.and_then(|f| f.as_str()) != Some(format) {
        return Err(LoadError::single(
            file,
            "",
            ProblemKind::WrongFormat {
                expected: format.to_string(),
                found: found_format.map(|f| f.to_string()).unwrap_or_else(|| "missing".to_string()),
            },
        ));
    }
    let found_version = value.get("format_version");
    if found_version.and_then(|v| v.as_u64()) != Some(u64::from(version)) {
        return Err(LoadError::single(
            file,
            "",
            ProblemKind::UnknownFormatVersion {
                found: found_version.map(|v| v.to_string()).unwrap_or_else(|| "missing".to_string()),
                supported: version,
            },
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        LoadError::single(
            file,
            if path == "." { String::new() } else { path },
            ProblemKind::Structure { detail: strip_position(&e.into_inner().to_string()) },
        )
    })
}

/// serde_json appends " at line L column C"; the message carries those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Ids are short, lowercase and safe to put in CSV columns and storage keys.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}
