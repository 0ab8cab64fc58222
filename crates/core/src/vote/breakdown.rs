//! What a device shows of a vote, over time: the board, the results CSV and the breakdown by
//! group, under the same disclosure rules as the survey results.
//!
//! # The breakdown
//! A vote may ask each voter which group they are in (e.g. their year); "Prefer not to say" is
//! always possible and those voters make the group "did not say". Everything a breakdown
//! publishes is, for each group, its number of voters and each item's count at each position,
//! beside the same counts for everyone. That is a cross-table of group by *ballot* (the items
//! chosen, in order), published through sums: the survey's audit
//! ([`crate::results::disclosure`]) applies as it is. Groups of 1 to k-1 voters are hidden with
//! their sizes, a partner is hidden with them until moving voters between hidden groups leaves
//! every size a range of at least [`crate::results::PROTECTION`], and groups are hidden until
//! exchanging whole ballots between hidden groups leaves every hidden count (each item at each
//! position, and its complement) such a range. Exchanging whole ballots keeps every ballot a
//! valid one, so each pattern proves what it claims. If nothing protects the groups, the
//! breakdown is withheld.
//!
//! # Over time
//! A board that moves on one ballot at a time gives that ballot away: the difference between two
//! boards is the ballots in between. So what is shown is a **release**: figures worked out from
//! a set of ballots, kept on the device. A new release is made only when at least k ballots have
//! come in since the last one (or none: the same ballots, adding the breakdown at the close).
//! Until then the last release stays on the board and in the CSV, and the board says how many
//! ballots are waiting. Groups a breakdown hid stay hidden in every later release, and the
//! ballots between two releases are audited as a breakdown of their own, so the difference of
//! two breakdowns is protected as each one is. A vote that asks voters their group shows nothing
//! while voting is open, so every release of it is a breakdown. A live board (results shown
//! while voting is open, for a vote without groups) shows nothing before k ballots.

use super::{counted, tally_counted, Ballot, Board, Tally, Vote, VoteKind};
use crate::results::disclosure::{protect_block, protect_groups_from, Block, Rows};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The key of the voters who did not say their group, among a release's hidden groups.
const NOT_SAID: &str = "";

/// What a device has shown of a vote: the ballots its figures were worked out from (by id,
/// sorted), and the last breakdown by group it showed, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub ballots: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<GroupRelease>,
}

/// A breakdown by group that was shown beside counts (not ranks only): its ballots (by id,
/// sorted) and the groups it hid (by id; `""` for the voters who did not say).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRelease {
    pub ballots: Vec<String>,
    pub hidden: Vec<String>,
}

/// One group's figures in a breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupFigures {
    Shown(Tally),
    /// Too few voters, or hidden so that a small group cannot be worked out.
    Hidden,
}

/// A vote's result by group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// The question voters were asked.
    pub question: String,
    /// Each of the vote's groups in order (by id), then the voters who did not say (`None`).
    pub groups: Vec<(Option<String>, GroupFigures)>,
    /// Every group with voters is hidden: no pattern of hidden groups could protect them.
    pub withheld: bool,
}

/// What the board and the CSV show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub board: Board,
    /// The breakdown by group, for a closed vote that asked voters their group.
    pub breakdown: Option<Breakdown>,
    /// Ballots counted on this device but not yet in the figures shown: they join the figures
    /// when there are at least `threshold` of them.
    pub waiting: u32,
    /// Whether voting is open and the figures are live, but fewer than `threshold` ballots have
    /// come in: nothing is shown yet.
    pub live_too_few: bool,
    /// The release these figures come from. When it differs from the one passed in, store it
    /// before showing anything.
    pub release: Option<Release>,
}

/// What may be shown of `vote` with `ballots` given the `previous` release (if any): the board,
/// the breakdown (closed votes that ask voters their group), and the release to keep.
pub fn release(vote: &Vote, ballots: &[Ballot], open: bool, previous: Option<&Release>, threshold: u32) -> Shown {
    let (good, refused) = counted(vote, ballots);
    let voters = u32::try_from(good.len()).unwrap_or(u32::MAX);
    let hidden_shown = |live_too_few| Shown {
        board: Board::Hidden { voters },
        breakdown: None,
        waiting: 0,
        live_too_few,
        release: previous.cloned(),
    };
    // A vote broken down by group is never shown while open: every release of it is a
    // breakdown, so that each one is audited against the last.
    if open && (vote.hidden_until_closed || vote.groups.is_some()) {
        return hidden_shown(false);
    }
    if open && previous.is_none() && voters < threshold {
        return hidden_shown(true);
    }
    let before: BTreeSet<&str> = previous.map(|p| p.ballots.iter().map(String::as_str).collect()).unwrap_or_default();
    let added = good.iter().filter(|b| !before.contains(b.id.as_str())).count();
    // Too few new ballots to show without giving them away: the last release stays.
    let waiting = previous.is_some() && added > 0 && (added as u64) < u64::from(threshold);
    let figures: Vec<&Ballot> =
        if waiting { good.iter().copied().filter(|b| before.contains(b.id.as_str())).collect() } else { good };
    let mut ids: Vec<String> = figures.iter().map(|b| b.id.clone()).collect();
    ids.sort();
    let earlier = previous.and_then(|p| p.breakdown.as_ref());
    let hidden = (!open && vote.groups.is_some()).then(|| match earlier {
        Some(e) if e.ballots == ids => Some(flags(vote, &e.hidden)),
        Some(e) => {
            // Groups hidden before stay hidden, and the ballots since are audited as a
            // breakdown of their own: the difference of the two is protected as each one is.
            let was: BTreeSet<&str> = e.ballots.iter().map(String::as_str).collect();
            let since: Vec<&Ballot> = figures.iter().copied().filter(|b| !was.contains(b.id.as_str())).collect();
            hidden_groups(vote, &figures, Some(flags(vote, &e.hidden)), Some(&since), threshold)
        }
        None => hidden_groups(vote, &figures, None, None, threshold),
    });
    let breakdown = hidden.map(|h| breakdown_of(vote, &figures, h));
    let t = tally_counted(vote, &figures, refused);
    // Every breakdown shown beside counts is kept, even one with every group hidden: a group
    // hidden once stays hidden, or a later release could show what this one hid.
    let counts = t.voters >= threshold;
    let shown_release = match &breakdown {
        Some(b) if counts => Some(GroupRelease {
            ballots: ids.clone(),
            hidden: b
                .groups
                .iter()
                .filter(|(_, f)| *f == GroupFigures::Hidden)
                .map(|(g, _)| g.clone().unwrap_or_default())
                .collect(),
        }),
        _ => earlier.cloned(),
    };
    Shown {
        board: super::board(t, false, threshold),
        breakdown,
        waiting: if waiting { u32::try_from(added).unwrap_or(u32::MAX) } else { 0 },
        live_too_few: false,
        release: Some(Release { ballots: ids, breakdown: shown_release }),
    }
}

/// Groups: each of the vote's, then "did not say".
fn group_count(vote: &Vote) -> usize {
    vote.groups.as_ref().map_or(0, |g| g.options.len()) + 1
}

fn row_of(vote: &Vote, b: &Ballot) -> usize {
    let opts = vote.groups.as_ref().map(|g| g.options.as_slice()).unwrap_or_default();
    b.group.as_deref().and_then(|g| opts.iter().position(|o| o.id == g)).unwrap_or(opts.len())
}

/// Hidden groups as flags, from their ids.
fn flags(vote: &Vote, ids: &[String]) -> Vec<bool> {
    let opts = vote.groups.as_ref().map(|g| g.options.as_slice()).unwrap_or_default();
    let mut out: Vec<bool> = opts.iter().map(|o| ids.contains(&o.id)).collect();
    out.push(ids.iter().any(|i| i == NOT_SAID));
    out
}

fn or(a: &[bool], b: &[bool]) -> Vec<bool> {
    a.iter().zip(b).map(|(x, y)| *x || *y).collect()
}

/// The groups to hide for `ballots`, starting from `seed` (groups an earlier release hid) and,
/// when `since` is given, protecting the ballots since that release as a breakdown of their
/// own. `None` when the breakdown must be withheld.
fn hidden_groups(
    vote: &Vote,
    ballots: &[&Ballot],
    seed: Option<Vec<bool>>,
    since: Option<&[&Ballot]>,
    k: u32,
) -> Option<Vec<bool>> {
    let mut hidden = seed.unwrap_or_else(|| vec![false; group_count(vote)]);
    loop {
        let all = audit(vote, ballots, &hidden, k)?;
        let mut next = or(&all, &hidden);
        if let Some(d) = since.filter(|d| !d.is_empty()) {
            let diff = audit(vote, d, &next, k)?;
            next = or(&next, &diff);
        }
        if next == hidden {
            return Some(hidden);
        }
        hidden = next;
    }
}

/// The survey's audit over one set of ballots: the groups to hide, given groups that must be
/// hidden (`must`). `None` when no pattern protects them (or there are too few ballots).
fn audit(vote: &Vote, ballots: &[&Ballot], must: &[bool], k: u32) -> Option<Vec<bool>> {
    let n = group_count(vote);
    if ballots.is_empty() {
        return Some(vec![false; n]);
    }
    if (ballots.len() as u64) < u64::from(k) {
        return None;
    }
    // The cross-table of group by ballot (the items chosen, in order).
    let mut patterns: BTreeMap<&[String], usize> = BTreeMap::new();
    for b in ballots {
        let next = patterns.len();
        patterns.entry(b.choices.as_slice()).or_insert(next);
    }
    let mut x = vec![vec![0u32; patterns.len()]; n];
    let mut size = vec![0u32; n];
    for b in ballots {
        let r = row_of(vote, b);
        x[r][patterns[b.choices.as_slice()]] += 1;
        size[r] += 1;
    }
    // Every published count: each item at each position (or chosen at all).
    let slots = if vote.kind == VoteKind::TopThree { 3 } else { 1 };
    let mut order: Vec<(&[String], usize)> = patterns.into_iter().collect();
    order.sort_by_key(|(_, i)| *i);
    let mut rules = Vec::new();
    for item in &vote.items {
        for slot in 0..slots {
            rules.push(
                order
                    .iter()
                    .map(|(p, _)| {
                        Some(if slots == 1 {
                            p.contains(&item.id)
                        } else {
                            p.iter().position(|c| c == &item.id).map(|at| at.min(2)) == Some(slot)
                        })
                    })
                    .collect::<Vec<_>>(),
            );
        }
    }
    // "Did not say" is never a row voters can be moved into or out of: treated as public.
    let rows = Rows {
        group: (0..n).collect(),
        movable: (0..n).map(|r| r + 1 < n && size[r] > 0).collect(),
        sig: vec![0; n],
        size: size.clone(),
        groups: n,
    };
    let start = (0..n).map(|g| size[g] > 0 && (size[g] < k || must[g])).collect();
    let protected = protect_groups_from(&rows, start);
    if protected.withheld {
        return None;
    }
    protect_block(&rows, &protected, &Block { x: &x, rules: &rules, own: false, capped_by_whole: true }, k).ok()
}

fn breakdown_of(vote: &Vote, ballots: &[&Ballot], hidden: Option<Vec<bool>>) -> Breakdown {
    let Some(g) = &vote.groups else {
        return Breakdown { question: String::new(), groups: Vec::new(), withheld: true };
    };
    let n = group_count(vote);
    let hidden = hidden.unwrap_or_else(|| vec![true; n]);
    let mut size = vec![0usize; n];
    for b in ballots {
        size[row_of(vote, b)] += 1;
    }
    let withheld = (0..n).all(|r| size[r] == 0 || hidden[r]);
    let groups = (0..n)
        .map(|r| {
            let id = g.options.get(r).map(|o| o.id.clone());
            let figures = if hidden[r] {
                GroupFigures::Hidden
            } else {
                let mine: Vec<&Ballot> = ballots.iter().copied().filter(|b| row_of(vote, b) == r).collect();
                GroupFigures::Shown(tally_counted(vote, &mine, Vec::new()))
            };
            (id, figures)
        })
        .collect();
    Breakdown { question: g.question.clone(), groups, withheld }
}
