//! Imports as batches that can be undone. Each import records the nominations it created and,
//! for those it changed, what they were before; undoing it deletes the ones it created and puts
//! the others back, in one transaction, audited. The cost is the size of the import.
//!
//! Undo is refused, whole, when the committee has already worked on what the import wrote: a
//! nomination reviewed by a member or given a file, changed since (by hand or by a later import
//! not undone), or the round closed. A committee expects a member's review never to vanish
//! because the secretariat took back a list; the refusal names the nominations so the user can
//! decide (undo the later import first, or correct the nominations one by one).

use crate::nominations::{finish, stored_of, COLUMNS};
use crate::{audit, parse_ts, ts, Store, StoreError};
use rusqlite::{params, OptionalExtension};
use xetkhen_core::Nomination;

/// One import as the store remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportBatch {
    pub id: String,
    pub round_id: String,
    pub source: String,
    pub actor: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub inserted: u32,
    pub updated: u32,
    pub undone_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What undoing an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoReport {
    pub batch: ImportBatch,
    /// Nominations the import created, now deleted.
    pub removed: u32,
    /// Nominations the import changed, now as they were before it.
    pub restored: u32,
}

/// How many nominations a refusal names before "and N more".
const NAMED: usize = 5;

pub(crate) fn insert_batch(
    tx: &rusqlite::Connection,
    id: &str,
    round_id: &str,
    source: &str,
    actor: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO import_batches (id, round_id, source, actor, created_at, inserted, updated)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0)",
        params![id, round_id, source, actor, ts(chrono::Utc::now())],
    )?;
    Ok(())
}

/// The format tag hashed first into a batch's digest of its rows.
const ROWS_FORMAT: &str = "xetkhen-import-rows-1";

/// What an import batch's audit entry records of the rows it wrote: the SHA-256 of each row's
/// nomination id and content hash after the import, length-prefixed, in the order of the ids
/// (byte order, as SQLite's BINARY collation and Rust's `str` order them). `audit verify`
/// recomputes it from the batch's rows ([`batch_rows`]), then checks every nomination against
/// its hash there.
pub(crate) fn rows_digest<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    let mut field = |f: &str| {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    };
    field(ROWS_FORMAT);
    for (id, hash) in rows {
        field(id);
        field(hash);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The nominations a batch created, as `import_batches.created_rows` keeps them: for each, in
/// the order they were written, the length of its id in bytes (two bytes, big-endian), the id,
/// and the content hash the import left it with (64 hexadecimal digits).
pub(crate) fn encode_created(rows: &[(String, String)]) -> Result<Vec<u8>, StoreError> {
    let mut out = Vec::with_capacity(rows.len() * 102);
    for (id, hash) in rows {
        let len = u16::try_from(id.len())
            .map_err(|_| StoreError::Invalid(format!("mã hồ sơ quá dài: «{id}»")))?;
        if hash.len() != HASH_HEX {
            return Err(StoreError::Invalid(format!("mã băm của hồ sơ «{id}»")));
        }
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(id.as_bytes());
        out.extend_from_slice(hash.as_bytes());
    }
    Ok(out)
}

/// The length of a content hash in hexadecimal digits.
const HASH_HEX: usize = 64;

/// The rows of [`encode_created`]; `None` when the value is not in that format (edited behind
/// the program's back).
pub(crate) fn decode_created(mut blob: &[u8]) -> Option<Vec<(String, String)>> {
    let mut rows = Vec::new();
    while !blob.is_empty() {
        let (len, rest) = blob.split_first_chunk::<2>()?;
        let len = usize::from(u16::from_be_bytes(*len));
        if rest.len() < len + HASH_HEX {
            return None;
        }
        let (id, rest) = rest.split_at(len);
        let (hash, rest) = rest.split_at(HASH_HEX);
        if !hash.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        rows.push((
            String::from_utf8(id.to_vec()).ok()?,
            String::from_utf8(hash.to_vec()).ok()?,
        ));
        blob = rest;
    }
    Some(rows)
}

/// The encoded form of one id as [`encode_created`] writes it, to find it in a batch's value.
pub(crate) fn created_id_bytes(id: &str) -> Vec<u8> {
    let len = u16::try_from(id.len()).unwrap_or(u16::MAX);
    let mut out = len.to_be_bytes().to_vec();
    out.extend_from_slice(id.as_bytes());
    out
}

/// Finishes a batch: its counts, the nominations it created (`created`, id and content hash, in
/// the order written) and its audit entry, or nothing at all when the import wrote nothing
/// (every row unchanged). The entry names the rows it wrote by their number and the digest of
/// their ids and content hashes (`created` and `changed`, the ones it updated), so that one
/// entry stands for every nomination the import created.
#[allow(clippy::too_many_arguments)]
pub(crate) fn close_batch(
    tx: &rusqlite::Connection,
    actor: &str,
    batch_id: &str,
    round_id: &str,
    source: &str,
    created: &[(String, String)],
    changed: &[(String, String)],
) -> Result<bool, StoreError> {
    let (inserted, updated) = (created.len(), changed.len());
    if inserted + updated == 0 {
        tx.execute("DELETE FROM import_batches WHERE id = ?1", [batch_id])?;
        return Ok(false);
    }
    tx.execute(
        "UPDATE import_batches SET inserted = ?2, updated = ?3, source = ?4, created_rows = ?5
         WHERE id = ?1",
        params![
            batch_id,
            i64::try_from(inserted).unwrap_or(i64::MAX),
            i64::try_from(updated).unwrap_or(i64::MAX),
            source,
            encode_created(created)?,
        ],
    )?;
    let mut written: Vec<(&str, &str)> = created
        .iter()
        .chain(changed)
        .map(|(id, h)| (id.as_str(), h.as_str()))
        .collect();
    written.sort_unstable();
    let digest = rows_digest(written.iter().copied());
    audit::append(
        tx,
        actor,
        "import.batch",
        "import-batch",
        batch_id,
        &serde_json::json!({
            "round_id": round_id,
            "source": source,
            "inserted": inserted,
            "updated": updated,
            "rows": written.len(),
            "rows_sha256": digest,
        }),
    )?;
    Ok(true)
}

/// A row of a batch: the nomination's id, what it was before (JSON) or `None` for one the batch
/// created, and its content hash after the import.
pub(crate) type BatchRow = (String, Option<String>, String);

/// Every row a batch recorded, as (nomination id, what it was before or `None` for one it
/// created, its content hash after the import): the ones in `import_batch_rows`, then the ones
/// in its `created_rows`. `None` when that value is not in its format.
pub(crate) fn batch_rows(
    tx: &rusqlite::Connection,
    batch_id: &str,
) -> Result<Option<Vec<BatchRow>>, StoreError> {
    let mut rows: Vec<BatchRow> = {
        let mut st = tx.prepare(
            "SELECT nomination_id, before_json, after_hash FROM import_batch_rows
             WHERE batch_id = ?1 ORDER BY rowid",
        )?;
        let v = st
            .query_map([batch_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        v
    };
    let blob: Option<Vec<u8>> = tx.query_row(
        "SELECT created_rows FROM import_batches WHERE id = ?1",
        [batch_id],
        |r| r.get(0),
    )?;
    if let Some(blob) = blob {
        let Some(created) = decode_created(&blob) else {
            return Ok(None);
        };
        rows.extend(created.into_iter().map(|(id, hash)| (id, None, hash)));
    }
    Ok(Some(rows))
}

const BATCH_COLUMNS: &str = "id, round_id, source, actor, created_at, inserted, updated, undone_at";

fn batch_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ImportBatch, String, Option<String>)> {
    Ok((
        ImportBatch {
            id: r.get(0)?,
            round_id: r.get(1)?,
            source: r.get(2)?,
            actor: r.get(3)?,
            created_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
            inserted: r.get(5)?,
            updated: r.get(6)?,
            undone_at: None,
        },
        r.get(4)?,
        r.get(7)?,
    ))
}

fn finish_batch(row: (ImportBatch, String, Option<String>)) -> Result<ImportBatch, StoreError> {
    let (mut b, created, undone) = row;
    b.created_at = parse_ts(&created)?;
    b.undone_at = undone.as_deref().map(parse_ts).transpose()?;
    Ok(b)
}

/// A nomination the undo cannot take back, and why, in words.
fn blocked(name: &str, why: &str) -> String {
    format!("«{name}» ({why})")
}

impl Store {
    /// The imports of a round (or of every round), newest first.
    pub fn import_batches(&self, round_id: Option<&str>) -> Result<Vec<ImportBatch>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {BATCH_COLUMNS} FROM import_batches
             WHERE ?1 IS NULL OR round_id = ?1 ORDER BY created_at DESC, rowid DESC"
        ))?;
        let rows = st.query_map([round_id], batch_of)?;
        rows.map(|r| finish_batch(r?)).collect()
    }

    /// Undoes an import: the nominations it created are deleted, the ones it changed put back as
    /// they were, each with its audit entry, and the batch marked undone, all in one
    /// transaction. Refused, with nothing changed, when the batch is unknown or already undone,
    /// its round closed, or any of its nominations reviewed, given a file, or changed since.
    pub fn undo_import(&mut self, actor: &str, batch_id: &str) -> Result<UndoReport, StoreError> {
        let tx = self.write_tx()?;
        let batch = tx
            .query_row(
                &format!("SELECT {BATCH_COLUMNS} FROM import_batches WHERE id = ?1"),
                [batch_id],
                batch_of,
            )
            .optional()?
            .map(finish_batch)
            .transpose()?
            .ok_or_else(|| StoreError::NotFound {
                what: "lần nhập",
                id: batch_id.to_string(),
            })?;
        if let Some(at) = batch.undone_at {
            return Err(StoreError::Invalid(format!(
                "lần nhập {batch_id} đã được hoàn tác lúc {}",
                at.with_timezone(&xetkhen_core::audit::vietnam_offset())
                    .format("%H:%M %d/%m/%Y")
            )));
        }
        let status: String = tx.query_row(
            "SELECT status FROM rounds WHERE id = ?1",
            [&batch.round_id],
            |r| r.get(0),
        )?;
        if status != "open" {
            return Err(StoreError::Invalid(format!(
                "đợt xét của lần nhập {batch_id} đã kết thúc; không hoàn tác được"
            )));
        }

        let rows = batch_rows(&tx, batch_id)?.ok_or_else(|| {
            StoreError::Corrupt(format!(
                "danh sách hồ sơ của lần nhập {batch_id} đã bị sửa ngoài chương trình"
            ))
        })?;

        // Every reason to refuse, gathered before anything is written.
        let mut refusals = Vec::new();
        let mut current = Vec::with_capacity(rows.len());
        {
            let mut select = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM nominations n WHERE n.id = ?1"
            ))?;
            let mut reviewed =
                tx.prepare_cached("SELECT count(*) FROM reviews WHERE nomination_id = ?1")?;
            let mut filed = tx
                .prepare_cached("SELECT count(*) FROM nomination_files WHERE nomination_id = ?1")?;
            let mut later = tx.prepare_cached(
                "SELECT b.id FROM import_batch_rows r JOIN import_batches b ON b.id = r.batch_id
                 WHERE r.nomination_id = ?1 AND b.id <> ?2 AND b.undone_at IS NULL
                   AND b.rowid > (SELECT rowid FROM import_batches WHERE id = ?2)
                 LIMIT 1",
            )?;
            for (id, _, after_hash) in &rows {
                let now = select
                    .query_row([id], stored_of)
                    .optional()?
                    .map(finish)
                    .transpose()?
                    .map(|s| s.nomination);
                let Some(now) = now else {
                    refusals.push(blocked(id, "không còn trong kho"));
                    current.push(None);
                    continue;
                };
                let reviews: i64 = reviewed.query_row([id], |r| r.get(0))?;
                let files: i64 = filed.query_row([id], |r| r.get(0))?;
                let newer: Option<String> = later
                    .query_row(params![id, batch_id], |r| r.get(0))
                    .optional()?;
                if reviews > 0 {
                    refusals.push(blocked(
                        &now.name,
                        &format!("đã có {reviews} phiếu đánh giá của thành viên"),
                    ));
                } else if files > 0 {
                    refusals.push(blocked(&now.name, "đã có tệp minh chứng đính kèm"));
                } else if let Some(newer) = newer {
                    refusals.push(blocked(
                        &now.name,
                        &format!("lần nhập sau {newer} đã ghi lại; hãy hoàn tác lần đó trước"),
                    ));
                } else if now.content_hash() != *after_hash {
                    refusals.push(blocked(&now.name, "đã được sửa sau lần nhập"));
                }
                current.push(Some(now));
            }
        }
        if !refusals.is_empty() {
            let more = refusals.len().saturating_sub(NAMED);
            let mut named = refusals
                .into_iter()
                .take(NAMED)
                .collect::<Vec<_>>()
                .join("; ");
            if more > 0 {
                named.push_str(&format!("; và {more} hồ sơ khác"));
            }
            return Err(StoreError::Invalid(format!(
                "không hoàn tác lần nhập {batch_id}: hội đồng đã làm việc trên hồ sơ của lần nhập này, mà hoàn tác thì mất công việc đó — {named}. Kho không thay đổi."
            )));
        }

        let (mut removed, mut restored) = (0u32, 0u32);
        for ((id, before, _), now) in rows.iter().zip(current) {
            let Some(now) = now else { continue };
            match before {
                None => {
                    tx.prepare_cached(
                        "DELETE FROM nomination_search
                         WHERE rowid = (SELECT seq FROM nominations WHERE id = ?1)",
                    )?
                    .execute([id])?;
                    tx.prepare_cached("DELETE FROM nominations WHERE id = ?1")?
                        .execute([id])?;
                    // No "after_hash": the entry records the nomination's removal.
                    audit::append(
                        &tx,
                        actor,
                        "nomination.delete",
                        "nomination",
                        id,
                        &serde_json::json!({ "undo_of": batch_id, "name": now.name }),
                    )?;
                    removed += 1;
                }
                Some(json) => {
                    let old: Nomination = serde_json::from_str(json).map_err(|e| {
                        StoreError::Corrupt(format!("lần nhập {batch_id}, hồ sơ {id}: {e}"))
                    })?;
                    let changes = crate::nominations::changes(&now, &old);
                    let hash = crate::nominations::rewrite(&tx, &old)?;
                    audit::append(
                        &tx,
                        actor,
                        "nomination.update",
                        "nomination",
                        id,
                        &serde_json::json!({
                            "source": format!("hoàn tác lần nhập {batch_id}"),
                            "undo_of": batch_id,
                            "changes": changes,
                            "after_hash": hash,
                        }),
                    )?;
                    restored += 1;
                }
            }
        }
        let now = chrono::Utc::now();
        // What the updated nominations were is not needed once they are back.
        tx.execute(
            "UPDATE import_batch_rows SET before_json = NULL WHERE batch_id = ?1",
            [batch_id],
        )?;
        tx.execute(
            "UPDATE import_batches SET undone_at = ?2, undone_by = ?3 WHERE id = ?1",
            params![batch_id, ts(now), actor],
        )?;
        audit::append(
            &tx,
            actor,
            "import.undo",
            "import-batch",
            batch_id,
            &serde_json::json!({
                "round_id": batch.round_id,
                "removed": removed,
                "restored": restored,
            }),
        )?;
        tx.commit()?;
        Ok(UndoReport {
            batch: ImportBatch {
                undone_at: Some(now),
                ..batch
            },
            removed,
            restored,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use xetkhen_core::{AwardForm, Metrics, NomineeKind, Round, RoundKind, Rubric};

    fn person(id: &str, name: &str) -> Nomination {
        Nomination {
            id: id.into(),
            round_id: "r1".into(),
            kind: NomineeKind::Individual,
            criteria_set: "2.4".into(),
            name: name.into(),
            position: None,
            birth_year: Some(1980),
            id_number: None,
            unit: "Phường Sài Gòn".into(),
            nominating_unit: None,
            award: AwardForm::BangKhen,
            summary: None,
            metrics: Metrics::default(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }
    }

    /// An import as the version before batched entries wrote it: an entry per nomination, and a
    /// batch entry that names no rows.
    fn import_as_the_previous_version(s: &mut Store, batch: &str, noms: &[Nomination]) {
        s.write_nominations("Thư ký", "cu.xlsx", noms).unwrap();
        let tx = s.write_tx().unwrap();
        insert_batch(&tx, batch, "r1", "cu.xlsx", "Thư ký").unwrap();
        for n in noms {
            tx.execute(
                "INSERT INTO import_batch_rows (batch_id, nomination_id, after_hash)
                 VALUES (?1, ?2, ?3)",
                params![batch, n.id, n.content_hash()],
            )
            .unwrap();
        }
        audit::append(
            &tx,
            "Thư ký",
            "import.batch",
            "import-batch",
            batch,
            &serde_json::json!({
                "round_id": "r1",
                "source": "cu.xlsx",
                "inserted": noms.len(),
                "updated": 0,
            }),
        )
        .unwrap();
        tx.commit().unwrap();
    }

    #[test]
    fn imports_written_by_the_previous_version_still_verify_and_undo() {
        let mut s = Store::open_in_memory().unwrap();
        let round = Round::open("r1", "Tổng kết", RoundKind::TongKet, chrono::Utc::now());
        s.create_round("Thư ký", &round, &Rubric::plan_2242())
            .unwrap();
        import_as_the_previous_version(&mut s, "old", &[person("a", "Nguyễn Văn A")]);
        s.write_import(
            "Thư ký",
            &crate::ImportWrite {
                source: "moi.xlsx",
                new_round: None,
                mappings: &[],
                nominations: &[person("b", "Trần Thị B")],
                batch: Some("new"),
            },
            &mut |_| true,
            &mut || true,
        )
        .unwrap();
        let report = s.audit_verify().unwrap();
        assert!(
            report.broken.is_none() && report.tampered.is_empty(),
            "{report:?}"
        );

        // A row of the old import edited behind the program's back is still named.
        s.conn
            .execute("UPDATE nominations SET name = 'Khác' WHERE id = 'a'", [])
            .unwrap();
        let report = s.audit_verify().unwrap();
        let named: Vec<&str> = report
            .tampered
            .iter()
            .map(|t| t.entity_id.as_str())
            .collect();
        assert_eq!(named, ["a"]);
        s.conn
            .execute(
                "UPDATE nominations SET name = 'Nguyễn Văn A' WHERE id = 'a'",
                [],
            )
            .unwrap();
        let undone = s.undo_import("Thư ký", "old").unwrap();
        assert_eq!(undone.removed, 1);
        let report = s.audit_verify().unwrap();
        assert!(
            report.broken.is_none() && report.tampered.is_empty(),
            "{report:?}"
        );
    }

    #[test]
    fn the_digest_of_a_batch_depends_on_every_id_and_hash() {
        let d = |rows: &[(&str, &str)]| rows_digest(rows.iter().copied());
        let base = d(&[("a", "1"), ("b", "2")]);
        assert_ne!(base, d(&[("a", "1"), ("b", "3")]));
        assert_ne!(base, d(&[("a", "1")]));
        assert_ne!(base, d(&[("a", "1b"), ("", "2")]));
        assert_eq!(base, d(&[("a", "1"), ("b", "2")]));
    }
}
