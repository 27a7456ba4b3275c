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

mod audit;
mod history;
mod packets;
mod rounds;
pub use audit::*;
pub use history::*;
pub use packets::*;
pub use rounds::*;

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
