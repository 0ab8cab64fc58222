use crate::actions;
use crate::storage::votes::{self, StoredVote};
use crate::ui::context::{AppStore, Nav, Screen, VoteCtx};
use crate::ui::facilitator::PinPrompt;
use leptos::prelude::*;
use yv_core::results::DEFAULT_THRESHOLD;
use yv_core::vote::{Board, GroupFigures, ItemTally, VoteKind};

/// "1st", "=2nd": a rank in words, marked when shared.
fn place(rank: u32, shared: bool) -> String {
    let suffix = match (rank % 10, rank % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{}{rank}{suffix}", if shared { "=" } else { "" })
}

/// A vote's results for a projector: very large type, high contrast, bars with their numbers in
/// words. Hidden while the vote is open (unless the facilitator chose to show it live); with
/// fewer voters than the small-number threshold only the order is shown, never a count.
#[component]
pub fn BoardScreen() -> impl IntoView {
    let nav = expect_context::<Nav>();
    view! {
        <Show when=move || nav.unlocked() fallback=move || view! {
            <PinPrompt purpose="the results board" on_unlock=Callback::new(move |_| nav.unlock()) on_cancel=Callback::new(move |_| nav.go(Screen::Home)) cancel_label="Back to the first screen"/>
        }>
            <BoardBody/>
        </Show>
    }
}

#[component]
fn BoardBody() -> impl IntoView {
    let store = expect_context::<AppStore>();
    let current = expect_context::<VoteCtx>();
    let nav = expect_context::<Nav>();
    let refresh = RwSignal::new(0u32);
    // Ballots given in another tab of this browser (a voting tablet beside the projector) arrive
    // through the storage event.
    let listener = window_event_listener_untyped("storage", move |_| refresh.update(|n| *n += 1));
    on_cleanup(move || listener.remove());
    let loaded = {
        let store = store.clone();
        Memo::new(move |_| {
            // The counter is part of the value, so that ballots arriving (the vote record
            // unchanged) still redraw the board.
            let n = refresh.get();
            let id = current.0.get()?;
            votes::vote(store.get(), &id).ok().flatten().map(|v| (v, n))
        })
    };
    // Why closing failed, said on the board (the vote then stays open, and says so).
    let problem = RwSignal::new(None::<String>);
    let close = {
        let store = store.clone();
        move |_| {
            if let Some(id) = current.0.get_untracked() {
                let closed = votes::set_open(store.get(), &id, false)
                    .map_err(|e| format!("The vote was not closed: {e}."))
                    .and_then(|()| {
                        votes::set_voting(store.get(), None).map_err(|e| {
                            format!("The vote is closed, but this tablet could not stop offering its ballot: {e}. Ballots given now are refused.")
                        })
                    });
                problem.set(closed.err());
                refresh.update(|n| *n += 1);
            }
        }
    };
    let shown = move || {
        let (v, _): (StoredVote, u32) = loaded.get()?;
        let shown = match actions::votes::shown(store.get(), &v, DEFAULT_THRESHOLD) {
            Ok(s) => s,
            Err(e) => {
                return Some(
                    view! {
                        <h1 id="board-title">{v.vote.question.clone()}</h1>
                        <p class="error" role="alert">{e}</p>
                    }
                    .into_any(),
                )
            }
        };
        let ranked = v.vote.kind == VoteKind::TopThree;
        let vote = StoredValue::new(v.vote.clone());
        let text = move |id: &str| {
            vote.with_value(|v| v.items.iter().find(|i| i.id == id).map(|i| i.text.clone())).unwrap_or_default()
        };
        let shared = |rank: u32, t: &[(String, u32)]| t.iter().filter(|(_, r)| *r == rank).count() > 1;
        let figure = move |i: &ItemTally| {
            if ranked {
                format!("{} points \u{b7} {} first choice{}", i.score, i.first(), if i.first() == 1 { "" } else { "s" })
            } else {
                format!("{} vote{}", i.score, if i.score == 1 { "" } else { "s" })
            }
        };
        let body = match shown.board {
            Board::Hidden { voters } => view! {
                <p class="board-hidden" role="status">{if shown.live_too_few {
                    format!("Results show once {DEFAULT_THRESHOLD} people have voted, so that no one's vote can be worked out.")
                } else {
                    "Results are hidden until the vote is closed.".to_string()
                }}</p>
                // Below the threshold the board says only that: with the ranks shown after the
                // close, an exact small total could let a count be worked out.
                <p class="board-count" data-testid="board-voters">{if voters < DEFAULT_THRESHOLD {
                    format!("Fewer than {DEFAULT_THRESHOLD} votes so far")
                } else {
                    format!("{voters} votes so far")
                }}</p>
            }
            .into_any(),
            Board::RanksOnly { voters_below, order } => {
                let rows = order
                    .iter()
                    .map(|(id, rank)| view! { <li><span class="board-rank">{place(*rank, shared(*rank, &order))}</span>" "<span class="board-item" dir="auto">{text(id)}</span></li> })
                    .collect_view();
                view! {
                    <p class="board-note" role="status">{format!("Fewer than {voters_below} people voted, so only the order is shown, not how many votes each item got.")}</p>
                    <ol class="board-ranks">{rows}</ol>
                }
                .into_any()
            }
            Board::Counts(t) => {
                let top = t.items.iter().map(|i| i.score).max().unwrap_or(0).max(1);
                let pairs: Vec<(String, u32)> = t.items.iter().map(|i| (i.item.clone(), i.rank)).collect();
                let rows = t
                    .items
                    .iter()
                    .map(|i| {
                        let width = format!("width: {:.1}%", f64::from(i.score) * 100.0 / f64::from(top));
                        view! {
                            <li>
                                <div class="board-line">
                                    <span class="board-rank">{place(i.rank, shared(i.rank, &pairs))}</span>" "
                                    <span class="board-item" dir="auto">{text(&i.item)}</span>" "
                                    <span class="board-figure">{figure(i)}</span>
                                </div>
                                <div class="board-bar" aria-hidden="true"><span style=width></span></div>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <p class="board-count" data-testid="board-voters">{format!("{} voters", t.voters)}</p>
                    <ol class="board-counts">{rows}</ol>
                }
                .into_any()
            }
        };
        let waiting = (shown.waiting > 0).then(|| {
            let n = shown.waiting;
            view! {
                <p class="board-note" data-testid="board-waiting">{format!(
                    "{n} more vote{} came in after these results were first shown. They are added once there are at least {DEFAULT_THRESHOLD}, so that no one's vote can be worked out from the difference.",
                    if n == 1 { "" } else { "s" }
                )}</p>
            }
        });
        let groups = shown.breakdown.map(|b| {
            let body = if b.withheld {
                view! { <p class="board-note">{format!("The groups are too small to show without giving away how someone voted (fewer than {DEFAULT_THRESHOLD} in a group), so there are no results by group.")}</p> }.into_any()
            } else {
                // Groups nobody said they were in are listed in one line, not as empty tables.
                let name_of = move |g: &Option<String>| {
                    vote.with_value(|v| v.group_text(g.as_deref()).map(str::to_string)).unwrap_or_else(|| "Did not say".to_string())
                };
                let empty: Vec<String> = b
                    .groups
                    .iter()
                    .filter(|(_, f)| matches!(f, GroupFigures::Shown(t) if t.voters == 0))
                    .map(|(g, _)| name_of(g))
                    .collect();
                let empty = (!empty.is_empty()).then(|| view! { <p class="small">{format!("No votes from: {}.", empty.join(", "))}</p> });
                let groups = b
                    .groups
                    .into_iter()
                    .filter(|(_, f)| !matches!(f, GroupFigures::Shown(t) if t.voters == 0))
                    .map(|(g, figures)| {
                        let name = name_of(&g);
                        match figures {
                            GroupFigures::Hidden => view! {
                                <div class="board-group">
                                    <h3 dir="auto">{name}</h3>
                                    <p>{format!("Not shown: fewer than {DEFAULT_THRESHOLD} voters, or hidden so that a small group cannot be worked out.")}</p>
                                </div>
                            }
                            .into_any(),
                            GroupFigures::Shown(t) => {
                                let pairs: Vec<(String, u32)> = t.items.iter().map(|i| (i.item.clone(), i.rank)).collect();
                                let rows = t
                                    .items
                                    .iter()
                                    .map(|i| view! {
                                        <li class="board-line">
                                            <span class="board-rank">{place(i.rank, shared(i.rank, &pairs))}</span>" "
                                            <span class="board-item" dir="auto">{text(&i.item)}</span>" "
                                            <span class="board-figure">{figure(i)}</span>
                                        </li>
                                    })
                                    .collect_view();
                                view! {
                                    <div class="board-group">
                                        <h3><span dir="auto">{name}</span>{format!(" \u{b7} {} voter{}", t.voters, if t.voters == 1 { "" } else { "s" })}</h3>
                                        <ol class="board-group-list">{rows}</ol>
                                    </div>
                                }
                                .into_any()
                            }
                        }
                    })
                    .collect_view();
                view! { {groups}{empty} }.into_any()
            };
            view! {
                <section class="board-groups" aria-labelledby="board-groups-title">
                    <h2 id="board-groups-title">"By group: "<span dir="auto">{b.question}</span></h2>
                    {body}
                </section>
            }
        });
        Some(view! {
            <h1 id="board-title" dir="auto">{v.vote.question.clone()}</h1>
            <p class="board-status">{if v.open { "Voting is open." } else { "Voting is closed." }}</p>
            {body}
            {waiting}
            {groups}
            <p class="board-method">{format!("How it is counted: {}", v.vote.kind.method())}</p>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            {v.open.then(|| view! { <div class="actions no-print"><button type="button" on:click=close.clone()>"Close the vote and show the results"</button></div> })}
        }
        .into_any())
    };
    view! {
        <section class="screen board" aria-labelledby="board-title" lang="en" dir="ltr">
            {move || shown().unwrap_or_else(|| view! { <h1 id="board-title">"This vote is not on this device"</h1> }.into_any())}
            <div class="actions no-print">
                <button type="button" class="secondary" on:click=move |_| refresh.update(|n| *n += 1)>"Update"</button>
                <button type="button" class="secondary" on:click=move |_| nav.go(Screen::Votes)>"Back to votes"</button>
            </div>
        </section>
    }
}
