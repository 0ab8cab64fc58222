//! Aggregate results with disclosure control: the one place that decides what a facilitator may
//! see. The dashboard, the print view and every export read [`SessionResults`]; none of them
//! count anything themselves.
//!
//! - `dataset`: responses encoded once into columns;
//! - `classify`: the plans' positive rules resolved against the columns;
//! - `disclosure`: which cells are hidden, proved by an audit of everything published;
//! - `stats`: the Wilson interval and comparisons;
//! - `describe`: rules in words for the method note;
//! - `combine`: several sessions read together, safe against differencing.
//!
//! The rules (see `data/FORMATS.md`, "Results and disclosure control"):
//! - a cell whose base is below the threshold `k` is hidden (count, percentage, interval, bar);
//!   `k` defaults to 10 and can be raised but never set below 5;
//! - further cells are hidden until no hidden count can be worked out, to within
//!   [`PROTECTION`], from everything published for the session, for every plan on the device
//!   (see [`disclosure`]);
//! - bases from `k` to 29 are flagged "interpret with caution";
//! - free-text answers never appear anywhere here.

mod classify;
mod combine;
mod dataset;
mod describe;
pub mod disclosure;
mod stats;

use crate::framework::{Direction, Framework, Indicator, Node, Rule};
use crate::survey::{Question, QuestionKind, Survey};
use crate::Answers;
use classify::{Categories, Classifier};
use dataset::Column;
use disclosure::{protect_block, protect_groups, Block, Protected, Rows};
use std::collections::{BTreeMap, HashMap};

pub use combine::{combined_results, CombineError, Combined, Part};
pub use dataset::{Dataset, DatasetBuilder};
pub use describe::describe_rule;
pub use disclosure::PROTECTION;
pub use stats::{compare, newcombe, wilson, Change};

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
        !self.suppressed() && self.base > 0 && self.base < CAUTION_BELOW
    }
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
    /// What the disclosure audit found and did.
    pub audit: Audit,
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

    /// The result for the plan's indicator `id`.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorResult> {
        self.indicators.iter().find(|i| i.indicator_id == id)
    }

    /// How much of the plan the survey covers: of its indicators, how many are measured, and how
    /// many of those are hidden here to protect small groups.
    pub fn coverage(&self) -> Coverage {
        let measured: Vec<&Cell> = self.indicators.iter().filter_map(IndicatorResult::counted_all).collect();
        Coverage {
            indicators: self.indicators.len(),
            measured: measured.len(),
            hidden: measured.iter().filter(|c| c.suppressed()).count(),
        }
    }
}

/// How much of a plan a survey covers (see [`SessionResults::coverage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub indicators: usize,
    pub measured: usize,
    pub hidden: usize,
}

impl IndicatorResult {
    /// The whole group's cell, when this survey counts the indicator.
    pub fn counted_all(&self) -> Option<&Cell> {
        match &self.outcome {
            Outcome::Counted { all, .. } => Some(all),
            _ => None,
        }
    }
}

/// What the disclosure audit found and did, for the method note and before every export.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Audit {
    /// Cells (whole group and breakdown groups, every plan indicator on screen) that are hidden.
    pub hidden_cells: usize,
    /// Cells hidden although their base is at least `k`, to protect others.
    pub secondary_cells: usize,
    /// Breakdowns whose groups' sizes no pattern could protect: every figure of them is hidden.
    pub withheld_breakdowns: Vec<String>,
    /// Questions or scores whose every figure is hidden although enough pupils answered,
    /// because a breakdown would otherwise give a hidden figure away.
    pub withheld_sources: Vec<String>,
    /// Figures hidden because several sessions are read together and showing them would let a
    /// session's own hidden figures be worked out (see `combine`), with why.
    pub withheld_combined: Vec<String>,
    /// Hidden cells the audit could not protect. Never expected (withholding always protects);
    /// when not empty, exports are refused with these reasons.
    pub unprotected: Vec<String>,
}

impl Audit {
    /// Whether everything published passed the audit.
    pub fn ok(&self) -> bool {
        self.unprotected.is_empty()
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
    /// Each response's row: its option index, or the number of options when skipped.
    row_of: Vec<u32>,
    rows: Rows,
    protected: Protected,
}

impl Breakdown {
    fn new(
        survey: &Survey,
        q: &Question,
        col: &Column,
        lang: &str,
        k: Threshold,
        own_rules: &[&[Option<bool>]],
    ) -> Self {
        let options = survey.options(q);
        let mut groups: Vec<(String, String)> = options
            .iter()
            .filter(|c| !c.opt_out)
            .map(|c| (c.id.clone(), c.label.get(lang, survey.default_language()).to_string()))
            .collect();
        groups.push((NOT_STATED.to_string(), "Not stated or prefer not to say".to_string()));
        let not_stated = groups.len() - 1;
        // Rows: each option, then "skipped"; opt-outs and skipped make up "not stated".
        let mut group = Vec::with_capacity(options.len() + 1);
        let mut g = 0;
        for c in options {
            if c.opt_out {
                group.push(not_stated);
            } else {
                group.push(g);
                g += 1;
            }
        }
        group.push(not_stated);
        let skip = options.len() as u32;
        let row_of: Vec<u32> =
            col.codes.iter().map(|&c| if usize::from(c) < options.len() { u32::from(c) } else { skip }).collect();
        let mut size = vec![0u32; options.len() + 1];
        for &r in &row_of {
            size[r as usize] += 1;
        }
        // Rows that the rules reading this question itself class differently cannot trade pupils.
        let mut sigs: BTreeMap<Vec<Option<bool>>, u32> = BTreeMap::new();
        let sig = (0..=options.len())
            .map(|r| {
                let key: Vec<Option<bool>> = own_rules.iter().map(|c| c.get(r).copied().flatten()).collect();
                let next = sigs.len() as u32;
                *sigs.entry(key).or_insert(next)
            })
            .collect();
        let movable = (0..=options.len()).map(|r| r < options.len() && size[r] > 0).collect();
        let rows = Rows { group, size, movable, sig, groups: groups.len() };
        let protected = protect_groups(&rows, k.get());
        Breakdown {
            question: q.id.clone(),
            label: q.text.get(lang, survey.default_language()).to_string(),
            groups,
            row_of,
            rows,
            protected,
        }
    }

    /// The number of pupils in each group, as every table shows it (`None` when hidden).
    pub fn sizes(&self) -> Vec<Option<u32>> {
        self.rows.group_sizes().into_iter().zip(&self.protected.groups).map(|(s, p)| (!p).then_some(s)).collect()
    }

    /// Whether every figure of this breakdown is hidden (no pattern protects its groups).
    pub fn withheld(&self) -> bool {
        self.protected.withheld
    }
}

/// A source's answers as categories (see `classify`), with every distinct rule reading it.
struct Source {
    /// A question id, or `score:` and a score id.
    key: String,
    /// The question it reads, if any.
    question: Option<String>,
    cats: Vec<u32>,
    ncat: usize,
    /// How many responses fall in each category.
    totals: Vec<u32>,
    rules: Vec<Vec<Option<bool>>>,
    /// Whole-group figures hidden: base below `k`, or withheld by the audit.
    whole_hidden: bool,
    /// Per breakdown: the cross-table and the hidden groups.
    blocks: Vec<(Vec<Vec<u32>>, Vec<bool>)>,
}

fn source_key(rule: &Rule) -> (String, Option<String>) {
    match rule {
        Rule::Answer { question, .. } | Rule::Rating { question, .. } => (question.clone(), Some(question.clone())),
        Rule::Score { score, .. } => (format!("score:{score}"), None),
    }
}

/// A rule's identity, for looking its classes up once categorised.
fn rule_key(rule: &Rule) -> String {
    format!("{rule:?}")
}

/// Every source some plan's rule reads, with its categories and distinct rules; and each rule's
/// source and class per category, so every rule is categorised once however many plans use it.
type RuleClasses = HashMap<String, (usize, Vec<Option<bool>>)>;

fn sources(survey: &Survey, plans: &[&Framework], data: &Dataset) -> (Vec<Source>, RuleClasses) {
    let mut out: Vec<Source> = Vec::new();
    let mut classes: RuleClasses = HashMap::new();
    for fw in plans {
        for (_, ind) in fw.indicators() {
            let Some(rule) = ind.measure.as_ref().and_then(|m| m.rule_for(survey)) else { continue };
            let rk = rule_key(rule);
            if classes.contains_key(&rk) {
                continue;
            }
            let Some(c) = Classifier::new(rule, survey, data) else { continue };
            let Categories { cats, class } = c.categorise(data.n);
            let (key, question) = source_key(rule);
            let at = match out.iter().position(|s| s.key == key) {
                Some(at) => {
                    // Categories are numbered the same way for every rule of a source.
                    let s = &mut out[at];
                    if s.ncat == class.len() && !s.rules.contains(&class) {
                        s.rules.push(class.clone());
                    }
                    at
                }
                None => {
                    out.push(Source {
                        key,
                        question,
                        ncat: class.len(),
                        totals: totals(&cats, class.len()),
                        cats,
                        rules: vec![class.clone()],
                        whole_hidden: false,
                        blocks: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            classes.insert(rk, (at, class));
        }
    }
    (out, classes)
}

/// `(base, positive)` of the whole group for one rule, from the source's category totals.
fn whole(totals: &[u32], class: &[Option<bool>]) -> (u32, u32) {
    let base = totals.iter().zip(class).filter(|(_, c)| c.is_some()).map(|(t, _)| t).sum();
    let positive = totals.iter().zip(class).filter(|(_, c)| **c == Some(true)).map(|(t, _)| t).sum();
    (base, positive)
}

/// How many responses fall in each of `ncat` categories.
fn totals(cats: &[u32], ncat: usize) -> Vec<u32> {
    let mut t = vec![0u32; ncat];
    for &c in cats {
        if let Some(n) = t.get_mut(c as usize) {
            *n += 1;
        }
    }
    t
}

fn cross_table(b: &Breakdown, s: &Source) -> Vec<Vec<u32>> {
    // Counted in one flat table (one bounds check per response), then split into rows.
    let n = s.ncat;
    let mut flat = vec![0u32; b.rows.size.len() * n];
    for (&r, &c) in b.row_of.iter().zip(&s.cats) {
        if let Some(v) = flat.get_mut(r as usize * n + c as usize) {
            *v += 1;
        }
    }
    flat.chunks(n.max(1)).map(<[u32]>::to_vec).collect()
}

/// Decide what every table hides: steps 1 and 3 of [`disclosure`], for every source.
fn protect_sources(sources: &mut [Source], breakdowns: &[Breakdown], k: Threshold, audit: &mut Audit) {
    for s in sources.iter_mut() {
        s.whole_hidden = s.rules.iter().any(|c| whole(&s.totals, c).0 < k.get());
        s.blocks = breakdowns.iter().map(|b| (cross_table(b, s), Vec::new())).collect();
        let mut withheld = None;
        if !s.whole_hidden {
            for (b, (x, hidden)) in breakdowns.iter().zip(s.blocks.iter_mut()) {
                let own = s.question.as_deref() == Some(b.question.as_str());
                match protect_block(
                    &b.rows,
                    &b.protected,
                    &Block { x, rules: &s.rules, own, capped_by_whole: false },
                    k.get(),
                ) {
                    Ok(h) => *hidden = h,
                    Err((g, _, what)) => {
                        withheld = Some(format!(
                            "{} by {}: the {what} of \u{201c}{}\u{201d}",
                            s.key, b.question, b.groups[g].1
                        ));
                        break;
                    }
                }
            }
        }
        if let Some(reason) = withheld {
            s.whole_hidden = true;
            audit.withheld_sources.push(reason);
        }
        if s.whole_hidden {
            for (b, (_, hidden)) in breakdowns.iter().zip(s.blocks.iter_mut()) {
                *hidden = b.rows.group_sizes().iter().map(|&n| n > 0).collect();
            }
        }
    }
}

fn cell(group: &str, label: &str, base: u32, positive: u32, hidden: bool, small: bool) -> Cell {
    let suppression = match (hidden, small) {
        (false, _) => Suppression::None,
        (true, true) => Suppression::Small,
        (true, false) => Suppression::Secondary,
    };
    Cell { group: group.into(), label: label.into(), base, positive, suppression }
}

#[allow(clippy::too_many_arguments)]
fn indicator_result(
    node: &Node,
    ind: &Indicator,
    survey: &Survey,
    lang: &str,
    breakdowns: &[Breakdown],
    sources: &[Source],
    classes: &RuleClasses,
    k: Threshold,
    everything_hidden: bool,
    audit: &mut Audit,
) -> IndicatorResult {
    let rule = ind.measure.as_ref().and_then(|m| m.rule_for(survey));
    let counted = rule.and_then(|r| classes.get(&rule_key(r))).map(|(at, class)| (&sources[*at], class.clone()));
    let outcome = match (&ind.measure, counted) {
        (None, _) => Outcome::NotMeasured(ind.not_measured.clone().unwrap_or_default()),
        (Some(_), None) => Outcome::NotInSurvey,
        (Some(_), Some((s, class))) => {
            let (base, positive) = whole(&s.totals, &class);
            let hidden = everything_hidden || s.whole_hidden;
            let all = self::cell(ALL, "All", base, positive, hidden, base < k.get());
            let by = breakdowns
                .iter()
                .zip(&s.blocks)
                .map(|(b, (x, hidden))| {
                    let sizes = b.rows.group_sizes();
                    let (mut base, mut positive) = (vec![0u32; b.groups.len()], vec![0u32; b.groups.len()]);
                    for (r, row) in x.iter().enumerate() {
                        let g = b.rows.group[r];
                        for (c, &v) in row.iter().enumerate() {
                            if let Some(p) = class[c] {
                                base[g] += v;
                                positive[g] += if p { v } else { 0 };
                            }
                        }
                    }
                    b.groups
                        .iter()
                        .enumerate()
                        .map(|(g, (id, label))| {
                            let h = everything_hidden || (sizes[g] > 0 && hidden[g]);
                            let small = base[g] < k.get() || sizes[g] < k.get();
                            self::cell(id, label, base[g], positive[g], h, small)
                        })
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>();
            for c in std::iter::once(&all).chain(by.iter().flatten()) {
                match c.suppression {
                    Suppression::None => {}
                    Suppression::Small => audit.hidden_cells += 1,
                    Suppression::Secondary => {
                        audit.hidden_cells += 1;
                        audit.secondary_cells += 1;
                    }
                }
            }
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

/// A question's answer counts. Shown whole when at least `k` pupils gave an answer that counts
/// (not an opt-out); otherwise every count and the number who answered are hidden. A breakdown
/// question's counts are its groups' sizes: they hide exactly what every table of it hides.
fn distribution(
    q: &Question,
    col: &Column,
    survey: &Survey,
    lang: &str,
    breakdown: Option<&Breakdown>,
    k: Threshold,
    everything_hidden: bool,
) -> Distribution {
    let dl = survey.default_language();
    let choices = survey.options(q);
    let options: Vec<(String, String)> = match q.kind {
        QuestionKind::Rating => col.options.iter().map(|r| (r.clone(), r.clone())).collect(),
        _ => choices.iter().map(|c| (c.id.clone(), c.label.get(lang, dl).to_string())).collect(),
    };
    let counted = |i: usize| q.kind == QuestionKind::Rating || choices.get(i).is_some_and(|c| !c.opt_out);
    let mut counts = vec![0u32; options.len()];
    let (mut answered, mut substantive) = (0u32, 0u32);
    if col.masks.is_empty() {
        for &c in &col.codes {
            if let Some(n) = counts.get_mut(usize::from(c)) {
                *n += 1;
                answered += 1;
                substantive += u32::from(counted(usize::from(c)));
            }
        }
    } else {
        for &m in &col.masks {
            if m != 0 {
                answered += 1;
                for (i, n) in counts.iter_mut().enumerate().take(64) {
                    *n += u32::from(m >> i & 1 == 1);
                }
                substantive += u32::from((0..options.len().min(64)).any(|i| m >> i & 1 == 1 && counted(i)));
            }
        }
    }
    let shown = !everything_hidden && substantive >= k.get();
    let (suppression, answered_shown): (Vec<Suppression>, bool) = match breakdown {
        // Options nobody chose are shown as the zeros they are (every table shows empty groups
        // too); the others hide exactly what every table of the breakdown hides.
        Some(b) if !everything_hidden => (
            (0..options.len())
                .map(|r| {
                    let size = b.rows.size[r];
                    if size > 0 && (b.withheld() || b.protected.groups[b.rows.group[r]]) {
                        Suppression::Small
                    } else {
                        Suppression::None
                    }
                })
                .collect(),
            // Who skipped is public in the audit's model (it never hides behind them).
            !b.withheld(),
        ),
        _ if !shown || breakdown.is_some() => (vec![Suppression::Small; options.len()], false),
        _ => (vec![Suppression::None; options.len()], true),
    };
    Distribution {
        question: q.id.clone(),
        text: q.text.get(lang, dl).to_string(),
        kind: q.kind,
        answered: answered_shown.then_some(answered),
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
/// to `survey`, with disclosure control. `plans` are every plan these responses can be read
/// against on this device (the audit protects what all of them publish together; `framework`
/// is included whether listed or not). `lang` is the language of labels.
pub fn session_results(
    survey: &Survey,
    framework: &Framework,
    plans: &[&Framework],
    responses: &[&Answers],
    k: Threshold,
    lang: &str,
) -> SessionResults {
    results(survey, framework, plans, &Dataset::new(survey, responses), k, lang)
}

/// [`session_results`] for responses already encoded into a [`Dataset`] of `survey`.
pub fn results(
    survey: &Survey,
    framework: &Framework,
    plans: &[&Framework],
    data: &Dataset,
    k: Threshold,
    lang: &str,
) -> SessionResults {
    compute(survey, framework, plans, data, k, lang, None).0
}

/// What results read over several sessions must hide beyond their own audit (see
/// [`combined_results`]): sources and questions, with why.
struct Guard<'a> {
    source: &'a dyn Fn(&Source) -> Option<String>,
    questions: &'a HashMap<String, String>,
}

/// The results, and the key of every source whose whole-group figures are hidden.
fn compute(
    survey: &Survey,
    framework: &Framework,
    plans: &[&Framework],
    data: &Dataset,
    k: Threshold,
    lang: &str,
    guard: Option<&Guard>,
) -> (SessionResults, Vec<String>) {
    let mut all_plans: Vec<&Framework> = vec![framework];
    all_plans.extend(plans.iter().copied().filter(|p| p.id != framework.id));
    let everything_hidden = (data.n as u32) < k.get();
    let cols: Vec<(&Question, &Column)> =
        data.columns.iter().filter_map(|c| survey.question(&c.question).map(|q| (q, c))).collect();
    let (mut sources, classes) = sources(survey, &all_plans, data);
    let mut audit = Audit::default();
    let breakdowns: Vec<Breakdown> = cols
        .iter()
        .filter(|(q, c)| c.breakdown && q.kind == QuestionKind::Single)
        .map(|(q, c)| {
            let own: Vec<&[Option<bool>]> = sources
                .iter()
                .filter(|s| s.question.as_deref() == Some(q.id.as_str()))
                .flat_map(|s| s.rules.iter().map(Vec::as_slice))
                .collect();
            Breakdown::new(survey, q, c, lang, k, &own)
        })
        .collect();
    audit.withheld_breakdowns =
        breakdowns.iter().filter(|b| b.withheld() && !everything_hidden).map(|b| b.question.clone()).collect();
    protect_sources(&mut sources, &breakdowns, k, &mut audit);
    if let Some(g) = guard {
        for src in sources.iter_mut().filter(|src| !src.whole_hidden) {
            if let Some(why) = (g.source)(src) {
                src.whole_hidden = true;
                audit.withheld_combined.push(why);
            }
        }
        let mut questions: Vec<String> = g.questions.values().cloned().collect();
        questions.sort();
        audit.withheld_combined.extend(questions);
    }
    // A question whose source is withheld hides its answer counts too.
    let withheld_questions: Vec<&str> =
        sources.iter().filter(|s| s.whole_hidden).filter_map(|s| s.question.as_deref()).collect();
    let indicators = framework
        .indicators()
        .into_iter()
        .map(|(node, ind)| {
            indicator_result(node, ind, survey, lang, &breakdowns, &sources, &classes, k, everything_hidden, &mut audit)
        })
        .collect();
    let distributions = cols
        .iter()
        .map(|(q, c)| {
            let b = breakdowns.iter().find(|b| b.question == q.id);
            let hide = everything_hidden
                || withheld_questions.contains(&q.id.as_str())
                || guard.is_some_and(|g| g.questions.contains_key(&q.id));
            distribution(q, c, survey, lang, b, k, hide)
        })
        .collect();
    if everything_hidden {
        audit.withheld_sources.clear();
        audit.withheld_combined.clear();
    }
    let hidden_sources =
        sources.iter().filter(|s| everything_hidden || s.whole_hidden).map(|s| s.key.clone()).collect();
    (
        SessionResults { threshold: k, responses: data.n as u32, breakdowns, indicators, distributions, audit },
        hidden_sources,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caution_needs_a_base() {
        let c = cell("x", "X", 0, 0, false, true);
        assert!(!c.caution());
        assert!(cell("x", "X", 12, 3, false, false).caution());
        assert!(!cell("x", "X", 12, 3, true, false).caution());
    }
}
