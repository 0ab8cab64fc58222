use super::PupilCtx;
use crate::ui::context::Words;
use leptos::prelude::*;

/// "Stop", and its confirmation. Stopping discards this pupil's answers.
#[component]
pub fn StopDialog() -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    let discard = expect_context::<Discard>();
    // The confirmation opens at the bottom of the screen: bring it into view, with focus on
    // "No, carry on" (the safe choice), so it is seen and its buttons are in reach.
    let carry_on = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = carry_on.get() {
            let _ = b.focus();
            b.scroll_into_view_with_bool(false);
        }
    });
    view! {
        <div class="stop">
            <Show when=move || !p.confirming_stop.get()>
                <button type="button" class="secondary stop-button" on:click=move |_| p.confirming_stop.set(true)>{move || words.t("stop")}</button>
            </Show>
            <Show when=move || p.confirming_stop.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="stop-title" aria-describedby="stop-text">
                    <h2 id="stop-title">{move || words.t("stop_title")}</h2>
                    <p id="stop-text">{move || words.t("stop_text")}</p>
                    <div class="actions">
                        <button type="button" node_ref=carry_on on:click=move |_| p.confirming_stop.set(false)>{move || words.t("stop_no")}</button>
                        <button type="button" class="secondary danger" on:click=move |_| discard.run()>{move || words.t("stop_yes")}</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// Discards the current pupil's answers everywhere and shows the welcome screen.
#[derive(Clone, Copy)]
pub struct Discard(pub Callback<()>);

impl Discard {
    pub fn run(&self) {
        self.0.run(());
    }
}
