//! The nomination list ("Danh sách đề nghị khen thưởng") as an A4 PDF laid out after Nghị định
//! 30/2020/NĐ-CP: header block, number and date, title, a ruled table whose header row repeats on
//! every page, totals, the signature block and the recipients.
//!
//! Invariants: every string is NFC before it is measured or drawn; a row moves whole to the next
//! page unless it is taller than a page, in which case it is split and the continuation is marked
//! "(tiếp theo)"; page numbers appear centred at the top from page 2.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use printpdf::{
    FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, TextItem,
};
use xetkhen_core::text::nfc;
use xetkhen_core::NomineeKind;

use crate::cover::{draw_cover, Cover};
use crate::error::PdfError;
use crate::layout::{
    mm, Metrics, Style, CONTENT_WIDTH, LINE_FACTOR, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_TOP,
    PAGE_HEIGHT, PAGE_WIDTH,
};

/// The place written before the date. The app serves the city's secretariat only.
pub const PLACE: &str = "Thành phố Hồ Chí Minh";
/// The Producer and Creator written into the document information.
pub const PRODUCER: &str = "Xét Khen";

pub(crate) const BODY_SIZE: f32 = 13.0;
const TABLE_SIZE: f32 = 12.0;
pub(crate) const TITLE_SIZE: f32 = 14.0;
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 2.5;
const RULE: f32 = 0.5;
pub(crate) const BOTTOM: f32 = PAGE_HEIGHT - MARGIN_BOTTOM;
/// The left column of the header block (issuing body, number); the rest is the right column.
const HEADER_LEFT_WIDTH: f32 = mm(68.0);
/// Room left between the signer's title and name for the seal and the signature.
const SIGNATURE_SPACE: f32 = mm(28.0);

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

    /// The columns seen on nomination lists (DOMAIN.md), in their usual order.
    pub fn standard() -> Vec<Column> {
        vec![
            Column::new(ColumnKind::Stt, "STT", 7.0),
            Column::new(ColumnKind::Name, "Họ và tên / Tên tập thể", 22.0),
            Column::new(ColumnKind::Position, "Chức vụ", 12.0),
            Column::new(ColumnKind::Unit, "Đơn vị", 18.0),
            Column::new(ColumnKind::Summary, "Thành tích (tóm tắt)", 22.0),
            Column::new(ColumnKind::Award, "Hình thức khen thưởng", 15.0),
            Column::new(ColumnKind::Note, "Ghi chú", 8.0),
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

/// The signature block: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / name.
#[derive(Debug, Clone)]
pub struct SignatureBlock {
    pub authority_line: String,
    pub title_line: String,
    pub name: String,
}

/// Document information dictionary.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// E.g. the round id and the filter that chose the rows.
    pub keywords: Vec<String>,
    pub created: DateTime<Utc>,
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

/// A rendered list and what the signer needs to know about its layout.
#[derive(Debug, Clone)]
pub struct RenderedList {
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub signature_area: SignatureArea,
}

/// Renders the list to PDF bytes.
pub fn render_list(doc: &ListDocument) -> Result<Vec<u8>, PdfError> {
    render_list_with_layout(doc).map(|r| r.bytes)
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
    let metrics = Metrics::load()?;

    let mut pdf = PdfDocument::new(&nfc(&doc.metadata.title));
    let mut font_ids = Vec::with_capacity(4);
    for style in Style::ALL {
        let parsed = ParsedFont::from_bytes(style.bytes(), 0, &mut Vec::new())
            .ok_or_else(|| PdfError::Font(format!("{style:?}")))?;
        font_ids.push(pdf.add_font(&parsed));
    }

    let mut canvas = Canvas::new(&metrics, font_ids);
    let table = Table::new(&doc.columns);
    if let Some(cover) = &doc.cover {
        draw_cover(&mut canvas, doc, cover);
        canvas.start_document();
    }
    draw_header_block(&mut canvas, &doc.issuing_body, &doc.number, doc.place_date);
    draw_title(&mut canvas, &doc.title, &doc.subtitle);
    table.draw_header(&mut canvas);
    for group in &doc.groups {
        // Rows are numbered from 1 in each top-level group.
        let mut stt = 0usize;
        table.draw_group(&mut canvas, group, 0, &mut stt);
    }
    if let Some(total) = totals_line(&doc.groups) {
        table.draw_spanning(&mut canvas, &total, Style::Bold, false);
    }
    let area = draw_signature_and_recipients(&mut canvas, &doc.signer, &doc.recipients);
    let pages = canvas.finish();
    let page_count = pages.len();

    let info = &mut pdf.metadata.info;
    info.document_title = nfc(&doc.metadata.title);
    info.author = nfc(&doc.metadata.author);
    info.subject = nfc(&doc.metadata.subject);
    info.keywords = doc.metadata.keywords.iter().map(|k| nfc(k)).collect();
    info.producer = PRODUCER.to_string();
    info.creator = PRODUCER.to_string();
    let ts = printpdf::OffsetDateTime::from_unix_timestamp(doc.metadata.created.timestamp())
        .map_err(|e| PdfError::Layout(format!("ngày tạo: {e}")))?;
    info.creation_date = ts;
    info.modification_date = ts;
    info.metadata_date = ts;

    let pdf_pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect::<Vec<_>>();
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut bytes = pdf.with_pages(pdf_pages).save(&opts, &mut Vec::new());
    tidy_info(&mut bytes);
    Ok(RenderedList {
        bytes,
        pages: page_count,
        signature_area: area,
    })
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

/// Drawing state: finished pages, the page being drawn and a top-down cursor.
pub(crate) struct Canvas<'a> {
    pub(crate) m: &'a Metrics,
    fonts: Vec<FontId>,
    pages: Vec<Vec<Op>>,
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
    fn new(m: &'a Metrics, fonts: Vec<FontId>) -> Self {
        Self {
            m,
            fonts,
            pages: Vec::new(),
            ops: vec![Op::SetOutlineThickness { pt: Pt(RULE) }],
            y: MARGIN_TOP,
            doc_start: 0,
            verticals: Vec::new(),
            last_horizontal: None,
        }
    }

    /// Ends the current document: the next one starts on a fresh page, unnumbered like any
    /// first page, and its page numbers count from it.
    pub(crate) fn start_document(&mut self) {
        self.flush_rules();
        self.pages.push(std::mem::replace(
            &mut self.ops,
            vec![Op::SetOutlineThickness { pt: Pt(RULE) }],
        ));
        self.doc_start = self.pages.len();
        self.y = MARGIN_TOP;
    }

    fn page_index(&self) -> usize {
        self.pages.len()
    }

    pub(crate) fn new_page(&mut self) {
        self.flush_rules();
        self.pages.push(std::mem::replace(
            &mut self.ops,
            vec![Op::SetOutlineThickness { pt: Pt(RULE) }],
        ));
        self.y = MARGIN_TOP;
        // Page numbers from page 2 of each document, centred in the top margin.
        let n = (self.pages.len() + 1 - self.doc_start).to_string();
        self.text_centered(Style::Regular, BODY_SIZE, PAGE_WIDTH / 2.0, mm(12.0), &n);
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        self.flush_rules();
        self.pages.push(std::mem::take(&mut self.ops));
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
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font,
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(PAGE_HEIGHT - baseline),
                },
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
    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
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

    fn segment(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let p = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(PAGE_HEIGHT - y),
            },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![p(x1, y1), p(x2, y2)],
                is_closed: false,
            },
        });
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        let p = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(PAGE_HEIGHT - y),
            },
            bezier: false,
        };
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: Line {
                    points: vec![p(x1, y1), p(x2, y2)],
                    is_closed: false,
                },
            },
        ]);
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
/// and date.
pub(crate) fn draw_header_block(
    c: &mut Canvas,
    issuing_body: &[String],
    number: &str,
    date: NaiveDate,
) {
    let left_x = MARGIN_LEFT - mm(10.0);
    let left_w = HEADER_LEFT_WIDTH;
    let right_x = MARGIN_LEFT + HEADER_LEFT_WIDTH - mm(8.0);
    let right_w = MARGIN_LEFT + CONTENT_WIDTH - right_x;
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
    let h = c.centered_block(Style::Bold, TITLE_SIZE, MARGIN_LEFT, CONTENT_WIDTH, title);
    c.y += h;
    for sub in subtitle {
        let sub = nfc(sub);
        let style = if sub.starts_with('(') {
            Style::Italic
        } else {
            Style::Bold
        };
        let h = c.centered_block(style, BODY_SIZE, MARGIN_LEFT, CONTENT_WIDTH, &sub);
        c.y += h;
    }
    c.y += 10.0;
}

/// Column geometry and the drawing of rows.
struct Table {
    kinds: Vec<ColumnKind>,
    headers: Vec<String>,
    /// Left edge of each column plus the right edge of the table.
    xs: Vec<f32>,
}

/// A row's cells wrapped into lines, ready to draw.
struct Laid {
    cells: Vec<Vec<String>>,
    styles: Vec<Style>,
    centred: Vec<bool>,
}

impl Laid {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
    }
}

const LH: f32 = TABLE_SIZE * LINE_FACTOR;

fn height_of(lines: usize) -> f32 {
    lines as f32 * LH + 2.0 * PAD_Y
}

impl Table {
    fn new(columns: &[Column]) -> Self {
        let total: f32 = columns.iter().map(|c| c.width.max(0.1)).sum();
        let mut xs = Vec::with_capacity(columns.len() + 1);
        let mut x = MARGIN_LEFT;
        for col in columns {
            xs.push(x);
            x += CONTENT_WIDTH * col.width.max(0.1) / total;
        }
        xs.push(MARGIN_LEFT + CONTENT_WIDTH);
        Self {
            kinds: columns.iter().map(|c| c.kind).collect(),
            headers: columns.iter().map(|c| nfc(&c.header)).collect(),
            xs,
        }
    }

    fn inner_width(&self, i: usize) -> f32 {
        self.xs[i + 1] - self.xs[i] - 2.0 * PAD_X
    }

    fn lay(&self, m: &Metrics, cells: &[String], header: bool) -> Laid {
        let mut out = Laid {
            cells: Vec::new(),
            styles: Vec::new(),
            centred: Vec::new(),
        };
        for (i, text) in cells.iter().enumerate() {
            let style = if header { Style::Bold } else { Style::Regular };
            let centred = header || matches!(self.kinds[i], ColumnKind::Stt);
            out.cells
                .push(m.wrap(style, TABLE_SIZE, &nfc(text), self.inner_width(i)));
            out.styles.push(style);
            out.centred.push(centred);
        }
        out
    }

    /// Lines a row may hold on a page that has only the table header on it.
    fn lines_per_page(&self, c: &Canvas) -> usize {
        let header = height_of(self.lay(c.m, &self.headers, true).lines());
        let room = BOTTOM - MARGIN_TOP - header - 2.0 * PAD_Y;
        ((room / LH).floor() as usize).max(1)
    }

    fn draw_header(&self, c: &mut Canvas) {
        let laid = self.lay(c.m, &self.headers, true);
        self.draw_slice(c, &laid, 0, laid.lines(), false);
    }

    fn new_page(&self, c: &mut Canvas) {
        c.new_page();
        self.draw_header(c);
    }

    /// Draws lines `from..to` of a row at the cursor, with its rules, and moves the cursor.
    fn draw_slice(&self, c: &mut Canvas, laid: &Laid, from: usize, to: usize, cont: bool) {
        let extra = usize::from(cont);
        let h = height_of(to - from + extra);
        let top = c.y;
        let (x0, x1) = (self.xs[0], self.xs[self.xs.len() - 1]);
        c.rule(x0, top, x1, top);
        c.rule(x0, top + h, x1, top + h);
        for &x in &self.xs {
            c.rule(x, top, x, top + h);
        }
        if cont {
            let col = usize::from(self.xs.len() > 2);
            let asc = c.m.ascent(Style::Italic, TABLE_SIZE);
            c.text(
                Style::Italic,
                TABLE_SIZE,
                self.xs[col] + PAD_X,
                top + PAD_Y + asc,
                "(tiếp theo)",
            );
        }
        for (i, lines) in laid.cells.iter().enumerate() {
            let style = laid.styles[i];
            let asc = c.m.ascent(style, TABLE_SIZE);
            for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                let base = top + PAD_Y + asc + (k - from + extra) as f32 * LH;
                if laid.centred[i] {
                    let cx = (self.xs[i] + self.xs[i + 1]) / 2.0;
                    c.text_centered(style, TABLE_SIZE, cx, base, line);
                } else {
                    c.text(style, TABLE_SIZE, self.xs[i] + PAD_X, base, line);
                }
            }
        }
        c.y = top + h;
    }

    /// Draws a full row: whole on this page, whole on the next, or split if taller than a page.
    fn draw_row(&self, c: &mut Canvas, laid: &Laid) {
        let total = laid.lines();
        let per_page = self.lines_per_page(c);
        let mut from = 0;
        loop {
            let cont = from > 0;
            let fits = ((BOTTOM - c.y - 2.0 * PAD_Y) / LH).floor().max(0.0) as usize;
            let fits = fits.saturating_sub(usize::from(cont));
            let remaining = total - from;
            if remaining <= fits {
                self.draw_slice(c, laid, from, total, cont);
                return;
            }
            if from == 0 && remaining <= per_page || fits == 0 {
                self.new_page(c);
                continue;
            }
            self.draw_slice(c, laid, from, from + fits, cont);
            from += fits;
            self.new_page(c);
        }
    }

    /// A heading or a total spanning every column.
    fn draw_spanning(&self, c: &mut Canvas, text: &str, style: Style, keep_room: bool) {
        let (x0, x1) = (self.xs[0], self.xs[self.xs.len() - 1]);
        let lines =
            c.m.wrap(style, TABLE_SIZE, &nfc(text), x1 - x0 - 2.0 * PAD_X);
        let h = height_of(lines.len());
        // A heading keeps at least one line of the first row with it.
        let need = h + if keep_room { height_of(1) } else { 0.0 };
        if c.y + need > BOTTOM {
            self.new_page(c);
        }
        let top = c.y;
        c.rule(x0, top, x1, top);
        c.rule(x0, top + h, x1, top + h);
        c.rule(x0, top, x0, top + h);
        c.rule(x1, top, x1, top + h);
        let asc = c.m.ascent(style, TABLE_SIZE);
        for (k, l) in lines.iter().enumerate() {
            c.text(
                style,
                TABLE_SIZE,
                x0 + PAD_X,
                top + PAD_Y + asc + k as f32 * LH,
                l,
            );
        }
        c.y = top + h;
    }

    fn draw_group(&self, c: &mut Canvas, g: &Group, depth: usize, stt: &mut usize) {
        let style = if depth == 0 {
            Style::Bold
        } else {
            Style::BoldItalic
        };
        let heading = format!("{} ({})", nfc(&g.title), g.row_count());
        self.draw_spanning(c, &heading, style, true);
        for row in &g.rows {
            *stt += 1;
            let mut cells = row.cells.clone();
            for (i, kind) in self.kinds.iter().enumerate() {
                if *kind == ColumnKind::Stt {
                    cells[i] = stt.to_string();
                }
            }
            let laid = self.lay(c.m, &cells, false);
            self.draw_row(c, &laid);
        }
        for sub in &g.subgroups {
            self.draw_group(c, sub, depth + 1, stt);
        }
    }
}

/// The recipients on the left and the signature block on the right; returns where the seal and
/// signature go.
pub(crate) fn draw_signature_and_recipients(
    c: &mut Canvas,
    signer: &SignatureBlock,
    recipients: &[String],
) -> SignatureArea {
    let half = CONTENT_WIDTH / 2.0;
    let left_x = MARGIN_LEFT;
    let right_x = MARGIN_LEFT + half;
    let m = c.m;

    // Measure both columns first, so that they move to a new page together.
    let sig_lines: Vec<(Style, Vec<String>)> = [&signer.authority_line, &signer.title_line]
        .iter()
        .map(|s| (Style::Bold, m.wrap(Style::Bold, BODY_SIZE, &nfc(s), half)))
        .collect();
    let sig_text_lines: usize = sig_lines.iter().map(|(_, l)| l.len()).sum();
    let right_h = (sig_text_lines + 1) as f32 * BODY_SIZE * LINE_FACTOR + SIGNATURE_SPACE;
    let rec_lines: Vec<String> = recipients
        .iter()
        .flat_map(|r| m.wrap(Style::Regular, 11.0, &nfc(r), half - mm(5.0)))
        .collect();
    let left_h = 12.0 * LINE_FACTOR + rec_lines.len() as f32 * 11.0 * LINE_FACTOR;

    c.y += 14.0;
    if c.y + right_h.max(left_h) > BOTTOM {
        c.new_page();
    }
    let top = c.y;

    // Left: "Nơi nhận:" in bold italics 12 pt, recipients 11 pt.
    let mut y = top + m.ascent(Style::BoldItalic, 12.0);
    c.text(Style::BoldItalic, 12.0, left_x, y, "Nơi nhận:");
    y += 12.0 * LINE_FACTOR;
    for l in &rec_lines {
        c.text(Style::Regular, 11.0, left_x, y - 1.0, l);
        y += 11.0 * LINE_FACTOR;
    }

    // Right: authority, title, room for seal and signature, name.
    let lh = BODY_SIZE * LINE_FACTOR;
    let cx = right_x + half / 2.0;
    let asc = m.ascent(Style::Bold, BODY_SIZE);
    let mut y = top;
    for (style, lines) in &sig_lines {
        for l in lines {
            c.text_centered(*style, BODY_SIZE, cx, y + asc, l);
            y += lh;
        }
    }
    let space_top = y;
    y += SIGNATURE_SPACE;
    c.text_centered(Style::Bold, BODY_SIZE, cx, y + asc, &nfc(&signer.name));
    c.y = top + right_h.max(left_h);

    let w = half.min(mm(75.0));
    SignatureArea {
        page: c.page_index(),
        rect: [
            cx - w / 2.0,
            PAGE_HEIGHT - (space_top + SIGNATURE_SPACE - 2.0),
            cx + w / 2.0,
            PAGE_HEIGHT - (space_top + 2.0),
        ],
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
