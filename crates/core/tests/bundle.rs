//! "Many tablets, one picture": response bundles, session packs and merging, end to end.
//! Every refusal is checked by its message (which must name the file), and merging is checked
//! for idempotence, overlap, conflicts, and against any split and import order (proptest).

use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::BTreeMap;
use yv_core::bundle::{
    bundle_file_name, make_bundle, make_pack, pack_file_name, plan_merge, read_bundle, read_pack, records_checksum,
    same_response, BundleError, BundleProblem, ConflictWith, FileProblem, PackProblem, ReadBundle, Record,
    ResponseBundle, BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION,
};
use yv_core::envelope::{Session, Stored, StoredResponse, DEFAULT_IDLE_SECONDS};
use yv_core::{parse_survey, synthetic, Answer, Survey};

const MAX: usize = 5_000_000;

fn builtin(name: &str) -> Survey {
    let (file, text) = yv_core::builtin::SURVEY_FILES.iter().find(|(f, _)| *f == name).unwrap();
    parse_survey(file, text).unwrap()
}

fn secondary() -> Survey {
    builtin("secondary.json")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn session(survey: &Survey, id: &str, group: &str) -> Session {
    Session {
        id: id.into(),
        survey: survey.id.clone(),
        survey_version: survey.version.clone(),
        framework: "calderdale".into(),
        group: group.into(),
        started: day(1),
        idle_seconds: DEFAULT_IDLE_SECONDS,
        left_out: Vec::new(),
        auto_advance: true,
        seal: None,
    }
}

/// `n` made-up responses in `session`, ids `r-0000` ...
fn responses(survey: &Survey, session: &Session, n: usize, seed: u64) -> Vec<StoredResponse> {
    synthetic::responses(survey, n, seed)
        .into_iter()
        .enumerate()
        .map(|(i, a)| StoredResponse::new(session, format!("r-{i:04}"), day(2 + (i % 3) as u32), a))
        .collect()
}

fn bytes(b: &ResponseBundle) -> Vec<u8> {
    serde_json::to_vec_pretty(b).unwrap()
}

fn read(file: &str, bytes: &[u8], surveys: &[Survey]) -> Result<ReadBundle, BundleError> {
    read_bundle(file, bytes, &|id: &str, v: &str| surveys.iter().find(|s| s.id == id && s.version == v), MAX)
}

/// A bundle of `rs` as bytes, checked to have left nothing out.
fn bundle_bytes(survey: &Survey, sessions: &[Session], rs: &[StoredResponse]) -> Vec<u8> {
    let made = make_bundle(survey, sessions, &held(rs));
    assert!(made.left_out.is_empty(), "{:?}", made.left_out);
    bytes(&made.bundle)
}

/// Open responses as a device holds them.
fn held(rs: &[StoredResponse]) -> Vec<Stored> {
    rs.iter().cloned().map(Stored::from).collect()
}

fn store(map: &mut BTreeMap<String, Stored>, new: Vec<Stored>) {
    for r in new {
        assert!(map.insert(r.id().to_string(), r).is_none(), "a planned record was already stored");
    }
}

/// The whole set as sorted (id, canonical JSON of the answers).
fn picture(rs: impl IntoIterator<Item = impl Into<Stored>>) -> Vec<(String, String)> {
    let mut out: Vec<_> = rs
        .into_iter()
        .map(|r| r.into().open().expect("an open response"))
        .map(|r| (r.id.clone(), serde_json::to_string(&r.answers).unwrap()))
        .collect();
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Reading back what was made

#[test]
fn a_bundle_reads_back_exactly() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8, Ridgeway School");
    let rs = responses(&s, &ses, 50, 1);
    let b = bundle_bytes(&s, std::slice::from_ref(&ses), &rs);
    let back = read("a.json", &b, &[s]).unwrap();
    assert_eq!(back.records.len(), 50);
    assert_eq!(back.sessions, vec![ses]);
    assert_eq!(back.repeats, 0);
    let by_id: BTreeMap<_, _> = rs.iter().map(|r| (r.id.clone(), r)).collect();
    for r in back.records {
        let r = r.open().unwrap();
        assert!(same_response(&r, by_id[&r.id]), "{}", r.id);
        assert_eq!(&r, by_id[&r.id], "multiple choices are already in survey order");
    }
}

#[test]
fn a_bundle_holds_no_device_id_and_no_time_of_day() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let b = bundle_bytes(&s, std::slice::from_ref(&ses), &responses(&s, &ses, 3, 1));
    let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["checksum", "format", "format_version", "record_count", "records", "sessions", "survey"]);
    let record = v["records"][0].as_object().unwrap();
    let mut keys: Vec<&str> = record.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["answers", "date", "id", "session"]);
    assert_eq!(record["date"].as_str().unwrap().len(), 10, "a date, no time");
    assert_eq!(v["format"], BUNDLE_FORMAT);
    assert_eq!(v["format_version"], BUNDLE_FORMAT_VERSION);
}

#[test]
fn making_a_bundle_leaves_out_and_names_what_would_not_read_back() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let mut rs = responses(&s, &ses, 6, 2);
    rs[0].survey = "primary".into();
    rs[1].answers.set("life_happy", Answer::Rating(42));
    rs[2].session = "elsewhere".into();
    rs[3].id = "../x".into();
    let mut twin = rs[4].clone();
    twin.date = day(25);
    rs.push(twin);
    rs.push(rs[5].clone()); // an identical copy is simply counted once
    let other = session(&builtin("primary.json"), "ses-2", "Year 5");
    let made = make_bundle(&s, &[ses.clone(), other, ses], &held(&rs));
    assert_eq!(
        made.left_out,
        [
            "session \"Year 5\" was left out: session \"ses-2\" is for the survey \"primary\" version 1.1.0, not the \
             bundle's survey",
            "response \"r-0000\" was left out: it is a response to the survey \"primary\" version 1.0.0",
            "response \"r-0001\" was left out: it does not fit the survey: question \"life_happy\": 42 is outside 0 to 10",
            "response \"r-0002\" was left out: its session \"elsewhere\" is not among the sessions bundled",
            "response \"../x\" was left out: its id is not allowed (1 to 64 letters, digits, '-' or '_')",
            "response \"r-0004\" was left out: its id is used twice",
        ]
    );
    assert_eq!(made.bundle.record_count, 2);
    assert_eq!(read("b.json", &bytes(&made.bundle), &[s]).unwrap().records.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Merging

#[test]
fn importing_the_same_bundle_twice_changes_nothing() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let b = bundle_bytes(&s, std::slice::from_ref(&ses), &responses(&s, &ses, 40, 3));
    let mut here = BTreeMap::new();
    let first = plan_merge(&here, &[read("a.json", &b, std::slice::from_ref(&s)).unwrap()]);
    assert_eq!((first.new_count(), first.files[0].new, first.files[0].already_here), (40, 40, 0));
    assert_eq!(first.sessions, vec![ses]);
    store(&mut here, first.to_store());
    let again = plan_merge(&here, &[read("a.json", &b, std::slice::from_ref(&s)).unwrap()]);
    assert_eq!((again.new_count(), again.files[0].new, again.files[0].already_here), (0, 0, 40));
    assert!(again.to_store().is_empty());
    assert_eq!(again.conflict_count(), 0);
}

#[test]
fn the_same_file_twice_in_one_import_counts_once() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let b = bundle_bytes(&s, std::slice::from_ref(&ses), &responses(&s, &ses, 10, 3));
    let a = read("a.json", &b, std::slice::from_ref(&s)).unwrap();
    let plan = plan_merge(&BTreeMap::new(), &[a.clone(), a]);
    assert_eq!(plan.new_count(), 10);
    assert_eq!((plan.files[0].new, plan.files[1].new, plan.files[1].in_earlier_file), (10, 0, 10));
}

#[test]
fn overlapping_bundles_count_shared_records_once() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let rs = responses(&s, &ses, 100, 4);
    let a = read("tablet-a.json", &bundle_bytes(&s, std::slice::from_ref(&ses), &rs[..60]), std::slice::from_ref(&s))
        .unwrap();
    let b = read("tablet-b.json", &bundle_bytes(&s, std::slice::from_ref(&ses), &rs[40..]), std::slice::from_ref(&s))
        .unwrap();
    let plan = plan_merge(&BTreeMap::new(), &[a.clone(), b.clone()]);
    assert_eq!(plan.new_count(), 100);
    assert_eq!((plan.files[0].new, plan.files[1].new, plan.files[1].in_earlier_file), (60, 40, 20));
    assert_eq!(picture(plan.to_store()), picture(rs.clone()));
    // Taking the records instead of copying them plans exactly the same.
    let owned = yv_core::bundle::plan_merge_owned(&BTreeMap::new(), vec![a.clone(), b.clone()]);
    assert_eq!((owned.files.clone(), owned.sessions.clone()), (plan.files.clone(), plan.sessions.clone()));
    assert_eq!(picture(owned.into_store().1), picture(plan.to_store()));
    // One tablet already has A: importing both brings only B's own records.
    let mut here = BTreeMap::new();
    let only_a = plan_merge(&here, std::slice::from_ref(&a)).to_store();
    store(&mut here, only_a);
    let plan = plan_merge(&here, &[a, b]);
    assert_eq!((plan.new_count(), plan.files[0].already_here, plan.files[1].already_here), (40, 60, 20));
}

#[test]
fn a_record_that_differs_from_the_stored_one_is_reported_not_merged() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let rs = responses(&s, &ses, 5, 5);
    let mut here: BTreeMap<String, Stored> = rs.iter().map(|r| (r.id.clone(), r.clone().into())).collect();
    let Some(Stored::Open(stored)) = here.get_mut("r-0002") else { panic!("r-0002 is open") };
    stored.answers.set(
        "life_happy",
        Answer::Rating(if stored.answers.get("life_happy") == Some(&Answer::Rating(3)) { 4 } else { 3 }),
    );
    let kept = Stored::Open(stored.clone());
    let b = read("a.json", &bundle_bytes(&s, std::slice::from_ref(&ses), &rs), std::slice::from_ref(&s)).unwrap();
    let plan = plan_merge(&here, &[b]);
    assert_eq!(plan.new_count(), 0);
    assert_eq!(plan.files[0].already_here, 4);
    let c = &plan.files[0].conflicts;
    assert_eq!((c.len(), c[0].id.as_str(), &c[0].with), (1, "r-0002", &ConflictWith::Stored));
    assert_eq!(
        c[0].to_string(),
        "record \"r-0002\" differs from the response this tablet already has under that id; the stored one is kept"
    );
    assert_eq!(here["r-0002"], kept);
}

#[test]
fn two_files_that_disagree_about_a_record_import_neither_version() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let rs = responses(&s, &ses, 5, 6);
    let mut changed = rs.clone();
    changed[1].date = day(20);
    let a =
        read("tablet-a.json", &bundle_bytes(&s, std::slice::from_ref(&ses), &rs), std::slice::from_ref(&s)).unwrap();
    let b = read("tablet-b.json", &bundle_bytes(&s, std::slice::from_ref(&ses), &changed), std::slice::from_ref(&s))
        .unwrap();
    for files in [[a.clone(), b.clone()], [b, a]] {
        let plan = plan_merge(&BTreeMap::new(), &files);
        assert_eq!(plan.new_count(), 4, "the other four are the same in both files");
        assert!(plan.to_store().iter().all(|r| r.id() != "r-0001"));
        for (f, other) in plan.files.iter().zip([&files[1].file, &files[0].file]) {
            assert_eq!(f.conflicts.len(), 1);
            assert_eq!(f.conflicts[0].with, ConflictWith::Files(vec![other.clone()]));
            assert_eq!(
                f.conflicts[0].to_string(),
                format!("record \"r-0001\" differs from the record with that id in {other}; neither is imported")
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Refusals: every one names the file and the problem

fn good() -> (Survey, Vec<u8>) {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let b = bundle_bytes(&s, std::slice::from_ref(&ses), &responses(&s, &ses, 20, 7));
    (s, b)
}

/// Edit a good bundle, keeping its count and checksum right (so later checks are reached).
fn edited(edit: impl FnOnce(&mut ResponseBundle)) -> (Survey, Vec<u8>) {
    let (s, b) = good();
    let mut bundle: ResponseBundle = serde_json::from_slice(&b).unwrap();
    edit(&mut bundle);
    bundle.record_count = bundle.records.len();
    bundle.checksum = records_checksum(&bundle.records);
    (s, bytes(&bundle))
}

fn refused(file: &str, bytes: &[u8], surveys: &[Survey]) -> (BundleProblem, String) {
    let e = read(file, bytes, surveys).unwrap_err();
    let message = e.to_string();
    assert!(message.starts_with(&format!("{file} was not imported: ")), "{message}");
    (e.problem, message)
}

fn open(r: &mut Record) -> &mut yv_core::bundle::OpenRecord {
    match r {
        Record::Open(o) => o,
        Record::Sealed(_) => panic!("sealed"),
    }
}

#[test]
fn a_cut_off_file_is_refused() {
    let (s, b) = good();
    let (p, m) = refused("cut.json", &b[..b.len() / 2], &[s]);
    assert_eq!(p, BundleProblem::File(FileProblem::Truncated));
    assert!(m.ends_with("the file ends too early: it was probably cut off while being copied"), "{m}");
}

#[test]
fn a_flipped_byte_in_the_answers_fails_the_checksum() {
    let (s, b) = good();
    let text = String::from_utf8(b).unwrap();
    let at = text.find("\"answers\": \"").unwrap() + 12;
    let mut b = text.into_bytes();
    b[at] = if b[at] == b'1' { b'2' } else { b'1' };
    let (p, m) = refused("flipped.json", &b, &[s]);
    assert_eq!(p, BundleProblem::Checksum);
    assert!(m.contains("do not match its checksum: the file was changed or damaged after it was made"), "{m}");
}

#[test]
fn a_removed_record_fails_the_record_count() {
    let (s, b) = good();
    let mut bundle: ResponseBundle = serde_json::from_slice(&b).unwrap();
    bundle.records.pop();
    let (p, m) = refused("short.json", &bytes(&bundle), std::slice::from_ref(&s));
    assert_eq!(p, BundleProblem::RecordCount { stated: 20, found: 19 });
    assert!(m.contains("it says it holds 20 records but holds 19"), "{m}");
    bundle.record_count = 19;
    assert_eq!(refused("short.json", &bytes(&bundle), &[s]).0, BundleProblem::Checksum, "the checksum catches it too");
}

#[test]
fn an_unknown_format_version_is_refused() {
    let (s, b) = good();
    let mut v: serde_json::Value = serde_json::from_slice(&b).unwrap();
    v["format_version"] = 2.into();
    let (p, m) = refused("future.json", &serde_json::to_vec(&v).unwrap(), &[s]);
    assert!(matches!(p, BundleProblem::File(FileProblem::UnknownFormatVersion { .. })));
    assert!(m.contains("format version 2 is not supported; this version of Youth Voice reads format version 1"), "{m}");
}

#[test]
fn a_bundle_for_a_survey_not_on_this_tablet_is_refused() {
    let (_, b) = good();
    let (p, m) = refused("other.json", &b, &[builtin("primary.json")]);
    assert!(matches!(p, BundleProblem::UnknownSurvey { .. }));
    assert!(
        m.contains("survey \"secondary\" version 1.0.0, which is not on this tablet (load that survey first)"),
        "{m}"
    );
}

#[test]
fn a_bundle_for_another_edition_of_the_survey_is_refused() {
    let (mut s, b) = good();
    s.sections[0].questions.swap(0, 1);
    let (p, m) = refused("edition.json", &b, &[s]);
    assert!(matches!(p, BundleProblem::SurveyChanged { .. }));
    assert!(m.contains("a different edition of the survey \"secondary\" version 1.0.0"), "{m}");
}

#[test]
fn an_oversized_file_is_refused_before_reading() {
    let (s, b) = good();
    let e = read_bundle("big.json", &b, &|_: &str, _: &str| Some(&s), 100).unwrap_err();
    assert_eq!(e.problem, BundleProblem::File(FileProblem::TooLarge { bytes: b.len(), max: 100 }));
    assert_eq!(
        e.to_string(),
        format!("big.json was not imported: the file is {} bytes; the largest accepted is 100 bytes", b.len())
    );
}

#[test]
fn files_that_are_not_bundles_are_refused() {
    let s = secondary();
    let (p, m) = refused("notes.txt", b"hello, tablet", std::slice::from_ref(&s));
    assert!(matches!(p, BundleProblem::File(FileProblem::NotJson { line: 1, column: 1, .. })), "{p:?}");
    assert!(m.contains("the file is not valid JSON (line 1, column 1: expected value)"), "{m}");
    let (p, _) = refused("empty.json", b"  \n", std::slice::from_ref(&s));
    assert_eq!(p, BundleProblem::File(FileProblem::Empty));
    let survey_file = yv_core::builtin::SURVEY_FILES[0].1.as_bytes();
    let (_, m) = refused("primary.json", survey_file, std::slice::from_ref(&s));
    assert!(m.ends_with("this is not a youth-voice-bundle file (its \"format\" is \"youth-voice-survey\")"), "{m}");
    let (_, m) = refused("list.json", b"[1, 2]", std::slice::from_ref(&s));
    assert!(m.ends_with("(its \"format\" is missing)"), "{m}");
    // Not UTF-8 text: said so, with what it looks like (issue 16), not a JSON error at byte 1.
    let (p, m) = refused("bytes.bin", &[0xff, 0xfe, 0x00], &[s]);
    assert!(matches!(p, BundleProblem::File(FileProblem::NotText(_))), "{m}");
    assert!(m.contains("looks like UTF-16"), "{m}");
}

#[test]
fn malformed_records_are_refused_with_where_they_are() {
    let (s, b) = good();
    let mut v: serde_json::Value = serde_json::from_slice(&b).unwrap();
    v["records"][3]["pupil_name"] = "Sam".into();
    let (p, m) = refused("extra.json", &serde_json::to_vec(&v).unwrap(), &[s]);
    assert!(matches!(p, BundleProblem::File(FileProblem::Structure { .. })), "{p:?}");
    assert!(
        m.contains("records[3]: a record needs \"id\", \"session\", \"date\" and either \"answers\" or \"sealed\""),
        "{m}"
    );
}

#[test]
fn a_sealed_record_in_a_session_that_is_not_sealed_is_refused() {
    let (s, b) = edited(|b| {
        let o = open(&mut b.records[0]).clone();
        b.records[0] = Record::Sealed(yv_core::bundle::SealedRecord {
            id: o.id,
            session: o.session,
            date: o.date,
            sealed: "A".repeat(120),
        });
    });
    let (p, m) = refused("sealed.json", &b, &[s]);
    assert!(matches!(p, BundleProblem::SealedInOpenSession { .. }), "{p:?}");
    assert!(m.contains("record \"r-0000\" is sealed, but its session \"ses-1\" is not a sealed session"), "{m}");
}

#[test]
fn records_that_do_not_decode_or_fit_are_refused() {
    let (s, b) = edited(|b| open(&mut b.records[2]).answers.push('0'));
    let (p, m) = refused("long.json", &b, &[s]);
    assert!(matches!(p, BundleProblem::Undecodable { .. }));
    assert!(m.contains("could not be read: the answers have 1 character(s) left over"), "{m}");
    // The secondary survey's free text is off: a record with text does not fit.
    let (s, b) = edited(|b| {
        let a = &mut open(&mut b.records[2]).answers;
        a.pop();
        a.push_str("~2:hi");
    });
    let (p, m) = refused("text.json", &b, &[s]);
    assert!(matches!(p, BundleProblem::DoesNotFit { .. }));
    assert!(m.contains("does not fit the survey: question \"anything_else\" does not take free text"), "{m}");
}

#[test]
fn duplicate_ids_are_refused_when_they_differ_and_counted_once_when_not() {
    let (s, b) = edited(|b| {
        let mut copy = b.records[0].clone();
        open(&mut copy).date = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        b.records.push(copy);
    });
    let (p, m) = refused("twice.json", &b, std::slice::from_ref(&s));
    assert_eq!(p, BundleProblem::DuplicateRecord { record: "r-0000".into() });
    assert!(m.ends_with("record \"r-0000\" appears twice with different contents"), "{m}");
    let (s, b) = edited(|b| b.records.push(b.records[0].clone()));
    let back = read("twice.json", &b, &[s]).unwrap();
    assert_eq!((back.records.len(), back.repeats), (20, 1));
}

#[test]
fn records_and_sessions_must_belong_together() {
    let (s, b) = edited(|b| open(&mut b.records[0]).session = "nowhere".into());
    let (_, m) = refused("lost.json", &b, &[s]);
    assert!(m.contains("belongs to session \"nowhere\", which the file does not list"), "{m}");
    let (s, b) = edited(|b| open(&mut b.records[0]).id = "a/b".into());
    let (_, m) = refused("path.json", &b, &[s]);
    assert!(m.contains("the record id \"a/b\" is not allowed"), "{m}");
    let (s, b) = edited(|b| b.sessions[0].survey_version = "9.9.9".into());
    let (_, m) = refused("mixed.json", &b, &[s]);
    assert!(m.contains("session \"ses-1\" is for the survey \"secondary\" version 9.9.9"), "{m}");
    let (s, b) = edited(|b| {
        let mut twin = b.sessions[0].clone();
        twin.group = "Year 9".into();
        b.sessions.push(twin);
    });
    let (_, m) = refused("sessions.json", &b, &[s]);
    assert!(m.ends_with("session \"ses-1\" is listed twice with different settings"), "{m}");
    let (s, b) = edited(|b| b.sessions[0].group = " ".into());
    let (_, m) = refused("nameless.json", &b, &[s]);
    assert!(m.contains("session \"ses-1\": give the group a name"), "{m}");
}

// ---------------------------------------------------------------------------------------------
// File names

#[test]
fn file_names_are_safe_whatever_the_group_is_called() {
    assert_eq!(
        bundle_file_name("Year 8, Ridgeway School", day(3)),
        "youth-voice-bundle-year-8-ridgeway-school-2026-11-03.json"
    );
    assert_eq!(pack_file_name("Year 8", day(3)), "youth-voice-session-year-8-2026-11-03.json");
    assert_eq!(bundle_file_name("../../", day(3)), "youth-voice-bundle-group-2026-11-03.json");
}

proptest! {
    #[test]
    fn no_group_name_can_escape_the_file_name(group in "\\PC*|[./\\\\:\n\r\t ]{0,10}") {
        for name in [bundle_file_name(&group, day(3)), pack_file_name(&group, day(3))] {
            prop_assert!(name.starts_with("youth-voice-"));
            prop_assert!(name.ends_with("-2026-11-03.json"));
            let stem = name.trim_end_matches(".json");
            prop_assert!(stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", name);
            prop_assert!(!stem.contains("--"), "{}", name);
            prop_assert!(name.len() <= "youth-voice-session--2026-11-03.json".len() + 60);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Session packs

#[test]
fn a_pack_carries_a_session_and_if_needed_its_survey() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let with = serde_json::to_vec(&make_pack(&ses, Some(&s))).unwrap();
    let without = serde_json::to_vec(&make_pack(&ses, None)).unwrap();
    let known = |id: &str, v: &str| id == "secondary" && v == "1.0.0";
    assert_eq!(read_pack("p.json", &with, known).unwrap(), (ses.clone(), None), "this tablet has it already");
    assert_eq!(read_pack("p.json", &without, known).unwrap(), (ses.clone(), None));
    let (got, survey) = read_pack("p.json", &with, |_: &str, _: &str| false).unwrap();
    assert_eq!(got, ses);
    // The included survey loads as a survey file, and bundles made against it read back.
    let loaded = parse_survey("p.json", &survey.unwrap()).unwrap();
    assert_eq!(loaded, s);
    let b = bundle_bytes(&s, std::slice::from_ref(&ses), &responses(&s, &ses, 5, 8));
    assert_eq!(read("b.json", &b, &[loaded]).unwrap().records.len(), 5);
}

#[test]
fn packs_are_refused_with_their_problem() {
    let s = secondary();
    let ses = session(&s, "ses-1", "Year 8");
    let none = |_: &str, _: &str| false;
    let e = read_pack("p.json", &serde_json::to_vec(&make_pack(&ses, None)).unwrap(), none).unwrap_err();
    assert_eq!(
        e.to_string(),
        "p.json was not loaded: the session is for the survey \"secondary\" version 1.0.0, which is not on this \
         tablet and not in the file: make the pack again with the survey included"
    );
    let e = read_pack("p.json", &serde_json::to_vec(&make_pack(&ses, Some(&builtin("primary.json")))).unwrap(), none)
        .unwrap_err();
    assert!(matches!(e.problem, PackProblem::SurveyMismatch { .. }), "{e}");
    assert!(e.to_string().contains("the survey in the file is \"primary\" version"), "{e}");
    let mut bad = ses.clone();
    bad.group = String::new();
    let e = read_pack("p.json", &serde_json::to_vec(&make_pack(&bad, None)).unwrap(), none).unwrap_err();
    assert!(e.to_string().contains("the session cannot be used: give the group a name"), "{e}");
    bad = ses.clone();
    bad.id = "a\\b".into();
    let e = read_pack("p.json", &serde_json::to_vec(&make_pack(&bad, None)).unwrap(), none).unwrap_err();
    assert!(matches!(e.problem, PackProblem::BadId { .. }), "{e}");
    let (_, bundle) = good();
    let e = read_pack("b.json", &bundle, none).unwrap_err();
    assert!(e
        .to_string()
        .ends_with("this is not a youth-voice-session-pack file (its \"format\" is \"youth-voice-bundle\")"));
    let pack = serde_json::to_vec(&make_pack(&ses, Some(&s))).unwrap();
    let e = read_pack("cut.json", &pack[..pack.len() - 3], none).unwrap_err();
    assert_eq!(e.problem, PackProblem::File(FileProblem::Truncated));
}

// ---------------------------------------------------------------------------------------------
// Any split, any order, any number of times: one picture

/// Import the bundles at positions `which` in one go; how many records were new.
fn import(files: &[Vec<u8>], which: &[usize], s: &Survey, here: &mut BTreeMap<String, Stored>) -> usize {
    let bundles: Vec<ReadBundle> =
        which.iter().map(|&i| read(&format!("bundle-{i}.json"), &files[i], std::slice::from_ref(s)).unwrap()).collect();
    let plan = plan_merge(here, &bundles);
    assert_eq!(plan.conflict_count(), 0);
    let n = plan.new_count();
    store(here, plan.to_store());
    n
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_split_imported_in_any_order_any_number_of_times_gives_the_whole_set(
        n in 0usize..40,
        seed in any::<u64>(),
        masks in proptest::collection::vec(1u8..16, 40),
        imports in proptest::collection::vec(proptest::collection::vec(0usize..4, 1..5), 0..6),
        last in Just(vec![0usize, 1, 2, 3]).prop_shuffle(),
    ) {
        let s = secondary();
        let ses = session(&s, "ses-1", "Year 8");
        let whole = responses(&s, &ses, n, seed);
        // Bundle k holds every record whose mask has bit k: each record is in one to four bundles.
        let files: Vec<Vec<u8>> = (0..4)
            .map(|k| {
                let part: Vec<StoredResponse> =
                    whole.iter().zip(&masks).filter(|(_, m)| *m & (1 << k) != 0).map(|(r, _)| r.clone()).collect();
                bundle_bytes(&s, std::slice::from_ref(&ses), &part)
            })
            .collect();
        let mut here = BTreeMap::new();
        let mut stored = 0;
        for which in imports.iter().chain([&last]) {
            stored += import(&files, which, &s, &mut here);
        }
        prop_assert_eq!(stored, n, "each record stored exactly once");
        prop_assert_eq!(picture(here.values().cloned()), picture(whole));
        prop_assert_eq!(import(&files, &[3, 2, 1, 0, 0], &s, &mut here), 0, "and again: nothing new");
    }
}

// ---------------------------------------------------------------------------------------------
// Sealed sessions: bundles carry sealed records as they are

mod sealed {
    use super::*;
    use yv_core::envelope::{encode_sealed_record, open_record, read_stored, Gathering};
    use yv_core::seal::{Sealer, SessionKey};

    fn key() -> SessionKey {
        SessionKey::from_random([7; 32])
    }

    fn sealed_session(s: &Survey) -> Session {
        Session { seal: Some(key().public()), ..session(s, "ses-s", "Year 9, sealed") }
    }

    /// What a kiosk of the session stores: each response sealed by one sealer with fresh nonces.
    fn sealed(s: &Survey, rs: &[StoredResponse], tablet: u8) -> Vec<Stored> {
        let ses = rs.first().map(|r| r.session.clone()).unwrap_or_default();
        let sealer = Sealer::new(&key().public(), [tablet; 32]).unwrap();
        rs.iter()
            .enumerate()
            .map(|(i, r)| {
                let mut nonce = [tablet; 24];
                nonce[..8].copy_from_slice(&(i as u64).to_le_bytes());
                let text = encode_sealed_record(s, r, &sealer, nonce).unwrap();
                read_stored(&text, &ses, &r.id, s).unwrap()
            })
            .collect()
    }

    fn bundle(s: &Survey, ses: &Session, held: &[Stored]) -> Vec<u8> {
        let made = make_bundle(s, std::slice::from_ref(ses), held);
        assert!(made.left_out.is_empty(), "{:?}", made.left_out);
        bytes(&made.bundle)
    }

    /// Count a session's held responses with the key, as the results screen does.
    fn count(s: &Survey, ses: &Session, held: &[Stored], key: Option<&SessionKey>) -> (usize, Vec<String>) {
        let mut opener = key.map(SessionKey::opener);
        let mut g = Gathering::new(ses, s);
        for r in held {
            let text = yv_core::envelope::encode_stored(s, r).unwrap();
            let opened = match opener.as_mut() {
                Some(o) => open_record(&text, o).map(|t| t.into_owned()),
                None => Ok(text),
            };
            if let Err(e) = opened.and_then(|t| g.add_text(&t, r.id())) {
                g.unreadable(format!("{}: {e}", r.id()));
            }
        }
        let done = g.finish();
        (done.dataset.len(), done.problems)
    }

    #[test]
    fn sealed_records_travel_merge_once_and_open_only_with_the_key() {
        let s = secondary();
        let ses = sealed_session(&s);
        let rs = responses(&s, &ses, 30, 11);
        let (a, b) = (sealed(&s, &rs[..20], 1), sealed(&s, &rs[20..], 2));
        let (fa, fb) = (bundle(&s, &ses, &a), bundle(&s, &ses, &b));
        // No answer is readable in the file: each record is id, session, date and a sealed text.
        let v: serde_json::Value = serde_json::from_slice(&fa).unwrap();
        let mut keys: Vec<&str> = v["records"][0].as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["date", "id", "sealed", "session"]);
        let open_code = yv_core::compact::encode(&s, &rs[0].answers).unwrap();
        assert!(!String::from_utf8_lossy(&fa).contains(&open_code));

        let ra = read("tablet-a.json", &fa, std::slice::from_ref(&s)).unwrap();
        let rb = read("tablet-b.json", &fb, std::slice::from_ref(&s)).unwrap();
        assert!(ra.records.iter().all(|r| matches!(r, Stored::Sealed(_))));
        let mut back = ra.records.clone();
        back.sort_by(|x, y| x.id().cmp(y.id()));
        assert!(back == a, "read back exactly as stored (in date order in the file)");
        // A device without the key imports them, once, however often they come.
        let mut here = BTreeMap::new();
        let plan = plan_merge(&here, &[ra.clone(), rb.clone(), ra.clone()]);
        assert_eq!((plan.new_count(), plan.conflict_count(), plan.files[2].in_earlier_file), (30, 0, 20));
        store(&mut here, plan.to_store());
        assert_eq!(plan_merge(&here, &[rb, ra]).new_count(), 0, "nothing new the second time");
        let all: Vec<Stored> = here.values().cloned().collect();
        // Without the key nothing is counted and every record says why; with it, all 30.
        let (n, problems) = count(&s, &ses, &all, None);
        assert_eq!((n, problems.len()), (0, 30));
        assert!(problems[0].contains("passphrase or recovery file"), "{}", problems[0]);
        assert_eq!(count(&s, &ses, &all, Some(&key())), (30, vec![]));
        // The same numbers as the open responses give.
        let mut g = Gathering::new(&ses, &s);
        rs.iter().cloned().for_each(|r| g.add(r));
        let wanted = g.finish().dataset;
        let mut opener = key().opener();
        let mut g = Gathering::new(&ses, &s);
        for r in &all {
            let text = yv_core::envelope::encode_stored(&s, r).unwrap();
            g.add_text(&open_record(&text, &mut opener).unwrap(), r.id()).unwrap();
        }
        assert_eq!(g.finish().dataset.len(), wanted.len());
        // The merged set goes up a level as one bundle, still sealed, and reads back the same.
        let up = bundle(&s, &ses, &all);
        assert_eq!(read("up.json", &up, std::slice::from_ref(&s)).unwrap().records.len(), 30);
    }

    #[test]
    fn a_changed_sealed_record_is_found_and_named_never_counted() {
        let s = secondary();
        let ses = sealed_session(&s);
        let rs = responses(&s, &ses, 4, 12);
        let mut held = sealed(&s, &rs, 3);
        if let Stored::Sealed(r) = &mut held[1] {
            // Flip one character in the middle of the sealed text (still valid base64url).
            let mid = r.sealed.len() / 2;
            let c = if &r.sealed[mid..=mid] == "A" { "B" } else { "A" };
            r.sealed.replace_range(mid..=mid, c);
        }
        // The bundle's checksum is made over the changed record, so only opening finds it.
        let f = bundle(&s, &ses, &held);
        let back = read("changed.json", &f, std::slice::from_ref(&s)).unwrap();
        let (n, problems) = count(&s, &ses, &back.records, Some(&key()));
        assert_eq!(n, 3);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("r-0001: its sealed answers were changed or damaged"), "{}", problems[0]);
        // Another session's key opens none of them, and says so.
        let other = SessionKey::from_random([8; 32]);
        let (n, problems) = count(&s, &ses, &back.records, Some(&other));
        assert_eq!((n, problems.len()), (0, 4));
    }

    #[test]
    fn open_and_sealed_records_never_mix_within_a_session() {
        let s = secondary();
        let ses = sealed_session(&s);
        let rs = responses(&s, &ses, 3, 13);
        // Making: an open response of a sealed session is left out and named.
        let made = make_bundle(&s, std::slice::from_ref(&ses), &held(&rs));
        assert_eq!(made.bundle.record_count, 0);
        assert!(made.left_out[0].contains("it is not sealed, but its session is"), "{:?}", made.left_out);
        // Reading: an open record under a sealed session is refused whole.
        let open_ses = Session { seal: None, ..ses.clone() };
        let mut file: ResponseBundle =
            serde_json::from_slice(&bundle_bytes(&s, std::slice::from_ref(&open_ses), &rs)).unwrap();
        file.sessions[0].seal = ses.seal.clone();
        let (p, m) = refused("forged.json", &bytes(&file), std::slice::from_ref(&s));
        assert!(matches!(p, BundleProblem::OpenInSealedSession { .. }), "{p:?}");
        assert!(m.contains("is not sealed, but its session \"ses-s\" is sealed"), "{m}");
        // A session whose key is not a key is refused.
        let mut file: ResponseBundle = serde_json::from_slice(&bundle(&s, &ses, &sealed(&s, &rs, 4))).unwrap();
        file.sessions[0].seal = Some("not a key".into());
        let (_, m) = refused("badkey.json", &bytes(&file), std::slice::from_ref(&s));
        assert!(m.contains("its sealing key is not a valid public key"), "{m}");
        // A sealed text that is not one is refused (the checksum is made again over it).
        let mut file: ResponseBundle = serde_json::from_slice(&bundle(&s, &ses, &sealed(&s, &rs, 5))).unwrap();
        if let Record::Sealed(r) = &mut file.records[0] {
            r.sealed = "short".into();
        }
        file.checksum = yv_core::bundle::records_checksum(&file.records);
        let (p, _) = refused("short.json", &bytes(&file), &[s]);
        assert!(matches!(p, BundleProblem::BadSeal { .. }), "{p:?}");
    }
}
