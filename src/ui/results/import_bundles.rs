use super::state::ResultsCtx;
use crate::actions::tablets::{existing_responses, import_pausing, plan, read_one, ImportPreview};
use crate::platform;
use crate::ui::context::{AppStore, CatalogueCtx};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Bring responses from other tablets onto this device: choose or drop any number of response
/// bundles, see what each would add, then import. Each file is taken whole or not at all;
/// records already here are never counted twice; different responses under one id are reported
/// and never merged.
#[component]
pub fn ImportBundles() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let store = expect_context::<AppStore>();
    let cat = expect_context::<CatalogueCtx>();
    let preview = RwSignal::new(None::<ImportPreview>);
    let reading = RwSignal::new(false);
    // What is under way: (done, of, doing what), for the progress bar.
    let progress = RwSignal::new(None::<(usize, usize, &'static str)>);

    let read = {
        let store = store.clone();
        move |files: Vec<web_sys::File>| {
            if files.is_empty() {
                return;
            }
            let store = store.clone();
            reading.set(true);
            preview.set(None);
            spawn_local(async move {
                // One file per browser turn, so the page stays responsive and shows how far it got.
                let catalogue = cat.catalogue.get_untracked();
                let total = files.len();
                let (mut read, mut refused, mut unreadable) = (Vec::new(), Vec::new(), Vec::new());
                // Work in slices of about 25 ms, then let the browser paint the progress bar and
                // handle taps (a timer per file would add its minimum delay 200 times over).
                progress.set(Some((0, total, "Checking the files")));
                let mut slice = platform::perf_now();
                for (i, f) in files.into_iter().enumerate() {
                    match platform::read_file(&f).await {
                        Ok(bytes) => match read_one(&catalogue, &f.name(), &bytes) {
                            Ok(b) => read.push(b),
                            Err(e) => refused.push(e),
                        },
                        Err(e) => unreadable.push(e),
                    }
                    if platform::perf_now() - slice > 25.0 {
                        progress.set(Some((i + 1, total, "Checking the files")));
                        platform::next_tick().await;
                        slice = platform::perf_now();
                    }
                }
                progress.set(Some((total, total, "Comparing with the responses already here")));
                platform::next_tick().await;
                let big = crate::storage::imported::browser_big().await.ok();
                let planned = existing_responses(store.get(), big.as_deref(), &catalogue)
                    .await
                    .map(|existing| plan(&existing, read, refused));
                progress.set(None);
                reading.set(false);
                match planned {
                    Ok(p) => preview.set(Some(p)),
                    Err(e) => r.notice.set(Some((false, format!("{e} Nothing was imported.")))),
                }
                if !unreadable.is_empty() {
                    r.notice.set(Some((false, format!("{}. Those files were not imported.", unreadable.join("; ")))));
                }
            });
        }
    };
    let on_change = {
        let read = read.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let files = platform::files_of(input.files());
            input.set_value("");
            read(files);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        read(platform::files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    let do_import = Callback::new(move |_: ()| {
        // The plan is taken, not copied: a council's returns are tens of thousands of responses.
        let mut taken = None;
        preview.update(|p| taken = p.take().and_then(|p| p.plan));
        let Some(plan) = taken else { return };
        let files = plan.files.len();
        let first = plan.sessions.first().cloned();
        let store = store.clone();
        spawn_local(async move {
            let big = crate::storage::imported::browser_big().await.ok();
            let catalogue = cat.catalogue.get_untracked();
            let batch = platform::random_id().unwrap_or_else(|| format!("{}", platform::now_ms()));
            progress.set(Some((0, 1, "Storing the new responses")));
            let stored =
                import_pausing(store.get(), big.as_deref(), &catalogue, plan, &batch, platform::next_tick).await;
            progress.set(None);
            match stored {
                Ok(n) => {
                    r.notice.set(Some((
                        true,
                        format!("Imported {n} new response{} from {files} file{}.", plural(n), plural(files)),
                    )));
                    if r.session_id.get_untracked().is_none() {
                        // A device that had no session shows the first one imported, against its plan.
                        if let Some(first) = &first {
                            r.session_id.set(Some(first.id.clone()));
                            if r.framework_id.get_untracked().is_empty() {
                                r.framework_id.set(first.framework.clone());
                            }
                        }
                    }
                    r.refresh.update(|n| *n += 1);
                    preview.set(None);
                    // New responses: show the results they make.
                    if n > 0 {
                        r.data_view.set(false);
                    }
                }
                Err(e) => r.notice.set(Some((
                    false,
                    format!("Nothing was imported: {e}. The responses on this device are unchanged."),
                ))),
            }
        });
    });

    view! {
        <section aria-labelledby="import-title" class="import-bundles no-print">
            <h2 id="import-title">"Bring responses from other tablets"</h2>
            <p class="small">
                "On each tablet, open the facilitator controls and download its responses. Then choose all the files here (or drop them on the box). "
                "You will see what each file adds before anything is stored. A file is imported whole or not at all, and a response already here is never counted twice."
            </p>
            <div class="drop-zone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <label for="bundle-files">"Response files from other tablets"</label>
                <input id="bundle-files" type="file" multiple accept=".json,application/json" on:change=on_change/>
                <p class="small">"or drop the files here"</p>
            </div>
            {move || progress.get().map(|(done, of, what)| view! {
                <div role="status" class="import-progress">
                    <label for="import-progress">{if of > 1 { format!("{what}: {done} of {of}\u{2026}") } else { format!("{what}\u{2026}") }}</label>
                    <progress id="import-progress" max=of.to_string() value=done.to_string()></progress>
                </div>
            })}
            {move || (reading.get() && progress.get().is_none()).then(|| view! { <p role="status">"Reading the files\u{2026}"</p> })}
            {move || preview.with(|p| p.as_ref().map(|p| {
                let refused = p.refused.iter().map(|e| view! { <li>{e.to_string()}</li> }).collect_view();
                let new = p.plan.as_ref().map_or(0, |pl| pl.new_count());
                let groups = p.plan.as_ref().map(|pl| pl.sessions.iter().map(|s| s.group.clone()).collect::<Vec<_>>().join("; ")).unwrap_or_default();
                let rows = p.plan.as_ref().map(|pl| pl.files.iter().map(|f| {
                    let conflicts = f.conflicts.iter().map(|c| view! { <li>{c.to_string()}</li> }).collect_view();
                    view! {
                        <tr data-file=f.file.clone()>
                            <th scope="row">{f.file.clone()}</th>
                            <td class="num">{f.records}</td>
                            <td class="num">{f.new}</td>
                            <td class="num">{f.already_here + f.in_earlier_file}</td>
                            <td class="num">{f.conflicts.len()}{(!f.conflicts.is_empty()).then(|| view! { <ul class="small">{conflicts}</ul> })}</td>
                        </tr>
                    }
                }).collect_view());
                view! {
                    <div class="import-preview" aria-live="polite">
                        {(!groups.is_empty()).then(|| view! { <p>{format!("Sessions: {groups}")}</p> })}
                        {rows.map(|rows| view! {
                            <div class="table-scroll">
                            <table>
                                <thead><tr>
                                    <th scope="col">"File"</th><th scope="col">"Responses"</th><th scope="col">"New"</th>
                                    <th scope="col">"Already here"</th><th scope="col">"Conflicting"</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                            </div>
                        })}
                        {(!p.refused.is_empty()).then(|| view! {
                            <div class="error" role="alert">
                                <p>"These files were not imported, and change nothing:"</p>
                                <ul>{refused}</ul>
                            </div>
                        })}
                        <div class="actions">
                            {if new > 0 {
                                view! { <button type="button" on:click=move |_| do_import.run(())>{format!("Import {new} new response{}", plural(new))}</button> }.into_any()
                            } else {
                                view! { <p role="status">"Nothing new to import: these files hold no response that is not already on this device."</p> }.into_any()
                            }}
                            <button type="button" class="secondary" on:click=move |_| preview.set(None)>"Cancel"</button>
                        </div>
                    </div>
                }
            }))}
        </section>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
