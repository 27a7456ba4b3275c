//! The desktop shell. Each command is a one-line delegation to [`xetkhen_api::Desk`]; the shell
//! holds the open store and opens the native file dialogs, nothing else. The window may call these commands only (see
//! `capabilities/main.json`): no file system, no shell, no paths from the webview.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use xetkhen_api::{
    paths, ApiError, AppInfo, CreateRound, DemoLoaded, Desk, ErrorCode, EvidenceView, HistoryEntry,
    ImportField, ImportReport, ListQuery, MemberProgress, NominationDetail, NominationList,
    PickedFile, PickedFiles, PickedImport, ProblemView, ReviewerView, RoundView, SaveReview,
    SetReviewer,
};
use xetkhen_api::{ChangePassphrase, PassphraseReport, Session, SessionView, SetPassphrase};

/// The store the window works on, locked or open (or why no store could be found, shown in the
/// window), and the files the user picked in dialogs, known to the window by token only.
struct Shared(Result<Mutex<Session>, ApiError>, Mutex<PickedFiles>);

fn poisoned() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "Trạng thái ứng dụng bị hỏng do lỗi trước đó; hãy mở lại ứng dụng.",
    )
}

impl Shared {
    fn picked(&self) -> Result<std::sync::MutexGuard<'_, PickedFiles>, ApiError> {
        self.1.lock().map_err(|_| poisoned())
    }

    fn session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let session = self.0.as_ref().map_err(Clone::clone)?;
        let mut guard = session.lock().map_err(|_| poisoned())?;
        f(&mut guard)
    }

    /// An operation on the open store; refused with the code `locked` while it is locked.
    fn with<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T, ApiError>) -> Result<T, ApiError> {
        self.session(|s| f(s.desk()?))
    }
}

#[tauri::command]
async fn session_status(s: State<'_, Shared>) -> Result<SessionView, ApiError> {
    s.session(|s| Ok(s.view()))
}

#[tauri::command]
async fn unlock(s: State<'_, Shared>, passphrase: String) -> Result<SessionView, ApiError> {
    s.session(|s| s.unlock(&passphrase))
}

#[tauri::command]
async fn set_passphrase(s: State<'_, Shared>, req: SetPassphrase) -> Result<SessionView, ApiError> {
    s.session(|s| s.set_passphrase(&req))
}

#[tauri::command]
async fn lock(s: State<'_, Shared>) -> Result<SessionView, ApiError> {
    s.session(|s| Ok(s.lock()))
}

#[tauri::command]
async fn keep_alive(s: State<'_, Shared>) -> Result<(), ApiError> {
    s.session(|s| {
        s.touch();
        Ok(())
    })
}

#[tauri::command]
async fn change_passphrase(
    s: State<'_, Shared>,
    req: ChangePassphrase,
) -> Result<PassphraseReport, ApiError> {
    s.session(|s| s.change_passphrase(&req))
}

#[tauri::command]
async fn set_lock_after(s: State<'_, Shared>, minutes: u32) -> Result<SessionView, ApiError> {
    s.session(|s| s.set_lock_after(minutes))
}

#[tauri::command]
async fn app_info(s: State<'_, Shared>) -> Result<AppInfo, ApiError> {
    s.with(|d| d.app_info())
}

#[tauri::command]
async fn list_rounds(s: State<'_, Shared>) -> Result<Vec<RoundView>, ApiError> {
    s.with(|d| d.list_rounds())
}

#[tauri::command]
async fn create_round(s: State<'_, Shared>, req: CreateRound) -> Result<RoundView, ApiError> {
    s.with(|d| d.create_round(&req))
}

#[tauri::command]
async fn load_demo(s: State<'_, Shared>) -> Result<DemoLoaded, ApiError> {
    s.with(Desk::load_demo)
}

#[tauri::command]
async fn list_nominations(
    s: State<'_, Shared>,
    req: ListQuery,
) -> Result<NominationList, ApiError> {
    s.with(|d| d.list_nominations(&req))
}

#[tauri::command]
async fn get_nomination(s: State<'_, Shared>, id: String) -> Result<NominationDetail, ApiError> {
    s.with(|d| d.get_nomination(&id))
}

#[tauri::command]
async fn import_fields() -> Result<Vec<ImportField>, ApiError> {
    Ok(xetkhen_api::import_fields())
}

#[tauri::command]
async fn pick_import_files(
    app: AppHandle,
    s: State<'_, Shared>,
) -> Result<Vec<PickedFile>, ApiError> {
    Ok(s.picked()?.add(dialogs::pick_lists(&app)))
}

#[tauri::command]
async fn import_files(s: State<'_, Shared>, req: PickedImport) -> Result<ImportReport, ApiError> {
    let req = s.picked()?.request(&req)?;
    s.with(|d| d.import(&req))
}

#[tauri::command]
async fn save_problems(
    app: AppHandle,
    problems: Vec<ProblemView>,
) -> Result<Option<String>, ApiError> {
    dialogs::save(&app, "danh-sach-loi.csv", "CSV", "csv", |p| {
        std::fs::write(p, xetkhen_api::problems_csv(&problems)).map_err(|e| io_error(p, &e))
    })
}

#[tauri::command]
async fn save_template(app: AppHandle) -> Result<Option<String>, ApiError> {
    dialogs::save(
        &app,
        "mau-danh-sach-de-nghi.xlsx",
        "Excel",
        "xlsx",
        xetkhen_api::write_template,
    )
}

#[tauri::command]
async fn get_reviewer(s: State<'_, Shared>) -> Result<Option<ReviewerView>, ApiError> {
    s.with(|d| d.reviewer())
}

#[tauri::command]
async fn set_reviewer(s: State<'_, Shared>, req: SetReviewer) -> Result<ReviewerView, ApiError> {
    s.with(|d| d.set_reviewer(&req))
}

#[tauri::command]
async fn add_conflict(s: State<'_, Shared>, unit: String) -> Result<ReviewerView, ApiError> {
    s.with(|d| d.add_conflict(&unit))
}

#[tauri::command]
async fn remove_conflict(s: State<'_, Shared>, unit: String) -> Result<ReviewerView, ApiError> {
    s.with(|d| d.remove_conflict(&unit))
}

#[tauri::command]
async fn save_review(s: State<'_, Shared>, req: SaveReview) -> Result<NominationDetail, ApiError> {
    s.with(|d| d.save_review(&req))
}

#[tauri::command]
async fn nomination_history(
    s: State<'_, Shared>,
    id: String,
) -> Result<Vec<HistoryEntry>, ApiError> {
    s.with(|d| d.nomination_history(&id))
}

#[tauri::command]
async fn round_progress(
    s: State<'_, Shared>,
    round: String,
) -> Result<Vec<MemberProgress>, ApiError> {
    s.with(|d| d.round_progress(&round))
}

#[tauri::command]
async fn attach_evidence(
    app: AppHandle,
    s: State<'_, Shared>,
    nomination: String,
) -> Result<Option<NominationDetail>, ApiError> {
    let Some(path) = dialogs::pick_evidence(&app) else {
        return Ok(None);
    };
    s.with(|d| d.attach_evidence(&nomination, &path, None))
        .map(Some)
}

#[tauri::command]
async fn evidence_view(
    s: State<'_, Shared>,
    nomination: String,
    sha256: String,
) -> Result<EvidenceView, ApiError> {
    s.with(|d| d.evidence_view(&nomination, &sha256))
}

#[tauri::command]
async fn open_evidence(
    app: AppHandle,
    s: State<'_, Shared>,
    nomination: String,
    sha256: String,
) -> Result<(), ApiError> {
    let (attachment, data) = s.with(|d| d.evidence(&nomination, &sha256))?;
    let dir = std::env::temp_dir()
        .join("xetkhen-minh-chung")
        .join(&attachment.sha256);
    let path = dir.join(&attachment.file_name);
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&path, &data))
        .map_err(|e| io_error(&path, &e))?;
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

fn io_error(path: &std::path::Path, e: &std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Io,
        format!("Không ghi được tệp {}: {e}", path.display()),
    )
}

/// Native file dialogs, opened from Rust so that the window never handles a path.
mod dialogs {
    use super::*;

    /// Files named in `XETKHEN_PICK_FILES` (separated as in PATH) stand in for the open dialog,
    /// so that the real window can be driven end to end where no person clicks in a dialog.
    pub fn pick_lists(app: &AppHandle) -> Vec<PathBuf> {
        if let Some(list) = std::env::var_os("XETKHEN_PICK_FILES") {
            return std::env::split_paths(&list).collect();
        }
        app.dialog()
            .file()
            .set_title("Chọn danh sách đề nghị khen thưởng")
            .add_filter(
                "Danh sách (xlsx, xls, ods, csv, tsv, txt)",
                &["xlsx", "xls", "ods", "csv", "tsv", "txt"],
            )
            .blocking_pick_files()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|f| f.into_path().ok())
            .collect()
    }

    /// One evidence file; `XETKHEN_PICK_FILES` stands in for the dialog as for lists.
    pub fn pick_evidence(app: &AppHandle) -> Option<PathBuf> {
        if let Some(list) = std::env::var_os("XETKHEN_PICK_FILES") {
            return std::env::split_paths(&list).next();
        }
        app.dialog()
            .file()
            .set_title("Chọn tệp minh chứng")
            .add_filter(
                "Minh chứng (pdf, ảnh, văn bản)",
                &[
                    "pdf", "png", "jpg", "jpeg", "gif", "webp", "docx", "xlsx", "pptx", "odt",
                    "ods", "doc", "xls",
                ],
            )
            .blocking_pick_file()
            .and_then(|f| f.into_path().ok())
    }

    pub fn save(
        app: &AppHandle,
        name: &str,
        kind: &str,
        ext: &str,
        write: impl FnOnce(&std::path::Path) -> Result<(), ApiError>,
    ) -> Result<Option<String>, ApiError> {
        let chosen = app
            .dialog()
            .file()
            .set_file_name(name)
            .add_filter(kind, &[ext])
            .blocking_save_file();
        let Some(path) = chosen.and_then(|f| f.into_path().ok()) else {
            return Ok(None);
        };
        write(&path)?;
        Ok(Some(path.display().to_string()))
    }
}

/// `--db PATH` on the command line, as in the CLI; else `XETKHEN_DB`; else the platform default.
fn db_from_args() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            return args.next().map(PathBuf::from);
        }
    }
    None
}

fn open_session() -> Result<Mutex<Session>, ApiError> {
    let path = paths::store_path(db_from_args().as_deref()).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Io,
            "Không xác định được thư mục dữ liệu của người dùng; hãy đặt biến XETKHEN_DB.",
        )
    })?;
    let actor = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "người dùng".into());
    Ok(Mutex::new(Session::new(&path, &actor)))
}

/// Closes the store once the window has been idle for the time of the settings, even when the
/// window itself cannot (it locks first, on its own timer, as soon as it sees the idle time).
fn watch_idle(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(5));
        let _ = app
            .state::<Shared>()
            .session(|s| Ok(s.lock_if_idle(std::time::Instant::now())));
    });
}

/// Starts the window. Returns a failure code only when the window system itself cannot start.
pub fn run() -> ExitCode {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(Shared(open_session(), Mutex::new(PickedFiles::default())))
        .setup(|app| {
            watch_idle(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            app_info,
            list_rounds,
            create_round,
            load_demo,
            list_nominations,
            get_nomination,
            import_fields,
            pick_import_files,
            import_files,
            save_problems,
            save_template,
            get_reviewer,
            set_reviewer,
            add_conflict,
            remove_conflict,
            save_review,
            nomination_history,
            round_progress,
            attach_evidence,
            evidence_view,
            open_evidence,
            session_status,
            unlock,
            set_passphrase,
            lock,
            keep_alive,
            change_passphrase,
            set_lock_after
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Không khởi động được cửa sổ ứng dụng: {e}");
            ExitCode::FAILURE
        }
    }
}
