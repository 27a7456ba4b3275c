//! `import` (and its `undo` and `batches`) and `template`: nomination lists coming into a round,
//! and the empty list to fill in.

use crate::desk::open;
use crate::output::{print_json, JSON_HELP};
use clap::{Args, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use xetkhen_api::{ApiError, DuplicateKind, ErrorCode, ImportReport, ImportRequest, RowRef};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    command: Option<ImportCommand>,
    #[arg(
        required = true,
        num_args = 1..,
        value_name = "TỆP",
        help = "Các tệp danh sách"
    )]
    files: Vec<PathBuf>,
    #[arg(
        long,
        value_name = "MÃ",
        help = "Đợt xét nhận hồ sơ (mặc định: đợt đang mở mới nhất; nếu chưa có, tạo đợt tổng kết 2025)"
    )]
    round: Option<String>,
    #[arg(
        long,
        help = "Nhập các dòng hợp lệ, bỏ qua các dòng bị loại (mặc định: tệp có dòng lỗi không được nhập)"
    )]
    skip_invalid: bool,
    // `FILE:ROW`, checked when the command runs so that a wrong one is a refusal (exit 1).
    #[arg(
        long,
        value_name = "TỆP:DÒNG",
        help = "Bỏ một dòng khi nhập (ví dụ một bên của cặp «có thể trùng»): tên tệp như báo cáo ghi, dấu hai chấm, số dòng; lặp lại cho nhiều dòng"
    )]
    skip_row: Vec<String>,
    #[arg(long, value_name = "TÊN", help = "Trang tính cần đọc")]
    sheet: Option<String>,
    #[arg(
        long,
        value_enum,
        value_name = "encoding",
        help = "Bảng mã của tệp văn bản, khi chương trình không tự xác định được"
    )]
    encoding: Option<Encoding>,
    #[arg(long, help = "Chuyển chữ gõ bằng bảng mã cũ (TCVN3/ABC) sang Unicode")]
    convert_legacy: bool,
    #[arg(long, help = JSON_HELP)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    #[command(
        about = "Hoàn tác một lần nhập (mã lần nhập ở báo cáo nhập hoặc ở «import batches»): xoá hồ sơ lần đó tạo, trả hồ sơ lần đó sửa về như trước; từ chối nếu hội đồng đã làm việc trên các hồ sơ đó"
    )]
    Undo {
        #[arg(value_name = "MÃ_LẦN_NHẬP", help = "Mã lần nhập")]
        batch: String,
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
    #[command(about = "Liệt kê các lần nhập, mới nhất trước")]
    Batches {
        #[arg(long, value_name = "MÃ", help = "Chỉ các lần nhập vào đợt xét này")]
        round: Option<String>,
        #[arg(long, help = JSON_HELP)]
        json: bool,
    },
}

// The encodings a text list may be read in when the program cannot tell.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "utf-16le")]
    Utf16Le,
    #[value(name = "utf-16be")]
    Utf16Be,
    #[value(name = "windows-1258")]
    Windows1258,
}

impl Encoding {
    fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
        }
    }
}

impl ImportArgs {
    pub fn run(&self, db: Option<&Path>) -> Result<(), ApiError> {
        match &self.command {
            Some(ImportCommand::Undo { batch, json }) => return undo(db, batch, *json),
            Some(ImportCommand::Batches { round, json }) => {
                return batches(db, round.as_deref(), *json)
            }
            None => {}
        }
        let mut desk = open(db)?;
        let req = ImportRequest {
            files: self.files.iter().map(|p| p.display().to_string()).collect(),
            round: self.round.clone(),
            skip_invalid: self.skip_invalid,
            sheet: self.sheet.clone(),
            convert_legacy: self.convert_legacy,
            encoding: self.encoding.map(|e| e.label().to_string()),
            mapping: Vec::new(),
            dry_run: false,
            skip_rows: self
                .skip_row
                .iter()
                .map(|s| row_ref(s))
                .collect::<Result<_, _>>()?,
        };
        let report = desk.import(&req)?;
        if self.json {
            print_json(&report)?;
        } else {
            print_import_report(&report);
        }
        if report.all_accepted() {
            return Ok(());
        }
        let refused: Vec<&str> = report
            .files
            .iter()
            .filter(|f| !f.accepted)
            .map(|f| f.file.as_str())
            .collect();
        let legacy = report
            .files
            .iter()
            .any(|f| !f.accepted && !f.legacy_samples.is_empty() && !f.legacy_converted);
        let hint = if legacy {
            "Xem bản chuyển đổi ở trên rồi nhập lại với --convert-legacy."
        } else {
            "Sửa các lỗi đã nêu rồi nhập lại, hoặc dùng --skip-invalid để chỉ nhập các dòng hợp lệ."
        };
        Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "Không nhập tệp: {}. Kho dữ liệu không thay đổi. {hint}",
                refused.join(", ")
            ),
        ))
    }
}

fn undo(db: Option<&Path>, batch: &str, json: bool) -> Result<(), ApiError> {
    let mut desk = open(db)?;
    let r = desk.undo_import(batch)?;
    if json {
        return print_json(&r);
    }
    println!(
        "Đã hoàn tác lần nhập {} ({}, {}): xoá {} hồ sơ mới, trả {} hồ sơ về như trước.",
        r.batch.id, r.batch.source, r.batch.at, r.removed, r.restored
    );
    Ok(())
}

fn batches(db: Option<&Path>, round: Option<&str>, json: bool) -> Result<(), ApiError> {
    let desk = open(db)?;
    let batches = desk.import_batches(round)?;
    if json {
        return print_json(&batches);
    }
    if batches.is_empty() {
        println!("Chưa có lần nhập nào.");
    }
    for b in &batches {
        let state = if b.undone { " — đã hoàn tác" } else { "" };
        println!(
            "{}  {}  {} — {} mới, {} cập nhật ({}){state}",
            b.id, b.at, b.source, b.inserted, b.updated, b.actor
        );
    }
    Ok(())
}

/// `--skip-row FILE:ROW`: the file's name as the report gives it, then the row number.
fn row_ref(s: &str) -> Result<RowRef, ApiError> {
    s.rsplit_once(':')
        .and_then(|(file, row)| {
            Some(RowRef {
                file: file.trim().to_string(),
                row: row.trim().parse().ok()?,
            })
        })
        .filter(|r| !r.file.is_empty())
        .ok_or_else(|| {
            ApiError::invalid(
                "skip-row",
                format!("«{s}» không phải TỆP:DÒNG (ví dụ danh-sach.xlsx:12)."),
            )
        })
}

fn print_import_report(r: &ImportReport) {
    if r.round_created {
        println!(
            "Kho chưa có đợt xét nào: đã tạo đợt «{}» (mã {}).",
            r.round.name, r.round.id
        );
    }
    println!("Đợt xét: {} ({})", r.round.name, r.round.id);
    for f in &r.files {
        let state = if f.accepted {
            "nhận"
        } else {
            "không nhận"
        };
        println!(
            "  {} — {} dòng hợp lệ, {} dòng bị loại: {state}",
            f.file, f.rows, f.rejected
        );
        if f.sheets.len() > 1 {
            let sheets: Vec<String> = f
                .sheets
                .iter()
                .map(|s| match s.header_row {
                    Some(h) => format!("«{}» ({} dòng, tiêu đề ở dòng {h})", s.name, s.rows),
                    None => format!("«{}» ({} dòng, không có danh sách)", s.name, s.rows),
                })
                .collect();
            println!(
                "    Các trang tính (chọn bằng --sheet): {}",
                sheets.join("; ")
            );
        }
        if !f.unmapped.is_empty() {
            println!("    Cột chưa nhận ra: {}", f.unmapped.join("; "));
        }
        let encoding = f.legacy_encoding.as_deref().unwrap_or("cũ");
        for s in &f.legacy_samples {
            println!("    Bảng mã {encoding}: «{}» → «{}»", s.before, s.after);
        }
    }
    println!(
        "Mới: {}, cập nhật: {}, không đổi: {}, bị loại: {}.",
        r.imported, r.updated, r.unchanged, r.rejected
    );
    for p in &r.problems {
        let mut place = p.file.clone();
        if let Some(s) = &p.sheet {
            place.push_str(&format!(", trang {s}"));
        }
        if let Some(row) = p.row {
            place.push_str(&format!(", dòng {row}"));
        }
        if let Some(c) = &p.column {
            place.push_str(&format!(", cột {c}"));
        }
        println!("  Lỗi — {place}: {}", p.message);
    }
    for w in &r.warnings {
        println!(
            "  Lưu ý — {}{}: {}",
            w.file,
            w.row.map(|r| format!(", dòng {r}")).unwrap_or_default(),
            w.message
        );
    }
    for d in &r.duplicates {
        let what = match d.kind {
            DuplicateKind::Duplicate => "Trùng",
            DuplicateKind::Possible => "Có thể trùng",
        };
        println!("  {what} — {} ({})", d.message, d.places.join("; "));
    }
    if r.duplicates
        .iter()
        .any(|d| d.kind == DuplicateKind::Possible)
    {
        println!("  Các dòng «có thể trùng» đều đã được nhập; để bỏ một dòng, nhập lại với --skip-row TỆP:DÒNG.");
    }
    for s in &r.skipped {
        println!("  Bỏ qua theo yêu cầu — {}, dòng {}", s.file, s.row);
    }
    if let Some(b) = &r.batch {
        println!("Mã lần nhập: {b} (hoàn tác bằng: xetkhen import undo {b})");
    }
    if let Some(s) = &r.snapshot {
        println!("Bản sao lưu trong ngày: {s}");
    }
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[arg(long, value_name = "TỆP", help = "Tệp .xlsx sẽ tạo")]
    out: PathBuf,
}

impl TemplateArgs {
    pub fn run(&self) -> Result<(), ApiError> {
        xetkhen_api::write_template(&self.out)?;
        println!("Đã tạo mẫu danh sách: {}", self.out.display());
        Ok(())
    }
}
