//! Declares the shell's commands to Tauri, read from their signatures in `src/lib.rs` (crate
//! xetkhen-contract), so that Tauri writes an `allow-…` permission for each and nothing else.
//!
//! The build stops when `tauri::generate_handler!` does not register exactly the
//! `#[tauri::command]` functions, or when `capabilities/main.json` is not the capability generated
//! from them (`make bindings` rewrites it), so that neither can drift from the commands.

use std::error::Error;
use std::path::Path;

fn main() {
    if let Err(e) = build() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}

fn read(path: &Path) -> Result<String, Box<dyn Error>> {
    println!("cargo:rerun-if-changed={}", path.display());
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn build() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = read(&dir.join("src/lib.rs"))?;
    let commands = xetkhen_contract::commands(&source).map_err(|e| format!("src/lib.rs: {e}"))?;
    xetkhen_contract::check_handlers(&source).map_err(|e| e.to_string())?;
    xetkhen_contract::check_thin(&source).map_err(|e| e.to_string())?;
    let granted = read(&dir.join("capabilities/main.json"))?.replace("\r\n", "\n");
    if granted != xetkhen_contract::capability_json(&commands) {
        return Err(
            "capabilities/main.json does not grant exactly the commands of src/lib.rs: \
                    run `make bindings` and commit the result"
                .into(),
        );
    }
    // tauri-build keeps the list for the life of the build script.
    let names: Vec<&'static str> = xetkhen_contract::command_names(&commands)
        .into_iter()
        .map(|n| &*String::leak(n))
        .collect();
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(Vec::leak(names)));
    tauri_build::try_build(attributes).map_err(|e| format!("tauri-build failed: {e:#}").into())
}
