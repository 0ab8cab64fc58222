//! Browser tests of the large-data store (IndexedDB) in headless Chromium: round trips, sorted
//! prefix queries, removal, all-or-nothing writes, surviving a reopen, refusing to open, and a
//! timing of a large import (printed as BENCH lines; nothing asserted about time).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use youth_voice::storage::{BigStore, IdbStore, StorageError};

wasm_bindgen_test_configure!(run_in_browser);

/// A database of its own, so the tests never touch the app's.
const DB: &str = "youth-voice-test";

async fn open() -> IdbStore {
    IdbStore::open(DB).await.expect("IndexedDB opens in Chromium")
}

/// The store, emptied of `prefix`'s chunks (tests share one database, each under its prefix).
async fn fresh(prefix: &str) -> BigStore {
    let s = BigStore::Idb(open().await);
    s.remove_with_prefix(prefix).await.unwrap();
    s
}

fn chunks(prefix: &str, n: usize, value: impl Fn(usize) -> String) -> Vec<(String, String)> {
    (0..n).map(|i| (format!("{prefix}{i:05}"), value(i))).collect()
}

#[wasm_bindgen_test]
async fn two_thousand_chunks_round_trip_in_one_put() {
    let s = fresh("rt:").await;
    let all = chunks("rt:", 2000, |i| format!("chunk {i}: {}", "é✓".repeat(i % 50)));
    s.put_chunks(all.clone()).await.unwrap();
    assert_eq!(s.get_with_prefix("rt:").await.unwrap(), all);
    assert_eq!(s.get("rt:01234").await.unwrap().as_deref(), Some(all[1234].1.as_str()));
    assert_eq!(s.get("rt:99999").await.unwrap(), None);
    // Writing a key again replaces it; within one put, the later value wins.
    s.put_chunks(vec![("rt:00007".into(), "first".into()), ("rt:00007".into(), "second".into())]).await.unwrap();
    assert_eq!(s.get("rt:00007").await.unwrap().as_deref(), Some("second"));
    assert_eq!(s.keys_with_prefix("rt:").await.unwrap().len(), 2000);
    s.put_chunks(Vec::new()).await.unwrap();
}

#[wasm_bindgen_test]
async fn prefix_queries_are_exact_and_sorted_as_rust_sorts() {
    let s = fresh("px").await;
    let keys = [
        "px:b:0002",
        "px:a:0010",
        "px:a:0001",
        "px:ab:0001",
        "px:a:\u{1F600}", // after U+FFFF in Rust's order, before it in IndexedDB's (UTF-16)
        "px:a:\u{FFFF}z", // the prefix "px:a:\u{FFFF}" has no code unit above it
        "px:a:\u{FFFE}",
        "px",
        "px;",
        "pw:a:0001",
        "py:a:0001",
    ];
    let pairs: Vec<(String, String)> = keys.iter().map(|k| (k.to_string(), format!("value of {k}"))).collect();
    s.put_chunks(pairs).await.unwrap();
    let expected = |prefix: &str| {
        let mut ks: Vec<String> = keys.iter().filter(|k| k.starts_with(prefix)).map(|k| k.to_string()).collect();
        ks.sort();
        ks
    };
    for prefix in ["px:a:", "px:a", "px:", "px", "px:a:\u{FFFF}", "px:a:\u{1F600}", "px:c", "px:a:\u{FFFE}"] {
        assert_eq!(s.keys_with_prefix(prefix).await.unwrap(), expected(prefix), "keys with {prefix:?}");
        let got = s.get_with_prefix(prefix).await.unwrap();
        let want: Vec<(String, String)> =
            expected(prefix).into_iter().map(|k| (k.clone(), format!("value of {k}"))).collect();
        assert_eq!(got, want, "chunks with {prefix:?}");
    }
    assert_eq!(
        s.keys_with_prefix("px:a:").await.unwrap(),
        vec!["px:a:0001", "px:a:0010", "px:a:\u{FFFE}", "px:a:\u{FFFF}z", "px:a:\u{1F600}"]
    );
    let everything = s.keys_with_prefix("").await.unwrap();
    assert!(everything.windows(2).all(|w| w[0] < w[1]), "sorted");
    for k in keys {
        assert!(everything.iter().any(|e| e == k), "{k:?} listed under the empty prefix");
    }
    s.remove_with_prefix("pw:").await.unwrap();
    s.remove_with_prefix("py:").await.unwrap();
}

#[wasm_bindgen_test]
async fn removal_takes_only_its_prefix_and_counts() {
    let s = fresh("rm:").await;
    s.put_chunks(chunks("rm:a:", 120, |i| i.to_string())).await.unwrap();
    s.put_chunks(chunks("rm:b:", 5, |i| i.to_string())).await.unwrap();
    s.put_chunks(vec![("rm:a".into(), "no colon".into())]).await.unwrap();
    assert_eq!(s.remove_with_prefix("rm:a:").await.unwrap(), 120);
    assert_eq!(s.remove_with_prefix("rm:a:").await.unwrap(), 0);
    assert_eq!(s.keys_with_prefix("rm:").await.unwrap(), {
        let mut k: Vec<String> = (0..5).map(|i| format!("rm:b:{i:05}")).collect();
        k.insert(0, "rm:a".into());
        k
    });
    assert_eq!(s.remove_with_prefix("rm:").await.unwrap(), 6);
    assert!(s.get_with_prefix("rm:").await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_write_refused_part_way_stores_nothing_and_keeps_what_was_there() {
    let store = open().await;
    let s = BigStore::Idb(store.clone());
    s.remove_with_prefix("fail:").await.unwrap();
    let old = chunks("fail:", 10, |i| format!("old {i}"));
    s.put_chunks(old.clone()).await.unwrap();
    // 100 chunks: the first ten replace the old ones; the browser refuses chunk 50's request
    // (a ConstraintError) after the first 50 have gone through; 49 more follow it.
    let new = chunks("fail:", 100, |i| format!("new {i} {}", "x".repeat(1000)));
    let err = store.put_chunks_failing_at(new.clone(), 50).await.unwrap_err();
    assert!(matches!(&err, StorageError::Refused(m) if m.contains("ConstraintError")), "{err}");
    assert_eq!(s.get_with_prefix("fail:").await.unwrap(), old, "nothing of the failed write, all of the old");
    // The same write without the fault goes through.
    s.put_chunks(new.clone()).await.unwrap();
    assert_eq!(s.get_with_prefix("fail:").await.unwrap(), new);
    s.put_chunks(old.clone()).await.unwrap();

    // A closed database refuses loudly and writes nothing; reopened, the data is as it was.
    store.close();
    let err = s.put_chunks(vec![("fail:00000".into(), "after close".into())]).await.unwrap_err();
    assert!(matches!(&err, StorageError::Unavailable(m) if m.contains("closed")), "{err}");
    assert!(matches!(s.get("fail:00000").await, Err(StorageError::Unavailable(_))));
    assert!(matches!(s.remove_with_prefix("fail:").await, Err(StorageError::Unavailable(_))));
    let again = BigStore::Idb(open().await);
    let expected: Vec<(String, String)> = old.iter().chain(&new[10..]).cloned().collect();
    assert_eq!(again.get_with_prefix("fail:").await.unwrap(), expected);
    assert_eq!(again.remove_with_prefix("fail:").await.unwrap(), 100);
}

#[wasm_bindgen_test]
async fn data_survives_closing_and_reopening() {
    let s = open().await;
    BigStore::Idb(s.clone()).remove_with_prefix("keep:").await.unwrap();
    let data = chunks("keep:", 300, |i| format!("{{\"n\":{i}}}"));
    BigStore::Idb(s.clone()).put_chunks(data.clone()).await.unwrap();
    s.close();
    drop(s);
    let reopened = BigStore::Idb(open().await);
    assert_eq!(reopened.get_with_prefix("keep:").await.unwrap(), data);
    assert_eq!(reopened.remove_with_prefix("keep:").await.unwrap(), 300);
}

#[wasm_bindgen_test]
async fn estimate_reports_use_and_quota() {
    let s = fresh("est:").await;
    s.put_chunks(chunks("est:", 20, |_| "y".repeat(10_000))).await.unwrap();
    let (used, quota) = s.estimate().await.unwrap().expect("Chromium estimates storage");
    assert!(quota > 0 && used <= quota, "{used} of {quota}");
    console_log!("estimate: {used} bytes used of {quota}");
    s.remove_with_prefix("est:").await.unwrap();
}

/// Open `name` at `version` with the browser's API directly (no `chunks` store), then close it.
async fn make_foreign_database(name: &str, version: u32) {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, version).unwrap();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    request.result().unwrap().unchecked_into::<web_sys::IdbDatabase>().close();
}

#[wasm_bindgen_test]
async fn a_database_that_will_not_open_is_unavailable_in_words() {
    // Newer than this app knows (another version of Youth Voice upgraded it): VersionError.
    IdbStore::delete("yv-test-newer").await.unwrap();
    make_foreign_database("yv-test-newer", 2).await;
    let err = IdbStore::open("yv-test-newer").await.unwrap_err();
    assert!(matches!(&err, StorageError::Unavailable(m) if m.contains("VersionError")), "{err}");
    assert!(err.to_string().starts_with("this browser is not letting Youth Voice store anything"), "{err}");
    // Version 1 but made by something else: no `chunks` store.
    IdbStore::delete("yv-test-foreign").await.unwrap();
    make_foreign_database("yv-test-foreign", 1).await;
    let err = IdbStore::open("yv-test-foreign").await.unwrap_err();
    assert!(matches!(&err, StorageError::Unavailable(m) if m.contains("made by something else")), "{err}");
    IdbStore::delete("yv-test-newer").await.unwrap();
    IdbStore::delete("yv-test-foreign").await.unwrap();
}

#[wasm_bindgen_test]
async fn deleting_the_database_closes_our_connection_loudly() {
    const NAME: &str = "yv-test-deleted";
    let s = BigStore::Idb(IdbStore::open(NAME).await.unwrap());
    s.put_chunks(chunks("d:", 3, |i| i.to_string())).await.unwrap();
    // Another tab deleting the database is not blocked by us: we close and say so.
    IdbStore::delete(NAME).await.unwrap();
    assert!(matches!(s.get("d:00000").await, Err(StorageError::Unavailable(_))));
    let s = BigStore::Idb(IdbStore::open(NAME).await.unwrap());
    assert!(s.keys_with_prefix("").await.unwrap().is_empty());
    drop(s);
    IdbStore::delete(NAME).await.unwrap();
}

fn now() -> f64 {
    youth_voice::platform::perf_now()
}

/// A record of about 170 characters, like an imported response line.
fn record(i: usize) -> String {
    let code: String = (0..100).map(|j| (b'a' + ((i * 7 + j * 13) % 26) as u8) as char).collect();
    format!(
        "{{\"v\":2,\"s\":\"secondary\",\"sv\":\"2026.1\",\"d\":\"2026-11-24\",\"id\":\"r{i:06}\",\"c\":\"{code}\"}}"
    )
}

#[wasm_bindgen_test]
async fn bench_sixty_thousand_records_in_two_hundred_chunks() {
    const RECORDS: usize = 60_000;
    const CHUNKS: usize = 200;
    let per = RECORDS / CHUNKS;
    let records: Vec<String> = (0..RECORDS).map(record).collect();
    let mean = records.iter().map(String::len).sum::<usize>() as f64 / RECORDS as f64;
    let data: Vec<(String, String)> =
        (0..CHUNKS).map(|c| (format!("bench:{c:04}"), records[c * per..(c + 1) * per].join("\n"))).collect();
    let bytes: usize = data.iter().map(|(k, v)| k.len() + v.len()).sum();
    let s = fresh("bench:").await;
    let (mut puts, mut gets) = (Vec::new(), Vec::new());
    for round in 0..3 {
        s.remove_with_prefix("bench:").await.unwrap();
        let batch = data.clone();
        let t = now();
        s.put_chunks(batch).await.unwrap();
        let put = now() - t;
        let t = now();
        let back = s.get_with_prefix("bench:").await.unwrap();
        let lines = back.iter().map(|(_, v)| v.split('\n').count()).sum::<usize>();
        let get = now() - t;
        assert_eq!(lines, RECORDS);
        assert!(back == data, "read back as written");
        console_log!("BENCH round {round}: put {put:.0} ms, read back and split {get:.0} ms");
        puts.push(put);
        gets.push(get);
    }
    puts.sort_by(f64::total_cmp);
    gets.sort_by(f64::total_cmp);
    console_log!(
        "BENCH IndexedDB: {RECORDS} records of {mean:.0} chars in {CHUNKS} chunks ({:.1} MB as UTF-8): \
         put_chunks (one strict transaction) median {:.0} ms, get_with_prefix + split median {:.0} ms",
        bytes as f64 / 1e6,
        puts[1],
        gets[1]
    );
    if let Ok(Some((used, quota))) = s.estimate().await {
        console_log!("BENCH estimate after: {:.1} MB used of {:.0} MB", used as f64 / 1e6, quota as f64 / 1e6);
    }
    assert_eq!(s.remove_with_prefix("bench:").await.unwrap(), CHUNKS);
}
