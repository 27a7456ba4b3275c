//! Writes a small signed decision packet and a member card, the first inputs of the
//! `read_packet` fuzz target. Run: `cargo run -p xetkhen-core --example packet_seed DIR`.

use xetkhen_core::packet::{CARD_FORMAT, PACKET_FORMAT};
use xetkhen_core::{
    ItemReview, MemberCard, MemberKey, PacketBody, PacketReview, Review, Role, Verdict, Vote,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).ok_or("thiếu thư mục đích")?);
    std::fs::create_dir_all(&dir)?;
    let key = MemberKey::from_secret(&[7; 32]);
    let review = Review {
        nomination_hash: "ab".repeat(32),
        items: [(
            "2.1.a".to_string(),
            ItemReview {
                verdict: Some(Verdict::Pass),
                reason: Some("Có minh chứng đầy đủ".into()),
                note: None,
            },
        )]
        .into_iter()
        .collect(),
        score: Some(8.5),
        vote: Some(Vote::Approve),
        note: Some("Đơn vị tiêu biểu".into()),
        ..Review::default()
    };
    let body = PacketBody {
        format: PACKET_FORMAT.into(),
        round_id: "dot-xet".into(),
        member_id: "thanh-vien-1".into(),
        member_name: "Đặng Quốc Bảo".into(),
        public_key: key.public_hex(),
        seq: 2,
        prev_hash: Some("cd".repeat(32)),
        created_at: "2026-11-27T08:00:00Z".into(),
        conflicts: vec!["Sở Y tế".into()],
        summary_sha256: Some("ef".repeat(32)),
        audit_head: None,
        reviews: vec![PacketReview {
            nomination_id: "demo-001".into(),
            review,
        }],
    };
    std::fs::write(dir.join("packet.xkgp"), body.sign(&key)?.to_file())?;
    let card = MemberCard {
        format: CARD_FORMAT.into(),
        id: "thanh-vien-1".into(),
        name: "Đặng Quốc Bảo".into(),
        position: "Ủy viên Hội đồng".into(),
        role: Role::Member,
        conflicts: vec![],
        public_key: key.public_hex(),
    };
    std::fs::write(dir.join("card.json"), serde_json::to_vec_pretty(&card)?)?;
    Ok(())
}
