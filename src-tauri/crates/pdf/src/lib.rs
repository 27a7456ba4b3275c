//! The PDF side of Xét Khen: the nomination list rendered after Nghị định 30/2020 ([`list`]),
//! signed as PAdES B-B ([`sign`]) with a PKCS#12 certificate ([`cert`]) or a PKCS#11 token ([`pkcs11`]), and checked ([`verify`]).
//!
//! This crate does no UI and knows no database: it takes a [`ListDocument`] and bytes, and gives
//! bytes and reports back.

pub mod cover;
pub mod error;
pub mod layout;
pub mod list;
pub mod sample;

pub use cover::Cover;
pub use error::PdfError;
pub use list::{
    render_list, render_list_with_layout, Column, ColumnKind, Group, ListDocument, Meta,
    RenderedList, Row, SignatureArea, SignatureBlock,
};
pub mod cert;
pub use cert::{
    CertificateDer, KeyKind, P12Signer, SignatureAlgorithm, Signer, TrainingCredential,
};
mod pdfobj;
pub mod pkcs11;
pub use pkcs11::{Pkcs11Signer, TokenLocation};
pub mod sign;
pub mod training_token;
pub mod verify;
pub use sign::{detached_cms, sign_pdf, SignOptions};
pub use verify::{verify_pdf, SignatureReport, VerifyReport};
