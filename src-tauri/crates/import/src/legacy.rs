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
//! VNI (VNI-Windows, the .VNI-Times fonts) spells a toned letter as its base letter followed by
//! one mark character: "Nguyễn" is stored as "Nguyeãn", "Văn" as "Vaên"; ơ, ư, đ and the toned
//! i's and ỵ are single characters ("ô", "ö", "ñ", "ò", …). See [`vni_to_unicode`].
//!
//! Detection is a score. For TCVN3: characters TCVN3 produces but Vietnamese written in Unicode
//! never uses ("¨", "µ", "¸", "©", "ª", "«", "¬", "®", "Æ", "Ë", "×", "ß", "ï", …) against all
//! non-ASCII characters. For VNI: the text must read as VNI throughout (every mark follows a
//! letter it can sit on) and show at least one sign Unicode text never has ("ø", "û", "ï", "ñ",
//! or a mark right after "a" or "e", as in "Vaên"). A file is taken for whichever encoding more
//! of its cells show. The caller decides whether to convert, after seeing [`LegacyPreview`].

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

/// The combining marks VNI adds after a base letter.
const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';

/// What a VNI mark byte (lower-case form, 0xE0–0xFC) adds to the letter before it: the vowel
/// mark (circumflex or breve), if any, then the tone, if any.
fn vni_mark(b: u8) -> Option<(Option<char>, Option<char>)> {
    Some(match b {
        0xF9 => (None, Some(ACUTE)),
        0xF8 => (None, Some(GRAVE)),
        0xFB => (None, Some(HOOK)),
        0xF5 => (None, Some(TILDE)),
        0xEF => (None, Some(DOT)),
        0xE2 => (Some(CIRCUMFLEX), None),
        0xE1 => (Some(CIRCUMFLEX), Some(ACUTE)),
        0xE0 => (Some(CIRCUMFLEX), Some(GRAVE)),
        0xE5 => (Some(CIRCUMFLEX), Some(HOOK)),
        0xE3 => (Some(CIRCUMFLEX), Some(TILDE)),
        0xE4 => (Some(CIRCUMFLEX), Some(DOT)),
        0xEA => (Some(BREVE), None),
        0xE9 => (Some(BREVE), Some(ACUTE)),
        0xE8 => (Some(BREVE), Some(GRAVE)),
        0xFA => (Some(BREVE), Some(HOOK)),
        0xFC => (Some(BREVE), Some(TILDE)),
        0xEB => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

/// The letters VNI stores as one character (lower-case form): ơ, ư, đ, the toned i's and ỵ.
fn vni_single(b: u8) -> Option<char> {
    Some(match b {
        0xF4 => 'ơ',
        0xF6 => 'ư',
        0xF1 => 'đ',
        0xED => 'í',
        0xEC => 'ì',
        0xE6 => 'ỉ',
        0xF3 => 'ĩ',
        0xF2 => 'ị',
        0xEE => 'ỵ',
        _ => return None,
    })
}

/// A VNI byte folded to its lower-case form, and whether it was a capital. VNI's capitals sit
/// 0x20 below the small letters, as in Latin-1.
fn vni_lower(b: u8) -> (u8, bool) {
    if (0xC0..=0xDE).contains(&b) && b != 0xD7 {
        (b + 0x20, true)
    } else {
        (b, false)
    }
}

/// Characters VNI text shows and Vietnamese in Unicode never uses.
fn is_vni_only(b: u8) -> bool {
    matches!(
        vni_lower(b).0,
        0xF8 | 0xFB | 0xEF | 0xE5 | 0xE4 | 0xEB | 0xFC | 0xF6 | 0xE6 | 0xEE | 0xF1
    )
}

/// Whether every character of `s` could be part of VNI text as Excel or a Windows-1258 CSV shows
/// it: ASCII, Latin-1 letters, or what Windows-1258 makes of VNI's bytes. Unicode Vietnamese
/// fails at its first letter beyond Latin-1, before any allocation.
fn vni_repertoire(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii()
            || ('\u{C0}'..='\u{FF}').contains(&c)
            || matches!(
                c,
                'Ă' | 'ă'
                    | 'Đ'
                    | 'đ'
                    | 'Ơ'
                    | 'ơ'
                    | 'Ư'
                    | 'ư'
                    | '\u{300}'
                    | '\u{301}'
                    | '\u{303}'
                    | '\u{309}'
                    | '\u{323}'
            )
    })
}

/// Reads `s` as VNI: the Unicode text and how many signs of VNI it showed, or `None` when some
/// non-ASCII character cannot be VNI where it stands (which is the case for Unicode Vietnamese
/// with letters beyond Latin-1, and for TCVN3's "¨", "µ", "ª" …).
fn read_vni(s: &str) -> Option<(String, usize)> {
    if !vni_repertoire(s) {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut signs = 0usize;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        // The base a mark may follow: a plain vowel, or ơ/ư written as one character.
        let (base, upper) = if c.is_ascii() {
            (c.to_ascii_lowercase(), c.is_ascii_uppercase())
        } else {
            let (b, upper) = vni_lower(byte_of(c)?);
            let single = vni_single(b)?;
            if is_vni_only(byte_of(c)?) {
                signs += 1;
            }
            (single, upper)
        };
        let next = chars
            .get(i)
            .filter(|n| !n.is_ascii())
            .and_then(|n| byte_of(*n))
            .map(vni_lower)
            .and_then(|(b, _)| vni_mark(b).map(|m| (b, m)));
        let takes = |shape: Option<char>| match shape {
            None => matches!(base, 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư'),
            Some(CIRCUMFLEX) => matches!(base, 'a' | 'e' | 'o'),
            Some(_) => base == 'a',
        };
        let mut letter = String::new();
        letter.push(base);
        match next {
            Some((b, (shape, tone))) if takes(shape) => {
                i += 1;
                letter.extend(shape);
                letter.extend(tone);
                // Nothing in Unicode Vietnamese puts a marked vowel right after "a" or "e", nor
                // "â" after "o"; ø û ï å ä ë ü are not Vietnamese letters at all.
                if matches!(base, 'a' | 'e') || (base == 'o' && b == 0xE2) || is_vni_only(b) {
                    signs += 1;
                }
            }
            _ if !c.is_ascii() => {}
            _ => {
                out.push(c);
                continue;
            }
        }
        let letter: String = letter.nfc().collect();
        if upper {
            out.extend(letter.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(&letter);
        }
    }
    Some((out.nfc().collect(), signs))
}

/// Converts text typed in VNI to Unicode (NFC). Text that cannot be VNI comes back unchanged.
pub fn vni_to_unicode(s: &str) -> String {
    read_vni(s).map_or_else(|| s.to_string(), |(t, _)| t)
}

/// Whether one piece of text looks typed in VNI: it reads as VNI throughout and shows a sign of it.
pub fn looks_vni(s: &str) -> bool {
    !s.is_ascii() && read_vni(s).is_some_and(|(_, signs)| signs > 0)
}

/// Whether a cell of a file found to be VNI should be converted: it reads as VNI throughout.
pub fn convertible_vni(s: &str) -> bool {
    !s.is_ascii() && read_vni(s).is_some()
}

/// Text as a VNI keyboard with a .VNI-Times font would have stored it (as Windows-1252 shows
/// it), to make test files as an old program would have written them. Characters VNI cannot
/// hold are kept as they are.
pub fn unicode_to_vni(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.nfc() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let upper = c.is_uppercase();
        let lower = c.to_lowercase().next().unwrap_or(c);
        let case = |b: u8| char::from(if upper { b - 0x20 } else { b });
        if lower == 'đ' {
            out.push(case(0xF1));
            continue;
        }
        let parts: Vec<char> = lower.to_string().nfd().collect();
        let base = parts.first().copied().unwrap_or(lower);
        let has = |m: char| parts.contains(&m);
        let tone = [ACUTE, GRAVE, HOOK, TILDE, DOT]
            .into_iter()
            .find(|m| has(*m));
        let horn = has('\u{31B}');
        if tone.is_none() && !horn && !has(CIRCUMFLEX) && !has(BREVE) && parts.len() > 1 {
            out.push(c);
            continue;
        }
        if base == 'i' || (base == 'y' && tone == Some(DOT)) {
            let b = match (base, tone) {
                ('y', _) => 0xEE,
                (_, Some(ACUTE)) => 0xED,
                (_, Some(GRAVE)) => 0xEC,
                (_, Some(HOOK)) => 0xE6,
                (_, Some(TILDE)) => 0xF3,
                (_, Some(DOT)) => 0xF2,
                _ => {
                    out.push(c);
                    continue;
                }
            };
            out.push(case(b));
            continue;
        }
        let mark = if has(CIRCUMFLEX) {
            Some(match tone {
                None => 0xE2,
                Some(ACUTE) => 0xE1,
                Some(GRAVE) => 0xE0,
                Some(HOOK) => 0xE5,
                Some(TILDE) => 0xE3,
                _ => 0xE4,
            })
        } else if has(BREVE) {
            Some(match tone {
                None => 0xEA,
                Some(ACUTE) => 0xE9,
                Some(GRAVE) => 0xE8,
                Some(HOOK) => 0xFA,
                Some(TILDE) => 0xFC,
                _ => 0xEB,
            })
        } else {
            tone.map(|t| match t {
                ACUTE => 0xF9,
                GRAVE => 0xF8,
                HOOK => 0xFB,
                TILDE => 0xF5,
                _ => 0xEF,
            })
        };
        match (base, horn) {
            ('o', true) => out.push(case(0xF4)),
            ('u', true) => out.push(case(0xF6)),
            (b, false) if b.is_ascii_alphabetic() => {
                out.push(if upper { b.to_ascii_uppercase() } else { b });
            }
            _ => {
                out.push(c);
                continue;
            }
        }
        out.extend(mark.map(case));
    }
    out
}

/// Which legacy encoding was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LegacyEncoding {
    Tcvn3,
    Vni,
}

impl LegacyEncoding {
    /// The name the secretariat knows it by.
    pub fn label(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "TCVN3",
            LegacyEncoding::Vni => "VNI",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "tcvn3",
            LegacyEncoding::Vni => "vni",
        }
    }

    /// Whether a cell of a file in this encoding should be converted.
    pub fn convertible(self, s: &str) -> bool {
        match self {
            LegacyEncoding::Tcvn3 => convertible_tcvn3(s),
            LegacyEncoding::Vni => convertible_vni(s),
        }
    }

    /// The cell in Unicode (NFC).
    pub fn to_unicode(self, s: &str) -> String {
        match self {
            LegacyEncoding::Tcvn3 => tcvn3_to_unicode(s),
            LegacyEncoding::Vni => vni_to_unicode(s),
        }
    }

    /// The cell converted when it should be, else as it is.
    pub fn convert(self, s: &str) -> Option<String> {
        self.convertible(s).then(|| self.to_unicode(s))
    }
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

/// Looks through every text cell; `None` when the table reads as Unicode. A cell that reads as
/// VNI counts for VNI only (VNI's marks include some of TCVN3's signs); the file is taken for
/// the encoding more cells show.
pub(crate) fn detect(texts: &[&str]) -> Option<LegacyPreview> {
    let mut vni = Vec::new();
    let mut tcvn3 = Vec::new();
    for t in texts.iter().copied() {
        if looks_vni(t) {
            vni.push(t);
        } else if looks_tcvn3(t) {
            tcvn3.push(t);
        }
    }
    let (encoding, suspects) = if vni.len() > tcvn3.len() {
        (LegacyEncoding::Vni, vni)
    } else {
        (LegacyEncoding::Tcvn3, tcvn3)
    };
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
            after: xetkhen_core::text::clean(&encoding.to_unicode(t)),
        })
        .collect();
    Some(LegacyPreview {
        encoding,
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

    /// Names as a VNI keyboard stores them, typed out by hand from the VNI-Windows table, with
    /// every tone (ngang, huyền, sắc, hỏi, ngã, nặng), every vowel mark and đ/Đ.
    const VNI_NAMES: &[(&str, &str)] = &[
        ("Nguyeãn Vaên A", "Nguyễn Văn A"),
        ("Traàn Thò Ngoïc AÙnh", "Trần Thị Ngọc Ánh"),
        ("Ñaëng Thò Hoàng Nhung", "Đặng Thị Hồng Nhung"),
        ("Phaïm Ñöùc Thöôûng", "Phạm Đức Thưởng"),
        ("Leâ Höõu Phöôùc", "Lê Hữu Phước"),
        ("Voõ Thò Myõ Dung", "Võ Thị Mỹ Dung"),
        ("Huyønh Taán Lôïi", "Huỳnh Tấn Lợi"),
        ("Lyù Thò Kieàu Oanh", "Lý Thị Kiều Oanh"),
        ("Döông Quoác Baûo", "Dương Quốc Bảo"),
        ("Buøi Thò Thuyû", "Bùi Thị Thuỷ"),
        ("Ñoã Thò Thuyù Haèng", "Đỗ Thị Thuý Hằng"),
        ("Quaùch Tuaán Kieät", "Quách Tuấn Kiệt"),
        ("Tröông Myõ Leä", "Trương Mỹ Lệ"),
        ("Khoång Minh Trieát", "Khổng Minh Triết"),
        ("Hoà Ngoïc Haø", "Hồ Ngọc Hà"),
        ("Laâm Vaên Lónh", "Lâm Văn Lĩnh"),
        ("Mai Thò Tònh", "Mai Thị Tịnh"),
        ("Chaâu Thò Hæ", "Châu Thị Hỉ"),
        ("Thaân Vaên Ñaåu", "Thân Văn Đẩu"),
        ("Toâ Thò Ñeå", "Tô Thị Để"),
        ("Kha Thò AÃn", "Kha Thị Ẫn"),
        ("Löu Thò YÙ", "Lưu Thị Ý"),
        ("Taï Quang Thaéng", "Tạ Quang Thắng"),
        ("Cao Thò Ñaúng", "Cao Thị Đẳng"),
        ("Vuõ Thò Loan Ñöôïc", "Vũ Thị Loan Được"),
        ("Phoù Giaùm ñoác", "Phó Giám đốc"),
        ("ÑOAØN VAÊN HAÄU", "ĐOÀN VĂN HẬU"),
        ("NGUYEÃN THÒ ÑÖÙC", "NGUYỄN THỊ ĐỨC"),
        (
            "UÛy ban nhaân daân Phöôøng Beán Thaønh",
            "Ủy ban nhân dân Phường Bến Thành",
        ),
        ("Tröôøng THCS Nguyeãn Du", "Trường THCS Nguyễn Du"),
        ("Caù nhaân", "Cá nhân"),
        ("Baèng khen", "Bằng khen"),
        ("Ôn Vaên Ñöôøng", "Ơn Văn Đường"),
        ("Öu Thò Thuyeân", "Ưu Thị Thuyên"),
        ("Ngoaõn Thò Bî", "Ngoãn Thị Bỵ"),
    ];

    #[test]
    fn vni_names_with_every_tone_convert_to_unicode() {
        for (vni, unicode) in VNI_NAMES {
            assert_eq!(vni_to_unicode(vni), *unicode, "{vni}");
            assert_eq!(unicode_to_vni(unicode), *vni, "{unicode}");
        }
    }

    #[test]
    fn a_mark_after_a_consonant_is_not_vni_and_is_left_alone() {
        for text in ["Ngoâ Thò Ñình\u{f8}", "Võ Thị Ánh", "Hồ Chí Minh"] {
            assert!(!convertible_vni(text), "{text}");
            assert_eq!(vni_to_unicode(text), text);
        }
    }

    #[test]
    fn vni_names_are_detected_as_vni_and_unicode_names_are_not() {
        let vni: Vec<&str> = VNI_NAMES.iter().map(|(v, _)| *v).collect();
        let preview = detect(&vni);
        assert_eq!(
            preview.as_ref().map(|p| p.encoding),
            Some(LegacyEncoding::Vni)
        );
        assert!(preview.as_ref().is_some_and(|p| p
            .samples
            .iter()
            .any(|s| s.before == "Nguyeãn Vaên A" && s.after == "Nguyễn Văn A")));
        for (_, unicode) in VNI_NAMES {
            assert!(!looks_vni(unicode), "{unicode}");
        }
        let unicode: Vec<&str> = VNI_NAMES.iter().map(|(_, u)| *u).collect();
        assert_eq!(detect(&unicode), None);
    }

    #[test]
    fn tcvn3_text_is_not_taken_for_vni() {
        let names = [
            "Nguyễn Văn A",
            "Lê Thị Hồng Gấm",
            "Phạm Đức Thưởng",
            "Trần Thị Ngọc Ánh",
        ];
        let tcvn3: Vec<String> = names
            .iter()
            .map(|n| {
                unicode_to_tcvn3_bytes(n)
                    .iter()
                    .map(|b| char::from(*b))
                    .collect()
            })
            .collect();
        let texts: Vec<&str> = tcvn3.iter().map(String::as_str).collect();
        assert_eq!(
            detect(&texts).map(|p| p.encoding),
            Some(LegacyEncoding::Tcvn3)
        );
    }

    #[test]
    fn every_vietnamese_letter_round_trips_through_vni() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        let all: String = letters
            .chars()
            .chain(letters.chars().flat_map(char::to_uppercase))
            .collect();
        let vni = unicode_to_vni(&all);
        assert_eq!(vni_to_unicode(&vni), all);
        // The same bytes in a CSV decoded with the Windows-1258 code page.
        let (bytes, _, _) = WINDOWS_1252.encode(&vni);
        let (as_1258, _) = WINDOWS_1258.decode_without_bom_handling(&bytes);
        assert_eq!(vni_to_unicode(&as_1258), all);
    }
}
