//! Youth Council votes (issue 15): the three ways of counting, checked ballots, merging ballots
//! from several tablets, and what a results board may show.
//!
//! - **Single choice** (Make Your Mark): one vote each; the most votes wins (plurality).
//! - **Approval**: choose up to `max` items; the most approvals wins.
//! - **Top three**: rank up to three items; 3 points for a first choice, 2 for a second, 1 for a
//!   third (a Borda count over the top three), shown beside the first preferences.
//!
//! Equal scores share a rank ("1, 2, 2, 4"): ties are shown as ties, never broken silently.
//! A board shows nothing until the vote is closed; with fewer voters than the small-number
//! threshold it shows ranks only, never counts, so no one's vote can be worked out.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How a vote is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VoteKind {
    /// One item each; the most votes wins.
    Single,
    /// Up to `max` items each; the most approvals wins.
    Approval { max: u8 },
    /// Up to three items in order; 3, 2 and 1 points.
    TopThree,
}

impl VoteKind {
    /// The counting method in words, printed beside every result.
    pub fn method(&self) -> String {
        match self {
            VoteKind::Single => "One vote each. The item with the most votes comes first (plurality).".into(),
            VoteKind::Approval { max } => format!(
                "Each voter chose up to {max} item{}. The item chosen by the most voters comes first (approval voting).",
                if *max == 1 { "" } else { "s" }
            ),
            VoteKind::TopThree => "Each voter ranked up to three items: 3 points for a first choice, 2 for a second, 1 for a third. The item with the most points comes first; first choices are shown beside the points.".into(),
        }
    }

    /// The most items one ballot may hold.
    pub fn max_choices(&self) -> usize {
        match self {
            VoteKind::Single => 1,
            VoteKind::Approval { max } => usize::from(*max),
            VoteKind::TopThree => 3,
        }
    }
}

/// One thing to vote for: its id, its words (the young people's), and the plan outcome it comes
/// from, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteItem {
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

/// A vote set up by the facilitator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub id: String,
    pub question: String,
    #[serde(flatten)]
    pub kind: VoteKind,
    pub items: Vec<VoteItem>,
}

/// One young person's ballot: a random id (so merging never counts it twice) and the items
/// chosen, in order of preference for a top-three vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub id: String,
    pub vote: String,
    pub choices: Vec<String>,
}

/// Why a ballot cannot be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    #[error("the ballot is for another vote")]
    OtherVote,
    #[error("nothing was chosen")]
    Empty,
    #[error("{found} items were chosen; this vote allows at most {max}")]
    TooMany { found: usize, max: usize },
    #[error("\"{0}\" is not one of this vote's items")]
    UnknownItem(String),
    #[error("\"{0}\" was chosen twice")]
    Repeated(String),
}

/// Check a ballot against its vote.
pub fn check_ballot(vote: &Vote, b: &Ballot) -> Result<(), BallotError> {
    if b.vote != vote.id {
        return Err(BallotError::OtherVote);
    }
    if b.choices.is_empty() {
        return Err(BallotError::Empty);
    }
    let max = vote.kind.max_choices();
    if b.choices.len() > max {
        return Err(BallotError::TooMany { found: b.choices.len(), max });
    }
    let mut seen = BTreeSet::new();
    for c in &b.choices {
        if !vote.items.iter().any(|i| &i.id == c) {
            return Err(BallotError::UnknownItem(c.clone()));
        }
        if !seen.insert(c) {
            return Err(BallotError::Repeated(c.clone()));
        }
    }
    Ok(())
}

/// One item's count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTally {
    pub item: String,
    /// Ballots naming it at each position (for single and approval votes, all in the first).
    pub at_rank: [u32; 3],
    /// What decides the order: votes, approvals, or points (3-2-1).
    pub score: u32,
    /// 1 for the first; equal scores share a rank (1, 2, 2, 4).
    pub rank: u32,
}

impl ItemTally {
    /// Ballots that put it first (for a top-three vote, its first preferences).
    pub fn first(&self) -> u32 {
        self.at_rank[0]
    }
}

/// A vote's count: how many ballots were counted, and every item in order (ties in the vote's
/// item order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub voters: u32,
    pub items: Vec<ItemTally>,
    /// Ballots left out and why (they are kept, never counted half-way).
    pub refused: Vec<(String, BallotError)>,
}

/// Count `ballots` for `vote`: each ballot id once (a repeated identical ballot is one voter),
/// ballots that do not fit the vote left out and named.
pub fn tally(vote: &Vote, ballots: &[Ballot]) -> Tally {
    let mut counts: BTreeMap<&str, [u32; 3]> = vote.items.iter().map(|i| (i.id.as_str(), [0; 3])).collect();
    let mut seen: BTreeMap<&str, &Ballot> = BTreeMap::new();
    let mut refused = Vec::new();
    let mut voters = 0;
    for b in ballots {
        if let Err(e) = check_ballot(vote, b) {
            refused.push((b.id.clone(), e));
            continue;
        }
        match seen.get(b.id.as_str()) {
            Some(first) if *first == b => continue,
            Some(_) => {
                refused.push((b.id.clone(), BallotError::Repeated(format!("ballot {}", b.id))));
                continue;
            }
            None => {
                seen.insert(&b.id, b);
            }
        }
        voters += 1;
        for (pos, c) in b.choices.iter().enumerate() {
            if let Some(slot) = counts.get_mut(c.as_str()) {
                let at = if vote.kind == VoteKind::TopThree { pos.min(2) } else { 0 };
                slot[at] += 1;
            }
        }
    }
    let mut items: Vec<ItemTally> = vote
        .items
        .iter()
        .map(|i| {
            let at_rank = counts.get(i.id.as_str()).copied().unwrap_or_default();
            let score = match vote.kind {
                VoteKind::TopThree => 3 * at_rank[0] + 2 * at_rank[1] + at_rank[2],
                _ => at_rank[0],
            };
            ItemTally { item: i.id.clone(), at_rank, score, rank: 0 }
        })
        .collect();
    // Highest score first; equal scores keep the vote's order and share a rank.
    items.sort_by_key(|i| std::cmp::Reverse(i.score));
    let mut rank = 0;
    let mut previous = None;
    for (n, it) in items.iter_mut().enumerate() {
        if previous != Some(it.score) {
            rank = u32::try_from(n).unwrap_or(u32::MAX).saturating_add(1);
            previous = Some(it.score);
        }
        it.rank = rank;
    }
    Tally { voters, items, refused }
}

/// Ballots from other tablets, merged: the new ones (each id once), and the ids whose ballot
/// differs from one already here or in another file (reported, never counted).
pub fn merge_ballots(existing: &[Ballot], incoming: &[Ballot]) -> (Vec<Ballot>, Vec<String>) {
    let mut known: BTreeMap<&str, &Ballot> = existing.iter().map(|b| (b.id.as_str(), b)).collect();
    let mut conflicts: BTreeSet<String> = BTreeSet::new();
    let mut new: Vec<&Ballot> = Vec::new();
    for b in incoming {
        match known.get(b.id.as_str()) {
            Some(k) if *k == b => {}
            Some(_) => {
                conflicts.insert(b.id.clone());
            }
            None => {
                known.insert(&b.id, b);
                new.push(b);
            }
        }
    }
    let new = new.into_iter().filter(|b| !conflicts.contains(&b.id)).cloned().collect();
    (new, conflicts.into_iter().collect())
}

/// What a results board may show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Board {
    /// The vote is still open (results are hidden until the facilitator closes it).
    Hidden { voters: u32 },
    /// Fewer voters than the threshold: the order only, never a count.
    RanksOnly { voters_below: u32, order: Vec<(String, u32)> },
    /// Every count.
    Counts(Tally),
}

/// The board for a tally: hidden while `open`; ranks only below `threshold` voters.
pub fn board(t: Tally, open: bool, threshold: u32) -> Board {
    if open {
        return Board::Hidden { voters: t.voters };
    }
    if t.voters < threshold {
        return Board::RanksOnly {
            voters_below: threshold,
            order: t.items.into_iter().map(|i| (i.item, i.rank)).collect(),
        };
    }
    Board::Counts(t)
}
