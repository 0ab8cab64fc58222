//! The app's own updates, through the small script in index.html that registers the service
//! worker (`window.youthVoiceUpdate`). A new version waits until the app lets it take over.

use wasm_bindgen::JsCast;

/// What the page knows about versions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateState {
    /// The browser can keep the app for offline use.
    pub supported: bool,
    /// The version the service worker is running (a build hash), once known.
    pub running: Option<String>,
    /// A newer version is installed and waiting to take over.
    pub waiting: bool,
    /// Why the app could not be set up for offline use, if it could not.
    pub error: Option<String>,
}

fn state_object() -> Option<js_sys::Object> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &"youthVoiceUpdate".into()).ok()?.dyn_into::<js_sys::Object>().ok()
}

fn field(o: &js_sys::Object, name: &str) -> wasm_bindgen::JsValue {
    js_sys::Reflect::get(o, &name.into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
}

/// The current state (all empty where the page script is missing).
pub fn state() -> UpdateState {
    let Some(o) = state_object() else { return UpdateState::default() };
    UpdateState {
        supported: field(&o, "supported").as_bool().unwrap_or(false),
        running: field(&o, "running").as_string(),
        waiting: field(&o, "waiting").as_bool().unwrap_or(false),
        error: field(&o, "error").as_string(),
    }
}

fn call(name: &str) -> wasm_bindgen::JsValue {
    let Some(o) = state_object() else { return wasm_bindgen::JsValue::UNDEFINED };
    match field(&o, name).dyn_into::<js_sys::Function>() {
        Ok(f) => f.call0(&o).unwrap_or(wasm_bindgen::JsValue::UNDEFINED),
        Err(_) => wasm_bindgen::JsValue::UNDEFINED,
    }
}

/// Let a waiting version take over now (the page reloads once it has). Only when no pupil is
/// answering. Returns whether there was one.
pub fn take_over() -> bool {
    call("takeOver").as_bool().unwrap_or(false)
}

/// Ask the browser to look for a newer version now.
pub fn check() {
    let _ = call("check");
}
