//! An xlsx sheet's rows are checked while calamine still parses the sheet (an import stores the
//! first rows meanwhile), and what is handed over is exactly what reading the whole sheet first
//! gives: on lists whose reading depends on the whole sheet (a legacy encoding, percentages typed
//! as fractions, rows out of order) and on a sheet broken at its end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use xetkhen_import::{ImportError, ImportOptions};

/// `n` collectives, `pct(i)` in the online-records column of the i-th.
fn wards(n: usize, pct: impl Fn(usize) -> V) -> Vec<Vec<V>> {
    (0..n)
        .map(|i| {
            let mut row = ward("Phường", pct(i));
            row[1] = V::S(format!("Phường Số {i}"));
            row[5] = V::S(format!("UBND Phường Số {i}"));
            row
        })
        .collect()
}

#[test]
fn rows_wait_for_a_percentage_column_whose_scale_shows_late() {
    let d = dir();
    // 600 bare numbers at most 1, then 95: the column is percent, and 0.6 is 0.6 %.
    let rows = wards(700, |i| V::N(if i == 650 { 95.0 } else { 0.6 }));
    let p = xlsx(d.path(), "muon.xlsx", &["DANH SÁCH"], &HEADER, &rows);
    let f = parse(&p); // also compares with the rows handed one by one
    assert_eq!(f.rows.len(), 700);
    let online = |r: &xetkhen_import::ParsedRow| {
        r.nomination
            .metrics
            .get(xetkhen_core::Metric::OnlineRecordsPct)
            .map(|p| p.hundredths())
    };
    assert_eq!(online(&f.rows[0]), Some(60), "0.6 read as 0.6 %");
    assert_eq!(online(&f.rows[650]), Some(9500));
}

#[test]
fn a_column_of_fractions_is_known_only_at_the_end_and_warned_of_first() {
    let d = dir();
    let rows = wards(600, |i| V::Pct(0.5 + (i % 40) as f64 / 100.0));
    let p = xlsx(d.path(), "phan-so.xlsx", &["DANH SÁCH"], &HEADER, &rows);
    let f = parse(&p);
    assert_eq!(f.rows.len(), 600);
    assert_eq!(
        f.warnings[0].message.code,
        xetkhen_core::MessageCode::ImportFractionColumn
    );
    assert_eq!(
        f.rows[1]
            .nomination
            .metrics
            .get(xetkhen_core::Metric::OnlineRecordsPct)
            .map(|p| p.hundredths()),
        Some(5100)
    );
}

#[test]
fn a_workbook_in_tcvn3_is_checked_again_whole_once_its_end_shows_the_encoding() {
    let d = dir();
    // The way such a workbook reaches us: typed in a TCVN3 font, each byte is stored as the
    // character it is in Latin-1 ("NguyÔn V¨n A").
    let tcvn3 = |s: &str| -> String {
        xetkhen_import::legacy::unicode_to_tcvn3_bytes(s)
            .into_iter()
            .map(char::from)
            .collect()
    };
    let rows: Vec<Vec<V>> = (0..300)
        .map(|i| {
            vec![
                V::N(f64::from(i + 1)),
                V::S(tcvn3(&format!("Nguyễn Thị Ánh {i}"))),
                V::T("Cá nhân"),
                V::T("2.4"),
                V::S(tcvn3("Chuyên viên")),
                V::S(tcvn3("Phòng Văn hóa - Xã hội")),
                V::T("Bằng khen"),
            ]
        })
        .collect();
    // The city's template (in Unicode, with its lists of kinds and award forms), its names typed
    // in an old TCVN3 font.
    let p = xlsx(d.path(), "tcvn3.xlsx", &[], &HEADER, &rows);
    let whole = parse(&p);
    assert!(whole.legacy_encoding.is_some(), "the file is TCVN3");
    let (streamed, again) = streamed(&p, &ImportOptions::default());
    assert_eq!(again, 1, "rows were handed as Unicode, then again");
    assert_eq!(streamed.unwrap(), whole);
    // Converted at the user's word: read row by row, the same as read whole (`parse_with`).
    parse_with(
        &p,
        &ImportOptions {
            convert_legacy: true,
            ..ImportOptions::default()
        },
    );
}

#[test]
fn rows_written_out_of_order_are_read_as_excel_places_them() {
    let d = dir();
    let p = d.path().join("thu-tu.xlsx");
    xetkhen_import::write_generated_list(&p, 600).unwrap();
    // A tool (not Excel) that writes row 500 after row 600: cut it out and put it at the end.
    let bytes = rewrite_zip(&std::fs::read(&p).unwrap(), |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let start = xml.find("<row r=\"500\"").unwrap();
        let end = start + xml[start..].find("</row>").unwrap() + "</row>".len();
        let row = xml[start..end].to_string();
        let rest = format!("{}{}", &xml[..start], &xml[end..]);
        rest.replace("</sheetData>", &format!("{row}</sheetData>"))
            .into_bytes()
    });
    let p = write(d.path(), "thu-tu.xlsx", &bytes);
    let whole = parse(&p);
    assert_eq!(whole.rows.len(), 600);
    assert_eq!(whole.rows[496].row, 500, "in the order of the sheet");
    let (_, again) = streamed(&p, &ImportOptions::default());
    assert_eq!(
        again, 1,
        "the rows handed before row 500 came are handed again"
    );
}

#[test]
fn the_first_rows_are_handed_over_before_the_end_of_the_sheet_is_parsed() {
    let d = dir();
    let p = d.path().join("hong.xlsx");
    xetkhen_import::write_generated_list(&p, 2000).unwrap();
    // The sheet breaks near its end: a cell closed by a tag that does not close it.
    let bytes = rewrite_zip(&std::fs::read(&p).unwrap(), |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let at = xml.find("<row r=\"1990\"").unwrap();
        let cell = at + xml[at..].find("</c>").unwrap();
        format!("{}</x>{}", &xml[..cell], &xml[cell + "</c>".len()..]).into_bytes()
    });
    let p = write(d.path(), "hong.xlsx", &bytes);
    let mut handed = 0;
    let read = xetkhen_import::parse_file_streaming(
        &p,
        &xetkhen_core::Rubric::plan_2242(),
        xetkhen_core::RoundKind::TongKet,
        &ImportOptions::default(),
        &mut |_, _| true,
        &mut |_| {
            handed += 1;
            true
        },
    );
    assert!(
        matches!(read, Err(ImportError::Corrupt { ref file, .. }) if file == "hong.xlsx"),
        "{read:?}"
    );
    assert!(handed > 1000, "{handed} rows handed before the break");
}
