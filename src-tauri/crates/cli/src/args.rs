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
        )
        .subcommand(
            Command::new("close")
                .about("Kết thúc đợt xét (không nhận thêm hồ sơ) và đặt thời hạn lưu giữ dữ liệu cá nhân")
                .arg(round_arg("Mã đợt xét").required(true))
                .arg(
                    Arg::new("retain-until")
                        .long("retain-until")
                        .required(true)
                        .value_name("NGÀY")
                        .help("Ngày cuối cùng phải lưu giữ dữ liệu cá nhân của đợt (NNNN-TT-NN); được xoá từ ngày hôm sau"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("retain")
                .about("Kéo dài thời hạn lưu giữ dữ liệu cá nhân của đợt xét đã kết thúc")
                .arg(round_arg("Mã đợt xét").required(true))
                .arg(
                    Arg::new("until")
                        .long("until")
                        .required(true)
                        .value_name("NGÀY")
                        .help("Ngày cuối cùng mới (NNNN-TT-NN), sau ngày đã đặt"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("erase")
                .about("Xoá vĩnh viễn dữ liệu cá nhân của đợt xét đã hết thời hạn lưu giữ (hồ sơ, phiếu chấm, tệp kèm, gói phiếu, các bản sao tự động); nhật ký ghi lại việc xoá")
                .arg(round_arg("Mã đợt xét").required(true))
                .arg(
                    Arg::new("confirm")
                        .long("confirm")
                        .required(true)
                        .value_name("TÊN ĐỢT")
                        .help("Nhắc lại đúng tên đợt xét để xác nhận"),
                )
                .arg(json_arg()),
        );

    let audit = Command::new("audit")
        .about("Nhật ký thay đổi")
        .subcommand_required(true)
        .subcommand(
            Command::new("verify")
                .about("Kiểm tra chuỗi băm của nhật ký và đối chiếu dữ liệu hiện có với nhật ký")
                .arg(
                    Arg::new("against")
                        .long("against")
                        .value_name("TỆP")
                        .num_args(1..)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Đối chiếu với đầu chuỗi nhật ký ghi trong các gói phiếu, gói đợt xét và biên bản kiểm phiếu máy này đã ký"),
                )
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
        .subcommand(crate::packets::round_subcommands(round))
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
                .arg(
                    Arg::new("review")
                        .long("review")
                        .value_parser(["unreviewed", "needs-evidence", "conflicted", "reviewed"])
                        .help("Theo tiến độ chấm của thành viên trên máy: unreviewed (chưa xem), needs-evidence (cần bổ sung), conflicted (xung đột), reviewed (đã chấm)"),
                )
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("show")
                .about("Xem toàn bộ thông tin một hồ sơ đề nghị")
                .arg(Arg::new("id").required(true).value_name("MÃ").help("Mã hồ sơ"))
                .arg(json_arg()),
        )
        .subcommand(crate::packets::reviewer_subcommands(
            Command::new("reviewer")
                .about("Thành viên hội đồng làm việc trên máy này")
                .subcommand_required(true)
                .subcommand(
                    Command::new("set")
                        .about("Khai báo (hoặc sửa) họ tên, chức vụ, vai trò của thành viên trên máy này")
                        .arg(Arg::new("name").long("name").required(true).value_name("HỌ TÊN").help("Họ và tên"))
                        .arg(Arg::new("position").long("position").required(true).value_name("CHỨC VỤ").help("Chức vụ, đơn vị công tác"))
                        .arg(
                            Arg::new("role")
                                .long("role")
                                .value_parser(["member", "secretary", "chair"])
                                .help("Vai trò: member (ủy viên), secretary (thư ký), chair (chủ tịch); mặc định ủy viên"),
                        )
                        .arg(json_arg()),
                )
                .subcommand(Command::new("show").about("Xem thành viên của máy này").arg(json_arg()))
                .subcommand(Command::new("list").about("Liệt kê các thành viên kho này biết").arg(json_arg())),
        ))
        .subcommand(
            Command::new("conflict")
                .about("Khai báo đơn vị có liên quan (xung đột lợi ích): không chấm, không biểu quyết hồ sơ của đơn vị đó")
                .subcommand_required(true)
                .subcommand(
                    Command::new("add")
                        .about("Thêm đơn vị có liên quan")
                        .arg(Arg::new("unit").required(true).value_name("ĐƠN VỊ").help("Tên đơn vị, ví dụ «Quận 1», «Sở Y tế»")),
                )
                .subcommand(
                    Command::new("remove")
                        .about("Bỏ đơn vị đã khai báo")
                        .arg(Arg::new("unit").required(true).value_name("ĐƠN VỊ").help("Tên đơn vị")),
                )
                .subcommand(Command::new("list").about("Liệt kê các đơn vị đã khai báo").arg(json_arg())),
        )
        .subcommand(
            Command::new("review")
                .about("Chấm, ghi chú, biểu quyết một hồ sơ")
                .arg(Arg::new("id").required(true).value_name("MÃ").help("Mã hồ sơ"))
                .arg(
                    Arg::new("item")
                        .long("item")
                        .value_name("TIÊU CHÍ=NHẬN ĐỊNH")
                        .action(ArgAction::Append)
                        .help("Nhận định một tiêu chí: pass (đạt), fail (không đạt), needs-evidence (cần bổ sung hồ sơ), clear (bỏ nhận định); ví dụ --item 2.1.a=pass; có thể nêu nhiều lần"),
                )
                .arg(Arg::new("reason").long("reason").value_name("LÝ DO").help("Lý do cho các nhận định --item của lệnh này"))
                .arg(
                    Arg::new("item-note")
                        .long("item-note")
                        .value_name("TIÊU CHÍ=GHI CHÚ")
                        .action(ArgAction::Append)
                        .help("Ghi chú cho một tiêu chí, ví dụ --item-note \"2.1.a=Thiếu báo cáo quý IV\""),
                )
                .arg(
                    Arg::new("score")
                        .long("score")
                        .value_name("ĐIỂM")
                        .value_parser(clap::value_parser!(f64))
                        .help("Điểm thành tích từ 0 đến 10 (để xếp hạng)"),
                )
                .arg(
                    Arg::new("vote")
                        .long("vote")
                        .value_parser(["approve", "reject", "abstain"])
                        .help("Biểu quyết: approve (đồng ý), reject (không đồng ý), abstain (không biểu quyết)"),
                )
                .arg(Arg::new("note").long("note").value_name("GHI CHÚ").help("Ghi chú về hồ sơ"))
                .arg(Arg::new("tag").long("tag").value_name("NHÃN").action(ArgAction::Append).help("Gắn nhãn, ví dụ «ưu tiên», «cần bổ sung hồ sơ»"))
                .arg(Arg::new("untag").long("untag").value_name("NHÃN").action(ArgAction::Append).help("Bỏ nhãn"))
                .arg(
                    Arg::new("propose")
                        .long("propose")
                        .value_parser(["co-thi-dua", "bang-khen", "giay-khen", "none"])
                        .help("Đề nghị hình thức khác (none: bỏ đề nghị)"),
                )
                .arg(Arg::new("propose-reason").long("propose-reason").value_name("LÝ DO").help("Lý do đề nghị hình thức khác"))
                .arg(
                    Arg::new("attach")
                        .long("attach")
                        .value_name("TỆP")
                        .action(ArgAction::Append)
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Đính kèm minh chứng (PDF, ảnh, văn bản văn phòng)"),
                )
                .arg(Arg::new("reviewer").long("reviewer").value_name("HỌ TÊN").help("Thành viên của máy này (mặc định). Không chấm thay người khác: phiếu của thành viên khác chỉ đến bằng gói phiếu đã ký"))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("history")
                .about("Lịch sử thay đổi của một hồ sơ và các nhận xét về nó (giờ Việt Nam)")
                .arg(Arg::new("id").required(true).value_name("MÃ").help("Mã hồ sơ"))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("progress")
                .about("Tiến độ chấm của từng thành viên trong một đợt xét")
                .arg(round_arg("Đợt xét").required(true))
                .arg(json_arg()),
        )
        .subcommand(
            Command::new("import")
                .about("Nhập danh sách đề nghị (xlsx, xls, ods, csv, tsv, txt) vào một đợt xét")
                .args_conflicts_with_subcommands(true)
                .subcommand_negates_reqs(true)
                .subcommand(
                    Command::new("undo")
                        .about("Hoàn tác một lần nhập (mã lần nhập ở báo cáo nhập hoặc ở «import batches»): xoá hồ sơ lần đó tạo, trả hồ sơ lần đó sửa về như trước; từ chối nếu hội đồng đã làm việc trên các hồ sơ đó")
                        .arg(
                            Arg::new("batch")
                                .required(true)
                                .value_name("MÃ_LẦN_NHẬP")
                                .help("Mã lần nhập"),
                        )
                        .arg(json_arg()),
                )
                .subcommand(
                    Command::new("batches")
                        .about("Liệt kê các lần nhập, mới nhất trước")
                        .arg(round_arg("Chỉ các lần nhập vào đợt xét này"))
                        .arg(json_arg()),
                )
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
                .arg(
                    Arg::new("skip-row")
                        .long("skip-row")
                        .value_name("TỆP:DÒNG")
                        .action(ArgAction::Append)
                        .help("Bỏ một dòng khi nhập (ví dụ một bên của cặp «có thể trùng»): tên tệp như báo cáo ghi, dấu hai chấm, số dòng; lặp lại cho nhiều dòng"),
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
                .arg(
                    Arg::new("sign-pkcs11")
                        .long("sign-pkcs11")
                        .value_name("MÔ-ĐUN")
                        .value_parser(clap::value_parser!(PathBuf))
                        .conflicts_with("sign-p12")
                        .requires("token")
                        .requires("pin-env")
                        .help("Ký số bằng thẻ (token) USB: đường dẫn mô-đun PKCS#11 đi kèm thẻ (.so, .dll)"),
                )
                .arg(
                    Arg::new("token")
                        .long("token")
                        .value_name("NHÃN")
                        .requires("sign-pkcs11")
                        .help("Nhãn của thẻ ký số"),
                )
                .arg(
                    Arg::new("key-label")
                        .long("key-label")
                        .value_name("NHÃN")
                        .requires("sign-pkcs11")
                        .help("Nhãn của khóa trên thẻ, khi thẻ có nhiều khóa"),
                )
                .arg(
                    Arg::new("pin-env")
                        .long("pin-env")
                        .value_name("BIẾN")
                        .requires("sign-pkcs11")
                        .help("Tên biến môi trường chứa mã PIN của thẻ (mã PIN không bao giờ ghi trên dòng lệnh)"),
                )
                .arg(Arg::new("number").long("number").value_name("SỐ").help("Số, ký hiệu văn bản (ví dụ 123/DS-BTĐKT)"))
                .arg(
                    Arg::new("cover")
                        .long("cover")
                        .action(ArgAction::SetTrue)
                        .help("In tờ trình đề nghị khen thưởng trước danh sách (chỉ với tệp PDF)"),
                )
                .arg(
                    Arg::new("cover-number")
                        .long("cover-number")
                        .value_name("SỐ")
                        .requires("cover")
                        .help("Số, ký hiệu của tờ trình (ví dụ 12/TTr-BTĐKT)"),
                )
                .arg(
                    Arg::new("signer-title")
                        .long("signer-title")
                        .value_name("CHỨC VỤ")
                        .help(format!(
                            "Chức vụ người ký (mặc định: {})",
                            xetkhen_api::DEFAULT_SIGNER_TITLE
                        )),
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
                        .help("Thêm một chứng thư gốc được tin cậy (PEM hoặc DER), ngoài hai gốc quốc gia có sẵn (RootCA chuyên dùng Chính phủ G2, Vietnam National Root CA); có thể nêu nhiều lần. Chứng thư tập huấn chỉ được tin cậy khi nêu ở đây"),
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
                            Arg::new("cert-out")
                                .long("cert-out")
                                .value_name("TỆP.pem")
                                .value_parser(clap::value_parser!(PathBuf))
                                .help("Ghi thêm chứng thư ký số của người ký (PEM), để trao cho người cần đăng ký nó"),
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
        .subcommands(crate::packets::commands())
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
