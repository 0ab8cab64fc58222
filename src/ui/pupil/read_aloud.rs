use crate::platform::Speech;
use crate::ui::context::Words;
use leptos::prelude::*;

/// "Read aloud": speaks the text it is given. Hidden where the device has no voice.
#[component]
pub fn ReadAloud(
    /// What to read, in the pupil's language.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let words = expect_context::<Words>();
    let available = Speech::get().is_some();
    let speak = move |_| {
        if let Some(s) = Speech::get() {
            s.say(&text.get_untracked(), &words.lang.get_untracked());
        }
    };
    let stop = move |_| {
        if let Some(s) = Speech::get() {
            s.stop();
        }
    };
    available.then(|| {
        view! {
            <span class="read-aloud">
                <button type="button" class="secondary" on:click=speak>{move || words.t("read_aloud")}</button>
                <button type="button" class="secondary" on:click=stop>{move || words.t("stop_reading")}</button>
            </span>
        }
    })
}
