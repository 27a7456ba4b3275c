//! Decision packets (gói phiếu): a committee member's reviews of a round, signed with the
//! member's Ed25519 key on their own laptop and carried to the secretariat as a file.
//!
//! A packet file is JSON: `{"format", "body", "signature"}` where `body` is the packet's content
//! as a JSON *text* and `signature` the Ed25519 signature of exactly those bytes. Signing the text
//! rather than a re-serialised value means no canonical form has to be agreed on: what was signed
//! is what is read. The packet's identity is the SHA-256 of the body text.
//!
//! This module only builds, signs, reads and checks packets; merging them into a store and
//! counting votes are elsewhere (`store::packets`, [`crate::tally`]).

use crate::audit::sha256_hex;
use crate::message::{Message, MessageCode};
use crate::review::{Review, Role};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The format name written in every packet file; a file with another is refused.
pub const PACKET_FORMAT: &str = "xetkhen-goi-phieu/1";
/// The format of a member card, the file a member gives the secretariat to be registered.
pub const CARD_FORMAT: &str = "xetkhen-the-thanh-vien/1";

/// The largest packet file read: 2,000 reviews with long notes are a few megabytes.
pub const MAX_PACKET_BYTES: u64 = 64 * 1024 * 1024;

/// One review in a packet, with the nomination it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PacketReview {
    pub nomination_id: String,
    /// The member's review; its `nomination_hash` is the nomination version they reviewed.
    pub review: Review,
}

/// What a member signs: their reviews of a round at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PacketBody {
    pub format: String,
    pub round_id: String,
    pub member_id: String,
    pub member_name: String,
    /// The member's Ed25519 public key, hex.
    pub public_key: String,
    /// 1 for the member's first packet of the round, one more for each next one.
    pub seq: u32,
    /// The hash of the member's previous packet of the round (none for the first).
    pub prev_hash: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The units the member declared ties to when the packet was made.
    pub conflicts: Vec<String>,
    /// SHA-256 of the PDF summary made with the packet, which the signature thereby covers.
    pub summary_sha256: Option<String>,
    /// The head of the member's audit chain when the packet was signed (absent in packets made
    /// before heads were carried).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<crate::audit::AuditHead>,
    /// Sorted by nomination id, one per nomination.
    pub reviews: Vec<PacketReview>,
}

/// A packet as read from a file and checked: its body, hash and signature.
#[derive(Debug, Clone, PartialEq)]
pub struct Packet {
    pub body: PacketBody,
    /// The body text exactly as signed.
    pub body_text: String,
    /// SHA-256 of `body_text`, hex: the packet's identity.
    pub hash: String,
    /// Hex.
    pub signature: String,
}

#[derive(Serialize, Deserialize)]
struct PacketFile {
    format: String,
    body: String,
    signature: String,
}

/// Why a packet file is refused whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PacketError {
    #[error("{}", self.message().text)]
    NotAPacket(String),
    #[error("{}", self.message().text)]
    Format(String),
    #[error("{}", self.message().text)]
    Key,
    #[error("{}", self.message().text)]
    Signature,
    #[error("{}", self.message().text)]
    Content(String),
}

impl PacketError {
    /// Why the file is refused, for a person.
    pub fn message(&self) -> Message {
        match self {
            PacketError::NotAPacket(detail) => {
                Message::new(MessageCode::PacketNotAPacket, [("detail", detail.clone())])
            }
            PacketError::Format(format) => Message::new(
                MessageCode::PacketFormat,
                [
                    ("format", format.clone()),
                    ("expected", PACKET_FORMAT.to_string()),
                ],
            ),
            PacketError::Key => Message::new(MessageCode::PacketKey, []),
            PacketError::Signature => Message::new(MessageCode::PacketSignature, []),
            PacketError::Content(detail) => {
                Message::new(MessageCode::PacketContent, [("detail", detail.clone())])
            }
        }
    }

    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            PacketError::NotAPacket(_) => "packet.not-a-packet",
            PacketError::Format(_) => "packet.format",
            PacketError::Key => "packet.key",
            PacketError::Signature => "packet.signature",
            PacketError::Content(_) => "packet.content",
        }
    }
}

/// A member's Ed25519 key pair, made once on their laptop.
pub struct MemberKey(SigningKey);

impl MemberKey {
    /// The key from its 32 secret bytes (made from the operating system's random source by the
    /// caller: this crate reads nothing).
    pub fn from_secret(secret: &[u8; 32]) -> MemberKey {
        MemberKey(SigningKey::from_bytes(secret))
    }

    /// The 32 secret bytes, to be kept in the store; overwritten with zeros when dropped.
    pub fn secret_bytes(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.0.to_bytes())
    }

    /// The public key, hex, as member cards and packets carry it.
    pub fn public_hex(&self) -> String {
        hex::encode(self.0.verifying_key().to_bytes())
    }

    /// Signs a text; the signature in hex.
    pub fn sign_hex(&self, text: &[u8]) -> String {
        hex::encode(self.0.sign(text).to_bytes())
    }
}

impl std::fmt::Debug for MemberKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MemberKey({})", self.public_hex())
    }
}

/// Checks an Ed25519 signature (hex) of `text` by the public key (hex), strictly (no malleable
/// or small-order forms).
pub fn verify_hex(public_hex: &str, text: &[u8], signature_hex: &str) -> Result<(), PacketError> {
    let key: [u8; 32] = hex::decode(public_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(PacketError::Key)?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| PacketError::Key)?;
    let sig: [u8; 64] = hex::decode(signature_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(PacketError::Signature)?;
    key.verify_strict(text, &Signature::from_bytes(&sig))
        .map_err(|_| PacketError::Signature)
}

/// The fingerprint of a public key (hex) as people read it aloud over the phone: the first 128
/// bits of the SHA-256 of the key's 32 bytes, as 8 groups of 4 upper-case hex digits
/// (`A1B2 C3D4 …`). `None` for a key that is not 32 bytes of hex.
pub fn key_fingerprint(public_hex: &str) -> Option<String> {
    let bytes: [u8; 32] = hex::decode(public_hex).ok()?.try_into().ok()?;
    let digest = sha256_hex(&bytes).to_ascii_uppercase();
    let groups: Vec<&str> = (0..8)
        .filter_map(|i| digest.get(i * 4..i * 4 + 4))
        .collect();
    Some(groups.join(" "))
}

/// Whether a fingerprint typed by a person (any case, with or without spaces, dashes or colons)
/// is the one of this key. The whole 32 digits must be given.
pub fn fingerprint_matches(public_hex: &str, typed: &str) -> bool {
    let typed: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | ':' | '\t'))
        .collect::<String>()
        .to_ascii_uppercase();
    key_fingerprint(public_hex).is_some_and(|f| f.replace(' ', "") == typed)
}

impl PacketBody {
    /// Sorts the reviews by nomination, so that the same reviews always give the same packet.
    pub fn sorted(mut self) -> PacketBody {
        self.reviews
            .sort_by(|a, b| a.nomination_id.cmp(&b.nomination_id));
        self
    }

    /// Signs the body with the member's key; the key must be the one the body names.
    pub fn sign(self, key: &MemberKey) -> Result<Packet, PacketError> {
        if key.public_hex() != self.public_key {
            return Err(PacketError::Key);
        }
        let body = self.sorted();
        body.check()?;
        let body_text =
            serde_json::to_string(&body).map_err(|e| PacketError::Content(e.to_string()))?;
        let signature = key.sign_hex(body_text.as_bytes());
        Ok(Packet {
            hash: sha256_hex(body_text.as_bytes()),
            body,
            body_text,
            signature,
        })
    }

    /// What must hold of any packet, whoever made it.
    fn check(&self) -> Result<(), PacketError> {
        if self.format != PACKET_FORMAT {
            return Err(PacketError::Format(self.format.clone()));
        }
        if self.seq == 0 {
            return Err(PacketError::Content("số thứ tự gói phải từ 1".into()));
        }
        if (self.seq == 1) != self.prev_hash.is_none() {
            return Err(PacketError::Content(
                "gói đầu tiên không có gói trước, các gói sau phải ghi gói trước".into(),
            ));
        }
        if self.round_id.trim().is_empty() || self.member_id.trim().is_empty() {
            return Err(PacketError::Content(
                "thiếu mã đợt xét hoặc mã thành viên".into(),
            ));
        }
        if chrono::DateTime::parse_from_rfc3339(&self.created_at).is_err() {
            return Err(PacketError::Content(format!(
                "thời điểm lập gói «{}» không đọc được",
                self.created_at
            )));
        }
        for pair in self.reviews.windows(2) {
            if pair[0].nomination_id >= pair[1].nomination_id {
                return Err(PacketError::Content(format!(
                    "hồ sơ {} có mặt hai lần hoặc không theo thứ tự",
                    pair[1].nomination_id
                )));
            }
        }
        Ok(())
    }
}

impl Packet {
    /// The packet file's bytes.
    pub fn to_file(&self) -> Vec<u8> {
        let file = PacketFile {
            format: PACKET_FORMAT.into(),
            body: self.body_text.clone(),
            signature: self.signature.clone(),
        };
        serde_json::to_vec_pretty(&file).unwrap_or_default()
    }

    /// Reads a packet file and checks its signature against the key it names. Whether that key
    /// belongs to a registered member is the merging store's question.
    pub fn open(bytes: &[u8]) -> Result<Packet, PacketError> {
        if bytes.len() as u64 > MAX_PACKET_BYTES {
            return Err(PacketError::NotAPacket(format!(
                "tệp lớn {} MB, quá {} MB",
                bytes.len() / (1024 * 1024),
                MAX_PACKET_BYTES / (1024 * 1024)
            )));
        }
        let file: PacketFile = serde_json::from_slice(bytes)
            .map_err(|e| PacketError::NotAPacket(format!("không đọc được JSON: {e}")))?;
        if file.format != PACKET_FORMAT {
            return Err(PacketError::Format(file.format));
        }
        // The signature first: nothing of an unsigned body is believed, not even its key's form.
        let probe: serde_json::Value = serde_json::from_str(&file.body)
            .map_err(|e| PacketError::NotAPacket(format!("nội dung không đọc được: {e}")))?;
        let key = probe
            .get("public_key")
            .and_then(|k| k.as_str())
            .ok_or(PacketError::Key)?;
        verify_hex(key, file.body.as_bytes(), &file.signature)?;
        let body: PacketBody =
            serde_json::from_value(probe).map_err(|e| PacketError::Content(format!("{e}")))?;
        body.check()?;
        Ok(Packet {
            hash: sha256_hex(file.body.as_bytes()),
            body,
            body_text: file.body,
            signature: file.signature,
        })
    }
}

/// The reviews of one member that count, from every packet of theirs for one round.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberMerge<'a> {
    /// By nomination: the review of the newest packet that covers it, with that packet.
    pub reviews: BTreeMap<&'a str, (&'a Packet, &'a Review)>,
    /// Sequence numbers under which the member sent two different packets (a copied laptop, or
    /// a packet re-made by hand). Neither counts until a newer packet settles the nominations.
    pub forks: Vec<u32>,
}

/// The sequence numbers under which one sender sent two different packets (a copied laptop, or a
/// packet re-made by hand), as `(sender, seq)` pairs, from each packet's sender, number and
/// hash: the merge, the tally and the minutes all take disputed packets from here.
pub fn forks<'h, K: Ord>(
    packets: impl IntoIterator<Item = (K, u32, &'h str)>,
) -> BTreeSet<(K, u32)> {
    let mut hashes: BTreeMap<(K, u32), &'h str> = BTreeMap::new();
    let mut forked = BTreeSet::new();
    for (sender, seq, hash) in packets {
        match hashes.entry((sender, seq)) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(hash);
            }
            std::collections::btree_map::Entry::Occupied(o) => {
                if *o.get() != hash {
                    forked.insert(o.remove_entry().0);
                }
            }
        }
    }
    forked
}

/// Which of a member's reviews count, given all their packets for a round, received in any
/// order and possibly twice: for each nomination, the packet with the highest sequence number
/// that covers it. The answer depends on the set of packets only, never on their order.
pub fn merge_member(packets: &[Packet]) -> MemberMerge<'_> {
    let mut by_seq: BTreeMap<u32, BTreeMap<&str, &Packet>> = BTreeMap::new();
    for p in packets {
        by_seq
            .entry(p.body.seq)
            .or_default()
            .insert(p.hash.as_str(), p);
    }
    let forks: Vec<u32> = forks(packets.iter().map(|p| ((), p.body.seq, p.hash.as_str())))
        .into_iter()
        .map(|((), seq)| seq)
        .collect();
    let mut reviews: BTreeMap<&str, (&Packet, &Review)> = BTreeMap::new();
    // Oldest first, so that each newer packet replaces what it covers.
    for (_, ps) in by_seq.iter().filter(|(seq, _)| !forks.contains(seq)) {
        for p in ps.values() {
            for r in &p.body.reviews {
                reviews.insert(r.nomination_id.as_str(), (p, &r.review));
            }
        }
    }
    MemberMerge { reviews, forks }
}

/// What a member gives the secretariat to be registered: who they are and their public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCard {
    pub format: String,
    pub id: String,
    pub name: String,
    pub position: String,
    pub role: Role,
    pub conflicts: Vec<String>,
    pub public_key: String,
}

impl MemberCard {
    pub fn read(bytes: &[u8]) -> Result<MemberCard, PacketError> {
        let card: MemberCard = serde_json::from_slice(bytes)
            .map_err(|e| PacketError::NotAPacket(format!("không đọc được thẻ thành viên: {e}")))?;
        if card.format != CARD_FORMAT {
            return Err(PacketError::Format(card.format));
        }
        let key: [u8; 32] = hex::decode(&card.public_key)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(PacketError::Key)?;
        VerifyingKey::from_bytes(&key).map_err(|_| PacketError::Key)?;
        Ok(card)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::review::Vote;

    fn key(n: u8) -> MemberKey {
        MemberKey::from_secret(&[n; 32])
    }

    #[test]
    fn a_fork_is_one_sender_two_hashes_under_one_number() {
        let got = forks([
            ("an", 1, "h1"),
            ("an", 1, "h1"), // the same packet received twice
            ("an", 2, "h2"),
            ("an", 2, "h3"), // a copied laptop
            ("an", 2, "h4"),
            ("binh", 2, "h5"), // another member's number 2
            ("binh", 3, "h6"),
        ]);
        assert_eq!(got, BTreeSet::from([("an", 2)]));
    }

    fn body(k: &MemberKey, seq: u32, votes: &[(&str, Vote)]) -> PacketBody {
        PacketBody {
            format: PACKET_FORMAT.into(),
            round_id: "R1".into(),
            member_id: "m1".into(),
            member_name: "Nguyễn Văn An".into(),
            public_key: k.public_hex(),
            seq,
            prev_hash: (seq > 1).then(|| "ab".repeat(32)),
            created_at: "2026-11-27T08:00:00Z".into(),
            conflicts: vec![],
            summary_sha256: None,
            audit_head: None,
            reviews: votes
                .iter()
                .map(|(id, v)| PacketReview {
                    nomination_id: id.to_string(),
                    review: Review {
                        vote: Some(*v),
                        ..Review::default()
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn a_signed_packet_reads_back_the_same() {
        let k = key(7);
        let p = body(&k, 1, &[("n2", Vote::Reject), ("n1", Vote::Approve)])
            .sign(&k)
            .unwrap();
        let back = Packet::open(&p.to_file()).unwrap();
        assert_eq!(back, p);
        assert_eq!(
            back.body.reviews[0].nomination_id, "n1",
            "sorted by nomination"
        );
    }

    #[test]
    fn a_vote_changed_after_signing_is_refused() {
        let k = key(7);
        let p = body(&k, 1, &[("n1", Vote::Approve)]).sign(&k).unwrap();
        let text = String::from_utf8(p.to_file()).unwrap();
        let forged = text.replace("approve", "reject");
        assert_ne!(forged, text);
        assert_eq!(Packet::open(forged.as_bytes()), Err(PacketError::Signature));
    }

    #[test]
    fn a_packet_resigned_with_another_key_under_the_members_name_is_refused() {
        let (k, thief) = (key(7), key(8));
        let mut b = body(&k, 1, &[("n1", Vote::Approve)]);
        b.public_key = thief.public_hex();
        let p = b.sign(&thief).unwrap();
        let mut file: serde_json::Value = serde_json::from_slice(&p.to_file()).unwrap();
        // Put the member's key back in the body: the thief's signature no longer matches it.
        let body_text = file["body"]
            .as_str()
            .unwrap()
            .replace(&thief.public_hex(), &k.public_hex());
        file["body"] = body_text.into();
        assert_eq!(
            Packet::open(&serde_json::to_vec(&file).unwrap()),
            Err(PacketError::Signature)
        );
    }

    #[test]
    fn malformed_files_are_refused_with_a_reason() {
        let cases: [&[u8]; 4] = [
            b"",
            b"\xff\xfe garbage",
            br#"{"format":"khac/1","body":"{}","signature":""}"#,
            br#"{"format":"xetkhen-goi-phieu/1","body":"{}","signature":"00"}"#,
        ];
        for c in cases {
            assert!(Packet::open(c).is_err(), "{:?}", String::from_utf8_lossy(c));
        }
    }

    #[test]
    fn sequence_and_chain_must_agree() {
        let k = key(7);
        let mut b = body(&k, 2, &[]);
        b.prev_hash = None;
        assert!(matches!(b.sign(&k), Err(PacketError::Content(_))));
        let b = body(&k, 0, &[]);
        assert!(matches!(b.sign(&k), Err(PacketError::Content(_))));
    }

    fn packet(k: &MemberKey, seq: u32, votes: &[(&str, Vote)], note: &str) -> Packet {
        let mut b = body(k, seq, votes);
        b.created_at = format!("2026-11-27T08:00:{:02}Z", seq % 60);
        for r in &mut b.reviews {
            r.review.note = Some(note.into());
        }
        b.sign(k).unwrap()
    }

    #[test]
    fn a_newer_packet_replaces_an_older_one_for_what_it_covers_in_any_order() {
        let k = key(7);
        let p1 = packet(&k, 1, &[("n1", Vote::Approve), ("n2", Vote::Approve)], "");
        let p2 = packet(&k, 2, &[("n2", Vote::Reject)], "");
        let orders = [vec![p1.clone(), p2.clone()], vec![p2.clone(), p1, p2]];
        for set in &orders {
            let m = merge_member(set);
            assert!(m.forks.is_empty());
            assert_eq!(m.reviews["n1"].1.vote, Some(Vote::Approve));
            assert_eq!(m.reviews["n2"].1.vote, Some(Vote::Reject));
            assert_eq!(m.reviews["n2"].0.body.seq, 2);
        }
    }

    #[test]
    fn two_packets_with_one_sequence_number_count_for_neither() {
        let k = key(7);
        let p1 = packet(&k, 1, &[("n1", Vote::Approve)], "");
        let a = packet(&k, 2, &[("n1", Vote::Reject)], "laptop A");
        let b = packet(&k, 2, &[("n1", Vote::Abstain)], "laptop B");
        let first = [a.clone(), p1.clone(), b.clone()];
        let m = merge_member(&first);
        assert_eq!(m.forks, vec![2]);
        assert_eq!(
            m.reviews["n1"].0.body.seq, 1,
            "back to the last undisputed packet"
        );
        let p3 = packet(&k, 3, &[("n1", Vote::Reject)], "");
        let later = [b, p3, a, p1];
        let m = merge_member(&later);
        assert_eq!(m.reviews["n1"].1.vote, Some(Vote::Reject));
    }

    #[test]
    fn a_fingerprint_is_read_in_groups_and_matched_however_typed() {
        let k = key(7).public_hex();
        let f = key_fingerprint(&k).unwrap();
        assert_eq!(f.len(), 8 * 4 + 7, "{f}");
        assert!(f.split(' ').all(|g| g.len() == 4), "{f}");
        assert!(fingerprint_matches(&k, &f));
        assert!(fingerprint_matches(&k, &f.to_lowercase().replace(' ', "-")));
        assert!(
            !fingerprint_matches(&k, &f[..f.len() - 5]),
            "a shortened fingerprint"
        );
        assert!(!fingerprint_matches(&key(8).public_hex(), &f));
    }

    #[test]
    fn a_card_with_a_bad_key_is_refused() {
        let card = serde_json::json!({
            "format": CARD_FORMAT, "id": "m1", "name": "A", "position": "B", "role": "member",
            "conflicts": [], "public_key": "00",
        });
        assert_eq!(
            MemberCard::read(card.to_string().as_bytes()),
            Err(PacketError::Key)
        );
    }
}
