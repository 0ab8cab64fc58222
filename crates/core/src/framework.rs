//! Outcome frameworks: a council plan's outcomes and indicators, and the rules that say which
//! answers count as positive. The file format is documented in `crates/core/data/FORMATS.md`.

use crate::error::{LoadError, Problem, ProblemKind};
use crate::load::{parse_typed, valid_id};
use crate::response::Answer;
use crate::response::Answers;
use crate::survey::{QuestionKind, Survey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
}

/// Parse a framework file and check its rules against the `surveys` it may be used with
/// (the built-in ones and any loaded).
pub fn parse_framework(file: &str, text: &str, surveys: &[&Survey]) -> Result<Framework, LoadError> {
    let fw: Framework = parse_typed(file, text, FRAMEWORK_FORMAT, FRAMEWORK_FORMAT_VERSION)?;
    validate_framework(&fw, surveys).map_err(|problems| LoadError { file: file.to_string(), problems })?;
    Ok(fw)
}

/// Check ids, indicators and every rule against the surveys.
pub fn validate_framework(fw: &Framework, surveys: &[&Survey]) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut push = |item: &str, kind: ProblemKind| problems.push(Problem { item: item.to_string(), kind });
    if !valid_id(&fw.id) {
        push("framework", ProblemKind::BadId { id: fw.id.clone() });
    }
    for (field, value) in
        [("name", &fw.name), ("council", &fw.council), ("version", &fw.version), ("source", &fw.source)]
    {
        if value.trim().is_empty() {
            push("framework", ProblemKind::EmptyField { field: field.into() });
        }
    }
    let mut ids = BTreeSet::new();
    for (_, n) in fw.nodes_with_depth() {
        let item = format!("node \"{}\"", n.id);
        if !valid_id(&n.id) {
            push(&item, ProblemKind::BadId { id: n.id.clone() });
        }
        if !ids.insert(n.id.as_str()) {
            push(&item, ProblemKind::DuplicateId { id: n.id.clone() });
        }
        for (field, value) in [("title", &n.title), ("level", &n.level)] {
            if value.trim().is_empty() {
                push(&item, ProblemKind::EmptyField { field: field.into() });
            }
        }
    }
    for (_, ind) in fw.indicators() {
        let item = format!("indicator \"{}\"", ind.id);
        if !valid_id(&ind.id) {
            push(&item, ProblemKind::BadId { id: ind.id.clone() });
        }
        if !ids.insert(ind.id.as_str()) {
            push(&item, ProblemKind::DuplicateId { id: ind.id.clone() });
        }
        if ind.title.trim().is_empty() {
            push(&item, ProblemKind::EmptyField { field: "title".into() });
        }
        match (&ind.measure, &ind.not_measured) {
            (Some(_), Some(_)) => push(&item, ProblemKind::MeasureAndNotMeasured),
            (None, None) => push(&item, ProblemKind::NeitherMeasureNorNotMeasured),
            (None, Some(reason)) if reason.trim().is_empty() => {
                push(&item, ProblemKind::EmptyField { field: "not_measured".into() })
            }
            _ => {}
        }
        let Some(m) = &ind.measure else { continue };
        if ind.direction.is_none() {
            push(&item, ProblemKind::MissingDirection);
        }
        if m.label.trim().is_empty() {
            push(&item, ProblemKind::EmptyField { field: "label".into() });
        }
        if m.rules.is_empty() {
            push(&item, ProblemKind::NoRules);
        }
        for (i, rule) in m.rules.iter().enumerate() {
            let ritem = format!("{item}, rule {}", i + 1);
            for kind in check_rule(rule, surveys) {
                push(&ritem, kind);
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Problems with one rule against every survey that has its question or score.
fn check_rule(rule: &Rule, surveys: &[&Survey]) -> Vec<ProblemKind> {
    let mut out = Vec::new();
    let users: Vec<&&Survey> = surveys.iter().filter(|s| rule.applies_to(s)).collect();
    match rule {
        Rule::Answer { question, positive } => {
            if users.is_empty() {
                out.push(ProblemKind::UnknownQuestion { question: question.clone() });
            }
            if positive.is_empty() {
                out.push(ProblemKind::NoPositiveOptions);
            }
            for s in users {
                let Some(q) = s.question(question) else { continue };
                if !q.kind.has_options() {
                    out.push(ProblemKind::WrongQuestionKind {
                        question: question.clone(),
                        kind: q.kind.as_str().into(),
                        what: "\"answer\" rule".into(),
                    });
                    continue;
                }
                for o in positive {
                    if s.choice(q, o).is_none() {
                        out.push(ProblemKind::UnknownOption { question: question.clone(), option: o.clone() });
                    }
                }
            }
        }
        Rule::Rating { question, min, max } => {
            if users.is_empty() {
                out.push(ProblemKind::UnknownQuestion { question: question.clone() });
            }
            for s in users {
                let Some(q) = s.question(question) else { continue };
                if q.kind != QuestionKind::Rating {
                    out.push(ProblemKind::WrongQuestionKind {
                        question: question.clone(),
                        kind: q.kind.as_str().into(),
                        what: "\"rating\" rule".into(),
                    });
                    continue;
                }
                let (q_min, q_max) = (q.min.unwrap_or(0), q.max.unwrap_or(10));
                if min > max || *min < q_min || *max > q_max {
                    out.push(ProblemKind::RuleRangeOutOfRange {
                        question: question.clone(),
                        min: *min,
                        max: *max,
                        q_min,
                        q_max,
                    });
                }
            }
        }
        Rule::Score { score, at_least } => {
            if users.is_empty() {
                out.push(ProblemKind::UnknownScore { score: score.clone() });
            }
            for s in users {
                let Some(sc) = s.score(score) else { continue };
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
