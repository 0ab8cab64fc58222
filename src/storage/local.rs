//! localStorage through gloo-storage. Storage can be missing (private mode, disabled by policy):
//! that is checked first, so no call here can panic.

use super::{utf16_bytes, Key, StorageError, Store};
use gloo_storage::{LocalStorage, Storage as _};
use wasm_bindgen::JsCast;

/// The browser's localStorage.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalStore;

impl LocalStore {
    /// gloo's storage object, once it is known to exist (gloo's `raw()` panics when storage is
    /// missing), or why there is none.
    fn raw(&self) -> Result<web_sys::Storage, StorageError> {
        browser_storage(web_sys::Window::local_storage, "localStorage").map(|_| LocalStorage::raw())
    }
}

/// The browser's sessionStorage: kept across reloads of the same tab only, never shared with
/// another tab and gone when the tab is closed. The current pupil's unfinished answers live
/// here, so the next person to open the app elsewhere never sees them.
#[derive(Debug, Clone, Copy, Default)]
pub struct TabStore;

impl TabStore {
    fn raw(&self) -> Result<web_sys::Storage, StorageError> {
        browser_storage(web_sys::Window::session_storage, "sessionStorage")
    }
}

/// One of the window's storage objects, or why there is none (checked, never a panic).
fn browser_storage(
    get: fn(&web_sys::Window) -> Result<Option<web_sys::Storage>, wasm_bindgen::JsValue>,
    name: &str,
) -> Result<web_sys::Storage, StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("no window".into()))?;
    match get(&window) {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(StorageError::Unavailable(format!("{name} is missing"))),
        Err(e) => Err(StorageError::Unavailable(js_message(&e))),
    }
}

fn js_message(e: &wasm_bindgen::JsValue) -> String {
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", ex.name(), ex.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

fn is_quota(e: &wasm_bindgen::JsValue) -> bool {
    e.dyn_ref::<web_sys::DomException>()
        .is_some_and(|ex| ex.name() == "QuotaExceededError" || ex.name() == "NS_ERROR_DOM_QUOTA_REACHED")
}

/// A browser `Storage` object (localStorage or sessionStorage), or why there is none.
trait WebStorage {
    fn raw(&self) -> Result<web_sys::Storage, StorageError>;
}

impl WebStorage for LocalStore {
    fn raw(&self) -> Result<web_sys::Storage, StorageError> {
        LocalStore::raw(self)
    }
}

impl WebStorage for TabStore {
    fn raw(&self) -> Result<web_sys::Storage, StorageError> {
        TabStore::raw(self)
    }
}

/// Both browser stores behave alike; only the `Storage` object differs.
impl<T: WebStorage> Store for T {
    fn get_raw(&self, key: &Key) -> Result<Option<String>, StorageError> {
        get(&self.raw()?, key)
    }
    fn set_raw(&self, key: &Key, value: &str) -> Result<(), StorageError> {
        set(&self.raw()?, key, value)
    }
    fn remove(&self, key: &Key) -> Result<(), StorageError> {
        remove(&self.raw()?, key)
    }
    fn keys(&self) -> Result<Vec<Key>, StorageError> {
        keys(&self.raw()?)
    }
    fn used_bytes(&self) -> Result<usize, StorageError> {
        used_bytes(self)
    }
}

fn get(raw: &web_sys::Storage, key: &Key) -> Result<Option<String>, StorageError> {
    raw.get_item(&key.to_string()).map_err(|e| StorageError::Refused(js_message(&e)))
}

fn set(raw: &web_sys::Storage, key: &Key, value: &str) -> Result<(), StorageError> {
    raw.set_item(&key.to_string(), value).map_err(|e| {
        if is_quota(&e) {
            StorageError::QuotaExceeded(js_message(&e))
        } else {
            StorageError::Refused(js_message(&e))
        }
    })
}

fn remove(raw: &web_sys::Storage, key: &Key) -> Result<(), StorageError> {
    raw.remove_item(&key.to_string()).map_err(|e| StorageError::Refused(js_message(&e)))
}

fn keys(raw: &web_sys::Storage) -> Result<Vec<Key>, StorageError> {
    let n = raw.length().map_err(|e| StorageError::Refused(js_message(&e)))?;
    let mut out = Vec::new();
    for i in 0..n {
        if let Ok(Some(k)) = raw.key(i) {
            if let Some(key) = Key::parse(&k) {
                out.push(key);
            }
        }
    }
    Ok(out)
}

fn used_bytes(store: &dyn Store) -> Result<usize, StorageError> {
    let mut total = 0;
    for k in store.keys()? {
        let v = store.get_raw(&k)?.unwrap_or_default();
        total += utf16_bytes(&k.to_string()) + utf16_bytes(&v);
    }
    Ok(total)
}
