//! The workbook reader (xlsx, xls, ods), through calamine.
//!
//! Zipped workbooks pass [`super::guard`] before calamine opens them. Every calamine call runs
//! inside `catch_unwind`, the last line of defence: a panic deep in a parser becomes a
//! "corrupt file" error for this one file instead of taking the program down.

use super::{Cell, Format, RawTable};
use crate::error::ImportError;
use calamine::{Data, DataRef, Ods, Range, Reader, Xls, Xlsx, XlsxCellReader, XlsxError};
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

thread_local! {
    /// Set while this thread runs calamine: its panics are expected, answered by [`guarded`].
    static IN_CALAMINE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Puts, once, a panic hook in front of the one the program has: it stays quiet for a panic on
/// a thread inside calamine and passes every other panic on. The hook is process-wide, so
/// swapping it around each call would silence (or never restore) the hook of other threads'
/// panics while one thread reads a workbook.
fn quiet_inside_calamine() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_CALAMINE.with(std::cell::Cell::get) {
                before(info);
            }
        }));
    });
}

/// Runs `f` so that a panic inside calamine becomes an error. The panic is expected and
/// answered here, so neither the CLI's "internal error" hook nor a fuzzer's abort-on-panic hook
/// hears of it.
fn guarded<T>(
    file: &str,
    format: Format,
    f: impl FnOnce() -> Result<T, ImportError>,
) -> Result<T, ImportError> {
    quiet_inside_calamine();
    let outer = IN_CALAMINE.with(|c| c.replace(true));
    let outcome = catch_unwind(AssertUnwindSafe(f));
    IN_CALAMINE.with(|c| c.set(outer));
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
        refuse_too_many_cells(file, sheet, h as u64, w as u64)?;
        Ok(RawTable {
            sheet: Some(sheet.to_string()),
            cells: to_cells(&range),
        })
    }
}

/// Refuses a sheet whose cells span more than the guard allows: `height` rows by `width`
/// columns, from its first filled cell to its last.
fn refuse_too_many_cells(
    file: &str,
    sheet: &str,
    height: u64,
    width: u64,
) -> Result<(), ImportError> {
    if height.saturating_mul(width) > super::guard::LIMITS.max_cells {
        return Err(ImportError::Unsafe {
            file: file.to_string(),
            detail: format!("trang tính {sheet} có quá nhiều ô"),
        });
    }
    Ok(())
}

/// Cells placed by one read of a sheet's cells (one entry into [`guarded`]).
const CELLS_AT_A_TIME: usize = 4096;

/// The cells of one xlsx sheet as calamine parses them, in the file's order, for checking the
/// first rows while the last are still being parsed ([`crate::stream`]).
pub(crate) struct SheetCells<'b, 'a> {
    reader: XlsxCellReader<'b, Cursor<&'a [u8]>>,
}

impl<'a> Book<'a> {
    /// The cells of `sheet`, one batch at a time; `None` for a format read whole (ods, xls), or
    /// a sheet that holds no cells (a chart sheet), which [`Book::read_sheet`] answers.
    pub(crate) fn cells<'b>(
        &'b mut self,
        file: &str,
        sheet: &str,
    ) -> Result<Option<SheetCells<'b, 'a>>, ImportError> {
        let Book::Xlsx(w) = self else {
            return Ok(None);
        };
        guarded(file, Format::Xlsx, || {
            match w.worksheet_cells_reader(sheet) {
                Ok(reader) => Ok(Some(SheetCells { reader })),
                Err(XlsxError::NotAWorksheet(_)) => Ok(None),
                Err(e) => Err(corrupt(file, Format::Xlsx, e)),
            }
        })
    }
}

impl SheetCells<'_, '_> {
    /// The last row the sheet claims to fill (0-based), for a progress bar: the file's word
    /// only, never trusted for anything else.
    pub(crate) fn claimed_rows(&self) -> usize {
        let d = self.reader.dimensions();
        (d.end.0 as usize).saturating_add(1)
    }

    /// Places the next cells into `table`: `true` when the sheet has no more.
    pub(crate) fn read(&mut self, file: &str, table: &mut Growing) -> Result<bool, ImportError> {
        guarded(file, Format::Xlsx, || {
            for _ in 0..CELLS_AT_A_TIME {
                let Some(cell) = self
                    .reader
                    .next_cell()
                    .map_err(|e| corrupt(file, Format::Xlsx, e))?
                else {
                    return Ok(true);
                };
                // As `worksheet_range`: an empty cell is no cell.
                if let Some(value) = convert_ref(cell.get_value()) {
                    let (row, col) = cell.get_position();
                    table.place(row, col, value);
                }
            }
            Ok(false)
        })
    }
}

/// A sheet's table as its cells arrive. Rows come in order in every workbook Excel or
/// LibreOffice writes: once a cell of a later row arrives, the rows above are complete. A file
/// whose rows come out of order is still read whole, right, and only [`Growing::ordered`] says
/// that its rows could not be checked as they came.
pub(crate) struct Growing {
    table: RawTable,
    /// Rows before this one are complete (when `ordered`).
    complete: usize,
    ordered: bool,
    /// The smallest and largest row and column that hold a cell.
    area: Option<((u32, u32), (u32, u32))>,
}

impl Growing {
    pub(crate) fn new(sheet: &str) -> Self {
        Growing {
            table: RawTable {
                sheet: Some(sheet.to_string()),
                cells: Vec::new(),
            },
            complete: 0,
            ordered: true,
            area: None,
        }
    }

    fn place(&mut self, row: u32, col: u32, cell: Cell) {
        self.area = Some(match self.area {
            None => ((row, col), (row, col)),
            Some(((r0, c0), (r1, c1))) => ((r0.min(row), c0.min(col)), (r1.max(row), c1.max(col))),
        });
        let (r, c) = (row as usize, col as usize);
        if r >= self.table.cells.len() {
            // The row being filled before is complete.
            self.complete_to(self.table.cells.len());
            self.table.cells.resize_with(r + 1, Vec::new);
            self.complete = r;
        } else if r + 1 < self.table.cells.len() {
            // A row above the one being filled.
            self.ordered = false;
        }
        let cells = &mut self.table.cells[r];
        if c >= cells.len() {
            cells.resize(c, Cell::Empty);
            cells.push(cell);
        } else {
            cells[c] = cell;
        }
    }

    /// Trims the trailing empty cells of the rows before `end` that were still being filled.
    fn complete_to(&mut self, end: usize) {
        for cells in self.table.cells.iter_mut().take(end).skip(self.complete) {
            trim_empty_end(cells);
        }
    }

    /// The sheet is read: every row is complete. Refuses a sheet whose cells span more than the
    /// guard allows, as [`Book::read_sheet`] does.
    pub(crate) fn finish(&mut self, file: &str) -> Result<(), ImportError> {
        if !self.ordered {
            self.complete = 0;
        }
        self.complete_to(self.table.cells.len());
        self.complete = self.table.cells.len();
        match self.area {
            Some(((r0, c0), (r1, c1))) => refuse_too_many_cells(
                file,
                self.table.sheet.as_deref().unwrap_or_default(),
                u64::from(r1 - r0) + 1,
                u64::from(c1 - c0) + 1,
            ),
            None => Ok(()),
        }
    }

    /// The rows known to be complete, from the first.
    pub(crate) fn complete(&self) -> usize {
        if self.ordered {
            self.complete
        } else {
            0
        }
    }

    pub(crate) fn ordered(&self) -> bool {
        self.ordered
    }

    pub(crate) fn table(&self) -> &RawTable {
        &self.table
    }

    pub(crate) fn into_table(self) -> RawTable {
        self.table
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
        cells.extend(row.iter().cloned().map(convert));
        trim_empty_end(&mut cells);
        out.push(cells);
    }
    out
}

/// A row ends at its last filled cell.
fn trim_empty_end(cells: &mut Vec<Cell>) {
    while cells.last().is_some_and(Cell::is_empty) {
        cells.pop();
    }
}

fn convert(d: Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(f) => Cell::Number(f),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => Cell::Date(t.date()),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => {
            match chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s),
            }
        }
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// [`convert`], for a cell as the streaming reader gives it; `None` for an empty one.
fn convert_ref(d: &DataRef<'_>) -> Option<Cell> {
    (!matches!(d, DataRef::Empty)).then(|| convert(Data::from(d.clone())))
}
