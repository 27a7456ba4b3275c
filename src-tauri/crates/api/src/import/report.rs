//! What an import is asked (files, round, the columns the user mapped, the rows to skip) and
//! what it answers: each file's report, the rows left out and why, the preview of the rows kept.

use super::*;

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
pub(super) const PREVIEW_ROWS: usize = 20;

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

pub(super) fn problem_view(p: &Problem) -> ProblemView {
    ProblemView {
        file: p.file.clone(),
        sheet: p.sheet.clone(),
        row: p.row,
        column: p.column.clone(),
        message: p.message.clone(),
    }
}

pub(super) fn file_problem(file: &str, message: Message) -> ProblemView {
    ProblemView {
        file: file.to_string(),
        sheet: None,
        row: None,
        column: None,
        message,
    }
}

pub(super) fn sheet_view(s: &xetkhen_import::SheetInfo) -> SheetView {
    SheetView {
        name: s.name.clone(),
        rows: s.rows,
        header_row: s.header_row,
    }
}

/// The report of a file read as a list of `rows` rows that passed the checks (`p.rows` holds
/// the first of them, for the preview).
pub(super) fn file_report(p: &ParsedFile, rows: usize, req: &ImportRequest) -> FileReport {
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
        rows: u32::try_from(rows).unwrap_or(u32::MAX),
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
