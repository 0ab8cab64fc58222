use super::state::ResultsCtx;
use leptos::prelude::*;
use yv_core::results::{Outcome, CAUTION_BELOW};

/// How the figures were made: each indicator's positive rule and the suppression rules.
/// Printed with the results.
#[component]
pub fn MethodNote() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    move || {
        let res = r.results.get()?;
        let k = res.threshold.get();
        let rules = res
            .indicators
            .iter()
            .filter(|i| matches!(i.outcome, Outcome::Counted { .. }))
            .map(|i| {
                let code = i.code.as_ref().map(|c| format!("{c} ")).unwrap_or_default();
                let proxy = if i.local_proxy && i.code.is_some() { " Local proxy, not the official definition." } else { "" };
                view! { <li>{format!("{code}{}: positive when {}.{proxy}", i.title, i.rule.clone().unwrap_or_default())}</li> }
            })
            .collect_view();
        Some(view! {
            <section aria-labelledby="method-title" class="method">
                <h2 id="method-title">"Method"</h2>
                <p>{format!(
                    "Percentages are of the pupils who answered the question, leaving out skipped questions and answers such as \u{201c}prefer not to say\u{201d} or \u{201c}don't know\u{201d}. \
                     The range after each percentage is its 95% Wilson confidence interval. \
                     Any figure based on fewer than {k} pupils is hidden. When only one group of a breakdown would be hidden, the next smallest group is hidden too, \
                     so that no hidden figure can be worked out by subtracting the others from the total; groups too small in the whole session are hidden in every table. \
                     Figures based on {k} to {} pupils are marked \u{201c}interpret with caution\u{201d}. Breakdowns use one characteristic at a time. Free-text answers are never included.",
                    CAUTION_BELOW - 1
                )}</p>
                <h3>"What counts as positive"</h3>
                <ul class="rules">{rules}</ul>
            </section>
        })
    }
}
