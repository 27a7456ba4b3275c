//! The vote minutes of a round ("Biên bản kiểm phiếu"): the committee's tally per nomination and
//! the list of decision packets merged into it, signed by the secretary and the chair.
//!
//! A pure renderer: the caller fills [`Minutes`] from the tally, which decides every figure and
//! every result; this module only prints them (A4 landscape, allowed by Nghị định 30/2020 for a
//! document that is mostly a wide table) and counts the results for the totals lines.

use chrono::{DateTime, NaiveDate, Utc};
use xetkhen_core::text::nfc;

use crate::canvas::{
    decimal_vi, draw_closing, draw_header_block, draw_title, render_document, time_vi, Closing,
    Meta, Orientation, SignatureArea, SignatureBlock, BODY_SIZE,
};
use crate::error::PdfError;
use crate::layout::{Style, MARGIN_LEFT, MARGIN_RIGHT};
use crate::table::{Align, ColumnSpec, Table, COMPACT_SIZE as TABLE_SIZE};

/// Everything printed on the minutes. Strings may arrive NFD; the renderer normalises them.
#[derive(Debug, Clone)]
pub struct Minutes {
    /// The issuing body, parent first: ["UBND THÀNH PHỐ HỒ CHÍ MINH", "HỘI ĐỒNG THI ĐUA - KHEN
    /// THƯỞNG"]; the last line is set in bold.
    pub issuing_body: Vec<String>,
    /// "Số: 05/BB-HĐTĐKT"; empty leaves the place blank.
    pub number: String,
    /// Printed as "Thành phố Hồ Chí Minh, ngày 27 tháng 11 năm 2026".
    pub place_date: NaiveDate,
    /// The round's name, printed under the title: "Đợt xét: …".
    pub round_name: String,
    /// How many members the committee has (the base of the share in favour).
    pub committee_size: usize,
    /// The round's vote rule in words, as the core states it: "Hồ sơ được thông qua khi số phiếu
    /// đồng ý nhiều hơn 50% tổng số thành viên hội đồng".
    pub vote_rule: String,
    /// The nominations, grouped by award form and/or criteria set, in the order to print.
    pub groups: Vec<MinutesGroup>,
    /// The decision packets merged into the tally, in the order they were merged.
    pub packets: Vec<MergedPacket>,
    /// Signs on the left: "THƯ KÝ HỘI ĐỒNG" and the secretary's name.
    pub secretary: SignatureBlock,
    /// Signs on the right: "CHỦ TỊCH HỘI ĐỒNG" and the chair's name.
    pub chair: SignatureBlock,
    pub metadata: Meta,
}

/// Nominations under one heading ("Bằng khen của UBND Thành phố - Tiêu chí 2.2"). The renderer
/// appends the number of rows and closes the group with a line counting its results.
#[derive(Debug, Clone)]
pub struct MinutesGroup {
    pub title: String,
    pub rows: Vec<MinutesRow>,
}

/// One nomination's tally. STT is numbered by the renderer, continuously through the groups.
#[derive(Debug, Clone)]
pub struct MinutesRow {
    /// The nominee: a person's full name or a collective's name.
    pub name: String,
    /// The nominee's unit.
    pub unit: String,
    /// The award form proposed ("Bằng khen của UBND Thành phố").
    pub award: String,
    /// Members who voted "Đồng ý".
    pub approve: usize,
    /// Members who voted "Không đồng ý".
    pub reject: usize,
    /// Members who voted "Không biểu quyết".
    pub abstain: usize,
    /// Members who have not voted yet (no packet covers this nomination, or no vote in it).
    pub not_voted: usize,
    /// Members with a conflict of interest on this nomination; their votes are not counted.
    pub conflicted: usize,
    /// The share in favour as the vote rule counts it, in percent (53.33 for 8 of 15).
    pub approval_percent: f64,
    /// Mean merit score of the members who scored; `None` when nobody did.
    pub mean_score: Option<f64>,
    /// The committee's result, as the tally decided it.
    pub outcome: Outcome,
}

/// The committee's result for a nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Thông qua: the rule is met.
    Approved,
    /// Không thông qua: the rule can no longer be met.
    NotApproved,
    /// Chưa đủ phiếu: the missing votes could still decide it.
    Pending,
}

impl Outcome {
    pub fn label_vi(self) -> &'static str {
        match self {
            Outcome::Approved => "Thông qua",
            Outcome::NotApproved => "Không thông qua",
            Outcome::Pending => "Chưa đủ phiếu",
        }
    }
}

/// A decision packet merged into the tally.
#[derive(Debug, Clone)]
pub struct MergedPacket {
    /// The member who signed it.
    pub member: String,
    /// The member's sequence number of the packet (1 for their first).
    pub sequence: u64,
    /// SHA-256 of the packet, 64 hexadecimal digits; printed whole in groups of eight.
    pub sha256: String,
    /// When the secretariat imported it; printed in Vietnam time.
    pub received: DateTime<Utc>,
    /// Anything the reader should know ("thay thế gói số 2"); may be empty.
    pub note: String,
}

/// A rendered minutes and where its two signatures go.
#[derive(Debug, Clone)]
pub struct RenderedMinutes {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// The chair's signature (the one `sign_pdf` should be given first).
    pub chair_area: SignatureArea,
    /// The secretary's signature.
    pub secretary_area: SignatureArea,
}

/// A SHA-256 in hexadecimal, lower case, in groups of eight digits so that it wraps between
/// groups and can be read out and compared: "3f2a9b1c 0d4e…".
pub fn hash_groups(hex: &str) -> String {
    let digits: Vec<char> = hex
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    digits
        .chunks(8)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Tổng cộng: 120 hồ sơ; thông qua: 80; không thông qua: 30; chưa đủ phiếu: 10".
pub fn outcome_counts(label: &str, rows: &[&MinutesRow]) -> String {
    let n = |o: Outcome| rows.iter().filter(|r| r.outcome == o).count();
    format!(
        "{label}: {} hồ sơ; thông qua: {}; không thông qua: {}; chưa đủ phiếu: {}",
        rows.len(),
        n(Outcome::Approved),
        n(Outcome::NotApproved),
        n(Outcome::Pending)
    )
}

fn tally_columns() -> Vec<ColumnSpec> {
    use Align::{Center, Left};
    vec![
        ColumnSpec::new("STT", 10.0, Center),
        ColumnSpec::new("Họ và tên / Tên tập thể", 44.0, Left),
        ColumnSpec::new("Đơn vị", 38.0, Left),
        ColumnSpec::new("Hình thức khen thưởng", 30.0, Left),
        ColumnSpec::new("Đồng ý", 14.0, Center),
        ColumnSpec::new("Không đồng ý", 14.0, Center),
        ColumnSpec::new("Không biểu quyết", 15.0, Center),
        ColumnSpec::new("Chưa bỏ phiếu", 14.0, Center),
        ColumnSpec::new("Xung đột lợi ích (không tính)", 18.0, Center),
        ColumnSpec::new("Tỷ lệ đồng ý", 17.0, Center),
        ColumnSpec::new("Điểm bình quân", 16.0, Center),
        ColumnSpec::new("Kết quả", 22.0, Center),
    ]
}

fn packet_columns() -> Vec<ColumnSpec> {
    use Align::{Center, Left};
    vec![
        ColumnSpec::new("STT", 10.0, Center),
        ColumnSpec::new("Thành viên", 50.0, Left),
        ColumnSpec::new("Số thứ tự gói", 18.0, Center),
        ColumnSpec::new("Mã băm SHA-256 của gói", 82.0, Left),
        ColumnSpec::new("Thời điểm nhận", 46.0, Center),
        ColumnSpec::new("Ghi chú", 46.0, Left),
    ]
}

fn tally_cells(stt: usize, r: &MinutesRow) -> Vec<String> {
    vec![
        stt.to_string(),
        r.name.clone(),
        r.unit.clone(),
        r.award.clone(),
        r.approve.to_string(),
        r.reject.to_string(),
        r.abstain.to_string(),
        r.not_voted.to_string(),
        r.conflicted.to_string(),
        format!("{}%", decimal_vi(r.approval_percent, 2)),
        r.mean_score.map(|s| decimal_vi(s, 2)).unwrap_or_default(),
        r.outcome.label_vi().to_string(),
    ]
}

/// Renders the minutes to PDF bytes and reports where the two signatures go.
pub fn render_minutes(doc: &Minutes) -> Result<RenderedMinutes, PdfError> {
    let (bytes, pages, areas) = render_document(&doc.metadata, Orientation::Landscape, |c| {
        draw_header_block(c, &doc.issuing_body, &doc.number, doc.place_date);
        draw_title(
            c,
            "BIÊN BẢN KIỂM PHIẾU",
            &[format!("Đợt xét: {}", nfc(&doc.round_name))],
        );
        for line in [
            format!("Số thành viên hội đồng: {}.", doc.committee_size),
            format!(
                "Nguyên tắc biểu quyết: {}.",
                nfc(&doc.vote_rule).trim_end_matches('.')
            ),
            format!("Số gói phiếu đã tổng hợp: {}.", doc.packets.len()),
        ] {
            c.paragraph(Style::Regular, BODY_SIZE, &line);
        }
        c.y += 6.0;

        let table = Table::new(c, &tally_columns(), TABLE_SIZE);
        table.draw_header(c, "I. KẾT QUẢ KIỂM PHIẾU THEO HỒ SƠ");
        let mut stt = 0usize;
        for g in &doc.groups {
            let heading = format!("{} ({})", nfc(&g.title), g.rows.len());
            table.draw_spanning(c, &heading, Style::Bold, true);
            for r in &g.rows {
                stt += 1;
                table.draw_row(c, &tally_cells(stt, r));
            }
            let rows: Vec<&MinutesRow> = g.rows.iter().collect();
            table.draw_spanning(c, &outcome_counts("Cộng", &rows), Style::Italic, false);
        }
        let all: Vec<&MinutesRow> = doc.groups.iter().flat_map(|g| &g.rows).collect();
        table.draw_spanning(c, &outcome_counts("Tổng cộng", &all), Style::Bold, false);
        c.y += 14.0;

        let packets = Table::new(c, &packet_columns(), TABLE_SIZE);
        packets.draw_header(c, "II. DANH SÁCH PHIẾU ĐÃ TỔNG HỢP");
        if doc.packets.is_empty() {
            packets.draw_spanning(c, "(Chưa có gói phiếu nào)", Style::Italic, false);
        }
        for (i, p) in doc.packets.iter().enumerate() {
            packets.draw_row(
                c,
                &[
                    (i + 1).to_string(),
                    p.member.clone(),
                    p.sequence.to_string(),
                    hash_groups(&p.sha256),
                    time_vi(p.received),
                    p.note.clone(),
                ],
            );
        }
        Ok(draw_closing(c, Closing::Signer(&doc.secretary), &doc.chair))
    })?;
    let secretary_area = areas
        .left
        .ok_or_else(|| PdfError::Layout("thiếu chỗ ký của thư ký".into()))?;
    Ok(RenderedMinutes {
        bytes,
        pages,
        chair_area: areas.right,
        secretary_area,
    })
}

/// The title in the minutes' metadata, by which a countersignature knows them.
pub const MINUTES_TITLE: &str = "Biên bản kiểm phiếu";

/// Where the chair signs minutes that the secretary signed before (on another laptop, later):
/// the chair's column of the same closing, beside the secretary's signature, on its page. The
/// file must carry that one signature and nothing else.
pub fn chair_area_after_secretary(pdf: &[u8]) -> Result<SignatureArea, PdfError> {
    use crate::pdfobj::{get, resolve, signature_fields};
    use lopdf::{Document, Object};
    let doc = Document::load_mem(pdf).map_err(|e| PdfError::Parse(e.to_string()))?;
    let title = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| resolve(&doc, i).ok())
        .and_then(|i| i.as_dict().ok())
        .and_then(|i| get(&doc, i, b"Title"))
        .and_then(|t| t.as_str().ok())
        .map(crate::pdfobj::decode_text);
    if title.as_deref() != Some(MINUTES_TITLE) {
        return Err(PdfError::Sign(format!(
            "tệp không phải biên bản kiểm phiếu do Xét Khen lập (tiêu đề: {})",
            title.unwrap_or_else(|| "không có".into())
        )));
    }
    let fields = signature_fields(&doc);
    let [secretary] = fields.as_slice() else {
        return Err(PdfError::Sign(format!(
            "biên bản phải có đúng một chữ ký, của thư ký, trước khi chủ tịch ký; tệp này có {}",
            fields.len()
        )));
    };
    // sign_pdf writes the field and its widget as one dictionary.
    let field = secretary.dict;
    // An array of numbers, as `get` gives it (resolved).
    let numbers = |o: Option<&Object>| -> Option<Vec<f32>> {
        match o {
            Some(Object::Array(a)) => a
                .iter()
                .map(|v| match v {
                    Object::Integer(i) => Some(*i as f32),
                    Object::Real(r) => Some(*r),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    };
    let missing = |what: &str| PdfError::Parse(format!("chữ ký của thư ký không có {what}"));
    let rect = numbers(get(&doc, field, b"Rect"))
        .filter(|r| r.len() == 4)
        .ok_or_else(|| missing("vị trí (/Rect)"))?;
    let page_id = field
        .get(b"P")
        .and_then(Object::as_reference)
        .map_err(|_| missing("trang (/P)"))?;
    let page = doc
        .get_pages()
        .values()
        .position(|id| *id == page_id)
        .ok_or_else(|| missing("trang trong tệp"))?;
    let page_dict = doc
        .get_object(page_id)
        .and_then(Object::as_dict)
        .map_err(|e| PdfError::Parse(e.to_string()))?;
    let media = numbers(get(&doc, page_dict, b"MediaBox"))
        .filter(|m| m.len() == 4)
        .ok_or_else(|| missing("khổ trang (/MediaBox)"))?;
    // draw_closing puts the chair's column half the text width to the right of the secretary's.
    let half = (media[2] - media[0] - MARGIN_LEFT - MARGIN_RIGHT) / 2.0;
    Ok(SignatureArea {
        page,
        rect: [rect[0] + half, rect[1], rect[2] + half, rect[3]],
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn a_hash_is_printed_whole_in_groups_of_eight() {
        let h = "3F2A9B1C0D4E5F60718293A4B5C6D7E8F9A0B1C2D3E4F5061728394A5B6C7D8E";
        let g = hash_groups(h);
        assert_eq!(g.split(' ').count(), 8);
        assert_eq!(g.replace(' ', ""), h.to_ascii_lowercase());
    }

    #[test]
    fn the_totals_count_each_result() {
        let row = |outcome| MinutesRow {
            name: String::new(),
            unit: String::new(),
            award: String::new(),
            approve: 0,
            reject: 0,
            abstain: 0,
            not_voted: 0,
            conflicted: 0,
            approval_percent: 0.0,
            mean_score: None,
            outcome,
        };
        let rows = [
            row(Outcome::Approved),
            row(Outcome::Approved),
            row(Outcome::Pending),
        ];
        let refs: Vec<&MinutesRow> = rows.iter().collect();
        assert_eq!(
            outcome_counts("Cộng", &refs),
            "Cộng: 3 hồ sơ; thông qua: 2; không thông qua: 0; chưa đủ phiếu: 1"
        );
    }
}
