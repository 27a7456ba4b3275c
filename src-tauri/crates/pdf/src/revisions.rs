//! What changed in a PDF after a signature that is not the last one. The revision the signature
//! covers is read on its own and compared object by object with the whole file. Only what a later
//! signer needs may be added: new signature fields and their widgets (with the /Fields and /Annots
//! entries that attach them, and /SigFlags) and DSS data (validation material, PAdES LTV). Any
//! other change, however small, is named: this is how an approval signature (which has no DocMDP
//! of its own) is protected against content appended and then signed by someone else.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdfobj::{decode_text, resolve};

/// The changes made after the revision that ends at `end`, in Vietnamese; empty when only
/// signatures and validation data were added. `now` is the whole file, already read.
pub(crate) fn disallowed_changes(pdf: &[u8], end: usize, now: &Document) -> Vec<String> {
    let Some(signed) = pdf.get(..end) else {
        return vec!["Không đọc được phiên bản tệp mà chữ ký này bao trùm.".into()];
    };
    let then = match Document::load_mem(signed) {
        Ok(d) => d,
        Err(e) => {
            return vec![format!(
                "Không đọc được phiên bản tệp mà chữ ký này bao trùm: {e}"
            )]
        }
    };
    let mut out = Vec::new();
    let root_then = then
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .ok();
    let root_now = now.trailer.get(b"Root").and_then(Object::as_reference).ok();
    if root_then != root_now {
        out.push("Gốc tài liệu (/Root) đã bị thay bằng một đối tượng khác.".into());
        return out;
    }
    let info_then = then.trailer.get(b"Info").ok();
    let info_now = now.trailer.get(b"Info").ok();
    if !opt_same(info_then, info_now) {
        out.push("Thông tin tài liệu (/Info) đã bị thay.".into());
    }
    // The arrays that may grow: the AcroForm's /Fields and every page's /Annots, when they are
    // objects of their own.
    let mut growing: HashSet<ObjectId> = HashSet::new();
    let acro_then = root_then
        .and_then(|r| then.get_object(r).ok())
        .and_then(|c| c.as_dict().ok())
        .and_then(|c| c.get(b"AcroForm").ok());
    let acro_id = match acro_then {
        Some(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    for doc in [&then, now] {
        if let Some(Object::Reference(id)) = root_now
            .and_then(|r| doc.get_object(r).ok())
            .and_then(|c| c.as_dict().ok())
            .and_then(|c| c.get(b"AcroForm").ok())
            .and_then(|a| resolve(doc, a).ok())
            .and_then(|a| a.as_dict().ok())
            .and_then(|a| a.get(b"Fields").ok())
        {
            growing.insert(*id);
        }
        for page in doc.get_pages().values() {
            if let Some(Object::Reference(id)) = doc
                .get_object(*page)
                .ok()
                .and_then(|p| p.as_dict().ok())
                .and_then(|p| p.get(b"Annots").ok())
            {
                growing.insert(*id);
            }
        }
    }
    for (id, old) in &then.objects {
        let Some(new) = now.objects.get(id) else {
            out.push(format!("Đối tượng {} {} đã bị xóa.", id.0, id.1));
            continue;
        };
        if same(old, new) {
            continue;
        }
        let problem = if Some(*id) == root_then {
            catalog_change(&then, now, old, new)
        } else if Some(*id) == acro_id {
            match (old.as_dict(), new.as_dict()) {
                (Ok(a), Ok(b)) => acroform_change(&then, now, a, b),
                _ => Some("Biểu mẫu (/AcroForm) đã bị thay.".into()),
            }
        } else if is_page(old) {
            page_change(&then, now, old, new)
        } else if growing.contains(id) {
            match (old.as_array(), new.as_array()) {
                (Ok(a), Ok(b)) => added_only_signatures(now, a, b),
                _ => Some("Danh sách trường hoặc chú thích đã bị thay.".into()),
            }
        } else {
            Some(describe(old))
        };
        if let Some(p) = problem {
            out.push(format!("Đối tượng {} {}: {p}", id.0, id.1));
        }
    }
    out
}

fn describe(o: &Object) -> String {
    let dict = match o {
        Object::Stream(s) => Some(&s.dict),
        Object::Dictionary(d) => Some(d),
        _ => None,
    };
    let kind = dict
        .and_then(|d| d.get(b"Type").ok())
        .and_then(|t| t.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned());
    match (o, kind) {
        (Object::Stream(_), _) => "nội dung (luồng dữ liệu) đã bị sửa.".into(),
        (_, Some(k)) => format!("đối tượng loại /{k} đã bị sửa."),
        _ => "đã bị sửa.".into(),
    }
}

fn is_page(o: &Object) -> bool {
    o.as_dict()
        .ok()
        .and_then(|d| d.get(b"Type").ok())
        .and_then(|t| t.as_name().ok())
        == Some(b"Page")
}

/// The catalog may change only in /AcroForm (judged by [`acroform_change`]) and /DSS.
fn catalog_change(then: &Document, now: &Document, old: &Object, new: &Object) -> Option<String> {
    let (Ok(a), Ok(b)) = (old.as_dict(), new.as_dict()) else {
        return Some("danh mục tài liệu (/Catalog) đã bị thay.".into());
    };
    if let Some(k) = differing_key(a, b, &[&b"AcroForm"[..], &b"DSS"[..]]) {
        return Some(format!(
            "danh mục tài liệu (/Catalog) đã bị sửa ở khóa /{k}."
        ));
    }
    let (x, y) = (a.get(b"AcroForm").ok(), b.get(b"AcroForm").ok());
    if opt_same(x, y) {
        // The same object (or both absent): a change inside it is judged as that object.
        return None;
    }
    // Added, or moved between inline and an object of its own: compare what it says.
    let old = match x.map(|x| resolve(then, x)) {
        None => Some(Dictionary::new()),
        Some(Ok(Object::Dictionary(d))) => Some(d.clone()),
        Some(_) => None,
    };
    let new = y
        .and_then(|y| resolve(now, y).ok())
        .and_then(|y| y.as_dict().ok());
    match (old, new) {
        (Some(old), Some(new)) => acroform_change(then, now, &old, new),
        _ => Some("biểu mẫu (/AcroForm) đã bị thay hoặc bị xóa.".into()),
    }
}

/// The AcroForm may only gain signature fields in /Fields and set /SigFlags.
fn acroform_change(
    then: &Document,
    now: &Document,
    a: &Dictionary,
    b: &Dictionary,
) -> Option<String> {
    if let Some(k) = differing_key(a, b, &[&b"Fields"[..], &b"SigFlags"[..]]) {
        return Some(format!("biểu mẫu (/AcroForm) đã bị sửa ở khóa /{k}."));
    }
    let empty = Vec::new();
    let old = match a.get(b"Fields").ok().map(|f| resolve(then, f)) {
        None => &empty,
        Some(Ok(Object::Array(v))) => v,
        Some(_) => return Some("danh sách trường (/Fields) không đọc được.".into()),
    };
    let new = match b.get(b"Fields").ok().map(|f| resolve(now, f)) {
        Some(Ok(Object::Array(v))) => v,
        _ => return Some("danh sách trường (/Fields) không đọc được.".into()),
    };
    added_only_signatures(now, old, new)
}

/// A page may only gain signature widgets in /Annots.
fn page_change(then: &Document, now: &Document, old: &Object, new: &Object) -> Option<String> {
    let (Ok(a), Ok(b)) = (old.as_dict(), new.as_dict()) else {
        return Some("một trang đã bị thay.".into());
    };
    if let Some(k) = differing_key(a, b, &[&b"Annots"[..]]) {
        return Some(format!("một trang đã bị sửa ở khóa /{k}."));
    }
    let empty = Vec::new();
    let old = match a.get(b"Annots").ok().map(|f| resolve(then, f)) {
        None => &empty,
        Some(Ok(Object::Array(v))) => v,
        Some(_) => return Some("chú thích của trang (/Annots) không đọc được.".into()),
    };
    let new = match b.get(b"Annots").ok().map(|f| resolve(now, f)) {
        Some(Ok(Object::Array(v))) => v,
        _ => return Some("chú thích của trang (/Annots) không đọc được.".into()),
    };
    added_only_signatures(now, old, new)
}

/// `new` is `old` with signature fields or widgets appended, nothing removed or reordered.
fn added_only_signatures(now: &Document, old: &[Object], new: &[Object]) -> Option<String> {
    if new.len() < old.len() || !old.iter().zip(new).all(|(x, y)| same(x, y)) {
        return Some("danh sách trường hoặc chú thích đã bị bớt hoặc đổi thứ tự.".into());
    }
    for added in &new[old.len()..] {
        if !is_signature_field_or_widget(now, added) {
            return Some("một trường hoặc chú thích không phải chữ ký đã được thêm vào.".into());
        }
    }
    None
}

/// A signature field (/FT /Sig), or a widget whose parent is one.
fn is_signature_field_or_widget(doc: &Document, o: &Object) -> bool {
    let Some(d) = resolve(doc, o).ok().and_then(|o| o.as_dict().ok()) else {
        return false;
    };
    let is_sig = |d: &Dictionary| {
        d.get(b"FT")
            .ok()
            .and_then(|t| resolve(doc, t).ok())
            .and_then(|t| t.as_name().ok())
            == Some(b"Sig")
    };
    if is_sig(d) {
        return true;
    }
    let widget = d.get(b"Subtype").ok().and_then(|t| t.as_name().ok()) == Some(b"Widget");
    widget
        && d.get(b"Parent")
            .ok()
            .and_then(|p| resolve(doc, p).ok())
            .and_then(|p| p.as_dict().ok())
            .is_some_and(is_sig)
}

/// The first key, other than `allowed`, whose value differs between `a` and `b`.
fn differing_key(a: &Dictionary, b: &Dictionary, allowed: &[&[u8]]) -> Option<String> {
    let keys = a.iter().map(|(k, _)| k).chain(b.iter().map(|(k, _)| k));
    for k in keys {
        if allowed.contains(&k.as_slice()) {
            continue;
        }
        if !opt_same(a.get(k).ok(), b.get(k).ok()) {
            return Some(decode_text(k));
        }
    }
    None
}

fn opt_same(a: Option<&Object>, b: Option<&Object>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => same(x, y),
        _ => false,
    }
}

/// Two objects are the same value (reals compared bit for bit, streams by their raw bytes).
pub(crate) fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Null, Object::Null) => true,
        (Object::Boolean(x), Object::Boolean(y)) => x == y,
        (Object::Integer(x), Object::Integer(y)) => x == y,
        (Object::Real(x), Object::Real(y)) => x.to_bits() == y.to_bits(),
        (Object::Name(x), Object::Name(y)) => x == y,
        (Object::String(x, _), Object::String(y, _)) => x == y,
        (Object::Reference(x), Object::Reference(y)) => x == y,
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(x, y),
        (Object::Stream(x), Object::Stream(y)) => {
            x.content == y.content && same_dict(&x.dict, &y.dict)
        }
        _ => false,
    }
}

fn same_dict(a: &Dictionary, b: &Dictionary) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_ok_and(|w| same(v, w)))
}
