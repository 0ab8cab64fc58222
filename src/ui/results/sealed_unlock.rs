use super::state::ResultsCtx;
use crate::storage::sessions;
use crate::ui::context::{AppStore, SessionKeys};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yv_core::seal::{read_recovery_file, unwrap, SealError};

/// A sealed session's answers (issue 13) open with its passphrase, or with its recovery file on
/// a device that does not hold the session's key. The opened key stays in memory only; a wrong
/// passphrase is said plainly and changes nothing.
#[component]
pub fn SealedUnlock() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let store = StoredValue::new(expect_context::<AppStore>());
    let keys = expect_context::<SessionKeys>();
    let passphrase = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let locked = Memo::new(move |_| r.loaded.with(|l| l.as_ref().filter(|l| l.locked).map(|l| l.session.clone())));
    // Whether this device holds the session's key under a passphrase (the device it was set up
    // on); a device that imported the answers from other tablets opens them with the recovery file.
    let here = Memo::new(move |_| {
        locked.with(|s| {
            s.as_ref()
                .is_some_and(|s| store.with_value(|st| sessions::wrapped_key(st.get(), &s.id)).ok().flatten().is_some())
        })
    });
    let opened = move |id: String, key| {
        keys.0.update_value(|k| {
            k.insert(id, key);
        });
        message.set(None);
        passphrase.set(String::new());
        r.refresh.update(|n| *n += 1);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(session) = locked.get_untracked() else { return };
        let wrapped = match store.with_value(|s| sessions::wrapped_key(s.get(), &session.id)) {
            Ok(Some(w)) => w,
            Ok(None) => {
                message
                    .set(Some("This device does not hold this session's key: choose its recovery file below.".into()));
                return;
            }
            Err(e) => {
                message.set(Some(format!("The session's key could not be read: {e}.")));
                return;
            }
        };
        let entered = passphrase.get_untracked();
        busy.set(true);
        // Let "Opening…" show before the key derivation (about a second on a tablet).
        leptos::task::spawn_local(async move {
            crate::platform::next_tick().await;
            match unwrap(&wrapped, &entered) {
                Ok(key) => opened(session.id.clone(), key),
                Err(SealError::WrongPassphrase) => message.set(Some(
                    "That passphrase does not open this session's answers. Nothing was changed: try again, or use the recovery file.".into(),
                )),
                Err(e) => message.set(Some(format!("The answers could not be opened: {e}."))),
            }
            busy.set(false);
        });
    };
    let recovery = move |ev: leptos::ev::Event| {
        let Some(session) = locked.get_untracked() else { return };
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let public = session.seal.clone().unwrap_or_default();
        leptos::task::spawn_local(async move {
            let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(v) => v.as_string().unwrap_or_default(),
                Err(_) => {
                    message.set(Some(format!("{} could not be read from the device.", file.name())));
                    return;
                }
            };
            match read_recovery_file(&text, &public) {
                Ok(key) => opened(session.id.clone(), key),
                Err(e) => message.set(Some(format!("{}: {e}. Nothing was changed.", file.name()))),
            }
        });
    };
    view! {
        <Show when=move || locked.with(Option::is_some)>
            <section class="sealed-unlock" aria-labelledby="sealed-title">
                <h2 id="sealed-title">"This session's answers are sealed"</h2>
                <Show when=move || here.get() fallback=|| view! {
                    <p>"The key to these answers is not on this device: the passphrase works on the device the session was set up on. Here, choose the session's recovery file to read them. They are opened only in memory, until the app closes."</p>
                }>
                <p>"Give the passphrase chosen when the session was set up to read them on this device. They are opened only in memory, until the app closes."</p>
                <form on:submit=submit>
                    <label for="seal-passphrase">"Passphrase"</label>
                    <input id="seal-passphrase" type="password" autocomplete="off"
                        prop:value=move || passphrase.get() on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                    <div class="actions">
                        <button type="submit" prop:disabled=move || busy.get()>
                            {move || if busy.get() { "Opening\u{2026}" } else { "Open the answers" }}
                        </button>
                    </div>
                </form>
                </Show>
                <label for="seal-recovery">
                    {move || if here.get() { "Or choose the session's recovery file" } else { "The session's recovery file" }}
                </label>
                <input id="seal-recovery" type="file" accept=".json,application/json" on:change=recovery/>
                <p role="alert" class=move || if message.get().is_some() { "error" } else { "" }>{move || message.get()}</p>
            </section>
        </Show>
    }
}
