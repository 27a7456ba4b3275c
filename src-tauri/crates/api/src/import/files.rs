//! Files picked in the shell's dialogs, known to the window only by token.

use super::*;

/// Files the user chose in a dialog opened by the shell, known to the window only by token: the
/// window never names a path.
#[derive(Debug, Default)]
pub struct PickedFiles {
    next: u64,
    files: HashMap<FileToken, PathBuf>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PickedFile {
    pub token: FileToken,
    pub name: String,
    pub size_bytes: u32,
}

/// An import request from the window: files by token.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PickedImport {
    pub tokens: Vec<FileToken>,
    pub round: Option<String>,
    #[serde(default)]
    pub skip_invalid: bool,
    pub sheet: Option<String>,
    #[serde(default)]
    pub convert_legacy: bool,
    #[serde(default)]
    pub mapping: Vec<ColumnChoice>,
    #[serde(default)]
    pub dry_run: bool,
    #[serde(default)]
    pub skip_rows: Vec<RowRef>,
    /// The job (from `begin_job`) on which the import reports progress and hears a cancel.
    #[serde(default)]
    #[ts(optional)]
    pub job: Option<JobToken>,
}

impl PickedFiles {
    /// Forgets every picked file (when the store is locked). Tokens handed out before are not
    /// given again.
    pub fn forget_all(&mut self) {
        self.files.clear();
    }

    /// Remembers chosen paths and hands out tokens for them.
    pub fn add(&mut self, paths: Vec<PathBuf>) -> Vec<PickedFile> {
        paths
            .into_iter()
            .map(|p| {
                self.next += 1;
                let token = FileToken::new(format!("f{}", self.next));
                let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                let picked = PickedFile {
                    token: token.clone(),
                    name: label(&p.display().to_string()),
                    size_bytes: u32::try_from(size).unwrap_or(u32::MAX),
                };
                self.files.insert(token, p);
                picked
            })
            .collect()
    }

    /// The path a token stands for.
    pub fn path(&self, token: &FileToken) -> Result<&Path, ApiError> {
        self.files.get(token).map(PathBuf::as_path).ok_or_else(|| {
            ApiError::invalid(
                "tokens",
                "Tệp đã chọn không còn trong danh sách; hãy chọn lại tệp.",
            )
        })
    }

    /// The import request the tokens stand for.
    pub fn request(&self, r: &PickedImport) -> Result<ImportRequest, ApiError> {
        let files = r
            .tokens
            .iter()
            .map(|t| {
                self.files
                    .get(t)
                    .map(|p| p.display().to_string())
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "tokens",
                            "Tệp đã chọn không còn trong danh sách; hãy chọn lại tệp.",
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ImportRequest {
            files,
            round: r.round.clone(),
            skip_invalid: r.skip_invalid,
            sheet: r.sheet.clone(),
            convert_legacy: r.convert_legacy,
            encoding: None,
            mapping: r.mapping.clone(),
            dry_run: r.dry_run,
            skip_rows: r.skip_rows.clone(),
        })
    }
}
