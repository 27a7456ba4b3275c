//! [`Desk`]: an open store and the person working at it. Every operation of the program is a
//! method here; the shell and the CLI call them and nothing else.
//!
//! Below the operations, this module also makes the views they all answer with from what the
//! store keeps (a round, a nomination's detail with a member's review in it, a member's status
//! and progress), so that no operation borrows another's.

use crate::demo;
use crate::error::ApiError;
use crate::views::*;
use chrono::Utc;
use std::path::{Path, PathBuf};
use xetkhen_core::text::clean;
use xetkhen_core::{
    conflict_with, reason_required, AutoResult, ConflictMatcher, Metric, Nomination, Percent,
    Round, Rubric, Verdict,
};
use xetkhen_store::{Passphrase, ReviewState, Reviewer, Store, StoredNomination, StoredReview};

#[derive(Debug)]
pub struct Desk {
    pub(crate) store: Store,
    path: Option<PathBuf>,
    actor: String,
}

impl Desk {
    /// Opens (creating or upgrading) the store at `path`. `actor` names the person in the audit log.
    pub fn open(path: &Path, actor: &str) -> Result<Desk, ApiError> {
        Desk::open_encrypted(path, actor, None)
    }

    /// [`Desk::open`] for a store encrypted with `passphrase` (a new store is created encrypted).
    pub fn open_encrypted(
        path: &Path,
        actor: &str,
        passphrase: Option<&Passphrase>,
    ) -> Result<Desk, ApiError> {
        let store = Store::open_encrypted(path, passphrase)?;
        Ok(Desk::from_store(store, path, actor))
    }

    pub(crate) fn from_store(store: Store, path: &Path, actor: &str) -> Desk {
        Desk {
            store,
            path: Some(path.to_path_buf()),
            actor: actor.to_string(),
        }
    }

    /// A store that lives in memory only, for tests.
    pub fn open_in_memory(actor: &str) -> Result<Desk, ApiError> {
        Ok(Desk {
            store: Store::open_in_memory()?,
            path: None,
            actor: actor.to_string(),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The store file, if the store is on disk.
    pub fn store_path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn app_info(&self) -> Result<AppInfo, ApiError> {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: self
                .path
                .as_ref()
                .map_or_else(|| ":memory:".into(), |p| p.display().to_string()),
            round_count: u32::try_from(self.store.rounds()?.len()).unwrap_or(u32::MAX),
            nomination_count: self.store.count_nominations(None)?,
        })
    }

    pub fn list_rounds(&self) -> Result<Vec<RoundView>, ApiError> {
        Ok(self
            .store
            .rounds()?
            .into_iter()
            .map(|s| summary_view(&s))
            .collect())
    }

    pub fn create_round(&mut self, req: &CreateRound) -> Result<RoundView, ApiError> {
        let name = clean(&req.name);
        if name.is_empty() {
            return Err(ApiError::invalid(
                "name",
                "Tên đợt xét không được để trống.",
            ));
        }
        let campaign = req.campaign.as_deref().map(clean).filter(|c| !c.is_empty());
        let mut round = Round::open(uuid::Uuid::new_v4().to_string(), name, req.kind, Utc::now());
        if let Some(campaign) = campaign {
            round.campaign = campaign;
        }
        self.store
            .create_round(&self.actor, &round, &Rubric::plan_2242())?;
        Ok(round_view(&round, 0))
    }

    /// Loads the demo round shipped in `assets/demo/`. Loading it again changes nothing.
    pub fn load_demo(&mut self) -> Result<DemoLoaded, ApiError> {
        let (round, noms) = demo::demo_round()?;
        if self.store.round(&round.id)?.is_none() {
            self.store
                .create_round(&self.actor, &round, &Rubric::plan_2242())?;
        }
        self.store
            .write_nominations(&self.actor, demo::DEMO_SOURCE, &noms)?;
        let count = self.store.count_nominations(Some(&round.id))?;
        Ok(DemoLoaded {
            round: round_view(&round, count),
            nominations: count,
        })
    }

    /// Adds `count` generated nominations to a round: realistic names and units, for trying the
    /// program at the scale of a real campaign and for measuring it.
    pub fn generate_nominations(&mut self, round_id: &str, count: u32) -> Result<u32, ApiError> {
        let round = self.round(round_id)?;
        let noms = demo::generated(&round, count);
        self.store
            .write_nominations(&self.actor, "generated", &noms)?;
        Ok(count)
    }

    pub fn audit_verify(&self) -> Result<AuditVerdict, ApiError> {
        let report = self.store.audit_verify()?;
        let problems: Vec<Message> = report
            .broken
            .iter()
            .map(|b| b.problem.clone())
            .chain(report.tampered.iter().map(|t| t.problem.clone()))
            .collect();
        Ok(AuditVerdict {
            intact: problems.is_empty(),
            entries: report.entries,
            first_broken_seq: report.broken.as_ref().map(|b| b.seq),
            problems,
        })
    }

    /// Every nomination of a round, as the store keeps it.
    pub(crate) fn round_nominations(&self, round: &str) -> Result<Vec<StoredNomination>, ApiError> {
        Ok(self
            .store
            .find_nominations(&xetkhen_store::NominationQuery {
                round_id: Some(round),
                ..Default::default()
            })?)
    }

    pub(crate) fn round(&self, id: &str) -> Result<RoundView, ApiError> {
        self.store
            .round(id)?
            .map(|s| summary_view(&s))
            .ok_or_else(|| ApiError::not_found("đợt xét", id))
    }
}

pub(crate) fn round_view(r: &Round, nomination_count: u32) -> RoundView {
    RoundView {
        id: r.id.clone(),
        name: r.name.clone(),
        campaign: r.campaign.clone(),
        kind: r.kind,
        starts_on: r.starts_on.map(|d| d.to_string()),
        ends_on: r.ends_on.map(|d| d.to_string()),
        status: r.status,
        created_at: r.created_at.to_rfc3339(),
        nomination_count,
        closed_at: None,
        retain_until: None,
        erased_at: None,
        erasable: false,
        retain_from: String::new(),
        retain_suggested: String::new(),
    }
    .with_retention(&xetkhen_store::Retention::default(), r.status)
}

/// [`round_view`] of a round as the store lists it, with its retention.
pub(crate) fn summary_view(s: &xetkhen_store::RoundSummary) -> RoundView {
    round_view(&s.round, s.nomination_count).with_retention(&s.retention, s.round.status)
}

impl RoundView {
    /// The round's retention, and the days the window may offer for it, as of Vietnam's today.
    fn with_retention(
        self,
        kept: &xetkhen_store::Retention,
        status: xetkhen_core::RoundStatus,
    ) -> Self {
        use xetkhen_core::calendar;
        let today = xetkhen_store::today_in_vietnam();
        let until = kept.retain_until;
        RoundView {
            closed_at: kept.closed_at.map(|t| t.to_rfc3339()),
            retain_until: until.map(|d| d.to_string()),
            erased_at: kept.erased_at.map(|t| t.to_rfc3339()),
            erasable: kept.erasable(status, today),
            retain_from: calendar::first_retention_day(today, until).to_string(),
            retain_suggested: calendar::suggested_retention_day(today, until).to_string(),
            ..self
        }
    }
}

pub(crate) fn detail_view(
    s: &StoredNomination,
    rubric: &Rubric,
    round_kind: xetkhen_core::RoundKind,
) -> NominationDetail {
    let n = &s.nomination;
    let evaluation = rubric.evaluate(n, round_kind);
    let pct = |m: Metric| n.metrics.get(m).map(Percent::as_f64);
    let (items, set_title, award_check, eligible) = match evaluation {
        Some(e) => (
            e.items
                .iter()
                .map(|i| ItemView {
                    code: i.criterion.code.clone(),
                    label: i.criterion.label.clone(),
                    wording: i.criterion.wording.clone(),
                    kind: i.criterion.kind,
                    threshold: i.criterion.threshold,
                    metric: i.criterion.metric.map(|m| m.code().to_string()),
                    stated: i.stated.map(Percent::as_f64),
                    exclusion: i.criterion.exclusion.clone(),
                    auto: i.auto,
                    verdict: None,
                    reason: None,
                    note: None,
                    overridden: false,
                    result: i.auto,
                    reason_required: Verdict::ALL
                        .into_iter()
                        .filter(|&v| reason_required(i.criterion.kind, i.auto, v))
                        .collect(),
                })
                .collect(),
            e.set.title.clone(),
            e.award,
            e.eligible,
        ),
        // A set the round's rubric does not know: nothing can be decided, and the UI says so.
        None => (
            Vec::new(),
            format!(
                "Bộ tiêu chí {} không có trong {}",
                n.criteria_set,
                rubric.label()
            ),
            xetkhen_core::check_award(n.award, n.kind, round_kind),
            Some(false),
        ),
    };
    NominationDetail {
        id: n.id.clone(),
        round: n.round_id.clone(),
        name: n.name.clone(),
        kind: n.kind,
        criteria_set: n.criteria_set.clone(),
        criteria_set_title: set_title,
        unit: n.unit.clone(),
        nominating_unit: n.nominating_unit.clone(),
        position: n.position.clone(),
        birth_year: n.birth_year,
        id_number: n.id_number.clone(),
        award: n.award,
        summary: n.summary.clone(),
        metrics: Metrics {
            online_records_pct: pct(Metric::OnlineRecordsPct),
            e_documents_pct: pct(Metric::EDocumentsPct),
            socio_economic_reports_pct: pct(Metric::SocioEconomicReportsPct),
            lgsp_pct: pct(Metric::LgspPct),
        },
        items,
        award_check,
        eligible,
        created_at: n.created_at.to_rfc3339(),
        updated_at: n.updated_at.to_rfc3339(),
        reviewer: None,
        conflict: None,
        shared_evidence: Vec::new(),
        review: None,
        vote: None,
        score: None,
        notes: Vec::new(),
        tags: Vec::new(),
        proposed_award_check: None,
        complete: false,
        needs_evidence: false,
        outdated: false,
        content_hash: n.content_hash(),
    }
}

pub(crate) fn reviewer_view(r: &Reviewer) -> ReviewerView {
    ReviewerView {
        id: r.id.clone(),
        name: r.name.clone(),
        position: r.position.clone(),
        role: r.role,
        conflicts: r.conflicts.clone(),
        this_laptop: r.is_self,
    }
}

/// The automatic results of a nomination's items, in the order of its set.
pub(crate) fn autos(detail: &NominationDetail) -> Vec<Option<AutoResult>> {
    detail.items.iter().map(|i| i.auto).collect()
}

/// Fills a nomination's detail with what a member made of it.
pub(crate) fn with_review(
    mut d: NominationDetail,
    stored: &StoredNomination,
    rubric: &Rubric,
    round_kind: xetkhen_core::RoundKind,
    reviewer: &Reviewer,
    review: Option<&StoredReview>,
) -> NominationDetail {
    d.reviewer = Some(reviewer_view(reviewer));
    d.conflict = conflict_with(&reviewer.conflicts, &stored.nomination).map(String::from);
    let Some(stored_review) = review else {
        return d;
    };
    let r = &stored_review.review;
    if let Some(set) = rubric.set(&d.criteria_set) {
        let o = r.outcome(
            set,
            &autos(&d),
            stored.nomination.kind,
            stored.nomination.award,
            round_kind,
        );
        for (item, out) in d.items.iter_mut().zip(&o.items) {
            let mine = r.items.get(&item.code);
            item.verdict = out.verdict;
            item.reason = mine.and_then(|m| m.reason.clone());
            item.note = mine.and_then(|m| m.note.clone());
            item.overridden = out.overridden;
            item.result = out.result;
        }
        d.eligible = o.eligible;
        d.proposed_award_check = o.proposed_award_check;
        d.complete = o.complete;
        d.needs_evidence = o.needs_evidence;
    }
    d.vote = r.vote;
    d.score = r.score;
    d.notes = r
        .note
        .iter()
        .map(|t| NoteView {
            item: None,
            text: t.clone(),
        })
        .chain(r.items.iter().filter_map(|(code, i)| {
            i.note.as_ref().map(|t| NoteView {
                item: Some(code.clone()),
                text: t.clone(),
            })
        }))
        .collect();
    d.tags = r.tags.iter().cloned().collect();
    d.outdated = r.nomination_hash != d.content_hash;
    d.review = Some(r.clone());
    d
}

/// Where a member stands on a nomination.
pub(crate) fn status_of(
    s: &StoredNomination,
    conflicts: &ConflictMatcher,
    states: &std::collections::HashMap<String, ReviewState>,
) -> ReviewStatus {
    if conflicts.find(&s.nomination).is_some() {
        return ReviewStatus::Conflicted;
    }
    match states.get(&s.nomination.id) {
        None => ReviewStatus::Unreviewed,
        Some(st) if st.needs_evidence => ReviewStatus::NeedsEvidence,
        Some(st) if st.complete => ReviewStatus::Reviewed,
        Some(_) => ReviewStatus::InProgress,
    }
}

pub(crate) fn progress_of(
    noms: &[StoredNomination],
    reviewer: &Reviewer,
    states: &std::collections::HashMap<String, ReviewState>,
) -> Progress {
    let mut p = Progress {
        reviewed: 0,
        total: 0,
        conflicted: 0,
        needs_evidence: 0,
    };
    let conflicts = ConflictMatcher::new(&reviewer.conflicts);
    for s in noms {
        match status_of(s, &conflicts, states) {
            ReviewStatus::Conflicted => p.conflicted += 1,
            st => {
                p.total += 1;
                match st {
                    ReviewStatus::Reviewed => p.reviewed += 1,
                    ReviewStatus::NeedsEvidence => p.needs_evidence += 1,
                    _ => {}
                }
            }
        }
    }
    p
}

/// The automatic results of a nomination's items, in the order of its set.
pub(crate) fn autos_of(rubric: &Rubric, n: &Nomination, round: &Round) -> Vec<Option<AutoResult>> {
    rubric
        .evaluate(n, round.kind)
        .map(|e| e.items.iter().map(|i| i.auto).collect())
        .unwrap_or_default()
}
