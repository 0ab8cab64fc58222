use super::controls::ResultsControls;
use super::data_management::DataManagement;
use super::distributions::Distributions;
use super::export_buttons::ExportButtons;
use super::headline::Headline;
use super::method_note::MethodNote;
use super::outcome_table::OutcomeTable;
use super::sealed_unlock::SealedUnlock;
use super::state::provide_results_ctx;
use super::summary::ResultsSummary;
use super::you_said_report::YouSaidReport;
use crate::storage::sessions::{self, SessionRow};
use crate::ui::context::{AppStore, KioskCtx, Nav, Screen};
use crate::ui::facilitator::PinPrompt;
use leptos::prelude::*;

/// Results behind the facilitator PIN.
#[component]
pub fn ResultsScreen() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let kiosk = expect_context::<KioskCtx>();
    let back = move || {
        if kiosk.0.with_untracked(Option::is_some) {
            nav.go(Screen::KioskMenu);
        } else {
            nav.go(Screen::Home);
        }
    };
    view! {
        <Show when=move || nav.unlocked() fallback=move || view! {
            <PinPrompt purpose="the results" on_unlock=Callback::new(move |_| nav.unlock()) on_cancel=Callback::new(move |_| back())
                cancel_label=if kiosk.0.with_untracked(Option::is_some) { "Back to the survey" } else { "Back to the first screen" }/>
        }>
            <ResultsAfterPaint on_close=Callback::new(move |_| back())/>
        </Show>
    }
}

/// The screen's title at once, then listing what the device holds in a task of its own (tens
/// of milliseconds on a cheap tablet with thousands of responses), then the rest of the screen in
/// the next: the tap that opened the results shows something straight away, and no one task
/// does all three.
#[component]
fn ResultsAfterPaint(on_close: Callback<()>) -> impl IntoView {
    let store = expect_context::<AppStore>();
    let listed = RwSignal::new(None::<Vec<SessionRow>>);
    leptos::task::spawn_local(async move {
        crate::platform::next_tick().await;
        let rows = sessions::overview(store.get()).map(|(rows, _)| rows).unwrap_or_default();
        crate::platform::next_tick().await;
        listed.try_set(Some(rows));
    });
    let ready = move || listed.with(Option::is_some);
    view! {
        <Show when=ready fallback=move || view! {
            <section class="screen results" aria-labelledby="results-title" lang="en" dir="ltr">
                <div class="results-head"><h1 id="results-title">"Results"</h1></div>
                <p role="status">"Reading the responses\u{2026}"</p>
            </section>
        }>
            <ResultsBody on_close=on_close listed=listed.get_untracked()/>
        </Show>
    }
}

#[component]
fn ResultsBody(
    /// Leave the results.
    on_close: Callback<()>,
    /// The sessions, already listed.
    listed: Option<Vec<SessionRow>>,
) -> impl IntoView {
    let r = provide_results_ctx(listed);
    view! {
        <section class="screen results" aria-labelledby="results-title" lang="en" dir="ltr">
            <div class="results-head">
                <h1 id="results-title">"Results"</h1>
                <button type="button" class="secondary no-print" on:click=move |_| on_close.run(())>"Close results"</button>
            </div>
            // Two views: the results, and the data kept on this device (its own screen, so the
            // figures come first and deleting is never one scroll away from reading).
            <Show when=move || r.sessions.with(|s| !s.is_empty())>
                <nav class="view-switch no-print" aria-label="Results or data">
                    <button type="button" aria-pressed=move || (!r.data_view.get()).to_string()
                        on:click=move |_| r.data_view.set(false)>"Results"</button>
                    <button type="button" aria-pressed=move || r.data_view.get().to_string()
                        on:click=move |_| r.data_view.set(true)>
                        {move || format!("Data on this device ({} session{})", r.sessions.with(Vec::len), if r.sessions.with(Vec::len) == 1 { "" } else { "s" })}
                    </button>
                </nav>
            </Show>
            <Show when=move || r.sessions.with(Vec::is_empty)>
                <p>"There are no sessions on this device yet. Start a survey session first, or import response files from other tablets below."</p>
            </Show>
            <Show when=move || r.sessions.with(|s| !s.is_empty()) && !r.data_view.get()>
                <ResultsControls/>
                <SealedUnlock/>
                {move || {
                    ((r.session_id.with(Option::is_some) && r.loaded.with(Option::is_none))
                        || (r.together.with(|t| !t.is_empty()) && r.family.with(Option::is_none)))
                        .then(|| view! { <p role="status">"Reading the responses\u{2026}"</p> })
                }}
                <ResultsSummary/>
                <Headline/>
                <ExportButtons/>
                <OutcomeTable/>
                <Distributions/>
                <YouSaidReport/>
                <MethodNote/>
            </Show>
            <Show when=move || r.data_view.get() || r.sessions.with(Vec::is_empty)>
                <DataManagement/>
            </Show>
            // Kept in view at the foot of the screen, so each download, import or delete is
            // confirmed where the facilitator is looking.
            <div class="results-notice no-print" role="status">
                {move || r.notice.get().map(|(ok, text)| view! {
                    <p class=if ok { "success" } else { "error" }>
                        {text}
                        <button type="button" class="link" on:click=move |_| r.notice.set(None)>"Dismiss"</button>
                    </p>
                })}
            </div>
        </section>
    }
}
