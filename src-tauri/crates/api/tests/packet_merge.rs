//! Property: whatever set of members' packets the secretariat receives, in whatever order, with
//! whatever duplicates, the merged reviews and the tally are the same.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use xetkhen_api::Desk;
use xetkhen_core::packet::{CARD_FORMAT, PACKET_FORMAT};
use xetkhen_core::{MemberCard, MemberKey, PacketBody, PacketReview, Review, Role, Vote};

const MEMBERS: usize = 3;

/// One packet to make: member, sequence number, a variant (two variants under one number are a
/// cloned laptop), and votes by nomination index.
#[derive(Debug, Clone)]
struct Spec {
    member: usize,
    seq: u32,
    variant: u8,
    votes: Vec<(usize, u8)>,
}

fn key(m: usize) -> MemberKey {
    MemberKey::from_secret(&[u8::try_from(m + 1).unwrap(); 32])
}

fn member_id(m: usize) -> String {
    format!("thanh-vien-{m}")
}

/// A secretariat with the demo round and the members registered; the round id and the
/// nominations (id, content hash) in a fixed order.
fn secretariat() -> (Desk, String, Vec<(String, String)>) {
    let mut desk = Desk::open_in_memory("Thư ký").unwrap();
    let round = desk.load_demo().unwrap().round.id;
    for m in 0..MEMBERS {
        let card = MemberCard {
            format: CARD_FORMAT.into(),
            id: member_id(m),
            name: format!("Thành viên {m}"),
            position: "Ủy viên".into(),
            role: Role::Member,
            conflicts: if m == 2 {
                vec!["Bệnh viện Nhân dân 115".into()]
            } else {
                vec![]
            },
            public_key: key(m).public_hex(),
        };
        desk.register_member(&serde_json::to_vec(&card).unwrap(), false)
            .unwrap();
    }
    let mut noms: Vec<(String, String)> = desk
        .store()
        .find_nominations(&xetkhen_store::NominationQuery {
            round_id: Some(&round),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|s| (s.nomination.id.clone(), s.nomination.content_hash()))
        .collect();
    noms.sort();
    (desk, round, noms)
}

fn write_packets(
    dir: &Path,
    round: &str,
    noms: &[(String, String)],
    specs: &[Spec],
) -> Vec<PathBuf> {
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let k = key(s.member);
            let mut reviews: Vec<PacketReview> = Vec::new();
            for (n, v) in &s.votes {
                let (id, hash) = &noms[n % noms.len()];
                if reviews.iter().any(|r| &r.nomination_id == id) {
                    continue;
                }
                reviews.push(PacketReview {
                    nomination_id: id.clone(),
                    review: Review {
                        nomination_hash: hash.clone(),
                        vote: Some(Vote::ALL[usize::from(*v) % 3]),
                        score: Some(f64::from(*v)),
                        note: Some(format!("bản {}", s.variant)),
                        ..Review::default()
                    },
                });
            }
            let body = PacketBody {
                format: PACKET_FORMAT.into(),
                round_id: round.into(),
                member_id: member_id(s.member),
                member_name: format!("Thành viên {}", s.member),
                public_key: k.public_hex(),
                seq: s.seq,
                prev_hash: (s.seq > 1).then(|| "0".repeat(64)),
                created_at: "2026-11-27T08:00:00Z".into(),
                conflicts: vec![],
                summary_sha256: None,
                audit_head: None,
                reviews,
            };
            let p = body.sign(&k).unwrap();
            let path = dir.join(format!("goi-{i}.xkgp"));
            std::fs::write(&path, p.to_file()).unwrap();
            path
        })
        .collect()
}

/// What the merge decided: the reviews that count and the tally rows.
fn state(desk: &Desk, round: &str) -> (Vec<(String, String, String)>, Value) {
    let reviews = desk
        .store()
        .reviews_of_round(round)
        .unwrap()
        .into_iter()
        .map(|r| (r.nomination_id, r.reviewer_id, r.review.to_json()))
        .collect();
    let tally = serde_json::to_value(desk.tally(round).unwrap()).unwrap();
    (reviews, tally["rows"].clone())
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..MEMBERS,
        1u32..4,
        0u8..2,
        prop::collection::vec((0usize..30, 0u8..3), 0..8),
    )
        .prop_map(|(member, seq, variant, votes)| Spec {
            member,
            seq,
            variant,
            votes,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_order_with_any_duplicates_gives_the_same_tally(
        specs in prop::collection::vec(spec(), 1..8),
        order_seed in any::<u64>(),
        repeats in prop::collection::vec(0usize..8, 0..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (mut first, round, noms) = secretariat();
        let files = write_packets(dir.path(), &round, &noms, &specs);
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        let r = first.import_packets(&refs).unwrap();
        prop_assert_eq!(r.rejected, 0, "{:?}", r);
        let expected = state(&first, &round);

        // Another secretariat: a shuffled order, some files twice.
        let (mut second, _, _) = secretariat();
        let mut order: Vec<&Path> = refs.clone();
        let mut s = order_seed;
        for i in (1..order.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = usize::try_from(s >> 33).unwrap() % (i + 1);
            order.swap(i, j);
        }
        for r in &repeats {
            order.push(refs[r % refs.len()]);
        }
        for f in &order {
            second.import_packets(&[f]).unwrap();
        }
        prop_assert_eq!(state(&second, &round), expected);
        let audit = second.audit_verify().unwrap();
        prop_assert!(audit.intact, "{:?}", audit);
    }
}
