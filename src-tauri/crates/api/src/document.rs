//! What the documents the program writes share: the committee's issuing body at their head, and
//! their number ("Số: …"), left for the clerk to fill when none is given.

/// The issuing body of the committee's documents (the minutes, a member's vote summary).
pub(crate) const ISSUING_BODY: [&str; 2] = [
    "UBND THÀNH PHỐ HỒ CHÍ MINH",
    "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
];

/// The number line of a document: "Số: 12/TTr-BTĐKT" from "12/TTr-BTĐKT" (or from "Số: 12/…" as
/// typed, without saying "Số" twice); with no number, the place left for the clerk to write it,
/// before the document's sign (`kind`, "DS-BTĐKT").
pub(crate) fn document_number(given: Option<&str>, kind: &str) -> String {
    let given = given.map(str::trim).unwrap_or_default();
    let bare = given
        .strip_prefix("Số")
        .or_else(|| given.strip_prefix("số"))
        .or_else(|| given.strip_prefix("SỐ"))
        .map_or(given, |rest| rest.trim_start_matches([':', ' ']));
    if bare.is_empty() {
        format!("Số:        /{kind}")
    } else {
        format!("Số: {bare}")
    }
}

const AUDIT_HEAD_KEYWORD: &str = "audit-head:";
const AUDIT_KEY_KEYWORD: &str = "audit-key:";

/// The keywords that carry an audit head ("audit-head:SEQ:HASH") and the laptop's member key
/// ("audit-key:HEX") in the minutes' document information.
pub(crate) fn audit_keywords(
    head: Option<&xetkhen_core::audit::AuditHead>,
    key: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(h) = head {
        out.push(format!("{AUDIT_HEAD_KEYWORD}{}:{}", h.seq, h.hash));
    }
    if let Some(k) = key {
        out.push(format!("{AUDIT_KEY_KEYWORD}{k}"));
    }
    out
}

/// The member key (hex, empty when none) and audit head that signed minutes carry, read from the
/// bytes their first signature covers.
pub(crate) fn minutes_head(
    pdf: &[u8],
) -> Result<(String, Option<xetkhen_core::audit::AuditHead>), xetkhen_pdf::PdfError> {
    let keywords = xetkhen_pdf::verify::first_signed_keywords(pdf)?;
    let key = keywords
        .iter()
        .find_map(|k| k.strip_prefix(AUDIT_KEY_KEYWORD))
        .unwrap_or_default()
        .to_string();
    let head = keywords
        .iter()
        .find_map(|k| k.strip_prefix(AUDIT_HEAD_KEYWORD))
        .and_then(|h| {
            let (seq, hash) = h.split_once(':')?;
            Some(xetkhen_core::audit::AuditHead {
                seq: seq.parse().ok()?,
                hash: hash.to_string(),
            })
        });
    Ok((key, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_number_says_so_once_and_leaves_room_when_missing() {
        for typed in [
            "12/TTr-BTĐKT",
            " 12/TTr-BTĐKT ",
            "Số: 12/TTr-BTĐKT",
            "số 12/TTr-BTĐKT",
            "SỐ:12/TTr-BTĐKT",
        ] {
            assert_eq!(
                document_number(Some(typed), "TTr-BTĐKT"),
                "Số: 12/TTr-BTĐKT",
                "{typed}"
            );
        }
        for none in [None, Some(""), Some("  "), Some("Số:")] {
            assert_eq!(
                document_number(none, "BB-HĐTĐKT"),
                "Số:        /BB-HĐTĐKT",
                "{none:?}"
            );
        }
    }
}
