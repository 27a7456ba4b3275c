//! What Windows does differently from Linux, checked where it happens: these tests are compiled for
//! Windows only, and `make test-windows` runs them under Wine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::windows::fs::OpenOptionsExt;

/// FILE_SHARE_READ: what a PDF viewer such as Acrobat Reader lets others do with a file it shows.
const FILE_SHARE_READ: u32 = 1;

#[test]
fn saving_over_a_file_another_program_holds_open_says_so_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("danh-sach.pdf");
    std::fs::write(&path, b"%PDF-1.7 ban cu").unwrap();
    let viewer = std::fs::OpenOptions::new()
        .read(true)
        .share_mode(FILE_SHARE_READ)
        .open(&path)
        .unwrap();
    let err = crate::fs::write_whole(&path, b"%PDF-1.7 ban moi").unwrap_err();
    assert!(
        err.message.contains("đang mở trong một chương trình khác"),
        "{}",
        err.message
    );
    // The file shown is left as it was, and no temporary file stays beside it.
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 ban cu");
    drop(viewer);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // Once the viewer is closed, the same save goes through.
    crate::fs::write_whole(&path, b"%PDF-1.7 ban moi").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 ban moi");
}
