//! Round packages: written at the secretariat, taken in on a member's laptop.

use super::*;

/// How many nominations a round package brought in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct NominationCounts {
    pub imported: u32,
    pub updated: u32,
    pub unchanged: u32,
}

/// A nomination that changed since this laptop's member reviewed it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChangedNomination {
    pub id: String,
    pub name: String,
    /// What changed in the nomination since the member's review, one entry per field.
    pub changes: Vec<FieldChange>,
}

/// What the person confirmed about the key that signed a round package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RoundTrust {
    /// The fingerprint of the secretariat's key as the person compared it (aloud, with the
    /// secretariat): needed for the first package of a laptop that trusts no secretariat yet.
    pub secretariat_fingerprint: Option<String>,
    /// Take this fingerprint's key in place of the secretariat key trusted until now (an audited
    /// change).
    #[serde(default)]
    pub replace_secretariat: bool,
}

/// The signer of a round package whose key this laptop does not trust yet, for the person to
/// compare its fingerprint with the secretariat's (by phone) before taking it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PackageSigner {
    pub signed_by: String,
    /// Groups of four hex digits (`A1B2 C3D4 …`), to read aloud and compare.
    pub fingerprint: String,
    /// The secretariat trusted until now, if any: taking the package replaces it (audited).
    pub trusted: Option<SecretariatView>,
}

/// What taking in a round package from the window came to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RoundPackageImport {
    /// Taken in.
    Imported { report: Box<RoundPackageReport> },
    /// Not taken in: its signer's key is not the secretariat's this laptop trusts. The window
    /// asks the person to compare the fingerprint, then imports `file` (a picked-file token)
    /// again with [`RoundTrust`].
    NeedsTrust {
        file: FileToken,
        signer: PackageSigner,
    },
}

/// The secretariat a laptop trusts to sign round packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SecretariatView {
    pub member_id: String,
    pub name: String,
    /// Groups of four hex digits (`A1B2 C3D4 …`), to read aloud and compare.
    pub fingerprint: String,
    /// RFC 3339, UTC.
    pub trusted_at: Option<String>,
}

/// The secretary's signing certificate registered on the chair's laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SecretaryCertificateView {
    /// The subject's common name.
    pub subject: String,
    /// SHA-256 of the certificate, 16 groups of four hex digits, to read aloud and compare.
    pub sha256: String,
    /// RFC 3339, UTC.
    pub valid_from: String,
    pub valid_to: String,
    /// RFC 3339, UTC; `None` before it is registered.
    pub registered_at: Option<String>,
}

/// A round package written or taken in.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RoundPackageReport {
    pub file: String,
    pub round: RoundView,
    pub nominations: NominationCounts,
    pub members: u32,
    /// Files that came with nominations (written or taken in).
    pub files: u32,
    /// The name of the member (the secretariat) who signed the package.
    pub signed_by: String,
    /// The fingerprint of the signer's key, in groups of four to read aloud (`A1B2 C3D4 …`).
    pub secretariat_fingerprint: String,
    pub changed_since_review: Vec<ChangedNomination>,
}
