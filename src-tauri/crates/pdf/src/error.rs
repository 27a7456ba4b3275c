//! Errors of the PDF crate. Every variant carries a stable code for the IPC boundary and a
//! message in Vietnamese, because the secretariat reads it.

/// What went wrong while rendering, signing or reading a PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read (a broken build, not a user error).
    #[error("không đọc được phông chữ nhúng: {0}")]
    Font(String),
    /// The document cannot be laid out as given (e.g. a row with the wrong number of cells).
    #[error("không dàn trang được danh sách: {0}")]
    Layout(String),
    /// The input is not a PDF this crate can read.
    #[error("tệp PDF không đọc được: {0}")]
    Parse(String),
    /// The certificate or key could not be loaded or is not acceptable.
    #[error("chứng thư số không dùng được: {0}")]
    Certificate(String),
    /// Signing failed.
    #[error("ký số không thành công: {0}")]
    Sign(String),
    /// The PKCS#11 module, token, PIN or key could not be used.
    #[error("thẻ ký số (PKCS#11): {0}")]
    Token(String),
    /// The file has no signature, or its first signature no longer covers what it signed.
    #[error("{0}")]
    NotIntact(String),
    /// Reading or writing a file failed.
    #[error("lỗi đọc/ghi tệp: {0}")]
    Io(#[from] std::io::Error),
}

impl PdfError {
    /// A stable machine-readable code, for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::Font(_) => "pdf.font",
            PdfError::Layout(_) => "pdf.layout",
            PdfError::Parse(_) => "pdf.parse",
            PdfError::Certificate(_) => "pdf.certificate",
            PdfError::Sign(_) => "pdf.sign",
            PdfError::Token(_) => "pdf.token",
            PdfError::NotIntact(_) => "pdf.not-intact",
            PdfError::Io(_) => "pdf.io",
        }
    }
}
