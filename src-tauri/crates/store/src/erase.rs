//! Closing a round, and erasing its personal data for good once its retention period has ended.
//!
//! Erasure removes the round's nominations (names, birth years, ID numbers, positions,
//! summaries), their search rows, the round's import batches (which hold what updated
//! nominations were before), the members' reviews of them, the files attached to them or to
//! those reviews (unless another round still uses a file), and the decision packets of the round.
//! The audit entries about those records keep their place in the chain but lose their detail; one
//! `round.erase` entry records how many records and entries went, without any of the erased data
//! (see `core::audit`). Then the freed pages are overwritten (`secure_delete`), the file is
//! rebuilt (`VACUUM`), the WAL emptied, and every automatic snapshot in `backups/`, which still
//! holds the data, removed; a fresh checked snapshot of the store after erasure replaces them.

use crate::{audit, backup, ts, Store, StoreError};
use chrono::NaiveDate;
use rusqlite::params;
use std::path::PathBuf;
use xetkhen_core::audit::{erased_digest, ERASE_ACTION};
use xetkhen_core::calendar::{self, day_vn};
use xetkhen_core::RoundStatus;

/// A round's place in its life after review: closed, kept, erased.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Retention {
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The last day the round's personal data must be kept; it may be erased from the day after.
    pub retain_until: Option<NaiveDate>,
    pub erased_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Retention {
    /// Whether [`Store::erase_round`] would erase a round of this `status` on `today`: it is
    /// closed, not yet erased, and its last day of retention is behind us.
    pub fn erasable(&self, status: RoundStatus, today: NaiveDate) -> bool {
        status == RoundStatus::Closed
            && self.erased_at.is_none()
            && self
                .retain_until
                .is_some_and(|d| calendar::retention_ended(d, today))
    }
}

/// What an erasure removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureReport {
    pub round_id: String,
    pub round_name: String,
    pub nominations: u64,
    pub reviews: u64,
    pub files: u64,
    pub packets: u64,
    /// Audit entries whose detail was blanked.
    pub audit_entries: u64,
    /// Automatic snapshots removed from `backups/`.
    pub backups_removed: Vec<PathBuf>,
    /// The checked snapshot made after the erasure (`None` for a store in memory).
    pub snapshot_after: Option<PathBuf>,
    /// What went wrong after the erasure was committed (rebuilding the file, removing a
    /// snapshot): the data is erased from the store, but this needs the user's attention.
    pub warnings: Vec<String>,
}

/// Today in Vietnam, the day retention periods are counted in: the one reading of the clock that
/// every "today" of the product comes from (`core::calendar` decides what the instant means).
pub fn today_in_vietnam() -> NaiveDate {
    calendar::vietnam_day(chrono::Utc::now())
}

impl Store {
    /// Closes an open round: nothing more is imported into it, and its personal data is kept
    /// until `retain_until` (inclusive), which cannot lie before `today`.
    pub fn close_round(
        &mut self,
        actor: &str,
        round_id: &str,
        retain_until: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        let summary = self.existing_round(round_id)?;
        if summary.round.status == RoundStatus::Closed {
            return Err(StoreError::Invalid(format!(
                "đợt xét «{}» đã kết thúc từ trước",
                summary.round.name
            )));
        }
        if retain_until < calendar::first_retention_day(today, None) {
            return Err(StoreError::Invalid(format!(
                "ngày hết hạn lưu giữ ({}) đã qua; hãy chọn từ hôm nay ({}) trở đi",
                day_vn(retain_until),
                day_vn(today)
            )));
        }
        let rubric_json = self.round_rubric(round_id)?.to_json();
        let mut closed = summary.round;
        closed.status = RoundStatus::Closed;
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE rounds SET status = 'closed', closed_at = ?2, retain_until = ?3 WHERE id = ?1",
            params![round_id, ts(chrono::Utc::now()), retain_until.to_string()],
        )?;
        audit::append(
            &tx,
            actor,
            "round.close",
            "round",
            round_id,
            &serde_json::json!({
                "retain_until": retain_until.to_string(),
                "after_hash": closed.content_hash(&rubric_json),
            }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps a closed round's personal data longer: `retain_until` must lie after the date set
    /// before (a shorter period would allow an earlier erasure, which closing the round ruled out)
    /// and not before `today`.
    pub fn extend_retention(
        &mut self,
        actor: &str,
        round_id: &str,
        retain_until: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        let summary = self.existing_round(round_id)?;
        let name = &summary.round.name;
        let before = match (&summary.retention.erased_at, summary.retention.retain_until) {
            (Some(_), _) => {
                return Err(StoreError::Invalid(format!(
                    "dữ liệu cá nhân của đợt xét «{name}» đã được xoá; không còn gì để lưu giữ"
                )))
            }
            (None, Some(d)) if summary.round.status == RoundStatus::Closed => d,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "đợt xét «{name}» chưa kết thúc: thời hạn lưu giữ được đặt khi kết thúc đợt"
                )))
            }
        };
        if retain_until <= before {
            return Err(StoreError::Invalid(format!(
                "thời hạn lưu giữ chỉ được kéo dài: hãy chọn một ngày sau {}",
                day_vn(before)
            )));
        }
        if retain_until < calendar::first_retention_day(today, Some(before)) {
            return Err(StoreError::Invalid(format!(
                "ngày hết hạn lưu giữ ({}) đã qua; hãy chọn từ hôm nay ({}) trở đi",
                day_vn(retain_until),
                day_vn(today)
            )));
        }
        let rubric_json = self.round_rubric(round_id)?.to_json();
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE rounds SET retain_until = ?2 WHERE id = ?1",
            params![round_id, retain_until.to_string()],
        )?;
        audit::append(
            &tx,
            actor,
            "round.retention",
            "round",
            round_id,
            &serde_json::json!({
                "changes": {"retain_until": {"before": before.to_string(), "after": retain_until.to_string()}},
                "after_hash": summary.round.content_hash(&rubric_json),
            }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Erases the personal data of a closed round whose retention period has ended (`today` is
    /// after its last day), as the module says. Refused, with nothing changed, for an open round,
    /// one still in its retention period, or one already erased.
    pub fn erase_round(
        &mut self,
        actor: &str,
        round_id: &str,
        today: NaiveDate,
    ) -> Result<ErasureReport, StoreError> {
        let summary = self.existing_round(round_id)?;
        let name = summary.round.name.clone();
        let kept = summary.retention;
        if kept.erased_at.is_some() {
            return Err(StoreError::Invalid(format!(
                "dữ liệu cá nhân của đợt xét «{name}» đã được xoá từ trước"
            )));
        }
        let until = match (summary.round.status, kept.retain_until) {
            (RoundStatus::Closed, Some(d)) => d,
            _ => {
                return Err(StoreError::Invalid(format!(
                    "đợt xét «{name}» chưa kết thúc: hãy kết thúc đợt và đặt thời hạn lưu giữ trước khi xoá dữ liệu"
                )))
            }
        };
        if !calendar::retention_ended(until, today) {
            return Err(StoreError::Invalid(format!(
                "dữ liệu của đợt xét «{name}» phải được lưu giữ đến hết ngày {}; chỉ xoá được từ ngày hôm sau",
                day_vn(until)
            )));
        }
        let rubric_json = self.round_rubric(round_id)?.to_json();
        let round_hash = summary.round.content_hash(&rubric_json);

        // Pages freed from here on are overwritten with zeros, in the file and in the WAL.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let tx = self.write_tx()?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS erase_nominations (id TEXT PRIMARY KEY);
             CREATE TEMP TABLE IF NOT EXISTS erase_blobs (sha256 TEXT PRIMARY KEY);
             CREATE TEMP TABLE IF NOT EXISTS erase_packets (hash TEXT PRIMARY KEY);
             CREATE TEMP TABLE IF NOT EXISTS erase_batches (id TEXT PRIMARY KEY);
             DELETE FROM erase_nominations; DELETE FROM erase_blobs; DELETE FROM erase_packets;
             DELETE FROM erase_batches;",
        )?;
        let nominations = tx.execute(
            "INSERT INTO erase_nominations SELECT id FROM nominations WHERE round_id = ?1",
            [round_id],
        )?;
        // Nominations an undone import created and took back are gone from the table, but
        // their audit entries still name them: they are blanked with the others.
        tx.execute(
            "INSERT OR IGNORE INTO erase_nominations
               SELECT r.nomination_id FROM import_batch_rows r
               JOIN import_batches b ON b.id = r.batch_id WHERE b.round_id = ?1",
            [round_id],
        )?;
        {
            let batches: Vec<String> = {
                let mut st = tx.prepare(
                    "SELECT id FROM import_batches WHERE round_id = ?1 AND created_rows IS NOT NULL",
                )?;
                let v = st
                    .query_map([round_id], |r| r.get(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                v
            };
            let mut insert =
                tx.prepare("INSERT OR IGNORE INTO erase_nominations (id) VALUES (?1)")?;
            for batch in batches {
                for (id, _, _) in crate::batches::batch_rows(&tx, &batch)?.unwrap_or_default() {
                    insert.execute([id])?;
                }
            }
        }
        // A batch's audit entry commits to the rows it wrote, which go with it: the entry is
        // blanked with the others, as the erasure records, so that `audit verify` does not ask
        // for them.
        tx.execute(
            "INSERT INTO erase_batches SELECT id FROM import_batches WHERE round_id = ?1",
            [round_id],
        )?;
        // The import batches hold what updated nominations were before: personal data too.
        tx.execute(
            "DELETE FROM import_batch_rows
               WHERE batch_id IN (SELECT id FROM import_batches WHERE round_id = ?1)",
            [round_id],
        )?;
        tx.execute("DELETE FROM import_batches WHERE round_id = ?1", [round_id])?;
        tx.execute(
            "INSERT INTO erase_packets SELECT hash FROM packets WHERE round_id = ?1",
            [round_id],
        )?;
        // Files attached to the round's nominations or named by its reviews: candidates, removed
        // below only when nothing outside the round still uses them.
        tx.execute(
            "INSERT OR IGNORE INTO erase_blobs
               SELECT f.sha256 FROM nomination_files f JOIN erase_nominations e ON e.id = f.nomination_id
               UNION
               SELECT b.sha256 FROM blobs b WHERE EXISTS (
                 SELECT 1 FROM reviews r JOIN erase_nominations e ON e.id = r.nomination_id
                 WHERE instr(r.body_json, b.sha256) > 0)",
            [],
        )?;
        let reviews = tx.execute(
            "DELETE FROM reviews WHERE nomination_id IN (SELECT id FROM erase_nominations)",
            [],
        )?;
        tx.execute(
            "DELETE FROM nomination_files WHERE nomination_id IN (SELECT id FROM erase_nominations)",
            [],
        )?;
        tx.execute(
            "DELETE FROM erase_blobs WHERE sha256 IN (SELECT sha256 FROM nomination_files)
               OR EXISTS (SELECT 1 FROM reviews r WHERE instr(r.body_json, erase_blobs.sha256) > 0)",
            [],
        )?;
        let files = tx.execute(
            "DELETE FROM blobs WHERE sha256 IN (SELECT sha256 FROM erase_blobs)",
            [],
        )?;
        let packets = tx.execute("DELETE FROM packets WHERE round_id = ?1", [round_id])?;
        tx.execute(
            "DELETE FROM nomination_search
               WHERE rowid IN (SELECT seq FROM nominations WHERE round_id = ?1)",
            [round_id],
        )?;
        tx.execute("DELETE FROM nominations WHERE round_id = ?1", [round_id])?;
        // FTS5 deletes by adding tombstones beside the old terms; merging every segment into one
        // drops the terms themselves.
        tx.execute(
            "INSERT INTO nomination_search (nomination_search) VALUES ('optimize')",
            [],
        )?;

        // The entries about what went: a nomination, a review or file of one ("<nomination>/…"),
        // a removed file, a packet of the round.
        let blanked: Vec<i64> = {
            let mut st = tx.prepare(
                "SELECT seq FROM audit_log a WHERE a.erased_by IS NULL AND (
                   (a.entity = 'nomination' AND a.entity_id IN (SELECT id FROM erase_nominations))
                   OR (a.entity IN ('review', 'nomination-file') AND instr(a.entity_id, '/') > 0
                       AND substr(a.entity_id, 1, instr(a.entity_id, '/') - 1) IN (SELECT id FROM erase_nominations))
                   OR (a.entity = 'blob' AND a.entity_id IN (SELECT sha256 FROM erase_blobs))
                   OR (a.entity = 'packet' AND a.entity_id IN (SELECT hash FROM erase_packets))
                   OR (a.entity = 'import-batch' AND a.entity_id IN (SELECT id FROM erase_batches)))
                 ORDER BY seq",
            )?;
            let v = st
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?;
            v
        };
        let erasure = audit::append(
            &tx,
            actor,
            ERASE_ACTION,
            "round",
            round_id,
            &serde_json::json!({
                "retain_until": until.to_string(),
                "nominations": nominations,
                "reviews": reviews,
                "files": files,
                "packets": packets,
                "erased_entries": blanked.len(),
                "erased_entries_sha256": erased_digest(&blanked),
                "after_hash": round_hash,
            }),
        )?;
        {
            let mut blank =
                tx.prepare("UPDATE audit_log SET detail = '', erased_by = ?2 WHERE seq = ?1")?;
            for seq in &blanked {
                blank.execute(params![seq, erasure])?;
            }
        }
        tx.execute(
            "UPDATE rounds SET erased_at = ?2 WHERE id = ?1",
            params![round_id, ts(chrono::Utc::now())],
        )?;
        tx.execute_batch(
            "DROP TABLE erase_nominations; DROP TABLE erase_blobs; DROP TABLE erase_packets;
             DROP TABLE erase_batches;",
        )?;
        tx.commit()?;

        // The data is gone from the live tables; now from the file, the WAL and the copies. A
        // failure here leaves the erasure made (and the freed pages zeroed): it is reported, not
        // undone.
        let mut warnings = Vec::new();
        let rebuilt = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .and_then(|()| self.conn.execute_batch("VACUUM"))
            .and_then(|()| {
                self.conn
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            });
        if let Err(e) = rebuilt {
            warnings.push(format!(
                "chưa dựng lại được tệp kho sau khi xoá ({}); hãy giải phóng dung lượng đĩa rồi xoá lại để hoàn tất",
                StoreError::from(e)
            ));
        }
        let _ = self.conn.pragma_update(None, "secure_delete", "OFF");
        let mut backups_removed = Vec::new();
        let mut snapshot_after = None;
        if let Some(path) = self.path.clone() {
            match backup::remove_backup_copies(&path) {
                Ok(removed) => backups_removed = removed,
                Err(e) => warnings.push(format!("chưa xoá hết các bản sao tự động: {e}")),
            }
            match self.named_snapshot("after-erase") {
                Ok(p) => snapshot_after = p,
                Err(e) => warnings.push(format!("chưa tạo được bản sao sau khi xoá: {e}")),
            }
        }
        Ok(ErasureReport {
            round_id: round_id.to_string(),
            round_name: name,
            nominations: nominations as u64,
            reviews: reviews as u64,
            files: files as u64,
            packets: packets as u64,
            audit_entries: blanked.len() as u64,
            backups_removed,
            snapshot_after,
            warnings,
        })
    }
}
