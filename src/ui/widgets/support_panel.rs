use crate::ui::context::Words;
use leptos::prelude::*;

/// "Need to talk?": a button that opens support signposting, in the pupil's language. It sits
/// in the header so it is in the same place on every screen (WCAG 3.2.6), and works by touch,
/// keyboard and screen reader.
#[component]
pub fn SupportPanel(
    /// Start with the panel open (the thank-you screen shows it open).
    #[prop(optional)]
    open: bool,
) -> impl IntoView {
    let words = use_context::<Words>();
    let t = move |key: &'static str, english: &'static str| {
        move || words.map(|w| w.t(key)).unwrap_or_else(|| english.to_string())
    };
    let (is_open, set_open) = signal(open);
    let id = if open { "support-panel-inline" } else { "support-panel" };
    view! {
        <div class="support" class:inline=open>
            <button
                type="button"
                class="support-toggle"
                aria-expanded=move || is_open.get().to_string()
                aria-controls=id
                on:click=move |_| set_open.update(|o| *o = !*o)
            >
                {t("need_to_talk", "Need to talk?")}
            </button>
            <div id=id class="support-panel" role="region" aria-label="Help and support" hidden=move || !is_open.get()>
                <p>{t("support_intro", "If something is worrying you, you don't have to deal with it alone.")}</p>
                <ul>
                    <li>{t("support_adult", "Talk to an adult you trust at school or at home.")}</li>
                    <li>{t("support_childline", "Call Childline free on 0800 1111, any time, day or night (up to age 19).")}" "<a href="tel:08001111" aria-label="Call Childline, 0800 1111">"0800 1111"</a></li>
                    <li>{t("support_shout", "Text SHOUT to 85258 for free, any time.")}" "<a href="sms:85258" aria-label="Text Shout, 85258">"85258"</a></li>
                    <li>{t("support_danger", "If you are in danger now, call 999.")}</li>
                </ul>
                <p class="small">{t("support_anonymous", "Your answers here are anonymous, so nobody can reply to them. If you need help, please tell someone.")}</p>
                <button type="button" class="secondary" on:click=move |_| set_open.set(false)>{t("close", "Close")}</button>
            </div>
        </div>
    }
}
