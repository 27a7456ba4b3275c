//! Exporting from the window: the list is rendered once, unsigned, and its pages are shown as
//! pictures; the same bytes are then signed and written where the user chose in the shell's save
//! dialog. The window knows drafts, certificate files and written files by token only.

use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::export::{
    csv_copy_bytes, pdf_error, sign_rendered, xlsx_copy_to, ExportFilter, ExportFormat,
    ExportRequest, P12Key, SigningKey, TokenKey,
};
use crate::job::{Job, JobStage};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
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

/// The filters that work now ([`ExportFilter::OFFERED`]).
pub fn export_filters() -> Vec<FilterChoice> {
    ExportFilter::OFFERED
        .iter()
        .map(|f| FilterChoice {
            filter: *f,
            label: f.label_vi().to_string(),
        })
        .collect()
}

/// Who signs: nobody, a PKCS#12 file picked in the shell's dialog (by token) with its password,
/// or a key on a PKCS#11 token with its PIN (the module is a setting of the laptop). Passwords
/// and PINs are used for this one signature and kept nowhere.
#[derive(Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SignerChoice {
    None,
    P12 {
        file: String,
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

/// One page of the preview, as a PNG in a `data:` URL.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewPage {
    pub number: u32,
    pub png: String,
}

/// The unsigned list, rendered, waiting to be signed and saved: its first pages drawn; the
/// others are drawn when the window asks for them ([`Exports::preview_page`]).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportPreview {
    pub draft: String,
    pub rows: u32,
    pub page_count: u32,
    pub pages: Vec<PreviewPage>,
    pub size_bytes: u32,
    /// Milliseconds from the request to the pages drawn.
    pub elapsed_ms: u32,
}

/// A file written by an export, known to the window by token (for "Mở tệp").
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportSaved {
    pub file: String,
    pub name: String,
    pub format: ExportFormat,
    pub rows: u32,
    pub signed: bool,
    pub size_bytes: u32,
    /// Milliseconds from the request to the file written.
    pub elapsed_ms: u32,
}

/// A training certificate written by the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrainingCertificate {
    /// The certificate file's token, to sign with at once.
    pub file: String,
    pub name: String,
    /// The signer's common name, which says it is for training.
    pub subject: String,
    /// The file name of the training CA certificate written beside it (the trust anchor).
    pub ca_name: String,
}

struct Draft {
    options: ExportOptions,
    pdf: Vec<u8>,
    rows: u32,
    page_count: usize,
}

/// Drafts waiting to be signed, certificate files picked, and files written, by token.
#[derive(Default)]
pub struct Exports {
    next: u64,
    drafts: HashMap<String, Draft>,
    certificates: HashMap<String, PathBuf>,
    written: HashMap<String, PathBuf>,
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
    pub fn add_certificate(&mut self, path: PathBuf) -> String {
        let token = self.token("c");
        self.certificates.insert(token.clone(), path);
        token
    }

    /// Remembers a written file, for opening it: its token, and its name to show.
    pub fn add_written(&mut self, path: &Path) -> (String, String) {
        let token = self.token("w");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.written.insert(token.clone(), path.to_path_buf());
        (token, name)
    }

    pub fn written(&self, token: &str) -> Result<&Path, ApiError> {
        self.written
            .get(token)
            .map(PathBuf::as_path)
            .ok_or_else(|| ApiError::invalid("file", "Không còn biết tệp này ở đâu; hãy xuất lại."))
    }

    fn add_draft(&mut self, draft: Draft) -> String {
        if self.drafts.len() >= KEPT_DRAFTS {
            self.drafts.clear();
        }
        let token = self.token("d");
        self.drafts.insert(token.clone(), draft);
        token
    }

    /// The options a draft was made with (the save dialog suggests a name from them).
    pub fn draft_options(&self, token: &str) -> Result<ExportOptions, ApiError> {
        self.drafts
            .get(token)
            .map(|d| d.options.clone())
            .ok_or_else(stale_draft)
    }

    /// Page `number` (from 1) of a draft, drawn now.
    pub fn preview_page(&self, draft: &str, number: u32) -> Result<PreviewPage, ApiError> {
        let d = self.drafts.get(draft).ok_or_else(stale_draft)?;
        let n = usize::try_from(number).unwrap_or(usize::MAX);
        if n == 0 || n > d.page_count {
            return Err(ApiError::invalid(
                "page",
                format!("Bản xem trước chỉ có {} trang.", d.page_count),
            ));
        }
        let mut pages = draw_pages(&d.pdf, n, n, &Job::default())?;
        pages.pop().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Io,
                format!("pdftoppm không vẽ được trang {number}."),
            )
        })
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
    /// Renders the list as an unsigned PDF and draws its pages; the draft waits in `exports`
    /// under the returned token until it is signed and saved.
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
        let pages = draw_pages(&pdf, 1, page_count.min(FIRST_PAGES), job)?;
        let rows = u32::try_from(noms.len()).unwrap_or(u32::MAX);
        let size_bytes = u32::try_from(pdf.len()).unwrap_or(u32::MAX);
        let draft = exports.add_draft(Draft {
            options: options.clone(),
            pdf,
            rows,
            page_count,
        });
        job.finish();
        Ok(ExportPreview {
            draft,
            rows,
            page_count: u32::try_from(page_count).unwrap_or(u32::MAX),
            pages,
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
            ExportFormat::Csv => crate::packets::write_whole(out, &csv_copy_bytes(&noms))?,
            ExportFormat::Xlsx => xlsx_copy_to(&noms, out)?,
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

/// Signs the draft the user previewed (the very bytes shown) with `signer`, and writes it to
/// `out`, chosen in the shell's save dialog.
pub fn save_draft(
    exports: &mut Exports,
    draft: &str,
    signer: &SignerChoice,
    out: &Path,
    job: &Job,
) -> Result<ExportSaved, ApiError> {
    let started = std::time::Instant::now();
    let key = exports.signing_key(signer)?;
    let d = exports.drafts.get(draft).ok_or_else(stale_draft)?;
    let req = d.options.request(out.to_path_buf(), key.clone());
    let bytes = match &key {
        None => d.pdf.clone(),
        Some(key) => sign_rendered(&d.pdf, key, &req, job)?,
    };
    job.step(JobStage::Saving, 0, 1)?;
    crate::packets::write_whole(out, &bytes)?;
    let rows = d.rows;
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

/// Resolution of the preview pages: an A4 page becomes about 700 × 990 pixels, enough to read
/// the 13 pt body text.
const PREVIEW_DPI: &str = "84";

/// Pages drawn before the preview is shown; poppler takes about a quarter of a second a page,
/// so a long list's other pages are drawn as the window scrolls to them.
const FIRST_PAGES: usize = 2;

/// Draws pages `first..=last` (from 1) of `pdf` as PNG with poppler's `pdftoppm`, run as a child
/// process on a copy in a private temporary folder; the pages drawn so far are reported on `job`
/// while it runs, and a cancel stops it.
pub fn draw_pages(
    pdf: &[u8],
    first: usize,
    last: usize,
    job: &Job,
) -> Result<Vec<PreviewPage>, ApiError> {
    let total = last.saturating_sub(first) + 1;
    job.step(JobStage::Preview, 0, total)?;
    if last < first {
        return Ok(Vec::new());
    }
    let dir = std::env::temp_dir().join(format!("xetkhen-xem-truoc-{}", uuid::Uuid::new_v4()));
    let io = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Io,
            format!("Không tạo được bản xem trước trong {}: {e}", dir.display()),
        )
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let result = (|| {
        let input = dir.join("danh-sach.pdf");
        std::fs::write(&input, pdf).map_err(io)?;
        let mut child = Command::new("pdftoppm")
            .args(["-png", "-r", PREVIEW_DPI])
            .args(["-f", &first.to_string(), "-l", &last.to_string()])
            .arg(&input)
            .arg(dir.join("trang"))
            .spawn()
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::Io,
                    format!(
                        "Không chạy được pdftoppm (gói poppler-utils) để vẽ bản xem trước: {e}"
                    ),
                )
            })?;
        let status = loop {
            if let Some(status) = child.try_wait().map_err(io)? {
                break status;
            }
            // A page file appears when pdftoppm starts writing it: those before it are done.
            let drawn = std::fs::read_dir(&dir)
                .map(|d| {
                    d.filter(|e| e.as_ref().is_ok_and(|e| is_page(&e.path())))
                        .count()
                })
                .unwrap_or(0);
            if job
                .step(JobStage::Preview, drawn.saturating_sub(1), total)
                .is_err()
            {
                let _ = child.kill();
                let _ = child.wait();
                return Err(crate::job::cancelled());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        if !status.success() {
            return Err(ApiError::new(
                ErrorCode::Io,
                format!("pdftoppm không vẽ được bản xem trước ({status})."),
            ));
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_page(p))
            .collect();
        // pdftoppm pads page numbers to the width of the last one, so names sort as pages.
        files.sort();
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut pages = Vec::with_capacity(files.len());
        for (n, f) in (0u32..).zip(&files) {
            let png = std::fs::read(f).map_err(io)?;
            pages.push(PreviewPage {
                number: u32::try_from(first).unwrap_or(u32::MAX) + n,
                png: format!("data:image/png;base64,{}", b64.encode(png)),
            });
        }
        job.step(JobStage::Preview, pages.len(), total)?;
        Ok(pages)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn is_page(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "png")
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
    crate::packets::write_whole(out, &cred.p12)?;
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "chung-thu-tap-huan".into());
    let ca = out.with_file_name(format!("{stem}-ca.pem"));
    crate::packets::write_whole(&ca, cred.ca_pem.as_bytes())?;
    Ok((ca, format!("{holder} {}", xetkhen_pdf::cert::TRAINING_MARK)))
}
