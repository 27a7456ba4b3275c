//! What every administrative document of this crate shares (the list, its cover, the vote
//! minutes and a member's vote summary): the drawing surface with its page breaks and page
//! numbers, the header block and title of Nghị định 30/2020, the signature blocks, and the
//! writing of the file (subset fonts, document information, dates).
//!
//! Invariants: every string is NFC before it is measured or drawn; page numbers appear centred
//! at the top from page 2 of each document; the file says PDF 1.7 and carries real dates.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use printpdf::{
    FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, TextItem,
};
use xetkhen_core::text::nfc;

use crate::error::PdfError;
use crate::layout::{
    mm, Metrics, Style, LINE_FACTOR, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP,
    PAGE_HEIGHT, PAGE_WIDTH,
};

/// The place written before the date. The app serves the city's secretariat only.
pub const PLACE: &str = "Thành phố Hồ Chí Minh";
/// The Producer and Creator written into the document information.
pub const PRODUCER: &str = "Xét Khen";

pub(crate) const BODY_SIZE: f32 = 13.0;
pub(crate) const TITLE_SIZE: f32 = 14.0;
pub(crate) const RULE: f32 = 0.5;
/// The left column of the header block (issuing body, number); the rest is the right column.
const HEADER_LEFT_WIDTH: f32 = mm(68.0);
/// Room left between the signer's title and name for the seal and the signature.
const SIGNATURE_SPACE: f32 = mm(28.0);

/// How the A4 sheet is turned. Nghị định 30/2020 allows landscape for a document that is mostly
/// a wide table; the margins stay the same distances from the same edges of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

impl Orientation {
    /// Width and height in points.
    fn size(self) -> (f32, f32) {
        match self {
            Orientation::Portrait => (PAGE_WIDTH, PAGE_HEIGHT),
            Orientation::Landscape => (PAGE_HEIGHT, PAGE_WIDTH),
        }
    }
}

/// Document information dictionary.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// E.g. the round id and the filter that chose the rows.
    pub keywords: Vec<String>,
    /// Written as the creation and modification dates (printpdf would write 1970 otherwise).
    pub created: DateTime<Utc>,
}

/// A signature block: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / name. An empty authority line is left
/// out (a member signs in their own name, with no "KT.").
#[derive(Debug, Clone)]
pub struct SignatureBlock {
    pub authority_line: String,
    pub title_line: String,
    pub name: String,
}

/// Where on which page the seal and signature go, in PDF points (origin bottom left):
/// `sign_pdf` puts its visible appearance here.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignatureArea {
    /// 0-based.
    pub page: usize,
    /// [x1, y1, x2, y2].
    pub rect: [f32; 4],
}

/// A rendered document and what the signer needs to know about its layout.
#[derive(Debug, Clone)]
pub struct RenderedList {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Where the signature of the document's signer goes (the right-hand signature block).
    pub signature_area: SignatureArea,
}

/// "ngày 05 tháng 7 năm 2022": Nghị định 30 writes days below 10 and months 1 and 2 with a
/// leading zero, other months without.
pub fn vietnamese_date(d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year())
}

/// `v` with `places` decimals and a decimal comma, as Vietnamese documents write numbers:
/// 53.3333 → "53,33".
pub fn decimal_vi(v: f64, places: usize) -> String {
    format!("{v:.places$}").replace('.', ",")
}

/// A moment in Vietnam time (UTC+7), "14:05:09 ngày 27/11/2026".
pub fn time_vi(t: DateTime<Utc>) -> String {
    crate::sign::vietnam_time(t)
        .format("%H:%M:%S ngày %d/%m/%Y")
        .to_string()
}

/// Lays out one file: loads the fonts, lets `draw` fill the pages, writes the document
/// information and saves with subset fonts. Returns the bytes, the page count and what `draw`
/// returned.
pub(crate) fn render_document<R>(
    meta: &Meta,
    orientation: Orientation,
    draw: impl FnOnce(&mut Canvas) -> Result<R, PdfError>,
) -> Result<(Vec<u8>, usize, R), PdfError> {
    let metrics = Metrics::load()?;
    let mut pdf = PdfDocument::new(&nfc(&meta.title));
    let mut font_ids = Vec::with_capacity(4);
    for style in Style::ALL {
        let parsed = ParsedFont::from_bytes(style.bytes(), 0, &mut Vec::new())
            .ok_or_else(|| PdfError::Font(format!("{style:?}")))?;
        font_ids.push(pdf.add_font(&parsed));
    }
    let mut canvas = Canvas::new(&metrics, font_ids, orientation);
    let extra = draw(&mut canvas)?;
    let pages = canvas.finish();
    let page_count = pages.len();

    let info = &mut pdf.metadata.info;
    info.document_title = nfc(&meta.title);
    info.author = nfc(&meta.author);
    info.subject = nfc(&meta.subject);
    info.keywords = meta.keywords.iter().map(|k| nfc(k)).collect();
    info.producer = PRODUCER.to_string();
    info.creator = PRODUCER.to_string();
    let ts = printpdf::OffsetDateTime::from_unix_timestamp(meta.created.timestamp())
        .map_err(|e| PdfError::Layout(format!("ngày tạo: {e}")))?;
    info.creation_date = ts;
    info.modification_date = ts;
    info.metadata_date = ts;

    let to_mm = |pt: f32| Mm(pt * 25.4 / 72.0);
    let pdf_pages = pages
        .into_iter()
        .map(|(ops, orientation)| {
            let (w, h) = orientation.size();
            PdfPage::new(to_mm(w), to_mm(h), ops)
        })
        .collect::<Vec<_>>();
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut bytes = pdf.with_pages(pdf_pages).save(&opts, &mut Vec::new());
    tidy_info(&mut bytes);
    Ok((bytes, page_count, extra))
}

/// printpdf always writes an empty /GTS_PDFXVersion (which readers take as a PDF/X claim) and an
/// empty /Identifier, and labels the file PDF 1.3. Blank the two entries out with spaces and raise
/// the header to 1.7 (PAdES signatures are a PDF 1.7 extension): same lengths, so every offset in
/// the cross-reference table stays right.
fn tidy_info(bytes: &mut [u8]) {
    for key in [&b"/GTS_PDFXVersion()"[..], &b"/Identifier()"[..]] {
        if let Some(at) = bytes.windows(key.len()).position(|w| w == key) {
            bytes[at..at + key.len()].fill(b' ');
        }
    }
    if bytes.starts_with(b"%PDF-1.") && bytes.len() > 8 {
        bytes[7] = b'7';
    }
}

/// Drawing state: finished pages, the page being drawn and a top-down cursor.
pub(crate) struct Canvas<'a> {
    pub(crate) m: &'a Metrics,
    fonts: Vec<FontId>,
    /// How the page being drawn is turned, and its width and height in points.
    orientation: Orientation,
    width: f32,
    height: f32,
    /// Finished pages with the way each is turned (a portrait cover before a landscape list).
    pages: Vec<(Vec<Op>, Orientation)>,
    ops: Vec<Op>,
    /// Distance from the top edge of the page, in points.
    pub(crate) y: f32,
    /// Index of the page where the current document (cover, then list) begins: page numbers
    /// count from there.
    doc_start: usize,
    /// Vertical rules waiting to be drawn: (x, top, bottom). Rules of consecutive rows at the
    /// same x are merged into one, which keeps a 1,000-row list small.
    verticals: Vec<(f32, f32, f32)>,
    /// The last horizontal rule drawn, so that the rule shared by two rows is drawn once.
    last_horizontal: Option<(f32, f32, f32)>,
}

impl<'a> Canvas<'a> {
    fn new(m: &'a Metrics, fonts: Vec<FontId>, orientation: Orientation) -> Self {
        let (width, height) = orientation.size();
        Self {
            m,
            fonts,
            orientation,
            width,
            height,
            pages: Vec::new(),
            ops: vec![Op::SetOutlineThickness { pt: Pt(RULE) }],
            y: MARGIN_TOP,
            doc_start: 0,
            verticals: Vec::new(),
            last_horizontal: None,
        }
    }

    /// Width between the margins.
    pub(crate) fn content_width(&self) -> f32 {
        self.width - MARGIN_LEFT - MARGIN_RIGHT
    }

    /// The lowest the cursor may go, from the top edge.
    pub(crate) fn bottom(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }

    /// Ends the current document: the next one starts on a fresh page turned as `orientation`
    /// says (a portrait tờ trình may go before a landscape list), unnumbered like any first
    /// page, and its page numbers count from it.
    pub(crate) fn start_document(&mut self, orientation: Orientation) {
        self.push_page();
        self.orientation = orientation;
        (self.width, self.height) = orientation.size();
        self.doc_start = self.pages.len();
    }

    fn push_page(&mut self) {
        self.flush_rules();
        let ops = std::mem::replace(
            &mut self.ops,
            vec![Op::SetOutlineThickness { pt: Pt(RULE) }],
        );
        self.pages.push((ops, self.orientation));
        self.y = MARGIN_TOP;
    }

    pub(crate) fn page_index(&self) -> usize {
        self.pages.len()
    }

    pub(crate) fn new_page(&mut self) {
        self.push_page();
        // Page numbers from page 2 of each document, centred in the top margin.
        let n = (self.pages.len() + 1 - self.doc_start).to_string();
        self.text_centered(Style::Regular, BODY_SIZE, self.width / 2.0, mm(12.0), &n);
    }

    fn finish(mut self) -> Vec<(Vec<Op>, Orientation)> {
        self.flush_rules();
        let ops = std::mem::take(&mut self.ops);
        self.pages.push((ops, self.orientation));
        self.pages
    }

    fn font(&self, style: Style) -> PdfFontHandle {
        let i = match style {
            Style::Regular => 0,
            Style::Bold => 1,
            Style::Italic => 2,
            Style::BoldItalic => 3,
        };
        PdfFontHandle::External(self.fonts[i].clone())
    }

    /// Draws `s` with its baseline `baseline` points below the top edge.
    pub(crate) fn text(&mut self, style: Style, size: f32, x: f32, baseline: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let font = self.font(style);
        let y = self.height - baseline;
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font,
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    pub(crate) fn text_centered(
        &mut self,
        style: Style,
        size: f32,
        cx: f32,
        baseline: f32,
        s: &str,
    ) {
        let w = self.m.width(style, size, s);
        self.text(style, size, cx - w / 2.0, baseline, s);
    }

    /// A table rule (width [`RULE`]): verticals are merged, repeated horizontals skipped.
    pub(crate) fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        if (x1 - x2).abs() < 0.01 {
            let (top, bottom) = (y1.min(y2), y1.max(y2));
            if let Some(v) = self
                .verticals
                .iter_mut()
                .find(|v| (v.0 - x1).abs() < 0.01 && (v.2 - top).abs() < 0.01)
            {
                v.2 = bottom;
            } else {
                self.verticals.push((x1, top, bottom));
            }
            return;
        }
        let h = (x1, x2, y1);
        if self.last_horizontal.is_some_and(|l| {
            (l.0 - h.0).abs() < 0.01 && (l.1 - h.1).abs() < 0.01 && (l.2 - h.2).abs() < 0.01
        }) {
            return;
        }
        self.last_horizontal = Some(h);
        self.segment(x1, y1, x2, y2);
    }

    fn flush_rules(&mut self) {
        for (x, top, bottom) in std::mem::take(&mut self.verticals) {
            self.segment(x, top, x, bottom);
        }
        self.last_horizontal = None;
    }

    fn draw_line_op(&self, x1: f32, y1: f32, x2: f32, y2: f32) -> Op {
        let p = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(self.height - y),
            },
            bezier: false,
        };
        Op::DrawLine {
            line: Line {
                points: vec![p(x1, y1), p(x2, y2)],
                is_closed: false,
            },
        }
    }

    fn segment(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let op = self.draw_line_op(x1, y1, x2, y2);
        self.ops.push(op);
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        let op = self.draw_line_op(x1, y1, x2, y2);
        self.ops
            .extend([Op::SetOutlineThickness { pt: Pt(width) }, op]);
    }

    /// Lines of `s` centred in a column, wrapped to its width; returns the height used.
    pub(crate) fn centered_block(
        &mut self,
        style: Style,
        size: f32,
        x: f32,
        w: f32,
        s: &str,
    ) -> f32 {
        let lh = size * LINE_FACTOR;
        let lines = self.m.wrap(style, size, &nfc(s), w);
        let asc = self.m.ascent(style, size);
        let top = self.y;
        for (i, l) in lines.iter().enumerate() {
            self.text_centered(style, size, x + w / 2.0, top + asc + i as f32 * lh, l);
        }
        lines.len() as f32 * lh
    }

    /// Flush-left lines of `s` wrapped to the text width, moving to a new page when a line does
    /// not fit; moves the cursor under them.
    pub(crate) fn paragraph(&mut self, style: Style, size: f32, s: &str) {
        let lh = size * LINE_FACTOR;
        let asc = self.m.ascent(style, size);
        for l in self.m.wrap(style, size, &nfc(s), self.content_width()) {
            if self.y + lh > self.bottom() {
                self.new_page();
            }
            self.text(style, size, MARGIN_LEFT, self.y + asc, &l);
            self.y += lh;
        }
    }

    /// The largest size ≤ `size` at which `s` fits in `w`.
    fn fit(&self, style: Style, size: f32, s: &str, w: f32) -> f32 {
        let natural = self.m.width(style, size, s);
        if natural <= w {
            size
        } else {
            (size * w / natural).max(8.0)
        }
    }
}

/// The header block of an administrative document: issuing body and national name, number, place
/// and date. An empty number leaves its place blank.
pub(crate) fn draw_header_block(
    c: &mut Canvas,
    issuing_body: &[String],
    number: &str,
    date: NaiveDate,
) {
    let left_x = MARGIN_LEFT - mm(10.0);
    let left_w = HEADER_LEFT_WIDTH;
    let right_x = MARGIN_LEFT + HEADER_LEFT_WIDTH - mm(8.0);
    let right_w = MARGIN_LEFT + c.content_width() - right_x;
    let top = c.y;

    // Left: the issuing body, upper case; the body itself (last line) bold, a short rule under it.
    let size = 12.5;
    let lh = size * LINE_FACTOR;
    let mut y = top;
    let n = issuing_body.len();
    let mut last_width = 0.0f32;
    for (i, line) in issuing_body.iter().enumerate() {
        let style = if i + 1 == n && n > 1 || n == 1 {
            Style::Bold
        } else {
            Style::Regular
        };
        let text = nfc(line).to_uppercase();
        let s = c.fit(style, size, &text, left_w);
        c.text_centered(
            style,
            s,
            left_x + left_w / 2.0,
            y + c.m.ascent(style, s),
            &text,
        );
        last_width = c.m.width(style, s, &text);
        y += lh;
    }
    let rule = (last_width / 3.0).max(mm(15.0));
    let cx = left_x + left_w / 2.0;
    c.line(cx - rule / 2.0, y + 2.0, cx + rule / 2.0, y + 2.0, RULE);
    let left_bottom = y + 4.0;

    // Right: the national name and the motto with a rule as wide as the motto.
    let nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    let motto = "Độc lập - Tự do - Hạnh phúc";
    let s1 = c.fit(Style::Bold, 12.5, nation, right_w);
    let rcx = right_x + right_w / 2.0;
    c.text_centered(
        Style::Bold,
        s1,
        rcx,
        top + c.m.ascent(Style::Bold, s1),
        nation,
    );
    let y2 = top + s1 * LINE_FACTOR;
    c.text_centered(
        Style::Bold,
        BODY_SIZE,
        rcx,
        y2 + c.m.ascent(Style::Bold, BODY_SIZE),
        motto,
    );
    let mw = c.m.width(Style::Bold, BODY_SIZE, motto);
    let rule_y = y2 + BODY_SIZE * LINE_FACTOR + 2.0;
    c.line(rcx - mw / 2.0, rule_y, rcx + mw / 2.0, rule_y, RULE);
    let right_bottom = rule_y + 2.0;

    // Number on the left, place and date in italics on the right, on one line.
    c.y = left_bottom.max(right_bottom) + 6.0;
    let number = nfc(number);
    let sn = c.fit(Style::Regular, BODY_SIZE, &number, left_w);
    let base = c.y + c.m.ascent(Style::Regular, BODY_SIZE);
    c.text_centered(Style::Regular, sn, cx, base, &number);
    let date = format!("{PLACE}, {}", vietnamese_date(date));
    let sd = c.fit(Style::Italic, BODY_SIZE, &date, right_w);
    c.text_centered(Style::Italic, sd, rcx, base, &date);
    c.y += BODY_SIZE * LINE_FACTOR + 16.0;
}

/// The title and the lines under it, centred over the text width.
pub(crate) fn draw_title(c: &mut Canvas, title: &str, subtitle: &[String]) {
    let w = c.content_width();
    let h = c.centered_block(Style::Bold, TITLE_SIZE, MARGIN_LEFT, w, title);
    c.y += h;
    for sub in subtitle {
        let sub = nfc(sub);
        let style = if sub.starts_with('(') {
            Style::Italic
        } else {
            Style::Bold
        };
        let h = c.centered_block(style, BODY_SIZE, MARGIN_LEFT, w, &sub);
        c.y += h;
    }
    c.y += 10.0;
}

/// What stands left of the main signature block at the end of a document.
#[derive(Clone, Copy)]
pub(crate) enum Closing<'a> {
    /// "Nơi nhận:" and the recipients (the list, the cover).
    Recipients(&'a [String]),
    /// A second signer (the secretary of the minutes, beside the chair).
    Signer(&'a SignatureBlock),
    /// Nothing (a member's own vote summary).
    Nothing,
}

/// Where the signatures of a closing go: the left one only when the left is a signer.
pub(crate) struct ClosingAreas {
    pub(crate) left: Option<SignatureArea>,
    pub(crate) right: SignatureArea,
}

/// A signature block measured: its bold lines above the space for seal and signature.
struct SignerColumn {
    lines: Vec<String>,
    name: String,
}

impl SignerColumn {
    fn new(m: &Metrics, signer: &SignatureBlock, width: f32) -> Self {
        let lines = [&signer.authority_line, &signer.title_line]
            .iter()
            .map(|s| nfc(s))
            .filter(|s| !s.trim().is_empty())
            .flat_map(|s| m.wrap(Style::Bold, BODY_SIZE, &s, width))
            .collect();
        Self {
            lines,
            name: nfc(&signer.name),
        }
    }

    fn height(&self) -> f32 {
        (self.lines.len() + 1) as f32 * BODY_SIZE * LINE_FACTOR + SIGNATURE_SPACE
    }

    /// Draws the block centred on `cx` from `top`; returns where the seal and signature go.
    fn draw(&self, c: &mut Canvas, cx: f32, width: f32, top: f32) -> SignatureArea {
        let lh = BODY_SIZE * LINE_FACTOR;
        let asc = c.m.ascent(Style::Bold, BODY_SIZE);
        let mut y = top;
        for l in &self.lines {
            c.text_centered(Style::Bold, BODY_SIZE, cx, y + asc, l);
            y += lh;
        }
        let space_top = y;
        y += SIGNATURE_SPACE;
        c.text_centered(Style::Bold, BODY_SIZE, cx, y + asc, &self.name);
        let w = width.min(mm(75.0));
        SignatureArea {
            page: c.page_index(),
            rect: [
                cx - w / 2.0,
                c.height - (space_top + SIGNATURE_SPACE - 2.0),
                cx + w / 2.0,
                c.height - (space_top + 2.0),
            ],
        }
    }
}

/// The end of a document: `left` on the left half, the signer on the right half, moved together
/// to a new page when they do not fit; returns where the signatures go.
pub(crate) fn draw_closing(c: &mut Canvas, left: Closing, signer: &SignatureBlock) -> ClosingAreas {
    let half = c.content_width() / 2.0;
    let left_x = MARGIN_LEFT;
    let right_x = MARGIN_LEFT + half;
    let m = c.m;

    // Measure both columns first, so that they move to a new page together.
    let right = SignerColumn::new(m, signer, half);
    let (rec_lines, second) = match left {
        Closing::Recipients(recipients) => (
            recipients
                .iter()
                .flat_map(|r| m.wrap(Style::Regular, 11.0, &nfc(r), half - mm(5.0)))
                .collect::<Vec<_>>(),
            None,
        ),
        Closing::Signer(s) => (Vec::new(), Some(SignerColumn::new(m, s, half))),
        Closing::Nothing => (Vec::new(), None),
    };
    let left_h = match (&second, matches!(left, Closing::Recipients(_))) {
        (Some(s), _) => s.height(),
        (None, true) => 12.0 * LINE_FACTOR + rec_lines.len() as f32 * 11.0 * LINE_FACTOR,
        (None, false) => 0.0,
    };
    let right_h = right.height();

    c.y += 14.0;
    if c.y + right_h.max(left_h) > c.bottom() {
        c.new_page();
    }
    let top = c.y;

    let mut left_area = None;
    if let Closing::Recipients(_) = left {
        // "Nơi nhận:" in bold italics 12 pt, recipients 11 pt.
        let mut y = top + m.ascent(Style::BoldItalic, 12.0);
        c.text(Style::BoldItalic, 12.0, left_x, y, "Nơi nhận:");
        y += 12.0 * LINE_FACTOR;
        for l in &rec_lines {
            c.text(Style::Regular, 11.0, left_x, y - 1.0, l);
            y += 11.0 * LINE_FACTOR;
        }
    }
    if let Some(s) = &second {
        left_area = Some(s.draw(c, left_x + half / 2.0, half, top));
    }
    let right_area = right.draw(c, right_x + half / 2.0, half, top);
    c.y = top + right_h.max(left_h);
    ClosingAreas {
        left: left_area,
        right: right_area,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn decree_30_writes_leading_zeros_for_days_below_10_and_months_1_and_2() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(vietnamese_date(d(2022, 7, 5)), "ngày 05 tháng 7 năm 2022");
        assert_eq!(vietnamese_date(d(2023, 1, 9)), "ngày 09 tháng 01 năm 2023");
        assert_eq!(vietnamese_date(d(2023, 2, 28)), "ngày 28 tháng 02 năm 2023");
        assert_eq!(
            vietnamese_date(d(2025, 12, 31)),
            "ngày 31 tháng 12 năm 2025"
        );
        assert_eq!(vietnamese_date(d(2025, 3, 10)), "ngày 10 tháng 3 năm 2025");
    }
}
