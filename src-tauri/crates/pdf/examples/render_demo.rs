//! Renders the demonstration list to a file: `cargo run -p xetkhen-pdf --example render_demo out.pdf`.
use xetkhen_pdf::{render_list_with_layout, sample::demo_list};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "demo.pdf".into());
    let r = render_list_with_layout(&demo_list(15, 25))?;
    std::fs::write(&out, &r.bytes)?;
    println!(
        "{out}: {} bytes, {} pages, signature area {:?}",
        r.bytes.len(),
        r.pages,
        r.signature_area
    );
    Ok(())
}
