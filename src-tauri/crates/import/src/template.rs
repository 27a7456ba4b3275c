//! The blank list agencies can fill in: the canonical header, nothing else to guess.

use crate::error::ImportError;
use crate::field::Field;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use std::path::Path;

/// The columns of the template, in order.
pub const TEMPLATE_FIELDS: [Field; 15] = [
    Field::Stt,
    Field::Name,
    Field::Kind,
    Field::CriteriaSet,
    Field::Position,
    Field::BirthYear,
    Field::IdNumber,
    Field::Unit,
    Field::NominatingUnit,
    Field::Award,
    Field::Summary,
    Field::OnlineRecordsPct,
    Field::EDocumentsPct,
    Field::SocioEconomicReportsPct,
    Field::LgspPct,
];

pub fn write_template(path: &Path) -> Result<(), ImportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ImportError::Write {
        file: crate::raw::file_label(path),
        reason: e.to_string(),
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").map_err(err)?;
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let text = Format::new().set_num_format("@");
    let last = u16::try_from(TEMPLATE_FIELDS.len() + 1).unwrap_or(16) - 1;
    ws.merge_range(
        0,
        0,
        0,
        last,
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG PHONG TRÀO THI ĐUA CHUYỂN ĐỔI SỐ",
        &title,
    )
    .map_err(err)?;
    ws.merge_range(
        1,
        0,
        1,
        last,
        "(Kèm theo Tờ trình số …/TTr-… ngày … tháng … năm …)",
        &Format::new().set_italic().set_align(FormatAlign::Center),
    )
    .map_err(err)?;
    let mut fields: Vec<Field> = TEMPLATE_FIELDS.to_vec();
    fields.push(Field::Note);
    for (i, f) in fields.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        ws.write_with_format(3, col, f.label_vi(), &head)
            .map_err(err)?;
        let width = match f {
            Field::Stt => 6.0,
            Field::Name | Field::Unit | Field::NominatingUnit => 30.0,
            Field::Summary => 45.0,
            _ => 16.0,
        };
        ws.set_column_width(col, width).map_err(err)?;
        // The ID number column is text, so that leading zeros survive.
        if *f == Field::IdNumber {
            ws.set_column_format(col, &text).map_err(err)?;
        }
    }
    ws.set_row_height(3, 60).map_err(err)?;
    ws.set_freeze_panes(4, 0).map_err(err)?;
    wb.save(path).map_err(err)
}
