//! The two apps (the pupils' kiosk and the facilitator's app, see `platform::boot`), the
//! frame around every screen, and what happens at start: resuming a running session.

use super::context::{
    provide_catalogue, provide_kiosk, provide_nav, provide_problems, provide_store, provide_words, AppStore,
    CatalogueCtx, Kiosk, KioskCtx, Nav, PupilStore, Screen, StartupProblems, UpdateCtx, VoteCtx, Words,
};
use super::facilitator::{KioskMenu, SessionSetup};
use super::home::HomeScreen;
use super::library::LibraryScreen;
use super::pupil::{PupilCtx, PupilScreen, PupilStep};
use super::results::ResultsScreen;
use super::votes::{BoardScreen, VotesScreen, VotingScreen};
use super::widgets::{SiteFooter, SiteHeader};
use crate::platform::boot::{hand_over, HandOver};
use crate::storage::{sessions, LocalStore};
use leptos::prelude::*;
use std::sync::Arc;
use yv_core::builtin::Library;
use yv_core::flow::Flow;
use yv_core::interface::Interface;

/// The screens one app shows: each of the two apps (see `platform::boot`) renders its own and
/// hands the tablet to the other app for the rest.
pub type Screens = fn(Screen) -> AnyView;

/// Every screen in one app (the browser tests, which mount it on the in-memory store).
pub fn all_screens(screen: Screen) -> AnyView {
    match screen {
        Screen::Home => view! { <HomeScreen/> }.into_any(),
        Screen::Library => view! { <LibraryScreen/> }.into_any(),
        Screen::Setup => view! { <SessionSetup/> }.into_any(),
        Screen::Pupil => view! { <PupilScreen/> }.into_any(),
        Screen::KioskMenu => view! { <KioskMenu/> }.into_any(),
        Screen::Results => view! { <ResultsScreen/> }.into_any(),
        Screen::Votes => view! { <VotesScreen/> }.into_any(),
        Screen::Voting => view! { <VotingScreen/> }.into_any(),
        Screen::Board => view! { <BoardScreen/> }.into_any(),
    }
}

/// The pupils' kiosk: only the pupil screens. "For adults" opens the facilitator's app on the
/// session's controls, which asks for the PIN: the kiosk carries no PIN code at all.
pub fn pupil_screens(screen: Screen) -> AnyView {
    match screen {
        Screen::Pupil => view! { <PupilScreen/> }.into_any(),
        Screen::KioskMenu => view! { <HandOverTo to=HandOver::KioskMenu/> }.into_any(),
        _ => view! { <HandOverTo to=HandOver::Facilitator/> }.into_any(),
    }
}

/// The facilitator's app: everything but the pupil screens.
pub fn facilitator_screens(screen: Screen) -> AnyView {
    match screen {
        Screen::Home => view! { <HomeScreen/> }.into_any(),
        Screen::Library => view! { <LibraryScreen/> }.into_any(),
        Screen::Setup => view! { <SessionSetup/> }.into_any(),
        Screen::Pupil => view! { <HandOverTo to=HandOver::Pupils/> }.into_any(),
        Screen::KioskMenu => view! { <KioskMenu/> }.into_any(),
        Screen::Results => view! { <ResultsScreen/> }.into_any(),
        Screen::Votes => view! { <VotesScreen/> }.into_any(),
        Screen::Voting => view! { <VotingScreen/> }.into_any(),
        Screen::Board => view! { <BoardScreen/> }.into_any(),
    }
}

/// Both apps in one on a given store, with the built-in content given (the browser tests).
#[component]
pub fn AppWith(
    /// Where everything is kept.
    store: Arc<dyn crate::storage::Store + Send + Sync>,
    /// The tab's own storage for the current pupil's unfinished answers (in-memory when not
    /// given: nothing is resumed after a reload).
    #[prop(optional)]
    tab: Option<Arc<dyn crate::storage::Store + Send + Sync>>,
    /// The built-in surveys and plans.
    builtin: Library,
    /// The interface text.
    iface: Interface,
) -> impl IntoView {
    let base = provide_base(store, tab, Ok(iface));
    super::context::provide_keys();
    let cat = provide_catalogue(&base.store, Ok(builtin), base.problems);
    resume_kiosk(&base, Some(cat));
    view! { <AppFrame screens=all_screens/> }
}

/// The pupils' kiosk on the browser's own storage (`src/bin/pupil.rs`): it needs only the
/// running session and its survey's copy, never the catalogue.
/// `tab` is the tab's storage for the pupil's unfinished answers, sealed at rest
/// ([`crate::storage::sealed_tab::open`]).
pub fn pupil_app(iface: Result<Interface, String>, tab: Arc<dyn crate::storage::Store + Send + Sync>) -> impl IntoView {
    let base = provide_base(Arc::new(LocalStore), Some(tab), iface);
    if !resume_kiosk(&base, None) {
        // Nothing to run: the facilitator's app takes the tablet (see `pupil_screens`).
        base.nav.go(Screen::Home);
    }
    view! { <AppFrame screens=pupil_screens/> }
}

/// The facilitator's app on the browser's own storage (`src/bin/facilitator.rs`).
pub fn facilitator_app(
    builtin: Result<Library, String>,
    iface: Result<Interface, String>,
    tab: Arc<dyn crate::storage::Store + Send + Sync>,
) -> impl IntoView {
    let base = provide_base(Arc::new(LocalStore), Some(tab), iface);
    super::context::provide_keys();
    let cat = provide_catalogue(&base.store, builtin, base.problems);
    if resume_kiosk(&base, Some(cat)) {
        if crate::platform::boot::opened_for_kiosk_menu() {
            // "For adults" in the kiosk: the session's controls, behind the PIN.
            base.nav.go(Screen::KioskMenu);
        }
    } else {
        resume_voting(&base);
    }
    view! { <AppFrame screens=facilitator_screens/> }
}

/// After a reload while a vote was taking ballots, go straight back to the voters.
fn resume_voting(base: &Base) {
    if let Ok(Some(id)) = crate::storage::votes::voting(base.store.get()) {
        if matches!(crate::storage::votes::vote(base.store.get(), &id), Ok(Some(v)) if v.open) {
            expect_context::<VoteCtx>().0.set(Some(id));
            base.nav.go(Screen::Voting);
        } else {
            let _ = crate::storage::votes::set_voting(base.store.get(), None);
        }
    }
}

/// What both apps share, provided as context.
struct Base {
    store: AppStore,
    tab: PupilStore,
    nav: Nav,
    words: Words,
    kiosk: KioskCtx,
    pupil: PupilCtx,
    problems: StartupProblems,
}

fn provide_base(
    store: Arc<dyn crate::storage::Store + Send + Sync>,
    tab: Option<Arc<dyn crate::storage::Store + Send + Sync>>,
    iface: Result<Interface, String>,
) -> Base {
    let nav = provide_nav();
    let store = provide_store(store);
    // Versions before issue 11 kept a pupil's unfinished answers in localStorage, where any tab
    // could resume them: they are removed, never resumed.
    let _ = store.get().remove(&crate::storage::Key::InProgress);
    let tab = PupilStore(tab.unwrap_or_else(|| Arc::new(crate::storage::MemoryStore::new())));
    provide_context(tab.clone());
    let problems = provide_problems();
    let words = provide_words(iface, problems);
    let kiosk = provide_kiosk();
    provide_context(VoteCtx(RwSignal::new(None)));
    let pupil = PupilCtx::new(Flow { questions: Vec::new(), index: 0, answers: Default::default() });
    provide_context(pupil);
    follow_updates(nav, pupil);
    Base { store, tab, nav, words, kiosk, pupil, problems }
}

/// The frame around every screen: skip link, header with support, the screen, footer.
#[component]
fn AppFrame(screens: Screens) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let words = expect_context::<Words>();
    view! {
        <a class="skip-link" href="#main">{move || words.t("skip_to_main")}</a>
        <SiteHeader/>
        <main id="main" tabindex="-1">
            {move || screens(nav.current())}
        </main>
        <SiteFooter/>
    }
}

/// Shown for the moment the page takes to open the other app.
#[component]
fn HandOverTo(to: HandOver) -> impl IntoView {
    Effect::new(move |_| hand_over(to));
    view! { <p class="screen handing-over" role="status" lang="en" dir="ltr">"Opening the app\u{2026}"</p> }
}

/// After a reload in kiosk mode, go straight back to the pupils, resuming the current pupil's
/// unfinished answers if there are any. The kiosk (`cat` none) reads only the survey's copy kept
/// with the session; the facilitator's app can fall back to its catalogue. Whether a session runs.
fn resume_kiosk(base: &Base, cat: Option<CatalogueCtx>) -> bool {
    let Base { store, tab, nav, words, kiosk, pupil, problems } = base;
    let Ok(Some(active)) = sessions::active_session(store.get()) else { return false };
    let Ok(Some(session)) = sessions::session(store.get(), &active) else {
        if cat.is_some() {
            // The mark names a session that is not stored: there is nothing to run.
            let _ = sessions::end_kiosk(store.get());
            problems
                .0
                .update(|p| p.push("The running session's settings were missing, so kiosk mode was ended.".into()));
        }
        return false;
    };
    let copy = sessions::kiosk_survey(store.get())
        .ok()
        .flatten()
        .filter(|s| s.id == session.survey && s.version == session.survey_version);
    let survey = match (copy, cat) {
        (Some(s), _) => s,
        (None, Some(cat)) => {
            match cat.catalogue.with_untracked(|c| c.survey_version(&session.survey, &session.survey_version).cloned())
            {
                // A session started before the kiosk kept its own copy: keep one now.
                Some(s) => {
                    let _ = sessions::start_kiosk(store.get(), &session.id, &s);
                    s
                }
                None => {
                    problems.0.update(|p| {
                        p.push(format!(
                            "The active session's survey \u{201c}{}\u{201d} is not on this device any more.",
                            session.survey
                        ))
                    });
                    return false;
                }
            }
        }
        (None, None) => return false,
    };
    let fresh = Flow::new(&survey, &session.left_out);
    let max_age = u64::from(session.idle_seconds) * 1000;
    match sessions::in_progress(tab.get(), crate::platform::now_ms(), max_age) {
        Ok(Some(ip)) if ip.session == session.id && ip.flow.questions == fresh.questions && ip.finished => {
            // A finished response whose save failed: waiting to be saved again (it retries by
            // itself; without a random id, the pupil's end screen saves it).
            pupil.step.set(PupilStep::Answering);
            if let Some(id) = crate::platform::random_id() {
                let answers = ip.flow.answers_to_save();
                let r = yv_core::envelope::StoredResponse::new(&session, id, crate::platform::today(), answers);
                pupil.pending.set(Some(r));
                pupil.save_error.set(Some("these answers are waiting to be saved".into()));
                pupil.step.set(PupilStep::SaveFailed);
            }
            pupil.flow.set(ip.flow);
            words.lang.set(ip.lang);
        }
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
    true
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
