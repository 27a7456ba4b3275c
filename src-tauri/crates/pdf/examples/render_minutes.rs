//! Writes a sample of the vote minutes and of a member's vote summary, and prints where their
//! signatures go: `cargo run -p xetkhen-pdf --example render_minutes [out-dir] [rows]`
//! (defaults: the current folder, 40 nominations). The files are `bien-ban-kiem-phieu.pdf` and
//! `phieu-danh-gia.pdf`, and the same two signed with a training certificate (`-da-ky.pdf`),
//! to see where the signature appearances land.
use chrono::Utc;
use xetkhen_pdf::cert::{make_training_certificate, KeyKind, P12Signer};
use xetkhen_pdf::minutes::render_minutes;
use xetkhen_pdf::sample::{demo_minutes, demo_vote_summary};
use xetkhen_pdf::vote_summary::render_vote_summary;
use xetkhen_pdf::{sign_pdf, SignOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let rows: usize = match std::env::args().nth(2) {
        Some(n) => n.parse()?,
        None => 40,
    };
    std::fs::create_dir_all(&dir)?;
    let minutes = render_minutes(&demo_minutes(rows))?;
    let summary = render_vote_summary(&demo_vote_summary(rows))?;
    let now = Utc::now();
    let cred = make_training_certificate(
        &demo_minutes(0).chair.name,
        "Hội đồng Thi đua - Khen thưởng",
        KeyKind::EcdsaP256,
        "tap-huan",
        now - chrono::Duration::days(1),
        365,
    )?;
    let signer = P12Signer::from_pkcs12(&cred.p12, "tap-huan")?;
    for (name, bytes, pages, area) in [
        (
            "bien-ban-kiem-phieu",
            &minutes.bytes,
            minutes.pages,
            minutes.chair_area,
        ),
        (
            "phieu-danh-gia",
            &summary.bytes,
            summary.pages,
            summary.signature_area,
        ),
    ] {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, bytes)?;
        println!("{}: {} bytes, {pages} pages", path.display(), bytes.len());
        let mut opts = SignOptions::new("Chủ tịch Hội đồng", "Xác nhận", now);
        opts.area = Some(area);
        std::fs::write(
            dir.join(format!("{name}-da-ky.pdf")),
            sign_pdf(bytes, &signer, &opts)?,
        )?;
    }
    println!(
        "signatures: chair {:?}, secretary {:?}, member {:?}",
        minutes.chair_area, minutes.secretary_area, summary.signature_area
    );
    Ok(())
}
