use leptos::prelude::*;

/// A "Show ..." button that reveals its children; keyboard and screen-reader friendly.
#[component]
pub fn Disclosure(
    /// What is revealed, e.g. "Questions in the primary survey"; the button reads "Show" + label.
    #[prop(into)]
    label: String,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let text = move || {
        if open.get() {
            format!("Hide {}", lowercase_first(&label))
        } else {
            format!("Show {}", lowercase_first(&label))
        }
    };
    view! {
        <div class="disclosure">
            <button type="button" class="secondary" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {text}
            </button>
            <Show when=move || open.get()>
                <div class="disclosure-body">{children()}</div>
            </Show>
        </div>
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
