//! Errors from loading a survey or framework file: every problem names the file, the item and
//! what is wrong, so a facilitator can fix their file without reading code.

use std::fmt;

/// The largest survey or framework file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

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
        LoadError { file: file.to_string(), problems: vec![Problem { item: item.into(), kind }] }
    }

    /// The error for a file refused by its size alone (checked before reading it).
    pub fn too_large(file: &str, bytes: usize) -> Self {
        LoadError::single(file, "", ProblemKind::TooLarge { bytes, max: MAX_FILE_BYTES })
    }

    /// True if any problem is of the kind `f` accepts (handy for tests and for the UI).
    pub fn has(&self, f: impl Fn(&ProblemKind) -> bool) -> bool {
        self.problems.iter().any(|p| f(&p.kind))
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(f, "{} was not loaded: {} problem{}", self.file, n, if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            write!(f, "\n- {p}")?;
        }
        Ok(())
    }
}

/// One problem: where it is and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Which item, in words: `question "safe_school", option "always"`. Empty for the whole file.
    pub item: String,
    pub kind: ProblemKind,
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
}
