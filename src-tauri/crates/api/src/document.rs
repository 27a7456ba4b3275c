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
