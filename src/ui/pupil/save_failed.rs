use super::PupilCtx;
use crate::ui::context::Words;
use leptos::prelude::*;

/// Answers could not be stored: a calm message for the pupil, and for the adult exactly what
/// happened and what to do. The answers stay in memory and are retried.
#[component]
pub fn SaveFailed(
    /// Tries to store the pending response again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    view! {
        <section class="screen pupil save-failed" aria-labelledby="failed-title">
            <h1 id="failed-title">{move || words.t("save_failed_title")}</h1>
            <p class="lead" role="alert">{move || words.t("save_failed_text")}</p>
            <div class="actions big">
                <button type="button" on:click=move |_| on_retry.run(())>{move || words.t("try_again")}</button>
            </div>
            <section class="for-adults" lang="en" dir="ltr" aria-labelledby="adult-title">
                <h2 id="adult-title">"For the teacher or youth worker"</h2>
                <p>"This pupil's answers are safe in the tablet's memory but are not stored yet. Do not reload or close this page."</p>
                <p class="error">{move || p.save_error.get().unwrap_or_default()}</p>
                <p>"What to do: if storage is full, unlock with your PIN, export this session's results and delete an older session, then tap Try again. If the browser is in private mode or has storage turned off, switch to a normal window for the next pupils. It is retried by itself every 10 seconds."</p>
            </section>
        </section>
    }
}
