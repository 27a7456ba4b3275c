//! The secretariat renders a list, signs it with a training certificate, and UBND checks it:
//! our verifier, and (when installed) poppler's pdfsig and pyHanko must agree. The tampering
//! cases are in `tamper.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use chrono::Utc;
use common::*;
use xetkhen_core::MessageCode;
use xetkhen_pdf::cert::{KeyKind, P12Signer};
use xetkhen_pdf::sample::{collective_name, demo_list, person_name};
use xetkhen_pdf::{render_list_with_layout, sign_pdf, verify_pdf, PdfError, SignOptions};

#[test]
fn every_name_on_a_40_row_list_comes_back_from_pdftotext() {
    let r = rendered();
    assert!(r.pages >= 2);
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Names in cells may wrap; compare with line breaks turned into spaces.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for i in 0..25 {
        let name = person_name(i);
        assert!(flat.contains(&name), "{name} missing");
    }
    for i in 0..15 {
        let name = collective_name(i);
        assert!(flat.contains(&name), "{name} missing");
    }
    for s in [
        "Nguyễn",
        "Tiễn",
        "Lưu",
        "Đức",
        "Ơn",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ngày 05 tháng 7 năm 2023",
        "Tổng cộng: 15 tập thể, 25 cá nhân",
        "I. TẬP THỂ (15)",
        "II. CÁ NHÂN (25)",
    ] {
        assert!(flat.contains(s), "{s} missing");
    }
}

#[test]
fn decomposed_names_are_drawn_precomposed() {
    let mut doc = demo_list(0, 1);
    doc.groups[1].rows[0].cells[1] =
        "Nguye\u{302}\u{303}n Va\u{306}n \u{110}u\u{31b}\u{301}c".into();
    let pdf = render_list_with_layout(&doc).unwrap().bytes;
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nfd.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Nguyễn Văn Đức"));
}

#[test]
fn the_rendered_list_passes_qpdf_and_embeds_a_subset_font() {
    let r = rendered();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    assert_qpdf_clean(&path);
    if tool("pdffonts") {
        assert_eq!(assert_subset_fonts(&path), 4);
    }
    if tool("pdfinfo") {
        let out = Command::new("pdfinfo").arg(&path).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Producer:        Xét Khen"), "{text}");
        assert!(
            text.contains("Title:           Danh sách đề nghị khen thưởng"),
            "{text}"
        );
        assert!(
            text.contains("Keywords:        round:so-ket-2023"),
            "{text}"
        );
        assert!(
            text.contains("CreationDate:    Wed Jul  5 03:00:00 2023 UTC"),
            "{text}"
        );
        assert!(
            !text.contains("PDF/X"),
            "claims a PDF/X conformance it does not have: {text}"
        );
    }
}

#[test]
fn a_list_signed_with_a_training_rsa_certificate_verifies() {
    let pdf = signed(KeyKind::Rsa2048);
    assert!(
        pdf.starts_with(&rendered().bytes),
        "not an incremental update"
    );
    let r = verify_pdf(pdf, &anchors(KeyKind::Rsa2048));
    assert!(r.valid, "{r:#?}");
    let s = &r.signatures[0];
    assert_eq!(
        s.signer_cn.as_deref(),
        Some("Đặng Thị Ơn (CHỨNG THƯ TẬP HUẤN)")
    );
    assert_eq!(s.signer_chain.len(), 2);
    assert!(s.digest_ok && s.signature_ok && s.byte_range_ok && s.covers_whole_file && s.trusted);
    assert_eq!(s.signing_time.as_deref(), Some("D:20230705100000+07'00'"));
}

#[test]
fn a_list_signed_with_a_training_ecdsa_certificate_verifies() {
    let r = verify_pdf(signed(KeyKind::EcdsaP256), &anchors(KeyKind::EcdsaP256));
    assert!(r.valid, "{r:#?}");
}

#[test]
fn a_signature_from_an_untrusted_ca_is_not_valid() {
    let r = verify_pdf(signed(KeyKind::Rsa2048), &anchors(KeyKind::EcdsaP256));
    assert!(!r.valid);
    assert!(r.signatures[0].digest_ok && r.signatures[0].signature_ok && !r.signatures[0].trusted);
    let r = verify_pdf(signed(KeyKind::Rsa2048), &[]);
    assert!(!r.valid);
    assert!(r.signatures[0]
        .problems
        .iter()
        .any(|p| p.code == MessageCode::ChainNoAnchors));
}

#[test]
fn a_certified_list_cannot_be_signed_again() {
    let signer = P12Signer::from_pkcs12(&credential(KeyKind::EcdsaP256).p12, PASSWORD).unwrap();
    let opts = SignOptions::new("Chuyên viên", "Ký thêm", signing_time());
    let err = sign_pdf(signed(KeyKind::Rsa2048), &signer, &opts).unwrap_err();
    assert!(matches!(err, PdfError::Sign(_)));
    assert!(err.to_string().contains("DocMDP"));
}

#[test]
fn a_wrong_pkcs12_password_is_a_certificate_error() {
    let err = P12Signer::from_pkcs12(&credential(KeyKind::EcdsaP256).p12, "sai").unwrap_err();
    assert_eq!(err.code(), "pdf.certificate");
}

#[test]
fn a_pkcs12_made_by_openssl_opens() {
    if !tool("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.pem");
    let crt = dir.path().join("c.pem");
    let p12 = dir.path().join("x.p12");
    let ok = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "30",
        ])
        .args(["-subj", "/CN=Thu nghiem/C=VN", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&crt)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok);
    let ok = Command::new("openssl")
        .args(["pkcs12", "-export", "-passout", "pass:abc", "-inkey"])
        .arg(&key)
        .arg("-in")
        .arg(&crt)
        .arg("-out")
        .arg(&p12)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok);
    let signer = P12Signer::open(&p12, "abc").unwrap();
    let opts = SignOptions::new("Thử nghiệm", "Thử", Utc::now());
    let pdf = sign_pdf(&rendered().bytes, &signer, &opts).unwrap();
    let cert = xetkhen_pdf::cert::parse_certificate(&std::fs::read(&crt).unwrap()).unwrap();
    assert!(verify_pdf(&pdf, &[cert]).valid);
}

#[test]
fn pdfsig_accepts_the_signed_list_and_rejects_tampering() {
    if !tool("pdfsig") {
        return;
    }
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let text = pdfsig(signed(kind));
        assert!(
            text.contains("Signature Validation: Signature is Valid."),
            "{text}"
        );
        assert!(text.contains("Total document signed"), "{text}");
        assert!(text.contains("ETSI.CAdES.detached"), "{text}");
    }
    let mut bad = signed(KeyKind::Rsa2048).clone();
    let (_, br) = byte_range(&bad);
    bad[br[2] + 7] ^= 0x20;
    let text = pdfsig(&bad);
    assert!(!text.contains("Signature is Valid"), "{text}");
}

/// Regression: pyHanko writes issuerSerial in its signing-certificate-v2 attribute, which our
/// verifier once failed to decode, refusing a good signature made by another tool.
#[test]
fn a_list_signed_by_pyhanko_verifies_with_our_verifier() {
    if !tool("pyhanko") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unsigned = write_case(dir.path(), "unsigned.pdf", &rendered().bytes);
    let passfile = write_case(dir.path(), "pass.txt", PASSWORD.as_bytes());
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let p12 = write_case(dir.path(), "signer.p12", &credential(kind).p12);
        let out_file = dir.path().join("pyhanko.pdf");
        let out = Command::new("pyhanko")
            .args([
                "sign",
                "addsig",
                "--field",
                "-1/330,60,545,135/Signature1",
                "--use-pades",
                "--certify",
                "pkcs12",
                "--passfile",
            ])
            .arg(&passfile)
            .arg(&unsigned)
            .arg(&out_file)
            .arg(&p12)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let pdf = std::fs::read(&out_file).unwrap();
        let r = verify_pdf(&pdf, &anchors(kind));
        assert!(r.valid, "{kind:?}: {r:#?}");
        assert_eq!(
            r.signatures[0].signer_cn.as_deref(),
            Some("Đặng Thị Ơn (CHỨNG THƯ TẬP HUẤN)")
        );
    }
}
