//! Issue 14: "Validity is judged at verification time unless a trusted RFC 3161 timestamp is
//! embedded." The files are made the way an outsider's tool makes them: pyHanko's Python API
//! signs (tests/timestamped_sign.py) with a local timestamp authority (DummyTimeStamper) whose
//! certificate the test PKI issues. pyHanko is also the oracle, with `--validation-time` at the
//! token's genTime (its CLI otherwise judges the signer now even under a trusted timestamp; that
//! verdict is pinned too). These tests need pyHanko: with XETKHEN_REQUIRE_TOOLS set, a missing
//! pyHanko fails them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use common::pki::{issue, issue_rsa, Issued, IssuedRsa, Spec};
use common::*;
use xetkhen_core::MessageCode;
use xetkhen_pdf::{verify_pdf, SignatureReport, VerifyReport};

const GEN_TIME: &str = "2020-06-01T03:00:00+00:00";

struct Pki {
    root: Issued,
    /// Valid 2019–2021: expired now, valid at GEN_TIME.
    signer: Issued,
    tsa: IssuedRsa,
    /// A timestamp authority under a root nobody was told to trust.
    foreign_tsa: IssuedRsa,
    /// Issued by the trusted root, but its extendedKeyUsage is not critical.
    lax_tsa: IssuedRsa,
}

fn pki() -> &'static Pki {
    static P: OnceLock<Pki> = OnceLock::new();
    P.get_or_init(|| {
        let root = issue(&Spec::ca("Goc kiem thu", None), None);
        let signer = issue(
            &Spec::signer("Nguoi ky 2020").valid(
                Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).unwrap(),
            ),
            Some(&root),
        );
        let tsa = issue_rsa(&Spec::tsa("Dich vu dau thoi gian"), &root);
        let foreign_root = issue(&Spec::ca("Goc la", None), None);
        let foreign_tsa = issue_rsa(&Spec::tsa("Dau thoi gian la"), &foreign_root);
        let mut lax = Spec::tsa("Dau thoi gian khong critical");
        lax.eku_critical = false;
        let lax_tsa = issue_rsa(&lax, &root);
        Pki {
            root,
            signer,
            tsa,
            foreign_tsa,
            lax_tsa,
        }
    })
}

/// The 40-row list signed by pyHanko with `signer`'s key and a timestamp from `tsa` at
/// GEN_TIME; with `donor`, that file's timestamp token replaces the one made for this signature.
fn stamped(signer: &Issued, tsa: &IssuedRsa, donor: Option<&[u8]>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let input = write_case(dir.path(), "in.pdf", &rendered().bytes);
    let key = pkcs8::EncodePrivateKey::to_pkcs8_pem(&signer.key, pkcs8::LineEnding::LF).unwrap();
    let key = write_case(dir.path(), "key.pem", key.as_bytes());
    let cert = write_case(dir.path(), "cert.pem", signer.pem().as_bytes());
    let tsa_key = write_case(dir.path(), "tsa-key.der", &tsa.key_pkcs8);
    let tsa_cert = write_case(dir.path(), "tsa.der", &tsa.der);
    let out = dir.path().join("out.pdf");
    let mut cmd = Command::new(pyhanko_python());
    cmd.arg(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/timestamped_sign.py"
    ))
    .arg(&input)
    .arg(&out)
    .arg(&key)
    .arg(&cert)
    .arg(&tsa_key)
    .arg(&tsa_cert)
    .arg(GEN_TIME);
    if let Some(d) = donor {
        cmd.arg(write_case(dir.path(), "donor.pdf", d));
    }
    let run = cmd.output().unwrap();
    assert!(
        run.status.success(),
        "timestamped_sign.py: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(&out).unwrap()
}

/// Our verdict, checked against pyHanko's judging at the token's genTime; returns our report.
fn same_verdict_as_pyhanko(case: &str, pdf: &[u8], expect_valid: bool) -> VerifyReport {
    let root = &pki().root;
    let r = verify_pdf(pdf, std::slice::from_ref(&root.der));
    assert_eq!(r.valid, expect_valid, "{case}: our verdict\n{r:#?}");
    let ph = pyhanko_at(&root.pem(), pdf, Some(GEN_TIME));
    assert_eq!(
        ph.valid(),
        r.valid,
        "{case}: pyHanko's verdict at the genTime differs from ours:\n{}\n{r:#?}",
        ph.text
    );
    r
}

fn signature(r: &VerifyReport) -> &SignatureReport {
    assert_eq!(r.signatures.len(), 1, "{r:#?}");
    &r.signatures[0]
}

#[test]
fn a_certificate_expired_now_under_a_trusted_timestamp_from_its_validity_is_valid() {
    if !tool("pyhanko") {
        return;
    }
    let p = pki();
    let pdf = stamped(&p.signer, &p.tsa, None);
    let r = same_verdict_as_pyhanko("trusted timestamp", &pdf, true);
    let s = signature(&r);
    assert!(s.trusted && s.problems.is_empty(), "{s:#?}");
    let ts = s.timestamp.as_ref().expect("the timestamp is read");
    assert!(ts.trusted && ts.problems.is_empty(), "{ts:#?}");
    assert_eq!(ts.time.as_deref(), Some("2020-06-01T03:00:00Z"));
    assert_eq!(ts.tsa.as_deref(), Some("Dich vu dau thoi gian"));
    assert_eq!(ts.tsa_chain, vec!["Dich vu dau thoi gian", "Goc kiem thu"]);
    // pyHanko's CLI without --validation-time judges the signer now, timestamp or not.
    let now = pyhanko(&p.root.pem(), &pdf);
    assert!(
        !now.valid(),
        "pyHanko now judges at the timestamp:\n{}",
        now.text
    );
}

#[test]
fn a_timestamp_from_an_authority_not_chaining_to_the_anchor_leaves_the_signer_judged_now() {
    if !tool("pyhanko") {
        return;
    }
    let p = pki();
    let pdf = stamped(&p.signer, &p.foreign_tsa, None);
    let r = same_verdict_as_pyhanko("untrusted timestamp authority", &pdf, false);
    let s = signature(&r);
    assert!(s.intact() && !s.trusted, "{s:#?}");
    let ts = s.timestamp.as_ref().expect("the timestamp is read");
    assert!(!ts.trusted, "{ts:#?}");
    assert_eq!(ts.tsa.as_deref(), Some("Dau thoi gian la"));
    assert!(
        ts.problems
            .iter()
            .any(|p| p.code == MessageCode::TimestampNoPath),
        "{ts:#?}"
    );
    assert!(
        s.problems
            .iter()
            .any(|p| p.code == MessageCode::CertificateExpiredNow
                && p.params["name"] == "Nguoi ky 2020"),
        "{s:#?}"
    );
}

#[test]
fn a_timestamp_token_transplanted_from_another_signature_does_not_count() {
    if !tool("pyhanko") {
        return;
    }
    let p = pki();
    let donor = stamped(&p.signer, &p.tsa, None);
    let pdf = stamped(&p.signer, &p.tsa, Some(&donor));
    let r = same_verdict_as_pyhanko("transplanted token", &pdf, false);
    let s = signature(&r);
    assert!(s.intact() && !s.trusted, "{s:#?}");
    let ts = s.timestamp.as_ref().expect("the timestamp is read");
    assert!(!ts.trusted, "{ts:#?}");
    assert!(
        ts.problems
            .iter()
            .any(|p| p.code == MessageCode::TimestampImprint),
        "{ts:#?}"
    );
    // The donor itself, with its own token, is valid: the transplant is what fails.
    same_verdict_as_pyhanko("donor", &donor, true);
}

/// RFC 3161 §2.3: the TSA's extendedKeyUsage must be critical. pyHanko does not ask it; we do,
/// deliberately stricter (pinned both ways).
#[test]
fn a_timestamp_authority_whose_extended_key_usage_is_not_critical_is_not_trusted() {
    if !tool("pyhanko") {
        return;
    }
    let p = pki();
    let pdf = stamped(&p.signer, &p.lax_tsa, None);
    let r = verify_pdf(&pdf, std::slice::from_ref(&p.root.der));
    assert!(!r.valid, "{r:#?}");
    let ts = signature(&r)
        .timestamp
        .as_ref()
        .expect("the timestamp is read");
    assert!(
        !ts.trusted
            && ts
                .problems
                .iter()
                .any(|p| p.code == MessageCode::TimestampEkuNotCritical),
        "{ts:#?}"
    );
    let ph = pyhanko_at(&p.root.pem(), &pdf, Some(GEN_TIME));
    assert!(
        ph.valid(),
        "pyHanko now refuses a TSA whose extendedKeyUsage is not critical:\n{}",
        ph.text
    );
}
