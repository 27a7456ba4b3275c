//! `export`: a round's list for an award form, as PDF (signed with a .p12 file or a USB token, or
//! not at all), .xlsx or .csv.

use crate::desk::open;
use crate::keys::{p12_key, secret};
use crate::output::{print_json, JSON_HELP};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, ExportFilter, ExportRequest, SigningKey, TokenKey};
use xetkhen_core::AwardForm;

// The award forms a list is exported for.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Award {
    CoThiDua,
    BangKhen,
    GiayKhen,
}

impl From<Award> for AwardForm {
    fn from(a: Award) -> Self {
        match a {
            Award::CoThiDua => AwardForm::CoThiDua,
            Award::BangKhen => AwardForm::BangKhen,
            Award::GiayKhen => AwardForm::GiayKhen,
        }
    }
}

// Which of the nominations for the award form the list holds.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Filter {
    All,
    Eligible,
    Approved,
}

impl From<Filter> for ExportFilter {
    fn from(f: Filter) -> Self {
        match f {
            Filter::All => ExportFilter::All,
            Filter::Eligible => ExportFilter::Eligible,
            Filter::Approved => ExportFilter::Approved,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "MÃ", help = "Đợt xét")]
    round: String,
    #[arg(long, value_enum, value_name = "award", help = "Hình thức khen thưởng")]
    award: Award,
    #[arg(
        long,
        value_enum,
        value_name = "filter",
        default_value_t = Filter::All,
        help = "all: mọi hồ sơ đề nghị hình thức này; eligible: hồ sơ đủ điều kiện theo tiêu chí; approved: hồ sơ Hội đồng đã thông qua"
    )]
    filter: Filter,
    #[arg(long, value_name = "TỆP", help = "Tệp xuất: .pdf, .xlsx hoặc .csv")]
    out: PathBuf,
    #[arg(
        long,
        value_name = "TỆP",
        requires = "password_env",
        help = "Ký số bằng chứng thư PKCS#12 (.p12, .pfx)"
    )]
    sign_p12: Option<PathBuf>,
    #[arg(
        long,
        value_name = "BIẾN",
        help = "Tên biến môi trường chứa mật khẩu của tệp .p12"
    )]
    password_env: Option<String>,
    #[arg(
        long,
        value_name = "MÔ-ĐUN",
        conflicts_with = "sign_p12",
        requires = "token",
        requires = "pin_env",
        help = "Ký số bằng thẻ (token) USB: đường dẫn mô-đun PKCS#11 đi kèm thẻ (.so, .dll)"
    )]
    sign_pkcs11: Option<PathBuf>,
    #[arg(
        long,
        value_name = "NHÃN",
        requires = "sign_pkcs11",
        help = "Nhãn của thẻ ký số"
    )]
    token: Option<String>,
    #[arg(
        long,
        value_name = "NHÃN",
        requires = "sign_pkcs11",
        help = "Nhãn của khóa trên thẻ, khi thẻ có nhiều khóa"
    )]
    key_label: Option<String>,
    #[arg(
        long,
        value_name = "BIẾN",
        requires = "sign_pkcs11",
        help = "Tên biến môi trường chứa mã PIN của thẻ (mã PIN không bao giờ ghi trên dòng lệnh)"
    )]
    pin_env: Option<String>,
    #[arg(
        long,
        value_name = "SỐ",
        help = "Số, ký hiệu văn bản (ví dụ 123/DS-BTĐKT)"
    )]
    number: Option<String>,
    #[arg(
        long,
        help = "In tờ trình đề nghị khen thưởng trước danh sách (chỉ với tệp PDF)"
    )]
    cover: bool,
    #[arg(
        long,
        value_name = "SỐ",
        requires = "cover",
        help = "Số, ký hiệu của tờ trình (ví dụ 12/TTr-BTĐKT)"
    )]
    cover_number: Option<String>,
    #[arg(
        long,
        value_name = "CHỨC VỤ",
        help = format!("Chức vụ người ký (mặc định: {})", xetkhen_api::DEFAULT_SIGNER_TITLE)
    )]
    signer_title: Option<String>,
    #[arg(long, value_name = "HỌ TÊN", help = "Họ tên người ký")]
    signer_name: Option<String>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl ExportArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let desk = open(db)?;
        let p12 = p12_key(
            self.sign_p12.as_deref(),
            self.password_env.as_deref(),
            "password-env",
        )?;
        let sign = match (p12, &self.sign_pkcs11) {
            (Some(key), _) => Some(key),
            (None, Some(module)) => Some(SigningKey::Token(TokenKey {
                module: module.clone(),
                token_label: self.token.clone().unwrap_or_default(),
                key_label: self.key_label.clone(),
                pin: (*secret(self.pin_env.as_deref(), "pin-env")?).clone(),
            })),
            (None, None) => None,
        };
        let report = desk.export(&ExportRequest {
            round: self.round.clone(),
            award: self.award.into(),
            filter: self.filter.into(),
            out: self.out.clone(),
            sign,
            number: self.number.clone(),
            signer_title: self.signer_title.clone(),
            signer_name: self.signer_name.clone(),
            cover: self.cover,
            cover_number: self.cover_number.clone(),
        })?;
        if self.json {
            return print_json(&report);
        }
        println!(
            "Đã xuất {} hồ sơ vào {} ({} KB{}).",
            report.rows,
            report.file,
            report.size_bytes / 1024,
            if report.signed { ", đã ký số" } else { "" }
        );
        Ok(())
    }
}
