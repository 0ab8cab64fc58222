//! The app frame: skip link, header with support, the current screen, footer.

use super::context::{
    provide_catalogue, provide_kiosk, provide_nav, provide_store, provide_words, AppStore, CatalogueCtx, Kiosk,
    KioskCtx, Nav, PupilStore, Screen, UpdateCtx, Words,
};
use super::facilitator::{KioskMenu, SessionSetup};
use super::home::HomeScreen;
use super::library::LibraryScreen;
use super::pupil::{PupilCtx, PupilScreen, PupilStep};
use super::results::ResultsScreen;
use super::widgets::{SiteFooter, SiteHeader};
use crate::storage::{sessions, LocalStore, TabStore};
use leptos::prelude::*;
use std::sync::Arc;
use yv_core::flow::Flow;

/// The whole app on the browser's own storage. `main.rs` mounts it.
#[component]
pub fn App() -> impl IntoView {
    view! { <AppWith store=Arc::new(LocalStore) tab=Arc::new(TabStore)/> }
}

/// The app on a given store (browser tests pass the in-memory twin).
#[component]
pub fn AppWith(
    /// Where everything is kept.
    store: Arc<dyn crate::storage::Store + Send + Sync>,
    /// The tab's own storage for the current pupil's unfinished answers (in-memory when not
    /// given: nothing is resumed after a reload).
    #[prop(optional)]
    tab: Option<Arc<dyn crate::storage::Store + Send + Sync>>,
) -> impl IntoView {
    let nav = provide_nav();
    let store = provide_store(store);
    // Versions before issue 11 kept a pupil's unfinished answers in localStorage, where any tab
    // could resume them: they are removed, never resumed.
    let _ = store.get().remove(&crate::storage::Key::InProgress);
    let tab = PupilStore(tab.unwrap_or_else(|| Arc::new(crate::storage::MemoryStore::new())));
    provide_context(tab.clone());
    let cat = provide_catalogue(&store);
    let words = provide_words(cat.startup_problems);
    let kiosk = provide_kiosk();
    let pupil = PupilCtx::new(Flow { questions: Vec::new(), index: 0, answers: Default::default() });
    provide_context(pupil);
    resume_kiosk(&store, &tab, cat, kiosk, nav, pupil, words);
    follow_updates(nav, pupil);
    view! {
        <a class="skip-link" href="#main">{move || words.t("skip_to_main")}</a>
        <SiteHeader/>
        <main id="main" tabindex="-1">
            {move || match nav.current() {
                Screen::Home => view! { <HomeScreen/> }.into_any(),
                Screen::Library => view! { <LibraryScreen/> }.into_any(),
                Screen::Setup => view! { <SessionSetup/> }.into_any(),
                Screen::Pupil => view! { <PupilScreen/> }.into_any(),
                Screen::KioskMenu => view! { <KioskMenu/> }.into_any(),
                Screen::Results => view! { <ResultsScreen/> }.into_any(),
            }}
        </main>
        <SiteFooter/>
    }
}

/// After a reload in kiosk mode, go straight back to the pupils, resuming the current pupil's
/// unfinished answers if there are any.
fn resume_kiosk(
    store: &AppStore,
    tab: &PupilStore,
    cat: CatalogueCtx,
    kiosk: KioskCtx,
    nav: Nav,
    pupil: PupilCtx,
    words: Words,
) {
    let Ok(Some(active)) = sessions::active_session(store.get()) else { return };
    let Ok(Some(session)) = sessions::session(store.get(), &active) else { return };
    let Some(survey) = cat.catalogue.with_untracked(|c| c.survey(&session.survey).cloned()) else {
        cat.startup_problems.update(|p| {
            p.push(format!(
                "The active session's survey \u{201c}{}\u{201d} is not on this device any more.",
                session.survey
            ))
        });
        return;
    };
    let fresh = Flow::new(&survey, &session.left_out);
    let max_age = u64::from(session.idle_seconds) * 1000;
    match sessions::in_progress(tab.get(), crate::platform::now_ms(), max_age) {
        Ok(Some(ip)) if ip.session == session.id && ip.flow.questions == fresh.questions => {
            pupil.flow.set(ip.flow);
            words.lang.set(ip.lang);
            pupil.step.set(PupilStep::Answering);
        }
        _ => {
            let _ = sessions::clear_in_progress(tab.get());
            pupil.flow.set(fresh);
        }
    }
    kiosk.0.set(Some(Kiosk { session, survey }));
    nav.go(Screen::Pupil);
}

/// Keep the update state current, look for a newer version every hour, and let a waiting one
/// take over only where no pupil is answering: the pupils' welcome screen, or the first screen.
fn follow_updates(nav: Nav, pupil: PupilCtx) {
    use crate::platform::update;
    let state = RwSignal::new(update::state());
    provide_context(UpdateCtx(state));
    let listener = window_event_listener_untyped("youth-voice-update", move |_| state.set(update::state()));
    let hourly = set_interval_with_handle(update::check, std::time::Duration::from_secs(3600));
    on_cleanup(move || {
        listener.remove();
        if let Ok(h) = hourly {
            h.clear();
        }
    });
    Effect::new(move |_| {
        let free = match nav.current() {
            Screen::Home => true,
            Screen::Pupil => pupil.step.get() == PupilStep::Welcome,
            _ => false,
        };
        if free && state.with(|s| s.waiting) {
            update::take_over();
        }
    });
}
