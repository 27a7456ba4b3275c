//! Bad files harm nothing: each gets a clear error naming the file, and nothing panics or
//! aborts. The files are made at test time rather than committed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use std::io::Write;
use std::path::Path;
use xetkhen_core::{RoundKind, Rubric};
use xetkhen_import::{parse_file, sheets, ImportError, ImportOptions};

fn refused(path: &Path) -> ImportError {
    let r = parse_file(
        path,
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        &ImportOptions::default(),
    );
    let e = r.expect_err("the file must be refused");
    // Read row by row as an import reads it, the same refusal.
    let (streamed, _) = streamed(path, &ImportOptions::default());
    assert_eq!(
        format!("{:?}", streamed.expect_err("refused row by row too")),
        format!("{e:?}")
    );
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        e.to_string().contains(&name),
        "the message names the file: {e}"
    );
    // sheets() must refuse it too, without panicking.
    assert!(
        sheets(path).is_err()
            || matches!(
                e,
                ImportError::NoHeader { .. } | ImportError::EncodingUndecided { .. }
            )
    );
    e
}

fn good_xlsx(dir: &Path) -> Vec<u8> {
    let p = xlsx(
        dir,
        "good.xlsx",
        &[],
        &HEADER,
        &[ward("Phường Sài Gòn", V::N(80.0))],
    );
    std::fs::read(p).unwrap()
}

#[test]
fn a_zero_byte_file_is_refused() {
    let d = dir();
    assert!(matches!(
        refused(&write(d.path(), "rong.xlsx", b"")),
        ImportError::Empty { .. }
    ));
    assert!(matches!(
        refused(&write(d.path(), "rong.csv", b"")),
        ImportError::Empty { .. }
    ));
}

#[test]
fn random_bytes_are_refused() {
    let d = dir();
    // A fixed pseudo-random sequence (xorshift), so the test is repeatable.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    assert!(matches!(
        refused(&write(d.path(), "rac.xlsx", &bytes)),
        ImportError::Corrupt { .. }
    ));
    assert!(matches!(
        refused(&write(d.path(), "rac.csv", &bytes)),
        ImportError::EncodingUndecided { .. } | ImportError::UnsupportedFormat { .. }
    ));
    // Random bytes behind a zip signature or an OLE signature.
    let mut zipish = b"PK\x03\x04".to_vec();
    zipish.extend(&bytes);
    assert!(matches!(
        refused(&write(d.path(), "rac2.xlsx", &zipish)),
        ImportError::Corrupt { .. }
    ));
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(&bytes);
    assert!(matches!(
        refused(&write(d.path(), "rac.xls", &ole)),
        ImportError::Corrupt { .. }
    ));
}

#[test]
fn a_truncated_workbook_is_refused() {
    let d = dir();
    let good = good_xlsx(d.path());
    for cut in [10, good.len() / 3, good.len() / 2, good.len() - 10] {
        let e = refused(&write(d.path(), "cut.xlsx", &good[..cut]));
        assert!(
            matches!(e, ImportError::Corrupt { .. }),
            "cut at {cut}: {e}"
        );
    }
}

#[test]
fn a_password_protected_workbook_is_refused_with_a_clear_message() {
    let d = dir();
    // Excel writes an encrypted xlsx as an OLE container with these two streams.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(1024, 0);
    for name in ["EncryptionInfo", "EncryptedPackage"] {
        ole.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
        ole.resize(ole.len() + 64, 0);
    }
    let e = refused(&write(d.path(), "mat-khau.xlsx", &ole));
    assert!(matches!(e, ImportError::PasswordProtected { .. }));
    assert!(e.to_string().contains("mật khẩu"));
}

#[test]
fn a_zip_bomb_is_refused() {
    let d = dir();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/workbook.xml", opts).unwrap();
    z.write_all(b"<workbook/>").unwrap();
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..20 {
        z.write_all(&zeros).unwrap();
    }
    let bytes = z.finish().unwrap().into_inner();
    assert!(bytes.len() < 200 * 1024, "20 MB of spaces pack small");
    let e = refused(&write(d.path(), "bom.xlsx", &bytes));
    assert!(matches!(e, ImportError::Unsafe { .. }), "{e}");
    assert!(e.to_string().contains("zip bomb"));
}

#[test]
fn an_xml_entity_expansion_is_refused() {
    let d = dir();
    let good = good_xlsx(d.path());
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>"#;
    let bad = rewrite_zip(&good, |name, data| {
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            let body = text.split_once("?>").map_or(text.as_str(), |(_, b)| b);
            format!("{laughs}{}", body.replacen("Phường Sài Gòn", "&lol2;", 1)).into_bytes()
        } else {
            data
        }
    });
    let e = refused(&write(d.path(), "entity.xlsx", &bad));
    assert!(
        matches!(e, ImportError::Unsafe { .. }) && e.to_string().contains("ENTITY"),
        "{e}"
    );
}

#[test]
fn a_workbook_claiming_a_cell_at_xfd1048576_is_refused_without_aborting() {
    let d = dir();
    let good = good_xlsx(d.path());
    let claim = rewrite_zip(&good, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(data).unwrap();
            let start = text.find("<dimension ref=\"").unwrap() + 16;
            let end = start + text[start..].find('"').unwrap();
            format!("{}A1:XFD1048576{}", &text[..start], &text[end..]).into_bytes()
        } else {
            data
        }
    });
    let e = refused(&write(d.path(), "xfd.xlsx", &claim));
    assert!(matches!(e, ImportError::Unsafe { .. }), "{e}");
    // The same claim made by a cell instead of the dimension.
    let cell = rewrite_zip(&good, |name, data| {
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(data).unwrap();
            text.replace(
                "</sheetData>",
                "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
            )
            .into_bytes()
        } else {
            data
        }
    });
    assert!(matches!(
        refused(&write(d.path(), "xfd-cell.xlsx", &cell)),
        ImportError::Unsafe { .. }
    ));
}

#[test]
fn shared_strings_claiming_billions_of_entries_are_refused() {
    let d = dir();
    let good = good_xlsx(d.path());
    let bad = rewrite_zip(&good, |name, data| {
        if name == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            let start = text.find("uniqueCount=\"").unwrap() + 13;
            let end = start + text[start..].find('"').unwrap();
            format!("{}4000000000{}", &text[..start], &text[end..]).into_bytes()
        } else {
            data
        }
    });
    assert!(matches!(
        refused(&write(d.path(), "sst.xlsx", &bad)),
        ImportError::Unsafe { .. }
    ));
}

#[test]
fn invalid_utf8_text_is_refused_or_asks_for_an_encoding() {
    let d = dir();
    let mut bytes = "STT,Họ và tên\n1,".as_bytes().to_vec();
    bytes.extend([
        0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0x80, 0x81, 0x82, 0x83, 0x84,
    ]);
    let e = refused(&write(d.path(), "utf8.csv", &bytes));
    assert!(matches!(e, ImportError::EncodingUndecided { .. }), "{e}");
}

#[test]
fn a_200_mb_file_is_refused_before_it_is_read() {
    let d = dir();
    let p = d.path().join("lon.xlsx");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap(); // sparse: no disk used
    let e = refused(&p);
    assert!(
        matches!(e, ImportError::TooLarge { size_mb: 200, .. }),
        "{e}"
    );
}

#[test]
fn a_missing_file_and_a_directory_are_refused() {
    let d = dir();
    assert!(matches!(
        refused(&d.path().join("khong-co.xlsx")),
        ImportError::Io { .. }
    ));
    let sub = d.path().join("thu-muc.xlsx");
    std::fs::create_dir(&sub).unwrap();
    assert!(matches!(refused(&sub), ImportError::Io { .. }));
}

#[test]
fn a_zip_that_is_not_a_workbook_is_refused() {
    let d = dir();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(b"hello").unwrap();
    let bytes = z.finish().unwrap().into_inner();
    assert!(matches!(
        refused(&write(d.path(), "nen.xlsx", &bytes)),
        ImportError::UnsupportedFormat { .. }
    ));
}

#[test]
fn a_workbook_with_no_recognisable_header_says_what_it_needs() {
    let d = dir();
    let p = xlsx(
        d.path(),
        "khong-tieu-de.xlsx",
        &[],
        &["A", "B", "C"],
        &[vec![V::T("x"), V::T("y"), V::T("z")]],
    );
    let e = refused(&p);
    assert!(matches!(e, ImportError::NoHeader { .. }));
    assert!(e.to_string().contains("Họ và tên"));
}

#[test]
fn every_error_has_a_code_for_the_ui() {
    let d = dir();
    let e = refused(&write(d.path(), "rong.csv", b""));
    assert_eq!(e.code(), "import.empty");
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["code"], "import.empty");
}

/// Found by the `import_xls` fuzz target: calamine slices past the end of the file when a
/// compound document's sector chain points beyond it, and panics.
#[test]
fn an_xls_whose_sector_chain_runs_past_the_end_is_refused_not_a_crash() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xls-sector-chain-past-end.xls");
    let e = refused(&path);
    assert!(matches!(e, ImportError::Corrupt { .. }), "{e}");
}

/// Found by the `import_xls` fuzz target: a compound file whose sector chain loops made calamine
/// grow a buffer until memory ran out, and the process aborted (no `catch_unwind` stops that).
#[test]
fn an_xls_whose_sector_chain_loops_is_refused_before_calamine_reads_it() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xls-sector-chain-loop.xls");
    let e = refused(&path);
    assert!(matches!(e, ImportError::Corrupt { .. }), "{e}");
    assert!(e.to_string().contains("lặp vòng"), "{e}");
}

/// Found by the `import_xls` fuzz target: a sheet's DIMENSIONS record claiming billions of cells
/// made calamine reserve terabytes, and the process aborted.
#[test]
fn an_xls_sheet_claiming_billions_of_cells_is_refused_before_calamine_reads_it() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xls-dimension-billions.xls");
    let e = refused(&path);
    assert!(matches!(e, ImportError::Unsafe { .. }), "{e}");
}

/// Found by the `import_xls` fuzz target: a cell record at a far column made calamine build a
/// dense grid of 137 GB from the first cell to the last, and the process aborted.
#[test]
fn an_xls_cell_beyond_column_256_is_refused_before_calamine_reads_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xls-cell-far-column.xls");
    // The mutation that moved the cell also damaged a FAT sector the DIFAT names, which the
    // allocation-table check finds first: either way calamine never sees the file.
    let e = refused(&path);
    assert!(
        matches!(e, ImportError::Unsafe { .. } | ImportError::Corrupt { .. }),
        "{e}"
    );
}

/// Found by the `import_xls` fuzz target: a loop in a FAT sector that the DIFAT names beyond the
/// header's count of FAT sectors; calamine reads those sectors too, so the check must.
#[test]
fn an_xls_whose_extra_fat_sector_loops_is_refused_before_calamine_reads_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xls-extra-fat-loop.xls");
    let e = refused(&path);
    assert!(matches!(e, ImportError::Corrupt { .. }), "{e}");
}

/// A compound file whose DIFAT names one FAT sector 254,109 times in 1 MB: the FAT is built
/// from every name, 128 entries each, so reading it first (as calamine and the `cfb` crate both
/// do) takes 130 MB here and 5.9 GB at the 50 MB size limit, where the process aborts. It is
/// refused from the DIFAT alone: a file has no more FAT sectors than sectors.
#[test]
fn an_xls_whose_difat_names_one_fat_sector_over_and_over_is_refused_before_the_fat_is_built() {
    const END: u32 = 0xFFFF_FFFE;
    let difat_sectors: u32 = 2000;
    let fat = difat_sectors; // the one FAT sector, after the DIFAT's
    let mut file = vec![0u8; 512];
    file[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put = |b: &mut [u8], at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    file[0x1A..0x20].copy_from_slice(&[3, 0, 0xFE, 0xFF, 9, 0]); // version 3, 512-byte sectors
    put(&mut file, 0x2C, 1); // the header counts one FAT sector
    put(&mut file, 0x30, fat + 1); // the directory
    put(&mut file, 0x3C, END); // no mini FAT
    put(&mut file, 0x44, 0); // the DIFAT starts at sector 0
    put(&mut file, 0x48, difat_sectors);
    for i in 0..109 {
        put(&mut file, 0x4C + 4 * i, fat);
    }
    for s in 0..difat_sectors {
        let mut sector = [0u8; 512];
        for i in 0..127 {
            put(&mut sector, 4 * i, fat);
        }
        put(
            &mut sector,
            508,
            if s + 1 < difat_sectors { s + 1 } else { END },
        );
        file.extend_from_slice(&sector);
    }
    file.extend_from_slice(&[0xFF; 512]); // the FAT sector: all free
    file.extend_from_slice(&[0; 512]); // the directory
    let d = tempfile::tempdir().unwrap();
    let e = refused(&write(d.path(), "difat.xls", &file));
    assert!(matches!(e, ImportError::Corrupt { .. }), "{e}");
    assert!(e.to_string().contains("DIFAT"), "{e}");
}
