use crate::platform;
use crate::storage::sessions;
use crate::ui::context::{AppStore, CatalogueCtx, SessionKeys};
use leptos::prelude::*;
use std::sync::Arc;
use yv_core::envelope::{Gathering, Session};
use yv_core::results::{
    combined_results, results, Combined, Dataset, Part, SessionResults, Threshold, DEFAULT_THRESHOLD,
};

/// One session's stored data, as read from the device.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub session: Session,
    /// How many responses are counted (the answers themselves live in `dataset`).
    pub responses: usize,
    /// First and last day responses were given.
    pub dates: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// Records left out and why (they stay untouched in storage).
    pub problems: Vec<String>,
    /// The answers encoded for counting (`None` when the survey is not on this device).
    pub dataset: Option<Arc<Dataset>>,
    /// A sealed session whose key has not been opened yet: nothing was read.
    pub locked: bool,
}

/// What the results screen shows; shared by its parts through context.
#[derive(Debug, Clone, Copy)]
pub struct ResultsCtx {
    /// Every session on the device with its response count and the day it was last exported.
    pub sessions: Memo<Vec<(Session, usize, Option<chrono::NaiveDate>)>>,
    pub session_id: RwSignal<Option<String>>,
    /// Other sessions of the same survey read together with `session_id` (none: one session).
    pub together: RwSignal<Vec<String>>,
    /// Every session of the chosen session's survey on this device, read when `together` is
    /// not empty (the audit of sessions read together needs all of them).
    pub family: RwSignal<Option<Vec<Loaded>>>,
    /// Sessions read together: who they are and what reading them together hid; or why they
    /// cannot be read together.
    pub combined: Memo<Option<Result<Combined, String>>>,
    pub framework_id: RwSignal<String>,
    /// The threshold as typed; see `threshold`.
    pub k_input: RwSignal<u32>,
    /// The breakdown question, if any.
    pub breakdown: RwSignal<Option<String>>,
    pub compare_id: RwSignal<Option<String>>,
    /// Bumped after a delete or an export so lists re-read storage.
    pub refresh: RwSignal<u32>,
    /// The chosen session's responses, once read (read in the background).
    pub loaded: RwSignal<Option<Loaded>>,
    pub compare_loaded: RwSignal<Option<Loaded>>,
    /// Shared, not copied: every part of the screen reads the same counted results.
    pub results: RwSignal<Option<Arc<SessionResults>>>,
    pub compare_results: Memo<Option<Arc<SessionResults>>>,
    /// False from the moment new results arrive until the headline has been painted: the
    /// detailed tables, the answers to each question and the method note wait for it, so the
    /// headline is on screen first and no one task draws everything.
    pub detail_ready: RwSignal<bool>,
    /// A message about the last action (export, delete).
    pub notice: RwSignal<Option<(bool, String)>>,
    /// Whether the data on this device (sessions, files, deleting) is shown instead of the results.
    pub data_view: RwSignal<bool>,
    /// The council or organisation named on the printed report (optional).
    pub council: RwSignal<String>,
}

impl ResultsCtx {
    /// The threshold, or the reason the typed one is refused.
    pub fn threshold(&self) -> Result<Threshold, String> {
        Threshold::new(self.k_input.get()).map_err(|e| yv_core::text::sentence(&e.to_string()))
    }
}

/// Read a session's responses a few at a time, letting the browser breathe between batches so
/// the page stays responsive however many there are.
async fn load(store: AppStore, cat: CatalogueCtx, keys: SessionKeys, id: String) -> Option<Loaded> {
    const BATCH: usize = 200;
    platform::mark("yv:results-read-start");
    // Let the screen appear first.
    platform::next_tick().await;
    let session = sessions::session(store.get(), &id).ok()??;
    let Some(survey) = cat.catalogue.with_untracked(|c| {
        c.survey_version(&session.survey, &session.survey_version).or(c.survey(&session.survey)).cloned()
    }) else {
        let problem = format!(
            "The survey \u{201c}{}\u{201d} of this session is not on this device any more: load its file under \u{201c}Surveys and plans\u{201d} to see these results. The responses are untouched.",
            session.survey
        );
        return Some(Loaded {
            session,
            responses: 0,
            dates: None,
            problems: vec![problem],
            dataset: None,
            locked: false,
        });
    };
    // A sealed session is read only with its key, opened in memory (issue 13).
    let mut opener = None;
    if session.seal.is_some() {
        match keys.0.with_value(|k| k.get(&id).map(|key| key.opener())) {
            Some(o) => opener = Some(o),
            None => {
                return Some(Loaded {
                    session,
                    responses: 0,
                    dates: None,
                    problems: Vec::new(),
                    dataset: None,
                    locked: true,
                })
            }
        }
    }
    let mut open = move |text: &str| -> Result<String, String> {
        match opener.as_mut() {
            Some(o) => yv_core::envelope::open_record(text, o).map(|t| t.into_owned()).map_err(|e| e.to_string()),
            None => Ok(text.to_string()),
        }
    };
    let mut gathering = Gathering::new(&session, &survey);
    match sessions::response_keys(store.get(), &id) {
        Ok(keys) => {
            for (i, key) in keys.iter().enumerate() {
                if i > 0 && i % BATCH == 0 {
                    platform::next_tick().await;
                }
                // Compact records go straight into the columns (see BENCHMARKS.md).
                match sessions::response_text(store.get(), key) {
                    Ok(Some((id, text))) => {
                        if let Err(e) = open(&text).and_then(|t| gathering.add_text(&t, &id).map_err(|e| e.to_string()))
                        {
                            gathering
                                .unreadable(format!("The stored item \u{201c}{key}\u{201d} could not be read: {e}."));
                        }
                    }
                    Ok(None) => {}
                    Err(e) => gathering.unreadable(yv_core::text::sentence(&e.to_string())),
                }
            }
        }
        Err(e) => gathering.unreadable(format!("The responses could not be read: {e}.")),
    }
    // Responses imported from other tablets, kept in the big store (IndexedDB), read straight
    // from their stored chunks into the columns.
    if crate::storage::imported::imported_count(store.get(), &id) > 0 {
        let chunks = match crate::storage::imported::browser_big().await {
            Ok(big) => crate::storage::imported::imported_chunks(&big, &id).await,
            Err(e) => Err(e),
        };
        match chunks {
            Ok(chunks) => {
                let mut found = 0usize;
                for (key, chunk) in &chunks {
                    for line in crate::storage::imported::chunk_records(key, chunk) {
                        found += 1;
                        if found % (BATCH * 10) == 0 {
                            platform::next_tick().await;
                        }
                        match line {
                            Ok((rid, text)) => {
                                if let Err(e) =
                                    open(text).and_then(|t| gathering.add_text(&t, rid).map_err(|e| e.to_string()))
                                {
                                    gathering.unreadable(format!(
                                        "The imported record \u{201c}{rid}\u{201d} could not be read: {e}."
                                    ));
                                }
                            }
                            Err(e) => gathering.unreadable(yv_core::text::sentence(&e.to_string())),
                        }
                    }
                }
                if let Some(why) = crate::storage::imported::shortfall(store.get(), &id, found) {
                    gathering.unreadable(why);
                }
            }
            Err(e) => {
                gathering.unreadable(format!("The responses imported from other tablets could not be read: {e}."))
            }
        }
    }
    let gathered = gathering.finish();
    // Timed for `make bench` (tests/bench/headline.mjs): reading and encoding the responses.
    platform::measure_from("yv:results-read", "yv:results-read-start");
    platform::next_tick().await;
    let responses = gathered.dataset.len();
    Some(Loaded {
        responses,
        dataset: Some(Arc::new(gathered.dataset)),
        dates: gathered.dates,
        problems: gathered.problems,
        session,
        locked: false,
    })
}

/// Keep `family` holding every session of the survey of `id`, while `together` is not empty.
#[allow(clippy::too_many_arguments)]
fn load_family(
    store: AppStore,
    cat: CatalogueCtx,
    keys: SessionKeys,
    sessions: Memo<Vec<(Session, usize, Option<chrono::NaiveDate>)>>,
    id: RwSignal<Option<String>>,
    together: RwSignal<Vec<String>>,
    refresh: RwSignal<u32>,
    family: RwSignal<Option<Vec<Loaded>>>,
) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        refresh.track();
        let wanted = !together.with(Vec::is_empty);
        let chosen = id.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let ids: Vec<String> = match (&chosen, wanted) {
            (Some(id), true) => sessions.with_untracked(|all| {
                let survey = all.iter().find(|(s, _, _)| &s.id == id).map(|(s, _, _)| s.survey.clone());
                all.iter()
                    .filter(|(s, _, _)| Some(&s.survey) == survey.as_ref())
                    .map(|(s, _, _)| s.id.clone())
                    .collect()
            }),
            _ => Vec::new(),
        };
        if ids.is_empty() {
            family.set(None);
            return;
        }
        family.set(None);
        let store = store.clone();
        leptos::task::spawn_local(async move {
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                if generation.get_value() != mine {
                    return;
                }
                if let Some(l) = load(store.clone(), cat, keys, id).await {
                    out.push(l);
                }
            }
            if generation.get_value() == mine {
                family.set(Some(out));
            }
        });
    });
}

/// Keep `target` holding the responses of the session `id` names, re-reading them whenever the
/// choice changes or storage does (`refresh`). A newer choice wins over a slower older read.
fn load_chosen_session(
    store: AppStore,
    cat: CatalogueCtx,
    keys: SessionKeys,
    id: Signal<Option<String>>,
    refresh: RwSignal<u32>,
    target: RwSignal<Option<Loaded>>,
) {
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        refresh.track();
        let chosen = id.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let store = store.clone();
        leptos::task::spawn_local(async move {
            let loaded = match chosen {
                Some(id) => load(store, cat, keys, id).await,
                None => None,
            };
            if generation.get_value() == mine {
                target.set(loaded);
            }
        });
    });
}

/// The results screen's state. `listed` is the sessions' overview when the caller has already
/// listed storage (in a task of its own); it is listed again on every refresh.
pub fn provide_results_ctx(listed: Option<Vec<sessions::SessionRow>>) -> ResultsCtx {
    let store = expect_context::<AppStore>();
    let cat = expect_context::<CatalogueCtx>();
    let keys = expect_context::<SessionKeys>();
    let refresh = RwSignal::new(0u32);
    let listed = StoredValue::new(listed);
    let sessions = {
        let store = store.clone();
        Memo::new(move |_| {
            refresh.track();
            match listed.try_update_value(Option::take).flatten() {
                Some(rows) => rows,
                None => sessions::overview(store.get()).map(|(rows, _)| rows).unwrap_or_default(),
            }
        })
    };
    let first = sessions.with_untracked(|s| s.first().map(|(s, _, _)| (s.id.clone(), s.framework.clone())));
    let first_is_none = first.is_none();
    let session_id = RwSignal::new(first.as_ref().map(|(id, _)| id.clone()));
    let framework_id = RwSignal::new(first.map(|(_, f)| f).unwrap_or_default());
    let compare_id = RwSignal::new(None::<String>);
    let loaded = RwSignal::new(None::<Loaded>);
    let compare_loaded = RwSignal::new(None::<Loaded>);
    load_chosen_session(store.clone(), cat, keys, session_id.into(), refresh, loaded);
    load_chosen_session(store.clone(), cat, keys, compare_id.into(), refresh, compare_loaded);
    let k_input = RwSignal::new(DEFAULT_THRESHOLD);
    // Each session's responses are encoded once, when loaded; changing the plan, the
    // threshold or the breakdown then only re-counts (see BENCHMARKS.md).
    let dataset = Memo::new(move |_| loaded.with(|l| l.as_ref().and_then(|l| l.dataset.clone())));
    let compare_dataset = Memo::new(move |_| compare_loaded.with(|l| l.as_ref().and_then(|l| l.dataset.clone())));
    let compute = move |d: Option<Arc<Dataset>>| -> Option<SessionResults> {
        let d = d?;
        let k = Threshold::new(k_input.get()).ok()?;
        let fw = framework_id.get();
        cat.catalogue.with(|c| {
            // Every plan on the device: the audit protects what they publish together.
            let plans: Vec<&yv_core::Framework> = c.frameworks().map(|(f, _)| f).collect();
            Some(results(c.survey(&d.survey)?, c.framework(&fw)?, &plans, &d, k, "en"))
        })
    };
    let together = RwSignal::new(Vec::<String>::new());
    let family = RwSignal::new(None::<Vec<Loaded>>);
    load_family(store.clone(), cat, keys, sessions, session_id, together, refresh, family);
    // Several sessions read together: every session of the survey goes to the audit.
    let computed_together = Memo::new(move |_| -> Option<Result<(SessionResults, Combined), String>> {
        let also = together.get();
        if also.is_empty() {
            return None;
        }
        let main = session_id.get()?;
        let k = Threshold::new(k_input.get()).ok()?;
        let fw = framework_id.get();
        family.with(|f| {
            let f = f.as_ref()?;
            // Every session of the survey goes into the check that no hidden figure can be
            // worked out by subtraction; a sealed one whose answers are not open cannot, so
            // nothing is read together until it is (issue 13).
            if let Some(l) = f.iter().find(|l| l.locked) {
                return Some(Err(format!(
                    "\u{201c}{}\u{201d} is a sealed session of this survey whose answers are not open. Every session of the survey goes into the check that no hidden figure can be worked out by subtraction: choose it above and give its passphrase first.",
                    l.session.group
                )));
            }
            let survey_id = f.iter().find(|l| l.session.id == main)?.session.survey.clone();
            cat.catalogue.with(|c| {
                let survey = c.survey(&survey_id)?;
                let plans: Vec<&yv_core::Framework> = c.frameworks().map(|(f, _)| f).collect();
                let parts: Vec<Part> = f
                    .iter()
                    .filter_map(|l| {
                        l.dataset.as_deref().map(|d| Part { session: &l.session.id, label: &l.session.group, data: d })
                    })
                    .collect();
                let chosen: Vec<&str> = std::iter::once(main.as_str()).chain(also.iter().map(String::as_str)).collect();
                Some(
                    combined_results(survey, c.framework(&fw)?, &plans, &parts, &chosen, k, "en")
                        .map_err(|e| yv_core::text::sentence(&e.to_string())),
                )
            })
        })
    });
    let combined = Memo::new(move |_| {
        if together.with(Vec::is_empty) {
            return None;
        }
        computed_together.with(|c| c.as_ref().map(|c| c.as_ref().map(|(_, m)| m.clone()).map_err(Clone::clone)))
    });
    // Counting tens of thousands of responses takes tens of milliseconds: it runs in a task of
    // its own, so that drawing the results is another task and neither keeps the page from
    // answering taps for long (BENCHMARKS.md, importing a council's returns).
    let results = RwSignal::new(None::<Arc<SessionResults>>);
    let detail_ready = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        // What the results depend on (read again, untracked, when counting).
        together.track();
        dataset.track();
        k_input.track();
        framework_id.track();
        computed_together.track();
        cat.catalogue.track();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        leptos::task::spawn_local(async move {
            platform::next_tick().await;
            if generation.get_value() != mine {
                return;
            }
            platform::mark("yv:results-count-start");
            let counted = if together.with_untracked(Vec::is_empty) {
                let counted = compute(dataset.get_untracked());
                // Timed for `make bench`: counting every plan's indicators and the audit.
                platform::measure_from("yv:results-count", "yv:results-count-start");
                counted
            } else {
                computed_together.with_untracked(|c| c.as_ref().and_then(|c| c.as_ref().ok()).map(|(r, _)| r.clone()))
            };
            if generation.get_value() == mine {
                detail_ready.set(false);
                results.set(counted.map(Arc::new));
                platform::after_paint().await;
                if generation.get_value() == mine {
                    detail_ready.set(true);
                }
            }
        });
    });
    let compare_results = Memo::new(move |_| compute(compare_dataset.get()).map(Arc::new));
    let ctx = ResultsCtx {
        sessions,
        session_id,
        together,
        family,
        combined,
        framework_id,
        k_input,
        breakdown: RwSignal::new(None),
        compare_id,
        refresh,
        loaded,
        compare_loaded,
        results,
        compare_results,
        detail_ready,
        notice: RwSignal::new(None),
        data_view: RwSignal::new(first_is_none),
        council: RwSignal::new(String::new()),
    };
    provide_context(ctx);
    ctx
}
