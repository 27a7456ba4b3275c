//! Counting the committee's votes on a nomination: the one place that decides whether the
//! committee approved it.
//!
//! Every member of the committee casts one ballot per nomination. A member tied to the nominee
//! (conflict of interest) is left out of the count, whatever they sent; a vote made on an earlier
//! version of the nomination is held apart until the member confirms it on the current one.

use crate::message::{Message, MessageCode};
use crate::review::Vote;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whose votes the share in favour is taken of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum VoteBase {
    /// Every member of the committee who may vote on the nomination (all members but those
    /// in conflict), voted or not.
    Members,
    /// Only the members who voted for or against.
    Cast,
}

/// The round's rule: a nomination is approved when the votes in favour are more than
/// `more_than_pct` percent of the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VoteRule {
    pub more_than_pct: u32,
    pub base: VoteBase,
}

impl Default for VoteRule {
    /// More than half of all members: the rule of Luật Thi đua, khen thưởng for councils.
    fn default() -> Self {
        VoteRule {
            more_than_pct: 50,
            base: VoteBase::Members,
        }
    }
}

/// A vote rule no committee can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VoteRuleError {
    /// "More than 100% (or more) in favour" can never pass.
    #[error("Tỷ lệ thông qua phải nhỏ hơn 100%; đã nhập {0}%.")]
    ThresholdTooHigh(u32),
}

impl VoteRuleError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            VoteRuleError::ThresholdTooHigh(_) => "vote-rule.threshold",
        }
    }
}

impl VoteRule {
    pub fn check(self) -> Result<VoteRule, VoteRuleError> {
        if self.more_than_pct >= 100 {
            return Err(VoteRuleError::ThresholdTooHigh(self.more_than_pct));
        }
        Ok(self)
    }

    /// The rule in words, for the minutes and the screen.
    pub fn describe(self) -> Message {
        let code = match self.base {
            VoteBase::Members => MessageCode::VoteRuleMembers,
            VoteBase::Cast => MessageCode::VoteRuleCast,
        };
        Message::new(code, [("pct", self.more_than_pct.to_string())])
    }
}

/// One member's ballot on one nomination, as the merge found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Ballot {
    Approve,
    Reject,
    Abstain,
    /// No vote received yet.
    NotVoted,
    /// The member declared a tie to the nominee: not counted.
    Conflicted,
    /// The vote was made on an earlier version of the nomination: held apart.
    Outdated,
}

impl Ballot {
    /// A member's ballot on a nomination. A declared tie to the nominee comes first: such a
    /// ballot is never counted, whatever it says. Then a vote cast on another version of the
    /// nomination than the one now in the round is held apart until the member scores it again.
    /// Otherwise the ballot is the vote, or none yet.
    pub fn of(tied: bool, vote: Option<Vote>, on_current_version: bool) -> Ballot {
        match vote {
            _ if tied => Ballot::Conflicted,
            Some(_) if !on_current_version => Ballot::Outdated,
            Some(Vote::Approve) => Ballot::Approve,
            Some(Vote::Reject) => Ballot::Reject,
            Some(Vote::Abstain) => Ballot::Abstain,
            None => Ballot::NotVoted,
        }
    }
}

/// The committee's result on a nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Thông qua.
    Approved,
    /// Không thông qua: even if every member still to vote voted for, the rule cannot be met.
    NotApproved,
    /// Chưa đủ phiếu.
    Pending,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::NotApproved => "not-approved",
            Decision::Pending => "pending",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Decision::Approved => "Thông qua",
            Decision::NotApproved => "Không thông qua",
            Decision::Pending => "Chưa đủ phiếu",
        }
    }
}

/// The count of one nomination's ballots and what follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Count {
    pub approve: u32,
    pub reject: u32,
    pub abstain: u32,
    pub not_voted: u32,
    pub conflicted: u32,
    pub outdated: u32,
    /// Votes in favour as a share of the base, in percent (one decimal), when the base is not
    /// empty.
    pub share_pct: Option<f64>,
    /// Mean merit score of the counted members who gave one (one decimal).
    pub mean_score: Option<f64>,
    pub decision: Decision,
}

/// Counts the ballots of every member of the committee on one nomination, with the merit
/// scores of the counted members (conflicted and outdated ballots give no score).
pub fn count(ballots: &[Ballot], scores: &[f64], rule: VoteRule) -> Count {
    let n = |b: Ballot| u32::try_from(ballots.iter().filter(|x| **x == b).count()).unwrap_or(0);
    let (approve, reject, abstain) = (n(Ballot::Approve), n(Ballot::Reject), n(Ballot::Abstain));
    let (not_voted, conflicted, outdated) = (
        n(Ballot::NotVoted),
        n(Ballot::Conflicted),
        n(Ballot::Outdated),
    );
    let waiting = not_voted + outdated;
    let pct = u64::from(rule.more_than_pct);
    // "more than p% of b": 100·for > p·b, in whole numbers.
    let passes = |for_: u32, base: u32| base > 0 && 100 * u64::from(for_) > pct * u64::from(base);
    let (base, decision) = match rule.base {
        VoteBase::Members => {
            let base = approve + reject + abstain + waiting;
            let d = if passes(approve, base) {
                Decision::Approved
            } else if !passes(approve + waiting, base) {
                Decision::NotApproved
            } else {
                Decision::Pending
            };
            (base, d)
        }
        VoteBase::Cast => {
            let base = approve + reject;
            let d = if waiting > 0 {
                Decision::Pending
            } else if passes(approve, base) {
                Decision::Approved
            } else {
                Decision::NotApproved
            };
            (base, d)
        }
    };
    let round1 = |x: f64| (x * 10.0).round() / 10.0;
    Count {
        approve,
        reject,
        abstain,
        not_voted,
        conflicted,
        outdated,
        share_pct: (base > 0).then(|| round1(100.0 * f64::from(approve) / f64::from(base))),
        mean_score: (!scores.is_empty())
            .then(|| round1(scores.iter().sum::<f64>() / scores.len() as f64)),
        decision,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Ballot::*;
    use Decision::*;

    fn rule(pct: u32, base: VoteBase) -> VoteRule {
        VoteRule {
            more_than_pct: pct,
            base,
        }
    }

    #[test]
    fn a_tie_outweighs_the_vote_and_an_old_version_holds_it_apart() {
        let v = Some(Vote::Approve);
        assert_eq!(Ballot::of(true, v, true), Conflicted);
        assert_eq!(Ballot::of(true, None, false), Conflicted);
        assert_eq!(Ballot::of(false, v, false), Outdated);
        // Scored on an old version without a vote: nothing to hold apart.
        assert_eq!(Ballot::of(false, None, false), NotVoted);
        assert_eq!(Ballot::of(false, v, true), Approve);
        assert_eq!(Ballot::of(false, Some(Vote::Reject), true), Reject);
        assert_eq!(Ballot::of(false, Some(Vote::Abstain), true), Abstain);
    }

    #[test]
    fn more_than_half_of_all_members() {
        let half = VoteRule::default();
        // (ballots, decision)
        let table: &[(&[Ballot], Decision)] = &[
            // 5 members: 3 for is more than half.
            (&[Approve, Approve, Approve, Reject, Reject], Approved),
            // 4 members: 2 for is exactly half, not more.
            (&[Approve, Approve, Reject, Reject], NotApproved),
            // 2 for, 2 still to vote out of 5: could still pass.
            (&[Approve, Approve, Reject, NotVoted, NotVoted], Pending),
            // 3 against out of 5: can no longer pass.
            (&[Reject, Reject, Reject, NotVoted, NotVoted], NotApproved),
            // An abstention counts in the base: 2 of 4 is not more than half.
            (&[Approve, Approve, Abstain, Reject], NotApproved),
            // A conflicted member leaves the base: 2 of 3.
            (&[Approve, Approve, Reject, Conflicted], Approved),
            // An outdated vote waits like a missing one.
            (&[Approve, Approve, Outdated, Reject], Pending),
            // Everyone conflicted: nothing to count.
            (&[Conflicted, Conflicted], NotApproved),
        ];
        for (ballots, want) in table {
            assert_eq!(count(ballots, &[], half).decision, *want, "{ballots:?}");
        }
    }

    #[test]
    fn share_of_the_votes_cast_waits_for_everyone() {
        let r = rule(50, VoteBase::Cast);
        assert_eq!(
            count(&[Approve, Reject, NotVoted], &[], r).decision,
            Pending
        );
        assert_eq!(
            count(&[Approve, Approve, Reject, Abstain], &[], r).decision,
            Approved
        );
        assert_eq!(
            count(&[Approve, Reject, Abstain], &[], r).decision,
            NotApproved
        );
    }

    #[test]
    fn two_thirds_rule_and_figures() {
        let c = count(
            &[Approve, Approve, Reject, Conflicted, NotVoted],
            &[8.0, 7.5, 9.0],
            rule(66, VoteBase::Members),
        );
        assert_eq!(
            (c.approve, c.reject, c.not_voted, c.conflicted),
            (2, 1, 1, 1)
        );
        assert_eq!(c.share_pct, Some(50.0));
        assert_eq!(c.mean_score, Some(8.2));
        assert_eq!(c.decision, Pending);
    }

    #[test]
    fn a_rule_of_one_hundred_percent_is_refused() {
        assert_eq!(
            rule(100, VoteBase::Members).check().map_err(|e| e.code()),
            Err("vote-rule.threshold")
        );
        assert!(rule(50, VoteBase::Members).check().is_ok());
    }
}
