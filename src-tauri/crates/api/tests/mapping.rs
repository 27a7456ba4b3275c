//! A column the secretariat maps by hand is remembered for the next list with the same wording.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use xetkhen_api::{ColumnChoice, Desk, ImportRequest};

const LIST: &str = "Họ và tên,Tập thể/Cá nhân,Tiêu chuẩn,Đơn vị,Hình thức khen thưởng,Nội dung đóng góp nổi bật\n\
Nguyễn Văn Đức,Cá nhân,2.4,Sở Khoa học và Công nghệ,Bằng khen,Chủ trì kiến trúc Chính quyền điện tử\n";

#[test]
fn a_hand_mapped_column_is_remembered_for_the_next_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let first = dir.path().join("dot-1.csv");
    std::fs::write(&first, LIST).unwrap();
    let req = |path: &std::path::Path, mapping: Vec<ColumnChoice>| ImportRequest {
        files: vec![path.display().to_string()],
        mapping,
        ..ImportRequest::default()
    };

    let before = desk
        .import(&ImportRequest {
            dry_run: true,
            ..req(&first, Vec::new())
        })
        .unwrap();
    assert_eq!(before.files[0].unmapped, ["Nội dung đóng góp nổi bật"]);

    let choice = ColumnChoice {
        header: "Nội dung đóng góp nổi bật".into(),
        field: "summary".into(),
    };
    let r = desk.import(&req(&first, vec![choice])).unwrap();
    assert_eq!(r.imported, 1, "{:?}", r.problems);

    let second = dir.path().join("dot-2.csv");
    std::fs::write(&second, LIST.replace("Nguyễn Văn Đức", "Trần Thị Ngọc Ánh")).unwrap();
    let r = desk.import(&req(&second, Vec::new())).unwrap();
    assert!(
        r.files[0].unmapped.is_empty(),
        "the wording is remembered: {:?}",
        r.files[0].unmapped
    );
    let found = desk
        .nomination_details(&xetkhen_api::ListQuery {
            query: Some("tran thi ngoc anh".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        found[0].summary.as_deref(),
        Some("Chủ trì kiến trúc Chính quyền điện tử")
    );
}
