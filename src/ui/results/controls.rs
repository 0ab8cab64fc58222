use super::state::ResultsCtx;
use crate::ui::context::CatalogueCtx;
use leptos::prelude::*;
use yv_core::results::{MAX_THRESHOLD, MIN_THRESHOLD};

/// Which session, against which plan, with which threshold and breakdown, compared with what.
#[component]
pub fn ResultsControls() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let cat = expect_context::<CatalogueCtx>();
    let survey_of =
        move |id: &str| r.sessions.with(|s| s.iter().find(|(s, _, _)| s.id == id).map(|(s, _, _)| s.survey.clone()));
    let on_session = move |ev| {
        let id = event_target_value(&ev);
        let fw =
            r.sessions.with_untracked(|s| s.iter().find(|(s, _, _)| s.id == id).map(|(s, _, _)| s.framework.clone()));
        r.session_id.set(Some(id));
        if let Some(fw) = fw {
            r.framework_id.set(fw);
        }
        r.breakdown.set(None);
        r.compare_id.set(None);
        r.together.set(Vec::new());
    };
    // Other sessions of the same survey, which can be read together with the chosen one.
    let siblings = move || {
        let current = r.session_id.get().unwrap_or_default();
        let survey = survey_of(&current);
        r.sessions.with(|s| {
            s.iter()
                .filter(|(s, _, _)| s.id != current && Some(&s.survey) == survey.as_ref())
                .map(|(s, n, _)| (s.id.clone(), format!("{} \u{b7} {} \u{b7} {} responses", s.group, s.started, n)))
                .collect::<Vec<_>>()
        })
    };
    let toggle = move |id: String, on: bool| {
        r.together.update(|t| {
            t.retain(|x| *x != id);
            if on {
                t.push(id);
            }
        });
        r.breakdown.set(None);
    };
    let breakdowns = move || {
        // A breakdown whose small groups no pattern can protect says so in the menu.
        let withheld: Vec<String> =
            r.results.with(|res| res.as_ref().map(|res| res.audit.withheld_breakdowns.clone()).unwrap_or_default());
        r.loaded.with(|l| {
            l.as_ref()
                .and_then(|l| {
                    cat.catalogue.with(|c| {
                        c.survey(&l.session.survey).map(|s| {
                            s.breakdown_questions()
                                .map(|q| {
                                    let name = super::format::breakdown_name(&q.id, q.text.get("en", "en"));
                                    let name = if withheld.contains(&q.id) {
                                        format!("{name} (hidden: its groups are too small)")
                                    } else {
                                        name
                                    };
                                    (q.id.clone(), name)
                                })
                                .collect::<Vec<_>>()
                        })
                    })
                })
                .unwrap_or_default()
        })
    };
    let comparable = move || {
        let current = r.session_id.get().unwrap_or_default();
        let survey = survey_of(&current);
        r.sessions.with(|s| {
            s.iter()
                .filter(|(s, _, _)| s.id != current && Some(&s.survey) == survey.as_ref())
                .map(|(s, n, _)| (s.id.clone(), format!("{} ({} responses)", s.group, n)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form class="results-controls no-print" on:submit=|ev| ev.prevent_default()>
            <div>
                <label for="results-session">"Session"</label>
                <select id="results-session" on:change=on_session>
                    {move || r.sessions.get().into_iter().map(|(s, n, _)| {
                        let id = s.id.clone();
                        let selected = move || r.session_id.get().as_deref() == Some(id.as_str());
                        view! { <option value=s.id.clone() selected=selected>{format!("{} · {} · {} responses", s.group, s.started, n)}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || {
                let others = siblings();
                (!others.is_empty()).then(|| view! {
                    <fieldset class="together">
                        <legend>"Read together with (same survey)"</legend>
                        <p class="small" id="together-hint">"Add other sessions, such as other schools or classes, to see their answers added up. Breakdowns are then shown one session at a time."</p>
                        {(others.len() > 2).then(|| {
                            let ids: Vec<String> = others.iter().map(|(id, _)| id.clone()).collect();
                            let n = ids.len();
                            view! {
                                <div class="actions">
                                    <button type="button" class="secondary" on:click=move |_| { r.together.set(ids.clone()); r.breakdown.set(None); }>{format!("Add all {n}")}</button>
                                    <button type="button" class="secondary" on:click=move |_| r.together.set(Vec::new())>"Clear"</button>
                                </div>
                            }
                        })}
                        {others.into_iter().map(|(id, text)| {
                            let (check_id, on_id, sel) = (format!("together-{id}"), id.clone(), id.clone());
                            view! {
                                <label class="check" for=check_id.clone()>
                                    <input id=check_id.clone() type="checkbox" aria-describedby="together-hint"
                                        prop:checked=move || r.together.with(|t| t.contains(&sel))
                                        on:change=move |ev| toggle(on_id.clone(), event_target_checked(&ev))/>
                                    {text}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                })
            }}
            <div>
                <label for="results-framework">"Report against"</label>
                <select id="results-framework" on:change=move |ev| r.framework_id.set(event_target_value(&ev))>
                    {move || cat.catalogue.with(|c| c.frameworks().map(|(f, _)| (f.id.clone(), f.name.clone())).collect::<Vec<_>>()).into_iter().map(|(id, name)| {
                        let sel = id.clone();
                        view! { <option value=id selected=move || r.framework_id.get() == sel>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="results-breakdown">"Break down by (one at a time)"</label>
                <select id="results-breakdown" disabled=move || r.together.with(|t| !t.is_empty()) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    r.breakdown.set((!v.is_empty()).then_some(v));
                }>
                    <option value="" selected=move || r.breakdown.get().is_none()>"No breakdown"</option>
                    {move || breakdowns().into_iter().map(|(id, text)| {
                        let sel = id.clone();
                        view! { <option value=id selected=move || r.breakdown.get().as_deref() == Some(sel.as_str())>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="results-compare">"Compare with"</label>
                <select id="results-compare" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    r.compare_id.set((!v.is_empty()).then_some(v));
                }>
                    <option value="" selected=move || r.compare_id.get().is_none()>"No comparison"</option>
                    {move || comparable().into_iter().map(|(id, text)| {
                        let sel = id.clone();
                        view! { <option value=id selected=move || r.compare_id.get().as_deref() == Some(sel.as_str())>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="results-k">"Smallest group shown (k)"</label>
                <input id="results-k" type="number" inputmode="numeric" min=MIN_THRESHOLD.to_string() max=MAX_THRESHOLD.to_string()
                    aria-describedby="results-k-hint"
                    prop:value=move || r.k_input.get().to_string()
                    on:change=move |ev| r.k_input.set(event_target_value(&ev).trim().parse().unwrap_or(0))/>
                <p id="results-k-hint" class="small">{format!("Figures for fewer pupils than this are hidden. At least {MIN_THRESHOLD}; 10 is usual.")}</p>
                {move || r.threshold().err().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
        </form>
    }
}
