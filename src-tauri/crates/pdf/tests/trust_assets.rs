//! The built-in trust anchors are data with a stated origin: every file in `assets/trust/` is named
//! in its README with the SHA-256 of the file and of the certificate, and the code loads exactly
//! those files. A root swapped in the source tree fails here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use sha2::{Digest, Sha256};
use xetkhen_pdf::trust::{BUILTIN_INTERMEDIATES, BUILTIN_ROOTS};

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../assets/trust")
}

/// The README's row for `file`: (fingerprint of the DER without colons, SHA-256 of the file).
fn row(readme: &str, file: &str) -> (String, String) {
    let line = readme
        .lines()
        .find(|l| l.starts_with(&format!("| `{file}` |")))
        .unwrap_or_else(|| panic!("{file} is not in assets/trust/README.md"));
    let ticks: Vec<&str> = line.split('`').collect();
    // `file` … `fingerprint` … `file hash`: the last two code spans.
    let fingerprint = ticks[ticks.len() - 4].replace(':', "").to_lowercase();
    let file_hash = ticks[ticks.len() - 2].to_lowercase();
    (fingerprint, file_hash)
}

#[test]
fn every_builtin_certificate_matches_the_sha256_in_its_readme() {
    let readme = std::fs::read_to_string(dir().join("README.md")).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pem"))
        .collect();
    files.sort();
    let mut loaded: Vec<&str> = BUILTIN_ROOTS
        .iter()
        .chain(BUILTIN_INTERMEDIATES)
        .map(|c| c.file)
        .collect();
    loaded.sort();
    assert_eq!(
        files, loaded,
        "the code loads exactly the files of assets/trust"
    );
    for c in BUILTIN_ROOTS.iter().chain(BUILTIN_INTERMEDIATES) {
        let on_disk = std::fs::read(dir().join(c.file)).unwrap();
        assert_eq!(on_disk, c.pem, "{} compiled in as on disk", c.file);
        let (fingerprint, file_hash) = row(&readme, c.file);
        assert_eq!(
            hex::encode(Sha256::digest(&on_disk)),
            file_hash,
            "{}",
            c.file
        );
        let (_, der) = der::pem::decode_vec(&on_disk).unwrap();
        assert_eq!(hex::encode(Sha256::digest(&der)), fingerprint, "{}", c.file);
    }
}

#[test]
fn the_builtin_roots_are_the_government_and_national_roots() {
    use der::Decode;
    let names: Vec<String> = BUILTIN_ROOTS
        .iter()
        .map(|c| {
            let (_, der) = der::pem::decode_vec(c.pem).unwrap();
            let cert = x509_cert::Certificate::from_der(&der).unwrap();
            xetkhen_pdf::cert::common_name(&cert).unwrap()
        })
        .collect();
    assert_eq!(
        names,
        vec![
            "RootCA chuyên dùng Chính phủ G2",
            "Vietnam National Root CA"
        ]
    );
}
