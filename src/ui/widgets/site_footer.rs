use crate::ui::context::Words;
use leptos::prelude::*;

/// The footer on every screen: where the answers stay, in the reader's language.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let words = use_context::<Words>();
    let text = move || {
        words
            .map(|w| w.t("footer"))
            .unwrap_or_else(|| "Your answers stay on this tablet. Your name is never asked for or kept.".into())
    };
    view! {
        <footer class="site-footer">
            <p>{text}</p>
        </footer>
    }
}
