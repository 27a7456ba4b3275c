//! The audit log's hash chain.
//!
//! Every write to the store appends an entry: who, when (UTC, and the same instant in Vietnam
//! time), what, and the hash of the previous entry. Each entry's hash covers its own fields and the
//! previous hash, so editing, inserting or deleting an entry in the middle breaks the chain at that
//! point. This module only computes and checks hashes; the store writes and reads the entries.
//!
//! The hash covers an entry's detail through the detail's own SHA-256, not the text itself: when a
//! round's personal data is erased at the end of its retention period, the details of the entries
//! about its nominations are blanked and the chain still verifies. The erasure is itself an entry
//! ([`ERASE_ACTION`]) that names, by a digest of their numbers, exactly the entries it blanked, so a
//! detail blanked by anything else breaks the check. Stores written before this format carried
//! the detail text in the hash ([`entry_hash_v1`]); the store's migration checks that chain and
//! carries it over.

use crate::message::{Message, MessageCode};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The hash that stands before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The action of the entry that records the erasure of a round's personal data.
pub const ERASE_ACTION: &str = "round.erase";

/// The head of a laptop's audit chain at one moment: its last entry's number and hash. Every
/// signed file a laptop writes carries it, so that a chain rewritten or cut after the file left
/// can be caught (`xetkhen audit verify --against FILE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at_utc: String,
    pub at_vietnam: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// The JSON text exactly as written; empty once erased.
    pub detail: String,
    /// SHA-256 of `detail` as written: what the entry's hash covers.
    pub detail_sha256: String,
    /// The erasure entry that blanked `detail`, if one did.
    pub erased_by: Option<i64>,
    pub prev_hash: String,
    pub hash: String,
}

pub use crate::calendar::vietnam_offset;

/// An instant as ISO 8601 in UTC and in Vietnam time.
pub fn timestamps(at: DateTime<Utc>) -> (String, String) {
    (
        at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        at.with_timezone(&vietnam_offset())
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
    )
}

/// Length-prefixed fields: no two different entries can produce the same byte stream.
fn hash_fields(fields: &[&str]) -> String {
    let mut h = Sha256::new();
    for field in fields {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

/// The format tag hashed first into every entry of the current format.
const FORMAT_2: &str = "xetkhen-audit-2";

/// The hash of an entry's fields, its detail's SHA-256 standing for the detail, chained to the
/// previous hash.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    seq: i64,
    at_utc: &str,
    at_vietnam: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: &str,
    detail_sha256: &str,
    prev_hash: &str,
) -> String {
    hash_fields(&[
        FORMAT_2,
        &seq.to_string(),
        at_utc,
        at_vietnam,
        actor,
        action,
        entity,
        entity_id,
        detail_sha256,
        prev_hash,
    ])
}

/// The hash of the first format, which covered the detail text itself. Only read, to check an
/// old chain before the store carries it over to the current format.
#[allow(clippy::too_many_arguments)]
pub fn entry_hash_v1(
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
    hash_fields(&[
        &seq.to_string(),
        at_utc,
        at_vietnam,
        actor,
        action,
        entity,
        entity_id,
        detail,
        prev_hash,
    ])
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
            &self.detail_sha256,
            &self.prev_hash,
        )
    }

    /// The entry's hash in the first format (see [`entry_hash_v1`]).
    pub fn computed_hash_v1(&self) -> String {
        entry_hash_v1(
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

/// What an erasure entry records of the entries it blanked: the digest of their numbers, in
/// order. [`verify_chain`] recomputes it from the entries that name the erasure.
pub fn erased_digest(seqs: &[i64]) -> String {
    let text = seqs
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    sha256_hex(text.as_bytes())
}

/// Where a chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainBreak {
    pub seq: i64,
    /// What is wrong with entry `seq`, as a code the front ends word.
    pub problem: Message,
}

/// Checks a chain read in `seq` order. Returns the first break: a missing or reordered entry, a
/// changed field or detail, or a detail blanked by anything other than a recorded erasure.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = &'a AuditEntry>,
) -> Result<usize, ChainBreak> {
    let mut prev = GENESIS.to_string();
    let mut count = 0;
    // Erasure entry -> the entries it blanked; erasure entry -> (first entry naming it, its record).
    let mut blanked: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut erasures: BTreeMap<i64, Option<(usize, String)>> = BTreeMap::new();
    for (expected_seq, e) in (1_i64..).zip(entries) {
        let broken = |code: MessageCode| ChainBreak {
            seq: e.seq,
            problem: Message::new(code, [("seq", e.seq.to_string())]),
        };
        if e.seq != expected_seq {
            return Err(ChainBreak {
                seq: e.seq,
                problem: Message::new(
                    MessageCode::AuditEntryMissing,
                    [
                        ("seq", e.seq.to_string()),
                        ("expected", expected_seq.to_string()),
                    ],
                ),
            });
        }
        if e.prev_hash != prev {
            return Err(broken(MessageCode::AuditPreviousHash));
        }
        match e.erased_by {
            None if sha256_hex(e.detail.as_bytes()) != e.detail_sha256 => {
                return Err(broken(MessageCode::AuditEntryEdited));
            }
            None => {}
            Some(by) if by <= e.seq || !e.detail.is_empty() => {
                return Err(broken(MessageCode::AuditErasedInvalid));
            }
            Some(by) => blanked.entry(by).or_default().push(e.seq),
        }
        if e.computed_hash() != e.hash {
            return Err(broken(MessageCode::AuditEntryEdited));
        }
        if e.action == ERASE_ACTION {
            let record = serde_json::from_str::<serde_json::Value>(&e.detail)
                .ok()
                .and_then(|d| {
                    Some((
                        usize::try_from(d.get("erased_entries")?.as_u64()?).ok()?,
                        d.get("erased_entries_sha256")?.as_str()?.to_string(),
                    ))
                });
            erasures.insert(e.seq, record);
        }
        prev.clone_from(&e.hash);
        count += 1;
    }
    for (by, seqs) in &blanked {
        let matches = match erasures.remove(by) {
            Some(Some((n, digest))) => n == seqs.len() && digest == erased_digest(seqs),
            _ => false,
        };
        if !matches {
            return Err(ChainBreak {
                seq: seqs[0],
                problem: Message::new(
                    MessageCode::AuditErasureMismatch,
                    [("seq", seqs[0].to_string()), ("by", by.to_string())],
                ),
            });
        }
    }
    // An erasure that names entries none of which is blanked any more.
    for (by, record) in erasures {
        if record.is_some_and(|(n, _)| n > 0) {
            return Err(ChainBreak {
                seq: by,
                problem: Message::new(
                    MessageCode::AuditErasureUnmatched,
                    [("seq", by.to_string())],
                ),
            });
        }
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

    fn entry(seq: i64, action: &str, entity_id: &str, detail: &str, prev: &str) -> AuditEntry {
        let (u, v) = timestamps(DateTime::<Utc>::UNIX_EPOCH);
        let detail_sha256 = sha256_hex(detail.as_bytes());
        let hash = entry_hash(
            seq,
            &u,
            &v,
            "Thư ký",
            action,
            "nomination",
            entity_id,
            &detail_sha256,
            prev,
        );
        AuditEntry {
            seq,
            at_utc: u,
            at_vietnam: v,
            actor: "Thư ký".into(),
            action: action.into(),
            entity: "nomination".into(),
            entity_id: entity_id.into(),
            detail: detail.into(),
            detail_sha256,
            erased_by: None,
            prev_hash: prev.into(),
            hash,
        }
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut out: Vec<AuditEntry> = Vec::new();
        for seq in 1..=n {
            let prev = out.last().map_or(GENESIS.to_string(), |e| e.hash.clone());
            out.push(entry(
                seq,
                "create",
                "x",
                &format!("{{\"name\":\"Nguyễn Văn {seq}\"}}"),
                &prev,
            ));
        }
        out
    }

    /// `chain(n)` followed by an erasure entry that blanks the entries `blank`.
    fn erased(n: i64, blank: &[i64]) -> Vec<AuditEntry> {
        let mut c = chain(n);
        let detail = serde_json::json!({
            "erased_entries": blank.len(),
            "erased_entries_sha256": erased_digest(blank),
        })
        .to_string();
        let prev = c[c.len() - 1].hash.clone();
        c.push(entry(n + 1, ERASE_ACTION, "round", &detail, &prev));
        for &s in blank {
            let e = &mut c[usize::try_from(s - 1).unwrap_or(0)];
            e.detail.clear();
            e.erased_by = Some(n + 1);
        }
        c
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
    fn details_blanked_by_a_recorded_erasure_still_verify() {
        let c = erased(5, &[2, 4]);
        assert_eq!(verify_chain(&c), Ok(6));
        assert!(c[1].detail.is_empty() && c[3].detail.is_empty());
    }

    #[test]
    fn a_detail_blanked_without_an_erasure_breaks_the_chain() {
        let mut c = chain(5);
        c[2].detail.clear();
        assert_eq!(verify_chain(&c).map_err(|b| b.seq), Err(3));
        // Pointing it at some other entry does not help.
        c[2].erased_by = Some(5);
        assert_eq!(verify_chain(&c).map_err(|b| b.seq), Err(3));
    }

    #[test]
    fn an_entry_blanked_beyond_what_the_erasure_recorded_breaks_the_chain() {
        let mut c = erased(5, &[2, 4]);
        c[2].detail.clear();
        c[2].erased_by = Some(6);
        let b = verify_chain(&c).err();
        assert_eq!(b.as_ref().map(|b| b.seq), Some(2), "{b:?}");
        assert_eq!(
            b.map(|b| b.problem.code),
            Some(MessageCode::AuditErasureMismatch)
        );
    }

    #[test]
    fn an_erasure_whose_entries_were_restored_otherwise_breaks_the_chain() {
        let mut c = erased(5, &[2]);
        // Someone puts a made-up detail back: its hash no longer matches the one recorded.
        c[1].detail = "{\"name\":\"Khác\"}".into();
        c[1].erased_by = None;
        assert_eq!(verify_chain(&c).map_err(|b| b.seq), Err(2));
    }

    #[test]
    fn the_first_format_hashed_the_detail_text_itself() {
        let c = chain(1);
        assert_ne!(c[0].computed_hash_v1(), c[0].hash);
        let mut other = c[0].clone();
        other.detail = "{}".into();
        assert_ne!(other.computed_hash_v1(), c[0].computed_hash_v1());
    }

    #[test]
    fn vietnam_time_is_seven_hours_ahead() {
        let (u, v) = timestamps(DateTime::<Utc>::UNIX_EPOCH);
        assert_eq!(u, "1970-01-01T00:00:00.000Z");
        assert_eq!(v, "1970-01-01T07:00:00.000+07:00");
    }
}
