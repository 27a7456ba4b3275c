//! Evidence opened from the window goes into a folder of this user's alone beside the store, is
//! checked again on its way out, and the folder is emptied on request (lock, exit) and on
//! erasure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use xetkhen_api::{clear_opened_evidence, opened_evidence_dir, Desk, SetReviewer};

/// A store on disk with the demo round, this laptop's member, and a PDF attached to a nomination
/// by them; the nomination and the file's hash.
fn desk_with_evidence(dir: &Path) -> (Desk, String, String) {
    let mut desk = Desk::open(&dir.join("xetkhen.db"), "Thư ký").unwrap();
    desk.load_demo().unwrap();
    desk.set_reviewer(&SetReviewer {
        name: "Võ Thị Thư".into(),
        position: "Thư ký Hội đồng".into(),
        role: None,
    })
    .unwrap();
    let pdf = dir.join("bao-cao.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% bao cao\n%%EOF\n").unwrap();
    let d = desk.attach_evidence("demo-014", &pdf, None).unwrap();
    let sha = d.review.unwrap().attachments[0].sha256.clone();
    (desk, "demo-014".into(), sha)
}

#[test]
fn opened_evidence_lands_in_a_private_folder_that_is_emptied_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, nomination, sha) = desk_with_evidence(dir.path());
    let path = desk.write_evidence_to_open(&nomination, &sha).unwrap();
    let root = opened_evidence_dir(&dir.path().join("xetkhen.db"));
    assert!(path.starts_with(&root), "{}", path.display());
    assert_eq!(path.file_name().unwrap(), "bao-cao.pdf");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"%PDF-1.4\n% bao cao\n%%EOF\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for d in [&root, &path.parent().unwrap().to_path_buf()] {
            let mode = std::fs::metadata(d).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", d.display());
        }
    }
    clear_opened_evidence(&dir.path().join("xetkhen.db")).unwrap();
    assert!(!root.exists());
    // Emptying an empty folder is no error (lock after lock).
    clear_opened_evidence(&dir.path().join("xetkhen.db")).unwrap();
}

#[test]
fn an_evidence_name_edited_in_the_store_to_climb_out_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, nomination, sha) = desk_with_evidence(dir.path());
    drop(desk);
    let conn = rusqlite::Connection::open(dir.path().join("xetkhen.db")).unwrap();
    let n = conn
        .execute(
            "UPDATE reviews SET body_json = replace(body_json, 'bao-cao.pdf', '../../../.config/autostart/x.desktop')",
            [],
        )
        .unwrap();
    assert_eq!(n, 1);
    drop(conn);
    let desk = Desk::open(&dir.path().join("xetkhen.db"), "Thư ký").unwrap();
    let err = desk.write_evidence_to_open(&nomination, &sha).unwrap_err();
    assert!(err.message.contains("x.desktop"), "{}", err.message);
    assert!(!dir.path().join(".config").exists());
    let root = opened_evidence_dir(&dir.path().join("xetkhen.db"));
    assert!(!root.exists() || std::fs::read_dir(&root).unwrap().next().is_none());
}
