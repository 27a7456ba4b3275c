//! What the window holds by token, one type per kind: a token of one kind cannot be given where
//! another is expected, in Rust and in TypeScript alike. On the wire each is the string it wraps
//! (`#[serde(transparent)]`); in `bindings.ts` each is a branded string
//! (`string & { readonly __brand: "DraftToken" }`), which the window can hold and send back but not
//! make from a string of its own or mistake for another kind.
//!
//! Tokens are handed out by what keeps the things they stand for: [`crate::Jobs`],
//! [`crate::PickedFiles`] and [`crate::Exports`].

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

macro_rules! token {
    ($(#[$doc:meta])* $name:ident, $ts:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        pub struct $name(#[ts(type = $ts)] String);

        impl $name {
            /// The token a string names: what the window sent, or a test's stale token.
            pub fn new(token: impl Into<String>) -> $name {
                $name(token.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

token!(
    /// A long operation the window follows and may cancel ([`crate::Jobs`]).
    JobToken,
    "string & { readonly __brand: \"JobToken\" }"
);

token!(
    /// A file picked in one of the shell's open dialogs, dropped on the window or opened with the
    /// app ([`crate::PickedFiles`]): a list to import, a packet, a round package, a PDF to verify,
    /// a trust anchor.
    FileToken,
    "string & { readonly __brand: \"FileToken\" }"
);

token!(
    /// A PDF drafted unsigned and waiting to be signed: a list, or minutes to sign or countersign
    /// ([`crate::Exports`]).
    DraftToken,
    "string & { readonly __brand: \"DraftToken\" }"
);

token!(
    /// A certificate file (PKCS#12) picked in the shell's dialog or written as a training
    /// certificate, to sign with ([`crate::Exports`]).
    CertificateToken,
    "string & { readonly __brand: \"CertificateToken\" }"
);

token!(
    /// A file an export wrote where the user chose, for opening it ([`crate::Exports`]).
    SavedFileToken,
    "string & { readonly __brand: \"SavedFileToken\" }"
);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_token_travels_as_its_plain_string() {
        let t = DraftToken::new("d3");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"d3\"");
        let back: DraftToken = serde_json::from_str("\"d3\"").unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn each_kind_is_a_distinct_branded_type_in_typescript() {
        let cfg = ts_rs::Config::new();
        assert_eq!(
            JobToken::decl(&cfg),
            "type JobToken = string & { readonly __brand: \"JobToken\" };"
        );
        assert_eq!(
            FileToken::decl(&cfg),
            "type FileToken = string & { readonly __brand: \"FileToken\" };"
        );
    }
}
