//! The nomination list ("Danh sách đề nghị khen thưởng") as an A4 PDF laid out after Nghị định
//! 30/2020/NĐ-CP: header block, number and date, title, a ruled table whose header row repeats on
//! every page, totals, the signature block and the recipients. The list is landscape (a document
//! that is mostly a table, like the minutes), so that a summary fits on one line; its cover
//! submission, a text, stays portrait.
//!
//! Invariants: every string is NFC before it is measured or drawn; a row moves whole to the next
//! page unless it is taller than a page, in which case it is split and the continuation is marked
//! "(tiếp theo)"; page numbers appear centred at the top from page 2; a unit the name already
//! states (a collective is usually its own unit) is not printed again.

use chrono::NaiveDate;
use xetkhen_core::text::nfc;
use xetkhen_core::NomineeKind;

use crate::canvas::{
    draw_closing, draw_header_block, draw_title, render_document, Canvas, Closing,
};
pub use crate::canvas::{
    vietnamese_date, Meta, Orientation, RenderedList, SignatureArea, SignatureBlock, PLACE,
    PRODUCER,
};
use crate::cover::draw_cover;
use crate::cover::Cover;
use crate::error::PdfError;
use crate::layout::Style;
use crate::table::{Align, ColumnSpec, Table};

/// Cells of the list: 11 pt, as in the minutes (Nghị định 30 allows smaller type in tables), so
/// that a unit's full name and a one-sentence summary each fit on one line.
const TABLE_SIZE: f32 = 11.0;

/// Everything printed on the list. Strings may arrive NFD; the renderer normalises them.
#[derive(Debug, Clone)]
pub struct ListDocument {
    /// The issuing body, parent first: ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]. The last
    /// line is the body itself and is set in bold.
    pub issuing_body: Vec<String>,
    /// "Số: 123/DS-BTĐKT".
    pub number: String,
    /// Printed as "Thành phố Hồ Chí Minh, ngày 05 tháng 7 năm 2022".
    pub place_date: NaiveDate,
    /// "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG".
    pub title: String,
    /// Lines under the title; a line in parentheses is set in italics, others in bold.
    pub subtitle: Vec<String>,
    pub columns: Vec<Column>,
    /// How the list's pages are turned: landscape, as committees print lists (and as the
    /// minutes are), unless a caller has a reason for portrait (few, narrow columns).
    pub orientation: Orientation,
    pub groups: Vec<Group>,
    pub signer: SignatureBlock,
    /// "Nơi nhận:" lines, e.g. "- Như trên;", "- Lưu: VT, BTĐKT.".
    pub recipients: Vec<String>,
    pub metadata: Meta,
    /// The cover submission (tờ trình) printed before the list, as a document of its own.
    pub cover: Option<Cover>,
}

/// What a column holds; the renderer fills [`ColumnKind::Stt`] itself and centres it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Stt,
    Name,
    Position,
    Unit,
    Summary,
    Award,
    Note,
}

/// One column of the table: its kind, the header text and a width relative to the others.
#[derive(Debug, Clone)]
pub struct Column {
    pub kind: ColumnKind,
    pub header: String,
    pub width: f32,
}

impl Column {
    pub fn new(kind: ColumnKind, header: &str, width: f32) -> Self {
        Self {
            kind,
            header: header.to_string(),
            width,
        }
    }

    /// The columns seen on nomination lists (DOMAIN.md), in their usual order, for a list that
    /// mixes award forms. Widths are millimetres of the landscape page's 252 mm of text: the
    /// summary gets the most, so that a one-sentence summary stays on one line.
    pub fn standard() -> Vec<Column> {
        vec![
            Column::new(ColumnKind::Stt, "STT", 10.0),
            Column::new(ColumnKind::Name, "Họ và tên / Tên tập thể", 40.0),
            Column::new(ColumnKind::Position, "Chức vụ", 25.0),
            Column::new(ColumnKind::Unit, "Đơn vị", 52.0),
            Column::new(ColumnKind::Summary, "Thành tích (tóm tắt)", 80.0),
            Column::new(ColumnKind::Award, "Hình thức khen thưởng", 30.0),
            Column::new(ColumnKind::Note, "Ghi chú", 15.0),
        ]
    }

    /// The columns of a list for one award form: the standard ones without
    /// "Hình thức khen thưởng", which would repeat the list's title on every row, its room
    /// given to the name, the unit and the summary.
    pub fn for_one_award() -> Vec<Column> {
        vec![
            Column::new(ColumnKind::Stt, "STT", 10.0),
            Column::new(ColumnKind::Name, "Họ và tên / Tên tập thể", 45.0),
            Column::new(ColumnKind::Position, "Chức vụ", 28.0),
            Column::new(ColumnKind::Unit, "Đơn vị", 62.0),
            Column::new(ColumnKind::Summary, "Thành tích (tóm tắt)", 89.0),
            Column::new(ColumnKind::Note, "Ghi chú", 18.0),
        ]
    }
}

/// A group of rows under a spanning heading ("I. TẬP THỂ"), possibly with subgroups (by criteria
/// set). The renderer appends the number of rows: "I. TẬP THỂ (25)". Rows are numbered from 1
/// in each top-level group.
#[derive(Debug, Clone)]
pub struct Group {
    pub title: String,
    /// Counted in the totals line when set.
    pub kind: Option<NomineeKind>,
    pub rows: Vec<Row>,
    pub subgroups: Vec<Group>,
}

impl Group {
    /// Rows in this group and all its subgroups.
    pub fn row_count(&self) -> usize {
        self.rows.len() + self.subgroups.iter().map(Group::row_count).sum::<usize>()
    }
}

/// One line of the table: one string per column; the STT cell is filled by the renderer.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<String>,
}

impl Row {
    /// A row for `columns`, each cell what `text` gives for its column's kind, so that callers
    /// need not know which columns a list has or in what order.
    pub fn fill(columns: &[Column], text: impl Fn(ColumnKind) -> String) -> Row {
        Row {
            cells: columns.iter().map(|c| text(c.kind)).collect(),
        }
    }
}

/// Renders the list to PDF bytes.
pub fn render_list(doc: &ListDocument) -> Result<Vec<u8>, PdfError> {
    render_list_with_layout(doc).map(|r| r.bytes)
}

/// "Tổng cộng: 25 tập thể, 40 cá nhân" from the groups that declare a kind.
pub fn totals_line(groups: &[Group]) -> Option<String> {
    fn count(g: &Group, kind: NomineeKind) -> usize {
        if g.kind == Some(kind) {
            g.row_count()
        } else {
            g.subgroups.iter().map(|s| count(s, kind)).sum()
        }
    }
    let collectives: usize = groups
        .iter()
        .map(|g| count(g, NomineeKind::Collective))
        .sum();
    let individuals: usize = groups
        .iter()
        .map(|g| count(g, NomineeKind::Individual))
        .sum();
    let mut parts = Vec::new();
    if collectives > 0 {
        parts.push(format!("{collectives} tập thể"));
    }
    if individuals > 0 {
        parts.push(format!("{individuals} cá nhân"));
    }
    if parts.is_empty() {
        let all: usize = groups.iter().map(Group::row_count).sum();
        if all == 0 {
            return None;
        }
        parts.push(format!("{all}"));
    }
    Some(format!("Tổng cộng: {}", parts.join(", ")))
}

/// Renders the list and reports where the signature goes.
pub fn render_list_with_layout(doc: &ListDocument) -> Result<RenderedList, PdfError> {
    if doc.columns.is_empty() {
        return Err(PdfError::Layout("danh sách không có cột nào".into()));
    }
    check_cells(&doc.groups, doc.columns.len())?;
    // A cover submission is a text and stays portrait; the list after it turns the sheet.
    let first = if doc.cover.is_some() {
        Orientation::Portrait
    } else {
        doc.orientation
    };
    let (bytes, pages, area) = render_document(&doc.metadata, first, |c| {
        if let Some(cover) = &doc.cover {
            draw_cover(c, doc, cover);
            c.start_document(doc.orientation);
        }
        draw_header_block(c, &doc.issuing_body, &doc.number, doc.place_date);
        draw_title(c, &doc.title, &doc.subtitle);
        let specs: Vec<ColumnSpec> = doc
            .columns
            .iter()
            .map(|col| {
                let align = if col.kind == ColumnKind::Stt {
                    Align::Center
                } else {
                    Align::Left
                };
                let spec = ColumnSpec::new(&col.header, col.width, align);
                // A collective has no position and is its own unit: its name runs over both.
                if matches!(col.kind, ColumnKind::Position | ColumnKind::Unit) {
                    spec.joining_left()
                } else {
                    spec
                }
            })
            .collect();
        let table = Table::new(c, &specs, TABLE_SIZE);
        table.draw_header(c, "");
        for group in &doc.groups {
            // Rows are numbered from 1 in each top-level group.
            let mut stt = 0usize;
            draw_group(c, &table, &doc.columns, group, 0, &mut stt);
        }
        if let Some(total) = totals_line(&doc.groups) {
            table.draw_spanning(c, &total, Style::Bold, false);
        }
        Ok(draw_closing(c, Closing::Recipients(&doc.recipients), &doc.signer).right)
    })?;
    Ok(RenderedList {
        bytes,
        pages,
        signature_area: area,
    })
}

fn check_cells(groups: &[Group], columns: usize) -> Result<(), PdfError> {
    for g in groups {
        for (i, r) in g.rows.iter().enumerate() {
            if r.cells.len() != columns {
                return Err(PdfError::Layout(format!(
                    "nhóm \"{}\", dòng {}: có {} ô, bảng có {} cột",
                    g.title,
                    i + 1,
                    r.cells.len(),
                    columns
                )));
            }
        }
        check_cells(&g.subgroups, columns)?;
    }
    Ok(())
}

/// A group's heading with its row count, its rows numbered on from `stt`, then its subgroups.
fn draw_group(
    c: &mut Canvas,
    table: &Table,
    columns: &[Column],
    g: &Group,
    depth: usize,
    stt: &mut usize,
) {
    let style = if depth == 0 {
        Style::Bold
    } else {
        Style::BoldItalic
    };
    let heading = format!("{} ({})", nfc(&g.title), g.row_count());
    table.draw_spanning(c, &heading, style, true);
    let name = columns.iter().position(|c| c.kind == ColumnKind::Name);
    for row in &g.rows {
        *stt += 1;
        let mut cells = row.cells.clone();
        for (i, col) in columns.iter().enumerate() {
            match col.kind {
                ColumnKind::Stt => cells[i] = stt.to_string(),
                ColumnKind::Unit
                    if name.is_some_and(|n| name_states_unit(&row.cells[n], &row.cells[i])) =>
                {
                    cells[i].clear();
                }
                _ => {}
            }
        }
        table.draw_row(c, &cells);
    }
    for sub in &g.subgroups {
        draw_group(c, table, columns, sub, depth + 1, stt);
    }
}

/// Whether the name already says the unit: the same words ("Sở Tư pháp" of "Sở Tư pháp"), or
/// the unit's words whole inside the name ("Phòng Kế hoạch - Tài chính, Sở Nội vụ" of
/// "Sở Nội vụ", "Ủy ban nhân dân phường Bến Thành (hồ sơ 2)" of "Ủy ban nhân dân phường Bến
/// Thành"). Compared NFC and without regard to case.
fn name_states_unit(name: &str, unit: &str) -> bool {
    let name = nfc(name).trim().to_lowercase();
    let unit = nfc(unit).trim().to_lowercase();
    if unit.is_empty() {
        return false;
    }
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    name.match_indices(&unit).any(|(at, _)| {
        edge(name[..at].chars().next_back()) && edge(name[at + unit.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn a_unit_the_name_already_states_is_not_repeated() {
        assert!(name_states_unit("Sở Tư pháp", "Sở Tư pháp"));
        assert!(name_states_unit(
            "Ủy ban nhân dân Phường Sài Gòn",
            "ủy ban nhân dân phường sài gòn "
        ));
        // NFD against NFC.
        assert!(name_states_unit("Sở Tư pha\u{301}p", "Sở Tư pháp"));
        assert!(name_states_unit(
            "Phòng Kế hoạch - Tài chính, Sở Nội vụ",
            "Sở Nội vụ"
        ));
        assert!(!name_states_unit("Nguyễn Văn Đức", "Sở Nội vụ"));
        assert!(!name_states_unit("Phòng Tổ chức", "Sở Nội vụ"));
        assert!(name_states_unit(
            "Ủy ban nhân dân phường Bến Thành (hồ sơ 2)",
            "Ủy ban nhân dân phường Bến Thành"
        ));
        // The unit's words must stand whole in the name.
        assert!(!name_states_unit("Công ty Vận tải Số", "ải Số"));
        assert!(!name_states_unit("Sở Nội vụ Thành phố", "Nội v"));
        assert!(!name_states_unit("Sở Y tế", "Sở Y tế Thành phố"));
        assert!(!name_states_unit("Sở Tư pháp", ""));
    }

    #[test]
    fn totals_count_collectives_and_individuals() {
        let g = |kind, n| Group {
            title: String::new(),
            kind: Some(kind),
            rows: vec![Row::default(); n],
            subgroups: vec![],
        };
        let groups = vec![
            g(NomineeKind::Collective, 25),
            g(NomineeKind::Individual, 40),
        ];
        assert_eq!(
            totals_line(&groups).unwrap(),
            "Tổng cộng: 25 tập thể, 40 cá nhân"
        );
    }
}
