//! Manual backup and restore of the whole store, for the CLI now and the app later.

use crate::desk::Desk;
use crate::error::{code_of as error_code, ApiError};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;
use xetkhen_store::{Passphrase, Store, StoreError, StoreFacts};

/// A backup written and checked.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupReport {
    pub file: String,
    pub size_bytes: u64,
    pub schema_version: u32,
    pub rounds: u32,
    pub nominations: u32,
}

/// A store restored from a backup.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoreReport {
    /// The backup restored from.
    pub file: String,
    /// The copy of the store as it was before the restore.
    pub safety_copy: String,
    pub schema_version: u32,
    pub rounds: u32,
    pub nominations: u32,
}

/// The store re-encrypted under a new passphrase.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PassphraseReport {
    pub encrypted: bool,
    /// The copy of the store made before the change (re-encrypted with the others once it is made).
    pub safety_copy: String,
    /// Copies in `backups/` now under the new passphrase.
    pub backups_reencrypted: u32,
    /// Copies the old passphrase did not open, left as they were.
    pub backups_left: Vec<String>,
}

impl Desk {
    /// Writes a checked copy of the store to `out` (never over an existing file). The copy is
    /// reported as made only once `integrity_check` and the store checks pass on it.
    pub fn backup(&self, out: &Path) -> Result<BackupReport, ApiError> {
        if out.exists() {
            return Err(ApiError::invalid(
                "out",
                format!(
                    "Tệp {} đã có; hãy chọn tên khác (bản sao lưu không ghi đè tệp có sẵn).",
                    out.display()
                ),
            ));
        }
        let facts = self.store().snapshot(out).map_err(|e| {
            ApiError::new(
                error_code(&e),
                format!("Không tạo được bản sao lưu {}: {e}", out.display()),
            )
        })?;
        Ok(BackupReport {
            file: out.display().to_string(),
            size_bytes: facts.size_bytes,
            schema_version: facts.schema_version,
            rounds: facts.rounds,
            nominations: facts.nominations,
        })
    }

    /// Replaces the store with the backup in `from`, after checking it and copying the current
    /// store to `backups/`. A damaged or foreign file is refused and the store kept as it was.
    /// `passphrase` opens a backup of another salt than the store's (the store keeps only the key
    /// derived from its own).
    pub fn restore(
        &mut self,
        from: &Path,
        passphrase: Option<&Passphrase>,
    ) -> Result<RestoreReport, ApiError> {
        let (safety, facts): (_, StoreFacts) = self
            .store_mut()
            .restore_from(from, passphrase)
            .map_err(|e| {
                ApiError::new(
                    error_code(&e),
                    format!(
                        "Không khôi phục từ {}: {e} Kho dữ liệu hiện tại được giữ nguyên.",
                        from.display()
                    ),
                )
            })?;
        Ok(RestoreReport {
            file: from.display().to_string(),
            safety_copy: safety.display().to_string(),
            schema_version: facts.schema_version,
            rounds: facts.rounds,
            nominations: facts.nominations,
        })
    }

    /// Opens the store a restore will replace: `None` when it is damaged or not a store, so that
    /// [`Desk::restore_unopenable`] may replace it; other failures are errors as in
    /// [`Desk::open_encrypted`].
    pub fn open_for_restore(
        path: &Path,
        actor: &str,
        passphrase: Option<&Passphrase>,
    ) -> Result<Option<Desk>, ApiError> {
        match Store::open_encrypted(path, passphrase) {
            Ok(store) => Ok(Some(Desk::from_store(store, path, actor))),
            Err(e) if is_unopenable(&e) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Restores the store at `path` from `from` when the store cannot be opened at all (it is
    /// damaged, or not a store): the unreadable file is kept in `backups/`, reported as the
    /// safety copy. Only for those errors: a wrong passphrase, a busy, full or read-only store is
    /// refused as when opening.
    pub fn restore_unopenable(
        path: &Path,
        actor: &str,
        passphrase: Option<&Passphrase>,
        from: &Path,
    ) -> Result<(Desk, RestoreReport), ApiError> {
        let (store, aside, facts) =
            Store::restore_unopenable(path, from, passphrase).map_err(|e| {
                ApiError::new(
                    error_code(&e),
                    format!("Không khôi phục từ {}: {e}", from.display()),
                )
            })?;
        let report = RestoreReport {
            file: from.display().to_string(),
            safety_copy: aside.display().to_string(),
            schema_version: facts.schema_version,
            rounds: facts.rounds,
            nominations: facts.nominations,
        };
        Ok((Desk::from_store(store, path, actor), report))
    }

    /// Encrypts the store under `new` from now on (`None`: keeps it in clear), after a copy of
    /// it as it was; the copies in `backups/` follow it under the new passphrase. `current` is
    /// the passphrase the store is open with, for the copies of another salt.
    pub fn change_passphrase(
        &mut self,
        current: Option<&Passphrase>,
        new: Option<&Passphrase>,
    ) -> Result<PassphraseReport, ApiError> {
        let changed = self
            .store_mut()
            .change_passphrase(current, new)
            .map_err(|e| {
                ApiError::new(
                    error_code(&e),
                    format!("Không đổi được cụm mật khẩu: {e} Kho dữ liệu được giữ nguyên."),
                )
            })?;
        Ok(PassphraseReport {
            encrypted: new.is_some(),
            safety_copy: changed.safety.display().to_string(),
            backups_reencrypted: u32::try_from(changed.backups_reencrypted).unwrap_or(u32::MAX),
            backups_left: changed
                .backups_left
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
        })
    }
}

/// Whether a store that failed to open with `e` is one a restore may replace without opening it:
/// damaged, not a store, or not opened by the passphrase given (a damaged first page of an
/// encrypted store looks the same), rather than busy, full or read-only. The file is moved aside,
/// never deleted.
fn is_unopenable(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Corrupt(_)
            | StoreError::NotAStore { .. }
            | StoreError::NeedsPassphrase { .. }
            | StoreError::WrongPassphrase
            | StoreError::NotEncrypted
    )
}
