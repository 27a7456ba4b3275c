//! Files that come with a nomination or a review (minh chứng): which names and which kinds the
//! program takes, decided in one place for a file attached on this laptop and for a file that
//! arrives inside a round package made elsewhere.
//!
//! A file from outside is hostile until checked: its name may climb out of a folder
//! (`../../.config/autostart/x.desktop`), name a device on Windows (`CON.pdf`), or hide an
//! executable behind a harmless media type (`x.exe` declared `application/pdf`). Only the last
//! component of a name is kept, only characters both Windows and Linux allow, only extensions of
//! documents and images, and only content whose first bytes are those of its extension.

/// One kind of file the committee may attach: its extension, media type and what its content
/// must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    pub extension: &'static str,
    pub media_type: &'static str,
    magic: &'static [u8],
    /// A part a zip-based office document must hold (its main part), or for OpenDocument the
    /// media type its uncompressed `mimetype` entry states.
    part: Option<Part>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// An OOXML main part, named in the zip's directory.
    Ooxml(&'static [u8]),
    /// An OpenDocument file: `mimetype` is the first entry, stored, holding this media type.
    OpenDocument,
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// The kinds accepted, by extension (lower case).
pub const FILE_KINDS: &[FileKind] = &[
    kind("pdf", "application/pdf", b"%PDF-", None),
    kind("png", "image/png", b"\x89PNG\r\n\x1a\n", None),
    kind("jpg", "image/jpeg", b"\xff\xd8\xff", None),
    kind("jpeg", "image/jpeg", b"\xff\xd8\xff", None),
    kind("gif", "image/gif", b"GIF8", None),
    kind("webp", "image/webp", b"RIFF", None),
    kind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
        Some(Part::Ooxml(b"word/document.xml")),
    ),
    kind(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ZIP,
        Some(Part::Ooxml(b"xl/workbook.xml")),
    ),
    kind(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ZIP,
        Some(Part::Ooxml(b"ppt/presentation.xml")),
    ),
    kind(
        "odt",
        "application/vnd.oasis.opendocument.text",
        ZIP,
        Some(Part::OpenDocument),
    ),
    kind(
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        ZIP,
        Some(Part::OpenDocument),
    ),
    kind("doc", "application/msword", OLE, None),
    kind("xls", "application/vnd.ms-excel", OLE, None),
];

const fn kind(
    extension: &'static str,
    media_type: &'static str,
    magic: &'static [u8],
    part: Option<Part>,
) -> FileKind {
    FileKind {
        extension,
        media_type,
        magic,
        part,
    }
}

/// The kinds as a person reads them, for messages.
pub const KINDS_VI: &str =
    "PDF, ảnh (PNG, JPEG, GIF, WebP) hoặc văn bản văn phòng (DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS)";

/// Why a file's name or content is refused. Each message names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    #[error("Tệp «{0}»: tên tệp trống hoặc chỉ có dấu chấm, khoảng trắng.")]
    EmptyName(String),
    #[error("Tệp «{0}»: tên tệp có ký tự không dùng được trên Windows hoặc Linux (< > : \" / \\ | ? * hoặc ký tự điều khiển).")]
    BadCharacter(String),
    #[error("Tệp «{0}»: tên tệp trùng tên thiết bị dành riêng của Windows (CON, PRN, AUX, NUL, COM1–9, LPT1–9).")]
    ReservedName(String),
    #[error("Tệp «{0}»: tên tệp không được kết thúc bằng dấu chấm hoặc khoảng trắng.")]
    TrailingDot(String),
    #[error("Tệp «{0}»: tên tệp dài quá 200 ký tự.")]
    TooLong(String),
    #[error("Tệp «{0}»: chỉ nhận minh chứng dạng {KINDS_VI}.")]
    Kind(String),
    #[error("Tệp «{0}» có đuôi .{1} nhưng nội dung không phải tệp {1}; có thể tệp đã hỏng hoặc bị đổi tên.")]
    Content(String, &'static str),
    #[error("Tệp «{0}» ghi loại «{1}» nhưng đuôi .{2} là loại «{3}»; không nhận.")]
    MediaType(String, String, &'static str, &'static str),
}

/// The name a file is kept under: the last component of `raw` (after `/` or `\`), which must be
/// a name both Windows and Linux accept as it is. Nothing is silently rewritten but the folders
/// before it, so the name the committee sees is the name that was sent.
pub fn safe_file_name(raw: &str) -> Result<String, AttachmentError> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let shown = last.to_string();
    if last
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .is_empty()
    {
        return Err(AttachmentError::EmptyName(raw.to_string()));
    }
    if last.chars().count() > 200 {
        return Err(AttachmentError::TooLong(shown));
    }
    if last.chars().any(|c| {
        c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*')
    }) {
        return Err(AttachmentError::BadCharacter(shown));
    }
    if last.ends_with('.') || last.ends_with(char::is_whitespace) {
        return Err(AttachmentError::TrailingDot(shown));
    }
    // Windows reserves the device names with any extension ("CON.pdf", "com1.tar.gz").
    let stem = last
        .split('.')
        .next()
        .unwrap_or(last)
        .trim_end()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem[3..].chars().all(|c| ('1'..='9').contains(&c)));
    if reserved {
        return Err(AttachmentError::ReservedName(shown));
    }
    Ok(last.to_string())
}

/// The kind of a file from its (already safe) name, checked against its content: the extension
/// must be on the list and the first bytes those of the extension (and an office document must
/// hold its main part).
pub fn file_kind(name: &str, data: &[u8]) -> Result<&'static FileKind, AttachmentError> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = FILE_KINDS
        .iter()
        .find(|k| k.extension == ext)
        .ok_or_else(|| AttachmentError::Kind(name.to_string()))?;
    let bad = || AttachmentError::Content(name.to_string(), kind.extension);
    if !data.starts_with(kind.magic) {
        return Err(bad());
    }
    let sound = match kind.part {
        None if kind.extension == "webp" => data.get(8..12) == Some(b"WEBP"),
        None => true,
        // The central directory lists every entry's name in clear.
        Some(Part::Ooxml(part)) => contains(data, part),
        Some(Part::OpenDocument) => {
            // ODF 1.2 §3.3: the first entry is "mimetype", stored, its content the media type.
            let name_len = data.get(26..28).map(|b| u16::from_le_bytes([b[0], b[1]]));
            let extra_len = data.get(28..30).map(|b| u16::from_le_bytes([b[0], b[1]]));
            match (name_len, extra_len) {
                (Some(8), Some(extra)) => {
                    let start = 30 + 8 + usize::from(extra);
                    data.get(30..38) == Some(b"mimetype")
                        && data
                            .get(start..start + kind.media_type.len())
                            .is_some_and(|m| m == kind.media_type.as_bytes())
                }
                _ => false,
            }
        }
    };
    if !sound {
        return Err(bad());
    }
    Ok(kind)
}

/// [`safe_file_name`] and [`file_kind`] together, and a declared media type (from a package made
/// elsewhere) that must be the one of the extension: what a file must pass to be kept.
pub fn check_attachment(
    raw_name: &str,
    declared_media_type: Option<&str>,
    data: &[u8],
) -> Result<(String, &'static FileKind), AttachmentError> {
    let name = safe_file_name(raw_name)?;
    let kind = file_kind(&name, data)?;
    if let Some(m) = declared_media_type {
        if m != kind.media_type {
            return Err(AttachmentError::MediaType(
                name,
                m.to_string(),
                kind.extension,
                kind.media_type,
            ));
        }
    }
    Ok((name, kind))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_component_of_a_name_is_kept() {
        assert_eq!(safe_file_name("../../../x.pdf").unwrap(), "x.pdf");
        assert_eq!(safe_file_name("..\\..\\Windows\\x.pdf").unwrap(), "x.pdf");
        assert_eq!(safe_file_name("/etc/Báo cáo.pdf").unwrap(), "Báo cáo.pdf");
    }

    #[test]
    fn names_windows_or_linux_cannot_hold_are_refused() {
        for bad in [
            "",
            "..",
            " . ",
            "a<b.pdf",
            "a:b.pdf",
            "a|b.pdf",
            "a?.pdf",
            "a*.pdf",
            "a\"b.pdf",
            "a\u{0}b.pdf",
            "a\nb.pdf",
            "CON",
            "con.pdf",
            "Lpt1.pdf",
            "COM9.tar.pdf",
            "nul .pdf",
            "x.pdf.",
            "x.pdf ",
            "dir/",
        ] {
            assert!(safe_file_name(bad).is_err(), "{bad:?}");
        }
        assert!(safe_file_name("COM0.pdf").is_ok());
        assert!(safe_file_name("CONSOLE.pdf").is_ok());
    }

    #[test]
    fn an_executable_behind_a_pdf_media_type_is_refused() {
        let e = check_attachment("x.exe", Some("application/pdf"), b"MZ\x90\x00").unwrap_err();
        assert_eq!(e, AttachmentError::Kind("x.exe".into()));
        let e = check_attachment("x.pdf", Some("application/pdf"), b"MZ\x90\x00").unwrap_err();
        assert_eq!(e, AttachmentError::Content("x.pdf".into(), "pdf"));
        let e =
            check_attachment("x.pdf", Some("application/x-msdownload"), b"%PDF-1.7").unwrap_err();
        assert!(matches!(e, AttachmentError::MediaType(..)), "{e:?}");
        assert!(check_attachment("x.PDF", Some("application/pdf"), b"%PDF-1.7").is_ok());
    }

    #[test]
    fn an_office_document_must_hold_its_main_part() {
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(b"....[Content_Types].xml....word/document.xml....");
        assert!(file_kind("a.docx", &docx).is_ok());
        assert!(file_kind("a.xlsx", &docx).is_err(), "a docx renamed .xlsx");
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend_from_slice(&[0; 22]);
        odt.extend_from_slice(&8u16.to_le_bytes());
        odt.extend_from_slice(&0u16.to_le_bytes());
        odt.extend_from_slice(b"mimetype");
        odt.extend_from_slice(b"application/vnd.oasis.opendocument.text");
        assert!(file_kind("a.odt", &odt).is_ok());
        assert!(file_kind("a.ods", &odt).is_err());
    }
}
