//! Storage for large imported response sets, beyond localStorage's 5 MB: "chunks" (string keys,
//! string values) kept in IndexedDB in the browser ([`IdbStore`], wasm32 only), or in memory for
//! tests ([`MemoryBig`]). [`BigStore`] is the one type the app holds.
//!
//! The promises are those of [`Store`](super::Store): nothing is lost. A write of many chunks
//! ([`BigStore::put_chunks`]) is one transaction: every chunk is stored, or none is and the data
//! already there is untouched. A refused write is loud: a specific [`StorageError`], such as
//! [`StorageError::QuotaExceeded`] when the device is full.
//!
//! Keys are compared as Rust strings compare (byte order), and every listing comes back sorted
//! that way, whichever store is behind it.

use super::{utf16_bytes, StorageError};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

#[cfg(target_arch = "wasm32")]
use super::IdbStore;

/// Where large data lives: in memory (tests) or in the browser's IndexedDB.
#[derive(Debug)]
pub enum BigStore {
    Memory(MemoryBig),
    #[cfg(target_arch = "wasm32")]
    Idb(IdbStore),
}

impl BigStore {
    /// The browser's store: the IndexedDB database [`IdbStore::DB_NAME`].
    #[cfg(target_arch = "wasm32")]
    pub async fn browser() -> Result<BigStore, StorageError> {
        IdbStore::open(IdbStore::DB_NAME).await.map(BigStore::Idb)
    }

    /// Store every chunk (key, value) or none: one transaction. A chunk with a key already
    /// present replaces it; if the same key appears twice in `chunks`, the later value wins.
    pub async fn put_chunks(&self, chunks: Vec<(String, String)>) -> Result<(), StorageError> {
        match self {
            BigStore::Memory(m) => m.put_chunks(chunks).await,
            #[cfg(target_arch = "wasm32")]
            BigStore::Idb(s) => s.put_chunks(chunks).await,
        }
    }

    /// One chunk's value, if present.
    pub async fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        match self {
            BigStore::Memory(m) => m.get(key).await,
            #[cfg(target_arch = "wasm32")]
            BigStore::Idb(s) => s.get(key).await,
        }
    }

    /// Every key starting with `prefix`, sorted.
    pub async fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        match self {
            BigStore::Memory(m) => m.keys_with_prefix(prefix).await,
            #[cfg(target_arch = "wasm32")]
            BigStore::Idb(s) => s.keys_with_prefix(prefix).await,
        }
    }

    /// Every chunk whose key starts with `prefix`, sorted by key, read in one transaction (a
    /// consistent picture even while another write is under way).
    pub async fn get_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>, StorageError> {
        match self {
            BigStore::Memory(m) => m.get_with_prefix(prefix).await,
            #[cfg(target_arch = "wasm32")]
            BigStore::Idb(s) => s.get_with_prefix(prefix).await,
        }
    }

    /// Remove every chunk whose key starts with `prefix`, in one transaction; how many there were.
    pub async fn remove_with_prefix(&self, prefix: &str) -> Result<usize, StorageError> {
        match self {
            BigStore::Memory(m) => m.remove_with_prefix(prefix).await,
            #[cfg(target_arch = "wasm32")]
            BigStore::Idb(s) => s.remove_with_prefix(prefix).await,
        }
    }

    /// Bytes used and bytes allowed, as the browser estimates them for the whole site
    /// (`navigator.storage.estimate()`); `None` when it cannot say.
    pub async fn estimate(&self) -> Result<Option<(u64, u64)>, StorageError> {
        match self {
            BigStore::Memory(m) => m.estimate().await,
            #[cfg(target_arch = "wasm32")]
            BigStore::Idb(s) => s.estimate().await,
        }
    }
}

/// The in-memory twin of [`IdbStore`], for tests. It can be given a quota, or made unavailable,
/// to rehearse the failures a real tablet has. Sizes are counted as [`super::MemoryStore`]
/// counts them (UTF-16 code units x 2, keys and values).
#[derive(Debug, Default)]
pub struct MemoryBig {
    items: Mutex<BTreeMap<String, String>>,
    quota_bytes: Option<u64>,
    unavailable: bool,
}

impl MemoryBig {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that refuses a write that would take it past `bytes` (storing none of it).
    pub fn with_quota(bytes: u64) -> Self {
        MemoryBig { quota_bytes: Some(bytes), ..Self::default() }
    }

    /// A store that fails every call (like private browsing with storage turned off).
    pub fn unavailable() -> Self {
        MemoryBig { unavailable: true, ..Self::default() }
    }

    fn items(&self) -> Result<MutexGuard<'_, BTreeMap<String, String>>, StorageError> {
        if self.unavailable {
            return Err(StorageError::Unavailable("storage is switched off".into()));
        }
        self.items.lock().map_err(|_| StorageError::Unavailable("the store was poisoned".into()))
    }

    fn size(k: &str, v: &str) -> u64 {
        (utf16_bytes(k) + utf16_bytes(v)) as u64
    }

    pub async fn put_chunks(&self, chunks: Vec<(String, String)>) -> Result<(), StorageError> {
        let mut items = self.items()?;
        // The batch as it will land: a later duplicate key wins, as in IndexedDB.
        let batch: BTreeMap<String, String> = chunks.into_iter().collect();
        if let Some(quota) = self.quota_bytes {
            let kept: u64 = items.iter().filter(|(k, _)| !batch.contains_key(*k)).map(|(k, v)| Self::size(k, v)).sum();
            let needed = kept + batch.iter().map(|(k, v)| Self::size(k, v)).sum::<u64>();
            if needed > quota {
                return Err(StorageError::QuotaExceeded(format!("{needed} bytes needed, {quota} allowed")));
            }
        }
        items.extend(batch);
        Ok(())
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.items()?.get(key).cloned())
    }

    pub async fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let items = self.items()?;
        Ok(with_prefix(&items, prefix).map(|(k, _)| k.clone()).collect())
    }

    pub async fn get_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>, StorageError> {
        let items = self.items()?;
        Ok(with_prefix(&items, prefix).map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    pub async fn remove_with_prefix(&self, prefix: &str) -> Result<usize, StorageError> {
        let mut items = self.items()?;
        let doomed: Vec<String> = with_prefix(&items, prefix).map(|(k, _)| k.clone()).collect();
        for k in &doomed {
            items.remove(k);
        }
        Ok(doomed.len())
    }

    /// Bytes used and the quota; `None` for a store with no quota (nothing to compare with).
    pub async fn estimate(&self) -> Result<Option<(u64, u64)>, StorageError> {
        let items = self.items()?;
        let used = items.iter().map(|(k, v)| Self::size(k, v)).sum();
        Ok(self.quota_bytes.map(|q| (used, q)))
    }
}

/// The entries whose key starts with `prefix`, in key order.
fn with_prefix<'a>(
    items: &'a BTreeMap<String, String>,
    prefix: &'a str,
) -> impl Iterator<Item = (&'a String, &'a String)> + 'a {
    items
        .range::<str, _>((std::ops::Bound::Included(prefix), std::ops::Bound::Unbounded))
        .take_while(move |(k, _)| k.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// Run a future that never waits (everything in [`MemoryBig`] is ready at once).
    fn now<F: Future>(f: F) -> F::Output {
        let mut f = pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("a MemoryBig future waited"),
        }
    }

    fn chunks(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn stores_and_reads_chunks() {
        let s = BigStore::Memory(MemoryBig::new());
        now(s.put_chunks(chunks(&[("a", "1"), ("b", "2"), ("a", "3")]))).unwrap();
        assert_eq!(now(s.get("a")).unwrap().as_deref(), Some("3"), "a later duplicate wins");
        assert_eq!(now(s.get("b")).unwrap().as_deref(), Some("2"));
        assert_eq!(now(s.get("c")).unwrap(), None);
        now(s.put_chunks(Vec::new())).unwrap();
        assert_eq!(now(s.keys_with_prefix("")).unwrap(), vec!["a", "b"]);
    }

    #[test]
    fn a_write_past_the_quota_stores_nothing_and_keeps_what_was_there() {
        // 2 bytes a character: "k0" + "old" is 10 bytes.
        let s = BigStore::Memory(MemoryBig::with_quota(60));
        now(s.put_chunks(chunks(&[("k0", "old")]))).unwrap();
        let err = now(s.put_chunks(chunks(&[("k0", "new"), ("k1", "x"), ("k2", &"y".repeat(30))]))).unwrap_err();
        assert!(matches!(err, StorageError::QuotaExceeded(_)), "{err}");
        assert_eq!(now(s.get_with_prefix("k")).unwrap(), chunks(&[("k0", "old")]), "all or nothing");
        // Replacing a chunk counts its new size, not both.
        now(s.put_chunks(chunks(&[("k0", &"z".repeat(20)), ("k1", "x")]))).unwrap();
        assert_eq!(now(s.estimate()).unwrap(), Some((4 + 40 + 4 + 2, 60)));
        // Exactly full is allowed; one byte more is not.
        let s = MemoryBig::with_quota(10);
        now(s.put_chunks(chunks(&[("k0", "old")]))).unwrap();
        let err = now(s.put_chunks(chunks(&[("k0", "oldx")]))).unwrap_err();
        assert_eq!(err, StorageError::QuotaExceeded("12 bytes needed, 10 allowed".into()));
        assert_eq!(now(s.get("k0")).unwrap().as_deref(), Some("old"));
    }

    #[test]
    fn prefix_queries_are_sorted_and_exact() {
        let s = BigStore::Memory(MemoryBig::new());
        now(s.put_chunks(chunks(&[
            ("imp:b:0002", "c"),
            ("imp:a:0010", "b"),
            ("imp:a:0001", "a"),
            ("imp:ab:0001", "other import"),
            ("imp", "no colon"),
            ("imp;", "after the prefix range"),
            ("imq:a:0001", "after"),
            ("ima:a:0001", "before"),
            ("imp:a:\u{1F600}", "emoji"),
        ])))
        .unwrap();
        assert_eq!(now(s.keys_with_prefix("imp:a:")).unwrap(), vec!["imp:a:0001", "imp:a:0010", "imp:a:\u{1F600}"]);
        assert_eq!(
            now(s.get_with_prefix("imp:a")).unwrap(),
            chunks(&[
                ("imp:a:0001", "a"),
                ("imp:a:0010", "b"),
                ("imp:a:\u{1F600}", "emoji"),
                ("imp:ab:0001", "other import")
            ])
        );
        assert_eq!(now(s.keys_with_prefix("imp:")).unwrap().len(), 5);
        assert!(now(s.keys_with_prefix("zzz")).unwrap().is_empty());
        let all = now(s.keys_with_prefix("")).unwrap();
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!((all.len(), all), (9, sorted));
    }

    #[test]
    fn removal_counts_what_it_removed_and_nothing_else() {
        let s = BigStore::Memory(MemoryBig::new());
        let many: Vec<(String, String)> = (0..50).map(|i| (format!("imp:x:{i:04}"), format!("v{i}"))).collect();
        now(s.put_chunks(many)).unwrap();
        now(s.put_chunks(chunks(&[("imp:y:0000", "keep"), ("imp:xx", "keep too")]))).unwrap();
        assert_eq!(now(s.remove_with_prefix("imp:x:")).unwrap(), 50);
        assert_eq!(now(s.remove_with_prefix("imp:x:")).unwrap(), 0);
        assert_eq!(now(s.keys_with_prefix("imp:")).unwrap(), vec!["imp:xx", "imp:y:0000"]);
        assert_eq!(now(s.remove_with_prefix("")).unwrap(), 2);
        assert_eq!(now(s.estimate()).unwrap(), None, "no quota: nothing to say");
    }

    #[test]
    fn unavailable_storage_fails_every_call_loudly() {
        let s = BigStore::Memory(MemoryBig::unavailable());
        let unavailable = |r: StorageError| matches!(r, StorageError::Unavailable(_));
        assert!(unavailable(now(s.put_chunks(chunks(&[("a", "1")]))).unwrap_err()));
        assert!(unavailable(now(s.put_chunks(Vec::new())).unwrap_err()));
        assert!(unavailable(now(s.get("a")).unwrap_err()));
        assert!(unavailable(now(s.keys_with_prefix("")).unwrap_err()));
        assert!(unavailable(now(s.get_with_prefix("")).unwrap_err()));
        assert!(unavailable(now(s.remove_with_prefix("")).unwrap_err()));
        assert!(unavailable(now(s.estimate()).unwrap_err()));
    }
}
