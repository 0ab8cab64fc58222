//! Sessions, submitted responses, the current pupil's unfinished answers, and the PIN.

use super::{Key, StorageError, Store, StoreExt};
use serde::{Deserialize, Serialize};
use yv_core::catalogue::Catalogue;
use yv_core::envelope::{
    decode_record, encode_record, encode_stored, read_stored, record_survey, Session, Stored, StoredResponse,
};
use yv_core::flow::Flow;
use yv_core::pin::{Attempts as PinAttempts, PinHash};
use yv_core::Survey;

/// Space this app plans to use in localStorage. Browsers allow about 5 MB per site (Chromium
/// counts 10 MB of UTF-16); planning for 5 MB keeps a safety margin on every browser.
pub const STORAGE_BUDGET_BYTES: usize = 5_000_000;

/// Space one response needs, with margin: a compact record of the largest survey with its key
/// is at most 250 characters, 500 bytes as browsers count (UTF-16); see BENCHMARKS.md.
pub const RESPONSE_BYTES_ESTIMATE: usize = 600;

/// Store a submitted response (compactly, against `survey`: see `yv_core::envelope`), after
/// checking there is room, and read it back: it only counts as saved once the browser returns
/// exactly what was written.
pub fn save_response(store: &dyn Store, survey: &Survey, r: &StoredResponse) -> Result<(), StorageError> {
    save_record(store, r, || encode_record(survey, r))
}

/// [`save_response`] for a sealed session (issue 13): the answers sealed by the kiosk's
/// `sealer` with a fresh random `nonce`, so the tablet cannot read them back.
pub fn save_sealed_response(
    store: &dyn Store,
    survey: &Survey,
    r: &StoredResponse,
    sealer: &yv_core::seal::Sealer,
    nonce: [u8; 24],
) -> Result<(), StorageError> {
    save_record(store, r, || yv_core::envelope::encode_sealed_record(survey, r, sealer, nonce))
}

fn save_record(
    store: &dyn Store,
    r: &StoredResponse,
    encode: impl FnOnce() -> Result<String, yv_core::envelope::RecordError>,
) -> Result<(), StorageError> {
    // Check the space left first: a device past its budget refuses loudly before it writes.
    if responses_that_fit(store)? == 0 {
        return Err(StorageError::QuotaExceeded(
            "no room is left for another response: export results and delete an older session".into(),
        ));
    }
    let key = Key::Response { session: r.session.clone(), id: r.id.clone() };
    let text = encode().map_err(|e| StorageError::Encode(e.to_string()))?;
    store.set_raw(&key, &text)?;
    // A save that is reported as failed must leave nothing behind: the kiosk keeps the answers
    // and saves them again (after a reload under a new id), which would otherwise count the
    // pupil twice.
    let undo = |e: StorageError| {
        let _ = store.remove(&key);
        e
    };
    match store.get_raw(&key).map_err(undo)? {
        Some(back) if back == text => Ok(()),
        _ => Err(undo(StorageError::Refused("the response did not read back as written".into()))),
    }
}

/// One stored record, read with `survey` (records of either schema).
fn read(store: &dyn Store, key: &Key, survey: &Survey) -> Result<Option<StoredResponse>, StorageError> {
    let Key::Response { session, id } = key else { return Ok(None) };
    let Some(text) = store.get_raw(key)? else { return Ok(None) };
    decode_record(&text, session, id, survey)
        .map(Some)
        .map_err(|e| StorageError::Corrupt { key: key.to_string(), detail: e.to_string() })
}

/// Every response of a session (to `survey`) as this device holds it (sealed ones stay sealed),
/// and problems with any record that could not be read (left in storage untouched).
pub fn responses(
    store: &dyn Store,
    session: &str,
    survey: &Survey,
) -> Result<(Vec<Stored>, Vec<String>), StorageError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for key in response_keys(store, session)? {
        let Key::Response { session, id } = &key else { continue };
        let Some(text) = store.get_raw(&key)? else { continue };
        match read_stored(&text, session, id, survey) {
            Ok(r) => out.push(r),
            Err(e) => problems.push(StorageError::Corrupt { key: key.to_string(), detail: e.to_string() }.to_string()),
        }
    }
    Ok((out, problems))
}

/// The keys of a session's responses, to read them a few at a time with [`response`].
pub fn response_keys(store: &dyn Store, session: &str) -> Result<Vec<Key>, StorageError> {
    Ok(store.keys()?.into_iter().filter(|k| matches!(k, Key::Response { session: s, .. } if s == session)).collect())
}

/// One stored record's id and text, undecoded (the results read compact records straight into
/// columns).
pub fn response_text(store: &dyn Store, key: &Key) -> Result<Option<(String, String)>, StorageError> {
    let Key::Response { id, .. } = key else { return Ok(None) };
    Ok(store.get_raw(key)?.map(|t| (id.clone(), t)))
}

/// One stored response to `survey`.
pub fn response(store: &dyn Store, key: &Key, survey: &Survey) -> Result<Option<StoredResponse>, StorageError> {
    read(store, key, survey)
}

/// How many responses each session has, in one pass over the keys, without reading them.
pub fn response_counts(store: &dyn Store) -> Result<std::collections::HashMap<String, usize>, StorageError> {
    let mut counts = std::collections::HashMap::new();
    for key in store.keys()? {
        if let Key::Response { session, .. } = key {
            *counts.entry(session).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// How many responses a session has, without reading them.
pub fn response_count(store: &dyn Store, session: &str) -> Result<usize, StorageError> {
    Ok(store.keys()?.iter().filter(|k| matches!(k, Key::Response { session: s, .. } if s == session)).count())
}

pub fn save_session(store: &dyn Store, s: &Session) -> Result<(), StorageError> {
    store.set(&Key::Session(s.id.clone()), s)
}

pub fn session(store: &dyn Store, id: &str) -> Result<Option<Session>, StorageError> {
    store.get(&Key::Session(id.to_string()))
}

/// Every session on the device that can be read, newest first. A damaged session record is
/// skipped here (one bad record never hides the healthy ones): [`sessions_checked`] names it.
pub fn sessions(store: &dyn Store) -> Result<Vec<Session>, StorageError> {
    Ok(sessions_checked(store)?.0)
}

/// A stored session record that could not be read: its id (from its storage key) and why.
/// It stays in storage untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionProblem {
    pub id: String,
    pub reason: String,
}

impl std::fmt::Display for SessionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = yv_core::error::clip(&self.id, yv_core::error::MAX_QUOTED_CHARS);
        write!(f, "The stored session \u{201c}{id}\u{201d} could not be read: {}.", self.reason)
    }
}

/// Every readable session on the device, newest first, and a [`SessionProblem`] for each
/// session record that cannot be read (in key order). Only a failure to list or read storage
/// at all is an error.
pub fn sessions_checked(store: &dyn Store) -> Result<(Vec<Session>, Vec<SessionProblem>), StorageError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for key in store.keys()? {
        let Key::Session(id) = &key else { continue };
        let Some(text) = store.get_raw(&key)? else { continue };
        match yv_core::envelope::read_session(id, &text) {
            Ok(s) => out.push(s),
            Err(e) => problems.push(SessionProblem { id: id.clone(), reason: e.to_string() }),
        }
    }
    out.sort_by(|a, b| b.started.cmp(&a.started).then(a.group.cmp(&b.group)));
    Ok((out, problems))
}

/// Every readable session with its response count (its own and those imported from other
/// tablets) and the day it was last exported, newest first, and the session records that cannot
/// be read. Storage is listed once (a device may hold tens of thousands of keys), not once per
/// question asked of it.
pub type SessionRow = (Session, usize, Option<chrono::NaiveDate>);

pub fn overview(store: &dyn Store) -> Result<(Vec<SessionRow>, Vec<SessionProblem>), StorageError> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut ids = Vec::new();
    for key in store.keys()? {
        match key {
            Key::Response { session, .. } => *counts.entry(session).or_insert(0) += 1,
            Key::Imported(session) => {
                let n = store.get::<usize>(&Key::Imported(session.clone())).ok().flatten().unwrap_or(0);
                *counts.entry(session).or_insert(0) += n;
            }
            Key::Session(id) => ids.push(id),
            _ => {}
        }
    }
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
    for id in ids {
        let Some(text) = store.get_raw(&Key::Session(id.clone()))? else { continue };
        match yv_core::envelope::read_session(&id, &text) {
            Ok(s) => {
                let n = counts.get(&s.id).copied().unwrap_or(0);
                let exported = exported(store, &s.id).ok().flatten();
                rows.push((s, n, exported));
            }
            Err(e) => problems.push(SessionProblem { id, reason: e.to_string() }),
        }
    }
    rows.sort_by(|(a, _, _), (b, _, _)| b.started.cmp(&a.started).then(a.group.cmp(&b.group)));
    Ok((rows, problems))
}

/// The session running in kiosk mode, if any.
pub fn active_session(store: &dyn Store) -> Result<Option<String>, StorageError> {
    store.get(&Key::ActiveSession)
}

/// Put the tablet in kiosk mode for session `id`: a copy of its survey first, then the mark, so
/// the pupils' app (`src/bin/pupil.rs`) finds both or neither. On failure the tablet is not in
/// kiosk mode.
pub fn start_kiosk(store: &dyn Store, id: &str, survey: &Survey) -> Result<(), StorageError> {
    store.set(&Key::KioskSurvey, survey)?;
    if let Err(e) = store.set(&Key::ActiveSession, &id) {
        let _ = store.remove(&Key::KioskSurvey);
        return Err(e);
    }
    Ok(())
}

/// Leave kiosk mode: the mark first (so a failure part-way leaves the tablet out of kiosk mode,
/// never in it without its survey), then the survey's copy.
pub fn end_kiosk(store: &dyn Store) -> Result<(), StorageError> {
    store.remove(&Key::ActiveSession)?;
    store.remove(&Key::KioskSurvey)
}

/// Store a new session and run it in kiosk mode: its wrapped key (if sealed), its settings, then
/// kiosk mode with its survey. All or nothing: on a failure whatever this wrote is removed again,
/// so a refused start leaves storage as it was.
pub fn store_new_session(
    store: &dyn Store,
    session: &Session,
    wrapped: Option<&yv_core::seal::WrappedKey>,
    survey: &Survey,
) -> Result<(), StorageError> {
    let written = (|| {
        if let Some(w) = wrapped {
            save_wrapped_key(store, &session.id, w)?;
        }
        save_session(store, session)?;
        start_kiosk(store, &session.id, survey)
    })();
    if written.is_err() {
        let _ = store.remove(&Key::Session(session.id.clone()));
        let _ = store.remove(&Key::SessionKey(session.id.clone()));
    }
    written
}

/// Keep a sealed session's wrapped private key (on the device that set it up).
pub fn save_wrapped_key(store: &dyn Store, session: &str, key: &yv_core::seal::WrappedKey) -> Result<(), StorageError> {
    store.set(&Key::SessionKey(session.to_string()), key)
}

/// A sealed session's wrapped private key, if this device holds it.
pub fn wrapped_key(store: &dyn Store, session: &str) -> Result<Option<yv_core::seal::WrappedKey>, StorageError> {
    store.get(&Key::SessionKey(session.to_string()))
}

/// The copy of the running session's survey kept by [`start_kiosk`].
pub fn kiosk_survey(store: &dyn Store) -> Result<Option<Survey>, StorageError> {
    store.get(&Key::KioskSurvey)
}

/// A pupil's unfinished answers, so an accidental reload of the same tab resumes them. Kept in
/// the tab's own storage ([`super::TabStore`]: never another tab, never after the tab closed)
/// and only for the session's idle time: after that the kiosk would have discarded them anyway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InProgress {
    pub session: String,
    /// The language the pupil chose.
    pub lang: String,
    pub flow: Flow,
    /// When they were last saved (ms since 1970); older ones are never resumed.
    #[serde(default)]
    pub saved_ms: u64,
    /// The pupil finished and pressed save, but the save failed (storage full): kept until it is
    /// saved, however long the adult takes, so nothing is lost (the idle time does not apply).
    #[serde(default)]
    pub finished: bool,
}

pub fn save_in_progress(store: &dyn Store, p: &InProgress) -> Result<(), StorageError> {
    store.set(&Key::InProgress, p)
}

/// The unfinished answers saved within `max_age_ms` of `now_ms`, if any. Older (or unreadable)
/// ones are removed, so they can never come back.
pub fn in_progress(store: &dyn Store, now_ms: u64, max_age_ms: u64) -> Result<Option<InProgress>, StorageError> {
    let found: Option<InProgress> = match store.get(&Key::InProgress) {
        Ok(found) => found,
        Err(StorageError::Corrupt { .. }) => None,
        Err(e) => return Err(e),
    };
    match found {
        Some(p) if p.finished => Ok(Some(p)),
        Some(p) if p.saved_ms <= now_ms && now_ms - p.saved_ms <= max_age_ms => Ok(Some(p)),
        Some(_) | None => {
            store.remove(&Key::InProgress)?;
            Ok(None)
        }
    }
}

/// Forget the current pupil's unfinished answers (finish, stop, idle timeout).
pub fn clear_in_progress(store: &dyn Store) -> Result<(), StorageError> {
    store.remove(&Key::InProgress)
}

pub fn pin_hash(store: &dyn Store) -> Result<Option<PinHash>, StorageError> {
    store.get(&Key::Pin)
}

pub fn save_pin_hash(store: &dyn Store, h: &PinHash) -> Result<(), StorageError> {
    store.set(&Key::Pin, h)
}

pub fn pin_attempts(store: &dyn Store) -> Result<PinAttempts, StorageError> {
    Ok(store.get(&Key::PinAttempts)?.unwrap_or_default())
}

pub fn save_pin_attempts(store: &dyn Store, a: &PinAttempts) -> Result<(), StorageError> {
    store.set(&Key::PinAttempts, a)
}

/// Why the facilitator PIN could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinCheckError {
    #[error("no PIN is set on this device: start a new session to set one")]
    NoPin,
    #[error("the PIN could not be checked: {0}")]
    Storage(#[from] StorageError),
}

/// Check an entered PIN against the stored hash, counting wrong attempts (so the growing wait
/// survives a reload). The attempt is only judged once the new count is stored. A damaged count
/// is taken as the longest wait from now (never as no wait, never as a lock for good), and is
/// replaced by a sound one.
pub fn check_pin(store: &dyn Store, entered: &str, now_ms: u64) -> Result<yv_core::pin::PinOutcome, PinCheckError> {
    let stored = pin_hash(store)?.ok_or(PinCheckError::NoPin)?;
    let before = match pin_attempts(store) {
        Ok(a) => a,
        Err(StorageError::Corrupt { .. }) => PinAttempts { failures: u32::MAX, locked_until_ms: u64::MAX },
        Err(e) => return Err(e.into()),
    };
    let (outcome, after) = yv_core::pin::attempt(entered, &stored, before, now_ms);
    save_pin_attempts(store, &after)?;
    Ok(outcome)
}

/// Roughly how many more responses fit, from what is used now.
pub fn responses_that_fit(store: &dyn Store) -> Result<usize, StorageError> {
    let used = store.used_bytes()?;
    Ok(STORAGE_BUDGET_BYTES.saturating_sub(used) / RESPONSE_BYTES_ESTIMATE)
}

/// Every readable stored response (open or sealed), by id, to plan an import against (each read
/// with its own survey from `cat`). Records that cannot be read are left out here (the results
/// screen lists them) and stay untouched.
pub fn responses_by_id(
    store: &dyn Store,
    cat: &Catalogue,
) -> Result<std::collections::BTreeMap<String, Stored>, StorageError> {
    let mut out = std::collections::BTreeMap::new();
    for key in store.keys()? {
        let Key::Response { session, id } = &key else { continue };
        let Some(text) = store.get_raw(&key)? else { continue };
        let Ok((_, s, sv)) = record_survey(&text) else { continue };
        let Some(survey) = cat.survey_version(&s, &sv) else { continue };
        if let Ok(r) = read_stored(&text, session, id, survey) {
            out.insert(r.id().to_string(), r);
        }
    }
    Ok(out)
}

/// Store an import whole or not at all: the sessions this device does not have yet, then every
/// new record. The space is checked first; if any write still fails, everything this import
/// wrote is removed again and the failure is reported, so the device is as it was.
pub fn store_import(
    store: &dyn Store,
    cat: &Catalogue,
    sessions: &[Session],
    records: &[Stored],
) -> Result<usize, StorageError> {
    let mut writes: Vec<(Key, String)> = Vec::new();
    for s in sessions {
        let key = Key::Session(s.id.clone());
        if store.get_raw(&key)?.is_none() {
            writes.push((key, serde_json::to_string(s).map_err(|e| StorageError::Encode(e.to_string()))?));
        }
    }
    for r in records {
        let key = Key::Response { session: r.session().to_string(), id: r.id().to_string() };
        let (id, version) = r.survey();
        let survey = cat.survey_version(id, version).ok_or_else(|| {
            StorageError::Encode(format!("the survey \"{id}\" version {version} is not on this device"))
        })?;
        writes.push((key, encode_stored(survey, r).map_err(|e| StorageError::Encode(e.to_string()))?));
    }
    let needed: usize = writes.iter().map(|(k, v)| super::utf16_bytes(&k.to_string()) + super::utf16_bytes(v)).sum();
    let used = store.used_bytes()?;
    if used + needed > STORAGE_BUDGET_BYTES {
        return Err(StorageError::QuotaExceeded(format!(
            "the import needs about {} kB and about {} kB are left; nothing was imported: export and delete an older session first",
            needed.div_ceil(1000),
            STORAGE_BUDGET_BYTES.saturating_sub(used) / 1000
        )));
    }
    for (i, (key, value)) in writes.iter().enumerate() {
        if let Err(e) = store.set_raw(key, value) {
            // Undo this import's writes (keys it wrote were new: nothing is overwritten).
            let undone = writes[..i].iter().all(|(k, _)| store.remove(k).is_ok());
            return Err(if undone {
                e
            } else {
                StorageError::Refused(format!("{e}; and some of this import could not be removed again"))
            });
        }
    }
    Ok(records.len())
}

/// Record that a session's results were exported today (deleting is allowed after that).
pub fn mark_exported(store: &dyn Store, session: &str, day: chrono::NaiveDate) -> Result<(), StorageError> {
    store.set(&Key::Exported(session.to_string()), &day)
}

/// The day a session's results were last exported, if ever.
pub fn exported(store: &dyn Store, session: &str) -> Result<Option<chrono::NaiveDate>, StorageError> {
    store.get(&Key::Exported(session.to_string()))
}

/// Delete a session: its responses first, then its settings and export mark. Refuses the
/// session the tablet is running in kiosk mode. Returns how many responses were deleted.
pub fn delete_session(store: &dyn Store, session: &str) -> Result<usize, StorageError> {
    if active_session(store)?.as_deref() == Some(session) {
        return Err(StorageError::Refused("this session is running in kiosk mode: end it before deleting it".into()));
    }
    let mut deleted = 0;
    for key in store.keys()? {
        if matches!(&key, Key::Response { session: s, .. } if s == session) {
            store.remove(&key)?;
            deleted += 1;
        }
    }
    store.remove(&Key::Session(session.to_string()))?;
    store.remove(&Key::Exported(session.to_string()))?;
    store.remove(&Key::SessionKey(session.to_string()))?;
    Ok(deleted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;
    use chrono::NaiveDate;
    use yv_core::{Answer, Answers};

    #[test]
    fn unfinished_answers_resume_only_within_the_idle_time() {
        let store = MemoryStore::new();
        let flow = Flow::new(primary(), &[]);
        let saved = |at: u64| InProgress {
            session: "s1".into(),
            lang: "ur".into(),
            flow: flow.clone(),
            saved_ms: at,
            finished: false,
        };
        save_in_progress(&store, &saved(1_000_000)).unwrap();
        assert_eq!(in_progress(&store, 1_060_000, 120_000).unwrap(), Some(saved(1_000_000)));
        // Older than the idle time: never resumed, and gone for good.
        assert_eq!(in_progress(&store, 1_200_001, 120_000).unwrap(), None);
        assert_eq!(store.get_raw(&Key::InProgress).unwrap(), None);
        // Saved "in the future" (a clock changed): not trusted either.
        save_in_progress(&store, &saved(2_000_000)).unwrap();
        assert_eq!(in_progress(&store, 1_000_000, 120_000).unwrap(), None);
        // A damaged copy is dropped, not an error that blocks the kiosk.
        store.set_raw(&Key::InProgress, "{not json").unwrap();
        assert_eq!(in_progress(&store, 1_000_000, 120_000).unwrap(), None);
    }

    fn lib() -> &'static yv_core::builtin::Library {
        static LIB: std::sync::OnceLock<yv_core::builtin::Library> = std::sync::OnceLock::new();
        LIB.get_or_init(|| yv_core::builtin::library().unwrap())
    }

    fn primary() -> &'static Survey {
        lib().survey("primary").unwrap()
    }

    fn cat() -> Catalogue {
        Catalogue::new(lib().clone())
    }

    fn response(session: &str, id: &str) -> StoredResponse {
        let mut a = Answers::default();
        a.set("safe_school", Answer::Choice("always".into()));
        StoredResponse {
            schema: yv_core::envelope::RESPONSE_SCHEMA,
            survey: "primary".into(),
            survey_version: primary().version.clone(),
            session: session.into(),
            id: id.into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            answers: a,
        }
    }

    fn session(id: &str) -> Session {
        Session {
            id: id.into(),
            survey: "primary".into(),
            survey_version: primary().version.clone(),
            framework: "calderdale".into(),
            group: "Year 5".into(),
            started: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            idle_seconds: 120,
            left_out: Vec::new(),
            auto_advance: true,
            seal: None,
        }
    }

    /// A store whose reads of response records fail (the write itself goes through).
    struct ReadBackFails(MemoryStore);

    impl Store for ReadBackFails {
        fn get_raw(&self, key: &Key) -> Result<Option<String>, StorageError> {
            match key {
                Key::Response { .. } => Err(StorageError::Refused("SecurityError".into())),
                _ => self.0.get_raw(key),
            }
        }
        fn set_raw(&self, key: &Key, value: &str) -> Result<(), StorageError> {
            self.0.set_raw(key, value)
        }
        fn remove(&self, key: &Key) -> Result<(), StorageError> {
            self.0.remove(key)
        }
        fn keys(&self) -> Result<Vec<Key>, StorageError> {
            self.0.keys()
        }
        fn used_bytes(&self) -> Result<usize, StorageError> {
            self.0.used_bytes()
        }
    }

    #[test]
    fn a_save_reported_as_failed_leaves_no_record_behind() {
        let store = ReadBackFails(MemoryStore::new());
        let err = save_response(&store, primary(), &response("s1", "r1")).unwrap_err();
        assert!(matches!(err, StorageError::Refused(_)), "{err:?}");
        // Saved again later (after a reload, under a new id): one record, not two.
        assert_eq!(response_count(&store.0, "s1").unwrap(), 0);
        save_response(&store.0, primary(), &response("s1", "r2")).unwrap();
        assert_eq!(response_count(&store.0, "s1").unwrap(), 1);
    }

    #[test]
    fn an_import_is_stored_whole_or_not_at_all() {
        // A device that fills up half-way through the import keeps exactly what it had.
        let store = MemoryStore::with_quota(3_000);
        save_response(&store, primary(), &response("s1", "a")).unwrap();
        let before: Vec<String> = store.keys().unwrap().iter().map(|k| k.to_string()).collect();
        let incoming: Vec<Stored> = (0..20).map(|i| response("s2", &format!("n{i}")).into()).collect();
        assert!(store_import(&store, &cat(), &[session("s2")], &incoming).is_err());
        let after: Vec<String> = store.keys().unwrap().iter().map(|k| k.to_string()).collect();
        assert_eq!(after, before);
        // With room, every record and the new session are stored; a known session is not rewritten.
        let store = MemoryStore::new();
        save_session(&store, &session("s1")).unwrap();
        let mut renamed = session("s1");
        renamed.group = "Another name".into();
        assert_eq!(store_import(&store, &cat(), &[renamed, session("s2")], &incoming).unwrap(), 20);
        assert_eq!(response_count(&store, "s2").unwrap(), 20);
        assert_eq!(super::session(&store, "s1").unwrap().unwrap().group, "Year 5");
        assert!(super::session(&store, "s2").unwrap().is_some());
        assert_eq!(responses_by_id(&store, &cat()).unwrap().len(), 20);
    }

    #[test]
    fn each_response_is_its_own_record() {
        let store = MemoryStore::new();
        for id in ["a", "b", "c"] {
            save_response(&store, primary(), &response("s1", id)).unwrap();
        }
        save_response(&store, primary(), &response("s2", "d")).unwrap();
        let (rs, problems) = responses(&store, "s1", primary()).unwrap();
        assert_eq!(rs.len(), 3);
        assert!(problems.is_empty());
        assert_eq!(response_count(&store, "s2").unwrap(), 1);
        let counts = response_counts(&store).unwrap();
        assert_eq!((counts["s1"], counts["s2"]), (3, 1));
    }

    #[test]
    fn a_full_device_refuses_the_save_loudly_and_keeps_earlier_responses() {
        // Room for exactly one record.
        let one = MemoryStore::new();
        save_response(&one, primary(), &response("s1", "a")).unwrap();
        let store = MemoryStore::with_quota(one.used_bytes().unwrap() + 10);
        save_response(&store, primary(), &response("s1", "a")).unwrap();
        let err = save_response(&store, primary(), &response("s1", "b")).unwrap_err();
        assert!(matches!(err, StorageError::QuotaExceeded(_)), "{err}");
        let (rs, _) = responses(&store, "s1", primary()).unwrap();
        assert_eq!(rs.len(), 1);
    }

    #[test]
    fn stored_responses_hold_no_time_or_device() {
        let json = serde_json::to_string(&response("s1", "a")).unwrap();
        assert_eq!(
            json,
            r#"{"v":1,"s":"primary","sv":"1.1.0","ss":"s1","id":"a","d":"2026-11-23","a":{"safe_school":{"c":"always"}}}"#
        );
    }

    #[test]
    fn a_damaged_record_is_reported_not_dropped_silently() {
        let store = MemoryStore::new();
        save_response(&store, primary(), &response("s1", "a")).unwrap();
        store.set_raw(&Key::Response { session: "s1".into(), id: "bad".into() }, "{oops").unwrap();
        let (rs, problems) = responses(&store, "s1", primary()).unwrap();
        assert_eq!(rs.len(), 1);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn space_left_shrinks_as_responses_are_saved() {
        let store = MemoryStore::new();
        let before = responses_that_fit(&store).unwrap();
        assert_eq!(before, STORAGE_BUDGET_BYTES / RESPONSE_BYTES_ESTIMATE);
        for i in 0..20 {
            save_response(&store, primary(), &response("s1", &i.to_string())).unwrap();
        }
        assert!(responses_that_fit(&store).unwrap() < before);
    }

    #[test]
    fn deleting_a_session_removes_only_its_own_records() {
        let store = MemoryStore::new();
        for id in ["a", "b"] {
            save_response(&store, primary(), &response("s1", id)).unwrap();
        }
        save_response(&store, primary(), &response("s2", "c")).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        mark_exported(&store, "s1", day).unwrap();
        assert_eq!(exported(&store, "s1").unwrap(), Some(day));
        assert_eq!(delete_session(&store, "s1").unwrap(), 2);
        assert_eq!(response_count(&store, "s1").unwrap(), 0);
        assert_eq!(exported(&store, "s1").unwrap(), None);
        assert_eq!(response_count(&store, "s2").unwrap(), 1);
    }

    #[test]
    fn a_sealed_response_is_stored_unreadable_and_opens_with_the_session_key() {
        let store = MemoryStore::new();
        let key = yv_core::seal::SessionKey::from_random([5; 32]);
        let sealer = yv_core::seal::Sealer::new(&key.public(), [6; 32]).unwrap();
        let r = response("s1", "a");
        save_sealed_response(&store, primary(), &r, &sealer, [7; 24]).unwrap();
        let (_, text) =
            response_text(&store, &Key::Response { session: "s1".into(), id: "a".into() }).unwrap().unwrap();
        let plain = encode_record(primary(), &r).unwrap();
        let code = plain.split("\"c\":\"").nth(1).unwrap().trim_end_matches("\"}");
        assert!(!text.contains(code), "the answers' code {code} readable in {text}");
        let (held, problems) = responses(&store, "s1", primary()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert!(matches!(&held[..], [Stored::Sealed(s)] if s.id == "a" && text.contains(&s.sealed)), "held sealed");
        let open = yv_core::envelope::open_record(&text, &mut key.opener()).unwrap();
        assert_eq!(decode_record(&open, "s1", "a", primary()).unwrap(), r);
        // Deleting the session takes its wrapped key too.
        let wrapped = yv_core::seal::wrap(
            &key,
            "a passphrase",
            yv_core::seal::KdfParams { m_kib: 64, t: 1, p: 1 },
            [1; 16],
            [2; 24],
        )
        .unwrap();
        save_wrapped_key(&store, "s1", &wrapped).unwrap();
        assert_eq!(wrapped_key(&store, "s1").unwrap(), Some(wrapped));
        delete_session(&store, "s1").unwrap();
        assert_eq!(wrapped_key(&store, "s1").unwrap(), None);
    }

    #[test]
    fn finished_answers_whose_save_failed_are_kept_past_the_idle_time() {
        let store = MemoryStore::new();
        let flow = Flow::new(primary(), &[]);
        let p = InProgress { session: "s1".into(), lang: "en".into(), flow, saved_ms: 1_000, finished: true };
        save_in_progress(&store, &p).unwrap();
        assert_eq!(in_progress(&store, 10_000_000, 120_000).unwrap(), Some(p));
    }

    #[test]
    fn a_new_session_is_stored_whole_or_not_at_all() {
        let key = yv_core::seal::SessionKey::from_random([5; 32]);
        let fast = yv_core::seal::KdfParams { m_kib: 64, t: 1, p: 1 };
        let wrapped = yv_core::seal::wrap(&key, "a passphrase", fast, [1; 16], [2; 24]).unwrap();
        let mut s = session("s9");
        s.seal = Some(key.public());
        let store = MemoryStore::new();
        store_new_session(&store, &s, Some(&wrapped), primary()).unwrap();
        assert_eq!(active_session(&store).unwrap().as_deref(), Some("s9"));
        assert_eq!(wrapped_key(&store, "s9").unwrap(), Some(wrapped.clone()));
        assert_eq!(kiosk_survey(&store).unwrap().as_ref(), Some(primary()));
        // Room for the key and the settings, not for the survey's copy: nothing is left behind.
        let needed: usize = [
            serde_json::to_string(&wrapped).unwrap().len() + "yv:key:s9".len(),
            serde_json::to_string(&s).unwrap().len() + "yv:session:s9".len(),
        ]
        .iter()
        .map(|n| n * 2)
        .sum();
        let small = MemoryStore::with_quota(needed + 64);
        assert!(store_new_session(&small, &s, Some(&wrapped), primary()).is_err());
        assert!(small.keys().unwrap().is_empty(), "left behind: {:?}", small.keys().unwrap());
        // The key and the settings did fit: they were written, then removed.
        save_wrapped_key(&small, "s9", &wrapped).unwrap();
        save_session(&small, &s).unwrap();
    }

    #[test]
    fn the_running_session_cannot_be_deleted() {
        let store = MemoryStore::new();
        save_response(&store, primary(), &response("s1", "a")).unwrap();
        start_kiosk(&store, "s1", primary()).unwrap();
        assert!(matches!(delete_session(&store, "s1"), Err(StorageError::Refused(_))));
        assert_eq!(response_count(&store, "s1").unwrap(), 1);
    }

    #[test]
    fn a_device_past_its_budget_refuses_before_writing() {
        let store = MemoryStore::new();
        store.set_raw(&Key::CustomSurvey("big".into()), &"x".repeat(STORAGE_BUDGET_BYTES)).unwrap();
        let err = save_response(&store, primary(), &response("s1", "a")).unwrap_err();
        assert!(matches!(err, StorageError::QuotaExceeded(_)), "{err}");
        assert_eq!(response_count(&store, "s1").unwrap(), 0);
    }

    #[test]
    fn pin_checks_count_wrong_attempts_and_need_a_pin() {
        use yv_core::pin::{hash_pin, PinOutcome};
        let store = MemoryStore::new();
        assert_eq!(check_pin(&store, "482913", 0), Err(PinCheckError::NoPin));
        save_pin_hash(&store, &hash_pin("482913", [1; 16], 1)).unwrap();
        for _ in 0..3 {
            assert!(matches!(check_pin(&store, "000000", 0), Ok(PinOutcome::Wrong { .. })));
        }
        assert_eq!(pin_attempts(&store).unwrap().failures, 3);
        assert!(
            matches!(check_pin(&store, "482913", 0), Ok(PinOutcome::Locked { .. })),
            "locked even for the right PIN"
        );
        assert_eq!(check_pin(&store, "482913", 60_000), Ok(PinOutcome::Unlocked));
    }

    #[test]
    fn one_damaged_session_is_named_and_never_hides_the_healthy_ones() {
        let store = MemoryStore::new();
        let mut older = session("s1");
        older.started = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        save_session(&store, &older).unwrap();
        save_session(&store, &session("s2")).unwrap();
        let damaged =
            serde_json::to_string(&session("bad")).unwrap().replacen("\"idle_seconds\":120", "\"idle_seconds\":-1", 1);
        store.set_raw(&Key::Session("bad".into()), &damaged).unwrap();
        store.set_raw(&Key::Session("worse".into()), "{not json").unwrap();
        let ids = |v: &[Session]| v.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&sessions(&store).unwrap()), ["s2", "s1"], "healthy sessions load, newest first");
        let (healthy, problems) = sessions_checked(&store).unwrap();
        assert_eq!(ids(&healthy), ["s2", "s1"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let bad = problems.iter().find(|p| p.id == "bad").unwrap();
        assert!(bad.reason.contains("idle_seconds: invalid value: integer `-1`"), "{}", bad.reason);
        assert!(bad.to_string().starts_with("The stored session \u{201c}bad\u{201d} could not be read:"), "{bad}");
        assert!(problems.iter().any(|p| p.id == "worse"));
        assert!(store.get_raw(&Key::Session("bad".into())).unwrap().is_some(), "left in storage untouched");
    }

    #[test]
    fn the_overview_counts_own_and_imported_responses_in_one_listing() {
        let store = MemoryStore::new();
        let mut older = session("s1");
        older.started = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        save_session(&store, &older).unwrap();
        save_session(&store, &session("s2")).unwrap();
        for id in ["a", "b", "c"] {
            save_response(&store, primary(), &response("s1", id)).unwrap();
        }
        store.set(&Key::Imported("s1".into()), &5usize).unwrap();
        store.set(&Key::Exported("s2".into()), &NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()).unwrap();
        store.set_raw(&Key::Session("bad".into()), "{not json").unwrap();
        let (rows, problems) = overview(&store).unwrap();
        let got: Vec<(String, usize, bool)> = rows.iter().map(|(s, n, e)| (s.id.clone(), *n, e.is_some())).collect();
        assert_eq!(got, [("s2".to_string(), 0, true), ("s1".to_string(), 8, false)]);
        assert_eq!(problems.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["bad"]);
    }

    #[test]
    fn a_tampered_lock_or_count_never_locks_the_facilitator_out_for_good() {
        use yv_core::pin::{hash_pin, PinOutcome, MAX_LOCKOUT_SECONDS};
        let store = MemoryStore::new();
        save_pin_hash(&store, &hash_pin("482913", [1; 16], 1)).unwrap();
        let now = 1_700_000_000_000;
        for damaged in [r#"{"failures":4294967295,"locked_until_ms":18446744073709551615}"#, r#"{"failures":-1}"#] {
            store.set_raw(&Key::PinAttempts, damaged).unwrap();
            let locked = check_pin(&store, "482913", now).unwrap();
            assert_eq!(locked, PinOutcome::Locked { seconds_left: MAX_LOCKOUT_SECONDS }, "{damaged}");
            assert_eq!(pin_attempts(&store).unwrap().locked_until_ms, now + 900_000, "{damaged}");
            assert_eq!(check_pin(&store, "482913", now + 900_000), Ok(PinOutcome::Unlocked), "{damaged}");
        }
    }

    #[test]
    fn a_pin_check_that_cannot_store_its_count_is_refused() {
        let store = MemoryStore::new();
        save_pin_hash(&store, &yv_core::pin::hash_pin("482913", [1; 16], 1)).unwrap();
        let full = MemoryStore::with_quota(store.used_bytes().unwrap());
        save_pin_hash(&full, &yv_core::pin::hash_pin("482913", [1; 16], 1)).unwrap();
        assert!(matches!(check_pin(&full, "482913", 0), Err(PinCheckError::Storage(_))));
    }
}
