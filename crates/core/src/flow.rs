//! A pupil's way through a survey, one question per screen: answer, skip, back, and where they
//! are. Plain data, so an in-progress survey can be saved and resumed after a reload.
//!
//! Skip logic (`show_if`, see `data/FORMATS.md`) is part of the flow: each question carries its
//! condition, so a saved flow needs no survey to know what to show. A question whose condition
//! is not met by the current answers is hidden: next, skip and back pass over it, progress does
//! not count it, and any answer it had is dropped as soon as it becomes hidden.

use crate::response::{Answer, Answers};
use crate::survey::{Question, ShowIf, Survey};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// The questions this pupil may be asked, in order, each with its skip logic. Some may be
    /// hidden by earlier answers.
    pub questions: Vec<Step>,
    /// The question showing (never a hidden one); `questions.len()` once they reach the end.
    pub index: usize,
    /// The answers so far; never an answer to a hidden question, as long as they are changed
    /// through the methods below (see [`Flow::answers_to_save`]).
    pub answers: Answers,
}

/// One question of a flow: its id, and when it is shown (copied from the survey).
///
/// Stored as the bare id when it is always shown, as flows were before skip logic, so a flow
/// saved by an earlier version still reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredStep", into = "StoredStep")]
pub struct Step {
    pub id: String,
    pub show_if: Option<ShowIf>,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum StoredStep {
    Always(String),
    Conditional { id: String, show_if: ShowIf },
}

impl From<StoredStep> for Step {
    fn from(s: StoredStep) -> Step {
        match s {
            StoredStep::Always(id) => Step { id, show_if: None },
            StoredStep::Conditional { id, show_if } => Step { id, show_if: Some(show_if) },
        }
    }
}

impl From<Step> for StoredStep {
    fn from(s: Step) -> StoredStep {
        match s.show_if {
            None => StoredStep::Always(s.id),
            Some(show_if) => StoredStep::Conditional { id: s.id, show_if },
        }
    }
}

/// Where a pupil is, counting only the questions they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// This question's number among those shown, from 1; `total` at the end (0 if none).
    pub n: usize,
    /// How many questions this pupil is shown, given their answers so far. While `exact` is
    /// false it is the most they can be shown: the undecided questions are counted in.
    pub total: usize,
    /// False while a later question depends on an answer not given yet (the UI can then say
    /// "Question 5 of about 20").
    pub exact: bool,
}

/// Whether a question is shown, as far as the answers so far tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Shown,
    Hidden,
    /// It depends on a question not reached (or not answered) yet.
    Undecided,
}

impl Flow {
    /// The questions of `survey` a pupil may be asked: free text only when enabled, and without
    /// the optional questions the facilitator left out. A question whose `show_if` depends on a
    /// left-out question is never shown (its source is unanswered).
    pub fn new(survey: &Survey, left_out: &[String]) -> Flow {
        let mut f = Flow {
            questions: survey
                .asked_questions()
                .filter(|q| !(q.optional && left_out.contains(&q.id)))
                .map(|q| Step { id: q.id.clone(), show_if: q.show_if.clone() })
                .collect(),
            index: 0,
            answers: Answers::default(),
        };
        f.index = f.next_shown(0);
        f
    }

    pub fn current_id(&self) -> Option<&str> {
        self.questions.get(self.index).map(|s| s.id.as_str())
    }

    pub fn current<'a>(&self, survey: &'a Survey) -> Option<&'a Question> {
        self.current_id().and_then(|id| survey.question(id))
    }

    pub fn is_at_end(&self) -> bool {
        self.index >= self.questions.len()
    }

    /// (this question's number from 1, how many questions), counting only the questions shown:
    /// [`Flow::progress`] without saying whether the total may still shrink.
    pub fn position(&self) -> (usize, usize) {
        let p = self.progress();
        (p.n, p.total)
    }

    /// Where the pupil is. The total counts the questions shown given the answers so far, and
    /// counts in any later question still waiting on an answer (then `exact` is false).
    pub fn progress(&self) -> Progress {
        let seen = self.seen();
        let total = seen.iter().filter(|s| **s != Seen::Hidden).count();
        let exact = !seen.contains(&Seen::Undecided);
        let n = if self.is_at_end() {
            total
        } else {
            (seen[..self.index].iter().filter(|s| **s == Seen::Shown).count() + 1).min(total)
        };
        Progress { n, total, exact }
    }

    /// Percentage through the survey, for the progress bar (of the questions shown).
    pub fn percent_done(&self) -> u8 {
        let p = self.progress();
        if self.is_at_end() || p.total == 0 {
            return 100;
        }
        (p.n.saturating_sub(1) * 100 / p.total) as u8
    }

    pub fn can_go_back(&self) -> bool {
        self.previous_shown().is_some()
    }

    /// Record an answer to the current question (stays on it). Later questions it now hides
    /// lose their answers.
    pub fn answer(&mut self, answer: Answer) {
        if let Some(id) = self.current_id().map(str::to_string) {
            self.answers.set(&id, answer);
            self.drop_hidden();
        }
    }

    /// Forget the current question's answer (stays on it), e.g. the last box of a multiple
    /// choice unticked. Later questions it now hides lose their answers.
    pub fn clear_answer(&mut self) {
        if let Some(id) = self.current_id().map(str::to_string) {
            self.answers.clear(&id);
            self.drop_hidden();
        }
    }

    /// The current question's answer.
    pub fn current_answer(&self) -> Option<&Answer> {
        self.current_id().and_then(|id| self.answers.get(id))
    }

    /// Go on to the next question shown, keeping any answer.
    pub fn next(&mut self) {
        self.drop_hidden();
        if !self.is_at_end() {
            self.index = self.next_shown(self.index + 1);
        }
    }

    /// Skip: forget any answer to this question, and go on.
    pub fn skip(&mut self) {
        if let Some(id) = self.current_id().map(str::to_string) {
            self.answers.clear(&id);
        }
        self.next();
    }

    /// Back to the previous question shown (none: stay).
    pub fn back(&mut self) {
        self.drop_hidden();
        if let Some(i) = self.previous_shown() {
            self.index = i;
        }
    }

    /// How many questions shown have an answer.
    pub fn answered(&self) -> usize {
        let shown = self.shown();
        self.questions.iter().zip(shown).filter(|(q, shown)| *shown && self.answers.get(&q.id).is_some()).count()
    }

    /// The answers to save: those of the questions this pupil was shown. The same as `answers`
    /// when they were only changed through this type's methods; this also covers changes made
    /// to `answers` directly.
    pub fn answers_to_save(&self) -> Answers {
        let shown = self.shown();
        let mut out = Answers::default();
        for (q, _) in self.questions.iter().zip(shown).filter(|(_, shown)| *shown) {
            if let Some(a) = self.answers.get(&q.id) {
                out.set(&q.id, a.clone());
            }
        }
        out
    }

    /// The position of the question `c` depends on, if it comes before `before`.
    fn source(&self, c: &ShowIf, before: usize) -> Option<usize> {
        self.questions[..before].iter().position(|q| q.id == c.question)
    }

    /// Which questions are shown by the answers as they are (a skipped or hidden source hides).
    fn shown(&self) -> Vec<bool> {
        let mut shown: Vec<bool> = Vec::with_capacity(self.questions.len());
        for (i, q) in self.questions.iter().enumerate() {
            let v = match &q.show_if {
                None => true,
                Some(c) => self.source(c, i).is_some_and(|j| shown[j]) && c.is_met(&self.answers),
            };
            shown.push(v);
        }
        shown
    }

    /// [`Flow::shown`] for progress: a source not answered yet that the pupil has not passed
    /// leaves its questions undecided rather than hidden.
    fn seen(&self) -> Vec<Seen> {
        let mut seen: Vec<Seen> = Vec::with_capacity(self.questions.len());
        for (i, q) in self.questions.iter().enumerate() {
            let v = match &q.show_if {
                None => Seen::Shown,
                Some(c) => match self.source(c, i).map(|j| (j, seen[j])) {
                    None | Some((_, Seen::Hidden)) => Seen::Hidden,
                    Some((_, Seen::Undecided)) => Seen::Undecided,
                    Some((j, Seen::Shown)) => {
                        if self.answers.get(&c.question).is_none() && j >= self.index {
                            Seen::Undecided
                        } else if c.is_met(&self.answers) {
                            Seen::Shown
                        } else {
                            Seen::Hidden
                        }
                    }
                },
            };
            seen.push(v);
        }
        seen
    }

    /// The first question shown from `from` on, or the end.
    fn next_shown(&self, from: usize) -> usize {
        let shown = self.shown();
        (from..shown.len()).find(|&i| shown[i]).unwrap_or(shown.len())
    }

    /// The last question shown before the current one.
    fn previous_shown(&self) -> Option<usize> {
        let shown = self.shown();
        (0..self.index.min(shown.len())).rev().find(|&i| shown[i])
    }

    /// Forget the answers of questions that are hidden now.
    fn drop_hidden(&mut self) {
        let shown = self.shown();
        for (q, _) in self.questions.iter().zip(shown).filter(|(_, shown)| !shown) {
            self.answers.clear(&q.id);
        }
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
