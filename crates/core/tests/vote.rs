//! Youth Council votes: the three counting methods against hand-worked examples, ties, merging
//! ballots from several tablets, and the small-number rule on the board.

mod common;
use common::read_csv;
use yv_core::vote::{
    board, check_ballot, merge_ballots, release, tally, Ballot, BallotError, Board, Vote, VoteItem, VoteKind,
};

fn vote(kind: VoteKind) -> Vote {
    Vote {
        id: "v1".into(),
        question: "Which should the council fix first?".into(),
        kind,
        items: ["parks", "buses", "bullying", "youth-club", "litter"]
            .iter()
            .map(|id| VoteItem { id: (*id).into(), text: format!("Better {id}"), outcome: None })
            .collect(),
        hidden_until_closed: true,
        framework: None,
        groups: None,
    }
}

fn ballots(choices: &[&[&str]]) -> Vec<Ballot> {
    choices
        .iter()
        .enumerate()
        .map(|(i, c)| Ballot {
            id: format!("b{i}"),
            vote: "v1".into(),
            choices: c.iter().map(|s| (*s).into()).collect(),
            group: None,
        })
        .collect()
}

/// (item, score, rank) in order.
fn order(v: &Vote, bs: &[Ballot]) -> Vec<(String, u32, u32)> {
    tally(v, bs).items.into_iter().map(|i| (i.item, i.score, i.rank)).collect()
}

fn row(item: &str, score: u32, rank: u32) -> (String, u32, u32) {
    (item.into(), score, rank)
}

#[test]
fn single_choice_counts_votes_and_shares_ranks_on_a_tie() {
    let v = vote(VoteKind::Single);
    // parks 3, buses 3, bullying 1: parks and buses share first; bullying third; the rest fourth.
    let bs = ballots(&[&["parks"], &["buses"], &["parks"], &["bullying"], &["buses"], &["parks"], &["buses"]]);
    assert_eq!(
        order(&v, &bs),
        [row("parks", 3, 1), row("buses", 3, 1), row("bullying", 1, 3), row("youth-club", 0, 4), row("litter", 0, 4)]
    );
    assert_eq!(tally(&v, &bs).voters, 7);
    assert!(v.kind.method().contains("plurality"));
}

#[test]
fn approval_counts_each_item_chosen() {
    let v = vote(VoteKind::Approval { max: 2 });
    let bs = ballots(&[&["parks", "buses"], &["buses"], &["bullying", "buses"], &["parks", "litter"]]);
    assert_eq!(
        order(&v, &bs),
        [row("buses", 3, 1), row("parks", 2, 2), row("bullying", 1, 3), row("litter", 1, 3), row("youth-club", 0, 5)]
    );
    assert!(v.kind.method().contains("up to 2 items"));
}

#[test]
fn top_three_gives_3_2_1_points_beside_first_preferences() {
    let v = vote(VoteKind::TopThree);
    // Worked by hand:
    //   b0: parks, buses, bullying   -> parks 3, buses 2, bullying 1
    //   b1: buses, parks             -> buses 3, parks 2
    //   b2: bullying, parks, buses   -> bullying 3, parks 2, buses 1
    //   b3: bullying                 -> bullying 3
    // parks 7 (first 1), buses 6 (first 1), bullying 7 (first 2): parks and bullying tie on 7.
    let bs = ballots(&[
        &["parks", "buses", "bullying"],
        &["buses", "parks"],
        &["bullying", "parks", "buses"],
        &["bullying"],
    ]);
    let t = tally(&v, &bs);
    let got: Vec<(String, u32, u32, u32)> =
        t.items.iter().map(|i| (i.item.clone(), i.score, i.rank, i.first())).collect();
    assert_eq!(
        got,
        [
            ("parks".into(), 7, 1, 1),
            ("bullying".into(), 7, 1, 2),
            ("buses".into(), 6, 3, 1),
            ("youth-club".into(), 0, 4, 0),
            ("litter".into(), 0, 4, 0),
        ]
    );
    let parks = &t.items[0];
    assert_eq!(parks.at_rank, [1, 2, 0], "first once, second twice: 3 + 2 + 2 = 7");
}

#[test]
fn ballots_that_do_not_fit_are_left_out_and_named() {
    let single = vote(VoteKind::Single);
    let top = vote(VoteKind::TopThree);
    let bad = |choices: &[&str]| Ballot {
        id: "x".into(),
        vote: "v1".into(),
        choices: choices.iter().map(|s| (*s).into()).collect(),
        group: None,
    };
    assert_eq!(check_ballot(&single, &bad(&[])), Err(BallotError::Empty));
    assert_eq!(check_ballot(&single, &bad(&["parks", "buses"])), Err(BallotError::TooMany { found: 2, max: 1 }));
    assert_eq!(check_ballot(&top, &bad(&["parks", "parks"])), Err(BallotError::Repeated("parks".into())));
    assert_eq!(check_ballot(&top, &bad(&["moon"])), Err(BallotError::UnknownItem("moon".into())));
    let other = Ballot { vote: "v2".into(), ..bad(&["parks"]) };
    assert_eq!(check_ballot(&top, &other), Err(BallotError::OtherVote));
    let mut bs = ballots(&[&["parks"], &["buses"]]);
    bs.push(bad(&["parks", "buses"]));
    let t = tally(&single, &bs);
    assert_eq!((t.voters, t.refused.len()), (2, 1));
    assert_eq!(t.refused[0].1.to_string(), "2 items were chosen; this vote allows at most 1");
}

#[test]
fn ballots_from_several_tablets_merge_once_whatever_the_order() {
    let v = vote(VoteKind::TopThree);
    let all =
        ballots(&[&["parks"], &["buses", "parks"], &["bullying"], &["litter", "buses", "parks"], &["parks", "buses"]]);
    let (a, b) = (all[..3].to_vec(), all[2..].to_vec()); // b2 is on both tablets
    let mut here = a.clone();
    let (new, conflicts) = merge_ballots(&here, &b);
    assert!(conflicts.is_empty());
    assert_eq!(new.len(), 2, "the shared ballot once");
    here.extend(new);
    assert_eq!(merge_ballots(&here, &b).0.len(), 0, "again: nothing new");
    assert_eq!(merge_ballots(&here, &a).0.len(), 0);
    assert_eq!(tally(&v, &here), tally(&v, &all), "the same count as one tablet holding all");
    // Another order gives the same count.
    let (mut other, _) = merge_ballots(&b, &a);
    other.extend(b.clone());
    assert_eq!(tally(&v, &other).items, tally(&v, &all).items);
    // A different ballot under a known id is reported, never counted.
    let forged = Ballot { choices: vec!["litter".into()], ..all[0].clone() };
    let (new, conflicts) = merge_ballots(&here, &[forged]);
    assert!(new.is_empty());
    assert_eq!(conflicts, ["b0"]);
    // The same ballot twice in one list counts once.
    let twice = [all[0].clone(), all[0].clone()];
    assert_eq!(tally(&v, &twice).voters, 1);
}

#[test]
fn the_board_is_hidden_until_closed_and_shows_ranks_only_below_the_threshold() {
    let v = vote(VoteKind::Single);
    let few = ballots(&[&["parks"], &["buses"], &["parks"]]);
    assert_eq!(board(tally(&v, &few), true, 5), Board::Hidden { voters: 3 });
    match board(tally(&v, &few), false, 5) {
        Board::RanksOnly { voters_below, order } => {
            assert_eq!(voters_below, 5);
            assert_eq!(order[0], ("parks".to_string(), 1));
            assert_eq!(order[1], ("buses".to_string(), 2));
        }
        other => panic!("{other:?}"),
    }
    let many: Vec<Ballot> = (0..6)
        .map(|i| Ballot {
            id: format!("m{i}"),
            vote: "v1".into(),
            choices: vec![if i < 4 { "parks" } else { "litter" }.into()],
            group: None,
        })
        .collect();
    match board(tally(&v, &many), false, 5) {
        Board::Counts(t) => assert_eq!((t.voters, t.items[0].score, t.items[1].item.as_str()), (6, 4, "litter")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_vote_round_trips_as_json_with_its_kind() {
    let v = vote(VoteKind::Approval { max: 3 });
    let text = serde_json::to_string(&v).unwrap();
    assert!(text.contains("\"kind\":\"approval\",\"max\":3"), "{text}");
    assert_eq!(serde_json::from_str::<Vote>(&text).unwrap(), v);
}

#[test]
fn the_vote_csv_reads_back_with_points_ranks_and_the_method_and_hides_counts_below_the_threshold() {
    let mut v = vote(VoteKind::TopThree);
    v.items[0].outcome = Some("cal-opportunities".into());
    v.items[4].text = "=HYPERLINK(\"x\")".into();
    let bs = ballots(&[
        &["parks", "buses", "bullying"],
        &["buses", "parks"],
        &["bullying", "parks", "buses"],
        &["bullying"],
    ]);
    let mut out = Vec::new();
    yv_core::export::write_vote(&v, &release(&v, &bs, false, None, 3), &mut out).unwrap();
    let rows = read_csv(&out);
    assert_eq!(rows[0], yv_core::export::VOTE_COLUMNS);
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let parks = &rows[1];
    assert_eq!(
        [
            &parks[col("item_id")],
            &parks[col("outcome")],
            &parks[col("rank")],
            &parks[col("first_choices")],
            &parks[col("second_choices")],
            &parks[col("third_choices")],
            &parks[col("score")],
            &parks[col("voters")]
        ],
        ["parks", "cal-opportunities", "1", "1", "2", "0", "7", "4"]
    );
    assert_eq!(rows[2][col("item_id")], "bullying");
    assert_eq!(rows[2][col("rank")], "1", "a tie is a tie");
    assert!(rows[1][col("method")].contains("3 points for a first choice"));
    assert_eq!(rows[5][col("item")], "'=HYPERLINK(\"x\")", "no formula reaches a spreadsheet");
    // Four voters against a threshold of 5: ranks only.
    let mut out = Vec::new();
    yv_core::export::write_vote(&v, &release(&v, &bs, false, None, 5), &mut out).unwrap();
    let rows = read_csv(&out);
    assert!(rows[1..].iter().all(|r| r[col("score")].is_empty()
        && r[col("first_choices")].is_empty()
        && r[col("voters")].is_empty()
        && r[col("suppressed")] == "yes"));
    assert_eq!(rows[1][col("rank")], "1");
    // Still open: nothing is written.
    assert!(yv_core::export::write_vote(&v, &release(&v, &bs, true, None, 3), &mut Vec::new()).is_err());
}

mod files {
    use super::*;
    use yv_core::vote::{
        check_vote, item_id, make_vote_file, read_vote_file, same_vote, VoteFileError, VoteProblem, MAX_VOTE_FILE_BYTES,
    };

    #[test]
    fn a_vote_file_round_trips_and_merging_it_twice_adds_nothing() {
        let v = vote(VoteKind::TopThree);
        let tablet_a = ballots(&[&["parks", "buses"], &["bullying"]]);
        let file = make_vote_file(&v, &tablet_a);
        let (read, bs) = read_vote_file(file.as_bytes(), MAX_VOTE_FILE_BYTES).unwrap();
        assert!(same_vote(&read, &v));
        assert_eq!(bs, tablet_a);
        let here = ballots(&[&["litter"]])
            .into_iter()
            .map(|mut b| {
                b.id = "here-1".into();
                b
            })
            .collect::<Vec<_>>();
        let (new, conflicts) = merge_ballots(&here, &bs);
        assert_eq!((new.len(), conflicts.len()), (2, 0));
        let all: Vec<Ballot> = here.iter().chain(&new).cloned().collect();
        let (again, _) = merge_ballots(&all, &bs);
        assert!(again.is_empty(), "the same file a second time adds nothing");
        // A vote file for setting up other tablets carries no ballots.
        let empty = make_vote_file(&v, &[]);
        assert_eq!(read_vote_file(empty.as_bytes(), MAX_VOTE_FILE_BYTES).unwrap().1.len(), 0);
    }

    #[test]
    fn a_changed_cut_or_foreign_vote_file_is_refused_whole() {
        let v = vote(VoteKind::Single);
        let file = make_vote_file(&v, &ballots(&[&["parks"], &["buses"]]));
        let changed = file.replacen("\"buses\"\n", "\"parks\"\n", 1);
        assert_ne!(changed, file);
        assert_eq!(read_vote_file(changed.as_bytes(), MAX_VOTE_FILE_BYTES), Err(VoteFileError::Checksum));
        let mut json: serde_json::Value = serde_json::from_str(&file).unwrap();
        json["ballot_count"] = 3.into();
        assert_eq!(
            read_vote_file(json.to_string().as_bytes(), MAX_VOTE_FILE_BYTES),
            Err(VoteFileError::Count { said: 3, found: 2 })
        );
        let cut = &file.as_bytes()[..file.len() / 2];
        assert!(matches!(read_vote_file(cut, MAX_VOTE_FILE_BYTES), Err(VoteFileError::File(_))));
        assert!(matches!(read_vote_file(file.as_bytes(), 100), Err(VoteFileError::File(_))));
        let survey_bundle = br#"{"format":"youth-voice-responses","format_version":1}"#;
        let e = read_vote_file(survey_bundle, MAX_VOTE_FILE_BYTES).unwrap_err();
        assert!(e.to_string().contains("youth-voice-vote"), "{e}");
        // A ballot that does not fit the vote (two choices in a single-choice vote) refuses the file.
        let bad = make_vote_file(
            &v,
            &[Ballot {
                id: "x1".into(),
                vote: v.id.clone(),
                choices: vec!["parks".into(), "buses".into()],
                group: None,
            }],
        );
        assert!(matches!(read_vote_file(bad.as_bytes(), MAX_VOTE_FILE_BYTES), Err(VoteFileError::Ballot { .. })));
    }

    #[test]
    fn a_vote_needs_a_question_and_distinct_visible_items() {
        let ok = vote(VoteKind::Approval { max: 2 });
        assert_eq!(check_vote(&ok), Ok(()));
        let with = |f: &dyn Fn(&mut Vote)| {
            let mut v = ok.clone();
            f(&mut v);
            check_vote(&v)
        };
        assert_eq!(with(&|v| v.question = " \u{200b} ".into()), Err(VoteProblem::NoQuestion));
        assert_eq!(with(&|v| v.items.truncate(1)), Err(VoteProblem::TooFewItems(1)));
        assert_eq!(with(&|v| v.items[1].text = "\u{200b}".into()), Err(VoteProblem::EmptyItem(2)));
        assert_eq!(
            with(&|v| v.items[1].text = "Better PARKS ".into()),
            Err(VoteProblem::RepeatedText("Better PARKS".into()))
        );
        assert_eq!(
            with(&|v| v.items[2].text = "x\u{202e}y".into()),
            Err(VoteProblem::Control { what: "item 3".into() })
        );
        assert_eq!(with(&|v| v.items[0].text = "a".repeat(201)), Err(VoteProblem::TooLong { what: "item 1".into() }));
        assert_eq!(
            with(&|v| v.kind = VoteKind::Approval { max: 6 }),
            Err(VoteProblem::BadApprovalMax { max: 6, items: 5 })
        );
        assert_eq!(with(&|v| v.items[0].id = "../x".into()), Err(VoteProblem::BadItemId(1)));
    }

    #[test]
    fn item_ids_come_from_the_words_and_never_repeat() {
        assert_eq!(item_id("Safer parks!", &[]), "safer-parks");
        assert_eq!(item_id("Safer parks?", &["safer-parks".into()]), "safer-parks-2");
        assert_eq!(item_id("پارک", &[]), "item");
        assert_eq!(item_id("  --  ", &["item".into()]), "item-2");
    }

    #[test]
    fn results_shown_live_are_still_ranks_only_below_the_threshold() {
        let v = Vote { hidden_until_closed: false, ..vote(VoteKind::Single) };
        let t = tally(&v, &ballots(&[&["parks"], &["parks"], &["buses"]]));
        // Open but shown live: the board is not hidden, and with 3 voters shows no count.
        assert!(matches!(board(t, false, 5), Board::RanksOnly { .. }));
    }
}

mod you_said {
    use super::*;
    use yv_core::export::{write_you_said, YOU_SAID_COLUMNS};
    use yv_core::vote::{check_you_said, VoteProblem, YouSaid};

    fn entry(id: &str, day: u32, said: &str) -> YouSaid {
        YouSaid {
            id: id.into(),
            framework: "calderdale".into(),
            outcome: "safe".into(),
            said: said.into(),
            did: "We put new lights in the park".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            source: Some("Year 8, Ridgeway School".into()),
        }
    }

    #[test]
    fn entries_are_checked_and_read_back_newest_first_with_formulas_neutralised() {
        assert_eq!(
            check_you_said(&entry("a", 1, "  ")),
            Err(VoteProblem::EmptyText { what: "what young people said".into() })
        );
        let es = [entry("a", 1, "The park feels unsafe"), entry("b", 20, "=HYPERLINK(\"http://x\")")];
        let mut out = Vec::new();
        write_you_said(&es, &|_, o| (o == "safe").then(|| "Children are safe".to_string()), &mut out).unwrap();
        let rows = read_csv(&out);
        assert_eq!(rows[0], YOU_SAID_COLUMNS);
        assert_eq!(rows[1][..4], ["calderdale", "safe", "Children are safe", "'=HYPERLINK(\"http://x\")"]);
        assert_eq!(rows[1][5], "2026-10-20");
        assert_eq!(rows[2][3], "The park feels unsafe");
        assert_eq!(rows.len(), 3);
    }
}
