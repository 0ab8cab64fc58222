use leptos::prelude::*;
use std::sync::Arc;

/// How one item of a long list is drawn.
pub type Draw<T> = Arc<dyn Fn(&T) -> AnyView + Send + Sync>;

/// A long list drawn `per_task` items at a time, each few after the browser has had a turn (the
/// first ones too), so what is above it is painted first and no task runs long (BENCHMARKS.md:
/// the results dashboard and the headline).
pub fn in_turns<T: Send + Sync + 'static>(items: Arc<Vec<T>>, from: usize, per_task: usize, draw: Draw<T>) -> AnyView {
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::platform::next_tick().await;
        ready.try_set(true);
    });
    view! {
        <Show when=move || ready.get()>
            {let (items, draw) = (items.clone(), draw.clone());
            move || {
                let to = (from + per_task).min(items.len());
                let here = items[from..to].iter().map(|i| draw(i)).collect_view();
                let rest = (to < items.len()).then(|| in_turns(items.clone(), to, per_task, draw.clone()));
                view! { {here}{rest} }
            }}
        </Show>
    }
    .into_any()
}
