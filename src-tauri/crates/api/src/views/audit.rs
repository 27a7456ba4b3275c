//! The audit log checked: by itself and against the data, and against the signed files.

use super::*;

/// The result of `xetkhen audit verify`.
#[derive(Debug, Clone, Serialize)]
pub struct AuditVerdict {
    pub intact: bool,
    pub entries: usize,
    pub first_broken_seq: Option<i64>,
    pub problems: Vec<Message>,
}

/// Whether the audit chain still holds the head a signed file carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgainstStatus {
    /// The chain holds the entry (number and hash) the file recorded.
    Held,
    /// It does not: the chain was rewritten or cut after the file left.
    Missing,
    /// The file was signed on another laptop.
    NotFromHere,
    /// The file carries no head (made before heads were carried).
    NoHead,
}

/// One signed file checked against the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditAgainst {
    pub file: String,
    /// "Gói phiếu" or "Gói đợt xét".
    pub what: String,
    pub head_seq: Option<i64>,
    pub head_hash: Option<String>,
    pub status: AgainstStatus,
    pub message: String,
}
