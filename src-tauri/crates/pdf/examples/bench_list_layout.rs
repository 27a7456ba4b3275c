//! The 1,000-row list laid out before and after issue 16, in one run: pages and bytes of each.
//!
//! "Before" is the layout of main until then, rebuilt here: A4 portrait, the old column widths
//! and the award column that repeats the title on every row. "After" is `demo_list` as it is
//! rendered now (landscape, no award column). Both print a collective's unit only when its name
//! does not already say it, as the renderer now does for every list.
//!
//! `cargo run --release -p xetkhen-pdf --example bench_list_layout [out-dir]` also writes
//! `before.pdf`, `after.pdf` and `varied-112.pdf` (a list like the ones units send) to `out-dir`.

use xetkhen_pdf::sample::{demo_list, varied_list};
use xetkhen_pdf::{render_list_with_layout, Column, ColumnKind, Group, Orientation};

/// The columns and widths of the list until issue 16.
fn old_columns() -> Vec<Column> {
    vec![
        Column::new(ColumnKind::Stt, "STT", 7.0),
        Column::new(ColumnKind::Name, "Họ và tên / Tên tập thể", 22.0),
        Column::new(ColumnKind::Position, "Chức vụ", 12.0),
        Column::new(ColumnKind::Unit, "Đơn vị", 18.0),
        Column::new(ColumnKind::Summary, "Thành tích (tóm tắt)", 22.0),
        Column::new(ColumnKind::Award, "Hình thức khen thưởng", 15.0),
        Column::new(ColumnKind::Note, "Ghi chú", 8.0),
    ]
}

/// Puts the award cell back into every row, before the note.
fn with_award(groups: &mut [Group], at: usize) {
    for g in groups {
        for r in &mut g.rows {
            r.cells
                .insert(at, "Bằng khen của UBND Thành phố".to_string());
        }
        with_award(&mut g.subgroups, at);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = std::env::args().nth(1).map(std::path::PathBuf::from);

    let after_doc = demo_list(300, 700);
    let mut before_doc = after_doc.clone();
    before_doc.orientation = Orientation::Portrait;
    before_doc.columns = old_columns();
    let at = before_doc
        .columns
        .iter()
        .position(|c| c.kind == ColumnKind::Award)
        .ok_or("no award column")?;
    with_award(&mut before_doc.groups, at);

    let before = render_list_with_layout(&before_doc)?;
    let after = render_list_with_layout(&after_doc)?;
    let varied = render_list_with_layout(&varied_list(40, 72))?;
    println!(
        "1000 rows before: {} pages, {} bytes",
        before.pages,
        before.bytes.len()
    );
    println!(
        "1000 rows after:  {} pages, {} bytes",
        after.pages,
        after.bytes.len()
    );
    println!(
        "after / before: pages {:.2}, bytes {:.2}",
        after.pages as f64 / before.pages as f64,
        after.bytes.len() as f64 / before.bytes.len() as f64
    );
    println!(
        "varied 112 rows: {} pages, {} bytes",
        varied.pages,
        varied.bytes.len()
    );
    if let Some(dir) = out_dir {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("before.pdf"), &before.bytes)?;
        std::fs::write(dir.join("after.pdf"), &after.bytes)?;
        std::fs::write(dir.join("varied-112.pdf"), &varied.bytes)?;
    }
    Ok(())
}
