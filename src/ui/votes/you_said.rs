use super::votes_screen::VotesCtx;
use crate::actions::votes::you_said_csv;
use crate::platform;
use crate::storage::votes;
use crate::ui::context::{AppStore, CatalogueCtx, Words};
use leptos::prelude::*;
use yv_core::vote::YouSaid;

/// The facilitator records, for an outcome of a plan, what young people said and what the
/// council did; the entries are shown to pupils at the end of a survey on that plan, exported and
/// printed with the results.
#[component]
pub fn YouSaidEditor() -> impl IntoView {
    let ctx = expect_context::<VotesCtx>();
    let store = expect_context::<AppStore>();
    let cat = expect_context::<CatalogueCtx>();
    let plan = RwSignal::new(
        cat.catalogue.with_untracked(|c| c.frameworks().next().map(|(f, _)| f.id.clone())).unwrap_or_default(),
    );
    let outcome = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let did = RwSignal::new(String::new());
    let date = RwSignal::new(platform::today().to_string());
    let source = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let outcomes = move || {
        let id = plan.get();
        cat.catalogue.with(|c| {
            c.framework(&id)
                .map(|f| {
                    f.outcomes()
                        .into_iter()
                        .map(|(d, n)| {
                            (n.id.clone(), format!("{}{}: {}", if d == 1 { "\u{2003}" } else { "" }, n.level, n.title))
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let entries = {
        let store = store.clone();
        Memo::new(move |_| {
            ctx.refresh.track();
            votes::you_said(store.get()).unwrap_or_default()
        })
    };
    let name_of = move |fw: &str, id: &str| {
        cat.catalogue.with_untracked(|c| {
            let f = c.framework(fw)?;
            let title = f.node(id)?.title.clone();
            Some(format!("{} \u{b7} {title}", f.name))
        })
    };
    let save = {
        let store = store.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(id) = platform::random_id() else {
                error.set(Some("This browser cannot make a random id, so nothing was saved.".into()));
                return;
            };
            let Ok(day) = date.get_untracked().parse::<chrono::NaiveDate>() else {
                error.set(Some("Give the date as a day (year-month-day).".into()));
                return;
            };
            let entry = YouSaid {
                id,
                framework: plan.get_untracked(),
                outcome: outcome.get_untracked(),
                said: said.get_untracked().trim().to_string(),
                did: did.get_untracked().trim().to_string(),
                date: day,
                source: Some(source.get_untracked().trim().to_string()).filter(|s| !s.is_empty()),
            };
            if let Err(e) = yv_core::vote::check_you_said(&entry) {
                error.set(Some(format!("Not saved: {}.", e.to_string().trim_end_matches('.'))));
                return;
            }
            match votes::save_you_said(store.get(), &entry) {
                Ok(()) => {
                    error.set(None);
                    said.set(String::new());
                    did.set(String::new());
                    source.set(String::new());
                    ctx.say(true, "Saved. Pupils answering a survey on this plan will see it at the end.");
                    ctx.changed();
                }
                Err(e) => error.set(Some(format!("Not saved: {}.", e.to_string().trim_end_matches('.')))),
            }
        }
    };
    let download = {
        let store = store.clone();
        move |_| {
            let made = cat.catalogue.with_untracked(|c| you_said_csv(store.get(), c, platform::today()));
            match made.and_then(|f| {
                platform::download(&f.name, &f.bytes, "text/csv").map_err(|e| e.to_string())?;
                Ok(f.name)
            }) {
                Ok(name) => ctx.say(true, format!("Downloaded {name}.")),
                Err(e) => ctx.say(false, format!("Nothing was downloaded: {e}")),
            }
        }
    };
    let store_del = store.clone();
    view! {
        <section aria-labelledby="said-title">
            <h2 id="said-title">"You said, we did"</h2>
            <p>"Close the loop: for an outcome of the plan, write what young people said (from a survey result or a vote) and what was done. Pupils see the entries for their plan at the end of the survey."</p>
            <ul class="said-list">
                {move || entries.get().into_iter().map(|y| {
                    let id = y.id.clone();
                    let store = store_del.clone();
                    let place = name_of(&y.framework, &y.outcome).unwrap_or_else(|| format!("{} \u{b7} {}", y.framework, y.outcome));
                    view! {
                        <li>
                            <p class="small">{format!("{place} \u{b7} {}", y.date)}{y.source.clone().map(|s| format!(" \u{b7} from {s}"))}</p>
                            <p><strong>"You said: "</strong>{y.said.clone()}</p>
                            <p><strong>"We did: "</strong>{y.did.clone()}</p>
                            <button type="button" class="link" on:click=move |_| {
                                match votes::delete_you_said(store.get(), &id) {
                                    Ok(()) => ctx.say(true, "The entry was deleted."),
                                    Err(e) => ctx.say(false, format!("Not deleted: {e}.")),
                                }
                                ctx.changed();
                            }>"Delete this entry"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="said-form" on:submit=save>
                <label for="said-plan">"Plan"</label>
                <select id="said-plan" on:change=move |ev| { plan.set(event_target_value(&ev)); outcome.set(String::new()); }>
                    {move || cat.catalogue.with(|c| c.frameworks().map(|(f, _)| {
                        let id = f.id.clone();
                        view! { <option value=f.id.clone() selected=move || plan.get() == id>{f.name.clone()}</option> }
                    }).collect_view())}
                </select>
                <label for="said-outcome">"Outcome"</label>
                <select id="said-outcome" on:change=move |ev| outcome.set(event_target_value(&ev))>
                    <option value="">"Choose an outcome"</option>
                    {move || outcomes().into_iter().map(|(id, label)| {
                        let i2 = id.clone();
                        view! { <option value=id selected=move || outcome.get() == i2>{label}</option> }
                    }).collect_view()}
                </select>
                <label for="said-said">"What young people said"</label>
                <textarea id="said-said" rows="2" maxlength="400" prop:value=move || said.get() on:input=move |ev| said.set(event_target_value(&ev))></textarea>
                <label for="said-did">"What was done"</label>
                <textarea id="said-did" rows="2" maxlength="400" prop:value=move || did.get() on:input=move |ev| did.set(event_target_value(&ev))></textarea>
                <label for="said-date">"When it was done"</label>
                <input id="said-date" type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                <label for="said-source">"Where it came from (optional: a session or a vote)"</label>
                <input id="said-source" type="text" maxlength="200" prop:value=move || source.get() on:input=move |ev| source.set(event_target_value(&ev))/>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <div class="actions">
                    <button type="submit">"Save the entry"</button>
                    <button type="button" class="secondary" disabled=move || entries.with(Vec::is_empty) on:click=download>"Download \u{201c}You said, we did\u{201d} CSV"</button>
                </div>
            </form>
        </section>
    }
}

/// At the end of a survey: the newest entries for the session's plan (at most three), framed in
/// the pupil's language. The entries are in the words the facilitator typed.
#[component]
pub fn YouSaidForPupils(
    /// The plan of the session the pupil answered.
    framework: String,
) -> impl IntoView {
    let store = expect_context::<AppStore>();
    let words = expect_context::<Words>();
    let entries: Vec<YouSaid> = votes::you_said(store.get())
        .unwrap_or_default()
        .into_iter()
        .filter(|y| y.framework == framework)
        .take(3)
        .collect();
    (!entries.is_empty()).then(|| {
        let items = entries
            .into_iter()
            .map(|y| {
                view! {
                    <li>
                        <p><strong>{move || words.t("said_last_time")}</strong>" "<span dir="auto">{y.said.clone()}</span></p>
                        <p><strong>{move || words.t("said_so_we")}</strong>" "<span dir="auto">{y.did.clone()}</span></p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="you-said" aria-labelledby="you-said-title">
                <h2 id="you-said-title">{move || words.t("said_title")}</h2>
                <ul>{items}</ul>
            </section>
        }
    })
}
