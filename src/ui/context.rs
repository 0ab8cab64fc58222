//! App-wide state, shared through context newtypes: `provide_x()` at the top,
//! `expect_context::<X>()` below.

use crate::storage::{self, Store};
use leptos::prelude::*;
use std::sync::Arc;
use yv_core::builtin::Library;
use yv_core::catalogue::Catalogue;

/// The screens of the app. Screens are app state, not URLs: nothing typed into the address bar
/// or reached with Back can open a screen a pupil should not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Library,
    /// Setting up a session: survey, framework, group, PIN.
    Setup,
    /// Kiosk mode: pupils only, until the facilitator PIN is given.
    Pupil,
    /// Kiosk mode, unlocked by the PIN: the facilitator's controls.
    KioskMenu,
    /// Results, behind the PIN.
    Results,
    /// Youth Council votes and "You said, we did", behind the PIN.
    Votes,
    /// A vote taking ballots: voters only, until the facilitator PIN is given.
    Voting,
    /// A vote's results board for a projector, behind the PIN.
    Board,
}

/// The vote the voting screen and the board show.
#[derive(Debug, Clone, Copy)]
pub struct VoteCtx(pub RwSignal<Option<String>>);

/// Which screen is showing, and whether the facilitator PIN has been given since the pupils
/// last had the tablet. Going to a pupil screen or home locks it again.
#[derive(Debug, Clone, Copy)]
pub struct Nav {
    screen: RwSignal<Screen>,
    unlocked: RwSignal<bool>,
}

impl Nav {
    pub fn go(&self, screen: Screen) {
        if matches!(screen, Screen::Pupil | Screen::Home | Screen::Voting) {
            self.unlocked.set(false);
        }
        self.screen.set(screen);
    }

    pub fn current(&self) -> Screen {
        self.screen.get()
    }

    /// Whether the PIN has been given (reactive).
    pub fn unlocked(&self) -> bool {
        self.unlocked.get()
    }

    /// Call only after the right PIN.
    pub fn unlock(&self) {
        self.unlocked.set(true);
    }
}

pub fn provide_nav() -> Nav {
    let nav = Nav { screen: RwSignal::new(Screen::Home), unlocked: RwSignal::new(false) };
    provide_context(nav);
    nav
}

/// The device's storage (localStorage in the app, the in-memory twin in tests).
#[derive(Clone)]
pub struct AppStore(pub Arc<dyn Store + Send + Sync>);

impl AppStore {
    pub fn get(&self) -> &dyn Store {
        self.0.as_ref()
    }
}

/// The tab's own storage (sessionStorage in the browser): only the current pupil's unfinished
/// answers, which must never reach another tab or outlive the tab.
#[derive(Clone)]
pub struct PupilStore(pub Arc<dyn Store + Send + Sync>);

impl PupilStore {
    pub fn get(&self) -> &dyn Store {
        self.0.as_ref()
    }
}

pub fn provide_store(store: Arc<dyn Store + Send + Sync>) -> AppStore {
    let s = AppStore(store);
    provide_context(s.clone());
    s
}

/// Surveys and frameworks, built-in and loaded, plus anything that went wrong loading them.
#[derive(Debug, Clone, Copy)]
pub struct CatalogueCtx {
    pub catalogue: RwSignal<Catalogue>,
    /// Problems met at start: a built-in file that failed, a stored file that no longer loads.
    pub startup_problems: RwSignal<Vec<String>>,
}

/// Problems met at start, shown to the facilitator (Surveys and plans).
#[derive(Debug, Clone, Copy)]
pub struct StartupProblems(pub RwSignal<Vec<String>>);

pub fn provide_problems() -> StartupProblems {
    let p = StartupProblems(RwSignal::new(Vec::new()));
    provide_context(p);
    p
}

/// The built-in content (fetched, or compiled in for tests) and the files loaded before,
/// restored from storage. Built-in content that failed to load is reported, not fatal.
pub fn provide_catalogue(
    store: &AppStore,
    builtin: Result<Library, String>,
    problems: StartupProblems,
) -> CatalogueCtx {
    let builtin = builtin.unwrap_or_else(|e| {
        problems.0.update(|p| p.push(format!("Built-in content could not be loaded. {e}")));
        Library { surveys: Vec::new(), earlier: Vec::new(), frameworks: Vec::new() }
    });
    let mut catalogue = Catalogue::new(builtin);
    let restored = storage::catalogue::restore(store.get(), &mut catalogue);
    problems.0.update(|p| p.extend(restored));
    let ctx = CatalogueCtx { catalogue: RwSignal::new(catalogue), startup_problems: problems.0 };
    provide_context(ctx);
    ctx
}

/// The interface's words in the pupil's language. Facilitator screens are in English.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub iface: StoredValue<yv_core::interface::Interface>,
    /// The language pupils see now.
    pub lang: RwSignal<String>,
}

impl Words {
    /// `key` in the current language (reactive when called inside a closure).
    pub fn t(&self, key: &str) -> String {
        let lang = self.lang.get();
        self.iface.with_value(|i| i.t(&lang, key, &[]))
    }

    /// `key` with `{name}` placeholders filled.
    pub fn t_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let lang = self.lang.get();
        self.iface.with_value(|i| i.t(&lang, key, args))
    }
}

/// The interface text; a broken file is reported at start and English keys shown.
pub fn provide_words(iface: Result<yv_core::interface::Interface, String>, problems: StartupProblems) -> Words {
    let iface = iface.unwrap_or_else(|e| {
        problems.0.update(|p| p.push(format!("Interface text could not be loaded. {e}")));
        yv_core::interface::Interface { languages: Vec::new(), strings: Default::default() }
    });
    let words = Words { iface: StoredValue::new(iface), lang: RwSignal::new("en".to_string()) };
    provide_context(words);
    words
}

/// The session running in kiosk mode, with its survey.
#[derive(Debug, Clone)]
pub struct Kiosk {
    pub session: yv_core::envelope::Session,
    pub survey: yv_core::Survey,
}

/// Whether the tablet is in kiosk mode, and for which session.
#[derive(Debug, Clone, Copy)]
pub struct KioskCtx(pub RwSignal<Option<Kiosk>>);

pub fn provide_kiosk() -> KioskCtx {
    let k = KioskCtx(RwSignal::new(None));
    provide_context(k);
    k
}

/// The app's version and whether a newer one is waiting (see `platform::update`).
#[derive(Debug, Clone, Copy)]
pub struct UpdateCtx(pub RwSignal<crate::platform::update::UpdateState>);

/// Sealed sessions' keys opened with the passphrase or a recovery file (issue 13), by session
/// id: only in memory, gone when the app closes.
#[derive(Clone, Copy)]
pub struct SessionKeys(pub StoredValue<std::collections::HashMap<String, yv_core::seal::SessionKey>>);

pub fn provide_keys() -> SessionKeys {
    let k = SessionKeys(StoredValue::new(Default::default()));
    provide_context(k);
    k
}
