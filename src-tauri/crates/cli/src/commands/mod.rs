//! One module per command group, each with its arguments and what it does: parse nothing by
//! name, call [`xetkhen_api::Desk`], print. The variants of [`Command`] are the top-level
//! commands, in the order `xetkhen --help` lists them.

mod audit;
mod backup;
mod export;
mod import;
mod members;
mod nominations;
mod packets;
mod review;
mod rounds;
mod setup;
mod signatures;
mod tally;

use clap::Subcommand;
use std::path::Path;
use xetkhen_api::ApiError;

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(about = "Tạo mới hoặc nâng cấp kho dữ liệu")]
    Init,
    #[command(about = "Nạp đợt xét mẫu (hoặc sinh thêm hồ sơ mẫu để thử ở quy mô lớn)")]
    Demo(setup::DemoArgs),
    #[command(subcommand, about = "Quản lý đợt xét (sơ kết, tổng kết, hằng năm)")]
    Round(rounds::RoundCommand),
    #[command(about = "Liệt kê hồ sơ đề nghị")]
    List(nominations::ListArgs),
    #[command(about = "Xem toàn bộ thông tin một hồ sơ đề nghị")]
    Show(nominations::ShowArgs),
    #[command(subcommand, about = "Thành viên hội đồng làm việc trên máy này")]
    Reviewer(members::ReviewerCommand),
    #[command(
        subcommand,
        about = "Khai báo đơn vị có liên quan (xung đột lợi ích): không chấm, không biểu quyết hồ sơ của đơn vị đó"
    )]
    Conflict(review::ConflictCommand),
    #[command(about = "Chấm, ghi chú, biểu quyết một hồ sơ")]
    Review(review::ReviewArgs),
    #[command(about = "Lịch sử thay đổi của một hồ sơ và các nhận xét về nó (giờ Việt Nam)")]
    History(nominations::HistoryArgs),
    #[command(about = "Tiến độ chấm của từng thành viên trong một đợt xét")]
    Progress(review::ProgressArgs),
    #[command(about = "Nhập danh sách đề nghị (xlsx, xls, ods, csv, tsv, txt) vào một đợt xét")]
    Import(import::ImportArgs),
    #[command(about = "Tạo mẫu danh sách đề nghị trống (.xlsx) với tiêu đề cột chuẩn")]
    Template(import::TemplateArgs),
    #[command(
        about = "Xuất danh sách đề nghị khen thưởng của một đợt xét: PDF (có thể ký số), .xlsx hoặc .csv"
    )]
    Export(export::ExportArgs),
    #[command(about = "Kiểm tra chữ ký số của một tệp PDF")]
    Verify(signatures::VerifyArgs),
    #[command(subcommand, about = "Chứng thư số")]
    Cert(signatures::CertCommand),
    #[command(subcommand, about = "Nhật ký thay đổi")]
    Audit(audit::AuditCommand),
    #[command(
        subcommand,
        about = "Ban thư ký mà máy này tin cậy: chỉ nhận gói đợt xét do khóa của ban thư ký ký"
    )]
    Secretariat(members::SecretariatCommand),
    #[command(
        subcommand,
        about = "Gói phiếu của thành viên: xuất (máy thành viên) và tổng hợp (ban thư ký)"
    )]
    Packet(packets::PacketCommand),
    #[command(
        about = "Chủ tịch Hội đồng ký số, trên máy của mình, biên bản kiểm phiếu thư ký đã ký"
    )]
    Countersign(tally::CountersignArgs),
    #[command(
        about = "Kết quả kiểm phiếu của đợt xét; --minutes ghi biên bản kiểm phiếu (PDF, thư ký rồi chủ tịch ký số)"
    )]
    Tally(tally::TallyArgs),
    #[command(
        about = "Sao lưu toàn bộ kho dữ liệu vào một tệp (bản sao được kiểm tra toàn vẹn trước khi báo xong)"
    )]
    Backup(backup::BackupArgs),
    #[command(
        about = "Khôi phục kho dữ liệu từ một bản sao lưu (kho hiện tại được sao lưu vào backups/ trước)"
    )]
    Restore(backup::RestoreArgs),
    #[command(subcommand, about = "Cụm mật khẩu mã hoá kho dữ liệu")]
    Passphrase(backup::PassphraseCommand),
}

impl Command {
    /// Runs the command on the store `db` names (`--db`; `None`: `XETKHEN_DB` or the default).
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        match self {
            Command::Init => setup::init(db),
            Command::Demo(a) => a.run(db),
            Command::Round(c) => c.run(db),
            Command::List(a) => a.run(db),
            Command::Show(a) => a.run(db),
            Command::Reviewer(c) => c.run(db),
            Command::Conflict(c) => c.run(db),
            Command::Review(a) => a.run(db),
            Command::History(a) => a.run(db),
            Command::Progress(a) => a.run(db),
            Command::Import(a) => a.run(db),
            Command::Template(a) => a.run(),
            Command::Export(a) => a.run(db),
            Command::Verify(a) => a.run(),
            Command::Cert(c) => c.run(),
            Command::Audit(c) => c.run(db),
            Command::Secretariat(c) => c.run(db),
            Command::Packet(c) => c.run(db),
            Command::Countersign(a) => a.run(db),
            Command::Tally(a) => a.run(db),
            Command::Backup(a) => a.run(db),
            Command::Restore(a) => a.run(db),
            Command::Passphrase(c) => c.run(db),
        }
    }
}
