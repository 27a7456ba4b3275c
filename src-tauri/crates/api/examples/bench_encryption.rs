//! What encryption at rest costs, each figure a ratio against the same work on a store kept in
//! clear, measured in the same run:
//! - opening a store of 10,000 nominations and reading its first page of the list (what the app
//!   does on start);
//! - importing a generated 10,000-row workbook into a fresh store.
//!
//! Run: `cargo run --release -p xetkhen-api --example bench_encryption`

mod common;

use common::best;
use std::path::Path;
use std::time::{Duration, Instant};
use xetkhen_api::{Desk, ImportRequest, ListQuery, Passphrase};

const ROWS: u32 = 10_000;
const RUNS: u32 = 5;

fn import(
    path: &Path,
    list: &Path,
    key: Option<&Passphrase>,
) -> Result<Duration, Box<dyn std::error::Error>> {
    let mut desk = Desk::open_encrypted(path, "bench", key)?;
    let t = Instant::now();
    let report = desk.import(&ImportRequest {
        files: vec![list.display().to_string()],
        ..ImportRequest::default()
    })?;
    let took = t.elapsed();
    assert_eq!(report.imported, ROWS, "{:?}", report.problems.first());
    Ok(took)
}

fn open_and_list(
    path: &Path,
    key: Option<&Passphrase>,
) -> Result<Duration, Box<dyn std::error::Error>> {
    let t = Instant::now();
    let desk = Desk::open_encrypted(path, "bench", key)?;
    let info = desk.app_info()?;
    let rounds = desk.list_rounds()?;
    let list = desk.list_nominations(&ListQuery {
        round: rounds[0].id.clone(),
        ..ListQuery::default()
    })?;
    let took = t.elapsed();
    assert_eq!(info.nomination_count, ROWS);
    std::hint::black_box(list.rows.len());
    Ok(took)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let list = dir.path().join("10000-dong.xlsx");
    xetkhen_import::write_generated_list(&list, ROWS)?;
    let key = Passphrase::new("Ban Thi đua - Khen thưởng Thành phố 2025").ok_or("empty")?;

    // Imports, alternating so that both meet the same machine.
    let (mut plain_imports, mut enc_imports) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        plain_imports.push(import(
            &dir.path().join(format!("plain-{run}.db")),
            &list,
            None,
        )?);
        enc_imports.push(import(
            &dir.path().join(format!("enc-{run}.db")),
            &list,
            Some(&key),
        )?);
    }
    // Opens of the stores just filled.
    let (mut plain_opens, mut enc_opens) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        plain_opens.push(open_and_list(&dir.path().join("plain-0.db"), None)?);
        enc_opens.push(open_and_list(&dir.path().join("enc-0.db"), Some(&key))?);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let (pi, ei) = (best(&plain_imports), best(&enc_imports));
    let (po, eo) = (best(&plain_opens), best(&enc_opens));
    println!("best of {RUNS} runs each");
    println!(
        "import of {ROWS} rows: in clear {:.0} ms, encrypted {:.0} ms, ratio {:.2}x",
        ms(pi),
        ms(ei),
        ei.as_secs_f64() / pi.as_secs_f64()
    );
    println!(
        "open a store of {ROWS} nominations and list them: in clear {:.1} ms, encrypted {:.1} ms, ratio {:.2}x",
        ms(po),
        ms(eo),
        eo.as_secs_f64() / po.as_secs_f64()
    );
    let size = |p: &str| {
        std::fs::metadata(dir.path().join(p))
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    };
    println!(
        "store size: in clear {} KiB, encrypted {} KiB",
        size("plain-0.db"),
        size("enc-0.db")
    );
    Ok(())
}
