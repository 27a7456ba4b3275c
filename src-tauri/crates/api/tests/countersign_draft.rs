//! The chair countersigns from the window the minutes whose pages the window drew: the minutes
//! are opened as a draft, the window takes its very bytes by token, and only those bytes,
//! named by their SHA-256, are countersigned.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use xetkhen_api::{
    verify_file, write_training_certificate, Desk, ExportFilter, ExportFormat, ExportOptions,
    Exports, MinutesRequest, SignerChoice, SigningKey,
};
use xetkhen_core::audit::sha256_hex;
use xetkhen_core::AwardForm;

#[test]
fn the_chair_countersigns_the_bytes_of_the_minutes_drawn_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let round = desk.load_demo().unwrap().round.id;
    let secretary = dir.path().join("thu-ky.p12");
    let (secretary_ca, _) =
        write_training_certificate("Võ Thị Thư", "mat-khau", &secretary).unwrap();
    let minutes = dir.path().join("bien-ban.pdf");
    desk.write_minutes(&MinutesRequest {
        round: round.clone(),
        out: minutes.clone(),
        number: Some("05/BB-HĐTĐKT".into()),
        secretary: Some(SigningKey::P12(xetkhen_api::P12Key {
            path: secretary,
            password: "mat-khau".into(),
        })),
        chair: None,
    })
    .unwrap();
    let on_disk = std::fs::read(&minutes).unwrap();

    let mut exports = Exports::default();
    let opened = desk
        .open_minutes_to_countersign(&mut exports, &minutes, Some(&secretary_ca))
        .unwrap();
    assert!(opened.secretary.contains("Võ Thị Thư"), "{opened:?}");
    assert_eq!(opened.name, "bien-ban.pdf");
    // The window is given the file's own bytes, and their digest with them.
    let shown = exports.draft_pdf(&opened.draft).unwrap().to_vec();
    assert_eq!(shown, on_disk);
    assert_eq!(opened.sha256, sha256_hex(&shown));

    let chair_p12 = dir.path().join("chu-tich.p12");
    let (chair_ca, _) =
        write_training_certificate("Nguyễn Văn Chủ", "mat-khau-2", &chair_p12).unwrap();
    let chair = SignerChoice::P12 {
        file: exports.add_certificate(chair_p12),
        password: "mat-khau-2".into(),
    };

    // The file changed on disk after it was drawn: what is countersigned is still what was drawn.
    std::fs::write(&minutes, b"%PDF-1.7 something else").unwrap();
    // A digest other than the one given with the bytes drawn is refused, and nothing is written.
    let refused = dir.path().join("khong-ky.pdf");
    let e = desk
        .save_countersigned(
            &mut exports,
            &opened.draft,
            &sha256_hex(b"%PDF-1.7 something else"),
            &chair,
            &refused,
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("draft"), "{e:?}");
    assert!(!refused.exists());

    let both = dir.path().join("bien-ban-du-chu-ky.pdf");
    let saved = desk
        .save_countersigned(&mut exports, &opened.draft, &opened.sha256, &chair, &both)
        .unwrap();
    assert_eq!(saved.signatures, 2);
    let written = std::fs::read(&both).unwrap();
    assert!(
        written.starts_with(&shown),
        "the chair's signature is appended to the bytes drawn"
    );
    // The secretary's anchor was given when the minutes were opened; the chair's is their own.
    let v = verify_file(&both, Some(&secretary_ca)).unwrap();
    assert_eq!(v.signatures.len(), 2, "{v:?}");
    assert!(v.signatures.iter().all(|s| s.intact), "{v:?}");
    assert!(verify_file(&both, Some(&chair_ca)).unwrap().signatures[1].trusted);

    // A list is not minutes: refused when opened, before the chair is shown anything to sign.
    let mut list_exports = Exports::default();
    let preview = desk
        .export_preview(
            &mut list_exports,
            &ExportOptions {
                round,
                award: AwardForm::BangKhen,
                filter: ExportFilter::All,
                format: ExportFormat::Pdf,
                number: None,
                signer_title: None,
                signer_name: None,
                cover: false,
                cover_number: None,
            },
            &xetkhen_api::Job::default(),
        )
        .unwrap();
    // And a list's draft cannot be countersigned as minutes.
    let chair = SignerChoice::P12 {
        file: list_exports.add_certificate(dir.path().join("chu-tich.p12")),
        password: "mat-khau-2".into(),
    };
    let e = desk
        .save_countersigned(
            &mut list_exports,
            &preview.draft,
            &preview.sha256,
            &chair,
            &dir.path().join("danh-sach-ky.pdf"),
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("draft"), "{e:?}");
    let unsigned = dir.path().join("chua-ky.pdf");
    std::fs::write(&unsigned, list_exports.draft_pdf(&preview.draft).unwrap()).unwrap();
    let e = desk
        .open_minutes_to_countersign(&mut list_exports, &unsigned, None)
        .unwrap_err();
    assert!(e.message.contains("chưa có chữ ký"), "{e:?}");
}

#[test]
fn minutes_written_in_the_window_are_drawn_up_first_and_signed_as_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let round = desk.load_demo().unwrap().round.id;
    let mut exports = Exports::default();
    let drawn_up = desk
        .preview_minutes(&mut exports, &round, Some(" 05/BB-HĐTĐKT "))
        .unwrap();
    let shown = exports.draft_pdf(&drawn_up.draft).unwrap().to_vec();
    assert_eq!(drawn_up.sha256, sha256_hex(&shown));
    assert_eq!(drawn_up.size_bytes as usize, shown.len());
    assert!(drawn_up.pages >= 1);

    let p12 = |name: &str, who: &str| {
        let path = dir.path().join(name);
        write_training_certificate(who, "mat-khau", &path).unwrap();
        path
    };
    let secretary = p12("thu-ky.p12", "Võ Thị Thư");
    let chair = p12("chu-tich.p12", "Nguyễn Văn Chủ");
    let mut options = xetkhen_api::MinutesOptions {
        draft: drawn_up.draft.clone(),
        sha256: sha256_hex(b"minutes never shown"),
        secretary: SignerChoice::P12 {
            file: exports.add_certificate(secretary),
            password: "mat-khau".into(),
        },
        chair: SignerChoice::P12 {
            file: exports.add_certificate(chair),
            password: "mat-khau".into(),
        },
    };
    let out = dir.path().join("bien-ban.pdf");
    // Not the digest of what was drawn: neither signs, nothing is written.
    let e = desk.save_minutes(&mut exports, &options, &out).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("draft"), "{e:?}");
    assert!(!out.exists());

    options.sha256 = drawn_up.sha256.clone();
    let saved = desk.save_minutes(&mut exports, &options, &out).unwrap();
    assert_eq!(saved.signatures, 2);
    assert_eq!(saved.pages, drawn_up.pages);
    let written = std::fs::read(&out).unwrap();
    assert!(
        written.starts_with(&shown),
        "both signatures follow the bytes drawn"
    );
    let v = verify_file(&out, None).unwrap();
    assert_eq!(v.signatures.len(), 2, "{v:?}");
    assert!(v.signatures.iter().all(|s| s.intact), "{v:?}");
}
