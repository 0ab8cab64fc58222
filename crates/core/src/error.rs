//! Errors from loading a survey or framework file: every problem names the file, the item and
//! what is wrong, so a facilitator can fix their file without reading code.

use std::fmt;

/// The largest survey or framework file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The most problems listed for one file. Past it checking stops and one last entry says there
/// are more ([`ProblemKind::MoreProblems`]), so a hostile or badly broken file can neither
/// flood the facilitator nor use up the device's memory.
pub const MAX_PROBLEMS: usize = 50;

/// The most characters of a name from the file (an id, a language code, an option set's name)
/// quoted in a message; longer ones are cut with an ellipsis. Valid ids are at most 64.
pub const MAX_QUOTED_CHARS: usize = 64;

/// The most characters of an item, or of a detail from the JSON reader, in a message.
const MAX_DETAIL_CHARS: usize = 300;

/// `s` cut to at most `max` characters, with an ellipsis when cut (on a character boundary).
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((at, _)) => {
            let keep = s[..at].char_indices().nth(max.saturating_sub(1)).map_or(at, |(i, _)| i);
            format!("{}\u{2026}", &s[..keep])
        }
    }
}

/// A name from the file, cut for quoting in a message.
pub(crate) fn quoted(s: &str) -> String {
    clip(s, MAX_QUOTED_CHARS)
}

/// A file was refused. It lists every problem found, not just the first.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct LoadError {
    /// The file's name as the facilitator knows it (e.g. `my-survey.json`).
    pub file: String,
    /// What is wrong, item by item; never empty.
    pub problems: Vec<Problem>,
}

impl LoadError {
    pub(crate) fn single(file: &str, item: impl Into<String>, kind: ProblemKind) -> Self {
        LoadError { file: file.to_string(), problems: vec![Problem::new(&item.into(), kind)] }
    }

    /// The error for a file refused by its size alone (checked before reading it).
    pub fn too_large(file: &str, bytes: usize) -> Self {
        LoadError::single(file, "", ProblemKind::TooLarge { bytes, max: MAX_FILE_BYTES })
    }

    /// A file whose bytes are not UTF-8 text (see [`crate::text::decode_text`]), with why.
    pub fn not_text(file: &str, why: String) -> Self {
        LoadError::single(file, "", ProblemKind::Structure { detail: why })
    }

    /// True if any problem is of the kind `f` accepts (handy for tests and for the UI).
    pub fn has(&self, f: impl Fn(&ProblemKind) -> bool) -> bool {
        self.problems.iter().any(|p| f(&p.kind))
    }
}

impl LoadError {
    /// How many problems, in words: "1 problem", "3 problems", or "more than 50 problems" when
    /// the list stopped at [`MAX_PROBLEMS`] (its last entry is then [`ProblemKind::MoreProblems`]).
    pub fn count_text(&self) -> String {
        let more = self.problems.iter().any(|p| matches!(p.kind, ProblemKind::MoreProblems { .. }));
        let n = self.problems.len() - usize::from(more);
        match (more, n) {
            (true, _) => format!("more than {n} problems"),
            (false, 1) => "1 problem".to_string(),
            (false, _) => format!("{n} problems"),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} was not loaded: {}", self.file, self.count_text())?;
        for p in &self.problems {
            write!(f, "\n- {p}")?;
        }
        Ok(())
    }
}

/// The problems found in one file, at most [`MAX_PROBLEMS`] of them, each with its names cut
/// ([`MAX_QUOTED_CHARS`]). Checks ask [`Problems::full`] to stop early.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
    more: bool,
}

impl Problems {
    pub(crate) fn push(&mut self, item: &str, kind: ProblemKind) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem::new(item, kind));
        } else {
            self.more = true;
        }
    }

    /// Whether the list is full and more problems were found: nothing more will be listed.
    pub(crate) fn full(&self) -> bool {
        self.more
    }

    pub(crate) fn finish(mut self) -> Result<(), Vec<Problem>> {
        if self.more {
            self.list.push(Problem { item: String::new(), kind: ProblemKind::MoreProblems { shown: MAX_PROBLEMS } });
        }
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(self.list)
        }
    }
}

/// One problem: where it is and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Which item, in words: `question "safe_school", option "always"`. Empty for the whole file.
    pub item: String,
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem with every name from the file in it cut to [`MAX_QUOTED_CHARS`] (and the item
    /// and any detail to a few hundred characters), so no message grows with the file.
    pub fn new(item: &str, kind: ProblemKind) -> Self {
        Problem { item: clip(item, MAX_DETAIL_CHARS), kind: kind.clipped() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.item.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.item, self.kind)
        }
    }
}

/// What can be wrong with a survey or framework file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    #[error("the file is {bytes} bytes; the largest accepted is {max} bytes")]
    TooLarge { bytes: usize, max: usize },
    #[error("the file is not valid JSON (line {line}, column {column}: {detail})")]
    NotJson { line: usize, column: usize, detail: String },
    #[error("this is not a {expected} file (its \"format\" is {found})")]
    WrongFormat { expected: String, found: String },
    #[error("format version {found} is not supported; this version of Youth Voice reads format version {supported}")]
    UnknownFormatVersion { found: String, supported: u32 },
    #[error("{detail}")]
    Structure { detail: String },
    #[error("the id \"{id}\" is used more than once")]
    DuplicateId { id: String },
    #[error("the id \"{id}\" may only use lowercase letters, digits, '_' and '-' (at most 64)")]
    BadId { id: String },
    #[error("the survey lists no languages")]
    NoLanguages,
    #[error("the language \"{lang}\" is listed more than once")]
    DuplicateLanguage { lang: String },
    #[error("the text has no \"{lang}\" version")]
    MissingTranslation { lang: String },
    #[error("the \"{lang}\" text is empty")]
    EmptyText { lang: String },
    #[error("the text is in \"{lang}\", which is not one of the survey's languages")]
    UnlistedLanguage { lang: String },
    #[error("the survey has no questions")]
    NoQuestions,
    #[error("a {kind} question needs options")]
    NoOptions { kind: String },
    #[error("a {kind} question needs at least two options; it has {count}")]
    TooFewOptions { kind: String, count: usize },
    #[error("a question can have at most {max} options; it has {count}")]
    TooManyOptions { max: usize, count: usize },
    #[error("the option set \"{name}\" does not exist")]
    UnknownOptionSet { name: String },
    #[error("\"{field}\" does not belong on a {kind} question")]
    FieldNotAllowed { field: String, kind: String },
    #[error("a {kind} question needs \"{field}\"")]
    MissingField { field: String, kind: String },
    #[error("with a faces scale, option \"{option}\" needs a \"face\"")]
    MissingFace { option: String },
    #[error("\"exclusive\" is only for options of multiple-choice questions")]
    ExclusiveNotMultiple,
    #[error("the range {min} to {max} is not allowed (need min < max <= 10)")]
    BadRatingRange { min: u8, max: u8 },
    #[error("max_length {value} is not allowed (1 to 1000)")]
    BadMaxLength { value: u16 },
    #[error("there is no question \"{question}\"")]
    UnknownQuestion { question: String },
    #[error("question \"{question}\" has no option \"{option}\"")]
    UnknownOption { question: String, option: String },
    #[error("there is no score \"{score}\"")]
    UnknownScore { score: String },
    #[error("question \"{question}\" is a {kind} question, which a {what} cannot use")]
    WrongQuestionKind { question: String, kind: String, what: String },
    #[error("option \"{option}\" of question \"{question}\" has no value")]
    MissingValue { question: String, option: String },
    #[error("a score needs at least one item")]
    NoScoreItems,
    #[error("max_missing {value} must be less than the number of items ({items})")]
    BadMaxMissing { value: u8, items: usize },
    #[error("the threshold {value} is outside the score's range {min} to {max}")]
    ThresholdOutOfRange { value: f64, min: f64, max: f64 },
    #[error("the range {min} to {max} is outside question \"{question}\"'s range {q_min} to {q_max}")]
    RuleRangeOutOfRange { question: String, min: u8, max: u8, q_min: u8, q_max: u8 },
    #[error("an indicator needs either \"measure\" or \"not_measured\", not both")]
    MeasureAndNotMeasured,
    #[error("an indicator needs \"measure\" or \"not_measured\" (say why it cannot be measured)")]
    NeitherMeasureNorNotMeasured,
    #[error("a measured indicator needs \"direction\" (higher_is_better or lower_is_better)")]
    MissingDirection,
    #[error("a measure needs at least one rule")]
    NoRules,
    #[error("\"positive\" lists no options")]
    NoPositiveOptions,
    #[error("a built-in survey or framework already uses the id \"{id}\"; give yours another id")]
    BuiltInId { id: String },
    #[error("the field \"{field}\" is empty")]
    EmptyField { field: String },
    #[error("question \"{question}\" does not come before this one; a question can only depend on an earlier answer")]
    ShowIfNotEarlier { question: String },
    #[error("show_if needs either \"any\" or \"not\", not both")]
    ShowIfAnyAndNot,
    #[error("show_if needs \"any\" (shown if one of these options was chosen) or \"not\" (shown if none of them was)")]
    ShowIfNeitherAnyNorNot,
    #[error("show_if \"{field}\" lists no options")]
    ShowIfNoOptions { field: String },
    #[error("\"not\" lists every option of question \"{question}\", so this question would never be shown")]
    ShowIfNeverShown { question: String },
    #[error(
        "a breakdown question cannot have show_if: results are broken down by it, so every pupil must be asked it"
    )]
    ShowIfOnBreakdown,
    #[error("an item of score \"{score}\" cannot have show_if: every pupil must be asked every item of a score")]
    ShowIfOnScoreItem { score: String },
    #[error("the \"{lang}\" text has no visible characters (only spaces, invisible or control characters)")]
    InvisibleText { lang: String },
    #[error("the language code \"{lang}\" is not a language tag: use letters, digits and '-' only, e.g. \"en\" or \"pt-BR\" (at most 35 characters)")]
    BadLanguageCode { lang: String },
    #[error("stored on this device (with every default written out) it would take {stored} bytes; the largest that can be stored is {max} bytes: make the file smaller")]
    StoredTooLarge { stored: usize, max: usize },
    #[error("and more problems, not listed: only the first {shown} are; fix those, then load the file again")]
    MoreProblems { shown: usize },
}

impl ProblemKind {
    /// The same problem with every name from the file cut to [`MAX_QUOTED_CHARS`] characters,
    /// and any detail from the JSON reader (which may quote the file) to a few hundred.
    fn clipped(self) -> Self {
        use ProblemKind::*;
        let q = |s: String| if s.chars().nth(MAX_QUOTED_CHARS).is_some() { quoted(&s) } else { s };
        let d = |s: String| if s.chars().nth(MAX_DETAIL_CHARS).is_some() { clip(&s, MAX_DETAIL_CHARS) } else { s };
        match self {
            NotJson { line, column, detail } => NotJson { line, column, detail: d(detail) },
            WrongFormat { expected, found } => WrongFormat { expected, found: q(found) },
            UnknownFormatVersion { found, supported } => UnknownFormatVersion { found: q(found), supported },
            Structure { detail } => Structure { detail: d(detail) },
            DuplicateId { id } => DuplicateId { id: q(id) },
            BadId { id } => BadId { id: q(id) },
            DuplicateLanguage { lang } => DuplicateLanguage { lang: q(lang) },
            MissingTranslation { lang } => MissingTranslation { lang: q(lang) },
            EmptyText { lang } => EmptyText { lang: q(lang) },
            InvisibleText { lang } => InvisibleText { lang: q(lang) },
            UnlistedLanguage { lang } => UnlistedLanguage { lang: q(lang) },
            BadLanguageCode { lang } => BadLanguageCode { lang: q(lang) },
            UnknownOptionSet { name } => UnknownOptionSet { name: q(name) },
            MissingFace { option } => MissingFace { option: q(option) },
            UnknownQuestion { question } => UnknownQuestion { question: q(question) },
            UnknownOption { question, option } => UnknownOption { question: q(question), option: q(option) },
            UnknownScore { score } => UnknownScore { score: q(score) },
            WrongQuestionKind { question, kind, what } => WrongQuestionKind { question: q(question), kind, what },
            MissingValue { question, option } => MissingValue { question: q(question), option: q(option) },
            BuiltInId { id } => BuiltInId { id: q(id) },
            RuleRangeOutOfRange { question, min, max, q_min, q_max } => {
                RuleRangeOutOfRange { question: q(question), min, max, q_min, q_max }
            }
            ShowIfNotEarlier { question } => ShowIfNotEarlier { question: q(question) },
            ShowIfNeverShown { question } => ShowIfNeverShown { question: q(question) },
            ShowIfOnScoreItem { score } => ShowIfOnScoreItem { score: q(score) },
            // The rest hold only numbers, or words this code wrote.
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_keeps_short_names_and_cuts_long_ones_on_a_character_boundary() {
        assert_eq!(clip("safe_school", 64), "safe_school");
        assert_eq!(clip(&"a".repeat(64), 64), "a".repeat(64));
        assert_eq!(clip(&"a".repeat(65), 64), format!("{}\u{2026}", "a".repeat(63)));
        assert_eq!(clip("ééééé", 3), "éé\u{2026}");
        assert_eq!(clip("abc", 0), "\u{2026}");
        let p = Problem::new(&"x".repeat(10_000), ProblemKind::BadId { id: "é".repeat(100_000) });
        assert!(p.to_string().chars().count() < 600, "{}", p.to_string().len());
    }
}
