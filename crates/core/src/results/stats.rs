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
    /// The 95% interval of the change, in percentage points: Newcombe's hybrid score interval
    /// (his method 10), built from the two Wilson intervals, for two independent groups.
    pub interval: (f64, f64),
    /// Whether the interval of the change leaves out 0: unlikely to be chance at the 5% level.
    /// (Two 95% intervals can overlap while the change is significant: overlap is no test.)
    pub significant: bool,
    /// Whether the change is in the good direction (`None` when no change or no direction).
    pub better: Option<bool>,
}

/// The 95% interval of `p1 - p0` (proportions) by Newcombe's method 10, from the Wilson
/// intervals of `positive1 / base1` and `positive0 / base0`. `None` for an empty base.
pub fn newcombe(positive1: u32, base1: u32, positive0: u32, base0: u32) -> Option<(f64, f64)> {
    let (l1, u1) = wilson(positive1, base1)?;
    let (l0, u0) = wilson(positive0, base0)?;
    let p1 = f64::from(positive1) / f64::from(base1);
    let p0 = f64::from(positive0) / f64::from(base0);
    let d = p1 - p0;
    let lower = d - ((p1 - l1).powi(2) + (u0 - p0).powi(2)).sqrt();
    let upper = d + ((u1 - p1).powi(2) + (p0 - l0).powi(2)).sqrt();
    Some((lower.max(-1.0), upper.min(1.0)))
}

/// Compare `before` and `after`; `None` when either is suppressed or empty.
pub fn compare(before: &Cell, after: &Cell, direction: Option<Direction>) -> Option<Change> {
    let (p0, p1) = (before.percent()?, after.percent()?);
    let (lo, hi) = newcombe(after.positive()?, after.base()?, before.positive()?, before.base()?)?;
    let points = p1 - p0;
    let better = match direction {
        _ if points.abs() < 1e-9 => None,
        Some(Direction::HigherIsBetter) => Some(points > 0.0),
        Some(Direction::LowerIsBetter) => Some(points < 0.0),
        None => None,
    };
    let interval = (lo * 100.0, hi * 100.0);
    Some(Change { points, interval, significant: lo > 0.0 || hi < 0.0, better })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newcombe_matches_his_worked_example() {
        // Newcombe (1998), Statistics in Medicine 17:873-890, table II, example (a): 56/70
        // against 48/80, method 10: 0.0524 to 0.3339.
        let (lo, hi) = newcombe(56, 70, 48, 80).unwrap();
        assert!((lo - 0.0524).abs() < 5e-5, "{lo}");
        assert!((hi - 0.3339).abs() < 5e-5, "{hi}");
        // Example (h): 10/10 against 0/10: 0.6075 to 1.0000.
        let (lo, hi) = newcombe(10, 10, 0, 10).unwrap();
        assert!((lo - 0.6075).abs() < 5e-5 && (hi - 1.0).abs() < 1e-9, "{lo} {hi}");
        assert!(newcombe(1, 0, 1, 2).is_none());
    }
}
