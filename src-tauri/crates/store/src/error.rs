//! What can go wrong with the store, said so that a secretary knows what to do.

use rusqlite::ErrorCode as Sql;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Kho dữ liệu đang bận (một cửa sổ hoặc lệnh khác đang ghi). Hãy thử lại sau ít giây.")]
    Busy,
    #[error("Kho dữ liệu chỉ cho phép đọc (tệp hoặc thư mục không có quyền ghi); không thể lưu thay đổi.")]
    ReadOnly,
    #[error("Ổ đĩa đã đầy: không lưu được thay đổi. Dữ liệu đã có vẫn nguyên vẹn; hãy giải phóng dung lượng rồi thử lại.")]
    Full,
    #[error("Không tìm thấy {what} có mã «{id}».")]
    NotFound { what: &'static str, id: String },
    #[error("Kho dữ liệu do phiên bản mới hơn của chương trình tạo (lược đồ {found}, phiên bản này hỗ trợ đến {supported}). Hãy cập nhật Xét Khen.")]
    TooNew { found: u32, supported: u32 },
    #[error("Kho dữ liệu bị hỏng: {0}")]
    Corrupt(String),
    #[error("Dữ liệu không hợp lệ: {0}")]
    Invalid(String),
    #[error(
        "Tệp {file} không phải là kho dữ liệu Xét Khen dùng được ({reason}); không dùng tệp này."
    )]
    NotAStore { file: String, reason: String },
    #[error("Kho dữ liệu đang được mở ở một cửa sổ hoặc lệnh khác; hãy đóng chúng rồi thử lại.")]
    InUse,
    #[error("Cụm mật khẩu không đúng (hoặc tệp không phải kho dữ liệu Xét Khen). Kho dữ liệu không bị thay đổi.")]
    WrongPassphrase,
    #[error("Tệp {file} không đọc được như kho dữ liệu không mã hoá: nếu đây là kho đã mã hoá, hãy cho cụm mật khẩu (biến XETKHEN_PASSPHRASE, hoặc nhập khi được hỏi).")]
    NeedsPassphrase { file: String },
    #[error("Kho dữ liệu này không được mã hoá; hãy mở mà không dùng cụm mật khẩu.")]
    NotEncrypted,
    #[error("Đã huỷ theo yêu cầu; kho dữ liệu giữ nguyên như trước.")]
    Cancelled,
    #[error("Lỗi kho dữ liệu: {0}")]
    Sqlite(rusqlite::Error),
    #[error("Lỗi đọc/ghi tệp: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for StoreError {
    /// A full disk gets its own plain message, not the system's.
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => StoreError::Full,
            _ => StoreError::Io(e),
        }
    }
}

impl StoreError {
    /// SQLite's own words for a file it could not open or write, which a full or read-only disk
    /// also produces; [`crate::diagnose_folder`] tells which.
    pub(crate) fn may_be_the_disk(&self) -> bool {
        match self {
            StoreError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(Sql::CannotOpen | Sql::SystemIoFailure | Sql::ReadOnly | Sql::DiskFull)
            ),
            StoreError::ReadOnly | StoreError::Full | StoreError::Io(_) => true,
            _ => false,
        }
    }

    /// Which error this is, as a stable code: the IPC boundary passes it on beside
    /// [`StoreError::code`]'s coarser one.
    pub fn reason(&self) -> &'static str {
        match self {
            StoreError::Busy => "store.busy",
            StoreError::ReadOnly => "store.read-only",
            StoreError::Full => "store.full",
            StoreError::NotFound { .. } => "store.not-found",
            StoreError::TooNew { .. } => "store.too-new",
            StoreError::Corrupt(_) => "store.corrupt",
            StoreError::Invalid(_) => "store.invalid",
            StoreError::NotAStore { .. } => "store.not-a-store",
            StoreError::InUse => "store.in-use",
            StoreError::WrongPassphrase => "store.wrong-passphrase",
            StoreError::NeedsPassphrase { .. } => "store.needs-passphrase",
            StoreError::NotEncrypted => "store.not-encrypted",
            StoreError::Cancelled => "store.cancelled",
            StoreError::Sqlite(_) => "store.sqlite",
            StoreError::Io(_) => "store.io",
        }
    }

    /// The code the IPC boundary passes on: "not_found", "store", "io" or "conflict".
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "not_found",
            StoreError::Io(_) | StoreError::Full | StoreError::ReadOnly => "io",
            StoreError::Busy | StoreError::InUse | StoreError::TooNew { .. } => "conflict",
            StoreError::Cancelled => "cancelled",
            StoreError::WrongPassphrase
            | StoreError::NeedsPassphrase { .. }
            | StoreError::NotEncrypted => "locked",
            StoreError::Corrupt(_)
            | StoreError::NotAStore { .. }
            | StoreError::Invalid(_)
            | StoreError::Sqlite(_) => "store",
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(Sql::DatabaseBusy | Sql::DatabaseLocked) => StoreError::Busy,
            Some(Sql::ReadOnly) => StoreError::ReadOnly,
            Some(Sql::DiskFull) => StoreError::Full,
            Some(Sql::DatabaseCorrupt | Sql::NotADatabase) => StoreError::Corrupt(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}
