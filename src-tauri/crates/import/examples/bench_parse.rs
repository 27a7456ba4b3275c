//! Times `parse_file` on a generated 10,000-row workbook against merely reading the same
//! workbook with calamine, in one run, and prints the ratio.
//!
//! Run: `cargo run --release -p xetkhen-import --example bench_parse`

use calamine::{open_workbook, Reader, Xlsx};
use std::time::{Duration, Instant};
use xetkhen_core::{RoundKind, Rubric};
use xetkhen_import::{parse_file, ImportOptions};

const ROWS: u32 = 10_000;
const RUNS: u32 = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("xetkhen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("10000-dong.xlsx");
    xetkhen_import::write_generated_list(&path, ROWS)?;
    let size = std::fs::metadata(&path)?.len();

    let rubric = Rubric::plan_2242();
    let mut calamine_best = Duration::MAX;
    let mut parse_best = Duration::MAX;
    let mut rows = 0;
    let mut sheets_best = Duration::MAX;
    for _ in 0..RUNS {
        let t = Instant::now();
        std::hint::black_box(xetkhen_import::sheets(&path)?);
        sheets_best = sheets_best.min(t.elapsed());

        let t = Instant::now();
        let mut wb: Xlsx<_> = open_workbook(&path)?;
        let range = wb.worksheet_range("Sheet1")?;
        std::hint::black_box(range.get_size());
        calamine_best = calamine_best.min(t.elapsed());

        let t = Instant::now();
        let parsed = parse_file(
            &path,
            &rubric,
            RoundKind::TongKet,
            &ImportOptions::default(),
        )?;
        parse_best = parse_best.min(t.elapsed());
        rows = parsed.rows.len();
        assert!(parsed.problems.is_empty());
    }
    std::fs::remove_dir_all(&dir)?;
    println!("workbook: {ROWS} rows, {} KiB", size / 1024);
    println!(
        "calamine read only: {:.1} ms (best of {RUNS})",
        calamine_best.as_secs_f64() * 1e3
    );
    println!("parse_file (guard + read + header + values + checks): {:.1} ms (best of {RUNS}), {rows} rows", parse_best.as_secs_f64() * 1e3);
    println!(
        "of which sheets() (file read + safety checks + calamine open): {:.1} ms",
        sheets_best.as_secs_f64() * 1e3
    );
    println!(
        "ratio: {:.2}x",
        parse_best.as_secs_f64() / calamine_best.as_secs_f64()
    );
    Ok(())
}
