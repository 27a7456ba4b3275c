//! The cover submission (tờ trình) that goes before the list, laid out after Nghị định 30/2020
//! like the list: the same header block, its own number, place and date, "TỜ TRÌNH" and the
//! subject ("Về việc …") over a short rule, the addressee, a justified body with first-line
//! indents, then the signature block and the recipients.
//!
//! The cover is a document of its own inside the file: the list after it starts on a new page
//! and numbers its pages from its own first page.

use xetkhen_core::text::nfc;

use crate::canvas::{draw_closing, draw_header_block, draw_title, Canvas, Closing, TITLE_SIZE};
use crate::layout::{mm, Style, CONTENT_WIDTH, LINE_FACTOR, MARGIN_LEFT};
use crate::list::ListDocument;

/// Body text of a tờ trình: 14 pt (Nghị định 30 allows 13–14).
const COVER_SIZE: f32 = 14.0;
/// First-line indent of a paragraph (Nghị định 30: 1 cm or 1.27 cm).
const INDENT: f32 = mm(10.0);
/// Space after a paragraph.
const PARAGRAPH_GAP: f32 = 6.0;

/// What the cover says. The issuing body, the date and the signer are the list's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// "Số: 12/TTr-BTĐKT".
    pub number: String,
    /// The subject, "Về việc đề nghị tặng Bằng khen …", set in bold under "TỜ TRÌNH".
    pub subject: String,
    /// "Ủy ban nhân dân Thành phố": printed as "Kính gửi: …".
    pub addressee: String,
    /// The body, one paragraph per entry.
    pub paragraphs: Vec<String>,
    /// "Nơi nhận:" lines.
    pub recipients: Vec<String>,
}

pub(crate) fn draw_cover(c: &mut Canvas, doc: &ListDocument, cover: &Cover) {
    draw_header_block(c, &doc.issuing_body, &cover.number, doc.place_date);
    draw_title(c, "TỜ TRÌNH", &[]);
    // draw_title leaves room for a table; pull the subject up under the title.
    c.y -= 10.0;
    let subject = nfc(&cover.subject);
    let lines =
        c.m.wrap(Style::Bold, TITLE_SIZE, &subject, CONTENT_WIDTH - mm(20.0));
    let lh = TITLE_SIZE * LINE_FACTOR;
    let asc = c.m.ascent(Style::Bold, TITLE_SIZE);
    let cx = MARGIN_LEFT + CONTENT_WIDTH / 2.0;
    let mut widest = 0.0f32;
    for l in &lines {
        c.text_centered(Style::Bold, TITLE_SIZE, cx, c.y + asc, l);
        widest = widest.max(c.m.width(Style::Bold, TITLE_SIZE, l));
        c.y += lh;
    }
    // A short rule under the subject, a third of its width.
    let rule = (widest / 3.0).max(mm(20.0));
    c.line(cx - rule / 2.0, c.y + 3.0, cx + rule / 2.0, c.y + 3.0, 0.5);
    c.y += 18.0;

    let addressee = format!("Kính gửi: {}.", nfc(&cover.addressee).trim_end_matches('.'));
    c.text_centered(
        Style::Regular,
        COVER_SIZE,
        cx,
        c.y + c.m.ascent(Style::Regular, COVER_SIZE),
        &addressee,
    );
    c.y += COVER_SIZE * LINE_FACTOR + 12.0;

    for p in &cover.paragraphs {
        paragraph(c, &nfc(p));
    }
    draw_closing(c, Closing::Recipients(&cover.recipients), &doc.signer);
}

/// A justified paragraph with a first-line indent; its last line is set flush left.
fn paragraph(c: &mut Canvas, text: &str) {
    let lh = COVER_SIZE * LINE_FACTOR;
    let style = Style::Regular;
    let asc = c.m.ascent(style, COVER_SIZE);
    let lines = indented_wrap(c, style, text);
    let n = lines.len();
    for (i, line) in lines.iter().enumerate() {
        if c.y + lh > c.bottom() {
            c.new_page();
        }
        let x0 = MARGIN_LEFT + if i == 0 { INDENT } else { 0.0 };
        let width = MARGIN_LEFT + CONTENT_WIDTH - x0;
        let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
        let base = c.y + asc;
        if i + 1 == n || words.len() < 2 {
            c.text(style, COVER_SIZE, x0, base, line);
        } else {
            let used: f32 = words.iter().map(|w| c.m.width(style, COVER_SIZE, w)).sum();
            let gap = (width - used) / (words.len() - 1) as f32;
            let mut x = x0;
            for w in words {
                c.text(style, COVER_SIZE, x, base, w);
                x += c.m.width(style, COVER_SIZE, w) + gap;
            }
        }
        c.y += lh;
    }
    c.y += PARAGRAPH_GAP;
}

/// Wraps `text` with a first line narrower by the indent.
fn indented_wrap(c: &Canvas, style: Style, text: &str) -> Vec<String> {
    let first = c.m.wrap(style, COVER_SIZE, text, CONTENT_WIDTH - INDENT);
    let Some(head) = first.first().cloned() else {
        return Vec::new();
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let taken = head.split_whitespace().count();
    if words[..taken.min(words.len())].join(" ") != head {
        // The first line cut a word too long for it: wrap without the indent, losing nothing.
        return c.m.wrap(style, COVER_SIZE, text, CONTENT_WIDTH);
    }
    let rest = words[taken..].join(" ");
    let mut lines = vec![head];
    if !rest.is_empty() {
        lines.extend(c.m.wrap(style, COVER_SIZE, &rest, CONTENT_WIDTH));
    }
    lines
}
