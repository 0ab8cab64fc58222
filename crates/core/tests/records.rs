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
    a.set("bullied_where", yv_core::Answer::Choices(vec!["classroom".into()]));
    let good = yv_core::compact::encode(survey, &a).unwrap();
    let at = survey.questions().position(|q| q.id == "bullied_where").unwrap();
    let mut chars: Vec<char> = good.chars().collect();
    // Option 0 (classroom) and option 8 (not_bullied): bits 0 and 8, written as two digits.
    chars[at] = '1';
    chars[at + 1] = '4';
    let combined: String = chars.into_iter().collect();
    assert!(matches!(b.push_code(&combined), Err(yv_core::compact::CompactError::ExclusiveCombined { .. })));
    assert!(b.is_empty());
}
