//! The count of a round: its vote rule, and every nomination's ballots and decision with the
//! packets merged.

use crate::desk::reviewer_view;
use crate::desk::Desk;
use crate::error::ApiError;
use crate::views::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use xetkhen_core::{count, Ballot, ConflictMatcher, VoteRule};
use xetkhen_store::{Direction, ReviewVote};

impl Desk {
    /// Sets how many votes in favour a round's nominations need.
    pub fn set_vote_rule(&mut self, round: &str, rule: VoteRule) -> Result<VoteRule, ApiError> {
        let rule = rule
            .check()
            .map_err(|e| ApiError::invalid("more_than_pct", e.to_string()).because(e.code()))?;
        self.round(round)?;
        let actor = self.actor().to_string();
        self.store.set_vote_rule(&actor, round, rule)?;
        Ok(rule)
    }

    /// The committee's count for every nomination of a round, with the packets merged.
    pub fn tally(&self, round: &str) -> Result<TallyView, ApiError> {
        let summary = self
            .store
            .round(round)?
            .ok_or_else(|| ApiError::not_found("đợt xét", round))?;
        let rule = self.store.vote_rule(round)?;
        let members = self.store.reviewers()?;
        let packets = self.store.packet_headers(round, Direction::In)?;
        // Ties declared to the secretariat, and in the member's newest packet.
        let mut declared: HashMap<&str, Vec<String>> = members
            .iter()
            .map(|m| (m.id.as_str(), m.conflicts.clone()))
            .collect();
        for p in &packets {
            if let Some(d) = declared.get_mut(p.member_id.as_str()) {
                d.extend(p.conflicts.iter().cloned());
            }
        }
        let matchers: Vec<ConflictMatcher> = members
            .iter()
            .map(|m| ConflictMatcher::new(declared.get(m.id.as_str()).map_or(&[][..], |d| d)))
            .collect();
        // Only the vote, score and nomination version of each review count; looked up by
        // borrowed ids. Another member's review counts only when it came in a packet they
        // signed: what was written for them on this laptop speaks for nobody.
        let votes = self.store.votes_of_round(round)?;
        let own: BTreeSet<&str> = members
            .iter()
            .filter(|m| m.is_self)
            .map(|m| m.id.as_str())
            .collect();
        let reviews: HashMap<(&str, &str), &ReviewVote> = votes
            .iter()
            .filter(|v| v.signed || own.contains(v.reviewer_id.as_str()))
            .map(|v| ((v.nomination_id.as_str(), v.reviewer_id.as_str()), &v.vote))
            .collect();
        let noms = self.round_nominations(round)?;
        let mut rows = Vec::with_capacity(noms.len());
        let mut totals = TallyTotals::default();
        for s in &noms {
            let n = &s.nomination;
            let hash = n.content_hash();
            let mut ballots = Vec::with_capacity(members.len());
            let mut scores = Vec::new();
            for (m, matcher) in members.iter().zip(&matchers) {
                let review = reviews.get(&(n.id.as_str(), m.id.as_str())).copied();
                let ballot = Ballot::of(
                    matcher.find(n).is_some(),
                    review.and_then(|r| r.vote),
                    review.is_none_or(|r| r.nomination_hash == hash),
                );
                if matches!(ballot, Ballot::Approve | Ballot::Reject | Ballot::Abstain) {
                    if let Some(score) = review.and_then(|r| r.score) {
                        scores.push(score);
                    }
                }
                ballots.push(MemberBallot {
                    member_id: m.id.clone(),
                    member: m.name.clone(),
                    ballot,
                });
            }
            let plain: Vec<Ballot> = ballots.iter().map(|b| b.ballot).collect();
            let c = count(&plain, &scores, rule);
            match c.decision {
                xetkhen_core::Decision::Approved => totals.approved += 1,
                xetkhen_core::Decision::NotApproved => totals.not_approved += 1,
                xetkhen_core::Decision::Pending => totals.pending += 1,
            }
            rows.push(TallyRow {
                nomination_id: n.id.clone(),
                name: n.name.clone(),
                unit: n.unit.clone(),
                kind: n.kind,
                criteria_set: n.criteria_set.clone(),
                award: n.award,
                count: c,
                ballots,
                search: xetkhen_core::text::fold(&format!("{} {}", n.name, n.unit)),
            });
        }
        let mut progress: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for row in &rows {
            for b in &row.ballots {
                let e = progress.entry(b.member_id.clone()).or_default();
                if b.ballot != Ballot::Conflicted {
                    e.1 += 1;
                    if matches!(b.ballot, Ballot::Approve | Ballot::Reject | Ballot::Abstain) {
                        e.0 += 1;
                    }
                }
            }
        }
        let last_seq: HashMap<&str, u32> = packets.iter().fold(HashMap::new(), |mut m, p| {
            let e = m.entry(p.member_id.as_str()).or_insert(0);
            *e = (*e).max(p.seq);
            m
        });
        let member_progress = members
            .iter()
            .map(|m| {
                let (voted, of) = progress.get(&m.id).copied().unwrap_or((0, 0));
                MemberVotes {
                    member: reviewer_view(m),
                    voted,
                    of,
                    last_packet: last_seq.get(m.id.as_str()).copied(),
                }
            })
            .collect();
        // A member's id decides the fork; their name goes with it, to be read.
        let forks = xetkhen_core::packet::forks(packets.iter().map(|p| {
            (
                (p.member_id.as_str(), p.member_name.as_str()),
                p.seq,
                p.hash.as_str(),
            )
        }));
        Ok(TallyView {
            round: crate::desk::round_view(&summary.round, summary.nomination_count),
            rule,
            rule_text: rule.describe(),
            committee: u32::try_from(members.len()).unwrap_or(u32::MAX),
            totals,
            rows,
            members: member_progress,
            packets: packets
                .iter()
                .map(|p| MergedPacketView {
                    member_id: p.member_id.clone(),
                    member: p.member_name.clone(),
                    seq: p.seq,
                    hash: p.hash.clone(),
                    created_at: p.created_at.clone(),
                    received_at: p
                        .received_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    reviews: p.reviews,
                })
                .collect(),
            disputed: forks
                .into_iter()
                .map(|((_, member), seq)| {
                    Message::new(
                        MessageCode::TallyDisputed,
                        [("member", member.to_string()), ("seq", seq.to_string())],
                    )
                })
                .collect(),
        })
    }
}
