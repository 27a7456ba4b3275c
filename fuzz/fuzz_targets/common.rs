//! What every import target shares: the bytes go through `xetkhen_import::parse_bytes`, the entry
//! point `parse_file` (and so the app and the CLI) uses after reading a file, with the file name's
//! extension as the hint. Any panic, abort, leak or timeout is a finding; an `Err` is the reader
//! refusing a bad file, as it should.

use xetkhen_core::{RoundKind, Rubric};
use xetkhen_import::{parse_bytes, ImportOptions};

pub fn import(bytes: &[u8], ext: &str) {
    thread_local! {
        static RUBRIC: Rubric = Rubric::plan_2242();
    }
    let file = format!("fuzz.{ext}");
    RUBRIC.with(|rubric| {
        for convert_legacy in [false, true] {
            let opts = ImportOptions {
                convert_legacy,
                ..ImportOptions::default()
            };
            let _ = parse_bytes(&file, bytes, Some(ext), rubric, RoundKind::TongKet, &opts);
        }
    });
}
