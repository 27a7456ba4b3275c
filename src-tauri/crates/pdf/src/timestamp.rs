//! The RFC 3161 signature timestamp a signer's tool may embed (CMS unsigned attribute
//! id-aa-signatureTimeStampToken): a timestamp authority's signed statement that the signature
//! value existed at its genTime. It counts only when it is about this signature (its
//! messageImprint is the hash of the SignerInfo's signature value), its own CMS signature verifies
//! with the TSA certificate it names, and that certificate is for timestamping alone
//! (extendedKeyUsage id-kp-timeStamping, critical, as RFC 3161 §2.3 requires) and chains, by the
//! rules of `chain.rs`, to a trust anchor at the verification time. Only then is the signer's
//! certificate judged at the genTime instead of now.

use std::time::SystemTime;

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use der::asn1::OctetString;
use der::{Any, Decode, Encode, Tag, Tagged};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::Certificate;

use crate::chain::{cn_or_subject, Moment};
use crate::sign::{
    SigningCertificateV2, OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNED_DATA,
    OID_SIGNING_CERT_V2,
};
use crate::trust::Trust;
use crate::verify::{cert_hash, verify_raw};
use xetkhen_core::{Message, MessageCode};

/// id-aa-signatureTimeStampToken.
const OID_SIGNATURE_TIMESTAMP: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-ct-TSTInfo.
const OID_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// id-aa-signingCertificate (ESSCertID, SHA-1), which most TSAs still write.
const OID_SIGNING_CERT_V1: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
/// id-kp-timeStamping.
const OID_KP_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");

/// What a signature's timestamp says and whether it counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TimestampReport {
    /// The genTime, ISO 8601 in UTC ("2020-06-01T03:00:00Z"), when it could be read.
    pub time: Option<String>,
    /// The common name of the timestamp authority's certificate, when it was found.
    pub tsa: Option<String>,
    /// Common names from the TSA certificate up to the trust anchor, as far as the chain was built.
    pub tsa_chain: Vec<String>,
    /// The token is about this signature, intact, from a TSA that chains to a trust anchor: the
    /// signer's certificate was judged at `time`.
    pub trusted: bool,
    /// Why the token does not count; empty when it is trusted.
    pub problems: Vec<Message>,
}

/// The token's report, and its genTime when it is trusted.
pub(crate) struct Stamp {
    pub report: TimestampReport,
    pub trusted_time: Option<SystemTime>,
}

/// MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
#[derive(der::Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies … OPTIONAL }
#[derive(der::Sequence)]
struct SigningCertificateV1 {
    certs: Vec<EssCertIdV1>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// ESSCertID ::= SEQUENCE { certHash OCTET STRING (SHA-1), issuerSerial … OPTIONAL }
#[derive(der::Sequence)]
struct EssCertIdV1 {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

/// Checks the signature timestamps of `si` (the first trusted one wins); `None` when there is none.
/// `outer_certs` are the certificates of the signature's own CMS; `now` is the verification time.
pub(crate) fn check(
    si: &SignerInfo,
    outer_certs: &[Certificate],
    trust: &Trust,
    now: SystemTime,
) -> Option<Stamp> {
    let tokens: Vec<&Any> = si
        .unsigned_attrs
        .iter()
        .flat_map(|attrs| attrs.iter())
        .filter(|a| a.oid == OID_SIGNATURE_TIMESTAMP)
        .flat_map(|a| a.values.iter())
        .collect();
    let mut first: Option<Stamp> = None;
    for token in tokens {
        let stamp = check_token(token, si.signature.as_bytes(), outer_certs, trust, now);
        if stamp.trusted_time.is_some() {
            return Some(stamp);
        }
        first.get_or_insert(stamp);
    }
    first
}

fn check_token(
    token: &Any,
    signature_value: &[u8],
    outer_certs: &[Certificate],
    trust: &Trust,
    now: SystemTime,
) -> Stamp {
    let mut report = TimestampReport::default();
    let gen_time = read_token(token, signature_value, outer_certs, trust, now, &mut report);
    if report.problems.is_empty() {
        if let Some(t) = gen_time {
            report.trusted = true;
            return Stamp {
                report,
                trusted_time: Some(t),
            };
        }
    }
    Stamp {
        report,
        trusted_time: None,
    }
}

/// Reads and checks one token, filling `report`; returns the genTime when it could be read.
fn read_token(
    token: &Any,
    signature_value: &[u8],
    outer_certs: &[Certificate],
    trust: &Trust,
    now: SystemTime,
    report: &mut TimestampReport,
) -> Option<SystemTime> {
    let signed_data = match token
        .to_der()
        .ok()
        .and_then(|d| ContentInfo::from_der(&d).ok())
    {
        Some(ci) if ci.content_type == OID_SIGNED_DATA => {
            match ci.content.decode_as::<SignedData>() {
                Ok(sd) => sd,
                Err(_) => {
                    say(report, MessageCode::TimestampCmsBroken);
                    return None;
                }
            }
        }
        _ => {
            say(report, MessageCode::TimestampNotAToken);
            return None;
        }
    };
    let encap = &signed_data.encap_content_info;
    let tst_der = match (&encap.econtent_type, &encap.econtent) {
        (t, Some(content)) if *t == OID_TST_INFO => match content.decode_as::<OctetString>() {
            Ok(o) => o.as_bytes().to_vec(),
            Err(_) => {
                say(report, MessageCode::TimestampTstInfoUnreadable);
                return None;
            }
        },
        _ => {
            say(report, MessageCode::TimestampNoTstInfo);
            return None;
        }
    };
    let Some((imprint, gen_time)) = read_tst_info(&tst_der) else {
        say(report, MessageCode::TimestampTstInfoFields);
        return None;
    };
    report.time = Some(
        chrono::DateTime::<chrono::Utc>::from(gen_time)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
    );

    // The token must be about this very signature value.
    let imprint_ok = cert_hash(&imprint.hash_algorithm.oid, signature_value)
        .is_some_and(|h| h == imprint.hashed_message.as_bytes());
    if !imprint_ok {
        say(report, MessageCode::TimestampImprint);
    }
    if gen_time > now {
        say(report, MessageCode::TimestampInFuture);
    }

    // The TSA's signature over the token.
    let certs = crate::verify::embedded_certificates(&signed_data);
    let pool: Vec<Certificate> = certs.iter().chain(outer_certs).cloned().collect();
    let Some(tsi) = signed_data.signer_infos.0.iter().next() else {
        say(report, MessageCode::TimestampNoSignerInfo);
        return Some(gen_time);
    };
    let Some(tsa) = pool.iter().find(|c| names(c, &tsi.sid)) else {
        say(report, MessageCode::TimestampNoTsaCertificate);
        return Some(gen_time);
    };
    report.tsa = Some(cn_or_subject(tsa));
    let Some(attrs) = &tsi.signed_attrs else {
        say(report, MessageCode::TimestampNoSignedAttributes);
        return Some(gen_time);
    };
    let attr = |oid| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };
    let content_type_ok = attr(OID_CONTENT_TYPE)
        .and_then(|v| v.decode_as::<ObjectIdentifier>().ok())
        .is_some_and(|o| o == OID_TST_INFO);
    let digest_ok = attr(OID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .is_some_and(|d| {
            cert_hash(&tsi.digest_alg.oid, &tst_der).is_some_and(|h| h == d.as_bytes())
        });
    let tsa_der = tsa.to_der().unwrap_or_default();
    let ess_ok = if let Some(v2) = attr(OID_SIGNING_CERT_V2) {
        v2.decode_as::<SigningCertificateV2>()
            .ok()
            .and_then(|sc| sc.certs.into_iter().next())
            .is_some_and(|id| {
                let alg = id
                    .hash_algorithm
                    .as_ref()
                    .map_or(crate::sign::OID_SHA256, |a| a.oid);
                cert_hash(&alg, &tsa_der).is_some_and(|h| h == id.cert_hash.as_bytes())
            })
    } else if let Some(v1) = attr(OID_SIGNING_CERT_V1) {
        v1.decode_as::<SigningCertificateV1>()
            .ok()
            .and_then(|sc| sc.certs.into_iter().next())
            .is_some_and(|id| {
                <sha1::Sha1 as sha2::Digest>::digest(&tsa_der).as_slice() == id.cert_hash.as_bytes()
            })
    } else {
        false
    };
    let signature_ok = attrs.to_der().is_ok_and(|signed| {
        verify_raw(
            tsa,
            &tsi.signature_algorithm.oid,
            &signed,
            tsi.signature.as_bytes(),
        )
    });
    if !(content_type_ok && digest_ok && ess_ok && signature_ok) {
        say(report, MessageCode::TimestampSignature);
    }

    // The TSA: for timestamping only, and chaining to an anchor now.
    let name = cn_or_subject(tsa);
    match tsa.tbs_certificate().get_extension::<ExtendedKeyUsage>() {
        Ok(Some((true, eku))) if eku.0.as_slice() == [OID_KP_TIME_STAMPING] => {}
        Ok(Some((false, _))) => report.problems.push(Message::new(
            MessageCode::TimestampEkuNotCritical,
            [("name", name)],
        )),
        _ => report
            .problems
            .push(Message::new(MessageCode::TimestampNotTsa, [("name", name)])),
    }
    let path = crate::chain::build(tsa, &pool, trust, now, Moment::TimestampAuthority);
    report.tsa_chain = path.names;
    if path.anchor.is_none() || !path.problems.is_empty() {
        report.problems.extend(path.problems);
    }
    Some(gen_time)
}

fn say(report: &mut TimestampReport, code: MessageCode) {
    report.problems.push(Message::new(code, []));
}

/// `c` is the certificate `sid` names.
fn names(c: &Certificate, sid: &SignerIdentifier) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            c.tbs_certificate().issuer() == &isn.issuer
                && c.tbs_certificate().serial_number() == &isn.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => c
            .tbs_certificate()
            .get_extension::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
            .ok()
            .flatten()
            .is_some_and(|(_, s)| s.0 == ski.0),
    }
}

/// The messageImprint and genTime of a TSTInfo (version, policy, messageImprint, serialNumber,
/// genTime, then optional fields we do not need).
fn read_tst_info(der: &[u8]) -> Option<(MessageImprint, SystemTime)> {
    let fields = Vec::<Any>::from_der(der).ok()?;
    let imprint = fields.get(2)?.decode_as::<MessageImprint>().ok()?;
    let gen_time = fields.get(4)?;
    if gen_time.tag() != Tag::GeneralizedTime {
        return None;
    }
    Some((imprint, generalized_time(gen_time.value())?))
}

/// "YYYYMMDDHHMMSS[.fff…]Z", the form RFC 3161 allows (fractions of a second are dropped).
fn generalized_time(v: &[u8]) -> Option<SystemTime> {
    let s = std::str::from_utf8(v).ok()?;
    let s = s.strip_suffix('Z')?;
    let whole = s.split('.').next()?;
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let naive = chrono::NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").ok()?;
    let secs = u64::try_from(naive.and_utc().timestamp()).ok()?;
    Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn gen_times_with_and_without_fractions_read_alike() {
        let t = generalized_time(b"20200601030000Z").unwrap();
        assert_eq!(
            t,
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_590_980_400)
        );
        assert_eq!(generalized_time(b"20200601030000.123456Z"), Some(t));
        assert_eq!(generalized_time(b"20200601030000+0700"), None);
    }
}
