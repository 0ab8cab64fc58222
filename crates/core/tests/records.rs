//! Stored response records: schema 2 (compact) round-trips every answer of the shipped surveys
//! within the size budget, schema 1 records written before many tablets still read, and
//! records from a newer app or another survey version are refused by name, never misread.

use yv_core::builtin::library;
use yv_core::envelope::{decode_record, encode_record, RecordError, Session, StoredResponse, COMPACT_SCHEMA};

fn session(survey: &yv_core::Survey) -> Session {
    Session {
        id: "5f0c7a3e-1b2d-4c5e-8f9a-0b1c2d3e4f5a".into(),
        survey: survey.id.clone(),
        survey_version: survey.version.clone(),
        framework: "calderdale".into(),
        group: "Year 8".into(),
        started: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        idle_seconds: 120,
        left_out: Vec::new(),
        auto_advance: true,
        seal: None,
    }
}

#[test]
fn compact_records_round_trip_within_250_bytes_with_their_key() {
    let lib = library().unwrap();
    for survey in &lib.surveys {
        let s = session(survey);
        for (i, a) in yv_core::synthetic::responses(survey, 500, 7).into_iter().enumerate() {
            let id = format!("7b1e9a40-2c3d-4e5f-8a9b-{:012}", i);
            let r = StoredResponse::new(&s, id.clone(), s.started, a);
            let text = encode_record(survey, &r).unwrap();
            let key = format!("yv:r:{}:{}", s.id, id);
            assert!(key.len() + text.len() <= 250, "{} bytes: {text}", key.len() + text.len());
            let back = decode_record(&text, &s.id, &id, survey).unwrap();
            assert!(yv_core::bundle::same_response(&back, &r), "{survey:?} {i}", survey = survey.id);
        }
    }
}

#[test]
fn schema_1_records_still_read() {
    let lib = library().unwrap();
    let survey = lib.survey("secondary").unwrap();
    let s = session(survey);
    let a = yv_core::synthetic::responses(survey, 1, 3).remove(0);
    let r = StoredResponse::new(&s, "old-1".into(), s.started, a);
    let old = serde_json::to_string(&r).unwrap();
    assert!(old.starts_with("{\"v\":1"));
    assert_eq!(decode_record(&old, &s.id, "old-1", survey).unwrap(), r);
}

#[test]
fn records_from_a_newer_app_or_another_survey_are_refused() {
    let lib = library().unwrap();
    let (primary, secondary) = (lib.survey("primary").unwrap(), lib.survey("secondary").unwrap());
    let s = session(secondary);
    let r = StoredResponse::new(&s, "x".into(), s.started, yv_core::Answers::default());
    let text = encode_record(secondary, &r).unwrap();
    assert!(text.starts_with(&format!("{{\"v\":{COMPACT_SCHEMA}")));
    let future = text.replacen("\"v\":2", "\"v\":999", 1);
    assert_eq!(decode_record(&future, &s.id, "x", secondary), Err(RecordError::UnknownSchema(999)));
    assert!(matches!(decode_record(&text, &s.id, "x", primary), Err(RecordError::UnknownSurvey { .. })));
    assert!(matches!(decode_record("not json", &s.id, "x", secondary), Err(RecordError::NotARecord(_))));
    assert!(encode_record(primary, &r).is_err(), "a record is written only against its own survey");
    let bad = text.replacen("\"c\":\"", "\"c\":\"!", 1);
    assert!(matches!(decode_record(&bad, &s.id, "x", secondary), Err(RecordError::Undecodable(_))));
}

#[test]
fn compact_codes_go_straight_into_the_same_columns_as_answers() {
    let lib = library().unwrap();
    for survey in &lib.surveys {
        let rs = yv_core::synthetic::responses(survey, 400, 11);
        let refs: Vec<&yv_core::Answers> = rs.iter().collect();
        let from_answers = yv_core::results::Dataset::new(survey, &refs);
        let mut b = yv_core::results::DatasetBuilder::new(survey, rs.len());
        for a in &rs {
            b.push_code(&yv_core::compact::encode(survey, a).unwrap()).unwrap();
        }
        assert_eq!(b.finish(), from_answers, "{}", survey.id);
    }
}

#[test]
fn a_code_that_does_not_fit_adds_nothing() {
    let lib = library().unwrap();
    let survey = lib.survey("secondary").unwrap();
    let mut b = yv_core::results::DatasetBuilder::new(survey, 0);
    for bad in ["", "..", "!", &"z".repeat(80), &".".repeat(200)] {
        assert!(b.push_code(bad).is_err(), "{bad:?}");
    }
    // "I haven't been bullied" ticked together with "in the classroom": refused, as
    // `check_answers` refuses it, instead of being counted.
    let mut a = yv_core::Answers::default();
    a.set("bullied", yv_core::Answer::Choice("weekly".into()));
    a.set("bullied_where", yv_core::Answer::Choices(vec!["classroom".into()]));
    let good = yv_core::compact::encode(survey, &a).unwrap();
    assert!(yv_core::results::DatasetBuilder::new(survey, 0).push_code(&good).is_ok());
    let at = survey.questions().position(|q| q.id == "bullied_where").unwrap();
    let mut chars: Vec<char> = good.chars().collect();
    // Option 0 (classroom) and option 8 (not_bullied): bits 0 and 8, written as two digits.
    chars[at] = '1';
    chars[at + 1] = '4';
    let combined: String = chars.into_iter().collect();
    assert!(matches!(b.push_code(&combined), Err(yv_core::compact::CompactError::ExclusiveCombined { .. })));
    assert!(b.is_empty());
}

mod one_pass {
    use proptest::prelude::*;
    use yv_core::compact::{decode, decode_checked, encode, DecodeProblem, DIGITS};
    use yv_core::{check_answers, Survey};

    /// A survey with every kind of question, free text on and short, and an exclusive option.
    fn survey() -> &'static Survey {
        static S: std::sync::OnceLock<Survey> = std::sync::OnceLock::new();
        S.get_or_init(make)
    }

    fn make() -> Survey {
        let mut s = yv_core::builtin::library().unwrap().surveys.into_iter().find(|s| s.id == "secondary").unwrap();
        for q in s.sections.iter_mut().flat_map(|sec| sec.questions.iter_mut()) {
            if q.kind == yv_core::QuestionKind::Text {
                q.enabled = true;
                q.max_length = Some(5);
            }
        }
        s
    }

    fn char_strategy() -> impl Strategy<Value = char> {
        prop_oneof![
            8 => prop::sample::select(DIGITS.iter().map(|&b| char::from(b)).collect::<Vec<_>>()),
            2 => Just('.'),
            1 => Just('~'),
            1 => prop::sample::select(vec![':', '1', '9', 'é']),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Decoding and checking in one pass gives the same verdict and the same answers as
        /// decoding, then checking, for valid codes, damaged ones and noise; and for answers to
        /// a question the pupil was not shown (`bullied_where` follows `bullied` unless they
        /// were not bullied), which `where_` sometimes forces in.
        #[test]
        fn decode_checked_agrees_with_decode_then_check(
            seed in 0u64..1000,
            edits in prop::collection::vec((0usize..60, char_strategy()), 0..3),
            tail in prop::collection::vec(char_strategy(), 0..8),
            where_ in prop::option::weighted(0.3, 0u64..512),
        ) {
            let s = survey();
            let mut a = yv_core::synthetic::responses(s, 1, seed).remove(0);
            if let Some(mask) = where_ {
                let q = s.question("bullied_where").unwrap();
                let chosen = s.options(q).iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1);
                a.set("bullied_where", yv_core::Answer::Choices(chosen.map(|(_, c)| c.id.clone()).collect()));
            }
            let mut code: Vec<char> = encode(s, &a).unwrap().chars().collect();
            for (at, c) in edits {
                if at < code.len() { code[at] = c; }
            }
            code.extend(tail);
            let code: String = code.into_iter().collect();
            let two = decode(s, &code).map_err(DecodeProblem::Code).and_then(|a| {
                check_answers(s, &a).map_err(DecodeProblem::Fit).map(|()| a)
            });
            let one = decode_checked(s, &code);
            prop_assert_eq!(one.is_ok(), two.is_ok(), "{:?} vs {:?} for {}", one, two, code);
            if let (Ok(x), Ok(y)) = (one, two) {
                prop_assert_eq!(x, y);
            }
        }
    }
}

/// Issue 16: a response of a record schema from the future (999) was counted and carried as
/// if it were today's. It is left out and named, by the results and by a bundle.
#[test]
fn a_response_of_a_future_schema_is_left_out_and_named() {
    let lib = library().unwrap();
    let survey = lib.survey("secondary").unwrap();
    let s = session(survey);
    let rs = yv_core::synthetic::responses(survey, 2, 5);
    let today = StoredResponse::new(&s, "today".into(), s.started, rs[0].clone());
    let mut future = StoredResponse::new(&s, "future".into(), s.started, rs[1].clone());
    future.schema = 999;

    let mut g = yv_core::envelope::Gathering::new(&s, survey);
    g.add(today.clone());
    g.add(future.clone());
    let done = g.finish();
    assert_eq!(done.dataset.len(), 1);
    assert!(done.problems.iter().any(|p| p.contains("newer version") && p.contains("999")), "{:?}", done.problems);

    let held = [today.into(), future.into()];
    let made = yv_core::bundle::make_bundle(survey, std::slice::from_ref(&s), &held);
    assert_eq!(made.bundle.record_count, 1);
    assert_eq!(made.left_out.len(), 1, "{:?}", made.left_out);
    assert!(made.left_out[0].starts_with("response \"future\" was left out: it was written by a newer version"));
}
