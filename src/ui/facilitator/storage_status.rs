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
    let persisted = RwSignal::new(None::<Option<bool>>);
    let estimate = RwSignal::new(None::<(u64, u64)>);
    spawn_local(async move {
        persisted.set(Some(platform::request_persistent_storage().await));
        estimate.set(crate::storage::estimate().await);
    });
    view! {
        <div class="storage-status" role="status">
            {match fits {
                Ok(n) if n < 100 => view! { <p class="error">{format!("Storage is nearly full: this device holds {held} responses, with room for about {n} more. Export results and delete an older session before starting.")}</p> }.into_any(),
                Ok(n) => view! { <p>{format!("This device holds {held} responses, with room for about {n} more.")}</p> }.into_any(),
                Err(e) => view! { <p class="error">{format!("This browser is not letting Youth Voice store answers: {e}. Use a normal (not private) window.")}</p> }.into_any(),
            }}
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
