//! Where a signature's key comes from: a PKCS#12 file and its password, or a key on a PKCS#11
//! token and its PIN. Neither password nor PIN is stored, shown in a debug print or left in
//! memory: both are overwritten with zeros when dropped.

use crate::error::{pdf_error, ApiError};
use std::path::PathBuf;

/// The signing key: a PKCS#12 file and its password (never stored, overwritten with zeros when
/// dropped).
#[derive(Clone)]
pub struct P12Key {
    pub path: PathBuf,
    pub password: String,
}

impl Drop for P12Key {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.password);
    }
}

impl Drop for TokenKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.pin);
    }
}

impl std::fmt::Debug for P12Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("P12Key")
            .field("path", &self.path)
            .field("password", &"***")
            .finish()
    }
}

/// A key on a PKCS#11 token and the PIN that unlocks it (never stored, never logged, overwritten
/// with zeros when dropped).
#[derive(Clone)]
pub struct TokenKey {
    /// The module (`.so`/`.dll`) supplied with the token: a setting of the laptop.
    pub module: PathBuf,
    pub token_label: String,
    /// Needed only when the token holds several keys.
    pub key_label: Option<String>,
    pub pin: String,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKey")
            .field("module", &self.module)
            .field("token_label", &self.token_label)
            .field("key_label", &self.key_label)
            .field("pin", &"***")
            .finish()
    }
}

/// Where the signing key comes from.
#[derive(Debug, Clone)]
pub enum SigningKey {
    P12(P12Key),
    Token(TokenKey),
}

impl SigningKey {
    pub(crate) fn open(&self) -> Result<Box<dyn xetkhen_pdf::Signer>, ApiError> {
        Ok(match self {
            SigningKey::P12(key) => Box::new(
                xetkhen_pdf::P12Signer::open(&key.path, &key.password)
                    .map_err(|e| pdf_error(&e))?,
            ),
            SigningKey::Token(key) => {
                let location = xetkhen_pdf::TokenLocation {
                    module: key.module.clone(),
                    token_label: key.token_label.clone(),
                    key_label: key.key_label.clone(),
                };
                Box::new(
                    xetkhen_pdf::Pkcs11Signer::open(&location, &key.pin)
                        .map_err(|e| pdf_error(&e))?,
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neither_a_password_nor_a_pin_shows_in_a_debug_print() {
        let p12 = SigningKey::P12(P12Key {
            path: "ky.p12".into(),
            password: "mat-khau-bi-mat".into(),
        });
        let token = SigningKey::Token(TokenKey {
            module: "/usr/lib/softhsm/libsofthsm2.so".into(),
            token_label: "Thẻ Ban TĐKT".into(),
            key_label: None,
            pin: "738291".into(),
        });
        let shown = format!("{p12:?} {token:?}");
        assert!(!shown.contains("mat-khau-bi-mat"), "{shown}");
        assert!(!shown.contains("738291"), "{shown}");
        assert!(shown.contains("Thẻ Ban TĐKT"), "{shown}");
    }
}
