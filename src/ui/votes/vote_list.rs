use super::votes_screen::VotesCtx;
use crate::actions::votes::{import_vote_files, vote_csv, vote_file};
use crate::platform;
use crate::storage::votes::{self, StoredVote};
use crate::ui::context::{AppStore, Nav, Screen, VoteCtx};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use yv_core::results::DEFAULT_THRESHOLD;

/// Every vote on this device with what can be done with it, and importing vote files.
#[component]
pub fn VoteList() -> impl IntoView {
    let ctx = expect_context::<VotesCtx>();
    let store = expect_context::<AppStore>();
    let list = {
        let store = store.clone();
        Memo::new(move |_| {
            ctx.refresh.track();
            let (vs, problems) = votes::votes(store.get()).unwrap_or_default();
            let counted: Vec<(StoredVote, usize)> = vs
                .into_iter()
                .map(|v| {
                    let n = votes::ballots(store.get(), &v.vote.id).map(|(b, _)| b.len()).unwrap_or(0);
                    (v, n)
                })
                .collect();
            (counted, problems)
        })
    };
    let on_files = {
        let store = store.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let files = platform::files_of(input.files());
            input.set_value("");
            let store = store.clone();
            spawn_local(async move {
                let mut read = Vec::new();
                let mut said = Vec::new();
                for f in files {
                    match platform::read_file(&f).await {
                        Ok(bytes) => read.push((f.name(), bytes)),
                        Err(e) => said.push((false, format!("{} could not be read: {e}", f.name()))),
                    }
                }
                said.extend(import_vote_files(store.get(), &read, platform::today()));
                let ok = said.iter().all(|(ok, _)| *ok);
                ctx.say(ok, said.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" "));
                ctx.changed();
            });
        }
    };
    view! {
        <section aria-labelledby="vote-list-title">
            <h2 id="vote-list-title">"Votes on this device"</h2>
            {move || list.with(|(vs, problems)| {
                let problems = problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view();
                let rows = vs.iter().cloned().map(|(v, n)| view! { <VoteRow vote=v ballots=n/> }).collect_view();
                view! {
                    <ul class="problems">{problems}</ul>
                    {vs.is_empty().then(|| view! { <p>"No votes yet. Set one up below, or import a vote file from another tablet."</p> })}
                    <ul class="vote-list">{rows}</ul>
                }
            })}
            <label for="vote-files">"Import vote files from other tablets"</label>
            <input id="vote-files" type="file" multiple accept=".json,application/json" on:change=on_files/>
            <p class="small">"A vote file sets the vote up on a tablet that does not have it yet, and brings that tablet's ballots here. Each ballot is counted once however often a file is imported."</p>
        </section>
    }
}

#[component]
fn VoteRow(vote: StoredVote, ballots: usize) -> impl IntoView {
    let ctx = expect_context::<VotesCtx>();
    let store = expect_context::<AppStore>();
    let nav = expect_context::<Nav>();
    let current = expect_context::<VoteCtx>();
    let confirm_delete = RwSignal::new(false);
    let v = StoredValue::new(vote.clone());
    let id = vote.vote.id.clone();
    let title_id = format!("vote-{id}");
    let shown_before = vote.release.is_some();
    let set_open = {
        let store = store.clone();
        move |open: bool| {
            match votes::set_open(store.get(), &v.with_value(|s| s.vote.id.clone()), open) {
                Ok(()) => {
                    if !open {
                        if let Err(e) = votes::set_voting(store.get(), None) {
                            ctx.say(false, format!("The vote is closed, but this tablet could not stop offering its ballot: {e}. Ballots given now are refused."));
                            ctx.changed();
                            return;
                        }
                    }
                    ctx.say(
                        true,
                        if open && shown_before {
                            "The vote is open again. The results already shown stay as they are until at least 10 more votes have come in, so that no one's vote can be worked out from the difference."
                        } else if open {
                            "The vote is open again."
                        } else {
                            "The vote is closed: its results can be shown and downloaded."
                        },
                    );
                }
                Err(e) => ctx.say(false, format!("Nothing changed: {e}.")),
            }
            ctx.changed();
        }
    };
    let start = {
        let store = store.clone();
        move |_| {
            let s = v.get_value();
            if let Err(e) = votes::set_voting(store.get(), Some(&s.vote.id)) {
                ctx.say(false, format!("Voting could not start: {e}."));
                return;
            }
            current.0.set(Some(s.vote.id.clone()));
            nav.go(Screen::Voting);
        }
    };
    let board = move |_| {
        current.0.set(Some(v.with_value(|s| s.vote.id.clone())));
        nav.go(Screen::Board);
    };
    let csv = {
        let store = store.clone();
        move |_| {
            let made = vote_csv(store.get(), &v.get_value(), DEFAULT_THRESHOLD, platform::today());
            let said = made.and_then(|f| {
                platform::download(&f.name, &f.bytes, "text/csv").map_err(|e| e.to_string())?;
                Ok(format!("Downloaded {} ({} bytes).", f.name, f.bytes.len()))
            });
            match said {
                Ok(t) => ctx.say(true, t),
                Err(e) => ctx.say(false, format!("Nothing was downloaded: {e}")),
            }
        }
    };
    let file = {
        let store = store.clone();
        move |_| {
            let made = vote_file(store.get(), &v.get_value(), platform::today());
            let said = made.and_then(|f| {
                platform::download(&f.name, &f.bytes, "application/json").map_err(|e| e.to_string())?;
                Ok(format!(
                    "Downloaded {} (the vote and {ballots} ballot{}).",
                    f.name,
                    if ballots == 1 { "" } else { "s" }
                ))
            });
            match said {
                Ok(t) => ctx.say(true, t),
                Err(e) => ctx.say(false, format!("Nothing was downloaded: {e}")),
            }
        }
    };
    let delete = {
        let store = store.clone();
        move |_| {
            match votes::delete_vote(store.get(), &v.with_value(|s| s.vote.id.clone())) {
                Ok(n) => ctx.say(
                    true,
                    format!(
                        "The vote and its {n} ballot{} were deleted from this device.",
                        if n == 1 { "" } else { "s" }
                    ),
                ),
                Err(e) => ctx.say(false, format!("The vote was not deleted: {e}.")),
            }
            ctx.changed();
        }
    };
    let open = vote.open;
    let (close_it, reopen) = (set_open.clone(), set_open);
    view! {
        <li class="vote-card" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{vote.vote.question.clone()}</h3>
            <p class="small">{vote.vote.kind.method()}</p>
            <p data-testid="vote-status">{format!("{} \u{b7} {ballots} ballot{} on this device \u{b7} {} items \u{b7} results {}",
                if open { "Open" } else { "Closed" }, if ballots == 1 { "" } else { "s" }, vote.vote.items.len(),
                if vote.vote.hidden_until_closed || vote.vote.groups.is_some() { "hidden until closed" } else { "shown live" })}
                {vote.vote.groups.as_ref().map(|_| " \u{b7} results by group")}</p>
            <div class="actions">
                {open.then(|| view! { <button type="button" on:click=start.clone()>"Start voting on this tablet"</button> })}
                <button type="button" class="secondary" on:click=board>"Show results board"</button>
                {if open {
                    view! { <button type="button" class="secondary" on:click=move |_| close_it(false)>"Close vote"</button> }.into_any()
                } else {
                    view! { <button type="button" class="secondary" on:click=move |_| reopen(true)>"Reopen vote"</button> }.into_any()
                }}
                <button type="button" class="secondary" disabled=open on:click=csv>"Download results CSV"</button>
                <button type="button" class="secondary" on:click=file>"Download vote file"</button>
                <button type="button" class="secondary danger" on:click=move |_| confirm_delete.set(true)>"Delete\u{2026}"</button>
            </div>
            <Show when=move || confirm_delete.get()>
                <p role="alert">{format!("Delete this vote and its {ballots} ballot{} from this device? Download the vote file first if you still need them.", if ballots == 1 { "" } else { "s" })}</p>
                <div class="actions">
                    <button type="button" class="danger" on:click=delete.clone()>"Yes, delete the vote"</button>
                    <button type="button" class="secondary" on:click=move |_| confirm_delete.set(false)>"Keep it"</button>
                </div>
            </Show>
        </li>
    }
}
