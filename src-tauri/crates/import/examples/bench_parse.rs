//! Times `parse_file` on a generated 10,000-row workbook against merely reading the same
//! workbook with calamine, in one run, and prints the ratio.
//!
//! Run: `cargo run --release -p xetkhen-import --example bench_parse`

use calamine::{open_workbook, Reader, Xlsx};
use rust_xlsxwriter::Workbook;
use std::time::{Duration, Instant};
use xetkhen_core::{RoundKind, Rubric};
use xetkhen_import::{parse_file, ImportOptions};

const ROWS: u32 = 10_000;
const RUNS: u32 = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("xetkhen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("10000-dong.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG")?;
    let header = [
        "STT",
        "Họ và tên / Tên tập thể",
        "Tập thể/Cá nhân",
        "Tiêu chuẩn",
        "Chức vụ",
        "Năm sinh",
        "Số CCCD",
        "Đơn vị",
        "Hình thức khen thưởng",
        "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng (%)",
        "Tỷ lệ văn bản điện tử",
        "Thành tích (tóm tắt)",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(2, u16::try_from(c)?, *h)?;
    }
    for i in 0..ROWS {
        let r = i + 3;
        ws.write(r, 0, i + 1)?;
        if i % 2 == 0 {
            ws.write(r, 1, format!("Phường Số {i}"))?;
            ws.write(r, 2, "Tập thể")?;
            ws.write(r, 3, "2.2")?;
            ws.write(r, 9, 60.0 + f64::from(i % 40))?;
            ws.write(r, 10, "100%")?;
        } else {
            ws.write(r, 1, format!("Nguyễn Văn Thành {i}"))?;
            ws.write(r, 2, "Cá nhân")?;
            ws.write(r, 3, "2.4")?;
            ws.write(r, 4, "Chuyên viên")?;
            ws.write(r, 5, 1970 + i % 30)?;
            ws.write(r, 6, format!("079{:09}", i))?;
        }
        ws.write(r, 7, format!("UBND Phường Số {}", i % 168))?;
        ws.write(r, 8, "Bằng khen của UBND Thành phố")?;
        ws.write(
            r,
            11,
            "Triển khai hiệu quả mô hình chuyển đổi số tại địa phương, đơn vị.",
        )?;
    }
    wb.save(&path)?;
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
