//! A response's answers written compactly against its survey, so a whole session fits in one
//! small file that a facilitator can carry from tablet to tablet (see `data/FORMATS.md`,
//! "Response bundles and session packs").
//!
//! The code is a string with one entry per question, in the survey's question order (which is
//! why a bundle pins the survey's id, version and content hash), followed by any free text:
//!
//! - `.` : skipped (every kind of question);
//! - single choice, agreement (faces too): one character, the option's position in [`DIGITS`];
//! - rating: one character, `value - min` in [`DIGITS`];
//! - multiple choice: a fixed number of characters, `ceil(options / 6)` (at least one), each
//!   holding six options as a bitmask (character `k`, bit `j` is option `6k + j`);
//! - free text: `~` in its place, and the text itself after the last question as
//!   `{characters}:{text}` (decimal count of Unicode characters), in question order.
//!
//! No escaping is needed: the code only ever travels inside a JSON string, which escapes it.
//! Measured (`compact::tests::a_secondary_record_is_well_under_250_bytes`, 1000 synthetic
//! responses): a secondary-survey response (37 questions, three of them multiple choice, free
//! text off) is at most 40 characters (a skipped multiple choice takes one), and a whole bundle
//! record with its UUID id, UUID session and date is at most 167 bytes of JSON (166 on average),
//! against about 1.2 KB for the same response as a stored envelope.

#[cfg(doc)]
use crate::response::check_answers;
use crate::response::{Answer, AnswerError, Answers};
use crate::survey::{Question, QuestionKind, Survey};

/// The 64 characters of a code, in value order. All are safe in JSON, URLs and file names.
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
/// A skipped question.
pub const SKIPPED: char = '.';
/// A free-text answer whose text follows the last question.
pub const TEXT_FOLLOWS: char = '~';
/// The longest free-text length accepted when decoding, in decimal digits (texts are at most
/// 1000 characters, so four digits are plenty and a long run of digits is refused early).
const MAX_LENGTH_DIGITS: usize = 4;

/// Why answers could not be written compactly, or a code could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompactError {
    #[error("question \"{0}\" is not in the survey")]
    UnknownQuestion(String),
    #[error("question \"{0}\" got the wrong kind of answer")]
    WrongKind(String),
    #[error("question \"{question}\" has no option \"{option}\"")]
    UnknownOption { question: String, option: String },
    #[error("question \"{question}\" has no option number {number}")]
    UnknownOptionNumber { question: String, number: usize },
    #[error("question \"{question}\": {value} is outside {min} to {max}")]
    RatingOutOfRange { question: String, value: usize, min: u8, max: u8 },
    #[error("question \"{question}\" has {count} options or values; a compact record holds at most 64")]
    TooManyOptions { question: String, count: usize },
    #[error("question \"{question}\": an answer that rules out the others is chosen together with others")]
    ExclusiveCombined { question: String },
    #[error("question \"{question}\": '{found}' is not a valid answer code")]
    BadCharacter { question: String, found: char },
    #[error("the answers end too early, at question \"{question}\"")]
    TooShort { question: String },
    #[error("the answers have {extra} character(s) left over after the last question")]
    TooLong { extra: usize },
    #[error("question \"{question}\": the free text's length is missing or not a number")]
    BadTextLength { question: String },
    #[error("question \"{question}\" was not shown to this pupil (it is asked only after certain answers to question \"{depends_on}\")")]
    NotShown { question: String, depends_on: String },
}

/// Write `answers` compactly against `survey`. Refuses answers it could not read back exactly:
/// unknown questions or options, the wrong kind of answer, ratings outside the range.
/// Multiple choices come back in the survey's order, once each (as the pupil screen stores them).
pub fn encode(survey: &Survey, answers: &Answers) -> Result<String, CompactError> {
    if let Some(qid) = answers.0.keys().find(|qid| survey.question(qid).is_none()) {
        return Err(CompactError::UnknownQuestion(qid.clone()));
    }
    let mut code = String::new();
    let mut texts = String::new();
    for q in survey.questions() {
        match answers.get(&q.id) {
            None => code.push(SKIPPED),
            Some(Answer::Text(t)) if q.kind == QuestionKind::Text => {
                code.push(TEXT_FOLLOWS);
                texts.push_str(&format!("{}:{t}", t.chars().count()));
            }
            Some(a) => encode_one(survey, q, a, &mut code)?,
        }
    }
    code.push_str(&texts);
    Ok(code)
}

/// One answered choice, multiple-choice or rating question.
fn encode_one(survey: &Survey, q: &Question, a: &Answer, code: &mut String) -> Result<(), CompactError> {
    match (q.kind, a) {
        (QuestionKind::Single | QuestionKind::Agreement, Answer::Choice(o)) => {
            code.push(digit(q, option_index(survey, q, o)?)?);
        }
        (QuestionKind::Multiple, Answer::Choices(os)) => {
            let mut mask = 0u64;
            for o in os {
                let i = option_index(survey, q, o)?;
                if i >= DIGITS.len() {
                    return Err(too_many(survey, q));
                }
                mask |= 1 << i;
            }
            for k in 0..mask_width(survey, q)? {
                code.push(digit(q, ((mask >> (6 * k)) & 0x3f) as usize)?);
            }
        }
        (QuestionKind::Rating, Answer::Rating(r)) => {
            let (min, max) = range(q);
            if *r < min || *r > max {
                return Err(CompactError::RatingOutOfRange { question: q.id.clone(), value: (*r).into(), min, max });
            }
            code.push(digit(q, usize::from(r - min))?);
        }
        _ => return Err(CompactError::WrongKind(q.id.clone())),
    }
    Ok(())
}

/// Read a code written by [`encode`] for the same survey. Never panics: any string either
/// decodes to answers or gives the first problem found.
pub fn decode(survey: &Survey, code: &str) -> Result<Answers, CompactError> {
    decode_with(survey, code, false).map_err(|p| match p {
        DecodeProblem::Code(e) => e,
        DecodeProblem::Fit(e) => unreachable_fit(e),
    })
}

/// `decode` never checks fit, so it never has a fit problem; kept total rather than panicking.
fn unreachable_fit(e: AnswerError) -> CompactError {
    CompactError::WrongKind(e.to_string())
}

/// Why a code could not be read as answers that fit its survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// The code itself is malformed.
    Code(CompactError),
    /// It reads, but the answers do not fit the survey (as [`check_answers`] would say).
    Fit(AnswerError),
}

/// [`decode`] and [`check_answers`] in one pass, with the same verdict, several times faster:
/// what decoding by position already guarantees (known questions and options, the right kind,
/// ratings in range) is not looked up again; exclusive options, free text and skip logic
/// (`show_if`, whose source always comes earlier, so is already decoded) are checked in place.
/// Reading a council's returns is mostly this.
pub fn decode_checked(survey: &Survey, code: &str) -> Result<Answers, DecodeProblem> {
    decode_with(survey, code, true)
}

fn decode_with(survey: &Survey, code: &str, check: bool) -> Result<Answers, DecodeProblem> {
    let mut rest = code.chars();
    let mut answers = Answers::default();
    let mut text_questions = Vec::new();
    for q in survey.questions() {
        let c = rest.next().ok_or_else(|| DecodeProblem::Code(CompactError::TooShort { question: q.id.clone() }))?;
        if c == SKIPPED {
            continue;
        }
        if q.kind == QuestionKind::Text {
            if c != TEXT_FOLLOWS {
                return Err(DecodeProblem::Code(CompactError::BadCharacter { question: q.id.clone(), found: c }));
            }
            text_questions.push(q);
            continue;
        }
        let answer = decode_one(survey, q, c, &mut rest).map_err(DecodeProblem::Code)?;
        if check {
            if let Answer::Choices(os) = &answer {
                let exclusive = os.iter().filter(|o| survey.choice(q, o).is_some_and(|c| c.exclusive)).count();
                if exclusive > 0 && os.len() > 1 {
                    return Err(DecodeProblem::Fit(AnswerError::ExclusiveCombined(q.id.clone())));
                }
            }
            not_shown(q, &answers)?;
        }
        answers.set(&q.id, answer);
    }
    for q in text_questions {
        let text = read_text(q, &mut rest).map_err(DecodeProblem::Code)?;
        if check {
            if !q.enabled {
                return Err(DecodeProblem::Fit(AnswerError::TextNotEnabled(q.id.clone())));
            }
            let max = q.max_length.unwrap_or(0);
            if text.chars().count() > usize::from(max) {
                return Err(DecodeProblem::Fit(AnswerError::TextTooLong { question: q.id.clone(), max }));
            }
            not_shown(q, &answers)?;
        }
        answers.set(&q.id, Answer::Text(text));
    }
    match rest.count() {
        0 => Ok(answers),
        extra => Err(DecodeProblem::Code(CompactError::TooLong { extra })),
    }
}

/// An answer to `q` is refused unless its `show_if` is met by the answers decoded so far (the
/// source question always comes earlier and is never free text, so it is among them).
fn not_shown(q: &Question, answers: &Answers) -> Result<(), DecodeProblem> {
    match q.show_if.as_ref().filter(|c| !c.is_met(answers)) {
        Some(c) => {
            Err(DecodeProblem::Fit(AnswerError::NotShown { question: q.id.clone(), depends_on: c.question.clone() }))
        }
        None => Ok(()),
    }
}

/// One answered choice, multiple-choice or rating question, starting with `first`.
fn decode_one(
    survey: &Survey,
    q: &Question,
    first: char,
    rest: &mut std::str::Chars<'_>,
) -> Result<Answer, CompactError> {
    let opts = survey.options(q);
    match q.kind {
        QuestionKind::Single | QuestionKind::Agreement => {
            let i = value(q, first)?;
            let choice = opts
                .get(i)
                .ok_or_else(|| CompactError::UnknownOptionNumber { question: q.id.clone(), number: i + 1 })?;
            Ok(Answer::Choice(choice.id.clone()))
        }
        QuestionKind::Multiple => {
            let mut chosen = Vec::new();
            let mut c = first;
            for k in 0..mask_width(survey, q)? {
                if k > 0 {
                    c = rest.next().ok_or_else(|| CompactError::TooShort { question: q.id.clone() })?;
                }
                let bits = value(q, c)?;
                for j in (0..6).filter(|j| bits & (1 << j) != 0) {
                    let i = 6 * k + j;
                    let choice = opts
                        .get(i)
                        .ok_or_else(|| CompactError::UnknownOptionNumber { question: q.id.clone(), number: i + 1 })?;
                    chosen.push(choice.id.clone());
                }
            }
            Ok(Answer::Choices(chosen))
        }
        QuestionKind::Rating => {
            let (min, max) = range(q);
            let v = usize::from(min) + value(q, first)?;
            if v > usize::from(max) {
                return Err(CompactError::RatingOutOfRange { question: q.id.clone(), value: v, min, max });
            }
            Ok(Answer::Rating(v as u8))
        }
        QuestionKind::Text => Err(CompactError::BadCharacter { question: q.id.clone(), found: first }),
    }
}

/// `{characters}:{text}` from the tail of a code.
fn read_text(q: &Question, rest: &mut std::str::Chars<'_>) -> Result<String, CompactError> {
    let bad = || CompactError::BadTextLength { question: q.id.clone() };
    let mut digits = String::new();
    loop {
        match rest.next() {
            Some(':') => break,
            Some(c) if c.is_ascii_digit() && digits.len() < MAX_LENGTH_DIGITS => digits.push(c),
            Some(_) => return Err(bad()),
            None => return Err(CompactError::TooShort { question: q.id.clone() }),
        }
    }
    let n: usize = digits.parse().map_err(|_| bad())?;
    let text: String = rest.take(n).collect();
    if text.chars().count() < n {
        return Err(CompactError::TooShort { question: q.id.clone() });
    }
    Ok(text)
}

/// The rating range, with the same defaults as [`crate::response::check_answers`].
fn range(q: &Question) -> (u8, u8) {
    (q.min.unwrap_or(0), q.max.unwrap_or(10))
}

/// Where option `o` sits in the question's list.
fn option_index(survey: &Survey, q: &Question, o: &str) -> Result<usize, CompactError> {
    survey
        .options(q)
        .iter()
        .position(|c| c.id == o)
        .ok_or_else(|| CompactError::UnknownOption { question: q.id.clone(), option: o.to_string() })
}

/// How many characters a multiple-choice question's bitmask takes.
fn mask_width(survey: &Survey, q: &Question) -> Result<usize, CompactError> {
    let n = survey.options(q).len();
    if n > DIGITS.len() {
        return Err(too_many(survey, q));
    }
    Ok(n.div_ceil(6).max(1))
}

fn too_many(survey: &Survey, q: &Question) -> CompactError {
    CompactError::TooManyOptions { question: q.id.clone(), count: survey.options(q).len() }
}

/// The character for `v` (0 to 63).
fn digit(q: &Question, v: usize) -> Result<char, CompactError> {
    DIGITS
        .get(v)
        .map(|&b| char::from(b))
        .ok_or_else(|| CompactError::TooManyOptions { question: q.id.clone(), count: v + 1 })
}

/// The value (0 to 63) of a code character.
fn value(q: &Question, c: char) -> Result<usize, CompactError> {
    DIGITS
        .iter()
        .position(|&b| char::from(b) == c)
        .ok_or_else(|| CompactError::BadCharacter { question: q.id.clone(), found: c })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::parse_survey;
    use crate::synthetic;
    use proptest::prelude::*;

    fn survey(name: &str) -> Survey {
        let (file, text) = crate::builtin::SURVEY_FILES.iter().find(|(f, _)| *f == name).unwrap();
        parse_survey(file, text).unwrap()
    }

    /// The secondary survey with its free-text question switched on, so every kind is covered.
    fn secondary_with_text() -> Survey {
        let mut s = survey("secondary.json");
        for sec in &mut s.sections {
            for q in &mut sec.questions {
                if q.kind == QuestionKind::Text {
                    q.enabled = true;
                }
            }
        }
        s
    }

    fn text_question(s: &Survey) -> String {
        s.questions().find(|q| q.kind == QuestionKind::Text).unwrap().id.clone()
    }

    #[test]
    fn a_secondary_record_is_well_under_250_bytes() {
        let s = survey("secondary.json");
        let uuid = "6f1c1c2e-8a4b-4f7e-9d3a-2b5c7e9f1a3d";
        let (mut longest_code, mut longest_record, mut total) = (0, 0, 0);
        for a in synthetic::responses(&s, 1000, 7) {
            let code = encode(&s, &a).unwrap();
            let record = serde_json::json!({ "id": uuid, "session": uuid, "date": "2026-11-03", "answers": code });
            let bytes = serde_json::to_string(&record).unwrap().len();
            (longest_code, longest_record, total) =
                (longest_code.max(code.len()), longest_record.max(bytes), total + bytes);
        }
        println!(
            "code at most {longest_code} bytes; record at most {longest_record} bytes, {} on average",
            total / 1000
        );
        assert_eq!(longest_code, 40, "34 one-character questions and three two-character multiple choices");
        assert_eq!(longest_record, 167);
    }

    #[test]
    fn every_kind_is_written_as_documented() {
        let s = survey("primary.json");
        let mut a = Answers::default();
        let first = s.questions().next().unwrap();
        let opts = s.options(first);
        a.set(&first.id, Answer::Choice(opts[1].id.clone()));
        let code = encode(&s, &a).unwrap();
        assert!(code.starts_with('1'), "{code}");
        assert!(code[1..].chars().all(|c| c == SKIPPED), "{code}");
        assert_eq!(decode(&s, &code).unwrap(), a);
    }

    #[test]
    fn multiple_choice_is_a_bitmask_in_survey_order() {
        let s = survey("secondary.json");
        let q = s.question("worries").unwrap();
        let opts = s.options(q);
        let mut a = Answers::default();
        a.set("worries", Answer::Choices(vec![opts[7].id.clone(), opts[0].id.clone(), opts[0].id.clone()]));
        let code = encode(&s, &a).unwrap();
        assert!(code.contains("12"), "option 0 -> bit 0 of the first digit, option 7 -> bit 1 of the second: {code}");
        let back = decode(&s, &code).unwrap();
        assert_eq!(back.get("worries"), Some(&Answer::Choices(vec![opts[0].id.clone(), opts[7].id.clone()])));
    }

    #[test]
    fn free_text_follows_the_questions_with_its_length() {
        let s = secondary_with_text();
        let t = text_question(&s);
        let mut a = Answers::default();
        a.set(&t, Answer::Text("3:~.é\n\"".into()));
        let code = encode(&s, &a).unwrap();
        assert!(code.ends_with("~7:3:~.é\n\""), "{code}");
        assert_eq!(decode(&s, &code).unwrap(), a);
    }

    #[test]
    fn encoding_refuses_what_it_could_not_read_back() {
        let s = survey("secondary.json");
        let one = |q: &str, ans: Answer| {
            let mut a = Answers::default();
            a.set(q, ans);
            encode(&s, &a).unwrap_err()
        };
        assert_eq!(one("nope", Answer::Rating(1)), CompactError::UnknownQuestion("nope".into()));
        assert_eq!(one("gender", Answer::Rating(1)), CompactError::WrongKind("gender".into()));
        assert!(matches!(one("gender", Answer::Choice("x".into())), CompactError::UnknownOption { .. }));
        assert!(matches!(one("worries", Answer::Choices(vec!["x".into()])), CompactError::UnknownOption { .. }));
        assert!(matches!(one("life_happy", Answer::Rating(11)), CompactError::RatingOutOfRange { value: 11, .. }));
    }

    #[test]
    fn decoding_gives_specific_errors() {
        let s = survey("secondary.json");
        let skipped = ".".repeat(37);
        assert_eq!(decode(&s, &skipped).unwrap(), Answers::default());
        assert!(matches!(decode(&s, ""), Err(CompactError::TooShort { .. })));
        assert!(matches!(decode(&s, &skipped[1..]), Err(CompactError::TooShort { .. })));
        assert_eq!(decode(&s, &format!("{skipped}ab")), Err(CompactError::TooLong { extra: 2 }));
        let bad = format!("!{}", &skipped[1..]);
        assert!(matches!(decode(&s, &bad), Err(CompactError::BadCharacter { found: '!', .. })));
        let unknown = format!("z{}", &skipped[1..]);
        assert!(matches!(decode(&s, &unknown), Err(CompactError::UnknownOptionNumber { .. })), "{unknown}");
        let pos = s.questions().position(|q| q.id == "life_happy").unwrap();
        let rating = format!("{}b{}", &skipped[..pos], &skipped[pos + 1..]);
        assert!(matches!(decode(&s, &rating), Err(CompactError::RatingOutOfRange { value: 11, .. })));
        let text = format!("~{}", &skipped[1..]);
        assert!(matches!(decode(&s, &text), Err(CompactError::BadCharacter { found: '~', .. })));
    }

    #[test]
    fn decoding_bad_free_text_is_refused() {
        let s = secondary_with_text();
        let head = format!("{}~", ".".repeat(36));
        for (tail, short) in [("", true), ("5:abc", true), ("x:abc", false), ("12345:a", false), (":", false)] {
            let e = decode(&s, &format!("{head}{tail}")).unwrap_err();
            let expected_short = matches!(e, CompactError::TooShort { .. });
            assert_eq!(expected_short, short, "{tail}: {e}");
        }
    }

    /// Any answers to `s`: every kind, skipped ones, free text with awkward characters.
    fn answers(s: &Survey) -> impl Strategy<Value = Answers> {
        let qs: Vec<Question> = s.questions().cloned().collect();
        let opts: Vec<Vec<String>> = qs.iter().map(|q| s.options(q).iter().map(|c| c.id.clone()).collect()).collect();
        let picks = proptest::collection::vec((any::<u64>(), any::<bool>(), "[\\PC:~.0-9]{0,20}"), qs.len());
        picks.prop_map(move |picks| {
            let mut a = Answers::default();
            for ((q, opts), (r, skip, text)) in qs.iter().zip(&opts).zip(picks) {
                if skip {
                    continue;
                }
                let answer = match q.kind {
                    QuestionKind::Single | QuestionKind::Agreement => {
                        Answer::Choice(opts[(r % opts.len() as u64) as usize].clone())
                    }
                    QuestionKind::Multiple => Answer::Choices(
                        opts.iter().enumerate().filter(|(i, _)| r & (1 << i) != 0).map(|(_, o)| o.clone()).collect(),
                    ),
                    QuestionKind::Rating => {
                        let (lo, hi) = range(q);
                        Answer::Rating(lo + (r % u64::from(hi - lo + 1)) as u8)
                    }
                    QuestionKind::Text => Answer::Text(text),
                };
                a.set(&q.id, answer);
            }
            a
        })
    }

    proptest! {
        #[test]
        fn every_kind_round_trips(a in answers(&secondary_with_text())) {
            let s = secondary_with_text();
            let code = encode(&s, &a).unwrap();
            prop_assert_eq!(decode(&s, &code).unwrap(), a);
        }

        #[test]
        fn faces_round_trip(a in answers(&survey("primary.json"))) {
            let s = survey("primary.json");
            prop_assert!(s.questions().any(|q| q.faces));
            let code = encode(&s, &a).unwrap();
            prop_assert_eq!(decode(&s, &code).unwrap(), a);
        }

        #[test]
        fn synthetic_responses_round_trip(seed in any::<u64>()) {
            for s in [survey("primary.json"), survey("secondary.json")] {
                for a in synthetic::responses(&s, 5, seed) {
                    let code = encode(&s, &a).unwrap();
                    prop_assert_eq!(decode(&s, &code).unwrap(), a);
                }
            }
        }

        #[test]
        fn decoding_any_string_never_panics(code in "\\PC{0,80}", tail in "[0-9a-zA-Z._~:-]{0,60}") {
            let s = secondary_with_text();
            let _ = decode(&s, &code);
            let _ = decode(&s, &format!("{code}{tail}"));
            let _ = decode(&s, &tail);
        }

        #[test]
        fn decoding_near_valid_codes_never_panics_and_what_decodes_fits(
            a in answers(&secondary_with_text()), at in any::<usize>(), c in "[0-9a-zA-Z._~:-]",
        ) {
            let s = secondary_with_text();
            let mut code: Vec<char> = encode(&s, &a).unwrap().chars().collect();
            let i = at % code.len();
            code[i] = c.chars().next().unwrap();
            let code: String = code.into_iter().collect();
            if let Ok(back) = decode(&s, &code) {
                // Whatever decodes is well-formed: it encodes again to the same code.
                prop_assert_eq!(encode(&s, &back).unwrap(), code);
            }
        }
    }
}
