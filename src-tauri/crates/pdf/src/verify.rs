//! Checks the signatures of a PDF the way the recipient's tools do, and says in Vietnamese what
//! is wrong. A file is valid only if it has at least one signature, every check of every
//! signature passes and the last signature covers the whole file.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::OctetString;
use der::{Decode, Encode};
use lopdf::{Document, Object};
use sha2::{Digest, Sha256};
use spki::DecodePublicKey;
use x509_cert::Certificate;

use crate::cert::{common_name, CertificateDer};
use crate::error::PdfError;
use crate::pdfobj::{decode_text, signature_fields};
use crate::sign::{
    SigningCertificateV2, OID_CONTENT_TYPE, OID_DATA, OID_MESSAGE_DIGEST, OID_SHA256,
    OID_SIGNED_DATA, OID_SIGNING_CERT_V2,
};
use crate::trust::Trust;
use xetkhen_core::message::join;
use xetkhen_core::{Message, MessageCode};

/// The outcome of checking one signature.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SignatureReport {
    pub field: String,
    pub signer_cn: Option<String>,
    /// Common names from the signer up to the trust anchor, as far as the chain could be built.
    pub signer_chain: Vec<String>,
    /// /M of the signature dictionary, as written: the time the signer declared (their own
    /// clock), not a time anyone vouches for. Validity is judged at the verification time.
    pub signing_time: Option<String>,
    /// The common name of the trust anchor the chain reached, when it reached one.
    pub anchor: Option<String>,
    /// That anchor is one of the national roots built into Xét Khen.
    pub anchor_builtin: bool,
    /// The message digest in the CMS equals SHA-256 of the signed byte ranges.
    pub digest_ok: bool,
    /// The signature over the signed attributes verifies with the signer's key and the
    /// signing-certificate-v2 attribute names that certificate.
    pub signature_ok: bool,
    /// The byte range ends at the end of the file.
    pub covers_whole_file: bool,
    /// The byte range starts at 0 and leaves out exactly the /Contents hex string.
    pub byte_range_ok: bool,
    /// The signer's chain leads to one of the trust anchors through certification authorities
    /// only (basicConstraints CA, keyCertSign, pathLen honoured), every link verifies, every
    /// certificate is valid at the verification time (or at the genTime of a trusted
    /// timestamp), and the signer's key may sign documents.
    pub trusted: bool,
    /// The RFC 3161 signature timestamp, when the signature carries one. Only a trusted one
    /// moves the moment the signer's certificate is judged at (to its genTime).
    pub timestamp: Option<crate::timestamp::TimestampReport>,
    /// Bytes were appended after this signature.
    pub modified_after_signing: bool,
    /// What was appended after this signature is more than later signatures and validation data:
    /// the signed content was changed.
    pub changed_after_signing: bool,
    /// What is wrong; empty when the signature is good.
    pub problems: Vec<Message>,
    /// The end of the byte range: the first `signed_len` bytes are the file as this signature
    /// signed it (0 when the byte range is unreadable).
    #[serde(skip)]
    pub signed_len: usize,
}

impl SignatureReport {
    /// The signed bytes are as they were signed: the digest, the signature and the byte range
    /// all check out (whether the signer is trusted, or more was appended, is told apart).
    pub fn intact(&self) -> bool {
        self.digest_ok && self.signature_ok && self.byte_range_ok
    }
}

/// The outcome of checking a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    pub signatures: Vec<SignatureReport>,
    pub valid: bool,
    /// Problems of the file as a whole (no signature, unreadable).
    pub problems: Vec<Message>,
}

/// Verifies every signature of `pdf` now, against the trust anchors `trust` (DER
/// certificates) alone.
pub fn verify_pdf(pdf: &[u8], trust: &[CertificateDer]) -> VerifyReport {
    verify_with(pdf, &Trust::only(trust), std::time::SystemTime::now())
}

/// Verifies every signature of `pdf` against `trust`, judging the certificates' validity at
/// `at` (the verification time), or at the genTime of a signature's trusted RFC 3161 timestamp.
pub fn verify_with(pdf: &[u8], trust: &Trust, at: std::time::SystemTime) -> VerifyReport {
    let mut report = VerifyReport::default();
    let doc = match Document::load_mem(pdf) {
        Ok(d) => d,
        Err(e) => {
            report.problems.push(Message::new(
                MessageCode::VerifyUnreadable,
                [("detail", e.to_string())],
            ));
            return report;
        }
    };
    let fields = signature_fields(&doc);
    if fields.is_empty() {
        report
            .problems
            .push(Message::new(MessageCode::VerifyNoSignature, []));
        return report;
    }
    let mut reports: Vec<(usize, SignatureReport, bool)> = Vec::new();
    for f in &fields {
        let mut r = SignatureReport {
            field: f.name.clone(),
            ..Default::default()
        };
        let (end, certifies) = match doc.get_object(f.value).and_then(Object::as_dict) {
            Ok(sig) => check_one(pdf, sig, trust, at, &mut r),
            Err(e) => {
                r.problems.push(Message::new(
                    MessageCode::SignatureDictionaryUnreadable,
                    [("detail", e.to_string())],
                ));
                (0, false)
            }
        };
        reports.push((end, r, certifies));
    }
    // Order by how much of the file each signature covers: the last one is the newest.
    reports.sort_by_key(|(end, _, _)| *end);
    let n = reports.len();
    for (i, (end, r, certifies)) in reports.iter_mut().enumerate() {
        r.signed_len = *end;
        let last = i + 1 == n;
        if r.modified_after_signing {
            if last {
                r.problems
                    .push(Message::new(MessageCode::SignatureAppended, []));
            } else if *certifies {
                r.changed_after_signing = true;
                r.problems
                    .push(Message::new(MessageCode::SignatureCertifiedChanged, []));
            } else {
                // An approval signature: later signatures may be added, nothing else.
                let changes = crate::revisions::disallowed_changes(pdf, *end, &doc);
                if !changes.is_empty() {
                    r.changed_after_signing = true;
                    r.problems.push(Message::new(
                        MessageCode::SignatureChangedAfter,
                        [("changes", changes.join(" "))],
                    ));
                }
            }
        }
    }
    report.signatures = reports.into_iter().map(|(_, r, _)| r).collect();
    report.valid = report
        .signatures
        .iter()
        .all(|r| r.problems.is_empty() && r.intact() && r.trusted)
        && report
            .signatures
            .last()
            .is_some_and(|r| r.covers_whole_file);
    report
}

/// The /Keywords of the document information as the file's first signature signed them (the
/// minutes carry the head of the signer's audit chain there). Refused, in Vietnamese, when the file
/// has no signature or its first signature is not intact; whom it chains to is not asked.
pub fn first_signed_keywords(pdf: &[u8]) -> Result<Vec<String>, PdfError> {
    let report = verify_with(pdf, &Trust::default(), std::time::SystemTime::now());
    let Some(first) = report.signatures.first() else {
        return Err(PdfError::NotIntact(join(&report.problems, " ")));
    };
    if !first.intact() || first.signed_len == 0 {
        return Err(PdfError::NotIntact(format!(
            "chữ ký đầu tiên không còn nguyên vẹn ({}).",
            join(&first.problems, "; ")
        )));
    }
    let doc = Document::load_mem(&pdf[..first.signed_len])
        .map_err(|e| PdfError::Parse(format!("phần được ký: {e}")))?;
    let keywords = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| match info {
            Object::Reference(id) => doc.get_object(*id).ok(),
            other => Some(other),
        })
        .and_then(|info| info.as_dict().ok())
        .and_then(|info| info.get(b"Keywords").ok())
        .and_then(|k| k.as_str().ok())
        .map(decode_text)
        .unwrap_or_default();
    Ok(keywords
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(String::from)
        .collect())
}

/// Checks one signature dictionary; returns the end of its byte range and whether it is a
/// DocMDP P=1 certification.
fn check_one(
    pdf: &[u8],
    sig: &lopdf::Dictionary,
    trust: &Trust,
    at: std::time::SystemTime,
    r: &mut SignatureReport,
) -> (usize, bool) {
    r.signing_time = sig
        .get(b"M")
        .ok()
        .and_then(|m| m.as_str().ok())
        .map(decode_text);
    let certifies = sig
        .get(b"Reference")
        .ok()
        .and_then(|o| o.as_array().ok())
        .is_some_and(|refs| {
            refs.iter().any(|x| {
                x.as_dict().ok().is_some_and(|d| {
                    d.get(b"TransformMethod")
                        .ok()
                        .and_then(|m| m.as_name().ok())
                        == Some(b"DocMDP")
                        && d.get(b"TransformParams")
                            .ok()
                            .and_then(|p| p.as_dict().ok())
                            .and_then(|p| p.get(b"P").ok())
                            .and_then(|p| p.as_i64().ok())
                            == Some(1)
                })
            })
        });
    match sig.get(b"SubFilter").ok().and_then(|s| s.as_name().ok()) {
        Some(b"ETSI.CAdES.detached") | Some(b"adbe.pkcs7.detached") => {}
        _ => r
            .problems
            .push(Message::new(MessageCode::SignatureSubFilter, [])),
    }
    let contents = match sig.get(b"Contents").ok().and_then(|c| c.as_str().ok()) {
        Some(c) => c.to_vec(),
        None => {
            r.problems
                .push(Message::new(MessageCode::SignatureNoContents, []));
            return (0, certifies);
        }
    };

    // ByteRange: [0 a b c], the gap a..b is exactly "<hex>", b + c the end of the file.
    let br: Vec<i64> = sig
        .get(b"ByteRange")
        .ok()
        .and_then(|b| b.as_array().ok())
        .map(|a| a.iter().filter_map(|x| x.as_i64().ok()).collect())
        .unwrap_or_default();
    let len = pdf.len();
    let ranges = match br.as_slice() {
        [s0, l0, s1, l1] if *s0 >= 0 && *l0 >= 0 && *s1 >= 0 && *l1 >= 0 => {
            let (s0, l0, s1, l1) = (*s0 as usize, *l0 as usize, *s1 as usize, *l1 as usize);
            if s0 + l0 <= s1 && s1.checked_add(l1).is_some_and(|e| e <= len) {
                Some((s0, l0, s1, l1))
            } else {
                None
            }
        }
        _ => None,
    };
    let Some((s0, l0, s1, l1)) = ranges else {
        r.problems
            .push(Message::new(MessageCode::SignatureByteRange, []));
        return (0, certifies);
    };
    let end = s1 + l1;
    r.covers_whole_file = end == len;
    r.modified_after_signing = !r.covers_whole_file;
    let gap = &pdf[s0 + l0..s1];
    let gap_is_contents = gap.len() >= 2
        && gap[0] == b'<'
        && gap[gap.len() - 1] == b'>'
        && gap[1..gap.len() - 1].iter().all(u8::is_ascii_hexdigit)
        && hex::decode(&gap[1..gap.len() - 1]).is_ok_and(|g| g == contents);
    r.byte_range_ok = s0 == 0 && gap_is_contents;
    if s0 != 0 {
        r.problems
            .push(Message::new(MessageCode::SignatureByteRangeStart, []));
    }
    if !gap_is_contents {
        r.problems.push(Message::new(MessageCode::SignatureGap, []));
    }

    // The CMS.
    let cms_der = &contents[..der_length(&contents)
        .unwrap_or(contents.len())
        .min(contents.len())];
    let signed_data = match ContentInfo::from_der(cms_der) {
        Ok(ci) if ci.content_type == OID_SIGNED_DATA => {
            match ci.content.decode_as::<SignedData>() {
                Ok(sd) => sd,
                Err(e) => {
                    r.problems.push(Message::new(
                        MessageCode::SignatureCmsBroken,
                        [("detail", e.to_string())],
                    ));
                    return (end, certifies);
                }
            }
        }
        Ok(_) => {
            r.problems
                .push(Message::new(MessageCode::SignatureNotSignedData, []));
            return (end, certifies);
        }
        Err(e) => {
            r.problems.push(Message::new(
                MessageCode::SignatureCmsUndecodable,
                [("detail", e.to_string())],
            ));
            return (end, certifies);
        }
    };
    let certs = embedded_certificates(&signed_data);
    let Some(si) = signed_data.signer_infos.0.iter().next() else {
        r.problems
            .push(Message::new(MessageCode::SignatureNoSignerInfo, []));
        return (end, certifies);
    };
    let signer = certs.iter().find(|c| match &si.sid {
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
    });
    let Some(signer) = signer else {
        r.problems
            .push(Message::new(MessageCode::SignatureNoSignerCertificate, []));
        return (end, certifies);
    };
    r.signer_cn = common_name(signer);

    if si.digest_alg.oid != OID_SHA256 {
        r.problems
            .push(Message::new(MessageCode::SignatureNotSha256, []));
    }
    let Some(attrs) = &si.signed_attrs else {
        r.problems
            .push(Message::new(MessageCode::SignatureNoSignedAttributes, []));
        return (end, certifies);
    };
    let attr = |oid| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };

    // message-digest against the byte ranges.
    let mut h = Sha256::new();
    h.update(&pdf[s0..s0 + l0]);
    h.update(&pdf[s1..s1 + l1]);
    let actual = h.finalize();
    let claimed = attr(OID_MESSAGE_DIGEST).and_then(|v| v.decode_as::<OctetString>().ok());
    r.digest_ok = claimed
        .as_ref()
        .is_some_and(|c| c.as_bytes() == actual.as_slice());
    if claimed.is_none() {
        r.problems
            .push(Message::new(MessageCode::SignatureNoMessageDigest, []));
    } else if !r.digest_ok {
        r.problems
            .push(Message::new(MessageCode::SignatureDigestMismatch, []));
    }
    let content_type_ok = attr(OID_CONTENT_TYPE)
        .and_then(|v| v.decode_as::<const_oid::ObjectIdentifier>().ok())
        .is_some_and(|o| o == OID_DATA);
    if !content_type_ok {
        r.problems
            .push(Message::new(MessageCode::SignatureContentType, []));
    }

    // signing-certificate-v2 names the signer's certificate.
    let signer_der = signer.to_der().unwrap_or_default();
    let ess_ok = match attr(OID_SIGNING_CERT_V2).map(|v| v.decode_as::<SigningCertificateV2>()) {
        Some(Ok(sc)) => sc.certs.first().is_some_and(|id| {
            let alg = id.hash_algorithm.as_ref().map_or(OID_SHA256, |a| a.oid);
            cert_hash(&alg, &signer_der).is_some_and(|h| h == id.cert_hash.as_bytes())
        }),
        Some(Err(_)) => false,
        None => {
            r.problems
                .push(Message::new(MessageCode::SignatureNoSigningCertificate, []));
            false
        }
    };
    if attr(OID_SIGNING_CERT_V2).is_some() && !ess_ok {
        r.problems.push(Message::new(
            MessageCode::SignatureSigningCertificateMismatch,
            [],
        ));
    }

    // The signature over the DER of the signed attributes (SET OF, tag 0x31).
    let sig_ok = match attrs.to_der() {
        Ok(to_verify) => verify_raw(
            signer,
            &si.signature_algorithm.oid,
            &to_verify,
            si.signature.as_bytes(),
        ),
        Err(_) => false,
    };
    if !sig_ok {
        r.problems
            .push(Message::new(MessageCode::SignatureWrong, []));
    }
    r.signature_ok = sig_ok && ess_ok;

    // Trust: the signer's key may sign documents, and a path leads to an anchor.
    let usage = crate::chain::signer_usage_problems(signer);
    let stamp = crate::timestamp::check(si, &certs, trust, at);
    let (judged_at, moment) = match stamp.as_ref().and_then(|s| s.trusted_time) {
        Some(t) => (t, crate::chain::Moment::Timestamp),
        None => (at, crate::chain::Moment::Verification),
    };
    r.timestamp = stamp.map(|s| s.report);
    let path = crate::chain::build(signer, &certs, trust, judged_at, moment);
    r.signer_chain = path.names;
    r.anchor = path.anchor.as_ref().map(|(name, _)| name.clone());
    r.anchor_builtin = path.anchor.as_ref().is_some_and(|(_, builtin)| *builtin);
    r.trusted = path.anchor.is_some() && path.problems.is_empty() && usage.is_empty();
    r.problems.extend(usage);
    r.problems.extend(path.problems);
    (end, certifies)
}

/// The hash of a certificate for its ESSCertIDv2, with the algorithms signers use.
/// The X.509 certificates a CMS SignedData carries (other certificate kinds are skipped).
pub(crate) fn embedded_certificates(signed_data: &SignedData) -> Vec<Certificate> {
    signed_data
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn cert_hash(alg: &const_oid::ObjectIdentifier, der: &[u8]) -> Option<Vec<u8>> {
    use const_oid::db::rfc5912::{ID_SHA_384, ID_SHA_512};
    if *alg == OID_SHA256 {
        Some(Sha256::digest(der).to_vec())
    } else if *alg == ID_SHA_384 {
        Some(sha2::Sha384::digest(der).to_vec())
    } else if *alg == ID_SHA_512 {
        Some(sha2::Sha512::digest(der).to_vec())
    } else {
        None
    }
}

/// The length of the DER value at the start of `b` (tag + length + contents), so that the
/// zero padding of /Contents is not fed to the decoder.
fn der_length(b: &[u8]) -> Option<usize> {
    let first = *b.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = (len << 8) | usize::from(*b.get(2 + i)?);
    }
    Some(2 + n + len)
}

/// Verifies `sig` over `data` with the public key of `cert`.
pub(crate) fn verify_raw(
    cert: &Certificate,
    alg: &const_oid::ObjectIdentifier,
    data: &[u8],
    sig: &[u8],
) -> bool {
    use const_oid::db::rfc5912::{ECDSA_WITH_SHA_256, RSA_ENCRYPTION, SHA_256_WITH_RSA_ENCRYPTION};
    let Ok(spki) = cert.tbs_certificate().subject_public_key_info().to_der() else {
        return false;
    };
    if *alg == RSA_ENCRYPTION || *alg == SHA_256_WITH_RSA_ENCRYPTION {
        let Ok(key) = rsa::PublicKey::from_public_key_der(&spki) else {
            return false;
        };
        let digest = Sha256::digest(data);
        key.verify(rsa::pkcs1v15::Pkcs1v15Sign::new::<Sha256>(), &digest, sig)
            .is_ok()
    } else if *alg == ECDSA_WITH_SHA_256 {
        let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki) else {
            return false;
        };
        let Ok(sig) = p256::ecdsa::Signature::from_der(sig) else {
            return false;
        };
        signature::Verifier::verify(&key, data, &sig).is_ok()
    } else {
        false
    }
}

/// Parses "D:YYYYMMDDHHmmSS+HH'mm'" into a time.
pub fn parse_pdf_date(s: &str) -> Option<std::time::SystemTime> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take(14).collect();
    let naive = chrono::NaiveDateTime::parse_from_str(&digits, "%Y%m%d%H%M%S").ok()?;
    let rest = &s[digits.len()..];
    let offset_secs = match rest.chars().next() {
        Some(sign @ ('+' | '-')) => {
            let nums: Vec<i32> = rest[1..]
                .split('\'')
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            let secs =
                nums.first().copied().unwrap_or(0) * 3600 + nums.get(1).copied().unwrap_or(0) * 60;
            if sign == '-' {
                -secs
            } else {
                secs
            }
        }
        _ => 0,
    };
    let utc = naive.and_utc().timestamp() - i64::from(offset_secs);
    let secs = u64::try_from(utc).ok()?;
    Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn pdf_dates_with_vietnam_offset_parse_to_utc() {
        let t = parse_pdf_date("D:20230705100000+07'00'").unwrap();
        let expected = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_688_526_000);
        assert_eq!(t, expected);
    }

    #[test]
    fn a_file_without_signature_is_refused() {
        let pdf = crate::render_list(&crate::sample::demo_list(1, 1)).unwrap();
        let r = verify_pdf(&pdf, &[]);
        assert!(!r.valid);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].code, MessageCode::VerifyNoSignature);
    }
}
