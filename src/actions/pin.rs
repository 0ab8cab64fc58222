//! The facilitator PIN before a session starts or a tablet joins one: prove the device's PIN, or
//! set one the first time.

use crate::storage::{sessions, Store};
use yv_core::pin::{check_new_pin, hash_pin, PIN_ROUNDS};
use yv_core::text::sentence;

/// Prove the PIN (`has_pin`), or set `pin` as the device's PIN after checking it was typed the
/// same twice. `salt` comes from the browser's secure generator (`None` when it has none).
/// Returns the reason in a sentence when refused; nothing is stored then.
pub fn confirm_or_set(
    store: &dyn Store,
    has_pin: bool,
    pin: &str,
    again: &str,
    now_ms: u64,
    salt: Option<[u8; 16]>,
) -> Result<(), String> {
    if has_pin {
        let outcome = sessions::check_pin(store, pin, now_ms).map_err(|e| sentence(&e.to_string()))?;
        return match outcome.refusal() {
            Some(why) => Err(why),
            None => Ok(()),
        };
    }
    check_new_pin(pin, again).map_err(|e| sentence(&e.to_string()))?;
    let salt = salt.ok_or_else(|| {
        "This browser has no secure random number generator; the PIN cannot be stored safely.".to_string()
    })?;
    sessions::save_pin_hash(store, &hash_pin(pin, salt, PIN_ROUNDS))
        .map_err(|e| format!("The PIN could not be stored: {e}. Nothing was started."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn the_first_pin_is_set_then_proved() {
        let store = MemoryStore::new();
        assert!(confirm_or_set(&store, false, "4829", "4820", 0, Some([1; 16])).unwrap_err().contains("different"));
        assert!(sessions::pin_hash(&store).unwrap().is_none(), "nothing stored after a refusal");
        confirm_or_set(&store, false, "4829", "4829", 0, Some([1; 16])).unwrap();
        assert!(confirm_or_set(&store, true, "4829", "", 1, None).is_ok());
        assert!(confirm_or_set(&store, true, "1111", "", 2, None).is_err());
    }

    #[test]
    fn no_secure_random_means_no_pin() {
        let store = MemoryStore::new();
        assert!(confirm_or_set(&store, false, "4829", "4829", 0, None).unwrap_err().contains("random"));
    }
}
