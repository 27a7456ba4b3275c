//! The tờ trình before the list: the secretariat sends both in one signed file, and whoever reads
//! it sees the cover on page 1 and the list, numbered from its own first page, after it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::*;
use xetkhen_pdf::cert::KeyKind;
use xetkhen_pdf::sample::{demo_cover, demo_list};
use xetkhen_pdf::{render_list_with_layout, sign_pdf, verify_pdf};

/// The text of one page, lines kept, spaces collapsed within each line.
fn page_text(pdf: &[u8], page: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path(), "cover.pdf", pdf);
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_cover_comes_first_and_the_list_numbers_its_own_pages() {
    let mut doc = demo_list(15, 25);
    let without = render_list_with_layout(&doc).unwrap();
    doc.cover = Some(demo_cover(15, 25));
    let with = render_list_with_layout(&doc).unwrap();
    assert_eq!(with.pages, without.pages + 1, "the cover takes one page");
    assert_eq!(with.signature_area.page, with.pages - 1);
    if !tool("pdftotext") {
        return;
    }
    let cover = page_text(&with.bytes, 1);
    let flat = cover.join(" ");
    for s in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/TTr-BTĐKT",
        "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2023",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng Bằng khen của Ủy ban nhân dân Thành phố",
        "Kính gửi: Ủy ban nhân dân Thành phố.",
        "Căn cứ Kế hoạch số 2242/KH-UBND ngày 05 tháng 7 năm 2022",
        "tặng Bằng khen cho 15 tập thể và 25 cá nhân",
        "Nơi nhận:",
        "- Như trên;",
        "KT. TRƯỞNG BAN",
        "Đặng Thị Ơn",
    ] {
        assert!(flat.contains(s), "cover lacks «{s}»:\n{}", cover.join("\n"));
    }
    assert!(!flat.contains("DANH SÁCH ĐỀ NGHỊ"), "{flat}");
    // A justified line is drawn word by word; it must still read as words with spaces.
    assert!(
        flat.contains("Ủy ban nhân dân Thành phố phát động Phong trào thi đua"),
        "{flat}"
    );

    // The list's first page carries no number; its second page is "2".
    let list_first = page_text(&with.bytes, 2);
    assert_eq!(list_first[0], "SỞ NỘI VỤ", "{list_first:?}");
    assert!(list_first
        .iter()
        .any(|l| l == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"));
    let list_second = page_text(&with.bytes, 3);
    assert_eq!(list_second[0], "2", "{list_second:?}");
}

#[test]
fn a_list_with_its_cover_signs_and_verifies_everywhere() {
    let mut doc = demo_list(3, 4);
    doc.cover = Some(demo_cover(3, 4));
    let r = render_list_with_layout(&doc).unwrap();
    let mut opts = sign_options();
    opts.area = Some(r.signature_area);
    let pdf = sign_pdf(&r.bytes, &p12_signer(KeyKind::Rsa2048), &opts).unwrap();
    assert!(verify_pdf(&pdf, &anchors(KeyKind::Rsa2048)).valid);
    if tool("pdfsig") {
        let text = pdfsig(&pdf);
        assert!(text.contains("Signature is Valid"), "{text}");
    }
    let dir = tempfile::tempdir().unwrap();
    assert_qpdf_clean(&write_case(dir.path(), "signed.pdf", &pdf));
}
