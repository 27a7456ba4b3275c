//! The Export screen's token signer: a list previewed in the window is signed with a key on a
//! PKCS#11 token (SoftHSM2 plays the USB token) and verifies against the training CA.
//!
//! One test function: SOFTHSM2_CONF is read from the environment of the whole process.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use xetkhen_api::{
    save_draft, verify_file, Desk, ExportFilter, ExportFormat, ExportOptions, Exports, Job,
    SignerChoice,
};
use xetkhen_core::AwardForm;
use xetkhen_pdf::cert::{make_training_certificate, KeyKind};
use xetkhen_pdf::training_token::{private_training_token, softhsm_module, TrainingKey};

const TOKEN: &str = "Thẻ Ban TĐKT";
const PIN: &str = "482915";

#[test]
fn a_previewed_list_is_signed_on_a_token_with_its_pin() {
    let Some(module) = softhsm_module() else {
        assert!(
            std::env::var_os("XETKHEN_REQUIRE_TOOLS").is_none(),
            "SoftHSM2 (libsofthsm2.so) is required (XETKHEN_REQUIRE_TOOLS is set) but not installed"
        );
        eprintln!("NOTE: SoftHSM2 is not installed; skipping the token test");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cred = make_training_certificate(
        "Phạm Văn Thẻ",
        "Ban Thi đua - Khen thưởng",
        KeyKind::EcdsaP256,
        "p12-pass",
        Utc::now() - chrono::Duration::hours(1),
        30,
    )
    .unwrap();
    let key = TrainingKey {
        credential: &cred,
        password: "p12-pass",
        label: "Khoá ký",
    };
    private_training_token(&module, dir.path(), TOKEN, "so-pin-1234", PIN, &[key]).unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &cred.ca_pem).unwrap();

    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let demo = desk.load_demo().unwrap();
    let mut exports = Exports::default();
    let options = ExportOptions {
        round: demo.round.id,
        award: AwardForm::CoThiDua,
        filter: ExportFilter::All,
        format: ExportFormat::Pdf,
        number: None,
        signer_title: None,
        signer_name: Some("Phạm Văn Thẻ".into()),
        cover: false,
        cover_number: None,
    };
    let preview = desk
        .export_preview(&mut exports, &options, &Job::default())
        .unwrap();
    let token = |pin: &str| SignerChoice::Token {
        token_label: TOKEN.into(),
        key_label: None,
        pin: pin.into(),
    };
    let out = dir.path().join("co-thi-dua.pdf");

    // No module chosen yet: the window is told to choose one.
    let err = save_draft(
        &mut exports,
        &preview.draft,
        &preview.sha256,
        &token(PIN),
        &out,
        &Job::default(),
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("module"), "{}", err.message);

    exports.token_module = Some(module);
    let err = save_draft(
        &mut exports,
        &preview.draft,
        &preview.sha256,
        &token("000000"),
        &out,
        &Job::default(),
    )
    .unwrap_err();
    assert!(err.message.contains("mã PIN không đúng"), "{}", err.message);
    assert!(!err.message.contains("000000"));
    assert!(!out.exists());

    let saved = save_draft(
        &mut exports,
        &preview.draft,
        &preview.sha256,
        &token(PIN),
        &out,
        &Job::default(),
    )
    .unwrap();
    assert!(saved.signed);
    let v = verify_file(&out, Some(&ca)).unwrap();
    assert!(v.valid, "{v:?}");
    assert!(v.signatures[0]
        .signer
        .as_deref()
        .unwrap()
        .starts_with("Phạm Văn Thẻ"));
}
