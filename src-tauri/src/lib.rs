//! The desktop shell. Each command is a one-line delegation to [`xetkhen_api::Desk`]; the shell
//! holds the open store and nothing else. The window may call these commands only (see
//! `capabilities/main.json`): no file system, no shell, no paths from the webview.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use tauri::State;
use xetkhen_api::{
    paths, ApiError, AppInfo, CreateRound, DemoLoaded, Desk, ErrorCode, ListQuery,
    NominationDetail, NominationList, RoundView,
};

/// The store the window works on, or why it could not be opened (shown in the window).
struct Shared(Result<Mutex<Desk>, ApiError>);

impl Shared {
    fn with<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let desk = self.0.as_ref().map_err(Clone::clone)?;
        let mut guard = desk.lock().map_err(|_| {
            ApiError::new(
                ErrorCode::Internal,
                "Kho dữ liệu bị khoá do lỗi trước đó; hãy mở lại ứng dụng.",
            )
        })?;
        f(&mut guard)
    }
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

fn open_store() -> Result<Mutex<Desk>, ApiError> {
    let path = paths::store_path(db_from_args().as_deref()).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Io,
            "Không xác định được thư mục dữ liệu của người dùng; hãy đặt biến XETKHEN_DB.",
        )
    })?;
    let actor = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "người dùng".into());
    Desk::open(&path, &actor).map(Mutex::new)
}

/// Starts the window. Returns a failure code only when the window system itself cannot start.
pub fn run() -> ExitCode {
    let result = tauri::Builder::default()
        .manage(Shared(open_store()))
        .invoke_handler(tauri::generate_handler![
            app_info,
            list_rounds,
            create_round,
            load_demo,
            list_nominations,
            get_nomination
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
