//! Text typed with the pre-Unicode Vietnamese fonts.
//!
//! TCVN3 (TCVN 5712:1993 VN3, the "ABC" keyboards and the .VnTime fonts) is a single-byte
//! encoding: a clerk typing "Nguyễn" with a .VnTime font stores the bytes `4E 67 75 79 D4 6E`,
//! which Excel and every Unicode program show as "NguyÔn". To convert, each character is taken
//! back to its byte (as Windows-1252 shows it, or as Windows-1258 decoded it from a CSV) and the
//! byte is looked up in [`TCVN3`]. Capitals with tone marks do not exist in VN3 (the .VnTimeH
//! fonts draw the small letters as capitals), so a word otherwise in capitals is converted to
//! capitals.
//!
//! VNI (two-character sequences) is not converted; see the crate README.
//!
//! Detection is a score: characters TCVN3 produces but Vietnamese written in Unicode never uses
//! ("¨", "µ", "¸", "©", "ª", "«", "¬", "®", "Æ", "Ë", "×", "ß", "ï", …) against all non-ASCII
//! characters. The caller decides whether to convert, after seeing [`LegacyPreview`].

use encoding_rs::{WINDOWS_1252, WINDOWS_1258};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// Byte → character for the Vietnamese part of TCVN3 (0xA1–0xFE), in byte order. Bytes not
/// listed (0xAF–0xB4, 0xBA, 0xBF–0xC5, 0xCD, 0xD9–0xDB, 0xE0, 0xF0) are unused by VN3.
pub const TCVN3: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// The TCVN3 character for a byte, if VN3 uses the byte.
pub fn tcvn3_char(b: u8) -> Option<char> {
    TCVN3
        .binary_search_by_key(&b, |(k, _)| *k)
        .ok()
        .map(|i| TCVN3[i].1)
}

/// The byte a character came from when TCVN3 bytes were read as Windows-1252 (Excel cells,
/// Latin-1 code points) or as Windows-1258 (a CSV decoded with the Vietnamese code page, where
/// some bytes become combining marks or Ă, Đ, Ơ, Ư, ă, đ, ơ, ư).
fn byte_of(c: char) -> Option<u8> {
    let cp = u32::from(c);
    if (0xA0..=0xFF).contains(&cp) {
        return u8::try_from(cp).ok();
    }
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    for enc in [WINDOWS_1258, WINDOWS_1252] {
        let (bytes, _, unmappable) = enc.encode(s);
        if !unmappable && bytes.len() == 1 {
            return bytes.first().copied();
        }
    }
    None
}

/// Characters that TCVN3 text shows and Vietnamese in Unicode never uses: the stronger signs.
fn is_tcvn3_sign(c: char) -> bool {
    matches!(
        c,
        '¡' | '¢'
            | '£'
            | '¤'
            | '¥'
            | '¦'
            | '§'
            | '¨'
            | '©'
            | 'ª'
            | '«'
            | '¬'
            | '\u{AD}'
            | '®'
            | 'µ'
            | '¶'
            | '·'
            | '¸'
            | '¹'
            | '»'
            | '¼'
            | '½'
            | '¾'
            | 'Æ'
            | 'Ç'
            | 'Ë'
            | 'Î'
            | 'Ï'
            | 'Ñ'
            | 'Ö'
            | '×'
            | 'Ø'
            | 'Ü'
            | 'Þ'
            | 'ß'
            | 'å'
            | 'æ'
            | 'ç'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ñ'
            | 'ö'
            | '÷'
            | 'ø'
            | 'û'
            | 'ü'
            | 'þ'
    )
}

/// Converts text typed in TCVN3 to Unicode (NFC). Characters that are not TCVN3 bytes (ASCII,
/// letters already in Unicode) pass through.
pub fn tcvn3_to_unicode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let mut word_all_caps = true;
    let mut word_letters = 0usize;
    // Two capitals or more make a word "in capitals"; one is just an initial ("Lª" = "Lê").
    let flush = |out: &mut String, word: &mut String, caps: bool, letters: usize| {
        if caps && letters >= 2 {
            out.extend(word.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_whitespace() {
            flush(&mut out, &mut word, word_all_caps, word_letters);
            word_all_caps = true;
            word_letters = 0;
            out.push(c);
            continue;
        }
        let converted = byte_of(c).and_then(tcvn3_char);
        match converted {
            Some(v) => word.push(v),
            None => {
                if c.is_ascii_alphabetic() {
                    word_letters += 1;
                    word_all_caps &= c.is_ascii_uppercase();
                }
                word.push(c);
            }
        }
    }
    flush(&mut out, &mut word, word_all_caps, word_letters);
    out.nfc().collect()
}

/// The inverse of [`tcvn3_to_unicode`] for lower-case and the seven TCVN3 capitals, used to make
/// test files as an old program would have written them. Characters TCVN3 cannot hold are kept
/// as they are.
pub fn unicode_to_tcvn3_bytes(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        if let Some((b, _)) = TCVN3
            .iter()
            .find(|(_, v)| *v == c)
            .or_else(|| TCVN3.iter().find(|(_, v)| *v == lower))
        {
            out.push(*b);
        } else {
            out.push(b'?');
        }
    }
    out
}

/// Encodes text in Windows-1258 as Excel on Vietnamese Windows saves an "ANSI" CSV: letters the
/// code page lacks are written as a base letter plus a combining tone mark.
pub fn encode_windows_1258(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let single = |c: char| -> Option<u8> {
        let mut buf = [0u8; 4];
        let (bytes, _, unmappable) = WINDOWS_1258.encode(c.encode_utf8(&mut buf));
        if unmappable || bytes.len() != 1 {
            None
        } else {
            bytes.first().copied()
        }
    };
    for c in s.nfc() {
        if let Some(b) = single(c) {
            out.push(b);
            continue;
        }
        // Split off the tone mark: the base (with its vowel mark, e.g. ư, ê) then the tone.
        let parts: Vec<char> = c.to_string().nfd().collect();
        let tone = parts.iter().copied().find(|m| {
            matches!(
                *m,
                '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'
            )
        });
        let base: String = parts
            .iter()
            .copied()
            .filter(|m| Some(*m) != tone)
            .collect::<String>()
            .nfc()
            .collect();
        let mut chars = base.chars();
        match (
            chars.next().and_then(single),
            chars.next(),
            tone.and_then(single),
        ) {
            (Some(b), None, Some(t)) => out.extend([b, t]),
            _ => out.push(b'?'),
        }
    }
    out
}

/// Which legacy encoding was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LegacyEncoding {
    Tcvn3,
}

/// One cell before and after conversion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacySample {
    pub before: String,
    pub after: String,
}

/// What the caller shows before deciding to convert (or what was converted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacyPreview {
    pub encoding: LegacyEncoding,
    /// Cells that look legacy-encoded.
    pub cells: usize,
    /// Up to eight of them, before and after, in reading order (the header first).
    pub samples: Vec<LegacySample>,
    /// Whether the import converted them (`ImportOptions::convert_legacy`).
    pub converted: bool,
}

/// Whether a cell of a file found to be TCVN3 should be converted: it looks TCVN3, or every
/// non-ASCII character in it is a TCVN3 byte (short words such as "Lª" show no strong sign).
pub fn convertible_tcvn3(s: &str) -> bool {
    !s.is_ascii()
        && (looks_tcvn3(s)
            || s.chars()
                .filter(|c| !c.is_ascii())
                .all(|c| byte_of(c).and_then(tcvn3_char).is_some()))
}

/// Whether one piece of text looks typed in TCVN3: at least one strong sign, and signs are a
/// large share of its non-ASCII characters.
pub fn looks_tcvn3(s: &str) -> bool {
    let mut signs = 0usize;
    let mut non_ascii = 0usize;
    for c in s.chars() {
        if !c.is_ascii() {
            non_ascii += 1;
            if is_tcvn3_sign(c) {
                signs += 1;
            }
        }
    }
    signs > 0 && signs * 3 >= non_ascii
}

/// Looks through every text cell; `None` when the table reads as Unicode.
pub(crate) fn detect(texts: &[&str]) -> Option<LegacyPreview> {
    let suspects: Vec<&str> = texts.iter().copied().filter(|t| looks_tcvn3(t)).collect();
    let with_non_ascii = texts.iter().filter(|t| !t.is_ascii()).count();
    // A stray "«" in one cell of a Unicode file is not a TCVN3 file.
    if suspects.is_empty()
        || (suspects.len() < 2 && with_non_ascii > 2)
        || suspects.len() * 4 < with_non_ascii
    {
        return None;
    }
    let samples = suspects
        .iter()
        .take(8)
        .map(|t| LegacySample {
            before: xetkhen_core::text::clean(t),
            after: xetkhen_core::text::clean(&tcvn3_to_unicode(t)),
        })
        .collect();
    Some(LegacyPreview {
        encoding: LegacyEncoding::Tcvn3,
        cells: suspects.len(),
        samples,
        converted: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tcvn3_name_is_detected_and_converted_to_nguyen_van_a() {
        assert!(looks_tcvn3("NguyÔn V¨n A"));
        assert_eq!(tcvn3_to_unicode("NguyÔn V¨n A"), "Nguyễn Văn A");
    }

    #[test]
    fn unicode_vietnamese_is_not_taken_for_tcvn3() {
        for s in [
            "Nguyễn Văn A",
            "Phường Bến Thành",
            "Trường THCS Lê Quý Đôn",
            "Hồ sơ xử lý trực tuyến",
            "ĐẶNG THỊ ÁNH",
        ] {
            assert!(!looks_tcvn3(s), "{s}");
        }
    }

    #[test]
    fn every_tcvn3_letter_round_trips() {
        let all: String = TCVN3.iter().map(|(_, c)| *c).collect();
        let bytes = unicode_to_tcvn3_bytes(&all);
        let as_1252: String = bytes.iter().map(|b| char::from(*b)).collect();
        assert_eq!(tcvn3_to_unicode(&as_1252), all);
        // The same bytes read by a CSV reader with the Windows-1258 code page.
        let (as_1258, _) = WINDOWS_1258.decode_without_bom_handling(&bytes);
        assert_eq!(tcvn3_to_unicode(&as_1258), all);
    }

    #[test]
    fn words_in_vntimeh_capitals_convert_to_capitals() {
        let bytes = unicode_to_tcvn3_bytes("nguyễn");
        let typed: String = bytes
            .iter()
            .map(|b| char::from(*b).to_ascii_uppercase())
            .collect();
        assert_eq!(tcvn3_to_unicode(&typed), "NGUYỄN");
    }

    #[test]
    fn known_place_names_convert() {
        for (tcvn3, unicode) in [
            ("B¶o Th¾ng", "Bảo Thắng"),
            ("M\u{AD}êng Kh\u{AD}¬ng", "Mường Khương"),
            ("B¸t X¸t", "Bát Xát"),
        ] {
            assert_eq!(tcvn3_to_unicode(tcvn3), unicode);
        }
    }

    #[test]
    fn windows_1258_spells_toned_letters_with_combining_marks() {
        let bytes = encode_windows_1258("Nguyễn Văn Đức");
        let (back, _) = WINDOWS_1258.decode_without_bom_handling(&bytes);
        assert_eq!(xetkhen_core::text::clean(&back), "Nguyễn Văn Đức");
        assert!(!bytes.contains(&b'?'));
    }
}
