//! Results read over several sessions of one survey together (several schools, several
//! classes), without letting a small session be worked out by comparing what is published.
//!
//! # The differencing problem
//! Each session's own results are published (on screen, in its CSVs), and so are the results of
//! any set of sessions read together. A figure of the combination is the sum of the sessions'
//! figures; subtracting the sessions that show theirs leaves the sum over the *pool*: the
//! sessions whose own results hide that figure (too few answers, or withheld by their audit).
//! With a pool of one session, or with two combinations that hold different parts of the pool,
//! a hidden figure comes out exactly.
//!
//! # The rules (see `data/FORMATS.md`, "Several sessions together")
//! For each figure (each question or score a plan reads, and each question's answer counts):
//! 1. the pool is every session *on the device* of this survey whose own results hide it;
//! 2. if the chosen sessions hold some but not all of the pool, the figure is hidden: every
//!    combination that shows it then gives away the same sum, never a part of it;
//! 3. if they hold all of it, the pool's sum is protected like a group of a breakdown: it must
//!    have at least `k` answers, and swapping answers between two of its sessions (whose sizes
//!    are public) must leave every session's hidden counts a range of at least
//!    [`super::PROTECTION`] ([`super::disclosure::pool_unprotected`]);
//! 4. a session whose own answer counts for a question are only partly hidden (a breakdown
//!    question's small groups) cannot take part in a pool: the combination hides that question's
//!    answer counts.
//!
//! Breakdowns by a question are read one session at a time: a combination shows the whole group
//! only, so no breakdown cell of one session can be worked out from a combined breakdown.

use super::disclosure::pool_unprotected;
use super::{compute, Dataset, Framework, Guard, SessionResults, Source, Survey, Threshold};
use crate::survey::QuestionKind;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};

/// One session's responses on this device, for reading several together.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// The session id.
    pub session: &'a str,
    /// The session's name for people (its group label).
    pub label: &'a str,
    pub data: &'a Dataset,
}

/// Why sessions cannot be read together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CombineError {
    #[error("choose at least one session")]
    NoneChosen,
    #[error("the session \u{201c}{0}\u{201d} is not on this device")]
    Unknown(String),
    #[error("these sessions answer different surveys or survey versions, so their answers cannot be added up")]
    Mismatch,
}

/// What reading several sessions together hid, beyond each session's own audit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Combined {
    /// The chosen sessions' names, in order.
    pub sessions: Vec<String>,
    /// Sessions *not* chosen whose own results hide figures the chosen ones would otherwise show:
    /// choosing them too (or leaving out the chosen sessions that also hide them) shows those
    /// figures.
    pub missing_from_pool: Vec<String>,
    /// Chosen sessions that hide figures the combination must hide for good (their pool is too
    /// small or not protected).
    pub pooled: Vec<String>,
}

/// One session's own publication: which sources and questions its own results hide.
struct Own {
    sources: HashSet<String>,
    /// Question id to whether its answer counts are only partly hidden.
    questions: HashMap<String, bool>,
}

fn own_publication(survey: &Survey, framework: &Framework, plans: &[&Framework], data: &Dataset, k: Threshold) -> Own {
    let (r, hidden) = compute(survey, framework, plans, data, k, "en", None);
    let questions = r
        .distributions
        .iter()
        .filter(|d| d.answered.is_none() || d.options.iter().any(|o| o.suppressed()))
        .map(|d| {
            let partial = d.answered.is_some() || d.options.iter().any(|o| !o.suppressed());
            (d.question.clone(), partial)
        })
        .collect();
    Own { sources: hidden.into_iter().collect(), questions }
}

/// Read the sessions `chosen` (ids, in order) together, against `framework`, with every plan on
/// the device in the audit as for one session. `device` is every session of this survey on the
/// device, chosen or not (the pools are made of them); a chosen session must be among them.
pub fn combined_results(
    survey: &Survey,
    framework: &Framework,
    plans: &[&Framework],
    device: &[Part],
    chosen: &[&str],
    k: Threshold,
    lang: &str,
) -> Result<(SessionResults, Combined), CombineError> {
    if chosen.is_empty() {
        return Err(CombineError::NoneChosen);
    }
    let mut picked: Vec<&Part> = Vec::new();
    for id in chosen {
        let part = device.iter().find(|p| p.session == *id).ok_or_else(|| CombineError::Unknown((*id).to_string()))?;
        if !picked.iter().any(|p| p.session == part.session) {
            picked.push(part);
        }
    }
    if device.iter().any(|p| p.data.survey != survey.id) {
        return Err(CombineError::Mismatch);
    }
    let datasets: Vec<&Dataset> = picked.iter().map(|p| p.data).collect();
    let union = Dataset::concat(&datasets).ok_or(CombineError::Mismatch)?;
    // Every session's own publication (all of them: the pools are the device's).
    let own: Vec<Own> = device.iter().map(|p| own_publication(survey, framework, plans, p.data, k)).collect();
    // Each chosen session's rows in the union, by device index.
    let mut ranges: HashMap<usize, std::ops::Range<usize>> = HashMap::new();
    let mut at = 0;
    for p in &picked {
        let i = device.iter().position(|d| d.session == p.session).unwrap_or_default();
        ranges.insert(i, at..at + p.data.n);
        at += p.data.n;
    }
    let missing: RefCell<BTreeSet<usize>> = RefCell::new(BTreeSet::new());
    let pooled: RefCell<BTreeSet<usize>> = RefCell::new(BTreeSet::new());
    let names = |ids: &[usize]| ids.iter().map(|&i| device[i].label).collect::<Vec<_>>().join(", ");

    // Answer counts: pools per question.
    let mut questions: HashMap<String, String> = HashMap::new();
    for q in survey.questions().filter(|q| q.kind != QuestionKind::Text) {
        let pool: Vec<usize> = (0..device.len()).filter(|&i| own[i].questions.contains_key(&q.id)).collect();
        if pool.is_empty() {
            continue;
        }
        let unchosen: Vec<usize> = pool.iter().copied().filter(|i| !ranges.contains_key(i)).collect();
        let chosen_part: Vec<usize> = pool.iter().copied().filter(|i| ranges.contains_key(i)).collect();
        if chosen_part.is_empty() {
            continue;
        }
        let why = if !unchosen.is_empty() {
            missing.borrow_mut().extend(&unchosen);
            Some(format!(
                "{}: answer counts hidden because {} hide them too and are not chosen",
                q.id,
                names(&unchosen)
            ))
        } else if let Some(&i) = chosen_part.iter().find(|&&i| own[i].questions[&q.id]) {
            pooled.borrow_mut().insert(i);
            Some(format!(
                "{}: answer counts hidden because {} shows some of them and hides others",
                q.id, device[i].label
            ))
        } else {
            question_pool(survey, q, &union, &chosen_part, &ranges, k).map(|why| {
                pooled.borrow_mut().extend(&chosen_part);
                format!("{}: answer counts of {} together {why}", q.id, names(&chosen_part))
            })
        };
        if let Some(why) = why {
            questions.insert(q.id.clone(), why);
        }
    }

    // Questions and scores the plans read: pools per source.
    let source_guard = |src: &Source| -> Option<String> {
        let pool: Vec<usize> = (0..device.len()).filter(|&i| own[i].sources.contains(&src.key)).collect();
        let chosen_part: Vec<usize> = pool.iter().copied().filter(|i| ranges.contains_key(i)).collect();
        if chosen_part.is_empty() {
            return None;
        }
        let unchosen: Vec<usize> = pool.iter().copied().filter(|i| !ranges.contains_key(i)).collect();
        if !unchosen.is_empty() {
            missing.borrow_mut().extend(&unchosen);
            return Some(format!("{}: hidden because {} hide it too and are not chosen", src.key, names(&unchosen)));
        }
        let x: Vec<Vec<u32>> = chosen_part
            .iter()
            .map(|i| {
                let mut row = vec![0u32; src.ncat];
                for &c in &src.cats[ranges[i].clone()] {
                    row[c as usize] += 1;
                }
                row
            })
            .collect();
        // Several rules reading one source tell apart finer sets of answers (its *atoms*: the
        // answers every rule classes alike) than any one rule: each atom's count is checked too.
        let why = pool_problem(&x, &src.rules, k).or_else(|| pool_problem(&x, &atoms(&src.rules, src.ncat), k));
        if why.is_some() {
            pooled.borrow_mut().extend(&chosen_part);
        }
        why.map(|why| format!("{}: {} together {why}", src.key, names(&chosen_part)))
    };
    let guard = Guard { source: &source_guard, questions: &questions };
    let (results, _) = compute(survey, framework, plans, &union, k, lang, Some(&guard));
    let combined = Combined {
        sessions: picked.iter().map(|p| p.label.to_string()).collect(),
        missing_from_pool: missing.borrow().iter().map(|&i| device[i].label.to_string()).collect(),
        pooled: pooled.borrow().iter().map(|&i| device[i].label.to_string()).collect(),
    };
    Ok((results, combined))
}

/// One rule per atom of `rules` (categories every rule classes alike): in the atom or not.
fn atoms(rules: &[Vec<Option<bool>>], ncat: usize) -> Vec<Vec<Option<bool>>> {
    let sig = |c: usize| rules.iter().map(|r| r[c]).collect::<Vec<_>>();
    let mut seen: Vec<Vec<Option<bool>>> = Vec::new();
    for c in 0..ncat {
        let s = sig(c);
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    if seen.len() <= 2 {
        // One atom and its complement: the rules' own checks say as much.
        return Vec::new();
    }
    seen.iter().map(|a| (0..ncat).map(|c| Some(&sig(c) == a)).collect()).collect()
}

/// Why a pool's table `x` (session by category) may not be given away, if it may not.
fn pool_problem(x: &[Vec<u32>], rules: &[Vec<Option<bool>>], k: Threshold) -> Option<String> {
    for class in rules {
        let base: u32 =
            x.iter().flat_map(|row| row.iter().zip(class).filter(|(_, c)| c.is_some()).map(|(v, _)| v)).sum();
        if base < k.get() {
            return Some(format!("have {base} answers, fewer than {}", k.get()));
        }
    }
    pool_unprotected(x, rules).map(|(_, _, what)| format!("could give away one session's {what}"))
}

/// A question's answer counts over a pool of sessions: every option's count is a rule of its own.
fn question_pool(
    survey: &Survey,
    q: &crate::survey::Question,
    union: &Dataset,
    pool: &[usize],
    ranges: &HashMap<usize, std::ops::Range<usize>>,
    k: Threshold,
) -> Option<String> {
    let col = union.column(&q.id)?;
    let nopt = col.options.len();
    let opt_out: Vec<bool> = match q.kind {
        QuestionKind::Rating => vec![false; nopt],
        _ => survey.options(q).iter().map(|c| c.opt_out).collect(),
    };
    // The primary rule of answer counts: at least k answers that count (not opt-outs).
    let substantive: u32 = pool
        .iter()
        .map(|i| {
            let r = ranges[i].clone();
            if col.masks.is_empty() {
                col.codes[r].iter().filter(|&&c| usize::from(c) < nopt && !opt_out[usize::from(c)]).count() as u32
            } else {
                col.masks[r].iter().filter(|&&m| (0..nopt.min(64)).any(|j| m >> j & 1 == 1 && !opt_out[j])).count()
                    as u32
            }
        })
        .sum();
    if substantive < k.get() {
        return Some(format!("have {substantive} answers, fewer than {}", k.get()));
    }
    if col.masks.is_empty() {
        // Categories: each option, then skipped.
        let x: Vec<Vec<u32>> = pool
            .iter()
            .map(|i| {
                let mut row = vec![0u32; nopt + 1];
                for &c in &col.codes[ranges[i].clone()] {
                    row[usize::from(c).min(nopt)] += 1;
                }
                row
            })
            .collect();
        let rules: Vec<Vec<Option<bool>>> =
            (0..nopt).map(|j| (0..=nopt).map(|c| (c < nopt).then_some(c == j)).collect()).collect();
        pool_unprotected(&x, &rules).map(|(_, _, what)| format!("could give away one session's {what}"))
    } else {
        // Each option on its own: chose it, answered without it, skipped.
        for j in 0..nopt.min(64) {
            let x: Vec<Vec<u32>> = pool
                .iter()
                .map(|i| {
                    let mut row = vec![0u32; 3];
                    for &m in &col.masks[ranges[i].clone()] {
                        row[if m == 0 {
                            2
                        } else if m >> j & 1 == 1 {
                            0
                        } else {
                            1
                        }] += 1;
                    }
                    row
                })
                .collect();
            let rule = vec![vec![Some(true), Some(false), None]];
            if let Some((_, _, what)) = pool_unprotected(&x, &rule) {
                return Some(format!("could give away one session's {what}"));
            }
        }
        None
    }
}
