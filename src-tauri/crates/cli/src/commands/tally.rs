//! `tally` and `countersign`: the count of the merged votes, the minutes of the count signed by
//! the secretary, and the chair's signature added on the chair's own laptop.

use crate::desk::open;
use crate::keys::{p12_key, P12_PASSWORD_HELP};
use crate::output::{print_json, JSON_HELP};
use clap::Args;
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, CountersignRequest, MinutesRequest};
use xetkhen_core::Ballot;

#[derive(Debug, Args)]
pub struct TallyArgs {
    #[arg(long, value_name = "MÃ", help = "Mã đợt xét")]
    round: String,
    #[arg(
        long,
        value_name = "TỆP.pdf",
        help = "Ghi biên bản kiểm phiếu vào tệp PDF này"
    )]
    minutes: Option<PathBuf>,
    #[arg(
        long,
        value_name = "SỐ",
        requires = "minutes",
        help = "Số biên bản, ví dụ 05/BB-HĐTĐKT"
    )]
    number: Option<String>,
    #[arg(
        long,
        value_name = "TỆP",
        help = "Thư ký ký số biên bản bằng chứng thư này (.p12/.pfx)"
    )]
    sign_p12: Option<PathBuf>,
    #[arg(
        long,
        value_name = "BIẾN",
        requires = "sign_p12",
        help = P12_PASSWORD_HELP
    )]
    password_env: Option<String>,
    #[arg(
        long,
        value_name = "TỆP",
        help = "Chủ tịch ký số biên bản sau thư ký (.p12/.pfx)"
    )]
    chair_p12: Option<PathBuf>,
    #[arg(
        long,
        value_name = "BIẾN",
        requires = "chair_p12",
        help = P12_PASSWORD_HELP
    )]
    chair_password_env: Option<String>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

fn ballot_mark(b: Ballot) -> &'static str {
    match b {
        Ballot::Approve => "Đ",
        Ballot::Reject => "K",
        Ballot::Abstain => "B",
        Ballot::NotVoted => "·",
        Ballot::Conflicted => "x",
        Ballot::Outdated => "?",
    }
}

impl TallyArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        if let Some(out) = &self.minutes {
            let req = MinutesRequest {
                round: self.round.clone(),
                out: out.clone(),
                number: self.number.clone(),
                secretary: p12_key(
                    self.sign_p12.as_deref(),
                    self.password_env.as_deref(),
                    "password-env",
                )?,
                chair: p12_key(
                    self.chair_p12.as_deref(),
                    self.chair_password_env.as_deref(),
                    "chair-password-env",
                )?,
            };
            let r = desk.write_minutes(&req)?;
            if self.json {
                return print_json(&r);
            }
            println!(
                "Đã ghi biên bản kiểm phiếu vào {}: {} trang, {} hồ sơ, {} gói phiếu, {} chữ ký số.",
                r.file, r.pages, r.nominations, r.packets, r.signatures
            );
            return Ok(());
        }
        let t = desk.tally(&self.round)?;
        if self.json {
            return print_json(&t);
        }
        println!("Kiểm phiếu đợt xét «{}»", t.round.name);
        println!("{}", t.rule_text);
        println!(
            "Hội đồng {} thành viên; {} gói phiếu đã tổng hợp.",
            t.committee,
            t.packets.len()
        );
        for d in &t.disputed {
            println!("! {d}");
        }
        println!("Phiếu: Đ đồng ý, K không đồng ý, B không biểu quyết, · chưa bỏ phiếu, x xung đột lợi ích (không tính), ? chấm trên phiên bản cũ (chưa tính).");
        for r in &t.rows {
            let marks: String = r.ballots.iter().map(|b| ballot_mark(b.ballot)).collect();
            println!(
                "{:<12} {:<16} {marks}  {:>5}  {}  {}",
                r.nomination_id,
                r.count.decision.label_vi(),
                r.count
                    .share_pct
                    .map(|s| format!("{s:.1}%"))
                    .unwrap_or_else(|| "—".into()),
                r.name,
                r.unit
            );
        }
        println!(
            "Thông qua {}, không thông qua {}, chưa đủ phiếu {}.",
            t.totals.approved, t.totals.not_approved, t.totals.pending
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct CountersignArgs {
    #[arg(
        value_name = "TỆP.pdf",
        help = "Biên bản kiểm phiếu đã có chữ ký của thư ký"
    )]
    file: PathBuf,
    #[arg(
        long,
        value_name = "TỆP",
        help = "Tệp PDF ghi bản có thêm chữ ký của chủ tịch (tệp gốc giữ nguyên)"
    )]
    out: PathBuf,
    #[arg(
        long,
        value_name = "TỆP",
        help = "Chứng thư số của chủ tịch (.p12/.pfx)"
    )]
    chair_p12: Option<PathBuf>,
    #[arg(
        long,
        value_name = "BIẾN",
        requires = "chair_p12",
        help = P12_PASSWORD_HELP
    )]
    chair_password_env: Option<String>,
    #[arg(
        long,
        value_name = "CA.pem",
        help = "Chứng thư gốc mà chữ ký của thư ký phải dẫn tới (PEM hoặc DER), ngoài các gốc quốc gia có sẵn và gốc của chứng thư chủ tịch; có thể nêu nhiều lần"
    )]
    trust: Vec<PathBuf>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl CountersignArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let chair = p12_key(
            self.chair_p12.as_deref(),
            self.chair_password_env.as_deref(),
            "chair-password-env",
        )?
        .ok_or_else(|| {
            ApiError::invalid("chair-p12", "Cần --chair-p12: chứng thư số của chủ tịch.")
        })?;
        let trust = self
            .trust
            .iter()
            .map(|p| xetkhen_api::read_anchor(p))
            .collect::<Result<Vec<_>, _>>()?;
        let r = desk.countersign_minutes(&CountersignRequest {
            file: self.file.clone(),
            out: self.out.clone(),
            chair,
            trust,
        })?;
        if self.json {
            return print_json(&r);
        }
        println!(
            "Chủ tịch đã ký biên bản; bản có {} chữ ký số ghi vào {}.",
            r.signatures, r.file
        );
        Ok(())
    }
}
