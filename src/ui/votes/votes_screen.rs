use super::new_vote::NewVote;
use super::vote_list::VoteList;
use super::you_said::YouSaidEditor;
use crate::storage::votes;
use crate::ui::context::{AppStore, Nav, Screen, VoteCtx};
use crate::ui::facilitator::PinPrompt;
use leptos::prelude::*;

/// What the votes screen's parts share: a counter bumped after every change (lists re-read
/// storage) and the last action's message.
#[derive(Debug, Clone, Copy)]
pub struct VotesCtx {
    pub refresh: RwSignal<u32>,
    pub notice: RwSignal<Option<(bool, String)>>,
}

impl VotesCtx {
    pub fn changed(&self) {
        self.refresh.update(|n| *n += 1);
    }

    pub fn say(&self, ok: bool, text: impl Into<String>) {
        self.notice.set(Some((ok, text.into())));
    }
}

/// Youth Council votes and "You said, we did", behind the facilitator PIN.
#[component]
pub fn VotesScreen() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let store = expect_context::<AppStore>();
    let current = expect_context::<VoteCtx>();
    // Giving up on the PIN goes back to the voters if a vote is taking ballots here.
    let voting_here = votes::voting(store.get()).ok().flatten().is_some();
    let cancel = Callback::new(move |_| {
        let voting = votes::voting(store.get()).ok().flatten();
        match voting {
            Some(id) => {
                current.0.set(Some(id));
                nav.go(Screen::Voting);
            }
            None => nav.go(Screen::Home),
        }
    });
    view! {
        <Show when=move || nav.unlocked() fallback=move || view! {
            <PinPrompt purpose="the Youth Council votes" on_unlock=Callback::new(move |_| nav.unlock()) on_cancel=cancel
                cancel_label=if voting_here { "Back to voting" } else { "Back to the first screen" }/>
        }>
            <VotesBody/>
        </Show>
    }
}

#[component]
fn VotesBody() -> impl IntoView {
    let nav = expect_context::<Nav>();
    let ctx = VotesCtx { refresh: RwSignal::new(0), notice: RwSignal::new(None) };
    provide_context(ctx);
    view! {
        <section class="screen votes" aria-labelledby="votes-title" lang="en" dir="ltr">
            <div class="results-head">
                <h1 id="votes-title">"Youth Council votes"</h1>
                <button type="button" class="secondary" on:click=move |_| nav.go(Screen::Home)>"Close"</button>
            </div>
            <p>"Young people vote on this tablet one after another, or on several tablets whose vote files are brought together here. Nobody's name is asked or kept, and results wait until you close the vote."</p>
            <VoteList/>
            <NewVote/>
            <YouSaidEditor/>
            <div class="results-notice" role="status">
                {move || ctx.notice.get().map(|(ok, text)| view! {
                    <p class=if ok { "success" } else { "error" }>
                        {text}
                        <button type="button" class="link" on:click=move |_| ctx.notice.set(None)>"Dismiss"</button>
                    </p>
                })}
            </div>
        </section>
    }
}
