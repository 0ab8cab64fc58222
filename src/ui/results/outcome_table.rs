use super::bar::Bar;
use super::format::{cell_summary, change_text, hidden_reason};
use super::state::ResultsCtx;
use crate::ui::context::CatalogueCtx;
use crate::ui::widgets::in_turns;
use leptos::prelude::*;
use yv_core::results::{Cell, IndicatorResult, Outcome};
use yv_core::Direction;

fn direction_text(d: Option<Direction>) -> &'static str {
    match d {
        Some(Direction::HigherIsBetter) => "Higher is better",
        Some(Direction::LowerIsBetter) => "Lower is better",
        None => "",
    }
}

/// One row of figures: the whole group or one group of a breakdown.
/// `compare_to`: `None` when not comparing; `Some(None)` when the other session has no figure.
fn figures(c: &Cell, label: String, compare_to: Option<Option<&Cell>>, dir: Option<Direction>) -> impl IntoView {
    let shown = !c.suppressed();
    let comparison = compare_to.map(|before| {
        before
            .and_then(|b| change_text(b, c, dir))
            .unwrap_or_else(|| "No comparison (a figure is hidden or empty)".to_string())
    });
    view! {
        <td>{label}</td>
        <td class="num">{c.base().map(|b| b.to_string()).unwrap_or_else(|| "–".into())}</td>
        <td class="num">{c.positive().map(|b| b.to_string()).unwrap_or_else(|| "–".into())}</td>
        <td>
            {if shown {
                let text = cell_summary(c);
                c.percent().map(|p| view! { <Bar percent=p ci=c.ci().unwrap_or((p, p)) label=text.clone()/> }.into_any())
                    .unwrap_or_else(|| ().into_any())
            } else { ().into_any() }}
            <span class="figure">{cell_summary(c)}</span>
            {c.caution().then(|| view! { <span class="tag caution">"Interpret with caution: fewer than 30 pupils"</span> })}
            {(!shown).then(|| view! { <span class="visually-hidden">{hidden_reason(c.suppression)}</span> })}
        </td>
        {comparison.map(|t| view! { <td class="compare">{t}</td> })}
    }
}

fn indicator_rows(
    ind: &IndicatorResult,
    breakdown: Option<usize>,
    before: Option<&IndicatorResult>,
    comparing: bool,
) -> impl IntoView {
    let heading = view! {
        <th scope="row" class="indicator">
            {ind.code.clone().map(|c| view! { <span class="tag">{c}</span> })}
            <span class="indicator-title">{ind.title.clone()}</span>
            {ind.measure_label.clone().map(|m| view! {
                <span class="measure">{format!("Counts: {m}")}{(ind.local_proxy && ind.code.is_some()).then_some(" (local proxy for the national or local indicator)")}</span>
            })}
            {ind.direction.map(|d| view! { <span class="direction">{direction_text(Some(d))}</span> })}
            {ind.target.clone().map(|t| view! { <span class="target">{format!("Plan target: {t}")}</span> })}
        </th>
    };
    let cols = if comparing { 5 } else { 4 };
    match &ind.outcome {
        Outcome::NotMeasured(reason) => view! {
            <tr class="not-measured" data-indicator=ind.indicator_id.clone()>{heading}<td colspan=cols.to_string()>{format!("Not measured by this survey. {reason}")}</td></tr>
        }.into_any(),
        Outcome::NotInSurvey => view! {
            <tr class="not-measured" data-indicator=ind.indicator_id.clone()>{heading}<td colspan=cols.to_string()>"This survey has no question for it."</td></tr>
        }.into_any(),
        Outcome::Counted { all, by } => {
            let before_all = before.and_then(IndicatorResult::counted_all).cloned();
            let dir = ind.direction;
            let compare_to = comparing.then_some(before_all.as_ref());
            let main = view! {
                <tr data-indicator=ind.indicator_id.clone() data-group="all">{heading}{figures(all, "All".into(), compare_to, dir)}</tr>
            };
            let groups = breakdown.and_then(|i| by.get(i)).map(|cells| {
                cells.iter().map(|c| view! {
                    <tr class="group-row" data-indicator=ind.indicator_id.clone() data-group=c.group.clone()>
                        <td></td>{figures(c, c.label.clone(), None, dir)}{comparing.then(|| view! { <td></td> })}
                    </tr>
                }).collect_view()
            });
            view! { {main}{groups} }.into_any()
        }
    }
}

/// One part of the plan with its indicators' results, ready to show.
#[derive(Clone)]
struct Part {
    depth: usize,
    heading: String,
    description: Option<String>,
    rows: Vec<(IndicatorResult, Option<IndicatorResult>)>,
}

/// How many parts of the plan are drawn per task: the rest follow in later tasks, so a big
/// plan never blocks the page (see BENCHMARKS.md).
const PARTS_PER_TASK: usize = 4;

fn part_view(p: &Part, breakdown: Option<usize>, comparing: bool) -> impl IntoView {
    let h = match p.depth {
        0 => view! { <h3 class="node">{p.heading.clone()}</h3> }.into_any(),
        1 => view! { <h4 class="node">{p.heading.clone()}</h4> }.into_any(),
        _ => view! { <h5 class="node">{p.heading.clone()}</h5> }.into_any(),
    };
    // Indicators this survey does not measure are folded into one line, so the figures lead.
    let (measured, unmeasured): (Vec<_>, Vec<_>) =
        p.rows.iter().partition(|(ind, _)| matches!(ind.outcome, Outcome::Counted { .. }));
    let folded = (!unmeasured.is_empty()).then(|| {
        let n = unmeasured.len();
        let items = unmeasured
            .iter()
            .map(|(ind, _)| {
                let why = match &ind.outcome {
                    Outcome::NotMeasured(reason) => format!("not measured by a pupil survey. {reason}"),
                    _ => "this survey has no question for it.".to_string(),
                };
                view! { <li data-indicator=ind.indicator_id.clone()><span class="indicator-title">{ind.title.clone()}</span>{format!(": {why}")}</li> }
            })
            .collect_view();
        view! {
            <details class="not-measured-list">
                <summary>{format!("{n} indicator{} not measured by this survey", if n == 1 { "" } else { "s" })}</summary>
                <ul>{items}</ul>
            </details>
        }
    });
    let table = (!measured.is_empty()).then(|| {
        let rows = measured
            .iter()
            .map(|(ind, before)| indicator_rows(ind, breakdown, before.as_ref(), comparing))
            .collect_view();
        view! {
            <div class="table-scroll">
            <table class="outcomes">
                <thead><tr>
                    <th scope="col">"Indicator"</th><th scope="col">"Group"</th><th scope="col">"Base n"</th>
                    <th scope="col">"Positive n"</th><th scope="col">"% positive (95% CI)"</th>
                    {comparing.then(|| view! { <th scope="col">"Compared with the other session"</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        }
    });
    view! {
        <section class="node-section" style=format!("margin-inline-start: {}rem", p.depth.min(3))>
            {h}
            {p.description.clone().map(|d| view! { <p class="small">{d}</p> })}
            {table}
            {folded}
        </section>
    }
}

/// The dashboard: the plan's structure, and under each part its indicators with base n,
/// positive n, % positive, the 95% interval and a bar.
#[component]
pub fn OutcomeTable() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let cat = expect_context::<CatalogueCtx>();
    move || {
        if !r.detail_ready.get() {
            return None;
        }
        let res = r.results.get()?;
        let before = r.compare_results.get();
        let comparing = before.is_some();
        let breakdown = r.breakdown.get().and_then(|q| res.breakdowns.iter().position(|b| b.question == q));
        let parts: Vec<Part> = cat.catalogue.with(|c| {
            c.framework(&r.framework_id.get()).map(|f| {
                f.nodes_with_depth()
                    .into_iter()
                    .map(|(depth, n)| Part {
                        depth,
                        heading: n.heading(),
                        description: n.description.clone(),
                        rows: res
                            .indicators
                            .iter()
                            .filter(|i| i.node_id == n.id)
                            .map(|i| {
                                let b = before.as_ref().and_then(|b| b.indicator(&i.indicator_id).cloned());
                                (i.clone(), b)
                            })
                            .collect(),
                    })
                    .collect()
            })
        })?;
        let parts = std::sync::Arc::new(parts);
        Some(view! {
            <section aria-labelledby="outcomes-title" class=if breakdown.is_some() { "outcomes-detail" } else { "outcomes-detail no-breakdown" }>
                <h2 id="outcomes-title">"Every indicator in detail"</h2>
                {in_turns(parts, 0, PARTS_PER_TASK, std::sync::Arc::new(move |p: &Part| part_view(p, breakdown, comparing).into_any()))}
            </section>
        })
    }
}
