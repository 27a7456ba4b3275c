//! Checks made before a zipped workbook (xlsx, ods) reaches calamine.
//!
//! calamine trusts what a workbook says about itself: it reserves memory for the cells a sheet's
//! `<dimension>` claims (a sheet claiming a cell at XFD1048576 makes it ask for 512 GiB and the
//! process aborts, which no `catch_unwind` can stop), for the strings `sharedStrings.xml` claims,
//! and it inflates whatever the zip holds. So every claim is checked here first, against limits
//! far above any real nomination list, and every XML part is inflated once under a hard cap (zip
//! headers can lie about sizes). A file that fails any check is refused with
//! [`ImportError::Unsafe`]; calamine never sees it.

use super::Format;
use crate::error::ImportError;
use std::io::{Cursor, Read};

/// The limits. A real list has a few hundred rows and a dozen columns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    /// Inflated / compressed, checked for entries over `ratio_floor_bytes`.
    pub max_ratio: u64,
    pub ratio_floor_bytes: u64,
    pub max_rows: u64,
    pub max_cols: u64,
    pub max_cells: u64,
    pub max_shared_strings: u64,
}

pub(crate) const LIMITS: Limits = Limits {
    max_entries: 10_000,
    max_entry_bytes: 100 * 1024 * 1024,
    max_total_bytes: 200 * 1024 * 1024,
    max_ratio: 250,
    ratio_floor_bytes: 5 * 1024 * 1024,
    max_rows: 1_048_576,
    max_cols: 256,
    max_cells: 2_000_000,
    max_shared_strings: 2_000_000,
};

fn unsafe_err(file: &str, detail: impl Into<String>) -> ImportError {
    ImportError::Unsafe {
        file: file.to_string(),
        detail: detail.into(),
    }
}

fn corrupt(file: &str, detail: impl std::fmt::Display) -> ImportError {
    ImportError::Corrupt {
        file: file.to_string(),
        format: "zip (xlsx/ods)".into(),
        detail: detail.to_string(),
    }
}

/// Decides whether a zip is an xlsx or an ods, and runs every check on it.
pub(crate) fn zip_kind(file: &str, bytes: &[u8]) -> Result<Format, ImportError> {
    check_zip(file, bytes, &LIMITS)
}

pub(crate) fn check_zip(file: &str, bytes: &[u8], limits: &Limits) -> Result<Format, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(file, e))?;
    if zip.len() > limits.max_entries {
        return Err(unsafe_err(
            file,
            format!("chứa {} tệp con, quá nhiều", zip.len()),
        ));
    }
    // First pass: what the central directory claims.
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| corrupt(file, e))?;
        let name = entry.name().map_err(|e| corrupt(file, e))?.into_owned();
        if entry.encrypted() {
            return Err(ImportError::PasswordProtected {
                file: file.to_string(),
            });
        }
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        if size > limits.max_entry_bytes {
            return Err(unsafe_err(
                file,
                format!("phần {} giải nén ra {} MB", name, size / (1024 * 1024)),
            ));
        }
        if size > limits.ratio_floor_bytes && size / packed > limits.max_ratio {
            return Err(unsafe_err(
                file,
                format!(
                    "phần {} có tỷ lệ nén {}:1, dấu hiệu của tệp nén bom (zip bomb)",
                    name,
                    size / packed
                ),
            ));
        }
        total = total.saturating_add(size);
        names.push(name);
    }
    if total > limits.max_total_bytes {
        return Err(unsafe_err(
            file,
            format!(
                "tổng dung lượng giải nén {} MB, vượt giới hạn",
                total / (1024 * 1024)
            ),
        ));
    }
    let format = if names
        .iter()
        .any(|n| n == "xl/workbook.xml" || n == "xl/workbook.bin")
    {
        if names.iter().any(|n| n == "xl/workbook.bin") {
            return Err(ImportError::UnsupportedFormat {
                file: file.to_string(),
                detail: "xlsb".into(),
            });
        }
        Format::Xlsx
    } else if names.iter().any(|n| n == "content.xml") {
        Format::Ods
    } else {
        return Err(ImportError::UnsupportedFormat {
            file: file.to_string(),
            detail: "tệp nén zip nhưng không phải bảng tính Excel hay OpenDocument".into(),
        });
    };

    // Second pass: inflate every XML part under a hard cap and look inside.
    let mut inflated_total: u64 = 0;
    for (i, name) in names.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".vml")) {
            continue;
        }
        let entry = zip.by_index(i).map_err(|e| corrupt(file, e))?;
        let mut data = Vec::new();
        let read = entry
            .take(limits.max_entry_bytes + 1)
            .read_to_end(&mut data)
            .map_err(|e| corrupt(file, format!("phần {name}: {e}")))?;
        if read as u64 > limits.max_entry_bytes {
            return Err(unsafe_err(
                file,
                format!("phần {name} giải nén ra nhiều hơn khai báo"),
            ));
        }
        inflated_total += read as u64;
        if inflated_total > limits.max_total_bytes {
            return Err(unsafe_err(file, "tổng dung lượng giải nén vượt giới hạn"));
        }
        check_xml_part(file, name, &data, limits)?;
        if format == Format::Xlsx && lower.starts_with("xl/worksheets/") && lower.ends_with(".xml")
        {
            check_worksheet(file, name, &data, limits)?;
        }
        if format == Format::Xlsx && lower == "xl/sharedstrings.xml" {
            check_shared_strings(file, &data, limits)?;
        }
        if format == Format::Ods && lower == "content.xml" {
            check_ods_content(file, &data, limits)?;
        }
    }
    Ok(format)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Whether a `<!DOCTYPE` or `<!ENTITY` declaration occurs, in any ASCII case. Every part of
/// the workbook is searched, so in one vectorised pass for `<!`, which real parts hold only in
/// the rare comment or CDATA section.
fn declares_dtd(hay: &[u8]) -> bool {
    memchr::memmem::find_iter(hay, b"<!").any(|at| {
        let rest = &hay[at + 2..];
        [&b"DOCTYPE"[..], &b"ENTITY"[..]].iter().any(|word| {
            rest.get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
        })
    })
}

/// No XML part of a workbook needs a DTD; entity declarations are how "billion laughs" attacks
/// start, so any part with one is refused outright.
fn check_xml_part(
    file: &str,
    name: &str,
    data: &[u8],
    _limits: &Limits,
) -> Result<(), ImportError> {
    if declares_dtd(data) {
        return Err(unsafe_err(
            file,
            format!(
                "phần {name} khai báo DOCTYPE/ENTITY (có thể là tấn công mở rộng thực thể XML)"
            ),
        ));
    }
    // UTF-16 XML would hide the markers above from a byte search; Office never writes it.
    if data.starts_with(&[0xFF, 0xFE]) || data.starts_with(&[0xFE, 0xFF]) {
        return Err(unsafe_err(
            file,
            format!("phần {name} mã hoá UTF-16, không được hỗ trợ"),
        ));
    }
    Ok(())
}

/// "B7" → (row 7, col 2), both 1-based; "$B$7" accepted.
pub(crate) fn parse_ref(r: &[u8]) -> Option<(u64, u64)> {
    // Called for every cell of every sheet, so without allocating: `$` signs are skipped
    // wherever they stand, then letters, then at most ten digits.
    let mut bytes = r.iter().copied().filter(|b| *b != b'$').peekable();
    let (mut col, mut letters) = (0u64, 0usize);
    while let Some(b) = bytes.next_if(u8::is_ascii_alphabetic) {
        letters += 1;
        if letters > 4 {
            return None;
        }
        col = col * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let (mut row, mut digits) = (0u64, 0usize);
    for b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        digits += 1;
        if digits > 10 {
            return None;
        }
        row = row * 10 + u64::from(b - b'0');
    }
    (letters > 0 && digits > 0).then_some((row, col))
}

/// The value of attribute `attr` inside the tag starting at `tag` (up to its closing `>`).
fn attr<'a>(tag: &'a [u8], attr: &[u8]) -> Option<&'a [u8]> {
    let end = tag.iter().position(|b| *b == b'>').unwrap_or(tag.len());
    let tag = &tag[..end];
    let mut pos = 0;
    while let Some(i) = find(&tag[pos..], attr) {
        let at = pos + i;
        let before_ok = at > 0 && tag[at - 1].is_ascii_whitespace();
        let rest = &tag[at + attr.len()..];
        if before_ok
            && rest.first() == Some(&b'=')
            && matches!(rest.get(1), Some(b'"') | Some(b'\''))
        {
            let quote = rest[1];
            let value = &rest[2..];
            let close = value.iter().position(|b| *b == quote)?;
            return Some(&value[..close]);
        }
        pos = at + attr.len();
    }
    None
}

fn check_area(
    file: &str,
    name: &str,
    rows: u64,
    cols: u64,
    limits: &Limits,
    what: &str,
) -> Result<(), ImportError> {
    if rows > limits.max_rows {
        return Err(unsafe_err(
            file,
            format!(
                "{name}: {what} {rows} dòng, vượt giới hạn {}",
                limits.max_rows
            ),
        ));
    }
    if cols > limits.max_cols {
        return Err(unsafe_err(
            file,
            format!("{name}: {what} {cols} cột, vượt giới hạn {} cột (hãy xoá định dạng thừa hoặc chép dữ liệu sang tệp mới)", limits.max_cols),
        ));
    }
    if rows.saturating_mul(cols) > limits.max_cells {
        return Err(unsafe_err(
            file,
            format!(
                "{name}: {what} {} ô, vượt giới hạn {}",
                rows.saturating_mul(cols),
                limits.max_cells
            ),
        ));
    }
    Ok(())
}

/// The `<dimension ref>` a sheet claims, and the area its cells really span (calamine sizes its
/// grid from the smallest to the largest cell reference).
fn check_worksheet(
    file: &str,
    name: &str,
    data: &[u8],
    limits: &Limits,
) -> Result<(), ImportError> {
    if let Some(i) = find(data, b"<dimension") {
        if let Some(r) = attr(&data[i..], b"ref") {
            let mut parts = r.split(|b| *b == b':');
            let a = parts.next().and_then(parse_ref);
            let b = parts.next().and_then(parse_ref).or(a);
            match (a, b) {
                (Some((r1, c1)), Some((r2, c2))) => {
                    let rows = r2.abs_diff(r1) + 1;
                    let cols = c2.abs_diff(c1) + 1;
                    check_area(
                        file,
                        name,
                        rows.max(r2),
                        cols.max(c2),
                        limits,
                        "vùng dữ liệu khai báo",
                    )?;
                }
                _ => {
                    return Err(unsafe_err(
                        file,
                        format!("{name}: vùng dữ liệu khai báo không hợp lệ"),
                    ))
                }
            }
        }
    }
    let (mut min_r, mut max_r, mut min_c, mut max_c) = (u64::MAX, 0u64, u64::MAX, 0u64);
    let mut pos = 0;
    while let Some(i) = find(&data[pos..], b"<c") {
        let at = pos + i;
        pos = at + 2;
        let Some(next) = data.get(pos) else { break };
        if !next.is_ascii_whitespace() {
            continue;
        }
        if let Some(r) = attr(&data[at..], b"r") {
            match parse_ref(r) {
                Some((row, col)) => {
                    min_r = min_r.min(row);
                    max_r = max_r.max(row);
                    min_c = min_c.min(col);
                    max_c = max_c.max(col);
                }
                None => return Err(unsafe_err(file, format!("{name}: địa chỉ ô không hợp lệ"))),
            }
        }
    }
    if max_r > 0 {
        check_area(
            file,
            name,
            max_r.max(max_r - min_r + 1),
            max_c - min_c + 1,
            limits,
            "các ô trải trên",
        )?;
    }
    Ok(())
}

fn check_shared_strings(file: &str, data: &[u8], limits: &Limits) -> Result<(), ImportError> {
    if let Some(i) = find(data, b"<sst") {
        for key in [&b"uniqueCount"[..], &b"count"[..]] {
            if let Some(v) = attr(&data[i..], key) {
                let n = std::str::from_utf8(v)
                    .ok()
                    .and_then(|s| s.trim().parse::<u64>().ok());
                match n {
                    Some(n) if n <= limits.max_shared_strings => {}
                    _ => {
                        return Err(unsafe_err(
                            file,
                            "bảng chuỗi dùng chung khai báo số chuỗi quá lớn",
                        ))
                    }
                }
            }
        }
    }
    Ok(())
}

/// OpenDocument repeats cells and rows with attributes; LibreOffice writes huge repeats of empty
/// cells (calamine skips those), so only repeats of cells that hold a value are counted.
fn check_ods_content(file: &str, data: &[u8], limits: &Limits) -> Result<(), ImportError> {
    let mut pos = 0;
    let mut row_repeat: u64 = 1;
    let mut claimed_cells: u64 = 0;
    while let Some(i) = find(&data[pos..], b"<table:table-") {
        let at = pos + i;
        pos = at + 13;
        let tag = &data[at..];
        let number = |key: &[u8]| {
            attr(tag, key)
                .and_then(|v| std::str::from_utf8(v).ok())
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(1)
        };
        if tag.starts_with(b"<table:table-row") {
            row_repeat = number(b"table:number-rows-repeated");
        } else if tag.starts_with(b"<table:table-cell") {
            let cols = number(b"table:number-columns-repeated");
            if attr(tag, b"office:value-type").is_some() {
                if cols > limits.max_cols || row_repeat > limits.max_rows {
                    return Err(unsafe_err(
                        file,
                        "content.xml: một ô có giá trị được lặp lại quá nhiều lần",
                    ));
                }
                claimed_cells = claimed_cells.saturating_add(cols.saturating_mul(row_repeat));
                if claimed_cells > limits.max_cells {
                    return Err(unsafe_err(
                        file,
                        format!("content.xml: hơn {} ô có giá trị", limits.max_cells),
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_parse() {
        assert_eq!(parse_ref(b"A1"), Some((1, 1)));
        assert_eq!(parse_ref(b"XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(parse_ref(b"$B$7"), Some((7, 2)));
        assert_eq!(parse_ref(b"7"), None);
        assert_eq!(parse_ref(b"A"), None);
    }

    #[test]
    fn a_dtd_is_seen_in_any_case_and_a_comment_is_not_one() {
        assert!(declares_dtd(b"<?xml?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>"));
        assert!(declares_dtd(b"<x/><!entity a 'b'>"));
        assert!(declares_dtd(b"<!doctype x>"));
        assert!(!declares_dtd(
            b"<x><!-- DOCTYPE --><![CDATA[ENTITY]]></x><!"
        ));
    }

    #[test]
    fn attributes_are_found_only_as_whole_names() {
        let tag = br#"<c s="1" r="B7" t="s">"#;
        assert_eq!(attr(tag, b"r"), Some(&b"B7"[..]));
        assert_eq!(
            attr(br#"<sst count="5" uniqueCount="3">"#, b"count"),
            Some(&b"5"[..])
        );
    }
}
