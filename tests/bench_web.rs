//! `make bench` (not `make test`): the aggregation benchmark in the browser. 100,000 synthetic
//! secondary-survey responses are encoded, then aggregated into every indicator of each built-in
//! framework with both CSVs, in headless Chromium. Prints timings; asserts nothing about time
//! (targets live in BENCHMARKS.md).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use yv_core::builtin::library;
use yv_core::export::{write_distributions, write_outcomes, ExportLabel};
use yv_core::results::{results, Dataset, Threshold};
use yv_core::Answers;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[wasm_bindgen_test]
fn aggregate_100k_in_the_browser() {
    const N: usize = 100_000;
    // Start-up: every page load parses and validates the built-in content.
    let mut start = Vec::new();
    for _ in 0..5 {
        let t = now();
        let lib = library().expect("built-in content");
        let iface = yv_core::interface::interface().expect("interface text");
        start.push(now() - t);
        assert_eq!((lib.surveys.len(), lib.frameworks.len(), iface.languages.len()), (2, 5, 3));
    }
    console_log!(
        "BENCH browser start-up: parse and validate built-in surveys, frameworks and interface text: median {:.1} ms",
        median(start)
    );
    let lib = library().expect("built-in content");
    let survey = lib.survey("secondary").expect("secondary survey");
    let data = yv_core::synthetic::responses(survey, N, 2026);
    let refs: Vec<&Answers> = data.iter().collect();
    let mut enc = Vec::new();
    let mut dataset = None;
    for _ in 0..5 {
        let t = now();
        dataset = Some(Dataset::new(survey, &refs));
        enc.push(now() - t);
    }
    let dataset = dataset.expect("encoded");
    console_log!("BENCH browser encoding {N} responses: median {:.1} ms", median(enc));
    let plans: Vec<&yv_core::Framework> = lib.frameworks.iter().collect();
    for fw in &lib.frameworks {
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..5 {
            let t = now();
            let r = results(survey, fw, &plans, &dataset, Threshold::default(), "en");
            let label = ExportLabel { session: "Benchmark", framework: &fw.name };
            let mut a = Vec::new();
            write_outcomes(&r, &label, &mut a).expect("outcomes CSV");
            let mut b = Vec::new();
            write_distributions(&r, &label, &mut b).expect("questions CSV");
            times.push(now() - t);
            bytes = a.len() + b.len();
        }
        assert!(bytes > 0);
        console_log!(
            "BENCH browser {}: aggregate + both CSVs median {:.1} ms ({bytes} bytes of CSV)",
            fw.id,
            median(times)
        );
    }
}

#[wasm_bindgen_test]
fn space_check_before_a_save_with_2000_stored() {
    use youth_voice::storage::{sessions, LocalStore, Store};
    let store = LocalStore;
    let lib = library().expect("built-in content");
    let survey = lib.survey("secondary").expect("secondary survey");
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let session = yv_core::envelope::Session {
        id: "bench".into(),
        survey: "secondary".into(),
        survey_version: survey.version.clone(),
        framework: "calderdale".into(),
        group: "Bench".into(),
        started: date,
        idle_seconds: 120,
        left_out: Vec::new(),
        auto_advance: true,
        seal: None,
    };
    for (i, a) in yv_core::synthetic::responses(survey, 2000, 9).into_iter().enumerate() {
        let r = yv_core::envelope::StoredResponse::new(&session, format!("b{i}"), date, a);
        sessions::save_response(&store, survey, &r).expect("fits");
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = now();
        let fit = sessions::responses_that_fit(&store).expect("space");
        times.push(now() - t);
        assert!(fit < sessions::STORAGE_BUDGET_BYTES / sessions::RESPONSE_BYTES_ESTIMATE);
    }
    console_log!("BENCH browser space check before a save, 2,000 responses stored: median {:.1} ms", median(times));
    for k in store.keys().unwrap() {
        store.remove(&k).unwrap();
    }
}

/// Issue target: the disclosure audit adds at most 200 ms in the browser for 300 responses read
/// against the largest plan (Richmond, 167 indicators) with every breakdown. The audit cannot
/// be switched off, so the figure is the whole of `results` (counting, the audit of what every
/// plan on the device publishes, every breakdown) plus both CSVs: an upper bound on what the
/// audit adds.
#[wasm_bindgen_test]
fn audit_300_responses_on_richmond() {
    let lib = library().expect("built-in content");
    let survey = lib.survey("secondary").expect("secondary survey");
    let fw = lib.framework("richmond-2009-13").expect("Richmond");
    let plans: Vec<&yv_core::Framework> = lib.frameworks.iter().collect();
    for n in [300usize, 3000] {
        // A school's mix, so the audit has small groups to protect: mostly Years 7 and 8, a few
        // pupils in care, describing their gender another way, young carers, with SEND.
        let mut data = yv_core::synthetic::responses(survey, n, 300);
        for (i, a) in data.iter_mut().enumerate() {
            let pick =
                |every: usize, yes: &str, no: &str| if i % every == 0 { yes.to_string() } else { no.to_string() };
            a.set("year_group", yv_core::Answer::Choice(pick(25, "y9", if i % 2 == 0 { "y7" } else { "y8" })));
            a.set("care_experienced", yv_core::Answer::Choice(pick(60, "yes", "no")));
            a.set("gender", yv_core::Answer::Choice(pick(40, "another_way", if i % 3 == 0 { "boy" } else { "girl" })));
            a.set("young_carer", yv_core::Answer::Choice(pick(25, "yes", "no")));
            a.set("send", yv_core::Answer::Choice(pick(8, "yes", "no")));
        }
        let refs: Vec<&Answers> = data.iter().collect();
        let dataset = Dataset::new(survey, &refs);
        let mut times = Vec::new();
        let mut hidden = 0;
        for _ in 0..7 {
            let t = now();
            let r = results(survey, fw, &plans, &dataset, Threshold::default(), "en");
            let label = ExportLabel { session: "Benchmark", framework: &fw.name };
            write_outcomes(&r, &label, &mut Vec::new()).expect("outcomes CSV");
            write_distributions(&r, &label, &mut Vec::new()).expect("questions CSV");
            times.push(now() - t);
            hidden = r.audit.hidden_cells;
        }
        console_log!(
            "BENCH browser results with the disclosure audit, {n} responses, Richmond ({} indicators), every plan and breakdown, both CSVs: median {:.1} ms ({hidden} cells hidden)",
            fw.indicators().len(),
            median(times)
        );
    }
}

/// Issue 10 target: from stored records to every indicator of a framework plus both CSVs, for
/// 100,000 secondary responses, decoding included, at most 300 ms in the browser. The records
/// are the compact ones the kiosk writes; each is read as text, checked, and its code put
/// straight into the columns (the same `Gathering::add_text` the results screen uses).
#[wasm_bindgen_test]
fn from_100k_stored_records_in_the_browser() {
    const N: usize = 100_000;
    let lib = library().expect("built-in content");
    let survey = lib.survey("secondary").expect("secondary survey");
    let plans: Vec<&yv_core::Framework> = lib.frameworks.iter().collect();
    let (session, stored) = yv_core::synthetic::stored_records(survey, &yv_core::synthetic::responses(survey, N, 2026));
    assert_eq!(stored.len(), N, "every response encodes");
    for fw in [lib.framework("calderdale").unwrap(), lib.framework("richmond-2009-13").unwrap()] {
        let (mut total, mut decode) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            let t = now();
            let mut g = yv_core::envelope::Gathering::new(&session, survey);
            for (id, text) in &stored {
                g.add_text(text, id).expect("reads");
            }
            let gathered = g.finish();
            decode.push(now() - t);
            let r = results(survey, fw, &plans, &gathered.dataset, Threshold::default(), "en");
            let label = ExportLabel { session: "Benchmark", framework: &fw.name };
            write_outcomes(&r, &label, &mut Vec::new()).expect("outcomes CSV");
            write_distributions(&r, &label, &mut Vec::new()).expect("questions CSV");
            total.push(now() - t);
        }
        console_log!(
            "BENCH browser from {N} stored records to {} + both CSVs: decode median {:.1} ms, total median {:.1} ms",
            fw.id,
            median(decode),
            median(total)
        );
    }
}

/// Issue 13: sealing in the browser (release wasm, no CPU slowdown: multiply by about 4 for a
/// cheap tablet): a kiosk start's sealer, one response sealed and stored, 100,000 opened, and the
/// passphrase's Argon2id.
#[wasm_bindgen_test]
fn sealing_in_the_browser() {
    use yv_core::envelope::{encode_sealed_record, open_record, StoredResponse};
    use yv_core::seal::{unwrap, wrap, KdfParams, Sealer, SessionKey};
    const N: usize = 100_000;
    let lib = library().expect("built-in content");
    let survey = lib.survey("secondary").expect("secondary survey");
    let key = SessionKey::from_random([3; 32]);
    let (session, _) = yv_core::synthetic::stored_records(survey, &[]);
    let answers = yv_core::synthetic::responses(survey, N, 2026);
    let responses: Vec<StoredResponse> = answers
        .into_iter()
        .enumerate()
        .map(|(i, a)| StoredResponse::new(&session, format!("r{i}"), session.started, a))
        .collect();
    let (mut starts, mut each) = (Vec::new(), Vec::new());
    let mut sealed = Vec::with_capacity(N);
    let mut sealer = None;
    for (i, r) in responses.iter().enumerate() {
        if i % 500 == 0 {
            let t = now();
            sealer = Some(Sealer::new(&key.public(), [(i % 251) as u8; 32]).expect("sealer"));
            starts.push(now() - t);
        }
        let t = now();
        let nonce: [u8; 24] = std::array::from_fn(|j| (i + j) as u8);
        sealed.push(encode_sealed_record(survey, r, sealer.as_ref().expect("sealer"), nonce).expect("sealed"));
        if i < 1000 {
            each.push(now() - t);
        }
    }
    console_log!(
        "BENCH browser sealing: a kiosk start's sealer median {:.2} ms; one response sealed median {:.3} ms",
        median(starts),
        median(each)
    );
    // The whole path a facilitator waits for: open every record, read it into the columns,
    // count Calderdale and write both CSVs.
    let fw = lib.framework("calderdale").expect("calderdale");
    let plans: Vec<&yv_core::Framework> = lib.frameworks.iter().collect();
    let t = now();
    let mut opener = key.opener();
    let mut g = yv_core::envelope::Gathering::new(&session, survey);
    for (i, text) in sealed.iter().enumerate() {
        let open = open_record(text, &mut opener).expect("opens");
        g.add_text(&open, &format!("r{i}")).expect("reads");
    }
    let gathered = g.finish();
    let opened_ms = now() - t;
    let r = results(survey, fw, &plans, &gathered.dataset, Threshold::default(), "en");
    let label = ExportLabel { session: "Benchmark", framework: &fw.name };
    write_outcomes(&r, &label, &mut Vec::new()).expect("outcomes CSV");
    write_distributions(&r, &label, &mut Vec::new()).expect("questions CSV");
    console_log!(
        "BENCH browser from {N} sealed records to calderdale + both CSVs: open and read {opened_ms:.0} ms, total {:.0} ms ({} counted)",
        now() - t,
        gathered.dataset.len()
    );
    let t = now();
    let w = wrap(&key, "a facilitator's passphrase", KdfParams::default(), [1; 16], [2; 24]).expect("wrap");
    let wrapped_ms = now() - t;
    let t = now();
    unwrap(&w, "a facilitator's passphrase").expect("unwrap");
    console_log!("BENCH browser Argon2id (default cost): wrap {wrapped_ms:.0} ms, unwrap {:.0} ms", now() - t);
}

#[wasm_bindgen_test]
fn a_vote_by_group_in_the_browser() {
    use yv_core::vote::{new_vote, release, VoteKind};
    // As `crates/core/benches/vote.rs`: a closed top-three vote of 20 items by Years 7-13.
    let items: Vec<(String, Option<String>)> = (1..=20).map(|i| (format!("Item {i}"), None)).collect();
    let years: Vec<String> = (7..=13).map(|y| format!("Year {y}")).collect();
    let v = new_vote("bench".into(), "Which should the council fix first?", VoteKind::TopThree, &items, true, None)
        .and_then(|v| v.with_groups("What year are you in at school?", &years))
        .expect("a vote");
    for n in [1_000usize, 5_000] {
        let ballots = yv_core::synthetic::ballots(&v, n, 2026);
        let first = release(&v, &ballots[..n - n / 10], false, None, 10);
        for (what, previous) in [("first release", None), ("a later release", first.release.as_ref())] {
            let mut times = Vec::new();
            for _ in 0..5 {
                let t = now();
                let shown = release(&v, &ballots, false, previous, 10);
                let mut out = Vec::new();
                yv_core::export::write_vote(&v, &shown, &mut out).expect("CSV");
                times.push(now() - t);
            }
            console_log!(
                "BENCH browser a closed vote by year, {n} ballots, {what}: count, audit and CSV median {:.1} ms",
                median(times)
            );
        }
        // The board's whole path but drawing: the ballots read from localStorage, the release
        // worked out and recorded there, the figures returned (`actions::votes::shown`).
        use youth_voice::storage::votes as stored;
        let store = youth_voice::storage::LocalStore;
        let _ = stored::delete_vote(&store, &v.id);
        stored::save_vote(
            &store,
            &stored::StoredVote::new(v.clone(), chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
        )
        .expect("stored");
        for b in &ballots {
            stored::save_ballot(&store, &v, b).expect("ballot stored");
        }
        stored::set_open(&store, &v.id, false).expect("closed");
        let mut times = Vec::new();
        for _ in 0..5 {
            let sv = stored::vote(&store, &v.id).expect("read").expect("there");
            let t = now();
            youth_voice::actions::votes::shown(&store, &sv, 10).expect("shown");
            times.push(now() - t);
        }
        let _ = stored::delete_vote(&store, &v.id);
        console_log!(
            "BENCH browser the board's data for a closed vote by year, {n} ballots in localStorage: read, count, audit, record the release median {:.1} ms",
            median(times)
        );
    }
}
