//! The window built with the `e2e` feature: its dialogs stood in for by the end-to-end tests.

fn main() -> std::process::ExitCode {
    xetkhen_app::run()
}
