use leptos::prelude::*;

/// The footer on every screen: where the data lives.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"Youth Voice keeps answers on this device. Nothing is sent anywhere: only a facilitator can download a file, and no file has a name in it."</p>
        </footer>
    }
}
