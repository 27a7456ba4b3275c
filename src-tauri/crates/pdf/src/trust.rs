//! The trust anchors a verification starts from: the national roots that ship with the product
//! (data in `assets/trust/`, see its README for their source and fingerprints) and the anchors the
//! user gives (`--trust`). A training CA is never built in: it is trusted only when given.

use der::Decode;
use x509_cert::Certificate;

use crate::cert::CertificateDer;

/// A built-in certificate file: its name in `assets/trust/` and its PEM text.
#[derive(Debug)]
pub struct BuiltinCertificate {
    pub file: &'static str,
    pub pem: &'static [u8],
}

/// The roots trusted by default.
pub const BUILTIN_ROOTS: &[BuiltinCertificate] = &[
    BuiltinCertificate {
        file: "rootcag2.pem",
        pem: include_bytes!("../../../../assets/trust/rootcag2.pem"),
    },
    BuiltinCertificate {
        file: "vnrca256.pem",
        pem: include_bytes!("../../../../assets/trust/vnrca256.pem"),
    },
];

/// Intermediates offered to the path builder (never anchors): signatures whose CMS leaves out the
/// issuing CA still find their way to the root.
pub const BUILTIN_INTERMEDIATES: &[BuiltinCertificate] = &[BuiltinCertificate {
    file: "cpcag2.pem",
    pem: include_bytes!("../../../../assets/trust/cpcag2.pem"),
}];

fn decode(list: &[BuiltinCertificate]) -> Vec<Certificate> {
    list.iter()
        .filter_map(|c| der::pem::decode_vec(c.pem).ok())
        .filter_map(|(_, der)| Certificate::from_der(&der).ok())
        .collect()
}

/// The anchors of one verification.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// Anchors the user gave.
    pub(crate) given: Vec<Certificate>,
    /// The built-in national roots (empty when only the given anchors count).
    pub(crate) builtin: Vec<Certificate>,
    /// Intermediates that may complete a path, trusted for nothing by themselves.
    pub(crate) intermediates: Vec<Certificate>,
    /// Signing certificates trusted as themselves (the secretary's, registered on the chair's
    /// laptop): a signature made with exactly one of them is anchored, still judged for validity
    /// and key usage, but they never issue: nothing chains through them.
    pub(crate) pinned: Vec<Certificate>,
}

impl Trust {
    /// Only the anchors given (DER certificates that do not decode are left out).
    pub fn only(given: &[CertificateDer]) -> Self {
        Self {
            given: given
                .iter()
                .filter_map(|d| Certificate::from_der(d).ok())
                .collect(),
            ..Self::default()
        }
    }

    /// The built-in national roots and the anchors given.
    pub fn with_builtin(given: &[CertificateDer]) -> Self {
        Self {
            builtin: decode(BUILTIN_ROOTS),
            intermediates: decode(BUILTIN_INTERMEDIATES),
            ..Self::only(given)
        }
    }

    /// The same anchors, and `certs` (DER) trusted as signers in their own right only.
    pub fn with_pinned(mut self, certs: &[CertificateDer]) -> Self {
        self.pinned
            .extend(certs.iter().filter_map(|d| Certificate::from_der(d).ok()));
        self
    }

    /// Every anchor, each with whether it is built in.
    pub(crate) fn anchors(&self) -> impl Iterator<Item = (&Certificate, bool)> {
        self.given
            .iter()
            .map(|c| (c, false))
            .chain(self.builtin.iter().map(|c| (c, true)))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.given.is_empty() && self.builtin.is_empty() && self.pinned.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn every_builtin_certificate_decodes() {
        assert_eq!(decode(BUILTIN_ROOTS).len(), BUILTIN_ROOTS.len());
        assert_eq!(
            decode(BUILTIN_INTERMEDIATES).len(),
            BUILTIN_INTERMEDIATES.len()
        );
    }

    #[test]
    fn a_training_ca_is_not_among_the_builtin_anchors() {
        let t = Trust::with_builtin(&[]);
        for (c, builtin) in t.anchors() {
            assert!(builtin);
            let cn = crate::cert::common_name(c).unwrap();
            assert!(!cn.contains(crate::cert::TRAINING_MARK), "{cn}");
        }
    }
}
