//! The list laid out as clerks lay theirs out (issue 16): landscape, as many rows a page as a
//! one-line summary allows, no column repeating the title, a collective's unit printed once, and
//! every name extracted whole by `pdftotext -raw`, in content order, as a screen reader or a
//! copy-paste would take it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashMap;
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use xetkhen_pdf::sample::{collective_name, demo_cover, demo_list, person_name, varied_list};
use xetkhen_pdf::{render_list_with_layout, ColumnKind, RenderedList};

const COLLECTIVES: usize = 300;
const INDIVIDUALS: usize = 700;

fn thousand() -> &'static RenderedList {
    static R: OnceLock<RenderedList> = OnceLock::new();
    R.get_or_init(|| render_list_with_layout(&demo_list(COLLECTIVES, INDIVIDUALS)).unwrap())
}

/// `pdftotext -raw` of the whole file, one string per page.
fn raw_pages(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path(), "list.pdf", pdf);
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// How many times each name occurs among `names`.
fn tally(names: impl Iterator<Item = String>) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for n in names {
        *m.entry(n).or_insert(0) += 1;
    }
    m
}

/// How often `name` stands in one piece on one line of the extracted text.
fn occurrences(text: &str, name: &str) -> usize {
    text.lines().map(|l| l.matches(name).count()).sum::<usize>()
}

#[test]
fn a_thousand_rows_take_at_most_60_pages_and_18_individuals_fill_a_page() {
    let r = thousand();
    assert!(r.pages <= 60, "{} pages", r.pages);
    assert_eq!(r.signature_area.page, r.pages - 1);
    if !tool("pdftotext") {
        return;
    }
    let pages = raw_pages(&r.bytes);
    assert_eq!(pages.len(), r.pages);
    let people: Vec<String> = tally((0..INDIVIDUALS).map(person_name))
        .into_keys()
        .collect();
    // Pages wholly inside "II. CÁ NHÂN": after the page its heading is on, before the last.
    let heading = pages
        .iter()
        .position(|p| p.contains("II. CÁ NHÂN (700)"))
        .unwrap();
    let inner = &pages[heading + 1..pages.len() - 1];
    assert!(inner.len() >= 20, "{} pages of individuals", inner.len());
    for (k, page) in inner.iter().enumerate() {
        let rows: usize = people.iter().map(|n| occurrences(page, n)).sum();
        assert!(
            rows >= 18,
            "page {} holds {rows} individuals:\n{page}",
            heading + 2 + k
        );
    }
}

#[test]
fn pdftotext_raw_extracts_every_name_of_a_thousand_rows_whole() {
    let r = thousand();
    if !tool("pdftotext") {
        return;
    }
    let text = raw_pages(&r.bytes).join("\n");
    // A person's name stands on one line.
    for (name, n) in tally((0..INDIVIDUALS).map(person_name)) {
        assert_eq!(
            occurrences(&text, &name),
            n,
            "«{name}» should stand whole on a line {n} time(s)"
        );
    }
    // A collective's name may be longer than its column ("Phòng Chuyển đổi số số 300 - Ủy ban
    // nhân dân phường Bến Thành"): its lines follow one another, with nothing of another cell
    // between them.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (name, n) in tally((0..COLLECTIVES).map(collective_name)) {
        assert_eq!(
            flat.matches(&format!("{name} ")).count(),
            n,
            "«{name}» should come whole {n} time(s)"
        );
    }
}

#[test]
fn the_award_column_is_gone_and_a_collectives_unit_is_printed_once() {
    let doc = demo_list(15, 25);
    assert!(doc.columns.iter().all(|c| c.kind != ColumnKind::Award));
    let r = render_list_with_layout(&doc).unwrap();
    if !tool("pdftotext") {
        return;
    }
    let text = raw_pages(&r.bytes).join("\n");
    assert!(!text.contains("Hình thức khen thưởng"), "{text}");
    // The award form is said once, under the title.
    assert_eq!(text.matches("Bằng khen của").count(), 1, "{text}");
    // "Phòng Chuyển đổi số số 1 - Sở Thông tin và Truyền thông" of "Sở Thông tin và Truyền
    // thông": the unit is in the name, and only there; individuals of that unit still show it.
    let name = collective_name(0);
    let unit = name.rsplit(" - ").next().unwrap();
    let line = text.lines().find(|l| l.contains(&name)).unwrap();
    assert_eq!(line.matches(unit).count(), 1, "{line}");
    let person = text.lines().find(|l| l.contains(&person_name(0))).unwrap();
    assert!(person.contains(unit), "{person}");
}

#[test]
fn a_one_line_summary_stays_on_the_row_line() {
    let r = render_list_with_layout(&demo_list(0, 3)).unwrap();
    if !tool("pdftotext") {
        return;
    }
    let text = raw_pages(&r.bytes).join("\n");
    for i in 0..3 {
        let line = text.lines().find(|l| l.contains(&person_name(i))).unwrap();
        assert!(
            line.ends_with("Xử lý 95,5% hồ sơ công việc trên môi trường mạng"),
            "{line}"
        );
    }
}

/// "Page    2 size: 841.89 x 595.276 pts (A4)" → (841.89, 595.276).
fn page_sizes(pdf: &[u8], pages: usize) -> Vec<(f32, f32)> {
    let dir = tempfile::tempdir().unwrap();
    let file = write_case(dir.path(), "list.pdf", pdf);
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", &pages.to_string()])
        .arg(&file)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let dims: Vec<f32> = l
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (dims[1], dims[2])
        })
        .collect()
}

#[test]
fn the_list_is_landscape_and_its_cover_portrait() {
    let mut doc = varied_list(40, 72);
    doc.cover = Some(demo_cover(40, 72));
    let r = render_list_with_layout(&doc).unwrap();
    if !tool("pdfinfo") {
        return;
    }
    let sizes = page_sizes(&r.bytes, r.pages);
    assert_eq!(sizes.len(), r.pages);
    let (w, h) = sizes[0];
    assert!(w < h, "the cover is portrait: {w} x {h}");
    for (k, &(w, h)) in sizes.iter().enumerate().skip(1) {
        assert!(w > h, "page {} of the list is landscape: {w} x {h}", k + 1);
        assert!((w - 841.89).abs() < 0.1 && (h - 595.28).abs() < 0.1);
    }
    // The signature goes on the last page, inside it.
    let area = r.signature_area;
    assert_eq!(area.page, r.pages - 1);
    assert!(area.rect[2] < 841.89 && area.rect[1] > 0.0, "{area:?}");
}
