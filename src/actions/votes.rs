//! Youth Council votes (issue 15): the files a facilitator takes away (a vote's results CSV, the
//! vote file that sets it up on other tablets and carries their ballots back, the "You said, we
//! did" CSV) and bringing vote files together.

use super::tablets::FileOut;
use crate::storage::votes::{self, StoredVote, VoteImport};
use crate::storage::Store;
use yv_core::catalogue::Catalogue;
use yv_core::vote::{
    make_vote_file, read_vote_file, release, vote_csv_name, vote_file_name, you_said_csv_name, Shown,
    MAX_VOTE_FILE_BYTES,
};

/// What the board and the CSV may show of a vote now ([`yv_core::vote::release`]). A new
/// release is recorded on the device before it is shown; if it cannot be recorded, nothing is
/// shown (an unrecorded release could be differenced with the next one).
pub fn shown(store: &dyn Store, v: &StoredVote, threshold: u32) -> Result<Shown, String> {
    // Read afresh: another tab may have shown (and recorded) a later release.
    let fresh = votes::vote(store, &v.vote.id).map_err(|e| e.to_string())?;
    let v = fresh.as_ref().unwrap_or(v);
    let (ballots, _) = votes::ballots(store, &v.vote.id).map_err(|e| e.to_string())?;
    let shown = release(&v.vote, &ballots, v.open, v.release.as_ref(), threshold);
    if let Some(r) = shown.release.as_ref().filter(|r| Some(*r) != v.release.as_ref()) {
        votes::set_release(store, &v.vote.id, r).map_err(|e| {
            format!("The results were not shown, because this device could not record showing them: {e}.")
        })?;
    }
    Ok(shown)
}

/// The closed vote's results as CSV (ranks only below `threshold` voters, as on the board).
pub fn vote_csv(
    store: &dyn Store,
    v: &StoredVote,
    threshold: u32,
    today: chrono::NaiveDate,
) -> Result<FileOut, String> {
    if v.open {
        return Err("The vote is still open: close it first, then download its results.".into());
    }
    let shown = shown(store, v, threshold)?;
    let mut bytes = Vec::new();
    yv_core::export::write_vote(&v.vote, &shown, &mut bytes)
        .map_err(|e| format!("The results could not be written: {e}."))?;
    Ok(FileOut { name: vote_csv_name(&v.vote.question, today), bytes })
}

/// The vote file: the vote and every ballot this device holds for it. Given to other tablets
/// before voting it sets the vote up there; brought back, it carries their ballots.
pub fn vote_file(store: &dyn Store, v: &StoredVote, today: chrono::NaiveDate) -> Result<FileOut, String> {
    let (ballots, problems) = votes::ballots(store, &v.vote.id).map_err(|e| e.to_string())?;
    if let Some(p) = problems.first() {
        return Err(format!("A stored ballot could not be read, so no file was made: {p}."));
    }
    Ok(FileOut { name: vote_file_name(&v.vote.question, today), bytes: make_vote_file(&v.vote, &ballots).into_bytes() })
}

/// Import chosen vote files one at a time: each is read whole (or refused by name) and stored
/// whole (or not at all). One sentence per file.
pub fn import_vote_files(
    store: &dyn Store,
    files: &[(String, Vec<u8>)],
    today: chrono::NaiveDate,
) -> Vec<(bool, String)> {
    files
        .iter()
        .map(|(name, bytes)| match read_vote_file(bytes, MAX_VOTE_FILE_BYTES) {
            Err(e) => (false, format!("{name} was not imported: {}.", e.to_string().trim_end_matches('.'))),
            Ok((vote, ballots)) => match votes::import_vote(store, &vote, &ballots, today) {
                Err(e) => (false, format!("{name}: {e}")),
                Ok(VoteImport { new_vote, added, already_here, conflicts }) => {
                    let mut text = format!(
                        "{name}: {}{added} new ballot{}, {already_here} already here.",
                        if new_vote {
                            format!("the vote \u{201c}{}\u{201d} was set up on this device; ", vote.question)
                        } else {
                            String::new()
                        },
                        if added == 1 { "" } else { "s" }
                    );
                    if !conflicts.is_empty() {
                        text.push_str(&format!(
                            " {} ballot(s) hold different choices here and in the file and were not counted twice: {}.",
                            conflicts.len(),
                            conflicts.join(", ")
                        ));
                    }
                    (conflicts.is_empty(), text)
                }
            },
        })
        .collect()
}

/// Every "You said, we did" entry as CSV, with each outcome's words from its plan.
pub fn you_said_csv(store: &dyn Store, cat: &Catalogue, today: chrono::NaiveDate) -> Result<FileOut, String> {
    let entries = votes::you_said(store).map_err(|e| e.to_string())?;
    let name = |fw: &str, outcome: &str| cat.framework(fw)?.node(outcome).map(|n| n.title.clone());
    let mut bytes = Vec::new();
    yv_core::export::write_you_said(&entries, &name, &mut bytes)
        .map_err(|e| format!("The file could not be written: {e}."))?;
    Ok(FileOut { name: you_said_csv_name(today), bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;
    use yv_core::vote::{new_vote, Ballot, VoteKind};

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn a_vote_travels_to_a_second_tablet_and_back_and_its_csv_counts_both() {
        let items: Vec<(String, Option<String>)> =
            ["Safer parks", "Cheaper buses", "Stop bullying"].iter().map(|t| (t.to_string(), None)).collect();
        let v = new_vote("v-1".into(), "What should the council fix first?", VoteKind::TopThree, &items, true, None)
            .unwrap();
        let (a, b) = (MemoryStore::new(), MemoryStore::new());
        votes::save_vote(&a, &StoredVote::new(v.clone(), day())).unwrap();
        let setup = vote_file(&a, &votes::vote(&a, "v-1").unwrap().unwrap(), day()).unwrap();
        assert_eq!(setup.name, "youth-voice-vote-what-should-the-council-fix-first-2026-11-25.json");
        let said = import_vote_files(&b, &[(setup.name.clone(), setup.bytes)], day());
        assert!(said[0].0 && said[0].1.contains("was set up on this device"), "{said:?}");
        for (store, prefix, n) in [(&a, "a", 6), (&b, "b", 5)] {
            for i in 0..n {
                let choices = if i % 2 == 0 { vec!["safer-parks", "stop-bullying"] } else { vec!["stop-bullying"] };
                let ballot = Ballot {
                    id: format!("{prefix}{i}"),
                    vote: v.id.clone(),
                    choices: choices.into_iter().map(String::from).collect(),
                    group: None,
                };
                votes::save_ballot(store, &v, &ballot).unwrap();
            }
        }
        let back = vote_file(&b, &votes::vote(&b, "v-1").unwrap().unwrap(), day()).unwrap();
        let files = [("b.json".to_string(), back.bytes)];
        assert!(import_vote_files(&a, &files, day())[0].1.contains("5 new ballots, 0 already here"));
        assert!(import_vote_files(&a, &files, day())[0].1.contains("0 new ballots, 5 already here"));
        let open = votes::vote(&a, "v-1").unwrap().unwrap();
        assert!(vote_csv(&a, &open, 10, day()).is_err(), "an open vote has no results yet");
        votes::set_open(&a, "v-1", false).unwrap();
        let closed = votes::vote(&a, "v-1").unwrap().unwrap();
        let csv = String::from_utf8(vote_csv(&a, &closed, 10, day()).unwrap().bytes).unwrap();
        // 11 voters: stop-bullying has 5 firsts (odd ballots) + 6 seconds = 15 + 12 = 27 points.
        let line = csv.lines().find(|l| l.contains("All voters,stop-bullying,")).unwrap();
        assert!(line.contains(",1,5,6,0,27,11,no"), "{line}");
        let refused = import_vote_files(&a, &[("x.json".into(), b"{\"format\":\"nope\"}".to_vec())], day());
        assert!(!refused[0].0 && refused[0].1.starts_with("x.json was not imported"), "{refused:?}");
    }

    #[test]
    fn what_was_shown_is_recorded_and_late_ballots_wait_until_they_cannot_be_told_apart() {
        let items: Vec<(String, Option<String>)> = ["Parks", "Buses"].iter().map(|t| (t.to_string(), None)).collect();
        let v = new_vote("v-2".into(), "Which first?", VoteKind::Single, &items, true, None)
            .unwrap()
            .with_groups("Which year are you in?", &["Year 7".into(), "Year 8".into()])
            .unwrap();
        let a = MemoryStore::new();
        votes::save_vote(&a, &StoredVote::new(v.clone(), day())).unwrap();
        let cast = |from: usize, n: usize, group: &str| {
            for i in from..from + n {
                let b = Ballot {
                    id: format!("b{i}"),
                    vote: v.id.clone(),
                    choices: vec![if i % 3 == 0 { "buses" } else { "parks" }.into()],
                    group: Some(group.into()),
                };
                votes::save_ballot(&a, &v, &b).unwrap();
            }
        };
        cast(0, 12, "year-7");
        cast(100, 11, "year-8");
        votes::set_open(&a, "v-2", false).unwrap();
        let stored = votes::vote(&a, "v-2").unwrap().unwrap();
        let first = shown(&a, &stored, 10).unwrap();
        let recorded = votes::vote(&a, "v-2").unwrap().unwrap().release.unwrap();
        assert_eq!(recorded.ballots.len(), 23, "the release is on the device before it is shown");
        assert!(recorded.breakdown.is_some());
        // Reopened, two more, closed: the board and the CSV are as before, two votes waiting.
        votes::set_open(&a, "v-2", true).unwrap();
        cast(200, 2, "year-7");
        votes::set_open(&a, "v-2", false).unwrap();
        let stored = votes::vote(&a, "v-2").unwrap().unwrap();
        let again = shown(&a, &stored, 10).unwrap();
        assert_eq!((again.board, again.breakdown, again.waiting), (first.board, first.breakdown, 2));
    }
}
