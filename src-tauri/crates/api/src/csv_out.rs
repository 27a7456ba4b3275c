//! Every CSV the program writes (the problems of an import, the lists), by the `csv` crate, with
//! each cell a spreadsheet would run as a formula defused; the .xlsx copies defuse their cells
//! here too.

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
mod tests {
    use super::*;

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
