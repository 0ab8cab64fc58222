//! How numbers read on screen. Formatting only: what is shown is decided in the core.

use yv_core::results::{compare, Cell, Suppression};
use yv_core::Direction;

/// A percentage to one decimal place.
pub fn pct(v: f64) -> String {
    format!("{v:.1}%")
}

/// Why a cell is hidden, in words. Every hidden figure reads the same: saying which are small
/// and which are hidden to protect them would tell a reader which groups are small.
pub fn hidden_reason(s: Suppression) -> String {
    match s {
        Suppression::None => String::new(),
        Suppression::Small | Suppression::Secondary => "Hidden to protect small groups".to_string(),
    }
}

/// "57.1% (41.0% to 72.0%)" or the reason it is hidden.
pub fn cell_summary(c: &Cell) -> String {
    match (c.percent(), c.ci()) {
        (Some(p), Some((lo, hi))) => format!("{} (95% CI {} to {})", pct(p), pct(lo), pct(hi)),
        _ if c.suppressed() => hidden_reason(c.suppression),
        _ => "No answers".to_string(),
    }
}

/// A breakdown's name for the menu: the built-in characteristics by name, others by their question.
pub fn breakdown_name(question: &str, text: &str) -> String {
    match question {
        "year_group" => "Year group".into(),
        "gender" => "Gender".into(),
        "young_carer" => "Young carer".into(),
        "send" => "Special educational needs or disability (SEND)".into(),
        "care_experienced" => "In care now or before".into(),
        _ => text.to_string(),
    }
}

/// A change between two sessions in words a lay reader can follow: which way and by how much,
/// both figures with their n, and whether it could be chance (by the 95% interval of the change,
/// Newcombe's method, never by whether the two intervals overlap).
pub fn change_text(before: &Cell, after: &Cell, dir: Option<Direction>) -> Option<String> {
    let ch = compare(before, after, dir)?;
    let (then, now) = (before.percent()?, after.percent()?);
    let way = if ch.points.abs() < 0.05 {
        "No change".to_string()
    } else {
        format!("{} {:.1} points", if ch.points > 0.0 { "Up" } else { "Down" }, ch.points.abs())
    };
    let judged = match ch.better {
        Some(true) if ch.significant => " (better)",
        Some(false) if ch.significant => " (worse)",
        _ => "",
    };
    let (lo, hi) = ch.interval;
    let verdict = if ch.significant {
        format!("Unlikely to be chance: the change is between {lo:+.1} and {hi:+.1} points (95% interval).")
    } else {
        format!("This could be chance: the change could be anywhere from {lo:+.1} to {hi:+.1} points (95% interval).")
    };
    Some(format!(
        "{way}{judged}: {} of {} then, {} of {} now. {verdict}",
        pct(then),
        before.base()?,
        pct(now),
        after.base()?
    ))
}
