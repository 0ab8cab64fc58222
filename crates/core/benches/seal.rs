//! `make bench`, issue 13: sealing one response, the bytes a sealed record takes, opening
//! 100,000 sealed records and unwrapping a session key (Argon2id at the default cost), natively.
//! Prints figures only; the targets are in BENCHMARKS.md.

use std::time::Instant;
use yv_core::builtin::library;
use yv_core::envelope::{encode_record, encode_sealed_record, open_record, Session, StoredResponse};
use yv_core::seal::{unwrap, wrap, KdfParams, Sealer, SessionKey};

const N: usize = 100_000;

/// Deterministic "random" bytes for the bench (the app uses the browser's generator).
fn bytes<const K: usize>(seed: u64) -> [u8; K] {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    std::array::from_fn(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as u8
    })
}

fn main() {
    let lib = library().expect("built-in content");
    let survey = lib.survey("secondary").expect("secondary survey");
    let key = SessionKey::from_random(bytes(1));
    let public = key.public();
    let session = Session {
        id: "bench".into(),
        survey: survey.id.clone(),
        survey_version: survey.version.clone(),
        framework: "calderdale".into(),
        group: "Bench".into(),
        started: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        idle_seconds: 120,
        left_out: Vec::new(),
        auto_advance: true,
        seal: Some(public.clone()),
    };
    let answers = yv_core::synthetic::responses(survey, N, 2026);
    let (mut sealer, mut sealers_made) = (None::<Sealer>, 0);
    let responses: Vec<StoredResponse> = answers
        .into_iter()
        .enumerate()
        .map(|(i, a)| StoredResponse::new(&session, format!("r{i}"), session.started, a))
        .collect();

    // A tablet's kiosk start (one key agreement), then each response as it is saved. The 100,000
    // come from 200 kiosk starts (a council's tablets over a season), 500 responses each.
    let t = Instant::now();
    let mut sealed = Vec::with_capacity(N);
    for (i, r) in responses.iter().enumerate() {
        if i % 500 == 0 {
            sealers_made += 1;
            sealer = Some(Sealer::new(&public, bytes(i as u64 + 7)).expect("sealer"));
        }
        let s = sealer.as_ref().expect("sealer");
        sealed.push(encode_sealed_record(survey, r, s, bytes(i as u64 + 11)).expect("sealed"));
    }
    let seal_each = t.elapsed().as_secs_f64() * 1e6 / N as f64;
    let plain: usize = responses.iter().map(|r| encode_record(survey, r).expect("plain").len()).sum();
    let sealed_bytes: usize = sealed.iter().map(String::len).sum();
    println!("BENCH seal one response (native, secondary survey): {seal_each:.1} µs on average, {sealers_made} kiosk starts included");
    let t = Instant::now();
    let one = Sealer::new(&public, bytes(99)).expect("sealer");
    println!("BENCH a kiosk start's sealer (one key agreement, native): {:.0} µs", t.elapsed().as_secs_f64() * 1e6);
    drop(one);
    println!(
        "BENCH sealed record: {:.0} bytes on average (schema 2 open record: {:.0} bytes), {N} synthetic responses",
        sealed_bytes as f64 / N as f64,
        plain as f64 / N as f64
    );

    let t = Instant::now();
    let mut opener = key.opener();
    let opened = sealed.iter().filter(|text| open_record(text, &mut opener).is_ok()).count();
    println!("BENCH unseal {N} sealed records (native): {:.0} ms ({opened} opened)", t.elapsed().as_secs_f64() * 1e3);

    let t = Instant::now();
    let wrapped = wrap(&key, "a facilitator's passphrase", KdfParams::default(), bytes(2), bytes(3)).expect("wrap");
    let wrap_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    unwrap(&wrapped, "a facilitator's passphrase").expect("unwrap");
    println!(
        "BENCH Argon2id at the default cost ({:?}): wrap {wrap_ms:.0} ms, unwrap {:.0} ms (native)",
        KdfParams::default(),
        t.elapsed().as_secs_f64() * 1e3
    );
}
