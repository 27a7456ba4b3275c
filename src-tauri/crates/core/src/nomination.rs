//! A nomination (hồ sơ đề nghị): one collective or one individual proposed for an award in a round.

use crate::award::AwardForm;
use crate::percent::Percent;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum NomineeKind {
    /// Tập thể: an agency, unit, ward, school, hospital or enterprise.
    Collective,
    /// Cá nhân.
    Individual,
}

impl NomineeKind {
    pub fn code(self) -> &'static str {
        match self {
            NomineeKind::Collective => "collective",
            NomineeKind::Individual => "individual",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "collective" => Some(NomineeKind::Collective),
            "individual" => Some(NomineeKind::Individual),
            _ => None,
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            NomineeKind::Collective => "Tập thể",
            NomineeKind::Individual => "Cá nhân",
        }
    }
}

/// The figures a nomination states for the threshold items of sets 2.1 and 2.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Hồ sơ công việc được xử lý trên môi trường mạng (2.1.b, 2.2.b).
    OnlineRecordsPct,
    /// Báo cáo định kỳ và văn bản hành chính gửi nhận điện tử (2.1.c, 2.2.c).
    EDocumentsPct,
    /// Báo cáo chỉ tiêu kinh tế - xã hội trên phần mềm báo cáo của Thành phố (2.1.d, 2.2.d).
    SocioEconomicReportsPct,
    /// Cơ sở dữ liệu dùng chung kết nối qua LGSP (2.1.e).
    LgspPct,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::OnlineRecordsPct,
        Metric::EDocumentsPct,
        Metric::SocioEconomicReportsPct,
        Metric::LgspPct,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Metric::OnlineRecordsPct => "online_records_pct",
            Metric::EDocumentsPct => "e_documents_pct",
            Metric::SocioEconomicReportsPct => "socio_economic_reports_pct",
            Metric::LgspPct => "lgsp_pct",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Metric::OnlineRecordsPct => "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng",
            Metric::EDocumentsPct => "Tỷ lệ báo cáo, văn bản hành chính gửi nhận điện tử",
            Metric::SocioEconomicReportsPct => {
                "Tỷ lệ báo cáo chỉ tiêu KT-XH trên phần mềm báo cáo của Thành phố"
            }
            Metric::LgspPct => "Tỷ lệ cơ sở dữ liệu dùng chung kết nối qua LGSP",
        }
    }
}

/// Stated figures; `None` where the nomination does not state one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    pub online_records_pct: Option<Percent>,
    pub e_documents_pct: Option<Percent>,
    pub socio_economic_reports_pct: Option<Percent>,
    pub lgsp_pct: Option<Percent>,
}

impl Metrics {
    pub fn get(&self, m: Metric) -> Option<Percent> {
        match m {
            Metric::OnlineRecordsPct => self.online_records_pct,
            Metric::EDocumentsPct => self.e_documents_pct,
            Metric::SocioEconomicReportsPct => self.socio_economic_reports_pct,
            Metric::LgspPct => self.lgsp_pct,
        }
    }

    pub fn set(&mut self, m: Metric, v: Option<Percent>) {
        match m {
            Metric::OnlineRecordsPct => self.online_records_pct = v,
            Metric::EDocumentsPct => self.e_documents_pct = v,
            Metric::SocioEconomicReportsPct => self.socio_economic_reports_pct = v,
            Metric::LgspPct => self.lgsp_pct = v,
        }
    }
}

/// A nomination as stored. Text fields are NFC and cleaned (see [`crate::text::clean`]); the
/// birth year and the ID number are kept as the nominating unit wrote them (the ID number as text,
/// so leading zeros survive).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Nomination {
    pub id: String,
    pub round_id: String,
    pub kind: NomineeKind,
    pub criteria_set: String,
    pub name: String,
    pub position: Option<String>,
    pub birth_year: Option<i32>,
    pub id_number: Option<String>,
    pub unit: String,
    pub nominating_unit: Option<String>,
    pub award: AwardForm,
    pub summary: Option<String>,
    pub metrics: Metrics,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Nomination {
    /// A hash of everything the nomination states (not its timestamps). The audit log records it
    /// after every change, so an edit made to the store behind the program's back shows up as a
    /// nomination whose content no longer matches its last audited hash.
    pub fn content_hash(&self) -> String {
        let content = serde_json::json!({
            "id": self.id,
            "round_id": self.round_id,
            "kind": self.kind,
            "criteria_set": self.criteria_set,
            "name": self.name,
            "position": self.position,
            "birth_year": self.birth_year,
            "id_number": self.id_number,
            "unit": self.unit,
            "nominating_unit": self.nominating_unit,
            "award": self.award,
            "summary": self.summary,
            "metrics": Metric::ALL.iter().map(|m| self.metrics.get(*m).map(Percent::hundredths)).collect::<Vec<_>>(),
        });
        hex::encode(Sha256::digest(content.to_string().as_bytes()))
    }

    /// The text search looks through, folded: name, unit, position, ID number, nominating unit and
    /// the achievement summary.
    pub fn search_text(&self) -> String {
        let parts = [
            Some(self.name.as_str()),
            Some(self.unit.as_str()),
            self.position.as_deref(),
            self.id_number.as_deref(),
            self.nominating_unit.as_deref(),
            self.summary.as_deref(),
        ];
        let joined: Vec<&str> = parts.into_iter().flatten().collect();
        crate::text::fold(&joined.join(" "))
    }
}
