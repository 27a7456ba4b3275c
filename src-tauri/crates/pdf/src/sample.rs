//! A demonstration list with Vietnamese names, for tests, the benchmark and the training mode.
//! The people and units are invented.

use chrono::{NaiveDate, TimeZone, Utc};
use xetkhen_core::NomineeKind;

use crate::cover::Cover;
use crate::list::{Column, Group, ListDocument, Meta, Row, SignatureBlock};

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

/// A list of `collectives` + `individuals` rows in the standard columns.
pub fn demo_list(collectives: usize, individuals: usize) -> ListDocument {
    let summary = "Xử lý 95,5% hồ sơ công việc trên môi trường mạng";
    let row = |name: String, position: &str, unit: &str| Row {
        cells: vec![
            String::new(),
            name,
            position.to_string(),
            unit.to_string(),
            summary.to_string(),
            "Bằng khen của UBND Thành phố".to_string(),
            String::new(),
        ],
    };
    let coll_rows: Vec<Row> = (0..collectives)
        .map(|i| row(collective_name(i), "", UNITS[i % UNITS.len()]))
        .collect();
    let (set21, set22) = coll_rows.split_at(collectives / 2);
    let ind_rows = (0..individuals)
        .map(|i| row(person_name(i), "Chuyên viên", UNITS[i % UNITS.len()]))
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
        columns: Column::standard(),
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
