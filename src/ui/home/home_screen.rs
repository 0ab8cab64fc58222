use crate::ui::context::{Nav, Screen};
use leptos::prelude::*;

/// The first screen: what Youth Voice is, what it promises, and where to go next.
#[component]
pub fn HomeScreen() -> impl IntoView {
    let nav = expect_context::<Nav>();
    view! {
        <section class="screen home" aria-labelledby="home-title">
            <h1 id="home-title">"Youth Voice"</h1>
            <p class="lead">"Have your say. Your answers help make things better for young people where you live."</p>
            <ul class="promises">
                <li>"No names. Nobody can tell who gave which answer."</li>
                <li>"You can skip any question and stop at any time."</li>
                <li>"Answers stay on this device until a teacher or youth worker collects them. They never have your name."</li>
            </ul>
            <h2>"For facilitators"</h2>
            <div class="actions">
                <button type="button" on:click=move |_| nav.go(Screen::Setup)>"Start a survey session"</button>
                <button type="button" class="secondary" on:click=move |_| nav.go(Screen::Results)>"Results"</button>
                <button type="button" class="secondary" on:click=move |_| nav.go(Screen::Votes)>"Youth Council votes"</button>
                <button type="button" class="secondary" on:click=move |_| nav.go(Screen::Library)>"Surveys and plans"</button>
            </div>
        </section>
    }
}
