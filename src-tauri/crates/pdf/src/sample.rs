//! A demonstration list, vote minutes and vote summary with Vietnamese names, for tests, the benchmark and the training mode.
//! The people and units are invented.

use chrono::{NaiveDate, TimeZone, Utc};
use xetkhen_core::NomineeKind;

use crate::cover::Cover;
use crate::list::{
    Column, ColumnKind, Group, ListDocument, Meta, Orientation, Row, SignatureBlock,
};
use crate::minutes::{MergedPacket, Minutes, MinutesGroup, MinutesRow, Outcome};
use crate::vote_summary::{Ballot, ItemNote, ItemVerdict, VoteSummary, VoteSummaryRow};

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh"];
const GIVEN: [&str; 10] = [
    "Đức", "Tiễn", "Hương", "Ơn", "Thư", "Lưu", "Nghiễm", "Phước", "Đông", "Ưng",
];
const UNITS: [&str; 5] = [
    "Sở Thông tin và Truyền thông",
    "Ủy ban nhân dân phường Bến Thành",
    "Bệnh viện Chợ Rẫy",
    "Trường THPT Lê Hồng Phong",
    "Ủy ban nhân dân xã Cần Giờ",
];

/// The name of the `i`-th invented individual, e.g. "Nguyễn Văn Đức".
pub fn person_name(i: usize) -> String {
    format!(
        "{} {} {}",
        FAMILY[i % FAMILY.len()],
        MIDDLE[(i / FAMILY.len()) % MIDDLE.len()],
        GIVEN[(i / 3) % GIVEN.len()]
    )
}

/// The name of the `i`-th invented collective.
pub fn collective_name(i: usize) -> String {
    format!(
        "Phòng Chuyển đổi số số {} - {}",
        i + 1,
        UNITS[i % UNITS.len()]
    )
}

/// Summaries as units write them, from one line to a short paragraph.
const SUMMARIES: [&str; 6] = [
    "Xử lý 95,5% hồ sơ công việc trên môi trường mạng",
    "Mô hình “Phường số”: 100% thủ tục tiếp nhận qua Cổng dịch vụ công; tổ công nghệ số cộng đồng ở 28 khu phố.",
    "Lớp học thông minh, học bạ số, thư viện số mở cho học sinh toàn Thành phố.",
    "Chủ trì triển khai nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của Thành phố; vận hành Trung tâm Chuyển đổi số; 98,6% hồ sơ công việc xử lý trên môi trường mạng.",
    "Số hóa 100% sổ hộ tịch; cấp phiếu lý lịch tư pháp trực tuyến toàn trình.",
    "Doanh nhân đóng góp nền tảng ký số miễn phí cho 168 xã, phường, đặc khu.",
];
const POSITIONS: [&str; 4] = [
    "Chuyên viên",
    "Phó Trưởng phòng Văn hóa - Xã hội",
    "Giám đốc",
    "Chủ tịch Ủy ban nhân dân",
];

/// A list of `collectives` + `individuals` rows for one award form, every summary on one line:
/// the list the page-count goal is measured on.
pub fn demo_list(collectives: usize, individuals: usize) -> ListDocument {
    list_with_rows(
        collectives,
        individuals,
        |_| SUMMARIES[0],
        |_| POSITIONS[0],
        collective_name,
    )
}

/// A list like the ones units send: summaries of one to three lines, positions long and short,
/// collectives named as their own unit ("Ủy ban nhân dân phường Bến Thành" of
/// "Ủy ban nhân dân phường Bến Thành").
pub fn varied_list(collectives: usize, individuals: usize) -> ListDocument {
    list_with_rows(
        collectives,
        individuals,
        |i| SUMMARIES[i % SUMMARIES.len()],
        |i| POSITIONS[i % POSITIONS.len()],
        |i| {
            if i.is_multiple_of(2) {
                UNITS[i % UNITS.len()].to_string()
            } else {
                collective_name(i)
            }
        },
    )
}

fn list_with_rows(
    collectives: usize,
    individuals: usize,
    summary: impl Fn(usize) -> &'static str,
    position: impl Fn(usize) -> &'static str,
    collective: impl Fn(usize) -> String,
) -> ListDocument {
    let columns = Column::for_one_award();
    let row = |name: String, position: &str, unit: &str, summary: &str| {
        Row::fill(&columns, |kind| match kind {
            ColumnKind::Name => name.clone(),
            ColumnKind::Position => position.to_string(),
            ColumnKind::Unit => unit.to_string(),
            ColumnKind::Summary => summary.to_string(),
            ColumnKind::Award => "Bằng khen của UBND Thành phố".to_string(),
            ColumnKind::Stt | ColumnKind::Note => String::new(),
        })
    };
    let coll_rows: Vec<Row> = (0..collectives)
        .map(|i| row(collective(i), "", UNITS[i % UNITS.len()], summary(i)))
        .collect();
    let (set21, set22) = coll_rows.split_at(collectives / 2);
    let ind_rows = (0..individuals)
        .map(|i| {
            row(
                person_name(i),
                position(i),
                UNITS[i % UNITS.len()],
                summary(i + 1),
            )
        })
        .collect();
    ListDocument {
        issuing_body: vec!["SỞ NỘI VỤ".into(), "BAN THI ĐUA - KHEN THƯỞNG".into()],
        number: "Số: 123/DS-BTĐKT".into(),
        place_date: NaiveDate::from_ymd_opt(2023, 7, 5).unwrap_or_default(),
        title: "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG".into(),
        subtitle: vec![
            "Bằng khen của Ủy ban nhân dân Thành phố".into(),
            "(Kèm theo Tờ trình số 45/TTr-BTĐKT ngày 05 tháng 7 năm 2023 của Ban Thi đua - Khen thưởng)"
                .into(),
        ],
        columns,
        orientation: Orientation::Landscape,
        groups: vec![
            Group {
                title: "I. TẬP THỂ".into(),
                kind: Some(NomineeKind::Collective),
                rows: vec![],
                subgroups: vec![
                    Group {
                        title: "1. Cơ quan, đơn vị, địa phương trực thuộc Thành phố (tiêu chí 2.1)"
                            .into(),
                        kind: None,
                        rows: set21.to_vec(),
                        subgroups: vec![],
                    },
                    Group {
                        title: "2. Cơ quan, đơn vị, trường học, bệnh viện, phường, xã (tiêu chí 2.2)"
                            .into(),
                        kind: None,
                        rows: set22.to_vec(),
                        subgroups: vec![],
                    },
                ],
            },
            Group {
                title: "II. CÁ NHÂN".into(),
                kind: Some(NomineeKind::Individual),
                rows: ind_rows,
                subgroups: vec![],
            },
        ],
        signer: SignatureBlock {
            authority_line: "KT. TRƯỞNG BAN".into(),
            title_line: "PHÓ TRƯỞNG BAN".into(),
            name: "Đặng Thị Ơn".into(),
        },
        recipients: vec![
            "- Ủy ban nhân dân Thành phố;".into(),
            "- Hội đồng Thi đua - Khen thưởng Thành phố;".into(),
            "- Sở Thông tin và Truyền thông;".into(),
            "- Lưu: VT, BTĐKT.".into(),
        ],
        metadata: Meta {
            title: "Danh sách đề nghị khen thưởng".into(),
            author: "Ban Thi đua - Khen thưởng".into(),
            subject: "Đề nghị Bằng khen của UBND Thành phố, sơ kết 2023".into(),
            keywords: vec!["round:so-ket-2023".into(), "filter:dat-tieu-chi".into()],
            created: Utc.with_ymd_and_hms(2023, 7, 5, 3, 0, 0).single().unwrap_or_default(),
        },
        cover: None,
    }
}

/// A cover submission for the demonstration list.
pub fn demo_cover(collectives: usize, individuals: usize) -> Cover {
    Cover {
        number: "Số: 12/TTr-BTĐKT".into(),
        subject: "Về việc đề nghị tặng Bằng khen của Ủy ban nhân dân Thành phố trong Phong trào thi đua thực hiện Chính quyền số, Chuyển đổi số".into(),
        addressee: "Ủy ban nhân dân Thành phố".into(),
        paragraphs: vec![
            "Căn cứ Kế hoạch số 2242/KH-UBND ngày 05 tháng 7 năm 2022 của Ủy ban nhân dân Thành phố phát động Phong trào thi đua thực hiện Chính quyền số, Chuyển đổi số trên địa bàn Thành phố Hồ Chí Minh;".into(),
            format!("Ban Thi đua - Khen thưởng kính trình Ủy ban nhân dân Thành phố xem xét, tặng Bằng khen cho {collectives} tập thể và {individuals} cá nhân (danh sách kèm theo)."),
        ],
        recipients: vec!["- Như trên;".into(), "- Lưu: VT, BTĐKT.".into()],
    }
}

/// A committee of `members` invented names; the first is the chair, the second the secretary.
pub fn member_names(members: usize) -> Vec<String> {
    (0..members).map(|i| person_name(i * 7 + 3)).collect()
}

/// Demonstration minutes: `rows` nominations of a 15-member committee in two groups, and one
/// packet per member. The figures follow a rule "more than half of all 15 members", worked out
/// here only to make the sample consistent; real minutes take them from the tally.
pub fn demo_minutes(rows: usize) -> Minutes {
    const COMMITTEE: usize = 15;
    let row = |i: usize| {
        let conflicted = usize::from(i.is_multiple_of(11));
        let not_voted = i % 3;
        let voting = COMMITTEE - conflicted - not_voted;
        let approve = (i * 5 + 3) % (voting + 1);
        let reject = (voting - approve) / 2;
        let abstain = voting - approve - reject;
        let outcome = if approve * 2 > COMMITTEE {
            Outcome::Approved
        } else if (approve + not_voted) * 2 > COMMITTEE {
            Outcome::Pending
        } else {
            Outcome::NotApproved
        };
        let name = if i.is_multiple_of(3) {
            collective_name(i)
        } else {
            person_name(i)
        };
        MinutesRow {
            name,
            unit: UNITS[i % UNITS.len()].to_string(),
            award: "Bằng khen của UBND Thành phố".to_string(),
            approve,
            reject,
            abstain,
            not_voted,
            conflicted,
            approval_percent: approve as f64 * 100.0 / COMMITTEE as f64,
            mean_score: (voting > 0).then(|| 6.0 + (i % 40) as f64 / 10.0),
            outcome,
        }
    };
    let all: Vec<MinutesRow> = (0..rows).map(row).collect();
    let (first, second) = all.split_at(rows / 2);
    let members = member_names(COMMITTEE);
    let received = |k: usize| {
        Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0)
            .single()
            .unwrap_or_default()
            + chrono::Duration::minutes(37 * k as i64)
    };
    let packets = members
        .iter()
        .enumerate()
        .map(|(k, m)| MergedPacket {
            member: m.clone(),
            sequence: 1 + (k % 3) as u64,
            sha256: demo_hash(k),
            received: received(k),
            note: if k % 3 == 2 {
                format!("Thay thế gói số {}", k % 3)
            } else {
                String::new()
            },
        })
        .collect();
    Minutes {
        issuing_body: vec![
            "UBND THÀNH PHỐ HỒ CHÍ MINH".into(),
            "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG".into(),
        ],
        number: "Số: 05/BB-HĐTĐKT".into(),
        place_date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default(),
        round_name: "Sơ kết 2023 Phong trào thi đua Chính quyền số, Chuyển đổi số".into(),
        committee_size: COMMITTEE,
        vote_rule:
            "Hồ sơ được thông qua khi số phiếu đồng ý nhiều hơn 50% tổng số thành viên hội đồng"
                .into(),
        groups: vec![
            MinutesGroup {
                title: "I. Bằng khen của UBND Thành phố - Tiêu chí 2.1".into(),
                rows: first.to_vec(),
            },
            MinutesGroup {
                title: "II. Bằng khen của UBND Thành phố - Tiêu chí 2.2".into(),
                rows: second.to_vec(),
            },
        ],
        packets,
        secretary: SignatureBlock {
            authority_line: String::new(),
            title_line: "THƯ KÝ HỘI ĐỒNG".into(),
            name: members[1].clone(),
        },
        chair: SignatureBlock {
            authority_line: String::new(),
            title_line: "CHỦ TỊCH HỘI ĐỒNG".into(),
            name: members[0].clone(),
        },
        metadata: Meta {
            title: "Biên bản kiểm phiếu".into(),
            author: "Hội đồng Thi đua - Khen thưởng".into(),
            subject: "Kiểm phiếu đợt Sơ kết 2023".into(),
            keywords: vec!["round:so-ket-2023".into()],
            created: received(COMMITTEE + 2),
        },
    }
}

/// An invented SHA-256 in hexadecimal (64 digits), different for each `k`.
pub fn demo_hash(k: usize) -> String {
    (0..8)
        .map(|j| {
            format!(
                "{:08x}",
                (k as u32 + 1).wrapping_mul(0x9E37_79B9) ^ (j * 0x0101_0101)
            )
        })
        .collect()
}

/// A demonstration vote summary of the chair of [`demo_minutes`] over `rows` nominations.
pub fn demo_vote_summary(rows: usize) -> VoteSummary {
    let minutes = demo_minutes(rows);
    let rows = minutes
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .enumerate()
        .map(|(i, r)| VoteSummaryRow {
            name: r.name.clone(),
            unit: r.unit.clone(),
            award: r.award.clone(),
            vote: match i % 4 {
                0 | 1 => Some(Ballot::Approve),
                2 => Some(Ballot::Reject),
                _ if i % 8 == 3 => Some(Ballot::Abstain),
                _ => None,
            },
            merit_score: (i % 4 != 3).then(|| 6.5 + (i % 7) as f64 / 2.0),
            items: if i % 5 == 0 {
                vec![ItemNote {
                    item: "2.2.b".into(),
                    verdict: ItemVerdict::Fail,
                    automatic: Some(ItemVerdict::Pass),
                    reason: "Tỷ lệ hồ sơ trực tuyến toàn trình trong báo cáo không khớp với số liệu trên Cổng dịch vụ công".into(),
                }]
            } else if i % 5 == 1 {
                vec![ItemNote {
                    item: "2.1.c".into(),
                    verdict: ItemVerdict::NeedsEvidence,
                    automatic: None,
                    reason: "Thiếu quyết định công nhận sáng kiến".into(),
                }]
            } else {
                Vec::new()
            },
            note: if i % 6 == 0 {
                "Đề nghị thẩm định lại số liệu quý IV".into()
            } else {
                String::new()
            },
        })
        .collect();
    VoteSummary {
        issuing_body: minutes.issuing_body,
        place_date: minutes.place_date,
        member_name: minutes.chair.name.clone(),
        member_position: "Chủ tịch Hội đồng".into(),
        round_name: minutes.round_name,
        sequence: 2,
        created: minutes.metadata.created,
        previous_packet_sha256: Some(demo_hash(99)),
        rows,
        metadata: Meta {
            title: "Phiếu đánh giá của thành viên hội đồng".into(),
            author: minutes.chair.name,
            subject: "Phiếu đánh giá đợt Sơ kết 2023".into(),
            keywords: vec!["round:so-ket-2023".into(), "packet:2".into()],
            created: minutes.metadata.created,
        },
    }
}
