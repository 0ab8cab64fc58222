//! A pupil's answers, and the scores worked out from them.

use crate::survey::{QuestionKind, ScoreDef, Survey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One answer, stored compactly: `{"c":"always"}`, `{"m":["sport"]}`, `{"r":7}`, `{"t":"..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    #[serde(rename = "c")]
    Choice(String),
    #[serde(rename = "m")]
    Choices(Vec<String>),
    #[serde(rename = "r")]
    Rating(u8),
    #[serde(rename = "t")]
    Text(String),
}

/// A pupil's answers by question id. A skipped question is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<String, Answer>);

impl Answers {
    pub fn get(&self, question: &str) -> Option<&Answer> {
        self.0.get(question)
    }

    pub fn set(&mut self, question: &str, answer: Answer) {
        self.0.insert(question.to_string(), answer);
    }

    pub fn clear(&mut self, question: &str) {
        self.0.remove(question);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Why an answer does not fit its survey (for imported or restored responses).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("question \"{0}\" is not in the survey")]
    UnknownQuestion(String),
    #[error("question \"{question}\" has no option \"{option}\"")]
    UnknownOption { question: String, option: String },
    #[error("question \"{0}\" got the wrong kind of answer")]
    WrongKind(String),
    #[error("question \"{question}\": {value} is outside {min} to {max}")]
    OutOfRange { question: String, value: u8, min: u8, max: u8 },
    #[error("question \"{0}\" does not take free text in this survey")]
    TextNotEnabled(String),
    #[error("question \"{question}\": the text is longer than {max} characters")]
    TextTooLong { question: String, max: u16 },
    #[error("question \"{0}\": an exclusive option was chosen together with others")]
    ExclusiveCombined(String),
    #[error("question \"{question}\" was not shown to this pupil (it is asked only after certain answers to question \"{depends_on}\")")]
    NotShown { question: String, depends_on: String },
}

/// Check that every answer fits its survey's question, and that every answered question was
/// shown to the pupil (its `show_if` is met by the other answers).
pub fn check_answers(survey: &Survey, answers: &Answers) -> Result<(), AnswerError> {
    for (qid, a) in &answers.0 {
        let q = survey.question(qid).ok_or_else(|| AnswerError::UnknownQuestion(qid.clone()))?;
        let known = |o: &str| -> Result<(), AnswerError> {
            survey
                .choice(q, o)
                .map(|_| ())
                .ok_or_else(|| AnswerError::UnknownOption { question: qid.clone(), option: o.to_string() })
        };
        match (q.kind, a) {
            (QuestionKind::Single | QuestionKind::Agreement, Answer::Choice(o)) => known(o)?,
            (QuestionKind::Multiple, Answer::Choices(os)) => {
                for o in os {
                    known(o)?;
                }
                let exclusive = os.iter().filter(|o| survey.choice(q, o).is_some_and(|c| c.exclusive)).count();
                if exclusive > 0 && os.len() > 1 {
                    return Err(AnswerError::ExclusiveCombined(qid.clone()));
                }
            }
            (QuestionKind::Rating, Answer::Rating(r)) => {
                let (min, max) = (q.min.unwrap_or(0), q.max.unwrap_or(10));
                if *r < min || *r > max {
                    return Err(AnswerError::OutOfRange { question: qid.clone(), value: *r, min, max });
                }
            }
            (QuestionKind::Text, Answer::Text(t)) => {
                if !q.enabled {
                    return Err(AnswerError::TextNotEnabled(qid.clone()));
                }
                let max = q.max_length.unwrap_or(0);
                if t.chars().count() > usize::from(max) {
                    return Err(AnswerError::TextTooLong { question: qid.clone(), max });
                }
            }
            _ => return Err(AnswerError::WrongKind(qid.clone())),
        }
        if let Some(c) = q.show_if.as_ref().filter(|c| !c.is_met(answers)) {
            return Err(AnswerError::NotShown { question: qid.clone(), depends_on: c.question.clone() });
        }
    }
    Ok(())
}

impl ScoreDef {
    /// The lowest and highest possible score.
    pub fn range(&self) -> (f64, f64) {
        let n = self.items.len() as f64;
        let lo = self.values.values().copied().min().unwrap_or(0) as f64;
        let hi = self.values.values().copied().max().unwrap_or(0) as f64;
        (lo * n, hi * n)
    }

    /// The pupil's score, pro-rated over answered items, or `None` when more than
    /// `max_missing` items were skipped (or answered "prefer not to say").
    pub fn score(&self, answers: &Answers) -> Option<f64> {
        let lo = self.values.values().copied().min().unwrap_or(0);
        let hi = self.values.values().copied().max().unwrap_or(0);
        let mut sum = 0u32;
        let mut answered = 0usize;
        for item in &self.items {
            let Some(Answer::Choice(o)) = answers.get(&item.question) else {
                continue;
            };
            let Some(&v) = self.values.get(o) else {
                continue;
            };
            let v = if item.reverse { hi - v + lo } else { v };
            sum += u32::from(v);
            answered += 1;
        }
        let n = self.items.len();
        if answered == 0 || n - answered > usize::from(self.max_missing) {
            return None;
        }
        Some(f64::from(sum) * n as f64 / answered as f64)
    }
}
