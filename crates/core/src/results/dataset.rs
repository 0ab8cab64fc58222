//! Responses encoded column by column, once, so every table after that counts small integers.

use crate::response::{Answer, Answers};
use crate::survey::{QuestionKind, Survey};
use std::collections::HashMap;

/// A set of responses encoded once, column by column, so that every table after that counts
/// small integers instead of looking up strings. Encode when responses are loaded; aggregate
/// (against any framework, threshold or breakdown) with [`super::results`].
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The survey the responses answer.
    pub survey: String,
    pub(crate) n: usize,
    /// Question id to column, for every question that is not free text.
    pub(crate) index: HashMap<String, usize>,
    pub(crate) columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub(crate) question: String,
    pub(crate) kind: QuestionKind,
    pub(crate) breakdown: bool,
    /// Lowest rating value (ratings only).
    pub(crate) min: u8,
    /// Option ids in order (for ratings: the values as text).
    pub(crate) options: Vec<String>,
    /// Per response: the chosen option's index (ratings: value - min), [`NONE`] when skipped.
    pub(crate) codes: Vec<u8>,
    /// Per response, multiple choice only: bit i set when option i was chosen.
    pub(crate) masks: Vec<u64>,
}

pub(crate) const NONE: u8 = u8::MAX;

impl Dataset {
    /// Encode `responses` to `survey`. Answers that do not fit the survey are left out.
    pub fn new(survey: &Survey, responses: &[&Answers]) -> Self {
        let mut columns: Vec<Column> = survey
            .questions()
            .filter(|q| q.kind != QuestionKind::Text)
            .map(|q| {
                let min = q.min.unwrap_or(0);
                let options: Vec<String> = match q.kind {
                    QuestionKind::Rating => (min..=q.max.unwrap_or(10)).map(|r| r.to_string()).collect(),
                    _ => survey.options(q).iter().map(|c| c.id.clone()).collect(),
                };
                let multiple = q.kind == QuestionKind::Multiple;
                Column {
                    question: q.id.clone(),
                    kind: q.kind,
                    breakdown: q.breakdown,
                    min,
                    options,
                    codes: if multiple { Vec::new() } else { vec![NONE; responses.len()] },
                    masks: if multiple { vec![0; responses.len()] } else { Vec::new() },
                }
            })
            .collect();
        let index: HashMap<String, usize> = columns.iter().enumerate().map(|(i, c)| (c.question.clone(), i)).collect();
        // Answers are kept sorted by question id, and so are these columns: after a match the next
        // answer is usually the next column, so one equality test finds it; otherwise search.
        let mut sorted: Vec<(String, usize)> = index.iter().map(|(k, v)| (k.clone(), *v)).collect();
        sorted.sort_unstable();
        for (row, answers) in responses.iter().enumerate() {
            let mut at = 0usize;
            for (qid, answer) in &answers.0 {
                let pos = if sorted.get(at).is_some_and(|(id, _)| id == qid) {
                    at
                } else if sorted.get(at + 1).is_some_and(|(id, _)| id == qid) {
                    at + 1
                } else {
                    match sorted.binary_search_by(|(id, _)| id.as_str().cmp(qid.as_str())) {
                        Ok(p) => p,
                        Err(_) => continue,
                    }
                };
                at = pos + 1;
                let col = &sorted[pos].1;
                let c = &mut columns[*col];
                let find = |o: &str| c.options.iter().position(|x| x.len() == o.len() && x == o);
                match answer {
                    Answer::Choice(o) if c.kind != QuestionKind::Multiple && c.kind != QuestionKind::Rating => {
                        if let Some(i) = find(o) {
                            c.codes[row] = i as u8;
                        }
                    }
                    Answer::Rating(r)
                        if c.kind == QuestionKind::Rating
                            && *r >= c.min
                            && usize::from(r - c.min) < c.options.len() =>
                    {
                        c.codes[row] = r - c.min;
                    }
                    Answer::Choices(os) if c.kind == QuestionKind::Multiple => {
                        let mut m = 0u64;
                        for o in os {
                            if let Some(i) = find(o).filter(|i| *i < 64) {
                                m |= 1 << i;
                            }
                        }
                        c.masks[row] = m;
                    }
                    _ => {}
                }
            }
        }
        Dataset { survey: survey.id.clone(), n: responses.len(), index, columns }
    }

    /// How many responses.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub(crate) fn column(&self, question: &str) -> Option<&Column> {
        self.index.get(question).map(|&i| &self.columns[i])
    }
}
