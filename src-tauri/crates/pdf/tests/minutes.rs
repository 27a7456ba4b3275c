//! The secretariat prints the vote minutes of a round and each member the summary of their
//! decision packet: every name and figure must come back out of the PDF as it went in, the file
//! must pass the outside checkers, and the signed file must verify with us and with pdfsig.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;
use std::sync::OnceLock;

use common::*;
use xetkhen_pdf::cert::KeyKind;
use xetkhen_pdf::minutes::{hash_groups, outcome_counts};
use xetkhen_pdf::sample::{demo_minutes, demo_vote_summary};
use xetkhen_pdf::vote_summary::vote_counts;
use xetkhen_pdf::{
    chair_area_after_secretary, render_minutes, render_vote_summary, sign_pdf, verify_pdf,
    MinutesRow, RenderedMinutes, SignOptions,
};

fn minutes_40() -> &'static RenderedMinutes {
    static R: OnceLock<RenderedMinutes> = OnceLock::new();
    R.get_or_init(|| render_minutes(&demo_minutes(40)).unwrap())
}

/// `pdftotext -layout FILE -` (lines as they stand on the page) or `pdftotext -raw FILE -`
/// (text in the order it was drawn: a wrapped cell's lines together), one string per page.
fn pdftotext(pdf: &[u8], layout: bool) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path(), "doc.pdf", pdf);
    let mut cmd = Command::new("pdftotext");
    cmd.arg(if layout { "-layout" } else { "-raw" });
    let out = cmd.arg(&file).arg("-").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The figures of a row as they read across its first line.
fn figures(r: &MinutesRow) -> String {
    let score = r
        .mean_score
        .map(|s| format!("{s:.2}").replace('.', ","))
        .unwrap_or_default();
    flat(&format!(
        "{} {} {} {} {} {:.2}% {score}",
        r.approve, r.reject, r.abstain, r.not_voted, r.conflicted, r.approval_percent
    ))
    .replacen('.', ",", 1)
}

/// Each row's first line, in reading order: it starts with the STT and the first word of the
/// name, and carries every figure of the row.
fn assert_rows_read_back(rows: &[&MinutesRow], layout_pages: &[String]) {
    let lines: Vec<String> = layout_pages
        .iter()
        .flat_map(|p| p.lines().map(flat))
        .collect();
    let mut from = 0;
    for (i, r) in rows.iter().enumerate() {
        let first_word = r.name.split_whitespace().next().unwrap();
        let start = format!("{} {first_word}", i + 1);
        let fig = figures(r);
        let at = lines[from..]
            .iter()
            .position(|l| l.starts_with(&start) && l.contains(&fig))
            .unwrap_or_else(|| {
                panic!(
                    "row {} ({}): no line «{start} … {fig}» after line {from}",
                    i + 1,
                    r.name
                )
            });
        from += at + 1;
    }
}

#[test]
fn every_name_figure_and_packet_of_the_minutes_comes_back_from_pdftotext() {
    let doc = demo_minutes(40);
    let r = minutes_40();
    if !tool("pdftotext") {
        return;
    }
    let text = flat(&pdftotext(&r.bytes, false).join(" "));
    let rows: Vec<&MinutesRow> = doc.groups.iter().flat_map(|g| &g.rows).collect();
    for row in &rows {
        assert!(text.contains(&row.name), "{} missing", row.name);
    }
    for p in &doc.packets {
        let hash = hash_groups(&p.sha256);
        assert!(text.contains(&hash), "{hash} missing");
        assert!(text.contains(&p.member), "{} missing", p.member);
    }
    for s in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BB-HĐTĐKT",
        "Thành phố Hồ Chí Minh, ngày 27 tháng 11 năm 2026",
        "BIÊN BẢN KIỂM PHIẾU",
        "Đợt xét: Sơ kết 2023 Phong trào thi đua Chính quyền số, Chuyển đổi số",
        "Số thành viên hội đồng: 15.",
        "Nguyên tắc biểu quyết: Hồ sơ được thông qua khi số phiếu đồng ý nhiều hơn 50% tổng số thành viên hội đồng.",
        "Số gói phiếu đã tổng hợp: 15.",
        "I. Bằng khen của UBND Thành phố - Tiêu chí 2.1 (20)",
        "II. DANH SÁCH PHIẾU ĐÃ TỔNG HỢP",
        "08:00:00 ngày 20/11/2026",
        "Thay thế gói số 2",
        "THƯ KÝ HỘI ĐỒNG",
        "CHỦ TỊCH HỘI ĐỒNG",
        &doc.chair.name,
        &doc.secretary.name,
        &outcome_counts("Cộng", &doc.groups[0].rows.iter().collect::<Vec<_>>()),
        &outcome_counts("Tổng cộng", &rows),
    ] {
        assert!(text.contains(s), "«{s}» missing from\n{text}");
    }
    assert_rows_read_back(&rows, &pdftotext(&r.bytes, true));
}

#[test]
fn the_minutes_pass_qpdf_embed_a_subset_font_and_carry_their_dates() {
    let r = minutes_40();
    let summary = render_vote_summary(&demo_vote_summary(12)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, title) in [
        ("minutes.pdf", &r.bytes, "Biên bản kiểm phiếu"),
        (
            "summary.pdf",
            &summary.bytes,
            "Phiếu đánh giá của thành viên hội đồng",
        ),
    ] {
        let path = write_case(dir.path(), name, bytes);
        assert_qpdf_clean(&path);
        assert_subset_fonts(&path);
        if tool("pdfinfo") {
            let out = Command::new("pdfinfo").arg(&path).output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains(&format!("Title:           {title}")),
                "{text}"
            );
            assert!(text.contains("Producer:        Xét Khen"), "{text}");
            let created = text
                .lines()
                .find(|l| l.starts_with("CreationDate:"))
                .unwrap_or_default();
            assert!(created.contains("2026"), "{name}: {created}");
            assert!(!text.contains("1970"), "{name}: {text}");
        }
    }
    // The minutes are landscape: the chair signs right of the secretary, on the last page.
    assert_eq!(r.chair_area.page, r.pages - 1);
    assert_eq!(r.secretary_area.page, r.pages - 1);
    assert!(r.secretary_area.rect[2] < r.chair_area.rect[0]);
    assert!(r.chair_area.rect[2] <= 842.0 && r.chair_area.rect[3] <= 596.0);
}

#[test]
fn minutes_of_2000_nominations_repeat_the_header_on_every_page_of_the_tally() {
    let doc = demo_minutes(2000);
    let r = render_minutes(&doc).unwrap();
    // 2,000 rows of one to four lines: far more than one page, far fewer than one per row.
    assert!(r.pages > 40 && r.pages < 1000, "{} pages", r.pages);
    if !tool("pdftotext") {
        return;
    }
    let pages = pdftotext(&r.bytes, false);
    assert_eq!(pages.len(), r.pages);
    let packets_at = pages
        .iter()
        .position(|p| p.contains("II. DANH SÁCH PHIẾU ĐÃ TỔNG HỢP"))
        .unwrap();
    // A section heading never ends a page: the packets' table header stands under it.
    assert!(flat(&pages[packets_at]).contains("Mã băm SHA-256 của gói"));
    assert!(packets_at > 40);
    for (i, p) in pages.iter().enumerate().take(packets_at) {
        let f = flat(p);
        assert!(
            f.contains("Họ và tên / Tên tập thể") && f.contains("Tỷ lệ đồng ý"),
            "page {} lacks the table header",
            i + 1
        );
        if i > 0 {
            let first = p.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
            assert_eq!(
                first.trim(),
                (i + 1).to_string(),
                "page number of page {}",
                i + 1
            );
        }
    }
    let rows: Vec<&MinutesRow> = doc.groups.iter().flat_map(|g| &g.rows).collect();
    let text = flat(&pages.join(" "));
    assert!(text.contains(&outcome_counts("Tổng cộng", &rows)));
    assert_rows_read_back(&rows, &pdftotext(&r.bytes, true));
}

#[test]
fn minutes_signed_by_the_secretary_then_the_chair_verify_with_us_and_with_pdfsig() {
    let r = minutes_40();
    // The secretary signs first, without certifying, so that the chair may sign after.
    let mut opts = SignOptions::new("Thư ký Hội đồng", "Lập biên bản kiểm phiếu", signing_time());
    opts.area = Some(r.secretary_area);
    opts.allow_later_signatures = true;
    let by_secretary = sign_pdf(&r.bytes, &p12_signer(KeyKind::Rsa2048), &opts).unwrap();
    let mut opts = SignOptions::new(
        "Chủ tịch Hội đồng",
        "Xác nhận biên bản kiểm phiếu",
        signing_time(),
    );
    opts.area = Some(r.chair_area);
    // Both sign with the training certificate (one CA, so that pyHanko can trust both).
    let pdf = sign_pdf(&by_secretary, &p12_signer(KeyKind::Rsa2048), &opts).unwrap();
    let report = verify_pdf(&pdf, &anchors(KeyKind::Rsa2048));
    assert_eq!(report.signatures.len(), 2);
    assert!(report.valid, "{report:?}");
    if tool("pdfsig") {
        let text = pdfsig(&pdf);
        assert_eq!(text.matches("Signature is Valid").count(), 2, "{text}");
    }
    if tool("pyhanko") {
        let p = pyhanko(&credential(KeyKind::Rsa2048).ca_pem, &pdf);
        assert!(p.success, "{}", p.text);
        assert_eq!(
            p.text.matches("The signature is judged VALID.").count(),
            2,
            "{}",
            p.text
        );
    }
    let dir = tempfile::tempdir().unwrap();
    assert_qpdf_clean(&write_case(dir.path(), "signed.pdf", &pdf));

    // The chair signing later, on another laptop, finds their place from the secretary's
    // signature alone: the very area the renderer gave. Unsigned or already countersigned
    // minutes have no such place.
    let found = chair_area_after_secretary(&by_secretary).unwrap();
    assert_eq!(found.page, r.chair_area.page);
    for (a, b) in found.rect.iter().zip(r.chair_area.rect) {
        assert!((a - b).abs() < 0.01, "{found:?} / {:?}", r.chair_area);
    }
    assert!(chair_area_after_secretary(&r.bytes).is_err());
    assert!(chair_area_after_secretary(&pdf).is_err());

    // Without that room, the list's rule holds: nothing may follow the first signature.
    let mut opts = SignOptions::new("Thư ký Hội đồng", "Lập biên bản kiểm phiếu", signing_time());
    opts.area = Some(r.secretary_area);
    let closed = sign_pdf(&r.bytes, &p12_signer(KeyKind::Rsa2048), &opts).unwrap();
    assert!(sign_pdf(&closed, &p12_signer(KeyKind::Rsa2048), &opts).is_err());
}

#[test]
fn a_members_vote_summary_reads_back_and_verifies_signed() {
    let mut doc = demo_vote_summary(30);
    // A name typed on a keyboard that sends combining marks.
    doc.rows[1].name = "Nguye\u{302}\u{303}n Va\u{306}n \u{110}u\u{31b}\u{301}c".into();
    let r = render_vote_summary(&doc).unwrap();
    assert_eq!(r.signature_area.page, r.pages - 1);
    let mut opts = SignOptions::new("Chủ tịch Hội đồng", "Phiếu đánh giá", signing_time());
    opts.area = Some(r.signature_area);
    let signed = sign_pdf(&r.bytes, &p12_signer(KeyKind::EcdsaP256), &opts).unwrap();
    assert!(verify_pdf(&signed, &anchors(KeyKind::EcdsaP256)).valid);
    if tool("pdfsig") {
        let text = pdfsig(&signed);
        assert!(text.contains("Signature is Valid"), "{text}");
    }
    if !tool("pdftotext") {
        return;
    }
    let text = flat(&pdftotext(&r.bytes, false).join(" "));
    assert!(text.contains("Nguyễn Văn Đức"), "NFD name not drawn NFC");
    for row in doc.rows.iter().skip(2) {
        assert!(text.contains(&row.name), "{} missing", row.name);
    }
    for s in [
        "PHIẾU ĐÁNH GIÁ CỦA THÀNH VIÊN HỘI ĐỒNG",
        &format!("Họ và tên: {}", doc.member_name),
        "Chức vụ: Chủ tịch Hội đồng",
        "Gói phiếu số 2, lập lúc 18:29:00 ngày 20/11/2026 (giờ Việt Nam).",
        &format!(
            "Mã băm SHA-256 của gói trước: {}",
            hash_groups(doc.previous_packet_sha256.as_deref().unwrap())
        ),
        "2.2.b: Không đạt (kết quả tự động: Đạt). Lý do: Tỷ lệ hồ sơ trực tuyến toàn trình",
        "2.1.c: Cần bổ sung hồ sơ. Lý do: Thiếu quyết định công nhận sáng kiến",
        "Ghi chú: Đề nghị thẩm định lại số liệu quý IV",
        "NGƯỜI ĐÁNH GIÁ",
        &vote_counts(&doc.rows),
    ] {
        assert!(text.contains(s), "«{s}» missing from\n{text}");
    }
    // Every vote and score is on its row's first line, right after the award form starts.
    let layout: Vec<String> = pdftotext(&r.bytes, true)
        .iter()
        .flat_map(|p| p.lines().map(flat).collect::<Vec<_>>())
        .collect();
    for (i, row) in doc.rows.iter().enumerate().skip(2) {
        let first_word = row.name.split_whitespace().next().unwrap();
        let start = format!("{} {first_word}", i + 1);
        let vote_first_word = row
            .vote
            .map_or("Chưa", |v| v.label_vi().split(' ').next().unwrap_or(""));
        let score = row
            .merit_score
            .map(|s| format!("{s:.2}").replace('.', ","))
            .unwrap_or_default();
        assert!(
            layout.iter().any(|l| l.starts_with(&start)
                && l.contains(vote_first_word)
                && l.contains(&score)),
            "row {}: no line «{start} … {vote_first_word} {score}»",
            i + 1
        );
    }
}

#[test]
fn minutes_before_any_packet_say_so_and_still_close_with_both_signatures() {
    let mut doc = demo_minutes(3);
    doc.packets.clear();
    let r = render_minutes(&doc).unwrap();
    assert_eq!(r.chair_area.page, r.pages - 1);
    if !tool("pdftotext") {
        return;
    }
    let text = flat(&pdftotext(&r.bytes, false).join(" "));
    for s in [
        "Số gói phiếu đã tổng hợp: 0.",
        "(Chưa có gói phiếu nào)",
        "THƯ KÝ HỘI ĐỒNG",
        "CHỦ TỊCH HỘI ĐỒNG",
    ] {
        assert!(text.contains(s), "«{s}» missing from\n{text}");
    }
}
