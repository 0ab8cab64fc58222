//! Skip logic (`show_if`): refused where it cannot work, followed by the pupil's flow, enforced
//! alike by every reader of answers, and invisible to results beyond a smaller base.

use proptest::prelude::*;
use yv_core::compact::{decode_checked, encode, CompactError, DecodeProblem};
use yv_core::flow::{Flow, Progress};
use yv_core::results::{session_results, DatasetBuilder, Outcome, Threshold};
use yv_core::{check_answers, parse_framework, parse_survey, Answer, AnswerError, Answers, ProblemKind, Survey};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `survey-show-if.json`: bullied -> bullied_where (not "never") -> online_who (any "online");
/// young_carer (optional) -> care_hours; clubs -> clubs_fun (not "none"); bullied -> say_more
/// (free text, any "often"); then gender (breakdown) and happy, always shown.
fn skippy() -> Survey {
    parse_survey("survey-show-if.json", &fixture("survey-show-if.json")).expect("valid fixture")
}

fn choice(o: &str) -> Answer {
    Answer::Choice(o.into())
}

fn choices(os: &[&str]) -> Answer {
    Answer::Choices(os.iter().map(|o| o.to_string()).collect())
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    let mut a = Answers::default();
    for (q, ans) in pairs {
        a.set(q, ans.clone());
    }
    a
}

mod validation {
    use super::*;

    /// The one problem a refused fixture has: its item and its message.
    fn refused(name: &str) -> (String, ProblemKind, String) {
        let e = parse_survey(name, &fixture(name)).expect_err("the fixture must be refused");
        assert_eq!(e.file, name);
        assert_eq!(e.problems.len(), 1, "{e}");
        let p = &e.problems[0];
        (p.item.clone(), p.kind.clone(), p.to_string())
    }

    #[test]
    fn each_refusal_names_the_question_and_says_why() {
        let unknown_option = ProblemKind::UnknownOption { question: "safe_school".into(), option: "usually".into() };
        let rating =
            ProblemKind::WrongQuestionKind { question: "happy".into(), kind: "rating".into(), what: "show_if".into() };
        let text =
            ProblemKind::WrongQuestionKind { question: "say_more".into(), kind: "text".into(), what: "show_if".into() };
        let cases: [(&str, &str, ProblemKind, &str); 12] = [
            (
                "survey-show-if-unknown-question.json",
                "happy",
                ProblemKind::UnknownQuestion { question: "safe_scool".into() },
                "there is no question \"safe_scool\"",
            ),
            (
                "survey-show-if-later-question.json",
                "happy",
                ProblemKind::ShowIfNotEarlier { question: "gender".into() },
                "question \"gender\" does not come before this one; a question can only depend on an earlier answer",
            ),
            (
                "survey-show-if-itself.json",
                "safe_school",
                ProblemKind::ShowIfNotEarlier { question: "safe_school".into() },
                "question \"safe_school\" does not come before this one",
            ),
            (
                "survey-show-if-unknown-option.json",
                "happy",
                unknown_option,
                "question \"safe_school\" has no option \"usually\"",
            ),
            (
                "survey-show-if-empty-list.json",
                "happy",
                ProblemKind::ShowIfNoOptions { field: "any".into() },
                "show_if \"any\" lists no options",
            ),
            (
                "survey-show-if-any-and-not.json",
                "happy",
                ProblemKind::ShowIfAnyAndNot,
                "show_if needs either \"any\" or \"not\", not both",
            ),
            (
                "survey-show-if-neither.json",
                "happy",
                ProblemKind::ShowIfNeitherAnyNorNot,
                "show_if needs \"any\" (shown if one of these options was chosen) or \"not\"",
            ),
            (
                "survey-show-if-never-shown.json",
                "happy",
                ProblemKind::ShowIfNeverShown { question: "safe_school".into() },
                "\"not\" lists every option of question \"safe_school\", so this question would never be shown",
            ),
            (
                "survey-show-if-rating-source.json",
                "happy_why",
                rating,
                "question \"happy\" is a rating question, which a show_if cannot use",
            ),
            (
                "survey-show-if-text-source.json",
                "happy",
                text,
                "question \"say_more\" is a text question, which a show_if cannot use",
            ),
            (
                "survey-show-if-breakdown.json",
                "gender",
                ProblemKind::ShowIfOnBreakdown,
                "a breakdown question cannot have show_if: results are broken down by it, so every pupil must be asked it",
            ),
            (
                "survey-show-if-score-item.json",
                "me_2",
                ProblemKind::ShowIfOnScoreItem { score: "me".into() },
                "an item of score \"me\" cannot have show_if: every pupil must be asked every item of a score",
            ),
        ];
        for (file, question, kind, words) in cases {
            let (item, found, message) = refused(file);
            assert_eq!(item, format!("question \"{question}\" show_if"), "{file}");
            assert_eq!(found, kind, "{file}");
            assert!(message.starts_with(&format!("question \"{question}\" show_if: ")), "{file}: {message}");
            assert!(message.contains(words), "{file}: {message}");
        }
    }

    #[test]
    fn the_valid_fixture_and_the_shipped_surveys_load_with_their_skip_logic() {
        let s = skippy();
        assert_eq!(s.questions().filter(|q| q.show_if.is_some()).count(), 5);
        let lib = yv_core::builtin::library().unwrap();
        let where_ = lib.survey("secondary").unwrap().question("bullied_where").unwrap();
        let c = where_.show_if.as_ref().expect("bullied_where follows bullied");
        assert_eq!(
            (c.question.as_str(), c.any.as_ref(), c.not.as_deref()),
            ("bullied", None, Some(&["not_bullied".to_string()][..]))
        );
    }

    #[test]
    fn a_survey_without_skip_logic_hashes_as_before() {
        // `show_if` is left out when absent, so surveys without it keep their content hash.
        let s = parse_survey("survey-valid.json", &fixture("survey-valid.json")).unwrap();
        assert!(!serde_json::to_string(&s).unwrap().contains("show_if"));
    }
}

mod flow {
    use super::*;

    fn walk_ids(f: &Flow) -> Option<String> {
        f.current_id().map(str::to_string)
    }

    #[test]
    fn hidden_questions_are_passed_over_by_next_skip_and_back() {
        let s = skippy();
        let mut f = Flow::new(&s, &[]);
        assert_eq!(f.current_id(), Some("bullied"));
        f.answer(choice("never"));
        f.next();
        assert_eq!(f.current_id(), Some("young_carer"), "bullied_where and online_who are hidden");
        f.back();
        assert_eq!(f.current_id(), Some("bullied"), "back passes over them too");
        f.answer(choice("sometimes"));
        f.next();
        assert_eq!(f.current_id(), Some("bullied_where"));
        f.answer(choices(&["classroom"]));
        f.next();
        assert_eq!(f.current_id(), Some("young_carer"), "online_who needs \"online\"");
        f.skip();
        assert_eq!(f.current_id(), Some("clubs"), "a skipped source hides care_hours");
        f.back();
        f.answer(choice("yes"));
        f.next();
        assert_eq!(f.current_id(), Some("care_hours"));
    }

    #[test]
    fn progress_counts_only_the_questions_shown_and_says_when_it_is_about() {
        let s = skippy();
        let mut f = Flow::new(&s, &[]);
        // Five questions depend on answers not given yet: counted in, but not exact.
        assert_eq!(f.progress(), Progress { n: 1, total: 10, exact: false });
        f.answer(choice("never"));
        assert_eq!(f.progress(), Progress { n: 1, total: 7, exact: false }, "three follow bullied");
        assert_eq!(f.position(), (1, 7));
        f.next();
        f.skip();
        assert_eq!(f.current_id(), Some("clubs"));
        assert_eq!(f.progress(), Progress { n: 3, total: 6, exact: false }, "care_hours is gone");
        f.answer(choices(&["none"]));
        assert_eq!(f.progress(), Progress { n: 3, total: 5, exact: true });
        assert_eq!(f.percent_done(), 40);
        f.answer(choices(&["music"]));
        assert_eq!(f.progress(), Progress { n: 3, total: 6, exact: true });
        while !f.is_at_end() {
            f.next();
        }
        assert_eq!(f.progress(), Progress { n: 6, total: 6, exact: true });
        assert_eq!(f.percent_done(), 100);
    }

    #[test]
    fn every_screen_is_counted_once_whatever_the_answers() {
        let s = skippy();
        for (bullied, clubs) in [("never", "none"), ("sometimes", "sport"), ("often", "music")] {
            let mut f = Flow::new(&s, &[]);
            let mut screens = Vec::new();
            while let Some(id) = walk_ids(&f) {
                let p = f.progress();
                screens.push(id.clone());
                assert_eq!(p.n, screens.len(), "{id}");
                match id.as_str() {
                    "bullied" => f.answer(choice(bullied)),
                    "bullied_where" => f.answer(choices(&["online"])),
                    "clubs" => f.answer(choices(&[clubs])),
                    "young_carer" => f.answer(choice("no")),
                    _ => {}
                }
                f.next();
            }
            assert_eq!(f.progress().total, screens.len(), "{screens:?}");
            assert!(f.progress().exact);
        }
    }

    #[test]
    fn changing_an_answer_drops_the_answers_it_hides() {
        let s = skippy();
        let mut f = Flow::new(&s, &[]);
        f.answer(choice("often"));
        f.next();
        f.answer(choices(&["online"]));
        f.next();
        assert_eq!(f.current_id(), Some("online_who"));
        f.answer(choice("known"));
        f.next();
        assert_eq!(f.answered(), 3);
        f.back();
        f.back();
        f.back();
        assert_eq!(f.current_id(), Some("bullied"));
        f.answer(choice("never"));
        // bullied_where is hidden now, and so is online_who, which follows it.
        assert_eq!(f.answers, answers(&[("bullied", choice("never"))]));
        assert_eq!(f.answers_to_save(), f.answers);
        check_answers(&s, &f.answers_to_save()).unwrap();
    }

    #[test]
    fn answers_to_save_leave_out_hidden_questions_even_after_direct_changes() {
        let s = skippy();
        let mut f = Flow::new(&s, &[]);
        f.answer(choice("sometimes"));
        f.next();
        f.answer(choices(&["classroom"]));
        f.back();
        // The pupil screen once cleared answers directly; what is saved still fits the survey.
        f.answers.clear("bullied");
        assert!(f.answers.get("bullied_where").is_some());
        assert_eq!(f.answers_to_save(), Answers::default());
        f.answers.set("bullied", choice("sometimes"));
        f.clear_answer();
        assert_eq!(f.answers, Answers::default(), "clear_answer drops what it hides");
    }

    #[test]
    fn a_left_out_source_hides_its_questions() {
        let s = skippy();
        let mut f = Flow::new(&s, &["young_carer".into()]);
        assert!(f.questions.iter().any(|q| q.id == "care_hours"), "still listed, never shown");
        f.answer(choice("never"));
        f.next();
        assert_eq!(f.current_id(), Some("clubs"));
        assert_eq!(f.progress(), Progress { n: 2, total: 5, exact: false });
    }

    #[test]
    fn the_first_question_may_be_hidden() {
        let mut v: serde_json::Value = serde_json::from_str(&fixture("survey-show-if.json")).unwrap();
        v["sections"][0]["questions"][0]["optional"] = true.into();
        let s = parse_survey("o.json", &v.to_string()).unwrap();
        let mut f = Flow::new(&s, &["bullied".into()]);
        assert_eq!(f.current_id(), Some("young_carer"));
        assert!(!f.can_go_back());
        assert_eq!(f.progress(), Progress { n: 1, total: 6, exact: false });
        f.back();
        assert_eq!(f.current_id(), Some("young_carer"));
    }

    #[test]
    fn skipping_everything_reaches_the_end_past_hidden_questions() {
        let s = skippy();
        let mut f = Flow::new(&s, &[]);
        let mut screens = 0;
        while !f.is_at_end() {
            f.skip();
            screens += 1;
        }
        assert_eq!(screens, 5, "bullied, young_carer, clubs, gender, happy");
        assert_eq!(f.position(), (5, 5));
        assert!(f.answers.is_empty());
        f.back();
        assert_eq!(f.current_id(), Some("happy"));
    }

    #[test]
    fn a_saved_flow_reads_back_and_one_saved_before_skip_logic_still_reads() {
        let s = skippy();
        let mut f = Flow::new(&s, &[]);
        f.answer(choice("often"));
        f.next();
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.starts_with("{\"questions\":[\"bullied\",{\"id\":\"bullied_where\",\"show_if\":"), "{json}");
        let back: Flow = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        let old: Flow = serde_json::from_str(r#"{"questions":["a","b"],"index":1,"answers":{"a":{"c":"x"}}}"#).unwrap();
        assert_eq!(old.current_id(), Some("b"));
        assert!(old.questions.iter().all(|q| q.show_if.is_none()));
    }
}

mod answers {
    use super::*;

    fn not_shown(q: &str, depends_on: &str) -> AnswerError {
        AnswerError::NotShown { question: q.into(), depends_on: depends_on.into() }
    }

    /// The verdicts of `check_answers`, `decode_checked` and the results' column reader.
    fn verdicts(
        s: &Survey,
        a: &Answers,
    ) -> (Result<(), AnswerError>, Result<Answers, DecodeProblem>, Result<(), CompactError>) {
        let code = encode(s, a).unwrap();
        let mut b = DatasetBuilder::new(s, 1);
        (check_answers(s, a), decode_checked(s, &code), b.push_code(&code))
    }

    #[test]
    fn an_answer_to_a_hidden_question_is_refused_by_every_reader() {
        let s = skippy();
        let cases = [
            (
                vec![("bullied", choice("never")), ("bullied_where", choices(&["classroom"]))],
                Some(("bullied_where", "bullied")),
            ),
            (vec![("bullied_where", choices(&["classroom"]))], Some(("bullied_where", "bullied"))),
            (vec![("bullied", choice("sometimes")), ("bullied_where", choices(&["classroom"]))], None),
            (
                vec![
                    ("bullied", choice("sometimes")),
                    ("bullied_where", choices(&["classroom"])),
                    ("online_who", choice("known")),
                ],
                Some(("online_who", "bullied_where")),
            ),
            (
                vec![
                    ("bullied", choice("often")),
                    ("bullied_where", choices(&["classroom", "online"])),
                    ("online_who", choice("known")),
                ],
                None,
            ),
            (vec![("clubs", choices(&["sport"])), ("clubs_fun", choice("agree"))], None),
            (vec![("clubs", choices(&["none"])), ("clubs_fun", choice("agree"))], Some(("clubs_fun", "clubs"))),
            (vec![("clubs", choices(&[])), ("clubs_fun", choice("agree"))], Some(("clubs_fun", "clubs"))),
            (vec![("clubs_fun", choice("agree"))], Some(("clubs_fun", "clubs"))),
            (
                vec![("bullied", choice("sometimes")), ("say_more", Answer::Text("hi".into()))],
                Some(("say_more", "bullied")),
            ),
            (vec![("bullied", choice("often")), ("say_more", Answer::Text("hi".into()))], None),
        ];
        for (pairs, refused) in cases {
            let a = answers(&pairs);
            let (checked, decoded, columns) = verdicts(&s, &a);
            match refused {
                None => {
                    checked.unwrap();
                    assert_eq!(decoded.unwrap(), a);
                    columns.unwrap();
                }
                Some((q, depends_on)) => {
                    assert_eq!(checked, Err(not_shown(q, depends_on)), "{pairs:?}");
                    assert_eq!(decoded, Err(DecodeProblem::Fit(not_shown(q, depends_on))), "{pairs:?}");
                    assert_eq!(
                        columns,
                        Err(CompactError::NotShown { question: q.into(), depends_on: depends_on.into() }),
                        "{pairs:?}"
                    );
                }
            }
        }
        assert_eq!(
            not_shown("bullied_where", "bullied").to_string(),
            "question \"bullied_where\" was not shown to this pupil (it is asked only after certain answers to question \"bullied\")"
        );
    }

    /// Any answers to `s`, hidden questions included: every kind, some skipped.
    fn any_answers(s: &Survey) -> impl Strategy<Value = Answers> {
        let qs: Vec<(String, yv_core::QuestionKind, Vec<String>)> = s
            .questions()
            .map(|q| (q.id.clone(), q.kind, s.options(q).iter().map(|c| c.id.clone()).collect()))
            .collect();
        proptest::collection::vec((any::<u64>(), 0u8..3), qs.len()).prop_map(move |picks| {
            let mut a = Answers::default();
            for ((id, kind, opts), (r, skip)) in qs.iter().zip(picks) {
                if skip == 0 {
                    continue;
                }
                let answer = match kind {
                    yv_core::QuestionKind::Multiple => Answer::Choices(
                        opts.iter().enumerate().filter(|(i, _)| r >> i & 1 == 1).map(|(_, o)| o.clone()).collect(),
                    ),
                    yv_core::QuestionKind::Rating => Answer::Rating((r % 11) as u8),
                    yv_core::QuestionKind::Text => Answer::Text("x".repeat((r % 3) as usize)),
                    _ => Answer::Choice(opts[(r % opts.len() as u64) as usize].clone()),
                };
                a.set(id, answer);
            }
            a
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        /// `check_answers`, `decode_checked` and the results' column reader agree on every set
        /// of answers, and what a flow saves never answers a hidden question.
        #[test]
        fn every_reader_applies_skip_logic_alike(a in any_answers(&skippy())) {
            let s = skippy();
            let (checked, decoded, columns) = verdicts(&s, &a);
            prop_assert_eq!(checked.is_ok(), decoded.is_ok());
            prop_assert_eq!(checked.is_ok(), columns.is_ok());
            let mut f = Flow::new(&s, &[]);
            f.answers = a;
            let saved = check_answers(&s, &f.answers_to_save());
            prop_assert!(!matches!(saved, Err(AnswerError::NotShown { .. })), "{:?}", saved);
        }
    }
}

mod results {
    use super::*;

    #[test]
    fn a_question_hidden_for_some_pupils_has_a_base_of_those_shown_it() {
        let s = skippy();
        let fw = parse_framework("framework-show-if.json", &fixture("framework-show-if.json"), &[&s]).unwrap();
        // 12 never bullied (bullied_where hidden); of 18 bullied sometimes, 9 say online,
        // 6 the classroom and 3 skip the question they were shown.
        let mut rs = vec![answers(&[("bullied", choice("never"))]); 12];
        rs.extend(vec![answers(&[("bullied", choice("sometimes")), ("bullied_where", choices(&["online"]))]); 9]);
        rs.extend(vec![answers(&[("bullied", choice("sometimes")), ("bullied_where", choices(&["classroom"]))]); 6]);
        rs.extend(vec![answers(&[("bullied", choice("sometimes"))]); 3]);
        for a in &rs {
            check_answers(&s, a).unwrap();
        }
        let refs: Vec<&Answers> = rs.iter().collect();
        let r = session_results(&s, &fw, &[], &refs, Threshold::new(5).unwrap(), "en");
        let all = |id: &str| match &r.indicators.iter().find(|i| i.indicator_id == id).unwrap().outcome {
            Outcome::Counted { all, .. } => (all.base(), all.positive()),
            other => panic!("{id}: {other:?}"),
        };
        assert_eq!(all("bullied"), (Some(30), Some(18)));
        assert_eq!(all("bullied-online"), (Some(15), Some(9)), "only the 15 shown it who answered");
        let d = r.distributions.iter().find(|d| d.question == "bullied_where").unwrap();
        assert_eq!(d.answered, Some(15));
        let count = |o: &str| d.options.iter().find(|c| c.option == o).unwrap().count();
        assert_eq!((count("online"), count("classroom")), (Some(9), Some(6)));
        assert_eq!(d.options.iter().find(|c| c.option == "online").unwrap().percent(), Some(60.0));
        // The same responses read straight from stored codes give the same columns.
        let mut b = DatasetBuilder::new(&s, rs.len());
        for a in &rs {
            b.push_code(&encode(&s, a).unwrap()).unwrap();
        }
        assert_eq!(b.finish(), yv_core::results::Dataset::new(&s, &refs));
    }
}
