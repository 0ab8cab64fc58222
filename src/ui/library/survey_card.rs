use crate::storage;
use crate::ui::context::{AppStore, CatalogueCtx};
use crate::ui::widgets::Disclosure;
use leptos::prelude::*;
use yv_core::catalogue::{Loaded, Origin};
use yv_core::{QuestionKind, Review, Survey};

/// One survey: who it is for, its languages and credits, and (on request) every question.
#[component]
pub fn SurveyCard(
    /// The survey shown.
    survey: Survey,
    /// Built in, or loaded by a facilitator (which can be removed).
    origin: Origin,
) -> impl IntoView {
    let lang = survey.default_language().to_string();
    let t = move |text: &yv_core::Text| text.get(&lang, &lang).to_string();
    let title = t(&survey.title);
    let asked = survey.asked_questions().count();
    let languages = survey
        .languages
        .iter()
        .map(|l| match l.review {
            Review::Reviewed => l.name.clone(),
            Review::NeedsReview => format!("{} (translation needs review)", l.name),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let detail = survey.clone();
    let credits = survey.credits.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view();
    view! {
        <article class="card survey-card" aria-label=title.clone()>
            <h3>{title.clone()}</h3>
            <p>
                {(origin == Origin::Loaded).then(|| view! { <span class="tag">"Loaded"</span> })}
                {survey.audience.clone()}
                {survey.description.as_ref().map(|d| format!(" · {}", t(d)))}
            </p>
            <p class="small">
                {format!("id {} · version {} · {} questions · {}", survey.id, survey.version, asked, languages)}
            </p>
            <ul class="small credits">{credits}</ul>
            <Disclosure label=format!("Questions in {title}")>
                {sections_view(&detail)}
            </Disclosure>
            {(origin == Origin::Loaded).then(|| view! { <RemoveButton item=Loaded::Survey(survey.clone())/> })}
        </article>
    }
}

/// Every section's questions, in order, with notes on how each is asked.
fn sections_view(survey: &Survey) -> impl IntoView {
    let lang = survey.default_language();
    survey
        .sections
        .iter()
        .map(|sec| {
            let items = sec
                .questions
                .iter()
                .map(|q| {
                    let notes = question_notes(survey, q);
                    let text = q.text.get(lang, lang).to_string();
                    view! { <li>{text}" "<span class="small">"(" {notes} ")"</span></li> }
                })
                .collect_view();
            view! { <h4>{sec.title.get(lang, lang).to_string()}</h4><ol>{items}</ol> }
        })
        .collect_view()
}

fn question_notes(survey: &Survey, q: &yv_core::Question) -> String {
    let mut notes = vec![match q.kind {
        QuestionKind::Single if q.faces => "faces".to_string(),
        QuestionKind::Single => "one answer".to_string(),
        QuestionKind::Multiple => "any number of answers".to_string(),
        QuestionKind::Agreement => "agreement scale".to_string(),
        QuestionKind::Rating => format!("{} to {}", q.min.unwrap_or(0), q.max.unwrap_or(10)),
        QuestionKind::Text if q.enabled => "free text, never in results".to_string(),
        QuestionKind::Text => "free text, switched off".to_string(),
    }];
    if q.sensitive {
        notes.push("sensitive".into());
    }
    if q.optional {
        notes.push("optional".into());
    }
    if q.breakdown {
        notes.push("used for breakdowns".into());
    }
    if survey.scores.iter().any(|s| s.items.iter().any(|i| i.question == q.id && i.reverse)) {
        notes.push("reverse-scored".into());
    }
    notes.join(", ")
}

/// Removes a loaded survey or framework, after a second tap to confirm.
#[component]
pub fn RemoveButton(
    /// What to remove.
    item: Loaded,
) -> impl IntoView {
    let store = expect_context::<AppStore>();
    let ctx = expect_context::<CatalogueCtx>();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = item.id().to_string();
    let remove = move |_| match storage::catalogue::remove_loaded(store.get(), &item) {
        Ok(()) => ctx.catalogue.update(|c| c.remove_loaded(item.id())),
        Err(e) => error.set(Some(format!("Could not remove it: {e}. Nothing was changed."))),
    };
    view! {
        <div class="actions">
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="secondary" on:click=move |_| confirming.set(true)>"Remove from this device"</button>
                }
            >
                <span>{format!("Remove \u{201c}{id}\u{201d}?")}</span>
                <button type="button" on:click=remove.clone()>"Yes, remove"</button>
                <button type="button" class="secondary" on:click=move |_| confirming.set(false)>"Keep it"</button>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}
