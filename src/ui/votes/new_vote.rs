use super::votes_screen::VotesCtx;
use crate::platform;
use crate::storage::votes::{self, StoredVote};
use crate::ui::context::{AppStore, CatalogueCtx, Nav, Screen, VoteCtx};
use leptos::prelude::*;
use yv_core::vote::{new_vote, VoteKind, DEFAULT_GROUP_QUESTION};

/// Set up a vote: the question, how it is counted, the items (typed, or picked from the plan's
/// outcomes and reworded), and whether results wait for the close. A quick poll is one question
/// with options, asked on this tablet straight away.
#[component]
pub fn NewVote() -> impl IntoView {
    let ctx = expect_context::<VotesCtx>();
    let store = expect_context::<AppStore>();
    let cat = expect_context::<CatalogueCtx>();
    let nav = expect_context::<Nav>();
    let current = expect_context::<VoteCtx>();
    let question = RwSignal::new(String::new());
    let kind = RwSignal::new("single".to_string());
    let max = RwSignal::new(3u8);
    let items = RwSignal::new(String::new());
    let hidden = RwSignal::new(true);
    // Ask each voter their group (optional for them), for results by group.
    let ask_groups = RwSignal::new(false);
    let group_question = RwSignal::new(DEFAULT_GROUP_QUESTION.to_string());
    let group_list =
        RwSignal::new(["Year 7", "Year 8", "Year 9", "Year 10", "Year 11", "Year 12", "Year 13"].join("\n"));
    let plan = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let plans =
        move || cat.catalogue.with(|c| c.frameworks().map(|(f, _)| (f.id.clone(), f.name.clone())).collect::<Vec<_>>());
    let outcomes = move || {
        let id = plan.get();
        cat.catalogue.with(|c| {
            c.framework(&id)
                .map(|f| f.outcomes().into_iter().map(|(_, n)| (n.level.clone(), n.title.clone())).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    // Items picked from the plan: (words the facilitator may change, the outcome's title).
    let picked = RwSignal::new(Vec::<(String, String)>::new());
    let make = {
        let store = store.clone();
        move |quick: bool| -> Option<String> {
            let Some(id) = platform::random_id() else {
                error.set(Some("This browser cannot make a random id, so the vote was not set up.".into()));
                return None;
            };
            let k = match (quick, kind.get_untracked().as_str()) {
                (true, _) | (_, "single") => VoteKind::Single,
                (_, "approval") => VoteKind::Approval { max: max.get_untracked() },
                _ => VoteKind::TopThree,
            };
            let mut list: Vec<(String, Option<String>)> =
                picked.get_untracked().into_iter().map(|(words, outcome)| (words, Some(outcome))).collect();
            list.extend(items.get_untracked().lines().map(|l| (l.to_string(), None)));
            let fw = (!picked.with_untracked(Vec::is_empty)).then(|| plan.get_untracked());
            let hide = hidden.get_untracked() || ask_groups.get_untracked();
            let made = new_vote(id, &question.get_untracked(), k, &list, hide, fw).and_then(|v| {
                if ask_groups.get_untracked() {
                    let names: Vec<String> = group_list.get_untracked().lines().map(str::to_string).collect();
                    v.with_groups(&group_question.get_untracked(), &names)
                } else {
                    Ok(v)
                }
            });
            match made {
                Err(e) => {
                    error.set(Some(format!("The vote was not set up: {}.", e.to_string().trim_end_matches('.'))));
                    None
                }
                Ok(v) => {
                    let stored = StoredVote::new(v, platform::today());
                    match votes::save_vote(store.get(), &stored) {
                        Ok(()) => {
                            error.set(None);
                            ctx.say(
                                true,
                                format!("The vote \u{201c}{}\u{201d} is set up and open.", stored.vote.question),
                            );
                            question.set(String::new());
                            items.set(String::new());
                            picked.set(Vec::new());
                            ctx.changed();
                            Some(stored.vote.id)
                        }
                        Err(e) => {
                            error.set(Some(format!("The vote was not saved: {e}.")));
                            None
                        }
                    }
                }
            }
        }
    };
    let make2 = make.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        make(false);
    };
    let store2 = store.clone();
    let quick = move |_| {
        if let Some(id) = make2(true) {
            if votes::set_voting(store2.get(), Some(&id)).is_ok() {
                current.0.set(Some(id));
                nav.go(Screen::Voting);
            }
        }
    };
    view! {
        <section aria-labelledby="new-vote-title">
            <h2 id="new-vote-title">"Set up a vote or a quick poll"</h2>
            <form class="new-vote" on:submit=submit>
                <label for="vote-question">"Question"</label>
                <input id="vote-question" type="text" maxlength="200" placeholder="Which should the council fix first?"
                    prop:value=move || question.get() on:input=move |ev| question.set(event_target_value(&ev))/>
                <fieldset>
                    <legend>"How young people vote"</legend>
                    <label><input type="radio" name="vote-kind" value="single" prop:checked=move || kind.get() == "single" on:change=move |_| kind.set("single".into())/>"One choice each (the most votes wins)"</label>
                    <label><input type="radio" name="vote-kind" value="approval" prop:checked=move || kind.get() == "approval" on:change=move |_| kind.set("approval".into())/>"Choose up to a number of items (approval)"</label>
                    <label><input type="radio" name="vote-kind" value="top-three" prop:checked=move || kind.get() == "top-three" on:change=move |_| kind.set("top-three".into())/>"Rank their top three (3, 2 and 1 points)"</label>
                    <Show when=move || kind.get() == "approval">
                        <label for="vote-max">"How many each voter may choose"</label>
                        <input id="vote-max" type="number" min="1" max="20" prop:value=move || max.get().to_string()
                            on:input=move |ev| max.set(event_target_value(&ev).parse().unwrap_or(0))/>
                    </Show>
                </fieldset>
                <label for="vote-plan">"Add items from a plan's outcomes (optional)"</label>
                <select id="vote-plan" on:change=move |ev| plan.set(event_target_value(&ev))>
                    <option value="">"No plan"</option>
                    {move || plans().into_iter().map(|(id, name)| view! { <option value=id.clone() selected=move || plan.get() == id>{name}</option> }).collect_view()}
                </select>
                <Show when=move || !plan.get().is_empty()>
                    <ul class="plan-outcomes">
                        {move || outcomes().into_iter().map(|(level, title)| {
                            let t = title.clone();
                            let t2 = title.clone();
                            view! { <li><button type="button" class="secondary small"
                                disabled=move || picked.with(|p| p.iter().any(|(_, o)| o == &t))
                                on:click=move |_| picked.update(|p| p.push((t2.clone(), t2.clone())))>{format!("Add \u{201c}{title}\u{201d} ({level})")}</button></li> }
                        }).collect_view()}
                    </ul>
                </Show>
                <Show when=move || picked.with(|p| !p.is_empty())>
                    <p>"Items from the plan: put each in young people's own words."</p>
                    <ol class="picked-items">
                        {move || picked.get().into_iter().enumerate().map(|(i, (words, outcome))| view! {
                            <li>
                                <label for=format!("picked-{i}")>{format!("Item for \u{201c}{outcome}\u{201d}")}</label>
                                <input id=format!("picked-{i}") type="text" maxlength="200" prop:value=words
                                    on:change=move |ev| picked.update(|p| p[i].0 = event_target_value(&ev))/>
                                <button type="button" class="link" on:click=move |_| picked.update(|p| { p.remove(i); })>"Remove"</button>
                            </li>
                        }).collect_view()}
                    </ol>
                </Show>
                <label for="vote-items">"Items or options, one per line"</label>
                <textarea id="vote-items" rows="6" prop:value=move || items.get() on:input=move |ev| items.set(event_target_value(&ev))></textarea>
                <label class="check"><input type="checkbox" prop:checked=move || hidden.get() || ask_groups.get() prop:disabled=move || ask_groups.get()
                    on:change=move |ev| hidden.set(event_target_checked(&ev))/>"Hide the results until I close the vote"</label>
                <label class="check"><input type="checkbox" prop:checked=move || ask_groups.get() on:change=move |ev| ask_groups.set(event_target_checked(&ev))/>"Ask each voter their group (such as their year), for results by group"</label>
                <Show when=move || ask_groups.get()>
                    <p class="small" id="vote-groups-note">"Voters may always choose \u{201c}Prefer not to say\u{201d}. Results stay hidden until the vote is closed. After the close, results by group follow the same small-number rules as the survey: a group with fewer than 10 voters is not shown, and another group is hidden with it where needed so that it cannot be worked out by subtraction."</p>
                    <label for="vote-group-question">"Question about groups"</label>
                    <input id="vote-group-question" type="text" maxlength="200" aria-describedby="vote-groups-note"
                        prop:value=move || group_question.get() on:input=move |ev| group_question.set(event_target_value(&ev))/>
                    <label for="vote-group-list">"Groups, one per line"</label>
                    <textarea id="vote-group-list" rows="7" prop:value=move || group_list.get() on:input=move |ev| group_list.set(event_target_value(&ev))></textarea>
                </Show>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <div class="actions">
                    <button type="submit">"Set up the vote"</button>
                    <button type="button" class="secondary" on:click=quick>"Ask now as a quick poll (one choice each)"</button>
                </div>
            </form>
        </section>
    }
}
