//! PAdES B-B signing (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached) as an incremental
//! update: the original bytes are kept as they are and a new section is appended with the
//! signature field, its visible appearance on the chosen page, the signature dictionary and, for
//! the first signature, a DocMDP certification (P=1: no change allowed after signing).
//!
//! The CMS carries three signed attributes: content-type, message-digest and
//! signing-certificate-v2. The signing time lives in the signature dictionary's /M, which PAdES
//! B-B allows, instead of a signing-time attribute, which PAdES forbids alongside /M mismatches.

use chrono::{DateTime, FixedOffset, Utc};
use cms::cert::IssuerAndSerialNumber;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

use crate::canvas::{SignatureArea, PLACE};
use crate::cert::{common_name, SignatureAlgorithm, Signer};
use crate::error::PdfError;
use crate::layout::{Metrics, Style};
use crate::pdfobj::{
    get, last_startxref, resolve, resolve_dict, signature_fields, text_string, write_dict,
    write_object,
};

pub(crate) const OID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const OID_SIGNED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const OID_CONTENT_TYPE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const OID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
pub(crate) const OID_SIGNING_CERT_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub(crate) const OID_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");

/// Room reserved for the CMS, in bytes (hex doubles it in the file). A chain of three RSA-4096
/// certificates fits comfortably.
pub const DEFAULT_CONTENTS_SIZE: usize = 16 * 1024;

/// What the signature says about itself.
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// Shown as "Ký bởi: …"; the certificate's common name when `None`.
    pub signer_name: Option<String>,
    /// The signer's position, shown under the name ("Phó Trưởng ban").
    pub position: String,
    pub reason: String,
    /// Defaults to "Thành phố Hồ Chí Minh".
    pub location: String,
    /// Written to /M and shown in Vietnam time (+07:00).
    pub signing_time: DateTime<Utc>,
    /// Where the visible signature goes; the bottom right of the last page when `None`.
    pub area: Option<SignatureArea>,
    /// Bytes reserved for the CMS.
    pub contents_size: usize,
    /// For the first signature of a file: `false` (the default, for the list) certifies the file
    /// and forbids any later change (DocMDP P=1); `true` makes it an approval signature, after
    /// which others may sign (the secretary of the vote minutes, then the chair). A certified
    /// file with room for later signers (P=2) would need the later signature fields made
    /// beforehand, which validators hold to.
    pub allow_later_signatures: bool,
}

impl SignOptions {
    pub fn new(position: &str, reason: &str, signing_time: DateTime<Utc>) -> Self {
        Self {
            signer_name: None,
            position: position.to_string(),
            reason: reason.to_string(),
            location: PLACE.to_string(),
            signing_time,
            area: None,
            contents_size: DEFAULT_CONTENTS_SIZE,
            allow_later_signatures: false,
        }
    }
}

/// Vietnam time, UTC+7, no daylight saving.
pub fn vietnam_time(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    xetkhen_core::calendar::vietnam_time(t)
}

/// Signs `pdf` and returns the signed file (the original bytes followed by the update).
pub fn sign_pdf(pdf: &[u8], signer: &dyn Signer, opts: &SignOptions) -> Result<Vec<u8>, PdfError> {
    let chain = signer.certificate_chain();
    let leaf_der = chain
        .first()
        .ok_or_else(|| PdfError::Certificate("thiếu chứng thư của người ký".into()))?;
    let leaf = Certificate::from_der(leaf_der)
        .map_err(|e| PdfError::Certificate(format!("chứng thư người ký: {e}")))?;
    let name = opts
        .signer_name
        .clone()
        .or_else(|| common_name(&leaf))
        .unwrap_or_else(|| "(không rõ)".into());
    let name = xetkhen_core::text::clean(&name);

    let doc = Document::load_mem(pdf).map_err(|e| PdfError::Parse(e.to_string()))?;
    if doc.is_encrypted() {
        return Err(PdfError::Parse("tệp PDF đã mã hóa, không ký được".into()));
    }
    let existing = signature_fields(&doc);
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| PdfError::Parse("không có /Root".into()))?;
    let catalog = doc
        .catalog()
        .map_err(|e| PdfError::Parse(e.to_string()))?
        .clone();
    if let Some(perms) = get(&doc, &catalog, b"Perms").and_then(|p| p.as_dict().ok()) {
        if perms.has(b"DocMDP") && docmdp_p(&doc, perms) == Some(1) {
            return Err(PdfError::Sign(
                "tài liệu đã được chứng nhận và không cho phép thay đổi (DocMDP P=1)".into(),
            ));
        }
    }
    let certify = existing.is_empty() && !opts.allow_later_signatures;

    let pages = doc.get_pages();
    let page_index = opts
        .area
        .map(|a| a.page)
        .unwrap_or(pages.len().saturating_sub(1));
    let page_id = *pages
        .values()
        .nth(page_index)
        .ok_or_else(|| PdfError::Sign(format!("không có trang {}", page_index + 1)))?;
    let rect = opts
        .area
        .map(|a| a.rect)
        .unwrap_or([330.0, 60.0, 545.0, 135.0]);

    // Object numbers of the new objects.
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(0)
        .max(0) as u32;
    let first_new = size.max(doc.max_id + 1);
    let sig_id: ObjectId = (first_new, 0);
    let field_id: ObjectId = (first_new + 1, 0);
    let ap_id: ObjectId = (first_new + 2, 0);

    // The visible appearance.
    let local = vietnam_time(opts.signing_time);
    let iso = local.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let lines = [
        format!("Ký bởi: {name}"),
        xetkhen_core::text::clean(&opts.position),
        format!("Thời gian: {iso}"),
    ];
    let ap = appearance_stream(&lines, rect[2] - rect[0], rect[3] - rect[1])?;

    // Field + widget, merged.
    let field_name = format!("Signature{}", existing.len() + 1);
    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text_string(&field_name));
    field.set("V", Object::Reference(sig_id));
    field.set("F", Object::Integer(132)); // Print + Locked
    field.set(
        "Rect",
        Object::Array(rect.iter().map(|&v| Object::Real(v)).collect()),
    );
    field.set("P", Object::Reference(page_id));
    let mut ap_dict = Dictionary::new();
    ap_dict.set("N", Object::Reference(ap_id));
    field.set("AP", Object::Dictionary(ap_dict));

    // The page, with the widget added to its annotations.
    let mut page = doc
        .get_object(page_id)
        .and_then(Object::as_dict)
        .map_err(|e| PdfError::Parse(e.to_string()))?
        .clone();
    let mut annots = match page.get(b"Annots").ok().map(|a| resolve(&doc, a)) {
        Some(Ok(Object::Array(a))) => a.clone(),
        _ => Vec::new(),
    };
    annots.push(Object::Reference(field_id));
    page.set("Annots", Object::Array(annots));

    // The catalog (and the AcroForm, inline in it).
    let mut new_catalog = catalog.clone();
    let mut acro = match catalog.get(b"AcroForm").ok().map(|a| resolve_dict(&doc, a)) {
        Some(Ok(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let mut fields = match get(&doc, &acro, b"Fields") {
        Some(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    fields.push(Object::Reference(field_id));
    acro.set("Fields", Object::Array(fields));
    acro.set("SigFlags", Object::Integer(3));
    new_catalog.set("AcroForm", Object::Dictionary(acro));
    if certify {
        let mut perms = Dictionary::new();
        perms.set("DocMDP", Object::Reference(sig_id));
        new_catalog.set("Perms", Object::Dictionary(perms));
    }

    // Write the update: everything but the signature dictionary is ordinary.
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(ObjectId, usize)> = Vec::new();
    let mut put = |out: &mut Vec<u8>, id: ObjectId, body: &dyn Fn(&mut Vec<u8>)| {
        offsets.push((id, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        body(out);
        out.extend_from_slice(b"\nendobj\n");
    };
    put(&mut out, catalog_id, &|o| write_dict(o, &new_catalog));
    put(&mut out, page_id, &|o| write_dict(o, &page));
    put(&mut out, field_id, &|o| write_dict(o, &field));
    put(&mut out, ap_id, &|o| {
        write_object(o, &Object::Stream(ap.clone()))
    });

    // The signature dictionary, with placeholders at known offsets.
    let byte_range_width = "[0 0000000000 0000000000 0000000000]".len();
    let mut sig_offsets = (0usize, 0usize, 0usize);
    {
        let start = out.len();
        offsets.push((sig_id, start));
        out.extend_from_slice(format!("{} 0 obj\n<<", sig_id.0).as_bytes());
        out.extend_from_slice(b"/Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached");
        out.extend_from_slice(b"/ByteRange ");
        sig_offsets.0 = out.len();
        out.extend(std::iter::repeat_n(b' ', byte_range_width));
        out.extend_from_slice(b"/Contents ");
        sig_offsets.1 = out.len();
        out.push(b'<');
        out.extend(std::iter::repeat_n(b'0', opts.contents_size * 2));
        out.push(b'>');
        sig_offsets.2 = out.len();
        let mut rest = Dictionary::new();
        rest.set(
            "M",
            Object::String(pdf_date(local).into_bytes(), lopdf::StringFormat::Literal),
        );
        rest.set("Name", text_string(&name));
        rest.set(
            "Reason",
            text_string(&xetkhen_core::text::clean(&opts.reason)),
        );
        rest.set(
            "Location",
            text_string(&xetkhen_core::text::clean(&opts.location)),
        );
        if certify {
            let mut params = Dictionary::new();
            params.set("Type", Object::Name(b"TransformParams".to_vec()));
            params.set("P", Object::Integer(1));
            params.set("V", Object::Name(b"1.2".to_vec()));
            let mut reference = Dictionary::new();
            reference.set("Type", Object::Name(b"SigRef".to_vec()));
            reference.set("TransformMethod", Object::Name(b"DocMDP".to_vec()));
            reference.set("TransformParams", Object::Dictionary(params));
            rest.set(
                "Reference",
                Object::Array(vec![Object::Dictionary(reference)]),
            );
        }
        for (k, v) in rest.iter() {
            crate::pdfobj::write_name(&mut out, k);
            out.push(b' ');
            write_object(&mut out, v);
        }
        out.extend_from_slice(b">>\nendobj\n");
    }

    // Cross-reference section and trailer.
    let xref_at = out.len();
    offsets.sort_by_key(|(id, _)| id.0);
    out.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && offsets[j].0 .0 == offsets[j - 1].0 .0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", offsets[i].0 .0, j - i).as_bytes());
        for (id, off) in &offsets[i..j] {
            out.extend_from_slice(format!("{off:010} {:05} n\r\n", id.1).as_bytes());
        }
        i = j;
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(first_new + 3)));
    trailer.set("Root", Object::Reference(catalog_id));
    if let Ok(info) = doc.trailer.get(b"Info") {
        trailer.set("Info", info.clone());
    }
    if let Ok(id) = doc.trailer.get(b"ID") {
        trailer.set("ID", id.clone());
    }
    trailer.set("Prev", Object::Integer(last_startxref(pdf)? as i64));
    out.extend_from_slice(b"trailer\n");
    write_dict(&mut out, &trailer);
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());

    // Byte range: everything but the <…> of /Contents.
    let (br_at, gap_start, gap_end) = sig_offsets;
    let range = [0, gap_start, gap_end, out.len() - gap_end];
    let br = format!("[0 {} {} {}]", range[1], range[2], range[3]);
    if br.len() > byte_range_width {
        return Err(PdfError::Sign("tệp quá lớn".into()));
    }
    out[br_at..br_at + br.len()].copy_from_slice(br.as_bytes());

    let mut hasher = Sha256::new();
    hasher.update(&out[..gap_start]);
    hasher.update(&out[gap_end..]);
    let digest = hasher.finalize();
    let cms = build_cms(signer, &chain, &leaf, &digest)?;
    let hex = hex::encode_upper(&cms);
    if hex.len() > opts.contents_size * 2 {
        return Err(PdfError::Sign(format!(
            "chữ ký ({} byte) lớn hơn chỗ dành sẵn ({} byte)",
            cms.len(),
            opts.contents_size
        )));
    }
    out[gap_start + 1..gap_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

fn docmdp_p(doc: &Document, perms: &Dictionary) -> Option<i64> {
    let sig = get(doc, perms, b"DocMDP")?.as_dict().ok()?;
    let refs = get(doc, sig, b"Reference")?.as_array().ok()?;
    refs.iter().find_map(|r| {
        let r = resolve_dict(doc, r).ok()?;
        let params = get(doc, r, b"TransformParams")?.as_dict().ok()?;
        Some(
            get(doc, params, b"P")
                .and_then(|p| p.as_i64().ok())
                .unwrap_or(2),
        )
    })
}

/// "D:20230705100000+07'00'".
fn pdf_date(t: DateTime<FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let sign = if off < 0 { '-' } else { '+' };
    let off = off.abs();
    format!(
        "D:{}{}{:02}'{:02}'",
        t.format("%Y%m%d%H%M%S"),
        sign,
        off / 3600,
        (off % 3600) / 60
    )
}

/// A detached CMS SignedData (the PAdES B-B attributes) over a SHA-256 `digest` computed
/// elsewhere: for signing byte ranges laid out by another tool, and for tests that forge a
/// file's layout while keeping its signature mathematically valid.
pub fn detached_cms(signer: &dyn Signer, digest: &[u8]) -> Result<Vec<u8>, PdfError> {
    let chain = signer.certificate_chain();
    let leaf_der = chain
        .first()
        .ok_or_else(|| PdfError::Certificate("thiếu chứng thư của người ký".into()))?;
    let leaf = Certificate::from_der(leaf_der)
        .map_err(|e| PdfError::Certificate(format!("chứng thư người ký: {e}")))?;
    build_cms(signer, &chain, &leaf, digest)
}

/// The CMS SignedData over `digest` (SHA-256 of the byte ranges).
fn build_cms(
    signer: &dyn Signer,
    chain: &[Vec<u8>],
    leaf: &Certificate,
    digest: &[u8],
) -> Result<Vec<u8>, PdfError> {
    let e = |e: der::Error| PdfError::Sign(format!("CMS: {e}"));
    let sha256 = AlgorithmIdentifierOwned {
        oid: OID_SHA256,
        parameters: None,
    };
    let leaf_der = leaf.to_der().map_err(e)?;
    let cert_hash = Sha256::digest(&leaf_der);
    let signing_cert = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None, // DEFAULT sha256, omitted in DER
            cert_hash: OctetString::new(cert_hash.to_vec()).map_err(e)?,
            issuer_serial: None,
        }],
        policies: None,
    };
    let attr = |oid: ObjectIdentifier, value: Any| -> Result<Attribute, PdfError> {
        let mut values = SetOfVec::new();
        values.insert(value).map_err(e)?;
        Ok(Attribute { oid, values })
    };
    let mut signed_attrs = SetOfVec::new();
    signed_attrs
        .insert(attr(
            OID_CONTENT_TYPE,
            Any::encode_from(&OID_DATA).map_err(e)?,
        )?)
        .map_err(e)?;
    signed_attrs
        .insert(attr(
            OID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest.to_vec()).map_err(e)?).map_err(e)?,
        )?)
        .map_err(e)?;
    signed_attrs
        .insert(attr(
            OID_SIGNING_CERT_V2,
            Any::encode_from(&signing_cert).map_err(e)?,
        )?)
        .map_err(e)?;
    // The signature covers the DER of the attributes as a SET OF (tag 0x31).
    let to_sign = signed_attrs.to_der().map_err(e)?;
    let signature = signer.sign(&to_sign)?;

    let signature_algorithm = match signer.algorithm() {
        SignatureAlgorithm::RsaSha256 => AlgorithmIdentifierOwned {
            oid: const_oid::db::rfc5912::RSA_ENCRYPTION,
            parameters: Some(Any::null()),
        },
        alg => alg.identifier(),
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: leaf.tbs_certificate().issuer().clone(),
            serial_number: leaf.tbs_certificate().serial_number().clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(e)?,
        unsigned_attrs: None,
    };
    let mut certs = SetOfVec::new();
    for c in chain {
        let c = Certificate::from_der(c).map_err(e)?;
        certs
            .insert(cms::cert::CertificateChoices::Certificate(c))
            .map_err(e)?;
    }
    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms.insert(sha256).map_err(e)?;
    let mut infos = SetOfVec::new();
    infos.insert(signer_info).map_err(e)?;
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: OID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(certs)),
        crls: None,
        signer_infos: SignerInfos(infos),
    };
    let ci = ContentInfo {
        content_type: OID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(e)?,
    };
    ci.to_der().map_err(e)
}

/// SigningCertificateV2 (RFC 5035). We write no policies; other signers' may carry some.
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    pub policies: Option<Any>,
}

/// ESSCertIDv2. `hash_algorithm` absent means SHA-256. We write no issuerSerial; pyHanko and
/// most signing tools do, so the verifier must read it.
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
pub(crate) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<Any>,
}

/// The visible signature: a frame and three lines drawn as glyph outlines, so the appearance
/// needs no font of its own (the document's fonts are subsets that may lack these letters).
fn appearance_stream(lines: &[String], w: f32, h: f32) -> Result<Stream, PdfError> {
    let m = Metrics::load()?;
    let style = Style::Regular;
    let pad = 4.0;
    let line_style = |i: usize| if i == 0 { Style::Bold } else { style };
    let widest = lines
        .iter()
        .enumerate()
        .map(|(i, l)| m.width(line_style(i), 1.0, &xetkhen_core::text::nfc(l)))
        .fold(0.0f32, f32::max);
    let by_width = if widest > 0.0 {
        (w - 2.0 * pad) / widest
    } else {
        10.0
    };
    let by_height = (h - 2.0 * pad) / (lines.len() as f32 * 1.25);
    let size = by_width.min(by_height).clamp(4.0, 10.0);
    let mut ops = String::new();
    ops.push_str("q 0.1 0.2 0.6 RG 0.8 w ");
    ops.push_str(&format!("0.5 0.5 {:.2} {:.2} re S ", w - 1.0, h - 1.0));
    ops.push_str("0.1 0.2 0.6 rg\n");
    let block = lines.len() as f32 * size * 1.25;
    let mut baseline = h - (h - block) / 2.0 - size;
    for (i, line) in lines.iter().enumerate() {
        let st = line_style(i);
        let line = xetkhen_core::text::nfc(line);
        draw_outline(&m, st, size, pad, baseline, &line, &mut ops);
        baseline -= size * 1.25;
    }
    ops.push_str("Q\n");
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Real(w),
            Object::Real(h),
        ]),
    );
    dict.set("Resources", Object::Dictionary(Dictionary::new()));
    // Glyph outlines are verbose; deflate them.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut z, ops.as_bytes())?;
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Ok(Stream::new(dict, z.finish()?))
}

fn draw_outline(
    m: &Metrics,
    style: Style,
    size: f32,
    x: f32,
    y: f32,
    text: &str,
    ops: &mut String,
) {
    let face = m.face(style);
    let scale = size / m.units_per_em(style);
    let mut pen = x;
    for c in text.chars() {
        let gid = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        let mut b = PathOut {
            ops: String::new(),
            dx: pen,
            dy: y,
            s: scale,
            last: (0.0, 0.0),
        };
        if face.outline_glyph(gid, &mut b).is_some() {
            ops.push_str(&b.ops);
            ops.push_str("f\n");
        }
        pen += f32::from(face.glyph_hor_advance(gid).unwrap_or(0)) * scale;
    }
}

struct PathOut {
    ops: String,
    dx: f32,
    dy: f32,
    s: f32,
    last: (f32, f32),
}

impl PathOut {
    fn p(&self, x: f32, y: f32) -> (f32, f32) {
        (self.dx + x * self.s, self.dy + y * self.s)
    }
}

impl ttf_parser::OutlineBuilder for PathOut {
    fn move_to(&mut self, x: f32, y: f32) {
        let (a, b) = self.p(x, y);
        self.ops.push_str(&format!("{a:.2} {b:.2} m "));
        self.last = (a, b);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (a, b) = self.p(x, y);
        self.ops.push_str(&format!("{a:.2} {b:.2} l "));
        self.last = (a, b);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // A quadratic Bézier as a cubic: control points two thirds of the way to the quad's.
        let (qx, qy) = self.p(x1, y1);
        let (ex, ey) = self.p(x, y);
        let (sx, sy) = self.last;
        let c1 = (sx + 2.0 / 3.0 * (qx - sx), sy + 2.0 / 3.0 * (qy - sy));
        let c2 = (ex + 2.0 / 3.0 * (qx - ex), ey + 2.0 / 3.0 * (qy - ey));
        self.ops.push_str(&format!(
            "{:.2} {:.2} {:.2} {:.2} {ex:.2} {ey:.2} c ",
            c1.0, c1.1, c2.0, c2.1
        ));
        self.last = (ex, ey);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (a1, b1) = self.p(x1, y1);
        let (a2, b2) = self.p(x2, y2);
        let (a, b) = self.p(x, y);
        self.ops
            .push_str(&format!("{a1:.2} {b1:.2} {a2:.2} {b2:.2} {a:.2} {b:.2} c "));
        self.last = (a, b);
    }
    fn close(&mut self) {
        self.ops.push_str("h ");
    }
}
