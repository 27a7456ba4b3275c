//! Writes the fixtures of the end-to-end tests into `tests/fixtures/import/`:
//! - `danh-sach-de-nghi-phuong.xlsx`: a realistic list as a ward-level agency sends it (title
//!   rows, a merged title, percentages typed three ways, a percent-formatted column, ID numbers
//!   as text, two deliberate mistakes, a total row and a signature block);
//! - `danh-sach-tcvn3.csv`: a short list typed with a TCVN3 (.VnTime) keyboard and saved by
//!   Excel as an "ANSI" CSV on Vietnamese Windows, i.e. TCVN3 bytes that read as Windows-1258.
//!
//! Run: `cargo run -p xetkhen-import --example make_fixtures`

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use std::path::PathBuf;

enum V {
    T(&'static str),
    N(f64),
    E,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/import");
    std::fs::create_dir_all(&dir)?;
    let xlsx = dir.join("danh-sach-de-nghi-phuong.xlsx");
    ward_list(&xlsx)?;
    let csv = dir.join("danh-sach-tcvn3.csv");
    std::fs::write(&csv, tcvn3_list())?;
    println!("{}\n{}", xlsx.display(), csv.display());
    Ok(())
}

const HEADER: [&str; 12] = [
    "STT",
    "Họ và tên / Tên tập thể",
    "Tập thể/Cá nhân",
    "Tiêu chuẩn",
    "Chức vụ",
    "Năm sinh",
    "Số CCCD",
    "Đơn vị công tác",
    "Hình thức đề nghị khen thưởng",
    "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng (%)",
    "Tỷ lệ báo cáo, văn bản gửi nhận điện tử",
    "Ghi chú",
];

fn rows() -> Vec<Vec<V>> {
    use V::*;
    let c = |name, set, unit, award, online: V, edoc: V| {
        vec![
            E,
            T(name),
            T("Tập thể"),
            T(set),
            E,
            E,
            E,
            T(unit),
            T(award),
            online,
            edoc,
            E,
        ]
    };
    let p = |name, pos, year: f64, id, unit, award| {
        vec![
            E,
            T(name),
            T("Cá nhân"),
            T("2.4"),
            T(pos),
            N(year),
            T(id),
            T(unit),
            T(award),
            E,
            E,
            E,
        ]
    };
    vec![
        vec![T("I"), T("TẬP THỂ")],
        c(
            "Phường Sài Gòn",
            "2.2",
            "UBND Phường Sài Gòn",
            "Bằng khen của UBND Thành phố",
            N(92.5),
            N(100.0),
        ),
        c(
            "Phường Bến Thành",
            "Mục 2.2",
            "UBND Phường Bến Thành",
            "Bằng khen",
            T("87,3%"),
            T("100%"),
        ),
        c(
            "Phường Tân Định",
            "2.2",
            "UBND Phường Tân Định",
            "Bằng khen",
            T("59,9"),
            N(100.0),
        ),
        c(
            "Phường Bàn Cờ",
            "2.2 - Đối với phường, xã",
            "UBND Phường Bàn Cờ",
            "Bằng khen",
            N(74.0),
            N(98.5),
        ),
        c(
            "Phường Xuân Hòa",
            "2.2",
            "UBND Phường Xuân Hòa",
            "Bằng khen",
            N(66.8),
            N(100.0),
        ),
        c(
            "Phường Chợ Lớn",
            "Tiêu chuẩn 2.2",
            "UBND Phường Chợ Lớn",
            "Bằng khen",
            N(81.2),
            N(100.0),
        ),
        c(
            "Phường Thủ Đức",
            "2.2",
            "UBND Phường Thủ Đức",
            "Cờ Thi đua của Thành phố",
            N(95.0),
            N(100.0),
        ),
        c(
            "Xã Bình Chánh",
            "2.2",
            "UBND Xã Bình Chánh",
            "Bằng khen",
            N(61.0),
            N(97.0),
        ),
        c(
            "Xã Cần Giờ",
            "2.2",
            "UBND Xã Cần Giờ",
            "Bằng khen",
            N(60.0),
            N(100.0),
        ),
        c(
            "Đặc khu Côn Đảo",
            "2.2",
            "UBND Đặc khu Côn Đảo",
            "Bằng khen",
            N(70.4),
            N(100.0),
        ),
        c(
            "Trường THPT Lê Quý Đôn",
            "2.2",
            "Sở Giáo dục và Đào tạo",
            "Bằng khen",
            N(88.0),
            N(100.0),
        ),
        c(
            "Trường THCS Nguyễn Du",
            "2.2",
            "UBND Phường Bến Thành",
            "Giấy khen",
            N(72.5),
            N(100.0),
        ),
        c(
            "Trường Tiểu học Kết Đoàn",
            "2.2",
            "UBND Phường Sài Gòn",
            "Giấy khen",
            N(64.0),
            N(95.0),
        ),
        c(
            "Bệnh viện Nhân dân 115",
            "2.2",
            "Sở Y tế",
            "Bằng khen",
            N(90.5),
            N(100.0),
        ),
        c(
            "Trung tâm Y tế khu vực Tân Định",
            "2.2",
            "Sở Y tế",
            "Bằng khen",
            N(83.0),
            N(100.0),
        ),
        c(
            "Sở Khoa học và Công nghệ",
            "2.1",
            "UBND Thành phố Hồ Chí Minh",
            "Cờ Thi đua",
            N(97.2),
            N(100.0),
        ),
        c(
            "Công ty TNHH MTV Dịch vụ công ích Thanh niên",
            "2.3",
            "Thành Đoàn Thành phố Hồ Chí Minh",
            "Bằng khen",
            E,
            E,
        ),
        vec![T("II"), T("CÁ NHÂN")],
        p(
            "Nguyễn Văn Hùng",
            "Chủ tịch UBND phường",
            1978.0,
            "079078001234",
            "UBND Phường Sài Gòn",
            "Bằng khen",
        ),
        p(
            "Trần Thị Mai",
            "Công chức Văn phòng - Thống kê",
            1986.0,
            "079186002345",
            "UBND Phường Bến Thành",
            "Bằng khen",
        ),
        p(
            "Lê Hoàng Phúc",
            "Phó Chủ tịch UBND xã",
            1981.0,
            "080081003456",
            "UBND Xã Bình Chánh",
            "Bằng khen",
        ),
        p(
            "Phạm Thị Thu Hà",
            "Giáo viên Tin học",
            1990.0,
            "079190004567",
            "Trường THCS Nguyễn Du",
            "Giấy khen",
        ),
        p(
            "Võ Minh Tuấn",
            "Kỹ sư công nghệ thông tin",
            1992.0,
            "079092005678",
            "Bệnh viện Nhân dân 115",
            "Bằng khen",
        ),
        p(
            "Đặng Thị Ngọc Ánh",
            "Chuyên viên",
            1988.0,
            "079188006789",
            "Sở Khoa học và Công nghệ",
            "Bằng khen",
        ),
        p(
            "Huỳnh Tấn Lộc",
            "Trưởng Công an phường",
            1979.0,
            "079079007890",
            "Công an Phường Tân Định",
            "Bằng khen",
        ),
        p(
            "Bùi Thị Kim Oanh",
            "Chủ nhiệm Hợp tác xã",
            1975.0,
            "079175008901",
            "Hợp tác xã Nông nghiệp Cần Giờ",
            "Giấy khen",
        ),
        p(
            "Ngô Quốc Bảo",
            "Giám đốc doanh nghiệp khởi nghiệp",
            1985.0,
            "079085009012",
            "Công ty Cổ phần Công nghệ Sài Gòn Số",
            "Bằng khen",
        ),
        // Two mistakes the secretariat must see: the flag for an individual; set 2.2 for one.
        p(
            "Đỗ Thị Lan",
            "Chuyên viên",
            1991.0,
            "079191000123",
            "UBND Phường Chợ Lớn",
            "Cờ Thi đua",
        ),
        vec![
            E,
            T("Trương Văn Nam"),
            T("Cá nhân"),
            T("2.2"),
            T("Cán bộ"),
            N(1983.0),
            N(79_083_001_122.0),
            T("UBND Phường Xuân Hòa"),
            T("Bằng khen"),
            E,
            E,
            T("CCCD nhập dạng số"),
        ],
    ]
}

fn ward_list(path: &std::path::Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Danh sách")?;
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 3, "ỦY BAN NHÂN DÂN", &bold)?;
    ws.merge_range(0, 6, 0, 11, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &bold)?;
    ws.merge_range(1, 0, 1, 3, "PHƯỜNG SÀI GÒN", &bold)?;
    ws.merge_range(1, 6, 1, 11, "Độc lập - Tự do - Hạnh phúc", &bold)?;
    ws.merge_range(
        3,
        0,
        3,
        11,
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG PHONG TRÀO THI ĐUA CHUYỂN ĐỔI SỐ (TỔNG KẾT 2022-2025)",
        &bold,
    )?;
    ws.merge_range(
        4,
        0,
        4,
        11,
        "(Kèm theo Tờ trình số 125/TTr-UBND ngày 10 tháng 10 năm 2025 của UBND Phường Sài Gòn)",
        &Format::new().set_italic().set_align(FormatAlign::Center),
    )?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_with_format(6, u16::try_from(c).unwrap_or(0), *h, &head)?;
    }
    for c in 0..HEADER.len() {
        let n = u16::try_from(c).unwrap_or(0);
        ws.write(7, n, format!("({})", c + 1))?;
    }
    let mut r = 8u32;
    let mut stt = 0;
    for row in rows() {
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(0);
            match v {
                V::T(s) => {
                    ws.write(r, c, *s)?;
                }
                V::N(n) => {
                    ws.write(r, c, *n)?;
                }
                V::E => {}
            }
        }
        if matches!(row.first(), Some(V::E)) {
            stt += 1;
            ws.write(r, 0, stt)?;
        } else {
            stt = 0;
        }
        r += 1;
    }
    ws.write(r, 1, "Tổng cộng: 28 tập thể, cá nhân")?;
    ws.write(r + 2, 7, "TM. ỦY BAN NHÂN DÂN")?;
    ws.write(r + 3, 7, "CHỦ TỊCH")?;
    ws.write(r + 6, 7, "Nguyễn Văn Hùng")?;
    ws.set_column_width(1, 40)?;
    ws.set_column_width(7, 36)?;
    // A second sheet the importer must not be confused by.
    let notes = wb.add_worksheet();
    notes.set_name("Hướng dẫn")?;
    notes.write(0, 0, "Tỷ lệ ghi theo số phần trăm, ví dụ 92,5.")?;
    wb.save(path)
}

fn tcvn3_list() -> Vec<u8> {
    let lines = [
        "STT,Họ và tên,Loại,Tiêu chuẩn,Chức vụ,Đơn vị,Hình thức khen thưởng",
        "1,Nguyễn Văn A,Cá nhân,2.4,Chuyên viên,Phòng Văn hóa - Xã hội,Bằng khen",
        "2,Lê Thị Hồng Gấm,Cá nhân,2.4,Giáo viên,Trường THCS Nguyễn Du,Giấy khen",
        "3,Phường Tân Định,Tập thể,2.2,,UBND Phường Tân Định,Bằng khen",
        "4,Trần Đức Lương,Cá nhân,2.4,Kế toán,Trung tâm Y tế khu vực Chợ Lớn,Bằng khen",
    ];
    let mut out = Vec::new();
    for l in lines {
        out.extend(xetkhen_import::legacy::unicode_to_tcvn3_bytes(l));
        out.extend(b"\r\n");
    }
    out
}
