//! A software token for training and tests: initialises a token of a PKCS#11 module that can
//! create tokens (SoftHSM2) and puts training keys and certificates on it, through `cryptoki`
//! alone, so that signing on a token can be practised and tested without a USB token or any
//! other tool.
//!
//! Only [`crate::cert::make_training_certificate`] credentials are loaded: whatever is put on such
//! a token is marked as training in its certificate's name.

use std::path::{Path, PathBuf};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::object::{Attribute, CertificateType, KeyType, ObjectClass};
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;
use der::{Decode, Encode};
use p12_keystore::KeyStore;
use pkcs8::DecodePrivateKey;

use crate::cert::{TrainingCredential, TRAINING_MARK};
use crate::error::PdfError;

/// One key to put on the token: a training credential, the password of its .p12, and the label
/// (key and certificate share it; each key gets its own CKA_ID).
#[derive(Debug, Clone, Copy)]
pub struct TrainingKey<'a> {
    pub credential: &'a TrainingCredential,
    pub password: &'a str,
    pub label: &'a str,
}

/// RSAPrivateKey (RFC 8017 A.1.2), what PKCS#8 wraps for an RSA key.
#[derive(der::Sequence)]
struct RsaPrivateKey {
    version: der::asn1::Uint,
    modulus: der::asn1::Uint,
    public_exponent: der::asn1::Uint,
    private_exponent: der::asn1::Uint,
    prime1: der::asn1::Uint,
    prime2: der::asn1::Uint,
    exponent1: der::asn1::Uint,
    exponent2: der::asn1::Uint,
    coefficient: der::asn1::Uint,
}

fn err(what: &str, e: &dyn std::fmt::Display) -> PdfError {
    PdfError::Token(format!("{what}: {e}"))
}

fn ck(what: &'static str) -> impl Fn(CkError) -> PdfError {
    move |e| err(what, &e)
}

/// Initialises the first token-less slot of `module` as `token_label` with the two PINs, and
/// loads every key of `keys` with its certificate and its CA certificate.
pub fn load_training_token(
    module: &Path,
    token_label: &str,
    so_pin: &str,
    user_pin: &str,
    keys: &[TrainingKey<'_>],
) -> Result<(), PdfError> {
    let ctx = Pkcs11::new(module).map_err(|e| err("không nạp được mô-đun PKCS#11", &e))?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(err("không khởi động được mô-đun PKCS#11", &e)),
    }
    let result = load(&ctx, token_label, so_pin, user_pin, keys);
    let _ = ctx.finalize();
    result
}

/// Where the SoftHSM2 module is on this machine: the setting `XETKHEN_PKCS11_MODULE` if given,
/// else where the Debian and Ubuntu packages put it; `None` when it is not installed.
pub fn softhsm_module() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("XETKHEN_PKCS11_MODULE") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// Gives the SoftHSM2 `module` a token directory of its own under `dir`, so that practice
/// never touches the tokens of the machine, then makes a token there as [`load_training_token`]
/// does. SoftHSM2 finds its configuration through `SOFTHSM2_CONF`, which this sets for the whole
/// process: call it before any other thread reads the environment. Returns the configuration
/// file, for programs started from this one.
pub fn private_training_token(
    module: &Path,
    dir: &Path,
    token_label: &str,
    so_pin: &str,
    user_pin: &str,
    keys: &[TrainingKey<'_>],
) -> Result<PathBuf, PdfError> {
    let tokens = dir.join("tokens");
    std::fs::create_dir_all(&tokens).map_err(|e| err("không tạo được thư mục thẻ", &e))?;
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
            tokens.display()
        ),
    )
    .map_err(|e| err("không ghi được cấu hình SoftHSM2", &e))?;
    std::env::set_var("SOFTHSM2_CONF", &conf);
    load_training_token(module, token_label, so_pin, user_pin, keys)?;
    Ok(conf)
}

fn load(
    ctx: &Pkcs11,
    token_label: &str,
    so_pin: &str,
    user_pin: &str,
    keys: &[TrainingKey<'_>],
) -> Result<(), PdfError> {
    for k in keys {
        let cn = crate::cert::common_name(
            &x509_cert::Certificate::from_der(&k.credential.signer_der)
                .map_err(|e| err("chứng thư tập huấn hỏng", &e))?,
        )
        .unwrap_or_default();
        if !cn.ends_with(TRAINING_MARK) {
            return Err(PdfError::Token(
                "chỉ nạp được chứng thư tập huấn vào thẻ tập huấn".into(),
            ));
        }
    }
    let free = ctx
        .get_all_slots()
        .map_err(ck("không liệt kê được các khe cắm"))?
        .into_iter()
        .find(|s| ctx.get_token_info(*s).is_ok_and(|t| !t.token_initialized()))
        .ok_or_else(|| PdfError::Token("mô-đun không còn khe trống để tạo thẻ".into()))?;
    ctx.init_token(free, &AuthPin::from(so_pin), token_label)
        .map_err(ck("không khởi tạo được thẻ"))?;
    // SoftHSM moves an initialised token to a slot of its own: find it again by label.
    let slot = ctx
        .get_slots_with_token()
        .map_err(ck("không liệt kê được các khe cắm"))?
        .into_iter()
        .find(|s| {
            ctx.get_token_info(*s)
                .is_ok_and(|t| t.label().trim() == token_label.trim())
        })
        .ok_or_else(|| PdfError::Token("không thấy thẻ vừa khởi tạo".into()))?;
    let session = ctx
        .open_rw_session(slot)
        .map_err(ck("không mở được phiên làm việc với thẻ"))?;
    session
        .login(UserType::So, Some(&AuthPin::from(so_pin)))
        .map_err(ck("không đăng nhập được bằng mã PIN quản trị"))?;
    session
        .init_pin(&AuthPin::from(user_pin))
        .map_err(ck("không đặt được mã PIN người dùng"))?;
    session.logout().map_err(ck("không đăng xuất được"))?;
    session
        .login(UserType::User, Some(&AuthPin::from(user_pin)))
        .map_err(ck("không đăng nhập được bằng mã PIN người dùng"))?;
    for (i, k) in (1u8..).zip(keys) {
        let id = [i];
        session
            .create_object(&key_attributes(k, &id)?)
            .map_err(ck("không nạp được khóa bí mật"))?;
        session
            .create_object(&cert_attributes(&k.credential.signer_der, k.label, &id)?)
            .map_err(ck("không nạp được chứng thư"))?;
        session
            .create_object(&cert_attributes(
                &k.credential.ca_der,
                "CA tập huấn",
                &[i.wrapping_add(100)],
            )?)
            .map_err(ck("không nạp được chứng thư gốc"))?;
    }
    session.logout().map_err(ck("không đăng xuất được"))?;
    Ok(())
}

fn key_attributes(k: &TrainingKey<'_>, id: &[u8]) -> Result<Vec<Attribute>, PdfError> {
    let store = KeyStore::from_pkcs12(
        &k.credential.p12,
        k.password,
        p12_keystore::Pkcs12ImportPolicy::Strict,
    )
    .map_err(|e| err("không mở được tệp PKCS#12 tập huấn", &e))?;
    let (_, chain) = store
        .private_key_chain()
        .ok_or_else(|| PdfError::Token("tệp PKCS#12 không có khóa bí mật".into()))?;
    let der = chain.key().as_der();
    let mut attrs = vec![
        Attribute::Class(ObjectClass::PRIVATE_KEY),
        Attribute::Token(true),
        Attribute::Private(true),
        Attribute::Sensitive(true),
        Attribute::Sign(true),
        Attribute::Label(k.label.as_bytes().to_vec()),
        Attribute::Id(id.to_vec()),
    ];
    if let Ok(ec) = p256::SecretKey::from_pkcs8_der(der) {
        let params = const_oid::db::rfc5912::SECP_256_R_1
            .to_der()
            .map_err(|e| err("tham số đường cong", &e))?;
        attrs.extend([
            Attribute::KeyType(KeyType::EC),
            Attribute::EcParams(params),
            Attribute::Value(ec.to_bytes().to_vec()),
        ]);
        return Ok(attrs);
    }
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).map_err(|e| err("khóa PKCS#8", &e))?;
    let rsa =
        RsaPrivateKey::from_der(info.private_key.as_bytes()).map_err(|e| err("khóa RSA", &e))?;
    let b = |u: &der::asn1::Uint| u.as_bytes().to_vec();
    attrs.extend([
        Attribute::KeyType(KeyType::RSA),
        Attribute::Modulus(b(&rsa.modulus)),
        Attribute::PublicExponent(b(&rsa.public_exponent)),
        Attribute::PrivateExponent(b(&rsa.private_exponent)),
        Attribute::Prime1(b(&rsa.prime1)),
        Attribute::Prime2(b(&rsa.prime2)),
        Attribute::Exponent1(b(&rsa.exponent1)),
        Attribute::Exponent2(b(&rsa.exponent2)),
        Attribute::Coefficient(b(&rsa.coefficient)),
    ]);
    Ok(attrs)
}

fn cert_attributes(der_bytes: &[u8], label: &str, id: &[u8]) -> Result<Vec<Attribute>, PdfError> {
    let cert = x509_cert::Certificate::from_der(der_bytes).map_err(|e| err("chứng thư", &e))?;
    let subject = cert
        .tbs_certificate()
        .subject()
        .to_der()
        .map_err(|e| err("chứng thư", &e))?;
    Ok(vec![
        Attribute::Class(ObjectClass::CERTIFICATE),
        Attribute::CertificateType(CertificateType::X_509),
        Attribute::Token(true),
        Attribute::Label(label.as_bytes().to_vec()),
        Attribute::Id(id.to_vec()),
        Attribute::Subject(subject),
        Attribute::Value(der_bytes.to_vec()),
    ])
}
