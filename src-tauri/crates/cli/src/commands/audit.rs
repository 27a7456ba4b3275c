//! `audit verify`: the hash chain of the audit log, the data against it, and the chain heads
//! that signed packets, round packages and minutes recorded.

use crate::desk::open;
use crate::output::{print_json, JSON_HELP};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use xetkhen_api::{AgainstStatus, ApiError, ErrorCode};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    #[command(about = "Kiểm tra chuỗi băm của nhật ký và đối chiếu dữ liệu hiện có với nhật ký")]
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[arg(
        long,
        value_name = "TỆP",
        num_args = 1..,
        help = "Đối chiếu với đầu chuỗi nhật ký ghi trong các gói phiếu, gói đợt xét và biên bản kiểm phiếu máy này đã ký"
    )]
    against: Vec<PathBuf>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl AuditCommand {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let AuditCommand::Verify(v) = self;
        let verdict = desk.audit_verify()?;
        let against = desk.audit_against(&v.against)?;
        if v.json {
            if v.against.is_empty() {
                print_json(&verdict)?;
            } else {
                print_json(&serde_json::json!({ "verdict": verdict, "against": against }))?;
            }
        } else {
            if verdict.intact {
                println!(
                    "Nhật ký nguyên vẹn: {} mục, dữ liệu khớp với nhật ký.",
                    verdict.entries
                );
            }
            for a in &against {
                println!("{} ({}): {}", a.file, a.what.label_vi(), a.message.text);
            }
        }
        let missing: Vec<&str> = against
            .iter()
            .filter(|a| a.status == AgainstStatus::Missing)
            .map(|a| a.file.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "Nhật ký không còn chứa đầu chuỗi mà các tệp đã ký ghi lại (đã bị viết lại hoặc cắt bớt): {}",
                    missing.join(", ")
                ),
            ));
        }
        if verdict.intact {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "Nhật ký hoặc dữ liệu đã bị sửa ngoài chương trình:\n  {}",
                    xetkhen_core::message::join(&verdict.problems, "\n  ")
                ),
            ))
        }
    }
}
