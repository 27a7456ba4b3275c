//! Long operations seen from the window: an import cancelled while it writes leaves the store as
//! it was, a cancel after the commit is refused, and a previewed list is signed as it was shown.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use xetkhen_api::{
    save_draft, verify_file, write_training_certificate, CancelOutcome, ColumnChoice, Desk,
    ErrorCode, ExportFilter, ExportFormat, ExportOptions, Exports, ImportRequest, Job, JobStage,
    SignerChoice,
};
use xetkhen_core::AwardForm;

/// A list of `n` individuals, with one column the built-in wordings do not know.
fn big_list(path: &Path, n: usize) {
    let mut csv = String::from(
        "Họ và tên,Tập thể/Cá nhân,Tiêu chuẩn,Đơn vị,Hình thức khen thưởng,Số CCCD,Nội dung đóng góp nổi bật\n",
    );
    for i in 0..n {
        csv.push_str(&format!(
            "Nguyễn Văn Thử {i},Cá nhân,2.4,Sở Khoa học và Công nghệ,Bằng khen,{:012},Sáng kiến số {i}\n",
            79_000_000_000u64 + i as u64
        ));
    }
    std::fs::write(path, csv).unwrap();
}

fn request(path: &Path) -> ImportRequest {
    ImportRequest {
        files: vec![path.display().to_string()],
        mapping: vec![ColumnChoice {
            header: "Nội dung đóng góp nổi bật".into(),
            field: "summary".into(),
        }],
        ..ImportRequest::default()
    }
}

#[test]
fn an_import_cancelled_while_writing_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("danh-sach-lon.csv");
    big_list(&list, 3000);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let job = Job::default();
    let watcher = {
        let job = job.clone();
        std::thread::spawn(move || loop {
            let s = job.status();
            if s.stage == JobStage::Writing && s.done > 0 {
                return job.cancel();
            }
            if s.stage == JobStage::Done {
                return CancelOutcome::TooLate;
            }
            std::thread::yield_now();
        })
    };
    let err = desk.import_with(&request(&list), &job).unwrap_err();
    assert_eq!(watcher.join().unwrap(), CancelOutcome::Cancelling);
    assert_eq!(err.code, ErrorCode::Cancelled, "{}", err.message);
    // No round made for the import, no nomination, no remembered mapping, no audit entry.
    let info = desk.app_info().unwrap();
    assert_eq!((info.round_count, info.nomination_count), (0, 0));
    assert!(desk.store().column_mappings().unwrap().is_empty());
    assert!(desk.store().audit_entries(None).unwrap().is_empty());

    // The same import, not cancelled, writes everything; a cancel then is too late.
    let job = Job::default();
    let report = desk.import_with(&request(&list), &job).unwrap();
    assert_eq!(report.imported, 3000);
    assert_eq!(job.cancel(), CancelOutcome::TooLate);
    assert_eq!(desk.app_info().unwrap().nomination_count, 3000);
}

#[test]
fn a_previewed_list_is_signed_with_a_training_certificate_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let demo = desk.load_demo().unwrap();
    let mut exports = Exports::default();
    let options = ExportOptions {
        round: demo.round.id,
        award: AwardForm::BangKhen,
        filter: ExportFilter::All,
        format: ExportFormat::Pdf,
        number: Some("15/DS-BTĐKT".into()),
        signer_title: Some("Phó Trưởng ban".into()),
        signer_name: Some("Lê Thị Tập Huấn".into()),
        cover: true,
        cover_number: None,
    };
    let job = Job::default();
    let preview = desk.export_preview(&mut exports, &options, &job).unwrap();
    assert!(preview.rows > 0);
    assert!(preview.page_count >= 2, "the cover and the list");
    // The window draws the draft's own bytes, and is told their digest with them.
    let shown = exports.draft_pdf(&preview.draft).unwrap().to_vec();
    assert!(shown.starts_with(b"%PDF-"));
    assert_eq!(shown.len(), preview.size_bytes as usize);
    assert_eq!(preview.sha256, xetkhen_core::audit::sha256_hex(&shown));
    let status = job.status();
    assert_eq!(status.stage, JobStage::Done);

    let p12 = dir.path().join("tap-huan.p12");
    let (ca, subject) = write_training_certificate("Lê Thị Tập Huấn", "mat-khau", &p12).unwrap();
    assert!(subject.contains("TẬP HUẤN"), "{subject}");
    let file = exports.add_certificate(p12);
    let out = dir.path().join("danh-sach.pdf");
    let saved = save_draft(
        &mut exports,
        &preview.draft,
        &preview.sha256,
        &SignerChoice::P12 {
            file,
            password: "mat-khau".into(),
        },
        &out,
        &Job::default(),
    )
    .unwrap();
    assert!(saved.signed);
    assert_eq!(saved.rows, preview.rows);
    assert!(exports
        .written(&saved.file)
        .unwrap()
        .ends_with("danh-sach.pdf"));

    let v = verify_file(&out, Some(&ca)).unwrap();
    assert!(v.valid, "{:?}", v);
    let s = &v.signatures[0];
    assert!(s.trusted && s.intact && s.covers_whole_file, "{s:?}");
    assert!(s.signer.as_deref().unwrap().contains("TẬP HUẤN"));
    assert!(s.signed_at.as_deref().unwrap().ends_with("+07:00"), "{s:?}");
    // What is signed is what was shown: the signature is appended to the very bytes drawn.
    assert!(std::fs::read(&out).unwrap().starts_with(&shown));

    // Bytes other than those shown are not signed: a digest that is not the draft's is refused.
    let elsewhere = dir.path().join("khac-ban.pdf");
    let err = save_draft(
        &mut exports,
        &preview.draft,
        &xetkhen_core::audit::sha256_hex(b"another draft"),
        &SignerChoice::None,
        &elsewhere,
        &Job::default(),
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("draft"), "{}", err.message);
    assert!(!elsewhere.exists());

    // A wrong password is refused in Vietnamese and writes nothing.
    let other = dir.path().join("khac.pdf");
    let file = exports.add_certificate(dir.path().join("tap-huan.p12"));
    let err = save_draft(
        &mut exports,
        &preview.draft,
        &preview.sha256,
        &SignerChoice::P12 {
            file,
            password: "sai".into(),
        },
        &other,
        &Job::default(),
    )
    .unwrap_err();
    assert!(!other.exists(), "{}", err.message);
}

#[test]
fn an_unsigned_file_is_refused_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let demo = desk.load_demo().unwrap();
    let out = dir.path().join("chua-ky.pdf");
    let options = ExportOptions {
        round: demo.round.id,
        award: AwardForm::BangKhen,
        filter: ExportFilter::All,
        format: ExportFormat::Pdf,
        number: None,
        signer_title: None,
        signer_name: None,
        cover: false,
        cover_number: None,
    };
    desk.export(&options.request(out.clone(), None)).unwrap();
    let v = verify_file(&out, None).unwrap();
    assert!(!v.valid);
    assert!(
        v.problems
            .iter()
            .any(|p| p.code == xetkhen_api::MessageCode::VerifyNoSignature),
        "{v:?}"
    );
}

#[test]
fn a_preview_cancelled_before_it_is_rendered_keeps_no_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let demo = desk.load_demo().unwrap();
    let mut exports = Exports::default();
    let options = ExportOptions {
        round: demo.round.id,
        award: AwardForm::BangKhen,
        filter: ExportFilter::Eligible,
        format: ExportFormat::Pdf,
        number: None,
        signer_title: None,
        signer_name: None,
        cover: false,
        cover_number: None,
    };
    let job = Job::default();
    assert_eq!(job.cancel(), CancelOutcome::Cancelling);
    let err = desk
        .export_preview(&mut exports, &options, &job)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(job.status().stage, JobStage::Cancelled);
    // Nothing to sign: the draft the window might name does not exist.
    let err = save_draft(
        &mut exports,
        &xetkhen_api::DraftToken::new("d1"),
        &"0".repeat(64),
        &SignerChoice::None,
        &dir.path().join("x.pdf"),
        &Job::default(),
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("draft"));
}

/// Cancels `job` once it reports reading rows of a file (not merely its start); answers whether
/// the cancel came while the rows were read.
fn cancel_while_reading(job: &Job) -> std::thread::JoinHandle<bool> {
    let job = job.clone();
    std::thread::spawn(move || loop {
        let s = job.status();
        match s.stage {
            JobStage::Reading if s.done > 0 && s.done < s.total => {
                return job.cancel() == CancelOutcome::Cancelling
            }
            JobStage::Waiting | JobStage::Reading => std::thread::yield_now(),
            _ => return false,
        }
    })
}

#[test]
fn a_long_list_moves_the_progress_while_its_rows_are_read_and_a_cancel_stops_it_there() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("danh-sach-lon.csv");
    big_list(&list, 3000);
    let mut desk = Desk::open(&dir.path().join("x.db"), "Thư ký").unwrap();
    let job = Job::default();
    let watcher = cancel_while_reading(&job);
    let err = desk.import_with(&request(&list), &job).unwrap_err();
    assert!(watcher.join().unwrap(), "the reading reported its rows");
    assert_eq!(err.code, ErrorCode::Cancelled, "{}", err.message);
    assert_eq!(job.status().stage, JobStage::Cancelled);
    let info = desk.app_info().unwrap();
    assert_eq!((info.round_count, info.nomination_count), (0, 0));
    assert!(desk.store().audit_entries(None).unwrap().is_empty());
}

#[test]
fn a_preview_cancelled_while_it_reads_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("danh-sach-lon.csv");
    big_list(&list, 3000);
    let db = dir.path().join("x.db");
    let mut desk = Desk::open(&db, "Thư ký").unwrap();
    let preview = ImportRequest {
        dry_run: true,
        ..request(&list)
    };
    let files_before: Vec<_> = walk(dir.path());

    let job = Job::default();
    let watcher = cancel_while_reading(&job);
    let err = desk.import_with(&preview, &job).unwrap_err();
    assert!(watcher.join().unwrap(), "the preview reported its rows");
    assert_eq!(err.code, ErrorCode::Cancelled, "{}", err.message);
    assert_eq!(job.status().stage, JobStage::Cancelled);
    // No round, nomination, remembered mapping or audit entry; no snapshot or other file.
    let info = desk.app_info().unwrap();
    assert_eq!((info.round_count, info.nomination_count), (0, 0));
    assert!(desk.store().column_mappings().unwrap().is_empty());
    assert!(desk.store().audit_entries(None).unwrap().is_empty());
    assert_eq!(walk(dir.path()), files_before);

    // The same preview, not cancelled, tells what an import would do, and still writes nothing.
    let job = Job::default();
    let report = desk.import_with(&preview, &job).unwrap();
    assert!(report.dry_run);
    assert_eq!(report.imported, 3000);
    assert_eq!(job.status().stage, JobStage::Done);
    assert_eq!(desk.app_info().unwrap().nomination_count, 0);
    assert!(desk.store().column_mappings().unwrap().is_empty());
}

/// Every file under `dir` (the store's WAL and shared-memory files aside), sorted.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm") {
            out.push(p);
        }
    }
    out.sort();
    out
}
