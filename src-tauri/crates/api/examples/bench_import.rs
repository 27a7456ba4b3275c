//! Issue figures for import and search, measured in one run each against a baseline:
//! - importing a generated 10,000-row workbook into a fresh store (read, check, store, index),
//!   against merely reading the same workbook with calamine;
//! - the median time of searches over 100,000 nominations, against listing the round unfiltered
//!   with a limit of 50 (the cheapest query the store answers), and the store's size.
//!
//! Wall-clock and CPU times are both printed: on a machine shared with other work the CPU time
//! is the steadier figure. `BENCH_IMPORT_ONLY=1` skips the search part.
//!
//! Run: `cargo run --release -p xetkhen-api --example bench_import`

mod common;

use calamine::{open_workbook_auto, Reader};
use common::{median, peak_rss_kib, timed};
use std::time::{Duration, Instant};
use xetkhen_api::{Desk, ImportRequest, ListQuery, Passphrase};

const ROWS: u32 = 10_000;
const RUNS: u32 = 3;
const SEARCH_NOMINATIONS: u32 = 100_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let list = dir.path().join("10000-dong.xlsx");
    xetkhen_import::write_generated_list(&list, ROWS)?;
    let rss_before = peak_rss_kib();

    // Best of RUNS for each, wall clock and CPU.
    let mut bare = (Duration::MAX, Duration::MAX);
    let mut full = (Duration::MAX, Duration::MAX);
    let mut parse = (Duration::MAX, Duration::MAX);
    let mut encrypted = (Duration::MAX, Duration::MAX);
    let key = Passphrase::new("Ban Thi đua - Khen thưởng Thành phố 2025").ok_or("empty")?;
    let best = |b: &mut (Duration, Duration), wall: Duration, cpu: Duration| {
        *b = (b.0.min(wall), b.1.min(cpu));
    };
    let rubric = xetkhen_core::Rubric::plan_2242();
    for run in 0..RUNS {
        let (cells, wall, cpu) = timed(|| -> Result<usize, Box<dyn std::error::Error>> {
            let mut wb = open_workbook_auto(&list)?;
            let first = wb.sheet_names().first().cloned().unwrap_or_default();
            let range = wb.worksheet_range(&first)?;
            Ok(range.cells().count())
        });
        std::hint::black_box(cells?);
        best(&mut bare, wall, cpu);

        let (parsed, wall, cpu) = timed(|| {
            xetkhen_import::parse_file(
                &list,
                &rubric,
                xetkhen_core::RoundKind::TongKet,
                &Default::default(),
            )
        });
        std::hint::black_box(parsed?.rows.len());
        best(&mut parse, wall, cpu);

        let mut desk = Desk::open(&dir.path().join(format!("store-{run}.db")), "bench")?;
        let (report, wall, cpu) = timed(|| {
            desk.import(&ImportRequest {
                files: vec![list.display().to_string()],
                ..ImportRequest::default()
            })
        });
        best(&mut full, wall, cpu);
        let report = report?;
        assert_eq!(report.imported, ROWS, "{:?}", report.problems.first());

        // The app's store is encrypted (SQLCipher): the same import into one.
        let path = dir.path().join(format!("encrypted-{run}.db"));
        let mut desk = Desk::open_encrypted(&path, "bench", Some(&key))?;
        let (report, wall, cpu) = timed(|| {
            desk.import(&ImportRequest {
                files: vec![list.display().to_string()],
                ..ImportRequest::default()
            })
        });
        best(&mut encrypted, wall, cpu);
        assert_eq!(report?.imported, ROWS);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    println!(
        "import of {ROWS} rows (read, check, snapshot, store, index): {:.0} ms wall, {:.0} ms CPU (best of {RUNS})",
        ms(full.0),
        ms(full.1)
    );
    println!(
        "calamine reading the same workbook: {:.0} ms wall, {:.0} ms CPU",
        ms(bare.0),
        ms(bare.1)
    );
    println!(
        "of the import, reading and checking alone (parse_file): {:.0} ms wall, {:.0} ms CPU",
        ms(parse.0),
        ms(parse.1)
    );
    println!(
        "ratio import / bare read: {:.1}x wall, {:.1}x CPU",
        ratio(full.0, bare.0),
        ratio(full.1, bare.1)
    );
    println!(
        "the same import into an encrypted store: {:.0} ms wall, {:.0} ms CPU; ratio to the bare read {:.1}x wall, {:.1}x CPU",
        ms(encrypted.0),
        ms(encrypted.1),
        ratio(encrypted.0, bare.0),
        ratio(encrypted.1, bare.1)
    );
    println!(
        "peak resident memory: {} MiB (before the imports: {} MiB)",
        peak_rss_kib() / 1024,
        rss_before / 1024
    );
    if std::env::var_os("BENCH_IMPORT_ONLY").is_some() {
        return Ok(());
    }

    let db = dir.path().join("search.db");
    let mut desk = Desk::open(&db, "bench")?;
    let round = desk.load_demo()?.round.id;
    desk.generate_nominations(&round, SEARCH_NOMINATIONS)?;
    let queries = [
        "nguyen van duc",
        "TRẦN THỊ",
        "phuong ben thanh",
        "079000",
        "đức",
        "le minh",
        "hoai son",
        "quan",
    ];
    let mut searches = Vec::new();
    let mut baseline = Vec::new();
    for _ in 0..25 {
        for q in queries {
            let t = Instant::now();
            let found = desk.list_nominations(&ListQuery {
                round: round.clone(),
                query: Some(q.into()),
                ..ListQuery::default()
            })?;
            std::hint::black_box(found.total);
            searches.push(t.elapsed());
        }
        let t = Instant::now();
        let top = desk
            .store()
            .find_nominations(&xetkhen_store::NominationQuery {
                round_id: Some(&round),
                limit: Some(50),
                ..Default::default()
            })?;
        std::hint::black_box(top.len());
        baseline.push(t.elapsed());
    }
    let size = std::fs::metadata(&db)?.len()
        + std::fs::metadata(db.with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    let (m, b) = (median(searches), median(baseline));
    println!(
        "search over {} nominations: median {:.1} ms per query (listing 50 rows: {:.1} ms; ratio {:.1}x); store {} MiB",
        SEARCH_NOMINATIONS + 30,
        m.as_secs_f64() * 1e3,
        b.as_secs_f64() * 1e3,
        m.as_secs_f64() / b.as_secs_f64(),
        size / (1024 * 1024)
    );
    Ok(())
}
