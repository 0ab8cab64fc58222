//! A submitted response as it is stored: one record each, in a versioned envelope. Anonymous by
//! design: survey, session, a random response id, the date (no time) and the answers. No name,
//! no device id, no time of day.

use crate::response::Answers;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The envelope's schema version.
pub const RESPONSE_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    #[serde(rename = "v")]
    pub schema: u32,
    /// Survey id.
    #[serde(rename = "s")]
    pub survey: String,
    /// Survey version.
    #[serde(rename = "sv")]
    pub survey_version: String,
    /// Session id.
    #[serde(rename = "ss")]
    pub session: String,
    /// Random response id (UUID v4), so merged tablets never double count.
    #[serde(rename = "id")]
    pub id: String,
    /// The day it was submitted.
    #[serde(rename = "d")]
    pub date: NaiveDate,
    #[serde(rename = "a")]
    pub answers: Answers,
}

/// A session: one group taking one survey, reported against one framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Random id (UUID v4).
    pub id: String,
    pub survey: String,
    pub survey_version: String,
    pub framework: String,
    /// E.g. "Year 8, Ridgeway School, November 2026".
    pub group: String,
    pub started: NaiveDate,
    /// Seconds without a tap before "Are you still there?".
    pub idle_seconds: u32,
    /// Optional questions left out of this session.
    #[serde(default)]
    pub left_out: Vec<String>,
}

/// Default idle time: two minutes.
pub const DEFAULT_IDLE_SECONDS: u32 = 120;

/// Why a session cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("give the group a name, e.g. \"Year 8, Ridgeway School, November 2026\"")]
    NoGroup,
    #[error("the group name is too long (at most 120 characters)")]
    GroupTooLong,
    #[error("the idle time must be between 30 seconds and 30 minutes")]
    IdleOutOfRange,
}

/// Check a session's settings before it starts.
pub fn check_session(group: &str, idle_seconds: u32) -> Result<(), SessionError> {
    let g = group.trim();
    if g.is_empty() {
        return Err(SessionError::NoGroup);
    }
    if g.chars().count() > 120 {
        return Err(SessionError::GroupTooLong);
    }
    if !(30..=1800).contains(&idle_seconds) {
        return Err(SessionError::IdleOutOfRange);
    }
    Ok(())
}

impl StoredResponse {
    /// The record for a pupil's finished answers.
    pub fn new(session: &Session, id: String, date: NaiveDate, answers: Answers) -> Self {
        StoredResponse {
            schema: RESPONSE_SCHEMA,
            survey: session.survey.clone(),
            survey_version: session.survey_version.clone(),
            session: session.id.clone(),
            id,
            date,
            answers,
        }
    }
}
