//! The one place that talks to browser storage.
//!
//! Everything the app keeps on the device goes through [`Store`], addressed by a [`Key`]. The
//! browser implementation ([`LocalStore`], localStorage through gloo-storage) and the in-memory
//! twin used by tests ([`MemoryStore`]) behave the same, including running out of space.
//!
//! [`BigStore`] is the second, asynchronous store for sets larger than localStorage's 5 MB
//! (IndexedDB in the browser, [`MemoryBig`] in tests): whole batches written in one durable
//! transaction or not at all. Responses imported from other tablets live there ([`imported`]);
//! a pupil's own response is written to localStorage, synchronously, before they are thanked.

mod big;
pub mod catalogue;
#[cfg(target_arch = "wasm32")]
mod idb;
pub mod imported;
mod key;
#[cfg(target_arch = "wasm32")]
mod local;
mod memory;
#[cfg(target_arch = "wasm32")]
pub mod sealed_tab;
pub mod sessions;
pub mod votes;

pub use big::{BigStore, MemoryBig};
#[cfg(target_arch = "wasm32")]
pub use idb::{estimate, IdbStore};
pub use key::Key;
#[cfg(target_arch = "wasm32")]
pub use local::{LocalStore, TabStore};
pub use memory::MemoryStore;

use serde::{de::DeserializeOwned, Serialize};

/// Why storage failed. Every variant says what happened in words a facilitator can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("this browser is not letting Youth Voice store anything (private browsing, or storage turned off): {0}")]
    Unavailable(String),
    #[error("the device's storage for Youth Voice is full ({0})")]
    QuotaExceeded(String),
    #[error("the stored item \"{key}\" could not be read: {detail}")]
    Corrupt { key: String, detail: String },
    #[error("could not prepare the item for storage: {0}")]
    Encode(String),
    #[error("the browser refused to store the item: {0}")]
    Refused(String),
}

/// A key-value store of strings. Implementations never panic.
pub trait Store {
    fn get_raw(&self, key: &Key) -> Result<Option<String>, StorageError>;
    fn set_raw(&self, key: &Key, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &Key) -> Result<(), StorageError>;
    /// Every Youth Voice key present (other sites' keys are ignored).
    fn keys(&self) -> Result<Vec<Key>, StorageError>;
    /// Bytes used by Youth Voice's keys and values (UTF-16 code units x 2, as browsers count).
    fn used_bytes(&self) -> Result<usize, StorageError>;
}

/// Typed reads and writes over any [`Store`].
pub trait StoreExt: Store {
    fn get<T: DeserializeOwned>(&self, key: &Key) -> Result<Option<T>, StorageError> {
        match self.get_raw(key)? {
            None => Ok(None),
            Some(s) => serde_json::from_str(&s)
                .map(Some)
                .map_err(|e| StorageError::Corrupt { key: key.to_string(), detail: e.to_string() }),
        }
    }

    fn set<T: Serialize>(&self, key: &Key, value: &T) -> Result<(), StorageError> {
        let s = serde_json::to_string(value).map_err(|e| StorageError::Encode(e.to_string()))?;
        self.set_raw(key, &s)
    }
}

impl<S: Store + ?Sized> StoreExt for S {}

/// Size of a string as browsers count it against the quota.
pub(crate) fn utf16_bytes(s: &str) -> usize {
    s.encode_utf16().count() * 2
}
