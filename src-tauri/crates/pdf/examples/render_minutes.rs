//! Writes a sample of the vote minutes and of a member's vote summary, and prints where their
//! signatures go: `cargo run -p xetkhen-pdf --example render_minutes [out-dir] [rows]`
//! (defaults: the current folder, 40 nominations). The files are `bien-ban-kiem-phieu.pdf` and
//! `phieu-danh-gia.pdf`.
use xetkhen_pdf::minutes::render_minutes;
use xetkhen_pdf::sample::{demo_minutes, demo_vote_summary};
use xetkhen_pdf::vote_summary::render_vote_summary;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let rows: usize = match std::env::args().nth(2) {
        Some(n) => n.parse()?,
        None => 40,
    };
    std::fs::create_dir_all(&dir)?;
    let minutes = render_minutes(&demo_minutes(rows))?;
    let path = dir.join("bien-ban-kiem-phieu.pdf");
    std::fs::write(&path, &minutes.bytes)?;
    println!(
        "{}: {} bytes, {} pages, chair {:?}, secretary {:?}",
        path.display(),
        minutes.bytes.len(),
        minutes.pages,
        minutes.chair_area,
        minutes.secretary_area
    );
    let summary = render_vote_summary(&demo_vote_summary(rows))?;
    let path = dir.join("phieu-danh-gia.pdf");
    std::fs::write(&path, &summary.bytes)?;
    println!(
        "{}: {} bytes, {} pages, signature {:?}",
        path.display(),
        summary.bytes.len(),
        summary.pages,
        summary.signature_area
    );
    Ok(())
}
