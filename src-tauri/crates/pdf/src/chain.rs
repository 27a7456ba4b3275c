//! Certification paths (RFC 5280 §6.1, the parts a PDF verifier relies on): from the signer to a
//! trust anchor only through certification authorities. An issuer on the path must say
//! basicConstraints CA:TRUE, allow keyCertSign when it has a keyUsage, have no more authorities
//! below it than its pathLen allows, and be valid at the verification time. The signer's own key
//! must be allowed to sign documents. These are the checks pyHanko makes; a chain through an
//! ordinary end-entity certificate, or an expired certificate, is not trusted.

use std::time::SystemTime;

use const_oid::ObjectIdentifier;
use der::Encode;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages};
use x509_cert::Certificate;

use crate::cert::common_name;
use crate::trust::Trust;
use crate::verify::verify_raw;
use xetkhen_core::{Message, MessageCode};

/// The longest path tried, in certificates below the anchor.
const MAX_DEPTH: usize = 8;

/// Extended key usages that allow signing a document: id-kp-documentSigning (RFC 9336), Adobe's
/// authentic documents trust, Microsoft's document signing, e-mail protection (what many CAs put
/// in signing certificates) and anyExtendedKeyUsage.
const DOCUMENT_SIGNING_EKUS: [ObjectIdentifier; 5] = [
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.36"),
    ObjectIdentifier::new_unwrap("1.2.840.113583.1.1.5"),
    ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.10.3.12"),
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.4"),
    ObjectIdentifier::new_unwrap("2.5.29.37.0"),
];

pub(crate) fn cn_or_subject(c: &Certificate) -> String {
    common_name(c).unwrap_or_else(|| c.tbs_certificate().subject().to_string())
}

/// The outcome of building a path.
pub(crate) struct Path {
    /// Common names from the signer up to the anchor (or as far as issuers were found).
    pub names: Vec<String>,
    /// The anchor reached and whether it is built in.
    pub anchor: Option<(String, bool)>,
    /// Why the path is not trusted; empty when it is.
    pub problems: Vec<Message>,
}

/// What is wrong with the signer's key usages for signing a document.
pub(crate) fn signer_usage_problems(signer: &Certificate) -> Vec<Message> {
    let mut out = Vec::new();
    let tbs = signer.tbs_certificate();
    let name = cn_or_subject(signer);
    match tbs.get_extension::<KeyUsage>() {
        Ok(Some((_, ku))) => {
            if !(ku.0.contains(KeyUsages::DigitalSignature)
                || ku.0.contains(KeyUsages::NonRepudiation))
            {
                out.push(Message::new(
                    MessageCode::CertificateNotForSigning,
                    [("name", name.clone())],
                ));
            }
        }
        Ok(None) => {}
        Err(_) => out.push(Message::new(
            MessageCode::CertificateKeyUsageUnreadable,
            [("name", name.clone())],
        )),
    }
    match tbs.get_extension::<ExtendedKeyUsage>() {
        Ok(Some((_, eku))) => {
            if !eku.0.iter().any(|o| DOCUMENT_SIGNING_EKUS.contains(o)) {
                out.push(Message::new(
                    MessageCode::CertificateNotForDocuments,
                    [("name", name)],
                ));
            }
        }
        Ok(None) => {}
        Err(_) => out.push(Message::new(
            MessageCode::CertificateExtendedKeyUsageUnreadable,
            [("name", name)],
        )),
    }
    out
}

fn valid_at(c: &Certificate, at: SystemTime) -> bool {
    let v = c.tbs_certificate().validity();
    v.not_before.to_system_time() <= at && at <= v.not_after.to_system_time()
}

/// The moment a certificate's validity is judged at, for the wording of the problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Moment {
    /// The verification time: the signature carries no trusted timestamp.
    Verification,
    /// The genTime of the signature's trusted RFC 3161 timestamp.
    Timestamp,
    /// The verification time, for the timestamp authority's own certificate.
    TimestampAuthority,
}

fn expired(c: &Certificate, moment: Moment) -> Message {
    let v = c.tbs_certificate().validity();
    let day = |t: SystemTime| {
        chrono::DateTime::<chrono::Utc>::from(t)
            .format("%d/%m/%Y")
            .to_string()
    };
    let code = match moment {
        Moment::Verification => MessageCode::CertificateExpiredNow,
        Moment::Timestamp => MessageCode::CertificateExpiredAtTimestamp,
        Moment::TimestampAuthority => MessageCode::CertificateExpired,
    };
    Message::new(
        code,
        [
            ("name", cn_or_subject(c)),
            ("from", day(v.not_before.to_system_time())),
            ("to", day(v.not_after.to_system_time())),
        ],
    )
}

/// Why `issuer` may not issue a certificate with `below` authorities under it on this path.
fn issuer_problem(
    issuer: &Certificate,
    below: usize,
    at: SystemTime,
    moment: Moment,
) -> Option<Message> {
    let name = cn_or_subject(issuer);
    let tbs = issuer.tbs_certificate();
    match tbs.get_extension::<BasicConstraints>() {
        Ok(Some((_, bc))) if bc.ca => {
            if let Some(n) = bc.path_len_constraint {
                if below > usize::from(n) {
                    return Some(Message::new(
                        MessageCode::CertificatePathLen,
                        [
                            ("name", name),
                            ("allowed", n.to_string()),
                            ("below", below.to_string()),
                        ],
                    ));
                }
            }
        }
        _ => {
            return Some(Message::new(
                MessageCode::CertificateNotCa,
                [("name", name)],
            ))
        }
    }
    match tbs.get_extension::<KeyUsage>() {
        Ok(Some((_, ku))) if !ku.0.contains(KeyUsages::KeyCertSign) => {
            return Some(Message::new(
                MessageCode::CertificateNoKeyCertSign,
                [("name", name)],
            ))
        }
        Err(_) => {
            return Some(Message::new(
                MessageCode::CertificateKeyUsageUnreadable,
                [("name", name)],
            ))
        }
        _ => {}
    }
    if !valid_at(issuer, at) {
        return Some(expired(issuer, moment));
    }
    None
}

/// `issuer` signed `subject`.
fn signed(issuer: &Certificate, subject: &Certificate) -> bool {
    issuer.tbs_certificate().subject() == subject.tbs_certificate().issuer()
        && subject.tbs_certificate().to_der().is_ok_and(|tbs| {
            verify_raw(
                issuer,
                &subject.signature_algorithm().oid,
                &tbs,
                subject.signature().raw_bytes(),
            )
        })
}

struct Search<'a> {
    trust: &'a Trust,
    pool: Vec<&'a Certificate>,
    at: SystemTime,
    moment: Moment,
    rejected: Vec<Message>,
}

impl<'a> Search<'a> {
    /// Extends `path` (signer first) to an anchor; returns the anchor and whether it is built in.
    fn from(&mut self, path: &mut Vec<&'a Certificate>) -> Option<(&'a Certificate, bool)> {
        let current = *path.last()?;
        // A pinned certificate anchors only the document signature made with it: never one it
        // issued, never a timestamp.
        if path.len() == 1
            && self.moment != Moment::TimestampAuthority
            && self.trust.pinned.contains(current)
        {
            return Some((current, false));
        }
        if let Some(found) = self.trust.anchors().find(|(a, _)| *a == current) {
            return Some(found);
        }
        if let Some(found) = self.trust.anchors().find(|(a, _)| signed(a, current)) {
            return Some(found);
        }
        if path.len() > MAX_DEPTH {
            return None;
        }
        let candidates: Vec<&'a Certificate> = self
            .pool
            .iter()
            .copied()
            .filter(|c| !path.contains(c) && signed(c, current))
            .collect();
        for c in candidates {
            if let Some(why) = issuer_problem(c, path.len() - 1, self.at, self.moment) {
                if !self.rejected.contains(&why) {
                    self.rejected.push(why);
                }
                continue;
            }
            path.push(c);
            if let Some(found) = self.from(path) {
                return Some(found);
            }
            path.pop();
        }
        None
    }
}

/// Builds a path from `signer` (or a timestamp authority) through the certificates of the CMS
/// (and the built-in intermediates) to an anchor of `trust`, judged at `at`, which is `moment`.
pub(crate) fn build(
    signer: &Certificate,
    cms_certs: &[Certificate],
    trust: &Trust,
    at: SystemTime,
    moment: Moment,
) -> Path {
    let mut problems = Vec::new();
    if !valid_at(signer, at) {
        problems.push(expired(signer, moment));
    }
    let mut search = Search {
        trust,
        pool: cms_certs.iter().chain(&trust.intermediates).collect(),
        at,
        moment,
        rejected: Vec::new(),
    };
    let mut path = vec![signer];
    if let Some((anchor, builtin)) = search.from(&mut path) {
        let mut names: Vec<String> = path.iter().map(|c| cn_or_subject(c)).collect();
        if path.last().is_none_or(|c| *c != anchor) {
            names.push(cn_or_subject(anchor));
        }
        return Path {
            names,
            anchor: Some((cn_or_subject(anchor), builtin)),
            problems,
        };
    }
    // No path: show the issuers as far as signatures lead, and say why.
    let names = naive_names(signer, &search.pool);
    problems.append(&mut search.rejected);
    if trust.is_empty() {
        problems.push(Message::new(MessageCode::ChainNoAnchors, []));
    } else if moment == Moment::TimestampAuthority {
        problems.push(Message::new(MessageCode::TimestampNoPath, []));
    } else {
        problems.push(Message::new(MessageCode::ChainNoPath, []));
    }
    Path {
        names,
        anchor: None,
        problems,
    }
}

fn naive_names(signer: &Certificate, pool: &[&Certificate]) -> Vec<String> {
    let mut names = vec![cn_or_subject(signer)];
    let mut seen = vec![signer];
    let mut current = signer;
    while seen.len() <= MAX_DEPTH {
        let Some(next) = pool
            .iter()
            .copied()
            .find(|c| !seen.contains(c) && signed(c, current))
        else {
            break;
        };
        names.push(cn_or_subject(next));
        seen.push(next);
        current = next;
    }
    names
}
