//! The csv/tsv/txt reader: encoding detection (UTF-8 with or without BOM, UTF-16 with BOM,
//! Windows-1258, and refusing to guess), delimiter detection, legacy-text detection. The first byte
//! chooses the extension hint, so that each of the three is exercised.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let ext = ["csv", "tsv", "txt"][usize::from(choice % 3)];
    common::import(rest, ext);
});
