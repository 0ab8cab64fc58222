//! Votes broken down by group (issue 15), attacked as an auditor with a linear-programming solver
//! would attack them.
//!
//! The auditor reads only the results CSVs a device writes (every release of a vote, in order),
//! models each group's counts between releases as unknowns joined by every figure shown, by the
//! totals for all voters and by what a ballot can be (one choice, up to `max` choices, or a
//! first choice and up to two more), and solves for the least and greatest value of each hidden
//! figure of a group with fewer voters than the threshold (`microlp`). Such a figure is recovered
//! when that range is narrower than [`PROTECTION`] (or than the group itself, for a group of one,
//! or than the figure for all voters allows: when one voter of all chose an item, every group's
//! count of it is 0 or 1). Groups of at least k voters could have been shown, so working out one
//! of their figures is no disclosure by itself; what it would give away is checked on the small
//! groups. The difference between two releases counts as published too: each group's new
//! ballots are a group of their own, and one shown in both releases gives its new ballots away,
//! so those must number 0 or at least the threshold.

mod common;
use common::read_csv;
#[path = "common/lp.rs"]
mod lp;
use lp::{ComparisonOp, Lp};
use proptest::prelude::*;
use std::collections::BTreeMap;
use yv_core::export::{write_vote, ALL_VOTERS, DID_NOT_SAY};
use yv_core::results::PROTECTION;
use yv_core::vote::{
    check_ballot, make_vote_file, read_vote_file, release, same_vote, Ballot, BallotError, Board, GroupFigures,
    Release, Shown, Vote, VoteItem, VoteKind, VoteProblem, MAX_VOTE_FILE_BYTES,
};

const YEARS: [&str; 5] = ["Year 7", "Year 8", "Year 9", "Year 10", "Year 11"];
const ITEMS: [&str; 4] = ["parks", "buses", "bullying", "clubs"];

fn vote(kind: VoteKind, hidden_until_closed: bool) -> Vote {
    Vote {
        id: "v1".into(),
        question: "Which should the council fix first?".into(),
        kind,
        items: ITEMS
            .iter()
            .map(|id| VoteItem { id: (*id).into(), text: format!("Better {id}"), outcome: None })
            .collect(),
        hidden_until_closed,
        framework: None,
        groups: None,
    }
    .with_groups("Which year are you in?", &YEARS.map(String::from))
    .unwrap()
}

/// Group ids are made from the words: "Year 7" is "year-7".
fn gid(n: usize) -> String {
    format!("year-{}", n + 7)
}

fn ballot(i: usize, group: Option<usize>, choices: &[&str]) -> Ballot {
    Ballot {
        id: format!("b{i}"),
        vote: "v1".into(),
        choices: choices.iter().map(|c| (*c).into()).collect(),
        group: group.map(gid),
    }
}

/// `n` ballots for `group`, cycling through `patterns`, numbered from `from`.
fn many(from: usize, n: usize, group: Option<usize>, patterns: &[&[&str]]) -> Vec<Ballot> {
    (0..n).map(|i| ballot(from + i, group, patterns[i % patterns.len()])).collect()
}

fn csv(v: &Vote, s: &Shown) -> Vec<u8> {
    let mut out = Vec::new();
    write_vote(v, s, &mut out).unwrap();
    out
}

// ------------------------------------------------------------------ the auditor

/// One release as the auditor reads it: for each group ("All voters" and each group's words),
/// `None` when hidden, else its voters and each (item, position) count.
type Read = BTreeMap<String, Option<(u32, BTreeMap<(String, usize), u32>)>>;

fn read(bytes: &[u8]) -> Read {
    let rows = read_csv(bytes);
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let mut out: Read = BTreeMap::new();
    for r in &rows[1..] {
        let group = r[col("group")].clone();
        if r[col("suppressed")] == "yes" {
            out.insert(group, None);
            continue;
        }
        let entry = out.entry(group).or_insert_with(|| Some((0, BTreeMap::new())));
        let (voters, cells) = entry.as_mut().unwrap();
        *voters = r[col("voters")].parse().unwrap();
        for (slot, name) in ["first_choices", "second_choices", "third_choices"].iter().enumerate() {
            if let Ok(n) = r[col(name)].parse::<u32>() {
                cells.insert((r[col("item_id")].clone(), slot), n);
            }
        }
    }
    out
}

/// Hidden figures the auditor narrowed to less than the protection interval, over releases
/// `csvs` (in order) of `v`; `truth[r][group]` is each release's true number of voters per group
/// (used only to know what a group of one needs and which hidden sizes are small).
fn attack(v: &Vote, csvs: &[Vec<u8>], truth: &[BTreeMap<String, u32>], k: u32) -> Vec<String> {
    let reads: Vec<Read> = csvs.iter().map(|c| read(c)).collect();
    let mut names: Vec<String> = YEARS.iter().map(|y| y.to_string()).collect();
    names.push(DID_NOT_SAY.into());
    let slots = if v.kind == VoteKind::TopThree { 3 } else { 1 };
    let cells: Vec<(String, usize)> = ITEMS.iter().flat_map(|i| (0..slots).map(move |s| (i.to_string(), s))).collect();
    let segs = csvs.len();
    let mut lp = Lp::default();
    // n[s][g] and y[s][g][c]: the ballots that arrived between release s-1 and s.
    let n: Vec<Vec<usize>> = (0..segs).map(|_| names.iter().map(|_| lp.var()).collect()).collect();
    let y: Vec<Vec<Vec<usize>>> =
        (0..segs).map(|_| names.iter().map(|_| cells.iter().map(|_| lp.var()).collect()).collect()).collect();
    use ComparisonOp::{Eq, Ge, Le};
    for s in 0..segs {
        for g in 0..names.len() {
            let size = (n[s][g], -1.0);
            let per_slot = |slot: usize| -> Vec<(usize, f64)> {
                cells.iter().enumerate().filter(|(_, c)| c.1 == slot).map(|(ci, _)| (y[s][g][ci], 1.0)).collect()
            };
            match v.kind {
                VoteKind::Single => lp.row([per_slot(0), vec![size]].concat(), Eq, 0.0),
                VoteKind::Approval { max } => {
                    lp.row([per_slot(0), vec![size]].concat(), Ge, 0.0);
                    lp.row([per_slot(0), vec![(n[s][g], -f64::from(max))]].concat(), Le, 0.0);
                }
                VoteKind::TopThree => {
                    lp.row([per_slot(0), vec![size]].concat(), Eq, 0.0);
                    lp.row([per_slot(1), vec![size]].concat(), Le, 0.0);
                    lp.row([per_slot(2), vec![size]].concat(), Le, 0.0);
                    lp.row([per_slot(2), per_slot(1).into_iter().map(|(v, c)| (v, -c)).collect()].concat(), Le, 0.0);
                }
            }
            for c in &cells {
                // An item appears at most once on a ballot.
                let same: Vec<(usize, f64)> =
                    cells.iter().enumerate().filter(|(_, d)| d.0 == c.0).map(|(di, _)| (y[s][g][di], 1.0)).collect();
                lp.row([same, vec![size]].concat(), Le, 0.0);
            }
        }
    }
    // Everything each release shows, as sums over the segments up to it.
    let upto = |r: usize, f: &dyn Fn(usize) -> usize| -> Vec<(usize, f64)> { (0..=r).map(|s| (f(s), 1.0)).collect() };
    for (r, rd) in reads.iter().enumerate() {
        for (name, shown) in rd {
            let Some((voters, counts)) = shown else { continue };
            let groups: Vec<usize> = if name == ALL_VOTERS {
                (0..names.len()).collect()
            } else {
                vec![names.iter().position(|x| x == name).unwrap()]
            };
            let terms: Vec<(usize, f64)> = groups.iter().flat_map(|&g| upto(r, &|s| n[s][g])).collect();
            lp.row(terms, Eq, f64::from(*voters));
            for (ci, c) in cells.iter().enumerate() {
                let value = counts.get(c).copied().unwrap_or(0);
                let terms: Vec<(usize, f64)> = groups.iter().flat_map(|&g| upto(r, &|s| y[s][g][ci])).collect();
                lp.row(terms, Eq, f64::from(value));
            }
        }
    }
    let mut found = Vec::new();
    // Hidden figures of each release, and of what came in between any two releases.
    // Every run of consecutive segments: a release (from the start), or what came in between two.
    let spans: Vec<(usize, usize)> = (0..segs).flat_map(|from| (from..segs).map(move |to| (from, to))).collect();
    for (from, to) in spans {
        let is_diff = from > 0;
        let size_of = |g: usize| -> u32 {
            let t = truth[to].get(&names[g]).copied().unwrap_or(0);
            if is_diff {
                t - truth[from - 1].get(&names[g]).copied().unwrap_or(0)
            } else {
                t
            }
        };
        let shown_in = |r: usize, g: usize| reads[r].get(&names[g]).is_some_and(Option::is_some);
        let all: Vec<usize> = (0..names.len()).collect();
        let sum = |f: &dyn Fn(usize, usize) -> usize, groups: &[usize]| -> Vec<(usize, f64)> {
            (from..=to).flat_map(|s| groups.iter().map(move |&g| (f(s, g), 1.0))).collect()
        };
        let total = lp.range(&sum(&|s, g| n[s][g], &all)).0;
        let wholes: Vec<f64> = (0..cells.len()).map(|ci| lp.range(&sum(&|s, h| y[s][h][ci], &all)).0).collect();
        for g in 0..names.len() {
            let size = size_of(g);
            if size == 0 {
                continue;
            }
            let public = if is_diff { shown_in(from - 1, g) && shown_in(to, g) } else { shown_in(to, g) };
            if public {
                if is_diff && size < k {
                    found.push(format!("{} gained {size} ballots between releases {from} and {}", names[g], to + 1));
                }
                continue;
            }
            let (lo, hi) = lp.range(&sum(&|s, g| n[s][g], &[g]));
            // A group can be no more uncertain than its largest possible size.
            let need = f64::from(PROTECTION).min(hi) - 1e-6;
            if size < k && hi - lo < need {
                found.push(format!("{} voters in {} (span {from}-{to}): {lo}..{hi}", size, names[g]));
            }
            if size >= k {
                // A group of at least k could have been shown: working out its figures
                // (hidden only to protect a small group) gives nobody away by itself, and
                // what it would give away is checked on the small group.
                continue;
            }
            // The segments this group may have voters in (an empty year in a release is a
            // known zero): the figure for all voters of just those segments bounds it too.
            let live: Vec<usize> = (from..=to).filter(|&s| lp.range(&[(n[s][g], 1.0)]).1 > 0.5).collect();
            let over_live = |f: &dyn Fn(usize, usize) -> usize| -> Vec<(usize, f64)> {
                live.iter().flat_map(|&s| all.iter().map(move |&h| (f(s, h), 1.0))).collect()
            };
            let live_total = lp.range(&over_live(&|s, h| n[s][h])).0;
            for (ci, c) in cells.iter().enumerate() {
                let whole = wholes[ci];
                let live_whole = lp.range(&over_live(&|s, h| y[s][h][ci])).0;
                if whole < 0.5
                    || (total - whole).abs() < 0.5
                    || live_whole < 0.5
                    || (live_total - live_whole).abs() < 0.5
                {
                    continue; // the figure for all voters says this of everyone
                }
                // Nor more uncertain than a figure shown for a larger set of voters allows (one
                // voter of all chose it: every group's count is 0 or 1): all voters in this
                // span, or this group or all voters in a release that holds this span.
                let mut need = need.min(whole - 1e-6).min(total - whole - 1e-6);
                need = need.min(live_whole - 1e-6).min(live_total - live_whole - 1e-6);
                for rd in &reads[to..] {
                    for name in [&names[g], &ALL_VOTERS.to_string()] {
                        if let Some(Some((voters, counts))) = rd.get(name) {
                            let v = f64::from(counts.get(c).copied().unwrap_or(0));
                            need = need.min(v - 1e-6).min(f64::from(*voters) - v - 1e-6);
                        }
                    }
                }
                let cell = sum(&|s, h| y[s][h][ci], &[g]);
                let (lo, hi) = lp.range(&cell);
                let mut comp = sum(&|s, h| n[s][h], &[g]);
                comp.extend(cell.iter().map(|&(v, c)| (v, -c)));
                let (clo, chi) = lp.range(&comp);
                if hi - lo < need || chi - clo < need {
                    found.push(format!("{c:?} in {} (span {from}-{to}): {lo}..{hi}, others {clo}..{chi}", names[g]));
                }
            }
        }
    }
    found
}

/// Voters per group name, as the auditor's truth.
fn sizes(v: &Vote, bs: &[Ballot]) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for b in bs {
        *out.entry(v.group_text(b.group.as_deref()).unwrap_or(DID_NOT_SAY).to_string()).or_insert(0) += 1;
    }
    out
}

fn hidden_names(v: &Vote, s: &Shown) -> Vec<String> {
    s.breakdown
        .as_ref()
        .unwrap()
        .groups
        .iter()
        .filter(|(_, f)| *f == GroupFigures::Hidden)
        .map(|(g, _)| v.group_text(g.as_deref()).unwrap_or(DID_NOT_SAY).to_string())
        .collect()
}

// ------------------------------------------------------------------ cases

#[test]
fn a_small_year_is_hidden_with_a_partner_and_cannot_be_worked_out() {
    let v = vote(VoteKind::Single, true);
    let mut bs = many(0, 15, Some(0), &[&["parks"], &["buses"], &["parks"]]);
    bs.extend(many(100, 12, Some(1), &[&["buses"], &["bullying"], &["parks"], &["clubs"]]));
    // Year 9: three voters, all for clubs.
    bs.extend(many(200, 3, Some(2), &[&["clubs"]]));
    let shown = release(&v, &bs, false, None, 10);
    let Board::Counts(t) = &shown.board else { panic!("30 voters show counts") };
    assert_eq!(t.voters, 30);
    assert_eq!(hidden_names(&v, &shown), ["Year 8", "Year 9"], "Year 9 and its partner, the smallest other year");
    let b = shown.breakdown.as_ref().unwrap();
    let GroupFigures::Shown(y7) = &b.groups[0].1 else { panic!() };
    assert_eq!((y7.voters, y7.items[0].item.as_str(), y7.items[0].score), (15, "parks", 10));
    // Empty years are known zeros, shown as such.
    assert!(matches!(&b.groups[3].1, GroupFigures::Shown(t) if t.voters == 0));
    let out = csv(&v, &shown);
    let found = attack(&v, std::slice::from_ref(&out), &[sizes(&v, &bs)], 10);
    assert!(found.is_empty(), "{found:#?}");
    // The CSV: all voters first, then each year; hidden rows have nothing but the item.
    let rows = read_csv(&out);
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    assert_eq!(rows[1][col("group")], ALL_VOTERS);
    let y9: Vec<&Vec<String>> = rows.iter().filter(|r| r[col("group")] == "Year 9").collect();
    assert_eq!(y9.len(), 4);
    assert!(y9.iter().all(|r| r[col("suppressed")] == "yes"
        && r[col("voters")].is_empty()
        && r[col("first_choices")].is_empty()
        && r[col("rank")].is_empty()));
}

#[test]
fn the_old_rule_of_hiding_only_small_groups_would_give_year_9_away() {
    // The auditor is not toothless: publish Year 8 (hiding only Year 9, as a rule of thumb
    // would) and it recovers Year 9's three votes for clubs by subtraction.
    let v = vote(VoteKind::Single, true);
    let mut bs = many(0, 15, Some(0), &[&["parks"], &["buses"], &["parks"]]);
    bs.extend(many(100, 12, Some(1), &[&["buses"], &["bullying"]]));
    bs.extend(many(200, 3, Some(2), &[&["clubs"]]));
    let shown = release(&v, &bs, false, None, 10);
    let mut rows = read_csv(&csv(&v, &shown));
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let (g, sup, voters, first) = (col("group"), col("suppressed"), col("voters"), col("first_choices"));
    let item = col("item_id");
    for r in rows.iter_mut().filter(|r| r[g] == "Year 8") {
        let n = bs.iter().filter(|b| b.group.as_deref() == Some("year-8") && b.choices[0] == r[item]).count();
        r[sup] = "no".into();
        r[voters] = "12".into();
        r[first] = n.to_string();
    }
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for r in &rows {
        w.write_record(r).unwrap();
    }
    let forged = [b"\xef\xbb\xbf".to_vec(), w.into_inner().unwrap()].concat();
    let found = attack(&v, &[forged], &[sizes(&v, &bs)], 10);
    assert!(found.iter().any(|f| f.contains("Year 9")), "{found:#?}");
}

#[test]
fn fewer_voters_than_the_threshold_show_ranks_and_no_groups() {
    let v = vote(VoteKind::TopThree, true);
    let bs = many(0, 8, Some(0), &[&["parks", "buses"], &["clubs"]]);
    let shown = release(&v, &bs, false, None, 10);
    assert!(matches!(shown.board, Board::RanksOnly { .. }));
    assert!(shown.breakdown.as_ref().unwrap().withheld);
    let rows = read_csv(&csv(&v, &shown));
    assert!(rows[1..].iter().all(|r| r.last().unwrap() == "yes"));
    // No counts were published, so a later breakdown starts afresh.
    assert_eq!(shown.release.as_ref().unwrap().breakdown, None);
}

#[test]
fn a_vote_with_groups_shows_nothing_while_voting_is_open() {
    // Even if the facilitator asked for a live board: every release of it must be a breakdown.
    let v = vote(VoteKind::Single, false);
    let bs = many(0, 25, Some(0), &[&["parks"], &["buses"]]);
    let shown = release(&v, &bs, true, None, 10);
    assert!(matches!(shown.board, Board::Hidden { voters: 25 }));
    assert_eq!((shown.breakdown, shown.release), (None, None));
}

#[test]
fn a_live_board_shows_nothing_before_the_threshold_and_then_moves_in_steps_of_it() {
    let v = Vote { groups: None, ..vote(VoteKind::Single, false) };
    let bs = many(0, 30, None, &[&["parks"], &["buses"], &["clubs"]]);
    let one = release(&v, &bs[..1], true, None, 10);
    assert!(one.live_too_few && matches!(one.board, Board::Hidden { voters: 1 }), "one vote is never shown live");
    assert_eq!(one.release, None);
    let ten = release(&v, &bs[..10], true, None, 10);
    let r10 = ten.release.clone().unwrap();
    let fourteen = release(&v, &bs[..14], true, Some(&r10), 10);
    assert_eq!(fourteen.board, ten.board, "four more votes do not move the board");
    assert_eq!((fourteen.waiting, fourteen.release.as_ref()), (4, Some(&r10)));
    let twenty = release(&v, &bs[..20], true, Some(&r10), 10);
    assert!(matches!(&twenty.board, Board::Counts(t) if t.voters == 20));
    assert_eq!(twenty.waiting, 0);
}

#[test]
fn a_reopened_vote_adds_late_ballots_only_when_they_cannot_be_told_apart() {
    let v = vote(VoteKind::TopThree, true);
    let pool: [&[&str]; 6] = [
        &["parks", "buses", "clubs"],
        &["buses", "parks"],
        &["bullying", "parks"],
        &["clubs"],
        &["parks"],
        &["bullying", "clubs", "buses"],
    ];
    let mut bs = many(0, 14, Some(0), &pool);
    bs.extend(many(100, 13, Some(1), &[pool[2], pool[3], pool[4], pool[5], pool[0], pool[1]]));
    bs.extend(many(200, 12, Some(2), &[pool[4], pool[5], pool[0], pool[1], pool[2], pool[3]]));
    bs.extend(many(300, 4, Some(3), &[pool[1], pool[3], pool[4], pool[0]]));
    let first = release(&v, &bs, false, None, 10);
    let r1 = first.release.clone().unwrap();
    assert!(r1.breakdown.is_some());
    let csv1 = csv(&v, &first);
    // Reopened, one more Year 7 voter, closed again: the results stay as they were.
    let mut more = bs.clone();
    more.push(ballot(400, Some(0), &["clubs"]));
    let again = release(&v, &more, false, Some(&r1), 10);
    assert_eq!(csv(&v, &again), csv1, "one late ballot changes nothing shown");
    assert_eq!(again.waiting, 1);
    // Twelve more (one in Year 10, eleven in Year 7): now shown, but Year 7 gained 12 and Year
    // 10 only 1, so Year 10 stays hidden as before.
    more.extend(many(500, 11, Some(0), &[&["bullying"], &["parks", "clubs"]]));
    more.push(ballot(600, Some(3), &["buses"]));
    let later = release(&v, &more, false, Some(&r1), 10);
    assert!(matches!(&later.board, Board::Counts(t) if t.voters == 56));
    let hidden_before = hidden_names(&v, &first);
    let hidden_after = hidden_names(&v, &later);
    assert!(hidden_before.iter().all(|h| hidden_after.contains(h)), "{hidden_before:?} {hidden_after:?}");
    let csv2 = csv(&v, &later);
    let found = attack(&v, &[csv1, csv2], &[sizes(&v, &bs), sizes(&v, &more)], 10);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_ballot_for_a_group_the_vote_does_not_have_is_refused() {
    let v = vote(VoteKind::Single, true);
    let mut b = ballot(1, Some(0), &["parks"]);
    assert_eq!(check_ballot(&v, &b), Ok(()));
    b.group = Some("year-12".into());
    assert_eq!(check_ballot(&v, &b), Err(BallotError::UnknownGroup("year-12".into())));
}

#[test]
fn group_questions_are_checked_like_the_rest_of_the_vote() {
    let base = vote(VoteKind::Single, true);
    let with = |q: &str, groups: &[&str]| {
        Vote { groups: None, ..base.clone() }.with_groups(q, &groups.iter().map(|g| g.to_string()).collect::<Vec<_>>())
    };
    assert_eq!(with(" ", &["A", "B"]), Err(VoteProblem::NoGroupQuestion));
    assert_eq!(with("Year?", &["A"]), Err(VoteProblem::GroupCount(1)));
    assert_eq!(with("Year?", &["A", "a "]), Err(VoteProblem::RepeatedGroup("a".into())));
    assert!(matches!(with("Year?", &["A\u{202e}", "B"]), Err(VoteProblem::Control { .. })));
    let many: Vec<String> = (0..15).map(|i| format!("Group {i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(with("Year?", &many), Err(VoteProblem::GroupCount(15)));
    assert!(with("Which year?", &["Year 7", "", "Year 8"]).is_ok(), "blank lines are dropped");
}

#[test]
fn vote_files_carry_groups_and_files_without_them_are_as_before() {
    let v = vote(VoteKind::Single, true);
    let bs = many(0, 3, Some(1), &[&["parks"]]);
    let (back, ballots) = read_vote_file(make_vote_file(&v, &bs).as_bytes(), MAX_VOTE_FILE_BYTES).unwrap();
    assert_eq!((back, ballots), (v.clone(), bs));
    let plain = Vote { groups: None, ..v.clone() };
    assert!(!same_vote(&v, &plain), "the same id with other groups is another vote: never merged");
    let text = make_vote_file(&plain, &many(0, 2, None, &[&["parks"]]));
    assert!(!text.contains("group"), "a vote without groups writes the same file as before: {text}");
}

#[test]
fn a_stored_release_reads_back() {
    let r = Release { ballots: vec!["a".into()], breakdown: None };
    assert_eq!(serde_json::from_str::<Release>(&serde_json::to_string(&r).unwrap()).unwrap(), r);
}

// ------------------------------------------------------------------ properties

fn arb_ballots(kind: VoteKind, n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<Ballot>> {
    // Group sizes skewed towards small groups; choices from a few patterns so swaps are scarce.
    let patterns: Vec<Vec<&'static str>> = match kind {
        VoteKind::TopThree => {
            vec![vec!["parks", "buses"], vec!["clubs"], vec!["bullying", "parks", "clubs"], vec!["buses"]]
        }
        VoteKind::Approval { .. } => vec![vec!["parks", "buses"], vec!["clubs"], vec!["bullying"], vec!["parks"]],
        VoteKind::Single => vec![vec!["parks"], vec!["clubs"], vec!["bullying"], vec!["buses"]],
    };
    prop::collection::vec((prop::option::weighted(0.9, 0usize..5), 0usize..4, 0usize..4), n).prop_map(move |raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, (g, p, skew))| {
                // Later years are rarer: a good source of small groups.
                let g = g.map(|g| if skew == 0 { g } else { g.min(2) });
                let pattern: Vec<&str> = patterns[p].clone();
                ballot(i, g, &pattern)
            })
            .collect()
    })
}

fn arb_kind() -> impl Strategy<Value = VoteKind> {
    prop_oneof![Just(VoteKind::Single), Just(VoteKind::Approval { max: 2 }), Just(VoteKind::TopThree)]
}

proptest! {
    // 48 cases each in `make test`; YV_VOTE_CASES=1000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("YV_VOTE_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_hidden_figure_of_a_vote_can_be_worked_out(
        (kind, bs) in arb_kind().prop_flat_map(|k| (Just(k), arb_ballots(k, 10..60))),
        k in 5u32..11,
    ) {
        let v = Vote { kind, ..vote(VoteKind::Single, true) };
        let shown = release(&v, &bs, false, None, k);
        let found = attack(&v, &[csv(&v, &shown)], &[sizes(&v, &bs)], k);
        prop_assert!(found.is_empty(), "{:#?}", found);
    }

    #[test]
    fn no_hidden_figure_can_be_worked_out_from_two_releases(
        (kind, bs) in arb_kind().prop_flat_map(|k| (Just(k), arb_ballots(k, 20..70))),
        cut in 0.3f64..0.8,
        k in 5u32..11,
    ) {
        let v = Vote { kind, ..vote(VoteKind::Single, true) };
        let at = ((bs.len() as f64) * cut) as usize;
        let first = release(&v, &bs[..at], false, None, k);
        let second = release(&v, &bs, false, first.release.as_ref(), k);
        // What the second release was worked out from (the first's, if too few came since).
        let used: Vec<Ballot> = {
            let ids = &second.release.as_ref().unwrap().ballots;
            bs.iter().filter(|b| ids.contains(&b.id)).cloned().collect()
        };
        let csvs = [csv(&v, &first), csv(&v, &second)];
        let truth = [sizes(&v, &bs[..at]), sizes(&v, &used)];
        let found = attack(&v, &csvs, &truth, k);
        prop_assert!(found.is_empty(), "{:#?}", found);
    }

    #[test]
    fn no_hidden_figure_can_be_worked_out_from_three_releases(
        (kind, bs) in arb_kind().prop_flat_map(|k| (Just(k), arb_ballots(k, 30..80))),
        cuts in (0.2f64..0.5, 0.5f64..0.85),
        k in 5u32..11,
    ) {
        let v = Vote { kind, ..vote(VoteKind::Single, true) };
        let mut csvs = Vec::new();
        let mut truth = Vec::new();
        let mut previous: Option<Release> = None;
        for cut in [cuts.0, cuts.1, 1.0] {
            let at = ((bs.len() as f64) * cut) as usize;
            let shown = release(&v, &bs[..at], false, previous.as_ref(), k);
            let ids = &shown.release.as_ref().unwrap().ballots;
            let used: Vec<Ballot> = bs.iter().filter(|b| ids.contains(&b.id)).cloned().collect();
            csvs.push(csv(&v, &shown));
            truth.push(sizes(&v, &used));
            previous = shown.release;
        }
        let found = attack(&v, &csvs, &truth, k);
        prop_assert!(found.is_empty(), "{:#?}", found);
    }
}
