//! Outcome frameworks: a council plan's outcomes and indicators, and the rules that say which
//! answers count as positive. The file format is documented in `crates/core/data/FORMATS.md`.

use crate::error::{quoted, LoadError, Problem, ProblemKind, Problems, MAX_PROBLEMS};
use crate::load::{parse_typed, valid_id};
use crate::response::Answer;
use crate::response::Answers;
use crate::survey::{QuestionKind, Survey};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The `"format"` of a framework file.
pub const FRAMEWORK_FORMAT: &str = "youth-voice-framework";
/// The framework format version this code reads.
pub const FRAMEWORK_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub format: String,
    pub format_version: u32,
    pub id: String,
    pub version: String,
    /// The plan's title.
    pub name: String,
    pub council: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The plan document it was taken from.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub nodes: Vec<Node>,
}

/// A level of the plan's structure: an outcome, priority, theme, commitment, benefit ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// The plan's own name for this level, e.g. "Outcome" or "Benefit".
    pub level: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    /// The part's heading in the plan's own words: "Outcome 2: Children are safe".
    pub fn heading(&self) -> String {
        format!("{}{}: {}", self.level, self.code.as_ref().map(|c| format!(" {c}")).unwrap_or_default(), self.title)
    }
}

/// Whether a higher % positive is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    /// The plan's own wording.
    pub title: String,
    /// National or local code, e.g. "NI 69".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// Why a pupil survey cannot measure it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_measured: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// What "positive" means, in words.
    pub label: String,
    /// True only if it reproduces the official definition of the indicator's code.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub official: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For a survey, the first rule whose question or score it has is used.
    pub rules: Vec<Rule>,
}

/// Which answers count as positive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum Rule {
    /// Positive when the chosen option (any, for multiple choice) is in `positive`.
    Answer { question: String, positive: Vec<String> },
    /// Positive when the rating is within `min..=max`.
    Rating { question: String, min: u8, max: u8 },
    /// Positive when the score is at least `at_least`.
    Score { score: String, at_least: f64 },
}

impl Rule {
    /// Whether `survey` has what this rule needs.
    pub fn applies_to(&self, survey: &Survey) -> bool {
        match self {
            Rule::Answer { question, .. } | Rule::Rating { question, .. } => survey.question(question).is_some(),
            Rule::Score { score, .. } => survey.score(score).is_some(),
        }
    }

    /// `Some(true)` positive, `Some(false)` in the base but not positive, `None` outside the base
    /// (skipped, or answered "prefer not to say").
    pub fn classify(&self, survey: &Survey, answers: &Answers) -> Option<bool> {
        match self {
            Rule::Answer { question, positive } => {
                let q = survey.question(question)?;
                let counts = |o: &String| survey.choice(q, o).is_some_and(|c| !c.opt_out);
                match answers.get(question)? {
                    Answer::Choice(o) => counts(o).then(|| positive.contains(o)),
                    Answer::Choices(os) => os.iter().any(counts).then(|| os.iter().any(|o| positive.contains(o))),
                    _ => None,
                }
            }
            Rule::Rating { question, min, max } => match answers.get(question)? {
                Answer::Rating(r) => Some(r >= min && r <= max),
                _ => None,
            },
            Rule::Score { score, at_least } => {
                let s = survey.score(score)?.score(answers)?;
                Some(s >= *at_least)
            }
        }
    }
}

impl Measure {
    /// The rule used for `survey`, if any.
    pub fn rule_for(&self, survey: &Survey) -> Option<&Rule> {
        self.rules.iter().find(|r| r.applies_to(survey))
    }
}

impl Framework {
    /// Every indicator with the node that holds it (its "outcome" in exports), in plan order.
    pub fn indicators(&self) -> Vec<(&Node, &Indicator)> {
        fn walk<'a>(nodes: &'a [Node], out: &mut Vec<(&'a Node, &'a Indicator)>) {
            for n in nodes {
                for i in &n.indicators {
                    out.push((n, i));
                }
                walk(&n.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.nodes, &mut out);
        out
    }

    /// Every node, depth first, with its depth (0 for top level).
    pub fn nodes_with_depth(&self) -> Vec<(usize, &Node)> {
        fn walk<'a>(nodes: &'a [Node], depth: usize, out: &mut Vec<(usize, &'a Node)>) {
            for n in nodes {
                out.push((depth, n));
                walk(&n.children, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.nodes, 0, &mut out);
        out
    }

    /// The node with this id, at any depth.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes_with_depth().into_iter().map(|(_, n)| n).find(|n| n.id == id)
    }

    /// The plan's top two levels (its outcomes or priorities, and their parts), in order: what a
    /// vote's items and "You said, we did" entries are about.
    pub fn outcomes(&self) -> Vec<(usize, &Node)> {
        self.nodes_with_depth().into_iter().filter(|(d, _)| *d <= 1).collect()
    }
}

/// Parse a framework file and check its rules against the `surveys` it may be used with
/// (the built-in ones and any loaded).
pub fn parse_framework(file: &str, text: &str, surveys: &[&Survey]) -> Result<Framework, LoadError> {
    let fw: Framework = parse_typed(file, text, FRAMEWORK_FORMAT, FRAMEWORK_FORMAT_VERSION)?;
    validate_framework(&fw, surveys).map_err(|problems| LoadError { file: file.to_string(), problems })?;
    Ok(fw)
}

/// Check ids, indicators and every rule against the surveys.
///
/// As for surveys ([`crate::survey::validate_survey`]): at most
/// [`crate::error::MAX_PROBLEMS`] problems are listed, names from the file are cut in
/// messages, and checking stops once the list is full.
pub fn validate_framework(fw: &Framework, surveys: &[&Survey]) -> Result<(), Vec<Problem>> {
    let mut problems = Problems::default();
    if !valid_id(&fw.id) {
        problems.push("framework", ProblemKind::BadId { id: quoted(&fw.id) });
    }
    for (field, value) in
        [("name", &fw.name), ("council", &fw.council), ("version", &fw.version), ("source", &fw.source)]
    {
        if value.trim().is_empty() {
            problems.push("framework", ProblemKind::EmptyField { field: field.into() });
        }
    }
    let mut ids = BTreeSet::new();
    for (_, n) in fw.nodes_with_depth() {
        if problems.full() {
            break;
        }
        let item = format!("node \"{}\"", quoted(&n.id));
        if !valid_id(&n.id) {
            problems.push(&item, ProblemKind::BadId { id: quoted(&n.id) });
        }
        if !ids.insert(n.id.as_str()) {
            problems.push(&item, ProblemKind::DuplicateId { id: quoted(&n.id) });
        }
        for (field, value) in [("title", &n.title), ("level", &n.level)] {
            if value.trim().is_empty() {
                problems.push(&item, ProblemKind::EmptyField { field: field.into() });
            }
        }
    }
    // Each survey's questions and scores by id, built once for every rule to look up.
    let lookups: Vec<Lookup<'_>> = surveys.iter().map(|s| Lookup::new(s)).collect();
    for (_, ind) in fw.indicators() {
        if problems.full() {
            break;
        }
        let item = format!("indicator \"{}\"", quoted(&ind.id));
        if !valid_id(&ind.id) {
            problems.push(&item, ProblemKind::BadId { id: quoted(&ind.id) });
        }
        if !ids.insert(ind.id.as_str()) {
            problems.push(&item, ProblemKind::DuplicateId { id: quoted(&ind.id) });
        }
        if ind.title.trim().is_empty() {
            problems.push(&item, ProblemKind::EmptyField { field: "title".into() });
        }
        match (&ind.measure, &ind.not_measured) {
            (Some(_), Some(_)) => problems.push(&item, ProblemKind::MeasureAndNotMeasured),
            (None, None) => problems.push(&item, ProblemKind::NeitherMeasureNorNotMeasured),
            (None, Some(reason)) if reason.trim().is_empty() => {
                problems.push(&item, ProblemKind::EmptyField { field: "not_measured".into() })
            }
            _ => {}
        }
        let Some(m) = &ind.measure else { continue };
        if ind.direction.is_none() {
            problems.push(&item, ProblemKind::MissingDirection);
        }
        if m.label.trim().is_empty() {
            problems.push(&item, ProblemKind::EmptyField { field: "label".into() });
        }
        if m.rules.is_empty() {
            problems.push(&item, ProblemKind::NoRules);
        }
        for (i, rule) in m.rules.iter().enumerate() {
            if problems.full() {
                break;
            }
            let ritem = format!("{item}, rule {}", i + 1);
            for kind in check_rule(rule, &lookups) {
                problems.push(&ritem, kind);
            }
        }
    }
    problems.finish()
}

/// A survey's questions and scores by id (the first of each), so checking many rules never
/// walks a survey once per rule.
struct Lookup<'a> {
    survey: &'a Survey,
    questions: BTreeMap<&'a str, &'a crate::survey::Question>,
    scores: BTreeMap<&'a str, &'a crate::survey::ScoreDef>,
}

impl<'a> Lookup<'a> {
    fn new(survey: &'a Survey) -> Self {
        let mut questions = BTreeMap::new();
        for q in survey.questions() {
            questions.entry(q.id.as_str()).or_insert(q);
        }
        let mut scores = BTreeMap::new();
        for sc in &survey.scores {
            scores.entry(sc.id.as_str()).or_insert(sc);
        }
        Lookup { survey, questions, scores }
    }
}

/// Problems with one rule against every survey that has its question or score (at most a few
/// per survey: a rule's positive options are only looked up in a question of allowed size).
fn check_rule(rule: &Rule, surveys: &[Lookup<'_>]) -> Vec<ProblemKind> {
    let mut out = Vec::new();
    match rule {
        Rule::Answer { question, positive } => {
            let users: Vec<_> =
                surveys.iter().filter_map(|l| Some((l, *l.questions.get(question.as_str())?))).collect();
            if users.is_empty() {
                out.push(ProblemKind::UnknownQuestion { question: quoted(question) });
            }
            if positive.is_empty() {
                out.push(ProblemKind::NoPositiveOptions);
            }
            for (l, q) in users {
                if !q.kind.has_options() {
                    out.push(ProblemKind::WrongQuestionKind {
                        question: quoted(question),
                        kind: q.kind.as_str().into(),
                        what: "\"answer\" rule".into(),
                    });
                    continue;
                }
                let options = l.survey.options(q);
                if options.len() > crate::survey::MAX_OPTIONS {
                    continue;
                }
                for o in positive.iter().filter(|o| !options.iter().any(|c| &c.id == *o)) {
                    out.push(ProblemKind::UnknownOption { question: quoted(question), option: quoted(o) });
                    if out.len() > MAX_PROBLEMS {
                        break;
                    }
                }
            }
        }
        Rule::Rating { question, min, max } => {
            let users: Vec<_> = surveys.iter().filter_map(|l| l.questions.get(question.as_str())).collect();
            if users.is_empty() {
                out.push(ProblemKind::UnknownQuestion { question: quoted(question) });
            }
            for q in users {
                if q.kind != QuestionKind::Rating {
                    out.push(ProblemKind::WrongQuestionKind {
                        question: quoted(question),
                        kind: q.kind.as_str().into(),
                        what: "\"rating\" rule".into(),
                    });
                    continue;
                }
                let (q_min, q_max) = (q.min.unwrap_or(0), q.max.unwrap_or(10));
                if min > max || *min < q_min || *max > q_max {
                    out.push(ProblemKind::RuleRangeOutOfRange {
                        question: quoted(question),
                        min: *min,
                        max: *max,
                        q_min,
                        q_max,
                    });
                }
            }
        }
        Rule::Score { score, at_least } => {
            let users: Vec<_> = surveys.iter().filter_map(|l| l.scores.get(score.as_str())).collect();
            if users.is_empty() {
                out.push(ProblemKind::UnknownScore { score: quoted(score) });
            }
            for sc in users {
                let (min, max) = sc.range();
                if !(*at_least >= min && *at_least <= max) {
                    out.push(ProblemKind::ThresholdOutOfRange { value: *at_least, min, max });
                }
            }
        }
    }
    out.dedup();
    out
}
