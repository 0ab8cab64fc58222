use super::face::FaceIcon;
use super::PupilCtx;
use crate::ui::context::{KioskCtx, Words};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use yv_core::flow::toggle_choice;
use yv_core::{Answer, Question, QuestionKind, Survey};

/// The input for one question: big radio buttons (with faces where the survey says so),
/// checkboxes for multiple choice, a 0-10 row for ratings, or a text box.
#[component]
pub fn AnswerInput(
    /// The question being answered.
    question: Question,
) -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    let kiosk = expect_context::<KioskCtx>();
    let Some(survey) = kiosk.0.with_untracked(|k| k.as_ref().map(|k| k.survey.clone())) else {
        return ().into_any();
    };
    let lang = move || words.lang.get();
    let current = move || p.flow.with(|f| f.current_answer().cloned());
    let name = format!("q-{}", question.id);
    match question.kind {
        QuestionKind::Single | QuestionKind::Agreement => {
            let options = survey.options(&question).to_vec();
            let faces = question.faces;
            view! {
                <div class=if faces { "options faces" } else { "options" }>
                    {options.into_iter().map(|c| {
                        let id = c.id.clone();
                        let id2 = c.id.clone();
                        let label = c.label.clone();
                        let checked = move || current() == Some(Answer::Choice(id.clone()));
                        let chosen = checked.clone();
                        view! {
                            <label class="option" class:chosen=chosen>
                                <input type="radio" name=name.clone() autocomplete="off"
                                    prop:checked=checked
                                    on:change=move |_| p.flow.update(|f| f.answer(Answer::Choice(id2.clone())))/>
                                {c.face.filter(|_| faces).map(|f| view! { <FaceIcon face=f/> })}
                                <span>{move || label.get(&lang(), "en").to_string()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::Multiple => {
            let options = survey.options(&question).to_vec();
            let q = question.clone();
            let s: Survey = survey.clone();
            view! {
                <p class="hint">{move || words.t("choose_all")}</p>
                <div class="options">
                    {options.into_iter().map(|c| {
                        let id = c.id.clone();
                        let id2 = c.id.clone();
                        let label = c.label.clone();
                        let (q, s) = (q.clone(), s.clone());
                        let checked = move || matches!(current(), Some(Answer::Choices(v)) if v.contains(&id));
                        let chosen = checked.clone();
                        view! {
                            <label class="option" class:chosen=chosen>
                                <input type="checkbox" autocomplete="off" prop:checked=checked
                                    on:change=move |_| p.flow.update(|f| {
                                        let chosen = match f.current_answer() {
                                            Some(Answer::Choices(v)) => v.clone(),
                                            _ => Vec::new(),
                                        };
                                        let next = toggle_choice(&s, &q, &chosen, &id2);
                                        if next.is_empty() {
                                            if let Some(qid) = f.current_id().map(str::to_string) {
                                                f.answers.clear(&qid);
                                            }
                                        } else {
                                            f.answer(Answer::Choices(next));
                                        }
                                    })/>
                                <span>{move || label.get(&lang(), "en").to_string()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::Rating => {
            let (min, max) = (question.min.unwrap_or(0), question.max.unwrap_or(10));
            let (lo, hi) =
                (question.min_label.clone().unwrap_or_default(), question.max_label.clone().unwrap_or_default());
            view! {
                <div class="rating">
                    <span class="rating-end">{move || format!("{min} = {}", lo.get(&lang(), "en"))}</span>
                    <div class="rating-row">
                        {(min..=max).map(|v| {
                            let checked = move || current() == Some(Answer::Rating(v));
                            view! {
                                <label class="option rating-option" class:chosen=checked>
                                    <input type="radio" name=name.clone() autocomplete="off" prop:checked=checked
                                        on:change=move |_| p.flow.update(|f| f.answer(Answer::Rating(v)))/>
                                    <span>{v}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <span class="rating-end">{move || format!("{max} = {}", hi.get(&lang(), "en"))}</span>
                </div>
            }
            .into_any()
        }
        QuestionKind::Text => {
            let max = question.max_length.unwrap_or(500);
            let warning = question.warning.clone().unwrap_or_default();
            let value = move || match current() {
                Some(Answer::Text(t)) => t,
                _ => String::new(),
            };
            let left = move || (usize::from(max)).saturating_sub(value().chars().count()).to_string();
            view! {
                <p class="warning">{move || warning.get(&lang(), "en").to_string()}</p>
                <label for="free-text">{move || words.t("free_text_label")}</label>
                <textarea id="free-text" rows="5" maxlength=max autocomplete="off" spellcheck="true"
                    prop:value=value
                    on:input=move |ev| {
                        let t = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()).map(|t| t.value()).unwrap_or_default();
                        p.flow.update(|f| if t.trim().is_empty() {
                            if let Some(qid) = f.current_id().map(str::to_string) { f.answers.clear(&qid); }
                        } else {
                            f.answer(Answer::Text(t.chars().take(usize::from(max)).collect()));
                        });
                    }></textarea>
                <p class="small" aria-live="polite">{move || words.t_with("characters_left", &[("n", &left())])}</p>
            }.into_any()
        }
    }
}
