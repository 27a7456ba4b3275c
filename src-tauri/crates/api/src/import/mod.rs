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
mod report;
mod undo;

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

/// One accepted row on its way to the store.
struct Pending {
    place: String,
    at: RowRef,
    file: usize,
    draft: NominationDraft,
    /// The draft's natural key and the nomination id made from it, each computed once.
    key: String,
    id: String,
}

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

        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut pending: Vec<Pending> = Vec::new();
        for path in &req.files {
            job.step(JobStage::Reading, 0, 0)?;
            // The bar moves with the rows of the file being checked; a cancel stops the read
            // within a few rows.
            let parsed = xetkhen_import::parse_file_with(
                Path::new(path),
                &rubric,
                round.kind,
                &opts,
                &mut |done, total| job.step(JobStage::Reading, done, total).is_ok(),
            );
            let index = files.len();
            match parsed {
                Err(xetkhen_import::ImportError::Stopped { .. }) => {
                    return Err(crate::job::cancelled())
                }
                Err(e) => {
                    problems.push(file_problem(&label(path), e.message()));
                    // A workbook read but without a list where one was sought: the user picks
                    // another sheet from the overview.
                    let sheets = match e {
                        xetkhen_import::ImportError::NoHeader { .. }
                        | xetkhen_import::ImportError::NoSuchSheet { .. } => {
                            xetkhen_import::sheet_overview(Path::new(path), &opts)
                                .map(|v| v.iter().map(sheet_view).collect())
                                .unwrap_or_default()
                        }
                        _ => Vec::new(),
                    };
                    files.push(FileReport {
                        file: label(path),
                        sheet: None,
                        sheets,
                        header_row: None,
                        rows: 0,
                        rejected: 0,
                        accepted: false,
                        unmapped: Vec::new(),
                        legacy_encoding: None,
                        legacy_samples: Vec::new(),
                        legacy_converted: false,
                        columns: Vec::new(),
                        preview: Vec::new(),
                    });
                }
                Ok(p) => {
                    let report = file_report(&p, req);
                    problems.extend(p.problems.iter().map(problem_view));
                    warnings.extend(p.warnings.iter().map(problem_view));
                    if let Some(legacy) = p.legacy_encoding.as_ref().filter(|l| !l.converted) {
                        problems.push(file_problem(
                            &p.file,
                            Message::new(
                                MessageCode::ImportLegacyFile,
                                [
                                    ("cells", legacy.cells.to_string()),
                                    ("encoding", legacy.encoding.label().to_string()),
                                ],
                            ),
                        ));
                    }
                    if report.accepted {
                        pending.extend(p.rows.into_iter().map(|r| {
                            let key = r.nomination.natural_key();
                            Pending {
                                place: format!("{}, dòng {}", r.file, r.row),
                                at: RowRef {
                                    file: r.file.clone(),
                                    row: r.row,
                                },
                                file: index,
                                id: nomination_id(&round.id, &key),
                                key,
                                draft: r.nomination,
                            }
                        }));
                    }
                    files.push(report);
                }
            }
        }

        job.step(JobStage::Checking, 0, 1)?;
        let skipped = skip_chosen_rows(&req.skip_rows, &mut pending);
        let duplicates = self.find_duplicates(
            &round.id,
            req.skip_invalid,
            &mut pending,
            &mut files,
            &mut problems,
        )?;
        let rejected = files.iter().map(|f| f.rejected).sum();
        let now = Utc::now();
        let noms: Vec<Nomination> = pending
            .into_iter()
            .filter(|p| files[p.file].accepted)
            .map(|p| p.draft.into_nomination(p.id, round.id.clone(), now))
            .collect();

        let mut snapshot = None;
        let mut batch: Option<String> = None;
        let (mut imported, mut updated, mut unchanged) = (0, 0, 0);
        if req.dry_run {
            let total = noms.len();
            let step = (total / 200).max(1);
            for (i, n) in noms.iter().enumerate() {
                if i.is_multiple_of(step) {
                    job.step(JobStage::Checking, i, total)?;
                }
                match self.store().nomination(&n.id)? {
                    None => imported += 1,
                    Some(old) if old.nomination.content_hash() == n.content_hash() => {
                        unchanged += 1
                    }
                    Some(_) => updated += 1,
                }
            }
        } else if !noms.is_empty() {
            job.step(JobStage::Writing, 0, noms.len())?;
            // A copy of the whole store at most once a day: the import itself is undone by its
            // batch, at the cost of the import.
            snapshot = self.daily_snapshot()?;
            batch = Some(uuid::Uuid::new_v4().to_string());
            let sources: Vec<String> = files
                .iter()
                .filter(|f| f.accepted)
                .map(|f| f.file.clone())
                .collect();
            let source = sources.join(", ");
            let actor = self.actor().to_string();
            let total = noms.len();
            // Progress is told every few rows: the window polls far less often than rows are written.
            let step = (total / 200).max(1);
            let write = xetkhen_store::ImportWrite {
                source: &source,
                new_round: round_created.then_some((&round, &rubric)),
                mappings: &to_remember,
                nominations: &noms,
                batch: batch.as_deref(),
            };
            let outcomes = self.store_mut().write_import(
                &actor,
                &write,
                &mut |done| {
                    if done % step != 0 && done != total {
                        return true;
                    }
                    job.step(JobStage::Writing, done, total).is_ok()
                },
                &mut || job.commit_point(),
            );
            let outcomes = match outcomes {
                Err(xetkhen_store::StoreError::Cancelled) => return Err(crate::job::cancelled()),
                other => other?,
            };
            if outcomes.iter().all(|o| *o == WriteOutcome::Unchanged) {
                batch = None; // nothing written, nothing to undo
            }
            for o in outcomes {
                match o {
                    WriteOutcome::Inserted => imported += 1,
                    WriteOutcome::Updated => updated += 1,
                    WriteOutcome::Unchanged => unchanged += 1,
                }
            }
        }
        let count = if round_created && (noms.is_empty() || req.dry_run) {
            0
        } else {
            self.store().count_nominations(Some(&round.id))?
        };
        job.finish();
        Ok(ImportReport {
            round: round_view(&round, count),
            round_created: round_created && !noms.is_empty() && !req.dry_run,
            files,
            imported,
            updated,
            unchanged,
            rejected,
            problems,
            warnings,
            duplicates,
            skipped,
            batch,
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

/// Leaves out the rows the user chose to skip, and says which were left out.
fn skip_chosen_rows(skip: &[RowRef], pending: &mut Vec<Pending>) -> Vec<RowRef> {
    if skip.is_empty() {
        return Vec::new();
    }
    let skip: std::collections::HashSet<&RowRef> = skip.iter().collect();
    let mut skipped = Vec::new();
    pending.retain(|p| {
        let out = skip.contains(&p.at);
        if out {
            skipped.push(p.at.clone());
        }
        !out
    });
    skipped
}

fn label(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Writes the blank list template (the canonical header) to `path`.
pub fn write_template(path: &Path) -> Result<(), ApiError> {
    xetkhen_import::write_template(path).map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))
}
