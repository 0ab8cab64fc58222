//! The positive rules, resolved once against the encoded responses so counting is array indexing.

use super::dataset::Dataset;
use crate::framework::Rule;
use crate::survey::{ScoreDef, Survey};
use std::collections::HashMap;

/// A rule resolved against the encoded responses once, so counting is array indexing.
pub(crate) enum Classifier<'c> {
    /// Per option index: `None` for an opt-out, else whether it is positive.
    Choice { codes: &'c [u8], class: Vec<Option<bool>> },
    /// Multiple choice: answered when any counted option is chosen; positive when any positive is.
    Multiple { masks: &'c [u64], counted: u64, positive: u64 },
    /// Per item: codes and each option's value (reverse scoring already applied).
    Score { items: Vec<(&'c [u8], Vec<Option<u8>>)>, max_missing: usize, at_least: f64 },
}

impl<'c> Classifier<'c> {
    pub(crate) fn new(rule: &Rule, survey: &Survey, data: &'c Dataset) -> Option<Self> {
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

    /// Each response's category for this rule's source, and each category's class (`None`
    /// outside the base, `Some(true)` positive). Rules on the same question (or score) number
    /// their categories the same way, so their cross-tables with a breakdown line up: a choice
    /// or rating question's categories are its options then "skipped"; multiple choice, each
    /// distinct set of ticks in order of first appearance; a score, each distinct score value
    /// (and "no score") in order of first appearance.
    pub(crate) fn categorise(&self, n: usize) -> Categories {
        match self {
            Classifier::Choice { codes, class } => {
                let skip = class.len() as u32;
                let cats =
                    codes.iter().map(|&c| if usize::from(c) < class.len() { u32::from(c) } else { skip }).collect();
                let mut class = class.clone();
                class.push(None);
                Categories { cats, class }
            }
            Classifier::Multiple { masks, counted, positive } => {
                let mut ids: HashMap<u64, u32> = HashMap::new();
                let mut class = Vec::new();
                let cats = masks
                    .iter()
                    .map(|&m| {
                        *ids.entry(m).or_insert_with(|| {
                            class.push((m & counted != 0).then_some(m & positive != 0));
                            class.len() as u32 - 1
                        })
                    })
                    .collect();
                Categories { cats, class }
            }
            Classifier::Score { items, max_missing, at_least } => {
                let mut ids: HashMap<Option<u64>, u32> = HashMap::new();
                let mut class = Vec::new();
                let cats = (0..n)
                    .map(|row| {
                        let (mut sum, mut answered) = (0u32, 0usize);
                        for (codes, values) in items {
                            if let Some(Some(v)) = values.get(usize::from(codes[row])) {
                                sum += u32::from(*v);
                                answered += 1;
                            }
                        }
                        let k = items.len();
                        let score = (answered > 0 && k - answered <= *max_missing)
                            .then(|| f64::from(sum) * k as f64 / answered as f64);
                        *ids.entry(score.map(f64::to_bits)).or_insert_with(|| {
                            class.push(score.map(|s| s >= *at_least));
                            class.len() as u32 - 1
                        })
                    })
                    .collect();
                Categories { cats, class }
            }
        }
    }
}

/// A rule's answers as categories: see [`Classifier::categorise`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Categories {
    /// Each response's category.
    pub cats: Vec<u32>,
    /// Each category's class: `None` outside the base, else whether positive.
    pub class: Vec<Option<bool>>,
}
