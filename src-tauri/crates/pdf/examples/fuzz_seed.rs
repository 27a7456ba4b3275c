//! Writes a small signed list, a seed for the verifier's fuzz target (`make fuzz`):
//! `cargo run -p xetkhen-pdf --example fuzz_seed OUT.pdf`.
use chrono::{TimeZone, Utc};
use xetkhen_pdf::cert::{make_training_certificate, KeyKind, P12Signer};
use xetkhen_pdf::{render_list_with_layout, sample::demo_list, sign_pdf, SignOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "seed.pdf".into());
    let from = Utc
        .with_ymd_and_hms(2023, 1, 1, 0, 0, 0)
        .single()
        .ok_or("no such time")?;
    let cred = make_training_certificate(
        "Đặng Thị Ơn",
        "Ban Thi đua - Khen thưởng",
        KeyKind::EcdsaP256,
        "tap-huan",
        from,
        3650,
    )?;
    let signer = P12Signer::from_pkcs12(&cred.p12, "tap-huan")?;
    let list = render_list_with_layout(&demo_list(1, 2))?;
    let mut opts = SignOptions::new("Phó Trưởng ban", "Phê duyệt danh sách", from);
    opts.area = Some(list.signature_area);
    std::fs::write(&out, sign_pdf(&list.bytes, &signer, &opts)?)?;
    println!("{out}");
    Ok(())
}
