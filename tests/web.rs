//! Browser tests: components mounted in headless Chromium with wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use youth_voice::storage::{Key, LocalStore, Store, StoreExt};
use youth_voice::ui::widgets::SupportPanel;
use youth_voice::ui::App;

wasm_bindgen_test_configure!(run_in_browser);

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
    let _handle = leptos::mount::mount_to(root.clone(), App);
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
