//! A small certification authority for the attack tests: certificates with exactly the
//! extensions an attacker (or a careless CA) would give them, ECDSA P-256 keys, and a
//! [`Signer`] holding such a key and chain. Test code only; the product makes training
//! certificates through `cert::make_training_certificate`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use const_oid::ObjectIdentifier;
use der::asn1::{BitString, OctetString};
use der::{Decode, Encode};
use p256::ecdsa::SigningKey;
use spki::{AlgorithmIdentifierOwned, EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages};
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::time::{Time, Validity};
use xetkhen_pdf::cert::{CertificateDer, SignatureAlgorithm};
use xetkhen_pdf::{PdfError, Signer};

pub const ID_KP_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
pub const ID_KP_DOCUMENT_SIGNING: &str = "1.3.6.1.5.5.7.3.36";
pub const ID_KP_TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";

/// What a certificate says about itself.
#[derive(Clone)]
pub struct Spec {
    pub cn: String,
    /// `None`: no basicConstraints at all; `Some((ca, path_len))` otherwise.
    pub basic_constraints: Option<(bool, Option<u8>)>,
    /// `None`: no keyUsage.
    pub key_usage: Option<Vec<KeyUsages>>,
    /// `None`: no extendedKeyUsage.
    pub eku: Option<Vec<&'static str>>,
    /// The extendedKeyUsage is marked critical (RFC 3161 asks it of a timestamp authority).
    pub eku_critical: bool,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

impl Spec {
    /// A certification authority valid 2020–2040.
    pub fn ca(cn: &str, path_len: Option<u8>) -> Self {
        Self {
            cn: cn.into(),
            basic_constraints: Some((true, path_len)),
            key_usage: Some(vec![KeyUsages::KeyCertSign, KeyUsages::CRLSign]),
            eku: None,
            eku_critical: false,
            not_before: Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
            not_after: Utc.with_ymd_and_hms(2040, 1, 1, 0, 0, 0).unwrap(),
        }
    }

    /// An end-entity signing certificate valid 2020–2040.
    pub fn signer(cn: &str) -> Self {
        Self {
            cn: cn.into(),
            basic_constraints: Some((false, None)),
            key_usage: Some(vec![KeyUsages::DigitalSignature, KeyUsages::NonRepudiation]),
            eku: None,
            ..Self::ca(cn, None)
        }
    }

    /// A timestamp authority as RFC 3161 §2.3 wants it: extendedKeyUsage timeStamping alone,
    /// critical; valid 2019–2040.
    pub fn tsa(cn: &str) -> Self {
        Self {
            key_usage: Some(vec![KeyUsages::DigitalSignature]),
            eku: Some(vec![ID_KP_TIME_STAMPING]),
            eku_critical: true,
            not_before: Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0).unwrap(),
            ..Self::signer(cn)
        }
    }

    pub fn valid(mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        self.not_before = from;
        self.not_after = to;
        self
    }
}

/// A certificate and its key.
pub struct Issued {
    pub der: CertificateDer,
    pub key: SigningKey,
    pub name: Name,
}

impl Issued {
    pub fn pem(&self) -> String {
        der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &self.der).unwrap()
    }
}

fn key() -> SigningKey {
    <SigningKey as p256::elliptic_curve::Generate>::generate_from_rng(&mut rand::rng())
}

fn ecdsa_sign(key: &SigningKey, data: &[u8]) -> Vec<u8> {
    let sig: p256::ecdsa::Signature = signature::Signer::try_sign(key, data).unwrap();
    sig.to_der().as_bytes().to_vec()
}

fn time(t: DateTime<Utc>) -> Time {
    let secs = u64::try_from(t.timestamp()).unwrap();
    Time::try_from(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)).unwrap()
}

fn ext(oid: ObjectIdentifier, critical: bool, value: Vec<u8>) -> Extension {
    Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value).unwrap(),
    }
}

/// Issues a certificate for `spec`, signed by `issuer` (self-signed when `None`).
pub fn issue(spec: &Spec, issuer: Option<&Issued>) -> Issued {
    let key = key();
    let spki_der = key.verifying_key().to_public_key_der().unwrap();
    let (der, name) = issue_for(spec, spki_der.as_bytes(), issuer, &key);
    Issued { der, key, name }
}

/// A certificate with an RSA-2048 key (what pyHanko's DummyTimeStamper signs with), and that key
/// as PKCS#8 DER.
pub struct IssuedRsa {
    pub der: CertificateDer,
    pub key_pkcs8: Vec<u8>,
}

/// Issues a certificate for `spec` with a new RSA-2048 key, signed by `issuer`.
pub fn issue_rsa(spec: &Spec, issuer: &Issued) -> IssuedRsa {
    let key = rsa::PrivateKey::new(&mut rand::rng(), 2048).unwrap();
    let spki_der = spki::EncodePublicKey::to_public_key_der(&key.to_public_key()).unwrap();
    let (der, _) = issue_for(spec, spki_der.as_bytes(), Some(issuer), &issuer.key);
    let key_pkcs8 = pkcs8::EncodePrivateKey::to_pkcs8_der(&key)
        .unwrap()
        .as_bytes()
        .to_vec();
    IssuedRsa { der, key_pkcs8 }
}

/// The certificate for `spec` and the public key `spki_der`, signed by `issuer` (self-signed
/// with `self_key` when `None`).
fn issue_for(
    spec: &Spec,
    spki_der: &[u8],
    issuer: Option<&Issued>,
    self_key: &SigningKey,
) -> (CertificateDer, Name) {
    let name = Name::from_str(&format!("CN={},O=Kiem thu tan cong,C=VN", spec.cn)).unwrap();
    let spki = SubjectPublicKeyInfoOwned::from_der(spki_der).unwrap();
    let spki_der: Vec<u8> = spki_der.to_vec();
    let mut extensions = Vec::new();
    if let Some((ca, path_len)) = spec.basic_constraints {
        let bc = BasicConstraints {
            ca,
            path_len_constraint: path_len,
        };
        extensions.push(ext(
            const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS,
            true,
            bc.to_der().unwrap(),
        ));
    }
    if let Some(usages) = &spec.key_usage {
        let mut ku = KeyUsage(Default::default());
        for u in usages {
            ku = KeyUsage(ku.0 | *u);
        }
        extensions.push(ext(
            const_oid::db::rfc5280::ID_CE_KEY_USAGE,
            true,
            ku.to_der().unwrap(),
        ));
    }
    if let Some(ekus) = &spec.eku {
        let eku = ExtendedKeyUsage(
            ekus.iter()
                .map(|o| ObjectIdentifier::new(o).unwrap())
                .collect(),
        );
        extensions.push(ext(
            const_oid::db::rfc5280::ID_CE_EXT_KEY_USAGE,
            spec.eku_critical,
            eku.to_der().unwrap(),
        ));
    }
    let (issuer_name, issuer_key) = match issuer {
        Some(i) => (i.name.clone(), &i.key),
        None => (name.clone(), self_key),
    };
    let alg = SignatureAlgorithm::EcdsaP256Sha256.identifier();
    let mut serial: Vec<u8> = <sha2::Sha256 as sha2::Digest>::digest(&spki_der)[..16].to_vec();
    serial[0] &= 0x7f;
    serial[0] |= 0x01;
    let tbs = Tbs {
        version: 2,
        serial_number: der::asn1::Uint::new(&serial).unwrap(),
        signature: alg.clone(),
        issuer: issuer_name,
        validity: Validity::new(time(spec.not_before), time(spec.not_after)),
        subject: name.clone(),
        subject_public_key_info: spki,
        extensions,
    };
    let sig = ecdsa_sign(issuer_key, &tbs.to_der().unwrap());
    let cert = CertDer {
        tbs_certificate: tbs,
        signature_algorithm: alg,
        signature: BitString::from_bytes(&sig).unwrap(),
    };
    let der = cert.to_der().unwrap();
    x509_cert::Certificate::from_der(&der).unwrap();
    (der, name)
}

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
    extensions: Vec<Extension>,
}

#[derive(der::Sequence)]
struct CertDer {
    tbs_certificate: Tbs,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
}

/// Signs with `leaf`'s key; the CMS carries `leaf` and then `chain` (the issuers, root left out).
pub struct ChainSigner {
    key: SigningKey,
    chain: Vec<CertificateDer>,
}

impl ChainSigner {
    pub fn new(leaf: &Issued, issuers: &[&Issued]) -> Self {
        let mut chain = vec![leaf.der.clone()];
        chain.extend(issuers.iter().map(|i| i.der.clone()));
        Self {
            key: leaf.key.clone(),
            chain,
        }
    }
}

impl Signer for ChainSigner {
    fn certificate_chain(&self) -> Vec<CertificateDer> {
        self.chain.clone()
    }
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::EcdsaP256Sha256
    }
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, PdfError> {
        Ok(ecdsa_sign(&self.key, data))
    }
}
