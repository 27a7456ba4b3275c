//! The files the secretariat and the members hand each other, as they are laid out: the signed
//! envelope of a JSON file, the round package inside it, and the member card of a reviewer. The
//! operations that write and read them are [`crate::round_package`]'s,
//! [`crate::round_package_import`]'s and [`crate::members`]'.

use xetkhen_core::packet::CARD_FORMAT;
use xetkhen_core::{MemberCard, Nomination, Round};
use xetkhen_store::Reviewer;

/// The format of a round package file.
pub const ROUND_FORMAT: &str = "xetkhen-goi-dot-xet/1";
/// The largest round package read: 10,000 nominations are about 10 MB.
pub const MAX_ROUND_BYTES: u64 = 256 * 1024 * 1024;

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct SignedFile {
    pub(crate) format: String,
    pub(crate) body: String,
    pub(crate) signature: String,
}

/// A file that comes with a nomination, carried whole in the round package.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct PackageFile {
    pub(crate) nomination_id: String,
    pub(crate) attachment: xetkhen_core::Attachment,
    /// The bytes, base64.
    pub(crate) data: String,
}

/// What the secretariat signs when it hands a round out.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct RoundPackage {
    pub(crate) format: String,
    pub(crate) round: Round,
    /// The round's rubric, as the store keeps it.
    pub(crate) rubric: String,
    pub(crate) nominations: Vec<Nomination>,
    pub(crate) members: Vec<MemberCard>,
    /// Files that come with the nominations, for every member to open.
    #[serde(default)]
    pub(crate) files: Vec<PackageFile>,
    /// Who signed the package (one of `members`).
    pub(crate) signed_by: String,
    pub(crate) exported_at: String,
    /// The head of the secretariat's audit chain when it signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) audit_head: Option<xetkhen_core::audit::AuditHead>,
}

/// The card a reviewer gives the secretariat: who they are and their public key; none before
/// the reviewer has a key.
pub(crate) fn card_of(r: &Reviewer) -> Option<MemberCard> {
    Some(MemberCard {
        format: CARD_FORMAT.into(),
        id: r.id.clone(),
        name: r.name.clone(),
        position: r.position.clone(),
        role: r.role,
        conflicts: r.conflicts.clone(),
        public_key: r.public_key.clone()?,
    })
}
