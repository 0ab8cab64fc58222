//! Disclosure control: which cells are hidden, decided by an audit of everything a session
//! publishes, read as linked tables.
//!
//! # What is published, as the attacker sees it
//! For each breakdown question B (rows: each of its options, then "skipped"), the number of
//! pupils in each row (its own answer counts; "skipped" is the total less those who answered).
//! For each *source* s (a question, or a score, that some plan's rule reads), the cross-table
//! `x[row][category]` of B by s is never published itself, but these sums of it are:
//! - its column totals: the question's answer counts, and each rule's whole-group base and
//!   positive count;
//! - for each group of B (an option that is not an opt-out, or "not stated" = skipped and
//!   opt-outs), each rule's base and positive count, unless the group is hidden in that table.
//!
//! An attacker who knows all that (for every plan on the device, every breakdown, both CSVs,
//! the dashboard and the print, which all read the same figures) and solves linear programmes
//! over these tables gets, for each hidden cell, a range of values consistent with everything
//! shown. A hidden cell is **protected** when that range is at least [`PROTECTION`] wide: no
//! hidden count (a group's size, base, positive count or negative count = base - positive) can
//! be narrowed to fewer than `PROTECTION + 1` values. (A group whose size is public and smaller
//! than that, such as one pupil who skipped the breakdown question, is protected when every
//! value from 0 to its size stays possible.)
//!
//! # How protection is proved
//! Rather than solving linear programmes, the audit *constructs* other data sets that publish
//! exactly the same figures, which proves the range is at least as wide as they show (an exact
//! LP range can only be wider; the tests check this with an independent LP solver):
//! - **swaps inside a cross-table**: one pupil of hidden group `g` with answer `a` and one of
//!   another group hidden in the same table with answer `b` exchange answers. Every row total,
//!   every column total and every shown group's figures stay the same;
//! - **moves between hidden groups**: a pupil moves from one option of B to another whose counts
//!   are both hidden (groups hidden in *every* table: the "protected" groups). Every table of B
//!   hides both, so nothing shown changes. Each option that has pupils keeps at least one:
//!   options with none are shown as 0 (known zeros never protect anything).
//!
//! # What gets hidden
//! 1. Whole-group: a source whose base is below `k` hides its whole-group figures, its answer
//!    counts (and how many answered) and every breakdown of it.
//! 2. For each breakdown, the groups with 1 to k-1 pupils are protected: hidden in every table
//!    and in the breakdown question's own counts. While a protected group's size is not
//!    protected, the smallest shown group with pupils who chose an option (ties: the later
//!    option) is protected too. The "skipped" row is never a partner: its size is public.
//!    If no partner is left, the breakdown is withheld.
//! 3. In each cross-table, the protected groups and any group whose base is below `k` are
//!    hidden; while any hidden cell (base, positive or negative, for every rule of every plan
//!    that reads the source) is not protected, the shown group with the smallest base (ties:
//!    the later group) is hidden too. If every group is hidden and a cell is still not
//!    protected, the source is withheld as in 1.
//!
//! A hidden count whose value follows from a whole-group figure of 0% or 100% (no pupil at
//! all, or every pupil, is on that side) is not counted as disclosed: that figure says the same
//! of every pupil in every group.

/// How wide the range of values consistent with everything published must be for every hidden
/// count.
pub const PROTECTION: u32 = 2;

/// A breakdown question's rows: each option, then "skipped".
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rows {
    /// Each row's group.
    pub group: Vec<usize>,
    pub size: Vec<u32>,
    /// Rows a pupil could be moved into or out of: options with pupils. The skipped row's size is
    /// public (everyone less those who answered); empty options are known zeros.
    pub movable: Vec<bool>,
    /// Rows may trade pupils only with rows of the same signature (rows that every rule reading
    /// the breakdown question itself classes the same way; usually all rows).
    pub sig: Vec<u32>,
    pub groups: usize,
}

impl Rows {
    pub fn group_sizes(&self) -> Vec<u32> {
        let mut s = vec![0u32; self.groups];
        for (r, &g) in self.group.iter().enumerate() {
            s[g] += self.size[r];
        }
        s
    }

    /// Whether row `r` has a row of another protected group (≠ `not`) it can trade pupils with.
    fn partner(&self, r: usize, protected: &[bool], not: Option<usize>) -> bool {
        (0..self.size.len()).any(|o| {
            o != r
                && self.movable[o]
                && protected[self.group[o]]
                && not.is_none_or(|g| self.group[o] != g)
                && self.sig[o] == self.sig[r]
        })
    }
}

/// The groups of one breakdown hidden in every table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Protected {
    pub groups: Vec<bool>,
    /// No pattern protects the groups' sizes: every figure of this breakdown is hidden.
    pub withheld: bool,
}

/// The widths the moves between protected groups give each protected group's size and each
/// hidden option count; `None` when all are at least [`PROTECTION`].
fn sizes_unprotected(rows: &Rows, protected: &[bool]) -> Option<usize> {
    let n = rows.size.len();
    for g in (0..rows.groups).filter(|&g| protected[g]) {
        // A group of skipped pupils alone has a public size (everyone less those who answered):
        // nothing can hide it, and its cells are protected table by table.
        if !(0..n).any(|r| rows.group[r] == g && rows.movable[r]) {
            continue;
        }
        let mut width = 0;
        for r in (0..n).filter(|&r| rows.movable[r]) {
            // Pupils of g can leave (down), or pupils of another protected group can come in (up).
            let down = rows.group[r] == g && rows.partner(r, protected, Some(g));
            let up = rows.group[r] != g
                && protected[rows.group[r]]
                && (0..n).any(|o| rows.group[o] == g && rows.movable[o] && rows.sig[o] == rows.sig[r]);
            if down || up {
                width += rows.size[r] - 1;
            }
        }
        if width < PROTECTION {
            return Some(g);
        }
    }
    // Each hidden option count (a protected group's option rows).
    for r in (0..n).filter(|&r| rows.movable[r] && protected[rows.group[r]]) {
        let width = if rows.partner(r, protected, None) {
            (0..n)
                .filter(|&o| rows.movable[o] && protected[rows.group[o]] && rows.sig[o] == rows.sig[r])
                .map(|o| rows.size[o] - 1)
                .sum()
        } else {
            0
        };
        if width < PROTECTION {
            return Some(rows.group[r]);
        }
    }
    None
}

/// Step 2: the groups hidden in every table of this breakdown.
pub(crate) fn protect_groups(rows: &Rows, k: u32) -> Protected {
    let groups: Vec<bool> = rows.group_sizes().iter().map(|&s| s > 0 && s < k).collect();
    protect_groups_from(rows, groups)
}

/// Step 2 from a given start: `groups` (with pupils) that must be hidden whatever happens, such
/// as those hidden by an earlier release of the same figures; partners are added as needed.
pub(crate) fn protect_groups_from(rows: &Rows, mut groups: Vec<bool>) -> Protected {
    let sizes = rows.group_sizes();
    while groups.iter().any(|&p| p) && sizes_unprotected(rows, &groups).is_some() {
        let has_movable = |g: usize| (0..rows.size.len()).any(|r| rows.group[r] == g && rows.movable[r]);
        let next = (0..rows.groups)
            .filter(|&g| !groups[g] && sizes[g] > 0 && has_movable(g))
            .min_by_key(|&g| (sizes[g], std::cmp::Reverse(g)));
        match next {
            Some(g) => groups[g] = true,
            // Empty groups stay the known zeros they are.
            None => return Protected { groups: sizes.iter().map(|&s| s > 0).collect(), withheld: true },
        }
    }
    Protected { groups, withheld: false }
}

/// One source's cross-table with a breakdown.
pub(crate) struct Block<'a> {
    /// `x[row][category]`: pupils in that row of the breakdown with that category of the source.
    pub x: &'a [Vec<u32>],
    /// Every rule reading the source: each category's class.
    pub rules: &'a [Vec<Option<bool>>],
    /// The source is the breakdown question itself (its categories are the rows): no swaps.
    pub own: bool,
    /// A hidden count need only be as uncertain as its whole-group figure allows: when one
    /// voter of all chose an item, no group's count of it can be less certain than "0 or 1".
    /// (The survey instead withholds such a source whole; a vote's result for all voters is
    /// always shown from the threshold up.)
    pub capped_by_whole: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Base,
    Positive,
    Negative,
}

impl Kind {
    fn counts(self, class: Option<bool>) -> bool {
        match self {
            Kind::Base => class.is_some(),
            Kind::Positive => class == Some(true),
            Kind::Negative => class == Some(false),
        }
    }
}

/// A cell no pattern could protect: (group, rule index, what).
pub(crate) type Unprotected = (usize, usize, &'static str);

/// The first hidden cell of `block` whose range is narrower than [`PROTECTION`], if any.
fn block_unprotected(rows: &Rows, protected: &Protected, hidden: &[bool], block: &Block) -> Option<Unprotected> {
    let n = rows.size.len();
    for (ri, class) in block.rules.iter().enumerate() {
        for kind in [Kind::Base, Kind::Positive, Kind::Negative] {
            let phi: Vec<bool> = class.iter().map(|&c| kind.counts(c)).collect();
            // Pupils on each side of this cell, per row.
            let ones: Vec<u32> =
                block.x.iter().map(|row| row.iter().zip(&phi).filter(|(_, &p)| p).map(|(v, _)| v).sum()).collect();
            let zeros: Vec<u32> = (0..n).map(|r| rows.size[r] - ones[r]).collect();
            let (all1, all0): (u32, u32) = (ones.iter().sum(), zeros.iter().sum());
            if all1 == 0 || all0 == 0 {
                // The whole-group figure already says this of every pupil.
                continue;
            }
            for g in (0..rows.groups).filter(|&g| hidden[g]) {
                let in_g = |r: usize| rows.group[r] == g;
                if (0..n).all(|r| !in_g(r) || rows.size[r] == 0) {
                    continue;
                }
                let (mut up_swap, mut down_swap) = (0, 0);
                if !block.own {
                    let other = |r: usize| !in_g(r) && hidden[rows.group[r]];
                    let sum =
                        |f: &dyn Fn(usize) -> bool, v: &[u32]| (0..n).filter(|&r| f(r)).map(|r| v[r]).sum::<u32>();
                    let (g0, g1) = (sum(&in_g, &zeros), sum(&in_g, &ones));
                    let (o0, o1) = (sum(&other, &zeros), sum(&other, &ones));
                    up_swap = g0.min(o1);
                    down_swap = g1.min(o0);
                }
                let (mut up_move, mut down_move) = (0, 0);
                if protected.groups[g] {
                    for r in (0..n).filter(|&r| rows.movable[r]) {
                        let spare = ones[r].min(rows.size[r] - 1);
                        if in_g(r) && rows.partner(r, &protected.groups, Some(g)) {
                            down_move += spare;
                        } else if !in_g(r)
                            && protected.groups[rows.group[r]]
                            && (0..n).any(|o| in_g(o) && rows.movable[o] && rows.sig[o] == rows.sig[r])
                        {
                            up_move += spare;
                        }
                    }
                }
                // A group whose size is public (shown, or only skipped pupils) cannot have a
                // range wider than its size: every value from 0 to its size is full protection.
                let public_size = !protected.groups[g] || !(0..n).any(|r| in_g(r) && rows.movable[r]);
                let size: u32 = (0..n).filter(|&r| in_g(r)).map(|r| rows.size[r]).sum();
                let mut need = if public_size { PROTECTION.min(size) } else { PROTECTION };
                if block.capped_by_whole {
                    need = need.min(all1).min(all0);
                }
                if up_swap.max(up_move) + down_swap.max(down_move) < need {
                    let what = match kind {
                        Kind::Base => "base",
                        Kind::Positive => "positive count",
                        Kind::Negative => "negative count",
                    };
                    return Some((g, ri, what));
                }
            }
        }
    }
    None
}

/// Step 3: the groups hidden in one cross-table, or the cell no pattern protects (the caller
/// then withholds the source).
pub(crate) fn protect_block(
    rows: &Rows,
    protected: &Protected,
    block: &Block,
    k: u32,
) -> Result<Vec<bool>, Unprotected> {
    let sizes = rows.group_sizes();
    if protected.withheld {
        return Ok(sizes.iter().map(|&s| s > 0).collect());
    }
    let base_class = block.rules.first().map(|c| c.iter().map(|c| c.is_some()).collect::<Vec<_>>()).unwrap_or_default();
    let mut bases = vec![0u32; rows.groups];
    for (r, row) in block.x.iter().enumerate() {
        bases[rows.group[r]] += row.iter().zip(&base_class).filter(|(_, &b)| b).map(|(v, _)| v).sum::<u32>();
    }
    let mut hidden: Vec<bool> =
        (0..rows.groups).map(|g| sizes[g] > 0 && (protected.groups[g] || bases[g] < k)).collect();
    loop {
        if !hidden.iter().any(|&h| h) {
            return Ok(hidden);
        }
        let Some(bad) = block_unprotected(rows, protected, &hidden, block) else {
            return Ok(hidden);
        };
        let next =
            (0..rows.groups).filter(|&g| !hidden[g] && sizes[g] > 0).min_by_key(|&g| (bases[g], std::cmp::Reverse(g)));
        match next {
            Some(g) => hidden[g] = true,
            None => return Err(bad),
        }
    }
}

/// Results read over several sessions together publish, for each figure, its sum over the
/// chosen sessions, beside each session's own results. The attacker subtracts the sessions that
/// show the figure and learns its sum over the *pool*: the sessions whose own results hide it.
/// The pool is protected when, with the sessions' sizes public, swapping answers between two
/// sessions of the pool (which changes nothing published) leaves every session's hidden base,
/// positive and negative count a range of at least [`PROTECTION`] (or every value from 0 to
/// its size, for a session smaller than that). `x[session][category]` is the pool's table.
/// Returns the first session and rule whose cell is not protected.
pub(crate) fn pool_unprotected(x: &[Vec<u32>], rules: &[Vec<Option<bool>>]) -> Option<Unprotected> {
    let n = x.len();
    let rows = Rows {
        group: (0..n).collect(),
        size: x.iter().map(|r| r.iter().sum()).collect(),
        movable: vec![false; n],
        sig: vec![0; n],
        groups: n,
    };
    let protected = Protected { groups: vec![false; n], withheld: false };
    block_unprotected(&rows, &protected, &vec![true; n], &Block { x, rules, own: false, capped_by_whole: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows with one group each (no opt-outs), the last row "skipped" in group `groups - 1`.
    fn rows(sizes: &[u32], skipped: u32) -> Rows {
        let n = sizes.len();
        let mut size = sizes.to_vec();
        size.push(skipped);
        Rows {
            group: (0..=n).collect(),
            movable: (0..=n).map(|r| r < n && size[r] > 0).collect(),
            sig: vec![0; n + 1],
            size,
            groups: n + 1,
        }
    }

    #[test]
    fn a_small_group_gets_a_partner_that_can_hide_it() {
        // Year 13 of 6 beside groups of 21..13 and 12 who skipped: "skipped" is public, so the
        // partner is the smallest option, Year 12 (13), never the skipped row.
        let r = rows(&[21, 20, 18, 16, 14, 13, 6], 12);
        let p = protect_groups(&r, 10);
        assert!(!p.withheld);
        assert_eq!(p.groups, [false, false, false, false, false, true, true, false]);
    }

    #[test]
    fn empty_groups_are_known_zeros_and_never_partners() {
        // Years 7 and 8 only: Year 7 of 4 can hide only with Year 8.
        let r = rows(&[4, 26, 0, 0, 0, 0, 0], 0);
        let p = protect_groups(&r, 10);
        assert_eq!(p.groups, [true, true, false, false, false, false, false, false]);
    }

    #[test]
    fn single_pupils_need_a_bigger_partner() {
        // Two groups of one: each could only be 1, so a group with room is added.
        let r = rows(&[14, 13, 1, 1], 1);
        let p = protect_groups(&r, 10);
        assert_eq!(p.groups, [false, true, true, true, true]);
    }

    #[test]
    fn no_partner_left_withholds_the_breakdown() {
        let r = rows(&[1], 9);
        assert!(protect_groups(&r, 10).withheld);
    }

    #[test]
    fn a_zero_in_the_hidden_groups_is_not_left_alone() {
        // Care experienced: No 17 (7 positive), Yes 1 (not positive), skipped 1 (not positive).
        let r = rows(&[17, 1], 1);
        let p = protect_groups(&r, 10);
        // "Yes" (and the skipped pupil, whose number is public) cannot move anywhere: "No" is
        // the partner, and every group is hidden.
        assert_eq!(p.groups, [true, true, true]);
        let x = vec![vec![7, 10, 0], vec![0, 1, 0], vec![0, 0, 1]];
        let rules = vec![vec![Some(true), Some(false), None]];
        let hidden =
            protect_block(&r, &p, &Block { x: &x, rules: &rules, own: false, capped_by_whole: false }, 10).unwrap();
        assert_eq!(hidden, [true, true, true]);
    }
}
