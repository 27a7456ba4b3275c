//! `backup`, `restore` and `passphrase change`: the store file kept safe, brought back, and
//! encrypted under a new passphrase.

use crate::desk::{actor, current_passphrase, new_passphrase, open, store_path};
use crate::output::{print_json, JSON_HELP};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, Desk};

#[derive(Debug, Args)]
pub struct BackupArgs {
    #[arg(
        long,
        value_name = "TỆP",
        help = "Tệp sao lưu sẽ tạo (không ghi đè tệp có sẵn)"
    )]
    out: PathBuf,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl BackupArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let report = desk.backup(&self.out)?;
        if self.json {
            return print_json(&report);
        }
        println!(
            "Đã sao lưu kho dữ liệu vào {} ({} KB; {} đợt xét, {} hồ sơ); bản sao đã được kiểm tra toàn vẹn.",
            report.file,
            report.size_bytes / 1024,
            report.rounds,
            report.nominations
        );
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[arg(value_name = "TỆP", help = "Bản sao lưu cần khôi phục")]
    file: PathBuf,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl RestoreArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let path = store_path(db)?;
        let passphrase = current_passphrase(&path)?;
        // A store too damaged to open is what a restore is most needed for.
        let report = match Desk::open_for_restore(&path, &actor(), passphrase.as_ref())? {
            Some(mut desk) => desk.restore(&self.file, passphrase.as_ref())?,
            None => Desk::restore_unopenable(&path, &actor(), passphrase.as_ref(), &self.file)?.1,
        };
        if self.json {
            return print_json(&report);
        }
        println!(
            "Đã khôi phục kho dữ liệu từ {} ({} đợt xét, {} hồ sơ).",
            report.file, report.rounds, report.nominations
        );
        println!(
            "Kho trước khi khôi phục được giữ tại: {}",
            report.safety_copy
        );
        Ok(())
    }
}

#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    #[command(
        about = "Đặt hoặc đổi cụm mật khẩu: kho được mã hoá lại (cụm mới lấy từ biến XETKHEN_NEW_PASSPHRASE, hoặc nhập hai lần khi được hỏi)"
    )]
    Change(ChangeArgs),
}

#[derive(Debug, Args)]
pub struct ChangeArgs {
    #[arg(
        long,
        help = "Bỏ mã hoá: kho được lưu không mã hoá (không khuyến nghị trên máy xách tay)"
    )]
    remove: bool,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl PassphraseCommand {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let PassphraseCommand::Change(c) = self;
        let path = store_path(db)?;
        let current = current_passphrase(&path)?;
        let mut desk = Desk::open_encrypted(&path, &actor(), current.as_ref())?;
        let new = if c.remove {
            None
        } else {
            Some(new_passphrase()?)
        };
        let report = desk.change_passphrase(current.as_ref(), new.as_ref())?;
        if c.json {
            return print_json(&report);
        }
        if report.encrypted {
            println!("Đã mã hoá kho dữ liệu bằng cụm mật khẩu mới.");
        } else {
            println!("Kho dữ liệu từ nay không được mã hoá.");
        }
        println!(
            "Bản sao của kho trước khi đổi: {}. {} bản sao trong backups/ đã được mã hoá lại theo cụm mật khẩu mới.",
            report.safety_copy, report.backups_reencrypted
        );
        for left in &report.backups_left {
            eprintln!("Cảnh báo: không mở được {left} bằng cụm mật khẩu cũ; tệp được để nguyên.");
        }
        Ok(())
    }
}
