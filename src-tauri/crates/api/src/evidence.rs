//! Evidence files (minh chứng): a file checked before it is read whole (a name both Windows and
//! Linux accept, a kind the committee can open whose content matches its extension, a bounded
//! size), attached to a member's review, and read back checked against its SHA-256.

use crate::desk::Desk;
use crate::error::not_this_laptop;
use crate::error::{ApiError, ErrorCode};
use crate::views::*;
use base64::Engine;
use std::path::Path;
use xetkhen_core::attachment;
use xetkhen_core::audit::sha256_hex;
use xetkhen_core::text::clean;
use xetkhen_core::Attachment;

/// The largest evidence file the store takes: a scanned report, not a video.
pub const MAX_EVIDENCE_BYTES: u64 = 50 * 1024 * 1024;

impl Desk {
    /// Reads an evidence file and checks it (`core::attachment`): a name both Windows and Linux
    /// accept, a kind the committee can open (PDF, images, office documents) whose content matches
    /// its extension, at most [`MAX_EVIDENCE_BYTES`].
    pub fn read_evidence(&self, path: &Path) -> Result<(Attachment, Vec<u8>), ApiError> {
        let raw_name = path
            .file_name()
            .map(|n| clean(&n.to_string_lossy()))
            .unwrap_or_default();
        let shown = path.display().to_string();
        let refuse =
            |e: attachment::AttachmentError| ApiError::invalid("file", format!("{e} ({shown})"));
        let name = attachment::safe_file_name(&raw_name).map_err(refuse)?;
        // The extension first, so that a refused kind is not read at all.
        if let Err(e @ attachment::AttachmentError::Kind(_)) = attachment::file_kind(&name, &[]) {
            return Err(refuse(e));
        }
        let meta = std::fs::metadata(path).map_err(|e| {
            ApiError::new(ErrorCode::Io, format!("Không đọc được tệp {shown}: {e}"))
        })?;
        if meta.len() > MAX_EVIDENCE_BYTES {
            return Err(ApiError::invalid(
                "file",
                format!(
                    "Tệp {shown} lớn {:.1} MB, vượt giới hạn {} MB của một minh chứng.",
                    meta.len() as f64 / 1_048_576.0,
                    MAX_EVIDENCE_BYTES / 1_048_576
                ),
            ));
        }
        let data = std::fs::read(path).map_err(|e| {
            ApiError::new(ErrorCode::Io, format!("Không đọc được tệp {shown}: {e}"))
        })?;
        let kind = attachment::file_kind(&name, &data).map_err(refuse)?;
        let attachment = Attachment {
            sha256: sha256_hex(&data),
            file_name: name,
            media_type: kind.media_type.to_string(),
            size: u64::try_from(data.len()).unwrap_or(u64::MAX),
            added_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        Ok((attachment, data))
    }

    /// Attaches an evidence file to a member's review of a nomination.
    pub fn attach_evidence(
        &mut self,
        nomination: &str,
        path: &Path,
        reviewer_name: Option<&str>,
    ) -> Result<NominationDetail, ApiError> {
        let reviewer = self.reviewer_named(reviewer_name)?;
        if !reviewer.is_self {
            return Err(not_this_laptop(&reviewer));
        }
        let evidence = self.read_evidence(path)?;
        let review = self
            .store
            .review(nomination, &reviewer.id)?
            .map(|s| s.review)
            .unwrap_or_default();
        let req = SaveReview {
            nomination: nomination.to_string(),
            review,
        };
        self.save_review_as(Some(&reviewer.name), &req, &[evidence])
    }

    /// An evidence file attached to a nomination by any member.
    pub fn evidence(
        &self,
        nomination: &str,
        sha256: &str,
    ) -> Result<(Attachment, Vec<u8>), ApiError> {
        let attachment = self
            .store
            .reviews_of_nomination(nomination)?
            .into_iter()
            .flat_map(|r| r.review.attachments)
            .chain(self.store.nomination_files(nomination)?)
            .find(|a| a.sha256 == sha256)
            .ok_or_else(|| ApiError::not_found("minh chứng", sha256))?;
        let data = self
            .store
            .evidence(sha256)?
            .ok_or_else(|| ApiError::not_found("minh chứng", sha256))?;
        if sha256_hex(&data) != sha256 {
            return Err(ApiError::new(
                ErrorCode::Store,
                format!(
                    "Minh chứng «{}» trong kho đã bị thay đổi ngoài chương trình; không mở.",
                    attachment.file_name
                ),
            ));
        }
        Ok((attachment, data))
    }

    /// An evidence file for the window: images as a `data:` URL.
    pub fn evidence_view(&self, nomination: &str, sha256: &str) -> Result<EvidenceView, ApiError> {
        let (a, data) = self.evidence(nomination, sha256)?;
        let data_url = a.media_type.starts_with("image/").then(|| {
            format!(
                "data:{};base64,{}",
                a.media_type,
                base64::engine::general_purpose::STANDARD.encode(&data)
            )
        });
        Ok(EvidenceView {
            sha256: a.sha256,
            file_name: a.file_name,
            media_type: a.media_type,
            size: a.size,
            data_url,
        })
    }
}
