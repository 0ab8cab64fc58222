//! `make bench`: what a closed vote's board costs when it breaks the result down by group
//! (issue 15): counting, the disclosure audit of every group, and the CSV, for a top-three vote
//! with 20 items and Years 7 to 13, natively (the same in the browser: `tests/bench_web.rs`).
//! The second figure is a later release, which also audits the ballots since the first. Prints
//! the median of several runs; the target (a board drawn within a tap, under 100 ms) is recorded
//! in BENCHMARKS.md, never asserted in a test.

use std::time::{Duration, Instant};
use yv_core::export::write_vote;
use yv_core::vote::{new_vote, release, VoteKind};

const RUNS: usize = 7;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let items: Vec<(String, Option<String>)> = (1..=20).map(|i| (format!("Item {i}"), None)).collect();
    let years: Vec<String> = (7..=13).map(|y| format!("Year {y}")).collect();
    let v = new_vote("bench".into(), "Which should the council fix first?", VoteKind::TopThree, &items, true, None)
        .and_then(|v| v.with_groups("What year are you in at school?", &years))
        .expect("a vote");
    println!("{:<44} {:>10} {:>12}", "top three of 20 items, Years 7-13", "median ms", "CSV bytes");
    for n in [300usize, 1_000, 5_000] {
        let ballots = yv_core::synthetic::ballots(&v, n, 2026);
        let first = release(&v, &ballots[..n - n / 10], false, None, 10);
        for (what, previous) in [("first release", None), ("a later release (10% more)", first.release.as_ref())] {
            let mut times = Vec::new();
            let mut bytes = 0;
            for _ in 0..RUNS {
                let t = Instant::now();
                let shown = release(&v, &ballots, false, previous, 10);
                let mut out = Vec::new();
                write_vote(&v, &shown, &mut out).expect("CSV");
                times.push(t.elapsed());
                bytes = out.len();
            }
            println!(
                "{:<44} {:>10.1} {:>12}",
                format!("{n} ballots, {what}"),
                median(times).as_secs_f64() * 1e3,
                bytes
            );
        }
    }
}
