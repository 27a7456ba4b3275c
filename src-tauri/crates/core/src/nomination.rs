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
        // The fields in the order of their names: the JSON is byte for byte what a JSON object
        // with sorted keys gives, which is how every hash already in a store was made.
        #[derive(Serialize)]
        struct Content<'a> {
            award: AwardForm,
            birth_year: Option<i32>,
            criteria_set: &'a str,
            id: &'a str,
            id_number: Option<&'a str>,
            kind: NomineeKind,
            metrics: [Option<u32>; 4],
            name: &'a str,
            nominating_unit: Option<&'a str>,
            position: Option<&'a str>,
            round_id: &'a str,
            summary: Option<&'a str>,
            unit: &'a str,
        }
        let content = Content {
            award: self.award,
            birth_year: self.birth_year,
            criteria_set: &self.criteria_set,
            id: &self.id,
            id_number: self.id_number.as_deref(),
            kind: self.kind,
            metrics: Metric::ALL.map(|m| self.metrics.get(m).map(Percent::hundredths)),
            name: &self.name,
            nominating_unit: self.nominating_unit.as_deref(),
            position: self.position.as_deref(),
            round_id: &self.round_id,
            summary: self.summary.as_deref(),
            unit: &self.unit,
        };
        let mut h = Sha256::new();
        // Writing into a hasher cannot fail, and the struct has no map with non-string keys.
        let _ = serde_json::to_writer(HashWriter(&mut h), &content);
        hex::encode(h.finalize())
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

/// Feeds serialised bytes straight into a hash, without building the string first.
struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// How the hash was first made (a JSON object with sorted keys): every hash already in a
    /// store and in its audit log was made this way, so the hash must never change.
    fn hash_as_first_made(n: &Nomination) -> String {
        let content = serde_json::json!({
            "id": n.id,
            "round_id": n.round_id,
            "kind": n.kind,
            "criteria_set": n.criteria_set,
            "name": n.name,
            "position": n.position,
            "birth_year": n.birth_year,
            "id_number": n.id_number,
            "unit": n.unit,
            "nominating_unit": n.nominating_unit,
            "award": n.award,
            "summary": n.summary,
            "metrics": Metric::ALL.iter().map(|m| n.metrics.get(*m).map(Percent::hundredths)).collect::<Vec<_>>(),
        });
        hex::encode(Sha256::digest(content.to_string().as_bytes()))
    }

    #[test]
    fn the_content_hash_of_a_stored_nomination_never_changes() {
        let mut n = Nomination {
            id: "0b0e7c1a-2242-5000-8000-000000000001".into(),
            round_id: "r-2025".into(),
            kind: NomineeKind::Individual,
            criteria_set: "2.4".into(),
            name: "Nguyễn Văn \"Đức\"".into(),
            position: Some("Phó Giám đốc\tSở".into()),
            birth_year: Some(1978),
            id_number: Some("079078001234".into()),
            unit: "Sở Thông tin và Truyền thông".into(),
            nominating_unit: None,
            award: AwardForm::BangKhen,
            summary: Some("Sáng kiến \\ «số hoá» hồ sơ\n100%".into()),
            metrics: Metrics::default(),
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
        };
        assert_eq!(n.content_hash(), hash_as_first_made(&n));
        n.kind = NomineeKind::Collective;
        n.award = AwardForm::CoThiDua;
        n.position = None;
        n.birth_year = None;
        n.id_number = None;
        n.nominating_unit = Some("UBND Phường Sài Gòn".into());
        n.metrics.online_records_pct = Some(Percent::from_hundredths(8990).unwrap());
        n.metrics.lgsp_pct = Some(Percent::from_hundredths(10000).unwrap());
        assert_eq!(n.content_hash(), hash_as_first_made(&n));
    }
}
