//! The pupils' kiosk: all a tablet running a session loads (issue 12). It reads the running
//! session and its survey's copy from storage and fetches only the interface text; everything
//! else is the facilitator's app (`facilitator.rs`), which the page opens when no session runs or
//! the PIN is given.

#[cfg(target_arch = "wasm32")]
fn main() {
    use youth_voice::platform::boot;
    wasm_bindgen_futures::spawn_local(async {
        // The page script has the interface text on its way already: open the tab's sealed
        // storage (the pupil's unfinished answers) meanwhile.
        let tab = youth_voice::storage::sealed_tab::open().await;
        let iface = match boot::interface_url() {
            Ok(url) => boot::fetch_text(&url).await,
            Err(e) => Err(e),
        };
        let iface = match iface {
            // The built-in file's every string in every language is checked by the core's tests;
            // the kiosk only reads it (without the checker and its messages: issue 12).
            Ok(text) => serde_json::from_str::<yv_core::interface::Interface>(&text)
                .map_err(|e| format!("the interface text is damaged ({e})")),
            Err(e) => {
                // Without its words the kiosk cannot talk to a pupil: say so plainly.
                boot::fail(&format!("Youth Voice could not start: {e}. Please ask an adult to reload the page."));
                return;
            }
        };
        leptos::mount::mount_to_body(move || youth_voice::ui::app::pupil_app(iface, tab));
        boot::mounted();
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Youth Voice runs in the browser: use `make serve`, then open http://127.0.0.1:8080");
}
