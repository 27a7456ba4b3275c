// On Windows, a release build is a GUI program with no console window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    xetkhen_app::run()
}
