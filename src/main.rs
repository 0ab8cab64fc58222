//! Mounts the app. Everything else lives in the library crate.

#[cfg(target_arch = "wasm32")]
fn main() {
    leptos::mount::mount_to_body(youth_voice::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Youth Voice runs in the browser: use `make serve`, then open http://127.0.0.1:8080");
}
