//! An xlsx sheet checked while calamine parses it: each row is checked, and handed to the
//! caller's sink, as soon as it and what it depends on are read. The caller stores the first rows
//! while the last are still being parsed, instead of waiting for the whole sheet.
//!
//! A row depends on three things of the whole sheet, and each is handled so that what is handed
//! over is exactly what checking the whole sheet at once hands over ([`crate::parse_file`]):
//! - the header, found among the first rows: the rows wait for those;
//! - the scale of a percentage column ([`crate::check::Scales`]): a row with a bare number in a
//!   column still open waits until a number above 1 shows the column is percent, or the sheet
//!   ends and shows it holds fractions;
//! - the legacy encoding (TCVN3, VNI), known only from every text of the sheet: the sheet is
//!   taken to be Unicode, as nearly every sheet is, and checked again whole when its end shows
//!   otherwise ([`crate::Handed::Again`]). So is a sheet whose rows came out of order.

use crate::check::{self, Checker};
use crate::error::ImportError;
use crate::header::{self, HEADER_SCAN_ROWS};
use crate::raw::workbook::Growing;
use crate::raw::Book;
use crate::{legacy, Handed, ImportOptions, ParsedFile, Progress, RawTable, RowSink};
use xetkhen_core::{RoundKind, Rubric};

/// What reading a sheet this way came to.
pub(crate) enum Streamed {
    /// Its list, checked: every row passed was handed over.
    Parsed {
        parsed: Box<ParsedFile>,
        table: RawTable,
    },
    /// The sheet, read whole, to be checked whole: it has no header, or its rows cannot be
    /// checked as they came. `handed`: rows were handed over, to be forgotten first.
    Table { table: RawTable, handed: bool },
    /// Not a sheet read this way (ods, xls, a chart sheet): read it whole.
    Unread,
}

/// Rows a header can take: [`HEADER_SCAN_ROWS`] where it is looked for, the row under the
/// last of them (a header on two rows) and the row under that (a row of column numbers).
const HEADER_ROWS: usize = HEADER_SCAN_ROWS + 2;

/// Reads `sheet`, checking its rows as calamine parses them and handing each that passes to
/// `rows`; `progress` hears of the rows checked against the rows the sheet claims to have.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_sheet(
    book: &mut Book<'_>,
    file: &str,
    sheet: &str,
    rubric: &Rubric,
    round_kind: RoundKind,
    opts: &ImportOptions,
    progress: Progress<'_>,
    rows: RowSink<'_>,
) -> Result<Streamed, ImportError> {
    let Some(mut cells) = book.cells(file, sheet)? else {
        return Ok(Streamed::Unread);
    };
    let claimed = cells.claimed_rows();
    let mut grow = Growing::new(sheet);
    let mut ended = false;
    while !ended && grow.complete() < HEADER_ROWS && grow.ordered() {
        ended = cells.read(file, &mut grow)?;
    }
    // The header as the whole sheet would give it, if the sheet is Unicode (checked at the end).
    let header = if grow.ordered() && (ended || grow.complete() >= HEADER_ROWS) {
        if ended {
            grow.finish(file)?;
        }
        header::find_header(grow.table(), &opts.mapping, &|s| s.to_string())
    } else {
        None
    };
    let Some(header) = header else {
        while !ended {
            ended = cells.read(file, &mut grow)?;
        }
        grow.finish(file)?;
        return Ok(Streamed::Table {
            table: grow.into_table(),
            handed: false,
        });
    };

    let mut checker = Checker::new(&header, file, Some(sheet), rubric, round_kind, None);
    let mut scales = check::Scales::of(&header);
    let start = header.data_start;
    // The rows learnt from for the scales, and checked.
    let (mut observed, mut next) = (start, start);
    let handed = std::cell::Cell::new(false);
    let mut hand = |r: Handed| {
        handed.set(true);
        rows(r)
    };
    let stopped = || ImportError::Stopped {
        file: file.to_string(),
    };
    // Checks the rows from `next` on while they are complete and ready, against `total` rows.
    let mut check_ready = |table: &RawTable,
                           complete: usize,
                           total: usize,
                           scales: &check::Scales<'_>|
     -> Result<(), ImportError> {
        while next < complete && !checker.ended() && scales.ready(table, next) {
            let done = next - start;
            if done.is_multiple_of(crate::PROGRESS_ROWS) && !progress(done, total.max(done)) {
                return Err(stopped());
            }
            if !checker.check(table, next, scales, &mut hand) {
                return Err(stopped());
            }
            next += 1;
        }
        Ok(())
    };
    let claimed = claimed.saturating_sub(start);
    loop {
        let complete = grow.complete();
        while observed < complete {
            scales.observe(grow.table(), observed);
            observed += 1;
        }
        check_ready(grow.table(), complete, claimed, &scales)?;
        if ended {
            break;
        }
        ended = cells.read(file, &mut grow)?;
    }
    grow.finish(file)?;
    let ordered = grow.ordered();
    let table = grow.into_table();
    // A sheet in a legacy encoding reads differently from its header on.
    if !ordered || legacy::detect(&crate::texts(&table)).is_some() {
        return Ok(Streamed::Table {
            table,
            handed: handed.get(),
        });
    }
    for r in observed..table.cells.len() {
        scales.observe(&table, r);
    }
    let fractions = scales.close();
    // Every column is known now: every row left is ready.
    let end = table.cells.len();
    let total = end.saturating_sub(start);
    check_ready(&table, end, total, &scales)?;
    if !progress(total, total) {
        return Err(stopped());
    }
    checker.warn_fractions(&fractions);
    let outcome = checker.out;
    let parsed = crate::parsed_file(file, &table, header, outcome, None, Vec::new());
    Ok(Streamed::Parsed {
        parsed: Box::new(parsed),
        table,
    })
}
