//! Rules in words, for the method note.

use crate::framework::Rule;
use crate::survey::Survey;

/// A rule in words, for the method note.
pub fn describe_rule(rule: &Rule, survey: &Survey, lang: &str) -> String {
    let dl = survey.default_language();
    match rule {
        Rule::Answer { question, positive } => {
            let Some(q) = survey.question(question) else { return question.clone() };
            let opts: Vec<String> = positive
                .iter()
                .filter_map(|o| survey.choice(q, o))
                .map(|c| format!("\"{}\"", c.label.get(lang, dl)))
                .collect();
            format!("\"{}\" answered {}", q.text.get(lang, dl), opts.join(" or "))
        }
        Rule::Rating { question, min, max } => {
            let text = survey.question(question).map_or(question.as_str(), |q| q.text.get(lang, dl));
            format!("\"{text}\" rated {min} to {max}")
        }
        Rule::Score { score, at_least } => {
            let label = survey.score(score).map_or(score.as_str(), |s| s.label.get(lang, dl));
            format!("{label} of {at_least} or more")
        }
    }
}
