//! An import writes the rows of a list while it is still reading the rest (issue 16, item 4):
//! a file refused at its end is taken back whole, the files before and after it stay, and what
//! is reported is what an import that read everything first would report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use xetkhen_api::{Desk, DuplicateKind, ImportRequest};

const HEADER: &str = "Họ và tên,Tập thể/Cá nhân,Tiêu chuẩn,Đơn vị,Hình thức khen thưởng,Số CCCD\n";

/// A list of individuals of one unit, `n` rows from `first`, with ID numbers; `bad` puts a row
/// without a name (rejected) at that place.
fn list(dir: &Path, name: &str, first: usize, n: usize, bad: Option<usize>) -> PathBuf {
    let mut csv = String::from(HEADER);
    for i in first..first + n {
        let person = if bad == Some(i) {
            String::new()
        } else {
            format!("Trần Văn Số {i}")
        };
        csv.push_str(&format!(
            "{person},Cá nhân,2.4,Sở Khoa học và Công nghệ,Bằng khen,{:012}\n",
            79_000_000_000u64 + i as u64
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, csv).unwrap();
    path
}

fn request(files: &[&Path]) -> ImportRequest {
    ImportRequest {
        files: files.iter().map(|p| p.display().to_string()).collect(),
        ..ImportRequest::default()
    }
}

#[test]
fn a_file_refused_at_its_end_is_taken_back_and_the_files_around_it_stay() {
    let dir = tempfile::tempdir().unwrap();
    // Each file is longer than what the reader hands over at a time, and the middle one is
    // refused only by its last row: its first rows are written before that row is read.
    let a = list(dir.path(), "a.csv", 0, 700, None);
    let b = list(dir.path(), "b.csv", 1000, 700, Some(1699));
    let c = list(dir.path(), "c.csv", 2000, 700, None);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let report = desk.import(&request(&[&a, &b, &c])).unwrap();
    let accepted: Vec<bool> = report.files.iter().map(|f| f.accepted).collect();
    assert_eq!(accepted, [true, false, true]);
    assert_eq!((report.imported, report.rejected), (1400, 1));
    assert_eq!(report.files[1].rows, 699);
    assert_eq!(desk.app_info().unwrap().nomination_count, 1400);
    let found = desk
        .list_nominations(&xetkhen_api::ListQuery {
            round: report.round.id.clone(),
            query: Some("Trần Văn Số 1000".into()),
            ..xetkhen_api::ListQuery::default()
        })
        .unwrap();
    assert_eq!(found.total, 0, "a row of the refused file was kept");
    // One batch, naming the two files taken; its entry stands for every row, and undoing it
    // takes back exactly them.
    let verdict = desk.audit_verify().unwrap();
    assert!(verdict.intact, "{:?}", verdict.problems);
    let batch = report.batch.unwrap();
    let batches = desk.import_batches(None).unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].source, "a.csv, c.csv");
    let undone = desk.undo_import(&batch).unwrap();
    assert_eq!(undone.removed, 1400);
    assert_eq!(desk.app_info().unwrap().nomination_count, 0);
    assert!(desk.audit_verify().unwrap().intact);
}

#[test]
fn a_row_of_a_refused_file_is_compared_with_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // The refused file holds the same nominee as a later file: that later row is not rejected
    // as a duplicate of a row that was never taken.
    let b = list(dir.path(), "b.csv", 0, 300, Some(299));
    let c = list(dir.path(), "c.csv", 0, 1, None);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let report = desk.import(&request(&[&b, &c])).unwrap();
    assert_eq!(report.imported, 1);
    assert!(report.duplicates.is_empty(), "{:?}", report.duplicates);

    // Taken with the choice to skip invalid rows, the same file's rows do take part: the later
    // row is the same nominee as its first row and is rejected.
    let dir = tempfile::tempdir().unwrap();
    let b = list(dir.path(), "b.csv", 0, 300, Some(299));
    let c = list(dir.path(), "c.csv", 0, 1, None);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let report = desk
        .import(&ImportRequest {
            skip_invalid: true,
            ..request(&[&b, &c])
        })
        .unwrap();
    assert_eq!(report.imported, 299);
    let kinds: Vec<DuplicateKind> = report.duplicates.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [DuplicateKind::Duplicate]);
    assert_eq!(report.files[1].rejected, 1);
}

#[test]
fn a_dry_run_goes_the_same_way_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = list(dir.path(), "a.csv", 0, 600, None);
    let b = list(dir.path(), "b.csv", 1000, 600, Some(1599));
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let dry = desk
        .import(&ImportRequest {
            dry_run: true,
            ..request(&[&a, &b])
        })
        .unwrap();
    assert_eq!((dry.imported, dry.rejected), (600, 1));
    assert!(dry.batch.is_none() && dry.snapshot.is_none());
    assert_eq!(desk.app_info().unwrap().nomination_count, 0);
    assert_eq!(desk.app_info().unwrap().round_count, 0);
    let done = desk.import(&request(&[&a, &b])).unwrap();
    assert_eq!(done.imported, dry.imported);
    // Read again, every row is already there as it is.
    let again = desk.import(&request(&[&a])).unwrap();
    assert_eq!((again.imported, again.unchanged), (0, 600));
    assert!(again.batch.is_none(), "nothing written, nothing to undo");
}

/// A workbook on the city's Unicode template whose names and units were typed in an old TCVN3
/// font: its rows are written as they are read, taken to be Unicode, until the end of the sheet
/// shows the encoding.
fn tcvn3_workbook(dir: &Path, n: u32) -> PathBuf {
    // Typed in a TCVN3 font, each byte is stored as the character it is in Latin-1.
    let tcvn3 = |s: &str| -> String {
        xetkhen_import::legacy::unicode_to_tcvn3_bytes(s)
            .into_iter()
            .map(char::from)
            .collect()
    };
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in (0u16..).zip([
        "STT",
        "Họ và tên",
        "Tiêu chuẩn",
        "Đơn vị",
        "Hình thức khen thưởng",
    ]) {
        ws.write(0, c, h).unwrap();
    }
    for i in 1..=n {
        ws.write(i, 0, i).unwrap();
        ws.write(i, 1, tcvn3(&format!("Nguyễn Thị Hồng {i}")))
            .unwrap();
        ws.write(i, 2, "2.4").unwrap();
        ws.write(i, 3, tcvn3("Phòng Văn hóa - Xã hội")).unwrap();
        ws.write(i, 4, "BK").unwrap();
    }
    let path = dir.join("tcvn3.xlsx");
    wb.save(&path).unwrap();
    path
}

#[test]
fn rows_written_before_the_end_shows_a_tcvn3_file_are_taken_back_and_written_converted() {
    let dir = tempfile::tempdir().unwrap();
    let list = tcvn3_workbook(dir.path(), 700);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let report = desk
        .import(&ImportRequest {
            convert_legacy: true,
            ..request(&[&list])
        })
        .unwrap();
    assert_eq!((report.imported, report.rejected), (700, 0));
    assert!(report.files[0].legacy_converted);
    assert_eq!(desk.app_info().unwrap().nomination_count, 700);
    let round = report.round.id.clone();
    let find = |desk: &Desk, q: &str| {
        desk.list_nominations(&xetkhen_api::ListQuery {
            round: round.clone(),
            query: Some(q.into()),
            ..xetkhen_api::ListQuery::default()
        })
        .unwrap()
    };
    let found = find(&desk, "Nguyễn Thị Hồng 699");
    assert_eq!(found.total, 1, "the name is stored converted");
    assert_eq!(found.rows[0].name, "Nguyễn Thị Hồng 699");
    assert_eq!(found.rows[0].unit, "Phòng Văn hóa - Xã hội");
    assert_eq!(
        find(&desk, "NguyÔn").total,
        0,
        "nothing of the first reading stays"
    );
    assert!(desk.audit_verify().unwrap().intact);
    let undone = desk.undo_import(&report.batch.unwrap()).unwrap();
    assert_eq!(undone.removed, 700);

    // Not converted, the file is refused and nothing of it is written.
    let report = desk.import(&request(&[&list])).unwrap();
    assert!(!report.files[0].accepted);
    assert_eq!(report.imported, 0);
    assert_eq!(desk.app_info().unwrap().nomination_count, 0);
}
