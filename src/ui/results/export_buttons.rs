use super::state::ResultsCtx;
use crate::actions::tablets::this_device_bundle;
use crate::platform;
use crate::storage::sessions;
use crate::ui::context::{AppStore, CatalogueCtx};
use crate::ui::widgets::offer_download;
use leptos::prelude::*;
use yv_core::envelope::Session;
use yv_core::export::{file_name, write_distributions, write_outcomes, ExportLabel};

/// The session on screen and any read together with it, in order.
fn chosen_sessions(r: &ResultsCtx, main: &Session) -> Vec<Session> {
    let also = r.together.get_untracked();
    let mut out = vec![main.clone()];
    r.sessions.with_untracked(|all| {
        out.extend(also.iter().filter_map(|id| all.iter().find(|(s, _, _)| &s.id == id).map(|(s, _, _)| s.clone())));
    });
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Outcomes,
    Questions,
}

/// Download the outcomes CSV or the question CSV (made on this device), or print.
#[component]
pub fn ExportButtons() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    let cat = expect_context::<CatalogueCtx>();
    let store = expect_context::<AppStore>();
    let bundle_store = store.clone();
    let export = Callback::new(move |kind: Kind| {
        let (Some(res), Some(l)) = (r.results.get_untracked(), r.loaded.get_untracked()) else { return };
        let fw = r.framework_id.get_untracked();
        let fw_name = cat.catalogue.with_untracked(|c| c.framework(&fw).map(|f| f.name.clone())).unwrap_or_default();
        // Sessions read together are named together; each is marked exported.
        let chosen: Vec<Session> = chosen_sessions(&r, &l.session);
        let group = match r.combined.get_untracked() {
            Some(Ok(c)) if c.sessions.len() > 1 => c.sessions.join(" + "),
            _ => l.session.group.clone(),
        };
        let file_group = match chosen.len() {
            0 | 1 => l.session.group.clone(),
            n => format!("{} and {} more", l.session.group, n - 1),
        };
        let label = ExportLabel { session: &group, framework: &fw_name };
        let mut bytes = Vec::new();
        let written = match kind {
            Kind::Outcomes => write_outcomes(&res, &label, &mut bytes),
            Kind::Questions => write_distributions(&res, &label, &mut bytes),
        };
        let name = file_name(
            if kind == Kind::Outcomes { "outcomes" } else { "questions" },
            &fw,
            &file_group,
            platform::today(),
        );
        let outcome = written
            .map_err(|e| e.to_string())
            .and_then(|()| platform::download(&name, &bytes, "text/csv;charset=utf-8").map_err(|e| e.to_string()));
        match outcome {
            Ok(()) => {
                let marked = chosen
                    .iter()
                    .map(|s| sessions::mark_exported(store.get(), &s.id, platform::today()))
                    .find(Result::is_err)
                    .unwrap_or(Ok(()));
                r.refresh.update(|n| *n += 1);
                r.notice.set(Some((
                    true,
                    match marked {
                        Ok(()) => format!("Downloaded {name} ({} bytes).", bytes.len()),
                        Err(e) => {
                            format!("Downloaded {name}, but the export could not be recorded on this device: {e}")
                        }
                    },
                )));
            }
            Err(e) => {
                r.notice.set(Some((false, format!("The CSV was not downloaded: {e}. Nothing has changed; try again."))))
            }
        }
    });
    // The sessions read together go out as one responses file, for the next level up.
    let bundle = move |_| {
        let Some(l) = r.loaded.get_untracked() else { return };
        let chosen = chosen_sessions(&r, &l.session);
        let store = bundle_store.clone();
        leptos::task::spawn_local(async move {
            let catalogue = cat.catalogue.get_untracked();
            let made = this_device_bundle(store.get(), &catalogue, &chosen).await;
            r.notice.set(Some(offer_download(made, "all their responses")));
        });
    };
    view! {
        <div class="actions no-print">
            <button type="button" disabled=move || r.results.with(Option::is_none) on:click=move |_| export.run(Kind::Outcomes)>"Download outcomes CSV"</button>
            <button type="button" disabled=move || r.results.with(Option::is_none) on:click=move |_| export.run(Kind::Questions)>"Download question CSV"</button>
            <button type="button" class="secondary" disabled=move || r.results.with(Option::is_none) on:click=|_| platform::print()>"Print (A4)"</button>
            <label class="report-council" for="report-council">"Council or organisation on the printed report (optional)"
                <input id="report-council" type="text" autocomplete="organization" maxlength="120"
                    prop:value=move || r.council.get() on:input=move |ev| r.council.set(event_target_value(&ev))/>
            </label>
            <Show when=move || r.together.with(|t| !t.is_empty())>
                <button type="button" class="secondary" on:click=bundle.clone()>"Download these sessions\u{2019} responses file"</button>
            </Show>
        </div>
    }
}
