//! Youth Council votes on this device (issue 15): each vote with whether it is open, each ballot
//! as its own record (stored before the voter is thanked), the vote a tablet is collecting
//! ballots for, and "You said, we did" entries. All in localStorage, through [`Store`].

use super::{Key, StorageError, Store, StoreExt};
use serde::{Deserialize, Serialize};
use yv_core::vote::{check_ballot, merge_ballots, same_vote, Ballot, Release, Vote, YouSaid};

/// A vote as kept on a device: the vote, whether ballots are still being taken, the day it
/// was set up here, and what this device has shown of its results (so that a later board or CSV
/// never differs from an earlier one by fewer ballots than the small-number threshold).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredVote {
    pub vote: Vote,
    pub open: bool,
    pub created: chrono::NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Release>,
}

impl StoredVote {
    /// A vote just set up (or first read from a file) on this device: open, nothing shown yet.
    pub fn new(vote: Vote, created: chrono::NaiveDate) -> StoredVote {
        StoredVote { vote, open: true, created, release: None }
    }
}

/// Every vote on the device, newest first, and the records that could not be read (named).
pub fn votes(store: &dyn Store) -> Result<(Vec<StoredVote>, Vec<String>), StorageError> {
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    for key in store.keys()? {
        if let Key::Vote(_) = &key {
            match store.get::<StoredVote>(&key) {
                Ok(Some(v)) => out.push(v),
                Ok(None) => {}
                Err(e) => problems.push(e.to_string()),
            }
        }
    }
    out.sort_by(|a, b| b.created.cmp(&a.created).then(a.vote.question.cmp(&b.vote.question)));
    Ok((out, problems))
}

pub fn vote(store: &dyn Store, id: &str) -> Result<Option<StoredVote>, StorageError> {
    store.get(&Key::Vote(id.to_string()))
}

pub fn save_vote(store: &dyn Store, v: &StoredVote) -> Result<(), StorageError> {
    store.set(&Key::Vote(v.vote.id.clone()), v)
}

/// Open or close a vote, read afresh so that nothing else in its record (what has been shown of
/// it) is written back stale.
pub fn set_open(store: &dyn Store, id: &str, open: bool) -> Result<(), StorageError> {
    let mut v = vote(store, id)?.ok_or_else(|| StorageError::Encode("the vote is no longer on this device".into()))?;
    v.open = open;
    save_vote(store, &v)
}

/// Record what has been shown of a vote's results (before it is shown).
pub fn set_release(store: &dyn Store, id: &str, release: &Release) -> Result<(), StorageError> {
    let mut v = vote(store, id)?.ok_or_else(|| StorageError::Encode("the vote is no longer on this device".into()))?;
    v.release = Some(release.clone());
    save_vote(store, &v)
}

/// Store one ballot. It is checked against its vote first; the voter is thanked only once this
/// has returned `Ok`.
pub fn save_ballot(store: &dyn Store, vote: &Vote, b: &Ballot) -> Result<(), StorageError> {
    check_ballot(vote, b).map_err(|e| StorageError::Encode(e.to_string()))?;
    // A ballot screen left open in another tab must not add to a vote closed (or deleted) since.
    match self::vote(store, &vote.id)? {
        Some(v) if v.open => {}
        Some(_) => return Err(StorageError::Refused("voting on this question has been closed".into())),
        None => return Err(StorageError::Refused("this vote is no longer on this device".into())),
    }
    store.set(&Key::Ballot { vote: vote.id.clone(), id: b.id.clone() }, b)
}

/// A vote's ballots, and the records that could not be read.
pub fn ballots(store: &dyn Store, vote: &str) -> Result<(Vec<Ballot>, Vec<String>), StorageError> {
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    for key in store.keys()? {
        if matches!(&key, Key::Ballot { vote: v, .. } if v == vote) {
            match store.get::<Ballot>(&key) {
                Ok(Some(b)) => out.push(b),
                Ok(None) => {}
                Err(e) => problems.push(e.to_string()),
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((out, problems))
}

/// What importing a vote file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteImport {
    /// The vote was not on this device: it was set up from the file (open).
    pub new_vote: bool,
    pub added: usize,
    pub already_here: usize,
    /// Ballot ids that hold different choices here and in the file (never counted twice).
    pub conflicts: Vec<String>,
}

/// Store a vote read from a file and its ballots not already here: all of them or, if any write
/// fails, none (the ones written are removed again and the device is as it was).
pub fn import_vote(
    store: &dyn Store,
    vote: &Vote,
    incoming: &[Ballot],
    today: chrono::NaiveDate,
) -> Result<VoteImport, String> {
    let here = self::vote(store, &vote.id).map_err(|e| e.to_string())?;
    if let Some(h) = &here {
        if !same_vote(&h.vote, vote) {
            return Err(format!(
                "It is for a vote with the same id as \u{201c}{}\u{201d} on this device but different items, counting or groups: the two cannot be merged.",
                h.vote.question
            ));
        }
    }
    let (existing, _) = ballots(store, &vote.id).map_err(|e| e.to_string())?;
    let (new, conflicts) = merge_ballots(&existing, incoming);
    let already_here = incoming.len() - new.len() - incoming.iter().filter(|b| conflicts.contains(&b.id)).count();
    let mut written: Vec<Key> = Vec::new();
    let undo = |written: &[Key]| {
        for k in written {
            let _ = store.remove(k);
        }
    };
    if here.is_none() {
        let key = Key::Vote(vote.id.clone());
        store.set(&key, &StoredVote::new(vote.clone(), today)).map_err(|e| format!("Nothing was imported: {e}."))?;
        written.push(key);
    }
    for b in &new {
        let key = Key::Ballot { vote: vote.id.clone(), id: b.id.clone() };
        if let Err(e) = store.set(&key, b) {
            undo(&written);
            return Err(format!("Nothing was imported: {e}."));
        }
        written.push(key);
    }
    Ok(VoteImport { new_vote: here.is_none(), added: new.len(), already_here, conflicts })
}

/// Remove a vote and every ballot of it; returns how many ballots were removed.
pub fn delete_vote(store: &dyn Store, id: &str) -> Result<usize, StorageError> {
    let mut n = 0;
    for key in store.keys()? {
        if matches!(&key, Key::Ballot { vote, .. } if vote == id) {
            store.remove(&key)?;
            n += 1;
        }
    }
    if voting(store)?.as_deref() == Some(id) {
        store.remove(&Key::Voting)?;
    }
    store.remove(&Key::Vote(id.to_string()))?;
    Ok(n)
}

/// The vote this tablet is collecting ballots for.
pub fn voting(store: &dyn Store) -> Result<Option<String>, StorageError> {
    store.get(&Key::Voting)
}

pub fn set_voting(store: &dyn Store, id: Option<&str>) -> Result<(), StorageError> {
    match id {
        Some(id) => store.set(&Key::Voting, &id),
        None => store.remove(&Key::Voting),
    }
}

/// Every "You said, we did" entry, newest first. One key, read without listing the store (the
/// pupils' thank-you screen reads it after every survey).
pub fn you_said(store: &dyn Store) -> Result<Vec<YouSaid>, StorageError> {
    let mut out: Vec<YouSaid> = store.get(&Key::YouSaid)?.unwrap_or_default();
    out.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The most entries kept: enough for years of a council's "You said, we did".
pub const MAX_YOU_SAID: usize = 500;

/// Add an entry (or replace the one with its id), checked first; nothing changes on an error.
pub fn save_you_said(store: &dyn Store, y: &YouSaid) -> Result<(), StorageError> {
    yv_core::vote::check_you_said(y).map_err(|e| StorageError::Encode(e.to_string()))?;
    let mut all = you_said(store)?;
    all.retain(|x| x.id != y.id);
    if all.len() >= MAX_YOU_SAID {
        return Err(StorageError::Encode(format!(
            "there are already {MAX_YOU_SAID} entries: delete some old ones first"
        )));
    }
    all.push(y.clone());
    store.set(&Key::YouSaid, &all)
}

pub fn delete_you_said(store: &dyn Store, id: &str) -> Result<(), StorageError> {
    let mut all = you_said(store)?;
    all.retain(|x| x.id != id);
    store.set(&Key::YouSaid, &all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;
    use yv_core::vote::{VoteItem, VoteKind};

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn v() -> Vote {
        Vote {
            id: "v1".into(),
            question: "Which should the council fix first?".into(),
            kind: VoteKind::Single,
            items: ["parks", "buses", "litter"]
                .iter()
                .map(|i| VoteItem { id: (*i).into(), text: format!("Better {i}"), outcome: None })
                .collect(),
            hidden_until_closed: true,
            framework: None,
            groups: None,
        }
    }

    fn b(id: &str, item: &str) -> Ballot {
        Ballot { id: id.into(), vote: "v1".into(), choices: vec![item.into()], group: None }
    }

    #[test]
    fn two_tablets_ballots_merge_once_into_a_third() {
        let (a, c) = (MemoryStore::new(), MemoryStore::new());
        save_vote(&a, &StoredVote::new(v(), day())).unwrap();
        save_ballot(&a, &v(), &b("a1", "parks")).unwrap();
        save_ballot(&a, &v(), &b("a2", "buses")).unwrap();
        let err = save_ballot(&a, &v(), &b("a3", "moon")).unwrap_err();
        assert!(err.to_string().contains("moon"), "{err}");
        // Closed (say, from the board in another tab): a ballot screen still open adds nothing.
        set_open(&a, "v1", false).unwrap();
        let err = save_ballot(&a, &v(), &b("a4", "parks")).unwrap_err();
        assert!(err.to_string().contains("has been closed"), "{err}");
        set_open(&a, "v1", true).unwrap();
        let (from_a, _) = ballots(&a, "v1").unwrap();
        let first = import_vote(&c, &v(), &from_a, day()).unwrap();
        assert_eq!((first.new_vote, first.added, first.already_here), (true, 2, 0));
        let again = import_vote(&c, &v(), &from_a, day()).unwrap();
        assert_eq!((again.new_vote, again.added, again.already_here), (false, 0, 2));
        assert_eq!(ballots(&c, "v1").unwrap().0.len(), 2);
        // A changed vote with the same id is refused and nothing changes.
        let mut other = v();
        other.items.pop();
        assert!(import_vote(&c, &other, &[b("z", "parks")], day()).is_err());
        assert_eq!(ballots(&c, "v1").unwrap().0.len(), 2);
        assert_eq!(delete_vote(&c, "v1").unwrap(), 2);
        assert!(votes(&c).unwrap().0.is_empty());
    }

    #[test]
    fn you_said_entries_live_in_one_record_newest_first_and_a_bad_one_changes_nothing() {
        let store = MemoryStore::new();
        let entry = |id: &str, day: u32, said: &str| YouSaid {
            id: id.into(),
            framework: "calderdale".into(),
            outcome: "safe".into(),
            said: said.into(),
            did: "New lights".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            source: None,
        };
        save_you_said(&store, &entry("a", 1, "Dark park")).unwrap();
        save_you_said(&store, &entry("b", 9, "Late buses")).unwrap();
        save_you_said(&store, &entry("a", 1, "Dark park at night")).unwrap();
        let ids: Vec<(String, String)> = you_said(&store).unwrap().into_iter().map(|y| (y.id, y.said)).collect();
        assert_eq!(
            ids,
            [("b".to_string(), "Late buses".to_string()), ("a".to_string(), "Dark park at night".to_string())]
        );
        let before = store.get_raw(&Key::YouSaid).unwrap();
        assert!(save_you_said(&store, &entry("c", 2, "a\u{202e}b")).is_err());
        assert_eq!(store.get_raw(&Key::YouSaid).unwrap(), before, "a refused entry changes nothing");
        delete_you_said(&store, "b").unwrap();
        assert_eq!(you_said(&store).unwrap().len(), 1);
        assert_eq!(store.keys().unwrap(), [Key::YouSaid]);
    }

    #[test]
    fn an_import_that_runs_out_of_space_leaves_the_device_as_it_was() {
        let probe = MemoryStore::new();
        import_vote(&probe, &v(), &[b("a1", "parks")], day()).unwrap();
        let store = MemoryStore::with_quota(probe.used_bytes().unwrap() + 10);
        let many: Vec<Ballot> = (0..20).map(|i| b(&format!("x{i}"), "parks")).collect();
        let err = import_vote(&store, &v(), &many, day()).unwrap_err();
        assert!(err.starts_with("Nothing was imported"), "{err}");
        assert!(store.keys().unwrap().is_empty(), "{:?}", store.keys());
    }
}
