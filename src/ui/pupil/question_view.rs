use super::answer_input::AnswerInput;
use super::read_aloud::ReadAloud;
use super::stop_dialog::StopDialog;
use super::PupilCtx;
use crate::ui::context::{KioskCtx, Words};
use leptos::prelude::*;

/// One question per screen: progress and Stop at the top, the question with read-aloud beside
/// it, its answers, and Back / Skip / Next in a bar that stays in reach at the bottom.
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
    let progress = move || p.flow.with(|f| f.progress());
    let answered = move || p.flow.with(|f| f.current_answer().is_some());
    on_cleanup(move || p.cancel_advance());
    view! {
        <section class="screen pupil question" aria-labelledby="question-text">
            <div class="pupil-top">
                <div class="progress">
                    <label for="progress">{move || {
                        let pr = progress();
                        let key = if pr.exact { "question_n_of" } else { "question_n_of_about" };
                        words.t_with(key, &[("n", &pr.n.to_string()), ("total", &pr.total.to_string())])
                    }}</label>
                    <progress id="progress" max="100" value=move || p.flow.with(|f| f.percent_done())></progress>
                </div>
            </div>
            // Keyed by question, so each question gets its own new inputs: patching one
            // question's radios into the next one's left a chosen answer unticked on Back.
            <For each=move || question.get().into_iter() key=|q| q.id.clone() let:q>{{
                let sensitive = q.sensitive;
                let help = q.help.clone();
                // Each new question starts at the top with focus on its heading, so it is seen
                // and announced, and its answers are never mistaken for the previous question's.
                let heading = NodeRef::<leptos::html::H1>::new();
                Effect::new(move |_| {
                    if let Some(h) = heading.get() {
                        let options = web_sys::FocusOptions::new();
                        options.set_prevent_scroll(true);
                        let _ = h.focus_with_options(&options);
                        if let Some(w) = web_sys::window() {
                            w.scroll_to_with_x_and_y(0.0, 0.0);
                        }
                    }
                });
                view! {
                    <div class="question-head">
                        <h1 id="question-text" tabindex="-1" node_ref=heading>{text(&q.text)}</h1>
                        <ReadAloud text=spoken/>
                    </div>
                    {help.map(|h| view! { <p class="help">{move || text(&h)}</p> })}
                    {sensitive.then(|| view! { <p class="sensitive-note">{move || words.t("sensitive")}</p> })}
                    <div class="question-body" role="group" aria-labelledby="question-text">
                        <AnswerInput question=q/>
                    </div>
                }
            }}</For>
            <nav class="question-nav" aria-label=move || words.t("survey_nav")>
                <Show when=move || p.flow.with(|f| f.can_go_back())>
                    <button type="button" class="secondary back" on:click=move |_| { p.cancel_advance(); p.flow.update(|f| f.back()); }>{move || words.t("back")}</button>
                </Show>
                <button type="button" class="secondary skip" on:click=move |_| { p.cancel_advance(); p.flow.update(|f| f.skip()); }>{move || words.t("skip")}</button>
                <button type="button" class="next" class:advancing=move || p.advancing.get() disabled=move || !answered()
                    on:click=move |_| { p.cancel_advance(); p.flow.update(|f| f.next()); }>{move || words.t("next")}</button>
            </nav>
            <StopDialog/>
        </section>
    }
}
