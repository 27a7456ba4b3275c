//! What the shell holds for the window: the store, locked or open, with what the window knows by
//! token ([`Shared`]); the jobs it follows and the files that arrived ([`Work`]); and the way long
//! operations run off the command threads ([`long`], [`long_on`]).

use crate::stand_in;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, TryLockError};
use tauri::{AppHandle, Manager};
use xetkhen_api::{
    ApiError, Arrivals, Desk, ErrorCode, Exports, Job, JobToken, Jobs, Session, SessionView,
};

/// The store the window works on, locked or open (or why no store could be found, shown in the
/// window), with what the window holds by token (files picked in dialogs, export drafts).
pub struct Shared(Result<Mutex<Session>, ApiError>);

fn poisoned() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "Trạng thái ứng dụng bị hỏng do lỗi trước đó; hãy mở lại ứng dụng.",
    )
}

impl Shared {
    /// The session of the store at `path` (`None`: no data folder could be found), locked.
    pub fn new(path: Option<&Path>) -> Shared {
        Shared(open_session(path))
    }

    pub fn session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let session = self.0.as_ref().map_err(Clone::clone)?;
        let mut guard = session.lock().map_err(|_| poisoned())?;
        f(&mut guard)
    }

    /// An operation on the open store; refused with the code `locked` while it is locked.
    pub fn with<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T, ApiError>) -> Result<T, ApiError> {
        self.session(|s| f(s.desk()?))
    }

    /// An operation on what the window holds of exports (drafts, certificate files, written
    /// files); refused while locked.
    pub fn exports<T>(
        &self,
        f: impl FnOnce(&mut Exports) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.session(|s| f(s.exports()?))
    }

    /// An operation on the open store and the exports; refused while locked.
    pub fn exporting<T>(
        &self,
        f: impl FnOnce(&mut Desk, &mut Exports) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.session(|s| {
            let (desk, exports) = s.desk_and_exports()?;
            f(desk, exports)
        })
    }

    /// Refused with the code `locked` while the store is locked: checked before a dialog opens,
    /// and again by the operation that follows it.
    pub fn open(&self) -> Result<(), ApiError> {
        self.session(|s| s.check_open())
    }

    /// Locks the store, forgets what the window held, and the files dropped on it.
    pub fn lock(&self, work: &Work) -> Result<SessionView, ApiError> {
        let view = self.session(|s| Ok(s.lock()))?;
        work.arrivals()?.forget_dropped();
        Ok(view)
    }

    /// Like [`Shared::session`], but `None` at once while an operation holds the session (a
    /// long import, an export), instead of waiting for it: for the window's timers.
    pub fn try_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, ApiError>,
    ) -> Result<Option<T>, ApiError> {
        let session = self.0.as_ref().map_err(Clone::clone)?;
        match session.try_lock() {
            Ok(mut guard) => f(&mut guard).map(Some),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Poisoned(_)) => Err(poisoned()),
        }
    }

    /// Whether the store is open, without waiting: an operation holding the session means it is.
    pub fn open_now(&self) -> bool {
        self.try_session(|s| Ok(s.check_open().is_ok()))
            .map(|open| open.unwrap_or(true))
            .unwrap_or(false)
    }
}

/// What the window follows besides the store: running jobs, and files that arrived (dropped,
/// opened with the app) until the window takes them.
#[derive(Default)]
pub struct Work {
    jobs: Mutex<Jobs>,
    arrivals: Mutex<Arrivals>,
}

impl Work {
    pub fn jobs(&self) -> Result<MutexGuard<'_, Jobs>, ApiError> {
        self.jobs.lock().map_err(|_| poisoned())
    }

    pub fn arrivals(&self) -> Result<MutexGuard<'_, Arrivals>, ApiError> {
        self.arrivals.lock().map_err(|_| poisoned())
    }

    /// The job of a token; a request without one gets a job nobody watches.
    pub fn job(&self, token: Option<&JobToken>) -> Result<Job, ApiError> {
        token.map_or_else(|| Ok(Job::default()), |t| self.jobs()?.get(t))
    }
}

/// Long operations (imports, exports) run off the command threads, so that the window can poll
/// their progress and cancel them while they run.
pub async fn long<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&Shared, &Work) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<Shared>(), &app.state::<Work>()))
        .await
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("Công việc bị dừng bất thường: {e}"),
            )
        })?
}

/// A long operation on what was chosen in a dialog; `None`, and nothing run, when the dialog
/// was closed (`chosen` is `None`).
pub async fn long_on<A: Send + 'static, T: Send + 'static>(
    app: AppHandle,
    chosen: Option<A>,
    f: impl FnOnce(&Shared, &Work, A) -> Result<T, ApiError> + Send + 'static,
) -> Result<Option<T>, ApiError> {
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    long(app, move |s, w| f(s, w, chosen).map(Some)).await
}

/// `--db PATH` on the command line, as in the CLI; else `XETKHEN_DB`; else the platform default.
pub fn db_from_args() -> Option<PathBuf> {
    arg_value("--db").map(PathBuf::from)
}

/// The value after `name` on the command line.
pub fn arg_value(name: &str) -> Option<std::ffi::OsString> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == name {
            return args.next();
        }
    }
    None
}

fn open_session(path: Option<&Path>) -> Result<Mutex<Session>, ApiError> {
    let path = path.ok_or_else(|| {
        ApiError::new(
            ErrorCode::Io,
            "Không xác định được thư mục dữ liệu của người dùng; hãy đặt biến XETKHEN_DB.",
        )
    })?;
    let actor = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "người dùng".into());
    Ok(Mutex::new(
        Session::new(path, &actor).with_token_module(stand_in::token_module()),
    ))
}

/// Closes the store once the window has been idle for the time of the settings, even when the
/// window itself cannot (it locks first, on its own timer, as soon as it sees the idle time).
pub fn watch_idle(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(5));
        let locked = app
            .state::<Shared>()
            .session(|s| Ok(s.lock_if_idle(std::time::Instant::now())));
        if locked.unwrap_or(false) {
            if let Ok(mut arrivals) = app.state::<Work>().arrivals() {
                arrivals.forget_dropped();
            }
        }
    });
}
