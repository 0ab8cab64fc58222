//! How numbers read on screen. Formatting only: what is shown is decided in the core.

use yv_core::results::{Cell, Suppression};

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
