//! Each broken-file fixture is refused with its own specific problem, naming file and item.

use yv_core::{parse_framework, parse_survey, LoadError, ProblemKind, Survey, MAX_FILE_BYTES};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn survey_err(name: &str) -> LoadError {
    parse_survey(name, &fixture(name)).expect_err("the fixture must be refused")
}

fn mini() -> Survey {
    parse_survey("survey-valid.json", &fixture("survey-valid.json")).expect("valid fixture")
}

fn framework_err(name: &str) -> LoadError {
    let s = mini();
    parse_framework(name, &fixture(name), &[&s]).expect_err("the fixture must be refused")
}

#[test]
fn valid_fixtures_load() {
    let s = mini();
    assert_eq!(s.id, "mini");
    assert_eq!(s.questions().count(), 5);
    let fw = parse_framework("framework-valid.json", &fixture("framework-valid.json"), &[&s]).unwrap();
    assert_eq!(fw.indicators().len(), 4);
}

#[test]
fn duplicate_question_id_is_named() {
    let e = survey_err("survey-duplicate-id.json");
    assert_eq!(e.file, "survey-duplicate-id.json");
    assert!(
        e.problems
            .iter()
            .any(|p| p.item == "question \"safe_school\""
                && p.kind == ProblemKind::DuplicateId { id: "safe_school".into() }),
        "{e}"
    );
    assert!(e.to_string().contains("the id \"safe_school\" is used more than once"), "{e}");
}

#[test]
fn missing_translation_names_option_and_language() {
    let e = survey_err("survey-missing-language.json");
    assert!(
        e.problems.iter().any(|p| p.item == "option set \"frequency3\", option \"sometimes\""
            && p.kind == ProblemKind::MissingTranslation { lang: "ur".into() }),
        "{e}"
    );
    assert_eq!(e.problems.len(), 1, "{e}");
}

#[test]
fn choice_question_without_options() {
    let e = survey_err("survey-choice-no-options.json");
    assert!(e.problems.iter().any(|p| p.item == "question \"safe_school\""
        && p.kind == ProblemKind::NoOptions { kind: "single".into() }), "{e}");
    assert!(e.to_string().contains("question \"safe_school\": a single question needs options"), "{e}");
}

#[test]
fn unknown_format_version() {
    let e = survey_err("survey-unknown-version.json");
    assert_eq!(e.problems.len(), 1);
    assert_eq!(e.problems[0].kind, ProblemKind::UnknownFormatVersion { found: "2".into(), supported: 1 });
    assert!(e.to_string().contains("format version 2 is not supported"), "{e}");
}

#[test]
fn misspelt_field_is_refused_with_its_path() {
    let e = survey_err("survey-unknown-field.json");
    assert_eq!(e.problems[0].item, "sections[0].questions[0].optoins");
    assert!(e.to_string().contains("unknown field `optoins`"), "{e}");
}

#[test]
fn not_json_gives_line_and_column() {
    let e = survey_err("survey-not-json.json");
    assert!(matches!(e.problems[0].kind, ProblemKind::NotJson { line, .. } if line > 1), "{e}");
    assert!(e.to_string().starts_with("survey-not-json.json was not loaded: 1 problem"), "{e}");
}

#[test]
fn too_large_is_refused_before_parsing() {
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(MAX_FILE_BYTES));
    let e = parse_survey("big.json", &big).unwrap_err();
    assert!(matches!(e.problems[0].kind, ProblemKind::TooLarge { max, .. } if max == MAX_FILE_BYTES));
}

#[test]
fn a_framework_is_not_a_survey() {
    let e = parse_survey("framework-valid.json", &fixture("framework-valid.json")).unwrap_err();
    assert!(
        matches!(&e.problems[0].kind, ProblemKind::WrongFormat { expected, .. } if expected == "youth-voice-survey")
    );
}

#[test]
fn rule_with_unknown_question() {
    let e = framework_err("framework-unknown-question.json");
    assert!(
        e.problems.iter().any(|p| p.item == "indicator \"feel-safe\", rule 1"
            && p.kind == ProblemKind::UnknownQuestion { question: "safe_bus".into() }),
        "{e}"
    );
}

#[test]
fn rule_with_unknown_option() {
    let e = framework_err("framework-unknown-option.json");
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(
        e.problems[0].kind,
        ProblemKind::UnknownOption { question: "safe_school".into(), option: "usually".into() }
    );
}

#[test]
fn threshold_outside_score_range() {
    let e = framework_err("framework-threshold-out-of-range.json");
    assert_eq!(e.problems[0].kind, ProblemKind::ThresholdOutOfRange { value: 7.0, min: 0.0, max: 6.0 });
    assert!(e.to_string().contains("the threshold 7 is outside the score's range 0 to 6"), "{e}");
}

#[test]
fn indicator_must_say_why_it_is_not_measured() {
    let e = framework_err("framework-indicator-without-measure.json");
    assert_eq!(e.problems[0].item, "indicator \"infant\"");
    assert_eq!(e.problems[0].kind, ProblemKind::NeitherMeasureNorNotMeasured);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let mut v: serde_json::Value = serde_json::from_str(&fixture("survey-valid.json")).unwrap();
    v["sections"][0]["questions"][1]["id"] = "safe_school".into();
    v["sections"][0]["questions"][2]["text"]["ur"] = "".into();
    v["scores"][0]["items"][0]["question"] = "me_9".into();
    let e = parse_survey("many.json", &v.to_string()).unwrap_err();
    assert_eq!(e.problems.len(), 3, "{e}");
}

#[test]
fn question_with_too_many_options() {
    let mut v: serde_json::Value = serde_json::from_str(&fixture("survey-valid.json")).unwrap();
    let options: Vec<serde_json::Value> =
        (0..65).map(|i| serde_json::json!({ "id": format!("o{i}"), "label": { "en": "x", "ur": "x" } })).collect();
    v["sections"][0]["questions"][0]["options"] = serde_json::Value::Array(options);
    let e = parse_survey("big.json", &v.to_string()).expect_err("65 options are refused");
    assert!(e.problems.iter().any(|p| p.kind == ProblemKind::TooManyOptions { max: 64, count: 65 }), "{e}");
}

fn mini_json() -> serde_json::Value {
    serde_json::from_str(&fixture("survey-valid.json")).unwrap()
}

/// Issue 16: one language listed 2,000 times and 5,000 options without labels used to give
/// about ten million problems (gigabytes of message). Now the list stops at 50 and says so.
#[test]
fn a_repeated_language_and_thousands_of_unlabelled_options_give_a_short_list() {
    let mut v = mini_json();
    let en = v["languages"][0].clone();
    v["languages"] = serde_json::Value::Array(vec![en; 2000]);
    let options: Vec<serde_json::Value> =
        (0..5000).map(|i| serde_json::json!({ "id": format!("o{i}"), "label": {} })).collect();
    v["option_sets"]["frequency3"] = serde_json::Value::Array(options);
    let text = v.to_string();
    assert!(text.len() < MAX_FILE_BYTES);
    let e = parse_survey("flood.json", &text).unwrap_err();
    assert_eq!(e.problems.len(), yv_core::error::MAX_PROBLEMS + 1, "{e}");
    assert_eq!(e.problems.last().unwrap().kind, ProblemKind::MoreProblems { shown: yv_core::error::MAX_PROBLEMS });
    assert_eq!(e.count_text(), "more than 50 problems");
    let message = e.to_string();
    assert!(message.starts_with("flood.json was not loaded: more than 50 problems"), "{message}");
    assert!(message.len() < 10_000, "{} bytes", message.len());
    assert!(e.has(|k| matches!(k, ProblemKind::DuplicateLanguage { lang } if lang == "en")), "{e}");
}

/// Issue 16: an option set's name was never checked and was quoted whole in every problem
/// (a 144 KB file gave a 600 MB message). Names are checked like ids and cut in messages.
#[test]
fn option_set_names_are_checked_and_long_names_are_cut_in_messages() {
    let long = "N".repeat(100_000);
    let mut v = mini_json();
    let set = v["option_sets"]["frequency3"].clone();
    let mut unlabelled = set.clone();
    unlabelled[0]["label"] = serde_json::json!({});
    v["option_sets"][long.as_str()] = unlabelled;
    let e = parse_survey("long.json", &v.to_string()).unwrap_err();
    let message = e.to_string();
    assert!(message.len() < 10_000, "{} bytes", message.len());
    let cut = format!("{}\u{2026}", "N".repeat(63));
    assert!(
        e.problems
            .iter()
            .any(|p| p.item == format!("option set \"{cut}\"") && p.kind == ProblemKind::BadId { id: cut.clone() }),
        "{message}"
    );
    assert!(e.has(|k| matches!(k, ProblemKind::MissingTranslation { .. })), "{message}");
    for bad in ["", "Frequency", "a b", "x\u{202E}", &"a".repeat(65)] {
        let mut v = mini_json();
        v["option_sets"][bad] = set.clone();
        let e = parse_survey("name.json", &v.to_string()).unwrap_err();
        assert!(
            e.problems
                .iter()
                .any(|p| p.item.starts_with("option set \"") && matches!(p.kind, ProblemKind::BadId { .. })),
            "{bad:?}: {e}"
        );
    }
}

/// A name quoted by the JSON reader itself (an unknown kind of question) is cut too.
#[test]
fn a_huge_value_quoted_by_the_json_reader_is_cut() {
    let mut v = mini_json();
    v["sections"][0]["questions"][0]["kind"] = "k".repeat(500_000).into();
    let e = parse_survey("kind.json", &v.to_string()).unwrap_err();
    assert!(e.to_string().len() < 2_000, "{} bytes", e.to_string().len());
    assert!(e.to_string().contains("unknown variant"), "{e}");
}

/// Issue 16: labels of invisible or control characters only show pupils a blank option.
#[test]
fn a_label_with_nothing_visible_is_refused() {
    for blank in ["\u{200B}\u{200D}", "\u{202E}", "\u{FEFF}\u{2066}\u{2069}", "\u{7}\u{1b}", "\u{3164}"] {
        let mut v = mini_json();
        v["option_sets"]["frequency3"][1]["label"]["en"] = blank.into();
        let e = parse_survey("blank.json", &v.to_string()).unwrap_err();
        assert_eq!(e.problems.len(), 1, "{blank:?}: {e}");
        assert_eq!(e.problems[0].item, "option set \"frequency3\", option \"sometimes\"");
        assert_eq!(e.problems[0].kind, ProblemKind::InvisibleText { lang: "en".into() });
        assert!(e.to_string().contains("the \"en\" text has no visible characters"), "{e}");
    }
    // Invisible characters inside visible text (joiners in Urdu, say) are fine.
    let mut v = mini_json();
    v["option_sets"]["frequency3"][1]["label"]["ur"] = "کبھی\u{200C}کبھی".into();
    parse_survey("joined.json", &v.to_string()).unwrap();
}

/// Issue 16: language codes reach `lang` attributes and messages: they must be tags.
#[test]
fn language_codes_must_be_tags() {
    for bad in ["", "e n", "en\u{202E}", "en\n", "-en", &"abcdefgh-".repeat(5)] {
        let mut v = mini_json();
        v["languages"][1]["code"] = bad.into();
        let e = parse_survey("lang.json", &v.to_string()).unwrap_err();
        assert!(e.problems.iter().any(|p| matches!(&p.kind, ProblemKind::BadLanguageCode { .. })), "{bad:?}: {e}");
        assert!(e.to_string().contains("is not a language tag"), "{e}");
    }
    let mut v = mini_json();
    v["languages"][1]["name"] = "\u{200B}".into();
    let e = parse_survey("name.json", &v.to_string()).unwrap_err();
    assert!(
        e.problems
            .iter()
            .any(|p| p.item == "language \"ur\"" && p.kind == ProblemKind::EmptyField { field: "name".into() }),
        "{e}"
    );
}

/// The same caps for frameworks: thousands of broken indicators with long ids give a short list.
#[test]
fn a_framework_with_thousands_of_problems_gives_a_short_list() {
    let s = mini();
    let mut v: serde_json::Value = serde_json::from_str(&fixture("framework-valid.json")).unwrap();
    let indicators: Vec<serde_json::Value> =
        (0..3000).map(|i| serde_json::json!({ "id": format!("{i}{}", "X".repeat(200)), "title": "" })).collect();
    v["nodes"][0]["indicators"] = serde_json::Value::Array(indicators);
    let e = parse_framework("flood.json", &v.to_string(), &[&s]).unwrap_err();
    assert_eq!(e.problems.len(), yv_core::error::MAX_PROBLEMS + 1, "{e}");
    assert!(matches!(e.problems.last().unwrap().kind, ProblemKind::MoreProblems { .. }));
    assert!(e.to_string().len() < 15_000, "{} bytes", e.to_string().len());
}

/// A valid survey of `scores` scores written without their `max_missing` (default 0), which
/// its stored copy writes out: about 14% larger once stored.
fn survey_with_scores(scores: usize) -> String {
    let mut v = mini_json();
    let list: Vec<serde_json::Value> = (0..scores)
        .map(|i| {
            serde_json::json!({
                "id": format!("s{i}"),
                "label": { "en": "x", "ur": "x" },
                "items": [{ "question": "safe_school" }],
                "values": { "always": 2, "sometimes": 1, "never": 0 }
            })
        })
        .collect();
    v["scores"] = serde_json::Value::Array(list);
    v.to_string()
}

/// Issue 16: a survey of 1,037,411 bytes loaded, but its stored copy (defaults written out) was
/// 1,234,707 bytes and refused at the next start, so the survey vanished. Now the stored form is
/// held to the same limit when the file is loaded, and whatever loads reads back.
#[test]
fn a_file_whose_stored_copy_would_be_too_large_is_refused_at_load() {
    let cat = yv_core::catalogue::Catalogue::new(yv_core::builtin::library().unwrap());
    let text = survey_with_scores(8_300);
    assert!(text.len() < MAX_FILE_BYTES, "{}", text.len());
    parse_survey("big.json", &text).expect("valid as a file");
    let e = cat.check_file("big.json", &text).unwrap_err();
    assert!(
        matches!(e.problems[0].kind, ProblemKind::StoredTooLarge { stored, max } if stored > max && max == MAX_FILE_BYTES),
        "{e}"
    );
    assert!(e.to_string().contains("the largest that can be stored is 1048576 bytes"), "{e}");
    // Just under the limit once stored: loads, and its stored copy loads again.
    let text = survey_with_scores(7_000);
    let yv_core::catalogue::Loaded::Survey(s) = cat.check_file("ok.json", &text).unwrap() else { panic!("a survey") };
    let stored = serde_json::to_string(&s).unwrap();
    assert_eq!(stored.len(), yv_core::catalogue::stored_bytes(&s));
    assert!(stored.len() > text.len() && stored.len() <= MAX_FILE_BYTES, "{} {}", text.len(), stored.len());
    cat.check_file("stored", &stored).expect("what loads is readable at the next start");
}
