//! Responses imported from other tablets, kept in the big store (IndexedDB) so a council's
//! returns are not limited by localStorage's 5 MB. Each import writes one chunk per session
//! (`r/{session}/{batch}`: lines of `{id}\t{record}`, each record as the kiosk writes it) in one
//! durable transaction; the number each session holds is kept in localStorage
//! ([`Key::Imported`]) so lists count without opening the big store.

use super::{BigStore, Key, StorageError, Store, StoreExt};
use std::collections::{BTreeMap, HashMap};
use yv_core::catalogue::Catalogue;
use yv_core::envelope::{encode_stored, read_stored, record_survey, Session, Stored};

fn prefix(session: &str) -> String {
    format!("r/{session}/")
}

/// How many imported responses a session holds (0 when none or unreadable).
pub fn imported_count(store: &dyn Store, session: &str) -> usize {
    store.get::<usize>(&Key::Imported(session.to_string())).ok().flatten().unwrap_or(0)
}

/// How many imported responses each session holds.
pub fn imported_counts(store: &dyn Store) -> Result<HashMap<String, usize>, StorageError> {
    let mut out = HashMap::new();
    for key in store.keys()? {
        if let Key::Imported(session) = &key {
            out.insert(session.clone(), store.get::<usize>(&key).ok().flatten().unwrap_or(0));
        }
    }
    Ok(out)
}

/// Store an import: the records in the big store (one transaction, whole or nothing), then the
/// sessions this device lacks and the counts in `store`. If the second step fails, the first is
/// undone, so the device is as it was. `batch` names this import (a random id).
#[allow(clippy::too_many_arguments)]
pub async fn store_imported<P, F>(
    store: &dyn Store,
    big: &BigStore,
    cat: &Catalogue,
    sessions: &[Session],
    records: Vec<Stored>,
    batch: &str,
    mut pause: P,
) -> Result<usize, StorageError>
where
    P: FnMut() -> F,
    F: std::future::Future<Output = ()>,
{
    let mut chunks: BTreeMap<String, String> = BTreeMap::new();
    let mut added: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if i > 0 && i % 2_000 == 0 {
            pause().await;
        }
        let (id, version) = r.survey();
        let survey = cat.survey_version(id, version).ok_or_else(|| {
            StorageError::Encode(format!("the survey \"{id}\" version {version} is not on this device"))
        })?;
        let text = encode_stored(survey, r).map_err(|e| StorageError::Encode(e.to_string()))?;
        let chunk = chunks.entry(format!("{}{batch}", prefix(r.session()))).or_default();
        if !chunk.is_empty() {
            chunk.push('\n');
        }
        chunk.push_str(r.id());
        chunk.push('\t');
        chunk.push_str(&text);
        *added.entry(r.session().to_string()).or_default() += 1;
    }
    // Freeing tens of thousands of decoded responses at once is a long task of its own: free
    // them a slice at a time.
    let stored = records.len();
    let mut records = records;
    while !records.is_empty() {
        records.truncate(records.len().saturating_sub(2_000));
        pause().await;
    }
    let keys: Vec<String> = chunks.keys().cloned().collect();
    big.put_chunks(chunks.into_iter().collect()).await?;
    // Then the small facts in localStorage; on failure, put everything back as it was.
    let before: Vec<(String, usize)> = added.keys().map(|s| (s.clone(), imported_count(store, s))).collect();
    let mut new_sessions: Vec<Key> = Vec::new();
    let small = |new_sessions: &mut Vec<Key>| -> Result<(), StorageError> {
        for s in sessions {
            let key = Key::Session(s.id.clone());
            if store.get_raw(&key)?.is_none() {
                store.set(&key, s)?;
                new_sessions.push(key);
            }
        }
        for (session, old) in &before {
            store.set(&Key::Imported(session.clone()), &(old + added[session]))?;
        }
        Ok(())
    };
    if let Err(e) = small(&mut new_sessions) {
        for k in &keys {
            let _ = big.remove_with_prefix(k).await;
        }
        for k in &new_sessions {
            let _ = store.remove(k);
        }
        for (session, old) in &before {
            let key = Key::Imported(session.clone());
            let _ = if *old == 0 { store.remove(&key) } else { store.set(&key, old) };
        }
        return Err(e);
    }
    Ok(stored)
}

/// When the big store holds fewer of a session's imported responses than were imported (the
/// browser cleared its IndexedDB, or a chunk was lost), what to tell the facilitator: the
/// results then leave them out loudly, never silently.
pub fn shortfall(store: &dyn Store, session: &str, found: usize) -> Option<String> {
    let expected = imported_count(store, session);
    (found < expected).then(|| {
        format!(
            "{} of the {expected} responses imported from other tablets are missing from this browser's storage (it may have been cleared): import their files again.",
            expected - found
        )
    })
}

/// Every imported record of `session`: (id, record text).
pub async fn imported_texts(big: &BigStore, session: &str) -> Result<Vec<(String, String)>, StorageError> {
    let mut out = Vec::new();
    for (key, chunk) in imported_chunks(big, session).await? {
        for line in chunk_records(&key, &chunk) {
            let (id, text) = line?;
            out.push((id.to_string(), text.to_string()));
        }
    }
    Ok(out)
}

/// The stored chunks of `session`'s imported records, as (key, chunk): read the records in
/// them with [`chunk_records`] without copying each one (a council's returns are tens of
/// thousands of records).
pub async fn imported_chunks(big: &BigStore, session: &str) -> Result<Vec<(String, String)>, StorageError> {
    big.get_with_prefix(&prefix(session)).await
}

/// The records of one stored chunk: (id, record text), or why a line is damaged.
pub fn chunk_records<'a>(
    key: &'a str,
    chunk: &'a str,
) -> impl Iterator<Item = Result<(&'a str, &'a str), StorageError>> + 'a {
    chunk.lines().map(move |line| {
        line.split_once('\t')
            .ok_or_else(|| StorageError::Corrupt { key: key.to_string(), detail: "a line without a record id".into() })
    })
}

/// Every readable imported response (open or sealed), each read with its own survey from `cat`,
/// by id.
pub async fn imported_by_id(big: &BigStore, cat: &Catalogue) -> Result<BTreeMap<String, Stored>, StorageError> {
    let mut out = BTreeMap::new();
    for (key, chunk) in big.get_with_prefix("r/").await? {
        let Some(session) = key.strip_prefix("r/").and_then(|k| k.split('/').next()) else { continue };
        for line in chunk.lines() {
            let Some((id, text)) = line.split_once('\t') else { continue };
            let Ok((_, s, sv)) = record_survey(text) else { continue };
            let Some(survey) = cat.survey_version(&s, &sv) else { continue };
            if let Ok(r) = read_stored(text, session, id, survey) {
                out.insert(r.id().to_string(), r);
            }
        }
    }
    Ok(out)
}

/// Remove a session's imported responses and their count; how many there were.
pub async fn remove_imported(store: &dyn Store, big: &BigStore, session: &str) -> Result<usize, StorageError> {
    let n = imported_count(store, session);
    big.remove_with_prefix(&prefix(session)).await?;
    store.remove(&Key::Imported(session.to_string()))?;
    Ok(n)
}

/// The browser's big store, opened once and shared by the whole page.
#[cfg(target_arch = "wasm32")]
pub async fn browser_big() -> Result<std::rc::Rc<BigStore>, StorageError> {
    thread_local! {
        static BIG: std::cell::RefCell<Option<std::rc::Rc<BigStore>>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(b) = BIG.with(|b| b.borrow().clone()) {
        return Ok(b);
    }
    let opened = std::rc::Rc::new(BigStore::browser().await?);
    BIG.with(|b| *b.borrow_mut() = Some(opened.clone()));
    Ok(opened)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn missing_imported_responses_are_named_not_ignored() {
        let store = MemoryStore::new();
        assert_eq!(shortfall(&store, "s1", 0), None, "nothing imported, nothing missing");
        store.set(&Key::Imported("s1".into()), &12usize).unwrap();
        assert_eq!(shortfall(&store, "s1", 12), None);
        let why = shortfall(&store, "s1", 0).unwrap();
        assert!(why.starts_with("12 of the 12 responses imported"), "{why}");
    }
}
