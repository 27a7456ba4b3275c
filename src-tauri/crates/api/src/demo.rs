//! The demo round shipped in `assets/demo/`, and generated nominations for trying the program at
//! the scale of a real campaign.

use crate::error::{ApiError, ErrorCode};
use crate::views::RoundView;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use xetkhen_core::text::{clean, clean_opt};
use xetkhen_core::{
    AwardForm, Metrics, Nomination, NomineeKind, Percent, Round, RoundKind, RoundStatus,
};

pub const DEMO_SOURCE: &str = "assets/demo/tong-ket-2025.json";
const DEMO_JSON: &str = include_str!("../../../../assets/demo/tong-ket-2025.json");

#[derive(Deserialize)]
struct DemoFile {
    round: DemoRound,
    nominations: Vec<DemoNomination>,
}

#[derive(Deserialize)]
struct DemoRound {
    id: String,
    name: String,
    campaign: String,
    kind: RoundKind,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct DemoNomination {
    id: String,
    kind: NomineeKind,
    criteria_set: String,
    name: String,
    position: Option<String>,
    birth_year: Option<i32>,
    id_number: Option<String>,
    unit: String,
    nominating_unit: Option<String>,
    award: AwardForm,
    summary: Option<String>,
    metrics: Metrics,
}

/// The demo round and its nominations, with stable ids so that loading twice changes nothing.
pub(crate) fn demo_round() -> Result<(Round, Vec<Nomination>), ApiError> {
    let file: DemoFile = serde_json::from_str(DEMO_JSON).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Dữ liệu mẫu {DEMO_SOURCE} bị hỏng: {e}"),
        )
    })?;
    let r = file.round;
    let round = Round {
        id: r.id,
        name: clean(&r.name),
        campaign: clean(&r.campaign),
        kind: r.kind,
        status: RoundStatus::Open,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        created_at: r.created_at,
    };
    let noms = file
        .nominations
        .into_iter()
        .map(|d| Nomination {
            id: d.id,
            round_id: round.id.clone(),
            kind: d.kind,
            criteria_set: d.criteria_set,
            name: clean(&d.name),
            position: clean_opt(d.position.as_deref()),
            birth_year: d.birth_year,
            id_number: clean_opt(d.id_number.as_deref()),
            unit: clean(&d.unit),
            nominating_unit: clean_opt(d.nominating_unit.as_deref()),
            award: d.award,
            summary: clean_opt(d.summary.as_deref()),
            metrics: d.metrics,
            created_at: round.created_at,
            updated_at: round.created_at,
        })
        .collect();
    Ok((round, noms))
}

const FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô",
];
const MIDDLE: [&str; 10] = [
    "Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Đức", "Thu", "Hoài",
];
const GIVEN: [&str; 16] = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hương", "Khoa", "Linh", "Lộc", "Nhung", "Phúc",
    "Quyên", "Sơn", "Thảo", "Tường",
];
const WARDS: [&str; 16] = [
    "Phường Sài Gòn",
    "Phường Bến Thành",
    "Phường Tân Định",
    "Phường Cầu Ông Lãnh",
    "Phường Bàn Cờ",
    "Phường Xuân Hòa",
    "Phường Nhiêu Lộc",
    "Phường Thủ Dầu Một",
    "Phường Vũng Tàu",
    "Phường Hiệp Bình",
    "Phường Linh Xuân",
    "Phường Gò Vấp",
    "Phường Chợ Lớn",
    "Phường Phú Nhuận",
    "Xã Củ Chi",
    "Xã Nhà Bè",
];
const POSITIONS: [&str; 6] = [
    "Chuyên viên",
    "Phó Trưởng phòng",
    "Trưởng phòng",
    "Giáo viên",
    "Bác sĩ",
    "Công chức Văn phòng - Thống kê",
];

/// `count` realistic nominations for a round, the same ones every time for the same round.
pub(crate) fn generated(round: &RoundView, count: u32) -> Vec<Nomination> {
    let now = Utc::now();
    let mut seed: u64 = 0x2242_2025;
    let mut next = move |n: usize| {
        // A small linear congruential generator: reproducible, and enough to vary demo data.
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap_or(0) % n
    };
    let pct = |v: usize| Percent::from_hundredths(u32::try_from(v).unwrap_or(0)).ok();
    (0..count)
        .map(|i| {
            let ward = WARDS[next(WARDS.len())];
            let (kind, set, name, position, birth_year, id_number, award, metrics) = if next(3) == 0
            {
                let set = if next(2) == 0 { "2.2" } else { "2.1" };
                let metrics = Metrics {
                    online_records_pct: pct(5_000 + next(5_001)),
                    e_documents_pct: pct(if next(5) == 0 { 9_500 } else { 10_000 }),
                    socio_economic_reports_pct: pct(10_000),
                    lgsp_pct: if set == "2.1" {
                        pct(7_000 + next(3_001))
                    } else {
                        None
                    },
                };
                let award = if round.kind == RoundKind::TongKet && next(4) == 0 {
                    AwardForm::CoThiDua
                } else {
                    AwardForm::BangKhen
                };
                (
                    NomineeKind::Collective,
                    set,
                    format!("Ủy ban nhân dân {ward} (hồ sơ {})", i + 1),
                    None,
                    None,
                    None,
                    award,
                    metrics,
                )
            } else {
                let name = format!(
                    "{} {} {}",
                    FAMILY[next(FAMILY.len())],
                    MIDDLE[next(MIDDLE.len())],
                    GIVEN[next(GIVEN.len())]
                );
                let year = 1965 + i32::try_from(next(35)).unwrap_or(0);
                let id = format!(
                    "079{:09}",
                    (u64::from(i) * 7_919 + 1_000_003) % 1_000_000_000
                );
                (
                    NomineeKind::Individual,
                    "2.4",
                    name,
                    Some(POSITIONS[next(POSITIONS.len())].to_string()),
                    Some(year),
                    Some(id),
                    AwardForm::BangKhen,
                    Metrics::default(),
                )
            };
            Nomination {
                id: format!("{}-g{:06}", round.id, i + 1),
                round_id: round.id.clone(),
                kind,
                criteria_set: set.to_string(),
                name,
                position,
                birth_year,
                id_number,
                unit: format!("Ủy ban nhân dân {ward}"),
                nominating_unit: Some(format!("Ủy ban nhân dân {ward}")),
                award,
                summary: Some(
                    "Có sáng kiến, giải pháp chuyển đổi số được áp dụng hiệu quả tại đơn vị."
                        .to_string(),
                ),
                metrics,
                created_at: now,
                updated_at: now,
            }
        })
        .collect()
}
