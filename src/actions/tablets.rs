//! Many tablets, one picture. A facilitator shares a session as a pack; other tablets join it
//! and run the same session; each tablet sends its responses back as a bundle; any device
//! imports bundles (whole files or nothing, never double counting) and reads the combined
//! results. Formats and checks are in `yv_core::bundle`; this module adds the device's storage.

use crate::storage::{imported, sessions, BigStore, StorageError, Store};
use yv_core::bundle::{
    bundle_file_name, make_bundle, make_pack, pack_file_name, plan_merge_owned, read_bundle, read_pack, BundleError,
    MergePlan, ReadBundle,
};
use yv_core::catalogue::{Catalogue, Loaded};
use yv_core::envelope::{read_stored, Session};
use yv_core::Survey;

/// The largest bundle file accepted: a council's returns from many schools, compact.
pub const MAX_BUNDLE_BYTES: usize = 64 * 1024 * 1024;

/// A file to download: its name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOut {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A session pack for other tablets, carrying the session's survey so a tablet without that
/// survey version can still join.
pub fn session_pack(cat: &Catalogue, session: &Session, today: chrono::NaiveDate) -> Result<FileOut, String> {
    let survey = cat.survey_version(&session.survey, &session.survey_version).ok_or_else(|| {
        format!("The survey \u{201c}{}\u{201d} of this session is not on this device.", session.survey)
    })?;
    let pack = make_pack(session, Some(survey));
    let bytes = serde_json::to_vec_pretty(&pack).map_err(|e| format!("The session pack could not be made: {e}."))?;
    Ok(FileOut { name: pack_file_name(&session.group, today), bytes })
}

/// This device's responses to `sessions` (all of one survey) as one bundle (its own and any
/// imported from other tablets), and the responses that could not go in it (each named: they
/// stay on the device). Several sessions make the file for the next level up (school to
/// council); the file is named after the first.
pub async fn responses_bundle(
    store: &dyn Store,
    big: Option<&BigStore>,
    cat: &Catalogue,
    sessions: &[Session],
    today: chrono::NaiveDate,
) -> Result<(FileOut, Vec<String>), String> {
    let first = sessions.first().ok_or_else(|| "Choose a session first.".to_string())?;
    let survey = cat
        .survey_version(&first.survey, &first.survey_version)
        .ok_or_else(|| format!("The survey \u{201c}{}\u{201d} of this session is not on this device.", first.survey))?;
    if let Some(other) = sessions.iter().find(|s| s.survey != first.survey || s.survey_version != first.survey_version)
    {
        return Err(format!(
            "\u{201c}{}\u{201d} answers another survey or survey version than \u{201c}{}\u{201d}: they cannot share one file.",
            other.group, first.group
        ));
    }
    let (mut responses, mut problems) = (Vec::new(), Vec::new());
    for session in sessions {
        let (mine, bad) = sessions::responses(store, &session.id, survey)
            .map_err(|e| format!("The responses of \u{201c}{}\u{201d} could not be read: {e}.", session.group))?;
        responses.extend(mine);
        problems.extend(bad);
        if let Some(big) = big {
            let texts = imported::imported_texts(big, &session.id)
                .await
                .map_err(|e| format!("The responses imported from other tablets could not be read: {e}."))?;
            for (id, text) in texts {
                match read_stored(&text, &session.id, &id, survey) {
                    Ok(r) => responses.push(r),
                    Err(e) => problems.push(format!("record {id}: {e}")),
                }
            }
        }
    }
    let made = make_bundle(survey, sessions, &responses);
    problems.extend(made.left_out);
    let bytes = serde_json::to_vec(&made.bundle).map_err(|e| format!("The bundle could not be made: {e}."))?;
    let name = match sessions.len() {
        1 => first.group.clone(),
        n => format!("{} and {} more", first.group, n - 1),
    };
    Ok((FileOut { name: bundle_file_name(&name, today), bytes }, problems))
}

/// [`responses_bundle`] of this browser: its own responses and those imported into its
/// IndexedDB, dated today. One place for every "download responses" button.
#[cfg(target_arch = "wasm32")]
pub async fn this_device_bundle(
    store: &dyn Store,
    cat: &Catalogue,
    sessions: &[Session],
) -> Result<(FileOut, Vec<String>), String> {
    let big = imported::browser_big().await.ok();
    responses_bundle(store, big.as_deref(), cat, sessions, crate::platform::today()).await
}

/// A session pack, read and checked: the session, and the survey it needs if this device did not
/// have it (checked like any loaded survey file).
#[derive(Debug, Clone, PartialEq)]
pub struct Joining {
    pub session: Session,
    pub survey: Option<Loaded>,
}

/// Read a session pack file. Nothing is stored until [`join`].
pub fn read_session_pack(cat: &Catalogue, file: &str, bytes: &[u8]) -> Result<Joining, String> {
    let known = |id: &str, version: &str| cat.survey_version(id, version).is_some();
    let (session, survey_json) = read_pack(file, bytes, known).map_err(|e| format!("{e}."))?;
    let survey = match survey_json {
        None => None,
        Some(json) => match cat.check_file(file, &json) {
            Ok(item @ Loaded::Survey(_)) => Some(item),
            Ok(Loaded::Framework(_)) => return Err(format!("{file} carries a framework, not a survey.")),
            Err(e) => {
                let problems: Vec<String> = e.problems.iter().take(3).map(|p| p.to_string()).collect();
                return Err(format!("{file} was not loaded: its survey has problems: {}.", problems.join("; ")));
            }
        },
    };
    if cat.framework(&session.framework).is_none() {
        return Err(format!(
            "{file} reports against the plan \u{201c}{}\u{201d}, which is not on this device: load it under \u{201c}Surveys and plans\u{201d} first.",
            session.framework
        ));
    }
    Ok(Joining { session, survey })
}

/// Join: store the survey the pack carried (if any), the session, and make it the one this
/// tablet runs in kiosk mode. The PIN must have been proved first.
/// Store a joined session (and the survey its pack brought) and start kiosk mode with `survey`,
/// the session's survey.
pub fn join(store: &dyn Store, joining: &Joining, survey: &Survey) -> Result<(), StorageError> {
    if let Some(item) = &joining.survey {
        crate::storage::catalogue::save_loaded(store, item)?;
    }
    sessions::save_session(store, &joining.session)?;
    sessions::start_kiosk(store, &joining.session.id, survey)
}

/// Bundles read for an import: the ones that passed every check, and the refused ones with why.
#[derive(Debug, Clone, Default)]
pub struct ImportPreview {
    pub plan: Option<MergePlan>,
    pub refused: Vec<BundleError>,
}

/// Read one chosen bundle file against the surveys on this device (the first step of a preview,
/// one file at a time so a screen can show progress between files).
pub fn read_one(cat: &Catalogue, name: &str, bytes: &[u8]) -> Result<ReadBundle, BundleError> {
    let find = |id: &str, version: &str| cat.survey_version(id, version);
    read_bundle(name, bytes, &find, MAX_BUNDLE_BYTES)
}

/// Every response this device holds, its own and those imported before, by id.
pub async fn existing_responses(
    store: &dyn Store,
    big: Option<&BigStore>,
    cat: &Catalogue,
) -> Result<std::collections::BTreeMap<String, yv_core::envelope::Stored>, String> {
    let mut existing = sessions::responses_by_id(store, cat)
        .map_err(|e| format!("The responses on this device could not be read: {e}."))?;
    if let Some(big) = big {
        let earlier = imported::imported_by_id(big, cat)
            .await
            .map_err(|e| format!("The responses imported before could not be read: {e}."))?;
        existing.extend(earlier);
    }
    Ok(existing)
}

/// Read every chosen file and plan the merge against what this device holds (its own responses
/// and those imported before). Nothing is stored.
pub async fn preview_import(
    store: &dyn Store,
    big: Option<&BigStore>,
    cat: &Catalogue,
    files: &[(String, Vec<u8>)],
) -> Result<ImportPreview, String> {
    let mut read: Vec<ReadBundle> = Vec::new();
    let mut refused = Vec::new();
    for (name, bytes) in files {
        match read_one(cat, name, bytes) {
            Ok(b) => read.push(b),
            Err(e) => refused.push(e),
        }
    }
    let existing = existing_responses(store, big, cat).await?;
    Ok(plan(&existing, read, refused))
}

/// The preview of an import: the merge plan of the files that read, and the refused ones.
pub fn plan(
    existing: &std::collections::BTreeMap<String, yv_core::envelope::Stored>,
    read: Vec<ReadBundle>,
    refused: Vec<BundleError>,
) -> ImportPreview {
    ImportPreview { plan: (!read.is_empty()).then(|| plan_merge_owned(existing, read)), refused }
}

/// Store what a preview planned: the new sessions and new responses, whole or not at all. With a
/// big store (IndexedDB) the responses go there, without localStorage's 5 MB limit; without one
/// (a browser that refuses IndexedDB) they go to localStorage. `batch` names this import.
pub async fn import(
    store: &dyn Store,
    big: Option<&BigStore>,
    cat: &Catalogue,
    plan: MergePlan,
    batch: &str,
) -> Result<usize, StorageError> {
    import_pausing(store, big, cat, plan, batch, || std::future::ready(())).await
}

/// [`import`], letting `pause` run between slices of the work (a browser turn, so the page stays
/// responsive while a council's returns are written).
pub async fn import_pausing<P, F>(
    store: &dyn Store,
    big: Option<&BigStore>,
    cat: &Catalogue,
    plan: MergePlan,
    batch: &str,
    pause: P,
) -> Result<usize, StorageError>
where
    P: FnMut() -> F,
    F: std::future::Future<Output = ()>,
{
    let (new_sessions, records) = plan.into_store();
    match big {
        Some(big) => imported::store_imported(store, big, cat, &new_sessions, records, batch, pause).await,
        None => sessions::store_import(store, cat, &new_sessions, &records),
    }
}

/// Delete a session from this device: its own responses, those imported, its settings.
pub async fn delete_session(store: &dyn Store, big: Option<&BigStore>, session: &str) -> Result<usize, StorageError> {
    let mut n = sessions::delete_session(store, session)?;
    if let Some(big) = big {
        n += imported::remove_imported(store, big, session).await?;
    }
    Ok(n)
}

/// How many responses each session holds on this device: its own and imported ones.
pub fn response_counts(store: &dyn Store) -> std::collections::HashMap<String, usize> {
    let mut counts = sessions::response_counts(store).unwrap_or_default();
    for (s, n) in imported::imported_counts(store).unwrap_or_default() {
        *counts.entry(s).or_insert(0) += n;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{MemoryBig, MemoryStore};
    use yv_core::builtin::library;
    use yv_core::envelope::StoredResponse;

    /// Run a future that never waits (the in-memory stores never do).
    fn now<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("an in-memory store waited"),
        }
    }

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn tablet_with(cat: &Catalogue, session: &Session, n: usize, seed: u64) -> MemoryStore {
        let store = MemoryStore::new();
        sessions::save_session(&store, session).unwrap();
        let survey = cat.survey_version(&session.survey, &session.survey_version).unwrap();
        for (i, a) in yv_core::synthetic::responses(survey, n, seed).into_iter().enumerate() {
            let r = StoredResponse::new(session, format!("t{seed}-{i}"), day(), a);
            sessions::save_response(&store, survey, &r).unwrap();
        }
        store
    }

    fn session() -> Session {
        Session {
            id: "5f0c7a3e-1b2d-4c5e-8f9a-0b1c2d3e4f5a".into(),
            survey: "secondary".into(),
            survey_version: "1.0.0".into(),
            framework: "calderdale".into(),
            group: "Year 8, Ridgeway School".into(),
            started: day(),
            idle_seconds: 120,
            left_out: Vec::new(),
            auto_advance: true,
            seal: None,
        }
    }

    #[test]
    fn two_tablets_join_from_a_pack_and_a_third_merges_their_bundles_once() {
        let cat = Catalogue::new(library().unwrap());
        let s = session();
        let pack = session_pack(&cat, &s, day()).unwrap();
        assert_eq!(pack.name, "youth-voice-session-year-8-ridgeway-school-2026-11-24.json");
        let joining = read_session_pack(&cat, &pack.name, &pack.bytes).unwrap();
        assert_eq!(joining.session, s);
        assert!(joining.survey.is_none(), "this tablet has the survey already");

        let (a, b) = (tablet_with(&cat, &s, 7, 1), tablet_with(&cat, &s, 5, 2));
        let (bundle_a, left_a) = now(responses_bundle(&a, None, &cat, std::slice::from_ref(&s), day())).unwrap();
        let (bundle_b, _) = now(responses_bundle(&b, None, &cat, std::slice::from_ref(&s), day())).unwrap();
        assert!(left_a.is_empty());
        let files = vec![(bundle_a.name.clone(), bundle_a.bytes.clone()), ("b.json".to_string(), bundle_b.bytes)];

        // The council's device keeps imports in its big store (IndexedDB in the browser).
        let council = MemoryStore::new();
        let big = BigStore::Memory(MemoryBig::new());
        let preview = now(preview_import(&council, Some(&big), &cat, &files)).unwrap();
        assert!(preview.refused.is_empty());
        let plan = preview.plan.unwrap();
        assert_eq!(plan.new_count(), 12);
        assert_eq!(now(import(&council, Some(&big), &cat, plan, "b1")).unwrap(), 12);
        assert_eq!(response_counts(&council)[&s.id], 12);
        assert_eq!(sessions::response_count(&council, &s.id).unwrap(), 0, "not in localStorage");
        assert_eq!(sessions::session(&council, &s.id).unwrap().unwrap(), s);
        assert_eq!(now(imported::imported_texts(&big, &s.id)).unwrap().len(), 12);
        // The same files again: nothing new, nothing changed.
        let again = now(preview_import(&council, Some(&big), &cat, &files)).unwrap().plan.unwrap();
        assert_eq!(again.new_count(), 0);
        assert_eq!(again.files.iter().map(|f| f.already_here).sum::<usize>(), 12);
        // The combined set goes out again as one bundle, for the next level up.
        let (all, left) = now(responses_bundle(&council, Some(&big), &cat, std::slice::from_ref(&s), day())).unwrap();
        assert!(left.is_empty(), "{left:?}");
        let next = MemoryStore::new();
        let p = now(preview_import(&next, None, &cat, &[(all.name, all.bytes)])).unwrap().plan.unwrap();
        assert_eq!(p.new_count(), 12);
        // Deleting the session removes the imported responses too.
        assert_eq!(now(delete_session(&council, Some(&big), &s.id)).unwrap(), 12);
        assert!(now(imported::imported_texts(&big, &s.id)).unwrap().is_empty());
        assert!(!response_counts(&council).contains_key(&s.id));
    }

    #[test]
    fn a_session_started_with_an_earlier_survey_version_still_travels_after_an_update() {
        let cat = Catalogue::new(library().unwrap());
        assert_eq!(cat.survey("primary").unwrap().version, "1.1.0");
        let s = Session { survey: "primary".into(), survey_version: "1.0.0".into(), ..session() };
        let pack = session_pack(&cat, &s, day()).unwrap();
        let joining = read_session_pack(&cat, &pack.name, &pack.bytes).unwrap();
        assert!(joining.survey.is_none(), "the earlier version ships with the app");
        let tablet = tablet_with(&cat, &s, 6, 3);
        let (file, left) = now(responses_bundle(&tablet, None, &cat, std::slice::from_ref(&s), day())).unwrap();
        assert!(left.is_empty(), "{left:?}");
        let council = MemoryStore::new();
        let plan = now(preview_import(&council, None, &cat, &[(file.name, file.bytes)])).unwrap().plan.unwrap();
        assert_eq!(now(import(&council, None, &cat, plan, "b1")).unwrap(), 6);
        assert_eq!(response_counts(&council)[&s.id], 6);
    }

    #[test]
    fn two_schools_go_to_the_next_level_up_in_one_file() {
        let cat = Catalogue::new(library().unwrap());
        let a = session();
        let b = Session {
            id: "6a1d8b4f-2c3e-4d6f-9a0b-1c2d3e4f5a6b".into(),
            group: "Year 8, Oak Lane".into(),
            ..session()
        };
        let school = tablet_with(&cat, &a, 6, 1);
        sessions::save_session(&school, &b).unwrap();
        let survey = cat.survey(&b.survey).unwrap();
        for (i, ans) in yv_core::synthetic::responses(survey, 4, 9).into_iter().enumerate() {
            sessions::save_response(&school, survey, &StoredResponse::new(&b, format!("b-{i}"), day(), ans)).unwrap();
        }
        let (file, left) = now(responses_bundle(&school, None, &cat, &[a.clone(), b.clone()], day())).unwrap();
        assert!(left.is_empty(), "{left:?}");
        assert_eq!(file.name, "youth-voice-bundle-year-8-ridgeway-school-and-1-more-2026-11-24.json");
        let next = MemoryStore::new();
        let big = BigStore::Memory(MemoryBig::new());
        let plan = now(preview_import(&next, Some(&big), &cat, &[(file.name, file.bytes)])).unwrap().plan.unwrap();
        assert_eq!(plan.new_count(), 10);
        now(import(&next, Some(&big), &cat, plan, "b1")).unwrap();
        let counts = response_counts(&next);
        assert_eq!((counts[&a.id], counts[&b.id]), (6, 4));
        // Sessions of different survey versions never share a file.
        let c =
            Session { id: "7b2e9c5a-3d4f-4e7a-8b1c-2d3e4f5a6b7c".into(), survey_version: "0.9.0".into(), ..session() };
        assert!(now(responses_bundle(&school, None, &cat, &[a, c], day())).is_err());
    }

    #[test]
    fn an_import_the_big_store_refuses_changes_nothing() {
        let cat = Catalogue::new(library().unwrap());
        let s = session();
        let (bundle, _) =
            now(responses_bundle(&tablet_with(&cat, &s, 6, 4), None, &cat, std::slice::from_ref(&s), day())).unwrap();
        let store = MemoryStore::new();
        let big = BigStore::Memory(MemoryBig::with_quota(100));
        let plan =
            now(preview_import(&store, Some(&big), &cat, &[("a.json".into(), bundle.bytes)])).unwrap().plan.unwrap();
        let e = now(import(&store, Some(&big), &cat, plan, "b1")).unwrap_err();
        assert!(matches!(e, StorageError::QuotaExceeded(_)), "{e}");
        assert!(store.keys().unwrap().is_empty(), "no session, no count");
        assert!(now(big.keys_with_prefix("")).unwrap().is_empty());
    }

    #[test]
    fn a_damaged_file_is_refused_by_name_and_the_others_still_import() {
        let cat = Catalogue::new(library().unwrap());
        let s = session();
        let (good, _) =
            now(responses_bundle(&tablet_with(&cat, &s, 4, 3), None, &cat, std::slice::from_ref(&s), day())).unwrap();
        let mut cut = good.bytes.clone();
        cut.truncate(cut.len() / 2);
        let files = vec![("cut.json".to_string(), cut), ("good.json".to_string(), good.bytes)];
        let store = MemoryStore::new();
        let preview = now(preview_import(&store, None, &cat, &files)).unwrap();
        assert_eq!(preview.refused.len(), 1);
        assert!(preview.refused[0].to_string().starts_with("cut.json was not imported"), "{}", preview.refused[0]);
        assert_eq!(preview.plan.unwrap().new_count(), 4);
    }

    #[test]
    fn a_pack_for_a_plan_this_tablet_lacks_is_refused_with_what_to_do() {
        let cat = Catalogue::new(library().unwrap());
        let mut s = session();
        s.framework = "somewhere-else".into();
        let pack = session_pack(&cat, &s, day()).unwrap();
        let e = read_session_pack(&cat, "pack.json", &pack.bytes).unwrap_err();
        assert!(e.contains("somewhere-else") && e.contains("Surveys and plans"), "{e}");
        let e = read_session_pack(&cat, "x.json", b"{\"format\":\"nope\"}").unwrap_err();
        assert!(e.contains("x.json"), "{e}");
    }

    #[test]
    fn a_sealed_session_travels_in_packs_and_bundles_and_stays_sealed() {
        let cat = Catalogue::new(library().unwrap());
        let key = yv_core::seal::SessionKey::from_random([9; 32]);
        let s = Session { seal: Some(key.public()), ..session() };
        // The pack carries the public key, so joining tablets seal to it.
        let pack = session_pack(&cat, &s, day()).unwrap();
        assert_eq!(read_session_pack(&cat, &pack.name, &pack.bytes).unwrap().session.seal, s.seal);
        let survey = cat.survey(&s.survey).unwrap();
        let tablet = |seed: u8, n: usize| {
            let store = MemoryStore::new();
            sessions::save_session(&store, &s).unwrap();
            let sealer = yv_core::seal::Sealer::new(&key.public(), [seed; 32]).unwrap();
            for (i, a) in yv_core::synthetic::responses(survey, n, u64::from(seed)).into_iter().enumerate() {
                let r = StoredResponse::new(&s, format!("t{seed}-{i}"), day(), a);
                sessions::save_sealed_response(&store, survey, &r, &sealer, [i as u8; 24]).unwrap();
            }
            store
        };
        let (a, b) = (tablet(1, 6), tablet(2, 4));
        let (fa, left) = now(responses_bundle(&a, None, &cat, std::slice::from_ref(&s), day())).unwrap();
        assert!(left.is_empty(), "a tablet bundles its sealed answers without any key: {left:?}");
        let (fb, _) = now(responses_bundle(&b, None, &cat, std::slice::from_ref(&s), day())).unwrap();
        // A device with no key imports them (twice: once counted) and they stay sealed there.
        let council = MemoryStore::new();
        let big = BigStore::Memory(MemoryBig::new());
        let files = vec![("a.json".to_string(), fa.bytes.clone()), ("b.json".to_string(), fb.bytes)];
        let plan = now(preview_import(&council, Some(&big), &cat, &files)).unwrap().plan.unwrap();
        assert_eq!(now(import(&council, Some(&big), &cat, plan, "b1")).unwrap(), 10);
        let again = now(preview_import(&council, Some(&big), &cat, &files)).unwrap().plan.unwrap();
        assert_eq!((again.new_count(), again.conflict_count()), (0, 0));
        let texts = now(imported::imported_texts(&big, &s.id)).unwrap();
        assert_eq!(texts.len(), 10);
        let mut opener = key.opener();
        for (id, text) in &texts {
            assert!(text.starts_with("{\"v\":3,"), "{text}");
            let open = yv_core::envelope::open_record(text, &mut opener).unwrap();
            yv_core::envelope::decode_record(&open, &s.id, id, survey).unwrap();
        }
        // Its own tablet's file again, on the tablet: nothing new (sealed copies compare equal).
        let back = now(preview_import(&a, None, &cat, &[("a.json".into(), fa.bytes)])).unwrap().plan.unwrap();
        assert_eq!((back.new_count(), back.files[0].already_here), (0, 6));
        // And the council sends everything on, still sealed.
        let (up, left) = now(responses_bundle(&council, Some(&big), &cat, std::slice::from_ref(&s), day())).unwrap();
        assert!(left.is_empty(), "{left:?}");
        let text = String::from_utf8(up.bytes).unwrap();
        assert_eq!((text.matches("\"sealed\":").count(), text.matches("\"answers\":").count()), (10, 0));
    }

    #[test]
    fn joining_stores_the_session_and_runs_it() {
        let cat = Catalogue::new(library().unwrap());
        let s = session();
        let pack = session_pack(&cat, &s, day()).unwrap();
        let joining = read_session_pack(&cat, &pack.name, &pack.bytes).unwrap();
        let store = MemoryStore::new();
        let survey = cat.survey(&s.survey).unwrap();
        join(&store, &joining, survey).unwrap();
        assert_eq!(sessions::active_session(&store).unwrap().as_deref(), Some(s.id.as_str()));
        assert_eq!(sessions::kiosk_survey(&store).unwrap().as_ref(), Some(survey), "the pupils' app finds the survey");
        assert_eq!(sessions::session(&store, &s.id).unwrap().unwrap(), s);
    }
}
