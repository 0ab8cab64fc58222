//! "Many tablets, one picture": moving responses and sessions between tablets as plain files.
//!
//! A **response bundle** carries one survey's responses off a tablet: anonymous records (random
//! id, session, date, compact answers), the sessions they belong to, and enough to check on the
//! receiving tablet that nothing was changed or lost on the way (the survey's content hash, a
//! record count and a checksum). A **session pack** carries a session's settings (and, when the
//! receiving tablet may not have it, the survey itself) *to* a tablet, so every tablet in a
//! school files its responses under the same session.
//!
//! Reading is all or nothing: a file with any problem is refused whole, with a message naming
//! the file and the problem, and changes nothing. Merging is idempotent: a record is identified
//! by its random id, so importing the same file twice, or two files that overlap, never counts a
//! pupil twice, and two different records under one id are reported, never merged.
//!
//! The file formats are documented in `data/FORMATS.md` ("Response bundles and session packs").

use crate::compact::{self, CompactError};
use crate::envelope::{check_session, SealedResponse, Session, SessionError, Stored, StoredResponse};
use crate::response::{check_answers, Answer, AnswerError, Answers};
use crate::survey::Survey;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The `"format"` of a response bundle.
pub const BUNDLE_FORMAT: &str = "youth-voice-bundle";
/// The bundle format version this code reads and writes.
pub const BUNDLE_FORMAT_VERSION: u32 = 1;
/// The `"format"` of a session pack.
pub const PACK_FORMAT: &str = "youth-voice-session-pack";
/// The session pack format version this code reads and writes.
pub const PACK_FORMAT_VERSION: u32 = 1;
/// The largest session pack accepted: a survey file (at most [`crate::MAX_FILE_BYTES`]) and a
/// session's settings.
pub const MAX_PACK_BYTES: usize = crate::MAX_FILE_BYTES + 64 * 1024;
/// The longest id (record or session) accepted from a file.
pub const MAX_ID_CHARS: usize = 64;

/// Which survey a bundle's answers were given to. The answers are coded by question position,
/// so the receiving tablet must have exactly this survey: same id, version and content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyRef {
    pub id: String,
    pub version: String,
    /// SHA-256 (lowercase hex) of the survey's canonical JSON: see [`survey_hash`].
    pub content_hash: String,
}

/// A response bundle file (`"format": "youth-voice-bundle"`). No device id, no time of day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseBundle {
    pub format: String,
    pub format_version: u32,
    pub survey: SurveyRef,
    /// The sessions the records belong to (every record's session is listed here).
    pub sessions: Vec<Session>,
    pub records: Vec<Record>,
    /// How many records the file holds: a second check against a cut-off file.
    pub record_count: usize,
    /// SHA-256 (lowercase hex) of the records' canonical JSON: see [`records_checksum`].
    pub checksum: String,
}

/// One response in a bundle. Untagged: the field holding the answers says which it is, open
/// (`answers`) or sealed to its session's key (`sealed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Record {
    Open(OpenRecord),
    Sealed(SealedRecord),
}

/// A record whose answers are readable: `{ "id", "session", "date", "answers" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenRecord {
    pub id: String,
    pub session: String,
    #[serde(with = "crate::day")]
    pub date: NaiveDate,
    /// The answers, written with [`crate::compact::encode`].
    pub answers: String,
}

/// A record whose answers are sealed to its session's public key (`crate::seal`),
/// `{ "id", "session", "date", "sealed" }`: carried and merged as it is, opened only where the
/// session's key is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedRecord {
    pub id: String,
    pub session: String,
    #[serde(with = "crate::day")]
    pub date: NaiveDate,
    pub sealed: String,
}

impl Record {
    pub fn id(&self) -> &str {
        match self {
            Record::Open(r) => &r.id,
            Record::Sealed(r) => &r.id,
        }
    }
}

/// A bundle that was made, and the responses that could not go in it (each in words, naming the
/// record), so an export never drops a response silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeBundle {
    pub bundle: ResponseBundle,
    pub left_out: Vec<String>,
}

/// A bundle that passed every check, its records decoded and ready to merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadBundle {
    /// The file's name, for the merge report.
    pub file: String,
    pub survey: SurveyRef,
    pub sessions: Vec<Session>,
    /// Each record once, in file order.
    pub records: Vec<Stored>,
    /// Records repeated identically inside the file (counted once).
    pub repeats: usize,
}

/// What can be wrong with any file read here, before its own checks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    #[error("the file is {bytes} bytes; the largest accepted is {max} bytes")]
    TooLarge { bytes: usize, max: usize },
    #[error("the file is empty")]
    Empty,
    #[error("{0}")]
    NotText(String),
    #[error("the file ends too early: it was probably cut off while being copied")]
    Truncated,
    #[error("the file is not valid JSON (line {line}, column {column}: {detail})")]
    NotJson { line: usize, column: usize, detail: String },
    #[error("this is not a {expected} file (its \"format\" is {found})")]
    WrongFormat { expected: &'static str, found: String },
    #[error("format version {found} is not supported; this version of Youth Voice reads format version {supported}")]
    UnknownFormatVersion { found: String, supported: u32 },
    #[error("the file's contents are not as expected ({detail})")]
    Structure { detail: String },
}

/// A bundle was refused, whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} was not imported: {problem}")]
pub struct BundleError {
    /// The file's name as the facilitator knows it.
    pub file: String,
    pub problem: BundleProblem,
}

/// Why a bundle was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleProblem {
    #[error(transparent)]
    File(FileProblem),
    #[error("it says it holds {stated} records but holds {found}: the file was changed or damaged after it was made")]
    RecordCount { stated: usize, found: usize },
    #[error("its records do not match its checksum: the file was changed or damaged after it was made")]
    Checksum,
    #[error("its responses are to the survey \"{id}\" version {version}, which is not on this tablet (load that survey first)")]
    UnknownSurvey { id: String, version: String },
    #[error("its responses are to a different edition of the survey \"{id}\" version {version} than the one on this tablet (the questions differ), so they cannot be read here")]
    SurveyChanged { id: String, version: String },
    #[error("the {what} id \"{id}\" is not allowed (1 to 64 letters, digits, '-' or '_')")]
    BadId { what: &'static str, id: String },
    #[error("session \"{session}\" is for the survey \"{survey}\" version {version}, not the bundle's survey")]
    SessionForOtherSurvey { session: String, survey: String, version: String },
    #[error("session \"{session}\" is listed twice with different settings")]
    DuplicateSession { session: String },
    #[error("session \"{session}\": {problem}")]
    BadSession { session: String, problem: SessionError },
    #[error("record \"{record}\" belongs to session \"{session}\", which the file does not list")]
    UnknownSession { record: String, session: String },
    #[error("record \"{record}\" is sealed, but its session \"{session}\" is not a sealed session")]
    SealedInOpenSession { record: String, session: String },
    #[error("record \"{record}\" is not sealed, but its session \"{session}\" is sealed: every tablet of a sealed session seals its answers, so this record was not made by one")]
    OpenInSealedSession { record: String, session: String },
    #[error("record \"{record}\" is not a sealed text: it was changed or damaged")]
    BadSeal { record: String },
    #[error("record \"{record}\" could not be read: {problem}")]
    Undecodable { record: String, problem: CompactError },
    #[error("record \"{record}\" does not fit the survey: {problem}")]
    DoesNotFit { record: String, problem: AnswerError },
    #[error("record \"{record}\" appears twice with different contents")]
    DuplicateRecord { record: String },
}

/// A session pack was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} was not loaded: {problem}")]
pub struct PackError {
    pub file: String,
    pub problem: PackProblem,
}

/// Why a session pack was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackProblem {
    #[error(transparent)]
    File(FileProblem),
    #[error("the session id \"{id}\" is not allowed (1 to 64 letters, digits, '-' or '_')")]
    BadId { id: String },
    #[error("the session cannot be used: {0}")]
    BadSession(SessionError),
    #[error("the survey in the file is \"{found_id}\" version {found_version}, but the session is for \"{id}\" version {version}")]
    SurveyMismatch { id: String, version: String, found_id: String, found_version: String },
    #[error("the session is for the survey \"{id}\" version {version}, which is not on this tablet and not in the file: make the pack again with the survey included")]
    SurveyNeeded { id: String, version: String },
}

/// Lowercase hex of the SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The survey's content hash: SHA-256 of `serde_json::to_string(survey)`. The survey type
/// serialises deterministically (ordered maps, fixed field order), so the same survey file
/// hashes the same on every tablet, however it was formatted.
pub fn survey_hash(survey: &Survey) -> String {
    sha256_hex(serde_json::to_string(survey).unwrap_or_default().as_bytes())
}

/// The records' checksum: SHA-256 of `serde_json::to_string(records)`, so whitespace changes
/// do not matter but any changed, added or removed record does.
pub fn records_checksum(records: &[Record]) -> String {
    sha256_hex(serde_json::to_string(records).unwrap_or_default().as_bytes())
}

/// Ids go into storage keys and file listings: short, and letters, digits, `-` and `_` only.
pub fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `group` as a file-name part: lowercase letters, digits and single hyphens, at most 60
/// characters, never empty (`group`). No path separators, dots or newlines can survive.
pub fn slug(group: &str) -> String {
    let mut slug = String::new();
    for c in group.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.chars().take(60).collect();
    match slug.trim_end_matches('-') {
        "" => "group".to_string(),
        s => s.to_string(),
    }
}

/// A bundle's file name: `youth-voice-bundle-{group}-{date}.json`.
pub fn bundle_file_name(group: &str, date: NaiveDate) -> String {
    format!("youth-voice-bundle-{}-{}.json", slug(group), crate::day::to_string(date))
}

/// A session pack's file name: `youth-voice-session-{group}-{date}.json`.
pub fn pack_file_name(group: &str, date: NaiveDate) -> String {
    format!("youth-voice-session-{}-{}.json", slug(group), crate::day::to_string(date))
}

/// Whether two stored responses say the same thing: same survey, session, date and answers
/// (multiple choices compared as sets, since a bundle writes them in the survey's order).
/// The envelope's schema number is not content.
pub fn same_response(a: &StoredResponse, b: &StoredResponse) -> bool {
    a.id == b.id
        && a.survey == b.survey
        && a.survey_version == b.survey_version
        && a.session == b.session
        && a.date == b.date
        && canonical(&a.answers) == canonical(&b.answers)
}

fn canonical(answers: &Answers) -> Answers {
    let mut out = answers.clone();
    for a in out.0.values_mut() {
        if let Answer::Choices(os) = a {
            os.sort();
            os.dedup();
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Making a bundle

/// Bundle `responses` to `survey` in `sessions`. Everything that [`read_bundle`] would refuse is
/// left out and listed instead (a session for another survey, a response whose session is not
/// given, answers that do not fit the survey, an id used twice), so a bundle made here always
/// reads back. Records are sorted by date and id, so the same responses always make the same file.
pub fn make_bundle(survey: &Survey, sessions: &[Session], responses: &[Stored]) -> MadeBundle {
    let mut left_out = Vec::new();
    let kept = bundle_sessions(survey, sessions, &mut left_out);
    let mut records: BTreeMap<String, (Record, &Stored)> = BTreeMap::new();
    for r in responses {
        match bundle_record(survey, &kept, r) {
            Err(why) => left_out.push(format!("response \"{}\" was left out: {why}", r.id())),
            Ok(rec) => match records.get(r.id()) {
                Some((_, first)) if first.same(r) => {}
                Some(_) => left_out.push(format!("response \"{}\" was left out: its id is used twice", r.id())),
                None => {
                    records.insert(r.id().to_string(), (rec, r));
                }
            },
        }
    }
    let mut records: Vec<(&Stored, Record)> = records.into_values().map(|(rec, r)| (r, rec)).collect();
    records.sort_by(|(a, _), (b, _)| (a.date(), a.id()).cmp(&(b.date(), b.id())));
    let records: Vec<Record> = records.into_iter().map(|(_, rec)| rec).collect();
    let bundle = ResponseBundle {
        format: BUNDLE_FORMAT.to_string(),
        format_version: BUNDLE_FORMAT_VERSION,
        survey: SurveyRef { id: survey.id.clone(), version: survey.version.clone(), content_hash: survey_hash(survey) },
        sessions: kept.into_values().collect(),
        record_count: records.len(),
        checksum: records_checksum(&records),
        records,
    };
    MadeBundle { bundle, left_out }
}

/// The sessions that can go in a bundle of `survey`, by id.
fn bundle_sessions(survey: &Survey, sessions: &[Session], left_out: &mut Vec<String>) -> BTreeMap<String, Session> {
    let mut kept: BTreeMap<String, Session> = BTreeMap::new();
    for s in sessions {
        match check_bundle_session(survey, s) {
            Err(why) => left_out.push(format!("session \"{}\" was left out: {why}", s.group)),
            Ok(()) => match kept.get(&s.id) {
                Some(first) if first == s => {}
                Some(_) => left_out.push(format!("session \"{}\" was left out: its id is used twice", s.group)),
                None => {
                    kept.insert(s.id.clone(), s.clone());
                }
            },
        }
    }
    kept
}

/// What every response must be to go in a bundle, open or sealed: of the bundle's survey, with an
/// allowed id, in a bundled session that is sealed exactly when the response is. Why not, in
/// words for the facilitator.
fn check_bundled(survey: &Survey, sessions: &BTreeMap<String, Session>, r: &Stored) -> Result<(), String> {
    let (id, version) = r.survey();
    if id != survey.id || version != survey.version {
        return Err(format!("it is a response to the survey \"{id}\" version {version}"));
    }
    if !safe_id(r.id()) {
        return Err(format!("its id is not allowed (1 to {MAX_ID_CHARS} letters, digits, '-' or '_')"));
    }
    let sealed = matches!(r, Stored::Sealed(_));
    match sessions.get(r.session()) {
        None => Err(format!("its session \"{}\" is not among the sessions bundled", r.session())),
        Some(s) if s.seal.is_some() && !sealed => {
            Err("it is not sealed, but its session is: it was not made by a tablet of the session".into())
        }
        Some(s) if s.seal.is_none() && sealed => Err("it is sealed, but its session is not".into()),
        Some(_) => Ok(()),
    }
}

/// A response as a bundle record (a sealed one carried as it is), or why it cannot be one.
fn bundle_record(survey: &Survey, sessions: &BTreeMap<String, Session>, r: &Stored) -> Result<Record, String> {
    check_bundled(survey, sessions, r)?;
    match r {
        Stored::Open(r) => {
            if r.schema != crate::envelope::RESPONSE_SCHEMA {
                return Err(format!(
                    "it was written by a newer version of Youth Voice (record schema {}): update the app to carry it",
                    r.schema
                ));
            }
            check_answers(survey, &r.answers).map_err(|e| format!("it does not fit the survey: {e}"))?;
            let answers =
                compact::encode(survey, &r.answers).map_err(|e| format!("its answers could not be written: {e}"))?;
            Ok(Record::Open(OpenRecord { id: r.id.clone(), session: r.session.clone(), date: r.date, answers }))
        }
        Stored::Sealed(r) => {
            crate::seal::check_sealed(&r.sealed).map_err(|_| "its sealed answers are damaged".to_string())?;
            Ok(Record::Sealed(SealedRecord {
                id: r.id.clone(),
                session: r.session.clone(),
                date: r.date,
                sealed: r.sealed.clone(),
            }))
        }
    }
}

/// The checks every session in a bundle passes.
fn check_bundle_session(survey: &Survey, s: &Session) -> Result<(), BundleProblem> {
    if !safe_id(&s.id) {
        return Err(BundleProblem::BadId { what: "session", id: s.id.clone() });
    }
    if s.survey != survey.id || s.survey_version != survey.version {
        return Err(BundleProblem::SessionForOtherSurvey {
            session: s.id.clone(),
            survey: s.survey.clone(),
            version: s.survey_version.clone(),
        });
    }
    check_session(&s.group, s.idle_seconds)
        .map_err(|problem| BundleProblem::BadSession { session: s.id.clone(), problem })?;
    match &s.seal {
        Some(key) if crate::seal::check_public_key(key).is_err() => {
            Err(BundleProblem::BadSession { session: s.id.clone(), problem: SessionError::BadSealKey })
        }
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading files

/// Size, JSON, format and version, then the typed structure: the steps every file goes through.
pub(crate) fn parse_file<T: DeserializeOwned>(
    bytes: &[u8],
    max: usize,
    format: &'static str,
    version: u32,
) -> Result<T, FileProblem> {
    if bytes.len() > max {
        return Err(FileProblem::TooLarge { bytes: bytes.len(), max });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileProblem::Empty);
    }
    let text = crate::text::decode_text(bytes).map_err(FileProblem::NotText)?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_problem(&e))?;
    let found = value.get("format");
    if found.and_then(|f| f.as_str()) != Some(format) {
        let found = found.map(|f| f.to_string()).unwrap_or_else(|| "missing".to_string());
        return Err(FileProblem::WrongFormat { expected: format, found });
    }
    let found = value.get("format_version");
    if found.and_then(|v| v.as_u64()) != Some(u64::from(version)) {
        let found = found.map(|v| v.to_string()).unwrap_or_else(|| "missing".to_string());
        return Err(FileProblem::UnknownFormatVersion { found, supported: version });
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let detail = e.into_inner().to_string();
        let detail = if detail.contains("untagged enum Record") {
            "a record needs \"id\", \"session\", \"date\" and either \"answers\" or \"sealed\", and nothing else"
                .to_string()
        } else {
            detail
        };
        FileProblem::Structure { detail: if path == "." { detail } else { format!("{path}: {detail}") } }
    })
}

fn json_problem(e: &serde_json::Error) -> FileProblem {
    if e.is_eof() {
        return FileProblem::Truncated;
    }
    let detail = e.to_string();
    let detail = detail.rfind(" at line ").and_then(|i| detail.get(..i)).unwrap_or(&detail).to_string();
    FileProblem::NotJson { line: e.line(), column: e.column(), detail }
}

/// Read a bundle file. `surveys(id, version)` finds a survey on this tablet; `max_bytes` is the
/// largest file accepted. Refused whole, with the first problem found, if anything is wrong:
/// the file is oversized, not JSON, cut off or not a bundle; its version is unknown; its records
/// were changed (count or checksum); its survey is not on this tablet or differs from it; a
/// session or record is malformed, sealed, does not decode or does not fit the survey; or one
/// record id holds two different responses.
pub fn read_bundle<'s>(
    file_name: &str,
    bytes: &[u8],
    surveys: &dyn Fn(&str, &str) -> Option<&'s Survey>,
    max_bytes: usize,
) -> Result<ReadBundle, BundleError> {
    let fail = |problem| BundleError { file: file_name.to_string(), problem };
    let b: ResponseBundle =
        parse_file(bytes, max_bytes, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION).map_err(|p| fail(BundleProblem::File(p)))?;
    check_integrity(&b).map_err(fail)?;
    let survey = surveys(&b.survey.id, &b.survey.version)
        .ok_or_else(|| BundleProblem::UnknownSurvey { id: b.survey.id.clone(), version: b.survey.version.clone() })
        .map_err(fail)?;
    if survey_hash(survey) != b.survey.content_hash {
        let (id, version) = (b.survey.id.clone(), b.survey.version.clone());
        return Err(fail(BundleProblem::SurveyChanged { id, version }));
    }
    let sessions = read_sessions(survey, &b.sessions).map_err(fail)?;
    let (records, repeats) = read_records(survey, &sessions, &b.records).map_err(fail)?;
    Ok(ReadBundle {
        file: file_name.to_string(),
        survey: b.survey,
        sessions: sessions.into_values().collect(),
        records,
        repeats,
    })
}

/// The record count and checksum: was anything changed, added or lost after the file was made?
fn check_integrity(b: &ResponseBundle) -> Result<(), BundleProblem> {
    if b.record_count != b.records.len() {
        return Err(BundleProblem::RecordCount { stated: b.record_count, found: b.records.len() });
    }
    if records_checksum(&b.records) != b.checksum {
        return Err(BundleProblem::Checksum);
    }
    Ok(())
}

/// A bundle's sessions, checked, by id.
fn read_sessions(survey: &Survey, sessions: &[Session]) -> Result<BTreeMap<String, Session>, BundleProblem> {
    let mut out: BTreeMap<String, Session> = BTreeMap::new();
    for s in sessions {
        check_bundle_session(survey, s)?;
        match out.get(&s.id) {
            Some(first) if first == s => {}
            Some(_) => return Err(BundleProblem::DuplicateSession { session: s.id.clone() }),
            None => {
                out.insert(s.id.clone(), s.clone());
            }
        }
    }
    Ok(out)
}

/// A bundle's records, decoded and checked, each once; and how many were identical repeats.
fn read_records(
    survey: &Survey,
    sessions: &BTreeMap<String, Session>,
    records: &[Record],
) -> Result<(Vec<Stored>, usize), BundleProblem> {
    let mut out: Vec<Stored> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut repeats = 0;
    for rec in records {
        let r = read_record(survey, sessions, rec)?;
        match seen.get(r.id()).and_then(|&i| out.get(i)) {
            Some(first) if first.same(&r) => repeats += 1,
            Some(_) => return Err(BundleProblem::DuplicateRecord { record: r.id().to_string() }),
            None => {
                seen.insert(r.id().to_string(), out.len());
                out.push(r);
            }
        }
    }
    Ok((out, repeats))
}

/// One record as a stored response.
fn read_record(survey: &Survey, sessions: &BTreeMap<String, Session>, rec: &Record) -> Result<Stored, BundleProblem> {
    let (id, session_id) = match rec {
        Record::Open(r) => (&r.id, &r.session),
        Record::Sealed(r) => (&r.id, &r.session),
    };
    if !safe_id(id) {
        return Err(BundleProblem::BadId { what: "record", id: id.clone() });
    }
    let session = sessions
        .get(session_id)
        .ok_or_else(|| BundleProblem::UnknownSession { record: id.clone(), session: session_id.clone() })?;
    let r = match (rec, &session.seal) {
        (Record::Sealed(r), Some(_)) => {
            crate::seal::check_sealed(&r.sealed).map_err(|_| BundleProblem::BadSeal { record: r.id.clone() })?;
            return Ok(Stored::Sealed(SealedResponse {
                survey: session.survey.clone(),
                survey_version: session.survey_version.clone(),
                session: session.id.clone(),
                id: r.id.clone(),
                date: r.date,
                sealed: r.sealed.clone(),
            }));
        }
        (Record::Sealed(r), None) => {
            return Err(BundleProblem::SealedInOpenSession { record: r.id.clone(), session: r.session.clone() })
        }
        (Record::Open(r), Some(_)) => {
            return Err(BundleProblem::OpenInSealedSession { record: r.id.clone(), session: r.session.clone() })
        }
        (Record::Open(r), None) => r,
    };
    let answers = compact::decode_checked(survey, &r.answers).map_err(|p| match p {
        compact::DecodeProblem::Code(problem) => BundleProblem::Undecodable { record: r.id.clone(), problem },
        compact::DecodeProblem::Fit(problem) => BundleProblem::DoesNotFit { record: r.id.clone(), problem },
    })?;
    Ok(Stored::Open(StoredResponse::new(session, r.id.clone(), r.date, answers)))
}

// ---------------------------------------------------------------------------------------------
// Merging

/// What importing some bundles would do. Nothing is stored until the app stores
/// [`MergePlan::to_store`]; planning the same files again afterwards finds nothing new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergePlan {
    /// One report per file, in the order given.
    pub files: Vec<FilePlan>,
    /// Every session the files list, once each (by id, the first file's copy), so the app can
    /// add the ones this tablet does not have yet.
    pub sessions: Vec<Session>,
    new: Vec<Stored>,
}

/// What one file brings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePlan {
    pub file: String,
    /// Records in the file (each id once).
    pub records: usize,
    /// Records new to this tablet, to be stored.
    pub new: usize,
    /// Records this tablet already has, identically.
    pub already_here: usize,
    /// Records new to this tablet that an earlier file of this import also holds, identically
    /// (stored once, counted under that earlier file).
    pub in_earlier_file: usize,
    /// Records whose id is already used for a different response: reported, never merged.
    pub conflicts: Vec<Conflict>,
}

/// Two different responses under one id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    pub session: String,
    pub with: ConflictWith,
}

/// What a conflicting record differs from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictWith {
    /// The response stored on this tablet under the same id (which is kept).
    Stored,
    /// Other files of this import holding a different response under the same id (none of the
    /// versions is merged).
    Files(Vec<String>),
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.with {
            ConflictWith::Stored => write!(
                f,
                "record \"{}\" differs from the response this tablet already has under that id; the stored one is kept",
                self.id
            ),
            ConflictWith::Files(files) => write!(
                f,
                "record \"{}\" differs from the record with that id in {}; neither is imported",
                self.id,
                files.join(", ")
            ),
        }
    }
}

impl MergePlan {
    /// The responses to store: only the new ones, each once.
    pub fn to_store(&self) -> Vec<Stored> {
        self.new.clone()
    }

    /// The responses to store, taken out of the plan (no copy).
    pub fn into_store(self) -> (Vec<Session>, Vec<Stored>) {
        (self.sessions, self.new)
    }

    /// How many responses would be stored.
    pub fn new_count(&self) -> usize {
        self.new.len()
    }

    /// How many records conflict, over all files.
    pub fn conflict_count(&self) -> usize {
        self.files.iter().map(|f| f.conflicts.len()).sum()
    }
}

/// Plan importing `incoming` onto a tablet that holds `existing` (by response id). A record is
/// new if its id is unknown here and every file that holds it agrees; already here if the stored
/// response is identical; and a conflict if the id holds a different response, here or in
/// another file of this import. The result does not depend on the order of the files, except in
/// which file a record shared by several is counted as new.
pub fn plan_merge(existing: &BTreeMap<String, Stored>, incoming: &[ReadBundle]) -> MergePlan {
    let (files, take) = plan_records(existing, incoming);
    let new = take.iter().filter_map(|&(f, i)| incoming.get(f)?.records.get(i).cloned()).collect();
    MergePlan { files, sessions: merged_sessions(incoming), new }
}

/// [`plan_merge`] taking the files' records instead of copying them: for a council's returns
/// (tens of thousands of responses) copying each response is most of the work.
pub fn plan_merge_owned(existing: &BTreeMap<String, Stored>, incoming: Vec<ReadBundle>) -> MergePlan {
    let (files, mut take) = plan_records(existing, &incoming);
    let sessions = merged_sessions(&incoming);
    take.sort_unstable();
    let mut records: Vec<Vec<Option<Stored>>> =
        incoming.into_iter().map(|b| b.records.into_iter().map(Some).collect()).collect();
    let new = take.iter().filter_map(|&(f, i)| records.get_mut(f)?.get_mut(i)?.take()).collect();
    MergePlan { files, sessions, new }
}

/// Each file's report, and the records to store as (file, record) positions.
fn plan_records(existing: &BTreeMap<String, Stored>, incoming: &[ReadBundle]) -> (Vec<FilePlan>, Vec<(usize, usize)>) {
    let copies = copies_by_id(incoming);
    let mut files: Vec<FilePlan> = incoming
        .iter()
        .map(|b| FilePlan { file: b.file.clone(), records: b.records.len(), ..FilePlan::default() })
        .collect();
    let mut take = Vec::new();
    for (id, copies) in &copies {
        for (n, &(file, at, r)) in copies.iter().enumerate() {
            let Some(plan) = files.get_mut(file) else { continue };
            let with = match existing.get(*id) {
                Some(stored) if stored.same(r) => {
                    plan.already_here += 1;
                    continue;
                }
                Some(_) => ConflictWith::Stored,
                None => match differing_files(incoming, copies, r) {
                    others if others.is_empty() => {
                        if n == 0 {
                            plan.new += 1;
                            take.push((file, at));
                        } else {
                            plan.in_earlier_file += 1;
                        }
                        continue;
                    }
                    others => ConflictWith::Files(others),
                },
            };
            plan.conflicts.push(Conflict { id: r.id().to_string(), session: r.session().to_string(), with });
        }
    }
    (files, take)
}

/// Every record id of the import, with each copy as (file, position in the file, record).
type Copies<'a> = BTreeMap<&'a str, Vec<(usize, usize, &'a Stored)>>;

fn copies_by_id(incoming: &[ReadBundle]) -> Copies<'_> {
    let mut copies: Copies<'_> = BTreeMap::new();
    for (i, b) in incoming.iter().enumerate() {
        for (at, r) in b.records.iter().enumerate() {
            copies.entry(r.id()).or_default().push((i, at, r));
        }
    }
    copies
}

/// The names of the files whose copy of `r`'s id differs from `r`.
fn differing_files(incoming: &[ReadBundle], copies: &[(usize, usize, &Stored)], r: &Stored) -> Vec<String> {
    if copies.len() < 2 {
        // The record's own copy only: nothing to differ from.
        return Vec::new();
    }
    let differing: BTreeSet<usize> = copies.iter().filter(|(_, _, c)| !c.same(r)).map(|&(i, _, _)| i).collect();
    differing.into_iter().filter_map(|i| incoming.get(i).map(|b| b.file.clone())).collect()
}

/// The files' sessions, once each by id.
fn merged_sessions(incoming: &[ReadBundle]) -> Vec<Session> {
    let mut seen = BTreeSet::new();
    incoming.iter().flat_map(|b| &b.sessions).filter(|s| seen.insert(s.id.clone())).cloned().collect()
}

// ---------------------------------------------------------------------------------------------
// Session packs

/// A session pack file (`"format": "youth-voice-session-pack"`): a session's settings, and
/// optionally the survey file itself for tablets that may not have that version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionPack {
    pub format: String,
    pub format_version: u32,
    pub session: Session,
    /// The full survey file, as JSON, when included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<serde_json::Value>,
}

/// A pack for `session`, with `survey` included when the receiving tablets might not have it
/// (pass the session's own survey: [`read_pack`] refuses a pack whose survey is another).
pub fn make_pack(session: &Session, survey: Option<&Survey>) -> SessionPack {
    SessionPack {
        format: PACK_FORMAT.to_string(),
        format_version: PACK_FORMAT_VERSION,
        session: session.clone(),
        survey: survey.and_then(|s| serde_json::to_value(s).ok()),
    }
}

/// Read a session pack. `known_survey(id, version)` says whether this tablet has that survey.
/// Gives the session, and the included survey's JSON when this tablet does not have it yet (to
/// be validated and loaded through the catalogue like any survey file, before the session is
/// stored). Refused if the file is oversized, not JSON, cut off or not a pack; its version is
/// unknown; the session is malformed; the included survey is not the session's; or the survey
/// is neither on this tablet nor included.
pub fn read_pack(
    file_name: &str,
    bytes: &[u8],
    known_survey: impl Fn(&str, &str) -> bool,
) -> Result<(Session, Option<String>), PackError> {
    let fail = |problem| PackError { file: file_name.to_string(), problem };
    let pack: SessionPack =
        parse_file(bytes, MAX_PACK_BYTES, PACK_FORMAT, PACK_FORMAT_VERSION).map_err(|p| fail(PackProblem::File(p)))?;
    let s = pack.session;
    if !safe_id(&s.id) {
        return Err(fail(PackProblem::BadId { id: s.id }));
    }
    check_session(&s.group, s.idle_seconds).map_err(|e| fail(PackProblem::BadSession(e)))?;
    if s.seal.as_deref().is_some_and(|k| crate::seal::check_public_key(k).is_err()) {
        return Err(fail(PackProblem::BadSession(SessionError::BadSealKey)));
    }
    if let Some(survey) = &pack.survey {
        let field = |name: &str| survey.get(name).and_then(|v| v.as_str()).unwrap_or("(missing)").to_string();
        let (found_id, found_version) = (field("id"), field("version"));
        if found_id != s.survey || found_version != s.survey_version {
            let (id, version) = (s.survey.clone(), s.survey_version.clone());
            return Err(fail(PackProblem::SurveyMismatch { id, version, found_id, found_version }));
        }
    }
    if known_survey(&s.survey, &s.survey_version) {
        return Ok((s, None));
    }
    match pack.survey {
        Some(survey) => Ok((s, Some(survey.to_string()))),
        None => Err(fail(PackProblem::SurveyNeeded { id: s.survey.clone(), version: s.survey_version.clone() })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_only_safe_characters() {
        assert_eq!(slug("Year 8, Ridgeway School / Nov\n2026"), "year-8-ridgeway-school-nov-2026");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("   "), "group");
        assert_eq!(slug("Ünïcode ☃"), "n-code");
        assert_eq!(slug(&"ab ".repeat(40)).len(), 59, "cut at 60, then the trailing hyphen dropped");
    }

    #[test]
    fn ids_are_short_and_plain() {
        assert!(safe_id("6f1c1c2e-8a4b-4f7e-9d3a-2b5c7e9f1a3d"));
        assert!(safe_id("s_1"));
        for bad in ["", "a/b", "a:b", "a b", "a\n", "é", &"a".repeat(65)] {
            assert!(!safe_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn hashes_are_lowercase_hex_sha256() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
