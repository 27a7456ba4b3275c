//! The minutes of a round's count (biên bản kiểm phiếu), filled from the tally: grouped by award
//! form and criteria set, with the packets merged, laid out by the pdf crate and signed by the
//! secretary, then the chair. The head of this laptop's audit chain rides in their keywords. The
//! chair's countersignature on another laptop is [`crate::countersign`]'s; a member's vote summary
//! is [`crate::vote_summary`]'s.

use crate::desk::Desk;
use crate::document::{audit_keywords, document_number, ISSUING_BODY};
use crate::error::{pdf_error, ApiError};
use crate::fs::write_whole;
use crate::signing_key::SigningKey;
use chrono::Utc;
use std::path::PathBuf;
use xetkhen_core::{Decision, Role};
use xetkhen_pdf::{
    MergedPacket, Meta, Minutes, MinutesGroup, MinutesRow, Outcome, SignOptions, SignatureBlock,
};

/// What `xetkhen tally --minutes` asks for.
#[derive(Debug, Clone)]
pub struct MinutesRequest {
    pub round: String,
    pub out: PathBuf,
    /// "05/BB-HĐTĐKT" (a leading "Số:" is taken too); left for the clerk when `None`.
    pub number: Option<String>,
    /// The secretary signs first; then the chair, when both keys are given.
    pub secretary: Option<SigningKey>,
    pub chair: Option<SigningKey>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct MinutesReport {
    pub file: String,
    pub pages: usize,
    pub nominations: usize,
    pub packets: usize,
    pub signatures: u32,
    pub size_bytes: u64,
}

fn outcome(d: Decision) -> Outcome {
    match d {
        Decision::Approved => Outcome::Approved,
        Decision::NotApproved => Outcome::NotApproved,
        Decision::Pending => Outcome::Pending,
    }
}

/// Minutes rendered, not signed yet: where each signature goes and what the document counts.
#[derive(Debug, Clone)]
pub(crate) struct MinutesLayout {
    pub(crate) pages: usize,
    pub(crate) nominations: usize,
    pub(crate) packets: usize,
    secretary_area: xetkhen_pdf::SignatureArea,
    chair_area: xetkhen_pdf::SignatureArea,
    secretary_name: String,
    chair_name: String,
}

/// Signs rendered minutes: the secretary first, then the chair, when their keys are given.
/// Answers the bytes and the number of signatures.
pub(crate) fn sign_minutes(
    bytes: Vec<u8>,
    layout: &MinutesLayout,
    secretary: Option<&SigningKey>,
    chair: Option<&SigningKey>,
) -> Result<(Vec<u8>, u32), ApiError> {
    let mut bytes = bytes;
    let mut signatures = 0;
    if let Some(key) = secretary {
        let signer = key.open()?;
        let mut opts = SignOptions::new("Thư ký Hội đồng", "Lập biên bản kiểm phiếu", Utc::now());
        opts.signer_name = Some(layout.secretary_name.clone()).filter(|n| !n.is_empty());
        opts.area = Some(layout.secretary_area);
        // Approval, not certification: the chair signs after, now or later on their laptop.
        opts.allow_later_signatures = true;
        bytes = xetkhen_pdf::sign_pdf(&bytes, signer.as_ref(), &opts).map_err(|e| pdf_error(&e))?;
        signatures += 1;
    }
    if let Some(key) = chair {
        let signer = key.open()?;
        let mut opts = SignOptions::new(
            "Chủ tịch Hội đồng",
            "Xác nhận biên bản kiểm phiếu",
            Utc::now(),
        );
        opts.signer_name = Some(layout.chair_name.clone()).filter(|n| !n.is_empty());
        opts.area = Some(layout.chair_area);
        bytes = xetkhen_pdf::sign_pdf(&bytes, signer.as_ref(), &opts).map_err(|e| pdf_error(&e))?;
        signatures += 1;
    }
    Ok((bytes, signatures))
}

impl Desk {
    /// Writes the minutes of a round's count: the tally of every nomination, grouped by award
    /// form and criteria set, and the packets merged; signed by the secretary, then the chair.
    pub fn write_minutes(&self, req: &MinutesRequest) -> Result<MinutesReport, ApiError> {
        let (bytes, layout) = self.render_minutes(&req.round, req.number.as_deref())?;
        let (bytes, signatures) =
            sign_minutes(bytes, &layout, req.secretary.as_ref(), req.chair.as_ref())?;
        write_whole(&req.out, &bytes)?;
        Ok(MinutesReport {
            file: req.out.display().to_string(),
            pages: layout.pages,
            nominations: layout.nominations,
            packets: layout.packets,
            signatures,
            size_bytes: bytes.len() as u64,
        })
    }

    /// The minutes of a round's count, unsigned, with where their signatures go.
    pub(crate) fn render_minutes(
        &self,
        round: &str,
        number: Option<&str>,
    ) -> Result<(Vec<u8>, MinutesLayout), ApiError> {
        let tally = self.tally(round)?;
        let members = self.store.reviewers()?;
        let named = |role: Role| {
            members
                .iter()
                .find(|m| m.role == role)
                .map(|m| m.name.clone())
                .unwrap_or_default()
        };
        let mut groups: Vec<MinutesGroup> = Vec::new();
        let mut keys: Vec<(String, String)> = tally
            .rows
            .iter()
            .map(|r| (r.award.code().to_string(), r.criteria_set.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        for (award, set) in keys {
            let rows: Vec<MinutesRow> = tally
                .rows
                .iter()
                .filter(|r| r.award.code() == award && r.criteria_set == set)
                .map(|r| MinutesRow {
                    name: r.name.clone(),
                    unit: r.unit.clone(),
                    award: r.award.label_vi().to_string(),
                    approve: r.count.approve as usize,
                    reject: r.count.reject as usize,
                    abstain: r.count.abstain as usize,
                    not_voted: (r.count.not_voted + r.count.outdated) as usize,
                    conflicted: r.count.conflicted as usize,
                    approval_percent: r.count.share_pct.unwrap_or(0.0),
                    mean_score: r.count.mean_score,
                    outcome: outcome(r.count.decision),
                })
                .collect();
            let label = rows.first().map(|r| r.award.clone()).unwrap_or_default();
            groups.push(MinutesGroup {
                title: format!("{label} - Tiêu chí {set}"),
                rows,
            });
        }
        let disputed = xetkhen_core::packet::forks(
            tally
                .packets
                .iter()
                .map(|p| (p.member_id.as_str(), p.seq, p.hash.as_str())),
        );
        let packets = tally
            .packets
            .iter()
            .map(|p| MergedPacket {
                member: p.member.clone(),
                sequence: u64::from(p.seq),
                sha256: p.hash.clone(),
                received: chrono::DateTime::parse_from_rfc3339(&p.received_at)
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or_else(|_| Utc::now()),
                note: if disputed.contains(&(p.member_id.as_str(), p.seq)) {
                    "hai gói cùng số thứ tự: chưa tính".into()
                } else {
                    String::new()
                },
            })
            .collect::<Vec<_>>();
        let doc = Minutes {
            issuing_body: ISSUING_BODY.iter().map(|s| (*s).to_string()).collect(),
            number: document_number(number, "BB-HĐTĐKT"),
            place_date: xetkhen_store::today_in_vietnam(),
            round_name: tally.round.name.clone(),
            committee_size: tally.committee as usize,
            vote_rule: tally.rule_text.text.clone(),
            groups,
            packets,
            secretary: SignatureBlock {
                authority_line: String::new(),
                title_line: "THƯ KÝ HỘI ĐỒNG".into(),
                name: named(Role::Secretary),
            },
            chair: SignatureBlock {
                authority_line: String::new(),
                title_line: "CHỦ TỊCH HỘI ĐỒNG".into(),
                name: named(Role::Chair),
            },
            metadata: Meta {
                title: xetkhen_pdf::MINUTES_TITLE.into(),
                author: "Hội đồng Thi đua - Khen thưởng".into(),
                subject: format!("Kiểm phiếu {}", tally.round.name),
                keywords: {
                    // Inside the bytes the secretary signs: the head of this laptop's audit chain
                    // and its member key, for `xetkhen audit verify --against`.
                    let mut k = vec![format!("round:{}", tally.round.id)];
                    k.extend(audit_keywords(
                        self.store.audit_head()?.as_ref(),
                        self.store
                            .current_reviewer()?
                            .and_then(|r| r.public_key)
                            .as_deref(),
                    ));
                    k
                },
                created: Utc::now(),
            },
        };
        let rendered = xetkhen_pdf::render_minutes(&doc).map_err(|e| pdf_error(&e))?;
        Ok((
            rendered.bytes,
            MinutesLayout {
                pages: rendered.pages,
                nominations: tally.rows.len(),
                packets: tally.packets.len(),
                secretary_area: rendered.secretary_area,
                chair_area: rendered.chair_area,
                secretary_name: doc.secretary.name,
                chair_name: doc.chair.name,
            },
        ))
    }
}
