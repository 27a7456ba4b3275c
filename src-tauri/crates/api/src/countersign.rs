//! The chair's countersignature on the minutes the secretary signed on another laptop: the file
//! read bounded, the secretary's signature checked (alone, intact, whole, trusted: an anchor the
//! chair gives, a national root, the chair's own authority, or the secretary's certificate
//! registered here), then the chair's signature added in its column.

use crate::desk::Desk;
use crate::error::{pdf_error, ApiError, ErrorCode};
use crate::fs::write_whole;
use crate::signing_key::SigningKey;
use crate::views::SecretaryCertificateView;
use chrono::Utc;
use std::path::{Path, PathBuf};
use xetkhen_core::Role;
use xetkhen_pdf::SignOptions;

/// What `xetkhen countersign` asks for: the chair signs, on their own laptop, minutes the
/// secretary wrote and signed on theirs.
#[derive(Debug, Clone)]
pub struct CountersignRequest {
    pub file: PathBuf,
    pub out: PathBuf,
    pub chair: SigningKey,
    /// Anchors the chair gives for the secretary's signature (DER), besides the built-in
    /// national roots and the root of the chair's own certificate.
    pub trust: Vec<xetkhen_pdf::CertificateDer>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CountersignReport {
    pub file: String,
    pub signatures: usize,
    pub size_bytes: u64,
}

/// The largest minutes file taken for a countersignature (minutes of 10,000 nominations are
/// a few MB).
const MAX_MINUTES_BYTES: u64 = 200 * 1024 * 1024;

impl Desk {
    /// Adds the chair's signature to minutes the secretary signed, in the chair's column beside
    /// the secretary's. The file must be minutes written by Xét Khen, carry the secretary's
    /// signature alone, and that signature must be intact, cover the whole file and chain to a
    /// trust anchor: one the chair gives (`trust`), a built-in national root, or the root of the
    /// chair's own certificate (a committee's certificates come from one authority). The file is
    /// not changed; the countersigned copy is written to `out`.
    pub fn countersign_minutes(
        &self,
        req: &CountersignRequest,
    ) -> Result<CountersignReport, ApiError> {
        let shown = req.file.display().to_string();
        let bytes = read_minutes(&req.file)?;
        let signed = self.countersign_bytes(&bytes, &req.chair, &req.trust, &shown)?;
        write_whole(&req.out, &signed)?;
        Ok(CountersignReport {
            file: req.out.display().to_string(),
            signatures: 2,
            size_bytes: signed.len() as u64,
        })
    }

    /// The countersigned copy of the minutes `bytes` (named `shown` in refusals).
    pub(crate) fn countersign_bytes(
        &self,
        bytes: &[u8],
        chair: &SigningKey,
        trust: &[xetkhen_pdf::CertificateDer],
        shown: &str,
    ) -> Result<Vec<u8>, ApiError> {
        let signer = chair.open()?;
        let mut anchors = trust.to_vec();
        anchors.extend(own_root(&signer.certificate_chain()));
        secretary_signature(bytes, &anchors, &self.registered_secretary()?, shown, true)?;
        let area = xetkhen_pdf::chair_area_after_secretary(bytes).map_err(|e| pdf_error(&e))?;
        let chair = self
            .store
            .reviewers()?
            .into_iter()
            .find(|m| m.role == Role::Chair)
            .map(|m| m.name);
        let mut opts = SignOptions::new(
            "Chủ tịch Hội đồng",
            "Xác nhận biên bản kiểm phiếu",
            Utc::now(),
        );
        opts.signer_name = chair;
        opts.area = Some(area);
        xetkhen_pdf::sign_pdf(bytes, signer.as_ref(), &opts).map_err(|e| pdf_error(&e))
    }
}

/// The bytes of a minutes file, refused when it is too large to be minutes.
pub(crate) fn read_minutes(file: &Path) -> Result<Vec<u8>, ApiError> {
    let shown = file.display().to_string();
    let unreadable = |e: std::io::Error| {
        ApiError::new(ErrorCode::Io, format!("Không đọc được tệp {shown}: {e}"))
    };
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > MAX_MINUTES_BYTES {
        return Err(ApiError::invalid(
            "file",
            format!("Tệp {shown} quá lớn cho một biên bản kiểm phiếu ({size} byte)."),
        ));
    }
    std::fs::read(file).map_err(unreadable)
}

/// The secretary's signature on minutes: it must be the only one, intact, cover the whole file
/// and, when `need_trust`, chain to one of `anchors` or a built-in national root. Answers the
/// signer's name.
pub(crate) fn secretary_signature(
    bytes: &[u8],
    anchors: &[xetkhen_pdf::CertificateDer],
    registered: &[xetkhen_pdf::CertificateDer],
    shown: &str,
    need_trust: bool,
) -> Result<String, ApiError> {
    let report = xetkhen_pdf::verify_with(
        bytes,
        &xetkhen_pdf::Trust::with_builtin(anchors).with_pinned(registered),
        std::time::SystemTime::now(),
    );
    let refused =
        |why: String| ApiError::invalid("file", format!("Không ký tiếp biên bản {shown}: {why}"));
    match report.signatures.as_slice() {
        [s] if s.intact()
            && s.covers_whole_file
            && !s.modified_after_signing
            && !s.trusted
            && need_trust =>
        {
            Err(refused(format!(
                "chữ ký của thư ký không dẫn tới chứng thư gốc tin cậy nào và không phải chữ ký bằng chứng thư của thư ký đã đăng ký trên máy này ({}). Hãy nêu chứng thư gốc của thư ký (--trust) hoặc đăng ký chứng thư của thư ký (xetkhen secretariat certificate).",
                xetkhen_core::message::join(&s.problems, "; ")
            )))
        }
        [s] if s.intact() && s.covers_whole_file && !s.modified_after_signing => {
            Ok(s.signer_cn.clone().unwrap_or_default())
        }
        [s] => Err(refused(format!(
            "chữ ký của thư ký không còn nguyên vẹn ({}).",
            xetkhen_core::message::join(&s.problems, "; ")
        ))),
        // With the verifier's reason: no signature field, or not a PDF it can read.
        [] => Err(refused(format!(
            "tệp chưa có chữ ký của thư ký ({}).",
            xetkhen_core::message::join(&report.problems, "; ")
        ))),
        many => Err(refused(format!("tệp đã có {} chữ ký.", many.len()))),
    }
}

impl Desk {
    /// The secretary's certificate registered here, as the one certificate it pins: a signature
    /// made with exactly it is trusted for countersigning; it anchors nothing it issued.
    pub(crate) fn registered_secretary(
        &self,
    ) -> Result<Vec<xetkhen_pdf::CertificateDer>, ApiError> {
        Ok(self
            .store
            .secretary_certificate()?
            .map(|c| c.der)
            .into_iter()
            .collect())
    }

    /// The secretary's signing certificate registered on this laptop, if any.
    pub fn secretary_certificate(&self) -> Result<Option<SecretaryCertificateView>, ApiError> {
        let Some(c) = self.store.secretary_certificate()? else {
            return Ok(None);
        };
        let s = xetkhen_pdf::cert::summary(&c.der).map_err(|e| pdf_error(&e))?;
        Ok(Some(certificate_view(&s, Some(c.registered_at))))
    }

    /// Registers the secretary's signing certificate (PEM or DER) on the chair's laptop, so that
    /// minutes signed with exactly it may be countersigned without naming an anchor. A
    /// certification authority's certificate is refused (it would anchor nothing but itself);
    /// another certificate than the one registered is taken only with `replace` (audited).
    pub fn register_secretary_certificate(
        &mut self,
        bytes: &[u8],
        replace: bool,
    ) -> Result<SecretaryCertificateView, ApiError> {
        let der = xetkhen_pdf::cert::parse_certificate(bytes)
            .map_err(|e| ApiError::invalid("file", e.to_string()))?;
        let s = xetkhen_pdf::cert::summary(&der)
            .map_err(|e| ApiError::invalid("file", e.to_string()))?;
        if s.is_ca {
            return Err(ApiError::invalid(
                "file",
                format!(
                    "«{}» là chứng thư của một tổ chức cấp chứng thư, không phải chứng thư ký số của thư ký; để tin cậy mọi chứng thư do tổ chức này cấp, hãy nêu nó bằng --trust khi ký tiếp.",
                    s.subject
                ),
            ));
        }
        let actor = self.actor().to_string();
        self.store
            .register_secretary_certificate(&actor, &der, &s.sha256, &s.subject, replace)?;
        self.secretary_certificate()?
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "Chứng thư vừa đăng ký không còn."))
    }
}

fn certificate_view(
    s: &xetkhen_pdf::cert::CertificateSummary,
    registered_at: Option<chrono::DateTime<Utc>>,
) -> SecretaryCertificateView {
    let rfc = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    SecretaryCertificateView {
        subject: s.subject.clone(),
        sha256: s.sha256.clone(),
        valid_from: rfc(s.not_before),
        valid_to: rfc(s.not_after),
        registered_at: registered_at.map(rfc),
    }
}

/// The root of a signer's own chain (its last certificate, when self-issued): the authority the
/// chair's certificate comes from, which the chair trusts by holding it.
fn own_root(chain: &[xetkhen_pdf::CertificateDer]) -> Option<xetkhen_pdf::CertificateDer> {
    let last = chain.last()?;
    xetkhen_pdf::cert::is_self_issued(last).then(|| last.clone())
}

/// A trust anchor the user gives (PEM or DER) for the secretary's signature.
pub fn read_anchor(path: &Path) -> Result<xetkhen_pdf::CertificateDer, ApiError> {
    let bytes = std::fs::read(path).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("Không đọc được tệp {}: {e}", path.display()),
        )
    })?;
    xetkhen_pdf::cert::parse_certificate(&bytes)
        .map_err(|e| ApiError::invalid("trust", format!("{}: {e}", path.display())))
}
