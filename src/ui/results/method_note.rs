use super::state::ResultsCtx;
use leptos::prelude::*;
use yv_core::results::{Outcome, CAUTION_BELOW, PROTECTION};

/// What the audit hid and withheld, in a sentence or two.
fn audit_summary(a: &yv_core::results::Audit) -> String {
    let mut s = match (a.hidden_cells, a.secondary_cells) {
        (0, _) => "This view hides no figures.".to_string(),
        (n, 0) => format!("This view hides {n} figures, each based on fewer pupils than the threshold."),
        (n, m) => format!("This view hides {n} figures; {m} of them only so that the others cannot be worked out."),
    };
    if !a.withheld_breakdowns.is_empty() {
        s.push_str(&format!(
            " Withheld because no pattern protects their smallest groups: the breakdowns by {}.",
            a.withheld_breakdowns.join(", ")
        ));
    }
    if !a.withheld_sources.is_empty() {
        s.push_str(&format!(
            " Withheld whole, because a breakdown would give a hidden figure away: {}.",
            a.withheld_sources.join("; ")
        ));
    }
    if !a.withheld_combined.is_empty() {
        s.push_str(&format!(
            " Hidden because these sessions are read together, and showing them would let one session's hidden figures be worked out by comparing totals: {}.",
            a.withheld_combined.join("; ")
        ));
    }
    if !a.ok() {
        s.push_str(&format!(" Exports are refused: {}.", a.unprotected.join("; ")));
    }
    s
}

/// How the figures were made: each indicator's positive rule and the suppression rules.
/// Printed with the results.
#[component]
pub fn MethodNote() -> impl IntoView {
    let r = expect_context::<ResultsCtx>();
    move || {
        if !r.detail_ready.get() {
            return None;
        }
        let res = r.results.get()?;
        let k = res.threshold.get();
        let rules = res
            .indicators
            .iter()
            .filter(|i| matches!(i.outcome, Outcome::Counted { .. }))
            .map(|i| {
                let code = i.code.as_ref().map(|c| format!("{c} ")).unwrap_or_default();
                let proxy = if i.local_proxy && i.code.is_some() { " Local proxy, not the official definition." } else { "" };
                view! { <li>{format!("{code}{}: positive when {}.{proxy}", i.title, i.rule.clone().unwrap_or_default())}</li> }
            })
            .collect_view();
        Some(view! {
            <section aria-labelledby="method-title" class="method">
                <h2 id="method-title">"Method"</h2>
                <p>{format!(
                    "Percentages are of the pupils who answered the question, leaving out skipped questions and answers such as \u{201c}prefer not to say\u{201d} or \u{201c}don't know\u{201d}. \
                     The range after each percentage is its 95% Wilson confidence interval. \
                     Figures based on {k} to {} pupils are marked \u{201c}interpret with caution\u{201d}. Breakdowns use one characteristic at a time. Free-text answers are never included.",
                    CAUTION_BELOW - 1
                )}</p>
                <p>{format!(
                    "Any figure based on fewer than {k} pupils is hidden. Before anything is shown, printed or exported, an audit reads everything these results publish \
                     (every plan on this device, every breakdown, the answer counts, both CSV files) as an attacker with a spreadsheet or a linear-programming solver would, \
                     and hides more figures until no hidden figure can be worked out to within {PROTECTION}: every hidden count (a group's size, a base, the number positive, \
                     or the number not positive) could still be any of at least {} values. Groups too small in the whole session are hidden in every table and in their question's own counts, \
                     with a partner group (the smallest group of pupils who chose an answer; pupils who skipped the question are never a partner, because their number is known). \
                     Groups nobody is in are shown as 0. All hidden figures look the same, so a reader cannot tell a small group from its partner. \
                     A 0% or 100% for all pupils is shown: it says the same of every pupil.",
                    PROTECTION + 1
                )}</p>
                {r.combined.get().and_then(Result::ok).map(|c| view! {
                    <p data-testid="together-method">{format!(
                        "These results add up {} sessions: {}. Each session's own results are published too, so a figure of several sessions is shown only when it cannot give away a figure one session hides:                          the sessions on this device that hide a figure must be read together all at once or not at all, they must hold at least {k} answers together,                          and swapping answers between them must leave every hidden count at least {} values wide. Breakdowns are shown one session at a time.",
                        c.sessions.len(),
                        c.sessions.join(", "),
                        PROTECTION + 1
                    )}</p>
                })}
                <p data-testid="audit-summary">{audit_summary(&res.audit)}</p>
                <h3>"What counts as positive"</h3>
                <ul class="rules">{rules}</ul>
            </section>
        })
    }
}
