//! `reviewer` and `secretariat`: the committee member working on this machine, the members the
//! secretariat registers from their cards, and the secretariat a member's machine trusts.

use crate::desk::open;
use crate::output::{print_json, JSON_HELP};
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, ErrorCode, ReviewerView, SetReviewer};
use xetkhen_core::Role;

#[derive(Debug, Subcommand)]
pub enum ReviewerCommand {
    #[command(about = "Khai báo (hoặc sửa) họ tên, chức vụ, vai trò của thành viên trên máy này")]
    Set(SetArgs),
    #[command(about = "Xem thành viên của máy này")]
    Show {
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    #[command(about = "Liệt kê các thành viên kho này biết")]
    List {
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    #[command(
        about = "Xuất thẻ thành viên (họ tên, chức vụ, khóa công khai) để gửi thư ký đăng ký"
    )]
    Card(CardArgs),
    #[command(about = "Đăng ký thành viên hội đồng từ thẻ thành viên (tại ban thư ký)")]
    Register(RegisterArgs),
}

// A member's role on the committee, as `reviewer set --role` names it.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Member,
    Secretary,
    Chair,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Member => Role::Member,
            RoleArg::Secretary => Role::Secretary,
            RoleArg::Chair => Role::Chair,
        }
    }
}

#[derive(Debug, Args)]
pub struct SetArgs {
    #[arg(long, value_name = "HỌ TÊN", help = "Họ và tên")]
    name: String,
    #[arg(long, value_name = "CHỨC VỤ", help = "Chức vụ, đơn vị công tác")]
    position: String,
    #[arg(
        long,
        value_enum,
        value_name = "role",
        help = "Vai trò: member (ủy viên), secretary (thư ký), chair (chủ tịch); mặc định ủy viên"
    )]
    role: Option<RoleArg>,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct CardArgs {
    #[arg(long, value_name = "TỆP", help = "Tệp thẻ thành viên (.json)")]
    out: PathBuf,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[arg(
        required = true,
        num_args = 1..,
        value_name = "TỆP",
        help = "Các tệp thẻ thành viên"
    )]
    files: Vec<PathBuf>,
    #[arg(long, help = "Thay khóa đã đăng ký (thành viên đổi máy)")]
    replace_key: bool,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

/// A card or certificate file named on the command line, read whole; the refusal names it.
fn read(path: &Path) -> Result<Vec<u8>, ApiError> {
    std::fs::read(path).map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("Không đọc được tệp {}: {e}.", path.display()),
        )
    })
}

fn print_reviewer(r: &ReviewerView) {
    println!("{} — {} ({})", r.name, r.position, r.role.label_vi());
    if !r.conflicts.is_empty() {
        println!("  Đơn vị có liên quan: {}", r.conflicts.join("; "));
    }
}

impl ReviewerCommand {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        match self {
            ReviewerCommand::Set(a) => {
                let r = desk.set_reviewer(&SetReviewer {
                    name: a.name.clone(),
                    position: a.position.clone(),
                    role: a.role.map(Role::from),
                })?;
                if a.json {
                    return print_json(&r);
                }
                print!("Thành viên trên máy này: ");
                print_reviewer(&r);
            }
            ReviewerCommand::Show { json } => {
                let r = desk.reviewer()?;
                if *json {
                    return print_json(&r);
                }
                match r {
                    Some(r) => print_reviewer(&r),
                    None => println!(
                        "Máy này chưa khai báo thành viên hội đồng (xetkhen reviewer set)."
                    ),
                }
            }
            ReviewerCommand::List { json } => {
                let all = desk.reviewers()?;
                if *json {
                    return print_json(&all);
                }
                for r in &all {
                    print_reviewer(r);
                }
            }
            ReviewerCommand::Card(a) => {
                let card = desk.member_card()?;
                xetkhen_api::write_member_card(&a.out, &card)?;
                let fingerprint =
                    xetkhen_core::packet::key_fingerprint(&card.public_key).unwrap_or_default();
                if a.json {
                    let mut v = serde_json::to_value(&card)
                        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                    v["fingerprint"] = fingerprint.into();
                    return print_json(&v);
                }
                println!(
                    "Đã ghi thẻ thành viên của {} vào {}. Gửi tệp này cho thư ký hội đồng để đăng ký.",
                    card.name,
                    a.out.display()
                );
                println!("Khóa công khai: {}", card.public_key);
                println!("Dấu vân tay: {fingerprint}");
            }
            ReviewerCommand::Register(a) => {
                let mut done = Vec::new();
                for file in &a.files {
                    let bytes = read(file)?;
                    let view = desk.register_member(&bytes, a.replace_key).map_err(|e| {
                        ApiError::new(e.code, format!("Tệp {}: {}", file.display(), e.message))
                    })?;
                    done.push(view);
                }
                if a.json {
                    return print_json(&done);
                }
                for v in done {
                    println!("Đã đăng ký {} ({}), mã {}.", v.name, v.position, v.id);
                }
            }
        }
        Ok(())
    }
}

#[derive(Debug, Subcommand)]
pub enum SecretariatCommand {
    #[command(about = "Xem ban thư ký máy này tin cậy và dấu vân tay khóa")]
    Show {
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    #[command(
        about = "Tin cậy khóa của ban thư ký từ thẻ thành viên của thư ký, sau khi so dấu vân tay qua điện thoại"
    )]
    Trust(TrustArgs),
    #[command(
        about = "Máy của chủ tịch: đăng ký chứng thư ký số của thư ký, để ký tiếp biên bản do đúng chứng thư này ký mà không cần nêu chứng thư gốc"
    )]
    Certificate(CertificateArgs),
}

#[derive(Debug, Args)]
pub struct TrustArgs {
    #[arg(
        value_name = "DẤU VÂN TAY",
        help = "Dấu vân tay khóa ban thư ký đọc cho bạn, ví dụ «A1B2 C3D4 …» (đặt trong ngoặc kép)"
    )]
    fingerprint: String,
    #[arg(long, value_name = "TỆP", help = "Thẻ thành viên của thư ký (.json)")]
    card: PathBuf,
    #[arg(long, help = "Thay khóa ban thư ký đã tin cậy (ghi vào nhật ký)")]
    replace: bool,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct CertificateArgs {
    #[arg(
        value_name = "TỆP",
        help = "Chứng thư ký số của thư ký (.pem, .cer hoặc .der), nhận từ thư ký; so dấu vân tay SHA-256 với thư ký"
    )]
    file: PathBuf,
    #[arg(long, help = "Thay chứng thư của thư ký đã đăng ký (ghi vào nhật ký)")]
    replace: bool,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

impl SecretariatCommand {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        let mut desk = open(db)?;
        match self {
            SecretariatCommand::Show { json } => {
                let v = desk.secretariat()?;
                let cert = desk.secretary_certificate()?;
                if *json {
                    // The secretariat's view as before, with the registered certificate beside it.
                    let mut out = serde_json::to_value(&v).unwrap_or_default();
                    if let Some(c) = &cert {
                        let c = serde_json::to_value(c).unwrap_or_default();
                        match out.as_object_mut() {
                            Some(o) => {
                                o.insert("secretary_certificate".into(), c);
                            }
                            None => out = serde_json::json!({ "secretary_certificate": c }),
                        }
                    }
                    return print_json(&out);
                }
                if let Some(c) = &cert {
                    println!(
                        "Chứng thư ký số của thư ký đã đăng ký: {} (hiệu lực {} đến {}), SHA-256 {}.",
                        c.subject, c.valid_from, c.valid_to, c.sha256
                    );
                }
                match v {
                    Some(v) => println!(
                        "Ban thư ký được tin cậy: {} (mã {}), dấu vân tay khóa {}.",
                        v.name, v.member_id, v.fingerprint
                    ),
                    None => println!(
                        "Máy này chưa tin cậy ban thư ký nào (xetkhen secretariat trust «DẤU VÂN TAY» --card TỆP, hoặc round import … --trust-secretariat)."
                    ),
                }
            }
            SecretariatCommand::Trust(a) => {
                let bytes = read(&a.card)?;
                let v = desk.trust_secretariat_card(&bytes, &a.fingerprint, a.replace)?;
                if a.json {
                    return print_json(&v);
                }
                println!(
                    "Máy này tin cậy ban thư ký {} (dấu vân tay {}); chỉ nhận gói đợt xét do khóa này ký.",
                    v.name, v.fingerprint
                );
            }
            SecretariatCommand::Certificate(a) => {
                let bytes = read(&a.file)?;
                let c = desk.register_secretary_certificate(&bytes, a.replace)?;
                if a.json {
                    return print_json(&c);
                }
                println!(
                    "Đã đăng ký chứng thư ký số của thư ký {} (SHA-256 {}); biên bản do đúng chứng thư này ký được ký tiếp.",
                    c.subject, c.sha256
                );
            }
        }
        Ok(())
    }
}
