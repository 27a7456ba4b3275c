//! The operations of Xét Khen, one function each, shared by the desktop shell and the `xetkhen`
//! CLI. Both front ends are thin: the shell's Tauri commands and the CLI's subcommands delegate
//! here and add nothing but argument plumbing. Requests and answers are plain serde types from
//! which the TypeScript bindings of the UI are generated (see [`bindings`]); what the window holds
//! by token has one type per kind (module `tokens`).

pub mod arrivals;
mod audit;
mod backup;
pub mod bindings;
mod countersign;
mod csv_out;
mod demo;
mod desk;
mod document;
mod error;
mod evidence;
mod formats;
mod fs;
mod history;
mod import;
mod job;
mod list_copy;
mod list_export;
mod members;
mod minutes;
mod nominations;
pub mod opened;
mod packets;
pub mod paths;
mod picked;
mod retention;
mod review;
mod round_package;
mod round_package_import;
mod session;
mod signing_key;
mod tally;
mod tokens;
mod verify;
mod views;
mod vote_summary;
mod window_export;
mod window_minutes;
#[cfg(all(test, windows))]
mod windows_tests;

pub use arrivals::{Arrivals, ArrivedFile, ArrivedKind};
pub use backup::{BackupReport, PassphraseReport, RestoreReport};
pub use countersign::{read_anchor, CountersignReport, CountersignRequest};
pub use desk::Desk;
pub use error::{ApiError, ErrorCode};
pub use evidence::MAX_EVIDENCE_BYTES;
pub use formats::{MAX_ROUND_BYTES, ROUND_FORMAT};
pub use import::{
    fold_search, import_fields, problems_csv, write_problems, write_template, ColumnChoice,
    ColumnView, DuplicateKind, DuplicateRow, DuplicateView, FileReport, ImportBatchView,
    ImportField, ImportReport, ImportRequest, LegacySampleView, PickedFile, PickedFiles,
    PickedImport, PreviewRow, ProblemView, RowRef, SheetView, UndoImportReport,
};
pub use job::{cancelled, CancelOutcome, Job, JobStage, JobStatus, Jobs};
pub use list_export::{
    ExportFilter, ExportFormat, ExportReport, ExportRequest, DEFAULT_SIGNER_TITLE,
};
pub use members::write_member_card;
pub use minutes::{MinutesReport, MinutesRequest};
pub use opened::{clear_opened_evidence, opened_evidence_dir, OPENED_DIR};
pub use retention::{CloseRound, EraseRound, ErasureView};
pub use session::{
    locked, ChangePassphrase, FoundTokenModule, LockState, Session, SessionView, SetPassphrase,
    TokenModules, DEFAULT_LOCK_AFTER, LOCK_AFTER_CHOICES, MIN_PASSPHRASE_CHARS,
};
pub use signing_key::{P12Key, SigningKey, TokenKey};
pub use tokens::{CertificateToken, DraftToken, FileToken, JobToken, SavedFileToken};
pub use verify::{in_vietnam_time, verify_file, SignatureView, TimestampView, VerifyView};
pub use views::*;
pub use vote_summary::summary_path;
pub use window_export::{
    export_choices, save_draft, write_training_certificate, ExportChoices, ExportOptions,
    ExportPreview, ExportSaved, Exports, FilterChoice, PickedCertificate, SignerChoice,
    TrainingCertificate, TOKEN_MODULE_ENV,
};
pub use window_minutes::{
    CountersignSaved, MinutesDraft, MinutesOptions, MinutesPreview, MinutesSaved,
};
pub use xetkhen_core::{Ballot, Count, Decision, VoteBase, VoteRule};
pub use xetkhen_store::{is_plain_sqlite, Passphrase};
pub use zeroize::Zeroizing;
