use super::{JoinSession, SealChoice, SealSettings, StorageStatus};
use crate::actions;
use crate::platform;
use crate::storage::sessions;
use crate::ui::context::{AppStore, CatalogueCtx, Kiosk, KioskCtx, Nav, Screen, Words};
use crate::ui::pupil::PupilCtx;
use leptos::prelude::*;
use yv_core::envelope::{check_session, Session, DEFAULT_IDLE_SECONDS};
use yv_core::flow::Flow;
use yv_core::text::sentence;

/// Start a session: survey, framework, group, optional questions, idle time and the PIN; then
/// kiosk mode.
#[component]
pub fn SessionSetup() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let store = expect_context::<AppStore>();
    let cat = expect_context::<CatalogueCtx>();
    let kiosk = expect_context::<KioskCtx>();
    let pupil = expect_context::<PupilCtx>();
    let words = expect_context::<Words>();

    let first_survey =
        cat.catalogue.with_untracked(|c| c.surveys().next().map(|(s, _)| s.id.clone())).unwrap_or_default();
    let first_fw =
        cat.catalogue.with_untracked(|c| c.frameworks().next().map(|(f, _)| f.id.clone())).unwrap_or_default();
    let survey_id = RwSignal::new(first_survey);
    let framework_id = RwSignal::new(first_fw);
    let group = RwSignal::new(String::new());
    let idle = RwSignal::new(DEFAULT_IDLE_SECONDS);
    let left_out = RwSignal::new(Vec::<String>::new());
    let auto_advance = RwSignal::new(true);
    let pin = RwSignal::new(String::new());
    let pin_again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let seal = SealChoice::new();
    let has_pin = matches!(sessions::pin_hash(store.get()), Ok(Some(_)));

    let optional = move || {
        cat.catalogue.with(|c| {
            c.survey(&survey_id.get())
                .map(|s| {
                    s.questions()
                        .filter(|q| q.optional)
                        .map(|q| (q.id.clone(), q.text.get("en", "en").to_string()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };

    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let store = store.get();
        let Some(survey) = cat.catalogue.with_untracked(|c| c.survey(&survey_id.get_untracked()).cloned()) else {
            error.set(Some("Choose a survey.".into()));
            return;
        };
        let fw = framework_id.get_untracked();
        if cat.catalogue.with_untracked(|c| c.framework(&fw).is_none()) {
            error.set(Some("Choose an outcome framework.".into()));
            return;
        }
        if let Err(e) = check_session(&group.get_untracked(), idle.get_untracked()) {
            error.set(Some(sentence(&e.to_string())));
            return;
        }
        // Sealing: checked (and the key wrapped) before anything is stored, the PIN included.
        let sealed = match seal.finish() {
            Ok(s) => s,
            Err(why) => {
                error.set(Some(why));
                return;
            }
        };
        // The PIN: set one the first time, otherwise the facilitator proves they know it.
        let salt = if has_pin { None } else { platform::random_bytes::<16>() };
        if let Err(why) = actions::pin::confirm_or_set(
            store,
            has_pin,
            &pin.get_untracked(),
            &pin_again.get_untracked(),
            platform::now_ms(),
            salt,
        ) {
            error.set(Some(why));
            return;
        }
        let Some(id) = seal.session_id.get_value().or_else(platform::random_id) else {
            error.set(Some("This browser has no secure random number generator.".into()));
            return;
        };
        let session = Session {
            id,
            survey: survey.id.clone(),
            survey_version: survey.version.clone(),
            framework: fw,
            group: group.get_untracked().trim().to_string(),
            started: platform::today(),
            idle_seconds: idle.get_untracked(),
            left_out: left_out.get_untracked(),
            auto_advance: auto_advance.get_untracked(),
            seal: sealed.as_ref().map(|(public, _)| public.clone()),
        };
        let wrapped = sealed.as_ref().map(|(_, w)| w);
        if let Err(e) = sessions::store_new_session(store, &session, wrapped, &survey) {
            error.set(Some(format!("The session could not be stored: {e}. Nothing was started.")));
            return;
        }
        pupil.reset(Flow::new(&survey, &session.left_out), words);
        kiosk.0.set(Some(Kiosk { session, survey }));
        nav.go(Screen::Pupil);
    };

    view! {
        <section class="screen setup" aria-labelledby="setup-title">
            <h1 id="setup-title">"Start a survey session"</h1>
            <StorageStatus/>
            <form on:submit=start novalidate>
                <fieldset>
                    <legend>"Survey"</legend>
                    {move || cat.catalogue.with(|c| c.surveys().map(|(s, _)| {
                        let id = s.id.clone();
                        let id2 = s.id.clone();
                        view! {
                            <label class="option">
                                <input type="radio" name="survey" prop:checked=move || survey_id.get() == id
                                    on:change=move |_| { survey_id.set(id2.clone()); left_out.set(Vec::new()); }/>
                                <span>{format!("{} ({})", s.title.get("en", "en"), s.audience.clone().unwrap_or_default())}</span>
                            </label>
                        }
                    }).collect_view())}
                </fieldset>
                <label for="framework">"Outcome framework (the plan results report against)"</label>
                <select id="framework" on:change=move |ev| framework_id.set(event_target_value(&ev))>
                    {move || cat.catalogue.with(|c| c.frameworks().map(|(f, _)| {
                        let id = f.id.clone();
                        let selected = framework_id.get_untracked() == id;
                        view! { <option value=id selected=selected>{f.name.clone()}</option> }
                    }).collect_view())}
                </select>
                <label for="group">"Group"</label>
                <p class="small" id="group-hint">"Shown on results, never to pupils. For example: Year 8, Ridgeway School, November 2026. No pupil names."</p>
                <input id="group" type="text" maxlength="120" autocomplete="off" aria-describedby="group-hint"
                    prop:value=move || group.get() on:input=move |ev| group.set(event_target_value(&ev))/>
                <Show when=move || !optional().is_empty()>
                    <fieldset>
                        <legend>"Optional questions to include"</legend>
                        {move || optional().into_iter().map(|(id, text)| {
                            let id2 = id.clone();
                            view! {
                                <label class="option">
                                    <input type="checkbox" prop:checked=move || !left_out.get().contains(&id)
                                        on:change=move |_| left_out.update(|l| if let Some(i) = l.iter().position(|x| *x == id2) { l.remove(i); } else { l.push(id2.clone()); })/>
                                    <span>{text}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                </Show>
                <label class="check" for="auto-advance">
                    <input id="auto-advance" type="checkbox" aria-describedby="auto-advance-hint" prop:checked=move || auto_advance.get()
                        on:change=move |ev| auto_advance.set(event_target_checked(&ev))/>
                    "One tap per answer"
                </label>
                <p class="small" id="auto-advance-hint">"A tapped answer moves on to the next question by itself after a short pause (Back changes it). Arrow keys and screen readers never move on by themselves. Questions with several answers or typing keep Next. Turn off if pupils find it too quick."</p>
                <SealSettings choice=seal group=group/>
                <label for="idle">"If nobody taps for"</label>
                <select id="idle" on:change=move |ev| idle.set(event_target_value(&ev).parse().unwrap_or(DEFAULT_IDLE_SECONDS))>
                    {[60u32, 120, 180, 300, 600].into_iter().map(|s| view! {
                        <option value=s.to_string() selected=s == DEFAULT_IDLE_SECONDS>{format!("{} minute{} (then \u{201c}Are you still there?\u{201d})", s / 60, if s == 60 { "" } else { "s" })}</option>
                    }).collect_view()}
                </select>
                {if has_pin {
                    view! {
                        <label for="pin">"Facilitator PIN"</label>
                        <input id="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="12"
                            prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                    }.into_any()
                } else {
                    view! {
                        <p>"Choose a facilitator PIN (4 to 12 digits). It is needed to leave kiosk mode and to see results. It is stored only as a salted hash."</p>
                        <label for="pin">"New facilitator PIN"</label>
                        <input id="pin" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12"
                            prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev))/>
                        <label for="pin-again">"Type the PIN again"</label>
                        <input id="pin-again" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12"
                            prop:value=move || pin_again.get() on:input=move |ev| pin_again.set(event_target_value(&ev))/>
                    }.into_any()
                }}
                <p role="alert" class=move || if error.get().is_some() { "error" } else { "" }>{move || error.get()}</p>
                <div class="actions">
                    <button type="submit">"Start kiosk mode"</button>
                    <button type="button" class="secondary" on:click=move |_| nav.go(Screen::Home)>"Back to start"</button>
                </div>
            </form>
            <JoinSession/>
        </section>
    }
}
