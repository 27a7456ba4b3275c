//! `review`, `progress` and `conflict`: the member's work on nominations, how far each member
//! has come, and the units a member may not judge.

use super::nominations::print_review_summary;
use crate::desk::open;
use crate::output::{print_json, JSON_HELP};
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, ErrorCode, SaveReview};
use xetkhen_core::{AwardForm, Vote};

// The ballot of `review --vote`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Ballot {
    Approve,
    Reject,
    Abstain,
}

impl From<Ballot> for Vote {
    fn from(b: Ballot) -> Self {
        match b {
            Ballot::Approve => Vote::Approve,
            Ballot::Reject => Vote::Reject,
            Ballot::Abstain => Vote::Abstain,
        }
    }
}

// Another award form the member proposes, or `none` to withdraw the proposal.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Proposal {
    CoThiDua,
    BangKhen,
    GiayKhen,
    #[value(name = "none")]
    Withdraw,
}

impl Proposal {
    fn award(self) -> Option<AwardForm> {
        match self {
            Proposal::CoThiDua => Some(AwardForm::CoThiDua),
            Proposal::BangKhen => Some(AwardForm::BangKhen),
            Proposal::GiayKhen => Some(AwardForm::GiayKhen),
            Proposal::Withdraw => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[arg(value_name = "MÃ", help = "Mã hồ sơ")]
    id: String,
    // `CODE=VERDICT`, checked when the command runs so that a wrong one is a refusal (exit 1).
    #[arg(
        long,
        value_name = "TIÊU CHÍ=NHẬN ĐỊNH",
        help = "Nhận định một tiêu chí: pass (đạt), fail (không đạt), needs-evidence (cần bổ sung hồ sơ), clear (bỏ nhận định); ví dụ --item 2.1.a=pass; có thể nêu nhiều lần"
    )]
    item: Vec<String>,
    #[arg(
        long,
        value_name = "LÝ DO",
        help = "Lý do cho các nhận định --item của lệnh này"
    )]
    reason: Option<String>,
    #[arg(
        long,
        value_name = "TIÊU CHÍ=GHI CHÚ",
        help = "Ghi chú cho một tiêu chí, ví dụ --item-note \"2.1.a=Thiếu báo cáo quý IV\""
    )]
    item_note: Vec<String>,
    #[arg(
        long,
        value_name = "ĐIỂM",
        help = "Điểm thành tích từ 0 đến 10 (để xếp hạng)"
    )]
    score: Option<f64>,
    #[arg(
        long,
        value_enum,
        value_name = "vote",
        help = "Biểu quyết: approve (đồng ý), reject (không đồng ý), abstain (không biểu quyết)"
    )]
    vote: Option<Ballot>,
    #[arg(long, value_name = "GHI CHÚ", help = "Ghi chú về hồ sơ")]
    note: Option<String>,
    #[arg(
        long,
        value_name = "NHÃN",
        help = "Gắn nhãn, ví dụ «ưu tiên», «cần bổ sung hồ sơ»"
    )]
    tag: Vec<String>,
    #[arg(long, value_name = "NHÃN", help = "Bỏ nhãn")]
    untag: Vec<String>,
    #[arg(
        long,
        value_enum,
        value_name = "propose",
        help = "Đề nghị hình thức khác (none: bỏ đề nghị)"
    )]
    propose: Option<Proposal>,
    #[arg(long, value_name = "LÝ DO", help = "Lý do đề nghị hình thức khác")]
    propose_reason: Option<String>,
    #[arg(
        long,
        value_name = "TỆP",
        help = "Đính kèm minh chứng (PDF, ảnh, văn bản văn phòng)"
    )]
    attach: Vec<PathBuf>,
    #[arg(
        long,
        value_name = "HỌ TÊN",
        help = "Thành viên của máy này (mặc định). Không chấm thay người khác: phiếu của thành viên khác chỉ đến bằng gói phiếu đã ký"
    )]
    reviewer: Option<String>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

/// `CODE=VALUE` of --item and --item-note.
fn code_value<'a>(arg: &'a str, option: &str) -> Result<(&'a str, &'a str), ApiError> {
    arg.split_once('=')
        .map(|(c, v)| (c.trim(), v.trim()))
        .filter(|(c, _)| !c.is_empty())
        .ok_or_else(|| {
            ApiError::invalid(
                option,
                format!("--{option} «{arg}»: phải có dạng TIÊU CHÍ=GIÁ TRỊ, ví dụ 2.1.a=pass."),
            )
        })
}

impl ReviewArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let as_member = self.reviewer.as_deref();
        let current = desk.nomination_for(&self.id, as_member)?;
        let mut review = current.review.unwrap_or_default();
        for arg in &self.item {
            let (code, value) = code_value(arg, "item")?;
            let entry = review.items.entry(code.to_string()).or_default();
            if value == "clear" {
                entry.verdict = None;
                entry.reason = None;
                continue;
            }
            let verdict = xetkhen_core::Verdict::parse(value).ok_or_else(|| {
                ApiError::invalid(
                    "item",
                    format!(
                        "--item {arg}: nhận định phải là pass, fail, needs-evidence hoặc clear."
                    ),
                )
            })?;
            entry.verdict = Some(verdict);
            if self.reason.is_some() {
                entry.reason.clone_from(&self.reason);
            }
        }
        for arg in &self.item_note {
            let (code, text) = code_value(arg, "item-note")?;
            review.items.entry(code.to_string()).or_default().note = Some(text.to_string());
        }
        if let Some(score) = self.score {
            review.score = Some(score);
        }
        if let Some(v) = self.vote {
            review.vote = Some(v.into());
        }
        if let Some(n) = &self.note {
            review.note = Some(n.clone());
        }
        for t in &self.tag {
            review.tags.insert(xetkhen_core::text::clean(t));
        }
        for t in &self.untag {
            review.tags.remove(&xetkhen_core::text::clean(t));
        }
        if let Some(p) = self.propose {
            review.proposed_award = p.award();
        }
        if let Some(r) = &self.propose_reason {
            review.proposed_reason = Some(r.clone());
        }
        let evidence = self
            .attach
            .iter()
            .map(|p| desk.read_evidence(p))
            .collect::<Result<Vec<_>, _>>()?;
        let d = desk.save_review_as(
            as_member,
            &SaveReview {
                nomination: self.id.clone(),
                review,
            },
            &evidence,
        )?;
        if self.json {
            return print_json(&d);
        }
        println!(
            "Đã lưu nhận xét của {} về «{}».",
            d.reviewer.as_ref().map_or("", |r| r.name.as_str()),
            d.name
        );
        print_review_summary(&d);
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    #[arg(long, value_name = "MÃ", help = "Đợt xét")]
    round: String,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl ProgressArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let all = desk.round_progress(&self.round)?;
        if self.json {
            return print_json(&all);
        }
        for p in &all {
            println!(
                "{} ({}): đã chấm {}/{}; cần bổ sung {}; xung đột {}",
                p.reviewer.name,
                p.reviewer.role.label_vi(),
                p.progress.reviewed,
                p.progress.total,
                p.progress.needs_evidence,
                p.progress.conflicted
            );
        }
        Ok(())
    }
}

#[derive(Debug, Subcommand)]
pub enum ConflictCommand {
    #[command(about = "Thêm đơn vị có liên quan")]
    Add {
        #[arg(value_name = "ĐƠN VỊ", help = "Tên đơn vị, ví dụ «Quận 1», «Sở Y tế»")]
        unit: String,
    },
    #[command(about = "Bỏ đơn vị đã khai báo")]
    Remove {
        #[arg(value_name = "ĐƠN VỊ", help = "Tên đơn vị")]
        unit: String,
    },
    #[command(about = "Liệt kê các đơn vị đã khai báo")]
    List {
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
}

impl ConflictCommand {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let r = match self {
            ConflictCommand::Add { unit } => desk.add_conflict(unit)?,
            ConflictCommand::Remove { unit } => desk.remove_conflict(unit)?,
            ConflictCommand::List { json } => {
                let r = desk.reviewer()?.ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::Conflict,
                        "Máy này chưa khai báo thành viên hội đồng (xetkhen reviewer set).",
                    )
                })?;
                if *json {
                    return print_json(&r.conflicts);
                }
                r
            }
        };
        if r.conflicts.is_empty() {
            println!("{} chưa khai báo đơn vị có liên quan.", r.name);
        } else {
            println!("{} có liên quan đến: {}", r.name, r.conflicts.join("; "));
        }
        Ok(())
    }
}
