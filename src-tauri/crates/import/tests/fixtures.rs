//! The committed fixtures (made by `examples/make_fixtures.rs`) read as the lead's end-to-end
//! tests expect.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use xetkhen_core::{AwardForm, NomineeKind, RoundKind, Rubric};
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
    assert!(f.warnings.iter().any(|w| w.message.contains("mất số 0")));
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
