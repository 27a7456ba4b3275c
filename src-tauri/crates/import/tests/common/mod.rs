//! Helpers shared by the story tests: workbooks and text files written at test time.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rust_xlsxwriter::{Format, Workbook};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use xetkhen_core::{RoundKind, Rubric};
use xetkhen_import::{
    parse_file, parse_file_streaming, Handed, ImportError, ImportOptions, ParsedFile,
};

pub const HEADER: [&str; 10] = [
    "STT",
    "Họ và tên / Tên tập thể",
    "Tập thể/Cá nhân",
    "Tiêu chuẩn",
    "Chức vụ",
    "Đơn vị",
    "Hình thức khen thưởng",
    "Tỷ lệ hồ sơ công việc xử lý trên môi trường mạng (%)",
    "Tỷ lệ văn bản điện tử",
    "Số CCCD",
];

/// A cell to write: text, number, or a number in a cell formatted as percent.
#[derive(Clone, Debug)]
pub enum V {
    T(&'static str),
    S(String),
    N(f64),
    Pct(f64),
    E,
}

pub fn dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Writes a workbook: `titles` rows at the top (the first merged across the table), then the
/// header, then the rows.
pub fn xlsx(dir: &Path, name: &str, titles: &[&str], header: &[&str], rows: &[Vec<V>]) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let pct = Format::new().set_num_format("0.0%");
    let width = u16::try_from(header.len().max(1) - 1).unwrap();
    for (i, t) in titles.iter().enumerate() {
        let r = u32::try_from(i).unwrap();
        if i == 0 {
            ws.merge_range(r, 0, r, width, t, &Format::new().set_bold())
                .unwrap();
        } else {
            ws.write(r, 0, *t).unwrap();
        }
    }
    let h = u32::try_from(titles.len()).unwrap();
    for (c, t) in header.iter().enumerate() {
        ws.write(h, u16::try_from(c).unwrap(), *t).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        let r = h + 1 + u32::try_from(i).unwrap();
        for (c, v) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            match v {
                V::T(s) => {
                    ws.write(r, c, *s).unwrap();
                }
                V::S(s) => {
                    ws.write(r, c, s.as_str()).unwrap();
                }
                V::N(n) => {
                    ws.write(r, c, *n).unwrap();
                }
                V::Pct(n) => {
                    ws.write_with_format(r, c, *n, &pct).unwrap();
                }
                V::E => {}
            }
        }
    }
    let path = dir.join(name);
    wb.save(&path).unwrap();
    path
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn parse(path: &Path) -> ParsedFile {
    parse_with(path, &ImportOptions::default())
}

/// Reads a list whole, and checks that reading it row by row as it is parsed (as an import does)
/// hands over the same rows and returns the same file.
pub fn parse_with(path: &Path, opts: &ImportOptions) -> ParsedFile {
    let whole = parse_file(path, &Rubric::plan_2242(), RoundKind::TongKet, opts).unwrap();
    let (streamed, _) = streamed(path, opts);
    assert_eq!(streamed.unwrap(), whole, "read row by row and read whole");
    whole
}

/// Reads a list row by row as it is parsed, the way an import does: the rows handed over (after
/// any [`Handed::Again`]) are put in the file returned. Also says how many times the reading
/// started again.
pub fn streamed(path: &Path, opts: &ImportOptions) -> (Result<ParsedFile, ImportError>, usize) {
    let mut rows = Vec::new();
    let mut again = 0;
    let parsed = parse_file_streaming(
        path,
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        opts,
        &mut |_, _| true,
        &mut |h| {
            match h {
                Handed::Row(r) => rows.push(r),
                Handed::Again => {
                    again += 1;
                    rows.clear();
                }
            }
            true
        },
    );
    let parsed = parsed.map(|mut p| {
        assert!(p.rows.is_empty(), "a streamed file keeps no rows");
        p.rows = rows;
        p
    });
    (parsed, again)
}

/// Rewrites a zip, passing each entry through `f` (name, data) → data.
pub fn rewrite_zip(bytes: &[u8], f: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        drop(e);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&f(&name, data)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

pub fn ward(name: &'static str, online: V) -> Vec<V> {
    vec![
        V::N(1.0),
        V::T(name),
        V::T("Tập thể"),
        V::T("2.2"),
        V::E,
        V::S(format!("UBND {name}")),
        V::T("Bằng khen"),
        online,
        V::N(100.0),
    ]
}
