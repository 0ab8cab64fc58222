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
    // One answer, one tap: a tap or click on a single answer moves on by itself after a short
    // pause; arrow keys (which also change a radio) never do, so keyboard and screen-reader
    // users choose with arrows and move on with Next (WCAG 3.2.2). A session can turn it off.
    let one_tap = kiosk.0.with_untracked(|k| k.as_ref().is_some_and(|k| k.session.auto_advance));
    // When the pointer last went down (the page's monotonic clock), if it did.
    let pointer_at = StoredValue::new(None::<u64>);
    let pointed = move |_: leptos::ev::PointerEvent| pointer_at.set_value(Some(crate::platform::monotonic_ms()));
    let chose = move || {
        let tapped = pointer_at.get_value().is_some_and(|t| crate::platform::monotonic_ms().saturating_sub(t) < 1500);
        if one_tap && tapped {
            pointer_at.set_value(None);
            p.advance_soon();
        } else {
            p.cancel_advance();
        }
    };
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
                            <label class="option" class:chosen=chosen on:pointerdown=pointed>
                                <input type="radio" name=name.clone() autocomplete="off"
                                    prop:checked=checked
                                    on:change=move |_| {
                                        p.flow.update(|f| f.answer(Answer::Choice(id2.clone())));
                                        chose();
                                    }/>
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
                                            f.clear_answer();
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
            let (lo2, hi2) = (lo.clone(), hi.clone());
            view! {
                // End labels sit at their own ends above a row that never wraps; where the row
                // cannot fit (narrow screen, bigger text) it becomes a list with the meanings
                // beside 0 and 10. The end meanings are part of those radios' names either way.
                <div class="rating">
                    <div class="rating-ends" aria-hidden="true">
                        <span>{move || format!("{min} = {}", lo.get(&lang(), "en"))}</span>
                        <span>{move || format!("{max} = {}", hi.get(&lang(), "en"))}</span>
                    </div>
                    <div class="rating-row">
                        {(min..=max).map(|v| {
                            let checked = move || current() == Some(Answer::Rating(v));
                            let meaning = if v == min { Some(lo2.clone()) } else if v == max { Some(hi2.clone()) } else { None };
                            view! {
                                <label class="option rating-option" class:chosen=checked on:pointerdown=pointed>
                                    <input type="radio" name=name.clone() autocomplete="off" prop:checked=checked
                                        on:change=move |_| {
                                            p.flow.update(|f| f.answer(Answer::Rating(v)));
                                            chose();
                                        }/>
                                    <span class="rating-value">{v}</span>
                                    {meaning.map(|m| view! { <span class="rating-meaning">{move || m.get(&lang(), "en").to_string()}</span> })}
                                </label>
                            }
                        }).collect_view()}
                    </div>
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
                            f.clear_answer();
                        } else {
                            f.answer(Answer::Text(t.chars().take(usize::from(max)).collect()));
                        });
                    }></textarea>
                <p class="small" aria-live="polite">{move || words.t_with("characters_left", &[("n", &left())])}</p>
            }.into_any()
        }
    }
}
