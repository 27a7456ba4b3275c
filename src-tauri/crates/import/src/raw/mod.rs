//! Raw reading: one reader per format, each turning a file into [`RawTable`]s of [`Cell`]s and
//! nothing more. No header finding, no value parsing, no checking happens here; text is kept as
//! the file has it (not even NFC), so that legacy-encoding detection sees the original code points.

mod cfb;
pub(crate) mod guard;
pub(crate) mod text;
pub(crate) mod workbook;

use crate::error::ImportError;
use chrono::NaiveDate;
use std::path::Path;

/// One cell as the reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date (or a date-time; the time is dropped).
    Date(NaiveDate),
    Bool(bool),
    /// An Excel error value such as `#REF!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person reading the sheet would see it (numbers without a trailing
    /// ".0").
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A number written the way Excel shows it in a General cell: integers without a decimal part.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

/// The cells of one sheet (or of a whole text file), row by row, starting at the sheet's cell A1:
/// `cells[r][c]` is the cell Excel shows at row `r + 1`, column `c + 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// `None` for text files, which have no sheets.
    pub sheet: Option<String>,
    pub cells: Vec<Vec<Cell>>,
}

impl RawTable {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }
}

/// The formats the crate reads, decided from the file's first bytes (the extension is only a
/// hint: agencies rename files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Xlsx,
    Ods,
    Xls,
    Text,
}

/// Largest file accepted at all; lists of a few hundred nominations are well under 1 MB.
pub(crate) const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

pub(crate) fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads the whole file after checking its size, so that nothing below ever sees a file larger
/// than [`MAX_FILE_BYTES`].
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, ImportError> {
    let file = file_label(path);
    let meta = std::fs::metadata(path).map_err(|e| ImportError::Io {
        file: file.clone(),
        reason: io_reason(&e),
    })?;
    if meta.is_dir() {
        return Err(ImportError::Io {
            file,
            reason: "đây là một thư mục, không phải tệp".into(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            file,
            size_mb: meta.len() / (1024 * 1024),
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    if meta.len() == 0 {
        return Err(ImportError::Empty { file });
    }
    let bytes = std::fs::read(path).map_err(|e| ImportError::Io {
        file: file.clone(),
        reason: io_reason(&e),
    })?;
    if bytes.is_empty() {
        return Err(ImportError::Empty { file });
    }
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "không tìm thấy tệp".into(),
        std::io::ErrorKind::PermissionDenied => "không có quyền đọc tệp".into(),
        _ => e.to_string(),
    }
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(crate) fn detect_format(
    file: &str,
    bytes: &[u8],
    ext: Option<&str>,
) -> Result<Format, ImportError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return guard::zip_kind(file, bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        // An xlsx saved with a password is an OLE container holding "EncryptionInfo" and
        // "EncryptedPackage" streams; OLE stores stream names in UTF-16LE.
        let needle: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Err(ImportError::PasswordProtected {
                file: file.to_string(),
            });
        }
        return Ok(Format::Xls);
    }
    if bytes.starts_with(b"\x09\x08") || bytes.starts_with(b"%PDF") || bytes.starts_with(b"{\\rtf")
    {
        return Err(ImportError::UnsupportedFormat {
            file: file.to_string(),
            detail: "không phải bảng tính".into(),
        });
    }
    if matches!(ext, Some("xlsx" | "xlsm" | "xls" | "ods")) {
        return Err(ImportError::Corrupt {
            file: file.to_string(),
            format: ext.unwrap_or_default().to_string(),
            detail: "nội dung không phải là bảng tính (tệp hỏng hoặc bị đổi đuôi)".into(),
        });
    }
    Ok(Format::Text)
}

pub(crate) use workbook::Book;
