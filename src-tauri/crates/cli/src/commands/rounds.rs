//! `round`: creating, listing, closing and erasing rounds; the round package that carries a round
//! to members' laptops; the round's vote rule.

use crate::desk::open;
use crate::output::{print_json, JSON_HELP};
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, CloseRound, CreateRound, EraseRound, RoundTrust, RoundView};
use xetkhen_core::{RoundKind, VoteBase, VoteRule};

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    #[command(about = "Tạo đợt xét mới")]
    Create(CreateArgs),
    #[command(about = "Liệt kê các đợt xét")]
    List(ListArgs),
    #[command(
        about = "Kết thúc đợt xét (không nhận thêm hồ sơ) và đặt thời hạn lưu giữ dữ liệu cá nhân"
    )]
    Close(CloseArgs),
    #[command(about = "Kéo dài thời hạn lưu giữ dữ liệu cá nhân của đợt xét đã kết thúc")]
    Retain(RetainArgs),
    #[command(
        about = "Xoá vĩnh viễn dữ liệu cá nhân của đợt xét đã hết thời hạn lưu giữ (hồ sơ, phiếu chấm, tệp kèm, gói phiếu, các bản sao tự động); nhật ký ghi lại việc xoá"
    )]
    Erase(EraseArgs),
    #[command(
        about = "Xuất gói đợt xét (hồ sơ, tiêu chí, danh sách hội đồng) cho thành viên chấm ngoại tuyến; thư ký ký gói"
    )]
    Export(ExportArgs),
    #[command(
        about = "Nhận gói đợt xét trên máy thành viên; gói mới hơn cập nhật hồ sơ và báo hồ sơ đã đổi từ lúc chấm"
    )]
    Import(ImportArgs),
    #[command(about = "Đặt quy tắc thông qua của đợt xét")]
    Rule(RuleArgs),
}

impl RoundCommand {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        match self {
            RoundCommand::Create(a) => a.run(db),
            RoundCommand::List(a) => a.run(db),
            RoundCommand::Close(a) => a.run(db),
            RoundCommand::Retain(a) => a.run(db),
            RoundCommand::Erase(a) => a.run(db),
            RoundCommand::Export(a) => a.run(db),
            RoundCommand::Import(a) => a.run(db),
            RoundCommand::Rule(a) => a.run(db),
        }
    }
}

// The kinds of round, as the command line spells them.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    SoKet,
    TongKet,
    Annual,
}

impl From<Kind> for RoundKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::SoKet => RoundKind::SoKet,
            Kind::TongKet => RoundKind::TongKet,
            Kind::Annual => RoundKind::Annual,
        }
    }
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[arg(long, value_name = "TÊN", help = "Tên đợt xét")]
    name: String,
    #[arg(
        long,
        value_enum,
        value_name = "kind",
        help = "Loại đợt xét: so-ket (sơ kết), tong-ket (tổng kết), annual (hằng năm)"
    )]
    kind: Kind,
    #[arg(
        long,
        value_name = "KẾ HOẠCH",
        help = "Phong trào thi đua (mặc định: 2242/KH-UBND)"
    )]
    campaign: Option<String>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl CreateArgs {
    fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let view = desk.create_round(&CreateRound {
            name: self.name.clone(),
            kind: self.kind.into(),
            campaign: self.campaign.clone(),
        })?;
        if self.json {
            return print_json(&view);
        }
        println!(
            "Đã tạo đợt xét «{}» ({}), mã {}.",
            view.name,
            view.kind.label_vi(),
            view.id
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl ListArgs {
    fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let rounds = desk.list_rounds()?;
        if self.json {
            return print_json(&rounds);
        }
        if rounds.is_empty() {
            println!(
                "Chưa có đợt xét nào. Tạo bằng: xetkhen round create --name \"…\" --kind tong-ket"
            );
        }
        for r in rounds {
            println!(
                "{}  {:<9} {:>6} hồ sơ  {}{}",
                r.id,
                r.kind.label_vi(),
                r.nomination_count,
                r.name,
                round_state(&r)
            );
        }
        Ok(())
    }
}

/// How a round stands after review, for the round list: closed until when, or erased.
fn round_state(r: &RoundView) -> String {
    // YYYY-MM-DD (or a time starting with it) as DD/MM/YYYY.
    let vn = |s: &str| {
        s.get(..10)
            .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
            .map_or_else(|| s.to_string(), |d| d.format("%d/%m/%Y").to_string())
    };
    match (&r.erased_at, &r.retain_until) {
        (Some(at), _) => format!("  [đã xoá dữ liệu cá nhân ngày {}]", vn(at)),
        (None, Some(until)) => format!("  [đã kết thúc, lưu giữ đến hết ngày {}]", vn(until)),
        (None, None) => String::new(),
    }
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    #[arg(long, value_name = "MÃ", help = "Mã đợt xét")]
    round: String,
    #[arg(
        long,
        value_name = "NGÀY",
        help = "Ngày cuối cùng phải lưu giữ dữ liệu cá nhân của đợt (NNNN-TT-NN); được xoá từ ngày hôm sau"
    )]
    retain_until: String,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl CloseArgs {
    fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let view = desk.close_round(&CloseRound {
            round_id: self.round.clone(),
            retain_until: self.retain_until.clone(),
        })?;
        if self.json {
            return print_json(&view);
        }
        println!("Đã kết thúc đợt xét «{}»{}.", view.name, round_state(&view));
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct RetainArgs {
    #[arg(long, value_name = "MÃ", help = "Mã đợt xét")]
    round: String,
    #[arg(
        long,
        value_name = "NGÀY",
        help = "Ngày cuối cùng mới (NNNN-TT-NN), sau ngày đã đặt"
    )]
    until: String,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl RetainArgs {
    fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let view = desk.extend_retention(&CloseRound {
            round_id: self.round.clone(),
            retain_until: self.until.clone(),
        })?;
        if self.json {
            return print_json(&view);
        }
        println!("Đợt xét «{}»{}.", view.name, round_state(&view));
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct EraseArgs {
    #[arg(long, value_name = "MÃ", help = "Mã đợt xét")]
    round: String,
    #[arg(
        long,
        value_name = "TÊN ĐỢT",
        help = "Nhắc lại đúng tên đợt xét để xác nhận"
    )]
    confirm: String,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl EraseArgs {
    fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let r = desk.erase_round(&EraseRound {
            round_id: self.round.clone(),
            confirm_name: self.confirm.clone(),
        })?;
        if self.json {
            return print_json(&r);
        }
        println!(
            "Đã xoá vĩnh viễn dữ liệu cá nhân của đợt xét «{}»: {} hồ sơ, {} phiếu chấm, {} tệp kèm, {} gói phiếu; {} mục nhật ký được xoá nội dung (vẫn giữ chỗ trong chuỗi).",
            r.round_name, r.nominations, r.reviews, r.files, r.packets, r.audit_entries
        );
        println!(
            "Đã xoá {} bản sao tự động trong backups/.",
            r.backups_removed.len()
        );
        if let Some(after) = &r.snapshot_after {
            println!("Bản sao mới sau khi xoá: {after}");
        }
        println!("Lưu ý: các bản sao lưu thủ công đã chép ra nơi khác (xetkhen backup --out) vẫn còn dữ liệu cũ; hãy tự xoá chúng.");
        for w in &r.warnings {
            eprintln!("Cảnh báo: {w}");
        }
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "MÃ", help = "Mã đợt xét")]
    round: String,
    #[arg(long, value_name = "TỆP", help = "Tệp gói đợt xét (.xkdx)")]
    out: PathBuf,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl ExportArgs {
    fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let r = desk.export_round_package(&self.round, &self.out)?;
        if self.json {
            return print_json(&r);
        }
        println!(
            "Đã ghi gói đợt xét «{}» vào {}: {} hồ sơ, {} tệp kèm hồ sơ, {} thành viên, ký bởi {}.",
            r.round.name, r.file, r.nominations.imported, r.files, r.members, r.signed_by
        );
        println!(
            "Dấu vân tay khóa ban thư ký (đọc cho thành viên khi họ nhận gói lần đầu): {}",
            r.secretariat_fingerprint
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(value_name = "TỆP", help = "Tệp gói đợt xét")]
    file: PathBuf,
    #[arg(
        long,
        value_name = "DẤU VÂN TAY",
        help = "Tin cậy khóa của ban thư ký có dấu vân tay này (so qua điện thoại, ví dụ «A1B2 C3D4 …»); cần cho gói đầu tiên nếu máy chưa tin cậy ban thư ký nào"
    )]
    trust_secretariat: Option<String>,
    #[arg(
        long,
        requires = "trust_secretariat",
        help = "Thay khóa ban thư ký đã tin cậy bằng khóa đã ký gói này (ghi vào nhật ký)"
    )]
    replace_secretariat: bool,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl ImportArgs {
    fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let trust = RoundTrust {
            secretariat_fingerprint: self.trust_secretariat.clone(),
            replace_secretariat: self.replace_secretariat,
        };
        let r = desk.import_round_package_trusting(&self.file, &trust)?;
        if self.json {
            return print_json(&r);
        }
        println!(
            "Đã nhận gói đợt xét «{}» (ký bởi {}, khóa {}): {} hồ sơ mới, {} cập nhật, {} không đổi; {} tệp kèm hồ sơ mới; {} thành viên hội đồng.",
            r.round.name,
            r.signed_by,
            r.secretariat_fingerprint,
            r.nominations.imported,
            r.nominations.updated,
            r.nominations.unchanged,
            r.files,
            r.members
        );
        if !r.changed_since_review.is_empty() {
            println!(
                "{} hồ sơ đã thay đổi từ lúc bạn chấm; hãy xem lại:",
                r.changed_since_review.len()
            );
            for c in &r.changed_since_review {
                println!("  {}  {}", c.id, c.name);
                for change in &c.changes {
                    println!("      {}", change.text);
                }
            }
        }
        Ok(())
    }
}

// What the share of votes in favour is taken of.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Base {
    Members,
    Cast,
}

impl From<Base> for VoteBase {
    fn from(b: Base) -> Self {
        match b {
            Base::Members => VoteBase::Members,
            Base::Cast => VoteBase::Cast,
        }
    }
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    #[arg(long, value_name = "MÃ", help = "Mã đợt xét")]
    round: String,
    #[arg(
        long,
        value_name = "PHẦN TRĂM",
        value_parser = clap::value_parser!(u32).range(0..100),
        help = "Thông qua khi số phiếu đồng ý nhiều hơn chừng này phần trăm (ví dụ 50)"
    )]
    more_than: u32,
    #[arg(
        long,
        value_enum,
        value_name = "of",
        default_value_t = Base::Members,
        help = "members: của tổng số thành viên được biểu quyết; cast: của số phiếu đồng ý và không đồng ý"
    )]
    of: Base,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl RuleArgs {
    fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        let rule = VoteRule {
            more_than_pct: self.more_than,
            base: self.of.into(),
        };
        let rule = desk.set_vote_rule(&self.round, rule)?;
        if self.json {
            return print_json(&rule);
        }
        println!("{}", rule.describe());
        Ok(())
    }
}
