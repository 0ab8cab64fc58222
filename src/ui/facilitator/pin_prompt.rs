use crate::platform;
use crate::storage::sessions;
use crate::ui::context::AppStore;
use leptos::prelude::*;
use yv_core::text::sentence;

/// Asks for the facilitator PIN; calls `on_unlock` only for the right one. Wrong attempts
/// lock it for a growing time, kept in storage so a reload does not reset it.
#[component]
pub fn PinPrompt(
    /// What the PIN opens, e.g. "the facilitator controls".
    #[prop(into)]
    purpose: String,
    /// Called once the right PIN is given.
    on_unlock: Callback<()>,
    /// Called when the facilitator gives up (back to the pupils).
    on_cancel: Callback<()>,
    /// The give-up button's words: where it goes ("Back to the survey" unless given).
    #[prop(optional, into)]
    cancel_label: Option<String>,
) -> impl IntoView {
    let cancel_label = cancel_label.unwrap_or_else(|| "Back to the survey".to_string());
    let store = expect_context::<AppStore>();
    let pin = RwSignal::new(String::new());
    let pin_again = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    // A device with no PIN yet (a facilitator's own laptop that never ran a session) sets one
    // here, typed twice, instead of being locked out of results and imports.
    let has_pin = matches!(sessions::pin_hash(store.get()), Ok(Some(_)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let entered = pin.get_untracked();
        pin.set(String::new());
        if !has_pin {
            let again = pin_again.get_untracked();
            pin_again.set(String::new());
            match crate::actions::pin::confirm_or_set(
                store.get(),
                false,
                &entered,
                &again,
                platform::now_ms(),
                platform::random_bytes::<16>(),
            ) {
                Ok(()) => {
                    message.set(None);
                    on_unlock.run(());
                }
                Err(why) => message.set(Some(why)),
            }
            return;
        }
        match sessions::check_pin(store.get(), &entered, platform::now_ms()) {
            Ok(outcome) => match outcome.refusal() {
                None => {
                    message.set(None);
                    on_unlock.run(());
                }
                Some(why) => message.set(Some(why)),
            },
            Err(e) => message.set(Some(sentence(&e.to_string()))),
        }
    };
    view! {
        <section class="screen pin" aria-labelledby="pin-title" lang="en" dir="ltr">
            <h1 id="pin-title">"Facilitator PIN"</h1>
            {if has_pin {
                view! {
                    <p>{format!("Enter the facilitator PIN to open {purpose}.")}</p>
                }.into_any()
            } else {
                view! {
                    <p>{format!("No facilitator PIN is set on this device yet. Choose one (4 to 12 digits) to open {purpose}; it will be needed every time. It is stored only as a salted hash.")}</p>
                }.into_any()
            }}
            <form on:submit=submit>
                <label for="pin">{if has_pin { "PIN" } else { "New PIN" }}</label>
                <input id="pin" type="password" inputmode="numeric" autocomplete=if has_pin { "off" } else { "new-password" } maxlength="12"
                    prop:value=move || pin.get()
                    on:input=move |ev| pin.set(event_target_value(&ev))/>
                {(!has_pin).then(|| view! {
                    <label for="pin-again">"Type the new PIN again"</label>
                    <input id="pin-again" type="password" inputmode="numeric" autocomplete="new-password" maxlength="12"
                        prop:value=move || pin_again.get()
                        on:input=move |ev| pin_again.set(event_target_value(&ev))/>
                })}
                <div class="actions">
                    <button type="submit">"Unlock"</button>
                    <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{cancel_label.clone()}</button>
                </div>
            </form>
            <p role="alert" class=move || if message.get().is_some() { "error" } else { "" }>{move || message.get()}</p>
        </section>
    }
}
