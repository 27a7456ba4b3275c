//! The domain of Xét Khen: what a round, a nomination and a rubric are, and the rules that decide
//! them (award forms, automatic results of threshold items, eligibility, search folding, the audit
//! hash). This crate does no IO: no files, no database, no clock reads except through arguments.

pub mod attachment;
pub mod audit;
pub mod award;
pub mod calendar;
pub mod message;
pub mod nomination;
pub mod packet;
pub mod percent;
pub mod review;
pub mod round;
pub mod rubric;
pub mod tally;
pub mod text;

pub use award::{check_award, AwardCheck, AwardForm};
pub use message::{Message, MessageCode};
pub use nomination::{Metric, Metrics, Nomination, NomineeKind};
pub use packet::{
    merge_member, MemberCard, MemberKey, MemberMerge, Packet, PacketBody, PacketError, PacketReview,
};
pub use percent::Percent;
pub use review::{
    conflict_with, reason_required, Attachment, ConflictMatcher, ItemOutcome, ItemReview, Review,
    ReviewError, ReviewOutcome, Role, Verdict, Vote, TAG_NEEDS_EVIDENCE,
};
pub use round::{Round, RoundKind, RoundStatus, PLAN_2242_CAMPAIGN};
pub use rubric::{
    AutoResult, CriteriaSet, Criterion, Evaluation, ItemKind, ItemResult, Rubric, RubricError,
    SetRule,
};
pub use tally::{count, Ballot, Count, Decision, VoteBase, VoteRule, VoteRuleError};
