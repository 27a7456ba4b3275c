//! Page geometry of Nghị định 30/2020/NĐ-CP and the measuring of text.
//!
//! printpdf places glyphs where it is told and does no shaping, kerning or wrapping; this module
//! measures strings with the glyph advances of the same font files printpdf embeds, so that what
//! we measure is what gets drawn. Text must be NFC before it reaches here (see
//! [`xetkhen_core::text::nfc`]): a decomposed "ễ" would measure and draw as three glyphs.

use crate::error::PdfError;

/// Millimetres to PDF points.
pub const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// A4 portrait, in points.
pub const PAGE_WIDTH: f32 = mm(210.0);
/// A4 portrait, in points.
pub const PAGE_HEIGHT: f32 = mm(297.0);
/// Margins of Nghị định 30/2020 (top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm): we use
/// the smallest of each range, which leaves the most room for the table.
pub const MARGIN_TOP: f32 = mm(20.0);
/// See [`MARGIN_TOP`].
pub const MARGIN_BOTTOM: f32 = mm(20.0);
/// See [`MARGIN_TOP`].
pub const MARGIN_LEFT: f32 = mm(30.0);
/// See [`MARGIN_TOP`].
pub const MARGIN_RIGHT: f32 = mm(15.0);
/// Width between the margins.
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// Line height as a multiple of the font size (single spacing in word processors for Times).
pub const LINE_FACTOR: f32 = 1.2;

pub(crate) const REGULAR_TTF: &[u8] =
    include_bytes!("../../../../assets/fonts/LiberationSerif-Regular.ttf");
pub(crate) const BOLD_TTF: &[u8] =
    include_bytes!("../../../../assets/fonts/LiberationSerif-Bold.ttf");
pub(crate) const ITALIC_TTF: &[u8] =
    include_bytes!("../../../../assets/fonts/LiberationSerif-Italic.ttf");
pub(crate) const BOLD_ITALIC_TTF: &[u8] =
    include_bytes!("../../../../assets/fonts/LiberationSerif-BoldItalic.ttf");

/// The four faces of Liberation Serif.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            Style::Regular => REGULAR_TTF,
            Style::Bold => BOLD_TTF,
            Style::Italic => ITALIC_TTF,
            Style::BoldItalic => BOLD_ITALIC_TTF,
        }
    }

    fn index(self) -> usize {
        match self {
            Style::Regular => 0,
            Style::Bold => 1,
            Style::Italic => 2,
            Style::BoldItalic => 3,
        }
    }
}

/// Glyph metrics of the four faces, parsed once per document.
#[derive(Debug)]
pub struct Metrics {
    faces: [FaceMetrics; 4],
}

#[derive(Debug)]
struct FaceMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    ascender: f32,
}

impl Metrics {
    /// Parses the embedded fonts.
    pub fn load() -> Result<Self, PdfError> {
        let load = |style: Style| -> Result<FaceMetrics, PdfError> {
            let face = ttf_parser::Face::parse(style.bytes(), 0)
                .map_err(|e| PdfError::Font(format!("{style:?}: {e}")))?;
            let units_per_em = f32::from(face.units_per_em());
            let ascender = f32::from(face.ascender()) / units_per_em;
            Ok(FaceMetrics {
                face,
                units_per_em,
                ascender,
            })
        };
        Ok(Self {
            faces: [
                load(Style::Regular)?,
                load(Style::Bold)?,
                load(Style::Italic)?,
                load(Style::BoldItalic)?,
            ],
        })
    }

    pub(crate) fn face(&self, style: Style) -> &ttf_parser::Face<'static> {
        &self.faces[style.index()].face
    }

    /// Units per em of a face.
    pub(crate) fn units_per_em(&self, style: Style) -> f32 {
        self.faces[style.index()].units_per_em
    }

    /// Height of the ascender above the baseline, in points.
    pub fn ascent(&self, style: Style, size: f32) -> f32 {
        self.faces[style.index()].ascender * size
    }

    /// Width of `text` set in `style` at `size` points, without kerning (printpdf does not kern
    /// either). Characters the font lacks count as the width of .notdef, as they would draw.
    pub fn width(&self, style: Style, size: f32, text: &str) -> f32 {
        let f = &self.faces[style.index()];
        let units: u32 = text
            .chars()
            .map(|c| {
                let gid = f.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                u32::from(f.face.glyph_hor_advance(gid).unwrap_or(0))
            })
            .sum();
        units as f32 * size / f.units_per_em
    }

    /// Breaks `text` into lines no wider than `max_width`. Explicit line breaks are kept; runs of
    /// spaces collapse; a word wider than the line is cut between characters.
    pub fn wrap(&self, style: Style, size: f32, text: &str, max_width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(style, size, &candidate) <= max_width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(style, size, word) <= max_width {
                    line = word.to_string();
                } else {
                    // Cut an over-long word (a URL, a long code) between characters.
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if !line.is_empty() && self.width(style, size, &next) > max_width {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        // Drop trailing empty lines but keep one line for an empty cell.
        while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn margins_follow_decree_30() {
        assert!((CONTENT_WIDTH - mm(165.0)).abs() < 0.01);
        assert!((PAGE_HEIGHT - 841.89).abs() < 0.01);
    }

    #[test]
    fn wide_text_wraps_within_the_width() {
        let m = Metrics::load().unwrap();
        let text = "Ủy ban nhân dân phường Bến Thành đã ứng dụng chuyển đổi số trong giải quyết thủ tục hành chính";
        let lines = m.wrap(Style::Regular, 12.0, text, 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(m.width(Style::Regular, 12.0, l) <= 120.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn an_overlong_word_is_cut_between_characters() {
        let m = Metrics::load().unwrap();
        let lines = m.wrap(
            Style::Regular,
            12.0,
            "https://dichvucong.hochiminhcity.gov.vn/x",
            60.0,
        );
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "https://dichvucong.hochiminhcity.gov.vn/x");
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let m = Metrics::load().unwrap();
        let s = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        assert!(m.width(Style::Bold, 12.0, s) > m.width(Style::Regular, 12.0, s));
    }
}
