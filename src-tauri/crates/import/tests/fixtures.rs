//! The committed fixtures (made by `examples/make_fixtures.rs`) read as the lead's end-to-end
//! tests expect.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use xetkhen_core::{AwardForm, MessageCode, NomineeKind, RoundKind, Rubric};
use xetkhen_import::{parse_file, ImportOptions};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/import")
        .join(name)
}

#[test]
fn the_ward_list_imports_26_rows_and_reports_its_two_mistakes() {
    let f = parse_file(
        &fixture("danh-sach-de-nghi-phuong.xlsx"),
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(f.sheet.as_deref(), Some("Danh sách"));
    assert_eq!(f.header_row, 7);
    assert!(f.unmapped.is_empty(), "{:?}", f.unmapped);
    assert_eq!(f.rows.len(), 26, "{:#?}", f.problems);
    let rows_with_problems: Vec<u32> = f.problems.iter().filter_map(|p| p.row).collect();
    assert!(
        rows_with_problems.contains(&37) && rows_with_problems.contains(&38),
        "{:#?}",
        f.problems
    );
    let ben_thanh = &f
        .rows
        .iter()
        .find(|r| r.nomination.name == "Phường Bến Thành")
        .unwrap()
        .nomination;
    assert_eq!(
        ben_thanh.metrics.online_records_pct.map(|p| p.hundredths()),
        Some(8730)
    );
    let thu_duc = &f
        .rows
        .iter()
        .find(|r| r.nomination.name == "Phường Thủ Đức")
        .unwrap()
        .nomination;
    assert_eq!(thu_duc.award, AwardForm::CoThiDua);
    let hung = &f
        .rows
        .iter()
        .find(|r| r.nomination.name == "Nguyễn Văn Hùng")
        .unwrap()
        .nomination;
    assert_eq!(
        (hung.kind, hung.birth_year, hung.id_number.as_deref()),
        (NomineeKind::Individual, Some(1978), Some("079078001234"))
    );
    assert!(f
        .warnings
        .iter()
        .any(|w| w.message.code == MessageCode::ImportIdNumberLostZeros));
}

#[test]
fn the_tcvn3_list_converts_when_asked() {
    let opts = ImportOptions {
        convert_legacy: true,
        ..ImportOptions::default()
    };
    let f = parse_file(
        &fixture("danh-sach-tcvn3.csv"),
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        &opts,
    )
    .unwrap();
    assert!(f.problems.is_empty(), "{:#?}", f.problems);
    let names: Vec<&str> = f.rows.iter().map(|r| r.nomination.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Nguyễn Văn A",
            "Lê Thị Hồng Gấm",
            "Phường Tân Định",
            "Trần Đức Lương"
        ]
    );
    assert_eq!(f.rows[3].nomination.unit, "Trung tâm Y tế khu vực Chợ Lớn");
}

fn own_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_real_excel_97_xls_list_reads_end_to_end() {
    // Made once by tests/fixtures/make_xls.py with xlwt: a BIFF8 file as Excel 2003 saved them.
    let path = own_fixture("danh-sach-truong-hoc.xls");
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]),
        "an OLE2 container"
    );
    assert_eq!(
        xetkhen_import::sheets(&path).unwrap(),
        ["Hướng dẫn", "Danh sách"]
    );
    let f = parse_file(
        &path,
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        &ImportOptions::default(),
    )
    .unwrap();
    // The instructions sheet has no table: the list is found on the second sheet.
    assert_eq!(f.sheet.as_deref(), Some("Danh sách"));
    let sheets: Vec<(&str, u32, Option<u32>)> = f
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.rows, s.header_row))
        .collect();
    assert_eq!(sheets, [("Hướng dẫn", 2, None), ("Danh sách", 10, Some(5))]);
    assert_eq!(f.header_row, 5);
    assert!(f.unmapped.is_empty(), "{:?}", f.unmapped);
    let names: Vec<&str> = f.rows.iter().map(|r| r.nomination.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Trường THCS Nguyễn Du",
            "Bệnh viện quận Phú Nhuận",
            "Trường Tiểu học Lê Quý Đôn",
            "Đặng Thị Ánh Tuyết",
            "Võ Quốc Hưng"
        ]
    );
    // Percent-formatted fractions mean percentages; 0.599 is 59.9 %, under 2.2(b)'s bar.
    let pct: Vec<Option<u32>> = f
        .rows
        .iter()
        .take(3)
        .map(|r| {
            r.nomination
                .metrics
                .online_records_pct
                .map(|p| p.hundredths())
        })
        .collect();
    assert_eq!(pct, [Some(9250), Some(6000), Some(5990)]);
    let tuyet = &f.rows[3].nomination;
    assert_eq!(
        (tuyet.kind, tuyet.birth_year, tuyet.id_number.as_deref()),
        (NomineeKind::Individual, Some(1979), Some("079179004321"))
    );
    assert_eq!(f.rows[3].row, 9, "rows are numbered as Excel shows them");
    // The flag proposed for an individual is refused on its row, in the award column.
    assert_eq!(f.problems.len(), 1, "{:#?}", f.problems);
    let p = &f.problems[0];
    assert_eq!((p.row, p.sheet.as_deref()), (Some(11), Some("Danh sách")));
    assert!(
        p.column.as_deref().is_some_and(|c| c.starts_with('I')),
        "{p:?}"
    );
    assert_eq!(p.message.code, MessageCode::AwardFlagCollectiveOnly, "{p}");
}
