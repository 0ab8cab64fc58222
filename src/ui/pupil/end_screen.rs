use super::stop_dialog::StopDialog;
use super::PupilCtx;
use crate::ui::context::Words;
use leptos::prelude::*;

/// The end of the questions: send, or go back and change something.
#[component]
pub fn EndScreen(
    /// Stores the response (and shows the thank-you or the "tell your teacher" screen).
    on_send: Callback<()>,
) -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    view! {
        <section class="screen pupil end" aria-labelledby="end-title">
            <h1 id="end-title">{move || words.t("end_title")}</h1>
            <p>{move || words.t("end_text")}</p>
            <div class="actions big">
                <button type="button" class="start" on:click=move |_| on_send.run(())>{move || words.t("send")}</button>
                <button type="button" class="secondary" on:click=move |_| p.flow.update(|f| f.back())>{move || words.t("back")}</button>
            </div>
            <StopDialog/>
        </section>
    }
}
