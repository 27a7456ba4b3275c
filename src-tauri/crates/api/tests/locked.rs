//! A locked session refuses every command, preview, export, save and verify included, and what
//! the window held by token (drafts, picked files, written files, the token module, opened
//! evidence) is gone once it is locked: unlocking again does not bring it back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use xetkhen_api::{
    opened, save_draft, write_training_certificate, ErrorCode, ExportFilter, ExportFormat,
    ExportOptions, Job, ListQuery, Session, SetPassphrase, SetReviewer, SignerChoice,
};
use xetkhen_core::AwardForm;

const PASSPHRASE: &str = "Hội đồng Thi đua 2025";

fn set() -> SetPassphrase {
    SetPassphrase {
        passphrase: PASSPHRASE.into(),
        confirm: PASSPHRASE.into(),
    }
}

fn options(round: &str) -> ExportOptions {
    ExportOptions {
        round: round.to_string(),
        award: AwardForm::BangKhen,
        filter: ExportFilter::All,
        format: ExportFormat::Pdf,
        number: Some("15/DS-BTĐKT".into()),
        signer_title: None,
        signer_name: None,
        cover: false,
        cover_number: None,
    }
}

fn is_locked<T: std::fmt::Debug>(r: Result<T, xetkhen_api::ApiError>, what: &str) {
    let e = r.expect_err(what);
    assert_eq!(e.code, ErrorCode::Locked, "{what}: {e:?}");
}

#[test]
fn a_locked_session_refuses_preview_export_save_and_verify_and_forgets_the_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(&dir.path().join("kho.db"), "thu-ky");
    s.set_passphrase(&set()).unwrap();
    let round = s.desk().unwrap().load_demo().unwrap().round.id;

    // Open: a preview, a signed save, and its verification all work.
    let (desk, exports) = s.desk_and_exports().unwrap();
    let preview = desk
        .export_preview(exports, &options(&round), &Job::default())
        .unwrap();
    let p12 = dir.path().join("tap-huan.p12");
    let (ca, _) = write_training_certificate("Lê Thị Tập Huấn", "mat-khau", &p12).unwrap();
    let cert = s.exports().unwrap().add_certificate(p12);
    s.exports().unwrap().token_module = Some(dir.path().join("mo-dun.so"));
    let out = dir.path().join("danh-sach.pdf");
    let signer = || SignerChoice::P12 {
        file: cert.clone(),
        password: "mat-khau".into(),
    };
    let saved = save_draft(
        s.exports().unwrap(),
        &preview.draft,
        &preview.sha256,
        &signer(),
        &out,
        &Job::default(),
    )
    .unwrap();
    let picked = s.picked().unwrap().add(vec![out, ca]);
    let (pdf, anchor) = (picked[0].token.clone(), picked[1].token.clone());
    assert!(s.verify_picked(&pdf, Some(&anchor)).unwrap().valid);
    assert!(s.exports().unwrap().draft_pdf(&preview.draft).is_ok());

    s.lock();
    is_locked(s.desk(), "desk");
    is_locked(s.exports(), "exports: preview, save, open a written file");
    is_locked(s.picked(), "picked files");
    is_locked(s.desk_and_exports(), "export preview and copy");
    is_locked(s.verify_picked(&pdf, Some(&anchor)), "verify");
    is_locked(s.check_open(), "any other command");
    is_locked(s.open_evidence("x", &"ab".repeat(32)), "open evidence");

    // Unlocked again, what was held before the lock is gone: the draft cannot be saved or shown,
    // the picked files and the written file are unknown, the token module must be chosen again.
    s.unlock(PASSPHRASE).unwrap();
    let e = s.exports().unwrap().draft_pdf(&preview.draft).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("draft"), "{e:?}");
    let again = dir.path().join("lan-nua.pdf");
    let e = save_draft(
        s.exports().unwrap(),
        &preview.draft,
        &preview.sha256,
        &SignerChoice::None,
        &again,
        &Job::default(),
    )
    .unwrap_err();
    assert!(!again.exists(), "{e:?}");
    let e = save_draft(
        s.exports().unwrap(),
        &preview.draft,
        &preview.sha256,
        &signer(),
        &again,
        &Job::default(),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("signer"), "{e:?}");
    assert!(s.exports().unwrap().written(&saved.file).is_err());
    assert_eq!(s.exports().unwrap().token_module, None);
    let e = s.verify_picked(&pdf, Some(&anchor)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("tokens"), "{e:?}");
}

#[test]
fn evidence_opened_from_the_window_is_in_a_private_folder_and_gone_on_lock() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(&dir.path().join("kho.db"), "thu-ky");
    s.set_passphrase(&set()).unwrap();
    let desk = s.desk().unwrap();
    let round = desk.load_demo().unwrap().round.id;
    desk.set_reviewer(&SetReviewer {
        name: "Trần Văn Bình".into(),
        position: "Ủy viên".into(),
        role: None,
    })
    .unwrap();
    let query: ListQuery = serde_json::from_value(serde_json::json!({ "round": round })).unwrap();
    let nomination = desk.list_nominations(&query).unwrap().rows[0].id.clone();
    let evidence = dir.path().join("bien-ban-hop.pdf");
    let bytes = b"%PDF-1.4\n% minh chung\n%%EOF\n".to_vec();
    std::fs::write(&evidence, &bytes).unwrap();
    desk.attach_evidence(&nomination, &evidence, None).unwrap();
    let sha = xetkhen_core::audit::sha256_hex(&bytes);

    let file = s.open_evidence(&nomination, &sha).unwrap();
    let folder = opened::opened_dir(dir.path());
    assert!(file.starts_with(&folder), "{}", file.display());
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only this user may enter: {mode:o}");
    }
    s.lock();
    assert!(!file.exists() && !folder.exists(), "deleted on lock");

    // Left behind by a run that did not end cleanly: deleted when the app starts again.
    s.unlock(PASSPHRASE).unwrap();
    let file = s.open_evidence(&nomination, &sha).unwrap();
    std::mem::forget(s);
    assert!(file.exists());
    let _s = Session::new(&dir.path().join("kho.db"), "thu-ky");
    assert!(!file.exists(), "deleted at the next start");
}

#[test]
fn the_secrets_of_requests_never_show_in_a_debug_print() {
    let set = set();
    let change = xetkhen_api::ChangePassphrase {
        current: "cụm-cũ-bí-mật".into(),
        passphrase: "cụm-mới-bí-mật".into(),
        confirm: "cụm-mới-bí-mật".into(),
    };
    let signer = SignerChoice::Token {
        token_label: "VGCA".into(),
        key_label: None,
        pin: "271828".into(),
    };
    let p12 = SignerChoice::P12 {
        file: xetkhen_api::CertificateToken::new("c1"),
        password: "mat-khau-p12".into(),
    };
    let key = xetkhen_api::Passphrase::new(PASSPHRASE).unwrap();
    let printed = format!("{set:?} {change:?} {signer:?} {p12:?} {key:?} {key:#?}");
    for secret in [PASSPHRASE, "Hội đồng", "bí-mật", "271828", "mat-khau-p12"] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    assert!(printed.contains("***"), "{printed}");
}
