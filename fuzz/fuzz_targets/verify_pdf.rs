//! The PDF verifier (`xetkhen verify`) on any bytes: it parses the file, the signature dictionary,
//! the CMS and its certificates before any trust decision, so no anchor is needed to reach them.
//! It must answer with a report, never panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = xetkhen_pdf::verify_pdf(data, &[]);
});
