//! The committee member's work: the reviewer profile of this laptop, conflicts of interest,
//! reviews (verdicts, overrides, notes, tags, evidence, score, vote) and each member's progress.
//! Evidence files are [`crate::evidence`]'s; a nomination's history is [`crate::history`]'s.

use crate::desk::{autos, detail_view, progress_of, reviewer_view, with_review, Desk};
use crate::error::not_this_laptop;
use crate::error::{ApiError, ErrorCode};
use crate::views::*;
use xetkhen_core::text::clean;
use xetkhen_core::{conflict_with, Attachment, Role};
use xetkhen_store::{ReviewState, Reviewer};

fn no_reviewer() -> ApiError {
    ApiError::new(
        ErrorCode::Conflict,
        "Máy này chưa có hồ sơ thành viên hội đồng. Hãy khai báo họ tên, chức vụ trước khi chấm \
         (trong ứng dụng: «Thành viên»; dòng lệnh: xetkhen reviewer set --name … --position …).",
    )
}

impl Desk {
    /// The member who works on this laptop, if set up.
    pub fn reviewer(&self) -> Result<Option<ReviewerView>, ApiError> {
        Ok(self.store.current_reviewer()?.as_ref().map(reviewer_view))
    }

    /// Every member this store knows (this laptop's first).
    pub fn reviewers(&self) -> Result<Vec<ReviewerView>, ApiError> {
        Ok(self.store.reviewers()?.iter().map(reviewer_view).collect())
    }

    /// Sets up the member of this laptop: a member already known by this name (ignoring case and
    /// diacritics) becomes this laptop's, with the position and role given; otherwise a new one.
    pub fn set_reviewer(&mut self, req: &SetReviewer) -> Result<ReviewerView, ApiError> {
        let name = clean(&req.name);
        if name.is_empty() {
            return Err(ApiError::invalid("name", "Họ và tên không được để trống."));
        }
        if name.chars().count() > 120 {
            return Err(ApiError::invalid("name", "Họ và tên dài quá 120 ký tự."));
        }
        let position = clean(&req.position);
        if position.is_empty() {
            return Err(ApiError::invalid(
                "position",
                "Chức vụ không được để trống (ví dụ: Phó Giám đốc Sở Nội vụ).",
            ));
        }
        let now = chrono::Utc::now();
        let mut r = match self.store.reviewer_by_name(&name)? {
            Some(r) => r,
            None => Reviewer {
                id: uuid::Uuid::new_v4().to_string(),
                name: name.clone(),
                position: String::new(),
                role: Role::Member,
                conflicts: Vec::new(),
                is_self: true,
                public_key: None,
                created_at: now,
                updated_at: now,
            },
        };
        r.name = name;
        r.position = position;
        if let Some(role) = req.role {
            r.role = role;
        }
        r.is_self = true;
        let actor = r.name.clone();
        self.store.save_reviewer(&actor, &r)?;
        // The member's signing key is made at once, so their card can go to the secretariat.
        self.ensure_member_key()
    }

    /// Declares a unit this laptop's member is tied to.
    pub fn add_conflict(&mut self, unit: &str) -> Result<ReviewerView, ApiError> {
        let unit = clean(unit);
        if unit.is_empty() {
            return Err(ApiError::invalid("unit", "Tên đơn vị không được để trống."));
        }
        let mut r = self.current()?;
        r.conflicts.push(unit);
        let actor = r.name.clone();
        self.store.save_reviewer(&actor, &r)?;
        self.current().map(|r| reviewer_view(&r))
    }

    /// Withdraws a declared tie (matched ignoring case and diacritics).
    pub fn remove_conflict(&mut self, unit: &str) -> Result<ReviewerView, ApiError> {
        let mut r = self.current()?;
        let key = xetkhen_core::text::fold(unit);
        let before = r.conflicts.len();
        r.conflicts.retain(|c| xetkhen_core::text::fold(c) != key);
        if r.conflicts.len() == before {
            return Err(ApiError::invalid(
                "unit",
                format!(
                    "«{}» không có trong danh sách đơn vị đã khai báo.",
                    clean(unit)
                ),
            ));
        }
        let actor = r.name.clone();
        self.store.save_reviewer(&actor, &r)?;
        self.current().map(|r| reviewer_view(&r))
    }

    fn current(&self) -> Result<Reviewer, ApiError> {
        self.store.current_reviewer()?.ok_or_else(no_reviewer)
    }

    pub(crate) fn reviewer_named(&self, name: Option<&str>) -> Result<Reviewer, ApiError> {
        match name {
            None => self.current(),
            Some(n) => self.store.reviewer_by_name(n)?.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!(
                        "Không có thành viên hội đồng tên «{}» trong kho này (xetkhen reviewer set để khai báo).",
                        clean(n)
                    ),
                )
            }),
        }
    }

    /// A nomination as `reviewer_name` (else this laptop's member) sees it.
    pub fn nomination_for(
        &self,
        id: &str,
        reviewer_name: Option<&str>,
    ) -> Result<NominationDetail, ApiError> {
        let stored = self
            .store
            .nomination(id)?
            .ok_or_else(|| ApiError::not_found("hồ sơ đề nghị", id))?;
        let round = self.round(&stored.nomination.round_id)?;
        let rubric = self.store.round_rubric(&round.id)?;
        let mut detail = detail_view(&stored, &rubric, round.kind);
        detail.shared_evidence = self.store.nomination_files(id)?;
        let reviewer = match reviewer_name {
            Some(_) => Some(self.reviewer_named(reviewer_name)?),
            None => self.store.current_reviewer()?,
        };
        Ok(match reviewer {
            Some(rv) => {
                let review = self.store.review(id, &rv.id)?;
                with_review(detail, &stored, &rubric, round.kind, &rv, review.as_ref())
            }
            None => detail,
        })
    }

    /// Saves this laptop's member's review of a nomination.
    pub fn save_review(&mut self, req: &SaveReview) -> Result<NominationDetail, ApiError> {
        self.save_review_as(None, req, &[])
    }

    /// Saves the review of the member named (else this laptop's), with new evidence files (read
    /// and checked by [`Desk::read_evidence`]) attached, all in one transaction. Checked in the
    /// core first: items of the set, reasons for overrides and qualitative verdicts, score 0–10;
    /// and a member tied to the nomination's unit is refused.
    pub fn save_review_as(
        &mut self,
        reviewer_name: Option<&str>,
        req: &SaveReview,
        evidence: &[(Attachment, Vec<u8>)],
    ) -> Result<NominationDetail, ApiError> {
        let reviewer = self.reviewer_named(reviewer_name)?;
        if !reviewer.is_self {
            return Err(not_this_laptop(&reviewer));
        }
        let stored = self
            .store
            .nomination(&req.nomination)?
            .ok_or_else(|| ApiError::not_found("hồ sơ đề nghị", &req.nomination))?;
        if let Some(unit) = conflict_with(&reviewer.conflicts, &stored.nomination) {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "{} đã khai báo có liên quan đến «{unit}», nên không chấm, không biểu quyết hồ sơ «{}».",
                    reviewer.name, stored.nomination.name
                ),
            ));
        }
        let round = self.round(&stored.nomination.round_id)?;
        let rubric = self.store.round_rubric(&round.id)?;
        let detail = detail_view(&stored, &rubric, round.kind);
        let set = rubric.set(&stored.nomination.criteria_set).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "Hồ sơ thuộc bộ tiêu chí {} mà bộ tiêu chí của đợt xét không có; không chấm được.",
                    stored.nomination.criteria_set
                ),
            )
        })?;
        let mut review = req.review.clone();
        for (a, _) in evidence {
            if review.attachments.iter().any(|x| x.sha256 == a.sha256) {
                return Err(ApiError::invalid(
                    "file",
                    format!("Tệp {} đã được đính kèm hồ sơ này.", a.file_name),
                ));
            }
            review.attachments.push(a.clone());
        }
        let mut review = review.normalised();
        review.nomination_hash = detail.content_hash.clone();
        review
            .validate(set, &autos(&detail), stored.nomination.award)
            .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
        let o = review.outcome(
            set,
            &autos(&detail),
            stored.nomination.kind,
            stored.nomination.award,
            round.kind,
        );
        let state = ReviewState {
            complete: o.complete,
            needs_evidence: o.needs_evidence,
        };
        // Keep the version hash of the last real change: saving an unchanged review is no news.
        if let Some(prev) = self.store.review(&req.nomination, &reviewer.id)? {
            let mut same = prev.review.clone();
            same.nomination_hash = review.nomination_hash.clone();
            if same == review && evidence.is_empty() {
                review.nomination_hash = prev.review.nomination_hash;
            }
        }
        let actor = reviewer.name.clone();
        let blobs: Vec<&[u8]> = evidence.iter().map(|(_, d)| d.as_slice()).collect();
        self.store.save_review(
            &actor,
            &req.nomination,
            &reviewer.id,
            &review,
            state,
            &blobs,
        )?;
        self.nomination_for(&req.nomination, Some(&reviewer.name))
    }

    /// Each member's progress over a round.
    pub fn round_progress(&self, round: &str) -> Result<Vec<MemberProgress>, ApiError> {
        let round = self.round(round)?;
        let noms = self.round_nominations(&round.id)?;
        self.store
            .reviewers()?
            .iter()
            .map(|r| {
                let states = self.store.review_states(&r.id, &round.id)?;
                Ok(MemberProgress {
                    reviewer: reviewer_view(r),
                    progress: progress_of(&noms, r, &states),
                })
            })
            .collect()
    }
}
