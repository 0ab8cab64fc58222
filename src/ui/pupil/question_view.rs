use super::answer_input::AnswerInput;
use super::read_aloud::ReadAloud;
use super::stop_dialog::StopDialog;
use super::PupilCtx;
use crate::ui::context::{KioskCtx, Words};
use leptos::prelude::*;

/// One question per screen: progress, the question, its answers, and Back / Skip / Next / Stop.
#[component]
pub fn QuestionView() -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    let kiosk = expect_context::<KioskCtx>();
    let question = Memo::new(move |_| {
        let flow = p.flow.read();
        kiosk.0.with(|k| k.as_ref().and_then(|k| flow.current(&k.survey).cloned()))
    });
    let text = move |t: &yv_core::Text| t.get(&words.lang.get(), "en").to_string();
    let spoken = Signal::derive(move || {
        let Some(q) = question.get() else { return String::new() };
        let survey_options = kiosk.0.with(|k| {
            k.as_ref()
                .map(|k| k.survey.options(&q).iter().map(|c| text(&c.label)).collect::<Vec<_>>())
                .unwrap_or_default()
        });
        let mut parts = vec![text(&q.text)];
        parts.extend(q.help.as_ref().map(text));
        parts.extend(survey_options);
        parts.join(". ")
    });
    let position = move || p.flow.with(|f| f.position());
    let answered = move || p.flow.with(|f| f.current_answer().is_some());
    view! {
        <section class="screen pupil question" aria-labelledby="question-text">
            <div class="progress">
                <label for="progress">{move || { let (n, total) = position(); words.t_with("question_n_of", &[("n", &n.to_string()), ("total", &total.to_string())]) }}</label>
                <progress id="progress" max="100" value=move || p.flow.with(|f| f.percent_done())></progress>
            </div>
            {move || question.get().map(|q| {
                let sensitive = q.sensitive;
                let help = q.help.clone();
                view! {
                    <fieldset class="question-body">
                        <legend id="question-text" tabindex="-1"><h1>{text(&q.text)}</h1></legend>
                        {help.map(|h| view! { <p class="help">{move || text(&h)}</p> })}
                        {sensitive.then(|| view! { <p class="sensitive-note">{move || words.t("sensitive")}</p> })}
                        <AnswerInput question=q/>
                    </fieldset>
                }
            })}
            <div class="actions">
                <ReadAloud text=spoken/>
            </div>
            <nav class="question-nav" aria-label="Survey">
                <Show when=move || p.flow.with(|f| f.can_go_back())>
                    <button type="button" class="secondary" on:click=move |_| p.flow.update(|f| f.back())>{move || words.t("back")}</button>
                </Show>
                <button type="button" class="secondary" on:click=move |_| p.flow.update(|f| f.skip())>{move || words.t("skip")}</button>
                <button type="button" disabled=move || !answered() on:click=move |_| p.flow.update(|f| f.next())>{move || words.t("next")}</button>
            </nav>
            <StopDialog/>
        </section>
    }
}
