//! The text reader (csv, tsv, txt): decides the encoding and the delimiter, then has the `csv`
//! crate split the records.
//!
//! Encoding: a BOM decides (UTF-8, UTF-16LE, UTF-16BE); otherwise valid UTF-8 is UTF-8; otherwise
//! UTF-16 without a BOM is recognised by its zero bytes; otherwise the bytes are taken as
//! Windows-1258 only if what they decode to looks like Vietnamese (or like TCVN3 text, which the
//! legacy step converts). Anything else is [`ImportError::EncodingUndecided`]: the caller asks the
//! user, never a silent guess.

use super::{Cell, RawTable};
use crate::error::ImportError;
use crate::options::TextEncoding;
use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1258};

pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    encoding: Option<TextEncoding>,
    ext_hint: Option<&str>,
) -> Result<RawTable, ImportError> {
    let text = decode(file, bytes, encoding)?;
    let delimiter = match ext_hint {
        Some("tsv") => b'\t',
        _ => detect_delimiter(&text),
    };
    Ok(RawTable {
        sheet: None,
        cells: split(&text, delimiter),
    })
}

/// Decodes the whole file.
pub(crate) fn decode(
    file: &str,
    bytes: &[u8],
    encoding: Option<TextEncoding>,
) -> Result<String, ImportError> {
    let enc = match encoding {
        Some(e) => e,
        None => detect_encoding(file, bytes)?,
    };
    let (coding, body) = match enc {
        TextEncoding::Utf8 => (
            UTF_8,
            bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes),
        ),
        TextEncoding::Utf16Le => (
            UTF_16LE,
            bytes.strip_prefix(&[0xFF, 0xFE][..]).unwrap_or(bytes),
        ),
        TextEncoding::Utf16Be => (
            UTF_16BE,
            bytes.strip_prefix(&[0xFE, 0xFF][..]).unwrap_or(bytes),
        ),
        TextEncoding::Windows1258 => (WINDOWS_1258, bytes),
    };
    let (text, had_errors) = coding.decode_without_bom_handling(body);
    if had_errors {
        return Err(ImportError::EncodingInvalid {
            file: file.to_string(),
            encoding: enc.label().into(),
            detail: "có chuỗi byte không hợp lệ".into(),
        });
    }
    if text.contains('\0') {
        return Err(ImportError::UnsupportedFormat {
            file: file.to_string(),
            detail: format!("tệp nhị phân, không phải văn bản {}", enc.label()),
        });
    }
    Ok(text.into_owned())
}

pub(crate) fn detect_encoding(file: &str, bytes: &[u8]) -> Result<TextEncoding, ImportError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(TextEncoding::Utf8);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok(TextEncoding::Utf16Le);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(TextEncoding::Utf16Be);
    }
    let head = &bytes[..bytes.len().min(4096)];
    let zeros_even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let zeros_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = head.len() / 2;
    if half >= 2 && zeros_odd * 10 >= half * 3 && zeros_even * 10 < half {
        return Ok(TextEncoding::Utf16Le);
    }
    if half >= 2 && zeros_even * 10 >= half * 3 && zeros_odd * 10 < half {
        return Ok(TextEncoding::Utf16Be);
    }
    if std::str::from_utf8(bytes).is_ok() {
        if bytes.contains(&0) {
            return Err(ImportError::UnsupportedFormat {
                file: file.to_string(),
                detail: "tệp nhị phân".into(),
            });
        }
        return Ok(TextEncoding::Utf8);
    }
    if looks_like_windows_1258(bytes) {
        return Ok(TextEncoding::Windows1258);
    }
    Err(ImportError::EncodingUndecided {
        file: file.to_string(),
    })
}

/// Whether bytes that are not UTF-8 read as Vietnamese in Windows-1258 (or as TCVN3 text, which
/// is also single-byte and shows the same pattern). Binary data and other multi-byte encodings
/// (UTF-8 damaged by one byte, Shift-JIS, GBK) fail: they bring C0 controls, or the bytes
/// 0x80–0x9F that Windows-1258 maps to punctuation no list is typed with.
fn looks_like_windows_1258(bytes: &[u8]) -> bool {
    let mut high = 0usize;
    let mut bad = 0usize;
    for &b in bytes {
        match b {
            b'\t' | b'\n' | b'\r' => {}
            0x00..=0x1F | 0x7F => bad += 1,
            0x80..=0x9F => {
                high += 1;
                bad += 1;
            }
            0xA0..=0xFF => high += 1,
            _ => {}
        }
    }
    high > 0 && bad * 20 <= high && bad * 100 <= bytes.len()
}

/// The delimiter whose count per line is the most regular over the first lines; tab, then
/// semicolon (Excel's CSV where the decimal mark is a comma), then comma when they tie.
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b'\t', b';', b','] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, d as char))
            .collect();
        let nonzero = counts.iter().filter(|c| **c > 0).count();
        // Lines of the table all have the same count; title lines above it have none.
        let max = counts.iter().copied().max().unwrap_or(0);
        let same = counts.iter().filter(|c| **c == max && max > 0).count();
        let score = same * 4 + nonzero;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == d && !quoted {
            n += 1;
        }
    }
    n
}

/// RFC 4180 records, split by the `csv` crate: fields in double quotes may hold delimiters,
/// line breaks and `""`; rows may have any number of fields. `cells[r]` is the row a spreadsheet
/// program shows at `r + 1`: a quoted line break stays inside its field, and an empty line is an
/// empty row (the crate skips empty lines, so they are counted back from the bytes it passed
/// over, a lone CR, a lone LF and CRLF each ending one line).
pub(crate) fn split(text: &str, d: u8) -> Vec<Vec<Cell>> {
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(d)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Where the bytes read for the previous record end: a CR there may be followed by the LF of
    // the same CRLF, which the crate reads with the next record.
    let mut last = 0usize;
    // A malformed file reads as far as the crate could read it: text input never fails in the
    // crate (valid UTF-8, no I/O, any number of fields), so this is a stop, not a lost error.
    while let Ok(true) = reader.read_record(&mut record) {
        let start = record
            .position()
            .map_or(last, |p| usize::try_from(p.byte()).unwrap_or(last));
        rows.extend(std::iter::repeat_n(
            Vec::new(),
            empty_lines(bytes, start.min(bytes.len())),
        ));
        rows.push(trim_row(
            record
                .iter()
                .map(|f| {
                    if f.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string())
                    }
                })
                .collect(),
        ));
        last = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
    }
    rows.extend(std::iter::repeat_n(
        Vec::new(),
        empty_lines(bytes, last.min(bytes.len())),
    ));
    rows
}

/// The empty lines at `from`, where the crate begins to read a record (or the end of the file):
/// the line breaks before the record's first byte, not counting the LF that completes a CRLF
/// ended just before `from`.
fn empty_lines(bytes: &[u8], from: usize) -> usize {
    let mut rest = &bytes[from..];
    if from > 0 && bytes[from - 1] == b'\r' && rest.first() == Some(&b'\n') {
        rest = &rest[1..];
    }
    let mut n = 0;
    loop {
        rest = match rest {
            [b'\r', b'\n', tail @ ..] | [b'\r' | b'\n', tail @ ..] => tail,
            _ => return n,
        };
        n += 1;
    }
}

fn trim_row(mut row: Vec<Cell>) -> Vec<Cell> {
    while row.last().is_some_and(Cell::is_empty) {
        row.pop();
    }
    row
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(Cell::display).collect())
            .collect()
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_line_breaks() {
        let rows = split("a;\"b;c\";\"say \"\"hi\"\"\"\r\n\"two\nlines\";x\n", b';');
        assert_eq!(
            texts(&rows),
            vec![vec!["a", "b;c", "say \"hi\""], vec!["two\nlines", "x"]]
        );
    }

    #[test]
    fn empty_lines_and_quoted_line_breaks_keep_every_row_where_a_spreadsheet_shows_it() {
        // LF, CRLF and a lone CR each end a line; an empty line is an empty row; a line break
        // inside quotes stays in its cell.
        let rows = split("a\n\n\"x\ny\"\r\n\r\nb\r\rc\n\n", b',');
        assert_eq!(
            texts(&rows),
            vec![
                vec!["a"],
                vec![],
                vec!["x\ny"],
                vec![],
                vec!["b"],
                vec![],
                vec!["c"],
                vec![],
            ]
        );
        assert_eq!(
            texts(&split("\n\n1,2", b',')),
            vec![vec![], vec![], vec!["1", "2"]]
        );
        // An unclosed quote runs to the end of the file, as before.
        assert_eq!(texts(&split("1,\"a\nb", b',')), vec![vec!["1", "a\nb"]]);
    }

    #[test]
    fn a_bom_is_not_part_of_the_first_cell_and_a_quoted_delimiter_splits_nothing() {
        let utf8 = "\u{feff}STT,Họ tên,Đơn vị\r\n1,\"Nguyễn Văn A, Jr.\",\"Phường 1; Quận 3\"\r\n";
        let table = read("t.csv", utf8.as_bytes(), None, Some("csv")).unwrap();
        assert_eq!(
            texts(&table.cells),
            vec![
                vec!["STT", "Họ tên", "Đơn vị"],
                vec!["1", "Nguyễn Văn A, Jr.", "Phường 1; Quận 3"]
            ]
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "STT\tHọ tên\n1\t\"A\tB\"\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let table = read("t.txt", &utf16, None, Some("txt")).unwrap();
        assert_eq!(
            texts(&table.cells),
            vec![vec!["STT", "Họ tên"], vec!["1", "A\tB"]]
        );
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(
            detect_delimiter("DANH SÁCH\nSTT\tHọ tên\tĐơn vị\n1\tA\tB\n"),
            b'\t'
        );
        assert_eq!(
            detect_delimiter("STT;Họ tên;Tỷ lệ\n1;A;92,5\n2;B;60\n"),
            b';'
        );
        assert_eq!(detect_delimiter("STT,Họ tên,Đơn vị\n1,A,B\n"), b',');
    }

    #[test]
    fn encodings_are_detected_or_refused() {
        let f = "t.csv";
        assert_eq!(
            detect_encoding(f, "Họ tên".as_bytes()).ok(),
            Some(TextEncoding::Utf8)
        );
        let (w1258, _, _) = WINDOWS_1258.encode("Phường Bến Thành");
        assert_eq!(
            detect_encoding(f, &w1258).ok(),
            Some(TextEncoding::Windows1258)
        );
        let utf16: Vec<u8> = "STT\tHọ tên"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(detect_encoding(f, &utf16).ok(), Some(TextEncoding::Utf16Le));
        // UTF-8 with its lead bytes cut off is neither UTF-8 nor plausible Windows-1258.
        let damaged: Vec<u8> = "Nguyễn Văn Ánh".bytes().filter(|b| *b != 0xE1).collect();
        assert!(matches!(
            detect_encoding(f, &damaged),
            Err(ImportError::EncodingUndecided { .. })
        ));
    }
}
