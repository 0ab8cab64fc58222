use super::state::ResultsCtx;
use crate::platform;
use crate::storage::sessions;
use crate::ui::context::{AppStore, CatalogueCtx};
use leptos::prelude::*;
use yv_core::export::{file_name, write_distributions, write_outcomes, ExportLabel};

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
    let export = Callback::new(move |kind: Kind| {
        let (Some(res), Some(l)) = (r.results.get_untracked(), r.loaded.get_untracked()) else { return };
        let fw = r.framework_id.get_untracked();
        let fw_name = cat.catalogue.with_untracked(|c| c.framework(&fw).map(|f| f.name.clone())).unwrap_or_default();
        let label = ExportLabel { session: &l.session.group, framework: &fw_name };
        let mut bytes = Vec::new();
        let written = match kind {
            Kind::Outcomes => write_outcomes(&res, &label, &mut bytes),
            Kind::Questions => write_distributions(&res, &label, &mut bytes),
        };
        let name = file_name(
            if kind == Kind::Outcomes { "outcomes" } else { "questions" },
            &fw,
            &l.session.group,
            platform::today(),
        );
        let outcome = written
            .map_err(|e| e.to_string())
            .and_then(|()| platform::download(&name, &bytes, "text/csv;charset=utf-8").map_err(|e| e.to_string()));
        match outcome {
            Ok(()) => {
                let marked = sessions::mark_exported(store.get(), &l.session.id, platform::today());
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
    view! {
        <div class="actions no-print">
            <button type="button" disabled=move || r.results.with(Option::is_none) on:click=move |_| export.run(Kind::Outcomes)>"Download outcomes CSV"</button>
            <button type="button" disabled=move || r.results.with(Option::is_none) on:click=move |_| export.run(Kind::Questions)>"Download question CSV"</button>
            <button type="button" class="secondary" on:click=|_| platform::print()>"Print (A4)"</button>
        </div>
    }
}
