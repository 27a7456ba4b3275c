//! A member's vote summary ("Phiếu đánh giá của thành viên hội đồng"): the human-readable page
//! that goes with a member's signed decision packet, with their vote, merit score and the item
//! verdicts that matter for each nomination, signed by the member.
//!
//! A pure renderer: the caller fills [`VoteSummary`] from the member's reviews and chooses which
//! item verdicts to show (those that differ from the automatic result or ask for evidence).

use chrono::{DateTime, NaiveDate, Utc};
use xetkhen_core::text::nfc;

use crate::canvas::{
    decimal_vi, draw_closing, draw_header_block, draw_title, render_document, time_vi, Closing,
    Meta, Orientation, RenderedList, SignatureBlock, BODY_SIZE,
};
use crate::error::PdfError;
use crate::layout::Style;
use crate::minutes::hash_groups;
use crate::table::{Align, ColumnSpec, Table, COMPACT_SIZE as TABLE_SIZE};

/// Everything printed on a member's vote summary. Strings may arrive NFD.
#[derive(Debug, Clone)]
pub struct VoteSummary {
    /// The committee, parent first, as on the minutes; the last line is set in bold.
    pub issuing_body: Vec<String>,
    /// Printed as "Thành phố Hồ Chí Minh, ngày 27 tháng 11 năm 2026".
    pub place_date: NaiveDate,
    /// The member's full name; also printed under the signature.
    pub member_name: String,
    /// The member's position ("Phó Giám đốc Sở Nội vụ, Ủy viên Hội đồng").
    pub member_position: String,
    /// The round's name.
    pub round_name: String,
    /// The packet's sequence number for this member (1 for their first).
    pub sequence: u64,
    /// When the packet was made; printed in Vietnam time.
    pub created: DateTime<Utc>,
    /// SHA-256 (hexadecimal) of the member's previous packet, which this one names; `None` for
    /// the first.
    pub previous_packet_sha256: Option<String>,
    /// One row per nomination of the round, in the order to print.
    pub rows: Vec<VoteSummaryRow>,
    pub metadata: Meta,
}

/// The member's review of one nomination. STT is numbered by the renderer.
#[derive(Debug, Clone)]
pub struct VoteSummaryRow {
    /// The nominee: a person's full name or a collective's name.
    pub name: String,
    pub unit: String,
    /// The award form proposed.
    pub award: String,
    /// The member's vote; `None` when they have not voted yet.
    pub vote: Option<Ballot>,
    /// The member's merit score; `None` when they gave none.
    pub merit_score: Option<f64>,
    /// The item verdicts worth reading: those that differ from the automatic result or ask for
    /// evidence.
    pub items: Vec<ItemNote>,
    /// The member's notes on the nomination; may be empty.
    pub note: String,
}

/// A member's vote on a nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ballot {
    /// Đồng ý.
    Approve,
    /// Không đồng ý.
    Reject,
    /// Không biểu quyết.
    Abstain,
}

impl Ballot {
    pub fn label_vi(self) -> &'static str {
        match self {
            Ballot::Approve => "Đồng ý",
            Ballot::Reject => "Không đồng ý",
            Ballot::Abstain => "Không biểu quyết",
        }
    }
}

/// What a vote cell says when there is no vote yet.
pub const NOT_VOTED: &str = "Chưa biểu quyết";

/// A verdict on one criterion item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemVerdict {
    /// Đạt.
    Pass,
    /// Không đạt.
    Fail,
    /// Cần bổ sung hồ sơ.
    NeedsEvidence,
}

impl ItemVerdict {
    pub fn label_vi(self) -> &'static str {
        match self {
            ItemVerdict::Pass => "Đạt",
            ItemVerdict::Fail => "Không đạt",
            ItemVerdict::NeedsEvidence => "Cần bổ sung hồ sơ",
        }
    }
}

/// The member's verdict on one item, with the automatic result it departs from and the reason.
#[derive(Debug, Clone)]
pub struct ItemNote {
    /// The item's code and, if wanted, its name: "2.2.b".
    pub item: String,
    pub verdict: ItemVerdict,
    /// The automatic result from the stated figures, if the item has one.
    pub automatic: Option<ItemVerdict>,
    /// The member's reason; may be empty.
    pub reason: String,
}

impl ItemNote {
    /// "2.2.b: Không đạt (kết quả tự động: Đạt). Lý do: …".
    pub fn text(&self) -> String {
        let mut s = format!("{}: {}", nfc(&self.item), self.verdict.label_vi());
        if let Some(auto) = self.automatic {
            s.push_str(&format!(" (kết quả tự động: {})", auto.label_vi()));
        }
        s.push('.');
        let reason = nfc(self.reason.trim());
        if !reason.is_empty() {
            s.push_str(&format!(" Lý do: {reason}"));
        }
        s
    }
}

/// "Tổng cộng: 40 hồ sơ; đồng ý: 25; không đồng ý: 5; không biểu quyết: 4; chưa biểu quyết: 6".
pub fn vote_counts(rows: &[VoteSummaryRow]) -> String {
    let n = |v: Option<Ballot>| rows.iter().filter(|r| r.vote == v).count();
    format!(
        "Tổng cộng: {} hồ sơ; đồng ý: {}; không đồng ý: {}; không biểu quyết: {}; chưa biểu quyết: {}",
        rows.len(),
        n(Some(Ballot::Approve)),
        n(Some(Ballot::Reject)),
        n(Some(Ballot::Abstain)),
        n(None)
    )
}

fn columns() -> Vec<ColumnSpec> {
    use Align::{Center, Left};
    vec![
        ColumnSpec::new("STT", 9.0, Center),
        ColumnSpec::new("Họ và tên / Tên tập thể", 24.0, Left),
        ColumnSpec::new("Đơn vị", 20.0, Left),
        ColumnSpec::new("Hình thức khen thưởng", 18.0, Left),
        ColumnSpec::new("Biểu quyết", 13.0, Center),
        ColumnSpec::new("Điểm", 9.0, Center),
        ColumnSpec::new("Ý kiến về tiêu chí, ghi chú", 38.0, Left),
    ]
}

fn cells(stt: usize, r: &VoteSummaryRow) -> Vec<String> {
    let mut remarks: Vec<String> = r.items.iter().map(ItemNote::text).collect();
    let note = nfc(r.note.trim());
    if !note.is_empty() {
        remarks.push(format!("Ghi chú: {note}"));
    }
    vec![
        stt.to_string(),
        r.name.clone(),
        r.unit.clone(),
        r.award.clone(),
        r.vote.map_or(NOT_VOTED, Ballot::label_vi).to_string(),
        r.merit_score.map(|s| decimal_vi(s, 2)).unwrap_or_default(),
        remarks.join("\n"),
    ]
}

/// Renders the vote summary and reports where the member's signature goes.
pub fn render_vote_summary(doc: &VoteSummary) -> Result<RenderedList, PdfError> {
    let (bytes, pages, area) = render_document(&doc.metadata, Orientation::Portrait, |c| {
        draw_header_block(c, &doc.issuing_body, "", doc.place_date);
        draw_title(
            c,
            "PHIẾU ĐÁNH GIÁ CỦA THÀNH VIÊN HỘI ĐỒNG",
            &[format!("Đợt xét: {}", nfc(&doc.round_name))],
        );
        let mut facts = vec![
            format!("Họ và tên: {}", nfc(&doc.member_name)),
            format!("Chức vụ: {}", nfc(&doc.member_position)),
            format!(
                "Gói phiếu số {}, lập lúc {} (giờ Việt Nam).",
                doc.sequence,
                time_vi(doc.created)
            ),
        ];
        if let Some(prev) = &doc.previous_packet_sha256 {
            facts.push(format!(
                "Mã băm SHA-256 của gói trước: {}",
                hash_groups(prev)
            ));
        }
        for f in &facts {
            c.paragraph(Style::Regular, BODY_SIZE, f);
        }
        c.y += 8.0;
        let table = Table::new(c, &columns(), TABLE_SIZE);
        table.draw_header(c, "");
        for (i, r) in doc.rows.iter().enumerate() {
            table.draw_row(c, &cells(i + 1, r));
        }
        table.draw_spanning(c, &vote_counts(&doc.rows), Style::Bold, false);
        let signer = SignatureBlock {
            authority_line: String::new(),
            title_line: "NGƯỜI ĐÁNH GIÁ".into(),
            name: doc.member_name.clone(),
        };
        Ok(draw_closing(c, Closing::Nothing, &signer).right)
    })?;
    Ok(RenderedList {
        bytes,
        pages,
        signature_area: area,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn an_overridden_item_names_the_automatic_result_and_the_reason() {
        let n = ItemNote {
            item: "2.2.b".into(),
            verdict: ItemVerdict::Fail,
            automatic: Some(ItemVerdict::Pass),
            reason: "Số liệu trực tuyến chưa khớp với báo cáo".into(),
        };
        assert_eq!(
            n.text(),
            "2.2.b: Không đạt (kết quả tự động: Đạt). Lý do: Số liệu trực tuyến chưa khớp với báo cáo"
        );
    }
}
