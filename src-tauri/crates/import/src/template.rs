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

/// A list of `rows` generated nominations (wards under 2.2 and officials under 2.4, alternately),
/// laid out as agencies send them: a title row, the header on row 3. For benchmarks and for
/// trying the import at the scale of a real campaign.
pub fn write_generated_list(path: &Path, rows: u32) -> Result<(), ImportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ImportError::Write {
        file: crate::raw::file_label(path),
        reason: e.to_string(),
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")
        .map_err(err)?;
    let header = [
        "STT",
        "Họ và tên / Tên tập thể",
        "Tập thể/Cá nhân",
        "Tiêu chuẩn",
        "Chức vụ",
        "Năm sinh",
        "Số CCCD",
        "Đơn vị",
        "Hình thức khen thưởng",
        "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng (%)",
        "Tỷ lệ văn bản điện tử",
        "Thành tích (tóm tắt)",
    ];
    for (c, h) in (0u16..).zip(header) {
        ws.write(2, c, h).map_err(err)?;
    }
    for i in 0..rows {
        let r = i + 3;
        ws.write(r, 0, i + 1).map_err(err)?;
        if i % 2 == 0 {
            ws.write(r, 1, format!("Phường Số {i}")).map_err(err)?;
            ws.write(r, 2, "Tập thể").map_err(err)?;
            ws.write(r, 3, "2.2").map_err(err)?;
            ws.write(r, 9, 60.0 + f64::from(i % 40)).map_err(err)?;
            ws.write(r, 10, "100%").map_err(err)?;
        } else {
            ws.write(r, 1, format!("Nguyễn Văn Thành {i}"))
                .map_err(err)?;
            ws.write(r, 2, "Cá nhân").map_err(err)?;
            ws.write(r, 3, "2.4").map_err(err)?;
            ws.write(r, 4, "Chuyên viên").map_err(err)?;
            ws.write(r, 5, 1970 + i % 30).map_err(err)?;
            ws.write(r, 6, format!("079{i:09}")).map_err(err)?;
        }
        ws.write(r, 7, format!("UBND Phường Số {}", i % 168))
            .map_err(err)?;
        ws.write(r, 8, "Bằng khen của UBND Thành phố")
            .map_err(err)?;
        ws.write(
            r,
            11,
            "Triển khai hiệu quả mô hình chuyển đổi số tại địa phương, đơn vị.",
        )
        .map_err(err)?;
    }
    wb.save(path).map_err(err)
}
