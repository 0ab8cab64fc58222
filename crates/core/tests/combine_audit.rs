//! Several sessions read together, attacked by differencing with a linear-programming solver.
//!
//! The auditor is independent of the production code: it collects what the device publishes
//! for every session on its own and for *every* combination of sessions (whole-group figures
//! of every plan and every question's answer counts), writes each as a sum of the sessions'
//! unknown answer tables, and for every figure a session's own results hide solves for its
//! least and greatest value (`microlp`). Session sizes are public. A figure is recovered when
//! that range is narrower than [`PROTECTION`] (or than the session's size, when smaller); as in
//! the one-session auditor, a count that follows from the whole pool being 0% or 100% on that
//! side is what a shown 0% says of every pupil, not a disclosure.

#[path = "common/lp.rs"]
mod lp;
use lp::{Lp, Terms};
use proptest::prelude::*;
use yv_core::results::{
    combined_results, results, CombineError, Dataset, Outcome, Part, SessionResults, Threshold, PROTECTION,
};
use yv_core::{parse_framework, parse_survey, Answer, Answers, Framework, Rule, Survey};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn content() -> (Survey, Vec<Framework>) {
    let s = parse_survey("survey-audit.json", &fixture("survey-audit.json")).unwrap();
    let plans = ["framework-audit-a.json", "framework-audit-b.json"]
        .iter()
        .map(|f| parse_framework(f, &fixture(f), &[&s]).unwrap())
        .collect();
    (s, plans)
}

const QUESTIONS: [&str; 5] = ["year_group", "care", "parks", "bullied", "sport"];

fn pupil(v: [Option<&str>; 5]) -> Answers {
    let mut a = Answers::default();
    for (q, x) in QUESTIONS.iter().zip(v) {
        if let Some(x) = x {
            a.set(q, Answer::Choice(x.into()));
        }
    }
    a
}

// ------------------------------------------------------------------ the LP

/// What a figure counts, as categories of its question (each option, then skipped).
#[derive(Clone, Debug, PartialEq)]
struct Figure {
    question: &'static str,
    what: String,
    cats: Vec<usize>,
}

/// Every figure the views publish: each plan's whole-group base, positive and negative counts,
/// and each option's count and how many answered.
fn figures(survey: &Survey, plans: &[Framework]) -> Vec<Figure> {
    let mut out = Vec::new();
    for q in QUESTIONS {
        let opts = survey.options(survey.question(q).unwrap());
        for (i, o) in opts.iter().enumerate() {
            out.push(Figure { question: q, what: format!("count of {}", o.id), cats: vec![i] });
        }
        out.push(Figure { question: q, what: "answered".into(), cats: (0..opts.len()).collect() });
        for plan in plans {
            for (_, ind) in plan.indicators() {
                let Some(Rule::Answer { question, positive }) = ind.measure.as_ref().and_then(|m| m.rule_for(survey))
                else {
                    continue;
                };
                if question != q {
                    continue;
                }
                let base: Vec<usize> = (0..opts.len()).filter(|&i| !opts[i].opt_out).collect();
                let pos: Vec<usize> = base.iter().copied().filter(|&i| positive.contains(&opts[i].id)).collect();
                let neg: Vec<usize> = base.iter().copied().filter(|i| !pos.contains(i)).collect();
                for (what, cats) in [("base", base), ("positive", pos), ("negative", neg)] {
                    let f = Figure { question: q, what: format!("{} {what}", ind.id), cats };
                    if !out.contains(&f) {
                        out.push(f);
                    }
                }
            }
        }
    }
    out
}

/// The value of `f` in a view, or `None` when the view hides it.
fn published(r: &SessionResults, f: &Figure) -> Option<u32> {
    if let Some(ind) =
        f.what.strip_suffix(" base").or(f.what.strip_suffix(" positive")).or(f.what.strip_suffix(" negative"))
    {
        let i = r.indicators.iter().find(|i| i.indicator_id == ind)?;
        let Outcome::Counted { all, .. } = &i.outcome else { return None };
        let (b, p) = (all.base()?, all.positive()?);
        return Some(if f.what.ends_with(" base") {
            b
        } else if f.what.ends_with(" positive") {
            p
        } else {
            b - p
        });
    }
    let d = r.distributions.iter().find(|d| d.question == f.question)?;
    if f.what == "answered" {
        return d.answered;
    }
    d.options.get(f.cats[0])?.count()
}

/// Every view of every plan: each session alone, then every combination of two or more.
fn publish(
    survey: &Survey,
    plans: &[Framework],
    sessions: &[Vec<Answers>],
    k: u32,
) -> Vec<(Vec<usize>, Vec<SessionResults>)> {
    let k = Threshold::new(k).unwrap();
    let all: Vec<&Framework> = plans.iter().collect();
    let data: Vec<Dataset> = sessions.iter().map(|rs| Dataset::new(survey, &rs.iter().collect::<Vec<_>>())).collect();
    let ids: Vec<String> = (0..sessions.len()).map(|i| format!("s{i}")).collect();
    let parts: Vec<Part> = data.iter().zip(&ids).map(|(d, id)| Part { session: id, label: id, data: d }).collect();
    let mut views = Vec::new();
    for mask in 1u32..(1 << sessions.len()) {
        let members: Vec<usize> = (0..sessions.len()).filter(|i| mask >> i & 1 == 1).collect();
        let read: Vec<SessionResults> = plans
            .iter()
            .map(|f| {
                if members.len() == 1 {
                    results(survey, f, &all, &data[members[0]], k, "en")
                } else {
                    let chosen: Vec<&str> = members.iter().map(|&i| ids[i].as_str()).collect();
                    combined_results(survey, f, &all, &parts, &chosen, k, "en").unwrap().0
                }
            })
            .collect();
        views.push((members, read));
    }
    views
}

/// Figures the auditor works out to within less than the protection interval.
fn attack(survey: &Survey, plans: &[Framework], sessions: &[Vec<Answers>], k: u32) -> Vec<String> {
    let views = publish(survey, plans, sessions, k);
    let figs = figures(survey, plans);
    let mut lp = Lp::default();
    // x[s][q][c]: pupils of session s in category c of question q; each session's size public.
    let x: Vec<Vec<Vec<usize>>> = sessions
        .iter()
        .map(|rs| {
            QUESTIONS
                .iter()
                .map(|q| {
                    let v: Vec<usize> =
                        (0..=survey.options(survey.question(q).unwrap()).len()).map(|_| lp.var()).collect();
                    lp.eq(v.iter().map(|&v| (v, 1.0)).collect(), rs.len() as f64);
                    v
                })
                .collect()
        })
        .collect();
    let qi = |q: &str| QUESTIONS.iter().position(|x| *x == q).unwrap();
    let x = &x;
    let terms = |members: &[usize], f: &Figure| -> Terms {
        let q = qi(f.question);
        members.iter().flat_map(|&s| f.cats.iter().map(move |&c| (x[s][q][c], 1.0))).collect()
    };
    for (members, read) in &views {
        for f in &figs {
            let shown: Vec<u32> = read.iter().filter_map(|r| published(r, f)).collect();
            if let Some(&v) = shown.first() {
                assert!(shown.iter().all(|&w| w == v), "plans disagree on {f:?}");
                lp.eq(terms(members, f), f64::from(v));
            }
        }
    }
    let mut found = Vec::new();
    for (s, rs) in sessions.iter().enumerate() {
        let own = &views.iter().find(|(m, _)| m == &[s]).unwrap().1;
        let size = rs.len() as u32;
        if size == 0 {
            continue;
        }
        for f in &figs {
            if own.iter().any(|r| published(r, f).is_some()) {
                continue;
            }
            // The pool: every session whose own results hide this figure.
            let pool: Vec<usize> = (0..sessions.len())
                .filter(|&p| {
                    let v = &views.iter().find(|(m, _)| m == &[p]).unwrap().1;
                    v.iter().all(|r| published(r, f).is_none())
                })
                .collect();
            let pool_size: f64 = pool.iter().map(|&p| sessions[p].len() as f64).sum();
            let (pl, ph) = lp.range(&terms(&pool, f));
            if (ph < 1e-6) || (pl > pool_size - 1e-6) {
                continue;
            }
            let (lo, hi) = lp.range(&terms(&[s], f));
            let need = f64::from(PROTECTION.min(size));
            if hi - lo < need - 1e-6 {
                found.push(format!("session {s} {} {}: {lo}..{hi}", f.question, f.what));
            }
        }
    }
    found
}

// ------------------------------------------------------------------ cases

fn many(n: usize, v: [Option<&str>; 5]) -> Vec<Answers> {
    vec![pupil(v); n]
}

fn big(n: usize) -> Vec<Answers> {
    (0..n)
        .map(|i| {
            pupil([
                Some(["y7", "y8"][i % 2]),
                Some("no"),
                Some(["good", "bad", "very_good"][i % 3]),
                Some(["never", "sometimes"][i % 2]),
                Some(["yes", "no", "yes"][i % 3]),
            ])
        })
        .collect()
}

fn indicator<'a>(r: &'a SessionResults, id: &str) -> &'a yv_core::results::Cell {
    let i = r.indicators.iter().find(|i| i.indicator_id == id).unwrap();
    match &i.outcome {
        Outcome::Counted { all, .. } => all,
        o => panic!("{id}: {o:?}"),
    }
}

#[test]
fn two_big_sessions_add_up_to_the_whole_set() {
    let (s, plans) = content();
    let (a, b) = (big(24), big(17));
    let all: Vec<&Framework> = plans.iter().collect();
    let k = Threshold::new(10).unwrap();
    let (da, db) = (Dataset::new(&s, &a.iter().collect::<Vec<_>>()), Dataset::new(&s, &b.iter().collect::<Vec<_>>()));
    let parts = [Part { session: "a", label: "A", data: &da }, Part { session: "b", label: "B", data: &db }];
    let (r, combined) = combined_results(&s, &plans[0], &all, &parts, &["a", "b"], k, "en").unwrap();
    assert_eq!(combined.sessions, ["A", "B"]);
    assert!(combined.missing_from_pool.is_empty(), "{combined:?}");
    assert_eq!(r.responses(), Some(41));
    assert!(r.breakdowns.is_empty(), "breakdowns are read one session at a time");
    let whole: Vec<Answers> = a.iter().chain(&b).cloned().collect();
    let one = results(&s, &plans[0], &all, &Dataset::new(&s, &whole.iter().collect::<Vec<_>>()), k, "en");
    for id in ["parks-good", "bullied", "sport"] {
        assert_eq!(indicator(&r, id).base(), indicator(&one, id).base(), "{id}");
        assert_eq!(indicator(&r, id).positive(), indicator(&one, id).positive(), "{id}");
        assert!(indicator(&r, id).base().is_some());
    }
}

#[test]
fn a_small_session_alone_in_its_pool_is_never_given_away() {
    // A shows its figures; B (4 pupils) hides them. A + B less A would be B exactly.
    let (s, plans) = content();
    let a = big(30);
    let b = many(4, [Some("y7"), Some("no"), Some("bad"), Some("often"), Some("no")]);
    let found = attack(&s, &plans, &[a.clone(), b.clone()], 10);
    assert_eq!(found, Vec::<String>::new());
    let all: Vec<&Framework> = plans.iter().collect();
    let (da, db) = (Dataset::new(&s, &a.iter().collect::<Vec<_>>()), Dataset::new(&s, &b.iter().collect::<Vec<_>>()));
    let parts = [Part { session: "a", label: "A", data: &da }, Part { session: "b", label: "B", data: &db }];
    let (r, c) = combined_results(&s, &plans[0], &all, &parts, &["a", "b"], Threshold::new(10).unwrap(), "en").unwrap();
    assert!(indicator(&r, "bullied").suppressed());
    assert_eq!(c.pooled, ["B"]);
}

#[test]
fn a_pool_must_be_chosen_whole() {
    // B and C (6 each) hide their figures; together they are 12. Reading A + B, or A + C, would
    // give away B or C; reading A + B + C gives away only B + C, which is protected.
    let (s, plans) = content();
    let a = big(30);
    let b = big(6);
    let c: Vec<Answers> = big(7).into_iter().rev().collect();
    let all: Vec<&Framework> = plans.iter().collect();
    let k = Threshold::new(10).unwrap();
    let d: Vec<Dataset> = [&a, &b, &c].iter().map(|x| Dataset::new(&s, &x.iter().collect::<Vec<_>>())).collect();
    let parts = [
        Part { session: "a", label: "A", data: &d[0] },
        Part { session: "b", label: "B", data: &d[1] },
        Part { session: "c", label: "C", data: &d[2] },
    ];
    let (ab, c1) = combined_results(&s, &plans[0], &all, &parts, &["a", "b"], k, "en").unwrap();
    assert!(indicator(&ab, "sport").suppressed());
    assert_eq!(c1.missing_from_pool, ["C"]);
    let (abc, c2) = combined_results(&s, &plans[0], &all, &parts, &["a", "b", "c"], k, "en").unwrap();
    assert!(c2.missing_from_pool.is_empty());
    assert_eq!(indicator(&abc, "sport").base(), Some(43));
    assert_eq!(attack(&s, &plans, &[a, b, c], 10), Vec::<String>::new());
}

#[test]
fn sessions_of_different_surveys_are_refused() {
    let (s, plans) = content();
    let all: Vec<&Framework> = plans.iter().collect();
    let mut other = Dataset::new(&s, &[]);
    other.survey = "another".into();
    let d = Dataset::new(&s, &[]);
    let parts = [Part { session: "a", label: "A", data: &d }, Part { session: "b", label: "B", data: &other }];
    let k = Threshold::new(10).unwrap();
    let e = combined_results(&s, &plans[0], &all, &parts, &["a", "b"], k, "en").unwrap_err();
    assert_eq!(e, CombineError::Mismatch);
    let e = combined_results(&s, &plans[0], &all, &parts, &["a", "zz"], k, "en").unwrap_err();
    assert_eq!(e, CombineError::Unknown("zz".into()));
}

// ------------------------------------------------------------------ any sessions

fn arb_pupil() -> impl Strategy<Value = Answers> {
    let opt = |v: Vec<Option<&'static str>>| prop::sample::select(v);
    (
        opt(vec![Some("y7"), Some("y8"), Some("y8"), Some("prefer_not"), None]),
        opt(vec![Some("no"), Some("no"), Some("yes"), Some("prefer_not"), None]),
        opt(vec![Some("very_good"), Some("good"), Some("bad"), Some("dont_know"), None]),
        opt(vec![Some("never"), Some("never"), Some("sometimes"), Some("often"), None]),
        opt(vec![Some("yes"), Some("no"), None]),
    )
        .prop_map(|(y, c, p, b, s)| pupil([y, c, p, b, s]))
}

fn arb_sessions() -> impl Strategy<Value = Vec<Vec<Answers>>> {
    let session = prop_oneof![prop::collection::vec(arb_pupil(), 0..9), prop::collection::vec(arb_pupil(), 8..30),];
    prop::collection::vec(session, 2..4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the sessions (tiny, empty, big), reading every session alone and every
    /// combination of them gives away no figure a session's own results hide.
    #[test]
    fn no_combination_gives_a_session_away(sessions in arb_sessions(), k in 5u32..11) {
        let (s, plans) = content();
        let found = attack(&s, &plans, &sessions, k);
        prop_assert!(found.is_empty(), "recovered: {:?}", found);
    }
}
