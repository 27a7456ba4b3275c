//! Errors as they cross to a front end: a code the UI can switch on, a Vietnamese message a person
//! can act on, and the field at fault when there is one.

use serde::Serialize;
use ts_rs::TS;
use xetkhen_store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    Store,
    Io,
    Conflict,
    Internal,
    /// The user cancelled the operation; nothing it began was kept.
    Cancelled,
    /// The store is locked: the window shows its lock screen.
    Locked,
    /// A round package signed by a key this laptop does not trust (yet): the window shows the
    /// signer's key fingerprint and asks the person to compare it with the secretariat's.
    Untrusted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    /// In Vietnamese, complete enough to act on.
    pub message: String,
    /// The request field at fault, when there is one.
    pub field: Option<String>,
    /// The code of the part below that refused, when it has one (`pdf.parse`, `import.corrupt`,
    /// `store.busy`, `value.award`, `vote-rule.threshold`…): finer than `code` and as stable,
    /// for the window and for tests, which check codes rather than wording.
    pub reason: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            field: None,
            reason: None,
        }
    }

    /// This error with the code of the part below that refused.
    #[must_use]
    pub fn because(mut self, reason: &str) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// This error with the request field at fault.
    #[must_use]
    pub fn at(mut self, field: &str) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidInput, message).at(field)
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        ApiError::new(
            ErrorCode::NotFound,
            format!("Không tìm thấy {what} có mã «{id}»."),
        )
    }
}

/// The IPC code of a store error.
pub(crate) fn code_of(e: &StoreError) -> ErrorCode {
    match e.code() {
        "not_found" => ErrorCode::NotFound,
        "io" => ErrorCode::Io,
        "conflict" => ErrorCode::Conflict,
        "locked" => ErrorCode::InvalidInput,
        "cancelled" => ErrorCode::Cancelled,
        _ => ErrorCode::Store,
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::new(code_of(&e), e.to_string()).because(e.reason())
    }
}

/// A failure of the pdf crate as the IPC says it: its reason's code, `io` for a file that could
/// not be read or written, else invalid input.
pub(crate) fn pdf_error(e: &xetkhen_pdf::PdfError) -> ApiError {
    let code = match e {
        xetkhen_pdf::PdfError::Io(_) => ErrorCode::Io,
        _ => ErrorCode::InvalidInput,
    };
    ApiError::new(code, e.to_string()).because(e.code())
}

/// Another member's review is theirs to make on their own laptop and send in a signed packet;
/// written here it would be a vote nobody signed.
pub(crate) fn not_this_laptop(r: &xetkhen_store::Reviewer) -> ApiError {
    ApiError::new(
        ErrorCode::Conflict,
        format!(
            "{} không phải thành viên của máy này. Mỗi thành viên chấm và biểu quyết trên máy của mình \
             rồi gửi gói phiếu đã ký (xetkhen packet export); ban thư ký tổng hợp bằng xetkhen packet import.",
            r.name
        ),
    )
}
