//! Storing the survey and framework files a facilitator loads, and restoring them at start.

use super::{Key, StorageError, Store, StoreExt};
use yv_core::catalogue::{Catalogue, Loaded};

/// Store a checked file. On failure nothing was stored and the caller leaves the catalogue as
/// it was.
pub fn save_loaded(store: &dyn Store, item: &Loaded) -> Result<(), StorageError> {
    match item {
        Loaded::Survey(s) => store.set(&Key::CustomSurvey(s.id.clone()), s),
        Loaded::Framework(f) => store.set(&Key::CustomFramework(f.id.clone()), f),
    }
}

/// Remove a loaded survey or framework from storage.
pub fn remove_loaded(store: &dyn Store, item: &Loaded) -> Result<(), StorageError> {
    match item {
        Loaded::Survey(s) => store.remove(&Key::CustomSurvey(s.id.clone())),
        Loaded::Framework(f) => store.remove(&Key::CustomFramework(f.id.clone())),
    }
}

/// Add every stored survey, then every stored framework, to `catalogue`. Anything that no
/// longer loads is left in storage untouched and reported, so nothing is silently lost.
pub fn restore(store: &dyn Store, catalogue: &mut Catalogue) -> Vec<String> {
    let mut problems = Vec::new();
    let keys = match store.keys() {
        Ok(k) => k,
        Err(e) => return vec![e.to_string()],
    };
    let surveys = keys.iter().filter(|k| matches!(k, Key::CustomSurvey(_)));
    let frameworks = keys.iter().filter(|k| matches!(k, Key::CustomFramework(_)));
    for key in surveys.chain(frameworks) {
        match store.get_raw(key) {
            Ok(Some(text)) => match catalogue.check_file(&key.to_string(), &text) {
                Ok(item) => catalogue.add(item),
                Err(e) => problems.push(e.to_string()),
            },
            Ok(None) => {}
            Err(e) => problems.push(e.to_string()),
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    fn catalogue() -> Catalogue {
        Catalogue::new(yv_core::builtin::library().expect("built-in files load"))
    }

    fn custom_survey(id: &str) -> String {
        let (_, text) = yv_core::builtin::SURVEY_FILES[0];
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
        v["id"] = id.into();
        v.to_string()
    }

    #[test]
    fn a_loaded_survey_survives_a_restart() {
        let store = MemoryStore::new();
        let mut cat = catalogue();
        let item = cat.check_file("mine.json", &custom_survey("mine")).unwrap();
        save_loaded(&store, &item).unwrap();
        cat.add(item);
        let mut fresh = catalogue();
        assert!(restore(&store, &mut fresh).is_empty());
        assert!(fresh.survey("mine").is_some());
    }

    #[test]
    fn a_failed_save_changes_nothing() {
        let store = MemoryStore::with_quota(64);
        let cat = catalogue();
        let item = cat.check_file("mine.json", &custom_survey("mine")).unwrap();
        assert!(matches!(save_loaded(&store, &item), Err(StorageError::QuotaExceeded(_))));
        assert!(store.keys().unwrap().is_empty());
    }

    /// A custom survey with `n` copies of its score, each written without `max_missing`: its
    /// stored copy writes that default out, so it is larger than the file.
    fn survey_with_scores(id: &str, n: usize) -> String {
        let mut v: serde_json::Value = serde_json::from_str(&custom_survey(id)).unwrap();
        let mut score = v["scores"][0].clone();
        score.as_object_mut().unwrap().remove("max_missing");
        v["scores"] = (0..n)
            .map(|i| {
                let mut s = score.clone();
                s["id"] = format!("s{i}").into();
                s
            })
            .collect();
        v.to_string()
    }

    #[test]
    fn whatever_loads_is_restored_at_the_next_start() {
        // Issue 16: a file under the size limit whose stored copy was over it loaded, then
        // vanished at the next start. Now it is refused when loaded, and what loads restores.
        let cat = catalogue();
        let text = survey_with_scores("big", 2_830);
        assert!(text.len() <= yv_core::MAX_FILE_BYTES, "{}", text.len());
        let e = cat.check_file("big.json", &text).unwrap_err();
        assert!(e.to_string().contains("the largest that can be stored is"), "{e}");
        let store = MemoryStore::new();
        let item = cat.check_file("near.json", &survey_with_scores("near", 2_500)).unwrap();
        save_loaded(&store, &item).unwrap();
        let stored = store.get_raw(&Key::CustomSurvey("near".into())).unwrap().unwrap();
        assert!(stored.len() > 950_000, "{}: near the limit", stored.len());
        let mut fresh = catalogue();
        assert_eq!(restore(&store, &mut fresh), Vec::<String>::new());
        assert!(fresh.survey("near").is_some());
    }

    #[test]
    fn a_built_in_id_is_refused() {
        let cat = catalogue();
        let e = cat.check_file("copy.json", &custom_survey("primary")).unwrap_err();
        assert!(e.to_string().contains("already uses the id \"primary\""), "{e}");
    }

    #[test]
    fn a_stored_item_that_no_longer_loads_is_reported_and_kept() {
        let store = MemoryStore::new();
        let key = Key::CustomSurvey("broken".into());
        store.set_raw(&key, "{\"format\": \"youth-voice-survey\", \"format_version\": 9}").unwrap();
        let mut cat = catalogue();
        let problems = restore(&store, &mut cat);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("format version 9 is not supported"), "{problems:?}");
        assert!(store.get_raw(&key).unwrap().is_some(), "kept for the facilitator to deal with");
    }
}
