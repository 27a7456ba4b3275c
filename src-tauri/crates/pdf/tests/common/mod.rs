//! What the PDF tests share: training credentials, a rendered 40-row list signed with each key
//! type, byte-range surgery, and the outside checkers (pdfsig, pyHanko).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub mod pki;

use chrono::{TimeZone, Utc};
use xetkhen_pdf::cert::{make_training_certificate, KeyKind, P12Signer, TrainingCredential};
use xetkhen_pdf::sample::demo_list;
use xetkhen_pdf::{render_list_with_layout, sign_pdf, SignOptions};

pub const PASSWORD: &str = "tap-huan-2023";

pub fn signing_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 7, 5, 3, 0, 0).unwrap()
}

pub fn credential(kind: KeyKind) -> &'static TrainingCredential {
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

pub fn p12_signer(kind: KeyKind) -> P12Signer {
    P12Signer::from_pkcs12(&credential(kind).p12, PASSWORD).unwrap()
}

/// 40 rows: 15 collectives and 25 individuals.
pub fn rendered() -> &'static xetkhen_pdf::RenderedList {
    static R: OnceLock<xetkhen_pdf::RenderedList> = OnceLock::new();
    R.get_or_init(|| render_list_with_layout(&demo_list(15, 25)).unwrap())
}

pub fn sign_options() -> SignOptions {
    let mut opts = SignOptions::new("Phó Trưởng ban", "Phê duyệt danh sách", signing_time());
    opts.area = Some(rendered().signature_area);
    opts
}

pub fn signed(kind: KeyKind) -> &'static Vec<u8> {
    static RSA: OnceLock<Vec<u8>> = OnceLock::new();
    static EC: OnceLock<Vec<u8>> = OnceLock::new();
    let cell = match kind {
        KeyKind::Rsa2048 => &RSA,
        KeyKind::EcdsaP256 => &EC,
    };
    cell.get_or_init(|| sign_pdf(&rendered().bytes, &p12_signer(kind), &sign_options()).unwrap())
}

pub fn anchors(kind: KeyKind) -> Vec<Vec<u8>> {
    vec![credential(kind).ca_der.clone()]
}

/// Position and values of the last /ByteRange in the file.
pub fn byte_range(pdf: &[u8]) -> (usize, [usize; 4]) {
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

/// Writes new values into the /ByteRange placeholder, padded to its width.
pub fn rewrite_byte_range(pdf: &mut [u8], values: [usize; 4]) {
    let (start, _) = byte_range(pdf);
    let width = "[0 0000000000 0000000000 0000000000]".len();
    let text = format!("[{} {} {} {}]", values[0], values[1], values[2], values[3]);
    let padded = format!("{text:width$}");
    pdf[start..start + width].copy_from_slice(padded.as_bytes());
}

pub fn sha256_of_ranges(pdf: &[u8], br: [usize; 4]) -> Vec<u8> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(&pdf[br[0]..br[0] + br[1]]);
    h.update(&pdf[br[2]..br[2] + br[3]]);
    h.finalize().to_vec()
}

pub fn hex_upper(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// Whether an outside tool is on the PATH. `make test` installs every outside checker and sets
/// XETKHEN_REQUIRE_TOOLS, so there a missing tool fails the test instead of skipping its part.
pub fn tool(name: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found || std::env::var_os("XETKHEN_REQUIRE_TOOLS").is_none(),
        "{name} is required (XETKHEN_REQUIRE_TOOLS is set) but not installed"
    );
    if !found {
        eprintln!("NOTE: {name} is not installed; skipping the part of this test that needs it");
    }
    found
}

pub fn write_case(dir: &Path, name: &str, pdf: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, pdf).unwrap();
    p
}

/// What pyHanko made of a file.
#[derive(Debug)]
pub struct PyHanko {
    pub success: bool,
    pub text: String,
}

impl PyHanko {
    /// pyHanko's own words for a signature it accepts, trusted and intact.
    pub fn valid(&self) -> bool {
        self.success && self.text.contains("The signature is judged VALID.")
    }
}

/// `pyhanko sign validate --trust CA --no-revocation-check FILE`.
pub fn pyhanko(ca_pem: &str, pdf: &[u8]) -> PyHanko {
    pyhanko_at(ca_pem, pdf, None)
}

/// The same, with `--validation-time TIME` (ISO 8601) when given: pyHanko then judges every
/// certificate, the signer's and the timestamp authority's, at that time.
pub fn pyhanko_at(ca_pem: &str, pdf: &[u8], validation_time: Option<&str>) -> PyHanko {
    let dir = tempfile::tempdir().unwrap();
    let ca = write_case(dir.path(), "ca.pem", ca_pem.as_bytes());
    let file = write_case(dir.path(), "case.pdf", pdf);
    let mut cmd = Command::new("pyhanko");
    cmd.args(["sign", "validate", "--pretty-print", "--trust"])
        .arg(&ca)
        .arg("--no-revocation-check");
    if let Some(t) = validation_time {
        cmd.args(["--validation-time", t]);
    }
    let out = cmd.arg(&file).output().unwrap();
    PyHanko {
        success: out.status.success(),
        text: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The Python of the environment pyHanko is installed in (the `python3` beside `pyhanko`), for
/// the tests that make files with pyHanko's Python API.
pub fn pyhanko_python() -> PathBuf {
    let out = Command::new("sh")
        .arg("-c")
        .arg("command -v pyhanko")
        .output()
        .unwrap();
    let pyhanko = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    pyhanko.with_file_name("python3")
}

/// `pdfsig FILE`: its text (pdfsig exits 0 even when a signature fails).
pub fn pdfsig(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path(), "case.pdf", pdf);
    let out = Command::new("pdfsig").arg(&file).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `qpdf --check FILE` finds nothing wrong (skipped when qpdf is missing and not required).
pub fn assert_qpdf_clean(pdf: &Path) {
    if !tool("qpdf") {
        return;
    }
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Every font `pdffonts` lists is a Liberation Serif subset, embedded, with a Unicode map; returns
/// how many there are (0 when pdffonts is missing and not required).
pub fn assert_subset_fonts(pdf: &Path) -> usize {
    if !tool("pdffonts") {
        return 0;
    }
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let fonts: Vec<&str> = text.lines().skip(2).collect();
    assert!(!fonts.is_empty(), "{}: no fonts\n{text}", pdf.display());
    for f in &fonts {
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
    fonts.len()
}
