//! Bad input (issue 16): every parser of a file or stored record that can reach the app from
//! outside never panics, answers within a bounded time, and says what is wrong in a bounded
//! message, on arbitrary bytes, on valid files mutated byte by byte, and on hand-made worst cases:
//! deeply nested JSON at the size limit, invalid UTF-8, UTF-16 with a byte-order mark, numbers at
//! the edges of their types, and a bundle claiming a million records. `make fuzz` runs the same
//! parsers under cargo-fuzz for longer (crates/core/fuzz).

use chrono::NaiveDate;
use proptest::prelude::*;
use std::time::{Duration, Instant};
use yv_core::builtin::{FRAMEWORK_FILES, SURVEY_FILES};
use yv_core::bundle::{make_bundle, make_pack, read_bundle, read_pack};
use yv_core::envelope::{read_session, read_stored, record_survey, Session, Stored, StoredResponse};
use yv_core::interface::{parse_interface, INTERFACE_FILE};
use yv_core::vote::{make_vote_file, new_vote, read_vote_file, Ballot, VoteKind, MAX_VOTE_FILE_BYTES};
use yv_core::{parse_survey, synthetic, Survey, MAX_FILE_BYTES};

/// The most any one parse may take, and the longest message it may give (a 600 MB message from
/// a 144 KB file was one of the issue's findings).
const MAX_TIME: Duration = Duration::from_secs(5);
const MAX_MESSAGE: usize = 64 * 1024;
const MAX_BUNDLE: usize = 64 * 1024 * 1024;

fn secondary() -> Survey {
    let (file, text) = SURVEY_FILES.iter().find(|(f, _)| *f == "secondary.json").unwrap();
    parse_survey(file, text).unwrap()
}

fn surveys() -> Vec<Survey> {
    SURVEY_FILES.iter().map(|(f, t)| parse_survey(f, t).unwrap()).collect()
}

fn session(survey: &Survey) -> Session {
    Session {
        id: "5f0c7a3e-1b2d-4c5e-8f9a-0b1c2d3e4f5a".into(),
        survey: survey.id.clone(),
        survey_version: survey.version.clone(),
        framework: "calderdale".into(),
        group: "Year 8, Ridgeway School".into(),
        started: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        idle_seconds: 120,
        left_out: Vec::new(),
        auto_advance: true,
        seal: None,
    }
}

/// A valid responses file of `n` responses.
fn bundle_bytes(n: usize) -> Vec<u8> {
    let sv = secondary();
    let s = session(&sv);
    let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let rs: Vec<Stored> = synthetic::responses(&sv, n, 7)
        .into_iter()
        .enumerate()
        .map(|(i, a)| StoredResponse::new(&s, format!("r-{i}"), day, a).into())
        .collect();
    serde_json::to_vec(&make_bundle(&sv, &[s], &rs).bundle).unwrap()
}

fn pack_bytes() -> Vec<u8> {
    let sv = secondary();
    serde_json::to_vec(&make_pack(&session(&sv), Some(&sv))).unwrap()
}

fn vote_bytes() -> Vec<u8> {
    let items: Vec<(String, Option<String>)> =
        ["Better parks", "More buses", "Stop bullying"].iter().map(|t| (t.to_string(), None)).collect();
    let v = new_vote("v1".into(), "Which first?", VoteKind::TopThree, &items, true, None).unwrap();
    let ballots: Vec<Ballot> = (0..5)
        .map(|i| Ballot {
            id: format!("b{i}"),
            vote: "v1".into(),
            choices: vec![v.items[i % 3].id.clone()],
            group: None,
        })
        .collect();
    make_vote_file(&v, &ballots).into_bytes()
}

/// Time one parse and bound its message; panics (the test fails) if either is exceeded.
fn bounded<T, E: std::fmt::Display>(what: &str, f: impl FnOnce() -> Result<T, E>) -> Option<String> {
    let t0 = Instant::now();
    let out = f();
    let took = t0.elapsed();
    assert!(took < MAX_TIME, "{what} took {took:?}");
    match out {
        Ok(_) => None,
        Err(e) => {
            let m = e.to_string();
            assert!(m.len() <= MAX_MESSAGE, "{what}: a {} byte message", m.len());
            Some(m)
        }
    }
}

/// Every parser on `bytes`: as a survey, a framework, the interface text, a stored record and a
/// session record (if the bytes are text), a session pack, a responses file and a vote file.
/// Returns the messages.
fn every_parser(bytes: &[u8], surveys: &[Survey]) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let find = |id: &str, v: &str| surveys.iter().find(|s| s.id == id && s.version == v);
    out.push(bounded("bundle", || read_bundle("f.json", bytes, &find, MAX_BUNDLE)));
    out.push(bounded("pack", || read_pack("f.json", bytes, |id, v| find(id, v).is_some())));
    out.push(bounded("vote file", || read_vote_file(bytes, MAX_VOTE_FILE_BYTES)));
    match yv_core::text::decode_text(bytes) {
        Err(m) => {
            assert!(m.starts_with("this file is not UTF-8 text"), "{m}");
            out.push(Some(m));
        }
        Ok(text) => {
            let refs: Vec<&Survey> = surveys.iter().collect();
            out.push(bounded("survey", || parse_survey("f.json", text)));
            out.push(bounded("framework", || yv_core::framework::parse_framework("f.json", text, &refs)));
            out.push(bounded("interface", || parse_interface("f.json", text)));
            out.push(bounded("record header", || record_survey(text)));
            for sv in surveys {
                out.push(bounded("stored record", || read_stored(text, "s1", "r1", sv)));
            }
            out.push(bounded("session record", || read_session("s1", text)));
        }
    }
    out
}

/// The shipped and made files every mutation starts from.
fn seeds() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = SURVEY_FILES.iter().chain(FRAMEWORK_FILES).map(|(_, t)| t.as_bytes().to_vec()).collect();
    v.push(INTERFACE_FILE.as_bytes().to_vec());
    v.push(bundle_bytes(20));
    v.push(pack_bytes());
    v.push(vote_bytes());
    v.push(br#"{"v":2,"s":"secondary","sv":"1.0.0","d":"2026-11-24","c":"0123"}"#.to_vec());
    v
}

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let token = prop_oneof![
        Just(b"{".to_vec()),
        Just(b"[".to_vec()),
        Just(b"}".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"4294967295".to_vec()),
        Just(b"-1".to_vec()),
        Just(b"1e308".to_vec()),
        Just(b"1e999".to_vec()),
        Just(b"18446744073709551616".to_vec()),
        Just(b"null".to_vec()),
        Just(b"\\u0000".to_vec()),
        Just(b"\\ud800".to_vec()),
        Just(vec![0xFF, 0xFE]),
        Just(vec![0xE9]),
        Just("\u{202E}".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), token).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Remove(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, ms: &[Mutation]) -> Vec<u8> {
    for m in ms {
        let len = bytes.len().max(1);
        match m {
            Mutation::Set(i, b) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    bytes[i] = *b;
                }
            }
            Mutation::Insert(i, t) => {
                let i = i % len.min(bytes.len() + 1);
                bytes.splice(i..i, t.iter().copied());
            }
            Mutation::Remove(i, n) => {
                if !bytes.is_empty() {
                    let i = i % bytes.len();
                    let end = (i + n).min(bytes.len());
                    bytes.drain(i..end);
                }
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_and_stay_bounded(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        every_parser(&bytes, &surveys());
    }

    #[test]
    fn arbitrary_text_never_panics_and_stays_bounded(text in "\\PC{0,2000}") {
        every_parser(text.as_bytes(), &surveys());
    }

    #[test]
    fn mutated_valid_files_never_panic_and_stay_bounded(
        which in 0usize..64,
        ms in proptest::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let seed = seeds[which % seeds.len()].clone();
        every_parser(&apply(seed, &ms), &surveys());
    }
}

#[test]
fn the_seeds_themselves_read() {
    let svs = surveys();
    let find = |id: &str, v: &str| svs.iter().find(|s| s.id == id && s.version == v);
    read_bundle("b.json", &bundle_bytes(20), &find, MAX_BUNDLE).unwrap();
    read_pack("p.json", &pack_bytes(), |id, v| find(id, v).is_some()).unwrap();
    read_vote_file(&vote_bytes(), MAX_VOTE_FILE_BYTES).unwrap();
}

#[test]
fn deeply_nested_json_at_the_size_limit_is_refused_without_overflowing_the_stack() {
    let svs = surveys();
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let depth = MAX_FILE_BYTES / (open.len() + close.len());
        let text = format!("{}{}", open.repeat(depth), close.repeat(depth));
        assert!(text.len() <= MAX_FILE_BYTES);
        let messages = every_parser(text.as_bytes(), &svs);
        assert!(messages.iter().all(Option::is_some), "nested JSON was accepted");
        // Only opened, never closed: the same.
        every_parser(open.repeat(MAX_FILE_BYTES / open.len()).as_bytes(), &svs);
    }
    // Inside a valid file's structure: a label nested deep.
    let (_, text) = SURVEY_FILES[0];
    let deep =
        text.replacen("\"title\":", &format!("\"title\":{}1{},\"x\":", "[".repeat(100_000), "]".repeat(100_000)), 1);
    assert!(every_parser(deep.as_bytes(), &svs).iter().all(Option::is_some));
}

#[test]
fn files_that_are_not_utf8_are_named_for_what_they_look_like() {
    let (_, text) = SURVEY_FILES[0];
    let svs = surveys();
    // UTF-16 with a byte-order mark, both byte orders, and without one.
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [&le, &be, &bare] {
        let m = yv_core::text::decode_text(bytes).unwrap_err();
        assert!(m.contains("looks like UTF-16"), "{m}");
        let read = read_bundle("b.json", bytes, &|_: &str, _: &str| None, MAX_BUNDLE).unwrap_err().to_string();
        assert!(read.contains("looks like UTF-16") && !read.contains("expected value"), "{read}");
        every_parser(bytes, &svs);
    }
    // Windows-1252: "é" as the single byte 0xE9.
    let latin = text.replace("Have your say", "Caf\u{e9} say");
    let cp1252: Vec<u8> = latin
        .chars()
        .map(|c| {
            if c == '\u{e9}' {
                0xE9
            } else if c.is_ascii() {
                c as u8
            } else {
                b'?'
            }
        })
        .collect();
    let m = yv_core::text::decode_text(&cp1252).unwrap_err();
    assert!(m.contains("Windows-1252") && m.contains("0xE9"), "{m}");
    // A whole file of invalid bytes at the size limit: named as not text, not as 3 MB too large.
    let junk = vec![0xC3u8; MAX_FILE_BYTES - 3];
    let m = yv_core::text::decode_text(&junk).unwrap_err();
    assert!(m.starts_with("this file is not UTF-8 text") && !m.contains("bytes;"), "{m}");
    // A UTF-8 byte-order mark is fine.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let decoded = yv_core::text::decode_text(&bom).unwrap();
    assert!(parse_survey("s.json", decoded).is_ok());
    // Text that holds replacement characters loads, with a warning that letters were lost.
    assert!(yv_core::text::lost_letters(&text.replace("Have your say", "Caf\u{FFFD} say"))
        .unwrap()
        .contains("1 replacement character"));
    assert_eq!(yv_core::text::lost_letters(text), None);
}

#[test]
fn numbers_at_the_edges_of_their_types_are_refused_or_read_never_wrapped() {
    let svs = surveys();
    let find = |id: &str, v: &str| svs.iter().find(|s| s.id == id && s.version == v);
    let bundle = String::from_utf8(bundle_bytes(3)).unwrap();
    let pack = String::from_utf8(pack_bytes()).unwrap();
    let vote = String::from_utf8(vote_bytes()).unwrap();
    for n in [
        "4294967295",
        "4294967296",
        "18446744073709551615",
        "18446744073709551616",
        "-1",
        "1e308",
        "1e999",
        "-0",
        "0.5",
        "NaN",
    ] {
        let b = bundle.replacen("\"record_count\":3", &format!("\"record_count\":{n}"), 1);
        assert!(read_bundle("b.json", b.as_bytes(), &find, MAX_BUNDLE).is_err(), "record_count {n}");
        let b = bundle.replacen("\"format_version\":1", &format!("\"format_version\":{n}"), 1);
        assert!(read_bundle("b.json", b.as_bytes(), &find, MAX_BUNDLE).is_err(), "format_version {n}");
        let p = pack.replacen("\"idle_seconds\":120", &format!("\"idle_seconds\":{n}"), 1);
        assert!(read_pack("p.json", p.as_bytes(), |id, v| find(id, v).is_some()).is_err(), "idle_seconds {n}");
        let v = vote.replacen("\"ballot_count\": 5", &format!("\"ballot_count\": {n}"), 1);
        assert!(read_vote_file(v.as_bytes(), MAX_VOTE_FILE_BYTES).is_err(), "ballot_count {n}");
        let (_, text) = SURVEY_FILES.iter().find(|(f, _)| *f == "secondary.json").unwrap();
        let s = text.replacen("\"max\": 10", &format!("\"max\": {n}"), 1);
        every_parser(s.as_bytes(), &svs);
        let r = format!(r#"{{"v":{n},"s":"secondary","sv":"1.0.0","d":"2026-11-24","c":"0"}}"#);
        for sv in &svs {
            assert!(read_stored(&r, "s1", "r1", sv).is_err(), "record schema {n}");
        }
    }
}

#[test]
fn a_bundle_claiming_a_million_records_is_refused_quickly() {
    let svs = surveys();
    let find = |id: &str, v: &str| svs.iter().find(|s| s.id == id && s.version == v);
    let bundle = String::from_utf8(bundle_bytes(3)).unwrap();
    // The header claims a million; three are there.
    let claim = bundle.replacen("\"record_count\":3", "\"record_count\":1000000", 1);
    assert!(bounded("claim", || read_bundle("b.json", claim.as_bytes(), &find, MAX_BUNDLE)).is_some());
    // A million records that are there, each a minimal object: refused whole, in bounded time.
    let at = bundle.find("\"records\":[").unwrap() + "\"records\":[".len();
    let million = format!(
        "{}{}{}",
        &bundle[..at],
        vec!["{}"; 1_000_000].join(","),
        &bundle[bundle[at..].find(']').unwrap() + at..]
    );
    let m = bounded("a million records", || read_bundle("b.json", million.as_bytes(), &find, MAX_BUNDLE)).unwrap();
    assert!(m.len() < 2_000, "{m}");
}

/// For `make fuzz`: with YV_FUZZ_SEEDS set to a folder, write the made seed files there (a
/// responses file, a session pack, a vote file, stored and session records), beside which the
/// Makefile puts the shipped data files and test fixtures. Does nothing otherwise.
#[test]
fn write_fuzz_seeds() {
    let Some(dir) = std::env::var_os("YV_FUZZ_SEEDS") else { return };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sv = secondary();
    let s = session(&sv);
    let record = br#"{"v":2,"s":"secondary","sv":"1.0.0","d":"2026-11-24","c":"0123"}"#.to_vec();
    for (name, bytes) in [
        ("bundle-20.json", bundle_bytes(20)),
        ("pack.json", pack_bytes()),
        ("vote.json", vote_bytes()),
        ("record-v2.json", record),
        ("session.json", serde_json::to_vec(&s).unwrap()),
    ] {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

/// Every text a facilitator types that ends up on a screen, in a file name or in a CSV: a group
/// name, a vote's question and items, "You said, we did". Control characters and direction
/// overrides are refused by name; emoji, other scripts and markup are kept as text; length is
/// bounded; CSV cells that a spreadsheet would run are neutralised; file names keep only letters,
/// digits and hyphens.
#[test]
fn hostile_text_fields_are_refused_by_name_or_kept_as_plain_text() {
    use yv_core::envelope::{check_session, SessionError};
    use yv_core::vote::{check_you_said, VoteProblem, YouSaid};
    for bad in ["Year 5\u{202e}lliw", "Year 5\nYear 6", "Year\u{7} 5", "\u{2067}Year 5"] {
        assert_eq!(check_session(bad, 120), Err(SessionError::GroupCharacters), "{bad:?}");
    }
    assert_eq!(check_session("\u{200b}\u{200d} \u{feff}", 120), Err(SessionError::NoGroup));
    assert_eq!(check_session(&"x".repeat(10_000), 120), Err(SessionError::GroupTooLong));
    assert_eq!(check_session("Year 5 🙂 <script>alert(1)</script> =1+1 اردو", 120), Ok(()));
    let name = yv_core::bundle::pack_file_name(
        "../../etc/passwd\r\nYear 5 🙂",
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    );
    assert_eq!(name, "youth-voice-session-etc-passwd-year-5-2026-11-25.json");

    let items = |texts: &[&str]| texts.iter().map(|t| (t.to_string(), None)).collect::<Vec<_>>();
    let vote = |q: &str, texts: &[&str]| new_vote("v1".into(), q, VoteKind::Single, &items(texts), true, None);
    assert!(matches!(vote("Which?", &["Parks\u{202e}", "Buses"]), Err(VoteProblem::Control { .. })));
    assert!(matches!(vote("Which?\u{0}", &["Parks", "Buses"]), Err(VoteProblem::Control { .. })));
    assert!(matches!(vote(&"Q".repeat(10_000), &["Parks", "Buses"]), Err(VoteProblem::TooLong { .. })));
    assert!(matches!(vote("Which?", &["\u{200b}", "Buses", "Parks"]), Err(VoteProblem::EmptyItem(1))));
    let ok = vote("Which? 🙂", &["<b>Parks</b>", "=HYPERLINK(\"x\")", "پارک"]).unwrap();
    assert_eq!(ok.items[0].text, "<b>Parks</b>");
    let shown = yv_core::vote::release(&ok, &[], false, None, 1);
    let mut out = Vec::new();
    yv_core::export::write_vote(&ok, &shown, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(!text.contains(",=HYPERLINK"), "{text}");

    let said = |s: &str| YouSaid {
        id: "y".into(),
        framework: "calderdale".into(),
        outcome: "o".into(),
        said: s.into(),
        did: "Lights".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        source: None,
    };
    assert!(matches!(check_you_said(&said(&"a".repeat(10_000))), Err(VoteProblem::TooLong { .. })));
    assert!(matches!(check_you_said(&said("a\u{202e}b")), Err(VoteProblem::Control { .. })));
    assert_eq!(check_you_said(&said("Scary park 🙂 <img src=x onerror=alert(1)>")), Ok(()));
}
