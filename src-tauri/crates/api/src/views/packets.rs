//! Decision packets and the committee's tally.

use super::*;

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
