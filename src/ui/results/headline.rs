use super::format::{change_text, hidden_reason, pct};
use super::state::ResultsCtx;
use crate::ui::context::CatalogueCtx;
use leptos::prelude::*;
use yv_core::results::{Cell, IndicatorResult, Outcome};
use yv_core::Direction;

/// Chart geometry: a shared 0-100% axis drawn from x = 8 to x = 192 of a 200-wide view box.
fn x(percent: f64) -> f64 {
    8.0 + percent.clamp(0.0, 100.0) * 1.84
}

/// A dot and its 95% interval on the shared axis; with `then`, a hollow dot for the earlier
/// session joined to the dot for now (then and now). Decoration only: the figures are in the
/// text beside it, so the chart is hidden from screen readers.
fn dot_chart(now: &Cell, then: Option<&Cell>, lower_is_better: bool) -> impl IntoView {
    let ticks = [0.0, 25.0, 50.0, 75.0, 100.0];
    let (p, (lo, hi)) = (now.percent().unwrap_or(0.0), now.ci().unwrap_or((0.0, 0.0)));
    let before = then.and_then(Cell::percent);
    view! {
        <svg class=if lower_is_better { "dot-chart lower" } else { "dot-chart" } viewBox="0 0 200 26" aria-hidden="true" focusable="false">
            {ticks.iter().map(|t| view! {
                <line class="axis" x1=format!("{:.1}", x(*t)) x2=format!("{:.1}", x(*t)) y1="2" y2="16"></line>
                <text class="axis-label" x=format!("{:.1}", x(*t)) y="24" text-anchor="middle">{format!("{t:.0}%")}</text>
            }).collect_view()}
            <line class="ci" x1=format!("{:.1}", x(lo)) x2=format!("{:.1}", x(hi)) y1="9" y2="9"></line>
            <line class="ci" x1=format!("{:.1}", x(lo)) x2=format!("{:.1}", x(lo)) y1="5" y2="13"></line>
            <line class="ci" x1=format!("{:.1}", x(hi)) x2=format!("{:.1}", x(hi)) y1="5" y2="13"></line>
            {before.map(|b| view! {
                <line class="travel" x1=format!("{:.1}", x(b)) x2=format!("{:.1}", x(p)) y1="9" y2="9"></line>
                <circle class="then" cx=format!("{:.1}", x(b)) cy="9" r="3.2"></circle>
            })}
            <circle class="now" cx=format!("{:.1}", x(p)) cy="9" r="3.6"></circle>
        </svg>
    }
}

/// One measured indicator: the plan's words, what is counted, the chart and the figures.
/// A cell's figure in words: "38.4% (95% CI 28.1% to 49.8%), n = 73", or why it is hidden.
fn figure(c: &Cell) -> AnyView {
    match (c.percent(), c.ci(), c.base()) {
        (Some(p), Some((lo, hi)), Some(n)) => view! {
            <span class="hl-pct">{pct(p)}</span>
            <span class="hl-ci">{format!(" (95% CI {} to {}), n = {n}", pct(lo), pct(hi))}</span>
        }
        .into_any(),
        _ if c.suppressed() => view! { <span class="hl-hidden">{hidden_reason(c.suppression)}</span> }.into_any(),
        _ => view! { <span class="hl-hidden">"No answers"</span> }.into_any(),
    }
}

fn row(
    ind: &IndicatorResult,
    all: &Cell,
    then: Option<Option<&Cell>>,
    groups: Option<(&str, &[Cell])>,
) -> impl IntoView {
    let lower = ind.direction == Some(Direction::LowerIsBetter);
    let counts = ind.measure_label.clone();
    let figure_all = figure(all);
    let chart = all.percent().is_some().then(|| dot_chart(all, then.flatten(), lower));
    let change = then.map(|then| {
        then.and_then(|t| change_text(t, all, ind.direction))
            .unwrap_or_else(|| "No comparison: a figure is hidden or empty.".to_string())
    });
    view! {
        <li class="hl-row" data-indicator=ind.indicator_id.clone()>
            <div class="hl-name">
                {ind.code.clone().map(|c| view! { <span class="tag">{c}</span> })}
                <span class="indicator-title">{ind.title.clone()}</span>
                {counts.map(|m| view! { <span class="hl-counts">{format!("Counts: {m}")}</span> })}
                {lower.then(|| view! { <span class="tag lower">"\u{25bc} Lower is better"</span> })}
            </div>
            <div class="hl-chart">{chart}</div>
            <div class="hl-figure" data-testid="hl-figure">{figure_all}</div>
            {change.map(|t| view! { <p class="hl-change">{t}</p> })}
            // A breakdown: small multiples, one per group, on the same axis.
            {groups.map(|(name, cells)| view! {
                <ul class="hl-groups" aria-label=format!("{} by {name}", ind.title)>
                    {cells.iter().map(|c| view! {
                        <li class="hl-group-row" data-group=c.group.clone()>
                            <span class="hl-group-label">{c.label.clone()}</span>
                            <div class="hl-chart">{c.percent().is_some().then(|| dot_chart(c, None, lower))}</div>
                            <div class="hl-figure">{figure(c)}</div>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}

/// One measured indicator in the headline.
struct Measured {
    result: IndicatorResult,
    /// The whole group.
    all: Cell,
    /// The compared session's figure: `None` when not comparing, `Some(None)` when it has none.
    then: Option<Option<Cell>>,
    /// The breakdown's groups, when one is chosen.
    split: Option<Vec<Cell>>,
}

/// A part of the plan in the headline: its measured indicators, and one line for the rest.
struct Group {
    heading: String,
    depth: usize,
    measured: Vec<Measured>,
    unmeasured: Vec<IndicatorResult>,
}

/// The first thing the results show: every indicator this survey measures, grouped by the plan,
/// each as one row on a shared 0-100% axis with its interval and n (and, when comparing, then and
/// now with a proper test of the change); the indicators it cannot measure folded into one line
/// per part; and how much of the plan the survey covers. The same cells as the tables and CSVs,
/// so the same disclosure control.
#[component]
pub fn Headline() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let cat = expect_context::<CatalogueCtx>();
    move || {
        let res = r.results.get()?;
        let before = r.compare_results.get();
        let comparing = before.is_some();
        let breakdown = r.breakdown.get().and_then(|q| res.breakdowns.iter().position(|b| b.question == q));
        let breakdown_name = breakdown
            .and_then(|i| res.breakdowns.get(i))
            .map(|b| super::format::breakdown_name(&b.question, &b.label))
            .unwrap_or_default();
        let groups: Vec<Group> = cat.catalogue.with(|c| {
            c.framework(&r.framework_id.get()).map(|f| {
                f.nodes_with_depth()
                    .into_iter()
                    .filter_map(|(depth, n)| {
                        let mine: Vec<&IndicatorResult> = res.indicators.iter().filter(|i| i.node_id == n.id).collect();
                        if mine.is_empty() {
                            return None;
                        }
                        let mut g = Group { heading: n.heading(), depth, measured: Vec::new(), unmeasured: Vec::new() };
                        for i in mine {
                            match &i.outcome {
                                Outcome::Counted { all, by } => {
                                    let then = comparing.then(|| {
                                        before
                                            .as_ref()
                                            .and_then(|b| b.indicator(&i.indicator_id)?.counted_all().cloned())
                                    });
                                    let split = breakdown.and_then(|b| by.get(b)).cloned();
                                    g.measured.push(Measured { result: i.clone(), all: all.clone(), then, split });
                                }
                                _ => g.unmeasured.push(i.clone()),
                            }
                        }
                        Some(g)
                    })
                    .collect()
            })
        })?;
        let yv_core::results::Coverage { indicators: total, measured, hidden } = res.coverage();
        let coverage = format!(
            "This survey measures {measured} of the plan's {total} indicators{}.",
            if hidden > 0 { format!(" ({hidden} of them hidden here to protect small groups)") } else { String::new() }
        );
        let body = groups
            .into_iter()
            .map(|g| {
                let h = match g.depth {
                    0 => view! { <h3 class="node">{g.heading}</h3> }.into_any(),
                    _ => view! { <h4 class="node">{g.heading}</h4> }.into_any(),
                };
                let n = g.unmeasured.len();
                let folded = (n > 0).then(|| {
                    // Folded away at first, so their lines (over a hundred for a large plan) are
                    // drawn after the measured rows have been painted, not in the same task.
                    let unmeasured: Vec<(String, String)> =
                        g.unmeasured.iter().map(|i| (i.indicator_id.clone(), i.title.clone())).collect();
                    let items = move || {
                        r.detail_ready.get().then(|| {
                            unmeasured
                                .iter()
                                .map(|(id, title)| view! { <li data-indicator=id.clone()>{title.clone()}</li> })
                                .collect_view()
                        })
                    };
                    view! {
                        <details class="not-measured-list">
                            <summary>{format!("{n} indicator{} not measured by this survey: show", if n == 1 { "" } else { "s" })}</summary>
                            <ul>{items}</ul>
                        </details>
                    }
                });
                let rows = (!g.measured.is_empty()).then(|| {
                    let rows = g
                        .measured
                        .iter()
                        .map(|m| {
                            let split = m.split.as_deref().map(|cells| (breakdown_name.as_str(), cells));
                            row(&m.result, &m.all, m.then.as_ref().map(Option::as_ref), split)
                        })
                        .collect_view();
                    view! { <ul class="hl-rows">{rows}</ul> }
                });
                view! { <section class="hl-group">{h}{rows}{folded}</section> }
            })
            .collect_view();
        Some(view! {
            <section class="headline" aria-labelledby="headline-title">
                <h2 id="headline-title">"How our young people are doing against the plan"</h2>
                <p class="coverage" data-testid="coverage">{coverage}</p>
                {comparing.then(|| view! {
                    <p class="small">"Hollow dot: the session compared with. Filled dot: this session. Each line gives the change and whether it could be chance."</p>
                })}
                {body}
            </section>
        })
    }
}
