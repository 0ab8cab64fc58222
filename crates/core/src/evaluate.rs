//! Evaluating an indicator over a set of responses, row by row: base n and positive n. This is
//! the test oracle for the column-wise counting in `results` (a property test checks they agree
//! on every shipped survey and plan); the app itself counts with `results`.

use crate::framework::Indicator;
use crate::response::Answers;
use crate::survey::Survey;

/// What an indicator shows for a set of responses to one survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    /// The plan's indicator is one a pupil survey cannot measure.
    NotMeasured,
    /// The indicator is measurable, but this survey has none of its rule's questions or scores.
    NotInSurvey,
    /// `base` pupils answered in a way that counts; `positive` of them were positive.
    Counts { base: u32, positive: u32 },
}

/// Count base and positive for `indicator` over `responses` to `survey`.
pub fn evaluate<'a>(
    indicator: &Indicator,
    survey: &Survey,
    responses: impl IntoIterator<Item = &'a Answers>,
) -> Evaluation {
    let Some(measure) = &indicator.measure else {
        return Evaluation::NotMeasured;
    };
    let Some(rule) = measure.rule_for(survey) else {
        return Evaluation::NotInSurvey;
    };
    let (mut base, mut positive) = (0u32, 0u32);
    for answers in responses {
        if let Some(p) = rule.classify(survey, answers) {
            base += 1;
            positive += u32::from(p);
        }
    }
    Evaluation::Counts { base, positive }
}
