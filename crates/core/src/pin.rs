//! The facilitator PIN: stored only as a salted, slow PBKDF2-HMAC-SHA256 hash, checked in
//! constant time, with a growing delay after wrong attempts.

use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// PBKDF2 rounds. Slow enough to make guessing a stolen hash costly, quick enough (a fraction of a
/// second on a cheap tablet, see BENCHMARKS.md) for a facilitator to unlock.
pub const PIN_ROUNDS: u32 = 100_000;

/// The most PBKDF2 rounds a stored record may ask for. This app writes [`PIN_ROUNDS`]; a record
/// asking for far more (a tampered one: 4,294,967,295 rounds would freeze the page for most of
/// an hour per attempt) is treated as damaged and never computed.
pub const MAX_PIN_ROUNDS: u32 = 10 * PIN_ROUNDS;

/// What is stored instead of the PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinHash {
    /// Random salt, hex.
    pub salt: String,
    pub rounds: u32,
    /// PBKDF2-HMAC-SHA256 output, hex.
    pub hash: String,
}

/// Why a new PIN is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("the PIN must be 4 to 12 digits")]
    Format,
    #[error("the PIN is too easy to guess (all one digit, or digits in a row)")]
    TooSimple,
    #[error("the two PINs are different")]
    Mismatch,
}

/// Check a PIN a facilitator chose (and typed twice).
pub fn check_new_pin(pin: &str, again: &str) -> Result<(), PinError> {
    if !(4..=12).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinError::Format);
    }
    let d: Vec<i16> = pin.bytes().map(|b| i16::from(b - b'0')).collect();
    let steps: Vec<i16> = d.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.iter().all(|&s| s == 0) || steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1) {
        return Err(PinError::TooSimple);
    }
    if pin != again {
        return Err(PinError::Mismatch);
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Hash `pin` with `salt` (16 random bytes from the caller).
pub fn hash_pin(pin: &str, salt: [u8; 16], rounds: u32) -> PinHash {
    let out = pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(pin.as_bytes(), &salt, rounds);
    PinHash { salt: hex(&salt), rounds, hash: hex(&out) }
}

/// Whether a stored PIN record can be checked at all: hex salt and 32-byte hash, and a round
/// count this app could have written (1 to [`MAX_PIN_ROUNDS`]).
pub fn record_is_sound(stored: &PinHash) -> bool {
    let (Some(salt), Some(hash)) = (unhex(&stored.salt), unhex(&stored.hash)) else {
        return false;
    };
    !salt.is_empty() && hash.len() == 32 && (1..=MAX_PIN_ROUNDS).contains(&stored.rounds)
}

/// Whether `pin` matches, compared in constant time. A damaged record (see [`record_is_sound`])
/// never matches, and is refused before any hashing.
pub fn verify_pin(pin: &str, stored: &PinHash) -> bool {
    if !record_is_sound(stored) {
        return false;
    }
    let (Some(salt), Some(expected)) = (unhex(&stored.salt), unhex(&stored.hash)) else {
        return false;
    };
    let got = pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(pin.as_bytes(), &salt, stored.rounds);
    got.iter().zip(&expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// The longest wait [`lockout_seconds`] ever sets: 15 minutes.
pub const MAX_LOCKOUT_SECONDS: u32 = 900;

/// Seconds to wait before the next attempt after `failures` wrong PINs in a row:
/// three free tries, then 5 s doubling up to 15 minutes.
pub fn lockout_seconds(failures: u32) -> u32 {
    if failures < 3 {
        0
    } else {
        5u32.saturating_mul(1 << (failures - 3).min(10)).min(MAX_LOCKOUT_SECONDS)
    }
}

/// Wrong attempts in a row, and the time (ms since 1970) before which no try is accepted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    pub failures: u32,
    pub locked_until_ms: u64,
}

/// What a PIN attempt gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    Unlocked,
    /// Wrong; the next try is allowed after this many seconds (0: straight away).
    Wrong {
        wait_seconds: u32,
    },
    /// Too soon after wrong attempts: not checked at all.
    Locked {
        seconds_left: u32,
    },
    /// The stored PIN record is damaged (changed outside the app): no PIN can be checked against
    /// it, and no attempt is counted.
    Damaged,
}

impl PinOutcome {
    /// Why the PIN did not unlock, in words for the facilitator; `None` when it did.
    pub fn refusal(self) -> Option<String> {
        match self {
            PinOutcome::Unlocked => None,
            PinOutcome::Wrong { wait_seconds: 0 } => Some("That PIN is not right. Try again.".into()),
            PinOutcome::Wrong { wait_seconds } => {
                Some(format!("That PIN is not right. Wait {wait_seconds} seconds before trying again."))
            }
            PinOutcome::Locked { seconds_left } => {
                Some(format!("Too many wrong PINs. Wait {seconds_left} seconds before trying again."))
            }
            PinOutcome::Damaged => Some(
                "The facilitator PIN stored on this device is damaged (it was changed outside Youth Voice), so no PIN can be checked against it."
                    .into(),
            ),
        }
    }
}

/// Try `pin` against `stored` at `now_ms`, given earlier attempts. Returns the outcome and the
/// attempts to store. While locked, the PIN is not even checked.
///
/// A lock ending further ahead than the longest wait this app sets ([`MAX_LOCKOUT_SECONDS`]: a
/// tampered record, or the clock was put back) is taken as that longest wait from now, and the
/// attempts to store say so: nothing locks the facilitator out for longer, and the wait shown is
/// the real one.
pub fn attempt(pin: &str, stored: &PinHash, before: Attempts, now_ms: u64) -> (PinOutcome, Attempts) {
    if now_ms < before.locked_until_ms {
        let longest_ms = u64::from(MAX_LOCKOUT_SECONDS) * 1000;
        let left_ms = before.locked_until_ms - now_ms;
        let (left_ms, after) = if left_ms > longest_ms {
            (longest_ms, Attempts { locked_until_ms: now_ms.saturating_add(longest_ms), ..before })
        } else {
            (left_ms, before)
        };
        // At most MAX_LOCKOUT_SECONDS, so it fits.
        let left = u32::try_from(left_ms.div_ceil(1000)).unwrap_or(MAX_LOCKOUT_SECONDS);
        return (PinOutcome::Locked { seconds_left: left }, after);
    }
    if !record_is_sound(stored) {
        return (PinOutcome::Damaged, before);
    }
    if verify_pin(pin, stored) {
        return (PinOutcome::Unlocked, Attempts::default());
    }
    let failures = before.failures.saturating_add(1);
    let wait = lockout_seconds(failures);
    let locked_until_ms = now_ms.saturating_add(u64::from(wait) * 1000);
    (PinOutcome::Wrong { wait_seconds: wait }, Attempts { failures, locked_until_ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_pins_lock_out_and_the_right_one_resets() {
        let h = hash_pin("482913", [3; 16], 1000);
        let mut a = Attempts::default();
        let mut now = 1_000_000;
        for expected_wait in [0, 0, 5] {
            let (o, next) = attempt("000000", &h, a, now);
            assert_eq!(o, PinOutcome::Wrong { wait_seconds: expected_wait });
            a = next;
        }
        // Locked: even the right PIN is not checked.
        let (o, a2) = attempt("482913", &h, a, now + 1000);
        assert_eq!(o, PinOutcome::Locked { seconds_left: 4 });
        assert_eq!(a2, a);
        now += 5000;
        let (o, a3) = attempt("482913", &h, a, now);
        assert_eq!(o, PinOutcome::Unlocked);
        assert_eq!(a3, Attempts::default());
    }

    #[test]
    fn right_pin_unlocks_and_wrong_pin_does_not() {
        let h = hash_pin("482913", [7; 16], 1000);
        assert!(verify_pin("482913", &h));
        assert!(!verify_pin("482914", &h));
        assert!(!verify_pin("", &h));
        assert!(!h.hash.contains("482913") && !h.salt.contains("482913"));
    }

    #[test]
    fn same_pin_different_salt_gives_different_hash() {
        assert_ne!(hash_pin("482913", [1; 16], 1000).hash, hash_pin("482913", [2; 16], 1000).hash);
    }

    #[test]
    fn known_pbkdf2_sha256_vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64); first 32 bytes.
        let out = pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(b"passwd", b"salt", 1);
        assert_eq!(hex(&out), "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    }

    #[test]
    fn damaged_records_never_match() {
        let mut h = hash_pin("482913", [7; 16], 1000);
        h.hash.truncate(10);
        assert!(!verify_pin("482913", &h));
    }

    #[test]
    fn new_pins_are_checked() {
        assert_eq!(check_new_pin("12", "12"), Err(PinError::Format));
        assert_eq!(check_new_pin("12ab", "12ab"), Err(PinError::Format));
        assert_eq!(check_new_pin("0000", "0000"), Err(PinError::TooSimple));
        assert_eq!(check_new_pin("1234", "1234"), Err(PinError::TooSimple));
        assert_eq!(check_new_pin("9876", "9876"), Err(PinError::TooSimple));
        assert_eq!(check_new_pin("4829", "4828"), Err(PinError::Mismatch));
        assert_eq!(check_new_pin("4829", "4829"), Ok(()));
    }

    #[test]
    fn a_record_asking_for_absurd_rounds_is_damaged_and_never_hashed() {
        let mut h = hash_pin("482913", [7; 16], 1000);
        h.rounds = u32::MAX;
        assert!(!record_is_sound(&h));
        // Hashing u32::MAX rounds would take most of an hour: this returns at once.
        let started = std::time::Instant::now();
        assert!(!verify_pin("482913", &h));
        let (o, a) = attempt("482913", &h, Attempts::default(), 1_000);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(o, PinOutcome::Damaged);
        assert_eq!(a, Attempts::default(), "a damaged record counts no failure");
        assert!(o.refusal().unwrap().contains("damaged"));
        h.rounds = 0;
        assert_eq!(attempt("482913", &h, Attempts::default(), 1_000).0, PinOutcome::Damaged);
        h.rounds = MAX_PIN_ROUNDS + 1;
        assert_eq!(attempt("482913", &h, Attempts::default(), 1_000).0, PinOutcome::Damaged);
        assert!(record_is_sound(&hash_pin("482913", [7; 16], PIN_ROUNDS)));
    }

    #[test]
    fn no_stored_lock_outlasts_the_longest_wait_and_the_wait_shown_is_real() {
        let h = hash_pin("482913", [3; 16], 1000);
        let now = 1_700_000_000_000u64;
        for until in [u64::MAX, now + (1u64 << 32) * 1000 + 5_000, now + 900_001] {
            let before = Attempts { failures: 3, locked_until_ms: until };
            let (o, after) = attempt("482913", &h, before, now);
            assert_eq!(o, PinOutcome::Locked { seconds_left: MAX_LOCKOUT_SECONDS }, "{until}");
            assert_eq!(after.locked_until_ms, now + 900_000, "the stored lock is the wait shown");
            assert!(o.refusal().unwrap().contains("Wait 900 seconds"));
            // Once that wait is over, the right PIN unlocks.
            assert_eq!(attempt("482913", &h, after, now + 900_000).0, PinOutcome::Unlocked);
        }
        // A lock within the longest wait is kept as it is.
        let before = Attempts { failures: 3, locked_until_ms: now + 5_000 };
        assert_eq!(attempt("482913", &h, before, now), (PinOutcome::Locked { seconds_left: 5 }, before));
    }

    #[test]
    fn failures_saturate_instead_of_wrapping_to_no_lockout() {
        let h = hash_pin("482913", [3; 16], 1);
        let before = Attempts { failures: u32::MAX, locked_until_ms: 0 };
        let (o, after) = attempt("000000", &h, before, u64::MAX - 1);
        assert_eq!(o, PinOutcome::Wrong { wait_seconds: MAX_LOCKOUT_SECONDS });
        assert_eq!(after.failures, u32::MAX);
        assert_eq!(after.locked_until_ms, u64::MAX, "saturated, not wrapped");
    }

    #[test]
    fn delay_grows_after_three_wrong_tries() {
        let d: Vec<u32> = (0..8).map(lockout_seconds).collect();
        assert_eq!(d, [0, 0, 0, 5, 10, 20, 40, 80]);
        assert_eq!(lockout_seconds(40), 900);
    }
}
