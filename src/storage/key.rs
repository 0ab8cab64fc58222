//! Every key Youth Voice stores under, in one enum, so nothing else invents key strings.

use std::fmt;

const PREFIX: &str = "yv:";

/// A storage key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// A survey file a facilitator loaded, by survey id.
    CustomSurvey(String),
    /// A framework file a facilitator loaded, by framework id.
    CustomFramework(String),
    /// A session's settings, by session id.
    Session(String),
    /// One submitted response: its own record, written independently of all others.
    Response { session: String, id: String },
    /// The session the tablet is running in kiosk mode, if any.
    ActiveSession,
    /// A copy of the running session's survey, so the pupils' app reads one key instead of
    /// loading every survey and plan (issue 12).
    KioskSurvey,
    /// The current pupil's unfinished answers (kept only until finish, stop or idle timeout).
    InProgress,
    /// A sealed session's private key, wrapped under the facilitator's passphrase (issue 13),
    /// by session id. Only on the device that set the session up.
    SessionKey(String),
    /// The facilitator PIN's salted hash.
    Pin,
    /// Wrong PIN attempts in a row and when the next try is allowed.
    PinAttempts,
    /// The day a session's results were last exported, by session id.
    Exported(String),
    /// How many responses imported from other tablets a session holds in the big store
    /// (IndexedDB), by session id: counted without opening it.
    Imported(String),
    /// A Youth Council vote set up or received on this device, with whether it is open.
    Vote(String),
    /// One ballot of a vote: its own record, written before the voter is thanked.
    Ballot { vote: String, id: String },
    /// The vote this tablet is collecting ballots for, if any (voting mode survives a reload).
    Voting,
    /// Every "You said, we did" entry, in one record: the pupils' thank-you screen reads this one
    /// key instead of listing the whole store.
    YouSaid,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::CustomSurvey(id) => write!(f, "{PREFIX}survey:{id}"),
            Key::CustomFramework(id) => write!(f, "{PREFIX}framework:{id}"),
            Key::Session(id) => write!(f, "{PREFIX}session:{id}"),
            Key::Response { session, id } => write!(f, "{PREFIX}r:{session}:{id}"),
            Key::ActiveSession => write!(f, "{PREFIX}active"),
            Key::KioskSurvey => write!(f, "{PREFIX}kiosk-survey"),
            Key::InProgress => write!(f, "{PREFIX}in-progress"),
            Key::SessionKey(id) => write!(f, "{PREFIX}key:{id}"),
            Key::Pin => write!(f, "{PREFIX}pin"),
            Key::PinAttempts => write!(f, "{PREFIX}pin-attempts"),
            Key::Exported(id) => write!(f, "{PREFIX}exported:{id}"),
            Key::Imported(id) => write!(f, "{PREFIX}imported:{id}"),
            Key::Vote(id) => write!(f, "{PREFIX}vote:{id}"),
            Key::Ballot { vote, id } => write!(f, "{PREFIX}b:{vote}:{id}"),
            Key::Voting => write!(f, "{PREFIX}voting"),
            Key::YouSaid => write!(f, "{PREFIX}said"),
        }
    }
}

impl Key {
    /// The key for a stored string, or `None` if it is not one of ours.
    pub fn parse(s: &str) -> Option<Key> {
        let rest = s.strip_prefix(PREFIX)?;
        match rest {
            "active" => return Some(Key::ActiveSession),
            "kiosk-survey" => return Some(Key::KioskSurvey),
            "in-progress" => return Some(Key::InProgress),
            "pin" => return Some(Key::Pin),
            "pin-attempts" => return Some(Key::PinAttempts),
            "voting" => return Some(Key::Voting),
            "said" => return Some(Key::YouSaid),
            _ => {}
        }
        let (kind, id) = rest.split_once(':')?;
        if id.is_empty() {
            return None;
        }
        match kind {
            "survey" => Some(Key::CustomSurvey(id.to_string())),
            "framework" => Some(Key::CustomFramework(id.to_string())),
            "session" => Some(Key::Session(id.to_string())),
            "exported" => Some(Key::Exported(id.to_string())),
            "key" => Some(Key::SessionKey(id.to_string())),
            "imported" => Some(Key::Imported(id.to_string())),
            "vote" => Some(Key::Vote(id.to_string())),
            "b" => {
                let (vote, id) = id.split_once(':')?;
                (!vote.is_empty() && !id.is_empty()).then(|| Key::Ballot { vote: vote.to_string(), id: id.to_string() })
            }
            "r" => {
                let (session, id) = id.split_once(':')?;
                (!session.is_empty() && !id.is_empty())
                    .then(|| Key::Response { session: session.to_string(), id: id.to_string() })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_foreign_keys_are_ignored() {
        for k in [
            Key::CustomSurvey("primary".into()),
            Key::CustomFramework("leeds".into()),
            Key::Session("s1".into()),
            Key::Response { session: "s1".into(), id: "r1".into() },
            Key::ActiveSession,
            Key::InProgress,
            Key::Pin,
            Key::PinAttempts,
            Key::Exported("s1".into()),
            Key::Imported("s1".into()),
            Key::Vote("v1".into()),
            Key::Ballot { vote: "v1".into(), id: "b1".into() },
            Key::Voting,
            Key::YouSaid,
        ] {
            assert_eq!(Key::parse(&k.to_string()), Some(k));
        }
        assert_eq!(Key::parse("other-site:thing"), None);
        assert_eq!(Key::parse("yv:survey:"), None);
        assert_eq!(Key::parse("yv:r:s1:"), None);
        assert_eq!(Key::parse("yv:unknown:x"), None);
    }
}
