//! The survey model: what pupils are asked, in which languages, and how scales are scored.
//! The file format is documented in `crates/core/data/FORMATS.md`.

use crate::error::{quoted, LoadError, Problem, ProblemKind, Problems};
use crate::load::{parse_typed, valid_id};
use crate::response::{Answer, Answers};
use crate::text::{has_visible_text, valid_language_code, Language, Text};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The `"format"` of a survey file.
pub const SURVEY_FORMAT: &str = "youth-voice-survey";
/// The survey format version this code reads.
pub const SURVEY_FORMAT_VERSION: u32 = 1;

/// The most options a question may have (results count multiple choice in a 64-bit set).
pub const MAX_OPTIONS: usize = 64;

/// A survey: sections of questions, in one or more languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    pub format: String,
    pub format_version: u32,
    pub id: String,
    pub version: String,
    /// The first language is the default.
    pub languages: Vec<Language>,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub option_sets: BTreeMap<String, Vec<Choice>>,
    pub sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<ScoreDef>,
}

/// An ordered group of questions with a title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    pub questions: Vec<Question>,
}

/// The kinds of question a survey can ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// One option.
    Single,
    /// Any number of options.
    Multiple,
    /// One point on an agreement scale.
    Agreement,
    /// A whole number in a range, e.g. 0-10.
    Rating,
    /// Free text: off unless enabled, never in results.
    Text,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Agreement => "agreement",
            QuestionKind::Rating => "rating",
            QuestionKind::Text => "text",
        }
    }

    /// Single, multiple and agreement questions have options.
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multiple | QuestionKind::Agreement)
    }
}

/// A question's options: the name of an option set, or a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Options {
    Set(String),
    List(Vec<Choice>),
}

/// One question. Fields that do not belong to its kind are refused by validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// Shows a gentle reminder that the question can be skipped.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// A facilitator may leave it out of a session.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// Results may be broken down by it (single-choice only).
    #[serde(default, skip_serializing_if = "is_false")]
    pub breakdown: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Options>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub faces: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_label: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_label: Option<Text>,
    /// Free text is off unless this is true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<Text>,
    /// Skip logic: the question is shown only after certain answers to an earlier one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<ShowIf>,
}

/// When a question is shown: after certain answers to an earlier single, agreement or multiple
/// choice question. Exactly one of `any` and `not` (validation refuses both or neither).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowIf {
    /// The earlier question it depends on.
    pub question: String,
    /// Shown if the pupil chose at least one of these options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<String>>,
    /// Shown if the pupil answered and chose none of these options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Vec<String>>,
}

impl ShowIf {
    /// Whether `answers` meet the condition. A skipped source question never does (nor does a
    /// multiple choice with nothing chosen): the pupil said nothing the question could follow.
    ///
    /// This reads the source's answer as it is; it does not ask whether the source was shown
    /// itself. Answers that fit their survey ([`crate::response::check_answers`]) never hold an
    /// answer to a hidden question, so for them the two are the same.
    pub fn is_met(&self, answers: &Answers) -> bool {
        let chosen: &[String] = match answers.get(&self.question) {
            Some(Answer::Choice(o)) => std::slice::from_ref(o),
            Some(Answer::Choices(os)) => os,
            _ => return false,
        };
        let picked = |list: &Option<Vec<String>>| list.as_ref().map(|l| chosen.iter().any(|c| l.contains(c)));
        !chosen.is_empty() && picked(&self.any).unwrap_or(true) && !picked(&self.not).unwrap_or(false)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Faces for a faces scale, happiest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Face {
    VeryHappy,
    Happy,
    Neutral,
    Sad,
    VerySad,
}

/// One option of a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face: Option<Face>,
    /// "Prefer not to say", "Don't know": left out of every base.
    #[serde(default, skip_serializing_if = "is_false")]
    pub opt_out: bool,
    /// Multiple choice: choosing it clears the others.
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive: bool,
}

/// A scale scored from several questions, e.g. Rosenberg (0-30).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreDef {
    pub id: String,
    pub label: Text,
    pub items: Vec<ScoreItem>,
    /// Option id to value.
    pub values: BTreeMap<String, u8>,
    /// How many items may be skipped before there is no score (then pro-rated).
    #[serde(default)]
    pub max_missing: u8,
}

/// One question of a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreItem {
    pub question: String,
    /// Scored `highest value - value` (negatively worded items).
    #[serde(default, skip_serializing_if = "is_false")]
    pub reverse: bool,
}

impl Survey {
    /// Every question, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    pub fn score(&self, id: &str) -> Option<&ScoreDef> {
        self.scores.iter().find(|s| s.id == id)
    }

    /// The default language's code.
    pub fn default_language(&self) -> &str {
        self.languages.first().map(|l| l.code.as_str()).unwrap_or("en")
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// A question's options, with option sets resolved; empty for ratings, text, or an
    /// unknown set (which validation refuses).
    pub fn options<'a>(&'a self, q: &'a Question) -> &'a [Choice] {
        match &q.options {
            Some(Options::List(list)) => list,
            Some(Options::Set(name)) => self.option_sets.get(name).map(Vec::as_slice).unwrap_or(&[]),
            None => &[],
        }
    }

    pub fn choice<'a>(&'a self, q: &'a Question, option: &str) -> Option<&'a Choice> {
        self.options(q).iter().find(|c| c.id == option)
    }

    /// The questions a pupil is actually shown: free text only when enabled.
    pub fn asked_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions().filter(|q| q.kind != QuestionKind::Text || q.enabled)
    }

    /// Whether `q` is shown to a pupil with `answers` (always, unless it has `show_if`).
    pub fn is_shown(&self, q: &Question, answers: &Answers) -> bool {
        q.show_if.as_ref().is_none_or(|c| c.is_met(answers))
    }

    /// The characteristics results may be broken down by.
    pub fn breakdown_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions().filter(|q| q.breakdown)
    }
}

/// Parse and validate a survey file. `file` is the name shown in error messages.
pub fn parse_survey(file: &str, text: &str) -> Result<Survey, LoadError> {
    let survey: Survey = parse_typed(file, text, SURVEY_FORMAT, SURVEY_FORMAT_VERSION)?;
    validate_survey(&survey).map_err(|problems| LoadError { file: file.to_string(), problems })?;
    Ok(survey)
}

/// Check everything serde cannot: ids, languages, translations, kinds, options, scores.
///
/// At most [`crate::error::MAX_PROBLEMS`] problems are listed (then one saying there are more),
/// names from the file are cut in messages, and the work is bounded by the file's size: checking
/// stops once the list is full, and nothing is checked once per pair of items.
pub fn validate_survey(s: &Survey) -> Result<(), Vec<Problem>> {
    let mut v = Checker { problems: Problems::default(), langs: Vec::new(), listed: BTreeSet::new() };
    if s.languages.is_empty() {
        v.push("survey", ProblemKind::NoLanguages);
    }
    for l in &s.languages {
        if v.full() {
            break;
        }
        let item = format!("language \"{}\"", quoted(&l.code));
        if !valid_language_code(&l.code) {
            v.push(&item, ProblemKind::BadLanguageCode { lang: l.code.clone() });
        }
        if !has_visible_text(&l.name) {
            v.push(&item, ProblemKind::EmptyField { field: "name".into() });
        }
        // A repeated language is reported once per repeat and checked once.
        if v.listed.insert(l.code.as_str()) {
            v.langs.push(l.code.as_str());
        } else {
            v.push("survey", ProblemKind::DuplicateLanguage { lang: l.code.clone() });
        }
    }
    v.id("survey", &s.id);
    if s.version.trim().is_empty() {
        v.push("survey", ProblemKind::EmptyField { field: "version".into() });
    }
    v.text("survey title", &s.title);
    if let Some(d) = &s.description {
        v.text("survey description", d);
    }
    for (name, set) in &s.option_sets {
        if v.full() {
            break;
        }
        let item = format!("option set \"{}\"", quoted(name));
        v.id(&item, name);
        for c in set {
            if v.full() {
                break;
            }
            v.choice(&format!("{item}, option \"{}\"", quoted(&c.id)), c);
        }
        v.unique_ids(&item, set.iter().map(|c| c.id.as_str()));
    }

    let mut ids = BTreeSet::new();
    for sec in &s.sections {
        if v.full() {
            break;
        }
        let item = format!("section \"{}\"", quoted(&sec.id));
        v.id(&item, &sec.id);
        if !ids.insert(sec.id.as_str()) {
            v.push(&item, ProblemKind::DuplicateId { id: sec.id.clone() });
        }
        v.text(&format!("{item} title"), &sec.title);
        if let Some(i) = &sec.intro {
            v.text(&format!("{item} intro"), i);
        }
        for q in &sec.questions {
            if v.full() {
                break;
            }
            if !ids.insert(q.id.as_str()) {
                v.push(&format!("question \"{}\"", quoted(&q.id)), ProblemKind::DuplicateId { id: q.id.clone() });
            }
            v.question(s, q);
        }
    }
    if s.questions().next().is_none() {
        v.push("survey", ProblemKind::NoQuestions);
    }
    // Each question by id (its first appearance) and where it is, so skip logic can only look
    // back; and the scores each question is an item of. Built once: no lookup walks the survey.
    let mut found: BTreeMap<&str, (usize, &Question)> = BTreeMap::new();
    for (i, q) in s.questions().enumerate() {
        found.entry(q.id.as_str()).or_insert((i, q));
    }
    let mut scored: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for sc in &s.scores {
        for it in &sc.items {
            let of = scored.entry(it.question.as_str()).or_default();
            if of.last() != Some(&sc.id.as_str()) {
                of.push(sc.id.as_str());
            }
        }
    }
    for (at, q) in s.questions().enumerate() {
        if v.full() {
            break;
        }
        if let Some(c) = &q.show_if {
            v.show_if(s, q, c, at, &found, &scored);
        }
    }

    let mut score_ids = BTreeSet::new();
    for sc in &s.scores {
        if v.full() {
            break;
        }
        let item = format!("score \"{}\"", quoted(&sc.id));
        v.id(&item, &sc.id);
        if !score_ids.insert(sc.id.as_str()) {
            v.push(&item, ProblemKind::DuplicateId { id: sc.id.clone() });
        }
        v.text(&format!("{item} label"), &sc.label);
        v.score(s, sc, &found);
    }
    v.problems.finish()
}

struct Checker<'a> {
    problems: Problems,
    /// The survey's languages, each once, in order.
    langs: Vec<&'a str>,
    listed: BTreeSet<&'a str>,
}

impl Checker<'_> {
    fn push(&mut self, item: &str, kind: ProblemKind) {
        self.problems.push(item, kind);
    }

    /// The list of problems is full: the rest of the checks can stop.
    fn full(&self) -> bool {
        self.problems.full()
    }

    fn id(&mut self, item: &str, id: &str) {
        if !valid_id(id) {
            self.push(item, ProblemKind::BadId { id: quoted(id) });
        }
    }

    fn unique_ids<'b>(&mut self, item: &str, ids: impl Iterator<Item = &'b str>) {
        let mut seen = BTreeSet::new();
        for id in ids {
            if self.full() {
                return;
            }
            if !seen.insert(id) {
                self.push(item, ProblemKind::DuplicateId { id: quoted(id) });
            }
        }
    }

    /// A text in every language of the survey, each with something to see, and in no other.
    fn text(&mut self, item: &str, t: &Text) {
        for i in 0..self.langs.len() {
            if self.full() {
                return;
            }
            let lang = self.langs[i];
            match t.0.get(lang) {
                None => self.push(item, ProblemKind::MissingTranslation { lang: quoted(lang) }),
                Some(s) if s.trim().is_empty() => self.push(item, ProblemKind::EmptyText { lang: quoted(lang) }),
                Some(s) if !has_visible_text(s) => self.push(item, ProblemKind::InvisibleText { lang: quoted(lang) }),
                Some(_) => {}
            }
        }
        for lang in t.0.keys() {
            if self.full() {
                return;
            }
            if !self.listed.contains(lang.as_str()) {
                self.push(item, ProblemKind::UnlistedLanguage { lang: quoted(lang) });
            }
        }
    }

    fn choice(&mut self, item: &str, c: &Choice) {
        self.id(item, &c.id);
        self.text(item, &c.label);
    }

    fn not_allowed(&mut self, item: &str, kind: QuestionKind, field: &str, present: bool) {
        if present {
            self.push(item, ProblemKind::FieldNotAllowed { field: field.into(), kind: kind.as_str().into() });
        }
    }

    fn required(&mut self, item: &str, kind: QuestionKind, field: &str, present: bool) {
        if !present {
            self.push(item, ProblemKind::MissingField { field: field.into(), kind: kind.as_str().into() });
        }
    }

    fn question(&mut self, s: &Survey, q: &Question) {
        let item = format!("question \"{}\"", quoted(&q.id));
        let k = q.kind;
        self.id(&item, &q.id);
        self.text(&format!("{item} text"), &q.text);
        if let Some(h) = &q.help {
            self.text(&format!("{item} help"), h);
        }
        let is_rating = k == QuestionKind::Rating;
        let is_text = k == QuestionKind::Text;
        self.not_allowed(&item, k, "options", !k.has_options() && q.options.is_some());
        self.not_allowed(&item, k, "faces", q.faces && !matches!(k, QuestionKind::Single | QuestionKind::Agreement));
        self.not_allowed(&item, k, "breakdown", q.breakdown && k != QuestionKind::Single);
        for (field, present) in [
            ("min", q.min.is_some()),
            ("max", q.max.is_some()),
            ("min_label", q.min_label.is_some()),
            ("max_label", q.max_label.is_some()),
        ] {
            self.not_allowed(&item, k, field, !is_rating && present);
        }
        for (field, present) in
            [("enabled", q.enabled), ("max_length", q.max_length.is_some()), ("warning", q.warning.is_some())]
        {
            self.not_allowed(&item, k, field, !is_text && present);
        }

        if k.has_options() {
            match &q.options {
                None => self.push(&item, ProblemKind::NoOptions { kind: k.as_str().into() }),
                Some(Options::Set(name)) if !s.option_sets.contains_key(name) => {
                    self.push(&item, ProblemKind::UnknownOptionSet { name: quoted(name) })
                }
                Some(opts) => {
                    let list: &[Choice] = match opts {
                        Options::List(l) => l,
                        Options::Set(name) => &s.option_sets[name],
                    };
                    if list.is_empty() {
                        self.push(&item, ProblemKind::NoOptions { kind: k.as_str().into() });
                    } else if list.len() < 2 {
                        self.push(&item, ProblemKind::TooFewOptions { kind: k.as_str().into(), count: list.len() });
                    } else if list.len() > MAX_OPTIONS {
                        self.push(&item, ProblemKind::TooManyOptions { max: MAX_OPTIONS, count: list.len() });
                    }
                    if let Options::List(l) = opts {
                        for c in l {
                            if self.full() {
                                return;
                            }
                            self.choice(&format!("{item}, option \"{}\"", quoted(&c.id)), c);
                        }
                        self.unique_ids(&item, l.iter().map(|c| c.id.as_str()));
                    }
                    // A set's options are checked with each question that uses it: only for
                    // lists of an allowed length, so a huge set used many times costs nothing.
                    let checked = if list.len() <= MAX_OPTIONS { list } else { &[] };
                    for c in checked {
                        let citem = format!("{item}, option \"{}\"", quoted(&c.id));
                        if q.faces && c.face.is_none() {
                            self.push(&citem, ProblemKind::MissingFace { option: quoted(&c.id) });
                        }
                        if c.exclusive && k != QuestionKind::Multiple {
                            self.push(&citem, ProblemKind::ExclusiveNotMultiple);
                        }
                    }
                }
            }
        }
        if is_rating {
            self.required(&item, k, "min", q.min.is_some());
            self.required(&item, k, "max", q.max.is_some());
            self.required(&item, k, "min_label", q.min_label.is_some());
            self.required(&item, k, "max_label", q.max_label.is_some());
            if let (Some(min), Some(max)) = (q.min, q.max) {
                if min >= max || max > 10 {
                    self.push(&item, ProblemKind::BadRatingRange { min, max });
                }
            }
            if let Some(t) = &q.min_label {
                self.text(&format!("{item} min_label"), t);
            }
            if let Some(t) = &q.max_label {
                self.text(&format!("{item} max_label"), t);
            }
        }
        if is_text {
            self.required(&item, k, "max_length", q.max_length.is_some());
            self.required(&item, k, "warning", q.warning.is_some());
            if let Some(n) = q.max_length {
                if n == 0 || n > 1000 {
                    self.push(&item, ProblemKind::BadMaxLength { value: n });
                }
            }
            if let Some(t) = &q.warning {
                self.text(&format!("{item} warning"), t);
            }
        }
    }

    /// A question's `show_if` (the question is at `at` in the survey): an earlier choice question
    /// and some of its options, and never on a question every pupil must be asked (a breakdown,
    /// or an item of a score). `found` holds each question and its position, `scored` the scores
    /// each question is an item of.
    fn show_if(
        &mut self,
        s: &Survey,
        q: &Question,
        c: &ShowIf,
        at: usize,
        found: &BTreeMap<&str, (usize, &Question)>,
        scored: &BTreeMap<&str, Vec<&str>>,
    ) {
        let item = format!("question \"{}\" show_if", quoted(&q.id));
        if q.breakdown {
            self.push(&item, ProblemKind::ShowIfOnBreakdown);
        }
        for sc in scored.get(q.id.as_str()).into_iter().flatten() {
            if self.full() {
                return;
            }
            self.push(&item, ProblemKind::ShowIfOnScoreItem { score: quoted(sc) });
        }
        let list = match (&c.any, &c.not) {
            (Some(_), Some(_)) => {
                self.push(&item, ProblemKind::ShowIfAnyAndNot);
                None
            }
            (None, None) => {
                self.push(&item, ProblemKind::ShowIfNeitherAnyNorNot);
                None
            }
            (Some(l), None) => Some(("any", l)),
            (None, Some(l)) => Some(("not", l)),
        };
        if let Some((field, l)) = list {
            if l.is_empty() {
                self.push(&item, ProblemKind::ShowIfNoOptions { field: field.into() });
            }
            self.unique_ids(&item, l.iter().map(String::as_str));
        }
        let src = match found.get(c.question.as_str()) {
            None => {
                self.push(&item, ProblemKind::UnknownQuestion { question: quoted(&c.question) });
                return;
            }
            Some(&(source_at, _)) if source_at >= at => {
                self.push(&item, ProblemKind::ShowIfNotEarlier { question: quoted(&c.question) });
                return;
            }
            Some(&(_, src)) => src,
        };
        if !matches!(src.kind, QuestionKind::Single | QuestionKind::Agreement | QuestionKind::Multiple) {
            self.push(
                &item,
                ProblemKind::WrongQuestionKind {
                    question: quoted(&src.id),
                    kind: src.kind.as_str().into(),
                    what: "show_if".into(),
                },
            );
            return;
        }
        let Some((field, l)) = list else { return };
        let options = s.options(src);
        if options.len() > MAX_OPTIONS {
            // Already refused with the source question; its options are not looked through.
            return;
        }
        for o in l.iter().filter(|o| !options.iter().any(|c| &c.id == *o)) {
            if self.full() {
                return;
            }
            self.push(&item, ProblemKind::UnknownOption { question: quoted(&src.id), option: quoted(o) });
        }
        if field == "not" && !options.is_empty() && options.iter().all(|o| l.contains(&o.id)) {
            self.push(&item, ProblemKind::ShowIfNeverShown { question: quoted(&src.id) });
        }
    }

    fn score(&mut self, s: &Survey, sc: &ScoreDef, found: &BTreeMap<&str, (usize, &Question)>) {
        let item = format!("score \"{}\"", quoted(&sc.id));
        if sc.items.is_empty() {
            self.push(&item, ProblemKind::NoScoreItems);
        }
        if usize::from(sc.max_missing) >= sc.items.len().max(1) {
            self.push(&item, ProblemKind::BadMaxMissing { value: sc.max_missing, items: sc.items.len() });
        }
        for it in &sc.items {
            if self.full() {
                return;
            }
            let Some(&(_, q)) = found.get(it.question.as_str()) else {
                self.push(&item, ProblemKind::UnknownQuestion { question: quoted(&it.question) });
                continue;
            };
            if !matches!(q.kind, QuestionKind::Single | QuestionKind::Agreement) {
                self.push(
                    &item,
                    ProblemKind::WrongQuestionKind {
                        question: quoted(&q.id),
                        kind: q.kind.as_str().into(),
                        what: "score".into(),
                    },
                );
                continue;
            }
            let options = s.options(q);
            if options.len() > MAX_OPTIONS {
                continue;
            }
            for c in options {
                if !c.opt_out && !sc.values.contains_key(&c.id) {
                    self.push(&item, ProblemKind::MissingValue { question: quoted(&q.id), option: quoted(&c.id) });
                }
            }
        }
    }
}
