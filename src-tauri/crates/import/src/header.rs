//! Finding the table in a sheet: the header row below title rows and merged titles, and which
//! column holds which field.

use crate::field::{match_header, Field};
use crate::raw::{Cell, RawTable};
use serde::Serialize;
use std::collections::HashMap;
use xetkhen_core::text::{clean, fold};

/// How many rows from the top are searched for the header.
pub const HEADER_SCAN_ROWS: usize = 30;

/// One column of the header and the field it was mapped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnMapping {
    /// 0-based column index.
    pub index: u32,
    /// The Excel column letter ("F").
    pub column: String,
    /// The header text as written (cleaned).
    pub header: String,
    /// `None` when no wording and no user mapping names the column.
    pub field: Option<Field>,
    /// Whether the field came from the user's mapping rather than the built-in wordings.
    pub by_user: bool,
}

/// The header found in a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based index of the (last) header row.
    pub row: usize,
    /// 0-based index of the first row that may hold data.
    pub data_start: usize,
    pub columns: Vec<ColumnMapping>,
}

impl Header {
    pub fn column_of(&self, field: Field) -> Option<&ColumnMapping> {
        self.columns.iter().find(|c| c.field == Some(field))
    }
}

/// "A" for 0, "Z" for 25, "AA" for 26.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

fn header_text(cell: &Cell, convert: &dyn Fn(&str) -> String) -> String {
    match cell {
        Cell::Text(s) => clean(&convert(s)),
        _ => String::new(),
    }
}

/// The field of one header cell: the user's mapping (by folded text, then by column letter)
/// before the built-in wordings.
fn field_for(text: &str, index: usize, mapping: &HashMap<String, Field>) -> (Option<Field>, bool) {
    if let Some(f) = mapping.get(&fold(text)).filter(|_| !text.is_empty()) {
        return (Some(*f), true);
    }
    if let Some(f) = mapping.get(&column_letter(index)) {
        return (Some(*f), true);
    }
    (match_header(text), false)
}

fn row_fields(
    table: &RawTable,
    row: usize,
    mapping: &HashMap<String, Field>,
    convert: &dyn Fn(&str) -> String,
) -> Vec<Option<Field>> {
    let cells = table.cells.get(row).map_or(&[][..], Vec::as_slice);
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| field_for(&header_text(c, convert), i, mapping).0)
        .collect()
}

fn distinct(fields: &[Option<Field>]) -> usize {
    let mut seen: Vec<Field> = fields.iter().flatten().copied().collect();
    seen.sort_by_key(|f| f.code());
    seen.dedup();
    seen.len()
}

/// Finds the header: among the first [`HEADER_SCAN_ROWS`] rows, the one matching the most
/// distinct fields, which must include the name and one other field. A second header row
/// underneath (sub-headers under a merged "Tỷ lệ (%)") is merged in when it names fields the
/// first row does not. `convert` is applied to header text first (the legacy-text conversion, or
/// the identity).
pub fn find_header(
    table: &RawTable,
    mapping: &HashMap<String, Field>,
    convert: &dyn Fn(&str) -> String,
) -> Option<Header> {
    let rows = table.cells.len().min(HEADER_SCAN_ROWS);
    let mut best: Option<(usize, usize)> = None;
    for r in 0..rows {
        let fields = row_fields(table, r, mapping, convert);
        let n = distinct(&fields);
        if n >= 2 && fields.contains(&Some(Field::Name)) && best.is_none_or(|(_, bn)| n > bn) {
            best = Some((r, n));
        }
    }
    let (row, _) = best?;
    let first = row_fields(table, row, mapping, convert);
    let second = row_fields(table, row + 1, mapping, convert);
    let mut use_second = false;
    let width = first.len().max(second.len());
    let mut columns = Vec::with_capacity(width);
    for i in 0..width {
        let top = table.cell(row, i);
        let below = table.cell(row + 1, i);
        let f1 = first.get(i).copied().flatten();
        let f2 = second.get(i).copied().flatten();
        let new_below = f2.is_some() && f1.is_none() && !first.contains(&f2);
        let (cell, field) = if new_below { (below, f2) } else { (top, f1) };
        if new_below {
            use_second = true;
        }
        let text = header_text(cell, convert);
        let text = if text.is_empty() {
            header_text(below, convert)
        } else {
            text
        };
        let (field, by_user) = match field {
            Some(f) => (Some(f), field_for(&text, i, mapping).1),
            None => field_for(&text, i, mapping),
        };
        if text.is_empty() && field.is_none() {
            continue;
        }
        columns.push(ColumnMapping {
            index: u32::try_from(i).unwrap_or(u32::MAX),
            column: column_letter(i),
            header: text,
            field,
            by_user,
        });
    }
    // A field named twice keeps its first column; the second is left unmapped.
    let mut seen = Vec::new();
    for c in &mut columns {
        if let Some(f) = c.field {
            if seen.contains(&f) {
                c.field = None;
                c.by_user = false;
            } else {
                seen.push(f);
            }
        }
    }
    let header_row = if use_second { row + 1 } else { row };
    let mut data_start = header_row + 1;
    // A row of column numbers under the header ("(1)", "(2)", … or 1, 2, 3 …) is not data.
    if is_numbering_row(table.cells.get(data_start).map_or(&[][..], Vec::as_slice)) {
        data_start += 1;
    }
    Some(Header {
        row: header_row,
        data_start,
        columns,
    })
}

fn is_numbering_row(cells: &[Cell]) -> bool {
    let values: Vec<String> = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| clean(&c.display()))
        .collect();
    if values.len() < 3 {
        return false;
    }
    values.iter().enumerate().all(|(i, v)| {
        let digits = v.trim_matches(|c| c == '(' || c == ')');
        digits.parse::<usize>().is_ok_and(|n| n == i + 1 || n == i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    fn table(rows: &[&[&str]]) -> RawTable {
        RawTable {
            sheet: None,
            cells: rows
                .iter()
                .map(|r| r.iter().map(|s| t(s)).collect())
                .collect(),
        }
    }

    fn id(s: &str) -> String {
        s.to_string()
    }

    #[test]
    fn column_letters_are_as_excel_shows_them() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(5), "F");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16_383), "XFD");
    }

    #[test]
    fn a_header_below_three_title_rows_is_found() {
        let t = table(&[
            &["ỦY BAN NHÂN DÂN", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            &["PHƯỜNG SÀI GÒN", "", "Độc lập - Tự do - Hạnh phúc"],
            &["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
            &[
                "STT",
                "Họ và tên / Tên tập thể",
                "Đơn vị",
                "Hình thức khen thưởng",
                "Điện thoại",
            ],
            &["(1)", "(2)", "(3)", "(4)", "(5)"],
            &[
                "1",
                "Nguyễn Văn A",
                "UBND Phường Sài Gòn",
                "Bằng khen",
                "0909",
            ],
        ]);
        let h = find_header(&t, &HashMap::new(), &id);
        let h = h.as_ref();
        assert_eq!(h.map(|h| (h.row, h.data_start)), Some((3, 5)));
        assert_eq!(
            h.and_then(|h| h.column_of(Field::Award))
                .map(|c| c.column.as_str()),
            Some("D")
        );
        let unmapped: Vec<&str> = h
            .map(|h| {
                h.columns
                    .iter()
                    .filter(|c| c.field.is_none())
                    .map(|c| c.header.as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(unmapped, ["Điện thoại"]);
    }

    #[test]
    fn sub_headers_under_a_merged_group_are_merged_in() {
        let t = table(&[
            &[
                "STT",
                "Tên tập thể",
                "Đơn vị",
                "Tỷ lệ (%)",
                "",
                "Hình thức đề nghị",
            ],
            &[
                "",
                "",
                "",
                "Hồ sơ xử lý trực tuyến (%)",
                "Tỷ lệ văn bản điện tử",
                "",
            ],
            &[
                "1",
                "Phường Bến Thành",
                "UBND Phường Bến Thành",
                "92,5",
                "100",
                "Bằng khen",
            ],
        ]);
        let h = find_header(&t, &HashMap::new(), &id);
        assert_eq!(h.as_ref().map(|h| h.data_start), Some(2));
        assert_eq!(
            h.as_ref()
                .and_then(|h| h.column_of(Field::OnlineRecordsPct))
                .map(|c| c.index),
            Some(3)
        );
        assert_eq!(
            h.as_ref()
                .and_then(|h| h.column_of(Field::EDocumentsPct))
                .map(|c| c.index),
            Some(4)
        );
    }

    #[test]
    fn the_users_mapping_names_a_column_the_wordings_do_not_know() {
        let t = table(&[
            &["TT", "Người được đề nghị", "Nơi làm việc", "Khen gì"],
            &["1", "A", "B", "Bằng khen"],
        ]);
        assert!(find_header(&t, &HashMap::new(), &id).is_none());
        let mapping = HashMap::from([
            (fold("Người được đề nghị"), Field::Name),
            (fold("Nơi làm việc"), Field::Unit),
            ("D".to_string(), Field::Award),
        ]);
        let h = find_header(&t, &mapping, &id);
        assert_eq!(
            h.as_ref()
                .and_then(|h| h.column_of(Field::Award))
                .map(|c| c.by_user),
            Some(true)
        );
        assert_eq!(
            h.as_ref()
                .and_then(|h| h.column_of(Field::Name))
                .map(|c| c.index),
            Some(1)
        );
    }
}
