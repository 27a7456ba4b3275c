//! Errors for a file that cannot be read as a whole. A single bad row is never an error: it becomes
//! a [`crate::Problem`] and the rest of the file still imports.

use serde::Serialize;
use xetkhen_core::{Message, MessageCode};

/// Why a whole file could not be read. [`ImportError::message`] names the file, as a code with
/// parameters and its Vietnamese sentence; [`ImportError::code`] gives a stable code for the IPC
/// boundary.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", self.message().text)]
    Io { file: String, reason: String },
    #[error("{}", self.message().text)]
    TooLarge {
        file: String,
        size_mb: u64,
        limit_mb: u64,
    },
    #[error("{}", self.message().text)]
    Empty { file: String },
    #[error("{}", self.message().text)]
    UnsupportedFormat { file: String, detail: String },
    #[error("{}", self.message().text)]
    PasswordProtected { file: String },
    #[error("{}", self.message().text)]
    Corrupt {
        file: String,
        format: String,
        detail: String,
    },
    #[error("{}", self.message().text)]
    Unsafe { file: String, detail: String },
    #[error("{}", self.message().text)]
    EncodingUndecided { file: String },
    #[error("{}", self.message().text)]
    EncodingInvalid {
        file: String,
        encoding: String,
        detail: String,
    },
    #[error("{}", self.message().text)]
    NoSuchSheet {
        file: String,
        sheet: String,
        available: String,
    },
    #[error("{}", self.message().text)]
    NoHeader { file: String, looked: SheetsLooked },
    #[error("{}", self.message().text)]
    Write { file: String, reason: String },
    /// The caller's progress hook asked to stop (the user cancelled).
    #[error("{}", self.message().text)]
    Stopped { file: String },
}

/// Where a header was sought in vain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetsLooked {
    /// A text file, or a workbook's only sheet.
    One,
    /// A workbook without any sheet.
    NoSheets,
    /// The sheet the user asked for.
    Sheet(String),
    /// Every sheet of a workbook, this many.
    All(usize),
}

impl ImportError {
    /// What went wrong, for a person: the file named, as a code with its parameters.
    pub fn message(&self) -> Message {
        use MessageCode as C;
        match self {
            ImportError::Io { file, reason } => Message::new(
                C::ImportFileIo,
                [("file", file.clone()), ("reason", reason.clone())],
            ),
            ImportError::TooLarge {
                file,
                size_mb,
                limit_mb,
            } => Message::new(
                C::ImportFileTooLarge,
                [
                    ("file", file.clone()),
                    ("size_mb", size_mb.to_string()),
                    ("limit_mb", limit_mb.to_string()),
                ],
            ),
            ImportError::Empty { file } => {
                Message::new(C::ImportFileEmpty, [("file", file.clone())])
            }
            ImportError::UnsupportedFormat { file, detail } => Message::new(
                C::ImportFileUnsupported,
                [("file", file.clone()), ("detail", detail.clone())],
            ),
            ImportError::PasswordProtected { file } => {
                Message::new(C::ImportFilePassword, [("file", file.clone())])
            }
            ImportError::Corrupt {
                file,
                format,
                detail,
            } => Message::new(
                C::ImportFileCorrupt,
                [
                    ("file", file.clone()),
                    ("format", format.clone()),
                    ("detail", detail.clone()),
                ],
            ),
            ImportError::Unsafe { file, detail } => Message::new(
                C::ImportFileUnsafe,
                [("file", file.clone()), ("detail", detail.clone())],
            ),
            ImportError::EncodingUndecided { file } => {
                Message::new(C::ImportFileEncodingUndecided, [("file", file.clone())])
            }
            ImportError::EncodingInvalid {
                file,
                encoding,
                detail,
            } => Message::new(
                C::ImportFileEncodingInvalid,
                [
                    ("file", file.clone()),
                    ("encoding", encoding.clone()),
                    ("detail", detail.clone()),
                ],
            ),
            ImportError::NoSuchSheet {
                file,
                sheet,
                available,
            } => Message::new(
                C::ImportFileNoSuchSheet,
                [
                    ("file", file.clone()),
                    ("sheet", sheet.clone()),
                    ("available", available.clone()),
                ],
            ),
            ImportError::NoHeader { file, looked } => match looked {
                SheetsLooked::One => Message::new(C::ImportFileNoHeader, [("file", file.clone())]),
                SheetsLooked::NoSheets => {
                    Message::new(C::ImportFileNoHeaderNoSheets, [("file", file.clone())])
                }
                SheetsLooked::Sheet(sheet) => Message::new(
                    C::ImportFileNoHeaderOnSheet,
                    [("file", file.clone()), ("sheet", sheet.clone())],
                ),
                SheetsLooked::All(n) => Message::new(
                    C::ImportFileNoHeaderOnSheets,
                    [("file", file.clone()), ("count", n.to_string())],
                ),
            },
            ImportError::Write { file, reason } => Message::new(
                C::ImportFileWrite,
                [("file", file.clone()), ("reason", reason.clone())],
            ),
            ImportError::Stopped { file } => {
                Message::new(C::ImportFileStopped, [("file", file.clone())])
            }
        }
    }

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
