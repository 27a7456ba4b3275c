//! The PDF side of Xét Khen: the nomination list rendered after Nghị định 30/2020 ([`list`]),
//! the vote minutes of a round ([`minutes`]) and a member's vote summary ([`vote_summary`]),
//! all sharing one page machinery ([`canvas`], the table in `table.rs`), signed as PAdES B-B
//! ([`sign`]) with a PKCS#12 certificate ([`cert`]) or a PKCS#11 token ([`pkcs11`]), and checked
//! ([`verify`]).
//!
//! This crate does no UI and knows no database: it takes a [`ListDocument`], [`Minutes`] or
//! [`VoteSummary`] and bytes, and gives bytes and reports back. The minutes and the summary take
//! plain structs of their own, filled by the caller from the tally and the member's reviews.

pub mod canvas;
pub mod cover;
pub mod error;
pub mod layout;
pub mod list;
pub mod minutes;
pub mod sample;
mod table;

pub use cover::Cover;
pub use error::PdfError;
pub use list::{
    render_list, render_list_with_layout, Column, ColumnKind, Group, ListDocument, Meta,
    Orientation, RenderedList, Row, SignatureArea, SignatureBlock,
};
pub mod cert;
pub use cert::{
    CertificateDer, KeyKind, P12Signer, SignatureAlgorithm, Signer, TrainingCredential,
};
mod pdfobj;
pub mod pkcs11;
pub mod token_module;
pub use pkcs11::{Pkcs11Signer, TokenLocation};
mod chain;
mod revisions;
pub mod sign;
pub mod timestamp;
pub mod training_token;
pub mod trust;
pub mod verify;
pub mod vote_summary;
pub use minutes::{
    chair_area_after_secretary, render_minutes, MergedPacket, Minutes, MinutesGroup, MinutesRow,
    Outcome, RenderedMinutes, MINUTES_TITLE,
};
pub use sign::{detached_cms, sign_pdf, SignOptions};
pub use timestamp::TimestampReport;
pub use trust::Trust;
pub use verify::{verify_pdf, verify_with, SignatureReport, VerifyReport};
pub use vote_summary::{
    render_vote_summary, Ballot, ItemNote, ItemVerdict, VoteSummary, VoteSummaryRow,
};
