//! What the shell's commands leave to the api, as the window sees it: a training certificate
//! made and ready to sign with, the problems of an import saved whole, and a closed dialog that
//! picks nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use xetkhen_api::{write_problems, ErrorCode, Exports, ProblemView, Session, SignerChoice};
use xetkhen_core::{Message, MessageCode};

#[test]
fn a_training_certificate_made_in_the_window_can_sign_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let p12 = dir.path().join("chung-thu-tap-huan.p12");
    let mut exports = Exports::default();
    let made = exports
        .create_training_certificate("Lê Thị Tập Huấn", "mat-khau", &p12)
        .unwrap();
    assert_eq!(made.name, "chung-thu-tap-huan.p12");
    assert_eq!(made.ca_name, "chung-thu-tap-huan-ca.pem");
    assert!(made.subject.contains("TẬP HUẤN"), "{}", made.subject);
    assert!(p12.exists() && dir.path().join(&made.ca_name).exists());
    // The certificate's token is the one the signer choice names.
    let key = exports
        .signing_key(&SignerChoice::P12 {
            file: made.file,
            password: "mat-khau".into(),
        })
        .unwrap();
    assert!(key.is_some());
    // A certificate nobody is named in is refused before anything is written.
    let nobody = dir.path().join("khong-ten.p12");
    let e = exports
        .create_training_certificate("  ", "mat-khau", &nobody)
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("holder"));
    assert!(!nobody.exists());
}

#[test]
fn the_problems_of_an_import_are_saved_whole_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("danh-sach-loi.csv");
    std::fs::write(&out, "bản cũ").unwrap();
    let problems = [ProblemView {
        file: "phuong-1.xlsx".into(),
        sheet: Some("Danh sách".into()),
        row: Some(7),
        column: Some("Số CCCD".into()),
        message: Message::new(
            MessageCode::ImportIdNumberLength,
            [("id", "07907800123".into()), ("digits", "11".into())],
        ),
    }];
    write_problems(&out, &problems).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Tệp,Trang tính,Dòng,Cột,Lỗi"), "{text}");
    assert!(
        text.contains("Số định danh 07907800123 có 11 chữ số; CCCD có 12 chữ số, CMND có 9."),
        "{text}"
    );
    assert!(!text.contains("bản cũ"));
    // Replaced whole: no temporary file is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_closed_dialog_picks_nothing_even_while_the_store_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(&dir.path().join("kho.db"), "thu-ky");
    assert!(s.pick_file(None).unwrap().is_none());
    assert!(s.import_packet_files(&[]).unwrap().is_none());
    // A file actually picked while locked is refused, and not remembered.
    let picked = dir.path().join("goi.xkgp");
    assert_eq!(
        s.pick_file(Some(picked.clone())).unwrap_err().code,
        ErrorCode::Locked
    );
    assert_eq!(
        s.import_packet_files(&[picked]).unwrap_err().code,
        ErrorCode::Locked
    );
}
