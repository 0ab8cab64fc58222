//! How the page starts one of the two apps, and how one hands the tablet to the other.
//!
//! The build makes two apps (issue 12): the pupils' kiosk (`src/bin/pupil.rs`), which is all a
//! tablet running a session loads, and the facilitator's app (`src/bin/facilitator.rs`). The
//! small script at the end of `index.html` chooses one from storage (a running session means
//! the kiosk), starts it, and fetches the static files it needs at the same time: the interface
//! text for both, the built-in surveys and plans for the facilitator's app. The files' hashed
//! names come from the build (`tools/sw/build_dist.py`), never from the code.
//!
//! Going from one app to the other is a reload with a one-time note in the tab's own storage
//! (`yv:boot`), which the page script reads and removes before it chooses.

use wasm_bindgen::{JsCast, JsValue};

/// Where to hand the tablet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandOver {
    /// The pupils' kiosk (a session is running).
    Pupils,
    /// The facilitator's app, locked (its first screen).
    Facilitator,
    /// The facilitator's controls of the running session, behind the PIN ("For adults").
    KioskMenu,
}

impl HandOver {
    fn note(self) -> &'static str {
        match self {
            HandOver::Pupils => "pupils",
            HandOver::Facilitator => "facilitator",
            HandOver::KioskMenu => "menu",
        }
    }
}

fn boot_object() -> Option<js_sys::Object> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &"youthVoiceBoot".into()).ok()?.dyn_into::<js_sys::Object>().ok()
}

/// Whether this page was opened by the kiosk's "For adults", to show the session's controls
/// (behind the PIN) instead of going back to the pupils.
pub fn opened_for_kiosk_menu() -> bool {
    boot_object()
        .and_then(|o| js_sys::Reflect::get(&o, &"note".into()).ok())
        .and_then(|v| v.as_string())
        .is_some_and(|n| n == HandOver::KioskMenu.note())
}

/// Reload the page into the other app. Storage already holds everything either app needs.
pub fn hand_over(to: HandOver) {
    let Some(w) = web_sys::window() else { return };
    if let Ok(Some(s)) = w.session_storage() {
        let _ = s.set_item("yv:boot", to.note());
    }
    let _ = w.location().reload();
}

/// The page's list of the app's static files, written by the build: `interface` (a URL), and
/// `surveys` and `frameworks` (lists of `[file name, URL]`).
fn files() -> Result<js_sys::Object, String> {
    boot_object()
        .and_then(|o| js_sys::Reflect::get(&o, &"files".into()).ok())
        .and_then(|v| v.dyn_into::<js_sys::Object>().ok())
        .ok_or_else(|| "the page has no list of the app's files (index.html was not made by the build)".to_string())
}

/// The URL of the interface text.
pub fn interface_url() -> Result<String, String> {
    let files = files()?;
    js_sys::Reflect::get(&files, &"interface".into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "the page's file list names no interface text".to_string())
}

/// The built-in files of one kind (`surveys` or `frameworks`): (file name, URL).
pub fn builtin_urls(kind: &str) -> Result<Vec<(String, String)>, String> {
    let files = files()?;
    let list = js_sys::Reflect::get(&files, &kind.into())
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|v| js_sys::Array::from(&v))
        .ok_or_else(|| format!("the page's file list has no {kind}"))?;
    list.iter()
        .map(|pair| {
            let pair = js_sys::Array::from(&pair);
            match (pair.get(0).as_string(), pair.get(1).as_string()) {
                (Some(name), Some(url)) => Ok((name, url)),
                _ => Err(format!("the page's file list of {kind} is damaged")),
            }
        })
        .collect()
}

/// A static file's text: the fetch the page script already started for it, or a new one.
/// Served by the service worker once the app has been loaded.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let why = |e: JsValue| {
        let text = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "no reason given".into());
        format!("{url} could not be loaded ({text})")
    };
    let get = boot_object()
        .and_then(|o| js_sys::Reflect::get(&o, &"get".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| "the page cannot load the app's files (index.html was not made by the build)".to_string())?;
    let promise = get.call1(&JsValue::NULL, &url.into()).map_err(why)?;
    let promise = promise.dyn_into::<js_sys::Promise>().map_err(why)?;
    let text = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(why)?;
    text.as_string().ok_or_else(|| format!("{url} is not text"))
}

/// Show a plain message in place of the app when it cannot start (the page's own loading note).
pub fn fail(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(text) = doc.get_element_by_id("loading-text") {
        text.set_text_content(Some(message));
        if let Some(parent) = text.parent_element() {
            parent.set_class_name("loading failed");
        }
    }
}

/// The app is on screen: the page's loading note goes.
pub fn mounted() {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading")) {
        el.remove();
    }
}
