use super::display_settings::DisplayBar;
use super::end_screen::EndScreen;
use super::idle_prompt::IdlePrompt;
use super::question_view::QuestionView;
use super::save_failed::SaveFailed;
use super::stop_dialog::Discard;
use super::thanks::Thanks;
use super::welcome::Welcome;
use super::{PupilCtx, PupilStep};
use crate::platform;
use crate::storage::sessions::{self, InProgress};
use crate::ui::context::{AppStore, KioskCtx, Nav, PupilStore, Screen, Words};
use leptos::prelude::*;
use std::time::Duration;
use yv_core::envelope::StoredResponse;
use yv_core::flow::{idle_state, Flow, Idle};

/// Seconds between automatic retries of a failed save.
const RETRY_SECONDS: u64 = 10;

/// Kiosk mode as pupils see it. The pupil's state lives in [`PupilCtx`] (provided by the app),
/// so a failed save survives the facilitator unlocking the tablet.
#[component]
pub fn PupilScreen() -> impl IntoView {
    let words = expect_context::<Words>();
    let p = expect_context::<PupilCtx>();
    let kiosk = expect_context::<KioskCtx>();
    let store = expect_context::<AppStore>();
    let tab = expect_context::<PupilStore>();
    let nav = expect_context::<Nav>();

    let fresh = move || {
        kiosk.0.with_untracked(|k| {
            k.as_ref().map(|k| Flow::new(&k.survey, &k.session.left_out)).unwrap_or_else(|| Flow {
                questions: Vec::new(),
                index: 0,
                answers: Default::default(),
            })
        })
    };
    let tab_d = tab.clone();
    let discard = Callback::new(move |_| {
        let _ = sessions::clear_in_progress(tab_d.get());
        if let Some(s) = platform::Speech::get() {
            s.stop();
        }
        p.reset(fresh(), words);
    });
    provide_context(Discard(discard));

    let store_s = store.clone();
    let tab_s = tab.clone();
    // A sealed session's sealer (issue 13): made once per kiosk start, kept only in memory, so
    // nothing stored on the tablet can open what it sealed.
    let sealer = StoredValue::new_local(None::<yv_core::seal::Sealer>);
    // Made just after the kiosk's first screen is up (one X25519 key pair, about 15 ms on a slow
    // tablet), so the first pupil's Send does not wait for it.
    leptos::task::spawn_local(async move {
        platform::next_tick().await;
        if let Some(public) = kiosk.0.with_untracked(|k| k.as_ref().and_then(|k| k.session.seal.clone())) {
            // A failure here is met again, and reported, at the first Send.
            let _ = ensure_sealer(&public, sealer);
        }
    });
    let try_save = Callback::new(move |_| {
        let Some(r) = p.pending.get_untracked() else { return };
        let saved = kiosk.0.with_untracked(|k| match k {
            Some(k) => match &k.session.seal {
                None => sessions::save_response(store_s.get(), &k.survey, &r),
                Some(public) => seal_and_save(store_s.get(), k, public, &r, sealer),
            },
            None => Err(crate::storage::StorageError::Refused("the tablet is not running a session".into())),
        });
        match saved {
            Ok(()) => {
                let _ = sessions::clear_in_progress(tab_s.get());
                p.pending.set(None);
                p.save_error.set(None);
                p.flow.set(fresh());
                p.step.set(PupilStep::Thanks);
            }
            Err(e) => {
                // Keep the finished answers in the tab until they are saved, even if an adult
                // takes longer than the idle time or opens the facilitator's app meanwhile.
                if let Some(session) = kiosk.0.with_untracked(|k| k.as_ref().map(|k| k.session.id.clone())) {
                    let finished = InProgress {
                        session,
                        lang: words.lang.get_untracked(),
                        flow: p.flow.get_untracked(),
                        saved_ms: platform::now_ms(),
                        finished: true,
                    };
                    let _ = sessions::save_in_progress(tab_s.get(), &finished);
                }
                p.save_error.set(Some(e.to_string()));
                p.step.set(PupilStep::SaveFailed);
            }
        }
    });
    let send = Callback::new(move |_| {
        let Some(session) = kiosk.0.with_untracked(|k| k.as_ref().map(|k| k.session.clone())) else { return };
        let Some(id) = platform::random_id() else {
            p.save_error.set(Some(
                "this browser has no secure random number generator, so a response id could not be made".into(),
            ));
            p.step.set(PupilStep::SaveFailed);
            return;
        };
        let answers = p.flow.with_untracked(|f| f.answers_to_save());
        p.pending.set(Some(StoredResponse::new(&session, id, platform::today(), answers)));
        try_save.run(());
    });
    let next_pupil = Callback::new(move |_| p.reset(fresh(), words));

    save_in_progress_on_change(p, kiosk, tab.clone(), words);
    sync_page_language(words);
    sync_display_classes(p);
    watch_idle(p, kiosk, discard);
    retry_failed_save(p, try_save);

    // Only a change of screen redraws: answering a question must not rebuild it (focus and
    // the screen reader's place stay on the chosen answer).
    let at_end = Memo::new(move |_| p.flow.with(|f| f.is_at_end()));
    let _ = &store;
    view! {
        <div class="pupil-bar">
            <DisplayBar/>
        </div>
        {move || match p.step.get() {
            PupilStep::Welcome => view! { <Welcome/> }.into_any(),
            PupilStep::Declined => view! {
                <section class="screen pupil declined" aria-labelledby="declined-title">
                    <h1 id="declined-title">{move || words.t("no_thanks_done")}</h1>
                    <div class="actions big">
                        <button type="button" on:click=move |_| next_pupil.run(())>{move || words.t("done")}</button>
                    </div>
                </section>
            }.into_any(),
            PupilStep::Answering if at_end.get() => view! { <EndScreen on_send=send/> }.into_any(),
            PupilStep::Answering => view! { <QuestionView/> }.into_any(),
            PupilStep::SaveFailed => view! { <SaveFailed on_retry=try_save/> }.into_any(),
            PupilStep::Thanks => view! { <Thanks on_done=next_pupil/> }.into_any(),
        }}
        <IdlePrompt/>
        <div class="facilitator-access">
            <button type="button" class="link" on:click=move |_| nav.go(Screen::KioskMenu)>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5Zm-3 8V7a3 3 0 0 1 6 0v3H9Z"/></svg>
                {move || words.t("adults_only")}
            </button>
        </div>
    }
}

/// Effect: keep the pupil's unfinished answers in storage, so an accidental reload resumes
/// them. Only while answering; cleared on finish, stop and idle timeout.
fn save_in_progress_on_change(p: PupilCtx, kiosk: KioskCtx, tab: PupilStore, words: Words) {
    Effect::new(move |_| {
        let flow = p.flow.get();
        let lang = words.lang.get();
        if p.step.get() != PupilStep::Answering {
            return;
        }
        if let Some(session) = kiosk.0.with_untracked(|k| k.as_ref().map(|k| k.session.id.clone())) {
            let saved_ms = platform::now_ms();
            let _ =
                sessions::save_in_progress(tab.get(), &InProgress { session, lang, flow, saved_ms, finished: false });
        }
    });
}

/// Effect: `<html lang dir>` follow the pupil's language.
pub(crate) fn sync_page_language(words: Words) {
    Effect::new(move |_| {
        let lang = words.lang.get();
        let dir = words.iface.with_value(|i| i.language(&lang).map(|l| l.dir.as_str()).unwrap_or("ltr"));
        platform::set_page_language(&lang, dir);
    });
    on_cleanup(|| platform::set_page_language("en", "ltr"));
}

/// Effect: bigger text and high contrast apply to the whole page.
fn sync_display_classes(p: PupilCtx) {
    Effect::new(move |_| {
        platform::set_page_class("large-text", p.large_text.get());
        platform::set_page_class("high-contrast", p.high_contrast.get());
    });
    on_cleanup(|| {
        platform::set_page_class("large-text", false);
        platform::set_page_class("high-contrast", false);
    });
}

/// Effect: taps and keys count as activity; once a second, warn or discard when idle.
fn watch_idle(p: PupilCtx, kiosk: KioskCtx, discard: Callback<()>) {
    let touch = move || p.last_activity.set(platform::monotonic_ms());
    let down = window_event_listener(leptos::ev::pointerdown, move |_| touch());
    let key = window_event_listener(leptos::ev::keydown, move |_| touch());
    touch();
    let tick = set_interval_with_handle(
        move || {
            if p.step.get_untracked() != PupilStep::Answering {
                p.idle_warning.set(None);
                return;
            }
            let idle = kiosk.0.with_untracked(|k| k.as_ref().map(|k| k.session.idle_seconds)).unwrap_or(120);
            let elapsed = platform::monotonic_ms().saturating_sub(p.last_activity.get_untracked());
            match idle_state(elapsed, idle) {
                Idle::Active => {
                    if p.idle_warning.get_untracked().is_some() {
                        p.idle_warning.set(None);
                    }
                }
                Idle::Warning(n) => p.idle_warning.set(Some(n)),
                Idle::Expired => discard.run(()),
            }
        },
        Duration::from_secs(1),
    );
    on_cleanup(move || {
        down.remove();
        key.remove();
        if let Ok(t) = tick {
            t.clear();
        }
    });
}

/// Effect: while a save has failed, try again every few seconds.
fn retry_failed_save(p: PupilCtx, try_save: Callback<()>) {
    let tick = set_interval_with_handle(
        move || {
            if p.step.get_untracked() == PupilStep::SaveFailed && p.pending.get_untracked().is_some() {
                try_save.run(());
            }
        },
        Duration::from_secs(RETRY_SECONDS),
    );
    on_cleanup(move || {
        if let Ok(t) = tick {
            t.clear();
        }
    });
}

/// The kiosk's sealer for the session's public key, made now if it is not yet.
fn ensure_sealer(
    public: &str,
    sealer: StoredValue<Option<yv_core::seal::Sealer>, LocalStorage>,
) -> Result<(), crate::storage::StorageError> {
    use crate::storage::StorageError;
    if sealer.with_value(Option::is_some) {
        return Ok(());
    }
    let random = platform::random_bytes::<32>().ok_or_else(no_random)?;
    let made = yv_core::seal::Sealer::new(public, random).map_err(|e| StorageError::Encode(e.to_string()))?;
    sealer.set_value(Some(made));
    Ok(())
}

fn no_random() -> crate::storage::StorageError {
    crate::storage::StorageError::Refused(
        "this browser has no secure random number generator to seal the answers".into(),
    )
}

/// Save a response of a sealed session with the kiosk's sealer (made here if it is not yet).
/// Timed for `make bench` (tests/bench/seal.mjs): the user-timing entry "yv:seal-and-save".
fn seal_and_save(
    store: &dyn crate::storage::Store,
    k: &crate::ui::context::Kiosk,
    public: &str,
    r: &StoredResponse,
    sealer: StoredValue<Option<yv_core::seal::Sealer>, LocalStorage>,
) -> Result<(), crate::storage::StorageError> {
    use crate::storage::StorageError;
    platform::mark("yv:seal-start");
    let saved = ensure_sealer(public, sealer).and_then(|()| {
        let nonce = platform::random_bytes::<24>().ok_or_else(no_random)?;
        sealer.with_value(|s| match s {
            Some(s) => sessions::save_sealed_response(store, &k.survey, r, s, nonce),
            None => Err(StorageError::Refused("the answers could not be sealed".into())),
        })
    });
    platform::measure_from("yv:seal-and-save", "yv:seal-start");
    saved
}
