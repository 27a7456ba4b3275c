//! Files that reach the window from outside its dialogs ([`xetkhen_api::arrivals`]): dropped on
//! it, or opened with the app. The installer associates `.xkgp` and `.xkdx` with the app, so a
//! double click starts it with the file on its command line; when a window is already open on the
//! same store, the new process hands its command line to that window and exits
//! (`tauri-plugin-single-instance`: a named mutex and a window message on Windows, a D-Bus name on
//! Linux). Either way the paths only wait in the session; the window takes them by token and asks
//! the person before anything is imported.

use crate::state::{Shared, Work};
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Wry};

/// One window per store. On Linux the D-Bus name carries a digest of the store's path, so that a
/// window on another store (`--db`) is another instance; Windows and macOS have one per user.
pub fn single_instance(store: Option<&Path>, identifier: &str) -> tauri::plugin::TauriPlugin<Wry> {
    let mut builder = tauri_plugin_single_instance::Builder::new().callback(|app, args, cwd| {
        let args: Vec<OsString> = args.into_iter().map(OsString::from).collect();
        opened(app, &args, Path::new(&cwd));
        bring_to_front(app);
    });
    if let Some(store) = store {
        builder = builder.dbus_id(instance_id(identifier, store));
    }
    builder.build()
}

/// Gives up being the store's window (the D-Bus name, the Windows mutex) as the app closes.
pub fn release(app: &AppHandle) {
    tauri_plugin_single_instance::destroy(app);
}

/// `identifier.s<16 hex digits>`: a D-Bus name element may not begin with a digit.
fn instance_id(identifier: &str, store: &Path) -> String {
    let absolute = std::path::absolute(store).unwrap_or_else(|_| store.to_path_buf());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    absolute.hash(&mut hasher);
    format!("{identifier}.s{:016x}", hasher.finish())
}

/// The files a launch names on its command line wait for the window, through its lock screen.
pub fn opened(app: &AppHandle, args: &[OsString], cwd: &Path) {
    if let Ok(mut arrivals) = app.state::<Work>().arrivals() {
        arrivals.opened(args, cwd);
    }
}

/// Files dropped on the window wait for it; a drop on the lock screen was meant for no screen
/// and is ignored. Runs on the window's thread, so it never waits for the session.
pub fn dropped(app: &AppHandle, paths: &[PathBuf]) {
    if !app.state::<Shared>().open_now() {
        return;
    }
    if let Ok(mut arrivals) = app.state::<Work>().arrivals() {
        arrivals.dropped(paths);
    }
}

/// The window a second launch handed its files to comes to the front, restored if minimised.
fn bring_to_front(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_instance_is_the_store_and_its_name_is_a_valid_dbus_name() {
        let a = instance_id("vn.hochiminhcity.xetkhen", Path::new("/data/a/xetkhen.db"));
        let b = instance_id("vn.hochiminhcity.xetkhen", Path::new("/data/b/xetkhen.db"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            instance_id("vn.hochiminhcity.xetkhen", Path::new("/data/a/xetkhen.db"))
        );
        let last = a.rsplit('.').next().unwrap();
        assert!(last.starts_with('s') && last.len() == 17, "{a}");
        assert!(a.len() < 255);
    }
}
