use super::display_settings::DisplaySettings;
use super::read_aloud::ReadAloud;
use super::{PupilCtx, PupilStep};
use crate::ui::context::{KioskCtx, Words};
use leptos::prelude::*;

/// Welcome and assent: what this is, that it is anonymous, that anything can be skipped.
/// Language, read-aloud and display settings are chosen here.
#[component]
pub fn Welcome() -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    let kiosk = expect_context::<KioskCtx>();
    // Languages both the interface and the survey have.
    let languages = move || {
        let survey_langs: Vec<yv_core::Language> =
            kiosk.0.with(|k| k.as_ref().map(|k| k.survey.languages.clone()).unwrap_or_default());
        words
            .iface
            .with_value(|i| survey_langs.into_iter().filter(|l| i.language(&l.code).is_some()).collect::<Vec<_>>())
    };
    let spoken = Signal::derive(move || {
        ["welcome_title", "welcome_intro", "welcome_anonymous", "welcome_skip", "welcome_help"]
            .iter()
            .map(|k| words.t(k))
            .collect::<Vec<_>>()
            .join(" ")
    });
    view! {
        <section class="screen pupil welcome" aria-labelledby="welcome-title">
            <h1 id="welcome-title">{move || words.t("welcome_title")}</h1>
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
            <p class="lead">{move || words.t("welcome_intro")}</p>
            <ul class="promises">
                <li>{move || words.t("welcome_anonymous")}</li>
                <li>{move || words.t("welcome_skip")}</li>
                <li>{move || words.t("welcome_help")}</li>
            </ul>
            <div class="actions">
                <ReadAloud text=spoken/>
            </div>
            <DisplaySettings/>
            <div class="actions big">
                <button type="button" class="start" on:click=move |_| p.step.set(PupilStep::Answering)>
                    {move || words.t("start")}
                </button>
                <button type="button" class="secondary" on:click=move |_| p.step.set(PupilStep::Declined)>
                    {move || words.t("no_thanks")}
                </button>
            </div>
        </section>
    }
}
