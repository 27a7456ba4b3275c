//! Importing nomination lists: read and check every file, then write the accepted ones in one
//! transaction, after a snapshot of the store. A file with a rejected row is refused whole unless
//! the user chose to skip invalid rows; a refused file writes nothing.

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

/// Namespace of nomination ids made from an imported row's natural key: the same row imported on
/// any laptop gets the same id.
const NOMINATION_NS: uuid::Uuid = uuid::Uuid::from_u128(0x2242_7b1e_5c0d_4e8a_9f00_0000_0000_2025);

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct ImportRequest {
    /// Paths chosen in a file dialog opened by the shell, or given on the command line.
    pub files: Vec<String>,
    pub round: Option<String>,
    #[serde(default)]
    pub skip_invalid: bool,
    pub sheet: Option<String>,
    /// Convert text detected as TCVN3 or VNI (after the user has seen the preview).
    #[serde(default)]
    pub convert_legacy: bool,
    /// The encoding of a text file when detection could not decide: "utf-8", "utf-16le",
    /// "utf-16be" or "windows-1258".
    pub encoding: Option<String>,
    /// The user's mapping of header columns the built-in wordings do not know.
    #[serde(default)]
    pub mapping: Vec<ColumnChoice>,
    /// Read and check only: report what would be written, write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// Rows the user chose to leave out (one of a possible duplicate, say): never written.
    #[serde(default)]
    pub skip_rows: Vec<RowRef>,
}

/// One row of one file: the file's name as the report gives it, and the row's number in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct RowRef {
    pub file: String,
    pub row: u32,
}

/// A header column the user mapped to a field: the header text as shown (or a column letter),
/// and the field's code (see [`import_fields`]).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ColumnChoice {
    pub header: String,
    pub field: String,
}

/// A field a column can be mapped to, for the mapping step of the import wizard.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportField {
    pub code: String,
    pub label: String,
}

/// A search query folded as the rows it is matched against are ([`xetkhen_core::text::fold`]:
/// lower case, no diacritics, đ → d), so that the window never folds text its own way.
pub fn fold_search(text: &str) -> String {
    xetkhen_core::text::fold(text)
}

/// Every field a list column can hold.
pub fn import_fields() -> Vec<ImportField> {
    Field::ALL
        .iter()
        .map(|f| ImportField {
            code: f.code().to_string(),
            label: f.label_vi().to_string(),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ColumnView {
    /// The Excel column letter.
    pub column: String,
    pub header: String,
    /// The field's code, `None` when nothing matched.
    pub field: Option<String>,
    pub by_user: bool,
}

/// One accepted row as it will be stored, for the preview.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewRow {
    pub row: u32,
    pub name: String,
    pub kind: NomineeKind,
    pub criteria_set: String,
    pub unit: String,
    pub position: Option<String>,
    pub award: xetkhen_core::AwardForm,
    pub id_number: Option<String>,
}

/// How many rows of each file the preview shows.
const PREVIEW_ROWS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProblemView {
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<String>,
    pub message: Message,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct LegacySampleView {
    pub before: String,
    pub after: String,
}

/// One sheet of a workbook, for choosing which sheet to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetView {
    pub name: String,
    /// Rows with at least one filled cell.
    pub rows: u32,
    /// 1-based row of the list's header, `None` when the sheet holds no recognisable list.
    pub header_row: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct FileReport {
    pub file: String,
    /// The sheet read.
    pub sheet: Option<String>,
    /// Every sheet of the workbook (empty for a text file): the user may choose another.
    pub sheets: Vec<SheetView>,
    pub header_row: Option<u32>,
    /// Rows that passed every check; rejected rows are counted in `rejected`.
    pub rows: u32,
    pub rejected: u32,
    pub accepted: bool,
    /// Header cells that matched no field: the user maps them once.
    pub unmapped: Vec<String>,
    /// The legacy encoding the file's text looks typed in ("TCVN3" or "VNI"), if any.
    pub legacy_encoding: Option<String>,
    /// Set when the file's text looks legacy-encoded: cells before and after conversion.
    pub legacy_samples: Vec<LegacySampleView>,
    pub legacy_converted: bool,
    /// Each header column and the field it was mapped to.
    pub columns: Vec<ColumnView>,
    /// The first accepted rows, as they will be stored.
    pub preview: Vec<PreviewRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum DuplicateKind {
    /// The same nominee twice: the same ID number, or the same name, birth year and unit as
    /// written. The later row is rejected.
    Duplicate,
    /// The same only once diacritics, đ and case are folded ("Xã Thanh An", "Xã Thạnh An"): both
    /// rows are kept unless the user skips one.
    Possible,
}

/// One side of a duplicate: a row of a file, or a nomination already in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicateRow {
    /// The file's name and the row, `None` for a nomination already in the store.
    pub at: Option<RowRef>,
    pub name: String,
    pub unit: String,
    pub birth_year: Option<i32>,
    pub id_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DuplicateView {
    pub kind: DuplicateKind,
    pub message: Message,
    /// Where each copy is: "file, dòng N" or "đã có trong kho".
    pub places: Vec<String>,
    /// The two sides, first the one seen first.
    pub rows: Vec<DuplicateRow>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReport {
    pub round: RoundView,
    /// True when the store had no round and one was made for the import.
    pub round_created: bool,
    pub files: Vec<FileReport>,
    pub imported: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub rejected: u32,
    pub problems: Vec<ProblemView>,
    pub warnings: Vec<ProblemView>,
    pub duplicates: Vec<DuplicateView>,
    /// Rows left out because the user chose to skip them.
    pub skipped: Vec<RowRef>,
    /// The import batch written, which `undo_import` takes back; `None` when nothing was written.
    pub batch: Option<String>,
    /// Where the snapshot taken before writing is, when this import took one (at most one a day).
    pub snapshot: Option<String>,
    /// True for a preview: nothing was written, the counts say what an import would do.
    pub dry_run: bool,
}

impl ImportReport {
    /// Whether every file was accepted.
    pub fn all_accepted(&self) -> bool {
        self.files.iter().all(|f| f.accepted)
    }
}

fn problem_view(p: &Problem) -> ProblemView {
    ProblemView {
        file: p.file.clone(),
        sheet: p.sheet.clone(),
        row: p.row,
        column: p.column.clone(),
        message: p.message.clone(),
    }
}

fn file_problem(file: &str, message: Message) -> ProblemView {
    ProblemView {
        file: file.to_string(),
        sheet: None,
        row: None,
        column: None,
        message,
    }
}

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

    /// Duplicates by exact identity, look-alikes by warning. The same nominee twice in the files
    /// (the same ID number, or the same kind, name, birth year and unit as written) rejects the
    /// later row. A row that is a nomination already in the round takes that nomination's id, so
    /// importing it again updates it. Rows, or a row and a stored nomination, that are the same
    /// only once folded are reported as possible duplicates and both kept.
    fn find_duplicates(
        &self,
        round_id: &str,
        skip_invalid: bool,
        pending: &mut Vec<Pending>,
        files: &mut [FileReport],
        problems: &mut Vec<ProblemView>,
    ) -> Result<Vec<DuplicateView>, ApiError> {
        let mut out = Vec::new();
        let mut by_key: HashMap<String, (String, RowRef)> = HashMap::new();
        let mut keep = Vec::with_capacity(pending.len());
        for p in pending.drain(..) {
            if let Some((first, at)) = by_key.get(&p.key) {
                let (code, what) = match (&p.draft.id_number, p.draft.kind) {
                    (Some(id), _) => (MessageCode::ImportDuplicateId, ("id", id.clone())),
                    (None, NomineeKind::Individual) => (
                        MessageCode::ImportDuplicateIndividual,
                        ("name", p.draft.name.clone()),
                    ),
                    (None, NomineeKind::Collective) => (
                        MessageCode::ImportDuplicateCollective,
                        ("name", p.draft.name.clone()),
                    ),
                };
                let message = Message::new(
                    code,
                    [what, ("file", at.file.clone()), ("row", at.row.to_string())],
                );
                out.push(DuplicateView {
                    kind: DuplicateKind::Duplicate,
                    message: message.clone(),
                    places: vec![first.clone(), p.place.clone()],
                    rows: Vec::new(),
                });
                problems.push(ProblemView {
                    file: p.at.file.clone(),
                    sheet: None,
                    row: Some(p.at.row),
                    column: None,
                    message,
                });
                let f = &mut files[p.file];
                f.rejected += 1;
                f.accepted &= skip_invalid;
                continue;
            }
            by_key.insert(p.key.clone(), (p.place.clone(), p.at.clone()));
            keep.push(p);
        }
        *pending = keep;

        // Look-alikes, grouped by folded key; in each group one entry per nominee (natural key),
        // a row of the files standing for the stored nomination it is.
        let mut groups: Vec<Vec<(String, DuplicateRow)>> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        let mut add = |look: String, key: String, row: DuplicateRow| {
            let g = *group_of.entry(look).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            let group = &mut groups[g];
            match group.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) if row.at.is_some() && entry.1.at.is_none() => entry.1 = row,
                Some(_) => {}
                None => group.push((key, row)),
            }
        };
        // The store is asked once for the whole list, by folded name and by ID number (both
        // indexed); each row then takes the stored nominations it could be from the answer.
        let names: Vec<String> = pending.iter().map(|p| fold(&p.draft.name)).collect();
        let stored = {
            let mut wanted_names: Vec<&str> = names.iter().map(String::as_str).collect();
            wanted_names.sort_unstable();
            wanted_names.dedup();
            let mut wanted_ids: Vec<&str> = pending
                .iter()
                .filter_map(|p| p.draft.id_number.as_deref())
                .collect();
            wanted_ids.sort_unstable();
            wanted_ids.dedup();
            self.store()
                .nominations_like(round_id, &wanted_names, &wanted_ids)?
        };
        let mut stored_by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut stored_by_id_number: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, n) in stored.iter().enumerate() {
            stored_by_name.entry(fold(&n.name)).or_default().push(i);
            if let Some(id) = n.id_number.as_deref() {
                stored_by_id_number.entry(id).or_default().push(i);
            }
        }
        let mut asked: std::collections::HashSet<(String, Option<String>)> =
            std::collections::HashSet::new();
        for (p, name_folded) in pending.iter_mut().zip(names) {
            let d = &p.draft;
            if asked.insert((name_folded.clone(), d.id_number.clone())) {
                // In the order the one statement per row gave them: by id, each once.
                let mut like: Vec<&Nomination> = stored_by_name
                    .get(&name_folded)
                    .into_iter()
                    .chain(
                        d.id_number
                            .as_deref()
                            .and_then(|id| stored_by_id_number.get(id)),
                    )
                    .flatten()
                    .map(|&i| &stored[i])
                    .collect();
                like.sort_by(|a, b| a.id.cmp(&b.id));
                like.dedup_by(|a, b| a.id == b.id);
                for n in like {
                    let key = xetkhen_import::natural_key(
                        n.kind,
                        &n.name,
                        n.birth_year,
                        n.id_number.as_deref(),
                        &n.unit,
                    );
                    // The same nominee already in the round (its id perhaps made by an older
                    // version from another key): this row updates it.
                    if key == p.key {
                        p.id = n.id.clone();
                    }
                    let look =
                        xetkhen_import::lookalike_key(n.kind, &n.name, n.birth_year, &n.unit);
                    add(
                        look,
                        key,
                        DuplicateRow {
                            at: None,
                            name: n.name.clone(),
                            unit: n.unit.clone(),
                            birth_year: n.birth_year,
                            id_number: n.id_number.clone(),
                        },
                    );
                }
            }
            add(
                d.lookalike_key(),
                p.key.clone(),
                DuplicateRow {
                    at: Some(p.at.clone()),
                    name: d.name.clone(),
                    unit: d.unit.clone(),
                    birth_year: d.birth_year,
                    id_number: d.id_number.clone(),
                },
            );
        }
        // Each pair of distinct nominees that look alike, once, when this import has a part in it.
        for group in &groups {
            for (i, (_, a)) in group.iter().enumerate() {
                for (_, b) in &group[i + 1..] {
                    if a.at.is_none() && b.at.is_none() {
                        continue;
                    }
                    // What is already in the store is named first: it was there before.
                    let (a, b) = if a.at.is_some() && b.at.is_none() {
                        (b, a)
                    } else {
                        (a, b)
                    };
                    out.push(DuplicateView {
                        kind: DuplicateKind::Possible,
                        message: lookalike_message(a, b),
                        places: vec![place_of(a), place_of(b)],
                        rows: vec![a.clone(), b.clone()],
                    });
                }
            }
        }
        Ok(out)
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

/// An import as the window and the CLI list it, to offer its undo.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportBatchView {
    pub id: String,
    pub round_id: String,
    /// The files the rows came from.
    pub source: String,
    pub actor: String,
    /// When, in Vietnam's time ("HH:MM dd/mm/yyyy").
    pub at: String,
    pub inserted: u32,
    pub updated: u32,
    pub undone: bool,
}

/// What undoing an import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UndoImportReport {
    pub batch: ImportBatchView,
    /// Nominations the import created, now deleted.
    pub removed: u32,
    /// Nominations the import changed, now back as they were.
    pub restored: u32,
}

fn batch_view(b: &xetkhen_store::ImportBatch) -> ImportBatchView {
    ImportBatchView {
        id: b.id.clone(),
        round_id: b.round_id.clone(),
        source: b.source.clone(),
        actor: b.actor.clone(),
        at: b
            .created_at
            .with_timezone(&xetkhen_core::audit::vietnam_offset())
            .format("%H:%M %d/%m/%Y")
            .to_string(),
        inserted: b.inserted,
        updated: b.updated,
        undone: b.undone_at.is_some(),
    }
}

impl Desk {
    /// The imports of a round (all rounds when `None`), newest first.
    pub fn import_batches(&self, round: Option<&str>) -> Result<Vec<ImportBatchView>, ApiError> {
        Ok(self
            .store()
            .import_batches(round)?
            .iter()
            .map(batch_view)
            .collect())
    }

    /// Undoes an import batch, all or nothing, audited. Refused when the committee has worked on
    /// what it wrote (reviews, files, later changes): the message names the nominations.
    pub fn undo_import(&mut self, batch: &str) -> Result<UndoImportReport, ApiError> {
        let actor = self.actor().to_string();
        let r = self.store_mut().undo_import(&actor, batch)?;
        Ok(UndoImportReport {
            batch: batch_view(&r.batch),
            removed: r.removed,
            restored: r.restored,
        })
    }
}

/// The id of an imported nominee from its draft's natural key: the same row imported on any
/// laptop gets the same id.
fn nomination_id(round_id: &str, natural_key: &str) -> String {
    let key = format!("{round_id}/{natural_key}");
    uuid::Uuid::new_v5(&NOMINATION_NS, key.as_bytes()).to_string()
}

/// Where one side of a duplicate is, in words.
fn place_of(r: &DuplicateRow) -> String {
    match &r.at {
        Some(at) => format!("{}, dòng {}", at.file, at.row),
        None => "đã có trong kho".into(),
    }
}

/// Why two nominees are taken for a possible duplicate: what differs between them only by a
/// mark, or that only their ID numbers differ.
fn lookalike_message(a: &DuplicateRow, b: &DuplicateRow) -> Message {
    if a.name != b.name {
        Message::new(
            MessageCode::ImportLookalikeNames,
            [("first", a.name.clone()), ("second", b.name.clone())],
        )
    } else if a.unit != b.unit {
        Message::new(
            MessageCode::ImportLookalikeUnits,
            [
                ("name", a.name.clone()),
                ("first", a.unit.clone()),
                ("second", b.unit.clone()),
            ],
        )
    } else {
        Message::new(MessageCode::ImportLookalikeIds, [("name", a.name.clone())])
    }
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

fn sheet_view(s: &xetkhen_import::SheetInfo) -> SheetView {
    SheetView {
        name: s.name.clone(),
        rows: s.rows,
        header_row: s.header_row,
    }
}

fn file_report(p: &ParsedFile, req: &ImportRequest) -> FileReport {
    let rejected = u32::try_from(
        p.problems
            .iter()
            .filter_map(|x| x.row)
            .collect::<std::collections::HashSet<_>>()
            .len(),
    )
    .unwrap_or(u32::MAX);
    let file_level = p.problems.iter().any(|x| x.row.is_none());
    let legacy_pending = p.legacy_encoding.as_ref().is_some_and(|l| !l.converted);
    let accepted = !legacy_pending && !file_level && (rejected == 0 || req.skip_invalid);
    FileReport {
        file: p.file.clone(),
        sheet: p.sheet.clone(),
        sheets: p.sheets.iter().map(sheet_view).collect(),
        header_row: Some(p.header_row),
        rows: u32::try_from(p.rows.len()).unwrap_or(u32::MAX),
        rejected,
        accepted,
        unmapped: p.unmapped.clone(),
        legacy_encoding: p
            .legacy_encoding
            .as_ref()
            .map(|l| l.encoding.label().to_string()),
        legacy_samples: p
            .legacy_encoding
            .as_ref()
            .map(|l| {
                l.samples
                    .iter()
                    .map(|s| LegacySampleView {
                        before: s.before.clone(),
                        after: s.after.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        legacy_converted: p.legacy_encoding.as_ref().is_some_and(|l| l.converted),
        columns: p
            .columns
            .iter()
            .map(|c| ColumnView {
                column: c.column.clone(),
                header: c.header.clone(),
                field: c.field.map(|f| f.code().to_string()),
                by_user: c.by_user,
            })
            .collect(),
        preview: p
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| PreviewRow {
                row: r.row,
                name: r.nomination.name.clone(),
                kind: r.nomination.kind,
                criteria_set: r.nomination.criteria_set.clone(),
                unit: r.nomination.unit.clone(),
                position: r.nomination.position.clone(),
                award: r.nomination.award,
                id_number: r.nomination.id_number.clone(),
            })
            .collect(),
    }
}

/// Writes the blank list template (the canonical header) to `path`.
pub fn write_template(path: &Path) -> Result<(), ApiError> {
    xetkhen_import::write_template(path).map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))
}

/// Files the user chose in a dialog opened by the shell, known to the window only by token: the
/// window never names a path.
#[derive(Debug, Default)]
pub struct PickedFiles {
    next: u64,
    files: HashMap<FileToken, PathBuf>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PickedFile {
    pub token: FileToken,
    pub name: String,
    pub size_bytes: u32,
}

/// An import request from the window: files by token.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PickedImport {
    pub tokens: Vec<FileToken>,
    pub round: Option<String>,
    #[serde(default)]
    pub skip_invalid: bool,
    pub sheet: Option<String>,
    #[serde(default)]
    pub convert_legacy: bool,
    #[serde(default)]
    pub mapping: Vec<ColumnChoice>,
    #[serde(default)]
    pub dry_run: bool,
    #[serde(default)]
    pub skip_rows: Vec<RowRef>,
    /// The job (from `begin_job`) on which the import reports progress and hears a cancel.
    #[serde(default)]
    #[ts(optional)]
    pub job: Option<JobToken>,
}

impl PickedFiles {
    /// Forgets every picked file (when the store is locked). Tokens handed out before are not
    /// given again.
    pub fn forget_all(&mut self) {
        self.files.clear();
    }

    /// Remembers chosen paths and hands out tokens for them.
    pub fn add(&mut self, paths: Vec<PathBuf>) -> Vec<PickedFile> {
        paths
            .into_iter()
            .map(|p| {
                self.next += 1;
                let token = FileToken::new(format!("f{}", self.next));
                let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                let picked = PickedFile {
                    token: token.clone(),
                    name: label(&p.display().to_string()),
                    size_bytes: u32::try_from(size).unwrap_or(u32::MAX),
                };
                self.files.insert(token, p);
                picked
            })
            .collect()
    }

    /// The path a token stands for.
    pub fn path(&self, token: &FileToken) -> Result<&Path, ApiError> {
        self.files.get(token).map(PathBuf::as_path).ok_or_else(|| {
            ApiError::invalid(
                "tokens",
                "Tệp đã chọn không còn trong danh sách; hãy chọn lại tệp.",
            )
        })
    }

    /// The import request the tokens stand for.
    pub fn request(&self, r: &PickedImport) -> Result<ImportRequest, ApiError> {
        let files = r
            .tokens
            .iter()
            .map(|t| {
                self.files
                    .get(t)
                    .map(|p| p.display().to_string())
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "tokens",
                            "Tệp đã chọn không còn trong danh sách; hãy chọn lại tệp.",
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ImportRequest {
            files,
            round: r.round.clone(),
            skip_invalid: r.skip_invalid,
            sheet: r.sheet.clone(),
            convert_legacy: r.convert_legacy,
            encoding: None,
            mapping: r.mapping.clone(),
            dry_run: r.dry_run,
            skip_rows: r.skip_rows.clone(),
        })
    }
}

/// The problems of an import as CSV, for the secretariat to send back to the agency (see
/// [`csv_document`]).
pub fn problems_csv(problems: &[ProblemView]) -> String {
    let rows = problems.iter().map(|p| {
        [
            p.file.clone(),
            p.sheet.clone().unwrap_or_default(),
            p.row.map(|r| r.to_string()).unwrap_or_default(),
            p.column.clone().unwrap_or_default(),
            p.message.text.clone(),
        ]
    });
    csv_document("Tệp,Trang tính,Dòng,Cột,Lỗi\r\n", rows)
}

/// Rows as a CSV file for a spreadsheet program, written by the `csv` crate: UTF-8 with a BOM (so
/// Excel reads the diacritics), then `head` as it is (a fixed header line, or nothing), then the
/// rows with every cell quoted, CRLF line ends, and every cell passed through [`defuse_formula`]
/// first.
pub(crate) fn csv_document<R, C, S>(head: &str, rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(format!("\u{feff}{head}").into_bytes());
    // The crate's errors are those of the writer under it, and writing to memory has none.
    for row in rows {
        for cell in row {
            let _ = writer.write_field(defuse_formula(cell.as_ref()).as_bytes());
        }
        let _ = writer.write_record(std::iter::empty::<&[u8]>());
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // Only UTF-8 went in: the BOM, `str` cells and the crate's ASCII quotes and line ends.
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A cell that a spreadsheet program would run as a formula (a leading `= + - @`, tab or CR),
/// defused by a leading apostrophe; any other cell as it is. Every CSV and .xlsx copy the
/// program writes passes its cells through here.
pub(crate) fn defuse_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A message whose sentence is `text`: the CSV carries the sentence whatever the code.
    fn said(text: &str) -> Message {
        Message {
            code: MessageCode::ImportPercentOutOfRange,
            params: Default::default(),
            text: text.into(),
        }
    }

    #[test]
    fn a_problem_that_looks_like_a_formula_is_defused_in_the_csv() {
        let p = ProblemView {
            file: "=HYPERLINK(\"x\")".into(),
            sheet: Some("Danh sách".into()),
            row: Some(7),
            column: Some("F (Tỷ lệ)".into()),
            message: said("Tỷ lệ phải nằm trong khoảng 0–100"),
        };
        let csv = problems_csv(&[p]);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
        assert!(csv.contains("\"7\""));
    }

    #[test]
    fn the_problems_csv_is_byte_for_byte_the_file_excel_expects() {
        let p = ProblemView {
            file: "ds \"A\".csv".into(),
            sheet: None,
            row: Some(12),
            column: Some("B".into()),
            message: said("-5 không phải tỷ lệ;\r\nxem lại, dòng dưới"),
        };
        assert_eq!(
            problems_csv(&[p]),
            "\u{feff}Tệp,Trang tính,Dòng,Cột,Lỗi\r\n\
             \"ds \"\"A\"\".csv\",\"\",\"12\",\"B\",\"'-5 không phải tỷ lệ;\r\nxem lại, dòng dưới\"\r\n"
        );
    }

    #[test]
    fn every_cell_a_spreadsheet_would_run_is_defused_and_no_other() {
        for lead in ["=", "+", "-", "@", "\t", "\r"] {
            let cell = format!("{lead}SUM(A1)");
            assert_eq!(defuse_formula(&cell), format!("'{cell}"), "{cell:?}");
        }
        for plain in ["", " =1", "'=1", "Nguyễn Văn A", "92,5", "\n=1", "\"=1\""] {
            assert_eq!(defuse_formula(plain), plain, "{plain:?}");
        }
        assert_eq!(
            csv_document("", [["=1+1", "@x", "a,b"]]),
            "\u{feff}\"'=1+1\",\"'@x\",\"a,b\"\r\n"
        );
    }
}
