//! A pupil's way through a survey, one question per screen: answer, skip, back, and where they
//! are. Plain data, so an in-progress survey can be saved and resumed after a reload.

use crate::response::{Answer, Answers};
use crate::survey::{Question, Survey};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// The ids of the questions this pupil is asked, in order.
    pub questions: Vec<String>,
    /// The question showing; `questions.len()` once they reach the end.
    pub index: usize,
    pub answers: Answers,
}

impl Flow {
    /// The questions of `survey` a pupil is asked: free text only when enabled, and without the
    /// optional questions the facilitator left out.
    pub fn new(survey: &Survey, left_out: &[String]) -> Flow {
        Flow {
            questions: survey
                .asked_questions()
                .filter(|q| !(q.optional && left_out.contains(&q.id)))
                .map(|q| q.id.clone())
                .collect(),
            index: 0,
            answers: Answers::default(),
        }
    }

    pub fn current_id(&self) -> Option<&str> {
        self.questions.get(self.index).map(String::as_str)
    }

    pub fn current<'a>(&self, survey: &'a Survey) -> Option<&'a Question> {
        self.current_id().and_then(|id| survey.question(id))
    }

    pub fn is_at_end(&self) -> bool {
        self.index >= self.questions.len()
    }

    /// (this question's number from 1, how many questions).
    pub fn position(&self) -> (usize, usize) {
        ((self.index + 1).min(self.questions.len()), self.questions.len())
    }

    /// Percentage through the survey, for the progress bar.
    pub fn percent_done(&self) -> u8 {
        if self.questions.is_empty() {
            return 100;
        }
        (self.index.min(self.questions.len()) * 100 / self.questions.len()) as u8
    }

    pub fn can_go_back(&self) -> bool {
        self.index > 0
    }

    /// Record an answer to the current question (stays on it).
    pub fn answer(&mut self, answer: Answer) {
        if let Some(id) = self.current_id().map(str::to_string) {
            self.answers.set(&id, answer);
        }
    }

    /// The current question's answer.
    pub fn current_answer(&self) -> Option<&Answer> {
        self.current_id().and_then(|id| self.answers.get(id))
    }

    /// Go on to the next question, keeping any answer.
    pub fn next(&mut self) {
        if !self.is_at_end() {
            self.index += 1;
        }
    }

    /// Skip: forget any answer to this question, and go on.
    pub fn skip(&mut self) {
        if let Some(id) = self.current_id().map(str::to_string) {
            self.answers.clear(&id);
        }
        self.next();
    }

    pub fn back(&mut self) {
        self.index = self.index.saturating_sub(1);
    }

    /// How many questions have an answer.
    pub fn answered(&self) -> usize {
        self.questions.iter().filter(|q| self.answers.get(q).is_some()).count()
    }
}

/// Multiple choice: the options chosen after tapping `option`. An exclusive option ("None of
/// these") clears the others; any other option clears the exclusive ones.
pub fn toggle_choice(survey: &Survey, q: &Question, chosen: &[String], option: &str) -> Vec<String> {
    let exclusive = |o: &str| survey.choice(q, o).is_some_and(|c| c.exclusive);
    if chosen.iter().any(|c| c == option) {
        return chosen.iter().filter(|c| *c != option).cloned().collect();
    }
    if exclusive(option) {
        return vec![option.to_string()];
    }
    let mut out: Vec<String> = chosen.iter().filter(|c| !exclusive(c)).cloned().collect();
    out.push(option.to_string());
    // Keep the survey's order so stored answers are stable.
    let order: Vec<&str> = survey.options(q).iter().map(|c| c.id.as_str()).collect();
    out.sort_by_key(|o| order.iter().position(|x| x == o));
    out
}

/// Seconds a pupil has to answer "Are you still there?" before their answers are discarded.
pub const IDLE_GRACE_SECONDS: u32 = 30;

/// Where the idle timer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    Active,
    /// "Are you still there?", with this many seconds left.
    Warning(u32),
    /// Time is up: discard the answers and show the welcome screen.
    Expired,
}

/// The idle state `elapsed_ms` after the last tap or key, for a session's idle time.
pub fn idle_state(elapsed_ms: u64, idle_seconds: u32) -> Idle {
    let idle_ms = u64::from(idle_seconds) * 1000;
    let end_ms = idle_ms + u64::from(IDLE_GRACE_SECONDS) * 1000;
    if elapsed_ms < idle_ms {
        Idle::Active
    } else if elapsed_ms < end_ms {
        Idle::Warning(((end_ms - elapsed_ms).div_ceil(1000)) as u32)
    } else {
        Idle::Expired
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_warns_then_expires() {
        assert_eq!(idle_state(0, 120), Idle::Active);
        assert_eq!(idle_state(119_999, 120), Idle::Active);
        assert_eq!(idle_state(120_000, 120), Idle::Warning(30));
        assert_eq!(idle_state(149_001, 120), Idle::Warning(1));
        assert_eq!(idle_state(150_000, 120), Idle::Expired);
    }
}
