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
    console_log!("BENCH browser start-up: parse and validate built-in surveys, frameworks and interface text: median {:.1} ms", median(start));
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
    for fw in &lib.frameworks {
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..5 {
            let t = now();
            let r = results(survey, fw, &dataset, Threshold::default(), "en");
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
