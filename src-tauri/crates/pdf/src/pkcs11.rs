//! Signing with a key that never leaves its token: a USB token of the kind Ban Cơ yếu Chính phủ
//! issues, or any PKCS#11 module (SoftHSM2 in the tests), reached through `cryptoki`.
//!
//! A [`Pkcs11Signer`] is opened with the module's path, the token's label and the PIN; it keeps a
//! logged-in session and the certificate chain read from the token. The PIN is handed to the
//! module once, at login, and kept nowhere: not in the signer, not in its `Debug`, not in an error.
//!
//! Invariants: the signer's certificate is the one on the token whose CKA_ID is the key's; RSA
//! keys have at least 2048 bits and EC keys are P-256, as for PKCS#12; before a signature leaves
//! here it has been checked against that certificate's public key, so a token whose key and
//! certificate do not belong together is refused instead of producing a list nobody can verify.

use std::path::Path;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::cert::{CertificateDer, SignatureAlgorithm, Signer};
use crate::error::PdfError;

/// DigestInfo prefix of SHA-256 (RFC 8017 §9.2), for tokens that only offer raw CKM_RSA_PKCS.
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// Where a token and its key are: what the secretariat configures once per laptop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenLocation {
    /// The PKCS#11 module (`.so`, `.dll`, `.dylib`) supplied with the token.
    pub module: std::path::PathBuf,
    /// The token's label, as its software shows it.
    pub token_label: String,
    /// The key's label; needed only when the token holds several keys.
    pub key_label: Option<String>,
}

/// How the token is asked to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    /// CKM_SHA256_RSA_PKCS: the token hashes.
    RsaSha256,
    /// CKM_RSA_PKCS over a DigestInfo we build.
    RsaRaw,
    /// CKM_ECDSA over a SHA-256 digest; the token returns r‖s.
    Ecdsa,
}

/// A signer whose private key stays on a PKCS#11 token.
pub struct Pkcs11Signer {
    session: Session,
    key: ObjectHandle,
    method: Method,
    chain: Vec<CertificateDer>,
    token_label: String,
    // Kept so that the module stays loaded as long as the session lives.
    _module: Pkcs11,
}

impl std::fmt::Debug for Pkcs11Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the PIN (it is not kept anyway), never a handle that means nothing to a reader.
        f.debug_struct("Pkcs11Signer")
            .field("token", &self.token_label)
            .field("method", &self.method)
            .field("chain", &self.chain.len())
            .finish()
    }
}

fn token_err(msg: impl Into<String>) -> PdfError {
    PdfError::Token(msg.into())
}

/// A PKCS#11 failure in words the secretariat can act on.
fn explain(e: &CkError, doing: &str) -> PdfError {
    let why = match e {
        CkError::Pkcs11(RvError::PinIncorrect, _) => "mã PIN không đúng".to_string(),
        CkError::Pkcs11(RvError::PinLocked, _) => {
            "thẻ đã bị khóa vì nhập sai mã PIN quá số lần cho phép; liên hệ đơn vị cấp thẻ"
                .to_string()
        }
        CkError::Pkcs11(RvError::PinLenRange, _) => "mã PIN không đúng độ dài".to_string(),
        CkError::Pkcs11(RvError::PinExpired, _) => "mã PIN đã hết hạn, cần đổi mã PIN".to_string(),
        CkError::Pkcs11(RvError::TokenNotPresent, _)
        | CkError::Pkcs11(RvError::DeviceRemoved, _) => {
            "thẻ ký số đã bị rút ra hoặc không được nhận".to_string()
        }
        CkError::Pkcs11(RvError::UserTypeInvalid, _)
        | CkError::Pkcs11(RvError::UserPinNotInitialized, _) => {
            "thẻ chưa được khởi tạo mã PIN người dùng".to_string()
        }
        other => format!("lỗi của mô-đun PKCS#11 ({other})"),
    };
    token_err(format!("{doing}: {why}"))
}

impl Pkcs11Signer {
    /// Loads the module, finds the token by label, logs in with `pin` and finds the key and its
    /// certificate chain.
    pub fn open(location: &TokenLocation, pin: &str) -> Result<Self, PdfError> {
        let module_path = location.module.as_path();
        if !module_path.is_file() {
            return Err(token_err(format!(
                "không tìm thấy mô-đun PKCS#11 «{}» (tệp thư viện đi kèm thẻ ký số)",
                module_path.display()
            )));
        }
        let module = load_module(module_path)?;
        let wanted = location.token_label.trim();
        let slots = module
            .get_slots_with_token()
            .map_err(|e| explain(&e, "không liệt kê được các khe cắm thẻ"))?;
        let mut seen = Vec::new();
        let mut slot = None;
        for s in slots {
            let Ok(info) = module.get_token_info(s) else {
                continue;
            };
            let label = info.label().trim().to_string();
            if label == wanted && slot.is_none() {
                slot = Some(s);
            }
            seen.push(label);
        }
        let Some(slot) = slot else {
            let present = if seen.is_empty() {
                "không có thẻ nào được nhận".to_string()
            } else {
                format!("các thẻ đang có: {}", seen.join(", "))
            };
            return Err(token_err(format!(
                "không thấy thẻ ký số có nhãn «{wanted}» ({present})"
            )));
        };
        let session = module
            .open_ro_session(slot)
            .map_err(|e| explain(&e, "không mở được phiên làm việc với thẻ"))?;
        let pin = AuthPin::from(pin);
        match session.login(UserType::User, Some(&pin)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(e) => return Err(explain(&e, &format!("không đăng nhập được thẻ «{wanted}»"))),
        }
        drop(pin);

        let key = find_key(&session, location.key_label.as_deref())?;
        let key_id = single_attr(&session, key, AttributeType::Id).and_then(|a| match a {
            Attribute::Id(id) if !id.is_empty() => Some(id),
            _ => None,
        });
        let certs = token_certificates(&session)?;
        let leaf = key_id
            .as_ref()
            .and_then(|id| certs.iter().find(|(cid, _)| cid.as_ref() == Some(id)))
            .or(if certs.len() == 1 {
                certs.first()
            } else {
                None
            })
            .map(|(_, der)| der.clone())
            .ok_or_else(|| {
                token_err("không thấy trên thẻ chứng thư số đi cùng khóa bí mật (cùng CKA_ID)")
            })?;
        let pool: Vec<CertificateDer> = certs.into_iter().map(|(_, d)| d).collect();
        let chain = order_chain(leaf, &pool)?;
        let algorithm = algorithm_of(&chain[0])?;
        let method = match algorithm {
            SignatureAlgorithm::EcdsaP256Sha256 => Method::Ecdsa,
            SignatureAlgorithm::RsaSha256 => {
                let mechanisms = module.get_mechanism_list(slot).unwrap_or_default();
                if mechanisms.contains(&MechanismType::SHA256_RSA_PKCS) {
                    Method::RsaSha256
                } else {
                    Method::RsaRaw
                }
            }
        };
        Ok(Self {
            session,
            key,
            method,
            chain,
            token_label: wanted.to_string(),
            _module: module,
        })
    }
}

fn load_module(path: &Path) -> Result<Pkcs11, PdfError> {
    // A 32-bit module or a file that is no library gets a message that says so, not the loader's.
    crate::token_module::check_module(path)?;
    let module = Pkcs11::new(path).map_err(|e| {
        token_err(format!(
            "không nạp được mô-đun PKCS#11 «{}»: {e}",
            path.display()
        ))
    })?;
    match module.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        // Another signer in this process may have initialised the module already.
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => Ok(module),
        Err(e) => Err(explain(&e, "không khởi động được mô-đun PKCS#11")),
    }
}

fn single_attr(session: &Session, object: ObjectHandle, t: AttributeType) -> Option<Attribute> {
    session
        .get_attributes(object, &[t])
        .ok()
        .and_then(|v| v.into_iter().next())
}

fn label_of(session: &Session, object: ObjectHandle) -> String {
    match single_attr(session, object, AttributeType::Label) {
        Some(Attribute::Label(l)) => String::from_utf8_lossy(&l).trim().to_string(),
        _ => String::new(),
    }
}

fn find_key(session: &Session, key_label: Option<&str>) -> Result<ObjectHandle, PdfError> {
    let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
    if let Some(l) = key_label {
        template.push(Attribute::Label(l.trim().as_bytes().to_vec()));
    }
    let keys = session
        .find_objects(&template)
        .map_err(|e| explain(&e, "không tìm được khóa bí mật trên thẻ"))?;
    match (keys.as_slice(), key_label) {
        ([key], _) => Ok(*key),
        ([], Some(l)) => Err(token_err(format!(
            "trên thẻ không có khóa bí mật nhãn «{}»",
            l.trim()
        ))),
        ([], None) => Err(token_err("trên thẻ không có khóa bí mật nào")),
        (many, _) => {
            let labels: Vec<String> = many.iter().map(|k| label_of(session, *k)).collect();
            Err(token_err(format!(
                "thẻ có {} khóa bí mật ({}); chọn một bằng nhãn khóa (--key-label)",
                many.len(),
                labels.join(", ")
            )))
        }
    }
}

/// A certificate on the token: its CKA_ID (if any) and its DER.
type TokenCertificate = (Option<Vec<u8>>, CertificateDer);

/// Every X.509 certificate on the token.
fn token_certificates(session: &Session) -> Result<Vec<TokenCertificate>, PdfError> {
    let handles = session
        .find_objects(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
        ])
        .map_err(|e| explain(&e, "không đọc được chứng thư trên thẻ"))?;
    let mut out = Vec::new();
    for h in handles {
        let attrs = session
            .get_attributes(h, &[AttributeType::Id, AttributeType::Value])
            .map_err(|e| explain(&e, "không đọc được chứng thư trên thẻ"))?;
        let mut id = None;
        let mut value = None;
        for a in attrs {
            match a {
                Attribute::Id(i) if !i.is_empty() => id = Some(i),
                Attribute::Value(v) => value = Some(v),
                _ => {}
            }
        }
        if let Some(v) = value.filter(|v| Certificate::from_der(v).is_ok()) {
            out.push((id, v));
        }
    }
    Ok(out)
}

/// The leaf first, then each issuer found among the token's certificates.
fn order_chain(
    leaf: CertificateDer,
    pool: &[CertificateDer],
) -> Result<Vec<CertificateDer>, PdfError> {
    let parse = |d: &[u8]| {
        Certificate::from_der(d).map_err(|e| token_err(format!("chứng thư trên thẻ hỏng: {e}")))
    };
    let mut chain = vec![leaf];
    for _ in 0..8 {
        let Some(last) = chain.last() else { break };
        let current = parse(last)?;
        let issuer = current.tbs_certificate().issuer();
        if issuer == current.tbs_certificate().subject() {
            break;
        }
        let Ok(tbs) = current.tbs_certificate().to_der() else {
            break;
        };
        // Names alone can repeat (two training CAs of the same office): the issuer is the one
        // whose key verifies this certificate.
        let next = pool.iter().find(|d| {
            !chain.contains(d)
                && Certificate::from_der(d).is_ok_and(|c| {
                    c.tbs_certificate().subject() == issuer
                        && crate::verify::verify_raw(
                            &c,
                            &current.signature_algorithm().oid,
                            &tbs,
                            current.signature().raw_bytes(),
                        )
                })
        });
        match next {
            Some(d) => chain.push(d.clone()),
            None => break,
        }
    }
    Ok(chain)
}

/// The signature algorithm the certificate's key calls for, within the crate's invariants.
fn algorithm_of(cert_der: &[u8]) -> Result<SignatureAlgorithm, PdfError> {
    use spki::DecodePublicKey;
    let cert = Certificate::from_der(cert_der)
        .map_err(|e| token_err(format!("chứng thư trên thẻ hỏng: {e}")))?;
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| token_err(format!("chứng thư trên thẻ hỏng: {e}")))?;
    if let Ok(k) = rsa::PublicKey::from_public_key_der(&spki) {
        let bits = rsa::traits::PublicKeyParts::size(&k) * 8;
        if bits < 2048 {
            return Err(PdfError::Certificate(format!(
                "khóa RSA {bits} bit trên thẻ, cần tối thiểu 2048 bit"
            )));
        }
        return Ok(SignatureAlgorithm::RsaSha256);
    }
    if p256::ecdsa::VerifyingKey::from_public_key_der(&spki).is_ok() {
        return Ok(SignatureAlgorithm::EcdsaP256Sha256);
    }
    Err(PdfError::Certificate(
        "khóa trên thẻ không phải RSA hoặc ECDSA P-256".into(),
    ))
}

impl Signer for Pkcs11Signer {
    fn certificate_chain(&self) -> Vec<CertificateDer> {
        self.chain.clone()
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        match self.method {
            Method::Ecdsa => SignatureAlgorithm::EcdsaP256Sha256,
            Method::RsaSha256 | Method::RsaRaw => SignatureAlgorithm::RsaSha256,
        }
    }

    fn sign(&self, data_to_sign: &[u8]) -> Result<Vec<u8>, PdfError> {
        let doing = "thẻ không ký được";
        let signature = match self.method {
            Method::RsaSha256 => self
                .session
                .sign(&Mechanism::Sha256RsaPkcs, self.key, data_to_sign)
                .map_err(|e| explain(&e, doing))?,
            Method::RsaRaw => {
                let mut block = SHA256_DIGEST_INFO.to_vec();
                block.extend_from_slice(&Sha256::digest(data_to_sign));
                self.session
                    .sign(&Mechanism::RsaPkcs, self.key, &block)
                    .map_err(|e| explain(&e, doing))?
            }
            Method::Ecdsa => {
                let digest = Sha256::digest(data_to_sign);
                let raw = self
                    .session
                    .sign(&Mechanism::Ecdsa, self.key, &digest)
                    .map_err(|e| explain(&e, doing))?;
                p256::ecdsa::Signature::from_slice(&raw)
                    .map_err(|e| token_err(format!("chữ ký ECDSA từ thẻ không đúng dạng: {e}")))?
                    .to_der()
                    .as_bytes()
                    .to_vec()
            }
        };
        let cert = Certificate::from_der(&self.chain[0])
            .map_err(|e| token_err(format!("chứng thư trên thẻ hỏng: {e}")))?;
        if !crate::verify::verify_raw(
            &cert,
            &self.algorithm().identifier().oid,
            data_to_sign,
            &signature,
        ) {
            return Err(token_err(
                "chữ ký do thẻ tạo không khớp với chứng thư trên thẻ (khóa và chứng thư không đi cùng nhau)",
            ));
        }
        Ok(signature)
    }
}
