//! The facilitator's app: setting up and joining sessions, results, merging, files (issue 12:
//! none of it is in what a pupil's tablet loads). It fetches the interface text and the built-in
//! surveys and plans, all at once, then shows its first screen.

#[cfg(target_arch = "wasm32")]
fn main() {
    use youth_voice::platform::boot;
    wasm_bindgen_futures::spawn_local(async {
        // The page script started every fetch at once: waiting for them in turn costs nothing.
        let tab = youth_voice::storage::sealed_tab::open().await;
        let iface = async {
            let text = boot::fetch_text(&boot::interface_url()?).await?;
            yv_core::interface::parse_interface("interface.json", &text).map_err(|e| e.to_string())
        }
        .await;
        let builtin = async {
            let surveys = fetch_all(boot::builtin_urls("surveys")?).await?;
            let frameworks = fetch_all(boot::builtin_urls("frameworks")?).await?;
            yv_core::builtin::library_from(&surveys, &frameworks).map_err(|e| e.to_string())
        }
        .await;
        leptos::mount::mount_to_body(move || youth_voice::ui::app::facilitator_app(builtin, iface, tab));
        boot::mounted();
    });
}

/// Every file's text (the page script started the fetches already), or the first failure.
#[cfg(target_arch = "wasm32")]
async fn fetch_all(files: Vec<(String, String)>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::with_capacity(files.len());
    for (name, url) in files {
        out.push((name, youth_voice::platform::boot::fetch_text(&url).await?));
    }
    Ok(out)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Youth Voice runs in the browser: use `make serve`, then open http://127.0.0.1:8080");
}
