//! The pupil's way through a survey: skip, back, multiple choice, left-out questions.

use yv_core::flow::{toggle_choice, Flow};
use yv_core::{parse_survey, Answer, Survey};

fn mini() -> Survey {
    let text =
        std::fs::read_to_string(format!("{}/tests/fixtures/survey-valid.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    parse_survey("survey-valid.json", &text).unwrap()
}

#[test]
fn skipping_every_question_reaches_the_end_with_no_answers() {
    let s = mini();
    let mut f = Flow::new(&s, &[]);
    assert_eq!(f.position(), (1, 5));
    while !f.is_at_end() {
        f.skip();
    }
    assert!(f.answers.is_empty());
    assert_eq!(f.percent_done(), 100);
}

#[test]
fn back_keeps_answers_and_skip_forgets_them() {
    let s = mini();
    let mut f = Flow::new(&s, &[]);
    assert!(!f.can_go_back());
    f.answer(Answer::Choice("always".into()));
    f.next();
    f.answer(Answer::Rating(9));
    f.back();
    assert_eq!(f.current_answer(), Some(&Answer::Choice("always".into())));
    f.next();
    assert_eq!(f.current_answer(), Some(&Answer::Rating(9)));
    f.skip();
    assert_eq!(f.answered(), 1, "the skipped rating is forgotten");
}

#[test]
fn a_flow_survives_a_reload_as_json() {
    let s = mini();
    let mut f = Flow::new(&s, &[]);
    f.answer(Answer::Choice("never".into()));
    f.next();
    let back: Flow = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
    assert_eq!(back, f);
    assert_eq!(back.current_id(), Some("happy"));
}

#[test]
fn exclusive_options_clear_the_others() {
    let text =
        std::fs::read_to_string(format!("{}/tests/fixtures/survey-valid.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["sections"][0]["questions"][0] = serde_json::json!({
    "id": "clubs", "kind": "multiple", "text": {"en": "Clubs?", "ur": "کلب؟"},
    "options": [
        {"id": "sport", "label": {"en": "Sport", "ur": "کھیل"}},
        {"id": "music", "label": {"en": "Music", "ur": "موسیقی"}},
        {"id": "none", "label": {"en": "None", "ur": "کوئی نہیں"}, "exclusive": true}
    ]});
    let s = parse_survey("m.json", &v.to_string()).unwrap();
    let q = s.question("clubs").unwrap();
    let a = toggle_choice(&s, q, &[], "music");
    let a = toggle_choice(&s, q, &a, "sport");
    assert_eq!(a, ["sport", "music"], "survey order");
    let b = toggle_choice(&s, q, &a, "none");
    assert_eq!(b, ["none"]);
    let c = toggle_choice(&s, q, &b, "music");
    assert_eq!(c, ["music"]);
    assert!(toggle_choice(&s, q, &c, "music").is_empty());
}

#[test]
fn optional_questions_can_be_left_out() {
    let text =
        std::fs::read_to_string(format!("{}/tests/fixtures/survey-valid.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["sections"][0]["questions"][4]["optional"] = true.into();
    let s = parse_survey("o.json", &v.to_string()).unwrap();
    assert_eq!(Flow::new(&s, &["gender".into()]).questions.len(), 4);
    assert_eq!(Flow::new(&s, &[]).questions.len(), 5);
    // Only optional questions can be left out.
    assert_eq!(Flow::new(&s, &["happy".into()]).questions.len(), 5);
}
