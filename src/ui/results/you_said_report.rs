use super::state::ResultsCtx;
use crate::actions::votes::you_said_csv;
use crate::platform;
use crate::storage::votes;
use crate::ui::context::{AppStore, CatalogueCtx};
use leptos::prelude::*;

/// "You said, we did" for the plan the results report against: on screen, in the printed report
/// and as a CSV, so the board sees what was done about what young people said.
#[component]
pub fn YouSaidReport() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let store = expect_context::<AppStore>();
    let cat = expect_context::<CatalogueCtx>();
    let entries = {
        let store = store.clone();
        Memo::new(move |_| {
            r.refresh.track();
            let fw = r.framework_id.get();
            votes::you_said(store.get())
                .unwrap_or_default()
                .into_iter()
                .filter(|y| y.framework == fw)
                .collect::<Vec<_>>()
        })
    };
    let download = move |_| {
        let made = cat.catalogue.with_untracked(|c| you_said_csv(store.get(), c, platform::today()));
        let said = made.and_then(|f| {
            platform::download(&f.name, &f.bytes, "text/csv").map_err(|e| e.to_string())?;
            Ok(format!("Downloaded {} ({} bytes).", f.name, f.bytes.len()))
        });
        r.notice.set(Some(match said {
            Ok(t) => (true, t),
            Err(e) => (false, format!("Nothing was downloaded: {e}")),
        }));
    };
    let outcome = move |id: &str| {
        let fw = r.framework_id.get_untracked();
        cat.catalogue.with_untracked(|c| c.framework(&fw)?.node(id).map(|n| n.title.clone()))
    };
    view! {
        <Show when=move || entries.with(|e| !e.is_empty())>
            <section class="you-said-report" aria-labelledby="ysd-title">
                <h2 id="ysd-title">"You said, we did"</h2>
                <table>
                    <thead><tr><th scope="col">"Outcome"</th><th scope="col">"Young people said"</th><th scope="col">"What was done"</th><th scope="col">"When"</th></tr></thead>
                    <tbody>
                        {move || entries.get().into_iter().map(|y| view! {
                            <tr>
                                <td>{outcome(&y.outcome).unwrap_or_else(|| y.outcome.clone())}</td>
                                <td>{y.said.clone()}{y.source.clone().map(|s| view! { <span class="small">{format!(" (from {s})")}</span> })}</td>
                                <td>{y.did.clone()}</td>
                                <td>{y.date.to_string()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="actions no-print">
                    <button type="button" class="secondary" on:click=download.clone()>"Download \u{201c}You said, we did\u{201d} CSV"</button>
                </div>
            </section>
        </Show>
    }
}
