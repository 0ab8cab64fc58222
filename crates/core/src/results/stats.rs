//! Statistics on shown cells: the Wilson interval and comparisons between sessions.

use super::Cell;
use crate::framework::Direction;

/// The 95% Wilson score interval for `positive` out of `base`, as proportions (0..=1).
/// `None` for an empty base.
pub fn wilson(positive: u32, base: u32) -> Option<(f64, f64)> {
    if base == 0 || positive > base {
        return None;
    }
    const Z: f64 = 1.959_963_984_540_054;
    let n = f64::from(base);
    let p = f64::from(positive) / n;
    let z2 = Z * Z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// The change between two sessions' results for one indicator (both shown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// `after - before`, in percentage points.
    pub points: f64,
    /// Whether the two 95% intervals overlap (if they do, the change may be chance).
    pub intervals_overlap: bool,
    /// Whether the change is in the good direction (`None` when no change or no direction).
    pub better: Option<bool>,
}

/// Compare `before` and `after`; `None` when either is suppressed or empty.
pub fn compare(before: &Cell, after: &Cell, direction: Option<Direction>) -> Option<Change> {
    let (p0, p1) = (before.percent()?, after.percent()?);
    let ((l0, h0), (l1, h1)) = (before.ci()?, after.ci()?);
    let points = p1 - p0;
    let better = match direction {
        _ if points.abs() < 1e-9 => None,
        Some(Direction::HigherIsBetter) => Some(points > 0.0),
        Some(Direction::LowerIsBetter) => Some(points < 0.0),
        None => None,
    };
    Some(Change { points, intervals_overlap: l0 <= h1 && l1 <= h0, better })
}
