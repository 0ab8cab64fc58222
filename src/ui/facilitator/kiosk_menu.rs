use super::{PinPrompt, StorageStatus, TabletFiles};
use crate::storage::sessions;
use crate::ui::context::{AppStore, KioskCtx, Nav, PupilStore, Screen};
use leptos::prelude::*;

/// Behind the PIN while in kiosk mode: the session's count, storage, back to pupils, or end
/// the session (leave kiosk mode).
#[component]
pub fn KioskMenu() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let store = expect_context::<AppStore>();
    let kiosk = expect_context::<KioskCtx>();
    let to_pupils = Callback::new(move |_| nav.go(Screen::Pupil));
    let tab = expect_context::<PupilStore>();
    let end = {
        let store = store.clone();
        move |_| {
            let _ = sessions::clear_in_progress(tab.get());
            match sessions::end_kiosk(store.get()) {
                Ok(()) => {
                    kiosk.0.set(None);
                    nav.go(Screen::Home);
                }
                Err(e) => leptos::logging::error!("could not end the session: {e}"),
            }
        }
    };
    let summary = move || {
        kiosk.0.with(|k| {
            k.as_ref().map(|k| {
                let n = sessions::response_count(store.get(), &k.session.id).unwrap_or(0)
                    + crate::storage::imported::imported_count(store.get(), &k.session.id);
                format!(
                    "{} · {} · {} response{} stored",
                    k.session.group,
                    k.survey.title.get("en", "en"),
                    n,
                    if n == 1 { "" } else { "s" }
                )
            })
        })
    };
    view! {
        <Show when=move || nav.unlocked() fallback=move || view! {
            <PinPrompt purpose="the facilitator controls" on_unlock=Callback::new(move |_| nav.unlock()) on_cancel=to_pupils/>
        }>
            <section class="screen kiosk-menu" aria-labelledby="menu-title" lang="en" dir="ltr">
                <h1 id="menu-title">"Facilitator controls"</h1>
                <p>{summary.clone()}</p>
                <StorageStatus/>
                <AppVersion/>
                <div class="actions">
                    <button type="button" on:click=move |_| nav.go(Screen::Pupil)>"Back to pupil mode"</button>
                    <button type="button" class="secondary" on:click=move |_| nav.go(Screen::Results)>"Open results"</button>
                    <button type="button" class="secondary" on:click=end.clone()>"End session and leave kiosk mode"</button>
                </div>
                <TabletFiles/>
            </section>
        </Show>
    }
}

/// Which version of the app is running, whether it works offline, and whether an update is
/// ready (it starts by itself when the next pupil reaches the welcome screen).
#[component]
pub fn AppVersion() -> impl IntoView {
    let update = expect_context::<crate::ui::context::UpdateCtx>();
    move || {
        let s = update.0.get();
        let running = match (&s.running, s.supported) {
            (Some(v), _) => format!("Version {v}, kept on this device for offline use."),
            (None, true) => {
                "This version is being kept on this device for offline use (it works offline after this first load)."
                    .to_string()
            }
            (None, false) => "This browser cannot keep the app for offline use: keep the tablet online.".to_string(),
        };
        view! {
            <div class="app-version" role="status">
                <p>{running}</p>
                {s.waiting.then(|| view! { <p class="success">"An update is ready. It starts by itself when the next pupil reaches the welcome screen, never in the middle of a survey."</p> })}
                {s.error.map(|e| view! { <p class="error">{format!("The app could not be set up for offline use: {e}. It still works while the tablet is online.")}</p> })}
            </div>
        }
    }
}
