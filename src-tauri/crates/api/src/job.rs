//! Long operations (an import, an export) that the window follows and may cancel.
//!
//! The operation reports each step it takes on a [`Job`]; the window polls the job's status by
//! token and may ask to cancel. A cancel is honoured at the operation's next step, and never
//! after its commit point: an import that has reached its commit refuses the cancel ("too late")
//! rather than leave the user believing nothing was written.

use crate::error::{ApiError, ErrorCode};
use crate::tokens::JobToken;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use ts_rs::TS;

/// What a long operation is doing now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum JobStage {
    #[default]
    Waiting,
    /// Reading and checking a file (`done` of `total` rows of the file being read; none
    /// before its rows are known).
    Reading,
    /// Looking for duplicates against the store.
    Checking,
    /// Writing rows in the import's transaction (`done` of `total` rows).
    Writing,
    /// Selecting the nominations of a list.
    Selecting,
    /// Laying out the PDF.
    Rendering,
    /// Signing the document.
    Signing,
    /// Writing the file.
    Saving,
    Done,
    Cancelled,
}

/// A job's state as the window sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct JobStatus {
    pub stage: JobStage,
    pub done: u32,
    pub total: u32,
    /// The user asked to cancel; the operation stops at its next step.
    pub cancel_requested: bool,
    /// The operation passed its commit point: it can no longer be cancelled.
    pub committed: bool,
}

/// The answer to a cancel request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum CancelOutcome {
    /// The operation will stop at its next step and undo what it began.
    Cancelling,
    /// The operation has committed (or finished): nothing can be undone by cancelling.
    TooLate,
}

/// One long operation's progress and cancel flag, shared between the operation and the window.
/// A job nobody watches (the CLI's) is simply never cancelled.
#[derive(Debug, Clone, Default)]
pub struct Job(Arc<Mutex<JobStatus>>);

impl Job {
    fn lock(&self) -> MutexGuard<'_, JobStatus> {
        // A job's state is plain data: a panic elsewhere cannot leave it half-written.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reports a step; fails with [`cancelled`] when the user has asked to stop.
    pub fn step(&self, stage: JobStage, done: usize, total: usize) -> Result<(), ApiError> {
        let mut s = self.lock();
        if s.cancel_requested && !s.committed {
            s.stage = JobStage::Cancelled;
            return Err(cancelled());
        }
        s.stage = stage;
        s.done = u32::try_from(done).unwrap_or(u32::MAX);
        s.total = u32::try_from(total).unwrap_or(u32::MAX);
        Ok(())
    }

    /// Whether to go on; records a stop when the user asked for one.
    pub fn go_on(&self) -> bool {
        let mut s = self.lock();
        if s.cancel_requested && !s.committed {
            s.stage = JobStage::Cancelled;
            return false;
        }
        true
    }

    /// The point of no return: answers `false` (and the operation rolls back) if a cancel came
    /// first; otherwise marks the job committed, after which every cancel is refused.
    pub fn commit_point(&self) -> bool {
        let mut s = self.lock();
        if s.cancel_requested {
            s.stage = JobStage::Cancelled;
            return false;
        }
        s.committed = true;
        true
    }

    pub fn finish(&self) {
        let mut s = self.lock();
        s.stage = JobStage::Done;
        s.committed = true;
    }

    pub fn cancel(&self) -> CancelOutcome {
        let mut s = self.lock();
        if s.committed || s.stage == JobStage::Done {
            return CancelOutcome::TooLate;
        }
        s.cancel_requested = true;
        CancelOutcome::Cancelling
    }

    pub fn status(&self) -> JobStatus {
        self.lock().clone()
    }
}

/// The error of an operation stopped by the user: nothing it began was kept.
pub fn cancelled() -> ApiError {
    ApiError::new(
        ErrorCode::Cancelled,
        "Đã huỷ theo yêu cầu; không có gì được ghi.",
    )
}

/// The jobs the window follows, by token.
#[derive(Debug, Default)]
pub struct Jobs {
    next: u64,
    jobs: HashMap<JobToken, Job>,
}

/// How many finished jobs are kept for the window to read their last status.
const KEPT_JOBS: usize = 32;

impl Jobs {
    /// A new job and its token.
    pub fn begin(&mut self) -> JobToken {
        if self.jobs.len() >= KEPT_JOBS {
            self.jobs
                .retain(|_, j| !matches!(j.status().stage, JobStage::Done | JobStage::Cancelled));
        }
        self.next += 1;
        let token = JobToken::new(format!("j{}", self.next));
        self.jobs.insert(token.clone(), Job::default());
        token
    }

    pub fn get(&self, token: &JobToken) -> Result<Job, ApiError> {
        self.jobs.get(token).cloned().ok_or_else(|| {
            ApiError::invalid("job", "Không còn theo dõi được công việc này; hãy làm lại.")
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_before_the_commit_point_stops_the_next_step_and_the_commit() {
        let job = Job::default();
        job.step(JobStage::Writing, 10, 100).unwrap();
        assert_eq!(job.cancel(), CancelOutcome::Cancelling);
        assert_eq!(
            job.step(JobStage::Writing, 11, 100).unwrap_err().code,
            ErrorCode::Cancelled
        );
        assert!(!job.commit_point());
        assert_eq!(job.status().stage, JobStage::Cancelled);
    }

    #[test]
    fn a_cancel_after_the_commit_point_is_too_late() {
        let job = Job::default();
        assert!(job.commit_point());
        assert_eq!(job.cancel(), CancelOutcome::TooLate);
        assert!(job.go_on());
        job.step(JobStage::Saving, 1, 1).unwrap();
        job.finish();
        assert_eq!(job.cancel(), CancelOutcome::TooLate);
    }
}
