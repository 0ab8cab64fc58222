//! Responses encoded column by column, once, so every table after that counts small integers.

use crate::compact::{CompactError, DIGITS, SKIPPED, TEXT_FOLLOWS};
use crate::response::{Answer, Answers};
use crate::survey::{Question, QuestionKind, Survey};
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
        let mut b = DatasetBuilder::new(survey, responses.len());
        for a in responses {
            b.push_answers(a);
        }
        b.finish()
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

    /// Several sets of responses to the same survey as one, in the order given, with no
    /// breakdowns (see [`super::combined_results`]). `None` when they were not all encoded
    /// against the same questions and options.
    pub(crate) fn concat(parts: &[&Dataset]) -> Option<Dataset> {
        let first = parts.first()?;
        let same = |d: &&Dataset| {
            d.survey == first.survey
                && d.columns.len() == first.columns.len()
                && d.columns.iter().zip(&first.columns).all(|(a, b)| {
                    a.question == b.question && a.kind == b.kind && a.min == b.min && a.options == b.options
                })
        };
        if !parts.iter().all(same) {
            return None;
        }
        let n = parts.iter().map(|d| d.n).sum();
        let columns = first
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| Column {
                question: c.question.clone(),
                kind: c.kind,
                breakdown: false,
                min: c.min,
                options: c.options.clone(),
                codes: parts.iter().flat_map(|d| d.columns[i].codes.iter().copied()).collect(),
                masks: parts.iter().flat_map(|d| d.columns[i].masks.iter().copied()).collect(),
            })
            .collect();
        Some(Dataset { survey: first.survey.clone(), n, index: first.index.clone(), columns })
    }
}

/// Builds a [`Dataset`] one response at a time: from answers, or straight from a stored compact
/// code (`crate::compact`) without making the answers first, which is what makes reading a
/// large set from storage fast (see BENCHMARKS.md).
#[derive(Debug)]
pub struct DatasetBuilder<'s> {
    survey: &'s Survey,
    columns: Vec<Column>,
    /// Question id to column, sorted by id (answers are sorted by id too).
    sorted: Vec<(String, usize)>,
    /// Each question in survey order, with its column (`None` for free text).
    order: Vec<(&'s crate::survey::Question, Option<usize>)>,
    /// Per column, multiple choice only: the options that rule out every other (as in
    /// `check_answers`), so a code read straight into columns is checked the same way.
    exclusive: Vec<u64>,
    /// Per question in `order`: its `show_if` against the columns (as `check_answers` checks it).
    conditions: Vec<Option<Condition>>,
    /// One row's decoded values by column, reused from row to row.
    scratch: Vec<u64>,
    n: usize,
}

/// A question's `show_if` compiled against the columns: the source question's column (`None`
/// if it has none, which no valid survey allows: never met) and the options `any` or `not`
/// lists, as bits.
#[derive(Debug)]
struct Condition {
    source: Option<usize>,
    any: Option<u64>,
    not: Option<u64>,
}

/// A question skipped, in a row being decoded.
const ROW_SKIPPED: u64 = u64::MAX;

impl Condition {
    /// Whether a row's values meet it, as [`crate::survey::ShowIf::is_met`] does for answers.
    fn is_met(&self, row: &[u64], columns: &[Column]) -> bool {
        let Some(s) = self.source else { return false };
        let v = row[s];
        if v == ROW_SKIPPED {
            return false;
        }
        let chosen = if columns[s].kind == QuestionKind::Multiple { v } else { 1u64 << (v & 63) };
        chosen != 0 && self.any.is_none_or(|m| chosen & m != 0) && self.not.is_none_or(|m| chosen & m == 0)
    }
}

/// The value (0 to 63) of each code byte; 255 for bytes that are not code digits.
const fn digit_values() -> [u8; 128] {
    let mut t = [255u8; 128];
    let mut i = 0;
    while i < DIGITS.len() {
        t[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    t
}
const DIGIT_VALUE: [u8; 128] = digit_values();

impl<'s> DatasetBuilder<'s> {
    pub fn new(survey: &'s Survey, capacity: usize) -> Self {
        let mut columns = Vec::new();
        let mut order = Vec::new();
        for q in survey.questions() {
            if q.kind == QuestionKind::Text {
                order.push((q, None));
                continue;
            }
            let min = q.min.unwrap_or(0);
            let options: Vec<String> = match q.kind {
                QuestionKind::Rating => (min..=q.max.unwrap_or(10)).map(|r| r.to_string()).collect(),
                _ => survey.options(q).iter().map(|c| c.id.clone()).collect(),
            };
            let multiple = q.kind == QuestionKind::Multiple;
            order.push((q, Some(columns.len())));
            columns.push(Column {
                question: q.id.clone(),
                kind: q.kind,
                breakdown: q.breakdown,
                min,
                options,
                codes: Vec::with_capacity(if multiple { 0 } else { capacity }),
                masks: Vec::with_capacity(if multiple { capacity } else { 0 }),
            });
        }
        let mut sorted: Vec<(String, usize)> =
            columns.iter().enumerate().map(|(i, c)| (c.question.clone(), i)).collect();
        sorted.sort_unstable();
        let exclusive = order
            .iter()
            .filter_map(|&(q, col)| col.map(|_| q))
            .map(|q| {
                survey
                    .options(q)
                    .iter()
                    .take(64)
                    .enumerate()
                    .filter(|(_, c)| c.exclusive)
                    .fold(0u64, |m, (i, _)| m | 1 << i)
            })
            .collect();
        let column_of = |id: &str| order.iter().find(|(q, _)| q.id == id).and_then(|&(_, col)| col);
        let conditions = order
            .iter()
            .map(|(q, _)| {
                let c = q.show_if.as_ref()?;
                let source = column_of(&c.question);
                let bits = |list: &Option<Vec<String>>| {
                    let options = source.map(|s| columns[s].options.as_slice()).unwrap_or_default();
                    list.as_ref().map(|l| {
                        options
                            .iter()
                            .take(64)
                            .enumerate()
                            .filter(|(_, o)| l.contains(o))
                            .fold(0u64, |m, (i, _)| m | 1 << i)
                    })
                };
                Some(Condition { source, any: bits(&c.any), not: bits(&c.not) })
            })
            .collect();
        DatasetBuilder { survey, columns, sorted, order, exclusive, conditions, scratch: Vec::new(), n: 0 }
    }

    /// A new row, every question skipped.
    fn new_row(&mut self) {
        for c in &mut self.columns {
            if c.kind == QuestionKind::Multiple {
                c.masks.push(0);
            } else {
                c.codes.push(NONE);
            }
        }
        self.n += 1;
    }

    /// Add one response's answers. Answers that do not fit the survey are left out.
    pub fn push_answers(&mut self, answers: &Answers) {
        self.new_row();
        let row = self.n - 1;
        let sorted = &self.sorted;
        // Answers are kept sorted by question id, and so are `sorted`: after a match the next
        // answer is usually the next column, so one equality test finds it; otherwise search.
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
            let c = &mut self.columns[sorted[pos].1];
            let find = |o: &str| c.options.iter().position(|x| x.len() == o.len() && x == o);
            match answer {
                Answer::Choice(o) if c.kind != QuestionKind::Multiple && c.kind != QuestionKind::Rating => {
                    if let Some(i) = find(o) {
                        c.codes[row] = i as u8;
                    }
                }
                Answer::Rating(r)
                    if c.kind == QuestionKind::Rating && *r >= c.min && usize::from(r - c.min) < c.options.len() =>
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

    /// Add one response straight from its compact code (the free text at its end is never
    /// read). A code that does not fit the survey adds nothing and says why.
    pub fn push_code(&mut self, code: &str) -> Result<(), CompactError> {
        const SKIP: u64 = ROW_SKIPPED;
        let bytes = code.as_bytes();
        let mut at = 0usize;
        let mut row = std::mem::take(&mut self.scratch);
        row.clear();
        row.resize(self.columns.len(), SKIP);
        let mut texts = false;
        for (&(q, col), condition) in self.order.iter().zip(&self.conditions) {
            let Some(&b) = bytes.get(at) else {
                return Err(CompactError::TooShort { question: q.id.clone() });
            };
            at += 1;
            if b == SKIPPED as u8 {
                continue;
            }
            let Some(col) = col else {
                if b != TEXT_FOLLOWS as u8 {
                    return Err(CompactError::BadCharacter { question: q.id.clone(), found: char::from(b) });
                }
                texts = true;
                self.shown(q, condition.as_ref(), &row)?;
                continue;
            };
            let value = |b: u8| match DIGIT_VALUE.get(usize::from(b)) {
                Some(&v) if v != 255 => Ok(u64::from(v)),
                _ => Err(CompactError::BadCharacter { question: q.id.clone(), found: char::from(b) }),
            };
            let c = &self.columns[col];
            let n = c.options.len();
            if c.kind == QuestionKind::Multiple {
                let width = n.div_ceil(6).max(1);
                let mut mask = value(b)?;
                for k in 1..width {
                    let next = *bytes.get(at).ok_or_else(|| CompactError::TooShort { question: q.id.clone() })?;
                    at += 1;
                    mask |= value(next)? << (6 * k);
                }
                if n < 64 && mask >> n != 0 {
                    return Err(CompactError::UnknownOptionNumber { question: q.id.clone(), number: n + 1 });
                }
                if mask & self.exclusive[col] != 0 && mask.count_ones() > 1 {
                    return Err(CompactError::ExclusiveCombined { question: q.id.clone() });
                }
                row[col] = mask;
            } else {
                let v = value(b)?;
                if v as usize >= n {
                    return Err(CompactError::UnknownOptionNumber { question: q.id.clone(), number: v as usize + 1 });
                }
                row[col] = v;
            }
            self.shown(q, condition.as_ref(), &row)?;
        }
        if !texts && at < bytes.len() {
            return Err(CompactError::TooLong { extra: bytes.len() - at });
        }
        for (c, &v) in self.columns.iter_mut().zip(&row) {
            if c.kind == QuestionKind::Multiple {
                c.masks.push(if v == SKIP { 0 } else { v });
            } else {
                c.codes.push(if v == SKIP { NONE } else { v as u8 });
            }
        }
        self.n += 1;
        self.scratch = row;
        Ok(())
    }

    /// An answer to `q` is refused unless its `show_if` is met by the row so far (the source
    /// question comes earlier, so it is decoded already).
    fn shown(&self, q: &Question, condition: Option<&Condition>, row: &[u64]) -> Result<(), CompactError> {
        match (condition, &q.show_if) {
            (Some(c), Some(show_if)) if !c.is_met(row, &self.columns) => {
                Err(CompactError::NotShown { question: q.id.clone(), depends_on: show_if.question.clone() })
            }
            _ => Ok(()),
        }
    }

    /// How many responses so far.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn finish(self) -> Dataset {
        let index = self.columns.iter().enumerate().map(|(i, c)| (c.question.clone(), i)).collect();
        Dataset { survey: self.survey.id.clone(), n: self.n, index, columns: self.columns }
    }
}
