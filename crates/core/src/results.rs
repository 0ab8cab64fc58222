//! Aggregate results with disclosure control: the one place that decides what a facilitator may
//! see. The dashboard and every export read [`SessionResults`]; none of them count anything
//! themselves.
//!
//! The rules (see `data/FORMATS.md`, "Results and disclosure control"):
//! - a cell whose base is below the threshold `k` is suppressed (count, percentage, interval, bar);
//!   `k` defaults to 10 and can be raised but never set below 5;
//! - secondary suppression: the groups of a breakdown add up to the total, so a breakdown never
//!   has exactly one suppressed group (the next smallest is hidden as well). Which groups are
//!   hidden is decided first from each group's size in the whole data set, the same way for every
//!   table, so two tables cannot be subtracted from each other to recover a hidden group;
//! - bases from `k` to 29 are flagged "interpret with caution";
//! - free-text answers never appear anywhere here.

use crate::framework::{Direction, Framework, Indicator, Node, Rule};
use crate::response::{Answer, Answers};
use crate::survey::{Question, QuestionKind, ScoreDef, Survey};
use std::collections::HashMap;

/// The default small-number threshold.
pub const DEFAULT_THRESHOLD: u32 = 10;
/// The lowest threshold a facilitator may set.
pub const MIN_THRESHOLD: u32 = 5;
/// The highest threshold a facilitator may set.
pub const MAX_THRESHOLD: u32 = 100;
/// Bases below this (and at or above the threshold) are flagged "interpret with caution".
pub const CAUTION_BELOW: u32 = 30;
/// The group id for pupils who skipped a breakdown question or preferred not to say.
pub const NOT_STATED: &str = "not_stated";
/// The group id of the whole group (no breakdown).
pub const ALL: &str = "all";

/// The small-number threshold `k`: never below [`MIN_THRESHOLD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold(u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThresholdError {
    #[error("the small-number threshold cannot be below {MIN_THRESHOLD}: smaller groups could identify a child")]
    TooLow,
    #[error("the small-number threshold can be at most {MAX_THRESHOLD}")]
    TooHigh,
}

impl Threshold {
    pub fn new(k: u32) -> Result<Self, ThresholdError> {
        if k < MIN_THRESHOLD {
            Err(ThresholdError::TooLow)
        } else if k > MAX_THRESHOLD {
            Err(ThresholdError::TooHigh)
        } else {
            Ok(Threshold(k))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold(DEFAULT_THRESHOLD)
    }
}

/// The 95% Wilson score interval for `positive` out of `base`, as proportions (0..=1).
/// `None` for an empty base.
pub fn wilson(positive: u32, base: u32) -> Option<(f64, f64)> {
    if base == 0 || positive > base {
        return None;
    }
    const Z: f64 = 1.959_963_984_540_054;
    let n = f64::from(base);
    let p = f64::from(positive) / n;
    let z2 = Z * Z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Why a cell is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suppression {
    /// Shown.
    None,
    /// Its base is below the threshold.
    Small,
    /// Hidden so that another hidden cell cannot be worked out by subtraction.
    Secondary,
}

/// One cell: the whole group or one group of a breakdown. Read counts through the methods,
/// which return `None` when the cell is suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Group id: [`ALL`], an option id of the breakdown question, or [`NOT_STATED`].
    pub group: String,
    /// The group's label for people.
    pub label: String,
    base: u32,
    positive: u32,
    pub suppression: Suppression,
}

impl Cell {
    pub fn suppressed(&self) -> bool {
        self.suppression != Suppression::None
    }
    pub fn base(&self) -> Option<u32> {
        (!self.suppressed()).then_some(self.base)
    }
    pub fn positive(&self) -> Option<u32> {
        (!self.suppressed()).then_some(self.positive)
    }
    /// Percentage positive, 0-100.
    pub fn percent(&self) -> Option<f64> {
        let b = self.base()?;
        (b > 0).then(|| 100.0 * f64::from(self.positive) / f64::from(b))
    }
    /// The 95% Wilson interval, in percent.
    pub fn ci(&self) -> Option<(f64, f64)> {
        let (lo, hi) = wilson(self.positive, self.base()?)?;
        Some((lo * 100.0, hi * 100.0))
    }
    /// Shown, but with a base under [`CAUTION_BELOW`].
    pub fn caution(&self) -> bool {
        !self.suppressed() && self.base < CAUTION_BELOW
    }
}

/// A set of responses encoded once, column by column, so that every table after that counts
/// small integers instead of looking up strings. Encode when responses are loaded; aggregate
/// (against any framework, threshold or breakdown) with [`results`].
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The survey the responses answer.
    pub survey: String,
    n: usize,
    /// Question id to column, for every question that is not free text.
    index: HashMap<String, usize>,
    columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq)]
struct Column {
    question: String,
    kind: QuestionKind,
    breakdown: bool,
    /// Lowest rating value (ratings only).
    min: u8,
    /// Option ids in order (for ratings: the values as text).
    options: Vec<String>,
    /// Per response: the chosen option's index (ratings: value - min), [`NONE`] when skipped.
    codes: Vec<u8>,
    /// Per response, multiple choice only: bit i set when option i was chosen.
    masks: Vec<u64>,
}

const NONE: u8 = u8::MAX;

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

    fn column(&self, question: &str) -> Option<&Column> {
        self.index.get(question).map(|&i| &self.columns[i])
    }
}

/// A characteristic results can be broken down by, with its groups in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// The breakdown question's id.
    pub question: String,
    /// The question's short label (its text).
    pub label: String,
    /// (group id, label): every option that is not an opt-out, then [`NOT_STATED`].
    pub groups: Vec<(String, String)>,
    /// Each response's group index.
    members: Vec<usize>,
    /// Groups hidden in every table: too small in the whole data set, plus their complement.
    protected: Vec<Suppression>,
    /// Each group's size in the whole data set.
    sizes: Vec<u32>,
}

impl Breakdown {
    fn new(survey: &Survey, q: &Question, col: &Column, lang: &str, k: Threshold) -> Self {
        let options = survey.options(q);
        let mut groups: Vec<(String, String)> = options
            .iter()
            .filter(|c| !c.opt_out)
            .map(|c| (c.id.clone(), c.label.get(lang, survey.default_language()).to_string()))
            .collect();
        groups.push((NOT_STATED.to_string(), "Not stated or prefer not to say".to_string()));
        let not_stated = groups.len() - 1;
        // Option index to group index; opt-outs join "not stated".
        let mut group_of = Vec::with_capacity(options.len());
        let mut g = 0;
        for c in options {
            if c.opt_out {
                group_of.push(not_stated);
            } else {
                group_of.push(g);
                g += 1;
            }
        }
        let members: Vec<usize> =
            col.codes.iter().map(|&code| group_of.get(usize::from(code)).copied().unwrap_or(not_stated)).collect();
        let mut sizes = vec![0u32; groups.len()];
        for &m in &members {
            sizes[m] += 1;
        }
        let total = sizes.iter().sum();
        let protected = suppress(&sizes, total, k, None);
        Breakdown {
            question: q.id.clone(),
            label: q.text.get(lang, survey.default_language()).to_string(),
            groups,
            members,
            protected,
            sizes,
        }
    }

    /// The number of pupils in each group, with the same suppression as every table.
    pub fn sizes(&self) -> Vec<Option<u32>> {
        self.sizes.iter().zip(&self.protected).map(|(s, p)| (*p == Suppression::None).then_some(*s)).collect()
    }
}

/// Primary and secondary suppression of one breakdown: the groups' `bases` add up to `total`.
/// `protected` are groups already hidden in every table for this breakdown.
fn suppress(bases: &[u32], total: u32, k: Threshold, protected: Option<&[Suppression]>) -> Vec<Suppression> {
    let k = k.get();
    if total < k {
        return vec![Suppression::Small; bases.len()];
    }
    let mut out: Vec<Suppression> = bases
        .iter()
        .enumerate()
        .map(|(i, &b)| if b < k { Suppression::Small } else { protected.map_or(Suppression::None, |p| p[i]) })
        .collect();
    // The groups add up to the shown total: one hidden group alone could be recovered by
    // subtraction, so hide the smallest shown group as well (ties: the later group).
    while out.iter().filter(|s| **s != Suppression::None).count() == 1 {
        let Some(i) =
            (0..bases.len()).filter(|&i| out[i] == Suppression::None).min_by_key(|&i| (bases[i], std::cmp::Reverse(i)))
        else {
            break;
        };
        out[i] = Suppression::Secondary;
    }
    out
}

/// How one indicator came out for the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The plan's indicator is not something a pupil survey can measure.
    NotMeasured(String),
    /// Measurable, but not by this survey's questions.
    NotInSurvey,
    /// Counted: the whole group, then one table per breakdown (same order as
    /// [`SessionResults::breakdowns`]).
    Counted { all: Cell, by: Vec<Vec<Cell>> },
}

/// One indicator's result, with the plan node that holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    pub node_id: String,
    pub node_title: String,
    pub node_level: String,
    pub indicator_id: String,
    pub code: Option<String>,
    pub title: String,
    pub target: Option<String>,
    pub direction: Option<Direction>,
    /// What counts as positive, in words, e.g. "Feel safe at school always or usually".
    pub measure_label: Option<String>,
    pub measure_note: Option<String>,
    /// True unless the measure reproduces the official definition of `code`.
    pub local_proxy: bool,
    /// The rule used for this survey, in words, for the method note.
    pub rule: Option<String>,
    pub outcome: Outcome,
}

/// One option's row in a question's answer distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionCount {
    pub option: String,
    pub label: String,
    count: u32,
    /// Pupils who answered the question: the base of the percentage.
    base: u32,
    pub suppression: Suppression,
}

impl OptionCount {
    pub fn suppressed(&self) -> bool {
        self.suppression != Suppression::None
    }
    pub fn count(&self) -> Option<u32> {
        (!self.suppressed()).then_some(self.count)
    }
    pub fn percent(&self) -> Option<f64> {
        let c = self.count()?;
        (self.base > 0).then(|| 100.0 * f64::from(c) / f64::from(self.base))
    }
}

/// A question's answer distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    pub question: String,
    pub text: String,
    pub kind: QuestionKind,
    /// Pupils who answered (any option, including "prefer not to say"); `None` when suppressed.
    pub answered: Option<u32>,
    pub options: Vec<OptionCount>,
}

/// Everything a facilitator may see about one set of responses, against one framework.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionResults {
    pub threshold: Threshold,
    /// All responses, shown only when at least `k`.
    responses: u32,
    pub breakdowns: Vec<Breakdown>,
    pub indicators: Vec<IndicatorResult>,
    pub distributions: Vec<Distribution>,
}

impl SessionResults {
    /// The number of responses, or `None` when fewer than the threshold.
    pub fn responses(&self) -> Option<u32> {
        (self.responses >= self.threshold.get()).then_some(self.responses)
    }

    /// The raw number of responses, for data management only (never published).
    pub fn responses_stored(&self) -> u32 {
        self.responses
    }
}

/// A rule resolved against the encoded responses once, so counting is array indexing.
enum Classifier<'c> {
    /// Per option index: `None` for an opt-out, else whether it is positive.
    Choice { codes: &'c [u8], class: Vec<Option<bool>> },
    /// Multiple choice: answered when any counted option is chosen; positive when any positive is.
    Multiple { masks: &'c [u64], counted: u64, positive: u64 },
    /// Per item: codes and each option's value (reverse scoring already applied).
    Score { items: Vec<(&'c [u8], Vec<Option<u8>>)>, max_missing: usize, at_least: f64 },
}

impl<'c> Classifier<'c> {
    fn new(rule: &Rule, survey: &Survey, data: &'c Dataset) -> Option<Self> {
        Some(match rule {
            Rule::Answer { question, positive } => {
                let col = data.column(question)?;
                let opts = survey.options(survey.question(question)?);
                if col.masks.is_empty() {
                    let class = opts.iter().map(|c| (!c.opt_out).then(|| positive.contains(&c.id))).collect();
                    Classifier::Choice { codes: &col.codes, class }
                } else {
                    let bits = |f: &dyn Fn(&crate::survey::Choice) -> bool| {
                        opts.iter().enumerate().filter(|(i, c)| *i < 64 && f(c)).fold(0u64, |m, (i, _)| m | 1 << i)
                    };
                    Classifier::Multiple {
                        masks: &col.masks,
                        counted: bits(&|c| !c.opt_out),
                        positive: bits(&|c| positive.contains(&c.id)),
                    }
                }
            }
            Rule::Rating { question, min, max } => {
                let col = data.column(question)?;
                let lo = col.min;
                let class =
                    (0..col.options.len()).map(|i| Some((lo + i as u8) >= *min && (lo + i as u8) <= *max)).collect();
                Classifier::Choice { codes: &col.codes, class }
            }
            Rule::Score { score, at_least } => {
                let def: &ScoreDef = survey.score(score)?;
                let lo = def.values.values().copied().min().unwrap_or(0);
                let hi = def.values.values().copied().max().unwrap_or(0);
                let items = def
                    .items
                    .iter()
                    .map(|item| {
                        let col = data.column(&item.question)?;
                        let values = col
                            .options
                            .iter()
                            .map(|o| def.values.get(o).map(|&v| if item.reverse { hi - v + lo } else { v }))
                            .collect();
                        Some((col.codes.as_slice(), values))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Classifier::Score { items, max_missing: usize::from(def.max_missing), at_least: *at_least }
            }
        })
    }

    fn classify_all(&self, n: usize) -> Vec<Option<bool>> {
        match self {
            Classifier::Choice { codes, class } => {
                codes.iter().map(|&c| class.get(usize::from(c)).copied().flatten()).collect()
            }
            Classifier::Multiple { masks, counted, positive } => {
                masks.iter().map(|&m| (m & counted != 0).then_some(m & positive != 0)).collect()
            }
            Classifier::Score { items, max_missing, at_least } => (0..n)
                .map(|row| {
                    let (mut sum, mut answered) = (0u32, 0usize);
                    for (codes, values) in items {
                        if let Some(Some(v)) = values.get(usize::from(codes[row])) {
                            sum += u32::from(*v);
                            answered += 1;
                        }
                    }
                    let k = items.len();
                    if answered == 0 || k - answered > *max_missing {
                        return None;
                    }
                    Some(f64::from(sum) * k as f64 / answered as f64 >= *at_least)
                })
                .collect(),
        }
    }
}

/// A rule in words, for the method note.
pub fn describe_rule(rule: &Rule, survey: &Survey, lang: &str) -> String {
    let dl = survey.default_language();
    match rule {
        Rule::Answer { question, positive } => {
            let Some(q) = survey.question(question) else { return question.clone() };
            let opts: Vec<String> = positive
                .iter()
                .filter_map(|o| survey.choice(q, o))
                .map(|c| format!("\"{}\"", c.label.get(lang, dl)))
                .collect();
            format!("\"{}\" answered {}", q.text.get(lang, dl), opts.join(" or "))
        }
        Rule::Rating { question, min, max } => {
            let text = survey.question(question).map_or(question.as_str(), |q| q.text.get(lang, dl));
            format!("\"{text}\" rated {min} to {max}")
        }
        Rule::Score { score, at_least } => {
            let label = survey.score(score).map_or(score.as_str(), |s| s.label.get(lang, dl));
            format!("{label} of {at_least} or more")
        }
    }
}

fn table(classes: &[Option<bool>], breakdown: Option<&Breakdown>, k: Threshold) -> Vec<Cell> {
    match breakdown {
        None => {
            let base = classes.iter().filter(|c| c.is_some()).count() as u32;
            let positive = classes.iter().filter(|c| **c == Some(true)).count() as u32;
            let s = if base < k.get() { Suppression::Small } else { Suppression::None };
            vec![Cell { group: ALL.into(), label: "All".into(), base, positive, suppression: s }]
        }
        Some(b) => {
            let mut base = vec![0u32; b.groups.len()];
            let mut positive = vec![0u32; b.groups.len()];
            for (c, &g) in classes.iter().zip(&b.members) {
                if let Some(p) = c {
                    base[g] += 1;
                    positive[g] += u32::from(*p);
                }
            }
            let total = base.iter().sum();
            let s = suppress(&base, total, k, Some(&b.protected));
            b.groups
                .iter()
                .enumerate()
                .map(|(i, (id, label))| Cell {
                    group: id.clone(),
                    label: label.clone(),
                    base: base[i],
                    positive: positive[i],
                    suppression: s[i],
                })
                .collect()
        }
    }
}

fn indicator_result(
    node: &Node,
    ind: &Indicator,
    survey: &Survey,
    data: &Dataset,
    lang: &str,
    breakdowns: &[Breakdown],
    k: Threshold,
) -> IndicatorResult {
    let rule = ind.measure.as_ref().and_then(|m| m.rule_for(survey));
    let outcome = match (&ind.measure, rule.and_then(|r| Classifier::new(r, survey, data))) {
        (None, _) => Outcome::NotMeasured(ind.not_measured.clone().unwrap_or_default()),
        (Some(_), None) => Outcome::NotInSurvey,
        (Some(_), Some(c)) => {
            let classes = c.classify_all(data.n);
            let all = table(&classes, None, k).remove(0);
            let by = breakdowns.iter().map(|b| table(&classes, Some(b), k)).collect();
            Outcome::Counted { all, by }
        }
    };
    IndicatorResult {
        node_id: node.id.clone(),
        node_title: node.title.clone(),
        node_level: node.level.clone(),
        indicator_id: ind.id.clone(),
        code: ind.code.clone(),
        title: ind.title.clone(),
        target: ind.target.clone(),
        direction: ind.direction,
        measure_label: ind.measure.as_ref().map(|m| m.label.clone()),
        measure_note: ind.measure.as_ref().and_then(|m| m.note.clone()),
        local_proxy: ind.measure.as_ref().is_some_and(|m| !m.official),
        rule: rule.map(|r| describe_rule(r, survey, lang)),
        outcome,
    }
}

fn distribution(
    q: &Question,
    col: &Column,
    survey: &Survey,
    lang: &str,
    breakdown: Option<&Breakdown>,
    k: Threshold,
) -> Distribution {
    let dl = survey.default_language();
    let options: Vec<(String, String)> = match q.kind {
        QuestionKind::Rating => col.options.iter().map(|r| (r.clone(), r.clone())).collect(),
        _ => survey.options(q).iter().map(|c| (c.id.clone(), c.label.get(lang, dl).to_string())).collect(),
    };
    let mut counts = vec![0u32; options.len()];
    let mut answered = 0u32;
    if col.masks.is_empty() {
        for &c in &col.codes {
            if let Some(n) = counts.get_mut(usize::from(c)) {
                *n += 1;
                answered += 1;
            }
        }
    } else {
        for &m in &col.masks {
            if m != 0 {
                answered += 1;
                for (i, n) in counts.iter_mut().enumerate().take(64) {
                    *n += u32::from(m >> i & 1 == 1);
                }
            }
        }
    }
    let shown = answered >= k.get();
    // A breakdown question's own counts are its groups' sizes: hide exactly what every
    // breakdown table hides, so no table gives away a hidden group's size.
    let suppression: Vec<Suppression> = match breakdown {
        _ if !shown => vec![Suppression::Small; options.len()],
        Some(b) => options
            .iter()
            .map(|(id, _)| {
                // "Prefer not to say" is part of the not-stated group.
                let i = b.groups.iter().position(|(g, _)| g == id).unwrap_or(b.groups.len() - 1);
                b.protected[i]
            })
            .collect(),
        None => vec![Suppression::None; options.len()],
    };
    Distribution {
        question: q.id.clone(),
        text: q.text.get(lang, dl).to_string(),
        kind: q.kind,
        answered: shown.then_some(answered),
        options: options
            .into_iter()
            .zip(counts)
            .zip(suppression)
            .map(|(((option, label), count), suppression)| OptionCount {
                option,
                label,
                count,
                base: answered,
                suppression,
            })
            .collect(),
    }
}

/// Work out every indicator of `framework` and every question's distribution for `responses`
/// to `survey`, with disclosure control. `lang` is the language of labels.
pub fn session_results(
    survey: &Survey,
    framework: &Framework,
    responses: &[&Answers],
    k: Threshold,
    lang: &str,
) -> SessionResults {
    results(survey, framework, &Dataset::new(survey, responses), k, lang)
}

/// [`session_results`] for responses already encoded into a [`Dataset`] of `survey`.
pub fn results(survey: &Survey, framework: &Framework, data: &Dataset, k: Threshold, lang: &str) -> SessionResults {
    let cols: Vec<(&Question, &Column)> =
        data.columns.iter().filter_map(|c| survey.question(&c.question).map(|q| (q, c))).collect();
    let breakdowns: Vec<Breakdown> = cols
        .iter()
        .filter(|(q, c)| c.breakdown && q.kind == QuestionKind::Single)
        .map(|(q, c)| Breakdown::new(survey, q, c, lang, k))
        .collect();
    let indicators = framework
        .indicators()
        .into_iter()
        .map(|(node, ind)| indicator_result(node, ind, survey, data, lang, &breakdowns, k))
        .collect();
    let distributions = cols
        .iter()
        .map(|(q, c)| {
            let b = breakdowns.iter().find(|b| b.question == q.id);
            distribution(q, c, survey, lang, b, k)
        })
        .collect();
    SessionResults { threshold: k, responses: data.n as u32, breakdowns, indicators, distributions }
}

/// The change between two sessions' results for one indicator (both shown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// `after - before`, in percentage points.
    pub points: f64,
    /// Whether the two 95% intervals overlap (if they do, the change may be chance).
    pub intervals_overlap: bool,
    /// Whether the change is in the good direction (`None` when no change or no direction).
    pub better: Option<bool>,
}

/// Compare `before` and `after`; `None` when either is suppressed or empty.
pub fn compare(before: &Cell, after: &Cell, direction: Option<Direction>) -> Option<Change> {
    let (p0, p1) = (before.percent()?, after.percent()?);
    let ((l0, h0), (l1, h1)) = (before.ci()?, after.ci()?);
    let points = p1 - p0;
    let better = match direction {
        _ if points.abs() < 1e-9 => None,
        Some(Direction::HigherIsBetter) => Some(points > 0.0),
        Some(Direction::LowerIsBetter) => Some(points < 0.0),
        None => None,
    };
    Some(Change { points, intervals_overlap: l0 <= h1 && l1 <= h0, better })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(n: u32) -> Threshold {
        Threshold::new(n).unwrap()
    }

    #[test]
    fn one_hidden_group_is_never_alone() {
        let s = suppress(&[20, 3, 15], 38, k(10), None);
        assert_eq!(s, [Suppression::None, Suppression::Small, Suppression::Secondary]);
    }

    #[test]
    fn two_small_groups_need_no_secondary() {
        let s = suppress(&[20, 3, 4, 15], 42, k(10), None);
        assert_eq!(s, [Suppression::None, Suppression::Small, Suppression::Small, Suppression::None]);
    }

    #[test]
    fn small_total_hides_everything() {
        assert!(suppress(&[5, 3], 8, k(10), None).iter().all(|s| *s == Suppression::Small));
    }
}
