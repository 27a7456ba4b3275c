//! Someone changes a signed list on its way to UBND. Every change named in issue 5 (point 3) must
//! be refused twice: by our verifier, with a reason in Vietnamese, and by pyHanko, a validator
//! nobody here wrote. With XETKHEN_REQUIRE_TOOLS set, a missing pyHanko fails these tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use lopdf::Document;
use xetkhen_core::{Message, MessageCode};
use xetkhen_pdf::cert::KeyKind;
use xetkhen_pdf::{detached_cms, verify_pdf};

/// A message a Vietnamese reader can read: it has Vietnamese letters (with diacritics).
fn is_vietnamese(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// What pyHanko prints when it refuses a signature it could read.
const PYHANKO_INVALID: &str = "The signature is judged INVALID.";

/// Our verifier refuses `pdf` with the code `reason` (said in Vietnamese); pyHanko exits with
/// an error and says `pyhanko_says`. Returns every problem our verifier named.
fn refused_by_both(
    case: &str,
    pdf: &[u8],
    kind: KeyKind,
    reason: MessageCode,
    pyhanko_says: &str,
) -> Vec<Message> {
    let all = refused_by_us(case, pdf, kind, reason);
    if tool("pyhanko") {
        let ph = pyhanko(&credential(kind).ca_pem, pdf);
        assert!(
            !ph.valid() && !ph.success,
            "{case}: pyHanko accepted it:\n{}",
            ph.text
        );
        assert!(
            ph.text.contains(pyhanko_says),
            "{case}: expected pyHanko to say «{pyhanko_says}»:\n{}",
            ph.text
        );
    }
    all
}

fn refused_by_us(case: &str, pdf: &[u8], kind: KeyKind, reason: MessageCode) -> Vec<Message> {
    let r = verify_pdf(pdf, &anchors(kind));
    assert!(!r.valid, "{case}: our verifier accepted a tampered file");
    let mut all = r.problems.clone();
    for s in &r.signatures {
        all.extend(s.problems.iter().cloned());
    }
    assert!(
        all.iter().any(|p| p.code == reason),
        "{case}: expected {reason:?} among {all:#?}"
    );
    for p in &all {
        assert!(
            is_vietnamese(&p.text),
            "{case}: reason not in Vietnamese: {p}"
        );
    }
    all
}

/// The same file, untouched, passes both: the cases below fail because of what they change.
#[test]
fn the_untouched_file_passes_both_checkers() {
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let r = verify_pdf(signed(kind), &anchors(kind));
        assert!(r.valid, "{r:#?}");
        if tool("pyhanko") {
            let ph = pyhanko(&credential(kind).ca_pem, signed(kind));
            assert!(ph.valid(), "{}", ph.text);
            assert!(
                ph.text.contains("The signature covers the entire file."),
                "{}",
                ph.text
            );
        }
    }
}

/// Offset of the first byte of the data of the first stream after `from`.
fn stream_data_after(pdf: &[u8], from: usize) -> usize {
    let key = b"stream\n";
    from + pdf[from..]
        .windows(key.len())
        .position(|w| w == key)
        .unwrap()
        + key.len()
}

#[test]
fn a_flipped_byte_inside_a_page_of_the_signed_range_is_refused() {
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let mut pdf = signed(kind).clone();
        // Inside the compressed content of an early stream: the file still parses, its
        // content no longer matches.
        let at = stream_data_after(&pdf, 0) + 10;
        pdf[at] ^= 0x01;
        refused_by_both(
            "flipped byte in a stream",
            &pdf,
            kind,
            MessageCode::SignatureDigestMismatch,
            PYHANKO_INVALID,
        );
    }
}

#[test]
fn a_flipped_byte_after_the_signature_value_is_refused() {
    let mut pdf = signed(KeyKind::EcdsaP256).clone();
    let (_, br) = byte_range(&pdf);
    // In the hex of /M, right after /Contents ('A' -> 'a'): still a valid PDF.
    pdf[br[2] + 7] ^= 0x20;
    refused_by_both(
        "flipped byte after /Contents",
        &pdf,
        KeyKind::EcdsaP256,
        MessageCode::SignatureDigestMismatch,
        PYHANKO_INVALID,
    );
}

/// Appends an incremental update that replaces the content of page 1 with a filled rectangle,
/// as someone would who blots out a name after signing.
fn blot_page_one(pdf: &[u8]) -> Vec<u8> {
    let doc = Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let contents = doc.get_page_contents(page);
    let (id, gen) = contents[0];
    let startxref = {
        let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).to_string();
        tail.split_whitespace()
            .rev()
            .nth(1)
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap();
    let mut out = pdf.to_vec();
    let obj_at = out.len();
    let content = b"0 0 0 rg 100 600 300 80 re f";
    out.extend_from_slice(
        format!("{id} {gen} obj\n<</Length {}>>\nstream\n", content.len()).as_bytes(),
    );
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let xref_at = out.len();
    out.extend_from_slice(
        format!(
            "xref\n{id} 1\n{obj_at:010} {gen:05} n\r\ntrailer\n<</Size {size}/Root {} {} R/Prev {startxref}>>\nstartxref\n{xref_at}\n%%EOF\n",
            root.0, root.1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn an_incremental_update_that_changes_a_page_after_signing_is_refused() {
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let pdf = blot_page_one(signed(kind));
        assert!(
            Document::load_mem(&pdf).is_ok(),
            "the update is a well-formed PDF revision"
        );
        refused_by_both(
            "incremental update",
            &pdf,
            kind,
            MessageCode::SignatureAppended,
            "The signature does not cover the entire file.",
        );
        // The signed revision itself is intact: only the appended content is refused.
        let r = verify_pdf(&pdf, &anchors(kind));
        assert!(r.signatures[0].digest_ok && r.signatures[0].signature_ok);
        assert!(r.signatures[0].modified_after_signing);
    }
}

/// Changes the /ByteRange to `new(old)` and, when `resign`, signs the new ranges afresh with
/// the same key: the digest and the signature are then right, and only the layout is wrong —
/// what a forger who holds a copy of the signing tool could produce.
fn with_byte_range(kind: KeyKind, resign: bool, new: impl Fn([usize; 4]) -> [usize; 4]) -> Vec<u8> {
    let mut pdf = signed(kind).clone();
    let (_, old) = byte_range(&pdf);
    let range = new(old);
    rewrite_byte_range(&mut pdf, range);
    if resign {
        // The hex string sits where it was, inside the new gap.
        let (hex_from, hex_to) = (old[1] + 1, old[2] - 1);
        pdf[hex_from..hex_to].fill(b'0');
        let digest = sha256_of_ranges(&pdf, range);
        let cms = detached_cms(&p12_signer(kind), &digest).unwrap();
        let hex = hex_upper(&cms);
        pdf[hex_from..hex_from + hex.len()].copy_from_slice(hex.as_bytes());
    }
    pdf
}

#[test]
fn a_byte_range_that_does_not_start_at_zero_is_refused() {
    for resign in [false, true] {
        let pdf = with_byte_range(KeyKind::Rsa2048, resign, |b| [10, b[1] - 10, b[2], b[3]]);
        let all = refused_by_both(
            "ByteRange not from 0",
            &pdf,
            KeyKind::Rsa2048,
            MessageCode::SignatureByteRangeStart,
            PYHANKO_INVALID,
        );
        if resign {
            assert!(
                !all.iter()
                    .any(|p| p.code == MessageCode::SignatureDigestMismatch),
                "the forged signature is mathematically right: {all:?}"
            );
        }
    }
}

#[test]
fn a_byte_range_that_stops_short_of_the_end_of_the_file_is_refused() {
    for resign in [false, true] {
        let pdf = with_byte_range(KeyKind::Rsa2048, resign, |b| [0, b[1], b[2], b[3] - 10]);
        let all = refused_by_both(
            "ByteRange short of EOF",
            &pdf,
            KeyKind::Rsa2048,
            MessageCode::SignatureAppended,
            "The signature does not cover the entire file.",
        );
        if resign {
            assert!(
                !all.iter()
                    .any(|p| p.code == MessageCode::SignatureDigestMismatch),
                "{all:?}"
            );
        }
    }
}

#[test]
fn a_byte_range_whose_gap_is_more_than_the_contents_string_is_refused() {
    for resign in [false, true] {
        // 20 more bytes left unsigned before the hex string.
        let pdf = with_byte_range(KeyKind::Rsa2048, resign, |b| [0, b[1] - 20, b[2], b[3]]);
        let all = refused_by_both(
            "gap larger than /Contents",
            &pdf,
            KeyKind::Rsa2048,
            MessageCode::SignatureGap,
            "The signature does not cover the entire file.",
        );
        if resign {
            assert!(
                !all.iter()
                    .any(|p| p.code == MessageCode::SignatureDigestMismatch),
                "{all:?}"
            );
        }
    }
}

/// The used part of the /Contents hex of the (only) signature, and where it starts.
fn cms_hex(pdf: &[u8]) -> (usize, String) {
    let (_, br) = byte_range(pdf);
    let gap = std::str::from_utf8(&pdf[br[1] + 1..br[2] - 1]).unwrap();
    (br[1] + 1, gap.trim_end_matches('0').to_string())
}

#[test]
fn a_cms_with_a_forged_message_digest_is_refused() {
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let mut pdf = signed(kind).clone();
        let (_, br) = byte_range(&pdf);
        let mut digest = sha256_of_ranges(&pdf, br);
        let (hex_at, hex) = cms_hex(&pdf);
        let at = hex_at + hex.find(&hex_upper(&digest)).expect("digest in the CMS");
        digest[0] ^= 0xff;
        pdf[at..at + 64].copy_from_slice(hex_upper(&digest).as_bytes());
        let all = refused_by_both(
            "forged message digest",
            &pdf,
            kind,
            MessageCode::SignatureDigestMismatch,
            PYHANKO_INVALID,
        );
        assert!(
            all.iter().any(|p| p.code == MessageCode::SignatureWrong),
            "{all:?}"
        );
    }
}

#[test]
fn a_cms_whose_signing_certificate_attribute_was_altered_is_refused() {
    use sha2::Digest;
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let mut pdf = signed(kind).clone();
        // The signing-certificate-v2 attribute holds SHA-256 of the signer's certificate.
        let cert_hash = hex_upper(&sha2::Sha256::digest(&credential(kind).signer_der));
        let (hex_at, hex) = cms_hex(&pdf);
        let at = hex_at + hex.find(&cert_hash).expect("certificate hash in the CMS");
        pdf[at] = if pdf[at] == b'A' { b'B' } else { b'A' };
        let all = refused_by_both(
            "altered signed attribute",
            &pdf,
            kind,
            MessageCode::SignatureSigningCertificateMismatch,
            // pyHanko stops before judging: its ESS check finds no matching certificate.
            "Error: Generic processing error.",
        );
        assert!(
            all.iter().any(|p| p.code == MessageCode::SignatureWrong),
            "{all:?}"
        );
    }
}

#[test]
fn a_cms_whose_signature_value_was_altered_is_refused() {
    let mut pdf = signed(KeyKind::Rsa2048).clone();
    let (hex_at, hex) = cms_hex(&pdf);
    // The RSA signature value is the last element of the CMS; change a byte inside it.
    let at = hex_at + hex.len() - 40;
    pdf[at] = if pdf[at] == b'A' { b'B' } else { b'A' };
    refused_by_both(
        "altered signature value",
        &pdf,
        KeyKind::Rsa2048,
        MessageCode::SignatureWrong,
        PYHANKO_INVALID,
    );
}

#[test]
fn a_file_with_no_signature_is_refused() {
    let all = refused_by_us(
        "no signature",
        &rendered().bytes,
        KeyKind::Rsa2048,
        MessageCode::VerifyNoSignature,
    );
    let codes: Vec<MessageCode> = all.iter().map(|m| m.code).collect();
    assert_eq!(codes, [MessageCode::VerifyNoSignature]);
    if tool("pyhanko") {
        // pyHanko exits 0 on a file without signatures: it has nothing to judge. What it must
        // not do is name a valid signature, and its list of signatures must be empty.
        let ph = pyhanko(&credential(KeyKind::Rsa2048).ca_pem, &rendered().bytes);
        assert!(
            !ph.valid() && !ph.text.contains("judged VALID"),
            "{}",
            ph.text
        );
        let dir = tempfile::tempdir().unwrap();
        let file = write_case(dir.path(), "unsigned.pdf", &rendered().bytes);
        let out = std::process::Command::new("pyhanko")
            .args(["sign", "list"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "");
        // The same command lists the signature of a signed file.
        let file = write_case(dir.path(), "signed.pdf", signed(KeyKind::Rsa2048));
        let out = std::process::Command::new("pyhanko")
            .args(["sign", "list"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&out.stdout).contains("Signature1:FILLED"));
    }
}

/// The list signed by approval (room for later signers, as the secretary signs the minutes).
fn approved(kind: KeyKind) -> Vec<u8> {
    let mut opts = sign_options();
    opts.allow_later_signatures = true;
    xetkhen_pdf::sign_pdf(&rendered().bytes, &p12_signer(kind), &opts).unwrap()
}

/// A second signer, with another certificate under the same trusted CA.
fn second_signature(pdf: &[u8], kind: KeyKind) -> Vec<u8> {
    let mut opts = xetkhen_pdf::SignOptions::new("Chủ tịch Hội đồng", "Xác nhận", signing_time());
    opts.area = Some(xetkhen_pdf::SignatureArea {
        page: rendered().signature_area.page,
        rect: [60.0, 60.0, 260.0, 130.0],
    });
    xetkhen_pdf::sign_pdf(pdf, &p12_signer(kind), &opts).unwrap()
}

/// Control: a second signature added to an approved list changes nothing the first one signed;
/// both checkers accept both signatures.
#[test]
fn a_second_signature_after_an_approval_signature_is_accepted_by_both() {
    let kind = KeyKind::Rsa2048;
    let pdf = second_signature(&approved(kind), kind);
    let r = verify_pdf(&pdf, &anchors(kind));
    assert!(r.valid, "{r:#?}");
    assert!(r.signatures.iter().all(|s| !s.changed_after_signing));
    if tool("pyhanko") {
        let ph = pyhanko(&credential(kind).ca_pem, &pdf);
        assert!(ph.success, "{}", ph.text);
        assert_eq!(ph.text.matches("judged VALID").count(), 2, "{}", ph.text);
    }
}

/// Issue 14: changes appended after an approval signature were judged only for certifications.
/// Here a page is blotted out after the secretary's approval signature, and the file is then
/// signed with another trusted certificate, which covers the whole file.
#[test]
fn content_appended_after_an_approval_signature_then_signed_by_another_trusted_signer_is_accepted()
{
    let kind = KeyKind::Rsa2048;
    let pdf = second_signature(&blot_page_one(&approved(kind)), kind);
    let r = verify_pdf(&pdf, &anchors(kind));
    assert!(!r.valid, "{r:#?}");
    let first = &r.signatures[0];
    assert!(first.intact() && first.trusted, "{first:#?}");
    assert!(first.changed_after_signing, "{first:#?}");
    assert!(
        first
            .problems
            .iter()
            .any(|p| p.code == MessageCode::SignatureChangedAfter),
        "{first:#?}"
    );
    let last = &r.signatures[1];
    assert!(
        last.problems.is_empty() && last.covers_whole_file,
        "{last:#?}"
    );
    if tool("pyhanko") {
        let ph = pyhanko(&credential(kind).ca_pem, &pdf);
        assert!(
            !ph.valid() && !ph.success,
            "pyHanko accepted it:\n{}",
            ph.text
        );
        assert!(ph.text.contains(PYHANKO_INVALID), "{}", ph.text);
    }
}
