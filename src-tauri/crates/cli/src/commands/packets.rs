//! `packet`: a member's signed decision packet, exported on the member's laptop and taken in by
//! the secretariat.

use crate::desk::open;
use crate::keys::{p12_key, P12_PASSWORD_HELP};
use crate::output::{print_json, JSON_HELP};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, ErrorCode, PacketStatus};

#[derive(Debug, Subcommand)]
pub enum PacketCommand {
    #[command(about = "Xuất gói phiếu đã ký của thành viên trên máy này cho một đợt xét")]
    Export(ExportArgs),
    #[command(
        about = "Tổng hợp các gói phiếu của thành viên; mỗi tệp một giao dịch, nhận lại gói cũ không thay đổi gì"
    )]
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "MÃ", help = "Mã đợt xét")]
    round: String,
    #[arg(
        long,
        value_name = "TỆP",
        help = "Tệp gói phiếu (.xkgp); phiếu đánh giá PDF được ghi bên cạnh, cùng tên, đuôi .pdf"
    )]
    out: PathBuf,
    #[arg(
        long,
        value_name = "TỆP",
        help = "Ký số phiếu đánh giá PDF bằng chứng thư của thành viên (.p12/.pfx)"
    )]
    sign_p12: Option<PathBuf>,
    #[arg(
        long,
        value_name = "BIẾN",
        requires = "sign_p12",
        help = P12_PASSWORD_HELP
    )]
    password_env: Option<String>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(
        required = true,
        num_args = 1..,
        value_name = "TỆP",
        help = "Các tệp gói phiếu"
    )]
    files: Vec<PathBuf>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl PacketCommand {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        match self {
            PacketCommand::Export(a) => {
                let key = p12_key(
                    a.sign_p12.as_deref(),
                    a.password_env.as_deref(),
                    "password-env",
                )?;
                let r = desk.export_packet(&a.round, &a.out, key.as_ref())?;
                if a.json {
                    return print_json(&r);
                }
                println!(
                    "Đã ghi gói phiếu số {} vào {}: {} hồ sơ đã chấm, {} phiếu biểu quyết. Mã băm {}.",
                    r.seq, r.file, r.reviews, r.votes, r.hash
                );
                println!(
                    "Phiếu đánh giá (PDF) đi kèm: {}. Gửi cả hai tệp cho ban thư ký.",
                    r.summary
                );
                Ok(())
            }
            PacketCommand::Import(a) => {
                let refs: Vec<&Path> = a.files.iter().map(PathBuf::as_path).collect();
                let r = desk.import_packets(&refs)?;
                if a.json {
                    print_json(&r)?;
                } else {
                    print_import(&r);
                }
                if r.rejected > 0 {
                    return Err(ApiError::new(
                        ErrorCode::InvalidInput,
                        format!(
                            "{} gói phiếu bị từ chối; các gói đó không được ghi gì vào kho.",
                            r.rejected
                        ),
                    ));
                }
                Ok(())
            }
        }
    }
}

/// What became of each packet taken in, for a person.
fn print_import(r: &xetkhen_api::PacketImportReport) {
    for f in &r.files {
        let who = f.member.as_deref().unwrap_or("?");
        match f.status {
            PacketStatus::Accepted => println!(
                "Nhận  {}: {who}, gói số {}, {} hồ sơ, {} nhận xét được ghi.",
                f.file,
                f.seq.unwrap_or(0),
                f.reviews,
                f.written
            ),
            PacketStatus::Unchanged => println!(
                "Đã có {}: {who}, gói số {}; không thay đổi gì.",
                f.file,
                f.seq.unwrap_or(0)
            ),
            PacketStatus::Rejected => {
                println!(
                    "Từ chối {}: {}",
                    f.file,
                    f.reason.as_ref().map_or("", |m| m.text.as_str())
                )
            }
        }
        for n in &f.notices {
            println!("    ! {}", n.message);
        }
    }
    println!(
        "Tổng: {} nhận, {} đã có, {} từ chối.",
        r.accepted, r.unchanged, r.rejected
    );
}
