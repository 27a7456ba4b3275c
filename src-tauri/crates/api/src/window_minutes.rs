//! The minutes of a count as the Kiểm phiếu screen makes them: drafted unsigned for the window to
//! draw, signed and saved only as the draft the window showed; and, on the chair's laptop, minutes
//! the secretary signed opened to be read, then countersigned. The documents themselves are
//! [`crate::minutes`]'s.

use crate::countersign::{read_anchor, read_minutes, secretary_signature};
use crate::desk::Desk;
use crate::error::pdf_error;
use crate::error::ApiError;
use crate::fs::write_whole;
use crate::minutes::sign_minutes;
use crate::tokens::{DraftToken, SavedFileToken};
use crate::window_export::{DraftOf, Exports, SignerChoice};
use std::path::Path;

/// What the Kiểm phiếu screen asks to sign and save: the minutes drafted by
/// [`Desk::preview_minutes`] whose pages the window drew (`sha256` is the digest it was given
/// with them), and who signs (no path: the shell's save dialog chooses it).
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
pub struct MinutesOptions {
    pub draft: DraftToken,
    pub sha256: String,
    pub secretary: SignerChoice,
    pub chair: SignerChoice,
}

/// The minutes of a count rendered unsigned for the window to draw before anyone signs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct MinutesPreview {
    pub draft: DraftToken,
    /// The SHA-256 of the draft's bytes (hex).
    pub sha256: String,
    pub pages: u32,
    pub nominations: u32,
    pub packets: u32,
    pub size_bytes: u32,
}

/// The minutes written from the window, known to it by token (for "Mở tệp").
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct MinutesSaved {
    pub file: SavedFileToken,
    pub name: String,
    pub pages: u32,
    pub nominations: u32,
    pub packets: u32,
    pub signatures: u32,
    pub size_bytes: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Desk {
    /// The minutes of `round`'s count, rendered unsigned and kept as a draft whose pages the
    /// window draws before the secretary and the chair sign ([`Desk::save_minutes`]).
    /// `number` is "05/BB-HĐTĐKT", left for the clerk when empty.
    pub fn preview_minutes(
        &self,
        exports: &mut Exports,
        round: &str,
        number: Option<&str>,
    ) -> Result<MinutesPreview, ApiError> {
        let number = number
            .map(xetkhen_core::text::clean)
            .filter(|n| !n.is_empty());
        let (bytes, layout) = self.render_minutes(round, number.as_deref())?;
        let size_bytes = count(bytes.len());
        let (pages, nominations, packets) = (
            count(layout.pages),
            count(layout.nominations),
            count(layout.packets),
        );
        let (draft, sha256) = exports.add_draft(DraftOf::NewMinutes(Box::new(layout)), bytes);
        Ok(MinutesPreview {
            draft,
            sha256,
            pages,
            nominations,
            packets,
            size_bytes,
        })
    }

    /// Signs the minutes the window drew (the draft named by its digest) with the signers
    /// chosen on the screen, writes them to `out`, and remembers the file for opening.
    pub fn save_minutes(
        &self,
        exports: &mut Exports,
        options: &MinutesOptions,
        out: &Path,
    ) -> Result<MinutesSaved, ApiError> {
        let secretary = exports.signing_key(&options.secretary)?;
        let chair = exports.signing_key(&options.chair)?;
        let d = exports.draft_to_sign(&options.draft, &options.sha256)?;
        let DraftOf::NewMinutes(layout) = &d.of else {
            return Err(ApiError::invalid(
                "draft",
                "Bản đang xem không phải biên bản vừa lập; hãy lập lại biên bản.",
            ));
        };
        let layout = (**layout).clone();
        let (bytes, signatures) =
            sign_minutes(d.pdf.clone(), &layout, secretary.as_ref(), chair.as_ref())?;
        write_whole(out, &bytes)?;
        let (file, name) = exports.add_written(out);
        Ok(MinutesSaved {
            file,
            name,
            pages: count(layout.pages),
            nominations: count(layout.nominations),
            packets: count(layout.packets),
            signatures,
            size_bytes: count(bytes.len()),
        })
    }
}

/// Minutes the secretary signed, opened on the chair's laptop: the window draws the pages of
/// the draft's bytes (by its token), and the chair countersigns those bytes, giving back
/// `sha256`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct MinutesDraft {
    pub draft: DraftToken,
    /// The SHA-256 of the minutes' bytes (hex).
    pub sha256: String,
    /// The file's name, to show.
    pub name: String,
    pub size_bytes: u32,
    /// Who signed as the secretary (the certificate's common name).
    pub secretary: String,
}

/// Minutes countersigned from the window, known to it by token (for "Mở tệp").
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
pub struct CountersignSaved {
    pub file: SavedFileToken,
    pub name: String,
    pub signatures: u32,
    pub size_bytes: u32,
}

impl Desk {
    /// Opens minutes the secretary signed (`file`, picked in the shell's dialog) for the chair
    /// to read before countersigning: refused at once when they are not Xét Khen's minutes or
    /// their one signature is not intact; kept as a draft with `anchor` (the secretary's
    /// authority, if the chair gave one), whose bytes the window draws.
    pub fn open_minutes_to_countersign(
        &self,
        exports: &mut Exports,
        file: &Path,
        anchor: Option<&Path>,
    ) -> Result<MinutesDraft, ApiError> {
        let shown = file.display().to_string();
        let bytes = read_minutes(file)?;
        let trust: Vec<_> = anchor.map(read_anchor).transpose()?.into_iter().collect();
        // Whether the chain is trusted is decided when the chair signs: the root of the chair's
        // own certificate counts then.
        let secretary =
            secretary_signature(&bytes, &trust, &self.registered_secretary()?, &shown, false)?;
        xetkhen_pdf::chair_area_after_secretary(&bytes).map_err(|e| pdf_error(&e))?;
        let size_bytes = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        let (draft, sha256) = exports.add_draft(DraftOf::Minutes { trust }, bytes);
        Ok(MinutesDraft {
            draft,
            sha256,
            name: file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            size_bytes,
            secretary,
        })
    }

    /// [`Desk::countersign_minutes`] from the window, on the minutes of `draft` whose pages the
    /// window drew (`sha256` is the digest it was given with them): the chair is the
    /// certificate file or token chosen on the screen, and the file written is remembered for
    /// opening.
    pub fn save_countersigned(
        &self,
        exports: &mut Exports,
        draft: &DraftToken,
        sha256: &str,
        chair: &SignerChoice,
        out: &Path,
    ) -> Result<CountersignSaved, ApiError> {
        let chair = exports.signing_key(chair)?.ok_or_else(|| {
            ApiError::invalid(
                "chair",
                "Hãy chọn chứng thư số hoặc thiết bị ký của chủ tịch.",
            )
        })?;
        let d = exports.draft_to_sign(draft, sha256)?;
        let DraftOf::Minutes { trust } = &d.of else {
            return Err(ApiError::invalid(
                "draft",
                "Bản đang xem không phải biên bản kiểm phiếu; hãy mở lại biên bản.",
            ));
        };
        let signed = self.countersign_bytes(&d.pdf, &chair, trust, "đang xem")?;
        write_whole(out, &signed)?;
        let (file, name) = exports.add_written(out);
        Ok(CountersignSaved {
            file,
            name,
            signatures: 2,
            size_bytes: u32::try_from(signed.len()).unwrap_or(u32::MAX),
        })
    }
}
