//! Every shipped survey and framework validates, round-trips, and maps its rules to real
//! questions and options. Reads `data/` directly, so a new file is checked as soon as it exists.

use std::path::PathBuf;
use yv_core::{parse_framework, parse_survey, Evaluation, Framework, Rule, Survey};

fn files(kind: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join(kind);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn surveys() -> Vec<Survey> {
    files("surveys").iter().map(|(name, text)| parse_survey(name, text).unwrap_or_else(|e| panic!("{e}"))).collect()
}

fn frameworks(surveys: &[Survey]) -> Vec<Framework> {
    let refs: Vec<&Survey> = surveys.iter().collect();
    files("frameworks")
        .iter()
        .map(|(name, text)| parse_framework(name, text, &refs).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn shipped_surveys_validate() {
    let s = surveys();
    let ids: Vec<String> = s.iter().map(|s| format!("{} {}", s.id, s.version)).collect();
    assert_eq!(ids, ["primary 1.0.0", "primary 1.1.0", "secondary 1.0.0"]);
}

/// Every file under `data/surveys` is compiled in, the newest version of each survey is the one
/// offered, and an earlier version stays for the sessions started with it. An earlier version
/// may differ only in wording: the same questions, kinds and option ids, so that its answers
/// are counted by the same rules.
#[test]
fn earlier_survey_versions_stay_and_differ_only_in_wording() {
    let embedded: Vec<&str> = yv_core::builtin::SURVEY_FILES.iter().map(|(n, _)| *n).collect();
    for (name, _) in files("surveys") {
        assert!(embedded.contains(&name.as_str()), "{name} is not in builtin::SURVEY_FILES");
    }
    let lib = yv_core::builtin::library().unwrap();
    let current: Vec<String> = lib.surveys.iter().map(|s| format!("{} {}", s.id, s.version)).collect();
    assert_eq!(current, ["primary 1.1.0", "secondary 1.0.0"]);
    assert_eq!(lib.survey_version("primary", "1.0.0").map(|s| s.version.as_str()), Some("1.0.0"));
    assert!(lib.survey_version("primary", "0.9.0").is_none());
    for old in &lib.earlier {
        let new = lib.survey(&old.id).unwrap();
        let shape = |s: &Survey| -> Vec<(String, String, Vec<String>)> {
            s.questions()
                .map(|q| (q.id.clone(), format!("{:?}", q.kind), s.options(q).iter().map(|c| c.id.clone()).collect()))
                .collect()
        };
        assert_eq!(shape(old), shape(new), "{} {} and {}", old.id, old.version, new.version);
    }
    // The wording fix that made 1.1.0: the online question no longer offers "I haven't been
    // bullied" (being treated nastily online is not only bullying).
    let q = lib.survey("primary").unwrap().question("cyberbullied").unwrap();
    let labels: Vec<&str> = lib.survey("primary").unwrap().options(q).iter().map(|c| c.label.get("en", "en")).collect();
    assert_eq!(labels[0], "Never");
    assert!(labels.iter().all(|l| !l.contains("bullied")), "{labels:?}");
}

#[test]
fn versions_compare_by_number() {
    use yv_core::builtin::newer;
    assert!(newer("1.10.0", "1.9.2"));
    assert!(newer("1.1.0", "1.0.0"));
    assert!(!newer("1.0.0", "1.0.0"));
    assert!(!newer("0.9", "1.0.0"));
}

#[test]
fn shipped_frameworks_validate() {
    let s = surveys();
    let f = frameworks(&s);
    assert_eq!(f.len(), 5, "one framework per plan in shared/seeds");
}

#[test]
fn shipped_files_round_trip_through_the_parser() {
    for (name, text) in files("surveys") {
        let s = parse_survey(&name, &text).unwrap();
        let again = parse_survey(&name, &serde_json::to_string_pretty(&s).unwrap()).unwrap();
        assert_eq!(s, again, "{name}");
    }
    let s = surveys();
    let refs: Vec<&Survey> = s.iter().collect();
    for (name, text) in files("frameworks") {
        let f = parse_framework(&name, &text, &refs).unwrap();
        let again = parse_framework(&name, &serde_json::to_string_pretty(&f).unwrap(), &refs).unwrap();
        assert_eq!(f, again, "{name}");
    }
}

#[test]
fn every_measured_indicator_is_measured_by_some_shipped_survey() {
    let s = surveys();
    for f in frameworks(&s) {
        for (_, ind) in f.indicators() {
            let Some(m) = &ind.measure else { continue };
            assert!(s.iter().any(|sv| m.rule_for(sv).is_some()), "{}: {} has no survey", f.id, ind.id);
            for rule in &m.rules {
                match rule {
                    Rule::Answer { question, positive } => {
                        for sv in s.iter().filter(|sv| sv.question(question).is_some()) {
                            let q = sv.question(question).unwrap();
                            for o in positive {
                                assert!(
                                    sv.choice(q, o).is_some(),
                                    "{}: {}: {question}/{o} not in {}",
                                    f.id,
                                    ind.id,
                                    sv.id
                                );
                            }
                        }
                    }
                    Rule::Rating { question, .. } => assert!(s.iter().any(|sv| sv.question(question).is_some())),
                    Rule::Score { score, .. } => assert!(s.iter().any(|sv| sv.score(score).is_some())),
                }
            }
        }
    }
}

#[test]
fn every_framework_measures_something_and_shows_what_it_cannot() {
    let s = surveys();
    for f in frameworks(&s) {
        let inds = f.indicators();
        let measured = inds.iter().filter(|(_, i)| i.measure.is_some()).count();
        let not = inds.iter().filter(|(_, i)| i.not_measured.is_some()).count();
        assert!(measured >= 3, "{}: only {measured} measured", f.id);
        assert!(not >= 1, "{}: no indicator marked not measured", f.id);
        // With no responses every measurable indicator has a zero base in at least one survey.
        for (_, ind) in &inds {
            let any = s
                .iter()
                .any(|sv| matches!(yv_core::evaluate(ind, sv, &[]), Evaluation::Counts { base: 0, positive: 0 }));
            assert_eq!(any, ind.measure.is_some(), "{}: {}", f.id, ind.id);
        }
    }
}

#[test]
fn no_unlicensed_instruments() {
    for (name, text) in files("surveys") {
        let lower = text.to_lowercase();
        for banned in ["strengths and difficulties", "wemwbs", "warwick-edinburgh"] {
            assert!(!lower.contains(banned), "{name} mentions {banned}");
        }
    }
}

#[test]
fn rosenberg_reverse_scoring_matches_hand_worked_examples() {
    use yv_core::{Answer, Answers};
    let s = surveys();
    let sec = s.iter().find(|s| s.id == "secondary").unwrap();
    let r = sec.score("rosenberg").expect("secondary has the Rosenberg score");
    assert_eq!(r.range(), (0.0, 30.0));
    // Negatively worded items, by wording (domain notes): 2, 5, 6, 8, 9.
    let reversed: Vec<&str> = r.items.iter().filter(|i| i.reverse).map(|i| i.question.as_str()).collect();
    assert_eq!(reversed, ["rses_2", "rses_5", "rses_6", "rses_8", "rses_9"]);
    let score = |opts: [&str; 10]| {
        let mut a = Answers::default();
        for (i, o) in opts.iter().enumerate() {
            a.set(&format!("rses_{}", i + 1), Answer::Choice((*o).into()));
        }
        r.score(&a)
    };
    let (sa, a, d, sd) = ("strongly_agree", "agree", "disagree", "strongly_disagree");
    assert_eq!(score([sa; 10]), Some(15.0)); // 5 x 3 + 5 x 0
    assert_eq!(score([a; 10]), Some(15.0)); // 5 x 2 + 5 x 1
    assert_eq!(score([sa, sd, sa, sa, sd, sd, sa, sd, sd, sa]), Some(30.0));
    assert_eq!(score([sd, sa, sd, sd, sa, sa, sd, sa, sa, sd]), Some(0.0));
    // 1 SA=3, 2 D->2, 3 A=2, 4 A=2, 5 SD->3, 6 D->2, 7 A=2, 8 D->2, 9 D->2, 10 A=2 = 22
    assert_eq!(score([sa, d, a, a, sd, d, a, d, d, a]), Some(22.0));
    // Rosenberg items use the standard wording.
    let q1 = sec.question("rses_1").unwrap();
    assert_eq!(q1.text.get("en", "en"), "On the whole, I am satisfied with myself.");
}

/// An indicator's label names what it counts in every survey it is measured by: a time period
/// in the label must be the one every measuring question asks about (issue 14: a bullying label
/// said "the past couple of months" where the primary question asks about "the last few weeks"),
/// and the rule for each survey must ask about what the title is about (issue 14: an activities
/// indicator was measured on primary pupils by the parks question).
#[test]
fn labels_say_what_every_measuring_question_asks() {
    let surveys = surveys();
    for (name, text) in files("frameworks") {
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut stack: Vec<&serde_json::Value> = raw["nodes"].as_array().unwrap().iter().collect();
        while let Some(node) = stack.pop() {
            stack.extend(node["children"].as_array().into_iter().flatten());
            for ind in node["indicators"].as_array().into_iter().flatten() {
                let Some(label) = ind["measure"]["label"].as_str() else { continue };
                for rule in ind["measure"]["rules"].as_array().into_iter().flatten() {
                    let Some(q) = rule["question"].as_str() else { continue };
                    for s in &surveys {
                        let Some(question) = s.sections.iter().flat_map(|x| &x.questions).find(|x| x.id == q) else {
                            continue;
                        };
                        let asked = question.text.get("en", "en").to_lowercase();
                        for period in ["past couple of months", "last few weeks", "past year", "last week"] {
                            assert!(
                                !label.to_lowercase().contains(period) || asked.contains(period),
                                "{name}: {}: the label says \"{period}\" but {} asks \"{asked}\"",
                                ind["id"],
                                s.id
                            );
                        }
                    }
                }
                let title = ind["title"].as_str().unwrap_or_default().to_lowercase();
                if title.contains("activities") {
                    let rules = ind["measure"]["rules"].as_array().unwrap();
                    assert!(
                        rules.iter().all(|r| r["question"] != "parks"),
                        "{name}: {}: an activities indicator measured by the parks question",
                        ind["id"]
                    );
                }
            }
        }
    }
}

/// What a vote's items and "You said, we did" entries are about: each plan's top two levels, in
/// the plan's order, each found again by its id.
#[test]
fn every_plan_offers_its_outcomes_and_finds_each_by_id() {
    let lib = yv_core::builtin::library().unwrap();
    for f in &lib.frameworks {
        let outcomes = f.outcomes();
        assert!(!outcomes.is_empty(), "{}", f.id);
        assert_eq!(outcomes[0].0, 0, "{}: the first is a top-level part", f.id);
        for (depth, n) in &outcomes {
            assert!(*depth <= 1);
            assert_eq!(f.node(&n.id).map(|x| &x.title), Some(&n.title), "{}: {}", f.id, n.id);
        }
        assert!(f.node("no-such-outcome").is_none());
    }
}
