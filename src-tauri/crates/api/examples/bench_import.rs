//! Issue figures for import and search, measured in one run each against a baseline:
//! - importing a generated 10,000-row workbook into a fresh store (read, check, store, index),
//!   against merely reading the same workbook with calamine;
//! - the floor under any import into this store: the same rows, already read, checked, hashed
//!   and folded, inserted with plain SQL into the nominations table and the search index, with
//!   no audit entry and nothing else. An import cannot take less than this plus its reading;
//!   reading and writing on two cores at once, not less than the larger of the two;
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
    let mut floor = (Duration::MAX, Duration::MAX);
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
        let parsed = parsed?;
        best(&mut parse, wall, cpu);

        let prepared = prepare_rows(parsed);
        let store = xetkhen_store::Store::open(&dir.path().join(format!("floor-{run}.db")))?;
        let (written, wall, cpu) = timed(|| insert_plainly(&store, &prepared));
        std::hint::black_box(written?);
        best(&mut floor, wall, cpu);
        drop(store);

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
        "floor: the same rows, prepared, inserted with plain SQL into the table and the search index (no audit): {:.0} ms wall, {:.0} ms CPU; ratio to the bare read {:.1}x wall, {:.1}x CPU",
        ms(floor.0),
        ms(floor.1),
        ratio(floor.0, bare.0),
        ratio(floor.1, bare.1)
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
    // Closing the last connection folds the WAL back into the file, so the size is the store's own.
    drop(desk);
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

/// The rows of a parsed list as the store keeps them: each nomination with its content hash,
/// folded name and unit, and folded search text, all computed before any timing.
struct Prepared {
    nomination: xetkhen_core::Nomination,
    hash: String,
    name_folded: String,
    unit_folded: String,
    search: String,
}

const FLOOR_ROUND: &str = "6f1d2c3b-0a4e-4b8f-9c7d-5e6f7a8b9c0d";

fn prepare_rows(parsed: xetkhen_import::ParsedFile) -> Vec<Prepared> {
    let now = chrono::Utc::now();
    parsed
        .rows
        .into_iter()
        .map(|r| {
            let key = r.nomination.natural_key();
            let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, key.as_bytes()).to_string();
            let nomination = r.nomination.into_nomination(id, FLOOR_ROUND.into(), now);
            Prepared {
                hash: nomination.content_hash(),
                name_folded: xetkhen_core::text::fold(&nomination.name),
                unit_folded: xetkhen_core::text::fold(&nomination.unit),
                search: nomination.search_text(),
                nomination,
            }
        })
        .collect()
}

/// Inserts the prepared rows into a fresh store's nominations table (with its indexes) and search
/// index in one transaction: nothing read, checked, compared or audited.
fn insert_plainly(
    store: &xetkhen_store::Store,
    rows: &[Prepared],
) -> Result<usize, rusqlite::Error> {
    let c = store.raw_connection_for_tests();
    c.execute(
        "INSERT INTO rounds (id, name, campaign, kind, status, rubric_json, created_at)
         VALUES (?1, 'floor', '2242/KH-UBND', 'tong-ket', 'open', '{}', '2026-01-01T00:00:00.000Z')",
        [FLOOR_ROUND],
    )?;
    c.execute_batch("PRAGMA cache_size = -65536; BEGIN IMMEDIATE")?;
    {
        let mut row = c.prepare(
            "INSERT INTO nominations (id, round_id, kind, criteria_set, name, position, birth_year,
                 id_number, unit, nominating_unit, award, summary, online_records_pct, e_documents_pct,
                 socio_economic_reports_pct, lgsp_pct, auto_pass, auto_fail, auto_pending, eligible,
                 name_folded, unit_folded, content_hash, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0, 0, 0,
                 NULL, ?17, ?18, ?19, ?20, ?20)",
        )?;
        let mut terms =
            c.prepare("INSERT INTO nomination_search (rowid, folded) VALUES (?1, ?2)")?;
        let at = "2026-01-01T00:00:00.000Z";
        for p in rows {
            let n = &p.nomination;
            let h = |m| n.metrics.get(m).map(xetkhen_core::Percent::hundredths);
            row.execute(rusqlite::params![
                n.id,
                n.round_id,
                n.kind.code(),
                n.criteria_set,
                n.name,
                n.position,
                n.birth_year,
                n.id_number,
                n.unit,
                n.nominating_unit,
                n.award.code(),
                n.summary,
                h(xetkhen_core::Metric::OnlineRecordsPct),
                h(xetkhen_core::Metric::EDocumentsPct),
                h(xetkhen_core::Metric::SocioEconomicReportsPct),
                h(xetkhen_core::Metric::LgspPct),
                p.name_folded,
                p.unit_folded,
                p.hash,
                at,
            ])?;
            terms.execute(rusqlite::params![c.last_insert_rowid(), p.search])?;
        }
    }
    c.execute_batch("COMMIT")?;
    Ok(rows.len())
}
