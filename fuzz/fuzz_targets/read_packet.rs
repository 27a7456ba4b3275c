//! The readers of the files committee members send: a decision packet (`xetkhen packet import`,
//! `Packet::open`, which the store's merge also goes through) and a member card
//! (`xetkhen reviewer register`). Any bytes must get an answer, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = xetkhen_core::Packet::open(data);
    let _ = xetkhen_core::MemberCard::read(data);
});
