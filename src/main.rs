//! Mounts the app. Everything else lives in the library crate.

#[cfg(target_arch = "wasm32")]
fn main() {
    leptos::mount::mount_to_body(youth_voice::ui::App);
    // The app is on screen: the loading note in index.html goes.
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("loading")) {
        el.remove();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Youth Voice runs in the browser: use `make serve`, then open http://127.0.0.1:8080");
}
