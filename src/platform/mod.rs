//! The few browser facilities the app needs besides storage, each wrapped once: today's date,
//! random ids, persistent storage, the page's language and display classes, and read-aloud.
//! Nothing here stores data or decides anything.

pub mod boot;
pub mod update;
use chrono::NaiveDate;
use wasm_bindgen::JsCast;

/// Today's date on the device (no time: responses record the day only).
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_default()
}

/// Milliseconds since 1970, for the PIN lockout.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Milliseconds since the page loaded, from the browser's monotonic clock: for measuring how long
/// a pupil has been idle. Unlike [`now_ms`] it never jumps when the device's clock is changed
/// (set by hand, or corrected by the network), so a clock change never discards a pupil's
/// unfinished answers.
pub fn monotonic_ms() -> u64 {
    perf_now().max(0.0) as u64
}

/// Random bytes from the browser's cryptographic generator.
pub fn random_bytes<const N: usize>() -> Option<[u8; N]> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let mut buf = [0u8; N];
    crypto.get_random_values_with_u8_array(&mut buf).ok()?;
    Some(buf)
}

/// A random UUID v4, or `None` if the browser has no cryptographic generator.
pub fn random_id() -> Option<String> {
    random_bytes::<16>().map(|b| uuid::Builder::from_random_bytes(b).into_uuid().to_string())
}

/// Ask the browser to keep this site's storage even when space runs low; `Some(true)` if
/// granted, `None` if the browser cannot say.
pub async fn request_persistent_storage() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.persist().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_bool()
}

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Set `<html lang dir>` so screen readers and layout follow the pupil's language.
pub fn set_page_language(lang: &str, dir: &str) {
    if let Some(r) = root() {
        let _ = r.set_attribute("lang", lang);
        let _ = r.set_attribute("dir", dir);
    }
}

/// Turn a display class (`large-text`, `high-contrast`) on the page on or off.
pub fn set_page_class(class: &str, on: bool) {
    if let Some(r) = root() {
        let _ = r.class_list().toggle_with_force(class, on);
    }
}

/// Read-aloud through the Web Speech API. `None` where the device has no voice.
pub struct Speech(web_sys::SpeechSynthesis);

impl Speech {
    pub fn get() -> Option<Speech> {
        let s = web_sys::window()?.speech_synthesis().ok()?;
        if s.get_voices().length() == 0 {
            return None;
        }
        Some(Speech(s))
    }

    /// Speak `text` in `lang`, interrupting anything being read.
    pub fn say(&self, text: &str, lang: &str) {
        self.0.cancel();
        if let Ok(u) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
            u.set_lang(lang);
            let voices = self.0.get_voices();
            for i in 0..voices.length() {
                if let Ok(v) = voices.get(i).dyn_into::<web_sys::SpeechSynthesisVoice>() {
                    if v.lang().starts_with(lang) {
                        u.set_voice(Some(&v));
                        break;
                    }
                }
            }
            self.0.speak(&u);
        }
    }

    pub fn stop(&self) {
        self.0.cancel();
    }

    /// Whether it is reading something now.
    pub fn speaking(&self) -> bool {
        self.0.speaking()
    }
}

/// Why a download did not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    #[error("the browser could not prepare the file ({0})")]
    Browser(String),
}

fn js_err(e: wasm_bindgen::JsValue) -> DownloadError {
    DownloadError::Browser(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Hand `bytes` to the browser as a file download named `name`. The file is made on the device
/// (a blob URL): nothing is sent anywhere.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), DownloadError> {
    let window = web_sys::window().ok_or_else(|| DownloadError::Browser("no window".into()))?;
    let document = window.document().ok_or_else(|| DownloadError::Browser("no document".into()))?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(js_err)?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the URL can go once the event loop moves on.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// Open the browser's print dialog (the results page has an A4 print layout).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// A user-timing mark `name`, the start of a step [`measure_from`] times (for `make bench` to
/// split a path the user waits for into its steps; costs nothing visible).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// A user-timing entry `name` from the mark `start` until now.
pub fn measure_from(name: &str, start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}

/// A high-resolution clock in milliseconds, for the in-browser benchmark.
pub fn perf_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Let the browser paint and handle taps before carrying on, so long work is split into short
/// tasks. The next task comes from a message posted to ourselves: a zero-delay timer set from
/// inside another is held back at least 4 ms once five are nested (HTML's timer clamping), which
/// added up to tens of milliseconds of waiting while results were read in batches. A zero-delay
/// timer is the fallback.
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let posted = web_sys::MessageChannel::new().ok().is_some_and(|channel| {
            channel.port1().set_onmessage(Some(&resolve));
            channel.port2().post_message(&wasm_bindgen::JsValue::NULL).is_ok()
        });
        if posted {
            return;
        }
        let scheduled = web_sys::window().and_then(|w| w.set_timeout_with_callback(&resolve).ok());
        if scheduled.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Wait until the browser has painted what is in the page now (the next animation frame, then
/// a zero-delay timer after it), so work started here never delays that paint.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().and_then(|w| w.request_animation_frame(&resolve).ok());
        if scheduled.is_none() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    next_tick().await;
}

/// Read a chosen or dropped file's bytes.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{} could not be read from the device", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Every file in a file list (from a file input or a drop).
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}
