use super::import_bundles::ImportBundles;
use super::state::ResultsCtx;
use crate::actions::tablets::this_device_bundle;
use crate::ui::context::{AppStore, CatalogueCtx, KioskCtx};
use crate::ui::widgets::offer_download;
use leptos::prelude::*;
use yv_core::envelope::{may_delete, Session};

/// One session's delete control: the group name typed to confirm, and allowed only after an
/// export unless the facilitator explicitly overrides.
#[component]
fn DeleteSession(
    /// The session to delete.
    session: Session,
    /// Responses it holds.
    count: usize,
    /// The day it was last exported, if ever.
    exported: Option<chrono::NaiveDate>,
) -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let store = expect_context::<AppStore>();
    let kiosk = expect_context::<KioskCtx>();
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let override_export = RwSignal::new(false);
    let group = session.group.clone();
    let running = kiosk.0.with_untracked(|k| k.as_ref().is_some_and(|k| k.session.id == session.id));
    let can_delete = {
        let group = group.clone();
        move || may_delete(&group, &typed.get(), exported.is_some(), override_export.get()).is_ok()
    };
    let id = session.id.clone();
    let delete = {
        let group = group.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let (store, id, group) = (store.clone(), id.clone(), group.clone());
            leptos::task::spawn_local(async move {
                let big = crate::storage::imported::browser_big().await.ok();
                match crate::actions::tablets::delete_session(store.get(), big.as_deref(), &id).await {
                    Ok(n) => {
                        r.notice.set(Some((
                            true,
                            format!("Deleted \u{201c}{group}\u{201d}: {n} responses removed from this device."),
                        )));
                        if r.compare_id.get_untracked().as_deref() == Some(id.as_str()) {
                            r.compare_id.set(None);
                        }
                        r.together.update(|t| t.retain(|s| s != &id));
                        r.refresh.update(|n| *n += 1);
                        if r.session_id.get_untracked().as_deref() == Some(id.as_str()) {
                            // The results move to the next session on the device, against its
                            // own plan; with none left, to nothing (and the data view says so).
                            let next = r.sessions.with_untracked(|all| {
                                all.iter()
                                    .find(|(s, _, _)| s.id != id)
                                    .map(|(s, _, _)| (s.id.clone(), s.framework.clone()))
                            });
                            match next {
                                Some((next, framework)) => {
                                    r.session_id.set(Some(next));
                                    r.framework_id.set(framework);
                                }
                                None => {
                                    r.session_id.set(None);
                                    r.data_view.set(true);
                                }
                            }
                        }
                    }
                    Err(e) => r.notice.set(Some((
                        false,
                        format!("\u{201c}{group}\u{201d} was not deleted: {e}. Nothing was removed."),
                    ))),
                }
            });
        }
    };
    let cat = expect_context::<CatalogueCtx>();
    let bundle = {
        let session = session.clone();
        let store = expect_context::<AppStore>();
        move |_| {
            let (store, session) = (store.clone(), session.clone());
            leptos::task::spawn_local(async move {
                let catalogue = cat.catalogue.get_untracked();
                let made = this_device_bundle(store.get(), &catalogue, std::slice::from_ref(&session)).await;
                r.notice.set(Some(offer_download(made, "all its responses")));
            });
        }
    };
    let bundle_label = format!(" of \u{201c}{}\u{201d}", session.group);
    let input_id = format!("confirm-{}", session.id);
    let override_id = format!("override-{}", session.id);
    view! {
        <tr data-session=session.id.clone()>
            <th scope="row">{session.group.clone()}</th>
            <td>{session.started.to_string()}</td>
            <td class="num">{count}</td>
            <td class="exported">{exported.map(|d| d.to_string()).unwrap_or_else(|| "Not yet".into())}</td>
            <td><button type="button" class="secondary" on:click=bundle>"Responses file"<span class="visually-hidden">{bundle_label}</span></button></td>
            <td>
                {if running {
                    view! { <span class="small">"Running in kiosk mode: end it first"</span> }.into_any()
                } else {
                    view! {
                        <button type="button" class="secondary danger" aria-expanded=move || open.get().to_string()
                            on:click=move |_| open.update(|o| *o = !*o)>{format!("Delete \u{201c}{}\u{201d}\u{2026}", session.group)}</button>
                        <Show when=move || open.get()>
                            <form class="confirm" on:submit=delete.clone()>
                                <label for=input_id.clone()>{format!("Type the group name \u{201c}{}\u{201d} to delete its {count} responses. This cannot be undone.", group)}</label>
                                <input id=input_id.clone() type="text" autocomplete="off" prop:value=move || typed.get()
                                    on:input=move |ev| typed.set(event_target_value(&ev))/>
                                {exported.is_none().then(|| view! {
                                    <p class="warning">"These results have not been exported yet. Download a CSV first, or confirm you do not need one."</p>
                                    <label class="check" for=override_id.clone()>
                                        <input id=override_id.clone() type="checkbox" prop:checked=move || override_export.get()
                                            on:change=move |ev| override_export.set(event_target_checked(&ev))/>
                                        "Delete without an export"
                                    </label>
                                })}
                                <button type="submit" class="danger" disabled={let c = can_delete.clone(); move || !c()}>"Delete these responses"</button>
                            </form>
                        </Show>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}

/// Sessions on this device with their counts; deleting one.
#[component]
pub fn DataManagement() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let store = expect_context::<AppStore>();
    // A damaged session record never hides the healthy ones: it is named here and left untouched.
    let damaged = move || {
        r.refresh.track();
        crate::storage::sessions::sessions_checked(store.get()).map(|(_, p)| p).unwrap_or_default()
    };
    view! {
        <section aria-labelledby="data-title" class="data-management no-print">
            <h2 id="data-title">"Data on this device"</h2>
            {move || {
                let (responses, n) = r.sessions.with(|all| {
                    all.iter().filter(|(_, held, exported)| *held > 0 && exported.is_none())
                        .fold((0usize, 0usize), |(r, n), (_, held, _)| (r + held, n + 1))
                });
                (responses > 0).then(|| view! {
                    <p class="warning unexported" role="status">{format!(
                        "Not exported yet: {responses} response{} in {n} session{}. If this browser's data is cleared (some browsers do so after a few weeks unused, for example over the holidays), they are gone: download a CSV or a responses file first.",
                        if responses == 1 { "" } else { "s" },
                        if n == 1 { "" } else { "s" },
                    )}</p>
                })
            }}
            <p class="small">"Responses are kept only in this browser on this device. A responses file holds each pupil's anonymous answers (not only totals), for bringing tablets together: keep it on the facilitator's own devices. Deleting a session removes its responses for good."</p>
            <div class="table-scroll">
            <table>
                <thead><tr>
                    <th scope="col">"Session"</th><th scope="col">"Started"</th><th scope="col">"Responses"</th>
                    <th scope="col">"Exported"</th><th scope="col">"For another device"</th><th scope="col">"Delete"</th>
                </tr></thead>
                <tbody>
                    {move || r.sessions.get().into_iter().map(|(s, n, exported)| {
                        view! { <DeleteSession session=s count=n exported=exported/> }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <ul class="problems" role="status">
                {move || damaged().into_iter().map(|p| view! { <li class="error">{p.to_string()}</li> }).collect_view()}
            </ul>
            <ImportBundles/>
        </section>
    }
}
