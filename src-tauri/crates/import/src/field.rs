//! The fields of a nomination list and the header wordings agencies use for them.
//!
//! [`WORDINGS`] is the one table of known wordings. Headers are compared after
//! [`xetkhen_core::text::fold`], so case, diacritics, punctuation and spacing never matter:
//! "HỌ VÀ TÊN", "Họ và tên:" and "ho va ten" are the same header.

use serde::{Deserialize, Serialize};
use xetkhen_core::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Stt,
    Name,
    Kind,
    CriteriaSet,
    Position,
    BirthYear,
    IdNumber,
    Unit,
    NominatingUnit,
    Award,
    Summary,
    OnlineRecordsPct,
    EDocumentsPct,
    SocioEconomicReportsPct,
    LgspPct,
    Note,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Stt,
        Field::Name,
        Field::Kind,
        Field::CriteriaSet,
        Field::Position,
        Field::BirthYear,
        Field::IdNumber,
        Field::Unit,
        Field::NominatingUnit,
        Field::Award,
        Field::Summary,
        Field::OnlineRecordsPct,
        Field::EDocumentsPct,
        Field::SocioEconomicReportsPct,
        Field::LgspPct,
        Field::Note,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::Stt => "stt",
            Field::Name => "name",
            Field::Kind => "kind",
            Field::CriteriaSet => "criteria_set",
            Field::Position => "position",
            Field::BirthYear => "birth_year",
            Field::IdNumber => "id_number",
            Field::Unit => "unit",
            Field::NominatingUnit => "nominating_unit",
            Field::Award => "award",
            Field::Summary => "summary",
            Field::OnlineRecordsPct => "online_records_pct",
            Field::EDocumentsPct => "e_documents_pct",
            Field::SocioEconomicReportsPct => "socio_economic_reports_pct",
            Field::LgspPct => "lgsp_pct",
            Field::Note => "note",
        }
    }

    pub fn parse(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The canonical header, as written by [`crate::write_template`].
    pub fn label_vi(self) -> &'static str {
        wordings(self).first().copied().unwrap_or("")
    }

    pub fn is_percent(self) -> bool {
        self.metric().is_some()
    }

    pub fn metric(self) -> Option<xetkhen_core::Metric> {
        use xetkhen_core::Metric;
        match self {
            Field::OnlineRecordsPct => Some(Metric::OnlineRecordsPct),
            Field::EDocumentsPct => Some(Metric::EDocumentsPct),
            Field::SocioEconomicReportsPct => Some(Metric::SocioEconomicReportsPct),
            Field::LgspPct => Some(Metric::LgspPct),
            _ => None,
        }
    }
}

/// Known header wordings per field; the first is the canonical one.
pub const WORDINGS: &[(Field, &[&str])] = &[
    (Field::Stt, &["STT", "Số TT", "Số thứ tự", "TT"]),
    (
        Field::Name,
        &[
            "Họ và tên / Tên tập thể",
            "Họ và tên",
            "Họ tên",
            "Tên tập thể",
            "Tên cá nhân, tập thể",
            "Tên tập thể, cá nhân",
            "Tên tập thể / Họ và tên",
            "Tên đơn vị, cá nhân",
            "Họ và tên, tên tập thể",
        ],
    ),
    (
        Field::Kind,
        &[
            "Tập thể/Cá nhân",
            "Cá nhân/Tập thể",
            "Loại",
            "Đối tượng",
            "Loại đối tượng",
        ],
    ),
    (
        Field::CriteriaSet,
        &[
            "Tiêu chuẩn",
            "Bộ tiêu chí",
            "Mục tiêu chuẩn",
            "Tiêu chí",
            "Nhóm tiêu chuẩn",
        ],
    ),
    // "Chức vụ, đơn vị" is taken as the position: the unit then has a column of its own or is
    // missing, which the check reports.
    (
        Field::Position,
        &[
            "Chức vụ",
            "Chức vụ, đơn vị",
            "Chức danh",
            "Chức vụ, chức danh",
        ],
    ),
    (
        Field::BirthYear,
        &[
            "Năm sinh",
            "Ngày sinh",
            "Ngày, tháng, năm sinh",
            "Ngày tháng năm sinh",
        ],
    ),
    (
        Field::IdNumber,
        &[
            "Số CCCD",
            "Số định danh",
            "CCCD/CMND",
            "CMND/CCCD",
            "Số định danh cá nhân",
            "Số CCCD/CMND",
            "CCCD",
        ],
    ),
    (
        Field::Unit,
        &[
            "Đơn vị",
            "Đơn vị công tác",
            "Cơ quan, đơn vị",
            "Cơ quan đơn vị công tác",
            "Nơi công tác",
        ],
    ),
    (
        Field::NominatingUnit,
        &["Đơn vị đề nghị", "Cơ quan đề nghị", "Đơn vị trình"],
    ),
    (
        Field::Award,
        &[
            "Hình thức khen thưởng",
            "Hình thức đề nghị",
            "Hình thức đề nghị khen thưởng",
            "Hình thức khen",
            "Đề nghị khen thưởng",
        ],
    ),
    (
        Field::Summary,
        &[
            "Thành tích (tóm tắt)",
            "Thành tích",
            "Tóm tắt thành tích",
            "Thành tích đạt được",
        ],
    ),
    (
        Field::OnlineRecordsPct,
        &[
            "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng (%)",
            "Tỷ lệ hồ sơ (công việc) xử lý trên môi trường mạng",
            "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng",
            "Hồ sơ xử lý trực tuyến (%)",
            "Hồ sơ xử lý trên môi trường mạng",
        ],
    ),
    (
        Field::EDocumentsPct,
        &[
            "Tỷ lệ báo cáo, văn bản gửi nhận điện tử (%)",
            "Tỷ lệ văn bản điện tử",
            "Tỷ lệ báo cáo, văn bản gửi nhận điện tử",
            "Văn bản điện tử (%)",
        ],
    ),
    (
        Field::SocioEconomicReportsPct,
        &[
            "Tỷ lệ báo cáo KT-XH trên phần mềm (%)",
            "Tỷ lệ báo cáo KT-XH trên phần mềm",
            "Báo cáo KT-XH trên phần mềm",
        ],
    ),
    (
        Field::LgspPct,
        &[
            "Tỷ lệ CSDL kết nối LGSP (%)",
            "Tỷ lệ CSDL kết nối LGSP",
            "CSDL kết nối LGSP",
        ],
    ),
    (Field::Note, &["Ghi chú"]),
];

pub fn wordings(field: Field) -> &'static [&'static str] {
    WORDINGS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(&[], |(_, w)| w)
}

/// Words that add nothing to a header: "(%)" folds away already; these go too.
const NOISE: &[&str] = &["ghi ro", "neu co", "tinh den", "nam 2025", "nam 2023"];

/// The field a header names, or `None`. Exact wordings first; then rules on key words, for
/// headers such as "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng năm 2024".
pub fn match_header(text: &str) -> Option<Field> {
    let mut folded = fold(text);
    for n in NOISE {
        folded = folded.replace(n, " ");
    }
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.is_empty() {
        return None;
    }
    for (field, words) in WORDINGS {
        if words.iter().any(|w| fold(w) == folded) {
            return Some(*field);
        }
    }
    let has = |w: &str| format!(" {folded} ").contains(&format!(" {w} "));
    // Metrics first: their headers are long and contain words of other fields ("hồ sơ").
    if has("lgsp") {
        return Some(Field::LgspPct);
    }
    if has("kt xh") || has("kinh te xa hoi") {
        return Some(Field::SocioEconomicReportsPct);
    }
    if has("moi truong mang") || (has("ho so") && has("truc tuyen")) {
        return Some(Field::OnlineRecordsPct);
    }
    if has("van ban") && has("dien tu") {
        return Some(Field::EDocumentsPct);
    }
    if has("hinh thuc") {
        return Some(Field::Award);
    }
    if has("de nghi") && (has("don vi") || has("co quan")) {
        return Some(Field::NominatingUnit);
    }
    if has("cccd") || has("cmnd") || has("dinh danh") {
        return Some(Field::IdNumber);
    }
    if has("nam sinh") || has("ngay sinh") {
        return Some(Field::BirthYear);
    }
    if has("tieu chuan") || has("tieu chi") {
        return Some(Field::CriteriaSet);
    }
    if has("thanh tich") {
        return Some(Field::Summary);
    }
    if has("ho va ten") || has("ho ten") || has("ten tap the") {
        return Some(Field::Name);
    }
    if has("chuc vu") || has("chuc danh") {
        return Some(Field::Position);
    }
    if has("don vi") || has("noi cong tac") {
        return Some(Field::Unit);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_wording_matches_its_own_field() {
        for (field, words) in WORDINGS {
            for w in *words {
                assert_eq!(match_header(w), Some(*field), "{w}");
                assert_eq!(
                    match_header(&w.to_uppercase()),
                    Some(*field),
                    "{w} in capitals"
                );
            }
        }
    }

    #[test]
    fn headers_of_the_issue_match_whatever_the_spelling() {
        let cases = [
            ("HỌ VÀ TÊN", Field::Name),
            ("Họ và tên / Tên tập thể", Field::Name),
            ("  Tên cá nhân,   tập thể ", Field::Name),
            ("Cơ quan, đơn vị", Field::Unit),
            ("Hình thức đề nghị khen thưởng", Field::Award),
            ("Tập thể/Cá nhân", Field::Kind),
            ("Mục tiêu chuẩn", Field::CriteriaSet),
            ("Ngày sinh", Field::BirthYear),
            ("CCCD/CMND", Field::IdNumber),
            ("Cơ quan đề nghị", Field::NominatingUnit),
            ("Thành tích (tóm tắt)", Field::Summary),
            (
                "Tỷ lệ hồ sơ (công việc) xử lý trên môi trường mạng",
                Field::OnlineRecordsPct,
            ),
            (
                "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng năm 2024 (%)",
                Field::OnlineRecordsPct,
            ),
            (
                "Tỷ lệ báo cáo, văn bản gửi nhận điện tử",
                Field::EDocumentsPct,
            ),
            (
                "Tỷ lệ báo cáo KT-XH trên phần mềm",
                Field::SocioEconomicReportsPct,
            ),
            ("Tỷ lệ CSDL kết nối LGSP", Field::LgspPct),
            ("Số TT", Field::Stt),
            ("ghi chu", Field::Note),
        ];
        for (header, field) in cases {
            assert_eq!(match_header(header), Some(field), "{header}");
        }
        assert_eq!(match_header("Điện thoại"), None);
        assert_eq!(match_header(""), None);
    }

    #[test]
    fn codes_round_trip() {
        for f in Field::ALL {
            assert_eq!(Field::parse(f.code()), Some(f));
            assert!(!f.label_vi().is_empty());
        }
    }
}
