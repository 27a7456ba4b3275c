//! The command line, with its help in Vietnamese.

use clap::{Arg, ArgAction, Command};
use std::path::PathBuf;

const TEMPLATE: &str = "\
{before-help}{about-with-newline}
Cách dùng: {usage}

{all-args}{after-help}";

fn db_arg() -> Arg {
    Arg::new("db")
        .long("db")
        .value_name("TỆP")
        .value_parser(clap::value_parser!(PathBuf))
        .global(true)
        .help("Kho dữ liệu (mặc định: biến XETKHEN_DB, nếu không có thì kho trong thư mục dữ liệu của người dùng)")
}

fn json_arg() -> Arg {
    Arg::new("json")
        .long("json")
        .action(ArgAction::SetTrue)
        .help("In kết quả dạng JSON")
}

fn round_arg(help: &'static str) -> Arg {
    Arg::new("round").long("round").value_name("MÃ").help(help)
}

/// The whole command tree.
pub fn command() -> Command {
    let round = Command::new("round")
        .about("Quản lý đợt xét (sơ kết, tổng kết, hằng năm)")
        .subcommand_required(true)
        .subcommand(
            Command::new("create")
                .about("Tạo đợt xét mới")
                .arg(
                    Arg::new("name")
                        .long("name")
                        .required(true)
                        .value_name("TÊN")
                        .help("Tên đợt xét"),
                )
                .arg(
                    Arg::new("kind")
                        .long("kind")
                        .required(true)
                        .value_parser(["so-ket", "tong-ket", "annual"])
                        .help(
                            "Loại đợt xét: so-ket (sơ kết), tong-ket (tổng kết), annual (hằng năm)",
                        ),
                )
                .arg(
                    Arg::new("campaign")
                        .long("campaign")
                        .value_name("KẾ HOẠCH")
                        .help("Phong trào thi đua (mặc định: 2242/KH-UBND)"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("list")
                .about("Liệt kê các đợt xét")
                .arg(json_arg()),
        );

    let audit = Command::new("audit")
        .about("Nhật ký thay đổi")
        .subcommand_required(true)
        .subcommand(
            Command::new("verify")
                .about("Kiểm tra chuỗi băm của nhật ký và đối chiếu dữ liệu hiện có với nhật ký")
                .arg(json_arg()),
        );

    let root = Command::new("xetkhen")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Xét Khen — xét khen thưởng Phong trào thi đua Chính quyền số, Chuyển đổi số (KH 2242/KH-UBND)")
        .subcommand_required(true)
        .arg(db_arg())
        .subcommand(Command::new("init").about("Tạo mới hoặc nâng cấp kho dữ liệu"))
        .subcommand(
            Command::new("demo")
                .about("Nạp đợt xét mẫu (hoặc sinh thêm hồ sơ mẫu để thử ở quy mô lớn)")
                .arg(
                    Arg::new("generate")
                        .long("generate")
                        .value_name("SỐ")
                        .value_parser(clap::value_parser!(u32).range(1..=1_000_000))
                        .help("Sinh thêm SỐ hồ sơ mẫu vào đợt xét"),
                )
                .arg(round_arg("Đợt xét nhận hồ sơ sinh thêm (mặc định: đợt xét mẫu)"))
                .arg(json_arg()),
        )
        .subcommand(round)
        .subcommand(
            Command::new("list")
                .about("Liệt kê hồ sơ đề nghị")
                .arg(round_arg("Chỉ hồ sơ của đợt xét này"))
                .arg(
                    Arg::new("query")
                        .long("query")
                        .value_name("CHỮ")
                        .help("Tìm theo tên, đơn vị, chức vụ, số định danh, thành tích (không phân biệt dấu, hoa thường)"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("show")
                .about("Xem toàn bộ thông tin một hồ sơ đề nghị")
                .arg(Arg::new("id").required(true).value_name("MÃ").help("Mã hồ sơ"))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("import")
                .about("Nhập danh sách đề nghị (xlsx, xls, ods, csv, tsv, txt) vào một đợt xét")
                .arg(
                    Arg::new("files")
                        .required(true)
                        .num_args(1..)
                        .value_name("TỆP")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Các tệp danh sách"),
                )
                .arg(round_arg("Đợt xét nhận hồ sơ (mặc định: đợt đang mở mới nhất; nếu chưa có, tạo đợt tổng kết 2025)"))
                .arg(
                    Arg::new("skip-invalid")
                        .long("skip-invalid")
                        .action(ArgAction::SetTrue)
                        .help("Nhập các dòng hợp lệ, bỏ qua các dòng bị loại (mặc định: tệp có dòng lỗi không được nhập)"),
                )
                .arg(Arg::new("sheet").long("sheet").value_name("TÊN").help("Trang tính cần đọc"))
                .arg(
                    Arg::new("encoding")
                        .long("encoding")
                        .value_parser(["utf-8", "utf-16le", "utf-16be", "windows-1258"])
                        .help("Bảng mã của tệp văn bản, khi chương trình không tự xác định được"),
                )
                .arg(
                    Arg::new("convert-legacy")
                        .long("convert-legacy")
                        .action(ArgAction::SetTrue)
                        .help("Chuyển chữ gõ bằng bảng mã cũ (TCVN3/ABC) sang Unicode"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("template")
                .about("Tạo mẫu danh sách đề nghị trống (.xlsx) với tiêu đề cột chuẩn")
                .arg(
                    Arg::new("out")
                        .long("out")
                        .required(true)
                        .value_name("TỆP")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Tệp .xlsx sẽ tạo"),
                ),
        )
        .subcommand(
            Command::new("export")
                .about("Xuất danh sách đề nghị khen thưởng của một đợt xét: PDF (có thể ký số), .xlsx hoặc .csv")
                .arg(round_arg("Đợt xét").required(true))
                .arg(
                    Arg::new("award")
                        .long("award")
                        .required(true)
                        .value_parser(["co-thi-dua", "bang-khen", "giay-khen"])
                        .help("Hình thức khen thưởng"),
                )
                .arg(
                    Arg::new("filter")
                        .long("filter")
                        .value_parser(["all", "eligible", "approved"])
                        .default_value("all")
                        .help("all: mọi hồ sơ đề nghị hình thức này; eligible: hồ sơ đủ điều kiện theo tiêu chí; approved: hồ sơ Hội đồng đã thông qua"),
                )
                .arg(
                    Arg::new("out")
                        .long("out")
                        .required(true)
                        .value_name("TỆP")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Tệp xuất: .pdf, .xlsx hoặc .csv"),
                )
                .arg(
                    Arg::new("sign-p12")
                        .long("sign-p12")
                        .value_name("TỆP")
                        .value_parser(clap::value_parser!(PathBuf))
                        .requires("password-env")
                        .help("Ký số bằng chứng thư PKCS#12 (.p12, .pfx)"),
                )
                .arg(
                    Arg::new("password-env")
                        .long("password-env")
                        .value_name("BIẾN")
                        .help("Tên biến môi trường chứa mật khẩu của tệp .p12"),
                )
                .arg(Arg::new("number").long("number").value_name("SỐ").help("Số, ký hiệu văn bản (ví dụ 123/DS-BTĐKT)"))
                .arg(
                    Arg::new("signer-title")
                        .long("signer-title")
                        .value_name("CHỨC VỤ")
                        .help("Chức vụ người ký (ví dụ: Phó Trưởng ban)"),
                )
                .arg(Arg::new("signer-name").long("signer-name").value_name("HỌ TÊN").help("Họ tên người ký"))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("verify")
                .about("Kiểm tra chữ ký số của một tệp PDF")
                .arg(
                    Arg::new("file")
                        .required(true)
                        .value_name("TỆP")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Tệp PDF cần kiểm tra"),
                )
                .arg(
                    Arg::new("trust")
                        .long("trust")
                        .value_name("CA.pem")
                        .action(ArgAction::Append)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Chứng thư gốc được tin cậy (PEM hoặc DER); có thể nêu nhiều lần"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("cert")
                .about("Chứng thư số")
                .subcommand_required(true)
                .subcommand(
                    Command::new("training")
                        .about("Tạo chứng thư tự ký để tập huấn (tên có ghi «CHỨNG THƯ TẬP HUẤN»); không dùng cho văn bản thật")
                        .arg(Arg::new("name").long("name").required(true).value_name("HỌ TÊN").help("Người được cấp"))
                        .arg(
                            Arg::new("organisation")
                                .long("organisation")
                                .value_name("CƠ QUAN")
                                .default_value("Ban Thi đua - Khen thưởng")
                                .help("Cơ quan"),
                        )
                        .arg(
                            Arg::new("out")
                                .long("out")
                                .required(true)
                                .value_name("TỆP.p12")
                                .value_parser(clap::value_parser!(PathBuf))
                                .help("Tệp PKCS#12 sẽ tạo"),
                        )
                        .arg(
                            Arg::new("ca-out")
                                .long("ca-out")
                                .required(true)
                                .value_name("CA.pem")
                                .value_parser(clap::value_parser!(PathBuf))
                                .help("Chứng thư gốc tập huấn (để kiểm tra chữ ký)"),
                        )
                        .arg(
                            Arg::new("password-env")
                                .long("password-env")
                                .required(true)
                                .value_name("BIẾN")
                                .help("Tên biến môi trường chứa mật khẩu đặt cho tệp .p12"),
                        )
                        .arg(
                            Arg::new("key")
                                .long("key")
                                .value_parser(["rsa", "ecdsa"])
                                .default_value("rsa")
                                .help("Loại khoá: rsa (RSA-2048) hoặc ecdsa (P-256)"),
                        ),
                ),
        )
        .subcommand(audit)
        .subcommand(
            Command::new("backup")
                .about("Sao lưu toàn bộ kho dữ liệu vào một tệp (bản sao được kiểm tra toàn vẹn trước khi báo xong)")
                .arg(
                    Arg::new("out")
                        .long("out")
                        .required(true)
                        .value_name("TỆP")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Tệp sao lưu sẽ tạo (không ghi đè tệp có sẵn)"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("restore")
                .about("Khôi phục kho dữ liệu từ một bản sao lưu (kho hiện tại được sao lưu vào backups/ trước)")
                .arg(
                    Arg::new("file")
                        .required(true)
                        .value_name("TỆP")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Bản sao lưu cần khôi phục"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("passphrase")
                .about("Cụm mật khẩu mã hoá kho dữ liệu")
                .subcommand_required(true)
                .subcommand(
                    Command::new("change")
                        .about("Đặt hoặc đổi cụm mật khẩu: kho được mã hoá lại (cụm mới lấy từ biến XETKHEN_NEW_PASSPHRASE, hoặc nhập hai lần khi được hỏi)")
                        .arg(
                            Arg::new("remove")
                                .long("remove")
                                .action(ArgAction::SetTrue)
                                .help("Bỏ mã hoá: kho được lưu không mã hoá (không khuyến nghị trên máy xách tay)"),
                        )
                        .arg(json_arg()),
                ),
        );
    localise(root)
}

/// Vietnamese headings and help texts for clap's built-in parts, on every subcommand.
fn localise(cmd: Command) -> Command {
    let cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Lệnh")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn này"),
        )
        .mut_args(|a| {
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("Tham số")
            } else {
                a.help_heading("Tuỳ chọn")
            }
        });
    let cmd = if cmd.get_version().is_some() {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản"),
        )
    } else {
        cmd
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .into_iter()
        .fold(cmd, |c, name| c.mut_subcommand(name, localise))
}
