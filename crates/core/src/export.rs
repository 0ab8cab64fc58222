//! Aggregate CSV exports, written over any `io::Write` (a `Vec<u8>` in tests, a Blob in the app).
//!
//! RFC 4180 (CRLF line ends, quotes only where needed), UTF-8 with a byte-order mark so Excel
//! reads it as UTF-8, a header row, and stable column names documented in `data/FORMATS.md`.
//! Both writers read [`SessionResults`], so they publish exactly what the dashboard shows:
//! suppressed cells are empty with `suppressed` = `yes`, and free text is never included.
//! Any text cell that a spreadsheet would read as a formula is neutralised.

use crate::results::{Outcome, SessionResults, ALL};
use std::io::{self, Write};

/// The columns of the outcomes CSV, in order.
pub const OUTCOME_COLUMNS: &[&str] = &[
    "session",
    "framework",
    "outcome_id",
    "outcome",
    "indicator_id",
    "indicator_code",
    "indicator",
    "measure",
    "measure_note",
    "local_proxy",
    "status",
    "group_by",
    "group",
    "base_n",
    "positive_n",
    "percent_positive",
    "ci_low",
    "ci_high",
    "suppressed",
    "caution",
    "direction",
];

/// The columns of the question-distribution CSV, in order.
pub const DISTRIBUTION_COLUMNS: &[&str] =
    &["session", "question_id", "question", "option_id", "option", "count", "percent", "answered_n", "suppressed"];

/// What goes at the top of both files to say where the numbers come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportLabel<'a> {
    /// The session's group label, e.g. "Year 8, Ridgeway School, November 2026".
    pub session: &'a str,
    /// The framework's name.
    pub framework: &'a str,
}

/// Make a text cell safe to open in a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or carriage
/// return would start a formula, so such a cell gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A download's file name: `youth-voice-{kind}-{framework}-{group}-{date}.csv`, with the group
/// reduced to lowercase letters, digits and hyphens.
pub fn file_name(kind: &str, framework: &str, group: &str, date: chrono::NaiveDate) -> String {
    let mut slug = String::new();
    for c in group.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = if slug.is_empty() { "group".to_string() } else { slug };
    format!("youth-voice-{kind}-{framework}-{slug}-{}.csv", crate::day::to_string(date))
}

fn writer<W: Write>(mut out: W) -> io::Result<csv::Writer<W>> {
    out.write_all("\u{feff}".as_bytes())?;
    Ok(csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out))
}

fn err(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Refuse to write anything the disclosure audit did not pass, with its reasons.
fn audited(results: &SessionResults) -> io::Result<()> {
    if results.audit.ok() {
        return Ok(());
    }
    Err(io::Error::other(format!(
        "the export is refused because these hidden figures could be worked out from what it would publish: {}",
        results.audit.unprotected.join("; ")
    )))
}

fn num(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_default()
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// One row per indicator and group: the whole group (`group_by` = `all`) and each group of each
/// breakdown characteristic. Indicators the survey cannot measure are listed with their status
/// and empty numbers, so the coverage is in the file too.
pub fn write_outcomes<W: Write>(results: &SessionResults, label: &ExportLabel, out: W) -> io::Result<()> {
    audited(results)?;
    let mut w = writer(out)?;
    w.write_record(OUTCOME_COLUMNS).map_err(err)?;
    for r in &results.indicators {
        let head = [
            neutralise(label.session),
            neutralise(label.framework),
            neutralise(&r.node_id),
            neutralise(&r.node_title),
            neutralise(&r.indicator_id),
            neutralise(r.code.as_deref().unwrap_or("")),
            neutralise(&r.title),
            neutralise(r.measure_label.as_deref().unwrap_or("")),
            neutralise(r.measure_note.as_deref().unwrap_or("")),
            yes(r.local_proxy).to_string(),
        ];
        let direction = r.direction.map(|d| d.as_str()).unwrap_or("");
        let mut row = |status: &str, group_by: &str, group: &str, cell: Option<&crate::results::Cell>| {
            let mut rec: Vec<String> = head.to_vec();
            rec.push(status.to_string());
            rec.push(neutralise(group_by));
            rec.push(neutralise(group));
            match cell {
                Some(c) => {
                    let (lo, hi) = c.ci().unzip();
                    rec.extend([
                        num(c.base()),
                        num(c.positive()),
                        pct(c.percent()),
                        pct(lo),
                        pct(hi),
                        yes(c.suppressed()).into(),
                        // Caution describes a shown figure: empty on hidden rows.
                        if c.suppressed() { String::new() } else { yes(c.caution()).into() },
                    ]);
                }
                None => rec.extend(std::iter::repeat_n(String::new(), 7)),
            }
            rec.push(direction.to_string());
            w.write_record(&rec).map_err(err)
        };
        match &r.outcome {
            Outcome::NotMeasured(_) => row("not_measured", ALL, "All", None)?,
            Outcome::NotInSurvey => row("not_in_survey", ALL, "All", None)?,
            Outcome::Counted { all, by } => {
                row("measured", ALL, &all.label, Some(all))?;
                for (b, cells) in results.breakdowns.iter().zip(by) {
                    for c in cells {
                        row("measured", &b.question, &c.label, Some(c))?;
                    }
                }
            }
        }
    }
    w.flush()
}

/// One row per question and option. Free-text questions are never included.
pub fn write_distributions<W: Write>(results: &SessionResults, label: &ExportLabel, out: W) -> io::Result<()> {
    audited(results)?;
    let mut w = writer(out)?;
    w.write_record(DISTRIBUTION_COLUMNS).map_err(err)?;
    for d in &results.distributions {
        for o in &d.options {
            w.write_record([
                neutralise(label.session),
                neutralise(&d.question),
                neutralise(&d.text),
                neutralise(&o.option),
                neutralise(&o.label),
                num(o.count()),
                pct(o.percent()),
                num(d.answered),
                yes(o.suppressed()).into(),
            ])
            .map_err(err)?;
        }
    }
    w.flush()
}

/// The columns of a vote's CSV (issue 15), in order.
pub const VOTE_COLUMNS: &[&str] = &[
    "vote",
    "question",
    "method",
    "group",
    "item_id",
    "item",
    "outcome",
    "rank",
    "first_choices",
    "second_choices",
    "third_choices",
    "score",
    "voters",
    "suppressed",
];

/// The `group` of the rows for every voter, and of the voters who did not say their group.
pub const ALL_VOTERS: &str = "All voters";
pub const DID_NOT_SAY: &str = "Did not say";

/// A closed vote's result as shown on the board ([`crate::vote::release`]): one row per item in
/// rank order for all voters, then, for a vote that asked voters their group, one row per item
/// for each group (in the vote's order, then those who did not say). Below the threshold only
/// the ranks of all voters are written; a hidden group's rows are empty but for the item. Hidden
/// figures have `suppressed` = `yes`. An open vote is refused: results are hidden until the
/// facilitator closes it. Second and third choices are filled for a top-three vote only.
pub fn write_vote<W: Write>(vote: &crate::vote::Vote, shown: &crate::vote::Shown, out: W) -> io::Result<()> {
    use crate::vote::{Board, GroupFigures};
    let ranked = vote.kind == crate::vote::VoteKind::TopThree;
    let mut w = writer(out)?;
    w.write_record(VOTE_COLUMNS).map_err(err)?;
    let method = vote.kind.method();
    // One row: the group's words, the item, and its figures (`None` when hidden).
    let mut row = |group: &str, item_id: &str, rank: Option<u32>, t: Option<(&crate::vote::ItemTally, u32)>| {
        let item = vote.items.iter().find(|i| i.id == item_id);
        let count = |f: &dyn Fn(&crate::vote::ItemTally) -> u32| t.map(|(i, _)| f(i).to_string()).unwrap_or_default();
        let later = |n: usize| if ranked { count(&|i| i.at_rank[n]) } else { String::new() };
        w.write_record([
            neutralise(&vote.id),
            neutralise(&vote.question),
            method.clone(),
            neutralise(group),
            neutralise(item_id),
            neutralise(item.map(|i| i.text.as_str()).unwrap_or_default()),
            neutralise(item.and_then(|i| i.outcome.as_deref()).unwrap_or_default()),
            rank.map(|r| r.to_string()).unwrap_or_default(),
            count(&|i| i.at_rank[0]),
            later(1),
            later(2),
            count(&|i| i.score),
            t.map(|(_, voters)| voters.to_string()).unwrap_or_default(),
            yes(t.is_none()).to_string(),
        ])
        .map_err(err)
    };
    match &shown.board {
        Board::Hidden { .. } => {
            return Err(io::Error::other("the vote is still open: close it before its results are exported"));
        }
        Board::RanksOnly { order, .. } => {
            for (item, rank) in order {
                row(ALL_VOTERS, item, Some(*rank), None)?;
            }
        }
        Board::Counts(t) => {
            for it in &t.items {
                row(ALL_VOTERS, &it.item, Some(it.rank), Some((it, t.voters)))?;
            }
        }
    }
    if let Some(b) = &shown.breakdown {
        for (group, figures) in &b.groups {
            let name = vote.group_text(group.as_deref()).unwrap_or(DID_NOT_SAY);
            match figures {
                GroupFigures::Shown(t) => {
                    for it in &t.items {
                        row(name, &it.item, Some(it.rank), Some((it, t.voters)))?;
                    }
                }
                GroupFigures::Hidden => {
                    for item in &vote.items {
                        row(name, &item.id, None, None)?;
                    }
                }
            }
        }
    }
    w.flush()
}

/// "You said, we did" columns: the plan, the outcome (id and words), what young people said,
/// what was done and when, and where the "said" came from.
pub const YOU_SAID_COLUMNS: &[&str] = &["plan", "outcome_id", "outcome", "you_said", "we_did", "date", "source"];

/// Every "You said, we did" entry, newest first within each plan; `outcome_name` gives an
/// outcome's words in its plan (the id is written when the plan is not on this device).
pub fn write_you_said<W: Write>(
    entries: &[crate::vote::YouSaid],
    outcome_name: &dyn Fn(&str, &str) -> Option<String>,
    out: W,
) -> io::Result<()> {
    let mut sorted: Vec<&crate::vote::YouSaid> = entries.iter().collect();
    sorted.sort_by(|a, b| a.framework.cmp(&b.framework).then(b.date.cmp(&a.date)).then(a.id.cmp(&b.id)));
    let mut w = writer(out)?;
    w.write_record(YOU_SAID_COLUMNS).map_err(err)?;
    for y in sorted {
        let name = outcome_name(&y.framework, &y.outcome).unwrap_or_else(|| y.outcome.clone());
        w.write_record([
            neutralise(&y.framework),
            neutralise(&y.outcome),
            neutralise(&name),
            neutralise(&y.said),
            neutralise(&y.did),
            y.date.to_string(),
            neutralise(y.source.as_deref().unwrap_or_default()),
        ])
        .map_err(err)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::{file_name, neutralise};

    #[test]
    fn file_names_are_safe() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(
            file_name("outcomes", "leeds-2018-23", "Year 8, Ridgeway School: Nov/2026", d),
            "youth-voice-outcomes-leeds-2018-23-year-8-ridgeway-school-nov-2026-2026-11-24.csv"
        );
        assert_eq!(file_name("questions", "halton", "../..", d), "youth-voice-questions-halton-group-2026-11-24.csv");
    }

    #[test]
    fn formulas_are_neutralised() {
        for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("Year 8"), "Year 8");
        assert_eq!(neutralise(""), "");
    }
}
