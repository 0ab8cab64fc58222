//! The browser's IndexedDB, for data too large for localStorage: one database with one object
//! store, `chunks`, of string values under out-of-line string keys. Used through
//! [`BigStore`](super::BigStore).
//!
//! Every operation is one transaction. A write resolves only when its transaction's `complete`
//! event has fired, asked for with `durability: "strict"` (the browser has flushed it to disk);
//! a failed request aborts the whole transaction, so a refused write leaves nothing half-stored.
//! IndexedDB can be missing or refuse to open (private browsing, storage turned off): that is
//! [`StorageError::Unavailable`]. Nothing here panics or unwraps a browser result.

use super::StorageError;
use js_sys::{Array, Function, JsString, Object, Promise, Reflect};
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, Event, IdbDatabase, IdbFactory, IdbKeyRange, IdbObjectStore, IdbOpenDbRequest, IdbRequest,
    IdbTransaction, IdbTransactionMode, StorageEstimate,
};

/// The one object store.
const STORE: &str = "chunks";
/// The schema version: version 1 is the `chunks` store.
const VERSION: u32 = 1;

/// An open connection to an IndexedDB database holding chunks. Clones share the connection;
/// it closes when the last clone is dropped, or on [`IdbStore::close`].
#[derive(Debug, Clone)]
pub struct IdbStore {
    inner: Rc<Inner>,
}

struct Inner {
    db: IdbDatabase,
    /// Set when the connection is closed: by us, by the browser (storage cleared), or because
    /// another tab asked to upgrade or delete the database.
    closed: Rc<Cell<bool>>,
    /// Kept alive as long as the connection: `onversionchange` and `onclose`.
    _on_close: Closure<dyn FnMut(Event)>,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdbStore").field("name", &self.db.name()).field("closed", &self.closed.get()).finish()
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.set_onclose(None);
        self.db.close();
    }
}

impl IdbStore {
    /// The app's database.
    pub const DB_NAME: &'static str = "youth-voice";

    /// Open (creating it if needed) the database `name` at schema version 1.
    pub async fn open(name: &str) -> Result<IdbStore, StorageError> {
        let request = factory()?.open_with_u32(name, VERSION).map_err(|e| would_not_open(name, &e))?;
        let on_upgrade = Closure::<dyn FnMut(Event)>::new(upgrade);
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        // Declared after the closure, so dropped before it, even if this future is dropped early.
        let _clear = ClearUpgrade(&request);
        if let Err(e) = wait_for(&request).await {
            return Err(would_not_open(name, &e));
        }
        let db = request
            .result()
            .ok()
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
            .ok_or_else(|| StorageError::Unavailable(format!("the browser's database \"{name}\" opened empty")))?;
        if !db.object_store_names().contains(STORE) {
            db.close();
            return Err(StorageError::Unavailable(format!(
                "the browser's database \"{name}\" was made by something else and has no place for Youth Voice's data"
            )));
        }
        let closed = Rc::new(Cell::new(false));
        let flag = closed.clone();
        let on_close = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            flag.set(true);
            // Another tab wants to upgrade or delete the database: let it.
            if let Some(db) = e.target().and_then(|t| t.dyn_into::<IdbDatabase>().ok()) {
                db.close();
            }
        });
        db.set_onversionchange(Some(on_close.as_ref().unchecked_ref()));
        db.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(IdbStore { inner: Rc::new(Inner { db, closed, _on_close: on_close }) })
    }

    /// Delete the database `name` and everything in it (waits for open connections to close;
    /// an [`IdbStore`] closes itself when asked).
    pub async fn delete(name: &str) -> Result<(), StorageError> {
        let request = factory()?.delete_database(name).map_err(|e| StorageError::Refused(js_message(&e)))?;
        wait_for(&request).await.map_err(|e| StorageError::Refused(js_message(&e)))
    }

    /// Close the connection: every later call fails with [`StorageError::Unavailable`]. Writes
    /// under way still finish.
    pub fn close(&self) {
        self.inner.closed.set(true);
        self.inner.db.close();
    }

    /// Store every chunk or none, in one transaction that has completed when this returns `Ok`.
    pub async fn put_chunks(&self, chunks: Vec<(String, String)>) -> Result<(), StorageError> {
        self.put(chunks, None).await
    }

    /// For tests: [`IdbStore::put_chunks`], with the browser refusing the request for chunk
    /// `at` (a second `add` of its key: a `ConstraintError`) while the others go through.
    #[doc(hidden)]
    pub async fn put_chunks_failing_at(&self, chunks: Vec<(String, String)>, at: usize) -> Result<(), StorageError> {
        self.put(chunks, Some(at)).await
    }

    async fn put(&self, chunks: Vec<(String, String)>, fail_at: Option<usize>) -> Result<(), StorageError> {
        let (tx, store) = self.transaction(IdbTransactionMode::Readwrite)?;
        if chunks.is_empty() {
            return Ok(());
        }
        let done = watch(&tx);
        let mut refused = None;
        for (i, (k, v)) in chunks.into_iter().enumerate() {
            let (key, value) = (JsValue::from_str(&k), JsValue::from_str(&v));
            let mut r = store.put_with_key(&value, &key).map(drop);
            if fail_at == Some(i) && r.is_ok() {
                r = store.add_with_key(&value, &key).map(drop);
            }
            if let Err(e) = r {
                refused = Some(e);
                break;
            }
        }
        if let Some(e) = refused {
            // Roll back what was asked for so far, and say why.
            let _ = tx.abort();
            let _ = done.await;
            return Err(refusal(&e));
        }
        finish(&tx, done).await
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        match self.get_value(key).await? {
            None => Ok(None),
            Some(value) => value.as_string().map(Some).ok_or_else(|| not_text(key)),
        }
    }

    /// The value under `key` as the browser keeps it (text, or a `CryptoKey`), if any.
    pub async fn get_value(&self, key: &str) -> Result<Option<JsValue>, StorageError> {
        let (tx, store) = self.transaction(IdbTransactionMode::Readonly)?;
        let done = watch(&tx);
        let request = store.get(&JsValue::from_str(key)).map_err(|e| refusal(&e))?;
        finish(&tx, done).await?;
        let value = request.result().map_err(|e| refusal(&e))?;
        Ok((!value.is_undefined()).then_some(value))
    }

    /// The value under `key`, storing `value` there first if there is none, in one transaction,
    /// so two tabs asking at once get the same one. For a value that is not text (the pupils'
    /// draft key, a `CryptoKey` the browser keeps without ever showing its bytes).
    pub async fn get_or_put_value(&self, key: &str, value: &JsValue) -> Result<JsValue, StorageError> {
        let (tx, store) = self.transaction(IdbTransactionMode::Readwrite)?;
        let done = watch(&tx);
        let k = JsValue::from_str(key);
        let request = store.get(&k).map_err(|e| refusal(&e))?;
        if let Err(e) = wait_for(&request).await {
            let _ = done.await;
            return Err(refusal(&e));
        }
        let found = request.result().map_err(|e| refusal(&e))?;
        let out = if found.is_undefined() {
            if let Err(e) = store.put_with_key(value, &k) {
                let _ = done.await;
                return Err(refusal(&e));
            }
            value.clone()
        } else {
            found
        };
        finish(&tx, done).await?;
        Ok(out)
    }

    pub async fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let (tx, store) = self.transaction(IdbTransactionMode::Readonly)?;
        let done = watch(&tx);
        let range = prefix_range(prefix).map_err(|e| refusal(&e))?;
        let request = store.get_all_keys_with_key(&range).map_err(|e| refusal(&e))?;
        finish(&tx, done).await?;
        let mut keys: Vec<String> =
            array(&request)?.iter().filter_map(|k| k.as_string()).filter(|k| k.starts_with(prefix)).collect();
        // IndexedDB orders by UTF-16 code unit; Rust (and MemoryBig) by byte.
        keys.sort_unstable();
        Ok(keys)
    }

    pub async fn get_with_prefix(&self, prefix: &str) -> Result<Vec<(String, String)>, StorageError> {
        let (tx, store) = self.transaction(IdbTransactionMode::Readonly)?;
        let done = watch(&tx);
        let range = prefix_range(prefix).map_err(|e| refusal(&e))?;
        // Both requests in one transaction see the same data, in the same (key) order.
        let keys = store.get_all_keys_with_key(&range).map_err(|e| refusal(&e))?;
        let values = store.get_all_with_key(&range).map_err(|e| refusal(&e))?;
        finish(&tx, done).await?;
        let (keys, values) = (array(&keys)?, array(&values)?);
        if keys.length() != values.length() {
            return Err(StorageError::Corrupt {
                key: prefix.to_string(),
                detail: format!("{} keys came back with {} values", keys.length(), values.length()),
            });
        }
        let mut out = Vec::with_capacity(keys.length() as usize);
        for (k, v) in keys.iter().zip(values.iter()) {
            let Some(k) = k.as_string().filter(|k| k.starts_with(prefix)) else { continue };
            let v = v.as_string().ok_or_else(|| not_text(&k))?;
            out.push((k, v));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    pub async fn remove_with_prefix(&self, prefix: &str) -> Result<usize, StorageError> {
        let (tx, store) = self.transaction(IdbTransactionMode::Readwrite)?;
        let done = watch(&tx);
        let range = prefix_range(prefix).map_err(|e| refusal(&e))?;
        // Requests run in order: the count is of what the delete removes.
        let count = store.count_with_key(&range).map_err(|e| refusal(&e))?;
        if let Err(e) = store.delete(&range) {
            let _ = tx.abort();
            let _ = done.await;
            return Err(refusal(&e));
        }
        finish(&tx, done).await?;
        Ok(count.result().ok().and_then(|n| n.as_f64()).unwrap_or(0.0) as usize)
    }

    /// Bytes used and allowed for the whole site, as the browser estimates them.
    pub async fn estimate(&self) -> Result<Option<(u64, u64)>, StorageError> {
        Ok(estimate().await)
    }

    /// A transaction over the store. Writes ask for strict durability: `complete` then means on
    /// disk. (`transaction(name, mode, options)` is called through `Reflect`: web-sys has it
    /// only behind its unstable-API switch.)
    fn transaction(&self, mode: IdbTransactionMode) -> Result<(IdbTransaction, IdbObjectStore), StorageError> {
        let closed = || {
            StorageError::Unavailable(
                "the browser's database was closed (another tab may be updating Youth Voice, or storage was \
                 cleared): reload the page"
                    .into(),
            )
        };
        if self.inner.closed.get() {
            return Err(closed());
        }
        let db = &self.inner.db;
        let tx = match mode {
            IdbTransactionMode::Readwrite => strict_write(db),
            _ => db.transaction_with_str_and_mode(STORE, mode),
        }
        .map_err(|e| if dom_name(&e).as_deref() == Some("InvalidStateError") { closed() } else { refusal(&e) })?;
        let store = tx.object_store(STORE).map_err(|e| refusal(&e))?;
        Ok((tx, store))
    }
}

/// Bytes used and allowed for the whole site (`navigator.storage.estimate()`); `None` when the
/// browser cannot say (no `navigator.storage` outside secure pages, or the estimate failed).
pub async fn estimate() -> Option<(u64, u64)> {
    let navigator = web_sys::window()?.navigator();
    if !Reflect::has(&navigator, &JsValue::from_str("storage")).ok()? {
        return None;
    }
    let promise = navigator.storage().estimate().ok()?;
    // A dictionary, not a class: nothing to check with `instanceof`; its fields are read as optional.
    let e: StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some((e.get_usage()? as u64, e.get_quota()? as u64))
}

fn strict_write(db: &IdbDatabase) -> Result<IdbTransaction, JsValue> {
    let transaction: Function = Reflect::get(db, &JsValue::from_str("transaction"))?.dyn_into()?;
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("durability"), &JsValue::from_str("strict"))?;
    transaction.call3(db, &JsValue::from_str(STORE), &JsValue::from_str("readwrite"), &options)?.dyn_into()
}

fn factory() -> Result<IdbFactory, StorageError> {
    let window = web_sys::window().ok_or_else(|| StorageError::Unavailable("there is no browser window".into()))?;
    match window.indexed_db() {
        Ok(Some(f)) => Ok(f),
        Ok(None) => Err(StorageError::Unavailable("the browser has no database for large data (IndexedDB)".into())),
        Err(e) => Err(StorageError::Unavailable(format!(
            "the browser blocks its database for large data (IndexedDB): {}",
            js_message(&e)
        ))),
    }
}

fn would_not_open(name: &str, e: &JsValue) -> StorageError {
    StorageError::Unavailable(format!(
        "the browser would not open its database for large data (IndexedDB \"{name}\"): {}",
        js_message(e)
    ))
}

/// Create the `chunks` store when the database is new (the `upgradeneeded` event).
fn upgrade(e: Event) {
    let Some(request) = e.target().and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok()) else { return };
    let Some(db) = request.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) else { return };
    if !db.object_store_names().contains(STORE) && db.create_object_store(STORE).is_err() {
        // Abort the upgrade: the open then fails, loudly, rather than yielding a database
        // without its store.
        if let Some(tx) = request.transaction() {
            let _ = tx.abort();
        }
    }
}

/// Unhooks `onupgradeneeded` before its closure is dropped.
struct ClearUpgrade<'a>(&'a IdbOpenDbRequest);

impl Drop for ClearUpgrade<'_> {
    fn drop(&mut self) {
        self.0.set_onupgradeneeded(None);
    }
}

/// Wait for a request's `success` (Ok) or `error` (Err: the request's error). The handlers are
/// the promise's own resolve and reject functions: no Rust closure to keep alive.
async fn wait_for(request: &IdbRequest) -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match outcome {
        Ok(_) => Ok(()),
        Err(_) => Err(match request.error() {
            Ok(Some(ex)) => ex.into(),
            _ => JsValue::from_str("the request failed"),
        }),
    }
}

/// The end of a transaction: resolves on `complete`, rejects on `abort`. Set up before any
/// request is made. A failed request's `error` event is not awaited on its own: unhandled, it
/// aborts the transaction, and waiting for `abort` means the rollback is done when we report it.
fn watch(tx: &IdbTransaction) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onabort(Some(&reject));
    }))
}

async fn finish(tx: &IdbTransaction, done: JsFuture) -> Result<(), StorageError> {
    match done.await {
        Ok(_) => Ok(()),
        Err(_) => Err(match tx.error() {
            Some(ex) => refusal(&ex.into()),
            None => StorageError::Refused("the browser cancelled the change before it finished".into()),
        }),
    }
}

/// Every string key starting with `prefix`: from `prefix` up to, not including, `prefix` with its
/// last UTF-16 code unit raised by one (IndexedDB compares strings by code unit).
fn prefix_range(prefix: &str) -> Result<IdbKeyRange, JsValue> {
    let lower = JsValue::from_str(prefix);
    let mut units: Vec<u16> = prefix.encode_utf16().collect();
    while units.last() == Some(&u16::MAX) {
        units.pop();
    }
    match units.last_mut() {
        // "" (or only U+FFFF): every string from here on has the prefix.
        None => IdbKeyRange::lower_bound(&lower),
        Some(last) => {
            *last += 1;
            IdbKeyRange::bound_with_lower_open_and_upper_open(&lower, &JsString::from_char_code(&units), false, true)
        }
    }
}

fn array(request: &IdbRequest) -> Result<Array, StorageError> {
    request
        .result()
        .map_err(|e| refusal(&e))?
        .dyn_into::<Array>()
        .map_err(|_| StorageError::Refused("the browser's database answered with something other than a list".into()))
}

fn not_text(key: &str) -> StorageError {
    StorageError::Corrupt { key: key.to_string(), detail: "it is not text".into() }
}

/// A browser error as a [`StorageError`]: running out of space is `QuotaExceeded`.
fn refusal(e: &JsValue) -> StorageError {
    match dom_name(e).as_deref() {
        Some("QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED") => StorageError::QuotaExceeded(js_message(e)),
        _ => StorageError::Refused(js_message(e)),
    }
}

fn dom_name(e: &JsValue) -> Option<String> {
    e.dyn_ref::<DomException>().map(|ex| ex.name())
}

fn js_message(e: &JsValue) -> String {
    if let Some(ex) = e.dyn_ref::<DomException>() {
        return format!("{}: {}", ex.name(), ex.message());
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return format!("{}: {}", err.name(), err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
