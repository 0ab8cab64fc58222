use super::state::ResultsCtx;
use crate::ui::context::CatalogueCtx;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "24 November 2026".
fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// What these results are: group, survey, plan, dates, number of responses, threshold.
#[component]
pub fn ResultsSummary() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let cat = expect_context::<CatalogueCtx>();
    move || {
        let l = r.loaded.get()?;
        if let Some(Err(e)) = r.combined.get() {
            return Some(
                view! { <p class="error" role="alert">{format!("These sessions cannot be read together: {e}")}</p> }
                    .into_any(),
            );
        }
        let res = r.results.get()?;
        let combined = r.combined.get().and_then(Result::ok);
        // The chosen sessions' first and last days.
        let together_dates = combined.as_ref().and_then(|_| {
            let chosen: Vec<String> = std::iter::once(l.session.id.clone()).chain(r.together.get()).collect();
            r.family.with(|f| {
                f.as_ref()?
                    .iter()
                    .filter(|x| chosen.contains(&x.session.id))
                    .filter_map(|x| x.dates)
                    .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
            })
        });
        let (survey, framework) = cat.catalogue.with(|c| {
            (
                c.survey(&l.session.survey)
                    .map(|s| s.title.get("en", "en").to_string())
                    .unwrap_or_else(|| l.session.survey.clone()),
                c.framework(&r.framework_id.get()).map(|f| f.name.clone()).unwrap_or_default(),
            )
        });
        let dates = match if combined.is_some() { together_dates } else { l.dates } {
            Some((a, b)) if a == b => long_date(a),
            Some((a, b)) => format!("{} to {}", long_date(a), long_date(b)),
            None => "no responses yet".to_string(),
        };
        let k = res.threshold.get();
        let n = match res.responses() {
            Some(n) => format!("{n} responses"),
            None => {
                format!("Fewer than {k} responses: nothing can be shown yet without risking a child being identified.")
            }
        };
        // The printed report's running header (every page) and page numbers: CSS page margin boxes.
        let group_text = match &combined {
            None => l.session.group.clone(),
            Some(c) => c.sessions.join(", "),
        };
        let header = format!("Youth Voice \u{b7} {group_text} \u{b7} {framework} \u{b7} {dates} \u{b7} {n}");
        let page_css = format!(
            "@media print {{ @page {{ @top-left {{ content: \"{}\"; }} }} }}",
            yv_core::text::css_string(&header)
        );
        let council = r.council.get();
        Some(view! {
            <style>{page_css}</style>
            {(!council.trim().is_empty()).then(|| view! {
                <p class="print-only report-for">{format!("A report for {}", council.trim())}</p>
            })}
            <dl class="summary">
                {match &combined {
                    None => view! { <dt>"Group"</dt><dd data-testid="summary-group">{l.session.group.clone()}</dd> }.into_any(),
                    Some(c) => view! {
                        <dt>{format!("Sessions read together ({})", c.sessions.len())}</dt>
                        <dd data-testid="summary-group">{c.sessions.join(", ")}</dd>
                    }.into_any(),
                }}
                <dt>"Survey"</dt><dd>{survey}</dd>
                <dt>"Plan"</dt><dd>{framework}</dd>
                <dt>"Dates"</dt><dd>{dates}</dd>
                <dt>"Responses"</dt><dd data-testid="summary-n">{n}</dd>
                <dt>"Small-number threshold"</dt><dd>{format!("{k} pupils")}</dd>
                {r.compare_loaded.get().map(|c| view! {
                    <dt>"Compared with"</dt><dd>{match r.compare_results.get().and_then(|cr| cr.responses()) {
                        Some(n) => format!("{} ({n} responses)", c.session.group),
                        None => format!("{} (fewer than {k} responses: nothing from it is shown)", c.session.group),
                    }}</dd>
                })}
            </dl>
            {combined.as_ref().filter(|c| !c.missing_from_pool.is_empty()).map(|c| view! {
                <p class="warning" data-testid="pool-missing">{format!(
                    "Some figures are hidden: {} also hide them in their own results and are not chosen. Add {} too (or leave out the chosen sessions with fewer than {k} responses) to show them, so that no small session can be worked out by comparing totals.",
                    c.missing_from_pool.join(", "),
                    if c.missing_from_pool.len() == 1 { "it" } else { "them" },
                )}</p>
            })}
            {(!l.problems.is_empty()).then(|| view! {
                <div class="error" role="alert">
                    <p>"Some stored responses are left out of these results. They are still on this device, untouched:"</p>
                    <ul>{l.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
        }.into_any())
    }
}
