//! Encryption at rest (SQLCipher): the passphrase of a store, given to every connection first
//! thing, and what a wrong or missing one looks like.

use crate::StoreError;
use rusqlite::Connection;
use std::path::Path;

/// The passphrase of an encrypted store. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// `None` for an empty text: an empty passphrase would mean a store kept in clear. The text
    /// is taken in NFC, so that "ư" typed precomposed (the app, most keyboards) or as "u" and a
    /// combining horn (some Vietnamese input methods, a terminal) opens the same store.
    pub fn new(text: &str) -> Option<Passphrase> {
        (!text.is_empty()).then(|| Passphrase(xetkhen_core::text::nfc(text)))
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

/// Gives `conn` the key of its store; must come before any other statement on it.
pub(crate) fn unlock(conn: &Connection, key: Option<&Passphrase>) -> Result<(), StoreError> {
    if let Some(k) = key {
        conn.pragma_update(None, "key", k.text())?;
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

/// What the first read of a store failing as "not a database" means, given the key used.
pub(crate) fn unreadable(path: &Path, key: Option<&Passphrase>) -> StoreError {
    match key {
        Some(_) if is_plain_sqlite(path) => StoreError::NotEncrypted,
        Some(_) => StoreError::WrongPassphrase,
        None => StoreError::NeedsPassphrase {
            file: path.display().to_string(),
        },
    }
}
