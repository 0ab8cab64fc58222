//! Made-up responses for benchmarks and tests: every question answered at random (one in ten
//! skipped), from a seeded generator so runs repeat exactly. Never used for real data.
//! Skip logic is kept: a question whose `show_if` the answers do not meet is left unanswered.

use crate::response::{Answer, Answers};
use crate::survey::{QuestionKind, Survey};

/// A small, fast, seeded generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// `n` random responses to `survey`.
pub fn responses(survey: &Survey, n: usize, seed: u64) -> Vec<Answers> {
    let mut rng = Rng::new(seed);
    let questions: Vec<_> = survey.questions().filter(|q| q.kind != QuestionKind::Text).collect();
    (0..n)
        .map(|_| {
            let mut a = Answers::default();
            for q in &questions {
                if rng.below(10) == 0 {
                    continue;
                }
                let opts = survey.options(q);
                let answer = match q.kind {
                    QuestionKind::Rating => {
                        let (lo, hi) = (q.min.unwrap_or(0), q.max.unwrap_or(10));
                        Answer::Rating(lo + rng.below(usize::from(hi - lo) + 1) as u8)
                    }
                    QuestionKind::Multiple => {
                        let picked: Vec<String> =
                            opts.iter().filter(|o| !o.exclusive && rng.below(3) == 0).map(|o| o.id.clone()).collect();
                        if picked.is_empty() {
                            match opts.last() {
                                Some(o) => Answer::Choices(vec![o.id.clone()]),
                                None => continue,
                            }
                        } else {
                            Answer::Choices(picked)
                        }
                    }
                    _ if opts.is_empty() => continue,
                    _ => Answer::Choice(opts[rng.below(opts.len())].id.clone()),
                };
                // Drawn even when hidden, so the other answers do not depend on skip logic.
                if survey.is_shown(q, &a) {
                    a.set(&q.id, answer);
                }
            }
            a
        })
        .collect()
}

/// A made-up session of `survey`, and `answers` written as its stored records (id, record text)
/// exactly as the kiosk writes them (schema 2), for benchmarks of the read path.
pub fn stored_records(survey: &Survey, answers: &[Answers]) -> (crate::envelope::Session, Vec<(String, String)>) {
    let session = crate::envelope::Session {
        id: "5f0c7a3e-1b2d-4c5e-8f9a-0b1c2d3e4f5a".into(),
        survey: survey.id.clone(),
        survey_version: survey.version.clone(),
        framework: "richmond-2009-13".into(),
        group: "Benchmark".into(),
        started: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
        idle_seconds: crate::envelope::DEFAULT_IDLE_SECONDS,
        left_out: Vec::new(),
        auto_advance: true,
        seal: None,
    };
    let records = answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let id = format!("{i:036}");
            let r = crate::envelope::StoredResponse::new(&session, id.clone(), session.started, a.clone());
            crate::envelope::encode_record(survey, &r).ok().map(|text| (id, text))
        })
        .collect();
    (session, records)
}

/// `n` random ballots for `vote` (benchmarks): popular items come up more often; if the vote
/// asks voters their group, most say one of the first five groups, a few one of the others, and
/// one in twelve does not say.
pub fn ballots(vote: &crate::vote::Vote, n: usize, seed: u64) -> Vec<crate::vote::Ballot> {
    let mut rng = Rng::new(seed);
    let items = vote.items.len();
    let want = vote.kind.max_choices().min(items);
    let groups = vote.groups.as_ref().map(|g| g.options.as_slice()).unwrap_or_default();
    (0..n)
        .map(|i| {
            let mut choices: Vec<String> = Vec::new();
            while choices.len() < want {
                let spread = 1 + rng.below(items);
                let pick = &vote.items[rng.below(spread)].id;
                if !choices.contains(pick) {
                    choices.push(pick.clone());
                }
            }
            let group = if groups.is_empty() || rng.below(12) == 0 {
                None
            } else {
                let common = groups.len().min(5);
                let at = if groups.len() > common && rng.below(11) == 0 {
                    common + rng.below(groups.len() - common)
                } else {
                    rng.below(common)
                };
                Some(groups[at].id.clone())
            };
            crate::vote::Ballot { id: format!("b{i}"), vote: vote.id.clone(), choices, group }
        })
        .collect()
}
