//! Exporting a round's nomination list for an award form: the PDF for UBND (optionally signed
//! with a PKCS#12 certificate or a PKCS#11 token, [`crate::signing_key`]), or an editable .xlsx /
//! .csv copy for the secretariat ([`crate::list_copy`]). Here: the request, the selection through
//! the filter, the list and its cover filled for the pdf crate, the signature.

use crate::desk::Desk;
use crate::document::document_number;
use crate::error::{pdf_error, ApiError, ErrorCode};
use crate::job::{Job, JobStage};
use crate::list_copy::{csv_copy, write_xlsx_copy};
use crate::signing_key::SigningKey;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
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
                write_xlsx_copy(&noms, &req.out)?;
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
