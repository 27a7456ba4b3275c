//! Fuzzes the xlsx reader through the public API: any input must end in Ok or Err, never a panic
//! or an abort.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xetkhen_core::{RoundKind, Rubric};
use xetkhen_import::{parse_file, sheets, ImportOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("input.xlsx");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let _ = sheets(&path);
    let _ = parse_file(&path, &Rubric::plan_2242(), RoundKind::TongKet, &ImportOptions::default());
});
