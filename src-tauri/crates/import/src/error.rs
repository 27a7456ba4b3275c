//! Errors for a file that cannot be read as a whole. A single bad row is never an error: it becomes
//! a [`crate::Problem`] and the rest of the file still imports.

use serde::Serialize;

/// Why a whole file could not be read. Every message is Vietnamese and names the file, so the UI
/// and the CLI can show it as it is. [`ImportError::code`] gives a stable code for the IPC boundary.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Không mở được tệp {file}: {reason}")]
    Io { file: String, reason: String },
    #[error("Tệp {file} quá lớn ({size_mb} MB); giới hạn là {limit_mb} MB.")]
    TooLarge {
        file: String,
        size_mb: u64,
        limit_mb: u64,
    },
    #[error("Tệp {file} trống (0 byte).")]
    Empty { file: String },
    #[error("Tệp {file} có định dạng không được hỗ trợ ({detail}). Hãy lưu lại thành .xlsx, .xls, .ods hoặc .csv.")]
    UnsupportedFormat { file: String, detail: String },
    #[error("Tệp {file} được bảo vệ bằng mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại.")]
    PasswordProtected { file: String },
    #[error("Tệp {file} bị hỏng hoặc không đúng định dạng {format}: {detail}")]
    Corrupt {
        file: String,
        format: String,
        detail: String,
    },
    #[error("Tệp {file} bị từ chối vì không an toàn: {detail}")]
    Unsafe { file: String, detail: String },
    #[error("Không xác định được bảng mã của tệp {file}. Hãy chọn bảng mã (UTF-8, UTF-16 hoặc Windows-1258) rồi nhập lại.")]
    EncodingUndecided { file: String },
    #[error("Tệp {file} không đọc được bằng bảng mã {encoding}: {detail}")]
    EncodingInvalid {
        file: String,
        encoding: String,
        detail: String,
    },
    #[error("Tệp {file} không có trang tính nào tên \"{sheet}\". Các trang tính: {available}.")]
    NoSuchSheet {
        file: String,
        sheet: String,
        available: String,
    },
    #[error("Không tìm thấy dòng tiêu đề trong tệp {file}{sheet_note}: cần ít nhất cột \"Họ và tên / Tên tập thể\" và một cột khác như \"Đơn vị\" hoặc \"Hình thức khen thưởng\".")]
    NoHeader { file: String, sheet_note: String },
    #[error("Không ghi được tệp mẫu {file}: {reason}")]
    Write { file: String, reason: String },
    /// The caller's progress hook asked to stop (the user cancelled).
    #[error("Đã dừng đọc tệp {file} theo yêu cầu.")]
    Stopped { file: String },
}

impl ImportError {
    /// A stable, machine-readable code for the IPC boundary and the CLI's exit messages.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Io { .. } => "import.io",
            ImportError::TooLarge { .. } => "import.too-large",
            ImportError::Empty { .. } => "import.empty",
            ImportError::UnsupportedFormat { .. } => "import.unsupported-format",
            ImportError::PasswordProtected { .. } => "import.password-protected",
            ImportError::Corrupt { .. } => "import.corrupt",
            ImportError::Unsafe { .. } => "import.unsafe",
            ImportError::EncodingUndecided { .. } => "import.encoding-undecided",
            ImportError::EncodingInvalid { .. } => "import.encoding-invalid",
            ImportError::NoSuchSheet { .. } => "import.no-such-sheet",
            ImportError::NoHeader { .. } => "import.no-header",
            ImportError::Write { .. } => "import.write",
            ImportError::Stopped { .. } => "import.stopped",
        }
    }
}

impl Serialize for ImportError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ImportError", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}
