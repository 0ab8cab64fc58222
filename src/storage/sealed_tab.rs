//! The current pupil's unfinished answers, sealed at rest (issue 13). They are kept in the tab's
//! sessionStorage so a reload resumes them, but only as AES-256-GCM ciphertext under a key the
//! browser made with WebCrypto as *non-extractable* and keeps in IndexedDB: no one reading the
//! browser's storage (developer tools, a copied profile) sees an answer, and no script can read
//! the key's bytes out. The plain answers live in this tab's memory only.
//!
//! Reads are from memory, so the pupil screens use it like any [`Store`]; each write is sealed
//! and stored in the background, newest last (an older write finishing late never overwrites a
//! newer one, and a removal is immediate). A browser without WebCrypto or IndexedDB (an insecure
//! page, some private modes) gets no tab storage at all: unfinished answers then stay in memory
//! and a reload starts the pupil again, rather than keep them readable.

use super::{utf16_bytes, IdbStore, Key, StorageError, Store, TabStore};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How a sealed value starts in sessionStorage: then base64url of a 12-byte IV and the ciphertext.
const SEALED_PREFIX: &str = "sealed:";
/// Where the draft key is kept in the app's IndexedDB database.
const KEY_NAME: &str = "k/drafts";

thread_local! {
    static DRAFT_KEY: std::cell::RefCell<Option<web_sys::CryptoKey>> = const { std::cell::RefCell::new(None) };
}

/// The tab's storage with every value sealed at rest; see the module's words.
pub struct SealedTabStore(Arc<Inner>);

struct Inner {
    plain: Mutex<BTreeMap<String, String>>,
    /// The newest write's number for each key: a sealed write lands only if still the newest.
    latest: Mutex<HashMap<String, u64>>,
    next: AtomicU64,
}

/// The pupils' tab storage for this browser: sealed, or, where the browser cannot seal, memory
/// only. Reads what an earlier load of this tab left (sealed values are opened; a value this
/// version of the app finds unsealed, from before sealing, is taken and sealed again). The draft
/// key is read from IndexedDB before the app starts only when the tab holds something to open;
/// otherwise it is fetched in the background, so an ordinary start never waits for it.
pub async fn open() -> Arc<dyn Store + Send + Sync> {
    let store = || {
        SealedTabStore(Arc::new(Inner {
            plain: Mutex::new(BTreeMap::new()),
            latest: Mutex::new(HashMap::new()),
            next: AtomicU64::new(0),
        }))
    };
    let waiting = TabStore.keys().map(|k| !k.is_empty()).unwrap_or(false);
    let ready = match subtle() {
        Err(e) => Err(e),
        Ok(_) if !waiting => {
            wasm_bindgen_futures::spawn_local(async {
                if let Err(e) = draft_key().await {
                    warn(&format!("unfinished answers cannot be kept for a reload ({e})"));
                }
            });
            return Arc::new(store());
        }
        Ok(_) => draft_key().await.map(drop),
    };
    match ready {
        Ok(()) => {
            let store = store();
            store.take_over().await;
            Arc::new(store)
        }
        Err(e) => {
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "Youth Voice: unfinished answers are kept in memory only ({e})"
            )));
            // Nothing readable may stay behind either.
            if let Ok(keys) = TabStore.keys() {
                keys.iter().for_each(|k| drop(TabStore.remove(k)));
            }
            Arc::new(super::MemoryStore::new())
        }
    }
}

impl SealedTabStore {
    async fn take_over(&self) {
        let Ok(keys) = TabStore.keys() else { return };
        for key in keys {
            let Ok(Some(raw)) = TabStore.get_raw(&key) else { continue };
            match raw.strip_prefix(SEALED_PREFIX) {
                Some(sealed) => match unseal(sealed).await {
                    Ok(text) => {
                        self.0.lock_plain().insert(key.to_string(), text);
                    }
                    // Sealed under a key this browser no longer has (its storage was cleared):
                    // it can never be read, so it goes.
                    Err(_) => drop(TabStore.remove(&key)),
                },
                None => drop(self.set_raw(&key, &raw)),
            }
        }
    }
}

impl Inner {
    fn lock_plain(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, String>> {
        self.plain.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new write's number for `key`, now the newest.
    fn bump(&self, key: &Key) -> u64 {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.latest.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key.to_string(), n);
        n
    }

    fn is_latest(&self, key: &Key, n: u64) -> bool {
        self.latest.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key.to_string()) == Some(&n)
    }
}

impl Store for SealedTabStore {
    fn get_raw(&self, key: &Key) -> Result<Option<String>, StorageError> {
        Ok(self.0.lock_plain().get(&key.to_string()).cloned())
    }

    fn set_raw(&self, key: &Key, value: &str) -> Result<(), StorageError> {
        self.0.lock_plain().insert(key.to_string(), value.to_string());
        let n = self.0.bump(key);
        let (key, value, inner) = (key.clone(), value.to_string(), self.0.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match seal(&value).await {
                Ok(sealed) if inner.is_latest(&key, n) => {
                    if let Err(e) = TabStore.set_raw(&key, &format!("{SEALED_PREFIX}{sealed}")) {
                        warn(&format!("an unfinished answer could not be kept for a reload ({e})"));
                    }
                }
                Ok(_) => {}
                Err(e) => warn(&format!("an unfinished answer could not be sealed ({e})")),
            }
        });
        Ok(())
    }

    fn remove(&self, key: &Key) -> Result<(), StorageError> {
        self.0.lock_plain().remove(&key.to_string());
        self.0.bump(key);
        TabStore.remove(key)
    }

    fn keys(&self) -> Result<Vec<Key>, StorageError> {
        Ok(self.0.lock_plain().keys().filter_map(|k| Key::parse(k)).collect())
    }

    fn used_bytes(&self) -> Result<usize, StorageError> {
        Ok(self.0.lock_plain().iter().map(|(k, v)| utf16_bytes(k) + utf16_bytes(v)).sum())
    }
}

fn warn(what: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("Youth Voice: {what}")));
}

fn subtle() -> Result<web_sys::SubtleCrypto, String> {
    let window = web_sys::window().ok_or("no window")?;
    let crypto = window.crypto().map_err(|_| "no WebCrypto")?;
    let subtle = js_sys::Reflect::get(&crypto, &JsValue::from_str("subtle")).map_err(|_| "no WebCrypto")?;
    // `crypto.subtle` is missing on pages that are not secure (plain http other than localhost).
    subtle.dyn_into::<web_sys::SubtleCrypto>().map_err(|_| "WebCrypto needs a secure page (https)".to_string())
}

fn js_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// This browser's draft key: made once, non-extractable, kept in IndexedDB.
/// Kept for the page once read.
async fn draft_key() -> Result<web_sys::CryptoKey, String> {
    if let Some(key) = DRAFT_KEY.with(|k| k.borrow().clone()) {
        return Ok(key);
    }
    let subtle = subtle()?;
    let db = IdbStore::open(IdbStore::DB_NAME).await.map_err(|e| e.to_string())?;
    // Made only the first time: every later start just reads it back.
    let key = match db.get_value(KEY_NAME).await.map_err(|e| e.to_string())? {
        Some(key) => key,
        None => {
            let usages = js_sys::Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
            let params = web_sys::AesKeyGenParams::new("AES-GCM", 256);
            let made = subtle.generate_key_with_object(&params, false, &usages).map_err(|e| js_text(&e))?;
            let made = JsFuture::from(made).await.map_err(|e| js_text(&e))?;
            // Two tabs starting at once keep the same key: the first one stored wins.
            db.get_or_put_value(KEY_NAME, &made).await.map_err(|e| e.to_string())?
        }
    };
    let key = key.dyn_into::<web_sys::CryptoKey>().map_err(|_| "the stored draft key is not a key".to_string())?;
    DRAFT_KEY.with(|k| *k.borrow_mut() = Some(key.clone()));
    Ok(key)
}

async fn seal(text: &str) -> Result<String, String> {
    let key = draft_key().await?;
    let mut iv = crate::platform::random_bytes::<12>().ok_or("no random numbers")?;
    let params = web_sys::AesGcmParams::new_with_u8_slice("AES-GCM", &mut iv);
    let promise =
        subtle()?.encrypt_with_object_and_u8_array(&params, &key, text.as_bytes()).map_err(|e| js_text(&e))?;
    let sealed = JsFuture::from(promise).await.map_err(|e| js_text(&e))?;
    let mut out = iv.to_vec();
    out.extend(js_sys::Uint8Array::new(&sealed).to_vec());
    Ok(B64.encode(out))
}

async fn unseal(sealed: &str) -> Result<String, String> {
    let key = draft_key().await?;
    let bytes = B64.decode(sealed).map_err(|e| e.to_string())?;
    if bytes.len() < 12 + 16 {
        return Err("too short".into());
    }
    let (iv, body) = bytes.split_at(12);
    let mut iv = iv.to_vec();
    let params = web_sys::AesGcmParams::new_with_u8_slice("AES-GCM", &mut iv);
    let promise = subtle()?.decrypt_with_object_and_u8_array(&params, &key, body).map_err(|e| js_text(&e))?;
    let plain = JsFuture::from(promise).await.map_err(|e| js_text(&e))?;
    String::from_utf8(js_sys::Uint8Array::new(&plain).to_vec()).map_err(|e| e.to_string())
}
