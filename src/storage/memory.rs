//! The in-memory twin of browser storage, for tests. It can be given a quota, or made
//! unavailable, to rehearse the failures a real tablet has.

use super::{utf16_bytes, Key, StorageError, Store};
use std::collections::BTreeMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct MemoryStore {
    items: Mutex<BTreeMap<String, String>>,
    quota_bytes: Option<usize>,
    unavailable: bool,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that refuses writes that would take it past `bytes` (like a full tablet).
    pub fn with_quota(bytes: usize) -> Self {
        MemoryStore { quota_bytes: Some(bytes), ..Self::default() }
    }

    /// A store that fails every call (like private browsing with storage disabled).
    pub fn unavailable() -> Self {
        MemoryStore { unavailable: true, ..Self::default() }
    }

    fn items(&self) -> Result<std::sync::MutexGuard<'_, BTreeMap<String, String>>, StorageError> {
        if self.unavailable {
            return Err(StorageError::Unavailable("storage is switched off".into()));
        }
        self.items.lock().map_err(|_| StorageError::Unavailable("the store was poisoned".into()))
    }
}

impl Store for MemoryStore {
    fn get_raw(&self, key: &Key) -> Result<Option<String>, StorageError> {
        Ok(self.items()?.get(&key.to_string()).cloned())
    }

    fn set_raw(&self, key: &Key, value: &str) -> Result<(), StorageError> {
        let mut items = self.items()?;
        let k = key.to_string();
        if let Some(quota) = self.quota_bytes {
            let others: usize =
                items.iter().filter(|(ik, _)| **ik != k).map(|(ik, iv)| utf16_bytes(ik) + utf16_bytes(iv)).sum();
            let needed = others + utf16_bytes(&k) + utf16_bytes(value);
            if needed > quota {
                return Err(StorageError::QuotaExceeded(format!("{needed} bytes needed, {quota} allowed")));
            }
        }
        items.insert(k, value.to_string());
        Ok(())
    }

    fn remove(&self, key: &Key) -> Result<(), StorageError> {
        self.items()?.remove(&key.to_string());
        Ok(())
    }

    fn keys(&self) -> Result<Vec<Key>, StorageError> {
        Ok(self.items()?.keys().filter_map(|k| Key::parse(k)).collect())
    }

    fn used_bytes(&self) -> Result<usize, StorageError> {
        Ok(self.items()?.iter().map(|(k, v)| utf16_bytes(k) + utf16_bytes(v)).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::StoreExt;

    #[test]
    fn stores_reads_and_removes() {
        let s = MemoryStore::new();
        let k = Key::CustomSurvey("mini".into());
        assert_eq!(s.get::<Vec<u8>>(&k).unwrap(), None);
        s.set(&k, &vec![1u8, 2]).unwrap();
        assert_eq!(s.get::<Vec<u8>>(&k).unwrap(), Some(vec![1, 2]));
        assert_eq!(s.keys().unwrap(), vec![k.clone()]);
        s.remove(&k).unwrap();
        assert!(s.keys().unwrap().is_empty());
    }

    #[test]
    fn a_full_store_refuses_and_keeps_what_it_had() {
        let s = MemoryStore::with_quota(100);
        let a = Key::CustomSurvey("a".into());
        let b = Key::CustomSurvey("b".into());
        s.set_raw(&a, "x").unwrap();
        let err = s.set_raw(&b, &"y".repeat(100)).unwrap_err();
        assert!(matches!(err, StorageError::QuotaExceeded(_)), "{err}");
        assert_eq!(s.get_raw(&a).unwrap().as_deref(), Some("x"));
        assert_eq!(s.get_raw(&b).unwrap(), None);
    }

    #[test]
    fn corrupt_records_are_reported_with_their_key() {
        let s = MemoryStore::new();
        let k = Key::CustomFramework("f".into());
        s.set_raw(&k, "{not json").unwrap();
        let err = s.get::<Vec<u8>>(&k).unwrap_err();
        assert!(err.to_string().starts_with("the stored item \"yv:framework:f\" could not be read"), "{err}");
    }

    #[test]
    fn unavailable_storage_fails_loudly() {
        let s = MemoryStore::unavailable();
        let err = s.set_raw(&Key::CustomSurvey("a".into()), "x").unwrap_err();
        assert!(matches!(err, StorageError::Unavailable(_)));
    }
}
