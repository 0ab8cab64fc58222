use super::PupilCtx;
use crate::ui::context::{KioskCtx, Words};
use leptos::prelude::*;

/// Bigger text and high contrast, as toggle buttons.
#[component]
pub fn DisplaySettings() -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    view! {
        <div class="display-settings">
            <button type="button" class="secondary" aria-pressed=move || p.large_text.get().to_string()
                on:click=move |_| p.large_text.update(|v| *v = !*v)>
                {move || words.t("bigger_text")}
            </button>
            <button type="button" class="secondary" aria-pressed=move || p.high_contrast.get().to_string()
                on:click=move |_| p.high_contrast.update(|v| *v = !*v)>
                {move || words.t("high_contrast")}
            </button>
        </div>
    }
}

/// The languages both the interface and the running survey have, as buttons, each named in its
/// own language and script. With no survey running (a Youth Council vote), every language of the
/// interface.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let words = expect_context::<Words>();
    let kiosk = expect_context::<KioskCtx>();
    let languages = move || {
        let survey_langs: Option<Vec<yv_core::Language>> =
            kiosk.0.with(|k| k.as_ref().map(|k| k.survey.languages.clone()));
        words.iface.with_value(|i| match survey_langs {
            Some(langs) => langs.into_iter().filter(|l| i.language(&l.code).is_some()).collect::<Vec<_>>(),
            None => i.languages.clone(),
        })
    };
    view! {
        <Show when=move || { languages().len() > 1 }>
            <fieldset class="languages">
                <legend>{move || words.t("language")}</legend>
                {move || languages().into_iter().map(|l| {
                    let code = l.code.clone();
                    let code2 = l.code.clone();
                    view! {
                        <button type="button" class="secondary" lang=l.code.clone() dir=l.dir.as_str()
                            aria-pressed=move || (words.lang.get() == code).to_string()
                            on:click=move |_| words.lang.set(code2.clone())>
                            {l.name.clone()}
                        </button>
                    }
                }).collect_view()}
            </fieldset>
        </Show>
    }
}

/// Language, bigger text and high contrast, reachable from every pupil screen: one small
/// button that opens them.
#[component]
pub fn DisplayBar() -> impl IntoView {
    let words = expect_context::<Words>();
    let open = RwSignal::new(false);
    view! {
        <div class="display-bar">
            <button type="button" class="secondary settings-toggle" aria-expanded=move || open.get().to_string()
                aria-controls="display-panel" on:click=move |_| open.update(|o| *o = !*o)>
                <span class="settings-icon" aria-hidden="true" lang="en" dir="ltr">"Aa"</span>
                <span>{move || words.t("settings")}</span>
            </button>
            <div id="display-panel" class="display-panel" hidden=move || !open.get()>
                <LanguagePicker/>
                <DisplaySettings/>
                <button type="button" class="secondary" on:click=move |_| open.set(false)>{move || words.t("close")}</button>
            </div>
        </div>
    }
}
