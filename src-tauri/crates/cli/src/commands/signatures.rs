//! `verify` and `cert`: checking the digital signatures of a PDF, and making a training
//! certificate to practise signing with.

use crate::keys::secret;
use crate::output::{print_json, JSON_HELP};
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, ErrorCode};
use xetkhen_pdf::KeyKind;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[arg(value_name = "TỆP", help = "Tệp PDF cần kiểm tra")]
    file: PathBuf,
    #[arg(
        long,
        value_name = "CA.pem",
        help = "Thêm một chứng thư gốc được tin cậy (PEM hoặc DER), ngoài hai gốc quốc gia có sẵn (RootCA chuyên dùng Chính phủ G2, Vietnam National Root CA); có thể nêu nhiều lần. Chứng thư tập huấn chỉ được tin cậy khi nêu ở đây"
    )]
    trust: Vec<PathBuf>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

fn read(p: &Path) -> Result<Vec<u8>, ApiError> {
    std::fs::read(p).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("Không đọc được tệp {}: {e}", p.display()),
        )
    })
}

fn yes(b: bool) -> &'static str {
    if b {
        "có"
    } else {
        "KHÔNG"
    }
}

impl VerifyArgs {
    pub fn run(&self) -> Result<(), ApiError> {
        let pdf = read(&self.file)?;
        let mut trust = Vec::new();
        for p in &self.trust {
            let cert = xetkhen_pdf::cert::parse_certificate(&read(p)?)
                .map_err(|e| ApiError::invalid("trust", format!("{}: {e}", p.display())))?;
            trust.push(cert);
        }
        // The national roots are trusted by default; --trust adds anchors (a training CA only so).
        let report = xetkhen_pdf::verify_with(
            &pdf,
            &xetkhen_pdf::Trust::with_builtin(&trust),
            std::time::SystemTime::now(),
        );
        if self.json {
            print_json(&report)?;
        } else {
            print_report(&report);
        }
        if report.valid {
            return Ok(());
        }
        let mut problems: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
        for s in &report.signatures {
            problems.extend(s.problems.iter().map(|p| format!("{}: {p}", s.field)));
        }
        Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "Tệp {} KHÔNG hợp lệ:\n  {}",
                self.file.display(),
                problems.join("\n  ")
            ),
        ))
    }
}

/// The report of `verify`, signature by signature, for a person.
fn print_report(report: &xetkhen_pdf::VerifyReport) {
    for s in &report.signatures {
        println!(
            "Chữ ký {}: {}",
            s.field,
            s.signer_cn.as_deref().unwrap_or("(không rõ người ký)")
        );
        println!("  Chuỗi chứng thư: {}", s.signer_chain.join(" → "));
        match &s.anchor {
            Some(a) if s.anchor_builtin => {
                println!("  Chứng thư gốc: {a} (gốc quốc gia có sẵn trong Xét Khen)")
            }
            Some(a) => println!("  Chứng thư gốc: {a} (do người kiểm tra chỉ định)"),
            None => println!("  Chứng thư gốc: (không dẫn tới chứng thư gốc tin cậy nào)"),
        }
        println!(
            "  Thời điểm người ký khai: {}",
            s.signing_time.as_deref().unwrap_or("(không có)")
        );
        match &s.timestamp {
            Some(t) => {
                let time = t
                    .time
                    .as_deref()
                    .map_or_else(|| "(không đọc được)".into(), xetkhen_api::in_vietnam_time);
                let tsa = t.tsa.as_deref().unwrap_or("(không rõ)");
                if t.trusted {
                    println!(
                    "  Dấu thời gian tin cậy: {time}, do {tsa} cấp; hiệu lực chứng thư được xét tại thời điểm này."
                );
                } else {
                    println!(
                    "  Dấu thời gian: {time}, do {tsa} cấp; KHÔNG được tin cậy ({}); hiệu lực chứng thư được xét tại thời điểm kiểm tra.",
                    xetkhen_core::message::join(&t.problems, "; ")
                );
                }
            }
            None => println!(
                "  Dấu thời gian: (không có); hiệu lực chứng thư được xét tại thời điểm kiểm tra."
            ),
        }
        println!(
            "  Toàn vẹn: {}; bao trọn tệp: {}; chứng thư tin cậy: {}",
            yes(s.intact()),
            yes(s.covers_whole_file),
            yes(s.trusted)
        );
        if s.changed_after_signing {
            println!("  Nội dung đã bị thay đổi sau chữ ký này: CÓ");
        }
    }
    if report.valid {
        println!("Chữ ký hợp lệ và bao trọn tệp.");
    }
}

#[derive(Debug, Subcommand)]
pub enum CertCommand {
    #[command(
        about = "Tạo chứng thư tự ký để tập huấn (tên có ghi «CHỨNG THƯ TẬP HUẤN»); không dùng cho văn bản thật"
    )]
    Training(TrainingArgs),
}

// The key of a training certificate.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Key {
    Rsa,
    Ecdsa,
}

impl From<Key> for KeyKind {
    fn from(k: Key) -> Self {
        match k {
            Key::Rsa => KeyKind::Rsa2048,
            Key::Ecdsa => KeyKind::EcdsaP256,
        }
    }
}

#[derive(Debug, Args)]
pub struct TrainingArgs {
    #[arg(long, value_name = "HỌ TÊN", help = "Người được cấp")]
    name: String,
    #[arg(
        long,
        value_name = "CƠ QUAN",
        default_value = "Ban Thi đua - Khen thưởng",
        help = "Cơ quan"
    )]
    organisation: String,
    #[arg(long, value_name = "TỆP.p12", help = "Tệp PKCS#12 sẽ tạo")]
    out: PathBuf,
    #[arg(
        long,
        value_name = "CA.pem",
        help = "Chứng thư gốc tập huấn (để kiểm tra chữ ký)"
    )]
    ca_out: PathBuf,
    #[arg(
        long,
        value_name = "TỆP.pem",
        help = "Ghi thêm chứng thư ký số của người ký (PEM), để trao cho người cần đăng ký nó"
    )]
    cert_out: Option<PathBuf>,
    #[arg(
        long,
        value_name = "BIẾN",
        help = "Tên biến môi trường chứa mật khẩu đặt cho tệp .p12"
    )]
    password_env: String,
    #[arg(
        long,
        value_enum,
        value_name = "key",
        default_value_t = Key::Rsa,
        help = "Loại khoá: rsa (RSA-2048) hoặc ecdsa (P-256)"
    )]
    key: Key,
}

impl CertCommand {
    pub fn run(&self) -> Result<(), ApiError> {
        let CertCommand::Training(t) = self;
        t.run()
    }
}

impl TrainingArgs {
    fn run(&self) -> Result<(), ApiError> {
        let password = secret(Some(&self.password_env), "password-env")?;
        let cred = xetkhen_pdf::cert::make_training_certificate(
            &self.name,
            &self.organisation,
            self.key.into(),
            &password,
            chrono::Utc::now(),
            365,
        )
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let write = |p: &Path, bytes: &[u8]| {
            std::fs::write(p, bytes).map_err(|e| {
                ApiError::new(
                    ErrorCode::Io,
                    format!("Không ghi được tệp {}: {e}", p.display()),
                )
            })
        };
        write(&self.out, &cred.p12)?;
        write(&self.ca_out, cred.ca_pem.as_bytes())?;
        if let Some(p) = &self.cert_out {
            let pem = xetkhen_pdf::cert::to_pem(&cred.signer_der)
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            write(p, pem.as_bytes())?;
        }
        println!(
            "Đã tạo chứng thư tập huấn cho «{}»: {} (gốc tin cậy: {}).",
            self.name,
            self.out.display(),
            self.ca_out.display()
        );
        Ok(())
    }
}
