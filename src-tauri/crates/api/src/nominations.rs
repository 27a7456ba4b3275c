//! The nominations of a round as the window and the CLI list them: filtered and sorted by the
//! store, each with this laptop's member's review status, and a nomination's full details.

use crate::desk::{detail_view, Desk};
use crate::error::ApiError;
use crate::views::*;
use xetkhen_core::{AutoResult, Rubric};
use xetkhen_store::{AutoFilter, NominationQuery, StoredNomination};

impl Desk {
    pub fn list_nominations(&self, req: &ListQuery) -> Result<NominationList, ApiError> {
        let round = self.round(&req.round)?;
        let criteria_sets: Vec<CriteriaSetView> = self
            .store
            .round_rubric(&round.id)?
            .sets
            .iter()
            .map(|s| CriteriaSetView {
                code: s.code.clone(),
                title: s.title.clone(),
            })
            .collect();
        let found = self.store.find_nominations(&query_of(req, None))?;
        let Some(reviewer) = self.store.current_reviewer()? else {
            if req.review.is_some() {
                return Err(no_reviewer_for_filter());
            }
            let rows: Vec<NominationRow> = found.iter().map(|s| row_view(s, None)).collect();
            return Ok(NominationList {
                round: round.id,
                total: u32::try_from(rows.len()).unwrap_or(u32::MAX),
                rows,
                progress: None,
                criteria_sets,
            });
        };
        let states = self.store.review_states(&reviewer.id, &round.id)?;
        let conflicts = xetkhen_core::ConflictMatcher::new(&reviewer.conflicts);
        let rows: Vec<NominationRow> = found
            .iter()
            .filter_map(|s| {
                let status = crate::desk::status_of(s, &conflicts, &states);
                let keep = req.review.is_none_or(|f| status.matches(f));
                keep.then(|| row_view(s, Some(status)))
            })
            .collect();
        // Progress is over the whole round, whatever the list shows.
        let progress = if req.query.is_none()
            && req.criteria_set.is_none()
            && req.kind.is_none()
            && req.award.is_none()
            && req.auto.is_none()
        {
            crate::desk::progress_of(&found, &reviewer, &states)
        } else {
            let all = self.round_nominations(&round.id)?;
            crate::desk::progress_of(&all, &reviewer, &states)
        };
        Ok(NominationList {
            round: round.id,
            total: u32::try_from(rows.len()).unwrap_or(u32::MAX),
            rows,
            progress: Some(progress),
            criteria_sets,
        })
    }

    /// Full details of every nomination a query finds (what `xetkhen list --json` prints).
    pub fn nomination_details(&self, req: &ListQuery) -> Result<Vec<NominationDetail>, ApiError> {
        let mut found = self.store.find_nominations(&query_of(req, None))?;
        if let Some(filter) = req.review {
            if req.round.is_empty() {
                return Err(ApiError::invalid(
                    "round",
                    "Lọc theo tiến độ chấm cần chỉ rõ đợt xét (--round).",
                ));
            }
            let reviewer = self
                .store
                .current_reviewer()?
                .ok_or_else(no_reviewer_for_filter)?;
            let states = self.store.review_states(&reviewer.id, &req.round)?;
            let conflicts = xetkhen_core::ConflictMatcher::new(&reviewer.conflicts);
            found.retain(|s| crate::desk::status_of(s, &conflicts, &states).matches(filter));
        }
        let mut rubrics: Vec<(String, Rubric, xetkhen_core::RoundKind)> = Vec::new();
        let reviewer = self.store.current_reviewer()?;
        let mut out = Vec::with_capacity(found.len());
        for s in &found {
            let round_id = &s.nomination.round_id;
            if !rubrics.iter().any(|(id, _, _)| id == round_id) {
                let round = self.round(round_id)?;
                rubrics.push((
                    round_id.clone(),
                    self.store.round_rubric(round_id)?,
                    round.kind,
                ));
            }
            if let Some((_, rubric, kind)) = rubrics.iter().find(|(id, _, _)| id == round_id) {
                let d = detail_view(s, rubric, *kind);
                out.push(match &reviewer {
                    Some(rv) => {
                        let review = self.store.review(&s.nomination.id, &rv.id)?;
                        crate::desk::with_review(d, s, rubric, *kind, rv, review.as_ref())
                    }
                    None => d,
                });
            }
        }
        Ok(out)
    }

    /// A nomination with everything known about it, as this laptop's member sees it.
    pub fn get_nomination(&self, id: &str) -> Result<NominationDetail, ApiError> {
        self.nomination_for(id, None)
    }
}

fn no_reviewer_for_filter() -> ApiError {
    ApiError::new(
        crate::ErrorCode::Conflict,
        "Bộ lọc theo tiến độ chấm cần hồ sơ thành viên hội đồng của máy này.",
    )
}

fn query_of<'a>(req: &'a ListQuery, limit: Option<u32>) -> NominationQuery<'a> {
    NominationQuery {
        round_id: Some(req.round.as_str()).filter(|r| !r.is_empty()),
        text: req.query.as_deref(),
        criteria_set: req.criteria_set.as_deref(),
        kind: req.kind,
        award: req.award,
        auto: req.auto.map(|a| match a {
            AutoResult::Pass => AutoFilter::Pass,
            AutoResult::Fail => AutoFilter::Fail,
        }),
        sort: req.sort.map(|s| match s {
            SortField::Name => xetkhen_store::SortField::Name,
            SortField::Unit => xetkhen_store::SortField::Unit,
            SortField::CriteriaSet => xetkhen_store::SortField::CriteriaSet,
            SortField::Award => xetkhen_store::SortField::Award,
            SortField::Kind => xetkhen_store::SortField::Kind,
            SortField::Eligible => xetkhen_store::SortField::Eligible,
        }),
        descending: req.descending,
        limit,
    }
}

fn row_view(s: &StoredNomination, review: Option<ReviewStatus>) -> NominationRow {
    let n = &s.nomination;
    NominationRow {
        id: n.id.clone(),
        name: n.name.clone(),
        kind: n.kind,
        criteria_set: n.criteria_set.clone(),
        unit: n.unit.clone(),
        position: n.position.clone(),
        award: n.award,
        eligible: s.eligible,
        auto_pass: s.auto_pass,
        auto_fail: s.auto_fail,
        auto_pending: s.auto_pending,
        review,
    }
}
