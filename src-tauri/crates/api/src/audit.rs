//! The audit chain checked against the files this laptop signed: each carries the chain's head
//! as it was when the file left.

use crate::desk::Desk;
use crate::error::ApiError;
use crate::formats::{RoundPackage, SignedFile, MAX_ROUND_BYTES, ROUND_FORMAT};
use crate::fs::read_bounded;
use crate::views::*;
use xetkhen_core::packet::{verify_hex, PACKET_FORMAT};
use xetkhen_core::Packet;

/// What kind of signed file, the key that signed it (hex; for the minutes, the member key of the
/// laptop that wrote them, empty when it had none) and the audit head it carries; the signature
/// (the minutes' first) is checked first. `name` names the file in refusals.
fn signed_head(
    bytes: &[u8],
    name: &str,
) -> Result<
    (
        SignedFileKind,
        String,
        Option<xetkhen_core::audit::AuditHead>,
    ),
    ApiError,
> {
    let bad = |reason: &str, m: String| {
        ApiError::invalid("file", format!("Tệp {name}: {m}")).because(reason)
    };
    if bytes.starts_with(b"%PDF") {
        let (key, head) =
            crate::document::minutes_head(bytes).map_err(|e| bad(e.code(), e.to_string()))?;
        return Ok((SignedFileKind::Minutes, key, head));
    }
    let file: SignedFile = serde_json::from_slice(bytes).map_err(|e| {
        bad(
            "audit.not-signed-file",
            format!("không phải gói phiếu hay gói đợt xét của Xét Khen ({e})."),
        )
    })?;
    if file.format == PACKET_FORMAT {
        let bytes =
            serde_json::to_vec(&file).map_err(|e| bad("audit.not-signed-file", e.to_string()))?;
        let p = Packet::open(&bytes).map_err(|e| bad(e.code(), e.to_string()))?;
        return Ok((SignedFileKind::Packet, p.body.public_key, p.body.audit_head));
    }
    if file.format != ROUND_FORMAT {
        return Err(bad(
            "audit.unknown-format",
            format!("định dạng «{}» không đối chiếu được.", file.format),
        ));
    }
    let pkg: RoundPackage = serde_json::from_str(&file.body).map_err(|e| {
        bad(
            "audit.not-signed-file",
            format!("nội dung không đọc được ({e})."),
        )
    })?;
    let signer = pkg
        .members
        .iter()
        .find(|m| m.id == pkg.signed_by)
        .ok_or_else(|| {
            bad(
                "round-package.signer-unknown",
                "người ký không có trong danh sách hội đồng của gói.".into(),
            )
        })?;
    verify_hex(&signer.public_key, file.body.as_bytes(), &file.signature).map_err(|_| {
        bad(
            "round-package.signature",
            "chữ ký của gói không đúng: gói đã bị sửa sau khi ký.".into(),
        )
    })?;
    Ok((
        SignedFileKind::RoundPackage,
        signer.public_key.clone(),
        pkg.audit_head,
    ))
}

impl Desk {
    /// For each signed file this laptop wrote (a decision packet or a round package), whether the
    /// store's audit chain still holds the head the file carries: a chain rewritten or cut after
    /// the file left is caught here even when it verifies by itself.
    pub fn audit_against(
        &self,
        files: &[std::path::PathBuf],
    ) -> Result<Vec<AuditAgainst>, ApiError> {
        let mine = self.store.current_reviewer()?.and_then(|r| r.public_key);
        let mut out = Vec::with_capacity(files.len());
        for f in files {
            let name = f.display().to_string();
            let bytes = read_bounded(f, MAX_ROUND_BYTES, "tệp đã ký")?;
            let (what, key, head) = signed_head(&bytes, &name)?;
            let (status, message) = match &head {
                _ if mine.as_deref().unwrap_or_default() != key => (
                    AgainstStatus::NotFromHere,
                    Message::new(MessageCode::AuditAgainstNotFromHere, []),
                ),
                None => (
                    AgainstStatus::NoHead,
                    Message::new(MessageCode::AuditAgainstNoHead, []),
                ),
                Some(h) if self.store.audit_has(h)? => (
                    AgainstStatus::Held,
                    Message::new(MessageCode::AuditAgainstHeld, [("seq", h.seq.to_string())]),
                ),
                Some(h) => (
                    AgainstStatus::Missing,
                    Message::new(
                        MessageCode::AuditAgainstMissing,
                        [
                            ("seq", h.seq.to_string()),
                            ("hash", h.hash.get(..16).unwrap_or(&h.hash).to_string()),
                        ],
                    ),
                ),
            };
            let row = AuditAgainst {
                file: name,
                what,
                head_seq: head.as_ref().map(|h| h.seq),
                head_hash: head.as_ref().map(|h| h.hash.clone()),
                status,
                message,
            };
            out.push(row);
        }
        Ok(out)
    }
}
