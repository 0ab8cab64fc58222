//! Youth Voice core: pure Rust, no browser. Surveys and their validation, responses and scores,
//! outcome frameworks and their rules, and the built-in content.
//!
//! The data formats are documented in `data/FORMATS.md`.

pub mod builtin;
pub mod bundle;
pub mod catalogue;
pub mod compact;
pub mod day;
pub mod envelope;
pub mod error;
pub mod evaluate;
pub mod export;
pub mod flow;
pub mod framework;
pub mod interface;
mod load;
pub mod pin;
pub mod response;
pub mod results;
pub mod seal;
pub mod survey;
pub mod synthetic;
pub mod text;
pub mod vote;

pub use error::{LoadError, Problem, ProblemKind, MAX_FILE_BYTES};
pub use evaluate::{evaluate, Evaluation};
pub use framework::{parse_framework, validate_framework, Direction, Framework, Indicator, Measure, Node, Rule};
pub use response::{check_answers, Answer, AnswerError, Answers};
pub use survey::{parse_survey, validate_survey, Choice, Face, Question, QuestionKind, ScoreDef, ShowIf, Survey};
pub use text::{Dir, Language, Review, Text};
