use crate::platform;
use crate::storage::sessions;
use crate::ui::context::AppStore;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How much room is left for responses, and whether the browser promised to keep the data.
#[component]
pub fn StorageStatus() -> impl IntoView {
    let store = expect_context::<AppStore>();
    let fits = sessions::responses_that_fit(store.get());
    let held: usize = crate::actions::tablets::response_counts(store.get()).values().sum();
    let unexported = unexported(store.get());
    let persisted = RwSignal::new(None::<Option<bool>>);
    let estimate = RwSignal::new(None::<(u64, u64)>);
    let no_big_store = RwSignal::new(None::<String>);
    spawn_local(async move {
        persisted.set(Some(platform::request_persistent_storage().await));
        estimate.set(crate::storage::estimate().await);
        if let Err(e) = crate::storage::imported::browser_big().await {
            no_big_store.set(Some(e.to_string()));
        }
    });
    view! {
        <div class="storage-status" role="status">
            {match fits {
                Ok(n) if n < 100 => view! { <p class="error">{format!("Storage is nearly full: this device holds {held} responses, with room for about {n} more. Export results and delete an older session before starting.")}</p> }.into_any(),
                Ok(n) => view! { <p>{format!("This device holds {held} responses, with room for about {n} more.")}</p> }.into_any(),
                Err(e) => view! { <p class="error">{format!("This browser is not letting Youth Voice store answers: {e}. Use a normal (not private) window.")}</p> }.into_any(),
            }}
            {unexported.map(|(responses, sessions)| view! {
                <p class="warning unexported">{format!(
                    "{responses} response{} in {sessions} session{} on this device {} never been exported. If the browser clears its data (some do after a few weeks unused, for example over the holidays), they are gone: download the results or a responses file first.",
                    if responses == 1 { "" } else { "s" },
                    if sessions == 1 { "" } else { "s" },
                    if responses == 1 { "has" } else { "have" },
                )}</p>
            })}
            {move || no_big_store.get().map(|e| view! {
                <p class="warning no-indexeddb">{format!(
                    "This browser does not let Youth Voice use its larger storage (IndexedDB: {e}). Pupils\u{2019} answers are still saved, in the room above; responses from other tablets are imported into that room too, and a pupil\u{2019}s unfinished answers are not kept over a reload."
                )}</p>
            })}
            {move || estimate.get().map(|(used, quota)| view! {
                <p class="small">{format!(
                    "Responses brought from other tablets are kept separately (IndexedDB): the browser allows this site about {} MB, of which {} MB is used.",
                    quota / 1_000_000,
                    used.div_ceil(1_000_000)
                )}</p>
            })}
            {move || match persisted.get() {
                None => view! { <p>"Asking the browser to keep this data…"</p> }.into_any(),
                Some(Some(true)) => view! { <p>"The browser will keep this data (persistent storage granted)."</p> }.into_any(),
                _ => view! {
                    <p class="warning">
                        "The browser has not promised to keep this data: it may clear it if the device runs short of space or the site is not used for a while. "
                        "Export results after each session, and do not clear this browser's data."
                    </p>
                }.into_any(),
            }}
        </div>
    }
}

/// Responses on this device in sessions never exported (no CSV downloaded), and how many such
/// sessions: what a browser clearing its data would lose. `None` when there are none.
fn unexported(store: &dyn crate::storage::Store) -> Option<(usize, usize)> {
    let counts = crate::actions::tablets::response_counts(store);
    let (mut responses, mut n) = (0, 0);
    for s in sessions::sessions(store).ok()? {
        let held = counts.get(&s.id).copied().unwrap_or(0);
        if held > 0 && sessions::exported(store, &s.id).ok().flatten().is_none() {
            responses += held;
            n += 1;
        }
    }
    (responses > 0).then_some((responses, n))
}
