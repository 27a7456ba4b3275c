//! Decision packets in the store: the member key of this laptop, the packets it made, and the
//! packets received from members, merged into the reviews table.
//!
//! A received packet is kept whole. The reviews that count for a member are recomputed from all
//! their packets of the round ([`xetkhen_core::merge_member`]) every time one arrives, so the
//! state after any set of imports is the same whatever their order, and a packet seen twice
//! changes nothing.

use crate::reviews::{review_entity_id, write_review, ReviewWrite};
use crate::{audit, ts, ReviewState, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use std::collections::HashMap;
use xetkhen_core::audit::sha256_hex;
use xetkhen_core::{merge_member, Packet, PacketBody, Review};

/// Which way a packet went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Made on this laptop by its member.
    Out,
    /// Received from a member.
    In,
}

impl Direction {
    fn code(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
        }
    }
}

/// A packet the store holds, with when it arrived (or was made).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPacket {
    pub packet: Packet,
    pub direction: Direction,
    pub received_at: chrono::DateTime<chrono::Utc>,
}

/// A stored packet without its reviews (only their number), for the views that list packets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketHeader {
    pub hash: String,
    pub member_id: String,
    pub member_name: String,
    pub seq: u32,
    pub created_at: String,
    /// The units the member declared ties to in this packet.
    pub conflicts: Vec<String>,
    pub reviews: u32,
    pub received_at: chrono::DateTime<chrono::Utc>,
}

/// The fields of a packet body a [`PacketHeader`] keeps; the reviews are only counted.
#[derive(serde::Deserialize)]
struct HeaderFields {
    member_id: String,
    member_name: String,
    seq: u32,
    created_at: String,
    conflicts: Vec<String>,
    reviews: Vec<serde::de::IgnoredAny>,
}

/// What merging one packet did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeOutcome {
    /// The packet was already in the store: nothing was written.
    pub unchanged: bool,
    /// Reviews written or replaced.
    pub written: u32,
    /// Reviews taken back because the packet they came from is now disputed.
    pub withdrawn: u32,
    /// Sequence numbers under which the member has sent two different packets.
    pub forks: Vec<u32>,
}

fn packets_of(
    conn: &Connection,
    round_id: &str,
    reviewer_id: Option<&str>,
    direction: Direction,
) -> Result<Vec<StoredPacket>, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT hash, body, signature, received_at FROM packets
         WHERE round_id = ?1 AND (?2 IS NULL OR reviewer_id = ?2) AND direction = ?3
         ORDER BY reviewer_id, seq, hash",
    )?;
    let rows = st.query_map(params![round_id, reviewer_id, direction.code()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (hash, body_text, signature, received) = row?;
        let body: PacketBody = serde_json::from_str(&body_text)
            .map_err(|e| StoreError::Corrupt(format!("gói phiếu {hash} không đọc được: {e}")))?;
        Ok(StoredPacket {
            packet: Packet {
                body,
                body_text,
                hash,
                signature,
            },
            direction,
            received_at: crate::parse_ts(&received)?,
        })
    })
    .collect()
}

fn insert_packet(
    conn: &Connection,
    actor: &str,
    packet: &Packet,
    direction: Direction,
    now: &str,
) -> Result<(), StoreError> {
    let b = &packet.body;
    conn.execute(
        "INSERT INTO packets (hash, direction, reviewer_id, round_id, seq, prev_hash, body, signature, created_at, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            packet.hash,
            direction.code(),
            b.member_id,
            b.round_id,
            b.seq,
            b.prev_hash,
            packet.body_text,
            packet.signature,
            b.created_at,
            now
        ],
    )?;
    audit::append(
        conn,
        actor,
        match direction {
            Direction::Out => "packet.export",
            Direction::In => "packet.import",
        },
        "packet",
        &packet.hash,
        &serde_json::json!({
            "round_id": b.round_id,
            "member_id": b.member_id,
            "member": b.member_name,
            "seq": b.seq,
            "reviews": b.reviews.len(),
            "after_hash": sha256_hex(packet.body_text.as_bytes()),
        }),
    )?;
    Ok(())
}

impl Store {
    /// The secret key of a member of this laptop, overwritten with zeros when dropped.
    pub fn member_secret(
        &self,
        reviewer_id: &str,
    ) -> Result<Option<zeroize::Zeroizing<[u8; 32]>>, StoreError> {
        let bytes: Option<zeroize::Zeroizing<Vec<u8>>> = self
            .conn
            .query_row(
                "SELECT secret_key FROM member_key WHERE reviewer_id = ?1",
                [reviewer_id],
                |r| r.get(0),
            )
            .optional()?
            .map(zeroize::Zeroizing::new);
        bytes
            .map(|b| {
                let mut secret = zeroize::Zeroizing::new([0u8; 32]);
                if b.len() != secret.len() {
                    return Err(StoreError::Corrupt(
                        "khóa bí mật của thành viên hỏng".into(),
                    ));
                }
                secret.copy_from_slice(&b);
                Ok(secret)
            })
            .transpose()
    }

    /// Whether a packet (by hash) is already in the store.
    pub fn has_packet(&self, hash: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM packets WHERE hash = ?1)",
            [hash],
            |r| r.get(0),
        )?)
    }

    /// A round's packets one way, by member then sequence number; of one member if named.
    pub fn packets(
        &self,
        round_id: &str,
        reviewer_id: Option<&str>,
        direction: Direction,
    ) -> Result<Vec<StoredPacket>, StoreError> {
        packets_of(&self.conn, round_id, reviewer_id, direction)
    }

    /// [`Store::packets`] without their reviews, in the same order: what the tally shows of the
    /// packets merged, without reading each review they carry.
    pub fn packet_headers(
        &self,
        round_id: &str,
        direction: Direction,
    ) -> Result<Vec<PacketHeader>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT hash, body, received_at FROM packets WHERE round_id = ?1 AND direction = ?2
             ORDER BY reviewer_id, seq, hash",
        )?;
        let mut rows = st.query(params![round_id, direction.code()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let hash: String = r.get(0)?;
            let body: HeaderFields =
                serde_json::from_str(r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?)
                    .map_err(|e| {
                        StoreError::Corrupt(format!("gói phiếu {hash} không đọc được: {e}"))
                    })?;
            out.push(PacketHeader {
                hash,
                member_id: body.member_id,
                member_name: body.member_name,
                seq: body.seq,
                created_at: body.created_at,
                conflicts: body.conflicts,
                reviews: u32::try_from(body.reviews.len()).unwrap_or(u32::MAX),
                received_at: crate::parse_ts(
                    r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?,
                )?,
            });
        }
        Ok(out)
    }

    /// The sequence number and hash of the last packet this laptop's member made for a round.
    pub fn last_outgoing(
        &self,
        round_id: &str,
        reviewer_id: &str,
    ) -> Result<Option<(u32, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, hash FROM packets WHERE round_id = ?1 AND reviewer_id = ?2 AND direction = 'out'
                 ORDER BY seq DESC LIMIT 1",
                [round_id, reviewer_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Records a packet this laptop made, so that the next one follows it in sequence. Refused if
    /// another packet already holds its sequence number.
    pub fn record_outgoing(&mut self, actor: &str, packet: &Packet) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM packets WHERE round_id = ?1 AND reviewer_id = ?2
             AND direction = 'out' AND seq = ?3)",
            params![packet.body.round_id, packet.body.member_id, packet.body.seq],
            |r| r.get(0),
        )?;
        if taken {
            return Err(StoreError::Invalid(format!(
                "gói phiếu số {} của đợt xét này đã được lập",
                packet.body.seq
            )));
        }
        insert_packet(&tx, actor, packet, Direction::Out, &ts(chrono::Utc::now()))?;
        tx.commit()?;
        Ok(())
    }

    /// Merges a received packet, already checked (signature, registered member, reviews valid
    /// for their nominations), in one transaction: the packet is kept, then the member's
    /// reviews of the round are recomputed from all their packets and the differences written,
    /// each with its audit entry. `state_of` gives the flags the core derives from a review.
    pub fn merge_packet(
        &mut self,
        actor: &str,
        packet: &Packet,
        state_of: &dyn Fn(&str, &Review) -> ReviewState,
    ) -> Result<MergeOutcome, StoreError> {
        let tx = self.write_tx()?;
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM packets WHERE hash = ?1)",
            [&packet.hash],
            |r| r.get(0),
        )?;
        if known {
            return Ok(MergeOutcome {
                unchanged: true,
                ..MergeOutcome::default()
            });
        }
        let now = ts(chrono::Utc::now());
        insert_packet(&tx, actor, packet, Direction::In, &now)?;
        let member = packet.body.member_id.as_str();
        let round = packet.body.round_id.as_str();
        let all: Vec<Packet> = packets_of(&tx, round, Some(member), Direction::In)?
            .into_iter()
            .map(|s| s.packet)
            .collect();
        let merged = merge_member(&all);

        // The member's current reviews of the round: body and the packet each came from.
        let mut current: HashMap<String, (String, Option<String>)> = HashMap::new();
        {
            let mut st = tx.prepare_cached(
                "SELECT r.nomination_id, r.body_json, r.packet_hash FROM reviews r
                 JOIN nominations n ON n.id = r.nomination_id
                 WHERE r.reviewer_id = ?1 AND n.round_id = ?2",
            )?;
            let rows = st.query_map([member, round], |r| {
                Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
            })?;
            for row in rows {
                let (id, v) = row?;
                current.insert(id, v);
            }
        }
        let mut out = MergeOutcome {
            forks: merged.forks.clone(),
            ..MergeOutcome::default()
        };
        for (nomination, (from, review)) in &merged.reviews {
            let body = review.to_json();
            let before = current.remove(*nomination);
            if let Some((b, Some(h))) = &before {
                if *b == body && *h == from.hash {
                    continue;
                }
            }
            let state = state_of(nomination, review);
            let before_json = before
                .as_ref()
                .map(|(b, _)| serde_json::from_str(b).unwrap_or(Value::Null));
            write_review(
                &tx,
                actor,
                &now,
                &ReviewWrite {
                    nomination_id: nomination,
                    reviewer_id: member,
                    reviewer_name: &packet.body.member_name,
                    review,
                    body: &body,
                    state,
                    before: before_json.as_ref(),
                    from: Some(*from),
                },
            )?;
            out.written += 1;
        }
        // What remains came from packets now disputed (reviews made on this laptop stay).
        for (nomination, (_, from)) in current {
            let Some(from) = from else { continue };
            tx.execute(
                "DELETE FROM reviews WHERE reviewer_id = ?1 AND nomination_id = ?2",
                [member, nomination.as_str()],
            )?;
            audit::append(
                &tx,
                actor,
                "review.withdraw",
                "review",
                &review_entity_id(&nomination, member),
                &serde_json::json!({
                    "nomination_id": nomination,
                    "reviewer_id": member,
                    "reviewer": packet.body.member_name,
                    "packet": from,
                    "reason": "gói phiếu bị tranh chấp (hai gói cùng số thứ tự)",
                }),
            )?;
            out.withdrawn += 1;
        }
        tx.commit()?;
        Ok(out)
    }

    /// Current content hashes of packets, for [`Store::audit_verify`]: a packet is named by the
    /// hash of its body, so an edited body no longer matches its name.
    pub(crate) fn packet_hashes(&self) -> Result<Vec<(&'static str, String, String)>, StoreError> {
        let mut st = self.conn.prepare("SELECT hash, body FROM packets")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (h, body) = row?;
            Ok(("packet", h, sha256_hex(body.as_bytes())))
        })
        .collect()
    }
}
