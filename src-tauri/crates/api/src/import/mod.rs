//! Importing nomination lists: read and check every file, then write the accepted ones in one
//! transaction, after a snapshot of the store. A file with a rejected row is refused whole unless
//! the user chose to skip invalid rows; a refused file writes nothing.
//!
//! Here the import itself (`Desk::import_with`) and the round it goes to; `report.rs` what it is
//! asked and answers, `duplicates.rs` duplicates and look-alikes, `undo.rs` batches and their
//! undo, `files.rs` the files picked in the shell's dialogs, `csv_file.rs` every CSV written.

use crate::desk::{round_view, Desk};
use crate::error::{ApiError, ErrorCode};
use crate::job::{Job, JobStage};
use crate::tokens::{FileToken, JobToken};
use crate::views::RoundView;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;
use xetkhen_core::text::fold;
use xetkhen_core::{
    Message, MessageCode, Nomination, NomineeKind, Round, RoundKind, RoundStatus, Rubric,
};
use xetkhen_import::{Field, ImportOptions, NominationDraft, ParsedFile, Problem, TextEncoding};
use xetkhen_store::WriteOutcome;

mod csv_file;
mod duplicates;
mod files;
mod read;
mod report;
mod undo;
mod write;

pub use csv_file::{problems_csv, write_problems};
pub use duplicates::{DuplicateKind, DuplicateRow, DuplicateView};
pub use files::{PickedFile, PickedFiles, PickedImport};
use report::{file_problem, file_report, problem_view, sheet_view};
pub use report::{
    fold_search, import_fields, ColumnChoice, ColumnView, FileReport, ImportField, ImportReport,
    ImportRequest, LegacySampleView, PreviewRow, ProblemView, RowRef, SheetView,
};
pub use undo::{ImportBatchView, UndoImportReport};

/// Namespace of nomination ids made from an imported row's natural key: the same row imported on
/// any laptop gets the same id.
const NOMINATION_NS: uuid::Uuid = uuid::Uuid::from_u128(0x2242_7b1e_5c0d_4e8a_9f00_0000_0000_2025);

impl Desk {
    /// Imports lists into a round. Refused files and rejected rows are reported, never written.
    pub fn import(&mut self, req: &ImportRequest) -> Result<ImportReport, ApiError> {
        self.import_with(req, &Job::default())
    }

    /// [`Desk::import`], reporting each file read and each row written on `job`, and stopping
    /// when the user cancels it. A cancel before the commit leaves the store as it was (the
    /// round, mappings and nominations are written in one transaction); after it, the cancel is
    /// refused as too late.
    pub fn import_with(
        &mut self,
        req: &ImportRequest,
        job: &Job,
    ) -> Result<ImportReport, ApiError> {
        if req.files.is_empty() {
            return Err(ApiError::invalid("files", "Chưa chọn tệp nào để nhập."));
        }
        let (round, round_created) = self.import_round(req.round.as_deref())?;
        // A round made for this import is written only together with its first nominations.
        let rubric = if round_created {
            Rubric::plan_2242()
        } else {
            self.store().round_rubric(&round.id)?
        };
        let encoding = match req.encoding.as_deref() {
            None => None,
            Some("utf-8") => Some(TextEncoding::Utf8),
            Some("utf-16le") => Some(TextEncoding::Utf16Le),
            Some("utf-16be") => Some(TextEncoding::Utf16Be),
            Some("windows-1258") => Some(TextEncoding::Windows1258),
            Some(other) => {
                return Err(ApiError::invalid(
                    "encoding",
                    format!("Bảng mã «{other}» không được hỗ trợ (utf-8, utf-16le, utf-16be, windows-1258)."),
                ))
            }
        };
        // Wordings mapped by hand in earlier imports, then this request's choices over them.
        let mut mapping: HashMap<String, Field> = self
            .store()
            .column_mappings()?
            .into_iter()
            .filter_map(|(header, field)| Field::parse(&field).map(|f| (header, f)))
            .collect();
        let mut to_remember = Vec::new();
        for c in &req.mapping {
            let field = Field::parse(&c.field).ok_or_else(|| {
                ApiError::invalid(
                    "mapping",
                    format!("Trường «{}» không có trong danh sách trường.", c.field),
                )
            })?;
            // A column letter names a place in one file; a wording is worth remembering.
            let key = if c.header.len() <= 3 && c.header.chars().all(|ch| ch.is_ascii_uppercase()) {
                c.header.clone()
            } else {
                let folded = fold(&c.header);
                to_remember.push((folded.clone(), field.code().to_string()));
                folded
            };
            mapping.insert(key, field);
        }
        let opts = ImportOptions {
            sheet: req.sheet.clone(),
            encoding,
            mapping,
            convert_legacy: req.convert_legacy,
        };

        // The reader checks the files on its own thread and hands rows over as they come; this
        // thread writes them meanwhile. Both stop when either does.
        let labels: Vec<String> = req.files.iter().map(|p| label(p)).collect();
        let mut snapshot = None;
        let batch_id = uuid::Uuid::new_v4().to_string();
        let actor = self.actor().to_string();
        let reading = read::Reading {
            req,
            rubric: &rubric,
            round: &round,
            opts: &opts,
            job,
            now: Utc::now(),
        };
        let (to_writer, from_reader) = std::sync::mpsc::sync_channel(4);
        let (stored_to_reader, stored_from_writer) = std::sync::mpsc::sync_channel(1);
        let (read, written) = std::thread::scope(|scope| {
            let reader = scope.spawn(move || reading.run(&to_writer, &stored_from_writer));
            let written = (|| {
                // Dropped with this closure, whatever it ends with: a reader waiting for the
                // round's nominations the rows were found to be then stops waiting.
                let stored_to_reader = stored_to_reader;
                let target = if req.dry_run {
                    write::Target::DryRun(self.store())
                } else {
                    // A copy of the whole store at most once a day, taken while the first file
                    // is read: the import itself is undone by its batch, at its own cost.
                    snapshot = self.daily_snapshot()?;
                    write::Target::Write(Box::new(self.store_mut().begin_import(
                        &xetkhen_store::ImportStart {
                            actor: &actor,
                            round_id: &round.id,
                            new_round: round_created.then_some((&round, &rubric)),
                            mappings: &to_remember,
                            batch: Some(&batch_id),
                        },
                    )?))
                };
                write::write_all(
                    target,
                    &round.id,
                    &labels,
                    &from_reader,
                    &stored_to_reader,
                    job,
                )
            })();
            // The reader stops at its next row once nobody listens.
            drop(from_reader);
            let read = reader.join().unwrap_or_else(|_| {
                Err(ApiError::new(
                    ErrorCode::Internal,
                    "Việc đọc danh sách dừng giữa chừng vì một lỗi của chương trình; chưa ghi gì vào kho.",
                ))
            });
            (read, written)
        });
        // A writer's failure is the cause: the reader then stopped for want of a listener.
        // A writer that got no end of the files wrote nothing, and the reader says why.
        let (read, written) = match (read, written?) {
            (Ok(read), Some(written)) => (read, written),
            (Err(e), _) => return Err(e),
            (Ok(_), None) => {
                return Err(ApiError::new(
                    ErrorCode::Internal,
                    "Việc đọc danh sách dừng giữa chừng; chưa ghi gì vào kho.",
                ))
            }
        };
        let wrote = written.counts.rows() > 0;
        let mut problems = read.problems;
        problems.extend(read.duplicate_problems);
        let mut duplicates = read.duplicates;
        duplicates.extend(read.lookalikes);
        let rejected = read.files.iter().map(|f| f.rejected).sum();
        let count = match (round_created, wrote && !req.dry_run) {
            (true, false) => 0,
            // A round this import made holds exactly the rows it added.
            (true, true) => written.counts.imported,
            (false, _) => self.store().count_nominations(Some(&round.id))?,
        };
        job.finish();
        Ok(ImportReport {
            round: round_view(&round, count),
            round_created: round_created && wrote && !req.dry_run,
            files: read.files,
            imported: written.counts.imported,
            updated: written.counts.updated,
            unchanged: written.counts.unchanged,
            rejected,
            problems,
            warnings: read.warnings,
            duplicates,
            skipped: read.skipped,
            batch: written.batch_kept.then_some(batch_id),
            snapshot: snapshot.map(|p| p.display().to_string()),
            dry_run: req.dry_run,
        })
    }

    /// The round an import goes to: the one named, else the latest open one, else a new round
    /// for plan 2242's final review (returned with `true`, not yet written).
    fn import_round(&self, id: Option<&str>) -> Result<(Round, bool), ApiError> {
        if let Some(id) = id {
            let found = self
                .store()
                .round(id)?
                .ok_or_else(|| ApiError::not_found("đợt xét", id))?;
            if found.round.status == RoundStatus::Closed {
                return Err(ApiError::invalid(
                    "round",
                    format!(
                        "Đợt xét «{}» đã đóng; không nhập thêm hồ sơ.",
                        found.round.name
                    ),
                ));
            }
            return Ok((found.round, false));
        }
        if let Some(r) = self.store().latest_open_round()? {
            return Ok((r, false));
        }
        let mut round = Round::open(
            uuid::Uuid::new_v4().to_string(),
            "Tổng kết Phong trào thi đua Chính quyền số, Chuyển đổi số (2022–2025)",
            RoundKind::TongKet,
            Utc::now(),
        );
        round.starts_on = chrono::NaiveDate::from_ymd_opt(2022, 7, 5);
        round.ends_on = chrono::NaiveDate::from_ymd_opt(2025, 12, 31);
        Ok((round, true))
    }

    /// The daily copy of the store in `backups/` before a bulk write, when none was made in the
    /// last day; `None` otherwise and for a store in memory.
    pub fn daily_snapshot(&self) -> Result<Option<PathBuf>, ApiError> {
        self.store().daily_snapshot().map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không tạo được bản sao lưu trước khi ghi ({e}); chưa ghi gì vào kho."),
            )
        })
    }
}

/// The id of an imported nominee from its draft's natural key: the same row imported on any
/// laptop gets the same id.
fn nomination_id(round_id: &str, natural_key: &str) -> String {
    let key = format!("{round_id}/{natural_key}");
    uuid::Uuid::new_v5(&NOMINATION_NS, key.as_bytes()).to_string()
}

pub(super) fn label(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Writes the blank list template (the canonical header) to `path`.
pub fn write_template(path: &Path) -> Result<(), ApiError> {
    xetkhen_import::write_template(path).map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))
}
