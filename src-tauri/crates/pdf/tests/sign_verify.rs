//! The secretariat renders a list, signs it with a training certificate, and UBND checks it:
//! our verifier, and (when installed) poppler's pdfsig and pyHanko must agree.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use xetkhen_pdf::cert::{make_training_certificate, KeyKind, P12Signer, TrainingCredential};
use xetkhen_pdf::sample::{collective_name, demo_list, person_name};
use xetkhen_pdf::{render_list_with_layout, sign_pdf, verify_pdf, PdfError, SignOptions};

const PASSWORD: &str = "tap-huan-2023";

fn signing_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 7, 5, 3, 0, 0).unwrap()
}

fn credential(kind: KeyKind) -> &'static TrainingCredential {
    static RSA: OnceLock<TrainingCredential> = OnceLock::new();
    static EC: OnceLock<TrainingCredential> = OnceLock::new();
    let cell = match kind {
        KeyKind::Rsa2048 => &RSA,
        KeyKind::EcdsaP256 => &EC,
    };
    cell.get_or_init(|| {
        let from = Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap();
        make_training_certificate(
            "Đặng Thị Ơn",
            "Ban Thi đua - Khen thưởng",
            kind,
            PASSWORD,
            from,
            3650,
        )
        .unwrap()
    })
}

/// 40 rows: 15 collectives and 25 individuals.
fn rendered() -> &'static xetkhen_pdf::RenderedList {
    static R: OnceLock<xetkhen_pdf::RenderedList> = OnceLock::new();
    R.get_or_init(|| render_list_with_layout(&demo_list(15, 25)).unwrap())
}

fn signed(kind: KeyKind) -> &'static Vec<u8> {
    static RSA: OnceLock<Vec<u8>> = OnceLock::new();
    static EC: OnceLock<Vec<u8>> = OnceLock::new();
    let cell = match kind {
        KeyKind::Rsa2048 => &RSA,
        KeyKind::EcdsaP256 => &EC,
    };
    cell.get_or_init(|| {
        let signer = P12Signer::from_pkcs12(&credential(kind).p12, PASSWORD).unwrap();
        let mut opts = SignOptions::new("Phó Trưởng ban", "Phê duyệt danh sách", signing_time());
        opts.area = Some(rendered().signature_area);
        sign_pdf(&rendered().bytes, &signer, &opts).unwrap()
    })
}

fn anchors(kind: KeyKind) -> Vec<Vec<u8>> {
    vec![credential(kind).ca_der.clone()]
}

fn problems(pdf: &[u8], kind: KeyKind) -> String {
    let r = verify_pdf(pdf, &anchors(kind));
    assert!(!r.valid, "tampered file accepted");
    let mut all = r.problems.clone();
    for s in &r.signatures {
        all.extend(s.problems.clone());
    }
    all.join("\n")
}

/// Positions and values of the last /ByteRange in the file.
fn byte_range(pdf: &[u8]) -> (usize, [usize; 4]) {
    let key = b"/ByteRange ";
    let at = (0..pdf.len() - key.len())
        .rev()
        .find(|&i| &pdf[i..i + key.len()] == key)
        .unwrap();
    let start = at + key.len();
    let end = start + pdf[start..].iter().position(|&b| b == b']').unwrap();
    let text = std::str::from_utf8(&pdf[start + 1..end]).unwrap();
    let v: Vec<usize> = text
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    (start, [v[0], v[1], v[2], v[3]])
}

fn rewrite_byte_range(pdf: &mut [u8], values: [usize; 4]) {
    let (start, _) = byte_range(pdf);
    let width = "[0 0000000000 0000000000 0000000000]".len();
    let text = format!("[{} {} {} {}]", values[0], values[1], values[2], values[3]);
    let padded = format!("{text:width$}");
    pdf[start..start + width].copy_from_slice(padded.as_bytes());
}

fn tool(name: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success());
    // `make test` installs every outside checker and sets XETKHEN_REQUIRE_TOOLS, so there a
    // missing tool fails the test instead of skipping it.
    assert!(
        found || std::env::var_os("XETKHEN_REQUIRE_TOOLS").is_none(),
        "{name} is required (XETKHEN_REQUIRE_TOOLS is set) but not installed"
    );
    if !found {
        eprintln!("NOTE: {name} is not installed; skipping the part of this test that needs it");
    }
    found
}

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
    if tool("qpdf") {
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if tool("pdffonts") {
        let out = Command::new("pdffonts").arg(&path).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let fonts: Vec<&str> = text.lines().skip(2).collect();
        assert_eq!(fonts.len(), 4, "{text}");
        for f in fonts {
            let cols: Vec<&str> = f.split_whitespace().collect();
            assert!(
                cols[0].contains('+') && cols[0].contains("LiberationSerif"),
                "{f}"
            );
            assert_eq!(
                &cols[cols.len() - 5..cols.len() - 2],
                &["yes", "yes", "yes"],
                "{f}"
            );
        }
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
        .any(|p| p.contains("chứng thư gốc tin cậy")));
}

#[test]
fn a_flipped_byte_in_the_signed_range_is_refused() {
    let mut pdf = signed(KeyKind::Rsa2048).clone();
    let (_, br) = byte_range(&pdf);
    // Inside a compressed page stream, well before the signature: the file still parses.
    let at = br[1] / 2;
    pdf[at] ^= 0x01;
    let p = problems(&pdf, KeyKind::Rsa2048);
    // Either the digest no longer matches or the damage makes the file unreadable: refused both ways.
    assert!(
        p.contains("đã bị thay đổi sau khi ký") || p.contains("đọc được"),
        "{p}"
    );
    // A flip after the signature value, in the hex of /M ('A' -> 'a'): still parses.
    let mut pdf = signed(KeyKind::EcdsaP256).clone();
    let (_, br) = byte_range(&pdf);
    pdf[br[2] + 7] ^= 0x20;
    let p = problems(&pdf, KeyKind::EcdsaP256);
    assert!(p.contains("mã băm"), "{p}");
}

#[test]
fn an_incremental_update_after_signing_is_refused() {
    let mut pdf = signed(KeyKind::Rsa2048).clone();
    let startxref = {
        let s = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).to_string();
        s.split_whitespace()
            .rev()
            .nth(1)
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    // Append a new version of the Info dictionary, with its own xref section.
    let obj_at = pdf.len();
    pdf.extend_from_slice(b"999 0 obj\n<</Title (Sua doi)>>\nendobj\n");
    let xref_at = pdf.len();
    pdf.extend_from_slice(
        format!(
            "xref\n999 1\n{obj_at:010} 00000 n\r\ntrailer\n<</Size 1000/Root {} 0 R/Prev {startxref}>>\nstartxref\n{xref_at}\n%%EOF\n",
            root_id(&pdf)
        )
        .as_bytes(),
    );
    let r = verify_pdf(&pdf, &anchors(KeyKind::Rsa2048));
    assert!(!r.valid);
    let s = &r.signatures[0];
    assert!(s.digest_ok, "the signed part itself is intact");
    assert!(s.modified_after_signing && !s.covers_whole_file);
    assert!(
        s.problems.iter().any(|p| p.contains("cập nhật gia tăng")),
        "{:?}",
        s.problems
    );
}

fn root_id(pdf: &[u8]) -> u32 {
    let text = String::from_utf8_lossy(pdf);
    let at = text.rfind("/Root ").unwrap();
    text[at + 6..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_byte_range_that_does_not_start_at_zero_is_refused() {
    let mut pdf = signed(KeyKind::Rsa2048).clone();
    let (_, br) = byte_range(&pdf);
    rewrite_byte_range(&mut pdf, [10, br[1] - 10, br[2], br[3]]);
    let p = problems(&pdf, KeyKind::Rsa2048);
    assert!(p.contains("không bắt đầu từ đầu tệp"), "{p}");
}

#[test]
fn a_byte_range_whose_gap_is_more_than_the_contents_string_is_refused() {
    let mut pdf = signed(KeyKind::Rsa2048).clone();
    let (_, br) = byte_range(&pdf);
    // Leave 20 more bytes unsigned before the hex string.
    rewrite_byte_range(&mut pdf, [0, br[1] - 20, br[2], br[3]]);
    let p = problems(&pdf, KeyKind::Rsa2048);
    assert!(p.contains("không đúng là chuỗi /Contents"), "{p}");
    // A byte range that stops short of the end of the file.
    let mut pdf = signed(KeyKind::Rsa2048).clone();
    rewrite_byte_range(&mut pdf, [0, br[1], br[2], br[3] - 10]);
    let r = verify_pdf(&pdf, &anchors(KeyKind::Rsa2048));
    assert!(!r.valid && !r.signatures[0].covers_whole_file);
}

#[test]
fn a_cms_with_a_forged_message_digest_is_refused() {
    let mut pdf = signed(KeyKind::Rsa2048).clone();
    let (_, br) = byte_range(&pdf);
    // Find the message digest (SHA-256 of the ranges) in the hex and change it.
    let mut h = sha2_digest(&pdf[..br[1]], &pdf[br[2]..]);
    let hex_digest = hex_upper(&h);
    let gap = std::str::from_utf8(&pdf[br[1]..br[2]]).unwrap().to_string();
    let at = br[1] + gap.find(&hex_digest).expect("digest in CMS");
    h[0] ^= 0xff;
    pdf[at..at + 64].copy_from_slice(hex_upper(&h).as_bytes());
    let p = problems(&pdf, KeyKind::Rsa2048);
    assert!(p.contains("mã băm"), "{p}");
    assert!(p.contains("Chữ ký số không đúng"), "{p}");
}

#[test]
fn a_cms_whose_signature_value_was_altered_is_refused() {
    let mut pdf = signed(KeyKind::Rsa2048).clone();
    let (_, br) = byte_range(&pdf);
    let gap = std::str::from_utf8(&pdf[br[1] + 1..br[2] - 1]).unwrap();
    let used = gap.trim_end_matches('0').len();
    // The RSA signature value is the last element of the CMS; change a byte inside it.
    let at = br[1] + 1 + used - 40;
    pdf[at] = if pdf[at] == b'A' { b'B' } else { b'A' };
    let p = problems(&pdf, KeyKind::Rsa2048);
    assert!(p.contains("Chữ ký số không đúng"), "{p}");
}

#[test]
fn a_file_with_no_signature_is_refused() {
    let r = verify_pdf(&rendered().bytes, &anchors(KeyKind::Rsa2048));
    assert!(!r.valid);
    assert!(r.problems[0].contains("không có chữ ký số"));
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

fn sha2_digest(a: &[u8], b: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(a);
    h.update(b);
    h.finalize().to_vec()
}

fn hex_upper(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

// ---- The recipient's tools -------------------------------------------------------------------

fn write_case(dir: &std::path::Path, name: &str, pdf: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, pdf).unwrap();
    p
}

#[test]
fn pdfsig_accepts_the_signed_list_and_rejects_tampering() {
    if !tool("pdfsig") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let good = write_case(dir.path(), "good.pdf", signed(kind));
        // pdfsig exits 0 even when a signature fails: read its text.
        let out = Command::new("pdfsig").arg(&good).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
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
    let bad = write_case(dir.path(), "bad.pdf", &bad);
    let out = Command::new("pdfsig").arg(&bad).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Signature is Valid"), "{text}");
}

fn pyhanko(ca: &std::path::Path, pdf: &std::path::Path) -> String {
    let out = Command::new("pyhanko")
        .args(["sign", "validate", "--pretty-print", "--trust"])
        .arg(ca)
        .arg("--no-revocation-check")
        .arg(pdf)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn pyhanko_accepts_the_signed_list_and_rejects_tampering() {
    if !tool("pyhanko") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for kind in [KeyKind::Rsa2048, KeyKind::EcdsaP256] {
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, &credential(kind).ca_pem).unwrap();
        let good = write_case(dir.path(), "good.pdf", signed(kind));
        let text = pyhanko(&ca, &good);
        assert!(text.contains("The signature is judged VALID."), "{text}");
        assert!(
            text.contains("The signature covers the entire file."),
            "{text}"
        );

        let mut flipped = signed(kind).clone();
        let (_, br) = byte_range(&flipped);
        flipped[br[2] + 7] ^= 0x20;
        let text = pyhanko(&ca, &write_case(dir.path(), "flipped.pdf", &flipped));
        assert!(!text.contains("judged VALID"), "{text}");

        let mut moved = signed(kind).clone();
        rewrite_byte_range(&mut moved, [0, br[1] - 20, br[2], br[3]]);
        let text = pyhanko(&ca, &write_case(dir.path(), "moved.pdf", &moved));
        assert!(!text.contains("judged VALID"), "{text}");
    }
}
