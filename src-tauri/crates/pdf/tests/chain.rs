//! Certificates an attacker (or a careless CA) could make, each signing the list: the verifier
//! must trust a signature only through real certification authorities, with a key allowed to
//! sign, valid now. pyHanko (`sign validate --trust ca.pem --no-revocation-check`) is the oracle:
//! our verdict equals its verdict on every case. With XETKHEN_REQUIRE_TOOLS set, a missing pyHanko
//! fails these tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{TimeZone, Utc};
use common::pki::{issue, ChainSigner, Issued, Spec, ID_KP_DOCUMENT_SIGNING, ID_KP_SERVER_AUTH};
use common::*;
use x509_cert::ext::pkix::KeyUsages;
use xetkhen_core::{Message, MessageCode};
use xetkhen_pdf::{sign_pdf, verify_pdf, SignOptions, VerifyReport};

/// Signs the 40-row list with `leaf`, the CMS carrying `issuers`, at `when`.
fn sign_with(leaf: &Issued, issuers: &[&Issued], when: chrono::DateTime<Utc>) -> Vec<u8> {
    let mut opts = SignOptions::new("Phó Trưởng ban", "Phê duyệt danh sách", when);
    opts.area = Some(rendered().signature_area);
    sign_pdf(&rendered().bytes, &ChainSigner::new(leaf, issuers), &opts).unwrap()
}

/// Our verdict against `root`, checked against pyHanko's; returns our report.
fn same_verdict_as_pyhanko(
    case: &str,
    pdf: &[u8],
    root: &Issued,
    expect_valid: bool,
) -> VerifyReport {
    let r = verify_pdf(pdf, std::slice::from_ref(&root.der));
    assert_eq!(r.valid, expect_valid, "{case}: our verdict\n{r:#?}");
    for s in &r.signatures {
        for p in &s.problems {
            assert!(
                p.text.chars().any(|c| !c.is_ascii() && c.is_alphabetic()),
                "{case}: reason not in Vietnamese: {p}"
            );
        }
    }
    if tool("pyhanko") {
        let ph = pyhanko(&root.pem(), pdf);
        assert_eq!(
            ph.valid(),
            r.valid,
            "{case}: pyHanko's verdict differs from ours:\n{}\n{r:#?}",
            ph.text
        );
    }
    r
}

fn problems(r: &VerifyReport) -> Vec<Message> {
    r.signatures
        .iter()
        .flat_map(|s| s.problems.clone())
        .collect()
}

fn now_ish() -> chrono::DateTime<Utc> {
    Utc::now() - chrono::Duration::hours(1)
}

/// Control case: root → intermediate CA (pathLen 0) → signer is trusted by both, so the cases
/// below fail because of what they change.
#[test]
fn a_proper_chain_through_an_intermediate_ca_is_trusted_by_both() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let inter = issue(&Spec::ca("Trung gian kiem thu", Some(0)), Some(&root));
    let leaf = issue(&Spec::signer("Nguoi ky hop le"), Some(&inter));
    let pdf = sign_with(&leaf, &[&inter], now_ish());
    let r = same_verdict_as_pyhanko("proper chain", &pdf, &root, true);
    let s = &r.signatures[0];
    assert!(s.trusted, "{s:#?}");
    assert_eq!(s.anchor.as_deref(), Some("Goc kiem thu"));
    assert_eq!(
        s.signer_chain,
        vec!["Nguoi ky hop le", "Trung gian kiem thu", "Goc kiem thu"]
    );
}

/// Issue 14, point 4: CA → an ordinary end-entity certificate (CA:FALSE, no keyCertSign) → a
/// leaf that this end-entity certificate signed.
#[test]
fn verifier_trusts_a_chain_through_a_non_ca_end_entity_certificate() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let ee = issue(&Spec::signer("Nhan vien binh thuong"), Some(&root));
    let leaf = issue(&Spec::signer("Nguoi ky gia mao"), Some(&ee));
    let pdf = sign_with(&leaf, &[&ee], now_ish());
    let r = same_verdict_as_pyhanko("chain through a non-CA", &pdf, &root, false);
    assert!(!r.signatures[0].trusted);
    assert!(r.signatures[0].signature_ok && r.signatures[0].digest_ok);
    let all = problems(&r);
    assert!(
        all.iter().any(|p| p.code == MessageCode::CertificateNotCa
            && p.params["name"] == "Nhan vien binh thuong"),
        "{all:#?}"
    );
}

/// The same forgery with an end-entity certificate that carries no basicConstraints at all.
#[test]
fn verifier_trusts_a_chain_through_a_certificate_without_basic_constraints() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let mut spec = Spec::signer("Khong co basicConstraints");
    spec.basic_constraints = None;
    spec.key_usage = None;
    let ee = issue(&spec, Some(&root));
    let leaf = issue(&Spec::signer("Nguoi ky gia mao"), Some(&ee));
    let pdf = sign_with(&leaf, &[&ee], now_ish());
    let r = same_verdict_as_pyhanko("chain through no basicConstraints", &pdf, &root, false);
    assert!(!r.signatures[0].trusted);
}

/// A CA:TRUE issuer whose keyUsage does not allow signing certificates.
#[test]
fn verifier_trusts_a_chain_through_an_issuer_without_key_cert_sign() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let mut spec = Spec::ca("CA khong duoc cap chung thu", None);
    spec.key_usage = Some(vec![KeyUsages::DigitalSignature, KeyUsages::CRLSign]);
    let inter = issue(&spec, Some(&root));
    let leaf = issue(&Spec::signer("Nguoi ky"), Some(&inter));
    let pdf = sign_with(&leaf, &[&inter], now_ish());
    let r = same_verdict_as_pyhanko("issuer without keyCertSign", &pdf, &root, false);
    assert!(
        problems(&r)
            .iter()
            .any(|p| p.code == MessageCode::CertificateNoKeyCertSign),
        "{r:#?}"
    );
}

/// root → intermediate (pathLen 0) → a second intermediate → signer: one authority too many.
#[test]
fn verifier_trusts_a_chain_longer_than_an_intermediate_path_len_allows() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let inter = issue(&Spec::ca("Trung gian pathLen 0", Some(0)), Some(&root));
    let sub = issue(&Spec::ca("Trung gian cap duoi", None), Some(&inter));
    let leaf = issue(&Spec::signer("Nguoi ky"), Some(&sub));
    let pdf = sign_with(&leaf, &[&sub, &inter], now_ish());
    let r = same_verdict_as_pyhanko("pathLen violated", &pdf, &root, false);
    assert!(
        problems(&r)
            .iter()
            .any(|p| p.code == MessageCode::CertificatePathLen),
        "{r:#?}"
    );
}

/// Issue 14, point 5: a certificate valid 2019–2021, the list signed with the signer's clock set
/// to 2020. Without a trusted timestamp, validity is judged now.
#[test]
fn a_certificate_expired_in_2021_signed_with_the_clock_set_to_2020_is_reported_valid() {
    let from = Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap();
    let root = issue(&Spec::ca("Goc 2019", None).valid(from, to), None);
    let leaf = issue(&Spec::signer("Nguoi ky 2020").valid(from, to), Some(&root));
    let pdf = sign_with(
        &leaf,
        &[],
        Utc.with_ymd_and_hms(2020, 6, 1, 3, 0, 0).unwrap(),
    );
    let r = same_verdict_as_pyhanko("expired certificate, clock set back", &pdf, &root, false);
    let s = &r.signatures[0];
    assert!(s.intact() && !s.trusted, "{s:#?}");
    assert_eq!(s.signing_time.as_deref(), Some("D:20200601100000+07'00'"));
    assert!(
        s.problems
            .iter()
            .any(|p| p.code == MessageCode::CertificateExpiredNow
                && p.params["name"] == "Nguoi ky 2020"),
        "{s:#?}"
    );
}

/// A signer certificate whose keyUsage is for key encipherment only.
#[test]
fn a_signer_certificate_without_digital_signature_or_non_repudiation_is_reported_valid() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let mut spec = Spec::signer("Chi de ma hoa");
    spec.key_usage = Some(vec![KeyUsages::KeyEncipherment]);
    let leaf = issue(&spec, Some(&root));
    let pdf = sign_with(&leaf, &[], now_ish());
    let r = same_verdict_as_pyhanko("leaf without digitalSignature", &pdf, &root, false);
    assert!(
        problems(&r)
            .iter()
            .any(|p| p.code == MessageCode::CertificateNotForSigning),
        "{r:#?}"
    );
    // nonRepudiation alone is enough, for both.
    let mut spec = Spec::signer("Chi chong choi bo");
    spec.key_usage = Some(vec![KeyUsages::NonRepudiation]);
    let leaf = issue(&spec, Some(&root));
    let pdf = sign_with(&leaf, &[], now_ish());
    same_verdict_as_pyhanko("leaf with nonRepudiation only", &pdf, &root, true);
}

/// An extended key usage that allows document signing is accepted.
#[test]
fn a_signer_certificate_for_document_signing_is_trusted() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let mut spec = Spec::signer("Ky tai lieu");
    spec.eku = Some(vec![ID_KP_DOCUMENT_SIGNING]);
    let leaf = issue(&spec, Some(&root));
    let pdf = sign_with(&leaf, &[], now_ish());
    same_verdict_as_pyhanko("EKU documentSigning", &pdf, &root, true);
}

/// A web server's certificate (extendedKeyUsage serverAuth only) is not for signing documents.
/// Issue 14 asks for this check; pyHanko's default policy checks no extended key usage (its
/// `extd_key_usage` is unset), so here, and only here, our verdict is deliberately stricter. The
/// test pins pyHanko's verdict too, so that a change on its side is noticed.
#[test]
fn a_web_server_certificate_signing_a_list_is_reported_valid() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let mut spec = Spec::signer("may-chu.example.vn");
    spec.eku = Some(vec![ID_KP_SERVER_AUTH]);
    let leaf = issue(&spec, Some(&root));
    let pdf = sign_with(&leaf, &[], now_ish());
    let r = verify_pdf(&pdf, std::slice::from_ref(&root.der));
    assert!(!r.valid, "{r:#?}");
    assert!(
        problems(&r)
            .iter()
            .any(|p| p.code == MessageCode::CertificateNotForDocuments),
        "{r:#?}"
    );
    if tool("pyhanko") {
        let ph = pyhanko(&root.pem(), &pdf);
        assert!(
            ph.valid(),
            "pyHanko now checks extended key usages:\n{}",
            ph.text
        );
    }
}

/// digitalSignature without nonRepudiation: issue 14 accepts either bit, as Adobe Reader and
/// pdfsig do; pyHanko's default policy asks for nonRepudiation alone. Pinned both ways.
#[test]
fn a_signer_certificate_with_digital_signature_only_is_trusted_by_us_not_by_pyhanko() {
    let root = issue(&Spec::ca("Goc kiem thu", None), None);
    let mut spec = Spec::signer("Chi ky so");
    spec.key_usage = Some(vec![KeyUsages::DigitalSignature]);
    let leaf = issue(&spec, Some(&root));
    let pdf = sign_with(&leaf, &[], now_ish());
    let r = verify_pdf(&pdf, std::slice::from_ref(&root.der));
    assert!(r.valid, "{r:#?}");
    if tool("pyhanko") {
        let ph = pyhanko(&root.pem(), &pdf);
        assert!(
            !ph.valid(),
            "pyHanko now accepts digitalSignature alone:\n{}",
            ph.text
        );
        assert!(ph.text.contains("non repudiation"), "{}", ph.text);
    }
}
