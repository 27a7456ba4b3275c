//! The audit log's hash chain.
//!
//! Every write to the store appends an entry: who, when (UTC, and the same instant in Vietnam
//! time), what, and the hash of the previous entry. Each entry's hash covers its own fields and the
//! previous hash, so editing, inserting or deleting an entry in the middle breaks the chain at that
//! point. This module only computes and checks hashes; the store writes and reads the entries.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that stands before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored. `detail` is the JSON text exactly as written; the hash covers that text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at_utc: String,
    pub at_vietnam: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Vietnam's offset from UTC (UTC+7, no daylight saving).
pub fn vietnam_offset() -> FixedOffset {
    // 7 hours is well within FixedOffset's ±24 h range.
    #[allow(clippy::expect_used)]
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// An instant as ISO 8601 in UTC and in Vietnam time.
pub fn timestamps(at: DateTime<Utc>) -> (String, String) {
    (
        at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        at.with_timezone(&vietnam_offset())
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
    )
}

/// The hash of an entry's fields chained to the previous hash.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    seq: i64,
    at_utc: &str,
    at_vietnam: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    detail: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    for field in [
        &seq.to_string(),
        at_utc,
        at_vietnam,
        actor,
        action,
        entity,
        entity_id,
        detail,
        prev_hash,
    ] {
        // Length-prefixed fields: no two different entries can produce the same byte stream.
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

impl AuditEntry {
    pub fn computed_hash(&self) -> String {
        entry_hash(
            self.seq,
            &self.at_utc,
            &self.at_vietnam,
            &self.actor,
            &self.action,
            &self.entity,
            &self.entity_id,
            &self.detail,
            &self.prev_hash,
        )
    }
}

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

/// Checks a chain read in `seq` order. Returns the first break.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = &'a AuditEntry>,
) -> Result<usize, ChainBreak> {
    let mut prev = GENESIS.to_string();
    let mut count = 0;
    for (expected_seq, e) in (1_i64..).zip(entries) {
        if e.seq != expected_seq {
            return Err(ChainBreak {
                seq: e.seq,
                reason: format!("thiếu mục nhật ký số {expected_seq} (gặp mục số {})", e.seq),
            });
        }
        if e.prev_hash != prev {
            return Err(ChainBreak {
                seq: e.seq,
                reason: "mã băm của mục trước không khớp: nhật ký đã bị sửa hoặc xoá bớt".into(),
            });
        }
        if e.computed_hash() != e.hash {
            return Err(ChainBreak {
                seq: e.seq,
                reason: "nội dung mục nhật ký đã bị sửa sau khi ghi".into(),
            });
        }
        prev.clone_from(&e.hash);
        count += 1;
    }
    Ok(count)
}

/// SHA-256 of some bytes, as lower-case hex: the name of an evidence file in the store, and the
/// content hash of records the audit log tracks.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let (u, v) = timestamps(DateTime::<Utc>::UNIX_EPOCH);
                let detail = format!("{{\"n\":{seq}}}");
                let hash = entry_hash(
                    seq,
                    &u,
                    &v,
                    "Thư ký",
                    "create",
                    "nomination",
                    "x",
                    &detail,
                    &prev,
                );
                let e = AuditEntry {
                    seq,
                    at_utc: u,
                    at_vietnam: v,
                    actor: "Thư ký".into(),
                    action: "create".into(),
                    entity: "nomination".into(),
                    entity_id: "x".into(),
                    detail,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), Ok(5));
    }

    #[test]
    fn an_edited_entry_breaks_the_chain_at_that_entry() {
        let mut c = chain(5);
        c[2].detail = "{\"n\":99}".into();
        assert_eq!(verify_chain(&c).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn a_deleted_entry_breaks_the_chain() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify_chain(&c).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn vietnam_time_is_seven_hours_ahead() {
        let (u, v) = timestamps(DateTime::<Utc>::UNIX_EPOCH);
        assert_eq!(u, "1970-01-01T00:00:00.000Z");
        assert_eq!(v, "1970-01-01T07:00:00.000+07:00");
    }
}
