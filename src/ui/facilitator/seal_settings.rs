use crate::actions::tablets::FileOut;
use crate::platform;
use crate::ui::widgets::offer_download;
use leptos::prelude::*;
use yv_core::seal::{
    check_new_passphrase, recovery_file, wrap, KdfParams, SessionKey, WrappedKey, MIN_PASSPHRASE_CHARS,
};
use yv_core::text::sentence;

/// The set-up form's sealing choice (issue 13): whether to seal, the passphrase, and the key
/// pair made for the recovery file. Held by the form, checked when it starts the session.
#[derive(Clone, Copy)]
pub struct SealChoice {
    pub on: RwSignal<bool>,
    pub passphrase: RwSignal<String>,
    pub again: RwSignal<String>,
    /// Made when the recovery file is first downloaded; only in memory until the session starts.
    pub key: StoredValue<Option<SessionKey>>,
    pub downloaded: RwSignal<bool>,
    pub confirmed: RwSignal<bool>,
    /// The new session's id, made with the form so the recovery file can name it.
    pub session_id: StoredValue<Option<String>>,
}

impl Default for SealChoice {
    fn default() -> Self {
        Self::new()
    }
}

impl SealChoice {
    pub fn new() -> Self {
        SealChoice {
            // New sessions are sealed unless the facilitator opts out.
            on: RwSignal::new(true),
            passphrase: RwSignal::new(String::new()),
            again: RwSignal::new(String::new()),
            key: StoredValue::new(None),
            downloaded: RwSignal::new(false),
            confirmed: RwSignal::new(false),
            session_id: StoredValue::new(platform::random_id()),
        }
    }

    /// What the new session needs to be sealed: its public key and the wrapped private key;
    /// `Ok(None)` when it is not sealed; or what the facilitator still has to do.
    pub fn finish(&self) -> Result<Option<(String, WrappedKey)>, String> {
        if !self.on.get_untracked() {
            return Ok(None);
        }
        let passphrase = self.passphrase.get_untracked();
        check_new_passphrase(&passphrase, &self.again.get_untracked()).map_err(|e| sentence(&e.to_string()))?;
        let Some(key) = self.key.get_value() else {
            return Err("Download the recovery file first.".into());
        };
        if !self.confirmed.get_untracked() {
            return Err("Tick that you have kept the recovery file somewhere safe.".into());
        }
        let (Some(salt), Some(nonce)) = (platform::random_bytes::<16>(), platform::random_bytes::<24>()) else {
            return Err("This browser has no secure random number generator.".into());
        };
        let wrapped = wrap(&key, &passphrase, KdfParams::default(), salt, nonce)
            .map_err(|e| format!("The key could not be kept: {e}. Nothing was started."))?;
        Ok(Some((key.public(), wrapped)))
    }
}

/// Seal the answers: a passphrase, and the recovery file for when it is lost.
#[component]
pub fn SealSettings(choice: SealChoice, group: RwSignal<String>) -> impl IntoView {
    let notice = RwSignal::new(None::<(bool, String)>);
    let download = move |_| {
        let key = match choice.key.get_value() {
            Some(k) => k,
            None => match platform::random_bytes::<32>() {
                Some(b) => {
                    let k = SessionKey::from_random(b);
                    choice.key.set_value(Some(k.clone()));
                    k
                }
                None => {
                    notice.set(Some((false, "This browser has no secure random number generator.".into())));
                    return;
                }
            },
        };
        let group = group.get_untracked();
        let session = choice.session_id.get_value().unwrap_or_default();
        let text = recovery_file(&key, &session, &group);
        let file = FileOut { name: "youth-voice-recovery-key.json".into(), bytes: text.into_bytes() };
        let (ok, said) = offer_download(Ok((file, Vec::new())), "recovery file");
        choice.downloaded.set(ok);
        notice.set(Some((ok, said)));
    };
    view! {
        <label class="check" for="seal">
            <input id="seal" type="checkbox" aria-describedby="seal-hint" prop:checked=move || choice.on.get()
                on:change=move |ev| choice.on.set(event_target_checked(&ev))/>
            "Seal the answers"
        </label>
        <p class="small" id="seal-hint">
            "Each answer is locked as it is saved: no tablet of the session can show it again, and neither can anyone who opens the browser's storage or a responses file. "
            "Results then need the passphrase (on this device) or the recovery file (on any device). Untick to run the session without sealing."
        </p>
        <Show when=move || choice.on.get()>
            <label for="passphrase">"Passphrase for the results"</label>
            <p class="small" id="passphrase-hint">{format!("At least {MIN_PASSPHRASE_CHARS} characters. It is never stored: only a key made from it.")}</p>
            <input id="passphrase" type="password" autocomplete="new-password" aria-describedby="passphrase-hint"
                prop:value=move || choice.passphrase.get() on:input=move |ev| choice.passphrase.set(event_target_value(&ev))/>
            <label for="passphrase-again">"Type the passphrase again"</label>
            <input id="passphrase-again" type="password" autocomplete="new-password"
                prop:value=move || choice.again.get() on:input=move |ev| choice.again.set(event_target_value(&ev))/>
            <p class="warning">
                "If the passphrase and the recovery file are both lost, nobody can read this session's answers: not you, not us."
            </p>
            <div class="actions">
                <button type="button" class="secondary" on:click=download>"Download the recovery file"</button>
            </div>
            <p role="status" class=move || match notice.get() { Some((true, _)) => "success", Some((false, _)) => "error", None => "" }>
                {move || notice.get().map(|(_, t)| t)}
            </p>
            <label class="check" for="recovery-kept">
                <input id="recovery-kept" type="checkbox" prop:disabled=move || !choice.downloaded.get()
                    prop:checked=move || choice.confirmed.get()
                    on:change=move |ev| choice.confirmed.set(event_target_checked(&ev))/>
                "I have kept the recovery file somewhere safe (not on this tablet)"
            </label>
        </Show>
    }
}
