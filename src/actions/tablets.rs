//! Many tablets, one picture. A facilitator shares a session as a pack; other tablets join it
//! and run the same session; each tablet sends its responses back as a bundle; any device
//! imports bundles (whole files or nothing, never double counting) and reads the combined
//! results. Formats and checks are in `yv_core::bundle`; this module adds the device's storage.

use crate::storage::{sessions, StorageError, Store};
use yv_core::bundle::{
    bundle_file_name, make_bundle, make_pack, pack_file_name, plan_merge, read_bundle, read_pack, BundleError,
    MergePlan, ReadBundle,
};
use yv_core::catalogue::{Catalogue, Loaded};
use yv_core::envelope::Session;

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
    let survey = cat.survey(&session.survey).filter(|s| s.version == session.survey_version).ok_or_else(|| {
        format!("The survey \u{201c}{}\u{201d} of this session is not on this device.", session.survey)
    })?;
    let pack = make_pack(session, Some(survey));
    let bytes = serde_json::to_vec_pretty(&pack).map_err(|e| format!("The session pack could not be made: {e}."))?;
    Ok(FileOut { name: pack_file_name(&session.group, today), bytes })
}

/// This device's responses to `session` as a bundle, and the responses that could not go in it
/// (each named: they stay on the device).
pub fn responses_bundle(
    store: &dyn Store,
    cat: &Catalogue,
    session: &Session,
    today: chrono::NaiveDate,
) -> Result<(FileOut, Vec<String>), String> {
    let survey = cat.survey(&session.survey).filter(|s| s.version == session.survey_version).ok_or_else(|| {
        format!("The survey \u{201c}{}\u{201d} of this session is not on this device.", session.survey)
    })?;
    let (responses, mut problems) = sessions::responses(store, &session.id, survey)
        .map_err(|e| format!("The responses could not be read: {e}."))?;
    let made = make_bundle(survey, std::slice::from_ref(session), &responses);
    problems.extend(made.left_out);
    let bytes = serde_json::to_vec(&made.bundle).map_err(|e| format!("The bundle could not be made: {e}."))?;
    Ok((FileOut { name: bundle_file_name(&session.group, today), bytes }, problems))
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
    let known = |id: &str, version: &str| cat.survey(id).is_some_and(|s| s.version == version);
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
pub fn join(store: &dyn Store, joining: &Joining) -> Result<(), StorageError> {
    if let Some(item) = &joining.survey {
        crate::storage::catalogue::save_loaded(store, item)?;
    }
    sessions::save_session(store, &joining.session)?;
    sessions::set_active_session(store, Some(&joining.session.id))
}

/// Bundles read for an import: the ones that passed every check, and the refused ones with why.
#[derive(Debug, Clone, Default)]
pub struct ImportPreview {
    pub plan: Option<MergePlan>,
    pub refused: Vec<BundleError>,
}

/// Read every chosen file and plan the merge against what this device holds. Nothing is stored.
pub fn preview_import(
    store: &dyn Store,
    cat: &Catalogue,
    files: &[(String, Vec<u8>)],
) -> Result<ImportPreview, String> {
    let find = |id: &str, version: &str| cat.survey(id).filter(|s| s.version == version);
    let mut read: Vec<ReadBundle> = Vec::new();
    let mut refused = Vec::new();
    for (name, bytes) in files {
        match read_bundle(name, bytes, &find, MAX_BUNDLE_BYTES) {
            Ok(b) => read.push(b),
            Err(e) => refused.push(e),
        }
    }
    let existing = sessions::responses_by_id(store, cat)
        .map_err(|e| format!("The responses on this device could not be read: {e}."))?;
    let plan = (!read.is_empty()).then(|| plan_merge(&existing, &read));
    Ok(ImportPreview { plan, refused })
}

/// Store what a preview planned: the new sessions and new responses, whole or not at all.
pub fn import(store: &dyn Store, cat: &Catalogue, plan: &MergePlan) -> Result<usize, StorageError> {
    sessions::store_import(store, cat, &plan.sessions, &plan.to_store())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;
    use yv_core::builtin::library;
    use yv_core::envelope::StoredResponse;

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn tablet_with(cat: &Catalogue, session: &Session, n: usize, seed: u64) -> MemoryStore {
        let store = MemoryStore::new();
        sessions::save_session(&store, session).unwrap();
        let survey = cat.survey(&session.survey).unwrap();
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
        let (bundle_a, left_a) = responses_bundle(&a, &cat, &s, day()).unwrap();
        let (bundle_b, _) = responses_bundle(&b, &cat, &s, day()).unwrap();
        assert!(left_a.is_empty());
        let files = vec![(bundle_a.name.clone(), bundle_a.bytes.clone()), ("b.json".to_string(), bundle_b.bytes)];

        let council = MemoryStore::new();
        let preview = preview_import(&council, &cat, &files).unwrap();
        assert!(preview.refused.is_empty());
        let plan = preview.plan.unwrap();
        assert_eq!(plan.new_count(), 12);
        assert_eq!(import(&council, &cat, &plan).unwrap(), 12);
        assert_eq!(sessions::response_count(&council, &s.id).unwrap(), 12);
        assert_eq!(sessions::session(&council, &s.id).unwrap().unwrap(), s);
        // The same files again: nothing new, nothing changed.
        let again = preview_import(&council, &cat, &files).unwrap().plan.unwrap();
        assert_eq!(again.new_count(), 0);
        assert_eq!(again.files.iter().map(|f| f.already_here).sum::<usize>(), 12);
    }

    #[test]
    fn a_damaged_file_is_refused_by_name_and_the_others_still_import() {
        let cat = Catalogue::new(library().unwrap());
        let s = session();
        let (good, _) = responses_bundle(&tablet_with(&cat, &s, 4, 3), &cat, &s, day()).unwrap();
        let mut cut = good.bytes.clone();
        cut.truncate(cut.len() / 2);
        let files = vec![("cut.json".to_string(), cut), ("good.json".to_string(), good.bytes)];
        let store = MemoryStore::new();
        let preview = preview_import(&store, &cat, &files).unwrap();
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
    fn joining_stores_the_session_and_runs_it() {
        let cat = Catalogue::new(library().unwrap());
        let s = session();
        let pack = session_pack(&cat, &s, day()).unwrap();
        let joining = read_session_pack(&cat, &pack.name, &pack.bytes).unwrap();
        let store = MemoryStore::new();
        join(&store, &joining).unwrap();
        assert_eq!(sessions::active_session(&store).unwrap().as_deref(), Some(s.id.as_str()));
        assert_eq!(sessions::session(&store, &s.id).unwrap().unwrap(), s);
    }
}
