//! Encryption at rest (SQLCipher): the passphrase of a store, given to every connection first
//! thing, and what a wrong or missing one looks like.

use crate::StoreError;
use rusqlite::Connection;
use std::path::Path;
use zeroize::{Zeroize, Zeroizing};

/// The passphrase of an encrypted store. Its `Debug` never shows it, and its text is overwritten
/// with zeros when it is dropped. A [`Store`](crate::Store) does not keep it: it keeps the key
/// derived from it ([`RawKey`]).
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// `None` for an empty text: an empty passphrase would mean a store kept in clear. The text
    /// is taken in NFC, so that "ư" typed precomposed (the app, most keyboards) or as "u" and a
    /// combining horn (some Vietnamese input methods, a terminal) opens the same store.
    pub fn new(text: &str) -> Option<Passphrase> {
        (!text.is_empty()).then(|| Passphrase(Zeroizing::new(xetkhen_core::text::nfc(text))))
    }

    /// How many characters it has, for the rule on a passphrase's length.
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }

    pub(crate) fn text(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// SQLCipher 4's key derivation, which [`RawKey::derive`] repeats: PBKDF2-HMAC-SHA512 over the
/// passphrase and the file's salt (its first 16 bytes), 256,000 rounds, a 256-bit key.
const KDF_ROUNDS: u32 = 256_000;
const SALT_BYTES: usize = 16;

/// The key SQLCipher would derive from a passphrase and a file's salt, with that salt, in the form
/// `PRAGMA key` takes as a raw key (`x'…'`, key then salt in hex). A connection given it skips the
/// key derivation, which costs about a quarter of a second each time; copies made through such a
/// connection (`VACUUM INTO`) keep the salt, so the same raw key opens them. Its `Debug` hides it;
/// its text is overwritten with zeros when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct RawKey {
    text: Zeroizing<String>,
    salt: [u8; SALT_BYTES],
}

impl std::fmt::Debug for RawKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RawKey(***)")
    }
}

impl RawKey {
    pub(crate) fn derive(key: &Passphrase, salt: &[u8; SALT_BYTES]) -> RawKey {
        use std::fmt::Write;
        let mut derived: [u8; 32] =
            pbkdf2::pbkdf2_hmac_array::<sha2::Sha512, 32>(key.text().as_bytes(), salt, KDF_ROUNDS);
        // Written in place: no temporary string holds the key's digits.
        let mut text = Zeroizing::new(String::with_capacity(3 + 2 * (32 + SALT_BYTES)));
        text.push_str("x'");
        for b in derived.iter().chain(salt) {
            let _ = write!(text, "{b:02X}");
        }
        text.push('\'');
        derived.zeroize();
        RawKey { text, salt: *salt }
    }

    /// Whether `key` is the passphrase this key was derived from (derived again with the same
    /// salt, so a quarter of a second).
    pub(crate) fn is_from(&self, key: &Passphrase) -> bool {
        RawKey::derive(key, &self.salt) == *self
    }

    /// The raw key of the store at `path` under `key`: with the file's own salt when the file is
    /// an encrypted store already, with a new random salt when it is still to be made.
    pub(crate) fn for_file(path: &Path, key: &Passphrase) -> Result<RawKey, StoreError> {
        let salt = match file_salt(path) {
            Some(salt) => salt,
            None => new_salt()?,
        };
        Ok(RawKey::derive(key, &salt))
    }
}

/// The salt in the first bytes of an encrypted file; `None` for a missing, empty or clear file.
fn file_salt(path: &Path) -> Option<[u8; SALT_BYTES]> {
    use std::io::Read;
    if is_plain_sqlite(path) {
        return None;
    }
    let mut salt = [0u8; SALT_BYTES];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut salt))
        .ok()
        .map(|()| salt)
}

/// Random bytes from SQLite's own generator (seeded from the system), on a connection of its own
/// so that no store connection runs a statement before its key.
fn new_salt() -> Result<[u8; SALT_BYTES], StoreError> {
    let conn = Connection::open_in_memory()?;
    let bytes: Vec<u8> = conn.query_row("SELECT randomblob(16)", [], |r| r.get(0))?;
    bytes
        .try_into()
        .map_err(|_| StoreError::Invalid("không tạo được muối ngẫu nhiên cho khoá".into()))
}

/// How a connection gets its key.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Unlock<'a> {
    /// A store kept in clear.
    Clear,
    /// SQLCipher derives the key from the passphrase and the file's salt (a file of unknown salt,
    /// such as a backup to restore).
    Passphrase(&'a Passphrase),
    /// The key already derived for this store (its own connections and copies).
    Raw(&'a RawKey),
}

impl<'a> Unlock<'a> {
    pub(crate) fn from(key: Option<&'a Passphrase>) -> Unlock<'a> {
        key.map_or(Unlock::Clear, Unlock::Passphrase)
    }

    pub(crate) fn is_encrypted(self) -> bool {
        !matches!(self, Unlock::Clear)
    }
}

/// Gives `conn` the key of its store, in any of the ways of [`Unlock`]; must come before any
/// other statement on it.
pub(crate) fn unlock_with(conn: &Connection, how: Unlock<'_>) -> Result<(), StoreError> {
    let text = match how {
        Unlock::Clear => None,
        Unlock::Passphrase(k) => Some(k.text()),
        Unlock::Raw(r) => Some(r.text.as_str()),
    };
    if let Some(text) = text {
        conn.pragma_update(None, "key", text)?;
        // SQLCipher writes its own English lines to stderr (a wrong key is "hmac check failed");
        // the user gets our message instead. The level is process-wide and set once SQLCipher is
        // active, which the key above makes it.
        let _level: String = conn.query_row("PRAGMA cipher_log_level = NONE", [], |r| r.get(0))?;
    }
    Ok(())
}

/// True when the file begins as every SQLite file kept in clear does; an encrypted store begins
/// with random bytes.
pub fn is_plain_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"SQLite format 3\0")
}

/// What the first read of a store failing as "not a database" means, given whether a key was used.
pub(crate) fn unreadable(path: &Path, encrypted: bool) -> StoreError {
    match encrypted {
        true if is_plain_sqlite(path) => StoreError::NotEncrypted,
        true => StoreError::WrongPassphrase,
        false => StoreError::NeedsPassphrase {
            file: path.display().to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn neither_a_passphrase_nor_the_key_derived_from_it_shows_in_a_debug_print() {
        let key = Passphrase::new("Hội đồng Thi đua 2025").unwrap();
        let raw = RawKey::derive(&key, &[7u8; SALT_BYTES]);
        let printed = format!("{key:?} {key:#?} {raw:?} {raw:#?} {:?}", Unlock::Raw(&raw));
        assert!(!printed.contains("Hội"), "{printed}");
        let hex: String = raw.text.chars().skip(2).take(16).collect();
        assert!(!printed.contains(&hex), "{printed}");
        assert!(printed.contains("***"), "{printed}");
    }

    #[test]
    fn the_derived_key_tells_its_passphrase_from_another() {
        let key = Passphrase::new("Hội đồng Thi đua 2025").unwrap();
        let raw = RawKey::derive(&key, &[7u8; SALT_BYTES]);
        assert!(raw.is_from(&key));
        assert!(!raw.is_from(&Passphrase::new("Hội đồng Thi đua 2024").unwrap()));
    }
}
