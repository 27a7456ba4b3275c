//! A member's vote summary (phiếu đánh giá) that goes with their decision packet: filled from the
//! member's reviews and what the rubric decided, laid out by the pdf crate, signed with the
//! member's certificate when one is given.

use crate::document::ISSUING_BODY;
use crate::error::{pdf_error, ApiError};
use crate::signing_key::SigningKey;
use chrono::Utc;
use std::path::{Path, PathBuf};
use xetkhen_core::{AutoResult, Nomination, Review, Round, Rubric, Verdict, Vote};
use xetkhen_pdf::{ItemNote, ItemVerdict, Meta, SignOptions, VoteSummary, VoteSummaryRow};

fn item_verdict(v: Verdict) -> ItemVerdict {
    match v {
        Verdict::Pass => ItemVerdict::Pass,
        Verdict::Fail => ItemVerdict::Fail,
        Verdict::NeedsEvidence => ItemVerdict::NeedsEvidence,
    }
}

fn auto_verdict(a: AutoResult) -> ItemVerdict {
    match a {
        AutoResult::Pass => ItemVerdict::Pass,
        AutoResult::Fail => ItemVerdict::Fail,
    }
}

/// The member's vote summary of the reviews in a packet, for every nomination of the round.
pub(crate) fn vote_summary(
    round: &Round,
    rubric: &Rubric,
    nominations: &[Nomination],
    reviews: &std::collections::HashMap<&str, &Review>,
    member: (&str, &str),
    sequence: u32,
    previous: Option<&str>,
) -> VoteSummary {
    let rows = nominations
        .iter()
        .map(|n| {
            let review = reviews.get(n.id.as_str());
            let autos: Vec<Option<AutoResult>> = rubric
                .evaluate(n, round.kind)
                .map(|e| e.items.iter().map(|i| i.auto).collect())
                .unwrap_or_default();
            let codes: Vec<&str> = rubric
                .set(&n.criteria_set)
                .map(|s| s.items.iter().map(|c| c.code.as_str()).collect())
                .unwrap_or_default();
            let items = review
                .map(|r| {
                    codes
                        .iter()
                        .zip(autos.iter().chain(std::iter::repeat(&None)))
                        .filter_map(|(code, auto)| {
                            let item = r.items.get(*code)?;
                            let verdict = item.verdict?;
                            let differs = auto.map(auto_verdict) != Some(item_verdict(verdict));
                            (differs || verdict == Verdict::NeedsEvidence).then(|| ItemNote {
                                item: (*code).to_string(),
                                verdict: item_verdict(verdict),
                                automatic: auto.map(auto_verdict),
                                reason: item.reason.clone().unwrap_or_default(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            VoteSummaryRow {
                name: n.name.clone(),
                unit: n.unit.clone(),
                award: n.award.label_vi().to_string(),
                vote: review.and_then(|r| r.vote).map(|v| match v {
                    Vote::Approve => xetkhen_pdf::Ballot::Approve,
                    Vote::Reject => xetkhen_pdf::Ballot::Reject,
                    Vote::Abstain => xetkhen_pdf::Ballot::Abstain,
                }),
                merit_score: review.and_then(|r| r.score),
                items,
                note: review.and_then(|r| r.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    VoteSummary {
        issuing_body: ISSUING_BODY.iter().map(|s| (*s).to_string()).collect(),
        place_date: xetkhen_store::today_in_vietnam(),
        member_name: member.0.to_string(),
        member_position: member.1.to_string(),
        round_name: round.name.clone(),
        sequence: u64::from(sequence),
        created: Utc::now(),
        previous_packet_sha256: previous.map(String::from),
        rows,
        metadata: Meta {
            title: "Phiếu đánh giá của thành viên hội đồng".into(),
            author: member.0.to_string(),
            subject: format!("Phiếu đánh giá, gói số {sequence}, {}", round.name),
            keywords: vec![format!("round:{}", round.id), format!("packet:{sequence}")],
            created: Utc::now(),
        },
    }
}

/// Renders the member's vote summary, signed with their certificate when one is given.
pub(crate) fn render_summary(
    doc: &VoteSummary,
    sign: Option<&SigningKey>,
) -> Result<Vec<u8>, ApiError> {
    let rendered = xetkhen_pdf::render_vote_summary(doc).map_err(|e| pdf_error(&e))?;
    let Some(key) = sign else {
        return Ok(rendered.bytes);
    };
    let signer = key.open()?;
    let mut opts = SignOptions::new(
        &doc.member_position,
        "Phiếu đánh giá của thành viên hội đồng",
        Utc::now(),
    );
    opts.signer_name = Some(doc.member_name.clone());
    opts.area = Some(rendered.signature_area);
    xetkhen_pdf::sign_pdf(&rendered.bytes, signer.as_ref(), &opts).map_err(|e| pdf_error(&e))
}

/// The summary PDF that goes with a packet file: the same name with `.pdf`.
pub fn summary_path(packet: &Path) -> PathBuf {
    packet.with_extension("pdf")
}
