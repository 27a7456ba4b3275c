//! Workbooks with several sheets offer them for choice; lists typed in VNI are shown converted
//! before anything is written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};
use xetkhen_api::{Desk, ImportRequest, ListQuery, MessageCode, SheetView};

const HEADER: [&str; 5] = [
    "Họ và tên / Tên tập thể",
    "Tiêu chuẩn",
    "Chức vụ",
    "Đơn vị",
    "Hình thức khen thưởng",
];

/// A workbook with a cover sheet, the collectives and the individuals on sheets of their own.
fn two_lists(path: &Path) {
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet().set_name("Bìa").unwrap();
    cover.write(0, 0, "ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN").unwrap();
    let rows: [(&str, &[[&str; 5]]); 2] = [
        (
            "Tập thể",
            &[[
                "Phường Sài Gòn",
                "2.2",
                "",
                "UBND Phường Sài Gòn",
                "Bằng khen",
            ]],
        ),
        (
            "Cá nhân",
            &[
                [
                    "Nguyễn Văn Đức",
                    "2.4",
                    "Chuyên viên",
                    "UBND Phường Sài Gòn",
                    "Bằng khen",
                ],
                [
                    "Trần Thị Ngọc Ánh",
                    "2.4",
                    "Công chức",
                    "UBND Phường Sài Gòn",
                    "Giấy khen",
                ],
            ],
        ),
    ];
    for (name, list) in rows {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        ws.write(0, 0, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG").unwrap();
        for (c, h) in HEADER.iter().enumerate() {
            ws.write(2, u16::try_from(c).unwrap(), *h).unwrap();
        }
        for (r, row) in list.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write(u32::try_from(r + 3).unwrap(), u16::try_from(c).unwrap(), *v)
                        .unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn request(path: &Path) -> ImportRequest {
    ImportRequest {
        files: vec![path.display().to_string()],
        dry_run: true,
        ..ImportRequest::default()
    }
}

fn sheet(name: &str, rows: u32, header_row: Option<u32>) -> SheetView {
    SheetView {
        name: name.into(),
        rows,
        header_row,
    }
}

#[test]
fn every_sheet_is_offered_with_its_size_and_whether_it_holds_a_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hai-danh-sach.xlsx");
    two_lists(&path);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();

    let first = desk.import(&request(&path)).unwrap();
    let f = &first.files[0];
    assert_eq!(
        f.sheet.as_deref(),
        Some("Tập thể"),
        "the first sheet with a list"
    );
    assert_eq!(
        f.sheets,
        [
            sheet("Bìa", 1, None),
            sheet("Tập thể", 3, Some(3)),
            sheet("Cá nhân", 4, Some(3))
        ]
    );
    assert_eq!(first.imported, 1);

    let chosen = desk
        .import(&ImportRequest {
            sheet: Some("Cá nhân".into()),
            dry_run: false,
            ..request(&path)
        })
        .unwrap();
    assert_eq!(chosen.files[0].sheet.as_deref(), Some("Cá nhân"));
    assert_eq!(chosen.imported, 2, "{:?}", chosen.problems);
    let names: Vec<String> = desk
        .nomination_details(&ListQuery::default())
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Nguyễn Văn Đức", "Trần Thị Ngọc Ánh"]);
}

#[test]
fn a_sheet_without_a_list_is_refused_and_the_sheets_are_still_offered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hai-danh-sach.xlsx");
    two_lists(&path);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let r = desk
        .import(&ImportRequest {
            sheet: Some("Bìa".into()),
            dry_run: false,
            ..request(&path)
        })
        .unwrap();
    assert!(!r.files[0].accepted);
    assert_eq!(r.files[0].sheets.len(), 3);
    assert_eq!(
        r.problems[0].message.code,
        MessageCode::ImportFileNoHeaderOnSheet,
        "{:?}",
        r.problems[0]
    );
    assert_eq!(r.problems[0].message.params["sheet"], "Bìa");
    assert_eq!(desk.store().count_nominations(None).unwrap(), 0);
}

fn xls_fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../import/tests/fixtures/danh-sach-truong-hoc.xls")
}

#[test]
fn an_excel_97_workbook_offers_its_sheets_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let r = desk.import(&request(&xls_fixture())).unwrap();
    assert_eq!(
        r.files[0].sheets,
        [sheet("Hướng dẫn", 2, None), sheet("Danh sách", 10, Some(5))]
    );
}

/// A list typed with a VNI keyboard in a .VNI-Times font, as Excel stores it.
fn vni_list(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let vni = xetkhen_import::legacy::unicode_to_vni;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write(0, u16::try_from(c).unwrap(), vni(h)).unwrap();
    }
    let rows = [
        [
            "Nguyễn Văn Đức",
            "2.4",
            "Phó Trưởng phòng",
            "Sở Tư pháp",
            "Bằng khen",
        ],
        [
            "Đặng Thị Hồng Nhung",
            "2.4",
            "Chuyên viên",
            "Sở Y tế",
            "Bằng khen",
        ],
        [
            "Phạm Quốc Thưởng",
            "2.4",
            "Kỹ sư",
            "Sở Giao thông vận tải",
            "Giấy khen",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write(
                u32::try_from(r + 1).unwrap(),
                u16::try_from(c).unwrap(),
                vni(v),
            )
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_vni_list_is_shown_converted_and_written_only_when_the_user_converts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("danh-sach-vni.xlsx");
    vni_list(&path);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();

    let preview = desk.import(&request(&path)).unwrap();
    let f = &preview.files[0];
    assert_eq!(f.legacy_encoding.as_deref(), Some("VNI"));
    assert!(!f.accepted && !f.legacy_converted);
    assert!(
        f.legacy_samples
            .iter()
            .any(|s| s.before == "Nguyeãn Vaên Ñöùc" && s.after == "Nguyễn Văn Đức"),
        "{:?}",
        f.legacy_samples
    );
    assert!(preview
        .problems
        .iter()
        .any(|p| p.message.code == MessageCode::ImportLegacyFile
            && p.message.params["encoding"] == "VNI"));
    // Refused as it is: nothing written.
    let refused = desk
        .import(&ImportRequest {
            dry_run: false,
            ..request(&path)
        })
        .unwrap();
    assert_eq!(refused.imported, 0);
    assert_eq!(desk.store().count_nominations(None).unwrap(), 0);

    let r = desk
        .import(&ImportRequest {
            convert_legacy: true,
            dry_run: false,
            ..request(&path)
        })
        .unwrap();
    assert!(r.files[0].legacy_converted);
    assert_eq!(r.imported, 3, "{:?}", r.problems);
    let found = desk
        .nomination_details(&ListQuery {
            query: Some("dang thi hong nhung".into()),
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(found[0].name, "Đặng Thị Hồng Nhung");
    assert_eq!(found[0].unit, "Sở Y tế");
}
