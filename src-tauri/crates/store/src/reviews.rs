//! Reviewers, their reviews and the evidence attached to them. Every write appends to the audit
//! log in the same transaction, with the hash of the record after the write, so that
//! [`Store::audit_verify`] notices a review edited behind the program's back.

use crate::{audit, parse_ts, ts, Store, StoreError, WriteOutcome};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;
use xetkhen_core::audit::{sha256_hex, AuditEntry};
use xetkhen_core::text::{clean, fold};
use xetkhen_core::{Attachment, Packet, Review, Role, Vote};

/// A committee member known to this store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub id: String,
    pub name: String,
    pub position: String,
    pub role: Role,
    /// Units the member declared ties to.
    pub conflicts: Vec<String>,
    /// The member who works on this laptop.
    pub is_self: bool,
    /// The member's Ed25519 public key (hex), which their decision packets must be signed with.
    pub public_key: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl Reviewer {
    /// What the audit log tracks of a reviewer (not the local "this laptop" flag).
    pub fn content_hash(&self) -> String {
        let mut content = serde_json::json!({
            "id": self.id,
            "name": self.name,
            "position": self.position,
            "role": self.role.code(),
            "conflicts": self.conflicts,
        });
        // Added with decision packets; a reviewer without a key hashes as before.
        if let Some(k) = &self.public_key {
            content["public_key"] = k.clone().into();
        }
        sha256_hex(content.to_string().as_bytes())
    }
}

/// A review as stored, with the flags derived from it when it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReview {
    pub nomination_id: String,
    pub reviewer_id: String,
    pub review: Review,
    pub complete: bool,
    pub needs_evidence: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// What the count needs of one review: the version of the nomination it was made on, the vote and
/// the score, read without the rest of the review (verdicts, notes, evidence).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ReviewVote {
    pub nomination_hash: String,
    pub vote: Option<Vote>,
    pub score: Option<f64>,
}

/// One member's vote on one nomination, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredVote {
    pub nomination_id: String,
    pub reviewer_id: String,
    pub vote: ReviewVote,
    /// The review came in a decision packet the member signed, which this store holds. A review
    /// written on this laptop is not signed: it counts for this laptop's own member only.
    pub signed: bool,
}

/// A member's progress through a round's nominations, as the list's filters see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewState {
    pub complete: bool,
    pub needs_evidence: bool,
}

pub(crate) fn review_hash(body: &str, complete: bool, needs_evidence: bool) -> String {
    sha256_hex(
        format!(
            "{body}\n{}\n{}",
            u8::from(complete),
            u8::from(needs_evidence)
        )
        .as_bytes(),
    )
}

const REVIEWER_COLUMNS: &str =
    "id, name, position, role, conflicts_json, is_self, created_at, updated_at, public_key";

fn reviewer_of(r: &Row<'_>) -> rusqlite::Result<(Reviewer, String, String, String, String)> {
    let role: String = r.get(3)?;
    Ok((
        Reviewer {
            id: r.get(0)?,
            name: r.get(1)?,
            position: r.get(2)?,
            role: Role::parse(&role).unwrap_or(Role::Member),
            conflicts: Vec::new(),
            is_self: r.get::<_, i64>(5)? == 1,
            public_key: r.get(8)?,
            created_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
            updated_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        },
        role,
        r.get(4)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn finish_reviewer(
    row: (Reviewer, String, String, String, String),
) -> Result<Reviewer, StoreError> {
    let (mut rv, role, conflicts, created, updated) = row;
    if Role::parse(&role).is_none() {
        return Err(StoreError::Corrupt(format!(
            "vai trò không hợp lệ «{role}»"
        )));
    }
    rv.conflicts = serde_json::from_str(&conflicts).map_err(|e| {
        StoreError::Corrupt(format!("danh sách đơn vị xung đột không đọc được: {e}"))
    })?;
    rv.created_at = parse_ts(&created)?;
    rv.updated_at = parse_ts(&updated)?;
    Ok(rv)
}

fn stored_review_of(r: &Row<'_>) -> rusqlite::Result<(String, String, String, bool, bool, String)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get::<_, i64>(3)? == 1,
        r.get::<_, i64>(4)? == 1,
        r.get(5)?,
    ))
}

fn finish_review(
    row: (String, String, String, bool, bool, String),
) -> Result<StoredReview, StoreError> {
    let (nomination_id, reviewer_id, body, complete, needs_evidence, updated) = row;
    let review: Review = serde_json::from_str(&body).map_err(|e| {
        StoreError::Corrupt(format!(
            "nhận xét của hồ sơ {nomination_id} không đọc được: {e}"
        ))
    })?;
    Ok(StoredReview {
        nomination_id,
        reviewer_id,
        review,
        complete,
        needs_evidence,
        updated_at: parse_ts(&updated)?,
    })
}

const REVIEW_COLUMNS: &str =
    "nomination_id, reviewer_id, body_json, complete, needs_evidence, updated_at";

/// The leaves of a JSON value by dotted path (arrays are leaves), for the audit detail.
fn leaves(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(&path, child, out);
            }
        }
        _ => out.push((prefix.to_string(), v.clone())),
    }
}

/// What changed between two JSON values, in the shape the nominations' audit entries use:
/// `{field: {before, after}}`, fields by dotted path.
pub(crate) fn changes(before: &Value, after: &Value) -> serde_json::Map<String, Value> {
    let (mut b, mut a) = (Vec::new(), Vec::new());
    leaves("", before, &mut b);
    leaves("", after, &mut a);
    let get = |list: &[(String, Value)], k: &str| {
        list.iter()
            .find(|(key, _)| key == k)
            .map_or(Value::Null, |(_, v)| v.clone())
    };
    // An absent field, a null one and an empty list read the same to a person.
    let empty = |v: Value| match &v {
        Value::Array(a) if a.is_empty() => Value::Null,
        Value::Object(o) if o.is_empty() => Value::Null,
        _ => v,
    };
    b.iter()
        .chain(a.iter())
        .map(|(k, _)| k)
        .filter_map(|f| {
            let (x, y) = (empty(get(&b, f)), empty(get(&a, f)));
            (x != y).then(|| (f.clone(), serde_json::json!({"before": x, "after": y})))
        })
        .collect()
}

impl Store {
    pub fn reviewers(&self) -> Result<Vec<Reviewer>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {REVIEWER_COLUMNS} FROM reviewers ORDER BY is_self DESC, name_folded, id"
        ))?;
        let rows = st.query_map([], reviewer_of)?;
        rows.map(|r| finish_reviewer(r?)).collect()
    }

    pub fn reviewer(&self, id: &str) -> Result<Option<Reviewer>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {REVIEWER_COLUMNS} FROM reviewers WHERE id = ?1"),
                [id],
                reviewer_of,
            )
            .optional()?
            .map(finish_reviewer)
            .transpose()
    }

    /// The member who works on this laptop, if one has been set up.
    pub fn current_reviewer(&self) -> Result<Option<Reviewer>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {REVIEWER_COLUMNS} FROM reviewers WHERE is_self = 1"),
                [],
                reviewer_of,
            )
            .optional()?
            .map(finish_reviewer)
            .transpose()
    }

    /// A reviewer by name, ignoring case, diacritics and spacing.
    pub fn reviewer_by_name(&self, name: &str) -> Result<Option<Reviewer>, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {REVIEWER_COLUMNS} FROM reviewers WHERE name_folded = ?1 ORDER BY is_self DESC LIMIT 1"
                ),
                [fold(name)],
                reviewer_of,
            )
            .optional()?
            .map(finish_reviewer)
            .transpose()
    }

    /// Creates or updates a reviewer; `is_self` makes them the member of this laptop (and no
    /// other). The audit log records what changed.
    pub fn save_reviewer(
        &mut self,
        actor: &str,
        reviewer: &Reviewer,
    ) -> Result<WriteOutcome, StoreError> {
        self.save_reviewer_and_key(actor, reviewer, None)
    }

    /// [`Store::save_reviewer`], and with `secret` the member's Ed25519 secret key (whose public
    /// half is `reviewer.public_key`), in the same transaction: a member never has a public key
    /// registered here without its secret, or the reverse.
    pub fn save_reviewer_and_key(
        &mut self,
        actor: &str,
        reviewer: &Reviewer,
        secret: Option<&[u8; 32]>,
    ) -> Result<WriteOutcome, StoreError> {
        let mut r = reviewer.clone();
        r.name = clean(&r.name);
        r.position = clean(&r.position);
        let mut conflicts: Vec<String> = r
            .conflicts
            .iter()
            .map(|c| clean(c))
            .filter(|c| !c.is_empty())
            .collect();
        conflicts.sort_by_key(|c| fold(c));
        conflicts.dedup_by_key(|c| fold(c));
        r.conflicts = conflicts;
        if r.name.is_empty() {
            return Err(StoreError::Invalid(
                "họ và tên thành viên không được để trống".into(),
            ));
        }
        let before = self.reviewer(&r.id)?;
        let as_json = |x: &Reviewer| {
            serde_json::json!({
                "name": x.name, "position": x.position, "role": x.role.code(),
                "conflicts": x.conflicts, "this_laptop": x.is_self, "public_key": x.public_key,
            })
        };
        let (outcome, action, detail_changes) = match &before {
            Some(b)
                if b.content_hash() == r.content_hash()
                    && b.is_self == r.is_self
                    && secret.is_none() =>
            {
                return Ok(WriteOutcome::Unchanged);
            }
            Some(b) => (
                WriteOutcome::Updated,
                "reviewer.update",
                changes(&as_json(b), &as_json(&r)),
            ),
            None => (
                WriteOutcome::Inserted,
                "reviewer.create",
                changes(&Value::Null, &as_json(&r)),
            ),
        };
        let tx = self.write_tx()?;
        let now = ts(chrono::Utc::now());
        if r.is_self {
            tx.execute(
                "UPDATE reviewers SET is_self = 0 WHERE is_self = 1 AND id <> ?1",
                [&r.id],
            )?;
        }
        let conflicts_json =
            serde_json::to_string(&r.conflicts).map_err(|e| StoreError::Invalid(e.to_string()))?;
        tx.execute(
            "INSERT INTO reviewers (id, name, name_folded, position, role, conflicts_json, is_self, created_at, updated_at, public_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET name = ?2, name_folded = ?3, position = ?4, role = ?5,
                 conflicts_json = ?6, is_self = ?7, updated_at = ?8, public_key = ?9",
            params![r.id, r.name, fold(&r.name), r.position, r.role.code(), conflicts_json, i64::from(r.is_self), now, r.public_key],
        )?;
        if let Some(secret) = secret {
            tx.execute(
                "INSERT INTO member_key (reviewer_id, secret_key, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (reviewer_id) DO UPDATE SET secret_key = ?2, created_at = ?3",
                params![r.id, secret.as_slice(), now],
            )?;
        }
        audit::append(
            &tx,
            actor,
            action,
            "reviewer",
            &r.id,
            &serde_json::json!({
                "name": r.name,
                "changes": detail_changes,
                "after_hash": r.content_hash(),
            }),
        )?;
        tx.commit()?;
        Ok(outcome)
    }

    pub fn review(
        &self,
        nomination_id: &str,
        reviewer_id: &str,
    ) -> Result<Option<StoredReview>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {REVIEW_COLUMNS} FROM reviews WHERE reviewer_id = ?1 AND nomination_id = ?2"
            ))?
            .query_row([reviewer_id, nomination_id], stored_review_of)
            .optional()?
            .map(finish_review)
            .transpose()
    }

    /// Every member's review of one nomination.
    pub fn reviews_of_nomination(
        &self,
        nomination_id: &str,
    ) -> Result<Vec<StoredReview>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {REVIEW_COLUMNS} FROM reviews WHERE nomination_id = ?1 ORDER BY reviewer_id"
        ))?;
        let rows = st.query_map([nomination_id], stored_review_of)?;
        rows.map(|r| finish_review(r?)).collect()
    }

    /// Every review of a round's nominations, by nomination then member.
    pub fn reviews_of_round(&self, round_id: &str) -> Result<Vec<StoredReview>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT r.nomination_id, r.reviewer_id, r.body_json, r.complete, r.needs_evidence, r.updated_at
             FROM reviews r JOIN nominations n ON n.id = r.nomination_id
             WHERE n.round_id = ?1 ORDER BY r.nomination_id, r.reviewer_id",
        )?;
        let rows = st.query_map([round_id], stored_review_of)?;
        rows.map(|r| finish_review(r?)).collect()
    }

    /// Every vote on a round's nominations, in no particular order: [`Store::reviews_of_round`]
    /// reduced to what the tally counts, which spares reading each whole review, and unsorted
    /// (the tally looks them up by key; sorting 60,000 of them took a third of the query).
    pub fn votes_of_round(&self, round_id: &str) -> Result<Vec<StoredVote>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT r.nomination_id, r.reviewer_id, r.body_json,
                    r.packet_hash IS NOT NULL AND EXISTS (SELECT 1 FROM packets p
                        WHERE p.hash = r.packet_hash AND p.direction = 'in' AND p.reviewer_id = r.reviewer_id)
             FROM reviews r JOIN nominations n ON n.id = r.nomination_id
             WHERE n.round_id = ?1",
        )?;
        let mut rows = st.query([round_id])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let nomination_id: String = r.get(0)?;
            let vote = serde_json::from_str(r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?)
                .map_err(|e| {
                    StoreError::Corrupt(format!(
                        "nhận xét của hồ sơ {nomination_id} không đọc được: {e}"
                    ))
                })?;
            out.push(StoredVote {
                nomination_id,
                reviewer_id: r.get(1)?,
                vote,
                signed: r.get(3)?,
            });
        }
        Ok(out)
    }

    /// One member's progress on the nominations of a round, by nomination id.
    pub fn review_states(
        &self,
        reviewer_id: &str,
        round_id: &str,
    ) -> Result<std::collections::HashMap<String, ReviewState>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT r.nomination_id, r.complete, r.needs_evidence FROM reviews r
             JOIN nominations n ON n.id = r.nomination_id
             WHERE r.reviewer_id = ?1 AND n.round_id = ?2",
        )?;
        let rows = st.query_map([reviewer_id, round_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                ReviewState {
                    complete: r.get::<_, i64>(1)? == 1,
                    needs_evidence: r.get::<_, i64>(2)? == 1,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Saves a member's review of a nomination (the flags are what
    /// `core::Review::outcome` derived from it), adding the `new_evidence` files to the store
    /// first. One transaction; the audit log records each field that changed.
    pub fn save_review(
        &mut self,
        actor: &str,
        nomination_id: &str,
        reviewer_id: &str,
        review: &Review,
        state: ReviewState,
        new_evidence: &[&[u8]],
    ) -> Result<WriteOutcome, StoreError> {
        let before = self.review(nomination_id, reviewer_id)?;
        let body = review.to_json();
        if let Some(b) = &before {
            if b.review == *review
                && b.complete == state.complete
                && b.needs_evidence == state.needs_evidence
                && new_evidence.is_empty()
            {
                return Ok(WriteOutcome::Unchanged);
            }
        }
        let reviewer_name =
            self.reviewer(reviewer_id)?
                .map(|r| r.name)
                .ok_or_else(|| StoreError::NotFound {
                    what: "thành viên hội đồng",
                    id: reviewer_id.to_string(),
                })?;
        let tx = self.write_tx()?;
        let now = ts(chrono::Utc::now());
        for data in new_evidence {
            add_blob(&tx, actor, &sha256_hex(data), data, &now)?;
        }
        let before_json = before
            .as_ref()
            .map(|b| serde_json::to_value(&b.review).unwrap_or(Value::Null));
        write_review(
            &tx,
            actor,
            &now,
            &ReviewWrite {
                nomination_id,
                reviewer_id,
                reviewer_name: &reviewer_name,
                review,
                body: &body,
                state,
                before: before_json.as_ref(),
                from: None,
            },
        )?;
        tx.commit()?;
        Ok(if before.is_some() {
            WriteOutcome::Updated
        } else {
            WriteOutcome::Inserted
        })
    }

    /// An evidence file by its SHA-256.
    pub fn evidence(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT data FROM blobs WHERE sha256 = ?1", [sha256], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Files that come with a nomination from the secretariat, oldest first.
    pub fn nomination_files(&self, nomination_id: &str) -> Result<Vec<Attachment>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT sha256, file_name, media_type, size, added_at FROM nomination_files
             WHERE nomination_id = ?1 ORDER BY added_at, file_name",
        )?;
        let rows = st.query_map([nomination_id], |r| {
            Ok(Attachment {
                sha256: r.get(0)?,
                file_name: r.get(1)?,
                media_type: r.get(2)?,
                size: r.get::<_, i64>(3)?.try_into().unwrap_or(0),
                added_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds files to nominations (with their bytes, checked against their names by the caller),
    /// in one transaction; a file a nomination already has is left alone. Returns how many were
    /// added.
    pub fn add_nomination_files(
        &mut self,
        actor: &str,
        files: &[(String, Attachment, Vec<u8>)],
    ) -> Result<u32, StoreError> {
        let tx = self.write_tx()?;
        let now = ts(chrono::Utc::now());
        let mut added = 0;
        for (nomination_id, a, data) in files {
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM nomination_files WHERE nomination_id = ?1 AND sha256 = ?2)",
                [nomination_id, &a.sha256],
                |r| r.get(0),
            )?;
            if known {
                continue;
            }
            add_blob(&tx, actor, &a.sha256, data, &now)?;
            tx.execute(
                "INSERT INTO nomination_files (nomination_id, sha256, file_name, media_type, size, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![nomination_id, a.sha256, a.file_name, a.media_type, i64::try_from(a.size).unwrap_or(i64::MAX), a.added_at],
            )?;
            audit::append(
                &tx,
                actor,
                "nomination.file",
                "nomination-file",
                &format!("{nomination_id}/{}", a.sha256),
                &serde_json::json!({"nomination_id": nomination_id, "file": a.file_name, "sha256": a.sha256}),
            )?;
            added += 1;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Everything the audit log says about a nomination and its reviews, in order, with the
    /// entry of each import batch that wrote it.
    pub fn nomination_history(&self, nomination_id: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let mut entries = self.audit_entries(Some(nomination_id))?;
        let prefix = review_entity_id(nomination_id, "");
        // Entity ids "<nomination>/<reviewer>": a range on the (entity_id, seq) index.
        let upper = format!("{}0", &prefix[..prefix.len() - 1]);
        entries.extend(self.audit_entries_in_range(&prefix, &upper)?);
        entries.extend(self.audit_batch_entries_of(nomination_id)?);
        entries.sort_by_key(|e| e.seq);
        Ok(entries)
    }

    /// Current content hashes of reviewers, reviews and evidence files, for [`Store::audit_verify`].
    pub(crate) fn review_hashes(&self) -> Result<Vec<(&'static str, String, String)>, StoreError> {
        let mut out = Vec::new();
        for r in self.reviewers()? {
            out.push(("reviewer", r.id.clone(), r.content_hash()));
        }
        let mut st = self.conn.prepare(
            "SELECT nomination_id, reviewer_id, body_json, complete, needs_evidence FROM reviews",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)? == 1,
                r.get::<_, i64>(4)? == 1,
            ))
        })?;
        for row in rows {
            let (n, rv, body, complete, needs) = row?;
            out.push((
                "review",
                review_entity_id(&n, &rv),
                review_hash(&body, complete, needs),
            ));
        }
        let mut st = self.conn.prepare("SELECT sha256, data FROM blobs")?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        for row in rows {
            let (sha, data) = row?;
            // A file whose bytes no longer match its name reads as its true hash: tampered.
            out.push(("blob", sha, sha256_hex(&data)));
        }
        Ok(out)
    }
}

/// One member's review of one nomination as it is about to be written.
pub(crate) struct ReviewWrite<'a> {
    pub nomination_id: &'a str,
    pub reviewer_id: &'a str,
    /// The member's name, as the audit entry shows it.
    pub reviewer_name: &'a str,
    pub review: &'a Review,
    /// `review` as stored (`Review::to_json`).
    pub body: &'a str,
    pub state: ReviewState,
    /// The review it replaces, as JSON (`Value::Null` if it could not be read); `None` when the
    /// member had no review of the nomination.
    pub before: Option<&'a Value>,
    /// The received packet the review comes from; `None` for a review made on this laptop, which
    /// is then no longer what any packet said (it counts for this laptop's own member only).
    pub from: Option<&'a Packet>,
}

/// Writes one review and its `review.create` or `review.update` audit entry, the one way both a
/// member's own save ([`Store::save_review`]) and a merged packet ([`Store::merge_packet`]) do it.
/// The caller holds the transaction.
pub(crate) fn write_review(
    tx: &Connection,
    actor: &str,
    now: &str,
    w: &ReviewWrite<'_>,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO reviews (nomination_id, reviewer_id, body_json, complete, needs_evidence, updated_at, packet_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (reviewer_id, nomination_id) DO UPDATE SET body_json = ?3, complete = ?4,
             needs_evidence = ?5, updated_at = ?6, packet_hash = ?7",
    )?
    .execute(params![
        w.nomination_id,
        w.reviewer_id,
        w.body,
        i64::from(w.state.complete),
        i64::from(w.state.needs_evidence),
        now,
        w.from.map(|p| p.hash.as_str())
    ])?;
    let after_json = serde_json::to_value(w.review).unwrap_or(Value::Null);
    let mut detail_changes = changes(w.before.unwrap_or(&Value::Null), &after_json);
    // The version hash changes with every edit of the nomination; it is in the record, not news.
    detail_changes.remove("nomination_hash");
    let mut detail = serde_json::json!({
        "nomination_id": w.nomination_id,
        "reviewer_id": w.reviewer_id,
        "reviewer": w.reviewer_name,
        "nomination_hash": w.review.nomination_hash,
        "changes": detail_changes,
        "after_hash": review_hash(w.body, w.state.complete, w.state.needs_evidence),
    });
    if let Some(p) = w.from {
        detail["packet"] = p.hash.as_str().into();
        detail["seq"] = p.body.seq.into();
    }
    audit::append(
        tx,
        actor,
        if w.before.is_some() {
            "review.update"
        } else {
            "review.create"
        },
        "review",
        &review_entity_id(w.nomination_id, w.reviewer_id),
        &detail,
    )?;
    Ok(())
}

/// Stores a file's bytes under its SHA-256 `sha` (computed or checked by the caller), with its
/// audit entry, unless the store already has them.
fn add_blob(
    tx: &rusqlite::Connection,
    actor: &str,
    sha: &str,
    data: &[u8],
    now: &str,
) -> Result<(), StoreError> {
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?1)",
        [sha],
        |r| r.get(0),
    )?;
    if known {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO blobs (sha256, size, data, added_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            sha,
            i64::try_from(data.len()).unwrap_or(i64::MAX),
            data,
            now
        ],
    )?;
    audit::append(
        tx,
        actor,
        "evidence.add",
        "blob",
        sha,
        &serde_json::json!({"size": data.len(), "after_hash": sha}),
    )?;
    Ok(())
}

/// The audit log's name for one member's review of one nomination.
pub fn review_entity_id(nomination_id: &str, reviewer_id: &str) -> String {
    format!("{nomination_id}/{reviewer_id}")
}
