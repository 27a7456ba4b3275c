//! Issue figures for import and search, measured in one run each against a baseline:
//! - importing a generated 10,000-row workbook into a fresh store (read, check, store, index),
//!   against merely reading the same workbook with calamine;
//! - the median time of searches over 100,000 nominations, against listing the round unfiltered
//!   with a limit of 50 (the cheapest query the store answers), and the store's size.
//!
//! Run: `cargo run --release -p xetkhen-api --example bench_import`

use calamine::{open_workbook_auto, Reader};
use std::time::{Duration, Instant};
use xetkhen_api::{Desk, ImportRequest, ListQuery};

const ROWS: u32 = 10_000;
const RUNS: u32 = 3;
const SEARCH_NOMINATIONS: u32 = 100_000;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let list = dir.path().join("10000-dong.xlsx");
    xetkhen_import::write_generated_list(&list, ROWS)?;
    let rss_before = peak_rss_kib();

    let mut bare = Duration::MAX;
    let mut full = Duration::MAX;
    let mut parse = Duration::MAX;
    let rubric = xetkhen_core::Rubric::plan_2242();
    for run in 0..RUNS {
        let t = Instant::now();
        let mut wb = open_workbook_auto(&list)?;
        let first = wb.sheet_names().first().cloned().unwrap_or_default();
        let range = wb.worksheet_range(&first)?;
        let cells = range.cells().count();
        std::hint::black_box(cells);
        bare = bare.min(t.elapsed());

        let t = Instant::now();
        let parsed = xetkhen_import::parse_file(
            &list,
            &rubric,
            xetkhen_core::RoundKind::TongKet,
            &Default::default(),
        )?;
        std::hint::black_box(parsed.rows.len());
        parse = parse.min(t.elapsed());

        let mut desk = Desk::open(&dir.path().join(format!("store-{run}.db")), "bench")?;
        let t = Instant::now();
        let report = desk.import(&ImportRequest {
            files: vec![list.display().to_string()],
            ..ImportRequest::default()
        })?;
        full = full.min(t.elapsed());
        assert_eq!(report.imported, ROWS, "{:?}", report.problems.first());
    }
    println!(
        "import of {ROWS} rows (read, check, snapshot, store, index): {:.0} ms (best of {RUNS})",
        full.as_secs_f64() * 1e3
    );
    println!(
        "calamine reading the same workbook: {:.0} ms",
        bare.as_secs_f64() * 1e3
    );
    println!(
        "of the import, reading and checking alone (parse_file): {:.0} ms",
        parse.as_secs_f64() * 1e3
    );
    println!(
        "ratio import / bare read: {:.1}x",
        full.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "peak resident memory: {} MiB (before the imports: {} MiB)",
        peak_rss_kib() / 1024,
        rss_before / 1024
    );

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
