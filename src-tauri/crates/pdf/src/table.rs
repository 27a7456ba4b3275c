//! The ruled table of the list, the minutes and the vote summary: cells wrapped to their column,
//! a header row repeated on every page, spanning headings and totals.
//!
//! Invariants: a row moves whole to the next page unless it is taller than a page, in which case
//! it is split and the continuation is marked "(tiếp theo)"; a heading never ends a page.

use xetkhen_core::text::nfc;

use crate::canvas::{Canvas, BODY_SIZE};
use crate::layout::{Style, LINE_FACTOR, MARGIN_LEFT};

/// Cells of the minutes and the vote summary: 11 pt (Nghị định 30 allows smaller type in
/// tables), so that their many columns fit.
pub(crate) const COMPACT_SIZE: f32 = 11.0;
const PAD_X: f32 = 3.0;
/// Space between a table's caption and its header row.
const CAPTION_GAP: f32 = 4.0;
const PAD_Y: f32 = 2.5;

/// How a column sets its cells (the header row is always centred).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
}

/// One column: header text, width relative to the others, alignment of the cells.
#[derive(Debug, Clone)]
pub(crate) struct ColumnSpec {
    pub(crate) header: String,
    pub(crate) width: f32,
    pub(crate) align: Align,
    /// An empty cell of this column gives its room to the cell on its left (a collective has no
    /// position, and its unit is its own name: its name then runs over both).
    pub(crate) joins_left: bool,
}

impl ColumnSpec {
    pub(crate) fn new(header: &str, width: f32, align: Align) -> Self {
        Self {
            header: header.to_string(),
            width,
            align,
            joins_left: false,
        }
    }

    /// The column's empty cells join the cell on their left.
    pub(crate) fn joining_left(mut self) -> Self {
        self.joins_left = true;
        self
    }
}

/// Column geometry and the drawing of rows.
pub(crate) struct Table {
    aligns: Vec<Align>,
    joins_left: Vec<bool>,
    /// Left edge of each column plus the right edge of the table.
    xs: Vec<f32>,
    /// Font size of the cells.
    size: f32,
    /// Line height of the cells.
    lh: f32,
    /// The header row laid out once, drawn at the top of every page.
    header: Laid,
}

/// A row's cells wrapped into lines, ready to draw.
pub(crate) struct Laid {
    cells: Vec<Vec<String>>,
    style: Style,
    centred: Vec<bool>,
    /// For each cell, the column after the last one it spans; a cell joined to the one on its
    /// left spans nothing (its end is its own index) and has no rule on its left edge.
    ends: Vec<usize>,
}

impl Laid {
    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
    }
}

impl Table {
    /// A table over the text width of `c`'s pages, its cells set at `size` points.
    pub(crate) fn new(c: &Canvas, columns: &[ColumnSpec], size: f32) -> Self {
        let width = c.content_width();
        let total: f32 = columns.iter().map(|c| c.width.max(0.1)).sum();
        let mut xs = Vec::with_capacity(columns.len() + 1);
        let mut x = MARGIN_LEFT;
        for col in columns {
            xs.push(x);
            x += width * col.width.max(0.1) / total;
        }
        xs.push(MARGIN_LEFT + width);
        let mut table = Self {
            aligns: columns.iter().map(|c| c.align).collect(),
            joins_left: columns.iter().map(|c| c.joins_left).collect(),
            xs,
            size,
            lh: size * LINE_FACTOR,
            header: Laid {
                cells: Vec::new(),
                style: Style::Bold,
                centred: Vec::new(),
                ends: Vec::new(),
            },
        };
        let headers: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
        table.header = table.lay(c, &headers, true);
        table
    }

    fn height_of(&self, lines: usize) -> f32 {
        lines as f32 * self.lh + 2.0 * PAD_Y
    }

    /// The room for text in columns `from..to` taken as one cell.
    fn inner_width(&self, from: usize, to: usize) -> f32 {
        self.xs[to] - self.xs[from] - 2.0 * PAD_X
    }

    /// Wraps a row's cells; outside the header, a cell takes the room of the empty cells after
    /// it whose columns join left.
    fn lay(&self, c: &Canvas, cells: &[String], header: bool) -> Laid {
        let style = if header { Style::Bold } else { Style::Regular };
        let n = cells.len();
        let mut ends: Vec<usize> = (1..=n).collect();
        let mut i = 0;
        while i < n {
            let mut end = i + 1;
            if !header && !cells[i].trim().is_empty() {
                while end < n && self.joins_left[end] && cells[end].trim().is_empty() {
                    ends[end] = end;
                    end += 1;
                }
            }
            ends[i] = end;
            i = end;
        }
        Laid {
            cells: cells
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    if ends[i] == i {
                        Vec::new()
                    } else {
                        c.m.wrap(style, self.size, &nfc(text), self.inner_width(i, ends[i]))
                    }
                })
                .collect(),
            style,
            centred: (0..n)
                .map(|i| header || self.aligns[i] == Align::Center)
                .collect(),
            ends,
        }
    }

    /// Lines a row may hold on a page that has only the table header on it.
    fn lines_per_page(&self, c: &Canvas) -> usize {
        let header = self.height_of(self.header.lines());
        let room = c.bottom() - crate::layout::MARGIN_TOP - header - 2.0 * PAD_Y;
        ((room / self.lh).floor() as usize).max(1)
    }

    /// The table's caption (a section heading in bold, may be empty) and its header row at the
    /// cursor, moved to a new page together with room for the first row when they do not fit.
    pub(crate) fn draw_header(&self, c: &mut Canvas, caption: &str) {
        let laid = &self.header;
        let caption = nfc(caption);
        let caption_lines = if caption.is_empty() {
            Vec::new()
        } else {
            c.m.wrap(Style::Bold, BODY_SIZE, &caption, c.content_width())
        };
        let caption_h = if caption_lines.is_empty() {
            0.0
        } else {
            caption_lines.len() as f32 * BODY_SIZE * LINE_FACTOR + CAPTION_GAP
        };
        if c.y + caption_h + self.height_of(laid.lines()) + self.height_of(1) > c.bottom() {
            c.new_page();
        }
        if !caption_lines.is_empty() {
            c.paragraph(Style::Bold, BODY_SIZE, &caption);
            c.y += CAPTION_GAP;
        }
        self.draw_slice(c, laid, 0, laid.lines(), false);
    }

    fn new_page(&self, c: &mut Canvas) {
        c.new_page();
        self.draw_slice(c, &self.header, 0, self.header.lines(), false);
    }

    /// Draws lines `from..to` of a row at the cursor, with its rules, and moves the cursor.
    fn draw_slice(&self, c: &mut Canvas, laid: &Laid, from: usize, to: usize, cont: bool) {
        let extra = usize::from(cont);
        let h = self.height_of(to - from + extra);
        let top = c.y;
        let (x0, x1) = (self.xs[0], self.xs[self.xs.len() - 1]);
        c.rule(x0, top, x1, top);
        c.rule(x0, top + h, x1, top + h);
        for (k, &x) in self.xs.iter().enumerate() {
            // No rule inside a cell that spans several columns.
            if laid.ends.get(k) != Some(&k) {
                c.rule(x, top, x, top + h);
            }
        }
        if cont {
            let col = usize::from(self.xs.len() > 2);
            let asc = c.m.ascent(Style::Italic, self.size);
            c.text(
                Style::Italic,
                self.size,
                self.xs[col] + PAD_X,
                top + PAD_Y + asc,
                "(tiếp theo)",
            );
        }
        let style = laid.style;
        let asc = c.m.ascent(style, self.size);
        for (i, lines) in laid.cells.iter().enumerate() {
            for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                let base = top + PAD_Y + asc + (k - from + extra) as f32 * self.lh;
                if laid.centred[i] {
                    let cx = (self.xs[i] + self.xs[laid.ends[i]]) / 2.0;
                    c.text_centered(style, self.size, cx, base, line);
                } else {
                    c.text(style, self.size, self.xs[i] + PAD_X, base, line);
                }
            }
        }
        c.y = top + h;
    }

    /// Draws a row of cells: whole on this page, whole on the next, or split if taller than a
    /// page.
    pub(crate) fn draw_row(&self, c: &mut Canvas, cells: &[String]) {
        let laid = self.lay(c, cells, false);
        let total = laid.lines();
        let per_page = self.lines_per_page(c);
        let mut from = 0;
        loop {
            let cont = from > 0;
            let fits = ((c.bottom() - c.y - 2.0 * PAD_Y) / self.lh)
                .floor()
                .max(0.0) as usize;
            let fits = fits.saturating_sub(usize::from(cont));
            let remaining = total - from;
            if remaining <= fits {
                self.draw_slice(c, &laid, from, total, cont);
                return;
            }
            if from == 0 && remaining <= per_page || fits == 0 {
                self.new_page(c);
                continue;
            }
            self.draw_slice(c, &laid, from, from + fits, cont);
            from += fits;
            self.new_page(c);
        }
    }

    /// A heading or a total spanning every column. A heading (`keep_room`) keeps at least one
    /// line of the first row with it.
    pub(crate) fn draw_spanning(&self, c: &mut Canvas, text: &str, style: Style, keep_room: bool) {
        let (x0, x1) = (self.xs[0], self.xs[self.xs.len() - 1]);
        let lines =
            c.m.wrap(style, self.size, &nfc(text), x1 - x0 - 2.0 * PAD_X);
        let h = self.height_of(lines.len());
        let need = h + if keep_room { self.height_of(1) } else { 0.0 };
        if c.y + need > c.bottom() {
            self.new_page(c);
        }
        let top = c.y;
        c.rule(x0, top, x1, top);
        c.rule(x0, top + h, x1, top + h);
        c.rule(x0, top, x0, top + h);
        c.rule(x1, top, x1, top + h);
        let asc = c.m.ascent(style, self.size);
        for (k, l) in lines.iter().enumerate() {
            c.text(
                style,
                self.size,
                x0 + PAD_X,
                top + PAD_Y + asc + k as f32 * self.lh,
                l,
            );
        }
        c.y = top + h;
    }
}
