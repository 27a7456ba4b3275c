//! Vietnamese text on its way in and in search.
//!
//! Every string that enters the store goes through [`clean`]: NFC, so that "Nguyễn" typed
//! precomposed and "Nguyễn" typed with combining marks are the same string and render without
//! marks piled on each other. Search compares [`fold`]ed text: no case, no diacritics, and đ/Đ
//! folded to d by hand because Unicode gives đ no decomposition.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// NFC-normalises a string.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// NFC, runs of white space (including non-breaking spaces) collapsed to one space, trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Most text arrives in NFC already; the quick check spares composing it again.
    let composed: std::borrow::Cow<'_, str> = if unicode_normalization::is_nfc_quick(s.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfc().collect())
    };
    for word in composed.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// [`clean`], with an empty result turned into `None`.
pub fn clean_opt(s: Option<&str>) -> Option<String> {
    s.map(clean).filter(|c| !c.is_empty())
}

/// Folds text for search: lower case, no diacritics, đ → d, anything that is not a letter or a
/// digit becomes a single space. "NGUYỄN VĂN ĐỨC" and "nguyen van duc" fold to the same string.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut push = |c: char| {
        if !c.is_ascii() && is_combining_mark(c) {
            return;
        }
        let c = match c {
            'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
            _ => c,
        };
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    };
    // Each character is decomposed on its own: the canonical reordering a full NFD would do
    // moves only combining marks, which are all dropped, so the result is the same.
    for c in s.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            unicode_normalization::char::decompose_canonical(c, &mut push);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_and_precomposed_names_are_equal_after_cleaning() {
        let precomposed = "Nguy\u{1ec5}n V\u{103}n \u{110}\u{1ee9}c";
        let decomposed = "Nguye\u{302}\u{303}n Va\u{306}n \u{110}u\u{31b}\u{301}c";
        assert_ne!(precomposed, decomposed);
        assert_eq!(clean(precomposed), clean(decomposed));
    }

    #[test]
    fn cleaning_collapses_spaces_and_trims() {
        assert_eq!(clean("  Phường \u{a0} Bến   Thành\t"), "Phường Bến Thành");
        assert_eq!(clean_opt(Some("   ")), None);
    }

    #[test]
    fn searching_without_diacritics_finds_nguyen_van_duc() {
        assert_eq!(fold("Nguyễn Văn Đức"), "nguyen van duc");
        assert_eq!(fold("NGUYỄN VĂN ĐỨC"), "nguyen van duc");
        assert_eq!(fold("nguyen van duc"), "nguyen van duc");
        assert_eq!(fold("Nguye\u{302}\u{303}n"), "nguyen");
    }

    #[test]
    fn folding_char_by_char_equals_folding_the_nfd_string() {
        let reference = |s: &str| -> String {
            let mut out = String::new();
            let mut pending_space = false;
            for c in s.nfd() {
                if is_combining_mark(c) {
                    continue;
                }
                let c = if matches!(c, 'đ' | 'Đ' | 'ð' | 'Ð') {
                    'd'
                } else {
                    c
                };
                if c.is_alphanumeric() {
                    if pending_space && !out.is_empty() {
                        out.push(' ');
                    }
                    pending_space = false;
                    out.extend(c.to_lowercase());
                } else {
                    pending_space = true;
                }
            }
            out
        };
        for s in [
            "Nguyễn Văn Đức",
            "Nguye\u{302}\u{303}n Va\u{306}n",
            "  Ủy ban nhân dân Phường Bến Thành, TP.HCM ",
            "ỰỨỪỬỮ ǅ ﬁ Ω Ǆ İ ß ẞ",
            "079-123 (2.2)",
            "a\u{323}\u{302}\u{301}",
        ] {
            assert_eq!(fold(s), reference(s), "{s}");
        }
    }

    #[test]
    fn folding_turns_punctuation_into_single_spaces() {
        assert_eq!(
            fold("UBND Phường 1, Quận 3 -- (TP.HCM)"),
            "ubnd phuong 1 quan 3 tp hcm"
        );
        assert_eq!(fold("079-123"), "079 123");
    }
}
