//! A submitted response as it is stored: one record each, in a versioned envelope. Anonymous by
//! design: survey, session, a random response id, the date (no time) and the answers. No name,
//! no device id, no time of day.

use crate::response::{check_answers, Answers};
use crate::survey::Survey;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The envelope's schema version (schema 1: the whole response as JSON). Records are stored
/// with [`COMPACT_SCHEMA`] now; both are read.
pub const RESPONSE_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    #[serde(rename = "v")]
    pub schema: u32,
    /// Survey id.
    #[serde(rename = "s")]
    pub survey: String,
    /// Survey version.
    #[serde(rename = "sv")]
    pub survey_version: String,
    /// Session id.
    #[serde(rename = "ss")]
    pub session: String,
    /// Random response id (UUID v4), so merged tablets never double count.
    #[serde(rename = "id")]
    pub id: String,
    /// The day it was submitted.
    #[serde(rename = "d", with = "crate::day")]
    pub date: NaiveDate,
    #[serde(rename = "a")]
    pub answers: Answers,
}

/// The schema responses are written with since many tablets: the answers as one compact code
/// against the survey version (`crate::compact`); the session and response id are the storage
/// key's. A secondary response takes about 120 characters (schema 1: about 1,200).
pub const COMPACT_SCHEMA: u32 = 2;

/// A stored response record of schema 2, as JSON: `{"v":2,"s":survey,"sv":version,"d":day,"c":code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CompactRecord {
    v: u32,
    s: String,
    sv: String,
    #[serde(with = "crate::day")]
    d: NaiveDate,
    c: String,
}

/// Why a stored record could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("it is not a response record ({0})")]
    NotARecord(String),
    #[error("it was written by a newer version of Youth Voice (record schema {0}); update the app to read it")]
    UnknownSchema(u32),
    #[error("it answers the survey \"{id}\" version {version}, which is not on this device")]
    UnknownSurvey { id: String, version: String },
    #[error("its answers could not be read: {0}")]
    Undecodable(#[from] crate::compact::CompactError),
    #[error("its answers are sealed: the session's passphrase or recovery file is needed to read them")]
    Sealed,
    #[error("its sealed answers were changed or damaged, or sealed to another session's key")]
    Tampered,
    #[error("its answers could not be sealed: {0}")]
    CannotSeal(String),
}

#[derive(Deserialize)]
struct SchemaOnly {
    v: u32,
    s: String,
    sv: String,
}

/// The fields of a schema 2 record exactly as [`encode_record`] writes it (field order, no
/// escapes): read without a JSON parser, because reading a council's returns is mostly this.
/// Anything else (`None`) is read by the JSON parser instead.
fn compact_fields(text: &str) -> Option<(&str, &str, NaiveDate, &str)> {
    let rest = text.strip_prefix("{\"v\":2,\"s\":\"")?;
    let (s, rest) = rest.split_once('"')?;
    let rest = rest.strip_prefix(",\"sv\":\"")?;
    let (sv, rest) = rest.split_once('"')?;
    let rest = rest.strip_prefix(",\"d\":\"")?;
    let (d, rest) = rest.split_once('"')?;
    let c = rest.strip_prefix(",\"c\":\"")?.strip_suffix("\"}")?;
    if s.contains('\\') || sv.contains('\\') || c.contains(['"', '\\']) {
        return None;
    }
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| d.get(r)?.parse::<u32>().ok();
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
    Some((s, sv, date, c))
}

/// The schema, survey id and version of a stored record of any schema, to find the survey it
/// needs before decoding it.
pub fn record_survey(text: &str) -> Result<(u32, String, String), RecordError> {
    let head: SchemaOnly = serde_json::from_str(text).map_err(|e| RecordError::NotARecord(e.to_string()))?;
    Ok((head.v, head.s, head.sv))
}

/// A response this app can write or count: one of its own schema. One from a newer app (its
/// schema unknown here) is refused, never rewritten as if it were today's.
fn own_schema(r: &StoredResponse) -> Result<(), RecordError> {
    if r.schema == RESPONSE_SCHEMA {
        Ok(())
    } else {
        Err(RecordError::UnknownSchema(r.schema))
    }
}

/// Write a response for storage (schema 2). `survey` must be the response's survey and version.
pub fn encode_record(survey: &Survey, r: &StoredResponse) -> Result<String, RecordError> {
    own_schema(r)?;
    if survey.id != r.survey || survey.version != r.survey_version {
        return Err(RecordError::UnknownSurvey { id: r.survey.clone(), version: r.survey_version.clone() });
    }
    let record = CompactRecord {
        v: COMPACT_SCHEMA,
        s: r.survey.clone(),
        sv: r.survey_version.clone(),
        d: r.date,
        c: crate::compact::encode(survey, &r.answers)?,
    };
    serde_json::to_string(&record).map_err(|e| RecordError::NotARecord(e.to_string()))
}

/// The schema of a sealed record (issue 13): a schema 2 record whose answers' code is sealed to
/// the session's public key (`crate::seal`), `{"v":3,"s":survey,"sv":version,"d":day,"x":sealed}`.
/// The survey, version and day stay readable (they are not answers); the answers need the key.
pub const SEALED_SCHEMA: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SealedCompactRecord {
    v: u32,
    s: String,
    sv: String,
    #[serde(with = "crate::day")]
    d: NaiveDate,
    x: String,
}

/// Write a response for storage sealed to the session's public key (schema 3) by the kiosk's
/// `sealer`, with 24 fresh random bytes of nonce.
pub fn encode_sealed_record(
    survey: &Survey,
    r: &StoredResponse,
    sealer: &crate::seal::Sealer,
    nonce: [u8; 24],
) -> Result<String, RecordError> {
    own_schema(r)?;
    if survey.id != r.survey || survey.version != r.survey_version {
        return Err(RecordError::UnknownSurvey { id: r.survey.clone(), version: r.survey_version.clone() });
    }
    let code = crate::compact::encode(survey, &r.answers)?;
    let record = SealedCompactRecord {
        v: SEALED_SCHEMA,
        s: r.survey.clone(),
        sv: r.survey_version.clone(),
        d: r.date,
        x: sealer.seal(code.as_bytes(), nonce).map_err(|e| RecordError::CannotSeal(e.to_string()))?,
    };
    serde_json::to_string(&record).map_err(|e| RecordError::NotARecord(e.to_string()))
}

/// A record ready for the readers below: a sealed record (schema 3) opened with the session's
/// key (`opener`) into the schema 2 record it seals; any other record as it is. The opened text
/// lives only in memory. A changed or foreign seal is [`RecordError::Tampered`].
pub fn open_record<'a>(
    text: &'a str,
    opener: &mut crate::seal::Opener,
) -> Result<std::borrow::Cow<'a, str>, RecordError> {
    let (schema, ..) = record_survey(text)?;
    if schema != SEALED_SCHEMA {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    let r: SealedCompactRecord = serde_json::from_str(text).map_err(|e| RecordError::NotARecord(e.to_string()))?;
    let code = opener.open(&r.x).map_err(|_| RecordError::Tampered)?;
    let code = String::from_utf8(code).map_err(|_| RecordError::Tampered)?;
    let open = CompactRecord { v: COMPACT_SCHEMA, s: r.s, sv: r.sv, d: r.d, c: code };
    serde_json::to_string(&open).map(std::borrow::Cow::Owned).map_err(|e| RecordError::NotARecord(e.to_string()))
}

/// Read a stored record of either schema: schema 1 (the whole response as JSON, written before
/// many tablets) or schema 2 (compact, decoded against `survey`), filed under `session`/`id`.
pub fn decode_record(text: &str, session: &str, id: &str, survey: &Survey) -> Result<StoredResponse, RecordError> {
    let (schema, s, sv) = record_survey(text)?;
    match schema {
        RESPONSE_SCHEMA => serde_json::from_str(text).map_err(|e| RecordError::NotARecord(e.to_string())),
        COMPACT_SCHEMA => {
            if survey.id != s || survey.version != sv {
                return Err(RecordError::UnknownSurvey { id: s, version: sv });
            }
            let r: CompactRecord = serde_json::from_str(text).map_err(|e| RecordError::NotARecord(e.to_string()))?;
            Ok(StoredResponse {
                schema: RESPONSE_SCHEMA,
                survey: r.s,
                survey_version: r.sv,
                session: session.to_string(),
                id: id.to_string(),
                date: r.d,
                answers: crate::compact::decode(survey, &r.c)?,
            })
        }
        SEALED_SCHEMA => Err(RecordError::Sealed),
        other => Err(RecordError::UnknownSchema(other)),
    }
}

/// A stored response whose answers are sealed (schema 3): the survey, session, id and day are
/// readable, the answers only with the session's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedResponse {
    pub survey: String,
    pub survey_version: String,
    pub session: String,
    pub id: String,
    pub date: NaiveDate,
    /// The answers' compact code, sealed to the session's public key ([`crate::seal`]).
    pub sealed: String,
}

/// A response as a device holds it and bundles carry it: open, or sealed to its session's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Open(StoredResponse),
    Sealed(SealedResponse),
}

impl From<StoredResponse> for Stored {
    fn from(r: StoredResponse) -> Self {
        Stored::Open(r)
    }
}

impl Stored {
    pub fn id(&self) -> &str {
        match self {
            Stored::Open(r) => &r.id,
            Stored::Sealed(r) => &r.id,
        }
    }

    pub fn session(&self) -> &str {
        match self {
            Stored::Open(r) => &r.session,
            Stored::Sealed(r) => &r.session,
        }
    }

    /// The survey id and version.
    pub fn survey(&self) -> (&str, &str) {
        match self {
            Stored::Open(r) => (&r.survey, &r.survey_version),
            Stored::Sealed(r) => (&r.survey, &r.survey_version),
        }
    }

    pub fn date(&self) -> NaiveDate {
        match self {
            Stored::Open(r) => r.date,
            Stored::Sealed(r) => r.date,
        }
    }

    /// The open response, if it is one.
    pub fn open(self) -> Option<StoredResponse> {
        match self {
            Stored::Open(r) => Some(r),
            Stored::Sealed(_) => None,
        }
    }

    /// Whether two held responses are the same one: open ones say the same thing
    /// ([`crate::bundle::same_response`]); sealed ones are the same sealed text (a response is
    /// sealed once, on its tablet, and every copy carries that text unchanged).
    pub fn same(&self, other: &Stored) -> bool {
        match (self, other) {
            (Stored::Open(a), Stored::Open(b)) => crate::bundle::same_response(a, b),
            (Stored::Sealed(a), Stored::Sealed(b)) => a == b,
            _ => false,
        }
    }
}

/// Read a stored record of any schema filed under `session`/`id`: open records decoded against
/// `survey` ([`decode_record`]), sealed ones kept sealed (their survey must be `survey`).
pub fn read_stored(text: &str, session: &str, id: &str, survey: &Survey) -> Result<Stored, RecordError> {
    let (schema, s, sv) = record_survey(text)?;
    if schema != SEALED_SCHEMA {
        return decode_record(text, session, id, survey).map(Stored::Open);
    }
    if survey.id != s || survey.version != sv {
        return Err(RecordError::UnknownSurvey { id: s, version: sv });
    }
    let r: SealedCompactRecord = serde_json::from_str(text).map_err(|e| RecordError::NotARecord(e.to_string()))?;
    crate::seal::check_sealed(&r.x).map_err(|_| RecordError::Tampered)?;
    Ok(Stored::Sealed(SealedResponse {
        survey: r.s,
        survey_version: r.sv,
        session: session.to_string(),
        id: id.to_string(),
        date: r.d,
        sealed: r.x,
    }))
}

/// Write a held response for storage: open ones as [`encode_record`] does, sealed ones as the
/// schema 3 record they came from (unchanged: nothing here can open or re-seal them).
pub fn encode_stored(survey: &Survey, r: &Stored) -> Result<String, RecordError> {
    match r {
        Stored::Open(r) => encode_record(survey, r),
        Stored::Sealed(r) => {
            if survey.id != r.survey || survey.version != r.survey_version {
                return Err(RecordError::UnknownSurvey { id: r.survey.clone(), version: r.survey_version.clone() });
            }
            let record = SealedCompactRecord {
                v: SEALED_SCHEMA,
                s: r.survey.clone(),
                sv: r.survey_version.clone(),
                d: r.date,
                x: r.sealed.clone(),
            };
            serde_json::to_string(&record).map_err(|e| RecordError::NotARecord(e.to_string()))
        }
    }
}

/// A session: one group taking one survey, reported against one framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Random id (UUID v4).
    pub id: String,
    pub survey: String,
    pub survey_version: String,
    pub framework: String,
    /// E.g. "Year 8, Ridgeway School, November 2026".
    pub group: String,
    #[serde(with = "crate::day")]
    pub started: NaiveDate,
    /// Seconds without a tap before "Are you still there?".
    pub idle_seconds: u32,
    /// Optional questions left out of this session.
    #[serde(default)]
    pub left_out: Vec<String>,
    /// One tap per answer: a tapped single answer moves on to the next question by itself
    /// (on unless the facilitator turns it off; sessions made before it existed have it on).
    #[serde(default = "on")]
    pub auto_advance: bool,
    /// The session's public key (base64url, `crate::seal`) if its responses are sealed: every
    /// tablet seals each response to it as it is saved. None for sessions that are not sealed
    /// (older ones, or opted out), whose records stay schema 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
}

fn on() -> bool {
    true
}

/// Why a stored session record could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionRecordError {
    /// Not a session's settings: the field and what is wrong with it, e.g.
    /// `idle_seconds: invalid value: integer `-1`, expected u32`.
    #[error("its settings are damaged ({0})")]
    Unreadable(String),
    #[error("it is filed under the id \"{filed}\" but names itself \"{named}\"")]
    WrongId { filed: String, named: String },
}

/// Read a stored session record filed under `filed_id`, saying exactly what is wrong with a
/// damaged one (which field, and how), so one damaged record can be named and skipped while
/// the healthy ones load.
pub fn read_session(filed_id: &str, text: &str) -> Result<Session, SessionRecordError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let s: Session = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let detail = e.into_inner().to_string();
        let detail = detail.rfind(" at line ").map_or(detail.as_str(), |i| &detail[..i]);
        let detail = crate::error::clip(detail, 200);
        SessionRecordError::Unreadable(if path == "." {
            detail
        } else {
            format!("{}: {detail}", crate::error::clip(&path, 64))
        })
    })?;
    de.end().map_err(|e| SessionRecordError::Unreadable(crate::error::clip(&e.to_string(), 200)))?;
    if s.id != filed_id {
        return Err(SessionRecordError::WrongId {
            filed: crate::error::clip(filed_id, 64),
            named: crate::error::clip(&s.id, 64),
        });
    }
    Ok(s)
}

/// Default idle time: two minutes.
pub const DEFAULT_IDLE_SECONDS: u32 = 120;

/// Why a session cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("give the group a name, e.g. \"Year 8, Ridgeway School, November 2026\"")]
    NoGroup,
    #[error("the group name is too long (at most 120 characters)")]
    GroupTooLong,
    #[error("the group name has a line break, a control character or a text-direction override in it: type it on one line, in plain letters")]
    GroupCharacters,
    #[error("the idle time must be between 30 seconds and 30 minutes")]
    IdleOutOfRange,
    #[error("its sealing key is not a valid public key")]
    BadSealKey,
}

/// Check a session's settings before it starts.
pub fn check_session(group: &str, idle_seconds: u32) -> Result<(), SessionError> {
    let g = group.trim();
    if !crate::text::has_visible_text(g) {
        return Err(SessionError::NoGroup);
    }
    if g.chars().count() > 120 {
        return Err(SessionError::GroupTooLong);
    }
    if crate::text::has_control_or_override(g) {
        return Err(SessionError::GroupCharacters);
    }
    if !(30..=1800).contains(&idle_seconds) {
        return Err(SessionError::IdleOutOfRange);
    }
    Ok(())
}

impl StoredResponse {
    /// The record for a pupil's finished answers.
    pub fn new(session: &Session, id: String, date: NaiveDate, answers: Answers) -> Self {
        StoredResponse {
            schema: RESPONSE_SCHEMA,
            survey: session.survey.clone(),
            survey_version: session.survey_version.clone(),
            session: session.id.clone(),
            id,
            date,
            answers,
        }
    }
}

/// A session's stored responses, checked one by one as they are read, and encoded straight
/// into columns for counting (compact records never become answer maps). Records that belong
/// elsewhere, were written by a newer app, or do not fit the survey are left out and reported,
/// never counted half-way.
#[derive(Debug)]
pub struct Gathering<'a> {
    session: &'a Session,
    survey: &'a Survey,
    data: crate::results::DatasetBuilder<'a>,
    dates: Option<(NaiveDate, NaiveDate)>,
    other_survey: usize,
    not_fitting: usize,
    first_misfit: Option<String>,
    /// Responses of a record schema this app does not know (written by a newer one), and the
    /// highest such schema.
    newer: usize,
    newest_schema: u32,
    unreadable: Vec<String>,
}

/// The result of a [`Gathering`].
#[derive(Debug, Clone, PartialEq)]
pub struct Gathered {
    /// The responses counted, encoded.
    pub dataset: crate::results::Dataset,
    /// First and last day responses were given.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// What was left out and why, in words for the facilitator.
    pub problems: Vec<String>,
}

impl<'a> Gathering<'a> {
    pub fn new(session: &'a Session, survey: &'a Survey) -> Self {
        Gathering {
            session,
            survey,
            data: crate::results::DatasetBuilder::new(survey, 0),
            dates: None,
            other_survey: 0,
            not_fitting: 0,
            first_misfit: None,
            newer: 0,
            newest_schema: 0,
            unreadable: Vec::new(),
        }
    }

    fn dated(&mut self, d: NaiveDate) {
        self.dates = Some(match self.dates {
            None => (d, d),
            Some((a, b)) => (a.min(d), b.max(d)),
        });
    }

    fn misfit(&mut self, why: String) {
        self.not_fitting += 1;
        self.first_misfit.get_or_insert(why);
    }

    /// Take one stored response. One of a schema this app does not know (a newer app's) is left
    /// out and reported, never counted as if it were today's.
    pub fn add(&mut self, r: StoredResponse) {
        if own_schema(&r).is_err() {
            self.newer += 1;
            self.newest_schema = self.newest_schema.max(r.schema);
            return;
        }
        if r.survey != self.session.survey || r.session != self.session.id {
            self.other_survey += 1;
            return;
        }
        if let Err(e) = check_answers(self.survey, &r.answers) {
            self.misfit(e.to_string());
            return;
        }
        self.dated(r.date);
        self.data.push_answers(&r.answers);
    }

    /// Take one stored record as its text (filed under this session with `id`): a compact record
    /// of this survey version goes straight into the columns; anything else is read whole.
    pub fn add_text(&mut self, text: &str, id: &str) -> Result<(), RecordError> {
        if let Some((s, sv, d, c)) = compact_fields(text) {
            if s == self.survey.id && sv == self.survey.version {
                match self.data.push_code(c) {
                    Ok(()) => self.dated(d),
                    Err(e) => self.misfit(e.to_string()),
                }
                return Ok(());
            }
        }
        let (schema, s, sv) = record_survey(text)?;
        if schema == COMPACT_SCHEMA && s == self.survey.id && sv == self.survey.version {
            let r: CompactRecord = serde_json::from_str(text).map_err(|e| RecordError::NotARecord(e.to_string()))?;
            match self.data.push_code(&r.c) {
                Ok(()) => self.dated(r.d),
                Err(e) => self.misfit(e.to_string()),
            }
            return Ok(());
        }
        if schema == COMPACT_SCHEMA && s == self.survey.id {
            self.other_survey += 1;
            return Ok(());
        }
        let session = self.session.id.clone();
        let r = decode_record(text, &session, id, self.survey)?;
        self.add(r);
        Ok(())
    }

    /// Note a record that could not be read at all (it stays in storage untouched).
    pub fn unreadable(&mut self, problem: String) {
        self.unreadable.push(problem);
    }

    pub fn finish(self) -> Gathered {
        let mut problems = self.unreadable;
        if self.newer > 0 {
            problems.push(format!(
                "{} stored response(s) were written by a newer version of Youth Voice (record schema {}) and were left out: update the app to count them.",
                self.newer, self.newest_schema
            ));
        }
        if self.other_survey > 0 {
            problems.push(format!(
                "{} stored response(s) filed under this session belong to another survey, version or session and were left out.",
                self.other_survey
            ));
        }
        if let Some(first) = self.first_misfit {
            problems.push(format!(
                "{} stored response(s) do not fit the survey \u{201c}{}\u{201d} version {} and were left out (for example: {first}).",
                self.not_fitting, self.survey.id, self.survey.version
            ));
        }
        Gathered { dataset: self.data.finish(), dates: self.dates, problems }
    }
}

/// Why a session cannot be deleted yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeleteBlocked {
    #[error("type the group name exactly to confirm")]
    NameNotTyped,
    #[error("export the results first, or confirm that no export is needed")]
    NotExported,
}

/// Deleting a session's responses needs its group name typed, and an export made first unless
/// the facilitator explicitly overrides.
pub fn may_delete(group: &str, typed: &str, exported: bool, override_export: bool) -> Result<(), DeleteBlocked> {
    if typed.trim() != group.trim() || group.trim().is_empty() {
        return Err(DeleteBlocked::NameNotTyped);
    }
    if !exported && !override_export {
        return Err(DeleteBlocked::NotExported);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Answer;

    fn fixture_survey() -> Survey {
        let text = include_str!("../tests/fixtures/survey-valid.json");
        crate::survey::parse_survey("survey-valid.json", text).unwrap()
    }

    fn session() -> Session {
        Session {
            id: "s1".into(),
            survey: "mini".into(),
            survey_version: "1.0.0".into(),
            framework: "mini-plan".into(),
            group: "Year 8".into(),
            started: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            idle_seconds: DEFAULT_IDLE_SECONDS,
            left_out: Vec::new(),
            auto_advance: true,
            seal: None,
        }
    }

    fn record(s: &Session, id: &str, day: u32, safe: &str) -> StoredResponse {
        let mut a = Answers::default();
        a.set("safe_school", Answer::Choice(safe.into()));
        StoredResponse::new(s, id.into(), NaiveDate::from_ymd_opt(2026, 11, day).unwrap(), a)
    }

    #[test]
    fn a_sealed_record_reads_only_with_the_session_key() {
        let (sv, s) = (fixture_survey(), session());
        let key = crate::seal::SessionKey::from_random([7; 32]);
        let r = record(&s, "a", 3, "always");
        let sealer = crate::seal::Sealer::new(&key.public(), [1; 32]).unwrap();
        let text = encode_sealed_record(&sv, &r, &sealer, [2; 24]).unwrap();
        assert!(!text.contains("always") && !text.contains("safe_school"), "no answer readable: {text}");
        assert_eq!(record_survey(&text).unwrap(), (SEALED_SCHEMA, "mini".into(), "1.0.0".into()));
        assert_eq!(decode_record(&text, "s1", "a", &sv), Err(RecordError::Sealed));
        let open = open_record(&text, &mut key.opener()).unwrap();
        assert_eq!(decode_record(&open, "s1", "a", &sv).unwrap(), r);
        // Without its key, or changed, it is refused by name, never read wrongly.
        let other = crate::seal::SessionKey::from_random([8; 32]);
        assert_eq!(open_record(&text, &mut other.opener()).unwrap_err(), RecordError::Tampered);
        let x_at = text.find("\"x\":\"").unwrap() + 5;
        for i in [x_at, x_at + 20, text.len() - 3] {
            let mut changed = text.clone().into_bytes();
            changed[i] = if changed[i] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(changed).unwrap();
            assert!(
                matches!(
                    open_record(&changed, &mut key.opener()),
                    Err(RecordError::Tampered | RecordError::NotARecord(_))
                ),
                "{i}"
            );
        }
        // Records that are not sealed pass through untouched.
        let plain = encode_record(&sv, &r).unwrap();
        assert!(matches!(open_record(&plain, &mut key.opener()).unwrap(), std::borrow::Cow::Borrowed(t) if t == plain));
    }

    #[test]
    fn a_damaged_session_record_says_which_field_is_wrong() {
        let text = serde_json::to_string(&session()).unwrap();
        assert_eq!(read_session("s1", &text), Ok(session()));
        let damaged = text.replacen("\"idle_seconds\":120", "\"idle_seconds\":-1", 1);
        let e = read_session("s1", &damaged).unwrap_err();
        assert_eq!(e, SessionRecordError::Unreadable("idle_seconds: invalid value: integer `-1`, expected u32".into()));
        assert!(matches!(read_session("s1", "{oops"), Err(SessionRecordError::Unreadable(_))));
        assert!(matches!(read_session("s2", &text), Err(SessionRecordError::WrongId { .. })));
    }

    #[test]
    fn a_session_that_is_not_sealed_writes_no_seal_field() {
        let s = session();
        assert!(!serde_json::to_string(&s).unwrap().contains("seal"));
        let sealed = Session { seal: Some(crate::seal::SessionKey::from_random([7; 32]).public()), ..s };
        let back: Session = serde_json::from_str(&serde_json::to_string(&sealed).unwrap()).unwrap();
        assert_eq!(back, sealed);
    }

    #[test]
    fn gathering_keeps_fitting_responses_and_reports_the_rest() {
        let (sv, s) = (fixture_survey(), session());
        let mut g = Gathering::new(&s, &sv);
        g.add(record(&s, "a", 3, "always"));
        g.add(record(&s, "b", 1, "never"));
        g.add(record(&s, "c", 2, "no_such_option"));
        let mut other = record(&s, "d", 2, "always");
        other.survey = "secondary".into();
        g.add(other);
        g.unreadable("record x: bad JSON".into());
        let done = g.finish();
        assert_eq!(done.dataset.len(), 2);
        let d = |n| NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        assert_eq!(done.dates, Some((d(1), d(3))));
        assert_eq!(done.problems.len(), 3, "{:?}", done.problems);
        assert!(done.problems[1].starts_with("1 stored response(s) filed under this session belong to another"));
        assert!(done.problems[2].contains("no option \"no_such_option\""), "{}", done.problems[2]);
    }

    #[test]
    fn a_response_of_a_future_schema_is_named_and_never_counted_or_rewritten() {
        let (sv, s) = (fixture_survey(), session());
        let mut future = record(&s, "f", 3, "always");
        future.schema = 999;
        let mut g = Gathering::new(&s, &sv);
        g.add(record(&s, "a", 2, "never"));
        g.add(future.clone());
        let done = g.finish();
        assert_eq!(done.dataset.len(), 1, "only today's response is counted");
        let d2 = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(done.dates, Some((d2, d2)), "the future one's day is not counted either");
        assert_eq!(done.problems.len(), 1, "{:?}", done.problems);
        assert!(
            done.problems[0]
                .starts_with("1 stored response(s) were written by a newer version of Youth Voice (record schema 999)"),
            "{}",
            done.problems[0]
        );
        // Nor is it written back as if it were today's schema.
        assert_eq!(encode_record(&sv, &future), Err(RecordError::UnknownSchema(999)));
        let key = crate::seal::SessionKey::from_random([7; 32]);
        let sealer = crate::seal::Sealer::new(&key.public(), [1; 32]).unwrap();
        assert_eq!(encode_sealed_record(&sv, &future, &sealer, [2; 24]), Err(RecordError::UnknownSchema(999)));
        // Stored with its schema, it is refused by name when read.
        let text = encode_record(&sv, &record(&s, "f", 3, "always")).unwrap().replacen("\"v\":2", "\"v\":999", 1);
        assert_eq!(read_stored(&text, "s1", "f", &sv), Err(RecordError::UnknownSchema(999)));
    }

    #[test]
    fn gathering_reads_compact_and_old_records_and_names_the_rest() {
        let (sv, s) = (fixture_survey(), session());
        let mut g = Gathering::new(&s, &sv);
        let compact = encode_record(&sv, &record(&s, "a", 3, "always")).unwrap();
        g.add_text(&compact, "a").unwrap();
        let old = serde_json::to_string(&record(&s, "b", 1, "never")).unwrap();
        g.add_text(&old, "b").unwrap();
        let newer = compact.replacen("\"v\":2", "\"v\":7", 1);
        assert_eq!(g.add_text(&newer, "c"), Err(RecordError::UnknownSchema(7)));
        let bad_code = compact.replacen("\"c\":\"", "\"c\":\"!", 1);
        g.add_text(&bad_code, "d").unwrap();
        let other_version = compact.replacen("\"sv\":\"1.0.0\"", "\"sv\":\"2.0.0\"", 1);
        g.add_text(&other_version, "e").unwrap();
        let done = g.finish();
        assert_eq!(done.dataset.len(), 2);
        let d = |n| NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        assert_eq!(done.dates, Some((d(1), d(3))));
        assert_eq!(done.problems.len(), 2, "{:?}", done.problems);
    }

    #[test]
    fn the_quick_reading_of_compact_records_agrees_with_the_json_parser() {
        let (sv, s) = (fixture_survey(), session());
        let text = encode_record(&sv, &record(&s, "a", 3, "always")).unwrap();
        let (survey, version, d, code) = compact_fields(&text).expect("written by encode_record");
        let parsed: CompactRecord = serde_json::from_str(&text).unwrap();
        assert_eq!((survey, version, d, code), (parsed.s.as_str(), parsed.sv.as_str(), parsed.d, parsed.c.as_str()));
        for other in [
            text.replacen("\"v\":2", "\"v\":3", 1),
            text.replacen("2026-11-03", "2026-13-03", 1),
            text.replacen("{\"v\":2,", "{ \"v\":2,", 1),
            text.replacen("\"}", "\\\"\"}", 1),
            "{}".to_string(),
        ] {
            assert_eq!(compact_fields(&other), None, "{other}");
        }
    }

    #[test]
    fn deleting_needs_the_name_and_an_export_or_an_override() {
        assert_eq!(may_delete("Year 8", "Year 9", true, true), Err(DeleteBlocked::NameNotTyped));
        assert_eq!(may_delete("", "", true, true), Err(DeleteBlocked::NameNotTyped));
        assert_eq!(may_delete("Year 8", " Year 8 ", false, false), Err(DeleteBlocked::NotExported));
        assert_eq!(may_delete("Year 8", "Year 8", true, false), Ok(()));
        assert_eq!(may_delete("Year 8", "Year 8", false, true), Ok(()));
    }
}
