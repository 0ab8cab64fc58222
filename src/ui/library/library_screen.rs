use super::{FileLoader, FrameworkCard, SurveyCard};
use crate::ui::context::{CatalogueCtx, Nav, Screen};
use leptos::prelude::*;

/// Every survey and framework on this device, and a way to load more.
#[component]
pub fn LibraryScreen() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let ctx = expect_context::<CatalogueCtx>();
    let surveys = move || {
        ctx.catalogue.with(|c| {
            c.surveys().map(|(s, origin)| view! { <SurveyCard survey=s.clone() origin=origin/> }).collect_view()
        })
    };
    let frameworks = move || {
        ctx.catalogue.with(|c| {
            let surveys: Vec<_> = c.surveys().map(|(s, _)| s.clone()).collect();
            c.frameworks()
                .map(|(f, origin)| {
                    view! { <FrameworkCard framework=f.clone() origin=origin surveys=surveys.clone()/> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="screen library" aria-labelledby="library-title">
            <h1 id="library-title">"Surveys and plans"</h1>
            <p>
                "Choose what pupils are asked, and which council plan their answers report against. "
                "Every outcome and indicator of each plan is listed, with whether a pupil survey can measure it."
            </p>
            <Show when=move || !ctx.startup_problems.read().is_empty()>
                <div class="error" role="alert">
                    <h2>"Some saved files could not be loaded"</h2>
                    <p>"They are still stored on this device and nothing was deleted."</p>
                    <ul>
                        {move || ctx.startup_problems.get().into_iter().map(|p| view! { <li class="pre">{p}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            <h2>"Surveys"</h2>
            <div class="cards">{surveys}</div>
            <h2>"Outcome frameworks"</h2>
            <div class="cards wide">{frameworks}</div>
            <FileLoader/>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| nav.go(Screen::Home)>"Back to start"</button>
            </div>
        </section>
    }
}
