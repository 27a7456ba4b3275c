//! Writing PDF objects by hand for incremental updates, and small helpers shared by signing and
//! verification. lopdf reads the file; we write the appended section ourselves so that we know
//! the byte offset of every token we will later patch (/ByteRange, /Contents).

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::error::PdfError;

/// Serialises an object. Strings are written in hex, which never needs escaping.
pub(crate) fn write_object(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(format_real(*r).as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, _) => {
            out.push(b'<');
            out.extend_from_slice(hex::encode_upper(s).as_bytes());
            out.push(b'>');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.set("Length", Object::Integer(s.content.len() as i64));
            write_dict(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, gen)) => out.extend_from_slice(format!("{id} {gen} R").as_bytes()),
    }
}

pub(crate) fn write_dict(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        write_name(out, k);
        out.push(b' ');
        write_object(out, v);
    }
    out.extend_from_slice(b">>");
}

pub(crate) fn write_name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        let regular = b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

pub(crate) fn format_real(r: f32) -> String {
    let s = format!("{r:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" || s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, so Vietnamese survives.
pub(crate) fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding treated as
/// Latin-1).
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Follows a reference (once is enough for well-formed files, but we follow a few).
pub(crate) fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Result<&'a Object, PdfError> {
    let mut cur = o;
    for _ in 0..8 {
        match cur {
            Object::Reference(id) => {
                cur = doc
                    .get_object(*id)
                    .map_err(|e| PdfError::Parse(format!("{id:?}: {e}")))?;
            }
            _ => return Ok(cur),
        }
    }
    Err(PdfError::Parse("chuỗi tham chiếu quá dài".into()))
}

pub(crate) fn resolve_dict<'a>(
    doc: &'a Document,
    o: &'a Object,
) -> Result<&'a Dictionary, PdfError> {
    match resolve(doc, o)? {
        Object::Dictionary(d) => Ok(d),
        Object::Stream(s) => Ok(&s.dict),
        _ => Err(PdfError::Parse("cần một từ điển".into())),
    }
}

/// The dictionary entry `key`, resolved.
pub(crate) fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| resolve(doc, o).ok())
}

/// The byte offset given after the last `startxref`.
pub(crate) fn last_startxref(pdf: &[u8]) -> Result<usize, PdfError> {
    let pos = rfind(pdf, b"startxref")
        .ok_or_else(|| PdfError::Parse("không tìm thấy startxref".into()))?;
    let tail = &pdf[pos + b"startxref".len()..];
    let digits: String = tail
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits
        .parse()
        .map_err(|_| PdfError::Parse("startxref hỏng".into()))
}

pub(crate) fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}

/// A signature field of a document that holds a signature.
pub(crate) struct SignatureField<'a> {
    /// The field's full name ("Signature1").
    pub name: String,
    /// The field itself (with its widget's /Rect and /P, where the two are merged).
    pub dict: &'a Dictionary,
    /// The signature dictionary (/V).
    pub value: ObjectId,
}

/// All signature fields of the document that hold a signature, in the order of their values'
/// object numbers.
pub(crate) fn signature_fields(doc: &Document) -> Vec<SignatureField<'_>> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Some(acro) = catalog
        .get(b"AcroForm")
        .ok()
        .and_then(|o| resolve_dict(doc, o).ok())
    else {
        return out;
    };
    let Some(Object::Array(fields)) = get(doc, acro, b"Fields") else {
        return out;
    };
    let mut stack: Vec<(String, &Object)> = fields.iter().map(|f| (String::new(), f)).collect();
    while let Some((prefix, f)) = stack.pop() {
        let Ok(d) = resolve_dict(doc, f) else {
            continue;
        };
        let name = d
            .get(b"T")
            .ok()
            .and_then(|t| t.as_str().ok())
            .map(decode_text)
            .unwrap_or_default();
        let full = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}.{name}")
        };
        if let Some(Object::Array(kids)) = get(doc, d, b"Kids") {
            stack.extend(kids.iter().map(|k| (full.clone(), k)));
        }
        let is_sig = matches!(get(doc, d, b"FT"), Some(Object::Name(n)) if n == b"Sig");
        if let (true, Ok(Object::Reference(v))) = (is_sig, d.get(b"V")) {
            out.push(SignatureField {
                name: full,
                dict: d,
                value: *v,
            });
        }
    }
    out.sort_by_key(|f| f.value);
    out
}
