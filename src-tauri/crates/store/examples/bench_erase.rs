//! The cost of erasing a round's personal data, against the cheapest whole-file operation the
//! store has: a checked snapshot of the same store, made in the same run.
//!
//! An encrypted store holds two rounds of 10,000 nominations each; one round is closed and erased
//! (delete with `secure_delete`, blank the audit details, FTS merge, `VACUUM`, snapshots removed
//! and a fresh one made).
//!
//! Run: `cargo run --release -p xetkhen-store --example bench_erase`

use chrono::{Days, Utc};
use std::time::Instant;
use xetkhen_core::{AwardForm, Metrics, Nomination, NomineeKind, Round, RoundKind, Rubric};
use xetkhen_store::{Passphrase, Store};

const PER_ROUND: u32 = 10_000;
const ACTOR: &str = "Thư ký Ban Thi đua";

fn round(id: &str, name: &str) -> Round {
    Round::open(id, name, RoundKind::TongKet, Utc::now())
}

fn person(round_id: &str, i: u32) -> Nomination {
    Nomination {
        id: format!("{round_id}-{i}"),
        round_id: round_id.into(),
        kind: NomineeKind::Individual,
        criteria_set: "2.4".into(),
        name: format!("Nguyễn Thị Bích Ngọc {i}"),
        position: Some("Chuyên viên".into()),
        birth_year: Some(1980 + (i % 30) as i32),
        id_number: Some(format!("0791{i:08}")),
        unit: format!("Ủy ban nhân dân Phường {}", i % 168),
        nominating_unit: None,
        award: AwardForm::GiayKhen,
        summary: Some("Sáng kiến số hoá hồ sơ một cửa".into()),
        metrics: Metrics::default(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("xetkhen.db");
    let key = Passphrase::new("mật khẩu đo đạc của Ban Thi đua").ok_or("passphrase")?;
    let mut s = Store::open_encrypted(&path, Some(&key))?;
    for (id, name) in [("r-old", "Sơ kết 2023"), ("r-new", "Tổng kết 2025")] {
        s.create_round(ACTOR, &round(id, name), &Rubric::plan_2242())?;
        let batch: Vec<Nomination> = (0..PER_ROUND).map(|i| person(id, i)).collect();
        s.auto_snapshot("import")?;
        s.write_nominations(ACTOR, "danh-sach.xlsx", &batch)?;
    }
    let size_before = std::fs::metadata(&path)?.len();

    let t = Instant::now();
    s.snapshot(&dir.path().join("baseline.db"))?;
    let baseline = t.elapsed();

    let today = Utc::now().date_naive();
    s.close_round(ACTOR, "r-old", today, today)?;
    let t = Instant::now();
    let report = s.erase_round(ACTOR, "r-old", today + Days::new(1))?;
    let erase = t.elapsed();
    let verified = s.audit_verify()?;
    assert!(verified.broken.is_none() && verified.tampered.is_empty());

    println!(
        "store of 2 × {PER_ROUND} nominations, encrypted: {:.1} MB before, {:.1} MB after",
        size_before as f64 / 1e6,
        std::fs::metadata(&path)?.len() as f64 / 1e6
    );
    println!(
        "erasure of one round ({} nominations, {} audit entries blanked, {} snapshots removed): {} ms",
        report.nominations,
        report.audit_entries,
        report.backups_removed.len(),
        erase.as_millis()
    );
    println!(
        "baseline, a checked snapshot of the store: {} ms",
        baseline.as_millis()
    );
    println!(
        "ratio: {:.2}×",
        erase.as_secs_f64() / baseline.as_secs_f64()
    );
    Ok(())
}
