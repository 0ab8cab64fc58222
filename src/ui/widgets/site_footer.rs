use leptos::prelude::*;

/// The footer on every screen: where the data lives.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"Youth Voice keeps answers on this device only. Nothing is sent anywhere unless a facilitator exports totals."</p>
        </footer>
    }
}
