//! A round (đợt xét): one review of the campaign, mid-term (sơ kết), final (tổng kết) or annual.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kind of a round; it decides which award forms may be proposed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum RoundKind {
    /// Sơ kết: the mid-term review (2023 for plan 2242).
    SoKet,
    /// Tổng kết: the final review (2025 for plan 2242).
    TongKet,
    /// Hằng năm: the yearly review of an agency's own emulation movement.
    Annual,
}

impl RoundKind {
    pub const ALL: [RoundKind; 3] = [RoundKind::SoKet, RoundKind::TongKet, RoundKind::Annual];

    pub fn code(self) -> &'static str {
        match self {
            RoundKind::SoKet => "so-ket",
            RoundKind::TongKet => "tong-ket",
            RoundKind::Annual => "annual",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            RoundKind::SoKet => "Sơ kết",
            RoundKind::TongKet => "Tổng kết",
            RoundKind::Annual => "Hằng năm",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum RoundStatus {
    Open,
    Closed,
}

impl RoundStatus {
    pub fn code(self) -> &'static str {
        match self {
            RoundStatus::Open => "open",
            RoundStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(RoundStatus::Open),
            "closed" => Some(RoundStatus::Closed),
            _ => None,
        }
    }
}

/// A round. Its id is a UUID made when it is created, so the same round keeps the same id on every
/// laptop it is copied to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub id: String,
    pub name: String,
    pub campaign: String,
    pub kind: RoundKind,
    pub status: RoundStatus,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// The campaign of plan 2242/KH-UBND, a round's campaign unless another is named.
pub const PLAN_2242_CAMPAIGN: &str = "2242/KH-UBND";

impl Round {
    /// A round just opened for plan 2242's campaign, with no dates yet.
    pub fn open(
        id: impl Into<String>,
        name: impl Into<String>,
        kind: RoundKind,
        created_at: DateTime<Utc>,
    ) -> Round {
        Round {
            id: id.into(),
            name: name.into(),
            campaign: PLAN_2242_CAMPAIGN.to_string(),
            kind,
            status: RoundStatus::Open,
            starts_on: None,
            ends_on: None,
            created_at,
        }
    }

    /// A hash of the round and the rubric it carries, recorded in the audit log so that an edit
    /// behind the program's back is detected.
    pub fn content_hash(&self, rubric_json: &str) -> String {
        use sha2::{Digest, Sha256};
        let content = serde_json::json!({
            "id": self.id,
            "name": self.name,
            "campaign": self.campaign,
            "kind": self.kind,
            "status": self.status,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "created_at": self.created_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "rubric": rubric_json,
        });
        hex::encode(Sha256::digest(content.to_string().as_bytes()))
    }
}
