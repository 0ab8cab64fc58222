use crate::platform::Speech;
use crate::ui::context::Words;
use leptos::prelude::*;
use std::time::Duration;

/// "Read aloud" with a speaker icon, beside what it reads. While reading, the same button
/// says "Stop reading" (never next to Stop, which ends the survey). Hidden where the device has
/// no voice.
#[component]
pub fn ReadAloud(
    /// What to read, in the pupil's language.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let words = expect_context::<Words>();
    let available = Speech::get().is_some();
    let speaking = RwSignal::new(false);
    let toggle = move |_| {
        let Some(s) = Speech::get() else { return };
        if speaking.get_untracked() {
            s.stop();
            speaking.set(false);
        } else {
            s.say(&text.get_untracked(), &words.lang.get_untracked());
            speaking.set(true);
        }
    };
    // The voice finishes on its own: the button follows it.
    if available {
        if let Ok(h) = set_interval_with_handle(
            move || {
                if speaking.get_untracked() && !Speech::get().is_some_and(|s| s.speaking()) {
                    speaking.set(false);
                }
            },
            Duration::from_millis(400),
        ) {
            on_cleanup(move || h.clear());
        }
        on_cleanup(|| {
            if let Some(s) = Speech::get() {
                s.stop();
            }
        });
    }
    available.then(|| {
        view! {
            <button type="button" class="secondary read-aloud" aria-pressed=move || speaking.get().to_string() on:click=toggle>
                <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                    <path fill="currentColor" d="M3 9v6h4l5 5V4L7 9H3Zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4Zm-2.5-9v2.1a7 7 0 0 1 0 13.8V21a9 9 0 0 0 0-18Z"/>
                </svg>
                <span>{move || if speaking.get() { words.t("stop_reading") } else { words.t("read_aloud") }}</span>
            </button>
        }
    })
}
