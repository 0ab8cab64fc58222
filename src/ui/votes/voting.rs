use crate::platform;
use crate::storage::votes;
use crate::ui::context::{AppStore, Nav, Screen, VoteCtx, Words};
use crate::ui::pupil::{sync_page_language, LanguagePicker};
use leptos::prelude::*;
use std::time::Duration;
use yv_core::vote::{Ballot, Vote, VoteKind, DEFAULT_GROUP_QUESTION};

/// Seconds the thank-you shows before the ballot is ready for the next voter.
const THANKS_SECONDS: u64 = 8;

/// The voter's answer to a vote's group question.
#[derive(Debug, Clone, PartialEq)]
enum GroupChoice {
    Unanswered,
    Declined,
    Group(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Choosing,
    Thanks,
    /// The ballot could not be stored: the choices stay, the voter is asked to tell an adult.
    Failed(String),
}

/// A ballot for one voter after another on this tablet. Choosing is by tap or keyboard (every
/// item is a button); a top-three ranking is built by tapping in order and can be reordered with
/// buttons, never by dragging. The ballot is stored before the voter is thanked.
#[component]
pub fn VotingScreen() -> impl IntoView {
    let store = expect_context::<AppStore>();
    let current = expect_context::<VoteCtx>();
    let nav = expect_context::<Nav>();
    let vote = current.0.get_untracked().and_then(|id| votes::vote(store.get(), &id).ok().flatten());
    let Some(stored) = vote else {
        return view! {
            <section class="screen voting" lang="en" dir="ltr">
                <h1>"No vote is running"</h1>
                <p>"This vote is not on this device any more."</p>
                <button type="button" on:click=move |_| nav.go(Screen::Votes)>"For adults"</button>
            </section>
        }
        .into_any();
    };
    view! { <VoteBallot vote=stored.vote/> }.into_any()
}

#[component]
fn VoteBallot(vote: Vote) -> impl IntoView {
    let store = expect_context::<AppStore>();
    let words = expect_context::<Words>();
    let nav = expect_context::<Nav>();
    let chosen = RwSignal::new(Vec::<String>::new());
    // The voter's group, if the vote asks: not answered, "Prefer not to say", or a group.
    let group = RwSignal::new(GroupChoice::Unanswered);
    let step = RwSignal::new(Step::Choosing);
    // Each voter may choose their language; the page's lang and dir follow it, and the next
    // voter starts in the first language again.
    sync_page_language(words);
    let first_language =
        StoredValue::new(words.iface.with_value(|i| i.languages.first().map(|l| l.code.clone())).unwrap_or_default());
    let next_voter = move || {
        words.lang.set(first_language.get_value());
        step.set(Step::Choosing);
    };
    let vote = StoredValue::new(vote);
    let max = vote.with_value(|v| v.kind.max_choices());
    let ranked = vote.with_value(|v| v.kind == VoteKind::TopThree);
    let text_of = move |id: &str| {
        vote.with_value(|v| v.items.iter().find(|i| i.id == id).map(|i| i.text.clone())).unwrap_or_default()
    };
    let tap = move |id: String| {
        chosen.update(|c| {
            if let Some(at) = c.iter().position(|x| x == &id) {
                c.remove(at);
            } else if max == 1 {
                *c = vec![id];
            } else if c.len() < max {
                c.push(id);
            }
        });
    };
    let send = move |_| {
        let Some(id) = platform::random_id() else {
            step.set(Step::Failed("this browser cannot make a random ballot id".into()));
            return;
        };
        let ballot = Ballot {
            id,
            vote: vote.with_value(|v| v.id.clone()),
            choices: chosen.get_untracked(),
            group: match group.get_untracked() {
                GroupChoice::Group(g) => Some(g),
                _ => None,
            },
        };
        match vote.with_value(|v| votes::save_ballot(store.get(), v, &ballot)) {
            Ok(()) => {
                chosen.set(Vec::new());
                group.set(GroupChoice::Unanswered);
                step.set(Step::Thanks);
            }
            Err(e) => step.set(Step::Failed(e.to_string())),
        }
    };
    let instruction = move || match vote.with_value(|v| v.kind) {
        VoteKind::Single => words.t("vote_choose_one"),
        VoteKind::Approval { max } => words.t_with("vote_choose_up_to", &[("max", &max.to_string())]),
        VoteKind::TopThree => words.t("vote_rank_three"),
    };
    let items = move || {
        vote.with_value(|v| v.items.clone())
            .into_iter()
            .map(|item| {
                let id = item.id.clone();
                let id_for_tap = id.clone();
                let place = {
                    let id = id.clone();
                    Signal::derive(move || chosen.with(|c| c.iter().position(|x| x == &id)))
                };
                let full = move || chosen.with(|c| c.len() >= max) && max > 1 && place.get().is_none();
                let spoken = move || match (ranked, place.get()) {
                    (true, Some(n)) => format!(", {}", words.t_with("vote_choice_n", &[("n", &(n + 1).to_string())])),
                    _ => String::new(),
                };
                view! {
                    <li>
                        <button type="button" class="option vote-option" class:chosen=move || place.get().is_some()
                            aria-pressed=move || place.get().is_some().to_string()
                            aria-disabled=move || full().to_string()
                            on:click=move |_| tap(id_for_tap.clone())>
                            {ranked.then(|| view! { <span class="rank-badge" aria-hidden="true">{move || place.get().map(|n| (n + 1).to_string()).unwrap_or_default()}</span> })}
                            <span dir="auto">{item.text.clone()}<span class="visually-hidden">{spoken}</span></span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let order = move || {
        let c = chosen.get();
        let n = c.len();
        c.into_iter()
            .enumerate()
            .map(|(i, id)| {
                let text = text_of(&id);
                let swap = move |a: usize, b: usize| chosen.update(|c| c.swap(a, b));
                let (up, down, remove) = (format!("{}: {text}", words.t("vote_move_up")), format!("{}: {text}", words.t("vote_move_down")), format!("{}: {text}", words.t("vote_remove")));
                let gone = id.clone();
                view! {
                    <li><div>
                        <span class="order-text" dir="auto">{text.clone()}</span>
                        <button type="button" class="secondary small" aria-label=up disabled=i == 0 on:click=move |_| swap(i, i - 1)>"\u{2191}"</button>
                        <button type="button" class="secondary small" aria-label=down disabled=i + 1 == n on:click=move |_| swap(i, i + 1)>"\u{2193}"</button>
                        <button type="button" class="secondary small" aria-label=remove on:click=move |_| chosen.update(|c| c.retain(|x| x != &gone))>"\u{2715}"</button>
                    </div></li>
                }
            })
            .collect_view()
    };
    // The group question: one button per group and "Prefer not to say", never required.
    let group_question = move || {
        vote.with_value(|v| v.groups.clone()).map(|g| {
        let choice = move |value: GroupChoice, label: String| {
            let pressed = {
                let value = value.clone();
                move || group.with(|c| *c == value)
            };
            view! {
                <li>
                    <button type="button" class="option vote-option vote-group-option" class:chosen=pressed.clone()
                        aria-pressed=move || pressed().to_string()
                        on:click=move |_| group.update(|c| *c = if *c == value { GroupChoice::Unanswered } else { value.clone() })>
                        <span dir="auto">{label}</span>
                    </button>
                </li>
            }
        };
        let buttons = g
            .options
            .into_iter()
            .map(|o| choice(GroupChoice::Group(o.id), o.text).into_any())
            .collect_view();
        view! {
            <section class="vote-group" aria-labelledby="vote-group-q">
                {if g.question == DEFAULT_GROUP_QUESTION {
                    view! { <h2 id="vote-group-q">{move || words.t("vote_group_year")}</h2> }.into_any()
                } else {
                    view! { <h2 id="vote-group-q" dir="auto">{g.question}</h2> }.into_any()
                }}
                <p class="small" id="vote-group-how">{move || words.t("vote_group_optional")}</p>
                <ul class="vote-options vote-groups" aria-describedby="vote-group-how">
                    {buttons}
                    {move || choice(GroupChoice::Declined, words.t("vote_prefer_not"))}
                </ul>
            </section>
        }
    })
    };
    // Back to a fresh ballot after a while, as the kiosk does between pupils.
    Effect::new(move |_| {
        if step.get() == Step::Thanks {
            let handle = set_timeout_with_handle(
                move || {
                    if step.get_untracked() == Step::Thanks {
                        next_voter();
                    }
                },
                Duration::from_secs(THANKS_SECONDS),
            );
            if let Ok(h) = handle {
                on_cleanup(move || h.clear());
            }
        }
    });
    view! {
        <section class="screen voting" aria-labelledby="vote-q">
            {move || match step.get() {
                Step::Thanks => view! {
                    <div class="vote-thanks" role="status">
                        <h1 id="vote-q">{move || words.t("vote_thanks")}</h1>
                        <div class="actions big">
                            <button type="button" on:click=move |_| next_voter()>{move || words.t("vote_next")}</button>
                        </div>
                    </div>
                }.into_any(),
                other => view! {
                    <LanguagePicker/>
                    <h1 id="vote-q" dir="auto">{vote.with_value(|v| v.question.clone())}</h1>
                    <p class="lead" id="vote-how">{instruction}</p>
                    <p class="small">{move || words.t("vote_secret")}</p>
                    <ul class="vote-options" aria-describedby="vote-how">{items}</ul>
                    {ranked.then(|| view! {
                        <Show when=move || chosen.with(|c| !c.is_empty())>
                            <h2 class="order-title">{move || words.t("vote_your_order")}</h2>
                            <ol class="vote-order">{order}</ol>
                        </Show>
                    })}
                    {group_question()}
                    {match other {
                        Step::Failed(why) => Some(view! { <p class="error" role="alert">{move || words.t("vote_not_saved")}" "<span lang="en">{format!("({why})")}</span></p> }),
                        _ => None,
                    }}
                    <div class="actions big">
                        <button type="button" disabled=move || chosen.with(Vec::is_empty) on:click=send.clone()>{move || words.t("vote_send")}</button>
                    </div>
                }.into_any(),
            }}
            <p class="for-adults"><button type="button" class="link" lang="en" on:click=move |_| nav.go(Screen::Votes)>"For adults"</button></p>
        </section>
    }
}
