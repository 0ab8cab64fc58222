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

mod breakdown;
pub use breakdown::{release, Breakdown, GroupFigures, GroupRelease, Release, Shown};

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
    /// Results stay hidden until the facilitator closes the vote (the default), so that early
    /// votes do not sway later ones.
    #[serde(default = "yes")]
    pub hidden_until_closed: bool,
    /// The plan whose outcomes the items come from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// A question each voter may answer about themselves (e.g. their year), for a breakdown of
    /// the result under the small-number rules. Never required: "Prefer not to say" is always
    /// offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<VoteGroups>,
}

/// The groups a vote may be broken down by: a question and its options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteGroups {
    pub question: String,
    pub options: Vec<VoteGroup>,
}

/// One group a voter may say they are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteGroup {
    pub id: String,
    pub text: String,
}

impl Vote {
    /// Ask each voter `question` with one option per non-blank line of `options` (trimmed),
    /// for a breakdown by group. Checked with the rest of the vote.
    pub fn with_groups(mut self, question: &str, options: &[String]) -> Result<Vote, VoteProblem> {
        let mut taken: Vec<String> = Vec::new();
        let mut list = Vec::new();
        for text in options.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            let id = item_id(text, &taken);
            taken.push(id.clone());
            list.push(VoteGroup { id, text: text.to_string() });
        }
        self.groups = Some(VoteGroups { question: question.trim().to_string(), options: list });
        check_vote(&self)?;
        Ok(self)
    }

    /// The words of group `id` (`None` for a voter who did not say).
    pub fn group_text(&self, id: Option<&str>) -> Option<&str> {
        let id = id?;
        self.groups.as_ref()?.options.iter().find(|g| g.id == id).map(|g| g.text.as_str())
    }
}

fn yes() -> bool {
    true
}

/// The most items a vote may have, and the longest texts: a vote is read aloud and shown on a
/// projector; a file is never allowed to make the app draw without bound.
pub const MAX_ITEMS: usize = 20;
/// The group question a new vote starts with: the surveys' own wording, so that voters see it in
/// their language (interface text `vote_group_year`); a question typed instead is shown as typed.
pub const DEFAULT_GROUP_QUESTION: &str = "What year are you in at school?";
/// The most groups a vote may be broken down by (every year from Reception to Year 13 fits).
pub const MAX_GROUPS: usize = 14;
pub const MAX_TEXT_CHARS: usize = 200;

/// Why a vote cannot be set up (or a vote in a file is refused).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoteProblem {
    #[error("the vote has no id")]
    NoId,
    #[error("the question is empty")]
    NoQuestion,
    #[error("{what} is longer than {MAX_TEXT_CHARS} characters")]
    TooLong { what: String },
    #[error("{what} has a control character in it")]
    Control { what: String },
    #[error("a vote needs at least 2 items to choose from; it has {0}")]
    TooFewItems(usize),
    #[error("a vote may have at most {MAX_ITEMS} items; it has {0}")]
    TooManyItems(usize),
    #[error("item {0} has no words")]
    EmptyItem(usize),
    #[error("item {0} has an id that is empty, too long or not made of letters, digits and hyphens")]
    BadItemId(usize),
    #[error("two items have the id \"{0}\"")]
    RepeatedItem(String),
    #[error("two items say \"{0}\"")]
    RepeatedText(String),
    #[error("{what} is empty")]
    EmptyText { what: String },
    #[error("choose the plan outcome this is about")]
    NoOutcome,
    #[error("an approval vote must let each voter choose from 1 to {items} items, not {max}")]
    BadApprovalMax { max: u8, items: usize },
    #[error("the question asking voters their group is empty")]
    NoGroupQuestion,
    #[error("a breakdown needs at least 2 groups and at most {MAX_GROUPS}; this one has {0}")]
    GroupCount(usize),
    #[error("group {0} has no words, or an id that is not made of letters, digits and hyphens")]
    BadGroup(usize),
    #[error("two groups say \"{0}\"")]
    RepeatedGroup(String),
}

fn check_text(what: &str, text: &str) -> Result<(), VoteProblem> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(VoteProblem::TooLong { what: what.to_string() });
    }
    if crate::text::has_control_or_override(text) {
        return Err(VoteProblem::Control { what: what.to_string() });
    }
    Ok(())
}

/// Check a vote's set-up: a question, 2 to [`MAX_ITEMS`] distinct items with visible words,
/// texts of bounded length without control characters, and an approval limit that fits.
pub fn check_vote(v: &Vote) -> Result<(), VoteProblem> {
    let id_ok =
        |id: &str| !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !id_ok(&v.id) {
        return Err(VoteProblem::NoId);
    }
    if !crate::text::has_visible_text(&v.question) {
        return Err(VoteProblem::NoQuestion);
    }
    check_text("the question", &v.question)?;
    if v.items.len() < 2 {
        return Err(VoteProblem::TooFewItems(v.items.len()));
    }
    if v.items.len() > MAX_ITEMS {
        return Err(VoteProblem::TooManyItems(v.items.len()));
    }
    let (mut ids, mut texts) = (BTreeSet::new(), BTreeSet::new());
    for (n, item) in v.items.iter().enumerate() {
        let n = n + 1;
        if !id_ok(&item.id) {
            return Err(VoteProblem::BadItemId(n));
        }
        if !crate::text::has_visible_text(&item.text) {
            return Err(VoteProblem::EmptyItem(n));
        }
        check_text(&format!("item {n}"), &item.text)?;
        if let Some(o) = &item.outcome {
            check_text(&format!("item {n}'s outcome"), o)?;
        }
        if !ids.insert(item.id.as_str()) {
            return Err(VoteProblem::RepeatedItem(item.id.clone()));
        }
        if !texts.insert(item.text.trim().to_lowercase()) {
            return Err(VoteProblem::RepeatedText(item.text.trim().to_string()));
        }
    }
    if let VoteKind::Approval { max } = v.kind {
        if max == 0 || usize::from(max) > v.items.len() {
            return Err(VoteProblem::BadApprovalMax { max, items: v.items.len() });
        }
    }
    if let Some(g) = &v.groups {
        if !crate::text::has_visible_text(&g.question) {
            return Err(VoteProblem::NoGroupQuestion);
        }
        check_text("the question about groups", &g.question)?;
        if g.options.len() < 2 || g.options.len() > MAX_GROUPS {
            return Err(VoteProblem::GroupCount(g.options.len()));
        }
        let (mut ids, mut texts) = (BTreeSet::new(), BTreeSet::new());
        for (n, o) in g.options.iter().enumerate() {
            let n = n + 1;
            if !id_ok(&o.id) || !crate::text::has_visible_text(&o.text) {
                return Err(VoteProblem::BadGroup(n));
            }
            check_text(&format!("group {n}"), &o.text)?;
            if !ids.insert(o.id.as_str()) || !texts.insert(o.text.trim().to_lowercase()) {
                return Err(VoteProblem::RepeatedGroup(o.text.trim().to_string()));
            }
        }
    }
    Ok(())
}

/// A new vote from what the facilitator typed: each item's words (blank lines dropped, spaces
/// trimmed) with the plan outcome it comes from, if any; ids are made from the words. Checked.
pub fn new_vote(
    id: String,
    question: &str,
    kind: VoteKind,
    items: &[(String, Option<String>)],
    hidden_until_closed: bool,
    framework: Option<String>,
) -> Result<Vote, VoteProblem> {
    let mut taken: Vec<String> = Vec::new();
    let mut list = Vec::new();
    for (text, outcome) in items {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let item = item_id(text, &taken);
        taken.push(item.clone());
        list.push(VoteItem { id: item, text: text.to_string(), outcome: outcome.clone() });
    }
    let v = Vote {
        id,
        question: question.trim().to_string(),
        kind,
        items: list,
        hidden_until_closed,
        framework,
        groups: None,
    };
    check_vote(&v)?;
    Ok(v)
}

/// File names: the vote file, its results CSV, and the "You said, we did" CSV. Only letters,
/// digits and hyphens from the question survive (no path separators or newlines).
pub fn vote_file_name(question: &str, date: chrono::NaiveDate) -> String {
    format!("youth-voice-vote-{}-{}.json", crate::bundle::slug(question), crate::day::to_string(date))
}

pub fn vote_csv_name(question: &str, date: chrono::NaiveDate) -> String {
    format!("youth-voice-vote-results-{}-{}.csv", crate::bundle::slug(question), crate::day::to_string(date))
}

pub fn you_said_csv_name(date: chrono::NaiveDate) -> String {
    format!("youth-voice-you-said-we-did-{}.csv", crate::day::to_string(date))
}

/// An item id made from its words ("Safer parks!" gives "safer-parks"), unique among `taken`.
pub fn item_id(text: &str, taken: &[String]) -> String {
    let mut base = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.ends_with('-') && !base.is_empty() {
            base.push('-');
        }
        if base.len() >= 40 {
            break;
        }
    }
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() { "item" } else { base };
    let mut id = base.to_string();
    let mut n = 2;
    while taken.iter().any(|t| t == &id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// One young person's ballot: a random id (so merging never counts it twice) and the items
/// chosen, in order of preference for a top-three vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ballot {
    pub id: String,
    pub vote: String,
    pub choices: Vec<String>,
    /// The group the voter said they are in, if the vote asks and they said (never required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
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
    #[error("\"{0}\" is not one of this vote's groups")]
    UnknownGroup(String),
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
    if let Some(g) = &b.group {
        if vote.group_text(Some(g)).is_none() {
            return Err(BallotError::UnknownGroup(g.clone()));
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

/// The ballots that count for `vote`: each ballot id once (a repeated identical ballot is one
/// voter), and those left out and why (ballots that do not fit the vote, or an id holding two
/// different ballots).
pub fn counted<'a>(vote: &Vote, ballots: &'a [Ballot]) -> (Vec<&'a Ballot>, Vec<(String, BallotError)>) {
    let mut seen: BTreeMap<&str, &Ballot> = BTreeMap::new();
    let mut refused = Vec::new();
    let mut out = Vec::new();
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
        out.push(b);
    }
    (out, refused)
}

/// Count `ballots` for `vote`: each ballot id once (a repeated identical ballot is one voter),
/// ballots that do not fit the vote left out and named.
pub fn tally(vote: &Vote, ballots: &[Ballot]) -> Tally {
    let (good, refused) = counted(vote, ballots);
    tally_counted(vote, &good, refused)
}

/// Count ballots already checked by [`counted`].
pub(crate) fn tally_counted(vote: &Vote, ballots: &[&Ballot], refused: Vec<(String, BallotError)>) -> Tally {
    let mut counts: BTreeMap<&str, [u32; 3]> = vote.items.iter().map(|i| (i.id.as_str(), [0; 3])).collect();
    let voters = u32::try_from(ballots.len()).unwrap_or(u32::MAX);
    for b in ballots {
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

/// The board for a tally: hidden while `hidden` (an open vote whose results wait for its
/// close); ranks only below `threshold` voters.
pub fn board(t: Tally, hidden: bool, threshold: u32) -> Board {
    if hidden {
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

/// A vote and its ballots as a file: set up a vote on other tablets (no ballots yet), and bring
/// their ballots together. Merging is by ballot id, so a file imported twice adds nothing.
pub const VOTE_FILE_FORMAT: &str = "youth-voice-vote";
pub const VOTE_FILE_VERSION: u32 = 1;
/// The largest vote file read (a ballot is under 200 bytes: room for tens of thousands).
pub const MAX_VOTE_FILE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteFile {
    format: String,
    format_version: u32,
    vote: Vote,
    ballot_count: usize,
    ballots: Vec<Ballot>,
    /// SHA-256 of the vote and ballots as compact JSON.
    checksum: String,
}

fn vote_checksum(vote: &Vote, ballots: &[Ballot]) -> String {
    let text = serde_json::to_string(&(vote, ballots)).unwrap_or_default();
    crate::bundle::sha256_hex(text.as_bytes())
}

/// Why a vote file was refused (nothing from it is used).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VoteFileError {
    #[error("{0}")]
    File(crate::bundle::FileProblem),
    #[error("the vote in it cannot be used: {0}")]
    Vote(VoteProblem),
    #[error("it says it holds {said} ballots but holds {found}: it was probably cut off or edited")]
    Count { said: usize, found: usize },
    #[error("its checksum does not match its contents: it was changed after it was made")]
    Checksum,
    #[error("ballot \"{id}\" cannot be counted: {problem}")]
    Ballot { id: String, problem: BallotError },
    #[error("ballot ids must be made of letters, digits and hyphens (at most 64)")]
    BallotId,
    #[error("it is for the vote \"{0}\" as set up on another device with different items, counting or groups: the two cannot be merged")]
    DifferentVote(String),
}

/// The vote file for `vote` with `ballots` (pretty JSON, as the other files).
pub fn make_vote_file(vote: &Vote, ballots: &[Ballot]) -> String {
    let file = VoteFile {
        format: VOTE_FILE_FORMAT.into(),
        format_version: VOTE_FILE_VERSION,
        vote: vote.clone(),
        ballot_count: ballots.len(),
        ballots: ballots.to_vec(),
        checksum: vote_checksum(vote, ballots),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Read a vote file: every check passes or nothing is used.
pub fn read_vote_file(bytes: &[u8], max_bytes: usize) -> Result<(Vote, Vec<Ballot>), VoteFileError> {
    let f: VoteFile = crate::bundle::parse_file(bytes, max_bytes, VOTE_FILE_FORMAT, VOTE_FILE_VERSION)
        .map_err(VoteFileError::File)?;
    check_vote(&f.vote).map_err(VoteFileError::Vote)?;
    if f.ballot_count != f.ballots.len() {
        return Err(VoteFileError::Count { said: f.ballot_count, found: f.ballots.len() });
    }
    if f.checksum != vote_checksum(&f.vote, &f.ballots) {
        return Err(VoteFileError::Checksum);
    }
    for b in &f.ballots {
        if b.id.is_empty() || b.id.len() > 64 || !b.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(VoteFileError::BallotId);
        }
        check_ballot(&f.vote, b).map_err(|problem| VoteFileError::Ballot { id: b.id.clone(), problem })?;
    }
    Ok((f.vote, f.ballots))
}

/// Whether a vote read from a file is the same vote as one on this device (same question,
/// counting and items; whether results wait for the close may differ, as it is each board's).
pub fn same_vote(a: &Vote, b: &Vote) -> bool {
    a.id == b.id && a.question == b.question && a.kind == b.kind && a.items == b.items && a.groups == b.groups
}

/// "You said, we did": what young people said about an outcome of a plan (from a survey result
/// or a vote) and what the council did in response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YouSaid {
    pub id: String,
    pub framework: String,
    /// The outcome's id in the plan.
    pub outcome: String,
    /// What young people said, e.g. "62% of Year 8 said they do not feel safe in the park".
    pub said: String,
    /// What was done, e.g. "We put new lights in Victoria Park".
    pub did: String,
    /// When it was done (a day, never a time).
    pub date: chrono::NaiveDate,
    /// Where the "said" comes from: a survey session's group or a vote's question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Check an entry before it is stored: both texts present, bounded, without control characters.
pub fn check_you_said(y: &YouSaid) -> Result<(), VoteProblem> {
    for (what, text) in [("what young people said", &y.said), ("what was done", &y.did)] {
        if !crate::text::has_visible_text(text) {
            return Err(VoteProblem::EmptyText { what: what.to_string() });
        }
        if text.chars().count() > 2 * MAX_TEXT_CHARS {
            return Err(VoteProblem::TooLong { what: what.to_string() });
        }
        if crate::text::has_control_or_override(text) {
            return Err(VoteProblem::Control { what: what.to_string() });
        }
    }
    if y.outcome.is_empty() || y.framework.is_empty() {
        return Err(VoteProblem::NoOutcome);
    }
    Ok(())
}
