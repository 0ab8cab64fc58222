use crate::ui::context::{KioskCtx, Words};
use crate::ui::votes::YouSaidForPupils;
use crate::ui::widgets::SupportPanel;
use leptos::prelude::*;
use std::time::Duration;

/// Seconds the thank-you screen shows before the welcome screen returns.
pub const THANKS_SECONDS: u32 = 10;

/// Thank you, with support signposting, then back to the welcome screen after a countdown or
/// a tap.
#[component]
pub fn Thanks(
    /// Goes back to the welcome screen for the next pupil.
    on_done: Callback<()>,
) -> impl IntoView {
    let words = expect_context::<Words>();
    let kiosk = expect_context::<KioskCtx>();
    let framework = kiosk.0.with_untracked(|k| k.as_ref().map(|k| k.session.framework.clone()));
    let left = RwSignal::new(THANKS_SECONDS);
    count_down_to_welcome(left, on_done);
    view! {
        <section class="screen pupil thanks" aria-labelledby="thanks-title">
            <h1 id="thanks-title">{move || words.t("thanks_title")}</h1>
            <p class="lead" role="status">{move || words.t("thanks_text")}</p>
            {framework.map(|framework| view! { <YouSaidForPupils framework=framework/> })}
            <div class="support-inline">
                <SupportPanel open=true/>
            </div>
            <p aria-live="off">{move || words.t_with("thanks_restart", &[("n", &left.get().to_string())])}</p>
            <div class="actions big">
                <button type="button" on:click=move |_| on_done.run(())>{move || words.t("done")}</button>
            </div>
        </section>
    }
}

/// Effect: count down to a deadline (not by counting ticks, which a busy or throttled tablet
/// may delay) and return to the welcome screen when it passes.
fn count_down_to_welcome(left: RwSignal<u32>, on_done: Callback<()>) {
    let deadline = crate::platform::monotonic_ms() + u64::from(THANKS_SECONDS) * 1000;
    let handle = set_interval_with_handle(
        move || {
            let now = crate::platform::monotonic_ms();
            let n = (deadline.saturating_sub(now)).div_ceil(1000) as u32;
            left.set(n);
            if n == 0 {
                on_done.run(());
            }
        },
        Duration::from_millis(500),
    );
    if let Ok(h) = handle {
        on_cleanup(move || h.clear());
    }
}
