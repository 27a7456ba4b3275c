//! Closing a round with the period its personal data must be kept, and erasing that data for
//! good once the period has ended (`xetkhen_store`'s erase module does the work).

use crate::desk::Desk;
use crate::error::ApiError;
use crate::views::RoundView;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use xetkhen_store::{today_in_vietnam, ErasureReport};

/// Closes a round: `retain_until` is the last day its personal data is kept (YYYY-MM-DD).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct CloseRound {
    pub round_id: String,
    pub retain_until: String,
}

/// Erases a round's personal data; `confirm_name` must repeat the round's name exactly.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct EraseRound {
    pub round_id: String,
    pub confirm_name: String,
}

/// What an erasure removed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ErasureView {
    pub round_id: String,
    pub round_name: String,
    #[ts(type = "number")]
    pub nominations: u64,
    #[ts(type = "number")]
    pub reviews: u64,
    #[ts(type = "number")]
    pub files: u64,
    #[ts(type = "number")]
    pub packets: u64,
    /// Audit entries whose detail was blanked (they keep their place in the chain).
    #[ts(type = "number")]
    pub audit_entries: u64,
    /// Automatic snapshots in `backups/` removed because they held the erased data.
    pub backups_removed: Vec<String>,
    /// The checked snapshot of the store made after the erasure.
    pub snapshot_after: Option<String>,
    /// Steps after the erasure that did not complete and need attention.
    pub warnings: Vec<String>,
}

impl From<ErasureReport> for ErasureView {
    fn from(r: ErasureReport) -> Self {
        ErasureView {
            round_id: r.round_id,
            round_name: r.round_name,
            nominations: r.nominations,
            reviews: r.reviews,
            files: r.files,
            packets: r.packets,
            audit_entries: r.audit_entries,
            backups_removed: r
                .backups_removed
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            snapshot_after: r.snapshot_after.map(|p| p.display().to_string()),
            warnings: r.warnings,
        }
    }
}

/// A retention date typed by the user.
fn retention_date(text: &str) -> Result<chrono::NaiveDate, ApiError> {
    text.trim().parse().map_err(|_| {
        ApiError::invalid(
            "retain_until",
            format!(
                "Ngày hết hạn lưu giữ «{text}» không hợp lệ (dạng NNNN-TT-NN, ví dụ 2030-12-31)."
            ),
        )
    })
}

impl Desk {
    /// Closes an open round; nothing more can be imported into it.
    pub fn close_round(&mut self, req: &CloseRound) -> Result<RoundView, ApiError> {
        let until = retention_date(&req.retain_until)?;
        self.round(&req.round_id)?;
        let actor = self.actor().to_string();
        self.store_mut()
            .close_round(&actor, &req.round_id, until, today_in_vietnam())?;
        self.round(&req.round_id)
    }

    /// Keeps a closed round's personal data longer (`req.retain_until`, after the date set before).
    pub fn extend_retention(&mut self, req: &CloseRound) -> Result<RoundView, ApiError> {
        let until = retention_date(&req.retain_until)?;
        self.round(&req.round_id)?;
        let actor = self.actor().to_string();
        self.store_mut()
            .extend_retention(&actor, &req.round_id, until, today_in_vietnam())?;
        self.round(&req.round_id)
    }

    /// Erases the personal data of a closed round whose retention period has ended.
    pub fn erase_round(&mut self, req: &EraseRound) -> Result<ErasureView, ApiError> {
        let round = self.round(&req.round_id)?;
        if req.confirm_name.trim() != round.name {
            return Err(ApiError::invalid(
                "confirm_name",
                format!(
                    "Tên nhập để xác nhận không khớp với tên đợt xét «{}»; chưa xoá gì.",
                    round.name
                ),
            ));
        }
        let actor = self.actor().to_string();
        let report = self
            .store_mut()
            .erase_round(&actor, &req.round_id, today_in_vietnam())?;
        // Copies of the round's evidence opened in a viewer go with it.
        if let Some(store) = self.store_path() {
            crate::opened::clear_opened_evidence(store)?;
        }
        Ok(report.into())
    }
}
