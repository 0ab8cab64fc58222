//! Browser tests: components mounted in headless Chromium with wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use youth_voice::storage::{Key, LocalStore, Store, StoreExt};
use youth_voice::ui::app::AppWith;
use youth_voice::ui::widgets::SupportPanel;

wasm_bindgen_test_configure!(run_in_browser);

/// The built-in content, compiled in for tests (the app fetches it as static files).
fn builtin() -> yv_core::builtin::Library {
    yv_core::builtin::library().unwrap()
}

fn iface() -> yv_core::interface::Interface {
    yv_core::interface::interface().unwrap()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container for one test's component.
fn container() -> web_sys::HtmlElement {
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

#[wasm_bindgen_test]
fn app_shell_shows_name_landmarks_and_support() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        view! { <AppWith store=std::sync::Arc::new(LocalStore) builtin=builtin() iface=iface()/> }
    });
    let h1 = root.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(h1.text_content().unwrap(), "Youth Voice");
    assert!(root.query_selector("header").unwrap().is_some(), "banner landmark");
    assert!(root.query_selector("main#main").unwrap().is_some(), "main landmark");
    assert!(root.query_selector("footer").unwrap().is_some(), "contentinfo landmark");
    assert!(root.query_selector(".support-toggle").unwrap().is_some(), "Need to talk? on the first screen");
}

#[wasm_bindgen_test]
async fn support_panel_opens_with_childline() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || view! { <SupportPanel/> });
    let toggle: web_sys::HtmlElement = root.query_selector(".support-toggle").unwrap().unwrap().unchecked_into();
    let panel: web_sys::HtmlElement = root.query_selector("#support-panel").unwrap().unwrap().unchecked_into();
    assert!(panel.hidden(), "closed at first");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    toggle.click();
    // Leptos applies signal changes to the DOM on the next tick of its executor.
    tick().await;
    assert!(!panel.hidden(), "opens on click");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(panel.text_content().unwrap().contains("0800 1111"));
}

#[wasm_bindgen_test]
fn local_store_round_trips_in_the_real_browser() {
    let store = LocalStore;
    let key = Key::CustomSurvey("web-test".into());
    store.set(&key, &vec!["a".to_string()]).unwrap();
    assert_eq!(store.get::<Vec<String>>(&key).unwrap(), Some(vec!["a".to_string()]));
    assert!(store.keys().unwrap().contains(&key));
    store.remove(&key).unwrap();
    assert_eq!(store.get_raw(&key).unwrap(), None);
}

#[wasm_bindgen_test]
async fn the_tab_store_keeps_only_ciphertext_newest_last_and_opens_it_again() {
    use youth_voice::storage::sealed_tab;
    // A browser turn without the app's executor (no app is mounted here).
    async fn turn() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    let tab = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    tab.clear().unwrap();
    let store = sealed_tab::open().await;
    let key = Key::InProgress;
    // Three quick writes: reads see the newest at once; the tab ends with the newest, sealed.
    for text in ["{\"n\":1}", "{\"n\":2}", "{\"n\":3,\"secret\":\"bullied\"}"] {
        store.set_raw(&key, text).unwrap();
        assert_eq!(store.get_raw(&key).unwrap().as_deref(), Some(text));
    }
    let mut raw = None;
    for _ in 0..200 {
        turn().await;
        raw = tab.get_item(&key.to_string()).unwrap();
        if raw.is_some() {
            break;
        }
    }
    let raw = raw.expect("the sealed value reached sessionStorage");
    assert!(raw.starts_with("sealed:") && !raw.contains("bullied") && !raw.contains('{'), "{raw}");
    // Let any late write finish, then a fresh open (as after a reload) reads the newest back.
    for _ in 0..20 {
        turn().await;
    }
    let again = sealed_tab::open().await;
    assert_eq!(again.get_raw(&key).unwrap().as_deref(), Some("{\"n\":3,\"secret\":\"bullied\"}"));
    // A value left unsealed by an older version is taken over and sealed.
    tab.set_item(&key.to_string(), "{\"old\":true}").unwrap();
    let taken = sealed_tab::open().await;
    assert_eq!(taken.get_raw(&key).unwrap().as_deref(), Some("{\"old\":true}"));
    // Removing is immediate, in memory and in the tab.
    taken.remove(&key).unwrap();
    assert_eq!(taken.get_raw(&key).unwrap(), None);
    for _ in 0..20 {
        turn().await;
    }
    assert_eq!(tab.get_item(&key.to_string()).unwrap(), None, "a late sealed write never brings it back");
}

/// Let timers and the app's background reading run: one browser turn.
async fn turn() {
    youth_voice::platform::next_tick().await;
    tick().await;
}

fn button(root: &web_sys::HtmlElement, text: &str) -> web_sys::HtmlElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

#[wasm_bindgen_test]
async fn results_open_behind_the_pin_and_count_the_stored_responses() {
    use std::sync::Arc;
    use youth_voice::storage::{sessions, MemoryStore};
    use yv_core::envelope::{Session, StoredResponse};

    // A device holding one secondary session of 24 responses, and a PIN (few rounds: a test).
    let store = MemoryStore::new();
    let lib = yv_core::builtin::library().unwrap();
    let survey = lib.survey("secondary").unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let session = Session {
        id: "s-web".into(),
        survey: "secondary".into(),
        survey_version: survey.version.clone(),
        framework: "calderdale".into(),
        group: "Year 9, Web Test School".into(),
        started: date,
        idle_seconds: 120,
        left_out: Vec::new(),
        auto_advance: true,
        seal: None,
    };
    sessions::save_session(&store, &session).unwrap();
    let answers = yv_core::synthetic::responses(survey, 24, 7);
    for (i, a) in answers.iter().enumerate() {
        sessions::save_response(&store, survey, &StoredResponse::new(&session, format!("r{i}"), date, a.clone()))
            .unwrap();
    }
    sessions::save_pin_hash(&store, &yv_core::pin::hash_pin("482913", [7; 16], 1)).unwrap();
    let fw = lib.framework("calderdale").unwrap();
    let refs: Vec<&yv_core::Answers> = answers.iter().collect();
    let expected = yv_core::results::session_results(
        survey,
        fw,
        &lib.frameworks.iter().collect::<Vec<_>>(),
        &refs,
        Default::default(),
        "en",
    );
    let self_esteem = expected.indicators.iter().find(|i| i.indicator_id == "cal-self-esteem").unwrap();
    let yv_core::results::Outcome::Counted { all, .. } = &self_esteem.outcome else { panic!("measured") };

    let root = container();
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <AppWith store=Arc::new(store) builtin=builtin() iface=iface()/> },
    );
    button(&root, "Results").click();
    tick().await;
    let pin: web_sys::HtmlInputElement =
        root.query_selector("#pin").unwrap().expect("PIN asked first").unchecked_into();
    assert!(root.query_selector("table.outcomes").unwrap().is_none(), "nothing before the PIN");
    pin.set_value("482913");
    pin.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    button(&root, "Unlock").click();
    let mut table = None;
    for _ in 0..200 {
        turn().await;
        table = root.query_selector("tr[data-indicator='cal-self-esteem'][data-group='all']").unwrap();
        if table.is_some() {
            break;
        }
    }
    let row = table.expect("the outcome table appears");
    assert_eq!(
        root.query_selector("[data-testid='summary-n']").unwrap().unwrap().text_content().unwrap(),
        "24 responses"
    );
    let cells = row.query_selector_all("td.num").unwrap();
    let text = |i| cells.item(i).unwrap().text_content().unwrap();
    assert_eq!(text(0), all.base().map(|b| b.to_string()).unwrap_or_else(|| "–".into()));
    assert_eq!(text(1), all.positive().map(|b| b.to_string()).unwrap_or_else(|| "–".into()));
}
