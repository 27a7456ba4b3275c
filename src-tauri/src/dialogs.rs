//! Native file dialogs, opened from Rust so that the window never handles a path, and the
//! system's viewer. In the end-to-end build the stand-ins of [`crate::stand_in`] answer instead.

use crate::stand_in;
use std::path::{Path, PathBuf};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use xetkhen_api::{ApiError, ErrorCode, ExportOptions};

const LISTS: &[&str] = xetkhen_api::arrivals::LIST_EXTENSIONS;

pub fn pick_lists(app: &AppHandle) -> Vec<PathBuf> {
    if let Some(files) = stand_in::picked(LISTS) {
        return files;
    }
    app.dialog()
        .file()
        .set_title("Chọn danh sách đề nghị khen thưởng")
        .add_filter("Danh sách (xlsx, xls, ods, csv, tsv, txt)", LISTS)
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect()
}

/// One evidence file.
pub fn pick_evidence(app: &AppHandle) -> Option<PathBuf> {
    if let Some(file) = stand_in::evidence() {
        return file;
    }
    app.dialog()
        .file()
        .set_title("Chọn tệp minh chứng")
        .add_filter(
            "Minh chứng (pdf, ảnh, văn bản)",
            &[
                "pdf", "png", "jpg", "jpeg", "gif", "webp", "docx", "xlsx", "pptx", "odt", "ods",
                "doc", "xls",
            ],
        )
        .blocking_pick_file()
        .and_then(|f| f.into_path().ok())
}

/// The minutes the secretary signed, then the secretary's certificate authority when it is not a
/// national root; `None` when the first dialog was closed. Closing the second trusts only the
/// national roots and the chair's own authority.
pub fn pick_minutes_to_countersign(app: &AppHandle) -> Option<(PathBuf, Option<PathBuf>)> {
    let title = "Chọn biên bản kiểm phiếu thư ký đã ký";
    let file = pick_one(app, title, "PDF", &["pdf"])?;
    let anchor = pick_one(
        app,
        "Chọn chứng thư gốc (CA) của thư ký, nếu không phải gốc quốc gia",
        "Chứng thư (pem, cer, crt)",
        &["pem", "cer", "crt"],
    );
    Some((file, anchor))
}

/// One file of the given kinds.
pub fn pick_one(app: &AppHandle, title: &str, label: &str, kinds: &[&str]) -> Option<PathBuf> {
    if let Some(files) = stand_in::picked(kinds) {
        return files.into_iter().next();
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(label, kinds)
        .blocking_pick_file()
        .and_then(|f| f.into_path().ok())
}

/// Several files of the given kinds (member cards, packets).
pub fn pick_files(app: &AppHandle, title: &str, label: &str, kinds: &[&str]) -> Vec<PathBuf> {
    if let Some(files) = stand_in::picked(kinds) {
        return files;
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(label, kinds)
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect()
}

/// A save dialog whose operation answers with a report; `None` when the dialog was closed.
pub fn save_as<T>(
    app: &AppHandle,
    name: &str,
    kind: &str,
    ext: &str,
    write: impl FnOnce(&Path) -> Result<T, ApiError>,
) -> Result<Option<T>, ApiError> {
    let Some(path) = save_path(app, name, kind, ext) else {
        return Ok(None);
    };
    write(&path).map(Some)
}

/// Like [`save_as`], for an operation that only writes: answers where the file went.
pub fn save_shown(
    app: &AppHandle,
    name: &str,
    kind: &str,
    ext: &str,
    write: impl FnOnce(&Path) -> Result<(), ApiError>,
) -> Result<Option<String>, ApiError> {
    save_as(app, name, kind, ext, |p| {
        write(p).map(|()| p.display().to_string())
    })
}

/// Where to save a file, chosen by the user; `None` when the dialog was closed.
pub fn save_path(app: &AppHandle, name: &str, kind: &str, ext: &str) -> Option<PathBuf> {
    stand_in::saved(name).or_else(|| ask_save_path(app, name, kind, ext))
}

/// The system's save dialog itself; `None` when it was closed.
fn ask_save_path(app: &AppHandle, name: &str, kind: &str, ext: &str) -> Option<PathBuf> {
    app.dialog()
        .file()
        .set_file_name(name)
        .add_filter(kind, &[ext])
        .blocking_save_file()
        .and_then(|f| f.into_path().ok())
}

/// Where to save an .xlsx or .csv copy of a list, its name suggested by the options.
pub fn save_copy(app: &AppHandle, options: &ExportOptions) -> Option<PathBuf> {
    let ext = options.format.extension();
    save_path(app, &options.file_name(), ext, ext)
}

/// A save dialog without the end-to-end stand-in, whose operation only writes: answers where
/// the file went; `None` when the dialog was closed.
pub fn save(
    app: &AppHandle,
    name: &str,
    kind: &str,
    ext: &str,
    write: impl FnOnce(&Path) -> Result<(), ApiError>,
) -> Result<Option<String>, ApiError> {
    let Some(path) = ask_save_path(app, name, kind, ext) else {
        return Ok(None);
    };
    write(&path)?;
    Ok(Some(path.display().to_string()))
}

/// Opens `path` in the program the system gives its kind.
pub fn open_in_viewer(app: &AppHandle, path: &Path) -> Result<(), ApiError> {
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!(
                    "Không mở được {} bằng ứng dụng mặc định: {e}",
                    path.display()
                ),
            )
        })
}
