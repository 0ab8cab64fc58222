//! Sealed responses (issue 13): tablets that can write answers but cannot read them back.
//!
//! A sealed session has a key pair made on the facilitator's device. Its public key travels with
//! the session (and its pack), and every tablet seals each response to it as it is saved. When the
//! kiosk starts it makes an ephemeral X25519 key pair that lives only in memory ([`Sealer`]); each
//! response is sealed with `crypto_box` (X25519 with that ephemeral key and the session's public
//! key, XSalsa20-Poly1305, a fresh random nonce) and carries the ephemeral public key. Nothing the
//! tablet stores can open its own records: the ephemeral secret is never written down. Opening
//! needs the session's private key; one key agreement per kiosk start, not per response, so
//! opening a council's 100,000 responses costs about as many key agreements as tablet starts. The private key is kept only wrapped (XSalsa20-Poly1305) under a key derived
//! from the facilitator's passphrase with Argon2id, whose parameters are stored with it; a
//! recovery file holds it for when the passphrase is lost.
//!
//! Nothing here draws randomness: callers pass the random bytes (in the app, from the browser's
//! `crypto.getRandomValues`), so the core stays pure and its tests are reproducible.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use crypto_box::aead::{Aead, KeyInit};
use crypto_box::{PublicKey, SalsaBox, SecretKey};
use serde::{Deserialize, Serialize};

/// Bytes sealing adds to a message: the ephemeral public key, the nonce and the tag.
pub const SEAL_OVERHEAD: usize = 32 + 24 + 16;

/// The format name of a recovery file.
pub const RECOVERY_FORMAT: &str = "youth-voice-recovery";

/// Why sealing, unsealing or unwrapping failed. Every case is specific; none panics.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the session's public key is damaged ({0})")]
    BadPublicKey(String),
    #[error("the sealed answers are not readable text ({0})")]
    NotSealed(String),
    #[error("the sealed answers were changed or damaged, or sealed to another session's key")]
    Tampered,
    #[error("that passphrase does not open this session's key")]
    WrongPassphrase,
    #[error("the stored key is damaged ({0})")]
    BadWrappedKey(String),
    #[error("this is not a Youth Voice recovery file ({0})")]
    BadRecoveryFile(String),
    #[error("the recovery file is for another session's key")]
    OtherSession,
    #[error("the key could not be derived from the passphrase ({0})")]
    Kdf(String),
}

/// The private half of a session's key pair. Lives only in memory; stored only wrapped.
#[derive(Clone)]
pub struct SessionKey(SecretKey);

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SessionKey(public {})", self.public())
    }
}

impl SessionKey {
    /// A key from 32 random bytes.
    pub fn from_random(bytes: [u8; 32]) -> Self {
        SessionKey(SecretKey::from(bytes))
    }

    /// The public key, as text (base64url, 43 characters): what the session and its pack carry.
    pub fn public(&self) -> String {
        B64.encode(self.0.public_key().as_bytes())
    }

    /// Open a sealed text from [`Sealer::seal`] (one key agreement; [`Opener`] keeps them).
    pub fn unseal(&self, sealed: &str) -> Result<Vec<u8>, SealError> {
        self.opener().open(sealed)
    }

    /// An opener for many sealed texts, keeping one key agreement per sealing tablet start.
    pub fn opener(&self) -> Opener {
        Opener { key: self.0.clone(), boxes: std::collections::HashMap::new() }
    }

    fn bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

fn public_key(text: &str) -> Result<PublicKey, SealError> {
    let bytes = B64.decode(text).map_err(|e| SealError::BadPublicKey(e.to_string()))?;
    let bytes: [u8; 32] =
        bytes.try_into().map_err(|b: Vec<u8>| SealError::BadPublicKey(format!("{} bytes, not 32", b.len())))?;
    Ok(PublicKey::from(bytes))
}

/// Whether `text` is a usable public key.
pub fn check_public_key(text: &str) -> Result<(), SealError> {
    public_key(text).map(|_| ())
}

/// A tablet's sealer for one session: made when the kiosk starts, kept only in memory.
pub struct Sealer {
    ephemeral_public: [u8; 32],
    cipher: SalsaBox,
}

impl Sealer {
    /// A sealer to the session's public key `public` (text, from [`SessionKey::public`]), with 32
    /// fresh random bytes for its ephemeral key.
    pub fn new(public: &str, random: [u8; 32]) -> Result<Self, SealError> {
        let recipient = public_key(public)?;
        let ephemeral = SecretKey::from(random);
        Ok(Sealer {
            ephemeral_public: *ephemeral.public_key().as_bytes(),
            cipher: SalsaBox::new(&recipient, &ephemeral),
        })
    }

    /// Seal `message` with 24 fresh random bytes of nonce: base64url of ephemeral public key,
    /// nonce and ciphertext, `4/3 × (message + 72)` characters. Any change is detected on opening.
    pub fn seal(&self, message: &[u8], nonce: [u8; 24]) -> Result<String, SealError> {
        let sealed = self
            .cipher
            .encrypt((&nonce).into(), message)
            .map_err(|_| SealError::BadPublicKey("it cannot be sealed to".into()))?;
        let mut out = Vec::with_capacity(SEAL_OVERHEAD + message.len());
        out.extend_from_slice(&self.ephemeral_public);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(B64.encode(out))
    }
}

/// Opens sealed texts with a session's private key, keeping the key agreement for each sealing
/// tablet start it meets.
pub struct Opener {
    key: SecretKey,
    boxes: std::collections::HashMap<[u8; 32], SalsaBox>,
}

impl Opener {
    pub fn open(&mut self, sealed: &str) -> Result<Vec<u8>, SealError> {
        let bytes = B64.decode(sealed).map_err(|e| SealError::NotSealed(e.to_string()))?;
        if bytes.len() < SEAL_OVERHEAD {
            return Err(SealError::NotSealed(format!("{} bytes is too short", bytes.len())));
        }
        let (head, ciphertext) = bytes.split_at(56);
        let ephemeral: [u8; 32] = head[..32].try_into().map_err(|_| SealError::Tampered)?;
        let key = &self.key;
        let cipher = self.boxes.entry(ephemeral).or_insert_with(|| SalsaBox::new(&PublicKey::from(ephemeral), key));
        cipher.decrypt(head[32..].into(), ciphertext).map_err(|_| SealError::Tampered)
    }
}

/// Whether `sealed` has the shape of a sealed text (base64url, long enough for the ephemeral key,
/// nonce and tag). Only opening it proves it is whole.
pub fn check_sealed(sealed: &str) -> Result<(), SealError> {
    let bytes = B64.decode(sealed).map_err(|e| SealError::NotSealed(e.to_string()))?;
    if bytes.len() < SEAL_OVERHEAD {
        return Err(SealError::NotSealed(format!("{} bytes is too short", bytes.len())));
    }
    Ok(())
}

/// Seal one message with a sealer of its own (tests and one-off uses; the kiosk keeps one
/// [`Sealer`] for all its responses). `random` gives the ephemeral key and the nonce.
pub fn seal(public: &str, message: &[u8], random: [u8; 56]) -> Result<String, SealError> {
    let (key, nonce) = random.split_at(32);
    let sealer = Sealer::new(public, key.try_into().map_err(|_| SealError::Tampered)?)?;
    sealer.seal(message, nonce.try_into().map_err(|_| SealError::Tampered)?)
}

/// Shortest passphrase accepted for a sealed session, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// Why a chosen passphrase is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseProblem {
    #[error("choose a passphrase of at least {MIN_PASSPHRASE_CHARS} characters to seal the answers")]
    TooShort,
    #[error("the two passphrases are not the same")]
    Different,
}

/// Check a new passphrase, typed twice.
pub fn check_new_passphrase(passphrase: &str, again: &str) -> Result<(), PassphraseProblem> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(PassphraseProblem::TooShort);
    }
    if passphrase != again {
        return Err(PassphraseProblem::Different);
    }
    Ok(())
}

/// Argon2id's cost, stored with every wrapped key so older keys open after the defaults change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl Default for KdfParams {
    /// 19 MiB, 2 passes, 1 lane: OWASP's minimum for Argon2id, about a second on a cheap
    /// tablet's browser, once per results session.
    fn default() -> Self {
        KdfParams { m_kib: 19 * 1024, t: 2, p: 1 }
    }
}

/// A session's private key, wrapped under a key derived from the facilitator's passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrappedKey {
    /// Always "argon2id".
    pub kdf: String,
    pub params: KdfParams,
    /// base64url: 16 bytes of salt, 24 bytes of nonce, and the wrapped key (32 + 16 tag).
    pub salt: String,
    pub nonce: String,
    pub wrapped: String,
    /// The key's public half, to check an unwrap and a recovery file against.
    pub public: String,
}

fn derive(passphrase: &str, salt: &[u8], p: KdfParams) -> Result<[u8; 32], SealError> {
    let params = argon2::Params::new(p.m_kib, p.t, p.p, Some(32)).map_err(|e| SealError::Kdf(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = [0u8; 32];
    argon.hash_password_into(passphrase.as_bytes(), salt, &mut out).map_err(|e| SealError::Kdf(e.to_string()))?;
    Ok(out)
}

/// Wrap `key` under `passphrase` with fresh random `salt` and `nonce`.
pub fn wrap(
    key: &SessionKey,
    passphrase: &str,
    params: KdfParams,
    salt: [u8; 16],
    nonce: [u8; 24],
) -> Result<WrappedKey, SealError> {
    let kek = derive(passphrase, &salt, params)?;
    let cipher = crypto_box::aead::generic_array::GenericArray::clone_from_slice(&kek);
    let wrapped = crypto_secretbox_cipher(&cipher)
        .encrypt((&nonce).into(), key.bytes().as_slice())
        .map_err(|_| SealError::Kdf("the key could not be wrapped".into()))?;
    Ok(WrappedKey {
        kdf: "argon2id".into(),
        params,
        salt: B64.encode(salt),
        nonce: B64.encode(nonce),
        wrapped: B64.encode(wrapped),
        public: key.public(),
    })
}

fn crypto_secretbox_cipher(
    key: &crypto_box::aead::generic_array::GenericArray<u8, crypto_box::aead::consts::U32>,
) -> crypto_secretbox::XSalsa20Poly1305 {
    crypto_secretbox::XSalsa20Poly1305::new(key)
}

/// Open a wrapped key with the passphrase. A wrong passphrase is [`SealError::WrongPassphrase`]
/// and changes nothing.
pub fn unwrap(w: &WrappedKey, passphrase: &str) -> Result<SessionKey, SealError> {
    if w.kdf != "argon2id" {
        return Err(SealError::BadWrappedKey(format!("key derivation \"{}\" is not supported", w.kdf)));
    }
    let field = |name: &str, text: &str| B64.decode(text).map_err(|e| SealError::BadWrappedKey(format!("{name}: {e}")));
    let salt = field("salt", &w.salt)?;
    let nonce = field("nonce", &w.nonce)?;
    let wrapped = field("wrapped", &w.wrapped)?;
    if nonce.len() != 24 {
        return Err(SealError::BadWrappedKey(format!("nonce of {} bytes, not 24", nonce.len())));
    }
    let kek = derive(passphrase, &salt, w.params)?;
    let cipher = crypto_box::aead::generic_array::GenericArray::clone_from_slice(&kek);
    let nonce = crypto_box::aead::generic_array::GenericArray::clone_from_slice(&nonce);
    let bytes =
        crypto_secretbox_cipher(&cipher).decrypt(&nonce, wrapped.as_slice()).map_err(|_| SealError::WrongPassphrase)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| SealError::BadWrappedKey("the key is not 32 bytes".into()))?;
    let key = SessionKey::from_random(bytes);
    if key.public() != w.public {
        return Err(SealError::BadWrappedKey("it does not match its public key".into()));
    }
    Ok(key)
}

/// The recovery file a facilitator downloads at setup: the session's private key in the clear,
/// for when the passphrase is lost. Whoever holds it can read the session's answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryFile {
    pub format: String,
    pub format_version: u32,
    /// The session it opens, and its group, so a facilitator can tell files apart.
    pub session: String,
    pub group: String,
    pub public: String,
    pub secret: String,
}

/// The recovery file for `key`, as pretty JSON.
pub fn recovery_file(key: &SessionKey, session: &str, group: &str) -> String {
    let file = RecoveryFile {
        format: RECOVERY_FORMAT.into(),
        format_version: 1,
        session: session.into(),
        group: group.into(),
        public: key.public(),
        secret: B64.encode(key.bytes()),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Read a recovery file and check it opens the key whose public half is `public`.
pub fn read_recovery_file(text: &str, public: &str) -> Result<SessionKey, SealError> {
    let file: RecoveryFile = serde_json::from_str(text).map_err(|e| SealError::BadRecoveryFile(e.to_string()))?;
    if file.format != RECOVERY_FORMAT || file.format_version != 1 {
        return Err(SealError::BadRecoveryFile(format!("format \"{}\" version {}", file.format, file.format_version)));
    }
    let bytes = B64.decode(&file.secret).map_err(|e| SealError::BadRecoveryFile(e.to_string()))?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| SealError::BadRecoveryFile("the key is not 32 bytes".into()))?;
    let key = SessionKey::from_random(bytes);
    if key.public() != file.public {
        return Err(SealError::BadRecoveryFile("its key does not match its public key".into()));
    }
    if key.public() != public {
        return Err(SealError::OtherSession);
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Cheap parameters for tests (the defaults take about a second each).
    const FAST: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };

    fn key(n: u8) -> SessionKey {
        SessionKey::from_random([n; 32])
    }

    #[test]
    fn a_sealed_message_opens_only_with_its_key() {
        let k = key(1);
        let sealed = seal(&k.public(), b"3121..0104", [9; 56]).unwrap();
        assert_eq!(k.unseal(&sealed).unwrap(), b"3121..0104");
        assert!(!sealed.contains("3121"), "nothing readable");
        assert_eq!(key(2).unseal(&sealed), Err(SealError::Tampered));
        assert_eq!(sealed.len(), ((10 + SEAL_OVERHEAD) * 4).div_ceil(3));
    }

    #[test]
    fn the_same_message_seals_differently_each_time() {
        let k = key(1);
        assert_ne!(seal(&k.public(), b"same", [1; 56]).unwrap(), seal(&k.public(), b"same", [2; 56]).unwrap());
        // One sealer (one kiosk start), many responses: each its own nonce, one key agreement.
        let sealer = Sealer::new(&k.public(), [3; 32]).unwrap();
        let a = sealer.seal(b"first", [4; 24]).unwrap();
        let b = sealer.seal(b"second", [5; 24]).unwrap();
        let mut opener = k.opener();
        assert_eq!(opener.open(&a).unwrap(), b"first");
        assert_eq!(opener.open(&b).unwrap(), b"second");
        assert_eq!(opener.boxes.len(), 1);
    }

    #[test]
    fn damage_is_detected_never_a_panic() {
        let k = key(1);
        let sealed = seal(&k.public(), b"answers", [5; 56]).unwrap();
        assert!(matches!(k.unseal("not base64!"), Err(SealError::NotSealed(_))));
        assert!(matches!(k.unseal("AAAA"), Err(SealError::NotSealed(_))));
        assert!(matches!(seal("short", b"x", [0; 56]), Err(SealError::BadPublicKey(_))));
        let mut bytes = B64.decode(&sealed).unwrap();
        for i in [0, 31, 32, 55, 56, bytes.len() - 1] {
            bytes[i] ^= 1;
            assert_eq!(k.unseal(&B64.encode(&bytes)), Err(SealError::Tampered), "byte {i}");
            bytes[i] ^= 1;
        }
    }

    #[test]
    fn a_wrapped_key_opens_with_its_passphrase_only() {
        let k = key(4);
        let w = wrap(&k, "correct horse battery", FAST, [1; 16], [2; 24]).unwrap();
        assert!(!w.wrapped.contains(&B64.encode(k.bytes())));
        assert_eq!(unwrap(&w, "correct horse battery").unwrap().public(), k.public());
        assert_eq!(unwrap(&w, "Correct horse battery").unwrap_err(), SealError::WrongPassphrase);
        let text = serde_json::to_string(&w).unwrap();
        let back: WrappedKey = serde_json::from_str(&text).unwrap();
        assert_eq!(back, w, "parameters travel with the key");
        let mut bad = w.clone();
        bad.kdf = "pbkdf2".into();
        assert!(matches!(unwrap(&bad, "correct horse battery"), Err(SealError::BadWrappedKey(_))));
        let mut bad = w.clone();
        bad.nonce = "AA".into();
        assert!(matches!(unwrap(&bad, "correct horse battery"), Err(SealError::BadWrappedKey(_))));
    }

    #[test]
    fn a_new_passphrase_is_long_enough_and_typed_the_same_twice() {
        assert_eq!(check_new_passphrase("short", "short"), Err(PassphraseProblem::TooShort));
        // Characters, not bytes: ten Urdu letters are enough, nine are not.
        assert_eq!(check_new_passphrase("ابپتٹثجچح", "ابپتٹثجچح"), Err(PassphraseProblem::TooShort));
        assert_eq!(check_new_passphrase("ابپتٹثجچحخ", "ابپتٹثجچحخ"), Ok(()));
        assert_eq!(check_new_passphrase("blue kettle hill", "blue kettle hil"), Err(PassphraseProblem::Different));
        assert_eq!(check_new_passphrase("blue kettle hill", "blue kettle hill"), Ok(()));
    }

    #[test]
    fn the_default_cost_is_argon2id_at_owasp_minimum() {
        assert_eq!(KdfParams::default(), KdfParams { m_kib: 19_456, t: 2, p: 1 });
    }

    #[test]
    fn a_recovery_file_opens_its_session_and_no_other() {
        let k = key(6);
        let file = recovery_file(&k, "s1", "Year 8");
        let sealed = seal(&k.public(), b"answers", [8; 56]).unwrap();
        let back = read_recovery_file(&file, &k.public()).unwrap();
        assert_eq!(back.unseal(&sealed).unwrap(), b"answers");
        assert_eq!(read_recovery_file(&file, &key(9).public()).unwrap_err(), SealError::OtherSession);
        assert!(matches!(read_recovery_file("{}", &k.public()), Err(SealError::BadRecoveryFile(_))));
        let tampered = file.replace(&k.public(), &key(9).public());
        assert!(matches!(read_recovery_file(&tampered, &key(9).public()), Err(SealError::BadRecoveryFile(_))));
    }

    proptest! {
        #[test]
        fn any_message_round_trips(message in proptest::collection::vec(any::<u8>(), 0..400), r in any::<[u8; 32]>(), n in any::<[u8; 24]>(), k in any::<[u8; 32]>()) {
            let k = SessionKey::from_random(k);
            let sealed = Sealer::new(&k.public(), r).unwrap().seal(&message, n).unwrap();
            prop_assert_eq!(k.unseal(&sealed).unwrap(), message);
        }
    }
}
