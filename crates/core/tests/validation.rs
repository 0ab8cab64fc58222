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
