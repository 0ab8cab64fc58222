use super::PupilCtx;
use crate::ui::context::Words;
use leptos::prelude::*;

/// "Are you still there?" with the seconds left before the answers are discarded.
#[component]
pub fn IdlePrompt() -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    view! {
        <Show when=move || p.idle_warning.get().is_some()>
            <div class="overlay">
                <div class="confirm" role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-text">
                    <h2 id="idle-title">{move || words.t("idle_title")}</h2>
                    <p id="idle-text">{move || words.t_with("idle_text", &[("n", &p.idle_warning.get().unwrap_or(0).to_string())])}</p>
                    <button type="button" on:click=move |_| {
                        p.last_activity.set(crate::platform::monotonic_ms());
                        p.idle_warning.set(None);
                    }>{move || words.t("still_here")}</button>
                </div>
            </div>
        </Show>
    }
}
