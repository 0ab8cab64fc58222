//! Disclosure control attacked as an auditor with a linear-programming solver would attack it.
//!
//! The auditor here is independent of the production code: it reads only what a session
//! publishes (the results read against every plan, with every breakdown, and the question
//! counts), models them as linked tables (each breakdown by each question, joined by the
//! breakdown's group sizes and the question's answer counts), and for every hidden figure
//! solves for the least and greatest value consistent with everything shown (`microlp`). A
//! hidden figure is recovered when that range is narrower than the protection interval the
//! method note promises ([`PROTECTION`], or the whole of a public group size smaller than that).
//!
//! The four regression cases are the attacks that recovered hidden figures from the earlier
//! suppression, each with the figures it published and the figure it gave away.

#[path = "common/lp.rs"]
mod lp;
use lp::{Lp, Terms};
use proptest::prelude::*;
use std::collections::BTreeMap;
use yv_core::results::{session_results, Outcome, SessionResults, Threshold, NOT_STATED, PROTECTION};
use yv_core::{parse_framework, parse_survey, Answer, Answers, Framework, QuestionKind, Rule, Survey};

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

// ------------------------------------------------------------------ what is published

/// One published figure pair: a rule's base and positive count for the whole group or a group.
#[derive(Debug, Clone)]
struct Figure {
    question: String,
    positive: Vec<String>,
    /// `None` for the whole group; else (breakdown question, group id).
    group: Option<(String, String)>,
    base: Option<u32>,
    pos: Option<u32>,
}

/// Everything one session publishes, as the attacker collects it.
#[derive(Debug, Clone, Default)]
struct Published {
    n: Option<u32>,
    /// Question id: each option's count (`None` hidden) and the number who answered.
    counts: BTreeMap<String, (Vec<Option<u32>>, Option<u32>)>,
    figures: Vec<Figure>,
}

fn collect(survey: &Survey, plans: &[&Framework], read: &[SessionResults]) -> Published {
    let mut p = Published { n: read[0].responses(), ..Default::default() };
    for d in &read[0].distributions {
        p.counts.insert(d.question.clone(), (d.options.iter().map(|o| o.count()).collect(), d.answered));
    }
    for (plan, r) in plans.iter().zip(read) {
        // Every plan publishes the same question counts.
        for d in &r.distributions {
            let mine: Vec<Option<u32>> = d.options.iter().map(|o| o.count()).collect();
            assert_eq!(p.counts[&d.question], (mine, d.answered), "question counts differ between plans");
        }
        for (ind, (_, def)) in r.indicators.iter().zip(plan.indicators()) {
            let Outcome::Counted { all, by } = &ind.outcome else { continue };
            let Some(Rule::Answer { question, positive }) = def.measure.as_ref().and_then(|m| m.rule_for(survey))
            else {
                panic!("the audit fixtures use answer rules only")
            };
            let fig = |group, c: &yv_core::results::Cell| Figure {
                question: question.clone(),
                positive: positive.clone(),
                group,
                base: c.base(),
                pos: c.positive(),
            };
            p.figures.push(fig(None, all));
            for (b, cells) in r.breakdowns.iter().zip(by) {
                for c in cells {
                    p.figures.push(fig(Some((b.question.clone(), c.group.clone())), c));
                }
            }
        }
    }
    p
}

// ------------------------------------------------------------------ the linked tables

/// A hidden figure the auditor worked out to within less than the protection interval.
#[derive(Debug, Clone, PartialEq)]
struct Recovered {
    what: String,
    low: f64,
    high: f64,
}

/// Options of a question in order, with whether each is an opt-out; the last category of every
/// source is "skipped".
fn options(survey: &Survey, q: &str) -> Vec<(String, bool)> {
    let q = survey.question(q).unwrap();
    assert_eq!(q.kind, QuestionKind::Single);
    survey.options(q).iter().map(|c| (c.id.clone(), c.opt_out)).collect()
}

fn attack(survey: &Survey, p: &Published) -> Vec<Recovered> {
    let Some(n) = p.n else { return Vec::new() };
    let n = f64::from(n);
    let mut lp = Lp::default();
    let breakdowns: Vec<String> = survey.breakdown_questions().map(|q| q.id.clone()).collect();
    let mut sources: Vec<String> = p.figures.iter().map(|f| f.question.clone()).collect();
    sources.sort();
    sources.dedup();
    // Sizes of each breakdown's rows, and column totals of each source.
    let mut size: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for b in &breakdowns {
        let v: Vec<usize> = (0..=options(survey, b).len()).map(|_| lp.var()).collect();
        lp.eq_sum(v.clone(), n);
        size.insert(b, v);
    }
    let mut total: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for s in &sources {
        let v: Vec<usize> = (0..=options(survey, s).len()).map(|_| lp.var()).collect();
        lp.eq_sum(v.clone(), n);
        total.insert(s, v);
    }
    // The cross-tables, joined to both margins.
    let mut cross: BTreeMap<(&str, &str), Vec<Vec<usize>>> = BTreeMap::new();
    for b in &breakdowns {
        for s in &sources {
            let (rows, cats) = (size[b.as_str()].len(), total[s.as_str()].len());
            let x: Vec<Vec<usize>> = (0..rows).map(|_| (0..cats).map(|_| lp.var()).collect()).collect();
            for (r, row) in x.iter().enumerate() {
                lp.link(row.clone(), vec![size[b.as_str()][r]]);
            }
            for c in 0..cats {
                lp.link(x.iter().map(|row| row[c]).collect(), vec![total[s.as_str()][c]]);
            }
            if b == s {
                // A question broken down by itself: everyone is on the diagonal.
                for (r, row) in x.iter().enumerate() {
                    for (c, &v) in row.iter().enumerate() {
                        if r != c {
                            lp.eq_sum(vec![v], 0.0);
                        }
                    }
                }
            }
            cross.insert((b, s), x);
        }
    }
    // Published answer counts. A hidden count of a breakdown option is a group with pupils
    // (empty options are shown as 0).
    let mut targets: Vec<(String, Terms, f64)> = Vec::new();
    for (q, (counts, answered)) in &p.counts {
        let vars = size.get(q.as_str()).or(total.get(q.as_str()));
        let Some(vars) = vars else { continue };
        for (i, c) in counts.iter().enumerate() {
            match c {
                Some(c) => lp.eq_sum(vec![vars[i]], f64::from(*c)),
                None => {
                    if size.contains_key(q.as_str()) {
                        lp.at_least(vec![vars[i]], 1.0);
                    }
                    targets.push((format!("{q}: count of option {i}"), vec![(vars[i], 1.0)], PROTECTION.into()));
                }
            }
        }
        let answered_vars = vars[..counts.len()].to_vec();
        match answered {
            Some(a) => lp.eq_sum(answered_vars, f64::from(*a)),
            None => targets.push((
                format!("{q}: answered"),
                answered_vars.iter().map(|&v| (v, 1.0)).collect(),
                PROTECTION.into(),
            )),
        }
        if let (Some(t), Some(s)) = (total.get(q.as_str()), size.get(q.as_str())) {
            for (a, b) in t.iter().zip(s) {
                lp.link(vec![*a], vec![*b]);
            }
        }
    }
    // Published figures.
    for f in &p.figures {
        let opts = options(survey, &f.question);
        let base_cats: Vec<usize> = (0..opts.len()).filter(|&c| !opts[c].1).collect();
        let pos_cats: Vec<usize> = (0..opts.len()).filter(|&c| f.positive.contains(&opts[c].0)).collect();
        let neg_cats: Vec<usize> = base_cats.iter().copied().filter(|c| !pos_cats.contains(c)).collect();
        let (cells, group_size): (Vec<Vec<usize>>, Option<Vec<usize>>) = match &f.group {
            None => (total[f.question.as_str()].iter().map(|&v| vec![v]).collect(), None),
            Some((b, g)) => {
                let bopts = options(survey, b);
                let in_group: Vec<usize> = (0..=bopts.len())
                    .filter(|&r| {
                        if g == NOT_STATED {
                            r == bopts.len() || bopts[r].1
                        } else {
                            r < bopts.len() && bopts[r].0 == *g
                        }
                    })
                    .collect();
                let x = &cross[&(b.as_str(), f.question.as_str())];
                let cats = (0..opts.len() + 1).map(|c| in_group.iter().map(|&r| x[r][c]).collect()).collect();
                (cats, Some(in_group.iter().map(|&r| size[b.as_str()][r]).collect()))
            }
        };
        let sum = |cs: &[usize]| cs.iter().flat_map(|&c| cells[c].clone()).collect::<Vec<usize>>();
        let (base, pos, neg) = (sum(&base_cats), sum(&pos_cats), sum(&neg_cats));
        match (f.base, f.pos) {
            (Some(b), Some(ps)) => {
                lp.eq_sum(base, f64::from(b));
                lp.eq_sum(pos, f64::from(ps));
            }
            _ => {
                let what = format!("{} {:?} for {:?}", f.question, f.positive, f.group);
                // What the whole group says of every pupil is no disclosure about a group.
                let all = p
                    .figures
                    .iter()
                    .find(|a| a.group.is_none() && a.question == f.question && a.positive == f.positive);
                let (ab, ap) = all.map_or((None, None), |a| (a.base, a.pos));
                let every = |v: Option<u32>| v == Some(0) || v.map(f64::from) == Some(n);
                let need = |lp: &mut Lp, gs: &Option<Vec<usize>>| match gs {
                    Some(v) => {
                        lp.at_least(v.clone(), 1.0);
                        let terms: Vec<(usize, f64)> = v.iter().map(|&x| (x, 1.0)).collect();
                        f64::from(PROTECTION).min(lp.range(&terms).1)
                    }
                    None => f64::from(PROTECTION).min(n),
                };
                let need = need(&mut lp, &group_size);
                if !every(ab) {
                    targets.push((format!("{what}: base"), base.iter().map(|&v| (v, 1.0)).collect(), need));
                }
                if !every(ap) {
                    targets.push((format!("{what}: positive"), pos.iter().map(|&v| (v, 1.0)).collect(), need));
                }
                if !every(ab.zip(ap).map(|(b, p)| b - p)) {
                    targets.push((format!("{what}: negative"), neg.iter().map(|&v| (v, 1.0)).collect(), need));
                }
            }
        }
    }
    targets
        .into_iter()
        .filter_map(|(what, terms, need)| {
            let (low, high) = lp.range(&terms);
            (high - low < need - 1e-6).then_some(Recovered { what, low, high })
        })
        .collect()
}

/// Everything published for `responses` at threshold `k`, read against every plan.
fn publish(responses: &[Answers], k: u32) -> (Survey, Published, Vec<SessionResults>) {
    let (s, plans) = content();
    let refs: Vec<&Answers> = responses.iter().collect();
    let all: Vec<&Framework> = plans.iter().collect();
    let read: Vec<SessionResults> =
        plans.iter().map(|f| session_results(&s, f, &all, &refs, Threshold::new(k).unwrap(), "en")).collect();
    let p = collect(&s, &all, &read);
    (s, p, read)
}

fn audit(responses: &[Answers], k: u32) -> Vec<Recovered> {
    let (s, p, read) = publish(responses, k);
    assert!(read.iter().all(|r| r.audit.ok()), "{:?}", read[0].audit);
    attack(&s, &p)
}

// ------------------------------------------------------------------ pupils

#[derive(Clone, Copy, Debug, Default)]
struct Pupil {
    year: Option<&'static str>,
    care: Option<&'static str>,
    parks: Option<&'static str>,
    bullied: Option<&'static str>,
    sport: Option<&'static str>,
}

impl Pupil {
    fn answers(&self) -> Answers {
        let mut a = Answers::default();
        for (q, v) in [
            ("year_group", self.year),
            ("care", self.care),
            ("parks", self.parks),
            ("bullied", self.bullied),
            ("sport", self.sport),
        ] {
            if let Some(v) = v {
                a.set(q, Answer::Choice(v.into()));
            }
        }
        a
    }
}

fn times(n: usize, p: Pupil) -> Vec<Answers> {
    vec![p.answers(); n]
}

fn figure<'a>(r: &'a SessionResults, id: &str, by: Option<(&str, &str)>) -> &'a yv_core::results::Cell {
    let ind = r.indicators.iter().find(|i| i.indicator_id == id).unwrap();
    let Outcome::Counted { all, by: tables } = &ind.outcome else { panic!("{id} counted") };
    match by {
        None => all,
        Some((b, g)) => {
            let i = r.breakdowns.iter().position(|x| x.question == b).unwrap();
            tables[i].iter().find(|c| c.group == g).unwrap()
        }
    }
}

fn count(r: &SessionResults, q: &str, option: &str) -> Option<u32> {
    r.distributions
        .iter()
        .find(|d| d.question == q)
        .unwrap()
        .options
        .iter()
        .find(|o| o.option == option)
        .unwrap()
        .count()
}

// ------------------------------------------------------------------ the auditor can find leaks

#[test]
fn the_auditor_recovers_what_the_old_suppression_gave_away() {
    // Case 1 as the old suppression published it: Years 7-12 shown, Year 13 and "not stated"
    // hidden as partners, 108 answered. Year 13 = 108 - 102 = 6 exactly.
    let (s, _) = content();
    let mut p = Published { n: Some(120), ..Default::default() };
    let years = [Some(21), Some(20), Some(18), Some(16), Some(14), Some(13), None, Some(0)];
    p.counts.insert("year_group".into(), (years.to_vec(), Some(108)));
    p.counts.insert("care".into(), (vec![None, None, None], None));
    let found = attack(&s, &p);
    assert!(
        found.iter().any(|r| r.what == "year_group: count of option 6"
            && (r.high - 6.0).abs() < 1e-6
            && (r.low - 6.0).abs() < 1e-6),
        "{found:?}"
    );
    // Case 3 as published before: all 19 with 7 doing sport, "No" 17 with 7: the one pupil in
    // care, and the one who skipped, do no sport.
    let mut p = Published { n: Some(19), ..Default::default() };
    p.counts.insert("care".into(), (vec![None, Some(17), Some(0)], Some(18)));
    p.counts.insert("year_group".into(), (vec![None; 8], None));
    let fig = |group: Option<(&str, &str)>, base, pos| Figure {
        question: "sport".into(),
        positive: vec!["yes".into()],
        group: group.map(|(a, b)| (a.into(), b.into())),
        base,
        pos,
    };
    p.figures = vec![
        fig(None, Some(19), Some(7)),
        fig(Some(("care", "no")), Some(17), Some(7)),
        fig(Some(("care", "yes")), None, None),
        fig(Some(("care", NOT_STATED)), None, None),
    ];
    let found = attack(&s, &p);
    assert!(found.iter().any(|r| r.what.contains("\"yes\")): positive") && r.high < 1e-6), "{found:?}");
}

// ------------------------------------------------------------------ the four regression cases

#[test]
fn case_1_not_stated_is_never_the_partner_of_a_hidden_year() {
    // 120 pupils: Years 7-12 of 21/20/18/16/14/13, Year 13 of 6, 12 who skipped the year.
    let mut rs = Vec::new();
    for (year, n) in [("y7", 21), ("y8", 20), ("y9", 18), ("y10", 16), ("y11", 14), ("y12", 13), ("y13", 6)] {
        for i in 0..n {
            let bullied = if i % 3 == 0 { "sometimes" } else { "never" };
            let sport = if i % 2 == 0 { "yes" } else { "no" };
            rs.push(
                Pupil {
                    year: Some(year),
                    care: Some("no"),
                    parks: Some("good"),
                    bullied: Some(bullied),
                    sport: Some(sport),
                }
                .answers(),
            );
        }
    }
    rs.extend(times(
        12,
        Pupil {
            care: Some("no"),
            parks: Some("bad"),
            bullied: Some("never"),
            sport: Some("yes"),
            ..Default::default()
        },
    ));
    let (s, p, read) = publish(&rs, 10);
    let r = &read[0];
    // Year 13 is hidden, and its partner is a year, not the skipped pupils whose number is public.
    assert_eq!(count(r, "year_group", "y13"), None);
    assert_eq!(count(r, "year_group", "y12"), None);
    assert_eq!(count(r, "year_group", "y11"), Some(14));
    assert_eq!(r.distributions.iter().find(|d| d.question == "year_group").unwrap().answered, Some(108));
    assert!(figure(r, "bullied", Some(("year_group", "y13"))).suppressed());
    assert!(figure(r, "bullied", Some(("year_group", "y12"))).suppressed());
    assert_eq!(figure(r, "bullied", Some(("year_group", "y7"))).base(), Some(21));
    assert_eq!(attack(&s, &p), []);
}

#[test]
fn case_2_the_question_counts_never_rebuild_a_hidden_indicator() {
    // Parks: 19 answered, 10 "I don't know", very good 3, good 2, bad 4. The indicator's base is
    // 9: hidden, and so are the counts that would give it away (19 - 10 = 9, 3 + 2 = 5).
    let mut rs = times(3, Pupil { parks: Some("very_good"), ..Default::default() });
    rs.extend(times(2, Pupil { parks: Some("good"), ..Default::default() }));
    rs.extend(times(4, Pupil { parks: Some("bad"), ..Default::default() }));
    rs.extend(times(10, Pupil { parks: Some("dont_know"), ..Default::default() }));
    rs.extend(times(6, Pupil::default()));
    let (s, p, read) = publish(&rs, 10);
    let r = &read[0];
    assert!(figure(r, "parks-good", None).suppressed());
    let parks = r.distributions.iter().find(|d| d.question == "parks").unwrap();
    assert!(parks.options.iter().all(|o| o.count().is_none()), "{parks:?}");
    assert_eq!(parks.answered, None);
    assert_eq!(attack(&s, &p), []);
}

#[test]
fn case_3_a_zero_among_hidden_groups_is_never_left_to_subtraction() {
    // By care experience: 17 "No" (7 do sport), 1 in care (no sport), 1 skipped (no sport).
    let mut rs = times(7, Pupil { care: Some("no"), sport: Some("yes"), ..Default::default() });
    rs.extend(times(10, Pupil { care: Some("no"), sport: Some("no"), ..Default::default() }));
    rs.extend(times(1, Pupil { care: Some("yes"), sport: Some("no"), ..Default::default() }));
    rs.extend(times(1, Pupil { sport: Some("no"), ..Default::default() }));
    let (s, p, read) = publish(&rs, 10);
    let r = &read[0];
    assert_eq!(figure(r, "sport", None).positive(), Some(7), "the whole group is shown");
    // "No" (17) would give away the one pupil in care: every group is hidden.
    for g in ["yes", "no", NOT_STATED] {
        assert!(figure(r, "sport", Some(("care", g))).suppressed(), "{g}");
    }
    assert_eq!(attack(&s, &p), []);
}

#[test]
fn case_4_empty_groups_are_known_zeros_and_never_protect() {
    // "Years 7 and 8": 4 in Year 7 (all bullied), 26 in Year 8; Years 9-13 empty.
    let mut rs = times(4, Pupil { year: Some("y7"), bullied: Some("often"), ..Default::default() });
    for i in 0..26 {
        let b = if i % 4 == 0 { "often" } else { "never" };
        rs.push(Pupil { year: Some("y8"), bullied: Some(b), ..Default::default() }.answers());
    }
    let (s, p, read) = publish(&rs, 10);
    let r = &read[0];
    assert!(figure(r, "bullied", Some(("year_group", "y7"))).suppressed());
    assert!(figure(r, "bullied", Some(("year_group", "y8"))).suppressed(), "Year 8 alone would give Year 7 away");
    // Empty years are shown as the zeros everyone knows, never as "hidden".
    let y9 = figure(r, "bullied", Some(("year_group", "y9")));
    assert_eq!((y9.suppressed(), y9.base()), (false, Some(0)));
    assert_eq!(count(r, "year_group", "y10"), Some(0));
    assert_eq!(attack(&s, &p), []);
}

#[test]
fn a_complement_of_zero_in_a_hidden_group_is_protected_too() {
    // Every pupil in care (3) is bullied; the others mostly not. The negative count of the
    // group in care (0) must not be worked out any more than its positive count.
    let mut rs = times(3, Pupil { care: Some("yes"), bullied: Some("often"), ..Default::default() });
    for i in 0..30 {
        let b = if i % 5 == 0 { "often" } else { "never" };
        rs.push(Pupil { care: Some("no"), bullied: Some(b), ..Default::default() }.answers());
    }
    assert_eq!(audit(&rs, 10), []);
}

// ------------------------------------------------------------------ any session

fn arb_pupil(sport_always: bool) -> impl Strategy<Value = Answers> {
    let opt = |v: Vec<Option<&'static str>>| prop::sample::select(v);
    (
        opt(vec![Some("y7"), Some("y8"), Some("y8"), Some("y8"), Some("y13"), Some("prefer_not"), None]),
        opt(vec![Some("no"), Some("no"), Some("no"), Some("no"), Some("yes"), Some("prefer_not"), None]),
        opt(vec![Some("very_good"), Some("good"), Some("bad"), Some("dont_know"), Some("dont_know"), None]),
        opt(vec![Some("never"), Some("never"), Some("sometimes"), Some("often"), None]),
        opt(vec![Some("yes"), Some("no"), None]),
    )
        .prop_map(move |(year, care, parks, bullied, sport)| {
            let sport = if sport_always { Some("yes") } else { sport };
            Pupil { year, care, parks, bullied, sport }.answers()
        })
}

fn arb_session() -> impl Strategy<Value = Vec<Answers>> {
    any::<bool>().prop_flat_map(|always| prop::collection::vec(arb_pupil(always), 0..70))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Whatever the answers (tiny groups, empty groups, opt-outs, skips, 0% and 100% groups),
    /// the independent auditor recovers no hidden figure to within the protection interval
    /// from everything the session publishes, and every shown figure has a base of at least k
    /// (or is an empty group's known zero).
    #[test]
    fn no_hidden_figure_can_be_worked_out(rs in arb_session(), k in 5u32..12) {
        let (s, p, read) = publish(&rs, k);
        for r in &read {
            prop_assert!(r.audit.ok());
            for ind in &r.indicators {
                let Outcome::Counted { all, by } = &ind.outcome else { continue };
                for c in std::iter::once(all).chain(by.iter().flatten()) {
                    if let Some(b) = c.base() { prop_assert!(b >= k || b == 0, "{c:?}"); }
                }
            }
        }
        let found = attack(&s, &p);
        prop_assert!(found.is_empty(), "recovered: {:?}", found);
    }
}
