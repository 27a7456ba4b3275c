//! Renders and signs a list of 1,000 rows and prints the time and size (goals: < 1 s, < 300 KB).
//!
//! `cargo run --release -p xetkhen-pdf --example bench_export [out-dir]` also writes the signed
//! file, the training CA and the .p12 to `out-dir` so that pdfsig and pyHanko can check them.

use std::time::Instant;

use chrono::Utc;
use xetkhen_pdf::cert::{make_training_certificate, KeyKind, P12Signer};
use xetkhen_pdf::{render_list_with_layout, sample::demo_list, sign_pdf, verify_pdf, SignOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::env::args().nth(1);
    let now = Utc::now();
    let t = Instant::now();
    let cred = make_training_certificate(
        "Đặng Thị Ơn",
        "Ban Thi đua - Khen thưởng",
        KeyKind::Rsa2048,
        "tap-huan",
        now - chrono::Duration::days(1),
        365,
    )?;
    println!("training certificate (RSA-2048): {:?}", t.elapsed());
    let signer = P12Signer::from_pkcs12(&cred.p12, "tap-huan")?;

    let doc = demo_list(300, 700);
    let t = Instant::now();
    let rendered = render_list_with_layout(&doc)?;
    let render_time = t.elapsed();
    let mut opts = SignOptions::new(
        "Phó Trưởng ban",
        "Phê duyệt danh sách đề nghị khen thưởng",
        now,
    );
    opts.area = Some(rendered.signature_area);
    let t2 = Instant::now();
    let signed = sign_pdf(&rendered.bytes, &signer, &opts)?;
    let sign_time = t2.elapsed();
    println!(
        "1000 rows: render {:?}, sign {:?}, total {:?}; {} pages; unsigned {} bytes, signed {} bytes",
        render_time,
        sign_time,
        t.elapsed(),
        rendered.pages,
        rendered.bytes.len(),
        signed.len()
    );
    let t3 = Instant::now();
    let report = verify_pdf(&signed, std::slice::from_ref(&cred.ca_der));
    println!(
        "verify {:?}: valid = {}, {:?}",
        t3.elapsed(),
        report.valid,
        report.signatures.first().map(|s| &s.problems)
    );
    if let Some(dir) = out_dir {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("bench-signed.pdf"), &signed)?;
        std::fs::write(dir.join("bench-unsigned.pdf"), &rendered.bytes)?;
        std::fs::write(dir.join("ca.pem"), &cred.ca_pem)?;
        std::fs::write(dir.join("signer.p12"), &cred.p12)?;
    }
    Ok(())
}
