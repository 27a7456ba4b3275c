//! Signing keys: the [`Signer`] trait (a PKCS#12 file here, a PKCS#11 token in `pkcs11`), the PKCS#12
//! signer, and the self-signed training certificates used in training mode and in tests.
//!
//! Invariants: RSA keys have at least 2048 bits; EC keys are P-256; a training certificate's
//! common name always ends with [`TRAINING_MARK`], so that nobody mistakes it for a real one.

use std::path::Path;
use std::str::FromStr;

use der::asn1::{BitString, OctetString};
use der::{Decode, Encode};
use p12_keystore::{KeyStore, KeyStoreEntry, PrivateKey, PrivateKeyChain};
use pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::name::Name;
use x509_cert::time::Validity;
use x509_cert::Certificate;

use crate::error::PdfError;

/// Appended to the common name of every training certificate.
pub const TRAINING_MARK: &str = "(CHỨNG THƯ TẬP HUẤN)";

/// A DER-encoded X.509 certificate.
pub type CertificateDer = Vec<u8>;

/// The signature algorithms the crate produces and accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RsaSha256,
    /// ECDSA on P-256 with SHA-256, the signature DER-encoded.
    EcdsaP256Sha256,
}

impl SignatureAlgorithm {
    /// The AlgorithmIdentifier that goes into the CMS SignerInfo and the certificate.
    pub fn identifier(self) -> AlgorithmIdentifierOwned {
        match self {
            SignatureAlgorithm::RsaSha256 => AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
                parameters: Some(der::Any::null()),
            },
            SignatureAlgorithm::EcdsaP256Sha256 => AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::ECDSA_WITH_SHA_256,
                parameters: None,
            },
        }
    }
}

/// Something that holds a private key and can sign: a PKCS#12 file or a PKCS#11 token.
pub trait Signer {
    /// The signer's certificate first, then its issuers, DER-encoded.
    fn certificate_chain(&self) -> Vec<CertificateDer>;
    fn algorithm(&self) -> SignatureAlgorithm;
    /// Signs `data_to_sign` (hashing it with SHA-256 first); returns the raw signature value
    /// (PKCS#1 v1.5 block for RSA, DER `Ecdsa-Sig-Value` for ECDSA).
    fn sign(&self, data_to_sign: &[u8]) -> Result<Vec<u8>, PdfError>;
}

enum Key {
    Rsa(Box<rsa::PrivateKey>),
    Ec(p256::ecdsa::SigningKey),
}

impl Key {
    fn from_pkcs8(der: &[u8]) -> Result<Self, PdfError> {
        if let Ok(k) = rsa::PrivateKey::from_pkcs8_der(der) {
            let bits = rsa::traits::PublicKeyParts::size(&k) * 8;
            if bits < 2048 {
                return Err(PdfError::Certificate(format!(
                    "khóa RSA {bits} bit, cần tối thiểu 2048 bit"
                )));
            }
            return Ok(Key::Rsa(Box::new(k)));
        }
        if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
            return Ok(Key::Ec(k));
        }
        Err(PdfError::Certificate(
            "khóa bí mật không phải RSA hoặc ECDSA P-256".into(),
        ))
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        match self {
            Key::Rsa(_) => SignatureAlgorithm::RsaSha256,
            Key::Ec(_) => SignatureAlgorithm::EcdsaP256Sha256,
        }
    }

    fn public_key_der(&self) -> Result<Vec<u8>, PdfError> {
        let doc = match self {
            Key::Rsa(k) => k.to_public_key().to_public_key_der(),
            Key::Ec(k) => k.verifying_key().to_public_key_der(),
        };
        doc.map(|d| d.as_bytes().to_vec())
            .map_err(|e| PdfError::Certificate(format!("khóa công khai: {e}")))
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, PdfError> {
        match self {
            Key::Rsa(k) => {
                let digest = Sha256::digest(data);
                k.sign(rsa::pkcs1v15::Pkcs1v15Sign::new::<Sha256>(), &digest)
                    .map_err(|e| PdfError::Sign(format!("RSA: {e}")))
            }
            Key::Ec(k) => {
                let sig: p256::ecdsa::Signature = signature::Signer::try_sign(k, data)
                    .map_err(|e| PdfError::Sign(format!("ECDSA: {e}")))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

/// A signer whose key and chain come from a PKCS#12 (.p12/.pfx) file, including files made by
/// `openssl pkcs12 -export` with AES-256/PBKDF2.
pub struct P12Signer {
    key: Key,
    chain: Vec<CertificateDer>,
}

impl std::fmt::Debug for P12Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("P12Signer")
            .field("algorithm", &self.key.algorithm())
            .field("chain", &self.chain.len())
            .finish()
    }
}

impl P12Signer {
    /// Opens a PKCS#12 file.
    pub fn open(path: &Path, password: &str) -> Result<Self, PdfError> {
        let data = std::fs::read(path)?;
        Self::from_pkcs12(&data, password)
    }

    /// Reads PKCS#12 bytes; the first key with a certificate chain is used.
    pub fn from_pkcs12(data: &[u8], password: &str) -> Result<Self, PdfError> {
        let store = KeyStore::from_pkcs12(data, password, p12_keystore::Pkcs12ImportPolicy::Strict)
            .map_err(|e| {
                PdfError::Certificate(format!("không mở được tệp PKCS#12 (sai mật khẩu?): {e}"))
            })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| PdfError::Certificate("tệp PKCS#12 không có khóa bí mật".into()))?;
        let key = Key::from_pkcs8(chain.key().as_der())?;
        let certs: Vec<CertificateDer> =
            chain.certs().iter().map(|c| c.as_der().to_vec()).collect();
        let chain = order_chain(&key, certs)?;
        Ok(Self { key, chain })
    }
}

/// Puts the certificate matching the key first.
fn order_chain(key: &Key, mut certs: Vec<CertificateDer>) -> Result<Vec<CertificateDer>, PdfError> {
    let public = key.public_key_der()?;
    let pos = certs.iter().position(|c| {
        Certificate::from_der(c)
            .ok()
            .and_then(|c| c.tbs_certificate().subject_public_key_info().to_der().ok())
            .is_some_and(|spki| spki == public)
    });
    match pos {
        Some(i) => {
            let leaf = certs.remove(i);
            certs.insert(0, leaf);
            Ok(certs)
        }
        None => Err(PdfError::Certificate(
            "không có chứng thư nào khớp với khóa bí mật".into(),
        )),
    }
}

impl Signer for P12Signer {
    fn certificate_chain(&self) -> Vec<CertificateDer> {
        self.chain.clone()
    }
    fn algorithm(&self) -> SignatureAlgorithm {
        self.key.algorithm()
    }
    fn sign(&self, data_to_sign: &[u8]) -> Result<Vec<u8>, PdfError> {
        self.key.sign(data_to_sign)
    }
}

/// The key type of a training certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa2048,
    EcdsaP256,
}

/// A training certificate: a PKCS#12 file for the signer and the training CA to trust.
#[derive(Debug, Clone)]
pub struct TrainingCredential {
    /// PKCS#12, AES-256-CBC with PBKDF2-HMAC-SHA-256, MAC HMAC-SHA-256.
    pub p12: Vec<u8>,
    /// The training CA certificate in PEM, to pass as the trust anchor (`pyhanko --trust`).
    pub ca_pem: String,
    pub ca_der: CertificateDer,
    pub signer_der: CertificateDer,
}

/// Makes a training CA (ECDSA P-256) and a signer certificate under it for `holder`, whose CN
/// becomes "<holder> (CHỨNG THƯ TẬP HUẤN)"; valid from `not_before` for `days` days.
pub fn make_training_certificate(
    holder: &str,
    organisation: &str,
    kind: KeyKind,
    password: &str,
    not_before: chrono::DateTime<chrono::Utc>,
    days: u32,
) -> Result<TrainingCredential, PdfError> {
    let err = |e: &dyn std::fmt::Display| PdfError::Certificate(e.to_string());
    let mut rng = rand::rng();
    let ca_key = Key::Ec(
        <p256::ecdsa::SigningKey as p256::elliptic_curve::Generate>::generate_from_rng(&mut rng),
    );
    let leaf_key = match kind {
        KeyKind::EcdsaP256 => Key::Ec(
            <p256::ecdsa::SigningKey as p256::elliptic_curve::Generate>::generate_from_rng(
                &mut rng,
            ),
        ),
        KeyKind::Rsa2048 => Key::Rsa(Box::new(
            rsa::PrivateKey::new(&mut rng, 2048).map_err(|e| err(&e))?,
        )),
    };
    let clean_org = xetkhen_core::text::clean(organisation).replace(',', " ");
    let ca_name = name(
        &format!("Xét Khen - CA tập huấn {TRAINING_MARK}"),
        &clean_org,
    )?;
    let leaf_cn = format!(
        "{} {TRAINING_MARK}",
        xetkhen_core::text::clean(holder).replace(',', " ")
    );
    let leaf_name = name(&leaf_cn, &clean_org)?;
    let validity = validity(not_before, days)?;

    let ca = issue(&ca_key, &ca_key, &ca_name, &ca_name, validity, true, 1)?;
    let leaf = issue(&leaf_key, &ca_key, &leaf_name, &ca_name, validity, false, 2)?;

    let key_der = match &leaf_key {
        Key::Rsa(k) => pkcs8::EncodePrivateKey::to_pkcs8_der(k.as_ref()),
        Key::Ec(k) => pkcs8::EncodePrivateKey::to_pkcs8_der(k),
    }
    .map_err(|e| err(&e))?;
    let private_key = PrivateKey::from_der(key_der.as_bytes()).map_err(|e| err(&e))?;
    let certs = [&leaf, &ca]
        .iter()
        .map(|c| p12_keystore::Certificate::from_der(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| err(&e))?;
    let local_key_id = Sha256::digest(&leaf).to_vec();
    let chain = PrivateKeyChain::new(local_key_id, private_key, certs);
    let mut store = KeyStore::new();
    store.add_entry("xetkhen-training", KeyStoreEntry::PrivateKeyChain(chain));
    let p12 = store
        .writer(password)
        .encryption_algorithm(p12_keystore::EncryptionAlgorithm::PbeWithHmacSha256AndAes256)
        .mac_algorithm(p12_keystore::MacAlgorithm::HmacSha256)
        .write()
        .map_err(|e| err(&e))?;
    let ca_pem = der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &ca)
        .map_err(|e| err(&e))?;
    Ok(TrainingCredential {
        p12,
        ca_pem,
        ca_der: ca,
        signer_der: leaf,
    })
}

fn name(cn: &str, org: &str) -> Result<Name, PdfError> {
    let s = if org.is_empty() {
        format!("CN={cn},C=VN")
    } else {
        format!("CN={cn},O={org},C=VN")
    };
    Name::from_str(&s).map_err(|e| PdfError::Certificate(format!("tên chứng thư: {e}")))
}

fn validity(from: chrono::DateTime<chrono::Utc>, days: u32) -> Result<Validity, PdfError> {
    let to_time = |t: chrono::DateTime<chrono::Utc>| {
        let secs = u64::try_from(t.timestamp()).unwrap_or(0);
        x509_cert::time::Time::try_from(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs),
        )
        .map_err(|e| PdfError::Certificate(format!("thời hạn: {e}")))
    };
    Ok(Validity::new(
        to_time(from)?,
        to_time(from + chrono::Duration::days(i64::from(days)))?,
    ))
}

/// Issues a certificate for `subject_key`, signed by `issuer_key`.
fn issue(
    subject_key: &Key,
    issuer_key: &Key,
    subject: &Name,
    issuer: &Name,
    validity: Validity,
    ca: bool,
    serial: u8,
) -> Result<CertificateDer, PdfError> {
    let err = |e: &dyn std::fmt::Display| PdfError::Certificate(e.to_string());
    let spki_der = subject_key.public_key_der()?;
    let spki = SubjectPublicKeyInfoOwned::from_der(&spki_der).map_err(|e| err(&e))?;
    let ski = Sha256::digest(spki.subject_public_key.raw_bytes())[..20].to_vec();
    let mut serial_bytes = Sha256::digest(&spki_der)[..15].to_vec();
    serial_bytes[0] &= 0x7f;
    serial_bytes.push(serial);
    let usage = if ca {
        KeyUsages::KeyCertSign | KeyUsages::CRLSign
    } else {
        KeyUsages::DigitalSignature | KeyUsages::NonRepudiation
    };
    let ext = |oid, critical, value: Vec<u8>| -> Result<x509_cert::ext::Extension, PdfError> {
        Ok(x509_cert::ext::Extension {
            extn_id: oid,
            critical,
            extn_value: OctetString::new(value).map_err(|e| err(&e))?,
        })
    };
    let bc = BasicConstraints {
        ca,
        path_len_constraint: if ca { Some(0) } else { None },
    };
    let mut extensions = vec![
        ext(
            const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS,
            true,
            bc.to_der().map_err(|e| err(&e))?,
        )?,
        ext(
            const_oid::db::rfc5280::ID_CE_KEY_USAGE,
            true,
            KeyUsage(usage).to_der().map_err(|e| err(&e))?,
        )?,
        ext(
            const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER,
            false,
            SubjectKeyIdentifier(OctetString::new(ski).map_err(|e| err(&e))?)
                .to_der()
                .map_err(|e| err(&e))?,
        )?,
    ];
    if !ca {
        let issuer_spki = SubjectPublicKeyInfoOwned::from_der(&issuer_key.public_key_der()?)
            .map_err(|e| err(&e))?;
        let aki = x509_cert::ext::pkix::AuthorityKeyIdentifier {
            key_identifier: Some(
                OctetString::new(
                    Sha256::digest(issuer_spki.subject_public_key.raw_bytes())[..20].to_vec(),
                )
                .map_err(|e| err(&e))?,
            ),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        };
        extensions.push(ext(
            const_oid::db::rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER,
            false,
            aki.to_der().map_err(|e| err(&e))?,
        )?);
    }
    let alg = issuer_key.algorithm().identifier();
    let tbs = Tbs {
        version: 2,
        serial_number: der::asn1::Uint::new(&serial_bytes).map_err(|e| err(&e))?,
        signature: alg.clone(),
        issuer: issuer.clone(),
        validity,
        subject: subject.clone(),
        subject_public_key_info: spki,
        extensions,
    };
    let tbs_der = tbs.to_der().map_err(|e| err(&e))?;
    let sig = issuer_key.sign(&tbs_der)?;
    let cert = CertDer {
        tbs_certificate: tbs,
        signature_algorithm: alg,
        signature: BitString::from_bytes(&sig).map_err(|e| err(&e))?,
    };
    let der = cert.to_der().map_err(|e| err(&e))?;
    // Round-trip through the real type so that a malformed certificate never leaves here.
    Certificate::from_der(&der).map_err(|e| err(&e))?;
    Ok(der)
}

/// TBSCertificate (RFC 5280 §4.1), spelt out because x509-cert 0.3 keeps its fields private.
#[derive(der::Sequence)]
struct Tbs {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    version: u8,
    serial_number: der::asn1::Uint,
    signature: AlgorithmIdentifierOwned,
    issuer: Name,
    validity: Validity,
    subject: Name,
    subject_public_key_info: SubjectPublicKeyInfoOwned,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT")]
    extensions: Vec<x509_cert::ext::Extension>,
}

#[derive(der::Sequence)]
struct CertDer {
    tbs_certificate: Tbs,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
}

/// Decodes a DER or PEM certificate.
pub fn parse_certificate(bytes: &[u8]) -> Result<CertificateDer, PdfError> {
    if bytes.starts_with(b"-----BEGIN") {
        let (_, der) =
            der::pem::decode_vec(bytes).map_err(|e| PdfError::Certificate(format!("PEM: {e}")))?;
        return Ok(der);
    }
    Certificate::from_der(bytes).map_err(|e| PdfError::Certificate(format!("DER: {e}")))?;
    Ok(bytes.to_vec())
}

/// What a person checks of a certificate before registering it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSummary {
    /// The subject's common name, or the whole subject when it has none.
    pub subject: String,
    /// basicConstraints CA:TRUE: a certification authority, not a signer's certificate.
    pub is_ca: bool,
    pub not_before: chrono::DateTime<chrono::Utc>,
    pub not_after: chrono::DateTime<chrono::Utc>,
    /// SHA-256 of the DER, hex upper case in groups of four, to compare by reading aloud.
    pub sha256: String,
}

/// Reads a certificate (DER) for a person to check.
pub fn summary(der: &[u8]) -> Result<CertificateSummary, PdfError> {
    let c = Certificate::from_der(der).map_err(|e| PdfError::Certificate(format!("DER: {e}")))?;
    let tbs = c.tbs_certificate();
    let is_ca = tbs
        .get_extension::<x509_cert::ext::pkix::BasicConstraints>()
        .ok()
        .flatten()
        .is_some_and(|(_, bc)| bc.ca);
    let v = tbs.validity();
    Ok(CertificateSummary {
        subject: common_name(&c).unwrap_or_else(|| tbs.subject().to_string()),
        is_ca,
        not_before: v.not_before.to_system_time().into(),
        not_after: v.not_after.to_system_time().into(),
        sha256: fingerprint(der),
    })
}

/// A certificate (DER) as PEM text.
pub fn to_pem(der: &[u8]) -> Result<String, PdfError> {
    der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, der)
        .map_err(|e| PdfError::Certificate(e.to_string()))
}

/// SHA-256 of `der`, hex upper case in 16 groups of four digits.
pub fn fingerprint(der: &[u8]) -> String {
    let hex = hex::encode_upper(Sha256::digest(der));
    hex.as_bytes()
        .chunks(4)
        .map(|g| String::from_utf8_lossy(g).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The common name of a certificate's subject, if any.
pub fn common_name(cert: &Certificate) -> Option<String> {
    cert.tbs_certificate()
        .subject()
        .common_name()
        .ok()
        .flatten()
        .map(String::from)
}

/// The certificate (DER) names itself as its issuer: a root, or a self-signed certificate.
pub fn is_self_issued(der: &[u8]) -> bool {
    Certificate::from_der(der)
        .is_ok_and(|c| c.tbs_certificate().subject() == c.tbs_certificate().issuer())
}
