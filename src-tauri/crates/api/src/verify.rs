//! Checking a signed PDF from the window: the very check of `xetkhen verify`
//! ([`xetkhen_pdf::verify_with`], trusting the built-in national roots and the anchor given),
//! shown with the time the signer declared, in Vietnam time.

use crate::error::{ApiError, ErrorCode};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;
use xetkhen_core::Message;

/// One signature as the Verify screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SignatureView {
    pub field: String,
    pub signer: Option<String>,
    /// Common names from the signer up to the trust anchor, as far as the chain was built.
    pub chain: Vec<String>,
    /// "2026-11-27 14:05:09 +07:00": the time the signer declared (/M, their own clock), in
    /// Vietnam time, ISO 8601. Nobody vouches for it; validity is judged at verification time.
    pub signed_at: Option<String>,
    /// The trust anchor the chain reached ("RootCA chuyên dùng Chính phủ G2", the CA given).
    pub anchor: Option<String>,
    /// That anchor is one of the national roots built into Xét Khen.
    pub anchor_builtin: bool,
    /// The digest, the signature and the byte range are all sound.
    pub intact: bool,
    pub covers_whole_file: bool,
    pub trusted: bool,
    pub modified_after_signing: bool,
    /// More than later signatures was appended after this one: the signed content changed.
    pub changed_after_signing: bool,
    /// The RFC 3161 timestamp the signature carries, if any.
    pub timestamp: Option<TimestampView>,
    /// What is wrong.
    pub problems: Vec<Message>,
}

/// A signature's RFC 3161 timestamp as the Verify screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TimestampView {
    /// "2026-11-27 14:05:09 +07:00": the time the timestamp authority vouches for, in Vietnam
    /// time, ISO 8601.
    pub time: Option<String>,
    /// The timestamp authority's common name.
    pub tsa: Option<String>,
    /// The token is about this signature, intact, and its authority chains to a trust anchor:
    /// the signer's certificate was judged at `time` instead of now.
    pub trusted: bool,
    /// Why it does not count.
    pub problems: Vec<Message>,
}

/// An ISO 8601 time in UTC ("2020-06-01T03:00:00Z") as Vietnam time, "2020-06-01 10:00:00 +07:00";
/// the text unchanged when it does not parse.
pub fn in_vietnam_time(utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc).map_or_else(
        |_| utc.to_string(),
        |t| {
            t.with_timezone(&xetkhen_core::audit::vietnam_offset())
                .format("%Y-%m-%d %H:%M:%S %:z")
                .to_string()
        },
    )
}

/// The verdict on a file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VerifyView {
    pub file: String,
    /// Valid and covering the whole file: what makes `xetkhen verify` exit 0.
    pub valid: bool,
    /// The trust anchor's file name, when one was given.
    pub trust_anchor: Option<String>,
    pub signatures: Vec<SignatureView>,
    /// Problems of the file as a whole (no signature, unreadable).
    pub problems: Vec<Message>,
}

fn name_of(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Verifies the PDF at `pdf` against the built-in national roots and the trust anchor at
/// `trust`, if any.
pub fn verify_file(pdf: &Path, trust: Option<&Path>) -> Result<VerifyView, ApiError> {
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không đọc được tệp {}: {e}", p.display()),
            )
        })
    };
    let bytes = read(pdf)?;
    let mut anchors = Vec::new();
    if let Some(t) = trust {
        let cert = xetkhen_pdf::cert::parse_certificate(&read(t)?)
            .map_err(|e| ApiError::invalid("trust", format!("{}: {e}", name_of(t))))?;
        anchors.push(cert);
    }
    let report = xetkhen_pdf::verify_with(
        &bytes,
        &xetkhen_pdf::Trust::with_builtin(&anchors),
        std::time::SystemTime::now(),
    );
    let vn = xetkhen_core::audit::vietnam_offset();
    Ok(VerifyView {
        file: name_of(pdf),
        valid: report.valid,
        trust_anchor: trust.map(name_of),
        signatures: report
            .signatures
            .iter()
            .map(|s| SignatureView {
                field: s.field.clone(),
                signer: s.signer_cn.clone(),
                chain: s.signer_chain.clone(),
                signed_at: s.signing_time.as_deref().map(|raw| {
                    xetkhen_pdf::verify::parse_pdf_date(raw).map_or_else(
                        || raw.to_string(),
                        |t| {
                            chrono::DateTime::<chrono::Utc>::from(t)
                                .with_timezone(&vn)
                                .format("%Y-%m-%d %H:%M:%S %:z")
                                .to_string()
                        },
                    )
                }),
                anchor: s.anchor.clone(),
                anchor_builtin: s.anchor_builtin,
                intact: s.intact(),
                covers_whole_file: s.covers_whole_file,
                trusted: s.trusted,
                modified_after_signing: s.modified_after_signing,
                changed_after_signing: s.changed_after_signing,
                timestamp: s.timestamp.as_ref().map(|t| TimestampView {
                    time: t.time.as_deref().map(in_vietnam_time),
                    tsa: t.tsa.clone(),
                    trusted: t.trusted,
                    problems: t.problems.clone(),
                }),
                problems: s.problems.clone(),
            })
            .collect(),
        problems: report.problems,
    })
}
