//! The editable copies of a list for the secretariat: .csv (by the `csv` crate, through
//! [`crate::csv_out::csv_document`]) and .xlsx, every cell written as text and defused when a
//! spreadsheet could take it for a formula.

use crate::csv_out::{csv_document, defuse_formula};
use crate::error::{ApiError, ErrorCode};
use crate::fs::write_whole;
use std::path::Path;
use xetkhen_store::StoredNomination;

const COPY_HEADER: [&str; 9] = [
    "STT",
    "Họ và tên / Tên tập thể",
    "Tập thể/Cá nhân",
    "Tiêu chuẩn",
    "Chức vụ",
    "Năm sinh",
    "Số CCCD",
    "Đơn vị",
    "Hình thức khen thưởng",
];

fn copy_cells(i: usize, n: &StoredNomination) -> [String; 9] {
    let n = &n.nomination;
    [
        (i + 1).to_string(),
        n.name.clone(),
        n.kind.label_vi().to_string(),
        n.criteria_set.clone(),
        n.position.clone().unwrap_or_default(),
        n.birth_year.map(|y| y.to_string()).unwrap_or_default(),
        n.id_number.clone().unwrap_or_default(),
        n.unit.clone(),
        n.award.label_vi().to_string(),
    ]
}

pub(crate) fn csv_copy(noms: &[StoredNomination]) -> String {
    let rows = noms.iter().enumerate().map(|(i, n)| copy_cells(i, n));
    csv_document(
        "",
        std::iter::once(COPY_HEADER.map(String::from)).chain(rows),
    )
}

/// Writes the .xlsx copy to `out`, whole or not at all ([`write_whole`]). Every cell is written
/// as text (ID numbers keep their leading zeros) and a cell that a spreadsheet could take for a
/// formula is defused with a leading apostrophe.
pub(crate) fn write_xlsx_copy(noms: &[StoredNomination], out: &Path) -> Result<(), ApiError> {
    let err = |e: rust_xlsxwriter::XlsxError| {
        ApiError::new(ErrorCode::Io, format!("Không tạo được tệp Excel: {e}"))
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").map_err(err)?;
    for (c, h) in (0u16..).zip(COPY_HEADER) {
        ws.write_string(0, c, h).map_err(err)?;
    }
    for (r, (i, n)) in (1u32..).zip(noms.iter().enumerate()) {
        for (c, cell) in (0u16..).zip(copy_cells(i, n)) {
            ws.write_string(r, c, defuse_formula(&cell)).map_err(err)?;
        }
    }
    write_whole(out, &wb.save_to_buffer().map_err(err)?)
}
