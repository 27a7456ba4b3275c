//! The signed decision packet a member sends back, and its merge at the secretariat: chains of
//! packets per member, outdated, conflicted and forked votes. Files here are JSON with a signed
//! body text (see `core::packet`); every file read is bounded in size and checked whole before
//! anything is written.

use crate::desk::autos_of;
use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::fs::{read_bounded, write_whole};
use crate::views::*;
use std::collections::HashMap;
use std::path::Path;
use xetkhen_core::packet::{MAX_PACKET_BYTES, PACKET_FORMAT};
use xetkhen_core::{ConflictMatcher, Nomination, Packet, PacketBody, PacketReview, Review};
use xetkhen_store::{Direction, ReviewState, StoredNomination};

impl Desk {
    /// Writes this laptop's member's decision packet for a round: every review they made,
    /// signed, numbered after their previous packet.
    /// Beside the packet goes the member's vote summary as PDF (the same name, `.pdf`), whose
    /// SHA-256 the packet carries, so the packet's signature covers it too; it is also signed
    /// with the member's certificate when `summary_key` is given.
    pub fn export_packet(
        &mut self,
        round: &str,
        out: &Path,
        summary_key: Option<&crate::SigningKey>,
    ) -> Result<PacketExportReport, ApiError> {
        let (me, key) = self.self_with_key()?;
        self.round(round)?;
        let reviews: Vec<PacketReview> = self
            .store
            .reviews_of_round(round)?
            .into_iter()
            .filter(|r| r.reviewer_id == me.id)
            .map(|r| PacketReview {
                nomination_id: r.nomination_id,
                review: r.review,
            })
            .collect();
        if reviews.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "{} chưa chấm hồ sơ nào của đợt xét này; chưa có gì để gửi.",
                    me.name
                ),
            ));
        }
        let last = self.store.last_outgoing(round, &me.id)?;
        let seq = last.as_ref().map_or(1, |(s, _)| s + 1);
        let summary_pdf = {
            let summary = self
                .store
                .round(round)?
                .ok_or_else(|| ApiError::not_found("đợt xét", round))?
                .round;
            let rubric = self.store.round_rubric(round)?;
            let noms: Vec<Nomination> = self
                .round_nominations(round)?
                .into_iter()
                .map(|s| s.nomination)
                .collect();
            let by_id: HashMap<&str, &Review> = reviews
                .iter()
                .map(|r| (r.nomination_id.as_str(), &r.review))
                .collect();
            let doc = crate::vote_summary::vote_summary(
                &summary,
                &rubric,
                &noms,
                &by_id,
                (&me.name, &me.position),
                seq,
                last.as_ref().map(|(_, h)| h.as_str()),
            );
            crate::vote_summary::render_summary(&doc, summary_key)?
        };
        let body = PacketBody {
            format: PACKET_FORMAT.into(),
            round_id: round.to_string(),
            member_id: me.id.clone(),
            member_name: me.name.clone(),
            public_key: key.public_hex(),
            seq,
            prev_hash: last.map(|(_, h)| h),
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            conflicts: me.conflicts.clone(),
            summary_sha256: Some(xetkhen_core::audit::sha256_hex(&summary_pdf)),
            audit_head: self.store.audit_head()?,
            reviews,
        };
        let packet = body
            .sign(&key)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let summary_file = crate::vote_summary::summary_path(out);
        write_whole(&summary_file, &summary_pdf)?;
        write_whole(out, &packet.to_file())?;
        let actor = me.name;
        if let Err(e) = self.store.record_outgoing(&actor, &packet) {
            let _ = std::fs::remove_file(out);
            let _ = std::fs::remove_file(&summary_file);
            return Err(e.into());
        }
        Ok(PacketExportReport {
            file: out.display().to_string(),
            summary: summary_file.display().to_string(),
            seq: packet.body.seq,
            hash: packet.hash.clone(),
            reviews: u32::try_from(packet.body.reviews.len()).unwrap_or(u32::MAX),
            votes: u32::try_from(
                packet
                    .body
                    .reviews
                    .iter()
                    .filter(|r| r.review.vote.is_some())
                    .count(),
            )
            .unwrap_or(u32::MAX),
        })
    }

    /// Merges members' packets at the secretariat, each file in its own transaction. A file is
    /// accepted, unchanged (seen before) or rejected whole, with the reason; what needs the
    /// committee's attention is reported, never settled silently.
    pub fn import_packets(&mut self, paths: &[&Path]) -> Result<PacketImportReport, ApiError> {
        let mut report = PacketImportReport::default();
        for path in paths {
            let file = self.import_packet(path)?;
            match file.status {
                PacketStatus::Accepted => report.accepted += 1,
                PacketStatus::Unchanged => report.unchanged += 1,
                PacketStatus::Rejected => report.rejected += 1,
            }
            report.files.push(file);
        }
        Ok(report)
    }

    fn import_packet(&mut self, path: &Path) -> Result<PacketFileReport, ApiError> {
        let name = path.display().to_string();
        let mut out = PacketFileReport {
            file: name,
            status: PacketStatus::Rejected,
            reason: None,
            member: None,
            seq: None,
            hash: None,
            reviews: 0,
            written: 0,
            notices: Vec::new(),
        };
        let reject = |mut out: PacketFileReport, why: Message| {
            out.reason = Some(why);
            Ok(out)
        };
        let bytes = match read_bounded(path, MAX_PACKET_BYTES, "gói phiếu") {
            Ok(b) => b,
            Err(e) => {
                return reject(
                    out,
                    Message::new(MessageCode::PacketUnreadable, [("detail", e.message)]),
                )
            }
        };
        let packet = match Packet::open(&bytes) {
            Ok(p) => p,
            Err(e) => return reject(out, e.message()),
        };
        let b = &packet.body;
        out.member = Some(b.member_name.clone());
        out.seq = Some(b.seq);
        out.hash = Some(packet.hash.clone());
        out.reviews = u32::try_from(b.reviews.len()).unwrap_or(u32::MAX);
        let Some(member) = self.store.reviewer(&b.member_id)? else {
            return reject(
                out,
                Message::new(
                    MessageCode::PacketUnknownMember,
                    [
                        ("member", b.member_name.clone()),
                        ("id", b.member_id.clone()),
                    ],
                ),
            );
        };
        if member.public_key.as_deref() != Some(b.public_key.as_str()) {
            return reject(
                out,
                Message::new(MessageCode::PacketWrongKey, [("member", member.name)]),
            );
        }
        out.member = Some(member.name.clone());
        let Some(round) = self.store.round(&b.round_id)? else {
            return reject(
                out,
                Message::new(
                    MessageCode::PacketUnknownRound,
                    [("round", b.round_id.clone())],
                ),
            );
        };
        let round = round.round;
        if self.store.has_packet(&packet.hash)? {
            out.status = PacketStatus::Unchanged;
            return Ok(out);
        }
        let rubric = self.store.round_rubric(&round.id)?;
        let noms: HashMap<String, StoredNomination> = self
            .round_nominations(&round.id)?
            .into_iter()
            .map(|s| (s.nomination.id.clone(), s))
            .collect();
        let mut declared: Vec<String> = member.conflicts.clone();
        declared.extend(b.conflicts.iter().cloned());
        let matcher = ConflictMatcher::new(&declared);
        for pr in &b.reviews {
            let Some(n) = noms.get(&pr.nomination_id) else {
                return reject(
                    out,
                    Message::new(
                        MessageCode::PacketNominationNotInRound,
                        [
                            ("nomination", pr.nomination_id.clone()),
                            ("round", round.name.clone()),
                        ],
                    ),
                );
            };
            let n = &n.nomination;
            let Some(set) = rubric.set(&n.criteria_set) else {
                return reject(
                    out,
                    Message::new(
                        MessageCode::PacketUnknownCriteriaSet,
                        [
                            ("nomination", n.id.clone()),
                            ("set", n.criteria_set.clone()),
                        ],
                    ),
                );
            };
            if let Err(e) = pr
                .review
                .validate(set, &autos_of(&rubric, n, &round), n.award)
            {
                return reject(
                    out,
                    Message::new(
                        MessageCode::PacketInvalidReview,
                        [
                            ("name", n.name.clone()),
                            ("nomination", n.id.clone()),
                            ("detail", e.to_string()),
                        ],
                    ),
                );
            }
            if pr.review.nomination_hash != n.content_hash() {
                out.notices.push(PacketNotice {
                    kind: NoticeKind::Outdated,
                    nomination_id: Some(n.id.clone()),
                    message: Message::new(
                        MessageCode::NoticeOutdated,
                        [("member", member.name.clone()), ("name", n.name.clone())],
                    ),
                });
            }
            if pr.review.vote.is_some() {
                if let Some(i) = matcher.find(n) {
                    out.notices.push(PacketNotice {
                        kind: NoticeKind::ConflictOfInterest,
                        nomination_id: Some(n.id.clone()),
                        message: Message::new(
                            MessageCode::NoticeConflict,
                            [
                                ("member", member.name.clone()),
                                ("tie", declared[i].clone()),
                                ("name", n.name.clone()),
                            ],
                        ),
                    });
                }
            }
        }
        let summary_file = crate::vote_summary::summary_path(path);
        if let (Some(want), Ok(pdf)) = (&b.summary_sha256, std::fs::read(&summary_file)) {
            if xetkhen_core::audit::sha256_hex(&pdf) != *want {
                out.notices.push(PacketNotice {
                    kind: NoticeKind::SummaryMismatch,
                    nomination_id: None,
                    message: Message::new(
                        MessageCode::NoticeSummaryMismatch,
                        [
                            ("file", summary_file.display().to_string()),
                            ("member", member.name.clone()),
                        ],
                    ),
                });
            }
        }
        let earlier = self
            .store
            .packets(&round.id, Some(&member.id), Direction::In)?;
        for other in &earlier {
            let o = &other.packet;
            if o.body.seq == b.seq {
                out.notices.push(PacketNotice {
                    kind: NoticeKind::DuplicateSequence,
                    nomination_id: None,
                    message: Message::new(
                        MessageCode::NoticeDuplicateSequence,
                        [("member", member.name.clone()), ("seq", b.seq.to_string())],
                    ),
                });
            }
            let broken = (o.body.seq + 1 == b.seq && b.prev_hash.as_deref() != Some(&o.hash))
                || (b.seq + 1 == o.body.seq && o.body.prev_hash.as_deref() != Some(&packet.hash));
            if broken {
                out.notices.push(PacketNotice {
                    kind: NoticeKind::BrokenChain,
                    nomination_id: None,
                    message: Message::new(
                        MessageCode::NoticeBrokenChain,
                        [
                            ("first", b.seq.min(o.body.seq).to_string()),
                            ("second", b.seq.max(o.body.seq).to_string()),
                            ("member", member.name.clone()),
                        ],
                    ),
                });
            }
        }
        let state_of = |id: &str, review: &Review| -> ReviewState {
            noms.get(id)
                .and_then(|s| {
                    let n = &s.nomination;
                    let set = rubric.set(&n.criteria_set)?;
                    let o = review.outcome(
                        set,
                        &autos_of(&rubric, n, &round),
                        n.kind,
                        n.award,
                        round.kind,
                    );
                    Some(ReviewState {
                        complete: o.complete,
                        needs_evidence: o.needs_evidence,
                    })
                })
                .unwrap_or(ReviewState {
                    complete: false,
                    needs_evidence: false,
                })
        };
        let actor = self.actor().to_string();
        let merged = self.store.merge_packet(&actor, &packet, &state_of)?;
        if merged.unchanged {
            out.status = PacketStatus::Unchanged;
            return Ok(out);
        }
        out.status = PacketStatus::Accepted;
        out.written = merged.written;
        Ok(out)
    }
}
