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
//! - issue 16, costs that follow the work: a 150-row import into an empty store and into the
//!   store of 100,000 nominations (best of 5 each, every import undone before the next), the same
//!   with what every import did before (a full copy of the store, every nomination of the round
//!   read to look for duplicates), the undo itself, and the automatic copies in `backups/`
//!   against the store's size.
//!
//! Wall-clock and CPU times are both printed: on a machine shared with other work the CPU time
//! is the steadier figure. `BENCH_IMPORT_ONLY=1` skips the search queries; `BENCH_COSTS_ONLY=1`
//! measures issue 16's figures alone; `BENCH_IMPORT_10000_ONLY=1` stops after the 10,000-row
//! import and its baselines.
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
    if std::env::var_os("BENCH_COSTS_ONLY").is_some() {
        // Issue 16's figures alone: the store of 100,000 nominations, the small imports.
        let db = dir.path().join("search.db");
        let mut desk = Desk::open(&db, "bench")?;
        let round = desk.load_demo()?.round.id;
        desk.generate_nominations(&round, SEARCH_NOMINATIONS)?;
        drop(desk);
        return costs_follow_the_work(dir.path(), &db);
    }
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
        "ratio import / floor: {:.2}x wall, {:.2}x CPU (issue 16 goal: at most 1.5x)",
        ratio(full.0, floor.0),
        ratio(full.1, floor.1)
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
    if std::env::var_os("BENCH_IMPORT_10000_ONLY").is_some() {
        return Ok(());
    }
    let db = dir.path().join("search.db");
    let mut desk = Desk::open(&db, "bench")?;
    let round = desk.load_demo()?.round.id;
    desk.generate_nominations(&round, SEARCH_NOMINATIONS)?;
    if std::env::var_os("BENCH_IMPORT_ONLY").is_none() {
        search(desk, &db, &round)?;
    } else {
        drop(desk);
    }
    costs_follow_the_work(dir.path(), &db)
}

/// Searches over the 100,000 nominations against the cheapest listing, and the store's size.
fn search(desk: Desk, db: &std::path::Path, round: &str) -> Result<(), Box<dyn std::error::Error>> {
    let round = round.to_string();
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
    let size = std::fs::metadata(db)?.len()
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

/// Rows of the small list, and runs of each measure, for issue 16.
const SMALL_ROWS: u32 = 150;
const SMALL_RUNS: u32 = 5;

/// What importing the small list costs in one store.
struct SmallImport {
    /// Best of the runs, wall and CPU: the import as it is now (no copy within the day).
    now: (Duration, Duration),
    /// The first import of the day, which takes the daily copy.
    first_of_day: (Duration, Duration),
    /// Best of the runs with what each import did before: a full copy of the store first, and
    /// every nomination of the round read to look for duplicates.
    before: (Duration, Duration),
    /// Best undo of the import.
    undo: (Duration, Duration),
    /// The automatic copies in `backups/` after the runs, and the store's size, in bytes.
    copies: u64,
    store: u64,
}

fn small_imports(
    path: &std::path::Path,
    list: &std::path::Path,
) -> Result<SmallImport, Box<dyn std::error::Error>> {
    let mut desk = Desk::open(path, "bench")?;
    let req = ImportRequest {
        files: vec![list.display().to_string()],
        ..ImportRequest::default()
    };
    let best = |b: &mut (Duration, Duration), wall: Duration, cpu: Duration| {
        *b = (b.0.min(wall), b.1.min(cpu));
    };
    let backups = path.parent().unwrap_or(path).join("backups");
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut before = (Duration::MAX, Duration::MAX);
    for _ in 0..SMALL_RUNS {
        let (report, wall, cpu) = timed(|| -> Result<_, Box<dyn std::error::Error>> {
            desk.store().auto_snapshot("import")?;
            let round = desk.store().latest_open_round()?.map(|r| r.id);
            let all = desk
                .store()
                .find_nominations(&xetkhen_store::NominationQuery {
                    round_id: round.as_deref(),
                    ..Default::default()
                })?;
            std::hint::black_box(all.len());
            Ok(desk.import(&req)?)
        });
        best(&mut before, wall, cpu);
        let batch = report?.batch.ok_or("nothing imported")?;
        desk.undo_import(&batch)?;
        // The emulated copies go (the daily one stays, so later runs take none).
        for e in std::fs::read_dir(&backups)?.filter_map(Result::ok) {
            if e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{stem}-before-import-"))
            {
                std::fs::remove_file(e.path())?;
            }
        }
    }
    // Now the daily copy goes too: the next import is the day's first.
    for e in std::fs::read_dir(&backups)?.filter_map(Result::ok) {
        if e.file_name()
            .to_string_lossy()
            .starts_with(&format!("{stem}-"))
        {
            std::fs::remove_file(e.path())?;
        }
    }
    let (report, wall, cpu) = timed(|| desk.import(&req));
    let first_of_day = (wall, cpu);
    let report = report?;
    assert!(
        report.snapshot.is_some(),
        "the first import of the day takes the daily copy"
    );
    desk.undo_import(&report.batch.ok_or("nothing imported")?)?;
    let mut now = (Duration::MAX, Duration::MAX);
    let mut undo = (Duration::MAX, Duration::MAX);
    for _ in 0..SMALL_RUNS {
        let (report, wall, cpu) = timed(|| desk.import(&req));
        best(&mut now, wall, cpu);
        let report = report?;
        assert!(report.snapshot.is_none(), "one copy a day");
        assert!(
            report.imported + report.updated > 0,
            "{:?}",
            report.problems.first()
        );
        let batch = report.batch.ok_or("nothing imported")?;
        let (undone, wall, cpu) = timed(|| desk.undo_import(&batch));
        best(&mut undo, wall, cpu);
        undone?;
    }
    drop(desk);
    let mut copies = 0;
    for e in std::fs::read_dir(&backups)?.filter_map(Result::ok) {
        if e.file_name()
            .to_string_lossy()
            .starts_with(&format!("{stem}-"))
        {
            copies += e.metadata()?.len();
        }
    }
    let store = std::fs::metadata(path)?.len();
    Ok(SmallImport {
        now,
        first_of_day,
        before,
        undo,
        copies,
        store,
    })
}

/// Issue 16: a 150-row import into a store of 100,000 nominations against the same into an
/// empty store, before and after, and the automatic copies against the store's size.
fn costs_follow_the_work(
    dir: &std::path::Path,
    big: &std::path::Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let list = dir.join("150-dong.xlsx");
    xetkhen_import::write_generated_list(&list, SMALL_ROWS)?;
    let empty_dir = dir.join("empty");
    std::fs::create_dir_all(&empty_dir)?;
    let empty = small_imports(&empty_dir.join("empty.db"), &list)?;
    let full = small_imports(big, &list)?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    for (what, s) in [
        ("empty store", &empty),
        ("store of 100,000 nominations", &full),
    ] {
        println!(
            "150-row import into the {what}: {:.1} ms wall, {:.1} ms CPU (best of {SMALL_RUNS}); the day's first (daily copy) {:.1} ms wall; as before (a copy per import, the round read whole) {:.1} ms wall, {:.1} ms CPU; undo {:.1} ms wall",
            ms(s.now.0),
            ms(s.now.1),
            ms(s.first_of_day.0),
            ms(s.before.0),
            ms(s.before.1),
            ms(s.undo.0),
        );
    }
    println!(
        "ratio 100,000 / empty, 150-row import: before {:.1}x wall, {:.1}x CPU; after {:.1}x wall, {:.1}x CPU (goal: at most 2x)",
        ratio(full.before.0, empty.before.0),
        ratio(full.before.1, empty.before.1),
        ratio(full.now.0, empty.now.0),
        ratio(full.now.1, empty.now.1),
    );
    println!(
        "automatic copies beside the store of 100,000 nominations: {} MiB for a store of {} MiB ({:.2}x; goal: at most 2x; before: a copy per import, ten kept, about {:.0}x)",
        full.copies / (1024 * 1024),
        full.store / (1024 * 1024),
        full.copies as f64 / full.store.max(1) as f64,
        10.0 * full.copies as f64 / full.store.max(1) as f64,
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
