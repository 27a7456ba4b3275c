//! The store as the rest of the program uses it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use xetkhen_core::packet::PACKET_FORMAT;
use xetkhen_core::{
    AwardForm, Metrics, Nomination, NomineeKind, Percent, Round, RoundKind, Rubric,
};
use xetkhen_core::{MemberKey, MessageCode, Packet, PacketBody, PacketReview, Review, Role, Vote};
use xetkhen_store::{
    AutoFilter, Direction, NominationQuery, ReviewState, Reviewer, Store, StoreError, WriteOutcome,
};

const SECRETARY: &str = "Thư ký Ban Thi đua";

fn round(id: &str) -> Round {
    Round::open(id, "Tổng kết 2025", RoundKind::TongKet, Utc::now())
}

fn person(id: &str, name: &str, round_id: &str) -> Nomination {
    Nomination {
        id: id.into(),
        round_id: round_id.into(),
        kind: NomineeKind::Individual,
        criteria_set: "2.4".into(),
        name: name.into(),
        position: Some("Chuyên viên".into()),
        birth_year: Some(1980),
        id_number: Some("079080001234".into()),
        unit: "Ủy ban nhân dân Phường Sài Gòn".into(),
        nominating_unit: None,
        award: AwardForm::BangKhen,
        summary: Some("Sáng kiến số hóa hồ sơ".into()),
        metrics: Metrics::default(),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn ward(id: &str, name: &str, online: f64) -> Nomination {
    Nomination {
        kind: NomineeKind::Collective,
        criteria_set: "2.2".into(),
        position: None,
        birth_year: None,
        id_number: None,
        unit: name.into(),
        metrics: Metrics {
            online_records_pct: Percent::from_f64(online).ok(),
            ..Metrics::default()
        },
        ..person(id, name, "r1")
    }
}

fn store_with_round() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.create_round(SECRETARY, &round("r1"), &Rubric::plan_2242())
        .unwrap();
    s
}

fn names(s: &Store, q: &NominationQuery<'_>) -> Vec<String> {
    s.find_nominations(q)
        .unwrap()
        .into_iter()
        .map(|n| n.nomination.name)
        .collect()
}

#[test]
fn writing_the_same_batch_twice_changes_nothing_the_second_time() {
    let mut s = store_with_round();
    let batch = vec![
        person("a", "Nguyễn Văn Đức", "r1"),
        ward("b", "Phường Bến Thành", 76.3),
    ];
    assert_eq!(
        s.write_nominations(SECRETARY, "a.xlsx", &batch).unwrap(),
        [WriteOutcome::Inserted; 2]
    );
    let entries = s.audit_entries(None).unwrap().len();
    assert_eq!(
        s.write_nominations(SECRETARY, "a.xlsx", &batch).unwrap(),
        [WriteOutcome::Unchanged; 2]
    );
    assert_eq!(s.audit_entries(None).unwrap().len(), entries);
}

#[test]
fn a_changed_row_is_updated_and_the_audit_log_names_the_field_and_the_file() {
    let mut s = store_with_round();
    s.write_nominations(
        SECRETARY,
        "dot-1.xlsx",
        &[ward("b", "Phường Bến Thành", 59.9)],
    )
    .unwrap();
    let out = s
        .write_nominations(
            SECRETARY,
            "dot-2.xlsx",
            &[ward("b", "Phường Bến Thành", 60.0)],
        )
        .unwrap();
    assert_eq!(out, [WriteOutcome::Updated]);
    let last = s.audit_entries(Some("b")).unwrap().pop().unwrap();
    assert_eq!(last.action, "nomination.update");
    assert!(
        last.detail.contains("online_records_pct"),
        "{}",
        last.detail
    );
    assert!(last.detail.contains("dot-2.xlsx"));
    assert!(
        !last.detail.contains("\"name\""),
        "unchanged fields are not listed: {}",
        last.detail
    );
    let stored = s.nomination("b").unwrap().unwrap();
    assert_eq!(stored.auto_fail, 0, "60.0% passes the 60% bar of 2.2.b");
}

#[test]
fn a_batch_with_one_bad_nomination_writes_nothing_at_all() {
    let mut s = store_with_round();
    let batch = vec![
        person("a", "Nguyễn Văn Đức", "r1"),
        person("x", "Trần Thị B", "no-such-round"),
    ];
    let err = s
        .write_nominations(SECRETARY, "a.xlsx", &batch)
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert_eq!(s.count_nominations(None).unwrap(), 0);
    assert_eq!(
        s.audit_entries(None).unwrap().len(),
        1,
        "only the round's creation"
    );
}

#[test]
fn search_finds_nguyen_van_duc_however_it_is_typed() {
    let mut s = store_with_round();
    s.write_nominations(
        SECRETARY,
        "t",
        &[
            person("a", "Nguyễn Văn Đức", "r1"),
            person("b", "Nguyễn Văn Dũng", "r1"),
        ],
    )
    .unwrap();
    for q in [
        "nguyen van duc",
        "NGUYỄN VĂN ĐỨC",
        "đức",
        "duc",
        "Nguye\u{302}\u{303}n Va\u{306}n \u{110}u\u{31b}\u{301}c",
    ] {
        let found = names(
            &s,
            &NominationQuery {
                text: Some(q),
                ..Default::default()
            },
        );
        assert!(
            found.contains(&"Nguyễn Văn Đức".to_string()),
            "{q} → {found:?}"
        );
    }
    let found = names(
        &s,
        &NominationQuery {
            text: Some("van du"),
            ..Default::default()
        },
    );
    assert_eq!(found.len(), 2, "words match as prefixes");
}

#[test]
fn a_renamed_nomination_is_found_by_its_new_name_only() {
    let mut s = store_with_round();
    s.write_nominations(SECRETARY, "t", &[person("a", "Nguyễn Văn Đức", "r1")])
        .unwrap();
    let out = s
        .write_nominations(SECRETARY, "t", &[person("a", "Lê Thị Hồng", "r1")])
        .unwrap();
    assert_eq!(out, [WriteOutcome::Updated]);
    let find = |q: &str| {
        names(
            &s,
            &NominationQuery {
                text: Some(q),
                ..Default::default()
            },
        )
    };
    assert_eq!(find("le thi hong"), ["Lê Thị Hồng"]);
    assert!(find("nguyen van duc").is_empty(), "the old terms are gone");
    assert_eq!(s.count_nominations(None).unwrap(), 1);
}

#[test]
fn search_syntax_typed_by_a_user_never_breaks_the_query() {
    let mut s = store_with_round();
    s.write_nominations(SECRETARY, "t", &[person("a", "Nguyễn Văn Đức", "r1")])
        .unwrap();
    for q in [
        "\"",
        "*",
        "(",
        "AND",
        "OR NOT",
        "nguyen\" OR \"x",
        "NEAR(a b)",
        "'; DROP TABLE nominations; --",
        "   ",
    ] {
        s.find_nominations(&NominationQuery {
            text: Some(q),
            ..Default::default()
        })
        .unwrap();
    }
    assert_eq!(s.count_nominations(None).unwrap(), 1);
}

#[test]
fn filters_by_set_kind_award_and_automatic_result() {
    let mut s = store_with_round();
    let flag = Nomination {
        award: AwardForm::CoThiDua,
        ..ward("c", "Phường Tân Định", 59.9)
    };
    s.write_nominations(
        SECRETARY,
        "t",
        &[
            person("a", "Nguyễn Văn Đức", "r1"),
            ward("b", "Phường Bến Thành", 76.3),
            flag,
        ],
    )
    .unwrap();
    let q = |f: NominationQuery<'static>| names(&s, &f);
    assert_eq!(
        q(NominationQuery {
            criteria_set: Some("2.4"),
            ..Default::default()
        }),
        ["Nguyễn Văn Đức"]
    );
    assert_eq!(
        q(NominationQuery {
            kind: Some(NomineeKind::Collective),
            ..Default::default()
        })
        .len(),
        2
    );
    assert_eq!(
        q(NominationQuery {
            award: Some(AwardForm::CoThiDua),
            ..Default::default()
        }),
        ["Phường Tân Định"]
    );
    assert_eq!(
        q(NominationQuery {
            auto: Some(AutoFilter::Fail),
            ..Default::default()
        }),
        ["Phường Tân Định"]
    );
    assert_eq!(
        q(NominationQuery {
            auto: Some(AutoFilter::Pass),
            ..Default::default()
        }),
        ["Phường Bến Thành"]
    );
    let by_name_desc = q(NominationQuery {
        descending: true,
        ..Default::default()
    });
    assert_eq!(
        by_name_desc,
        ["Phường Tân Định", "Phường Bến Thành", "Nguyễn Văn Đức"]
    );
}

#[test]
fn an_intact_store_verifies_and_an_edit_behind_its_back_is_found() {
    let mut s = store_with_round();
    s.write_nominations(
        SECRETARY,
        "t",
        &[
            person("a", "Nguyễn Văn Đức", "r1"),
            ward("b", "Phường Bến Thành", 76.3),
        ],
    )
    .unwrap();
    let report = s.audit_verify().unwrap();
    assert_eq!(
        (
            report.entries,
            report.broken.as_ref(),
            report.tampered.len()
        ),
        (3, None, 0)
    );

    s.raw_connection_for_tests()
        .execute(
            "UPDATE nominations SET online_records_pct = 9900 WHERE id = 'b'",
            [],
        )
        .unwrap();
    let report = s.audit_verify().unwrap();
    assert_eq!(report.tampered.len(), 1);
    assert_eq!(report.tampered[0].entity_id, "b");

    s.raw_connection_for_tests()
        .execute("DELETE FROM nominations WHERE id = 'a'", [])
        .unwrap();
    let report = s.audit_verify().unwrap();
    assert!(report
        .tampered
        .iter()
        .any(|t| t.entity_id == "a" && t.problem.code == MessageCode::AuditRecordRemoved));
}

#[test]
fn an_edited_audit_entry_breaks_the_chain_there() {
    let mut s = store_with_round();
    s.write_nominations(
        SECRETARY,
        "t",
        &[
            person("a", "Nguyễn Văn Đức", "r1"),
            ward("b", "Phường Bến Thành", 76.3),
        ],
    )
    .unwrap();
    s.raw_connection_for_tests()
        .execute(
            "UPDATE audit_log SET actor = 'Người khác' WHERE seq = 2",
            [],
        )
        .unwrap();
    assert_eq!(s.audit_verify().unwrap().broken.map(|b| b.seq), Some(2));
}

#[test]
fn two_programs_writing_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xetkhen.db");
    let mut first = Store::open(&path).unwrap();
    first
        .create_round(SECRETARY, &round("r1"), &Rubric::plan_2242())
        .unwrap();
    drop(first);
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path).unwrap();
                for i in 0..50 {
                    let n = person(&format!("w{w}-{i}"), &format!("Người số {i}"), "r1");
                    s.write_nominations(SECRETARY, "t", &[n]).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.count_nominations(None).unwrap(), 100);
    assert!(
        s.audit_verify().unwrap().broken.is_none(),
        "the chain stays whole under concurrent writers"
    );
}

#[test]
fn a_snapshot_is_a_checked_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("a.db")).unwrap();
    s.create_round(SECRETARY, &round("r1"), &Rubric::plan_2242())
        .unwrap();
    s.write_nominations(SECRETARY, "t", &[person("a", "Nguyễn Văn Đức", "r1")])
        .unwrap();
    let copy = dir.path().join("backups/copy.db");
    s.snapshot(&copy).unwrap();
    let c = Store::open(&copy).unwrap();
    assert_eq!(c.count_nominations(None).unwrap(), 1);
    assert!(
        s.snapshot(&copy).is_err(),
        "an existing copy is never overwritten"
    );
}

#[test]
fn rounds_are_listed_newest_first_with_their_counts() {
    let mut s = store_with_round();
    let mut later = round("r2");
    later.created_at = Utc::now() + chrono::Duration::seconds(5);
    s.create_round(SECRETARY, &later, &Rubric::plan_2242())
        .unwrap();
    s.write_nominations(SECRETARY, "t", &[person("a", "Nguyễn Văn Đức", "r1")])
        .unwrap();
    let rounds = s.rounds().unwrap();
    assert_eq!(
        rounds
            .iter()
            .map(|r| r.round.id.as_str())
            .collect::<Vec<_>>(),
        ["r2", "r1"]
    );
    assert_eq!(rounds[1].nomination_count, 1);
    assert_eq!(
        s.latest_open_round().unwrap().map(|r| r.id),
        Some("r2".into())
    );
    assert_eq!(s.round_rubric("r1").unwrap(), Rubric::plan_2242());
}

#[test]
fn search_still_finds_nominations_after_the_store_is_vacuumed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("a.db")).unwrap();
    s.create_round(SECRETARY, &round("r1"), &Rubric::plan_2242())
        .unwrap();
    let many: Vec<Nomination> = (0..50)
        .map(|i| person(&format!("p{i}"), &format!("Người số {i}"), "r1"))
        .collect();
    s.write_nominations(SECRETARY, "t", &many).unwrap();
    s.write_nominations(SECRETARY, "t", &[person("a", "Nguyễn Văn Đức", "r1")])
        .unwrap();
    s.raw_connection_for_tests()
        .execute("DELETE FROM nominations WHERE id = 'p3'", [])
        .unwrap();
    s.raw_connection_for_tests()
        .execute_batch("VACUUM")
        .unwrap();
    let found = names(
        &s,
        &NominationQuery {
            text: Some("nguyen van duc"),
            ..Default::default()
        },
    );
    assert_eq!(found, ["Nguyễn Văn Đức"]);
}

/// A round with two nominations and a member whose packet (with a declared tie) reviews both;
/// the packet merged. Returns the store, the packet and its review of "a".
fn store_with_a_merged_packet() -> (Store, Packet, Review, ReviewState) {
    let mut s = store_with_round();
    let noms = [
        person("a", "Nguyễn Văn Đức", "r1"),
        ward("b", "Phường Bến Thành", 76.3),
    ];
    s.write_nominations(SECRETARY, "a.xlsx", &noms).unwrap();
    let key = MemberKey::from_secret(&[7; 32]);
    s.save_reviewer(
        SECRETARY,
        &Reviewer {
            id: "tv-1".into(),
            name: "Trần Thị Lan".into(),
            position: "Ủy viên".into(),
            role: Role::Member,
            conflicts: vec![],
            is_self: false,
            public_key: Some(key.public_hex()),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        },
    )
    .unwrap();
    let reviews: Vec<PacketReview> = noms
        .iter()
        .zip([(Vote::Approve, None), (Vote::Abstain, Some(7.5))])
        .map(|(n, (vote, score))| PacketReview {
            nomination_id: n.id.clone(),
            review: Review {
                nomination_hash: n.content_hash(),
                vote: Some(vote),
                score,
                note: Some("Số liệu khớp báo cáo.".into()),
                ..Review::default()
            },
        })
        .collect();
    let review = reviews[0].review.clone();
    let packet = PacketBody {
        format: PACKET_FORMAT.into(),
        round_id: "r1".into(),
        member_id: "tv-1".into(),
        member_name: "Trần Thị Lan".into(),
        public_key: key.public_hex(),
        seq: 1,
        prev_hash: None,
        created_at: "2026-11-27T08:00:00Z".into(),
        conflicts: vec!["Phường Tân Định".into()],
        summary_sha256: None,
        audit_head: None,
        reviews,
    }
    .sign(&key)
    .unwrap();
    let state = ReviewState {
        complete: true,
        needs_evidence: false,
    };
    let merged = s.merge_packet(SECRETARY, &packet, &|_, _| state).unwrap();
    assert_eq!(merged.written, 2);
    (s, packet, review, state)
}

#[test]
fn a_review_merged_from_a_packet_names_the_packet_and_a_later_local_edit_does_not() {
    let (mut s, packet, review, state) = store_with_a_merged_packet();
    let edited = Review {
        vote: Some(Vote::ALL[1]),
        ..review
    };
    assert_eq!(
        s.save_review(SECRETARY, "a", "tv-1", &edited, state, &[])
            .unwrap(),
        WriteOutcome::Updated
    );

    let entries: Vec<_> = s
        .nomination_history("a")
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "review")
        .collect();
    assert_eq!(entries.len(), 2);
    let merge: serde_json::Value = serde_json::from_str(&entries[0].detail).unwrap();
    assert_eq!(entries[0].action, "review.create");
    assert_eq!(merge["packet"], packet.hash.as_str());
    assert_eq!(merge["seq"], 1);
    assert_eq!(merge["reviewer"], "Trần Thị Lan");
    assert!(merge["changes"]["vote"].is_object());
    let local: serde_json::Value = serde_json::from_str(&entries[1].detail).unwrap();
    assert_eq!(entries[1].action, "review.update");
    assert!(local.get("packet").is_none() && local.get("seq").is_none());
    assert_eq!(
        local["changes"]["vote"]["before"],
        serde_json::to_value(Vote::ALL[0]).unwrap()
    );
    assert!(local["changes"].get("nomination_hash").is_none());
    // An edit made here is no longer what the member signed: the row names no packet, and the
    // tally does not take it as the member's signed vote.
    let from: Option<String> = s
        .raw_connection_for_tests()
        .query_row(
            "SELECT packet_hash FROM reviews WHERE nomination_id = 'a' AND reviewer_id = 'tv-1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(from, None);
    assert!(s
        .votes_of_round("r1")
        .unwrap()
        .iter()
        .filter(|v| v.reviewer_id == "tv-1" && v.nomination_id == "a")
        .all(|v| !v.signed));
    let report = s.audit_verify().unwrap();
    assert!(report.broken.is_none() && report.tampered.is_empty());
}

#[test]
fn the_tally_reads_the_same_votes_and_packets_as_the_whole_reviews_and_packets() {
    let (s, _, _, _) = store_with_a_merged_packet();
    let mut votes: Vec<_> = s
        .votes_of_round("r1")
        .unwrap()
        .into_iter()
        .map(|v| (v.nomination_id, v.reviewer_id, v.vote))
        .collect();
    votes.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
    let whole: Vec<_> = s
        .reviews_of_round("r1")
        .unwrap()
        .into_iter()
        .map(|r| {
            let vote = xetkhen_store::ReviewVote {
                nomination_hash: r.review.nomination_hash,
                vote: r.review.vote,
                score: r.review.score,
            };
            (r.nomination_id, r.reviewer_id, vote)
        })
        .collect();
    assert_eq!(votes.len(), 2);
    assert_eq!(votes, whole);

    let headers = s.packet_headers("r1", Direction::In).unwrap();
    let packets = s.packets("r1", None, Direction::In).unwrap();
    assert_eq!(headers.len(), 1);
    for (h, p) in headers.iter().zip(&packets) {
        let b = &p.packet.body;
        assert_eq!(
            (&h.hash, &h.member_id, &h.member_name, h.seq, &h.created_at),
            (
                &p.packet.hash,
                &b.member_id,
                &b.member_name,
                b.seq,
                &b.created_at
            )
        );
        assert_eq!(h.conflicts, b.conflicts);
        assert_eq!(h.reviews as usize, b.reviews.len());
        assert_eq!(h.received_at, p.received_at);
    }
    assert!(s.packet_headers("r1", Direction::Out).unwrap().is_empty());
}
