//! The workbook reader (xlsx, xls, ods), through calamine.
//!
//! Zipped workbooks pass [`super::guard`] before calamine opens them. Every calamine call runs
//! inside `catch_unwind`, the last line of defence: a panic deep in a parser becomes a
//! "corrupt file" error for this one file instead of taking the program down.

use super::{Cell, Format, RawTable};
use crate::error::ImportError;
use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "xlsx",
        Format::Ods => "ods",
        Format::Xls => "xls",
        Format::Text => "văn bản",
    }
}

fn corrupt(file: &str, format: Format, detail: impl std::fmt::Display) -> ImportError {
    let detail = detail.to_string();
    let lower = detail.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ImportError::PasswordProtected {
            file: file.to_string(),
        };
    }
    ImportError::Corrupt {
        file: file.to_string(),
        format: format_name(format).into(),
        detail,
    }
}

/// Runs `f` so that a panic inside calamine becomes an error. The panic hook is silenced while
/// calamine runs: the panic is expected and answered here, so neither the CLI's "internal error"
/// hook nor a fuzzer's abort-on-panic hook should take it for a bug of ours.
fn guarded<T>(
    file: &str,
    format: Format,
    f: impl FnOnce() -> Result<T, ImportError>,
) -> Result<T, ImportError> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    match outcome {
        Ok(r) => r,
        Err(_) => Err(corrupt(
            file,
            format,
            "trình đọc bảng tính gặp lỗi nội bộ khi đọc tệp này",
        )),
    }
}

/// The checks [`super::detect_format`] has not already made. A zipped workbook's format is only
/// ever known from `detect_format`, which runs every zip check to decide it (inflating every
/// part a second time here cost as much as calamine's own reading); an xls is only told apart
/// by its magic bytes there, so its sector chains and cells are checked here.
fn check(file: &str, bytes: &[u8], format: Format) -> Result<(), ImportError> {
    if matches!(format, Format::Xls | Format::Text) {
        super::cfb::check_chains(file, bytes)?.check_cells(file, super::guard::LIMITS.max_cells)?;
    }
    Ok(())
}

/// An open workbook: checked by the guard once, opened by calamine once. Open one only with a
/// format [`super::detect_format`] gave.
pub(crate) enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Ods(Ods<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<&'a [u8]>>),
}

impl std::fmt::Debug for Book<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Book")
    }
}

impl<'a> Book<'a> {
    pub(crate) fn open(
        file: &str,
        bytes: &'a [u8],
        format: Format,
    ) -> Result<Book<'a>, ImportError> {
        check(file, bytes, format)?;
        guarded(file, format, || {
            let cursor = Cursor::new(bytes);
            Ok(match format {
                Format::Xlsx => {
                    Book::Xlsx(Xlsx::new(cursor).map_err(|e| corrupt(file, format, e))?)
                }
                Format::Ods => Book::Ods(Ods::new(cursor).map_err(|e| corrupt(file, format, e))?),
                Format::Xls | Format::Text => {
                    Book::Xls(Xls::new(cursor).map_err(|e| corrupt(file, format, e))?)
                }
            })
        })
    }

    fn format(&self) -> Format {
        match self {
            Book::Xlsx(_) => Format::Xlsx,
            Book::Ods(_) => Format::Ods,
            Book::Xls(_) => Format::Xls,
        }
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(w) => w.sheet_names(),
            Book::Ods(w) => w.sheet_names(),
            Book::Xls(w) => w.sheet_names(),
        }
    }

    pub(crate) fn read_sheet(&mut self, file: &str, sheet: &str) -> Result<RawTable, ImportError> {
        let format = self.format();
        let range = guarded(file, format, || {
            let range = match self {
                Book::Xlsx(w) => w
                    .worksheet_range(sheet)
                    .map_err(|e| corrupt(file, format, e))?,
                Book::Ods(w) => w
                    .worksheet_range(sheet)
                    .map_err(|e| corrupt(file, format, e))?,
                Book::Xls(w) => w
                    .worksheet_range(sheet)
                    .map_err(|e| corrupt(file, format, e))?,
            };
            Ok(range)
        })?;
        let (h, w) = range.get_size();
        if h.saturating_mul(w) > super::guard::LIMITS.max_cells as usize {
            return Err(ImportError::Unsafe {
                file: file.to_string(),
                detail: format!("trang tính {sheet} có quá nhiều ô"),
            });
        }
        Ok(RawTable {
            sheet: Some(sheet.to_string()),
            cells: to_cells(&range),
        })
    }
}

/// Places the range's cells at their absolute positions (row 0 = Excel row 1), so that row
/// numbers in problems match what Excel shows even when the sheet starts lower down.
fn to_cells(range: &Range<Data>) -> Vec<Vec<Cell>> {
    let Some((row0, col0)) = range.start() else {
        return Vec::new();
    };
    let (row0, col0) = (row0 as usize, col0 as usize);
    let mut out: Vec<Vec<Cell>> = vec![Vec::new(); row0];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; col0];
        cells.extend(row.iter().map(convert));
        while cells.last().is_some_and(Cell::is_empty) {
            cells.pop();
        }
        out.push(cells);
    }
    out
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => Cell::Date(t.date()),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => {
            match chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}
