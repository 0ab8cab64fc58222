//! Scores, rules and indicator evaluation on the small fixture survey.

use yv_core::{evaluate, parse_framework, parse_survey, Answer, Answers, Evaluation, Survey};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn mini() -> Survey {
    parse_survey("survey-valid.json", &fixture("survey-valid.json")).unwrap()
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    let mut a = Answers::default();
    for (q, v) in pairs {
        a.set(q, v.clone());
    }
    a
}

fn c(o: &str) -> Answer {
    Answer::Choice(o.into())
}

#[test]
fn reverse_scored_item_counts_backwards() {
    let s = mini();
    let me = s.score("me").unwrap();
    assert_eq!(me.range(), (0.0, 6.0));
    // strongly agree with the positive item (3) and strongly disagree with the negative one (3).
    assert_eq!(me.score(&answers(&[("me_1", c("strongly_agree")), ("me_2", c("strongly_disagree"))])), Some(6.0));
    // agree (2) + agree with a negative item (3 - 2 = 1).
    assert_eq!(me.score(&answers(&[("me_1", c("agree")), ("me_2", c("agree"))])), Some(3.0));
    // a skipped item with max_missing 0 gives no score.
    assert_eq!(me.score(&answers(&[("me_1", c("agree"))])), None);
}

#[test]
fn indicators_count_base_and_positive() {
    let s = mini();
    let fw = parse_framework("f.json", &fixture("framework-valid.json"), &[&s]).unwrap();
    let inds = fw.indicators();
    let rs = [
        answers(&[("safe_school", c("always")), ("happy", Answer::Rating(8))]),
        answers(&[("safe_school", c("sometimes")), ("happy", Answer::Rating(6))]),
        answers(&[("happy", Answer::Rating(7))]),
        answers(&[]),
    ];
    assert_eq!(evaluate(inds[0].1, &s, &rs), Evaluation::Counts { base: 2, positive: 1 });
    assert_eq!(evaluate(inds[1].1, &s, &rs), Evaluation::Counts { base: 3, positive: 2 });
    assert_eq!(evaluate(inds[2].1, &s, &rs), Evaluation::Counts { base: 0, positive: 0 });
    assert_eq!(evaluate(inds[3].1, &s, &rs), Evaluation::NotMeasured);
}

#[test]
fn prefer_not_to_say_is_outside_the_base() {
    let s = mini();
    let rule = yv_core::Rule::Answer { question: "gender".into(), positive: vec!["girl".into()] };
    assert_eq!(rule.classify(&s, &answers(&[("gender", c("prefer_not"))])), None);
    assert_eq!(rule.classify(&s, &answers(&[("gender", c("boy"))])), Some(false));
    assert_eq!(rule.classify(&s, &answers(&[("gender", c("girl"))])), Some(true));
}

#[test]
fn answers_are_stored_compactly() {
    let a = answers(&[
        ("safe_school", c("always")),
        ("happy", Answer::Rating(7)),
        ("w", Answer::Choices(vec!["a".into()])),
    ]);
    assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"happy":{"r":7},"safe_school":{"c":"always"},"w":{"m":["a"]}}"#);
}

#[test]
fn check_answers_refuses_what_the_survey_cannot_hold() {
    let s = mini();
    assert!(yv_core::check_answers(&s, &answers(&[("safe_school", c("always"))])).is_ok());
    let e = yv_core::check_answers(&s, &answers(&[("safe_school", c("usually"))])).unwrap_err();
    assert_eq!(e.to_string(), "question \"safe_school\" has no option \"usually\"");
    let e = yv_core::check_answers(&s, &answers(&[("happy", Answer::Rating(11))])).unwrap_err();
    assert_eq!(e.to_string(), "question \"happy\": 11 is outside 0 to 10");
    assert!(yv_core::check_answers(&s, &answers(&[("nope", c("x"))])).is_err());
    assert!(yv_core::check_answers(&s, &answers(&[("happy", c("x"))])).is_err());
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn arb_answers() -> impl Strategy<Value = Answers> {
        let agree = prop::sample::select(vec!["strongly_agree", "agree", "disagree", "strongly_disagree"]);
        let freq = prop::sample::select(vec!["always", "sometimes", "never"]);
        (prop::option::of(agree.clone()), prop::option::of(agree), prop::option::of(freq), prop::option::of(0u8..=10))
            .prop_map(|(a, b, f, r)| {
                let mut x = Answers::default();
                if let Some(a) = a {
                    x.set("me_1", c(a));
                }
                if let Some(b) = b {
                    x.set("me_2", c(b));
                }
                if let Some(f) = f {
                    x.set("safe_school", c(f));
                }
                if let Some(r) = r {
                    x.set("happy", Answer::Rating(r));
                }
                x
            })
    }

    proptest! {
        #[test]
        fn score_stays_in_range(a in arb_answers()) {
            let s = mini();
            let me = s.score("me").unwrap();
            if let Some(v) = me.score(&a) {
                prop_assert!((0.0..=6.0).contains(&v));
            }
            prop_assert!(yv_core::check_answers(&s, &a).is_ok());
        }

        #[test]
        fn positive_never_exceeds_base(rs in prop::collection::vec(arb_answers(), 0..40)) {
            let s = mini();
            let fw = parse_framework("f.json", &fixture("framework-valid.json"), &[&s]).unwrap();
            for (_, ind) in fw.indicators() {
                if let Evaluation::Counts { base, positive } = evaluate(ind, &s, &rs) {
                    prop_assert!(positive <= base);
                    prop_assert!(base as usize <= rs.len());
                }
            }
        }

        #[test]
        fn answers_round_trip_through_json(a in arb_answers()) {
            let back: Answers = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
            prop_assert_eq!(back, a);
        }
    }
}
