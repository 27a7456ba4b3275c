//! The documents of the vote: the minutes of a round's count (biên bản kiểm phiếu), signed by
//! the secretary and the chair, and a member's vote summary (phiếu đánh giá) that goes with
//! their decision packet. Both are filled from what the core decided; the pdf crate lays them out.

use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::fs::write_whole;
use crate::list_export::{pdf_error, SigningKey};
use crate::views::SecretaryCertificateView;
use chrono::Utc;
use std::path::{Path, PathBuf};
use xetkhen_core::{AutoResult, Decision, Nomination, Review, Role, Round, Rubric, Verdict, Vote};
use xetkhen_pdf::{
    ItemNote, ItemVerdict, MergedPacket, Meta, Minutes, MinutesGroup, MinutesRow, Outcome,
    SignOptions, SignatureBlock, VoteSummary, VoteSummaryRow,
};

const ISSUING_BODY: [&str; 2] = [
    "UBND THÀNH PHỐ HỒ CHÍ MINH",
    "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
];

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
        let disputed: std::collections::HashSet<(String, u32)> = {
            let mut seen = std::collections::HashMap::new();
            let mut d = std::collections::HashSet::new();
            for p in &tally.packets {
                if let Some(h) = seen.insert((p.member_id.clone(), p.seq), p.hash.clone()) {
                    if h != p.hash {
                        d.insert((p.member_id.clone(), p.seq));
                    }
                }
            }
            d
        };
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
                note: if disputed.contains(&(p.member_id.clone(), p.seq)) {
                    "hai gói cùng số thứ tự: chưa tính".into()
                } else {
                    String::new()
                },
            })
            .collect::<Vec<_>>();
        let doc = Minutes {
            issuing_body: ISSUING_BODY.iter().map(|s| (*s).to_string()).collect(),
            number: crate::list_export::document_number(number, "BB-HĐTĐKT"),
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

/// What `xetkhen countersign` asks for: the chair signs, on their own laptop, minutes the
/// secretary wrote and signed on theirs.
#[derive(Debug, Clone)]
pub struct CountersignRequest {
    pub file: PathBuf,
    pub out: PathBuf,
    pub chair: SigningKey,
    /// Anchors the chair gives for the secretary's signature (DER), besides the built-in
    /// national roots and the root of the chair's own certificate.
    pub trust: Vec<xetkhen_pdf::CertificateDer>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CountersignReport {
    pub file: String,
    pub signatures: usize,
    pub size_bytes: u64,
}

/// The largest minutes file taken for a countersignature (minutes of 10,000 nominations are
/// a few MB).
const MAX_MINUTES_BYTES: u64 = 200 * 1024 * 1024;

impl Desk {
    /// Adds the chair's signature to minutes the secretary signed, in the chair's column beside
    /// the secretary's. The file must be minutes written by Xét Khen, carry the secretary's
    /// signature alone, and that signature must be intact, cover the whole file and chain to a
    /// trust anchor: one the chair gives (`trust`), a built-in national root, or the root of the
    /// chair's own certificate (a committee's certificates come from one authority). The file is
    /// not changed; the countersigned copy is written to `out`.
    pub fn countersign_minutes(
        &self,
        req: &CountersignRequest,
    ) -> Result<CountersignReport, ApiError> {
        let shown = req.file.display().to_string();
        let bytes = read_minutes(&req.file)?;
        let signed = self.countersign_bytes(&bytes, &req.chair, &req.trust, &shown)?;
        write_whole(&req.out, &signed)?;
        Ok(CountersignReport {
            file: req.out.display().to_string(),
            signatures: 2,
            size_bytes: signed.len() as u64,
        })
    }

    /// The countersigned copy of the minutes `bytes` (named `shown` in refusals).
    pub(crate) fn countersign_bytes(
        &self,
        bytes: &[u8],
        chair: &SigningKey,
        trust: &[xetkhen_pdf::CertificateDer],
        shown: &str,
    ) -> Result<Vec<u8>, ApiError> {
        let signer = chair.open()?;
        let mut anchors = trust.to_vec();
        anchors.extend(own_root(&signer.certificate_chain()));
        secretary_signature(bytes, &anchors, &self.registered_secretary()?, shown, true)?;
        let area = xetkhen_pdf::chair_area_after_secretary(bytes).map_err(|e| pdf_error(&e))?;
        let chair = self
            .store
            .reviewers()?
            .into_iter()
            .find(|m| m.role == Role::Chair)
            .map(|m| m.name);
        let mut opts = SignOptions::new(
            "Chủ tịch Hội đồng",
            "Xác nhận biên bản kiểm phiếu",
            Utc::now(),
        );
        opts.signer_name = chair;
        opts.area = Some(area);
        xetkhen_pdf::sign_pdf(bytes, signer.as_ref(), &opts).map_err(|e| pdf_error(&e))
    }
}

/// The bytes of a minutes file, refused when it is too large to be minutes.
pub(crate) fn read_minutes(file: &Path) -> Result<Vec<u8>, ApiError> {
    let shown = file.display().to_string();
    let unreadable = |e: std::io::Error| {
        ApiError::new(ErrorCode::Io, format!("Không đọc được tệp {shown}: {e}"))
    };
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > MAX_MINUTES_BYTES {
        return Err(ApiError::invalid(
            "file",
            format!("Tệp {shown} quá lớn cho một biên bản kiểm phiếu ({size} byte)."),
        ));
    }
    std::fs::read(file).map_err(unreadable)
}

/// The secretary's signature on minutes: it must be the only one, intact, cover the whole file
/// and, when `need_trust`, chain to one of `anchors` or a built-in national root. Answers the
/// signer's name.
pub(crate) fn secretary_signature(
    bytes: &[u8],
    anchors: &[xetkhen_pdf::CertificateDer],
    registered: &[xetkhen_pdf::CertificateDer],
    shown: &str,
    need_trust: bool,
) -> Result<String, ApiError> {
    let report = xetkhen_pdf::verify_with(
        bytes,
        &xetkhen_pdf::Trust::with_builtin(anchors).with_pinned(registered),
        std::time::SystemTime::now(),
    );
    let refused =
        |why: String| ApiError::invalid("file", format!("Không ký tiếp biên bản {shown}: {why}"));
    match report.signatures.as_slice() {
        [s] if s.intact()
            && s.covers_whole_file
            && !s.modified_after_signing
            && !s.trusted
            && need_trust =>
        {
            Err(refused(format!(
                "chữ ký của thư ký không dẫn tới chứng thư gốc tin cậy nào và không phải chữ ký bằng chứng thư của thư ký đã đăng ký trên máy này ({}). Hãy nêu chứng thư gốc của thư ký (--trust) hoặc đăng ký chứng thư của thư ký (xetkhen secretariat certificate).",
                xetkhen_core::message::join(&s.problems, "; ")
            )))
        }
        [s] if s.intact() && s.covers_whole_file && !s.modified_after_signing => {
            Ok(s.signer_cn.clone().unwrap_or_default())
        }
        [s] => Err(refused(format!(
            "chữ ký của thư ký không còn nguyên vẹn ({}).",
            xetkhen_core::message::join(&s.problems, "; ")
        ))),
        // With the verifier's reason: no signature field, or not a PDF it can read.
        [] => Err(refused(format!(
            "tệp chưa có chữ ký của thư ký ({}).",
            xetkhen_core::message::join(&report.problems, "; ")
        ))),
        many => Err(refused(format!("tệp đã có {} chữ ký.", many.len()))),
    }
}

impl Desk {
    /// The secretary's certificate registered here, as the one certificate it pins: a signature
    /// made with exactly it is trusted for countersigning; it anchors nothing it issued.
    pub(crate) fn registered_secretary(
        &self,
    ) -> Result<Vec<xetkhen_pdf::CertificateDer>, ApiError> {
        Ok(self
            .store
            .secretary_certificate()?
            .map(|c| c.der)
            .into_iter()
            .collect())
    }

    /// The secretary's signing certificate registered on this laptop, if any.
    pub fn secretary_certificate(&self) -> Result<Option<SecretaryCertificateView>, ApiError> {
        let Some(c) = self.store.secretary_certificate()? else {
            return Ok(None);
        };
        let s = xetkhen_pdf::cert::summary(&c.der).map_err(|e| pdf_error(&e))?;
        Ok(Some(certificate_view(&s, Some(c.registered_at))))
    }

    /// Registers the secretary's signing certificate (PEM or DER) on the chair's laptop, so that
    /// minutes signed with exactly it may be countersigned without naming an anchor. A
    /// certification authority's certificate is refused (it would anchor nothing but itself);
    /// another certificate than the one registered is taken only with `replace` (audited).
    pub fn register_secretary_certificate(
        &mut self,
        bytes: &[u8],
        replace: bool,
    ) -> Result<SecretaryCertificateView, ApiError> {
        let der = xetkhen_pdf::cert::parse_certificate(bytes)
            .map_err(|e| ApiError::invalid("file", e.to_string()))?;
        let s = xetkhen_pdf::cert::summary(&der)
            .map_err(|e| ApiError::invalid("file", e.to_string()))?;
        if s.is_ca {
            return Err(ApiError::invalid(
                "file",
                format!(
                    "«{}» là chứng thư của một tổ chức cấp chứng thư, không phải chứng thư ký số của thư ký; để tin cậy mọi chứng thư do tổ chức này cấp, hãy nêu nó bằng --trust khi ký tiếp.",
                    s.subject
                ),
            ));
        }
        let actor = self.actor().to_string();
        self.store
            .register_secretary_certificate(&actor, &der, &s.sha256, &s.subject, replace)?;
        self.secretary_certificate()?
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "Chứng thư vừa đăng ký không còn."))
    }
}

fn certificate_view(
    s: &xetkhen_pdf::cert::CertificateSummary,
    registered_at: Option<chrono::DateTime<Utc>>,
) -> SecretaryCertificateView {
    let rfc = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    SecretaryCertificateView {
        subject: s.subject.clone(),
        sha256: s.sha256.clone(),
        valid_from: rfc(s.not_before),
        valid_to: rfc(s.not_after),
        registered_at: registered_at.map(rfc),
    }
}

const AUDIT_HEAD_KEYWORD: &str = "audit-head:";
const AUDIT_KEY_KEYWORD: &str = "audit-key:";

/// The keywords that carry an audit head ("audit-head:SEQ:HASH") and the laptop's member key
/// ("audit-key:HEX") in the minutes' document information.
fn audit_keywords(head: Option<&xetkhen_core::audit::AuditHead>, key: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(h) = head {
        out.push(format!("{AUDIT_HEAD_KEYWORD}{}:{}", h.seq, h.hash));
    }
    if let Some(k) = key {
        out.push(format!("{AUDIT_KEY_KEYWORD}{k}"));
    }
    out
}

/// The member key (hex, empty when none) and audit head that signed minutes carry, read from the
/// bytes their first signature covers.
pub(crate) fn minutes_head(
    pdf: &[u8],
) -> Result<(String, Option<xetkhen_core::audit::AuditHead>), xetkhen_pdf::PdfError> {
    let keywords = xetkhen_pdf::verify::first_signed_keywords(pdf)?;
    let key = keywords
        .iter()
        .find_map(|k| k.strip_prefix(AUDIT_KEY_KEYWORD))
        .unwrap_or_default()
        .to_string();
    let head = keywords
        .iter()
        .find_map(|k| k.strip_prefix(AUDIT_HEAD_KEYWORD))
        .and_then(|h| {
            let (seq, hash) = h.split_once(':')?;
            Some(xetkhen_core::audit::AuditHead {
                seq: seq.parse().ok()?,
                hash: hash.to_string(),
            })
        });
    Ok((key, head))
}

/// The root of a signer's own chain (its last certificate, when self-issued): the authority the
/// chair's certificate comes from, which the chair trusts by holding it.
fn own_root(chain: &[xetkhen_pdf::CertificateDer]) -> Option<xetkhen_pdf::CertificateDer> {
    let last = chain.last()?;
    xetkhen_pdf::cert::is_self_issued(last).then(|| last.clone())
}

/// A trust anchor the user gives (PEM or DER) for the secretary's signature.
pub fn read_anchor(path: &Path) -> Result<xetkhen_pdf::CertificateDer, ApiError> {
    let bytes = std::fs::read(path).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("Không đọc được tệp {}: {e}", path.display()),
        )
    })?;
    xetkhen_pdf::cert::parse_certificate(&bytes)
        .map_err(|e| ApiError::invalid("trust", format!("{}: {e}", path.display())))
}

/// The summary PDF that goes with a packet file: the same name with `.pdf`.
pub fn summary_path(packet: &Path) -> PathBuf {
    packet.with_extension("pdf")
}
