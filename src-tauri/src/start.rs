//! How the app says that it cannot start. A release build on Windows has no console, so what
//! would go to standard error goes to a native message box there as well; elsewhere, to standard
//! error only.

/// The title of every start-up message.
const TITLE: &str = "Xét Khen không khởi động được";

/// What a Windows laptop without the WebView2 runtime is told: the window is drawn by it.
#[cfg(windows)]
const NO_WEBVIEW2: &str = "Máy này chưa có Microsoft Edge WebView2 Runtime, thành phần của \
Windows mà Xét Khen dùng để vẽ cửa sổ.\n\n\
Hãy cài «Microsoft Edge WebView2 Runtime» (bản Evergreen) từ trang của Microsoft \
(https://developer.microsoft.com/microsoft-edge/webview2/) hoặc nhờ bộ phận công nghệ thông tin \
cài, rồi mở lại Xét Khen. Lệnh xetkhen.exe, cài cùng thư mục, vẫn dùng được khi chưa có nó.\n\n\
This computer lacks the Microsoft Edge WebView2 Runtime, which Windows uses to draw Xét Khen's \
window. Install the Evergreen WebView2 Runtime from Microsoft's site (the address above), or ask \
your IT staff to, then start Xét Khen again. The xetkhen.exe command line works without it.";

/// Says `message` where the user will see it.
pub fn fail(message: &str) {
    eprintln!("{TITLE}: {message}");
    #[cfg(windows)]
    message_box(TITLE, message);
}

/// Whether the window can be drawn on this machine: on Windows, whether the WebView2 runtime is
/// installed (the loader DLL ships beside the app; the runtime is Windows'). Elsewhere the
/// webview is a dependency of the package, so there is nothing to ask.
pub fn webview_missing() -> Option<String> {
    #[cfg(windows)]
    if let Err(e) = tauri::webview_version() {
        return Some(format!("{NO_WEBVIEW2}\n\n({e})"));
    }
    None
}

/// A native message box (rfd's, the dialog crate the dialog plugin uses too), shown before any
/// window exists: no event loop is needed for it.
#[cfg(windows)]
fn message_box(title: &str, text: &str) {
    let _ = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(title)
        .set_description(text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}
