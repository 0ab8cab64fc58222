use super::PupilCtx;
use crate::ui::context::Words;
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
