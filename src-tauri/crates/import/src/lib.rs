//! Import of nomination lists (danh sách đề nghị khen thưởng) as agencies send them: hand-made
//! Excel workbooks with title rows above the header, headers worded differently by each agency,
//! percentages typed three ways, names typed in whatever encoding the clerk's keyboard used.
//!
//! The pipeline has one module per step, like ripgrep's LowArgs → HiArgs:
//! 1. [`raw`]: one reader per format (xlsx, xls, ods through calamine behind safety checks;
//!    csv/tsv/txt with encoding and delimiter detection) → [`RawTable`] of [`Cell`]s.
//! 2. [`legacy`]: TCVN3 or VNI text detected (and converted when the caller asks).
//! 3. [`header`]: the header row found and its columns mapped to [`Field`]s.
//! 4. [`value`]: each cell read as a percentage, a criteria set, a kind, an award, a year …
//! 5. `check`: each row checked against the round's rubric and the award rules of the core.
//!
//! A file that cannot be read at all is an [`ImportError`]; a row that cannot be imported is a
//! [`Problem`] naming file, sheet, row and column, and the other rows still import.

mod check;
mod draft;
mod error;
pub mod field;
pub mod header;
pub mod legacy;
mod options;
pub mod raw;
mod stream;
mod template;
pub mod value;

pub use draft::{lookalike_key, lookalike_key_folded, natural_key, NominationDraft};
pub use error::{ImportError, SheetsLooked};
pub use field::Field;
pub use header::ColumnMapping;
pub use legacy::{LegacyEncoding, LegacyPreview, LegacySample};
pub use options::{ImportOptions, TextEncoding};
pub use raw::{Cell, RawTable};
pub use template::{write_generated_list, write_template};
pub use value::ValueError;

use serde::Serialize;
use std::fmt;
use std::path::Path;
use xetkhen_core::{Message, MessageCode, RoundKind, Rubric};

/// Something wrong with one row (or one column) of a list, as a code with its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based, as Excel shows it.
    pub row: Option<u32>,
    /// The Excel column letter and the header text: "F (Tỷ lệ hồ sơ …)".
    pub column: Option<String>,
    pub message: Message,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ", trang {s}")?;
        }
        if let Some(r) = self.row {
            write!(f, ", dòng {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", cột {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// One row that passed every check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedRow {
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based, as Excel shows it.
    pub row: u32,
    pub nomination: NominationDraft,
}

/// One sheet of a workbook, for the user choosing which to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetInfo {
    pub name: String,
    /// Rows with at least one filled cell (title rows and the header included).
    pub rows: u32,
    /// 1-based row of the header found on the sheet, `None` when it has no recognisable list.
    pub header_row: Option<u32>,
}

/// What came out of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedFile {
    pub file: String,
    pub sheet: Option<String>,
    /// Every sheet of the workbook, in order; empty for a text file.
    pub sheets: Vec<SheetInfo>,
    /// 1-based row of the header (the lower one when the header spans two rows).
    pub header_row: u32,
    pub columns: Vec<ColumnMapping>,
    /// Header texts no wording and no user mapping names; the UI asks the user to map them once.
    pub unmapped: Vec<String>,
    pub rows: Vec<ParsedRow>,
    /// Rows left out, and why.
    pub problems: Vec<Problem>,
    /// Things to look at that did not stop a row.
    pub warnings: Vec<Problem>,
    pub legacy_encoding: Option<LegacyPreview>,
}

fn ext_of(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The sheets of a workbook, in order; an empty list for a text file.
pub fn sheets(path: &Path) -> Result<Vec<String>, ImportError> {
    let file = raw::file_label(path);
    let bytes = raw::read_bytes(path)?;
    match raw::detect_format(&file, &bytes, ext_of(path).as_deref())? {
        raw::Format::Text => Ok(Vec::new()),
        format => Ok(raw::Book::open(&file, &bytes, format)?.sheet_names()),
    }
}

/// Hears how far the checking of a list's rows has gone: `(done, total)` rows of the sheet (or
/// text file) being read, every [`PROGRESS_ROWS`] rows and at the end. Answering `false` stops
/// the reading with [`ImportError::Stopped`].
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// Hears each row that passed every check, in the order of the list, as soon as it is checked,
/// so that a caller can store the first rows while the last are still being read. Answering
/// `false` stops the reading with [`ImportError::Stopped`]. The file's problems, and so whether
/// it is accepted, are known only when the reading ends.
pub type RowSink<'a> = &'a mut dyn FnMut(Handed) -> bool;

/// What a [`RowSink`] hears.
// Nearly every value is a row: boxing it would cost an allocation per row.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Handed {
    /// The next row that passed every check.
    Row(ParsedRow),
    /// Forget every row handed so far: the file is checked again from its first row, and each
    /// row that passes is handed again. An xlsx sheet's rows are checked as calamine parses
    /// them, taking the sheet to be in Unicode; when its whole text then shows a legacy
    /// encoding (TCVN3, VNI), or its rows came out of order, it is checked again whole.
    Again,
}

/// How many rows are checked between two calls of a [`Progress`] hook.
pub const PROGRESS_ROWS: usize = 100;

/// Reads, maps and checks one list.
pub fn parse_file(
    path: &Path,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
) -> Result<ParsedFile, ImportError> {
    parse_file_with(path, rubric, round_kind, opts, &mut |_, _| true)
}

/// [`parse_file`], telling `progress` how many rows are checked as it goes, and stopping when
/// it answers `false`.
pub fn parse_file_with(
    path: &Path,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
    progress: Progress<'_>,
) -> Result<ParsedFile, ImportError> {
    read_file(path, rubric, round_kind, opts, progress, None)
}

/// [`parse_file_with`], handing each checked row to `rows` as soon as it is checked instead of
/// keeping it: the [`ParsedFile`] returned has no rows, only what is known of the file at its end
/// (its header, columns, problems and warnings).
pub fn parse_file_streaming(
    path: &Path,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
    progress: Progress<'_>,
    rows: RowSink<'_>,
) -> Result<ParsedFile, ImportError> {
    read_file(path, rubric, round_kind, opts, progress, Some(rows))
}

fn read_file(
    path: &Path,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
    progress: Progress<'_>,
    rows: Option<RowSink<'_>>,
) -> Result<ParsedFile, ImportError> {
    let file = raw::file_label(path);
    let bytes = raw::read_bytes(path)?;
    parse_bytes_with(
        &file,
        &bytes,
        ext_of(path).as_deref(),
        rubric,
        round_kind,
        opts,
        progress,
        rows,
    )
}

/// [`parse_file`] on the bytes of a file already read: `file` names it in messages, `ext` (lower
/// case, no dot) is the hint the file name gave. The same guards run as for a file on disk; the
/// fuzz targets (`fuzz/`) come in here.
pub fn parse_bytes(
    file: &str,
    bytes: &[u8],
    ext: Option<&str>,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
) -> Result<ParsedFile, ImportError> {
    parse_bytes_with(
        file,
        bytes,
        ext,
        rubric,
        round_kind,
        opts,
        &mut |_, _| true,
        None,
    )
}

#[allow(clippy::too_many_arguments)]
fn parse_bytes_with(
    file: &str,
    bytes: &[u8],
    ext: Option<&str>,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
    progress: Progress<'_>,
    mut sink: Option<RowSink<'_>>,
) -> Result<ParsedFile, ImportError> {
    let file = file.to_string();
    if bytes.is_empty() {
        return Err(ImportError::Empty { file });
    }
    if bytes.len() as u64 > raw::MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            file,
            size_mb: bytes.len() as u64 / (1024 * 1024),
            limit_mb: raw::MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    let format = raw::detect_format(&file, bytes, ext)?;
    if format == raw::Format::Text {
        let table = raw::text::read(&file, bytes, opts.encoding, ext)?;
        return parse_table_with(&file, table, rubric, round_kind, opts, progress, sink)?.ok_or(
            ImportError::NoHeader {
                file,
                looked: SheetsLooked::One,
            },
        );
    }
    let mut book = raw::Book::open(&file, bytes, format)?;
    let names = book.sheet_names();
    let candidates: Vec<String> = match &opts.sheet {
        Some(wanted) => match names.iter().find(|n| *n == wanted || fold_eq(n, wanted)) {
            Some(n) => vec![n.clone()],
            None => {
                return Err(ImportError::NoSuchSheet {
                    file,
                    sheet: wanted.clone(),
                    available: names.join(", "),
                })
            }
        },
        None => names.clone(),
    };
    if candidates.is_empty() {
        return Err(ImportError::NoHeader {
            file,
            looked: SheetsLooked::NoSheets,
        });
    }
    let mut seen: Vec<SheetInfo> = Vec::new();
    for sheet in &candidates {
        // With a sink, an xlsx sheet's rows are checked as they are parsed; a sheet the
        // stream could not answer for alone is checked again whole, below.
        let streamed = match sink {
            Some(ref mut s) => stream::read_sheet(
                &mut book,
                &file,
                sheet,
                rubric,
                round_kind,
                opts,
                &mut *progress,
                &mut **s,
            )?,
            None => stream::Streamed::Unread,
        };
        let (table, found) = match streamed {
            stream::Streamed::Parsed { parsed, table } => (table, Some(*parsed)),
            stream::Streamed::Table { table, handed } => {
                if handed && !sink.as_mut().is_none_or(|s| s(Handed::Again)) {
                    return Err(ImportError::Stopped { file });
                }
                (table, None)
            }
            stream::Streamed::Unread => (book.read_sheet(&file, sheet)?, None),
        };
        let rows = filled_rows(&table);
        let found = match found {
            Some(parsed) => Some(parsed),
            // Rows reach `rows` only from the sheet whose header is found: a sheet without one
            // is left before any row of it is checked.
            None => parse_table_with(
                &file,
                table,
                rubric,
                round_kind,
                opts,
                &mut *progress,
                match sink {
                    Some(ref mut s) => Some(&mut **s),
                    None => None,
                },
            )?,
        };
        if let Some(mut parsed) = found {
            seen.push(SheetInfo {
                name: sheet.clone(),
                rows,
                header_row: Some(parsed.header_row),
            });
            // The other sheets are read only for the overview; one that cannot be read is
            // shown without a header rather than failing the sheet that was read.
            parsed.sheets = names
                .iter()
                .map(|n| match seen.iter().find(|s| s.name == *n) {
                    Some(s) => s.clone(),
                    None => sheet_info(&mut book, &file, n, opts),
                })
                .collect();
            return Ok(parsed);
        }
        seen.push(SheetInfo {
            name: sheet.clone(),
            rows,
            header_row: None,
        });
    }
    let looked = match (&opts.sheet, candidates.len()) {
        (Some(s), _) => SheetsLooked::Sheet(s.clone()),
        (None, n) if n > 1 => SheetsLooked::All(n),
        _ => SheetsLooked::One,
    };
    Err(ImportError::NoHeader { file, looked })
}

/// The sheets of a workbook with their sizes and whether each holds a list; an empty list for a
/// text file. For the user choosing a sheet when the one read was not the right one.
pub fn sheet_overview(path: &Path, opts: &ImportOptions) -> Result<Vec<SheetInfo>, ImportError> {
    let file = raw::file_label(path);
    let bytes = raw::read_bytes(path)?;
    match raw::detect_format(&file, &bytes, ext_of(path).as_deref())? {
        raw::Format::Text => Ok(Vec::new()),
        format => {
            let mut book = raw::Book::open(&file, &bytes, format)?;
            let names = book.sheet_names();
            Ok(names
                .iter()
                .map(|n| sheet_info(&mut book, &file, n, opts))
                .collect())
        }
    }
}

fn filled_rows(table: &RawTable) -> u32 {
    let n = table
        .cells
        .iter()
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn sheet_info(book: &mut raw::Book<'_>, file: &str, name: &str, opts: &ImportOptions) -> SheetInfo {
    let Ok(table) = book.read_sheet(file, name) else {
        return SheetInfo {
            name: name.to_string(),
            rows: 0,
            header_row: None,
        };
    };
    // Header text typed in TCVN3 or VNI is read through the conversion, as parse_table does.
    let convert = |s: &str| {
        if legacy::looks_vni(s) {
            legacy::vni_to_unicode(s)
        } else if legacy::looks_tcvn3(s) {
            legacy::tcvn3_to_unicode(s)
        } else {
            s.to_string()
        }
    };
    let header = header::find_header(&table, &opts.mapping, &convert);
    SheetInfo {
        name: name.to_string(),
        rows: filled_rows(&table),
        header_row: header.and_then(|h| u32::try_from(h.row + 1).ok()),
    }
}

fn fold_eq(a: &str, b: &str) -> bool {
    xetkhen_core::text::fold(a) == xetkhen_core::text::fold(b)
}

/// Steps 2–5 on a table already read; `None` when it has no recognisable header.
pub fn parse_table(
    file: &str,
    table: RawTable,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
) -> Option<ParsedFile> {
    parse_table_with(
        file,
        table,
        rubric,
        round_kind,
        opts,
        &mut |_, _| true,
        None,
    )
    .ok()
    .flatten()
}

fn parse_table_with(
    file: &str,
    mut table: RawTable,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
    progress: Progress<'_>,
    rows: Option<RowSink<'_>>,
) -> Result<Option<ParsedFile>, ImportError> {
    let mut legacy_preview = legacy::detect(&texts(&table));
    if let Some(preview) = legacy_preview.as_mut() {
        if opts.convert_legacy {
            for cell in table.cells.iter_mut().flatten() {
                if let Cell::Text(s) = cell {
                    if let Some(converted) = preview.encoding.convert(s) {
                        *s = converted;
                    }
                }
            }
            preview.converted = true;
        }
    }
    let legacy_header = legacy_preview
        .as_ref()
        .filter(|p| !p.converted)
        .map(|p| p.encoding);
    let convert = move |s: &str| {
        legacy_header
            .and_then(|e| e.convert(s))
            .unwrap_or_else(|| s.to_string())
    };
    let Some(header) = header::find_header(&table, &opts.mapping, &convert) else {
        return Ok(None);
    };
    // Without a sink the rows are kept, and returned with the file.
    let mut kept = Vec::new();
    let mut check = |sink: RowSink<'_>| {
        check::check_rows(
            &table,
            &header,
            rubric,
            round_kind,
            file,
            legacy_header,
            progress,
            sink,
        )
    };
    let outcome = match rows {
        Some(sink) => check(sink),
        None => check(&mut |r| {
            match r {
                Handed::Row(r) => kept.push(r),
                Handed::Again => kept.clear(),
            }
            true
        }),
    }
    .ok_or_else(|| ImportError::Stopped {
        file: file.to_string(),
    })?;
    Ok(Some(parsed_file(
        file,
        &table,
        header,
        outcome,
        legacy_preview,
        kept,
    )))
}

/// Every text cell of a table, for telling its encoding.
fn texts(table: &RawTable) -> Vec<&str> {
    table
        .cells
        .iter()
        .flatten()
        .filter_map(|c| match c {
            Cell::Text(s) => Some(s.as_str()),
            _ => None,
        })
        .collect()
}

/// A list's file as it is returned, once its rows are checked.
fn parsed_file(
    file: &str,
    table: &RawTable,
    header: header::Header,
    outcome: check::Outcome,
    legacy_preview: Option<LegacyPreview>,
    rows: Vec<ParsedRow>,
) -> ParsedFile {
    let mut warnings = Vec::new();
    if let Some(p) = legacy_preview.as_ref().filter(|p| !p.converted) {
        let (cells, encoding) = (p.cells.to_string(), p.encoding.label().to_string());
        let message = match p.samples.first() {
            Some(s) => Message::new(
                MessageCode::ImportLegacyCellsExample,
                [
                    ("cells", cells),
                    ("encoding", encoding),
                    ("before", s.before.clone()),
                    ("after", s.after.clone()),
                ],
            ),
            None => Message::new(
                MessageCode::ImportLegacyCells,
                [("cells", cells), ("encoding", encoding)],
            ),
        };
        warnings.push(Problem {
            file: file.to_string(),
            sheet: table.sheet.clone(),
            row: None,
            column: None,
            message,
        });
    }
    warnings.extend(outcome.warnings);
    let unmapped = header
        .columns
        .iter()
        .filter(|c| c.field.is_none())
        .map(|c| c.header.clone())
        .collect();
    ParsedFile {
        file: file.to_string(),
        sheet: table.sheet.clone(),
        sheets: Vec::new(),
        header_row: u32::try_from(header.row + 1).unwrap_or(u32::MAX),
        columns: header.columns,
        unmapped,
        rows,
        problems: outcome.problems,
        warnings,
        legacy_encoding: legacy_preview,
    }
}
