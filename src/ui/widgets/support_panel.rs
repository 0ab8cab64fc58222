use crate::ui::context::Words;
use leptos::prelude::*;

/// A phone number or short code: always left to right, whatever the language around it (in
/// Urdu, "0800 1111" would otherwise show as "1111 0800"), and a link that dials or texts it.
/// Its accessible name says who it reaches and contains the number as shown (WCAG 2.5.3).
#[component]
fn Phone(
    /// As shown, e.g. "0800 1111".
    number: &'static str,
    /// "tel:" or "sms:".
    scheme: &'static str,
    /// Who it reaches, e.g. "Childline".
    who: &'static str,
) -> impl IntoView {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    view! {
        <bdi dir="ltr" class="phone">
            <a href=format!("{scheme}{digits}") dir="ltr" data-reaches=who>{number}</a>
        </bdi>
    }
}

/// `text` with the one `{phone}` placeholder replaced by `phone`.
fn with_phone(text: String, phone: AnyView) -> impl IntoView {
    match text.split_once("{phone}") {
        Some((before, after)) => view! { {before.to_string()}{phone}{after.to_string()} }.into_any(),
        None => view! { {text}" "{phone} }.into_any(),
    }
}

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
    let raw = move |key: &'static str, english: &'static str| {
        // The placeholder stays in: the number is put in its place as its own element.
        words.map(|w| w.t_with(key, &[("phone", "{phone}")])).unwrap_or_else(|| english.to_string())
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
            <div id=id class="support-panel" role="region" aria-label=t("support_region", "Help and support") hidden=move || !is_open.get()>
                <p>{t("support_intro", "If something is worrying you, you don't have to deal with it alone.")}</p>
                <ul>
                    <li>{t("support_adult", "Talk to an adult you trust at school or at home.")}</li>
                    <li>{move || with_phone(
                        raw("support_childline", "Call Childline free on {phone}, any time, day or night (up to age 19)."),
                        view! { <Phone number="0800 1111" scheme="tel:" who="Childline"/> }.into_any(),
                    )}</li>
                    <li>{move || with_phone(
                        raw("support_shout", "Text SHOUT to {phone} for free, any time."),
                        view! { <Phone number="85258" scheme="sms:" who="Shout"/> }.into_any(),
                    )}</li>
                    <li>{move || with_phone(
                        raw("support_danger", "If you are in danger now, call {phone}."),
                        view! { <Phone number="999" scheme="tel:" who="Emergency"/> }.into_any(),
                    )}</li>
                </ul>
                <p class="small">{t("support_anonymous", "Your answers here are anonymous, so nobody can reply to them. If you need help, please tell someone.")}</p>
                <button type="button" class="secondary" on:click=move |_| set_open.set(false)>{t("close", "Close")}</button>
            </div>
        </div>
    }
}
