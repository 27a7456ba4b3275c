//! Commands for working offline and merging: member cards, round packages, decision packets,
//! the vote rule and the tally.

use crate::run::{flag, open, print_json};
use clap::{Arg, ArgAction, ArgMatches, Command};
use std::path::PathBuf;
use xetkhen_api::{ApiError, ErrorCode, PacketStatus};
use xetkhen_core::{Ballot, VoteBase, VoteRule};

fn json_arg() -> Arg {
    Arg::new("json")
        .long("json")
        .action(ArgAction::SetTrue)
        .help("In kết quả dạng JSON")
}

fn out_arg(help: &'static str) -> Arg {
    Arg::new("out")
        .long("out")
        .required(true)
        .value_name("TỆP")
        .value_parser(clap::value_parser!(PathBuf))
        .help(help)
}

fn round_required() -> Arg {
    Arg::new("round")
        .long("round")
        .required(true)
        .value_name("MÃ")
        .help("Mã đợt xét")
}

fn p12_args(flag: &'static str, env: &'static str, who: &'static str) -> [Arg; 2] {
    [
        Arg::new(flag)
            .long(flag)
            .value_name("TỆP")
            .value_parser(clap::value_parser!(PathBuf))
            .help(who),
        Arg::new(env)
            .long(env)
            .value_name("BIẾN")
            .requires(flag)
            .help("Biến môi trường chứa mật khẩu của tệp .p12 (không ghi mật khẩu trên dòng lệnh)"),
    ]
}

/// A PKCS#12 key named by `flag`, its password from the variable named by `env`.
fn p12_key(
    sub: &ArgMatches,
    flag: &str,
    env: &str,
) -> Result<Option<xetkhen_api::SigningKey>, ApiError> {
    let Some(path) = sub.get_one::<PathBuf>(flag) else {
        return Ok(None);
    };
    Ok(Some(xetkhen_api::SigningKey::P12(xetkhen_api::P12Key {
        path: path.clone(),
        password: (*crate::run::secret(sub, env)?).clone(),
    })))
}

fn files_arg(help: &'static str) -> Arg {
    Arg::new("files")
        .required(true)
        .num_args(1..)
        .value_name("TỆP")
        .value_parser(clap::value_parser!(PathBuf))
        .help(help)
}

/// `round export|import|rule`, added to the `round` command.
pub fn round_subcommands(round: Command) -> Command {
    round
        .subcommand(
            Command::new("export")
                .about("Xuất gói đợt xét (hồ sơ, tiêu chí, danh sách hội đồng) cho thành viên chấm ngoại tuyến; thư ký ký gói")
                .arg(round_required())
                .arg(out_arg("Tệp gói đợt xét (.xkdx)"))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("import")
                .about("Nhận gói đợt xét trên máy thành viên; gói mới hơn cập nhật hồ sơ và báo hồ sơ đã đổi từ lúc chấm")
                .arg(Arg::new("file").required(true).value_name("TỆP").value_parser(clap::value_parser!(PathBuf)).help("Tệp gói đợt xét"))
                .arg(
                    Arg::new("trust-secretariat")
                        .long("trust-secretariat")
                        .value_name("DẤU VÂN TAY")
                        .help("Tin cậy khóa của ban thư ký có dấu vân tay này (so qua điện thoại, ví dụ «A1B2 C3D4 …»); cần cho gói đầu tiên nếu máy chưa tin cậy ban thư ký nào"),
                )
                .arg(
                    Arg::new("replace-secretariat")
                        .long("replace-secretariat")
                        .action(ArgAction::SetTrue)
                        .requires("trust-secretariat")
                        .help("Thay khóa ban thư ký đã tin cậy bằng khóa đã ký gói này (ghi vào nhật ký)"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("rule")
                .about("Đặt quy tắc thông qua của đợt xét")
                .arg(round_required())
                .arg(
                    Arg::new("more-than")
                        .long("more-than")
                        .required(true)
                        .value_name("PHẦN TRĂM")
                        .value_parser(clap::value_parser!(u32).range(0..100))
                        .help("Thông qua khi số phiếu đồng ý nhiều hơn chừng này phần trăm (ví dụ 50)"),
                )
                .arg(
                    Arg::new("of")
                        .long("of")
                        .value_parser(["members", "cast"])
                        .default_value("members")
                        .help("members: của tổng số thành viên được biểu quyết; cast: của số phiếu đồng ý và không đồng ý"),
                )
                .arg(json_arg()),
        )
}

/// `reviewer card|register`, added to the `reviewer` command.
pub fn reviewer_subcommands(reviewer: Command) -> Command {
    reviewer
        .subcommand(
            Command::new("card")
                .about(
                    "Xuất thẻ thành viên (họ tên, chức vụ, khóa công khai) để gửi thư ký đăng ký",
                )
                .arg(out_arg("Tệp thẻ thành viên (.json)"))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("register")
                .about("Đăng ký thành viên hội đồng từ thẻ thành viên (tại ban thư ký)")
                .arg(files_arg("Các tệp thẻ thành viên"))
                .arg(
                    Arg::new("replace-key")
                        .long("replace-key")
                        .action(ArgAction::SetTrue)
                        .help("Thay khóa đã đăng ký (thành viên đổi máy)"),
                )
                .arg(json_arg()),
        )
}

/// `packet export|import`, `countersign`, `tally` and `secretariat`.
pub fn commands() -> [Command; 4] {
    [
        Command::new("secretariat")
            .about("Ban thư ký mà máy này tin cậy: chỉ nhận gói đợt xét do khóa của ban thư ký ký")
            .subcommand_required(true)
            .subcommand(
                Command::new("show")
                    .about("Xem ban thư ký máy này tin cậy và dấu vân tay khóa")
                    .arg(json_arg()),
            )
            .subcommand(
                Command::new("trust")
                    .about("Tin cậy khóa của ban thư ký từ thẻ thành viên của thư ký, sau khi so dấu vân tay qua điện thoại")
                    .arg(
                        Arg::new("fingerprint")
                            .required(true)
                            .value_name("DẤU VÂN TAY")
                            .help("Dấu vân tay khóa ban thư ký đọc cho bạn, ví dụ «A1B2 C3D4 …» (đặt trong ngoặc kép)"),
                    )
                    .arg(
                        Arg::new("card")
                            .long("card")
                            .required(true)
                            .value_name("TỆP")
                            .value_parser(clap::value_parser!(PathBuf))
                            .help("Thẻ thành viên của thư ký (.json)"),
                    )
                    .arg(
                        Arg::new("replace")
                            .long("replace")
                            .action(ArgAction::SetTrue)
                            .help("Thay khóa ban thư ký đã tin cậy (ghi vào nhật ký)"),
                    )
                    .arg(json_arg()),
            )
            .subcommand(
                Command::new("certificate")
                    .about("Máy của chủ tịch: đăng ký chứng thư ký số của thư ký, để ký tiếp biên bản do đúng chứng thư này ký mà không cần nêu chứng thư gốc")
                    .arg(
                        Arg::new("file")
                            .required(true)
                            .value_name("TỆP")
                            .value_parser(clap::value_parser!(PathBuf))
                            .help("Chứng thư ký số của thư ký (.pem, .cer hoặc .der), nhận từ thư ký; so dấu vân tay SHA-256 với thư ký"),
                    )
                    .arg(
                        Arg::new("replace")
                            .long("replace")
                            .action(ArgAction::SetTrue)
                            .help("Thay chứng thư của thư ký đã đăng ký (ghi vào nhật ký)"),
                    )
                    .arg(json_arg()),
            ),
        Command::new("packet")
            .about("Gói phiếu của thành viên: xuất (máy thành viên) và tổng hợp (ban thư ký)")
            .subcommand_required(true)
            .subcommand(
                Command::new("export")
                    .about("Xuất gói phiếu đã ký của thành viên trên máy này cho một đợt xét")
                    .arg(round_required())
                    .arg(out_arg("Tệp gói phiếu (.xkgp); phiếu đánh giá PDF được ghi bên cạnh, cùng tên, đuôi .pdf"))
                    .args(p12_args("sign-p12", "password-env", "Ký số phiếu đánh giá PDF bằng chứng thư của thành viên (.p12/.pfx)"))
                    .arg(json_arg()),
            )
            .subcommand(
                Command::new("import")
                    .about("Tổng hợp các gói phiếu của thành viên; mỗi tệp một giao dịch, nhận lại gói cũ không thay đổi gì")
                    .arg(files_arg("Các tệp gói phiếu"))
                    .arg(json_arg()),
            ),
        Command::new("countersign")
            .about("Chủ tịch Hội đồng ký số, trên máy của mình, biên bản kiểm phiếu thư ký đã ký")
            .arg(
                Arg::new("file")
                    .required(true)
                    .value_name("TỆP.pdf")
                    .value_parser(clap::value_parser!(PathBuf))
                    .help("Biên bản kiểm phiếu đã có chữ ký của thư ký"),
            )
            .arg(out_arg("Tệp PDF ghi bản có thêm chữ ký của chủ tịch (tệp gốc giữ nguyên)"))
            .args(p12_args("chair-p12", "chair-password-env", "Chứng thư số của chủ tịch (.p12/.pfx)"))
            .arg(
                Arg::new("trust")
                    .long("trust")
                    .value_name("CA.pem")
                    .action(ArgAction::Append)
                    .value_parser(clap::value_parser!(PathBuf))
                    .help("Chứng thư gốc mà chữ ký của thư ký phải dẫn tới (PEM hoặc DER), ngoài các gốc quốc gia có sẵn và gốc của chứng thư chủ tịch; có thể nêu nhiều lần"),
            )
            .arg(json_arg()),
        Command::new("tally")
            .about("Kết quả kiểm phiếu của đợt xét; --minutes ghi biên bản kiểm phiếu (PDF, thư ký rồi chủ tịch ký số)")
            .arg(round_required())
            .arg(
                Arg::new("minutes")
                    .long("minutes")
                    .value_name("TỆP.pdf")
                    .value_parser(clap::value_parser!(PathBuf))
                    .help("Ghi biên bản kiểm phiếu vào tệp PDF này"),
            )
            .arg(
                Arg::new("number")
                    .long("number")
                    .value_name("SỐ")
                    .requires("minutes")
                    .help("Số biên bản, ví dụ 05/BB-HĐTĐKT"),
            )
            .args(p12_args("sign-p12", "password-env", "Thư ký ký số biên bản bằng chứng thư này (.p12/.pfx)"))
            .args(p12_args("chair-p12", "chair-password-env", "Chủ tịch ký số biên bản sau thư ký (.p12/.pfx)"))
            .arg(json_arg()),
    ]
}

pub fn round(m: &ArgMatches, name: &str, sub: &ArgMatches) -> Option<Result<(), ApiError>> {
    Some(match name {
        "export" => round_export(m, sub),
        "import" => round_import(m, sub),
        "rule" => round_rule(m, sub),
        _ => return None,
    })
}

pub fn reviewer(m: &ArgMatches, name: &str, sub: &ArgMatches) -> Option<Result<(), ApiError>> {
    Some(match name {
        "card" => card(m, sub),
        "register" => register(m, sub),
        _ => return None,
    })
}

fn path(sub: &ArgMatches, name: &str) -> PathBuf {
    sub.get_one::<PathBuf>(name).cloned().unwrap_or_default()
}

fn round_id(sub: &ArgMatches) -> String {
    sub.get_one::<String>("round").cloned().unwrap_or_default()
}

fn card(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let card = desk.member_card()?;
    let out = path(sub, "out");
    xetkhen_api::write_member_card(&out, &card)?;
    let fingerprint = xetkhen_core::packet::key_fingerprint(&card.public_key).unwrap_or_default();
    if flag(sub, "json") {
        let mut v = serde_json::to_value(&card)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        v["fingerprint"] = fingerprint.into();
        return print_json(&v);
    }
    println!(
        "Đã ghi thẻ thành viên của {} vào {}. Gửi tệp này cho thư ký hội đồng để đăng ký.",
        card.name,
        out.display()
    );
    println!("Khóa công khai: {}", card.public_key);
    println!("Dấu vân tay: {fingerprint}");
    Ok(())
}

pub fn secretariat(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    match sub.subcommand() {
        Some(("show", s)) => {
            let v = desk.secretariat()?;
            let cert = desk.secretary_certificate()?;
            if flag(s, "json") {
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
            Ok(())
        }
        Some(("trust", s)) => {
            let card = path(s, "card");
            let bytes = std::fs::read(&card).map_err(|e| {
                ApiError::new(
                    ErrorCode::Io,
                    format!("Không đọc được tệp {}: {e}.", card.display()),
                )
            })?;
            let fingerprint = s
                .get_one::<String>("fingerprint")
                .cloned()
                .unwrap_or_default();
            let v = desk.trust_secretariat_card(&bytes, &fingerprint, flag(s, "replace"))?;
            if flag(s, "json") {
                return print_json(&v);
            }
            println!(
                "Máy này tin cậy ban thư ký {} (dấu vân tay {}); chỉ nhận gói đợt xét do khóa này ký.",
                v.name, v.fingerprint
            );
            Ok(())
        }
        Some(("certificate", s)) => {
            let file = path(s, "file");
            let bytes = std::fs::read(&file).map_err(|e| {
                ApiError::new(
                    ErrorCode::Io,
                    format!("Không đọc được tệp {}: {e}.", file.display()),
                )
            })?;
            let c = desk.register_secretary_certificate(&bytes, flag(s, "replace"))?;
            if flag(s, "json") {
                return print_json(&c);
            }
            println!(
                "Đã đăng ký chứng thư ký số của thư ký {} (SHA-256 {}); biên bản do đúng chứng thư này ký được ký tiếp.",
                c.subject, c.sha256
            );
            Ok(())
        }
        _ => Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Thiếu lệnh con; xem xetkhen secretariat --help.",
        )),
    }
}

fn register(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let mut done = Vec::new();
    for file in sub.get_many::<PathBuf>("files").into_iter().flatten() {
        let bytes = std::fs::read(file).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không đọc được tệp {}: {e}.", file.display()),
            )
        })?;
        let view = desk
            .register_member(&bytes, flag(sub, "replace-key"))
            .map_err(|e| ApiError::new(e.code, format!("Tệp {}: {}", file.display(), e.message)))?;
        done.push(view);
    }
    if flag(sub, "json") {
        return print_json(&done);
    }
    for v in done {
        println!("Đã đăng ký {} ({}), mã {}.", v.name, v.position, v.id);
    }
    Ok(())
}

fn round_export(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let r = desk.export_round_package(&round_id(sub), &path(sub, "out"))?;
    if flag(sub, "json") {
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

fn round_import(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let trust = xetkhen_api::RoundTrust {
        secretariat_fingerprint: sub.get_one::<String>("trust-secretariat").cloned(),
        replace_secretariat: flag(sub, "replace-secretariat"),
    };
    let r = desk.import_round_package_trusting(&path(sub, "file"), &trust)?;
    if flag(sub, "json") {
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
            for line in &c.changes {
                println!("      {line}");
            }
        }
    }
    Ok(())
}

fn round_rule(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    let rule = VoteRule {
        more_than_pct: sub.get_one::<u32>("more-than").copied().unwrap_or(50),
        base: match sub.get_one::<String>("of").map(String::as_str) {
            Some("cast") => VoteBase::Cast,
            _ => VoteBase::Members,
        },
    };
    let rule = desk.set_vote_rule(&round_id(sub), rule)?;
    if flag(sub, "json") {
        return print_json(&rule);
    }
    println!("{}", rule.describe_vi());
    Ok(())
}

pub fn packet(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let mut desk = open(m)?;
    match sub.subcommand() {
        Some(("export", s)) => {
            let key = p12_key(s, "sign-p12", "password-env")?;
            let r = desk.export_packet(&round_id(s), &path(s, "out"), key.as_ref())?;
            if flag(s, "json") {
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
        Some(("import", s)) => {
            let files: Vec<PathBuf> = s
                .get_many::<PathBuf>("files")
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            let refs: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
            let r = desk.import_packets(&refs)?;
            if flag(s, "json") {
                print_json(&r)?;
            } else {
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
                            println!("Từ chối {}: {}", f.file, f.reason.as_deref().unwrap_or(""))
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
        _ => Err(ApiError::new(
            ErrorCode::InvalidInput,
            "Thiếu lệnh con; xem xetkhen packet --help.",
        )),
    }
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

pub fn countersign(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    let chair = p12_key(sub, "chair-p12", "chair-password-env")?.ok_or_else(|| {
        ApiError::invalid("chair-p12", "Cần --chair-p12: chứng thư số của chủ tịch.")
    })?;
    let trust = sub
        .get_many::<PathBuf>("trust")
        .into_iter()
        .flatten()
        .map(|p| xetkhen_api::read_anchor(p))
        .collect::<Result<Vec<_>, _>>()?;
    let r = desk.countersign_minutes(&xetkhen_api::CountersignRequest {
        file: sub.get_one::<PathBuf>("file").cloned().unwrap_or_default(),
        out: sub.get_one::<PathBuf>("out").cloned().unwrap_or_default(),
        chair,
        trust,
    })?;
    if flag(sub, "json") {
        return print_json(&r);
    }
    println!(
        "Chủ tịch đã ký biên bản; bản có {} chữ ký số ghi vào {}.",
        r.signatures, r.file
    );
    Ok(())
}

pub fn tally(m: &ArgMatches, sub: &ArgMatches) -> Result<(), ApiError> {
    let desk = open(m)?;
    if let Some(out) = sub.get_one::<PathBuf>("minutes") {
        let req = xetkhen_api::MinutesRequest {
            round: round_id(sub),
            out: out.clone(),
            number: sub.get_one::<String>("number").cloned(),
            secretary: p12_key(sub, "sign-p12", "password-env")?,
            chair: p12_key(sub, "chair-p12", "chair-password-env")?,
        };
        let r = desk.write_minutes(&req)?;
        if flag(sub, "json") {
            return print_json(&r);
        }
        println!(
            "Đã ghi biên bản kiểm phiếu vào {}: {} trang, {} hồ sơ, {} gói phiếu, {} chữ ký số.",
            r.file, r.pages, r.nominations, r.packets, r.signatures
        );
        return Ok(());
    }
    let t = desk.tally(&round_id(sub))?;
    if flag(sub, "json") {
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
