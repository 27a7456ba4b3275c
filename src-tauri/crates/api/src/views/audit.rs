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

/// The kinds of file this laptop signs that carry the head of its audit chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignedFileKind {
    /// A member's decision packet.
    Packet,
    /// The secretariat's round package.
    RoundPackage,
    /// The vote minutes the secretary signed.
    Minutes,
}

impl SignedFileKind {
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Packet => "Gói phiếu",
            Self::RoundPackage => "Gói đợt xét",
            Self::Minutes => "Biên bản kiểm phiếu",
        }
    }
}

/// One signed file checked against the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuditAgainst {
    pub file: String,
    pub what: SignedFileKind,
    pub head_seq: Option<i64>,
    pub head_hash: Option<String>,
    pub status: AgainstStatus,
    /// What the status means for this file, as a code the front ends word.
    pub message: Message,
}
