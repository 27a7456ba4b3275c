//! Exporting from the window: the list is rendered once, unsigned, and kept as a draft; the
//! window takes the draft's very bytes by its token and draws their pages itself (pdf.js), and
//! those bytes are then signed and written where the user chose in the shell's save dialog,
//! once the window has given back their SHA-256. Minutes opened for the chair's countersignature
//! are drafts too. The window knows drafts, certificate files and written files by token only.

use crate::desk::Desk;
use crate::error::pdf_error;
use crate::error::ApiError;
use crate::job::{Job, JobStage};
use crate::list_copy::{csv_copy, write_xlsx_copy};
use crate::list_export::{sign_rendered, ExportFilter, ExportFormat, ExportRequest};
use crate::signing_key::{P12Key, SigningKey, TokenKey};
use crate::tokens::{CertificateToken, DraftToken, SavedFileToken};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;
use xetkhen_core::AwardForm;
use zeroize::Zeroize;

/// What the window asks to export (no path: the shell's save dialog chooses it).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportOptions {
    pub round: String,
    pub award: AwardForm,
    pub filter: ExportFilter,
    pub format: ExportFormat,
    pub number: Option<String>,
    pub signer_title: Option<String>,
    pub signer_name: Option<String>,
    #[serde(default)]
    pub cover: bool,
    pub cover_number: Option<String>,
}

impl ExportOptions {
    /// The request of the CLI's `xetkhen export` with the same meaning.
    pub fn request(&self, out: PathBuf, sign: Option<SigningKey>) -> ExportRequest {
        let text = |o: &Option<String>| {
            o.as_deref()
                .map(xetkhen_core::text::clean)
                .filter(|s| !s.is_empty())
        };
        ExportRequest {
            round: self.round.clone(),
            award: self.award,
            filter: self.filter,
            out,
            sign,
            number: text(&self.number),
            signer_title: text(&self.signer_title),
            signer_name: text(&self.signer_name),
            cover: self.cover,
            cover_number: text(&self.cover_number),
        }
    }

    /// The file name the save dialog suggests.
    pub fn file_name(&self) -> String {
        format!(
            "danh-sach-{}.{}",
            self.award.code(),
            self.format.extension()
        )
    }
}

/// A filter the window may offer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FilterChoice {
    pub filter: ExportFilter,
    pub label: String,
}

/// What the export screen offers, and what it fills in when the person leaves a field empty.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportChoices {
    pub filters: Vec<FilterChoice>,
    /// The signer's title when none is given ([`crate::DEFAULT_SIGNER_TITLE`]).
    pub default_signer_title: String,
}

/// The filters that work now ([`ExportFilter::OFFERED`]) and the default signer title.
pub fn export_choices() -> ExportChoices {
    ExportChoices {
        filters: ExportFilter::OFFERED
            .iter()
            .map(|f| FilterChoice {
                filter: *f,
                label: f.label_vi().to_string(),
            })
            .collect(),
        default_signer_title: crate::DEFAULT_SIGNER_TITLE.to_string(),
    }
}

/// Who signs: nobody, a PKCS#12 file picked in the shell's dialog (by token) with its password,
/// or a key on a PKCS#11 token with its PIN (the module is a setting of the laptop). Passwords
/// and PINs are used for this one signature and kept nowhere.
#[derive(Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SignerChoice {
    None,
    P12 {
        file: CertificateToken,
        password: String,
    },
    Token {
        token_label: String,
        key_label: Option<String>,
        pin: String,
    },
}

impl Drop for SignerChoice {
    fn drop(&mut self) {
        match self {
            SignerChoice::None => {}
            SignerChoice::P12 { password, .. } => password.zeroize(),
            SignerChoice::Token { pin, .. } => pin.zeroize(),
        }
    }
}

impl std::fmt::Debug for SignerChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignerChoice::None => f.write_str("None"),
            SignerChoice::P12 { file, .. } => write!(f, "P12 {{ file: {file:?}, password: *** }}"),
            SignerChoice::Token { token_label, .. } => {
                write!(f, "Token {{ token_label: {token_label:?}, pin: *** }}")
            }
        }
    }
}

/// The unsigned list, rendered, waiting to be signed and saved. The window takes its bytes by
/// the draft's token ([`Exports::draft_pdf`]) and draws the pages; signing asks for `sha256`
/// back, so that only the bytes shown are signed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportPreview {
    pub draft: DraftToken,
    /// The SHA-256 of the draft's bytes (hex).
    pub sha256: String,
    pub rows: u32,
    pub page_count: u32,
    pub size_bytes: u32,
    /// Milliseconds from the request to the draft rendered.
    pub elapsed_ms: u32,
}

/// A file written by an export, known to the window by token (for "Mở tệp").
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportSaved {
    pub file: SavedFileToken,
    pub name: String,
    pub format: ExportFormat,
    pub rows: u32,
    pub signed: bool,
    pub size_bytes: u32,
    /// Milliseconds from the request to the file written.
    pub elapsed_ms: u32,
}

/// A certificate file picked in the shell's dialog, known to the window by token.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PickedCertificate {
    pub token: CertificateToken,
    pub name: String,
}

/// A training certificate written by the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrainingCertificate {
    /// The certificate file's token, to sign with at once.
    pub file: CertificateToken,
    pub name: String,
    /// The signer's common name, which says it is for training.
    pub subject: String,
    /// The file name of the training CA certificate written beside it (the trust anchor).
    pub ca_name: String,
}

/// What a draft is.
#[derive(Clone)]
pub(crate) enum DraftOf {
    /// A list rendered unsigned from these options, with its number of rows.
    List { options: ExportOptions, rows: u32 },
    /// Minutes of a count rendered here, unsigned, with where their signatures go.
    NewMinutes(Box<crate::minutes::MinutesLayout>),
    /// Minutes the secretary signed, opened for the chair's countersignature, with the anchor
    /// the chair gave for the secretary's signature.
    Minutes {
        trust: Vec<xetkhen_pdf::CertificateDer>,
    },
}

/// A PDF waiting to be signed: the window is shown these bytes, and these bytes are signed.
pub(crate) struct Draft {
    pub(crate) of: DraftOf,
    pub(crate) pdf: Vec<u8>,
    pub(crate) sha256: String,
}

/// Drafts waiting to be signed, certificate files picked, and files written, by token.
#[derive(Default)]
pub struct Exports {
    next: u64,
    drafts: HashMap<DraftToken, Draft>,
    certificates: HashMap<CertificateToken, PathBuf>,
    written: HashMap<SavedFileToken, PathBuf>,
    /// The PKCS#11 module of this laptop's token: the one chosen in the shell's dialog (the
    /// setting `XETKHEN_PKCS11_MODULE` is read by the CLI, and by the window only in its e2e build).
    pub token_module: Option<PathBuf>,
}

impl std::fmt::Debug for Exports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exports")
            .field("drafts", &self.drafts.len())
            .field("written", &self.written.len())
            .finish_non_exhaustive()
    }
}

/// How many drafts are kept (each holds a whole PDF).
const KEPT_DRAFTS: usize = 4;

/// The environment variable that names this laptop's PKCS#11 module.
pub const TOKEN_MODULE_ENV: &str = "XETKHEN_PKCS11_MODULE";

impl Exports {
    /// Forgets every draft, certificate file, written file and the token module (when the store
    /// is locked). Tokens handed out before are not given again.
    pub fn forget_all(&mut self) {
        self.drafts.clear();
        self.certificates.clear();
        self.written.clear();
        self.token_module = None;
    }

    fn token(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    /// Remembers a certificate file chosen in the shell's dialog.
    pub fn add_certificate(&mut self, path: PathBuf) -> CertificateToken {
        let token = CertificateToken::new(self.token("c"));
        self.certificates.insert(token.clone(), path);
        token
    }

    /// Remembers a certificate file chosen in the shell's dialog (or written as a training
    /// certificate): its token, and its name to show.
    pub fn pick_certificate(&mut self, path: PathBuf) -> PickedCertificate {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        PickedCertificate {
            token: self.add_certificate(path),
            name,
        }
    }

    /// Remembers a written file, for opening it: its token, and its name to show.
    pub fn add_written(&mut self, path: &Path) -> (SavedFileToken, String) {
        let token = SavedFileToken::new(self.token("w"));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.written.insert(token.clone(), path.to_path_buf());
        (token, name)
    }

    pub fn written(&self, token: &SavedFileToken) -> Result<&Path, ApiError> {
        self.written
            .get(token)
            .map(PathBuf::as_path)
            .ok_or_else(|| ApiError::invalid("file", "Không còn biết tệp này ở đâu; hãy xuất lại."))
    }

    /// Keeps `pdf` as a draft; answers its token and the SHA-256 of its bytes.
    pub(crate) fn add_draft(&mut self, of: DraftOf, pdf: Vec<u8>) -> (DraftToken, String) {
        if self.drafts.len() >= KEPT_DRAFTS {
            self.drafts.clear();
        }
        let token = DraftToken::new(self.token("d"));
        let sha256 = xetkhen_core::audit::sha256_hex(&pdf);
        self.drafts.insert(
            token.clone(),
            Draft {
                of,
                pdf,
                sha256: sha256.clone(),
            },
        );
        (token, sha256)
    }

    /// The options a list's draft was made with (the save dialog suggests a name from them).
    pub fn draft_options(&self, token: &DraftToken) -> Result<ExportOptions, ApiError> {
        match self.drafts.get(token).map(|d| &d.of) {
            Some(DraftOf::List { options, .. }) => Ok(options.clone()),
            _ => Err(stale_draft()),
        }
    }

    /// The file name the save dialog suggests for a list's draft.
    pub fn draft_file_name(&self, token: &DraftToken) -> Result<String, ApiError> {
        Ok(self.draft_options(token)?.file_name())
    }

    /// Writes a training certificate for `holder` to `out` (chosen in the shell's save dialog)
    /// with its CA beside it ([`write_training_certificate`]), and remembers it as the certificate
    /// to sign with, so that the window can use it at once.
    pub fn create_training_certificate(
        &mut self,
        holder: &str,
        password: &str,
        out: &Path,
    ) -> Result<TrainingCertificate, ApiError> {
        let (ca, subject) = write_training_certificate(holder, password, out)?;
        let picked = self.pick_certificate(out.to_path_buf());
        Ok(TrainingCertificate {
            file: picked.token,
            name: picked.name,
            subject,
            ca_name: ca
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })
    }

    /// The bytes of a draft, for the window to draw its pages: the very bytes that are signed.
    pub fn draft_pdf(&self, token: &DraftToken) -> Result<&[u8], ApiError> {
        self.drafts
            .get(token)
            .map(|d| d.pdf.as_slice())
            .ok_or_else(stale_draft)
    }

    /// The draft to sign, when `sha256` is the digest of its bytes that the window was given
    /// with them: a draft the window did not show is not signed.
    pub(crate) fn draft_to_sign(
        &self,
        token: &DraftToken,
        sha256: &str,
    ) -> Result<&Draft, ApiError> {
        let d = self.drafts.get(token).ok_or_else(stale_draft)?;
        if !d.sha256.eq_ignore_ascii_case(sha256.trim()) {
            return Err(ApiError::invalid(
                "draft",
                "Tệp cần ký không phải tệp đang được xem trước; không ký. Hãy xem lại rồi ký.",
            ));
        }
        Ok(d)
    }

    /// The signing key a choice stands for.
    pub fn signing_key(&self, choice: &SignerChoice) -> Result<Option<SigningKey>, ApiError> {
        Ok(match choice {
            SignerChoice::None => None,
            SignerChoice::P12 { file, password } => {
                let path = self.certificates.get(file).ok_or_else(|| {
                    ApiError::invalid("signer", "Chưa chọn tệp chứng thư số (.p12, .pfx).")
                })?;
                Some(SigningKey::P12(P12Key {
                    path: path.clone(),
                    password: password.clone(),
                }))
            }
            SignerChoice::Token {
                token_label,
                key_label,
                pin,
            } => {
                let module = self.token_module.clone().ok_or_else(|| {
                    ApiError::invalid(
                        "module",
                        "Chưa chọn mô-đun PKCS#11 của thiết bị ký (tệp .so hoặc .dll đi kèm USB token).",
                    )
                })?;
                Some(SigningKey::Token(TokenKey {
                    module,
                    token_label: token_label.clone(),
                    key_label: key_label.clone().filter(|k| !k.trim().is_empty()),
                    pin: pin.clone(),
                }))
            }
        })
    }
}

fn stale_draft() -> ApiError {
    ApiError::invalid(
        "draft",
        "Bản xem trước không còn; hãy bấm «Xuất» để dựng lại.",
    )
}

fn elapsed_ms(since: std::time::Instant) -> u32 {
    u32::try_from(since.elapsed().as_millis()).unwrap_or(u32::MAX)
}

impl Desk {
    /// Renders the list as an unsigned PDF; the draft waits in `exports` under the returned
    /// token until the window has drawn its pages and it is signed and saved.
    pub fn export_preview(
        &self,
        exports: &mut Exports,
        options: &ExportOptions,
        job: &Job,
    ) -> Result<ExportPreview, ApiError> {
        let started = std::time::Instant::now();
        if options.format != ExportFormat::Pdf {
            return Err(ApiError::invalid(
                "format",
                "Chỉ tệp PDF có bản xem trước; tệp Excel và CSV được lưu ngay.",
            ));
        }
        let req = options.request(PathBuf::new(), None);
        let noms = self.export_selection(&req, job)?;
        let (pdf, page_count) = self.render_pdf(&req, &noms, job)?;
        let rows = u32::try_from(noms.len()).unwrap_or(u32::MAX);
        let size_bytes = u32::try_from(pdf.len()).unwrap_or(u32::MAX);
        let (draft, sha256) = exports.add_draft(
            DraftOf::List {
                options: options.clone(),
                rows,
            },
            pdf,
        );
        job.finish();
        Ok(ExportPreview {
            draft,
            sha256,
            rows,
            page_count: u32::try_from(page_count).unwrap_or(u32::MAX),
            size_bytes,
            elapsed_ms: elapsed_ms(started),
        })
    }

    /// Writes an .xlsx or .csv copy of the list to `out` (chosen in the shell's save dialog).
    pub fn export_copy(
        &self,
        exports: &mut Exports,
        options: &ExportOptions,
        out: &Path,
        job: &Job,
    ) -> Result<ExportSaved, ApiError> {
        let started = std::time::Instant::now();
        let req = options.request(out.to_path_buf(), None);
        let noms = self.export_selection(&req, job)?;
        job.step(JobStage::Saving, 0, 1)?;
        match options.format {
            ExportFormat::Csv => crate::fs::write_whole(out, csv_copy(&noms).as_bytes())?,
            ExportFormat::Xlsx => write_xlsx_copy(&noms, out)?,
            ExportFormat::Pdf => {
                return Err(ApiError::invalid(
                    "format",
                    "Tệp PDF được xem trước rồi mới ký và lưu.",
                ))
            }
        }
        job.finish();
        Ok(saved(
            exports,
            out,
            options.format,
            u32::try_from(noms.len()).unwrap_or(u32::MAX),
            false,
            started,
        ))
    }
}

/// Signs the draft the user previewed with `signer`, and writes it to `out`, chosen in the
/// shell's save dialog. `sha256` is the digest the window was given with the bytes it drew;
/// a draft whose bytes are not those is refused.
pub fn save_draft(
    exports: &mut Exports,
    draft: &DraftToken,
    sha256: &str,
    signer: &SignerChoice,
    out: &Path,
    job: &Job,
) -> Result<ExportSaved, ApiError> {
    let started = std::time::Instant::now();
    let key = exports.signing_key(signer)?;
    let d = exports.draft_to_sign(draft, sha256)?;
    let DraftOf::List { options, rows } = &d.of else {
        return Err(stale_draft());
    };
    let req = options.request(out.to_path_buf(), key.clone());
    let bytes = match &key {
        None => d.pdf.clone(),
        Some(key) => sign_rendered(&d.pdf, key, &req, job)?,
    };
    job.step(JobStage::Saving, 0, 1)?;
    crate::fs::write_whole(out, &bytes)?;
    let rows = *rows;
    job.finish();
    Ok(saved(
        exports,
        out,
        ExportFormat::Pdf,
        rows,
        key.is_some(),
        started,
    ))
}

fn saved(
    exports: &mut Exports,
    out: &Path,
    format: ExportFormat,
    rows: u32,
    signed: bool,
    started: std::time::Instant,
) -> ExportSaved {
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    let (file, name) = exports.add_written(out);
    ExportSaved {
        file,
        name,
        format,
        rows,
        signed,
        size_bytes: u32::try_from(size).unwrap_or(u32::MAX),
        elapsed_ms: elapsed_ms(started),
    }
}

/// Makes a training certificate for `holder`, protected by `password`, and writes it to `out`
/// with the training CA beside it (`…-ca.pem`). Returns the CA's file name and the signer's name.
pub fn write_training_certificate(
    holder: &str,
    password: &str,
    out: &Path,
) -> Result<(PathBuf, String), ApiError> {
    let holder = xetkhen_core::text::clean(holder);
    if holder.is_empty() {
        return Err(ApiError::invalid(
            "holder",
            "Hãy nhập họ và tên người ký tập huấn.",
        ));
    }
    if password.chars().count() < 4 {
        return Err(ApiError::invalid(
            "password",
            "Mật khẩu bảo vệ chứng thư cần ít nhất 4 ký tự.",
        ));
    }
    let cred = xetkhen_pdf::cert::make_training_certificate(
        &holder,
        "Ban Thi đua - Khen thưởng",
        xetkhen_pdf::KeyKind::EcdsaP256,
        password,
        chrono::Utc::now() - chrono::Duration::hours(1),
        365,
    )
    .map_err(|e| pdf_error(&e))?;
    crate::fs::write_whole(out, &cred.p12)?;
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chung-thu-tap-huan".into());
    let ca = out.with_file_name(format!("{stem}-ca.pem"));
    crate::fs::write_whole(&ca, cred.ca_pem.as_bytes())?;
    Ok((ca, format!("{holder} {}", xetkhen_pdf::cert::TRAINING_MARK)))
}
