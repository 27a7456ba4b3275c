//! What the caller can decide for an import.

use crate::field::Field;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The encodings a text file (csv, tsv, txt) may be read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Windows-1258, the Vietnamese ANSI code page ("ANSI" CSV from Excel on Vietnamese Windows).
    Windows1258,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1258 => "Windows-1258",
        }
    }
}

/// Options of [`crate::parse_file`]. `Default` is right for a first attempt.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The sheet to read; `None` takes the first sheet with a recognisable header.
    pub sheet: Option<String>,
    /// The encoding of a text file; `None` detects it (and fails rather than guess).
    pub encoding: Option<TextEncoding>,
    /// The user's mapping of header columns to fields, for headers the built-in wordings do not
    /// know. A key is either the header text folded with `xetkhen_core::text::fold` (so any
    /// spelling of the same wording works) or an Excel column letter in capitals ("F").
    pub mapping: HashMap<String, Field>,
    /// Convert text detected as TCVN3 (ABC, .VnTime) or VNI (VNI-Times) to Unicode.
    pub convert_legacy: bool,
}
