use crate::storage;
use crate::ui::context::{AppStore, CatalogueCtx};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use yv_core::catalogue::Loaded;
use yv_core::{LoadError, MAX_FILE_BYTES};

/// What happened to the last file chosen.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Loaded(String),
    Refused(LoadError),
    NotStored(String),
}

/// Load a facilitator's own survey or framework file. It is checked completely before anything
/// is stored; a refused file changes nothing.
#[component]
pub fn FileLoader() -> impl IntoView {
    let store = expect_context::<AppStore>();
    let ctx = expect_context::<CatalogueCtx>();
    let outcome = RwSignal::new(None::<Outcome>);

    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        let size = file.size() as usize;
        if size > MAX_FILE_BYTES {
            outcome.set(Some(Outcome::Refused(LoadError::too_large(&name, size))));
            return;
        }
        let store = store.clone();
        spawn_local(async move {
            // The bytes, decoded here: the browser's own decoding turns every byte that is not
            // UTF-8 into a replacement character, silently (issue 16).
            let bytes = match crate::platform::read_file(&file).await {
                Ok(b) => b,
                Err(_) => {
                    outcome.set(Some(Outcome::NotStored(format!(
                        "{name} could not be read from the device. Nothing was changed."
                    ))));
                    return;
                }
            };
            let text = match yv_core::text::decode_text(&bytes) {
                Ok(t) => t,
                Err(why) => {
                    outcome.set(Some(Outcome::Refused(LoadError::not_text(&name, why))));
                    return;
                }
            };
            let lost = yv_core::text::lost_letters(text);
            let checked = ctx.catalogue.with_untracked(|c| c.check_file(&name, text));
            let result = match checked {
                Err(e) => Outcome::Refused(e),
                Ok(item) => match storage::catalogue::save_loaded(store.get(), &item) {
                    Err(e) => Outcome::NotStored(format!(
                        "{name} is valid but could not be stored: {e}. Nothing was changed."
                    )),
                    Ok(()) => {
                        let what = match &item {
                            Loaded::Survey(s) => format!(
                                "Loaded the survey \u{201c}{}\u{201d} (id {}, version {}).",
                                s.title.get(s.default_language(), "en"),
                                s.id,
                                s.version
                            ),
                            Loaded::Framework(f) => format!(
                                "Loaded the framework \u{201c}{}\u{201d} (id {}, {} indicators).",
                                f.name,
                                f.id,
                                f.indicators().len()
                            ),
                        };
                        ctx.catalogue.update(|c| c.add(item));
                        match &lost {
                            Some(w) => Outcome::Loaded(format!("{what} Warning: {}", yv_core::text::sentence(w))),
                            None => Outcome::Loaded(what),
                        }
                    }
                },
            };
            outcome.set(Some(result));
        });
    };

    view! {
        <section class="file-loader" aria-labelledby="load-title">
            <h2 id="load-title">"Load your own file"</h2>
            <p>
                "A survey or outcome framework in the Youth Voice format (a .json file, at most 1 MB). "
                "It is checked completely first; a file with problems changes nothing."
            </p>
            <label for="load-file">"Survey or framework file"</label>
            <input id="load-file" type="file" accept=".json,application/json" on:change=on_change/>
            <div aria-live="polite">
                {move || outcome.get().map(|o| match o {
                    Outcome::Loaded(msg) => view! { <p class="success" role="status">{msg}</p> }.into_any(),
                    Outcome::NotStored(msg) => view! { <p class="error" role="alert">{msg}</p> }.into_any(),
                    Outcome::Refused(e) => {
                        let heading = format!("{} was not loaded: {}. Nothing was changed.", e.file, e.count_text());
                        let items = e.problems.iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view();
                        view! {
                            <div class="error" role="alert">
                                <p>{heading}</p>
                                <ul class="problems">{items}</ul>
                            </div>
                        }.into_any()
                    }
                })}
            </div>
        </section>
    }
}
