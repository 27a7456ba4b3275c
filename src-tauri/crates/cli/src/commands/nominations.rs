//! `list`, `show` and `history`: reading the nominations of the store.

use crate::desk::open;
use crate::output::{print_json, JSON_HELP};
use clap::{Args, ValueEnum};
use std::path::Path;
use xetkhen_api::{ApiError, ListQuery, NominationDetail, ReviewFilter};

// The progress of the member on this machine, as `list --review` names it.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Progress {
    Unreviewed,
    NeedsEvidence,
    Conflicted,
    Reviewed,
}

impl From<Progress> for ReviewFilter {
    fn from(p: Progress) -> Self {
        match p {
            Progress::Unreviewed => ReviewFilter::Unreviewed,
            Progress::NeedsEvidence => ReviewFilter::NeedsEvidence,
            Progress::Conflicted => ReviewFilter::Conflicted,
            Progress::Reviewed => ReviewFilter::Reviewed,
        }
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_name = "MÃ", help = "Chỉ hồ sơ của đợt xét này")]
    round: Option<String>,
    #[arg(
        long,
        value_name = "CHỮ",
        help = "Tìm theo tên, đơn vị, chức vụ, số định danh, thành tích (không phân biệt dấu, hoa thường)"
    )]
    query: Option<String>,
    #[arg(
        long,
        value_enum,
        value_name = "review",
        help = "Theo tiến độ chấm của thành viên trên máy: unreviewed (chưa xem), needs-evidence (cần bổ sung), conflicted (xung đột), reviewed (đã chấm)"
    )]
    review: Option<Progress>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl ListArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let req = ListQuery {
            round: self.round.clone().unwrap_or_default(),
            query: self.query.clone(),
            review: self.review.map(ReviewFilter::from),
            ..ListQuery::default()
        };
        let details = desk.nomination_details(&req)?;
        if self.json {
            return print_json(&details);
        }
        for (i, d) in details.iter().enumerate() {
            println!(
                "{:>5}. {} — {} — {} [{}; {}]",
                i + 1,
                d.name,
                d.unit,
                d.award.label_vi(),
                d.criteria_set,
                eligibility(d.eligible)
            );
        }
        println!("Tổng cộng: {} hồ sơ.", details.len());
        Ok(())
    }
}

fn eligibility(eligible: Option<bool>) -> &'static str {
    match eligible {
        Some(true) => "đủ điều kiện",
        Some(false) => "không đủ điều kiện",
        None => "chưa xác định",
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[arg(value_name = "MÃ", help = "Mã hồ sơ")]
    id: String,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl ShowArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let d = desk.get_nomination(&self.id)?;
        if self.json {
            return print_json(&d);
        }
        println!(
            "{} ({}), bộ tiêu chí {}: {}",
            d.name,
            d.kind.label_vi(),
            d.criteria_set,
            d.criteria_set_title
        );
        println!("Đơn vị: {}", d.unit);
        println!("Hình thức đề nghị: {}", d.award.label_vi());
        if let Some(reason) = &d.award_check.reason {
            println!("  ! {reason}");
        }
        for item in &d.items {
            let auto = match item.auto {
                Some(xetkhen_core::AutoResult::Pass) => "đạt",
                Some(xetkhen_core::AutoResult::Fail) => "không đạt",
                None => "chờ đánh giá",
            };
            let verdict = item
                .verdict
                .map(|v| format!("; nhận định: {}", v.label_vi()))
                .unwrap_or_default();
            let reason = item
                .reason
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            println!("  {} {} — {auto}{verdict}{reason}", item.code, item.label);
        }
        print_review_summary(&d);
        Ok(())
    }
}

/// The member's review of a nomination, after `show` and after `review` saves one.
pub fn print_review_summary(d: &NominationDetail) {
    if let Some(unit) = &d.conflict {
        println!("Xung đột lợi ích: thành viên đã khai báo liên quan đến «{unit}».");
    }
    println!("Kết quả: {}", eligibility(d.eligible));
    if let Some(v) = d.vote {
        println!("Biểu quyết: {}", v.label_vi());
    }
    if let Some(s) = d.score {
        println!("Điểm thành tích: {s}");
    }
    for n in &d.notes {
        match &n.item {
            Some(code) => println!("Ghi chú {code}: {}", n.text),
            None => println!("Ghi chú: {}", n.text),
        }
    }
    if !d.tags.is_empty() {
        println!("Nhãn: {}", d.tags.join(", "));
    }
    if let Some(r) = &d.review {
        for a in &r.attachments {
            println!(
                "Minh chứng: {} ({} byte, {})",
                a.file_name, a.size, a.sha256
            );
        }
    }
    if d.outdated {
        println!("Lưu ý: hồ sơ đã thay đổi sau lần chấm gần nhất.");
    }
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(value_name = "MÃ", help = "Mã hồ sơ")]
    id: String,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl HistoryArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let entries = desk.nomination_history(&self.id)?;
        if self.json {
            return print_json(&entries);
        }
        for e in &entries {
            println!("{}  {} — {}", e.at, e.actor, e.action_text);
            for c in &e.changes {
                println!("    {}", c.text);
            }
            if let Some(source) = &e.source {
                println!("    Nguồn: {source}");
            }
        }
        Ok(())
    }
}
