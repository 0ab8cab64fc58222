use crate::actions::{self, tablets::Joining};
use crate::platform;
use crate::storage::sessions;
use crate::ui::context::{AppStore, CatalogueCtx, Kiosk, KioskCtx, Nav, Screen, Words};
use crate::ui::pupil::PupilCtx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use yv_core::catalogue::Loaded;
use yv_core::flow::Flow;

/// Join a session another tablet shared as a session pack: this tablet then runs the same
/// session (same id, survey, plan, optional questions and idle time) in kiosk mode, so every
/// tablet's responses belong to one session. Joining needs this tablet's facilitator PIN (or
/// setting one, the first time).
#[component]
pub fn JoinSession() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let store = expect_context::<AppStore>();
    let cat = expect_context::<CatalogueCtx>();
    let kiosk = expect_context::<KioskCtx>();
    let pupil = expect_context::<PupilCtx>();
    let words = expect_context::<Words>();
    let joining = RwSignal::new(None::<Joining>);
    let error = RwSignal::new(None::<String>);
    let pin = RwSignal::new(String::new());
    let pin_again = RwSignal::new(String::new());
    let has_pin = matches!(sessions::pin_hash(store.get()), Ok(Some(_)));

    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = platform::files_of(input.files()).into_iter().next() else { return };
        input.set_value("");
        joining.set(None);
        error.set(None);
        spawn_local(async move {
            let read = match platform::read_file(&file).await {
                Ok(bytes) => {
                    cat.catalogue.with_untracked(|c| actions::tablets::read_session_pack(c, &file.name(), &bytes))
                }
                Err(e) => Err(format!("{e}. Nothing was changed.")),
            };
            match read {
                Ok(j) => joining.set(Some(j)),
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let join = {
        let store = store.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(j) = joining.get_untracked() else {
                error.set(Some("Choose the session pack file first.".into()));
                return;
            };
            let salt = if has_pin { None } else { platform::random_bytes::<16>() };
            let store = store.get();
            let proved = actions::pin::confirm_or_set(
                store,
                has_pin,
                &pin.get_untracked(),
                &pin_again.get_untracked(),
                platform::now_ms(),
                salt,
            );
            pin.set(String::new());
            pin_again.set(String::new());
            if let Err(why) = proved {
                error.set(Some(why));
                return;
            }
            let survey = match &j.survey {
                Some(Loaded::Survey(s)) => Some(s.clone()),
                _ => cat.catalogue.with_untracked(|c| c.survey(&j.session.survey).cloned()),
            };
            let Some(survey) = survey else {
                error.set(Some("The session's survey is not on this device.".into()));
                return;
            };
            if let Err(e) = actions::tablets::join(store, &j, &survey) {
                error.set(Some(format!("The session could not be stored: {e}. Nothing was started.")));
                return;
            }
            if let Some(item) = j.survey.clone() {
                cat.catalogue.update(|c| c.add(item));
            }
            pupil.reset(Flow::new(&survey, &j.session.left_out), words);
            kiosk.0.set(Some(Kiosk { session: j.session, survey }));
            nav.go(Screen::Pupil);
        }
    };

    let describe = move || {
        joining.get().map(|j| {
            let (survey, plan) = cat.catalogue.with(|c| {
                let survey = match &j.survey {
                    Some(Loaded::Survey(s)) => format!("{} (brought by the pack)", s.title.get("en", "en")),
                    _ => c.survey(&j.session.survey).map(|s| s.title.get("en", "en").to_string()).unwrap_or_default(),
                };
                (survey, c.framework(&j.session.framework).map(|f| f.name.clone()).unwrap_or_default())
            });
            let sealed = if j.session.seal.is_some() {
                " Sealed: this tablet locks each answer as it is saved and cannot show it again; the results are read with the session's passphrase or recovery file."
            } else {
                ""
            };
            format!(
                "Session pack for \u{201c}{}\u{201d}: {survey}, version {}, reported against {plan}.{sealed}",
                j.session.group, j.session.survey_version
            )
        })
    };

    view! {
        <section class="join-session" aria-labelledby="join-title">
            <h2 id="join-title">"Join a session from another tablet"</h2>
            <p class="small">
                "On the first tablet, open the facilitator controls and download the session pack. Open it here: "
                "this tablet then runs the same session, and its responses can be brought together with the others."
            </p>
            <label for="pack-file">"Session pack file"</label>
            <input id="pack-file" type="file" accept=".json,application/json" on:change=on_file/>
            <p role="status" class=move || if joining.with(Option::is_some) { "success" } else { "" }>{describe}</p>
            <Show when=move || joining.with(Option::is_some)>
                <form on:submit=join.clone() novalidate>
                    {if has_pin {
                        view! {
                            <label for="join-pin">"Facilitator PIN of this tablet"</label>
                            <input id="join-pin" type="password" inputmode="numeric" autocomplete="off" maxlength="12"
                                prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                        }.into_any()
                    } else {
                        view! {
                            <label for="join-pin">"New facilitator PIN for this tablet"</label>
                            <input id="join-pin" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12"
                                prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                            <label for="join-pin-again">"Type the new PIN again"</label>
                            <input id="join-pin-again" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12"
                                prop:value=move || pin_again.get() on:input=move |ev| pin_again.set(event_target_value(&ev))/>
                        }.into_any()
                    }}
                    <div class="actions">
                        <button type="submit">"Join and start kiosk mode"</button>
                    </div>
                </form>
            </Show>
            <p role="alert" class=move || if error.get().is_some() { "error" } else { "" }>{move || error.get()}</p>
        </section>
    }
}
