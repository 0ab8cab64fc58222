use super::bar::Bar;
use super::format::{hidden_reason, pct};
use super::state::ResultsCtx;
use crate::ui::widgets::in_turns;
use leptos::prelude::*;
use yv_core::results::Distribution;

/// How many questions are drawn per task: the rest follow in later tasks, so the headline is
/// painted first and no task runs long (see BENCHMARKS.md).
const QUESTIONS_PER_TASK: usize = 6;

fn question_view(d: &Distribution) -> impl IntoView {
    let answered = match d.answered {
        Some(n) => format!("{n} answered"),
        None => "how many answered is hidden to protect small groups".to_string(),
    };
    // Every table is drawn (a survey has a few hundred answer rows at most), so a printed
    // report has every question's answers, not only the ones opened on screen.
    let rows = d
        .options
        .iter()
        .map(|o| {
            let figure = match (o.count(), o.percent()) {
                (Some(c), Some(p)) => format!("{c} ({})", pct(p)),
                (Some(c), None) => c.to_string(),
                _ => hidden_reason(o.suppression),
            };
            let bar = o.percent().map(|p| view! { <Bar percent=p label=format!("{}: {}", o.label, pct(p))/> });
            view! {
                <tr data-option=o.option.clone()>
                    <th scope="row">{o.label.clone()}</th>
                    <td class="num">{o.count().map(|c| c.to_string()).unwrap_or_else(|| "–".into())}</td>
                    <td>{bar}<span class="figure">{figure}</span></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="distribution" data-question=d.question.clone()>
            <summary>{d.text.clone()}<span class="small">{format!(" · {answered}")}</span></summary>
            <table>
                <thead><tr><th scope="col">"Answer"</th><th scope="col">"Count"</th><th scope="col">"Share of those who answered"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

/// Each question's answer distribution (never free text), with the same disclosure control.
#[component]
pub fn Distributions() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    move || {
        if !r.detail_ready.get() {
            return None;
        }
        let res = r.results.get()?;
        let all = std::sync::Arc::new(res.distributions.clone());
        Some(view! {
            <section aria-labelledby="dist-title" class="distributions">
                <h2 id="dist-title">"Answers to each question"</h2>
                <p class="small">"Free-text answers are never shown or exported."</p>
                {in_turns(all, 0, QUESTIONS_PER_TASK, std::sync::Arc::new(|d: &Distribution| question_view(d).into_any()))}
            </section>
        })
    }
}
