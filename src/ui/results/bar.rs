use leptos::prelude::*;

/// A horizontal bar for a percentage, with its 95% interval as a whisker. The numbers are
/// always also in the text beside it, so nothing depends on reading the chart or its colour.
#[component]
pub fn Bar(
    /// Percentage, 0-100.
    percent: f64,
    /// The interval, in percent.
    #[prop(optional)]
    ci: Option<(f64, f64)>,
    /// What the bar shows, read by screen readers.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let w = percent.clamp(0.0, 100.0);
    view! {
        <svg class="bar" viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label=label>
            <rect class="bar-track" x="0" y="2" width="100" height="8"></rect>
            <rect class="bar-fill" x="0" y="2" width=format!("{w:.2}") height="8"></rect>
            {ci.map(|(lo, hi)| view! {
                <line class="bar-ci" x1=format!("{lo:.2}") x2=format!("{hi:.2}") y1="6" y2="6"></line>
                <line class="bar-ci" x1=format!("{lo:.2}") x2=format!("{lo:.2}") y1="1" y2="11"></line>
                <line class="bar-ci" x1=format!("{hi:.2}") x2=format!("{hi:.2}") y1="1" y2="11"></line>
            })}
        </svg>
    }
}
