use super::*;
use xetkhen_core::{Round, RoundKind, Rubric};

fn round(id: &str, name: &str) -> Round {
    Round::open(id, name, RoundKind::TongKet, chrono::Utc::now())
}

fn store_with(dir: &Path, rounds: &[(&str, &str)]) -> Store {
    let mut s = Store::open(&dir.join("xetkhen.db")).unwrap();
    for (id, name) in rounds {
        s.create_round("Thư ký", &round(id, name), &Rubric::plan_2242())
            .unwrap();
    }
    s
}

fn round_names(s: &Store) -> Vec<String> {
    s.rounds()
        .unwrap()
        .into_iter()
        .map(|r| r.round.name)
        .collect()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Overwrites part of the second page, where the schema's first table lives.
fn damage(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 3 * page, "a store of several pages");
    for b in &mut bytes[page + 8..page + 400] {
        *b = 0x5A;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_snapshot_is_checked_and_appears_only_whole() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_with(dir.path(), &[("r1", "Sơ kết 2023")]);
    let dest = dir.path().join("copies/sao-luu.db");
    let facts = s.snapshot(&dest).unwrap();
    assert_eq!(facts.rounds, 1);
    assert_eq!(facts.schema_version, migrate::latest());
    assert_eq!(listing(&dir.path().join("copies")), ["sao-luu.db"]);
    assert_eq!(check_store_file(&dest).unwrap(), facts);
    let again = s.snapshot(&dest).unwrap_err();
    assert!(again.to_string().contains("không ghi đè"), "{again}");
}

#[test]
fn files_that_are_not_a_sound_store_of_ours_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_with(dir.path(), &[("r1", "Sơ kết 2023")]);

    let text = dir.path().join("ghi-chu.db");
    std::fs::write(
        &text,
        "Danh sách đề nghị khen thưởng, không phải kho dữ liệu".repeat(200),
    )
    .unwrap();
    let e = check_store_file(&text).unwrap_err();
    assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
    assert!(
        e.to_string().contains("không phải là kho dữ liệu Xét Khen"),
        "{e}"
    );

    let other = dir.path().join("khac.db");
    let c = Connection::open(&other).unwrap();
    c.execute_batch(
        "CREATE TABLE contacts (name TEXT); PRAGMA application_id = 1234; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(c);
    let e = check_store_file(&other).unwrap_err();
    assert!(e.to_string().contains("chương trình khác"), "{e}");

    let bare = dir.path().join("trong.db");
    let c = Connection::open(&bare).unwrap();
    c.execute_batch("CREATE TABLE rounds (id TEXT); PRAGMA user_version = 1;")
        .unwrap();
    drop(c);
    let e = check_store_file(&bare).unwrap_err();
    assert!(e.to_string().contains("thiếu bảng «nominations»"), "{e}");

    let newer = dir.path().join("moi.db");
    s.snapshot(&newer).unwrap();
    let c = Connection::open(&newer).unwrap();
    c.pragma_update(None, "user_version", migrate::latest() + 1)
        .unwrap();
    drop(c);
    assert!(matches!(
        check_store_file(&newer).unwrap_err(),
        StoreError::TooNew { .. }
    ));

    let broken = dir.path().join("hong.db");
    s.snapshot(&broken).unwrap();
    damage(&broken);
    let e = check_store_file(&broken).unwrap_err();
    assert!(
        matches!(e, StoreError::Corrupt(_) | StoreError::NotAStore { .. }),
        "{e}"
    );

    let missing = check_store_file(&dir.path().join("khong-co.db")).unwrap_err();
    assert!(
        missing.to_string().contains("không có tệp này"),
        "{missing}"
    );
}

#[test]
fn automatic_snapshots_take_at_most_twice_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_with(dir.path(), &[("r1", "Tổng kết 2025")]);
    let restore = s.auto_snapshot("restore").unwrap().unwrap();
    let mut made = Vec::new();
    for v in 0..6 {
        made.push(s.auto_snapshot(&format!("v{v}")).unwrap().unwrap());
    }
    let backups = dir.path().join("backups");
    let total: u64 = listing(&backups)
        .iter()
        .map(|n| std::fs::metadata(backups.join(n)).unwrap().len())
        .sum();
    // The store on disk: its file and its write-ahead log.
    let size = std::fs::metadata(dir.path().join("xetkhen.db"))
        .unwrap()
        .len()
        + std::fs::metadata(dir.path().join("xetkhen.db-wal")).map_or(0, |m| m.len());
    assert!(
        total <= AUTO_COPIES_BUDGET * size,
        "{total} bytes of copies for a store of {size}: {:?}",
        listing(&backups)
    );
    let newest = made.last().unwrap();
    assert!(newest.exists(), "the copy just made stays");
    assert!(!restore.exists(), "the oldest go first");
    assert!(!made[0].exists(), "the oldest go first");
    assert!(listing(&backups).iter().all(|n| !n.contains("partial")));
}

#[test]
fn a_daily_copy_is_taken_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_with(dir.path(), &[("r1", "Tổng kết 2025")]);
    let first = s.daily_snapshot().unwrap();
    assert!(first.as_ref().is_some_and(|p| p.exists()), "{first:?}");
    assert_eq!(s.daily_snapshot().unwrap(), None, "not twice in a day");
    // A copy made more than a day ago (its name says when) does not stand for today.
    let backups = dir.path().join("backups");
    let old = (chrono::Utc::now() - chrono::Duration::hours(DAILY_HOURS + 1)).format(STAMP);
    std::fs::rename(
        first.unwrap(),
        backups.join(format!("xetkhen-daily-{old}.db")),
    )
    .unwrap();
    assert!(
        s.daily_snapshot().unwrap().is_some(),
        "a new day, a new copy"
    );
}

#[test]
fn restore_replaces_the_store_after_copying_it_aside() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with(dir.path(), &[("r1", "Sơ kết 2023")]);
    let backup = dir.path().join("sao-luu.db");
    s.snapshot(&backup).unwrap();
    s.create_round(
        "Thư ký",
        &round("r2", "Tổng kết 2025"),
        &Rubric::plan_2242(),
    )
    .unwrap();
    let (safety, facts) = s.restore_from(&backup, None).unwrap();
    assert_eq!(facts.rounds, 1);
    assert_eq!(round_names(&s), ["Sơ kết 2023"]);
    assert_eq!(
        check_store_file(&safety).unwrap().rounds,
        2,
        "the store as it was"
    );
    assert!(s.audit_verify().unwrap().broken.is_none());
    // Writing goes on in the restored store, which is back in WAL mode.
    s.create_round(
        "Thư ký",
        &round("r3", "Hằng năm 2024"),
        &Rubric::plan_2242(),
    )
    .unwrap();
    let mode: String = s
        .raw_connection_for_tests()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(s);
    let s = Store::open(&dir.path().join("xetkhen.db")).unwrap();
    assert_eq!(round_names(&s).len(), 2);
    assert!(listing(dir.path()).iter().all(|n| !n.contains("partial")));
}

#[test]
fn restore_refuses_a_damaged_or_foreign_file_and_keeps_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with(
        dir.path(),
        &[("r1", "Sơ kết 2023"), ("r2", "Tổng kết 2025")],
    );
    let broken = dir.path().join("hong.db");
    s.snapshot(&broken).unwrap();
    damage(&broken);
    let text = dir.path().join("ghi-chu.txt");
    std::fs::write(&text, "không phải kho").unwrap();
    let before = std::fs::read(dir.path().join("xetkhen.db")).unwrap();
    for bad in [&broken, &text] {
        assert!(s.restore_from(bad, None).is_err(), "{}", bad.display());
        assert_eq!(round_names(&s).len(), 2);
    }
    assert!(
        std::fs::read(dir.path().join("xetkhen.db")).unwrap() == before,
        "the store file is unchanged"
    );
    assert!(
        !dir.path().join("backups").exists(),
        "nothing copied for a refused file"
    );
}

#[test]
fn restore_is_refused_while_another_connection_has_the_store_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with(dir.path(), &[("r1", "Sơ kết 2023")]);
    let backup = dir.path().join("sao-luu.db");
    s.snapshot(&backup).unwrap();
    s.create_round(
        "Thư ký",
        &round("r2", "Tổng kết 2025"),
        &Rubric::plan_2242(),
    )
    .unwrap();
    let other = Store::open(&dir.path().join("xetkhen.db")).unwrap();
    let e = s.restore_from(&backup, None).unwrap_err();
    assert!(matches!(e, StoreError::InUse), "{e}");
    assert_eq!(round_names(&s).len(), 2);
    assert_eq!(round_names(&other).len(), 2);
    drop(other);
    s.create_round(
        "Thư ký",
        &round("r3", "Hằng năm 2024"),
        &Rubric::plan_2242(),
    )
    .unwrap();
    s.restore_from(&backup, None).unwrap();
    assert_eq!(round_names(&s), ["Sơ kết 2023"]);
}

#[test]
fn opening_a_database_of_another_program_writes_nothing_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("danh-ba.db");
    let c = Connection::open(&other).unwrap();
    c.execute_batch("CREATE TABLE contacts (name TEXT);")
        .unwrap();
    drop(c);
    let before = std::fs::read(&other).unwrap();
    let e = Store::open(&other).unwrap_err();
    assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
    assert!(
        std::fs::read(&other).unwrap() == before,
        "the file is unchanged"
    );
}

#[test]
fn a_new_store_carries_the_application_id() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_with(dir.path(), &[]);
    let id: i32 = s
        .raw_connection_for_tests()
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
}
