use super::SupportPanel;
use leptos::prelude::*;

/// The banner on every screen: the product name and, always in the same place, "Need to talk?".
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <span class="brand">"Youth Voice"</span>
            <SupportPanel/>
        </header>
    }
}
