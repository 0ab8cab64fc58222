use super::display_settings::{DisplaySettings, LanguagePicker};
use super::read_aloud::ReadAloud;
use super::{PupilCtx, PupilStep};
use crate::ui::context::Words;
use leptos::prelude::*;

/// Welcome and assent: what this is, that it is anonymous, that anything can be skipped.
/// Language, read-aloud and display settings are chosen here.
#[component]
pub fn Welcome() -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    let kiosk = expect_context::<crate::ui::context::KioskCtx>();
    let one_tap = move || kiosk.0.with(|k| k.as_ref().is_some_and(|k| k.session.auto_advance));
    let spoken = Signal::derive(move || {
        ["welcome_title", "welcome_intro", "welcome_anonymous", "welcome_skip", "welcome_help", "welcome_one_tap"]
            .iter()
            .map(|k| words.t(k))
            .collect::<Vec<_>>()
            .join(" ")
    });
    view! {
        <section class="screen pupil welcome" aria-labelledby="welcome-title">
            <div class="question-head">
                <h1 id="welcome-title">{move || words.t("welcome_title")}</h1>
                <ReadAloud text=spoken/>
            </div>
            <WelcomeArt/>
            <LanguagePicker/>
            <p class="lead">{move || words.t("welcome_intro")}</p>
            <ul class="promises">
                <li>{move || words.t("welcome_anonymous")}</li>
                <li>{move || words.t("welcome_skip")}</li>
                <li>{move || words.t("welcome_help")}</li>
                {move || one_tap().then(|| view! { <li>{words.t("welcome_one_tap")}</li> })}
            </ul>
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

/// A friendly picture for the welcome screen: speech bubbles under a sun. Decorative.
#[component]
fn WelcomeArt() -> impl IntoView {
    view! {
        <svg class="welcome-art" viewBox="0 0 320 130" aria-hidden="true" focusable="false">
            <circle cx="272" cy="34" r="22" fill="#ffd166"/>
            <g stroke="#ffd166" stroke-width="5" stroke-linecap="round">
                <path d="M272 2v6M272 60v6M240 34h6M298 34h6M250 12l4 4M290 52l4 4M250 56l4-4M290 16l4-4"/>
            </g>
            <path d="M20 30h120a14 14 0 0 1 14 14v28a14 14 0 0 1-14 14H70l-22 18 4-18H20A14 14 0 0 1 6 72V44a14 14 0 0 1 14-14Z" fill="#1d4e89"/>
            <circle cx="52" cy="58" r="6" fill="#fff"/>
            <circle cx="80" cy="58" r="6" fill="#fff"/>
            <circle cx="108" cy="58" r="6" fill="#fff"/>
            <path d="M170 58h96a14 14 0 0 1 14 14v22a14 14 0 0 1-14 14h-14l4 14-20-14h-66a14 14 0 0 1-14-14V72a14 14 0 0 1 14-14Z" fill="#2e8b57"/>
            <path d="M196 84q22 16 44 0" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round"/>
        </svg>
    }
}
