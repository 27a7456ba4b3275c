//! Exporting a round's nomination list for an award form: the PDF for UBND (optionally signed
//! with a PKCS#12 certificate or a PKCS#11 token), or an editable .xlsx / .csv copy for the
//! secretariat.

use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::import::{csv_document, defuse_formula};
use crate::job::{Job, JobStage};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;
use xetkhen_core::{AwardForm, NomineeKind, Rubric};
use xetkhen_pdf::{
    Column, ColumnKind, Group, ListDocument, Meta, Orientation, Row, SignOptions, SignatureBlock,
};
use xetkhen_store::{NominationQuery, StoredNomination};

/// Which nominations go on the list. A new filter is added here and to
/// [`ExportFilter::OFFERED`]; the window offers what that list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFilter {
    /// Every nomination proposed for the award form.
    All,
    /// Those the rubric and the award rules find eligible.
    Eligible,
    /// Those the committee approved by its vote (the tally of the merged decision packets).
    Approved,
}

impl ExportFilter {
    /// The filters that work in this version, in the order the window offers them.
    pub const OFFERED: &'static [ExportFilter] = &[
        ExportFilter::All,
        ExportFilter::Eligible,
        ExportFilter::Approved,
    ];

    pub fn label_vi(self) -> &'static str {
        match self {
            ExportFilter::All => "Tất cả hồ sơ đề nghị hình thức này",
            ExportFilter::Eligible => "Chỉ hồ sơ đủ điều kiện theo tiêu chí",
            ExportFilter::Approved => "Chỉ hồ sơ Hội đồng đã biểu quyết thông qua",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ExportFilter::All => "all",
            ExportFilter::Eligible => "eligible",
            ExportFilter::Approved => "approved",
        }
    }
}

/// The signing key: a PKCS#12 file and its password (never stored, overwritten with zeros when
/// dropped).
#[derive(Clone)]
pub struct P12Key {
    pub path: PathBuf,
    pub password: String,
}

impl Drop for P12Key {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.password);
    }
}

impl Drop for TokenKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.pin);
    }
}

impl std::fmt::Debug for P12Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("P12Key")
            .field("path", &self.path)
            .field("password", &"***")
            .finish()
    }
}

/// A key on a PKCS#11 token and the PIN that unlocks it (never stored, never logged, overwritten
/// with zeros when dropped).
#[derive(Clone)]
pub struct TokenKey {
    /// The module (`.so`/`.dll`) supplied with the token: a setting of the laptop.
    pub module: PathBuf,
    pub token_label: String,
    /// Needed only when the token holds several keys.
    pub key_label: Option<String>,
    pub pin: String,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKey")
            .field("module", &self.module)
            .field("token_label", &self.token_label)
            .field("key_label", &self.key_label)
            .field("pin", &"***")
            .finish()
    }
}

/// Where the signing key comes from.
#[derive(Debug, Clone)]
pub enum SigningKey {
    P12(P12Key),
    Token(TokenKey),
}

impl SigningKey {
    pub(crate) fn open(&self) -> Result<Box<dyn xetkhen_pdf::Signer>, ApiError> {
        Ok(match self {
            SigningKey::P12(key) => Box::new(
                xetkhen_pdf::P12Signer::open(&key.path, &key.password)
                    .map_err(|e| pdf_error(&e))?,
            ),
            SigningKey::Token(key) => {
                let location = xetkhen_pdf::TokenLocation {
                    module: key.module.clone(),
                    token_label: key.token_label.clone(),
                    key_label: key.key_label.clone(),
                };
                Box::new(
                    xetkhen_pdf::Pkcs11Signer::open(&location, &key.pin)
                        .map_err(|e| pdf_error(&e))?,
                )
            }
        })
    }
}

#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub round: String,
    pub award: AwardForm,
    pub filter: ExportFilter,
    pub out: PathBuf,
    pub sign: Option<SigningKey>,
    /// "Số: …/DS-BTĐKT"; left for the clerk to fill when `None`.
    pub number: Option<String>,
    /// The signer's position ("PHÓ TRƯỞNG BAN"); the authority line is set from it.
    pub signer_title: Option<String>,
    pub signer_name: Option<String>,
    /// Put the cover submission (tờ trình) before the list (PDF only).
    pub cover: bool,
    /// "12/TTr-BTĐKT": the cover's number, also quoted under the list's title; left for the
    /// clerk to fill when `None`.
    pub cover_number: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    pub file: String,
    pub format: String,
    pub rows: u32,
    pub signed: bool,
    pub size_bytes: u64,
}

impl Desk {
    pub fn export(&self, req: &ExportRequest) -> Result<ExportReport, ApiError> {
        self.export_with(req, &Job::default())
    }

    /// [`Desk::export`], reporting each step on `job`.
    pub fn export_with(&self, req: &ExportRequest, job: &Job) -> Result<ExportReport, ApiError> {
        let ext = req
            .out
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let format = ExportFormat::from_extension(&ext).ok_or_else(|| {
            ApiError::invalid("out", "Tệp xuất phải có đuôi .pdf, .xlsx hoặc .csv.")
        })?;
        if req.sign.is_some() && format != ExportFormat::Pdf {
            return Err(ApiError::invalid("sign", "Chỉ ký số được tệp PDF."));
        }
        if req.cover && format != ExportFormat::Pdf {
            return Err(ApiError::invalid(
                "cover",
                "Tờ trình chỉ in kèm được trong tệp PDF.",
            ));
        }
        let noms = self.export_selection(req, job)?;
        let rows = u32::try_from(noms.len()).unwrap_or(u32::MAX);
        match format {
            ExportFormat::Pdf => {
                let (pdf, _pages) = self.render_pdf(req, &noms, job)?;
                let bytes = match &req.sign {
                    None => pdf,
                    Some(key) => sign_rendered(&pdf, key, req, job)?,
                };
                job.step(JobStage::Saving, 0, 1)?;
                crate::fs::write_whole(&req.out, &bytes)?;
            }
            ExportFormat::Csv => {
                job.step(JobStage::Saving, 0, 1)?;
                crate::fs::write_whole(&req.out, csv_copy(&noms).as_bytes())?;
            }
            ExportFormat::Xlsx => {
                job.step(JobStage::Saving, 0, 1)?;
                xlsx_copy(&noms, &req.out)?;
            }
        }
        job.finish();
        Ok(ExportReport {
            file: req.out.display().to_string(),
            format: format.extension().to_string(),
            rows,
            signed: req.sign.is_some(),
            size_bytes: std::fs::metadata(&req.out).map(|m| m.len()).unwrap_or(0),
        })
    }

    /// The nominations a list holds: the round's for the award form, through the filter.
    pub(crate) fn export_selection(
        &self,
        req: &ExportRequest,
        job: &Job,
    ) -> Result<Vec<StoredNomination>, ApiError> {
        job.step(JobStage::Selecting, 0, 1)?;
        let mut noms = self.store().find_nominations(&NominationQuery {
            round_id: Some(&req.round),
            award: Some(req.award),
            ..Default::default()
        })?;
        match req.filter {
            ExportFilter::All => {}
            ExportFilter::Eligible => noms.retain(|n| n.eligible == Some(true)),
            ExportFilter::Approved => {
                let approved: std::collections::HashSet<String> = self
                    .tally(&req.round)?
                    .rows
                    .into_iter()
                    .filter(|r| r.count.decision == xetkhen_core::Decision::Approved)
                    .map(|r| r.nomination_id)
                    .collect();
                noms.retain(|n| approved.contains(&n.nomination.id));
                if noms.is_empty() {
                    return Err(ApiError::new(
                        ErrorCode::Conflict,
                        format!(
                            "Hội đồng chưa thông qua hồ sơ nào đề nghị {} trong đợt xét này (xem: xetkhen tally --round {}).",
                            req.award.label_vi(),
                            req.round
                        ),
                    ));
                }
            }
        }
        Ok(noms)
    }

    /// The unsigned PDF of the list (and its cover, when asked for), and its number of pages.
    pub(crate) fn render_pdf(
        &self,
        req: &ExportRequest,
        noms: &[StoredNomination],
        job: &Job,
    ) -> Result<(Vec<u8>, usize), ApiError> {
        let round = self
            .store()
            .round(&req.round)?
            .ok_or_else(|| ApiError::not_found("đợt xét", &req.round))?;
        let rubric = self.store().round_rubric(&req.round)?;
        job.step(JobStage::Rendering, 0, 1)?;
        let doc = list_document(&round.round, &rubric, req, noms);
        let pdf = xetkhen_pdf::render_list_with_layout(&doc).map_err(|e| pdf_error(&e))?;
        job.step(JobStage::Rendering, 1, 1)?;
        Ok((pdf.bytes, pdf.pages))
    }
}

/// Who signs the list for UBND when the request names no title: the head of the Ban Thi đua -
/// Khen thưởng. The one default, in the CLI and the window alike.
pub const DEFAULT_SIGNER_TITLE: &str = "Trưởng ban";

/// Signs a rendered list with `key`: the signature block names the request's signer.
pub(crate) fn sign_rendered(
    pdf: &[u8],
    key: &SigningKey,
    req: &ExportRequest,
    job: &Job,
) -> Result<Vec<u8>, ApiError> {
    job.step(JobStage::Signing, 0, 1)?;
    let signer = key.open()?;
    let position = req
        .signer_title
        .clone()
        .unwrap_or_else(|| DEFAULT_SIGNER_TITLE.into());
    let mut opts = SignOptions::new(&position, "Trình danh sách đề nghị khen thưởng", Utc::now());
    opts.signer_name.clone_from(&req.signer_name);
    let signed = xetkhen_pdf::sign_pdf(pdf, signer.as_ref(), &opts).map_err(|e| pdf_error(&e))?;
    job.step(JobStage::Signing, 1, 1)?;
    Ok(signed)
}

/// The kinds of file a list is exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    Pdf,
    Xlsx,
    Csv,
}

impl ExportFormat {
    pub fn from_extension(ext: &str) -> Option<ExportFormat> {
        match ext {
            "pdf" => Some(ExportFormat::Pdf),
            "xlsx" => Some(ExportFormat::Xlsx),
            "csv" => Some(ExportFormat::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }
}

pub(crate) fn pdf_error(e: &xetkhen_pdf::PdfError) -> ApiError {
    let code = match e {
        xetkhen_pdf::PdfError::Io(_) => ErrorCode::Io,
        _ => ErrorCode::InvalidInput,
    };
    ApiError::new(code, e.to_string()).because(e.code())
}

/// A list is for one award form (its title says which), so it has no award column.
fn list_columns() -> Vec<Column> {
    Column::for_one_award()
}

fn row(n: &StoredNomination) -> Row {
    let n = &n.nomination;
    Row::fill(&list_columns(), |kind| match kind {
        ColumnKind::Name => n.name.clone(),
        ColumnKind::Position => n.position.clone().unwrap_or_default(),
        ColumnKind::Unit => n.unit.clone(),
        ColumnKind::Summary => n.summary.clone().unwrap_or_default(),
        ColumnKind::Award => n.award.label_vi().to_string(),
        ColumnKind::Stt | ColumnKind::Note => String::new(),
    })
}

/// The list grouped as UBND reads it: collectives by criteria set, then individuals.
fn list_document(
    round: &xetkhen_core::Round,
    rubric: &Rubric,
    req: &ExportRequest,
    noms: &[StoredNomination],
) -> ListDocument {
    let collective_sets: Vec<Group> = rubric
        .sets
        .iter()
        .filter(|s| s.applies_to == NomineeKind::Collective)
        .enumerate()
        .map(|(i, set)| Group {
            title: format!("{}. {} (tiêu chuẩn {})", i + 1, set.title, set.code),
            kind: None,
            rows: noms
                .iter()
                .filter(|n| {
                    n.nomination.kind == NomineeKind::Collective
                        && n.nomination.criteria_set == set.code
                })
                .map(row)
                .collect(),
            subgroups: Vec::new(),
        })
        .filter(|g| !g.rows.is_empty())
        .collect();
    let individuals: Vec<Row> = noms
        .iter()
        .filter(|n| n.nomination.kind == NomineeKind::Individual)
        .map(row)
        .collect();
    let mut groups = Vec::new();
    if !collective_sets.is_empty() {
        groups.push(Group {
            title: "I. TẬP THỂ".into(),
            kind: Some(NomineeKind::Collective),
            rows: Vec::new(),
            subgroups: collective_sets,
        });
    }
    if !individuals.is_empty() {
        let numeral = if groups.is_empty() { "I" } else { "II" };
        groups.push(Group {
            title: format!("{numeral}. CÁ NHÂN"),
            kind: Some(NomineeKind::Individual),
            rows: individuals,
            subgroups: Vec::new(),
        });
    }
    let today = xetkhen_store::today_in_vietnam();
    let cover_ref = req.cover_number.as_ref().map_or_else(
        || "(Kèm theo Tờ trình số        /TTr-BTĐKT của Ban Thi đua - Khen thưởng)".to_string(),
        |n| {
            format!(
                "(Kèm theo Tờ trình số {n} {} của Ban Thi đua - Khen thưởng)",
                xetkhen_pdf::list::vietnamese_date(today)
            )
        },
    );
    let cover = req
        .cover
        .then(|| cover_submission(round, rubric, req, noms));
    let title_line = req
        .signer_title
        .clone()
        .unwrap_or_else(|| "PHÓ TRƯỞNG BAN".into())
        .to_uppercase();
    ListDocument {
        issuing_body: vec!["SỞ NỘI VỤ".into(), "BAN THI ĐUA - KHEN THƯỞNG".into()],
        number: document_number(req.number.as_deref(), "DS-BTĐKT"),
        place_date: today,
        title: "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG".into(),
        subtitle: vec![
            req.award.label_vi().to_string(),
            round.name.clone(),
            cover_ref,
        ],
        columns: list_columns(),
        orientation: Orientation::Landscape,
        groups,
        signer: SignatureBlock {
            authority_line: if title_line.starts_with("TRƯỞNG") {
                String::new()
            } else {
                "KT. TRƯỞNG BAN".into()
            },
            title_line,
            name: req.signer_name.clone().unwrap_or_default(),
        },
        recipients: vec![
            "- Ủy ban nhân dân Thành phố;".into(),
            "- Hội đồng Thi đua - Khen thưởng Thành phố;".into(),
            "- Lưu: VT, BTĐKT.".into(),
        ],
        metadata: Meta {
            title: format!("Danh sách đề nghị {}", req.award.label_vi()),
            author: "Ban Thi đua - Khen thưởng".into(),
            subject: round.name.clone(),
            keywords: vec![
                format!("round:{}", round.id),
                format!("award:{}", req.award.code()),
                format!("filter:{}", req.filter.code()),
            ],
            created: Utc::now(),
        },
        cover,
    }
}

/// The cover submission: the plan the round follows, the counts per kind (and per criteria set
/// for collectives) of the award form, and the request to UBND.
fn cover_submission(
    round: &xetkhen_core::Round,
    rubric: &Rubric,
    req: &ExportRequest,
    noms: &[StoredNomination],
) -> xetkhen_pdf::Cover {
    let award = req.award.label_vi();
    let collectives: Vec<&StoredNomination> = noms
        .iter()
        .filter(|n| n.nomination.kind == NomineeKind::Collective)
        .collect();
    let individuals = noms.len() - collectives.len();
    let issued_on = chrono::NaiveDate::parse_from_str(&rubric.issued_on, "%Y-%m-%d")
        .map(|d| format!(" {}", xetkhen_pdf::list::vietnamese_date(d)))
        .unwrap_or_default();
    let plan = match rubric.title.strip_prefix("Kế hoạch ") {
        Some(rest) => format!(
            "Căn cứ Kế hoạch số {}{issued_on} của {} {rest};",
            rubric.id, rubric.issued_by
        ),
        None => format!(
            "Căn cứ {} số {}{issued_on} của {};",
            rubric.title, rubric.id, rubric.issued_by
        ),
    };
    let mut paragraphs = vec![
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;".to_string(),
        plan,
        format!(
            "Trên cơ sở hồ sơ đề nghị của các cơ quan, đơn vị trong đợt xét «{}», Ban Thi đua - Khen thưởng kính trình Ủy ban nhân dân Thành phố xem xét, tặng {award} cho {} tập thể và {individuals} cá nhân, cụ thể như sau:",
            round.name,
            collectives.len()
        ),
    ];
    if !collectives.is_empty() {
        let per_set: Vec<String> = rubric
            .sets
            .iter()
            .filter(|s| s.applies_to == NomineeKind::Collective)
            .filter_map(|set| {
                let n = collectives
                    .iter()
                    .filter(|c| c.nomination.criteria_set == set.code)
                    .count();
                (n > 0).then(|| format!("{n} theo tiêu chuẩn {}", set.code))
            })
            .collect();
        paragraphs.push(format!(
            "- Tập thể: {} ({});",
            collectives.len(),
            per_set.join("; ")
        ));
    }
    if individuals > 0 {
        paragraphs.push(format!("- Cá nhân: {individuals}."));
    }
    paragraphs.push("(Có danh sách kèm theo)".into());
    paragraphs.push(
        "Ban Thi đua - Khen thưởng kính trình Ủy ban nhân dân Thành phố xem xét, quyết định./."
            .into(),
    );
    xetkhen_pdf::Cover {
        number: document_number(req.cover_number.as_deref(), "TTr-BTĐKT"),
        subject: format!("Về việc đề nghị tặng {award}"),
        addressee: "Ủy ban nhân dân Thành phố".into(),
        paragraphs,
        recipients: vec!["- Như trên;".into(), "- Lưu: VT, BTĐKT.".into()],
    }
}

const COPY_HEADER: [&str; 9] = [
    "STT",
    "Họ và tên / Tên tập thể",
    "Tập thể/Cá nhân",
    "Tiêu chuẩn",
    "Chức vụ",
    "Năm sinh",
    "Số CCCD",
    "Đơn vị",
    "Hình thức khen thưởng",
];

fn copy_cells(i: usize, n: &StoredNomination) -> [String; 9] {
    let n = &n.nomination;
    [
        (i + 1).to_string(),
        n.name.clone(),
        n.kind.label_vi().to_string(),
        n.criteria_set.clone(),
        n.position.clone().unwrap_or_default(),
        n.birth_year.map(|y| y.to_string()).unwrap_or_default(),
        n.id_number.clone().unwrap_or_default(),
        n.unit.clone(),
        n.award.label_vi().to_string(),
    ]
}

pub(crate) fn csv_copy_bytes(noms: &[StoredNomination]) -> Vec<u8> {
    csv_copy(noms).into_bytes()
}

/// Writes the .xlsx copy to `out`.
pub(crate) fn xlsx_copy_to(noms: &[StoredNomination], out: &Path) -> Result<(), ApiError> {
    xlsx_copy(noms, out).map(|_| ())
}

fn csv_copy(noms: &[StoredNomination]) -> String {
    let rows = noms.iter().enumerate().map(|(i, n)| copy_cells(i, n));
    csv_document(
        "",
        std::iter::once(COPY_HEADER.map(String::from)).chain(rows),
    )
}

/// Every cell is written as text (ID numbers keep their leading zeros) and a cell that a
/// spreadsheet could take for a formula is defused with a leading apostrophe.
fn xlsx_copy(noms: &[StoredNomination], out: &Path) -> Result<Vec<u8>, ApiError> {
    let err = |e: rust_xlsxwriter::XlsxError| {
        ApiError::new(ErrorCode::Io, format!("Không tạo được tệp Excel: {e}"))
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách").map_err(err)?;
    for (c, h) in (0u16..).zip(COPY_HEADER) {
        ws.write_string(0, c, h).map_err(err)?;
    }
    for (r, (i, n)) in (1u32..).zip(noms.iter().enumerate()) {
        for (c, cell) in (0u16..).zip(copy_cells(i, n)) {
            ws.write_string(r, c, defuse_formula(&cell)).map_err(err)?;
        }
    }
    let tmp = out.with_extension("tmp-xetkhen");
    wb.save(&tmp).map_err(err)?;
    std::fs::rename(&tmp, out).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("Không ghi được tệp {}: {e}", out.display()),
        )
    })?;
    Ok(Vec::new())
}

/// The number line of a document: "Số: 12/TTr-BTĐKT" from "12/TTr-BTĐKT" (or from "Số: 12/…" as
/// typed, without saying "Số" twice); with no number, the place left for the clerk to write it,
/// before the document's sign (`kind`, "DS-BTĐKT").
pub(crate) fn document_number(given: Option<&str>, kind: &str) -> String {
    let given = given.map(str::trim).unwrap_or_default();
    let bare = given
        .strip_prefix("Số")
        .or_else(|| given.strip_prefix("số"))
        .or_else(|| given.strip_prefix("SỐ"))
        .map_or(given, |rest| rest.trim_start_matches([':', ' ']));
    if bare.is_empty() {
        format!("Số:        /{kind}")
    } else {
        format!("Số: {bare}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_number_says_so_once_and_leaves_room_when_missing() {
        for typed in [
            "12/TTr-BTĐKT",
            " 12/TTr-BTĐKT ",
            "Số: 12/TTr-BTĐKT",
            "số 12/TTr-BTĐKT",
            "SỐ:12/TTr-BTĐKT",
        ] {
            assert_eq!(
                document_number(Some(typed), "TTr-BTĐKT"),
                "Số: 12/TTr-BTĐKT",
                "{typed}"
            );
        }
        for none in [None, Some(""), Some("  "), Some("Số:")] {
            assert_eq!(
                document_number(none, "BB-HĐTĐKT"),
                "Số:        /BB-HĐTĐKT",
                "{none:?}"
            );
        }
    }

    #[test]
    fn neither_a_password_nor_a_pin_shows_in_a_debug_print() {
        let p12 = SigningKey::P12(P12Key {
            path: "ky.p12".into(),
            password: "mat-khau-bi-mat".into(),
        });
        let token = SigningKey::Token(TokenKey {
            module: "/usr/lib/softhsm/libsofthsm2.so".into(),
            token_label: "Thẻ Ban TĐKT".into(),
            key_label: None,
            pin: "738291".into(),
        });
        let shown = format!("{p12:?} {token:?}");
        assert!(!shown.contains("mat-khau-bi-mat"), "{shown}");
        assert!(!shown.contains("738291"), "{shown}");
        assert!(shown.contains("Thẻ Ban TĐKT"), "{shown}");
    }
}
