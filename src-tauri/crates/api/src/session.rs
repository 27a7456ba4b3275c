//! The app's hold on its store: locked (no connection, no key in memory) or open (a [`Desk`]).
//!
//! The window starts locked. At first run it sets a passphrase (the store is created encrypted);
//! at each start it gives the passphrase, which crosses the IPC once per unlock and is dropped as
//! soon as the store is open (the store keeps the key SQLCipher needs for its own copies, and that
//! goes with the store when it is locked). After the idle time of the settings the store is
//! closed: [`Session::lock`] drops the `Desk`, so its connection and key are gone, not just hidden.
//! Every operation on a locked session is refused with [`ErrorCode::Locked`], which the window
//! turns into its lock screen.
//!
//! The session also holds what the window knows by token besides the store: the export drafts
//! (whole rendered lists), the certificate files and written files of exports, the files picked
//! in dialogs, and the PKCS#11 module chosen for signing. They are reached only while the store is
//! open, and forgotten when it is locked; evidence opened in the system's viewer is deleted then
//! too ([`crate::opened`]). What the window does with picked files is [`crate::picked`]'s.
//! Passphrases in requests are overwritten with zeros when dropped.

use crate::arrivals::{Arrivals, ArrivedFile};
use crate::backup::PassphraseReport;
use crate::desk::Desk;
use crate::error::{ApiError, ErrorCode};
use crate::import::PickedFiles;
use crate::window_export::Exports;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ts_rs::TS;
use xetkhen_store::{is_plain_sqlite, Passphrase, Store, StoreError};
use zeroize::Zeroize;

/// Fewest characters a passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The idle times the settings offer, in minutes.
pub const LOCK_AFTER_CHOICES: [u32; 5] = [1, 5, 10, 15, 30];

/// The idle time of a new installation, in minutes.
pub const DEFAULT_LOCK_AFTER: u32 = 10;

/// What the window shows before anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LockState {
    /// No store yet: the user sets the passphrase it will be created with.
    New,
    /// A store kept in clear (made by an older version, or by the CLI without a passphrase): the
    /// user sets a passphrase and the store is encrypted under it before it is opened.
    Plain,
    /// An encrypted store, closed: the user gives its passphrase.
    Locked,
    /// The store is open.
    Open,
}

/// The lock state and the settings that go with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionView {
    pub state: LockState,
    /// Idle minutes after which the store is closed and the passphrase asked again.
    pub lock_after_minutes: u32,
    /// The choices the settings offer.
    pub lock_after_choices: Vec<u32>,
    pub min_passphrase_chars: u32,
    /// The store's file, shown on the lock screen so the user knows which store it is.
    pub db_path: String,
}

/// A passphrase set for the first time (or for a store kept in clear), typed twice. Its `Debug`
/// never shows them; they are overwritten with zeros when it is dropped.
#[derive(Clone, Deserialize, TS)]
pub struct SetPassphrase {
    pub passphrase: String,
    pub confirm: String,
}

/// A change of passphrase from the app: the current one, and the new one typed twice. Its
/// `Debug` never shows them; they are overwritten with zeros when it is dropped.
#[derive(Clone, Deserialize, TS)]
pub struct ChangePassphrase {
    pub current: String,
    pub passphrase: String,
    pub confirm: String,
}

impl std::fmt::Debug for SetPassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetPassphrase { passphrase: ***, confirm: *** }")
    }
}

impl std::fmt::Debug for ChangePassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChangePassphrase { current: ***, passphrase: ***, confirm: *** }")
    }
}

impl Drop for SetPassphrase {
    fn drop(&mut self) {
        self.passphrase.zeroize();
        self.confirm.zeroize();
    }
}

impl Drop for ChangePassphrase {
    fn drop(&mut self) {
        self.current.zeroize();
        self.passphrase.zeroize();
        self.confirm.zeroize();
    }
}

/// The settings kept beside the store (`<store>.settings.json`): preferences of this laptop, not
/// data of the committee, and needed before the store can be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Settings {
    lock_after_minutes: u32,
    /// The PKCS#11 module of this laptop's token, as last chosen: remembered across starts, and
    /// checked again ([`xetkhen_pdf::token_module::check_module`]) before it is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    token_module: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lock_after_minutes: DEFAULT_LOCK_AFTER,
            token_module: None,
        }
    }
}

/// The token modules of this laptop: the one chosen, and those found where the CAs' software
/// installs them, to be offered by the CA's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TokenModules {
    pub chosen: Option<String>,
    pub found: Vec<FoundTokenModule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FoundTokenModule {
    /// The CA or maker whose software installed it ("Viettel-CA", "VNPT-CA", …).
    pub provider: String,
    pub path: String,
    /// Why it cannot be used (a 32-bit module, say); `None` when it can.
    pub unusable: Option<String>,
}

/// The store of the window, locked or open. See the module's documentation.
#[derive(Debug)]
pub struct Session {
    path: PathBuf,
    actor: String,
    desk: Option<Desk>,
    settings: Settings,
    last_activity: Instant,
    /// Drafts, certificate and written files of exports, the token module: forgotten on lock.
    exports: Exports,
    /// Files picked in the shell's dialogs: forgotten on lock.
    picked: PickedFiles,
    /// The token module a setting of the laptop names, given again after each lock (the shell
    /// passes one only in its end-to-end build; a person picks the module in a dialog).
    token_module: Option<PathBuf>,
}

impl Session {
    /// A locked session on the store at `path` (which may not exist yet); nothing is opened.
    /// Evidence left opened by a run that did not end cleanly is deleted.
    pub fn new(path: &Path, actor: &str) -> Session {
        let settings = std::fs::read(settings_path(path))
            .ok()
            .and_then(|b| serde_json::from_slice::<Settings>(&b).ok())
            .filter(|s| LOCK_AFTER_CHOICES.contains(&s.lock_after_minutes))
            .unwrap_or_default();
        let token_module = settings.token_module.clone();
        let mut session = Session {
            path: path.to_path_buf(),
            actor: actor.to_string(),
            desk: None,
            settings,
            last_activity: Instant::now(),
            exports: Exports::default(),
            picked: PickedFiles::default(),
            token_module: None,
        };
        session.exports.token_module.clone_from(&token_module);
        session.token_module = token_module;
        session.clear_opened();
        session
    }

    /// The session with a token module given by the shell (its end-to-end build's stand-in) in
    /// place of the one remembered; `None` keeps the remembered one.
    pub fn with_token_module(mut self, module: Option<PathBuf>) -> Session {
        if module.is_some() {
            self.exports.token_module.clone_from(&module);
            self.token_module = module;
        }
        self
    }

    /// The token module chosen and those found on this laptop. Refused while locked.
    pub fn token_modules(&mut self) -> Result<TokenModules, ApiError> {
        self.desk()?;
        Ok(TokenModules {
            chosen: self
                .exports
                .token_module
                .as_ref()
                .map(|p| p.display().to_string()),
            found: xetkhen_pdf::token_module::find_modules()
                .into_iter()
                .map(|m| FoundTokenModule {
                    provider: m.provider.to_string(),
                    path: m.path.display().to_string(),
                    unusable: m.unusable,
                })
                .collect(),
        })
    }

    /// Makes `module` this laptop's token module: checked first (a 32-bit module or a file that
    /// is no library is refused with its reason), then remembered in the settings file.
    pub fn choose_token_module(&mut self, module: PathBuf) -> Result<String, ApiError> {
        self.desk()?;
        xetkhen_pdf::token_module::check_module(&module)
            .map_err(|e| ApiError::invalid("module", e.to_string()))?;
        let settings = Settings {
            token_module: Some(module.clone()),
            ..self.settings.clone()
        };
        self.save_settings(settings)?;
        let shown = module.display().to_string();
        self.exports.token_module = Some(module.clone());
        self.token_module = Some(module);
        Ok(shown)
    }

    /// Makes one of the modules [`Session::token_modules`] found this laptop's token module, named
    /// by its place in that list: the window never names a file.
    pub fn choose_found_token_module(&mut self, index: u32) -> Result<String, ApiError> {
        self.desk()?;
        let found = xetkhen_pdf::token_module::find_modules()
            .into_iter()
            .nth(index as usize)
            .ok_or_else(|| {
                ApiError::invalid(
                    "module",
                    "Mô-đun đã chọn không còn trong danh sách tìm thấy trên máy; hãy mở lại trang.",
                )
            })?;
        self.choose_token_module(found.path)
    }

    pub fn view(&self) -> SessionView {
        SessionView {
            state: self.state(),
            lock_after_minutes: self.settings.lock_after_minutes,
            lock_after_choices: LOCK_AFTER_CHOICES.to_vec(),
            min_passphrase_chars: MIN_PASSPHRASE_CHARS as u32,
            db_path: self.path.display().to_string(),
        }
    }

    fn state(&self) -> LockState {
        if self.desk.is_some() {
            LockState::Open
        } else if !self.path.exists() {
            LockState::New
        } else if is_plain_sqlite(&self.path) {
            LockState::Plain
        } else {
            LockState::Locked
        }
    }

    /// Opens the encrypted store with `passphrase`. A wrong one is refused with a message and the
    /// file is not touched; the user may try again.
    pub fn unlock(&mut self, passphrase: &str) -> Result<SessionView, ApiError> {
        match self.state() {
            LockState::Open => return Ok(self.view()),
            LockState::New | LockState::Plain => {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    "Kho dữ liệu chưa có cụm mật khẩu; hãy đặt cụm mật khẩu trước.",
                ))
            }
            LockState::Locked => {}
        }
        let key = Passphrase::new(passphrase).ok_or_else(|| {
            ApiError::invalid("passphrase", "Hãy nhập cụm mật khẩu của kho dữ liệu.")
        })?;
        let store = Store::open_encrypted(&self.path, Some(&key)).map_err(|e| match e {
            StoreError::WrongPassphrase => ApiError::invalid(
                "passphrase",
                "Cụm mật khẩu không đúng. Kho dữ liệu không bị thay đổi; hãy thử lại.",
            ),
            e => e.into(),
        })?;
        self.desk = Some(Desk::from_store(store, &self.path, &self.actor));
        self.touch();
        Ok(self.view())
    }

    /// Sets the first passphrase: creates the store encrypted (first run), or encrypts a store
    /// kept in clear (after a copy of it to `backups/`), then opens it.
    pub fn set_passphrase(&mut self, req: &SetPassphrase) -> Result<SessionView, ApiError> {
        let state = self.state();
        if !matches!(state, LockState::New | LockState::Plain) {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "Kho dữ liệu đã có cụm mật khẩu; hãy mở khoá bằng cụm mật khẩu đó.",
            ));
        }
        let key = checked_new(&req.passphrase, &req.confirm)?;
        let desk = if state == LockState::New {
            Desk::open_encrypted(&self.path, &self.actor, Some(&key))?
        } else {
            let mut desk = Desk::open(&self.path, &self.actor)?;
            desk.change_passphrase(None, Some(&key))?;
            desk
        };
        self.desk = Some(desk);
        self.touch();
        Ok(self.view())
    }

    /// Re-encrypts the open store under a new passphrase, once the current one is confirmed.
    pub fn change_passphrase(
        &mut self,
        req: &ChangePassphrase,
    ) -> Result<PassphraseReport, ApiError> {
        let current = Passphrase::new(&req.current);
        let desk = self.desk()?;
        if !current
            .as_ref()
            .is_some_and(|c| desk.store().opened_with(c))
        {
            return Err(ApiError::invalid(
                "current",
                "Cụm mật khẩu hiện tại không đúng; cụm mật khẩu chưa được đổi.",
            ));
        }
        let key = checked_new(&req.passphrase, &req.confirm)?;
        desk.change_passphrase(current.as_ref(), Some(&key))
    }

    /// Closes the store: its connection and its key are dropped, what the window held by token
    /// is forgotten, and opened evidence is deleted.
    pub fn lock(&mut self) -> SessionView {
        self.forget();
        self.view()
    }

    fn forget(&mut self) {
        self.desk = None;
        self.exports.forget_all();
        self.exports.token_module.clone_from(&self.token_module);
        self.picked.forget_all();
        self.clear_opened();
    }

    /// The folder the store is in, where opened evidence goes ([`crate::opened`]).
    fn data_dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    fn clear_opened(&self) {
        // Nothing to tell the user: a file the viewer still holds is gone at the next lock.
        let _ = crate::opened::clear_opened(self.data_dir());
    }

    /// Whether the store is open; refused with [`ErrorCode::Locked`] when it is not. Does not
    /// count as activity.
    pub fn check_open(&self) -> Result<(), ApiError> {
        self.desk.as_ref().map(|_| ()).ok_or_else(locked)
    }

    /// Export drafts, certificate and written files, the token module; refused while locked.
    pub fn exports(&mut self) -> Result<&mut Exports, ApiError> {
        self.desk()?;
        Ok(&mut self.exports)
    }

    /// Files picked in dialogs; refused while locked.
    pub fn picked(&mut self) -> Result<&mut PickedFiles, ApiError> {
        self.desk()?;
        Ok(&mut self.picked)
    }

    /// The files that arrived since the last call (the shell keeps `arrivals` outside the
    /// session, so that recording a drop never waits for an operation), handed out by tokens of
    /// the picked files; refused while locked. The window asks on a timer, so this is not
    /// activity that keeps the store open.
    pub fn take_arrivals(&mut self, arrivals: &mut Arrivals) -> Result<Vec<ArrivedFile>, ApiError> {
        self.check_open()?;
        Ok(arrivals.take(&mut self.picked))
    }

    /// The open store and the exports together, for an export; refused while locked.
    pub fn desk_and_exports(&mut self) -> Result<(&mut Desk, &mut Exports), ApiError> {
        self.last_activity = Instant::now();
        let desk = self.desk.as_mut().ok_or_else(locked)?;
        Ok((desk, &mut self.exports))
    }

    /// Writes the evidence `sha256` of `nomination` into the folder of opened files, for the
    /// system's viewer; refused while locked. The file is deleted at the next lock.
    pub fn open_evidence(&mut self, nomination: &str, sha256: &str) -> Result<PathBuf, ApiError> {
        let (attachment, data) = self.desk()?.evidence(nomination, sha256)?;
        crate::opened::write_opened(
            self.data_dir(),
            &attachment.sha256,
            &attachment.file_name,
            Some(attachment.media_type.as_str()),
            &data,
        )
    }

    /// Sets the idle time after which the store is locked, one of [`LOCK_AFTER_CHOICES`]. Kept in
    /// the settings file beside the store.
    pub fn set_lock_after(&mut self, minutes: u32) -> Result<SessionView, ApiError> {
        self.desk()?;
        if !LOCK_AFTER_CHOICES.contains(&minutes) {
            return Err(ApiError::invalid(
                "minutes",
                format!(
                    "Thời gian tự khoá phải là một trong {} phút.",
                    LOCK_AFTER_CHOICES.map(|m| m.to_string()).join(", ")
                ),
            ));
        }
        let settings = Settings {
            lock_after_minutes: minutes,
            ..self.settings.clone()
        };
        self.save_settings(settings)?;
        Ok(self.view())
    }

    /// Writes the settings file beside the store, then keeps `settings` as this session's.
    fn save_settings(&mut self, settings: Settings) -> Result<(), ApiError> {
        let file = settings_path(&self.path);
        let text = serde_json::to_vec_pretty(&settings)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        std::fs::write(&file, text).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("Không ghi được tệp cài đặt {}: {e}", file.display()),
            )
        })?;
        self.settings = settings;
        Ok(())
    }

    /// The open store, for an operation; refused with [`ErrorCode::Locked`] when locked. Counts as
    /// activity for the idle lock.
    pub fn desk(&mut self) -> Result<&mut Desk, ApiError> {
        self.last_activity = Instant::now();
        self.desk.as_mut().ok_or_else(locked)
    }

    /// Notes that the user did something in the window, for the idle lock.
    pub fn touch(&mut self) {
        self.last_activity = Instant::now();
    }

    /// Locks the store when nothing happened for the idle time of the settings; true when it did.
    pub fn lock_if_idle(&mut self, now: Instant) -> bool {
        let idle = Duration::from_secs(u64::from(self.settings.lock_after_minutes) * 60);
        if self.desk.is_some() && now.saturating_duration_since(self.last_activity) >= idle {
            self.forget();
            return true;
        }
        false
    }
}

/// The error of any operation on a locked store.
pub fn locked() -> ApiError {
    ApiError::new(
        ErrorCode::Locked,
        "Kho dữ liệu đang khoá; hãy nhập cụm mật khẩu để mở.",
    )
}

fn settings_path(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push(".settings.json");
    PathBuf::from(name)
}

/// A new passphrase, typed twice the same, long enough.
fn checked_new(passphrase: &str, confirm: &str) -> Result<Passphrase, ApiError> {
    let key = Passphrase::new(passphrase)
        .filter(|k| k.chars() >= MIN_PASSPHRASE_CHARS)
        .ok_or_else(|| {
            ApiError::invalid(
                "passphrase",
                format!("Cụm mật khẩu phải có ít nhất {MIN_PASSPHRASE_CHARS} ký tự."),
            )
        })?;
    if Passphrase::new(confirm).as_ref() != Some(&key) {
        return Err(ApiError::invalid(
            "confirm",
            "Hai lần nhập cụm mật khẩu không giống nhau; hãy nhập lại.",
        ));
    }
    Ok(key)
}
