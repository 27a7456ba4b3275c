//! A committee member's review of a nomination: item verdicts, overrides, notes, tags, evidence,
//! merit score and vote; and what follows from it for the nomination's eligibility.
//!
//! One [`Review`] per member per nomination, so the members' work can be merged later without one
//! overwriting another. The review records the version (content hash) of the nomination it was
//! made on. Eligibility is decided by [`crate::rubric::decide`], the same function that combines
//! the automatic results, so there is one place where items turn into a result.

use crate::award::{check_award, AwardCheck, AwardForm};
use crate::nomination::{Nomination, NomineeKind};
use crate::round::RoundKind;
use crate::rubric::{decide, AutoResult, CriteriaSet, ItemKind};
use crate::text::{clean, fold};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// A member's verdict on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Đạt.
    Pass,
    /// Không đạt.
    Fail,
    /// Cần bổ sung hồ sơ: the evidence does not allow a decision yet.
    NeedsEvidence,
}

/// Whether a verdict on an item must come with a reason: one that overrides the item's automatic
/// result, and, where there is none, any verdict on a qualitative item or any but "pass". The one
/// place this is decided; the window learns it per item from the API (`ItemView::reason_required`).
pub fn reason_required(kind: ItemKind, auto: Option<AutoResult>, verdict: Verdict) -> bool {
    match auto {
        Some(a) => Verdict::of(a) != verdict,
        None => kind == ItemKind::Qualitative || verdict != Verdict::Pass,
    }
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Pass, Verdict::Fail, Verdict::NeedsEvidence];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::NeedsEvidence => "needs-evidence",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Verdict::Pass => "Đạt",
            Verdict::Fail => "Không đạt",
            Verdict::NeedsEvidence => "Cần bổ sung hồ sơ",
        }
    }

    /// What the verdict means for eligibility: evidence still missing decides nothing.
    pub fn result(self) -> Option<AutoResult> {
        match self {
            Verdict::Pass => Some(AutoResult::Pass),
            Verdict::Fail => Some(AutoResult::Fail),
            Verdict::NeedsEvidence => None,
        }
    }

    fn of(result: AutoResult) -> Verdict {
        match result {
            AutoResult::Pass => Verdict::Pass,
            AutoResult::Fail => Verdict::Fail,
        }
    }
}

/// A member's vote on the proposed award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Vote {
    /// Đồng ý.
    Approve,
    /// Không đồng ý.
    Reject,
    /// Không biểu quyết.
    Abstain,
}

impl Vote {
    pub const ALL: [Vote; 3] = [Vote::Approve, Vote::Reject, Vote::Abstain];

    pub fn code(self) -> &'static str {
        match self {
            Vote::Approve => "approve",
            Vote::Reject => "reject",
            Vote::Abstain => "abstain",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Vote::Approve => "Đồng ý",
            Vote::Reject => "Không đồng ý",
            Vote::Abstain => "Không biểu quyết",
        }
    }
}

/// A member's place on the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Ủy viên.
    Member,
    /// Thư ký.
    Secretary,
    /// Chủ tịch.
    Chair,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Secretary, Role::Chair];

    pub fn code(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Secretary => "secretary",
            Role::Chair => "chair",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Member => "Ủy viên",
            Role::Secretary => "Thư ký",
            Role::Chair => "Chủ tịch",
        }
    }
}

/// The tag a member puts on a nomination whose file is incomplete; the "cần bổ sung" filter
/// finds it as well as items judged "needs evidence".
pub const TAG_NEEDS_EVIDENCE: &str = "cần bổ sung hồ sơ";

/// A member's work on one item of the nomination's set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ItemReview {
    /// For a threshold item with an automatic result, a verdict different from it is an override.
    pub verdict: Option<Verdict>,
    pub reason: Option<String>,
    pub note: Option<String>,
}

impl ItemReview {
    fn is_empty(&self) -> bool {
        self.verdict.is_none() && self.reason.is_none() && self.note.is_none()
    }
}

/// A piece of evidence attached to a nomination, stored once in the store under its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attachment {
    pub sha256: String,
    pub file_name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: u64,
    pub added_at: String,
}

/// One member's review of one nomination.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Review {
    /// The content hash of the nomination as it was when the member last changed this review.
    pub nomination_hash: String,
    /// By item code; items the member has not touched are absent.
    pub items: BTreeMap<String, ItemReview>,
    /// Merit score 0–10 (one decimal), for ranking.
    pub score: Option<f64>,
    pub vote: Option<Vote>,
    /// A different award form the member proposes instead of the one proposed by the unit.
    pub proposed_award: Option<AwardForm>,
    pub proposed_reason: Option<String>,
    /// The member's note on the nomination as a whole.
    pub note: Option<String>,
    pub tags: BTreeSet<String>,
    pub attachments: Vec<Attachment>,
}

/// Why a review cannot be saved as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("Tiêu chí {0} không thuộc bộ tiêu chí {1} của hồ sơ này.")]
    UnknownItem(String, String),
    #[error("Tiêu chí {0}: kết quả tự động là «{1}»; muốn ghi «{2}» phải nêu lý do.")]
    OverrideWithoutReason(String, String, String),
    #[error("Tiêu chí {0}: nhận định «{1}» phải kèm lý do.")]
    VerdictWithoutReason(String, String),
    #[error("Điểm thành tích phải từ 0 đến 10 (tối đa một chữ số thập phân); đã nhập {0}.")]
    Score(String),
    #[error("Đề nghị hình thức khác phải kèm lý do.")]
    ProposalWithoutReason,
    #[error("Hình thức đề xuất trùng với hình thức đơn vị đã đề nghị.")]
    ProposalSameAsNominated,
    #[error("Nhãn không được để trống và dài tối đa 60 ký tự.")]
    Tag,
}

/// The effective result of one item: the member's verdict where given, else the automatic one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemOutcome {
    pub code: String,
    pub auto: Option<AutoResult>,
    pub verdict: Option<Verdict>,
    /// The member's verdict differs from the automatic result.
    pub overridden: bool,
    /// What counts for eligibility: `None` while undecided or waiting for evidence.
    pub result: Option<AutoResult>,
}

/// What a review makes of a nomination.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReviewOutcome {
    pub items: Vec<ItemOutcome>,
    /// Eligibility for the award form the unit proposed, from the items and the award rules.
    pub eligible: Option<bool>,
    /// Eligibility for the form the member proposes instead, when they propose one.
    pub proposed_award_check: Option<AwardCheck>,
    /// Every item decided (none waiting for evidence) and a vote cast.
    pub complete: bool,
    /// An item waits for evidence, or the nomination is tagged so.
    pub needs_evidence: bool,
}

impl Review {
    /// Cleans every text (NFC, spaces), drops empty items and empty texts, rounds the score.
    pub fn normalised(mut self) -> Review {
        let tidy = |s: &mut Option<String>| {
            *s = s.as_deref().map(clean).filter(|t| !t.is_empty());
        };
        for item in self.items.values_mut() {
            tidy(&mut item.reason);
            tidy(&mut item.note);
        }
        self.items.retain(|_, i| !i.is_empty());
        tidy(&mut self.proposed_reason);
        tidy(&mut self.note);
        if self.proposed_award.is_none() {
            self.proposed_reason = None;
        }
        self.tags = self
            .tags
            .iter()
            .map(|t| clean(t))
            .filter(|t| !t.is_empty())
            .collect();
        self.score = self.score.map(|s| (s * 10.0).round() / 10.0);
        self
    }

    /// Checks the review against the nomination's set and its automatic results (`auto[i]` for
    /// `set.items[i]`).
    pub fn validate(
        &self,
        set: &CriteriaSet,
        auto: &[Option<AutoResult>],
        nominated: AwardForm,
    ) -> Result<(), ReviewError> {
        for (code, item) in &self.items {
            let Some(index) = set.items.iter().position(|c| &c.code == code) else {
                return Err(ReviewError::UnknownItem(code.clone(), set.code.clone()));
            };
            let Some(verdict) = item.verdict else {
                continue;
            };
            let criterion = &set.items[index];
            let auto = auto.get(index).copied().flatten();
            if item.reason.is_some() || !reason_required(criterion.kind, auto, verdict) {
                continue;
            }
            return Err(match auto {
                Some(a) => ReviewError::OverrideWithoutReason(
                    code.clone(),
                    Verdict::of(a).label_vi().into(),
                    verdict.label_vi().into(),
                ),
                None => ReviewError::VerdictWithoutReason(code.clone(), verdict.label_vi().into()),
            });
        }
        if let Some(s) = self.score {
            if !(0.0..=10.0).contains(&s) || ((s * 10.0).round() - s * 10.0).abs() > 1e-9 {
                return Err(ReviewError::Score(format!("{s}")));
            }
        }
        if let Some(p) = self.proposed_award {
            if p == nominated {
                return Err(ReviewError::ProposalSameAsNominated);
            }
            if self.proposed_reason.is_none() {
                return Err(ReviewError::ProposalWithoutReason);
            }
        }
        if self
            .tags
            .iter()
            .any(|t| t.trim().is_empty() || t.chars().count() > 60)
        {
            return Err(ReviewError::Tag);
        }
        Ok(())
    }

    /// The review as stored: compact JSON, fields in declaration order, maps sorted by key.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The item results, eligibility and progress that follow from this review.
    pub fn outcome(
        &self,
        set: &CriteriaSet,
        auto: &[Option<AutoResult>],
        nominee: NomineeKind,
        nominated: AwardForm,
        round: RoundKind,
    ) -> ReviewOutcome {
        let items: Vec<ItemOutcome> = set
            .items
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let auto = auto.get(i).copied().flatten();
                let verdict = self.items.get(&c.code).and_then(|r| r.verdict);
                let result = match verdict {
                    Some(v) => v.result(),
                    None => auto,
                };
                ItemOutcome {
                    code: c.code.clone(),
                    auto,
                    verdict,
                    overridden: matches!((auto, verdict), (Some(a), Some(v)) if Verdict::of(a) != v),
                    result,
                }
            })
            .collect();
        let results: Vec<Option<AutoResult>> = items.iter().map(|i| i.result).collect();
        let eligible = decide(
            set,
            nominee,
            &check_award(nominated, nominee, round),
            &results,
        );
        let needs_evidence = items
            .iter()
            .any(|i| i.verdict == Some(Verdict::NeedsEvidence))
            || self.tags.contains(TAG_NEEDS_EVIDENCE);
        let complete =
            !needs_evidence && results.iter().all(Option::is_some) && self.vote.is_some();
        ReviewOutcome {
            items,
            eligible,
            proposed_award_check: self.proposed_award.map(|p| check_award(p, nominee, round)),
            complete,
            needs_evidence,
        }
    }
}

/// Whether a unit a member declared ties them to a nomination: the declared unit's words appear,
/// in order and whole, in the nomination's unit, nominating unit or (for a collective) its name.
/// "Quận 1" ties a member to "UBND Quận 1" but not to "UBND Quận 10".
pub fn conflict_with<'a>(declared: &'a [String], n: &Nomination) -> Option<&'a str> {
    ConflictMatcher::new(declared)
        .find(n)
        .map(|i| declared[i].as_str())
}

/// [`conflict_with`] for many nominations: the declared units are folded once.
#[derive(Debug, Clone, Default)]
pub struct ConflictMatcher {
    needles: Vec<Vec<String>>,
}

impl ConflictMatcher {
    pub fn new(declared: &[String]) -> Self {
        ConflictMatcher {
            needles: declared.iter().map(|d| words(d)).collect(),
        }
    }

    /// The index of the first declared unit that ties the member to `n`.
    pub fn find(&self, n: &Nomination) -> Option<usize> {
        if self.needles.iter().all(Vec::is_empty) {
            return None;
        }
        let mut fields: Vec<Vec<String>> = vec![words(&n.unit)];
        if let Some(u) = &n.nominating_unit {
            fields.push(words(u));
        }
        if n.kind == NomineeKind::Collective {
            fields.push(words(&n.name));
        }
        self.needles.iter().position(|needle| {
            !needle.is_empty()
                && fields
                    .iter()
                    .any(|f| f.windows(needle.len()).any(|w| w == needle.as_slice()))
        })
    }
}

fn words(s: &str) -> Vec<String> {
    fold(s).split_whitespace().map(String::from).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::nomination::Metrics;
    use crate::rubric::Rubric;
    use AutoResult::{Fail as F, Pass as P};

    /// Item verdicts of a test review: code, verdict, reason.
    type Verdicts<'a> = Vec<(&'a str, Verdict, Option<&'a str>)>;
    /// Automatic results, verdicts, award, round, expected eligibility, expected completeness.
    type Row<'a> = (
        &'a [Option<AutoResult>],
        Verdicts<'a>,
        AwardForm,
        RoundKind,
        Option<bool>,
        bool,
    );

    fn set(code: &str) -> CriteriaSet {
        Rubric::plan_2242().set(code).unwrap().clone()
    }

    fn review(items: &[(&str, Verdict, Option<&str>)]) -> Review {
        Review {
            items: items
                .iter()
                .map(|(c, v, r)| {
                    (
                        c.to_string(),
                        ItemReview {
                            verdict: Some(*v),
                            reason: r.map(String::from),
                            note: None,
                        },
                    )
                })
                .collect(),
            vote: Some(Vote::Approve),
            ..Review::default()
        }
    }

    /// Set 2.1 has items a (qualitative) and b–e (thresholds).
    #[test]
    fn eligibility_from_verdicts_and_automatic_results() {
        use Verdict::*;
        let s = set("2.1");
        let all_pass = [None, Some(P), Some(P), Some(P), Some(P)];
        let one_fail = [None, Some(F), Some(P), Some(P), Some(P)];
        let missing = [None, None, Some(P), Some(P), Some(P)];
        let why = Some("Có minh chứng");
        // (auto results, verdicts, award, round, eligible, complete)
        let table: Vec<Row> = vec![
            (
                &all_pass,
                vec![],
                AwardForm::BangKhen,
                RoundKind::TongKet,
                None,
                false,
            ),
            (
                &all_pass,
                vec![("2.1.a", Pass, why)],
                AwardForm::BangKhen,
                RoundKind::TongKet,
                Some(true),
                true,
            ),
            (
                &all_pass,
                vec![("2.1.a", Fail, why)],
                AwardForm::BangKhen,
                RoundKind::TongKet,
                Some(false),
                true,
            ),
            (
                &all_pass,
                vec![("2.1.a", NeedsEvidence, why)],
                AwardForm::BangKhen,
                RoundKind::TongKet,
                None,
                false,
            ),
            // A failed threshold rules the nomination out before the qualitative item is judged…
            (
                &one_fail,
                vec![],
                AwardForm::BangKhen,
                RoundKind::TongKet,
                Some(false),
                false,
            ),
            // …unless the member overrides it, with a reason.
            (
                &one_fail,
                vec![("2.1.a", Pass, why), ("2.1.b", Pass, why)],
                AwardForm::BangKhen,
                RoundKind::TongKet,
                Some(true),
                true,
            ),
            // A figure not stated: the member's verdict decides the item.
            (
                &missing,
                vec![("2.1.a", Pass, why), ("2.1.b", Pass, why)],
                AwardForm::BangKhen,
                RoundKind::TongKet,
                Some(true),
                true,
            ),
            (
                &missing,
                vec![("2.1.a", Pass, why)],
                AwardForm::BangKhen,
                RoundKind::TongKet,
                None,
                false,
            ),
            // The award rules still apply: Cờ Thi đua only at the final review.
            (
                &all_pass,
                vec![("2.1.a", Pass, why)],
                AwardForm::CoThiDua,
                RoundKind::SoKet,
                Some(false),
                true,
            ),
            (
                &all_pass,
                vec![("2.1.a", Pass, why)],
                AwardForm::CoThiDua,
                RoundKind::TongKet,
                Some(true),
                true,
            ),
        ];
        for (i, (auto, verdicts, award, round, eligible, complete)) in table.into_iter().enumerate()
        {
            let r = review(&verdicts);
            r.validate(&s, auto, award).unwrap();
            let o = r.outcome(&s, auto, NomineeKind::Collective, award, round);
            assert_eq!(o.eligible, eligible, "row {i}");
            assert_eq!(o.complete, complete, "row {i}");
        }
    }

    #[test]
    fn set_2_4_needs_one_passing_item() {
        use Verdict::*;
        let s = set("2.4");
        let auto = [None, None];
        let why = Some("Sáng kiến được công nhận");
        let (a, b) = (&s.items[0].code, &s.items[1].code);
        let table = [
            (vec![(a.as_str(), Pass, why)], Some(true)),
            (vec![(a.as_str(), Fail, why)], None),
            (
                vec![(a.as_str(), Fail, why), (b.as_str(), Fail, why)],
                Some(false),
            ),
            (
                vec![(a.as_str(), Fail, why), (b.as_str(), Pass, why)],
                Some(true),
            ),
        ];
        for (i, (verdicts, eligible)) in table.into_iter().enumerate() {
            let r = review(&verdicts);
            let o = r.outcome(
                &s,
                &auto,
                NomineeKind::Individual,
                AwardForm::BangKhen,
                RoundKind::TongKet,
            );
            assert_eq!(o.eligible, eligible, "row {i}");
        }
    }

    #[test]
    fn an_override_needs_a_reason_and_so_does_a_qualitative_verdict() {
        use Verdict::*;
        let s = set("2.1");
        let auto = [None, Some(F), Some(P), Some(P), Some(P)];
        let cases: Vec<(Verdicts, bool)> = vec![
            (vec![("2.1.b", Pass, None)], false),
            (
                vec![("2.1.b", Pass, Some("Số liệu đã cập nhật: 91%"))],
                true,
            ),
            // Confirming the automatic result needs no reason.
            (vec![("2.1.b", Fail, None)], true),
            (vec![("2.1.a", Pass, None)], false),
            (vec![("2.1.a", NeedsEvidence, None)], false),
            (vec![("2.1.a", NeedsEvidence, Some("Thiếu báo cáo"))], true),
            (vec![("2.9.z", Pass, Some("x"))], false),
        ];
        for (i, (verdicts, ok)) in cases.into_iter().enumerate() {
            let r = review(&verdicts);
            assert_eq!(
                r.validate(&s, &auto, AwardForm::BangKhen).is_ok(),
                ok,
                "case {i}: {:?}",
                r.validate(&s, &auto, AwardForm::BangKhen)
            );
        }
        let e = review(&[("2.1.b", Pass, None)])
            .validate(&s, &auto, AwardForm::BangKhen)
            .unwrap_err();
        assert!(
            e.to_string().contains("Không đạt") && e.to_string().contains("lý do"),
            "{e}"
        );
    }

    #[test]
    fn score_and_proposal_are_checked() {
        let s = set("2.1");
        let auto = [None; 5];
        let with = |f: &dyn Fn(&mut Review)| {
            let mut r = Review::default();
            f(&mut r);
            r.normalised().validate(&s, &auto, AwardForm::CoThiDua)
        };
        assert!(with(&|r| r.score = Some(7.5)).is_ok());
        assert!(with(&|r| r.score = Some(10.0)).is_ok());
        assert!(with(&|r| r.score = Some(10.5)).is_err());
        assert!(with(&|r| r.score = Some(-1.0)).is_err());
        assert!(with(&|r| r.proposed_award = Some(AwardForm::BangKhen)).is_err());
        assert!(with(&|r| {
            r.proposed_award = Some(AwardForm::BangKhen);
            r.proposed_reason = Some("Thành tích chưa tiêu biểu toàn Thành phố".into());
        })
        .is_ok());
        assert_eq!(
            with(&|r| {
                r.proposed_award = Some(AwardForm::CoThiDua);
                r.proposed_reason = Some("x".into());
            }),
            Err(ReviewError::ProposalSameAsNominated)
        );
    }

    #[test]
    fn normalising_cleans_text_and_drops_empty_items() {
        let mut r = Review::default();
        r.items.insert(
            "2.1.a".into(),
            ItemReview {
                verdict: None,
                reason: Some("  ".into()),
                note: None,
            },
        );
        r.items.insert(
            "2.1.b".into(),
            ItemReview {
                verdict: Some(Verdict::Pass),
                reason: Some("Nguye\u{302}\u{303}n  Văn".into()),
                note: None,
            },
        );
        r.tags.insert("  ưu tiên ".into());
        let r = r.normalised();
        assert_eq!(r.items.len(), 1);
        assert_eq!(r.items["2.1.b"].reason.as_deref(), Some("Nguyễn Văn"));
        assert!(r.tags.contains("ưu tiên"));
    }

    #[test]
    fn needs_evidence_tag_marks_the_review() {
        let s = set("2.3");
        let mut r = review(&[("2.3.a", Verdict::Pass, Some("Sản phẩm Make in Việt Nam"))]);
        r.tags.insert(TAG_NEEDS_EVIDENCE.into());
        let o = r.outcome(
            &s,
            &[None],
            NomineeKind::Collective,
            AwardForm::BangKhen,
            RoundKind::TongKet,
        );
        assert!(o.needs_evidence && !o.complete);
        assert_eq!(o.eligible, Some(true));
    }

    fn nomination(
        kind: NomineeKind,
        name: &str,
        unit: &str,
        nominating: Option<&str>,
    ) -> Nomination {
        Nomination {
            id: "n".into(),
            round_id: "r".into(),
            kind,
            criteria_set: "2.1".into(),
            name: name.into(),
            position: None,
            birth_year: None,
            id_number: None,
            unit: unit.into(),
            nominating_unit: nominating.map(String::from),
            award: AwardForm::BangKhen,
            summary: None,
            metrics: Metrics::default(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn conflicts_match_whole_words_of_the_declared_unit() {
        use NomineeKind::*;
        let declared = vec!["Quận 1".to_string(), "Sở Y tế".to_string()];
        let table = [
            (
                nomination(Individual, "Nguyễn Văn An", "UBND Quận 1", None),
                Some("Quận 1"),
            ),
            (
                nomination(Individual, "Nguyễn Văn An", "UBND QUẬN 1", None),
                Some("Quận 1"),
            ),
            (
                nomination(Individual, "Nguyễn Văn An", "UBND Quận 10", None),
                None,
            ),
            (
                nomination(
                    Individual,
                    "Trần Thị Bích",
                    "Bệnh viện Nhân dân 115",
                    Some("Sở Y tế"),
                ),
                Some("Sở Y tế"),
            ),
            (
                nomination(
                    Collective,
                    "Phòng Tư pháp Quận 1",
                    "UBND Thành phố Thủ Đức",
                    None,
                ),
                Some("Quận 1"),
            ),
            // An individual whose name happens to contain the words is not "from" that unit.
            (nomination(Individual, "Quận 1", "Sở Nội vụ", None), None),
            (
                nomination(Collective, "Sở Y tế Đồng Nai", "Tỉnh Đồng Nai", None),
                Some("Sở Y tế"),
            ),
        ];
        for (i, (n, expected)) in table.iter().enumerate() {
            assert_eq!(conflict_with(&declared, n), *expected, "row {i}");
        }
        assert_eq!(conflict_with(&[String::new()], &table[0].0), None);
    }
}
