//! Requests and answers. Field names are snake_case on the wire, in the CLI's JSON and in the
//! generated TypeScript alike.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xetkhen_core::{
    AutoResult, AwardCheck, AwardForm, ItemKind, NomineeKind, RoundKind, RoundStatus,
};

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub round_count: u32,
    pub nomination_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RoundView {
    pub id: String,
    pub name: String,
    pub campaign: String,
    pub kind: RoundKind,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: RoundStatus,
    pub created_at: String,
    pub nomination_count: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct CreateRound {
    pub name: String,
    pub kind: RoundKind,
    pub campaign: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortField {
    Name,
    Unit,
    CriteriaSet,
    Award,
    Kind,
    Eligible,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct ListQuery {
    pub round: String,
    pub query: Option<String>,
    pub criteria_set: Option<String>,
    pub kind: Option<NomineeKind>,
    pub award: Option<AwardForm>,
    pub auto: Option<AutoResult>,
    pub sort: Option<SortField>,
    #[serde(default)]
    pub descending: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct NominationRow {
    pub id: String,
    pub name: String,
    pub kind: NomineeKind,
    pub criteria_set: String,
    pub unit: String,
    pub position: Option<String>,
    pub award: AwardForm,
    pub eligible: Option<bool>,
    pub auto_pass: u32,
    pub auto_fail: u32,
    pub auto_pending: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct NominationList {
    pub round: String,
    pub total: u32,
    pub rows: Vec<NominationRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Metrics {
    pub online_records_pct: Option<f64>,
    pub e_documents_pct: Option<f64>,
    pub socio_economic_reports_pct: Option<f64>,
    pub lgsp_pct: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ItemView {
    pub code: String,
    pub label: String,
    pub wording: String,
    pub kind: ItemKind,
    pub threshold: Option<f64>,
    pub metric: Option<String>,
    pub stated: Option<f64>,
    pub exclusion: Option<String>,
    pub auto: Option<AutoResult>,
}

/// Everything known about a nomination; also the object `xetkhen show --json` and
/// `xetkhen list --json` print.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NominationDetail {
    pub id: String,
    pub round: String,
    pub name: String,
    pub kind: NomineeKind,
    pub criteria_set: String,
    pub criteria_set_title: String,
    pub unit: String,
    pub nominating_unit: Option<String>,
    pub position: Option<String>,
    pub birth_year: Option<i32>,
    pub id_number: Option<String>,
    pub award: AwardForm,
    pub summary: Option<String>,
    pub metrics: Metrics,
    pub items: Vec<ItemView>,
    pub award_check: AwardCheck,
    pub eligible: Option<bool>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DemoLoaded {
    pub round: RoundView,
    pub nominations: u32,
}

/// The result of `xetkhen audit verify`.
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerdict {
    pub intact: bool,
    pub entries: usize,
    pub first_broken_seq: Option<i64>,
    pub problems: Vec<String>,
}
