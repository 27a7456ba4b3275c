//! Requests and answers. Field names are snake_case on the wire, in the CLI's JSON and in the
//! generated TypeScript alike.

use crate::tokens::FileToken;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xetkhen_core::{
    Attachment, AutoResult, AwardCheck, AwardForm, ItemKind, NomineeKind, Review, Role, RoundKind,
    RoundStatus, Verdict, Vote,
};
pub use xetkhen_core::{Message, MessageCode};

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
    /// When the round was closed.
    pub closed_at: Option<String>,
    /// The last day its personal data is kept (YYYY-MM-DD); it may be erased from the day after.
    pub retain_until: Option<String>,
    /// When its personal data was erased.
    pub erased_at: Option<String>,
    /// Whether its retention period has ended, so that its personal data may be erased today
    /// (Vietnam's day, decided by `core::calendar`).
    pub erasable: bool,
    /// The first day that may be given as the last day of retention (closing or extending), YYYY-MM-DD.
    pub retain_from: String,
    /// The last day of retention the window offers (five years on when closing, a year more when
    /// extending), YYYY-MM-DD.
    pub retain_suggested: String,
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
    /// Only the nominations in this state for this laptop's member.
    pub review: Option<ReviewFilter>,
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
    /// Where this laptop's member stands on it (null without a reviewer profile).
    pub review: Option<ReviewStatus>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct NominationList {
    pub round: String,
    pub total: u32,
    pub rows: Vec<NominationRow>,
    /// This laptop's member's progress over the whole round.
    pub progress: Option<Progress>,
    /// The criteria sets of the round's rubric, in its order: what the list can be filtered by.
    pub criteria_sets: Vec<CriteriaSetView>,
}

/// A criteria set of a rubric, as the plan words it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CriteriaSetView {
    pub code: String,
    pub title: String,
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
    /// The member's verdict on the item (null when they have not given one).
    pub verdict: Option<Verdict>,
    pub reason: Option<String>,
    pub note: Option<String>,
    /// The member's verdict differs from the automatic result.
    pub overridden: bool,
    /// What counts for eligibility: the verdict where given, else the automatic result.
    pub result: Option<AutoResult>,
    /// The verdicts that must come with a reason on this item ([`xetkhen_core::reason_required`]).
    pub reason_required: Vec<Verdict>,
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
    /// Eligibility for the proposed award form, from the automatic results and (when this laptop
    /// has a reviewer) the member's verdicts.
    pub eligible: Option<bool>,
    pub created_at: String,
    pub updated_at: String,
    /// The member of this laptop, when one is set up.
    pub reviewer: Option<ReviewerView>,
    /// The declared unit that ties the member to this nomination: they may not score or vote on it.
    pub conflict: Option<String>,
    /// Files that came with the nomination from the secretariat (with the round package, on a
    /// member's laptop), for every member to open.
    pub shared_evidence: Vec<Attachment>,
    /// The member's review as stored (for editing), null before their first change.
    pub review: Option<Review>,
    pub vote: Option<Vote>,
    pub score: Option<f64>,
    /// The member's notes: on the nomination (`item` null) and on items.
    pub notes: Vec<NoteView>,
    pub tags: Vec<String>,
    /// Whether the award form the member proposes instead is allowed.
    pub proposed_award_check: Option<AwardCheck>,
    /// Every item decided and a vote cast.
    pub complete: bool,
    pub needs_evidence: bool,
    /// The nomination changed after the member last worked on their review.
    pub outdated: bool,
    /// Content hash of the nomination as it is now.
    pub content_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NoteView {
    pub item: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReviewerView {
    pub id: String,
    pub name: String,
    pub position: String,
    pub role: Role,
    pub conflicts: Vec<String>,
    pub this_laptop: bool,
}

/// Sets up (or updates) the member who works on this laptop.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct SetReviewer {
    pub name: String,
    pub position: String,
    pub role: Option<Role>,
}

/// A member's review to save, as the UI or the CLI edited it.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct SaveReview {
    pub nomination: String,
    pub review: Review,
}

/// Which of a member's nominations the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewFilter {
    /// Chưa xem: no review yet (conflicted ones excluded).
    Unreviewed,
    /// Cần bổ sung.
    NeedsEvidence,
    /// Xung đột.
    Conflicted,
    /// Đã chấm.
    Reviewed,
}

/// Where the member stands on one nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Unreviewed,
    InProgress,
    NeedsEvidence,
    Reviewed,
    Conflicted,
}

impl ReviewStatus {
    /// Whether a nomination in this state is one the filter shows.
    pub fn matches(self, filter: ReviewFilter) -> bool {
        matches!(
            (filter, self),
            (ReviewFilter::Unreviewed, ReviewStatus::Unreviewed)
                | (ReviewFilter::NeedsEvidence, ReviewStatus::NeedsEvidence)
                | (ReviewFilter::Conflicted, ReviewStatus::Conflicted)
                | (ReviewFilter::Reviewed, ReviewStatus::Reviewed)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    /// Reviews complete (every item decided, vote cast).
    pub reviewed: u32,
    /// Nominations the member may review (conflicted ones left out).
    pub total: u32,
    pub conflicted: u32,
    pub needs_evidence: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberProgress {
    pub reviewer: ReviewerView,
    pub progress: Progress,
}

/// One entry of a nomination's history, as a person reads it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub seq: i64,
    /// Vietnam time, ISO 8601.
    pub at: String,
    pub actor: String,
    pub action: String,
    /// What changed, one line per field, in Vietnamese.
    pub changes: Vec<String>,
}

/// An evidence file to show in the window: images inline; other kinds open in the system viewer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct EvidenceView {
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: u64,
    /// `data:` URL of an image, null for other kinds.
    pub data_url: Option<String>,
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
    /// One line per field, in Vietnamese: "Đơn vị: «…» → «…»".
    pub changes: Vec<String>,
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

/// A decision packet written by this laptop's member.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PacketExportReport {
    pub file: String,
    /// The member's vote summary (PDF) written beside the packet.
    pub summary: String,
    pub seq: u32,
    pub hash: String,
    pub reviews: u32,
    pub votes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PacketStatus {
    Accepted,
    Unchanged,
    Rejected,
}

/// What the committee must look at after a merge; reported, never settled silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A review made on an earlier version of the nomination.
    Outdated,
    /// A vote by a member who declared a tie to the nominee.
    ConflictOfInterest,
    /// Two different packets with one sequence number from one member.
    DuplicateSequence,
    /// A packet whose "previous packet" is not the one received under the number before it.
    BrokenChain,
    /// The PDF summary beside the packet is not the one the packet was signed with.
    SummaryMismatch,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PacketNotice {
    pub kind: NoticeKind,
    pub nomination_id: Option<String>,
    pub message: Message,
}

/// One packet file's fate at the secretariat.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PacketFileReport {
    pub file: String,
    pub status: PacketStatus,
    /// Why it was rejected.
    pub reason: Option<Message>,
    pub member: Option<String>,
    pub seq: Option<u32>,
    pub hash: Option<String>,
    pub reviews: u32,
    /// Reviews written or replaced by the merge.
    pub written: u32,
    pub notices: Vec<PacketNotice>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct PacketImportReport {
    pub accepted: u32,
    pub unchanged: u32,
    pub rejected: u32,
    pub files: Vec<PacketFileReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberBallot {
    pub member_id: String,
    pub member: String,
    pub ballot: xetkhen_core::Ballot,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TallyRow {
    pub nomination_id: String,
    pub name: String,
    pub unit: String,
    pub kind: NomineeKind,
    pub criteria_set: String,
    pub award: AwardForm,
    pub count: xetkhen_core::Count,
    pub ballots: Vec<MemberBallot>,
    /// Name and unit folded for search ([`xetkhen_core::text::fold`]); the window matches a
    /// query folded by [`crate::fold_search`], and folds nothing itself.
    pub search: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct TallyTotals {
    pub approved: u32,
    pub not_approved: u32,
    pub pending: u32,
}

/// A member's voting progress in the round.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberVotes {
    pub member: ReviewerView,
    /// Nominations the member has voted on (conflicts left out).
    pub voted: u32,
    /// Nominations the member may vote on.
    pub of: u32,
    /// The sequence number of the newest packet received from them.
    pub last_packet: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MergedPacketView {
    pub member_id: String,
    pub member: String,
    pub seq: u32,
    pub hash: String,
    pub created_at: String,
    pub received_at: String,
    pub reviews: u32,
}

/// The committee's count of a round.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TallyView {
    pub round: RoundView,
    pub rule: xetkhen_core::VoteRule,
    /// The rule in words.
    pub rule_text: Message,
    /// Members of the committee.
    pub committee: u32,
    pub totals: TallyTotals,
    pub rows: Vec<TallyRow>,
    pub members: Vec<MemberVotes>,
    pub packets: Vec<MergedPacketView>,
    /// Members with two different packets under one number.
    pub disputed: Vec<Message>,
}
