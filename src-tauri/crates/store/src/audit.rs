//! Appending to the hash-chained audit log, and checking it against the data.

use crate::{Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use xetkhen_core::audit::{
    entry_hash, sha256_hex, timestamps, verify_chain, AuditEntry, ChainBreak, GENESIS,
};
use xetkhen_core::{Message, MessageCode};

/// A record whose current content does not match what the audit log last recorded for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tampered {
    pub entity: String,
    pub entity_id: String,
    /// What is wrong with it, as a code the front ends word.
    pub problem: Message,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub entries: usize,
    pub broken: Option<ChainBreak>,
    pub tampered: Vec<Tampered>,
}

/// Appends one entry inside the caller's transaction and returns its number. `detail` is a JSON
/// object; the hash covers the SHA-256 of its compact text (keys sorted).
pub(crate) fn append(
    tx: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    detail: &serde_json::Value,
) -> Result<i64, StoreError> {
    let last: Option<(i64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = last.map_or((1, GENESIS.to_string()), |(s, h)| (s + 1, h));
    let (at_utc, at_vietnam) = timestamps(chrono::Utc::now());
    let detail = detail.to_string();
    let detail_sha256 = sha256_hex(detail.as_bytes());
    let hash = entry_hash(
        seq,
        &at_utc,
        &at_vietnam,
        actor,
        action,
        entity,
        entity_id,
        &detail_sha256,
        &prev,
    );
    tx.prepare_cached(
        "INSERT INTO audit_log (seq, at_utc, at_vietnam, actor, action, entity, entity_id, detail, detail_sha256, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![seq, at_utc, at_vietnam, actor, action, entity, entity_id, detail, detail_sha256, prev, hash])?;
    Ok(seq)
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at_utc: r.get(1)?,
        at_vietnam: r.get(2)?,
        actor: r.get(3)?,
        action: r.get(4)?,
        entity: r.get(5)?,
        entity_id: r.get(6)?,
        detail: r.get(7)?,
        // Filled for every entry by migration 6; an entry without one fails the chain check.
        detail_sha256: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        erased_by: r.get(9)?,
        prev_hash: r.get(10)?,
        hash: r.get(11)?,
    })
}

const COLUMNS: &str = "seq, at_utc, at_vietnam, actor, action, entity, entity_id, detail, \
     detail_sha256, erased_by, prev_hash, hash";

/// Migration 6: checks the chain as the first format hashed it, then fills each entry's
/// `detail_sha256` and re-hashes the chain in the current format. Entries from the first break
/// of the old chain on keep their old hashes, so the check still reports the break there. An
/// entry records the change, with the old chain's last hash (which a backup made before can be
/// compared with).
pub(crate) fn carry_over_to_format_2(tx: &Connection) -> Result<(), StoreError> {
    let entries = {
        let mut st = tx.prepare(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq"))?;
        let v = st.query_map([], entry)?.collect::<Result<Vec<_>, _>>()?;
        v
    };
    let Some(old_head) = entries.last().map(|e| e.hash.clone()) else {
        return Ok(());
    };
    let mut expected_prev = GENESIS.to_string();
    let mut break_at = None;
    for (expected_seq, e) in (1_i64..).zip(&entries) {
        if e.seq != expected_seq || e.prev_hash != expected_prev || e.computed_hash_v1() != e.hash {
            break_at = Some(e.seq);
            break;
        }
        expected_prev.clone_from(&e.hash);
    }
    let mut update = tx.prepare(
        "UPDATE audit_log SET detail_sha256 = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1",
    )?;
    let mut prev = GENESIS.to_string();
    for e in &entries {
        let detail_sha256 = sha256_hex(e.detail.as_bytes());
        if break_at.is_some_and(|b| e.seq >= b) {
            tx.execute(
                "UPDATE audit_log SET detail_sha256 = ?2 WHERE seq = ?1",
                params![e.seq, detail_sha256],
            )?;
            continue;
        }
        let hash = entry_hash(
            e.seq,
            &e.at_utc,
            &e.at_vietnam,
            &e.actor,
            &e.action,
            &e.entity,
            &e.entity_id,
            &detail_sha256,
            &prev,
        );
        update.execute(params![e.seq, detail_sha256, prev, hash])?;
        prev = hash;
    }
    append(
        tx,
        "Xét Khen",
        "audit.format",
        "audit",
        "format-2",
        &serde_json::json!({
            "format": 2,
            "entries": entries.len(),
            "previous_format_head": old_head,
            "previous_format_check": match break_at {
                None => "nguyên vẹn".to_string(),
                Some(b) => format!("đứt tại mục số {b}"),
            },
        }),
    )?;
    Ok(())
}

impl Store {
    /// The head of the audit chain: its last entry's number and hash (none in an empty log).
    pub fn audit_head(&self) -> Result<Option<xetkhen_core::audit::AuditHead>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| {
                    Ok(xetkhen_core::audit::AuditHead {
                        seq: r.get(0)?,
                        hash: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Whether the chain holds an entry with this number and hash.
    pub fn audit_has(&self, head: &xetkhen_core::audit::AuditHead) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE seq = ?1 AND hash = ?2)",
            rusqlite::params![head.seq, head.hash],
            |r| r.get(0),
        )?)
    }

    /// The audit log in order, all of it or only the entries about one record.
    pub fn audit_entries(&self, entity_id: Option<&str>) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = match entity_id {
            Some(id) => {
                let mut st = self.conn.prepare(&format!(
                    "SELECT {COLUMNS} FROM audit_log WHERE entity_id = ?1 ORDER BY seq"
                ))?;
                let v = st.query_map([id], entry)?.collect::<Result<Vec<_>, _>>()?;
                v
            }
            None => {
                let mut st = self
                    .conn
                    .prepare(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq"))?;
                let v = st.query_map([], entry)?.collect::<Result<Vec<_>, _>>()?;
                v
            }
        };
        Ok(rows)
    }

    /// The entries of the import batches that wrote a nomination without an entry of its own
    /// (those that name their rows by a digest), in order.
    pub(crate) fn audit_batch_entries_of(
        &self,
        nomination_id: &str,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        // A batch names the nominations it created in one value (`created_rows`), searched
        // among the batches of the nomination's round; the ones it changed have a row each.
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM audit_log
             WHERE entity_id IN (
                 SELECT batch_id FROM import_batch_rows WHERE nomination_id = ?1
                 UNION
                 SELECT b.id FROM import_batches b
                 WHERE b.round_id = (SELECT round_id FROM nominations WHERE id = ?1)
                   AND instr(b.created_rows, ?2) > 0)
               AND entity = 'import-batch' AND action = 'import.batch'
               AND detail LIKE '%\"rows_sha256\"%'
             ORDER BY seq"
        ))?;
        let v = st
            .query_map(
                params![
                    nomination_id,
                    crate::batches::created_id_bytes(nomination_id)
                ],
                entry,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        // `instr` finds the id's bytes anywhere in the value; the value read in its format
        // says whether the batch really names it.
        let mut kept = Vec::with_capacity(v.len());
        for e in v {
            let names_it = crate::batches::batch_rows(&self.conn, &e.entity_id)?
                .is_some_and(|rows| rows.iter().any(|(id, _, _)| id == nomination_id));
            if names_it {
                kept.push(e);
            }
        }
        Ok(kept)
    }

    /// Entries whose entity id lies in `[from, to)`, in order.
    pub(crate) fn audit_entries_in_range(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE entity_id >= ?1 AND entity_id < ?2 ORDER BY seq"
        ))?;
        let v = st
            .query_map([from, to], entry)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// The rows of every import batch, by batch, each batch's in the order of the nomination
    /// ids (the order its digest was made in): the ones in `import_batch_rows` and the ones in
    /// its `created_rows`. A batch whose `created_rows` is not in its format is given no rows
    /// from it, so that its digest no longer matches and it is reported.
    fn import_batch_rows_by_batch(
        &self,
    ) -> Result<HashMap<String, Vec<(String, String)>>, StoreError> {
        let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT batch_id, nomination_id, after_hash FROM import_batch_rows")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                out.entry(r.get(0)?)
                    .or_default()
                    .push((r.get(1)?, r.get(2)?));
            }
        }
        let mut st = self.conn.prepare(
            "SELECT id, created_rows FROM import_batches WHERE created_rows IS NOT NULL",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let blob: Vec<u8> = r.get(1)?;
            let created = crate::batches::decode_created(&blob).unwrap_or_default();
            out.entry(id).or_default().extend(created);
        }
        for rows in out.values_mut() {
            rows.sort_unstable();
        }
        Ok(out)
    }

    /// Checks the chain, then every round, nomination, reviewer, review and evidence file against the hash the log last recorded
    /// for it: a row edited, added or removed behind the program's back is reported.
    pub fn audit_verify(&self) -> Result<AuditReport, StoreError> {
        let entries = self.audit_entries(None)?;
        let (count, broken) = match verify_chain(&entries) {
            Ok(n) => (n, None),
            Err(b) => (entries.len(), Some(b)),
        };
        let mut last_hash: HashMap<(String, String), Option<String>> = HashMap::new();
        let mut tampered = Vec::new();
        let mut batch_rows = self.import_batch_rows_by_batch()?;
        for e in &entries {
            let detail = serde_json::from_str::<serde_json::Value>(&e.detail).ok();
            let after = detail.as_ref().and_then(|d| {
                d.get("after_hash")
                    .and_then(|h| h.as_str().map(String::from))
            });
            // An import batch's one entry stands for every nomination it wrote: the rows it
            // recorded must still give the digest it holds, and each nomination's last audited
            // hash is then its row's. (Entries of older versions name no digest: each of their
            // nominations has its own entry.)
            let digest = detail
                .as_ref()
                .filter(|_| e.action == "import.batch")
                .and_then(|d| {
                    Some((
                        usize::try_from(d.get("rows")?.as_u64()?).ok()?,
                        d.get("rows_sha256")?.as_str()?.to_string(),
                    ))
                });
            if let Some((count, digest)) = digest {
                let rows = batch_rows.remove(&e.entity_id).unwrap_or_default();
                let recomputed = crate::batches::rows_digest(
                    rows.iter().map(|(id, h)| (id.as_str(), h.as_str())),
                );
                if rows.len() != count || recomputed != digest {
                    tampered.push(Tampered {
                        entity: e.entity.clone(),
                        entity_id: e.entity_id.clone(),
                        problem: Message::new(
                            MessageCode::AuditBatchRows,
                            [
                                ("entity", e.entity.clone()),
                                ("id", e.entity_id.clone()),
                                ("rows", rows.len().to_string()),
                                ("seq", e.seq.to_string()),
                                ("count", count.to_string()),
                            ],
                        ),
                    });
                }
                for (id, hash) in rows {
                    last_hash.insert(("nomination".to_string(), id), Some(hash));
                }
            }
            last_hash.insert((e.entity.clone(), e.entity_id.clone()), after);
        }
        let current = self
            .all_rounds_with_hash()?
            .into_iter()
            .map(|(id, h)| ("round", id, h))
            .chain(
                self.all_nomination_hashes()?
                    .into_iter()
                    .map(|(id, h)| ("nomination", id, h)),
            )
            .chain(self.review_hashes()?)
            .chain(self.packet_hashes()?);
        for (entity, id, hash) in current {
            let code = match last_hash.remove(&(entity.to_string(), id.clone())) {
                Some(Some(h)) if h == hash => continue,
                Some(_) => MessageCode::AuditRecordEdited,
                None => MessageCode::AuditRecordAdded,
            };
            tampered.push(tampered_record(code, entity, id));
        }
        for ((entity, id), after) in last_hash {
            // An entry without an "after" hash records the entity's removal.
            if after.is_some()
                && matches!(
                    entity.as_str(),
                    "round" | "nomination" | "reviewer" | "review" | "blob" | "packet"
                )
            {
                tampered.push(tampered_record(
                    MessageCode::AuditRecordRemoved,
                    &entity,
                    id,
                ));
            }
        }
        tampered.sort_by(|a, b| (&a.entity, &a.entity_id).cmp(&(&b.entity, &b.entity_id)));
        Ok(AuditReport {
            entries: count,
            broken,
            tampered,
        })
    }
}

/// A record edited, added or removed behind the program's back.
fn tampered_record(code: MessageCode, entity: &str, id: String) -> Tampered {
    Tampered {
        entity: entity.to_string(),
        problem: Message::new(code, [("entity", entity.to_string()), ("id", id.clone())]),
        entity_id: id,
    }
}
