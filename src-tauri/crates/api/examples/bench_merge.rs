//! Issue figure for merging decision packets: 30 members' packets of 2,000 reviews each merged
//! into a secretariat store on disk (time and peak memory), then all of them imported again
//! (nothing changes: time). Baseline in the same run: reading and checking the signatures of the
//! same 30 files without writing anything.
//!
//! Run: `cargo run --release -p xetkhen-api --example bench_merge`

mod common;

use common::{current_rss_kib, peak_rss_kib};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use xetkhen_api::Desk;
use xetkhen_core::packet::{CARD_FORMAT, PACKET_FORMAT};
use xetkhen_core::{MemberCard, MemberKey, Packet, PacketBody, PacketReview, Review, Role, Vote};

const MEMBERS: usize = 30;
const REVIEWS: u32 = 2_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("ban-thu-ky.db");
    let mut desk = Desk::open(&db, "Thư ký")?;
    let round = desk.load_demo()?.round.id;
    desk.generate_nominations(&round, REVIEWS - 30)?;
    let noms: Vec<(String, String)> = desk
        .store()
        .find_nominations(&xetkhen_store::NominationQuery {
            round_id: Some(&round),
            ..Default::default()
        })?
        .into_iter()
        .map(|s| (s.nomination.id.clone(), s.nomination.content_hash()))
        .collect();
    println!("{} nominations in the round", noms.len());

    let mut files: Vec<PathBuf> = Vec::new();
    let mut total_bytes = 0u64;
    for m in 0..MEMBERS {
        let key = MemberKey::from_secret(&[u8::try_from(m + 1)?; 32]);
        let card = MemberCard {
            format: CARD_FORMAT.into(),
            id: format!("thanh-vien-{m:02}"),
            name: format!("Thành viên {m:02}"),
            position: "Ủy viên Hội đồng".into(),
            role: Role::Member,
            conflicts: vec![],
            public_key: key.public_hex(),
        };
        desk.register_member(&serde_json::to_vec(&card)?, false)?;
        let reviews = noms
            .iter()
            .enumerate()
            .map(|(i, (id, hash))| PacketReview {
                nomination_id: id.clone(),
                review: Review {
                    nomination_hash: hash.clone(),
                    vote: Some(Vote::ALL[(i + m) % 3]),
                    score: Some(f64::from(u32::try_from((i + m) % 11).unwrap_or(0))),
                    note: Some("Hồ sơ đầy đủ, số liệu khớp báo cáo của đơn vị.".into()),
                    ..Review::default()
                },
            })
            .collect();
        let body = PacketBody {
            format: PACKET_FORMAT.into(),
            round_id: round.clone(),
            member_id: card.id.clone(),
            member_name: card.name.clone(),
            public_key: key.public_hex(),
            seq: 1,
            prev_hash: None,
            created_at: "2026-11-27T08:00:00Z".into(),
            conflicts: vec![],
            summary_sha256: None,
            audit_head: None,
            reviews,
        };
        let packet = body.sign(&key)?;
        let path = dir.path().join(format!("goi-{m:02}.xkgp"));
        let bytes = packet.to_file();
        total_bytes += bytes.len() as u64;
        std::fs::write(&path, bytes)?;
        files.push(path);
    }
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    println!(
        "{MEMBERS} packets of {} reviews, {:.1} MB in all",
        noms.len(),
        total_bytes as f64 / 1e6
    );

    // Baseline: read and check every packet, write nothing.
    let t = Instant::now();
    for f in &refs {
        Packet::open(&std::fs::read(f)?)?;
    }
    let baseline = t.elapsed();

    let rss_before = current_rss_kib();
    let t = Instant::now();
    let report = desk.import_packets(&refs)?;
    let merge = t.elapsed();
    let peak = peak_rss_kib();
    assert_eq!(report.accepted as usize, MEMBERS, "{report:?}");

    let t = Instant::now();
    let again = desk.import_packets(&refs)?;
    let reimport = t.elapsed();
    assert_eq!(again.unchanged as usize, MEMBERS);

    let t = Instant::now();
    let tally = desk.tally(&round)?;
    let tally_time = t.elapsed();

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("read + verify only (baseline): {:8.0} ms", ms(baseline));
    println!(
        "merge {MEMBERS}×{}:            {:8.0} ms  ({:.1}× baseline; {:.1} ms per packet)",
        noms.len(),
        ms(merge),
        merge.as_secs_f64() / baseline.as_secs_f64(),
        ms(merge) / MEMBERS as f64
    );
    println!(
        "re-import, nothing changes:     {:8.0} ms  ({:.2}× baseline)",
        ms(reimport),
        reimport.as_secs_f64() / baseline.as_secs_f64()
    );
    println!(
        "tally of {} nominations × {} members: {:.0} ms",
        tally.rows.len(),
        tally.committee,
        ms(tally_time)
    );
    println!(
        "memory: resident before merge {} MiB, peak of the process {} MiB",
        rss_before / 1024,
        peak / 1024
    );
    println!(
        "store size: {:.1} MB",
        std::fs::metadata(&db)?.len() as f64 / 1e6
    );
    Ok(())
}
