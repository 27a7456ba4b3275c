//! Renders the demonstration list to a file, with its cover submission when `--cover` follows:
//! `cargo run -p xetkhen-pdf --example render_demo out.pdf [--cover]`.
use xetkhen_pdf::render_list_with_layout;
use xetkhen_pdf::sample::{demo_cover, demo_list};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "demo.pdf".into());
    let mut doc = demo_list(15, 25);
    if std::env::args().any(|a| a == "--cover") {
        doc.cover = Some(demo_cover(15, 25));
    }
    let r = render_list_with_layout(&doc)?;
    std::fs::write(&out, &r.bytes)?;
    println!(
        "{out}: {} bytes, {} pages, signature area {:?}",
        r.bytes.len(),
        r.pages,
        r.signature_area
    );
    Ok(())
}
