//! The secretariat's stories: lists as agencies really send them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::collections::HashMap;
use xetkhen_core::{AutoResult, AwardForm, MessageCode, NomineeKind, RoundKind, Rubric};
use xetkhen_import::{
    parse_file, sheets, write_template, Field, ImportError, ImportOptions, TextEncoding,
};

fn pct(f: &xetkhen_import::ParsedFile, row: usize) -> Option<f64> {
    f.rows[row]
        .nomination
        .metrics
        .online_records_pct
        .map(|p| p.as_f64())
}

#[test]
fn a_ward_at_59_9_percent_online_records_imports_with_2_2_b_failing() {
    let d = dir();
    let p = xlsx(
        d.path(),
        "phuong.xlsx",
        &[],
        &HEADER,
        &[ward("Phường Sài Gòn", V::N(59.9))],
    );
    let f = parse(&p);
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    let draft = f.rows[0].nomination.clone();
    assert_eq!(draft.kind, NomineeKind::Collective);
    let n = draft.into_nomination("n1".into(), "r1".into(), chrono::Utc::now());
    let rubric = Rubric::plan_2242();
    let e = rubric.evaluate(&n, RoundKind::TongKet).unwrap();
    let b = e
        .items
        .iter()
        .find(|i| i.criterion.code == "2.2.b")
        .unwrap();
    assert_eq!(b.auto, Some(AutoResult::Fail));
    assert_eq!(e.eligible, Some(false));
}

#[test]
fn a_percent_typed_92_5_percent_with_a_comma_means_92_5() {
    let d = dir();
    let csv = "STT;Họ và tên;Loại;Tiêu chuẩn;Đơn vị;Hình thức đề nghị;Hồ sơ xử lý trực tuyến (%)\n\
               1;Phường Bến Thành;Tập thể;2.2;UBND Phường Bến Thành;Bằng khen;\"92,5%\"\n\
               2;Phường Tân Định;Tập thể;2.2;UBND Phường Tân Định;Bằng khen;92,5\n\
               3;Phường Đa Kao;Tập thể;2.2;UBND Phường Đa Kao;Bằng khen;92.5\n";
    let f = parse(&write(d.path(), "ds.csv", csv.as_bytes()));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert_eq!(
        (0..3).map(|i| pct(&f, i)).collect::<Vec<_>>(),
        vec![Some(92.5); 3]
    );
}

#[test]
fn a_fraction_in_a_cell_formatted_as_percent_means_92_5() {
    let d = dir();
    let p = xlsx(
        d.path(),
        "pct.xlsx",
        &[],
        &HEADER,
        &[
            ward("Phường Sài Gòn", V::Pct(0.925)),
            ward("Phường Bàn Cờ", V::Pct(1.0)),
        ],
    );
    let f = parse(&p);
    assert_eq!(pct(&f, 0), Some(92.5));
    assert_eq!(pct(&f, 1), Some(100.0));
    assert!(f
        .warnings
        .iter()
        .any(|w| w.message.code == MessageCode::ImportFractionColumn
            && w.column.as_deref().is_some_and(|c| c.starts_with("H "))));
}

#[test]
fn a_lone_fraction_among_whole_percentages_is_kept_as_typed_with_a_warning() {
    let d = dir();
    let p = xlsx(
        d.path(),
        "mix.xlsx",
        &[],
        &HEADER,
        &[
            ward("Phường Sài Gòn", V::N(95.0)),
            ward("Phường Bàn Cờ", V::N(0.9)),
        ],
    );
    let f = parse(&p);
    assert_eq!(pct(&f, 1), Some(0.9));
    assert!(f.warnings.iter().any(|w| w.row == Some(3)
        && w.message.code == MessageCode::ImportSmallPercent
        && w.message.params["percent"] == "90"));
}

#[test]
fn an_id_number_079123456789_keeps_its_leading_zero_and_a_numeric_one_is_flagged() {
    let d = dir();
    let person = |id: V| {
        vec![
            V::N(1.0),
            V::T("Trần Thị Mai"),
            V::T("Cá nhân"),
            V::T("2.4"),
            V::T("Chuyên viên"),
            V::T("Sở Nội vụ"),
            V::T("Bằng khen"),
            V::E,
            V::E,
            id,
        ]
    };
    let p = xlsx(
        d.path(),
        "id.xlsx",
        &[],
        &HEADER,
        &[person(V::T("079123456789")), person(V::N(79_123_456_789.0))],
    );
    let f = parse(&p);
    assert_eq!(
        f.rows[0].nomination.id_number.as_deref(),
        Some("079123456789")
    );
    assert_eq!(
        f.rows[1].nomination.id_number.as_deref(),
        Some("79123456789")
    );
    let w = f.warnings.iter().find(|w| w.row == Some(3)).unwrap();
    assert!(w.message.code == MessageCode::ImportIdNumberLostZeros);
    assert_eq!(w.column.as_deref(), Some("J (Số CCCD)"));
}

#[test]
fn a_header_below_three_title_rows_and_a_merged_title_is_found() {
    let d = dir();
    let titles = [
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        "Phong trào thi đua chuyển đổi số",
        "(Kèm theo Tờ trình số 15/TTr-UBND)",
    ];
    let p = xlsx(
        d.path(),
        "titles.xlsx",
        &titles,
        &HEADER,
        &[ward("Phường Sài Gòn", V::N(75.0))],
    );
    let f = parse(&p);
    assert_eq!(f.header_row, 4);
    assert_eq!(f.rows.len(), 1);
    assert_eq!(f.rows[0].row, 5, "rows are numbered as Excel shows them");
    assert_eq!(f.sheet.as_deref(), Some("Sheet1"));
}

fn tcvn3_csv() -> Vec<u8> {
    let mut out = Vec::new();
    for line in [
        "STT,Họ và tên,Loại,Tiêu chuẩn,Đơn vị,Hình thức khen thưởng",
        "1,Nguyễn Văn A,Cá nhân,2.4,Phòng Văn hóa - Xã hội,Bằng khen",
        "2,Lê Thị Hồng Gấm,Cá nhân,2.4,Trường THCS Nguyễn Du,Giấy khen",
    ] {
        out.extend(xetkhen_import::legacy::unicode_to_tcvn3_bytes(line));
        out.extend(b"\r\n");
    }
    out
}

#[test]
fn a_tcvn3_name_is_detected_and_converted_to_nguyen_van_a() {
    let d = dir();
    let p = write(d.path(), "tcvn3.csv", &tcvn3_csv());
    let before = parse(&p);
    let preview = before.legacy_encoding.clone().unwrap();
    assert!(!preview.converted);
    assert_eq!(before.rows[0].nomination.name, "NguyÔn V¨n A");
    assert!(preview.samples.iter().any(|s| s.after == "Nguyễn Văn A"));
    assert!(before
        .warnings
        .iter()
        .any(|w| w.message.code == MessageCode::ImportLegacyCellsExample
            && w.message.params["encoding"] == "TCVN3"));
    let after = parse_with(
        &p,
        &ImportOptions {
            convert_legacy: true,
            ..ImportOptions::default()
        },
    );
    assert_eq!(after.rows[0].nomination.name, "Nguyễn Văn A");
    assert_eq!(after.rows[1].nomination.name, "Lê Thị Hồng Gấm");
    assert_eq!(after.rows[1].nomination.unit, "Trường THCS Nguyễn Du");
    assert!(after.legacy_encoding.is_some_and(|p| p.converted));
}

#[test]
fn a_unicode_text_file_from_excel_in_utf16_with_tabs_imports() {
    let d = dir();
    let text = "STT\tHọ và tên\tTiêu chuẩn\tĐơn vị\tHình thức khen thưởng\r\n1\tPhạm Minh Đức\t2.4\tBệnh viện Chợ Rẫy\tBằng khen\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let f = parse(&write(d.path(), "unicode.txt", &bytes));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert_eq!(f.rows[0].nomination.name, "Phạm Minh Đức");
    assert_eq!(
        f.rows[0].nomination.kind,
        NomineeKind::Individual,
        "2.4 means an individual"
    );
}

#[test]
fn a_windows_1258_csv_imports_with_nfc_names() {
    let d = dir();
    let text = "STT,Họ và tên,Tiêu chuẩn,Đơn vị,Hình thức khen thưởng\r\n1,Nguyễn Thị Ánh Tuyết,2.4,Ủy ban nhân dân Phường Xuân Hòa,Bằng khen\r\n";
    let bytes = xetkhen_import::legacy::encode_windows_1258(text);
    let p = write(d.path(), "ansi.csv", &bytes);
    let f = parse(&p);
    assert_eq!(f.rows[0].nomination.name, "Nguyễn Thị Ánh Tuyết");
    assert_eq!(f.rows[0].nomination.unit, "Ủy ban nhân dân Phường Xuân Hòa");
    assert!(f.legacy_encoding.is_none());
    // UTF-8 with a BOM, the other way Excel saves CSV.
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(text.as_bytes());
    let g = parse(&write(d.path(), "bom.csv", &bom));
    assert_eq!(g.rows[0].nomination.name, "Nguyễn Thị Ánh Tuyết");
}

#[test]
fn a_file_whose_encoding_cannot_be_decided_asks_the_caller() {
    let d = dir();
    let damaged: Vec<u8> = "STT,Họ và tên\n1,Nguyễn Văn Ánh\n"
        .bytes()
        .filter(|b| *b != 0xE1)
        .collect();
    let p = write(d.path(), "hong.csv", &damaged);
    let r = parse_file(
        &p,
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        &ImportOptions::default(),
    );
    assert!(
        matches!(r, Err(ImportError::EncodingUndecided { .. })),
        "{r:?}"
    );
    let forced = ImportOptions {
        encoding: Some(TextEncoding::Utf8),
        ..ImportOptions::default()
    };
    let r = parse_file(&p, &Rubric::plan_2242(), RoundKind::TongKet, &forced);
    assert!(
        matches!(&r, Err(ImportError::EncodingInvalid { file, .. }) if file == "hong.csv"),
        "{r:?}"
    );
}

#[test]
fn several_sheets_are_listed_and_the_first_with_a_header_is_taken_unless_one_is_named() {
    let d = dir();
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .set_name("Hướng dẫn")
        .unwrap()
        .write(0, 0, "Điền danh sách ở trang sau")
        .unwrap();
    for (sheet, name) in [("Tập thể", "Phường Sài Gòn"), ("Cá nhân", "Võ Văn Tâm")] {
        let ws = wb.add_worksheet().set_name(sheet).unwrap();
        for (c, h) in [
            "STT",
            "Họ tên",
            "Bộ tiêu chí",
            "Đơn vị công tác",
            "Hình thức khen thưởng",
        ]
        .iter()
        .enumerate()
        {
            ws.write(0, u16::try_from(c).unwrap(), *h).unwrap();
        }
        let set = if sheet == "Cá nhân" { "2.4" } else { "2.2" };
        for (c, v) in ["1", name, set, "UBND Phường Sài Gòn", "Bằng khen"]
            .iter()
            .enumerate()
        {
            ws.write(1, u16::try_from(c).unwrap(), *v).unwrap();
        }
    }
    let p = d.path().join("nhieu-trang.xlsx");
    wb.save(&p).unwrap();
    assert_eq!(sheets(&p).unwrap(), ["Hướng dẫn", "Tập thể", "Cá nhân"]);
    let f = parse(&p);
    assert_eq!(f.sheet.as_deref(), Some("Tập thể"));
    assert_eq!(f.rows[0].nomination.name, "Phường Sài Gòn");
    let g = parse_with(
        &p,
        &ImportOptions {
            sheet: Some("ca nhan".into()),
            ..ImportOptions::default()
        },
    );
    assert_eq!(g.rows[0].nomination.name, "Võ Văn Tâm");
    let r = parse_file(
        &p,
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        &ImportOptions {
            sheet: Some("Khác".into()),
            ..ImportOptions::default()
        },
    );
    assert!(matches!(r, Err(ImportError::NoSuchSheet { .. })));
}

#[test]
fn every_problem_names_file_sheet_row_and_column_in_vietnamese() {
    let d = dir();
    let rows = vec![
        // An individual proposed for the City Emulation Flag.
        vec![
            V::N(1.0),
            V::T("Lê Văn Bình"),
            V::T("Cá nhân"),
            V::T("2.4"),
            V::E,
            V::T("Sở Y tế"),
            V::T("Cờ Thi đua"),
            V::E,
            V::E,
            V::E,
        ],
        // Set 2.4 for a collective.
        vec![
            V::N(2.0),
            V::T("Trường THPT Lê Quý Đôn"),
            V::T("Tập thể"),
            V::T("Mục 2.4"),
            V::E,
            V::T("Sở GD&ĐT"),
            V::T("Bằng khen"),
            V::E,
            V::E,
            V::E,
        ],
        // 105% online records.
        vec![
            V::N(3.0),
            V::T("Phường Chợ Lớn"),
            V::T("Tập thể"),
            V::T("2.2"),
            V::E,
            V::T("UBND Phường Chợ Lớn"),
            V::T("Bằng khen"),
            V::N(105.0),
            V::E,
            V::E,
        ],
        // No unit, unknown set.
        vec![
            V::N(4.0),
            V::T("Xã Bình Chánh"),
            V::T("Tập thể"),
            V::T("2.9"),
            V::E,
            V::E,
            V::T("Bằng khen"),
            V::E,
            V::E,
            V::E,
        ],
        // Fine.
        ward("Phường Sài Gòn", V::N(80.0)),
    ];
    let p = xlsx(d.path(), "loi.xlsx", &["DANH SÁCH"], &HEADER, &rows);
    let f = parse(&p);
    assert_eq!(f.rows.len(), 1);
    assert_eq!(f.rows[0].row, 7);
    let find = |row: u32, col: &str| {
        f.problems
            .iter()
            .find(|p| p.row == Some(row) && p.column.as_deref().is_some_and(|c| c.starts_with(col)))
            .unwrap_or_else(|| panic!("row {row} col {col}: {:#?}", f.problems))
    };
    assert_eq!(
        find(3, "G").message.code,
        MessageCode::AwardFlagCollectiveOnly
    );
    assert_eq!(find(3, "G").file, "loi.xlsx");
    assert_eq!(find(3, "G").sheet.as_deref(), Some("Sheet1"));
    assert_eq!(
        find(4, "D").message.code,
        MessageCode::ImportSetForIndividuals
    );
    assert_eq!(
        find(5, "H").message.code,
        MessageCode::ImportPercentOutOfRange
    );
    assert_eq!(
        find(5, "H").column.as_deref(),
        Some("H (Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng (%))")
    );
    assert_eq!(find(6, "F").message.code, MessageCode::ImportMissingUnit);
    assert_eq!(
        find(6, "D").message.code,
        MessageCode::ImportUnknownCriteriaSet
    );
    assert_eq!(find(6, "D").message.params["set"], "2.9");
    assert!(find(6, "D")
        .to_string()
        .starts_with("loi.xlsx, trang Sheet1, dòng 6, cột D"));
}

#[test]
fn a_flag_for_a_collective_is_refused_at_the_mid_term_review() {
    let d = dir();
    let mut row = ward("Phường Sài Gòn", V::N(80.0));
    row[6] = V::T("Cờ Thi đua của Thành phố");
    let p = xlsx(d.path(), "co.xlsx", &[], &HEADER, &[row]);
    let so_ket = parse_file(
        &p,
        &Rubric::plan_2242(),
        RoundKind::SoKet,
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(
        so_ket.rows.is_empty()
            && so_ket.problems[0].message.code == MessageCode::AwardFlagFinalOnly
    );
    let tong_ket = parse(&p);
    assert_eq!(tong_ket.rows[0].nomination.award, AwardForm::CoThiDua);
}

#[test]
fn empty_rows_section_rows_and_the_total_row_are_skipped_silently() {
    let d = dir();
    let csv = "STT,Họ và tên,Tiêu chuẩn,Đơn vị,Hình thức khen thưởng\n\
               I,TẬP THỂ,,,\n\
               1,Phường Sài Gòn,2.2,UBND Phường Sài Gòn,Bằng khen\n\
               ,,,,\n\
               II,CÁ NHÂN,,,\n\
               1,Đỗ Thị Lan,2.4,UBND Phường Sài Gòn,Bằng khen\n\
               ,Tổng cộng: 2,,,\n\
               ,Người lập biểu,,,\n";
    let f = parse(&write(d.path(), "sections.csv", csv.as_bytes()));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert_eq!(f.rows.len(), 2);
    assert_eq!(f.rows[0].nomination.kind, NomineeKind::Collective);
    assert_eq!(f.rows[1].nomination.kind, NomineeKind::Individual);
    assert_eq!(f.rows[1].row, 6);
}

#[test]
fn unmapped_columns_are_reported_and_the_users_mapping_is_used() {
    let d = dir();
    let csv = "STT,Họ và tên,Tiêu chuẩn,Nơi làm việc,Hình thức khen thưởng,Điện thoại\n1,Đỗ Thị Lan,2.4,Sở Tư pháp,Bằng khen,0909\n";
    let p = write(d.path(), "map.csv", csv.as_bytes());
    let f = parse(&p);
    assert_eq!(f.unmapped, ["Nơi làm việc", "Điện thoại"]);
    assert!(f.rows.is_empty() && f.problems[0].message.code == MessageCode::ImportNoUnitColumn);
    let mapping = HashMap::from([(xetkhen_core::text::fold("NƠI LÀM VIỆC"), Field::Unit)]);
    let g = parse_with(
        &p,
        &ImportOptions {
            mapping,
            ..ImportOptions::default()
        },
    );
    assert_eq!(g.rows[0].nomination.unit, "Sở Tư pháp");
    assert_eq!(g.unmapped, ["Điện thoại"]);
}

#[test]
fn a_birth_date_cell_gives_the_birth_year() {
    let d = dir();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "Họ và tên",
        "Ngày sinh",
        "Tiêu chuẩn",
        "Đơn vị",
        "Hình thức khen thưởng",
    ]
    .iter()
    .enumerate()
    {
        ws.write(0, u16::try_from(c).unwrap(), *h).unwrap();
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(1983, 9, 2).unwrap();
    ws.write(1, 0, "Huỳnh Tấn Phát").unwrap();
    ws.write_datetime_with_format(
        1,
        1,
        &date,
        &rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy"),
    )
    .unwrap();
    ws.write(2, 0, "Ngô Thị Hoa").unwrap();
    ws.write(2, 1, "05/11/1990").unwrap();
    for r in 1..=2 {
        ws.write(r, 2, "2.4").unwrap();
        ws.write(r, 3, "Sở Tài chính").unwrap();
        ws.write(r, 4, "Bằng khen").unwrap();
    }
    let p = d.path().join("ngay-sinh.xlsx");
    wb.save(&p).unwrap();
    let f = parse(&p);
    assert_eq!(
        f.rows
            .iter()
            .map(|r| r.nomination.birth_year)
            .collect::<Vec<_>>(),
        [Some(1983), Some(1990)]
    );
}

#[test]
fn the_template_reads_back_as_an_empty_list_with_every_column_known() {
    let d = dir();
    let p = d.path().join("mau.xlsx");
    write_template(&p).unwrap();
    let f = parse(&p);
    assert!(f.unmapped.is_empty(), "{:?}", f.unmapped);
    assert_eq!(f.columns.len(), 16);
    assert!(f.rows.is_empty() && f.problems.is_empty());
}

#[test]
fn the_same_list_as_ods_imports_too() {
    // rust_xlsxwriter writes only xlsx; an ods is made by hand, as LibreOffice would.
    let d = dir();
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Danh sách">
<table:table-row><table:table-cell office:value-type="string"><text:p>Họ và tên</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Tiêu chuẩn</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Đơn vị</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Hình thức khen thưởng</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Hồ sơ xử lý trực tuyến (%)</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Phường Thủ Đức</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>2.2</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>UBND Phường Thủ Đức</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Bằng khen</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.875"><text:p>87,5%</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    use std::io::Write;
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("content.xml", stored).unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.start_file("META-INF/manifest.xml", stored).unwrap();
    z.write_all(manifest.as_bytes()).unwrap();
    let bytes = z.finish().unwrap().into_inner();
    let f = parse(&write(d.path(), "ds.ods", &bytes));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
    assert_eq!(f.rows[0].nomination.name, "Phường Thủ Đức");
    assert_eq!(pct(&f, 0), Some(87.5));
}
