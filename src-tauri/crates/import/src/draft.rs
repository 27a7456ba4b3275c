//! A nomination read from a list, before the store gives it an id and a round.

use chrono::{DateTime, Utc};
use serde::Serialize;
use xetkhen_core::text::fold;
use xetkhen_core::{AwardForm, Metrics, Nomination, NomineeKind};

/// Everything of [`Nomination`] except its id, round and timestamps. Text is cleaned (NFC,
/// spaces collapsed, trimmed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NominationDraft {
    pub kind: NomineeKind,
    pub criteria_set: String,
    pub name: String,
    pub position: Option<String>,
    pub birth_year: Option<i32>,
    pub id_number: Option<String>,
    pub unit: String,
    pub nominating_unit: Option<String>,
    pub award: AwardForm,
    pub summary: Option<String>,
    pub metrics: Metrics,
}

impl NominationDraft {
    pub fn into_nomination(self, id: String, round_id: String, now: DateTime<Utc>) -> Nomination {
        Nomination {
            id,
            round_id,
            kind: self.kind,
            criteria_set: self.criteria_set,
            name: self.name,
            position: self.position,
            birth_year: self.birth_year,
            id_number: self.id_number,
            unit: self.unit,
            nominating_unit: self.nominating_unit,
            award: self.award,
            summary: self.summary,
            metrics: self.metrics,
            created_at: now,
            updated_at: now,
        }
    }

    /// The key that tells whether two rows name the same nominee; see [`natural_key`].
    pub fn natural_key(&self) -> String {
        natural_key(
            self.kind,
            &self.name,
            self.birth_year,
            self.id_number.as_deref(),
            &self.unit,
        )
    }

    /// See [`lookalike_key`].
    pub fn lookalike_key(&self) -> String {
        lookalike_key(self.kind, &self.name, self.birth_year, &self.unit)
    }
}

/// The key that tells whether two rows (or a row and a stored nomination) name the same
/// nominee: the ID number when there is one, else kind, name, birth year and unit exactly as
/// written (NFC, spaces collapsed). Folding is not identity: "Xã Thanh An" and "Xã Thạnh An" are
/// two communes.
pub fn natural_key(
    kind: NomineeKind,
    name: &str,
    birth_year: Option<i32>,
    id_number: Option<&str>,
    unit: &str,
) -> String {
    match id_number {
        Some(id) => format!("id:{}", fold(id)),
        None => format!(
            "{}|{name}|{}|{unit}",
            kind.code(),
            birth_year.map(|y| y.to_string()).unwrap_or_default(),
        ),
    }
}

/// The same kind, name, birth year and unit once folded (no case, no diacritics, đ as d). Two
/// nominees that share it under different natural keys are a *possible* duplicate, for the user
/// to judge; never a rejection.
pub fn lookalike_key(kind: NomineeKind, name: &str, birth_year: Option<i32>, unit: &str) -> String {
    lookalike_key_folded(kind, &fold(name), birth_year, &fold(unit))
}

/// [`lookalike_key`] of a name and a unit already folded ([`fold`]).
pub fn lookalike_key_folded(
    kind: NomineeKind,
    name_folded: &str,
    birth_year: Option<i32>,
    unit_folded: &str,
) -> String {
    format!(
        "{}|{name_folded}|{}|{unit_folded}",
        kind.code(),
        birth_year.map(|y| y.to_string()).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> NominationDraft {
        NominationDraft {
            kind: NomineeKind::Individual,
            criteria_set: "2.4".into(),
            name: "Nguyễn Văn Đức".into(),
            position: Some("Chuyên viên".into()),
            birth_year: Some(1985),
            id_number: None,
            unit: "Sở Khoa học và Công nghệ".into(),
            nominating_unit: None,
            award: AwardForm::BangKhen,
            summary: None,
            metrics: Metrics::default(),
        }
    }

    #[test]
    fn names_that_differ_only_by_a_mark_are_two_nominees_that_look_alike() {
        let mut other = draft();
        other.name = "Nguyễn Văn Dức".into();
        assert_ne!(draft().natural_key(), other.natural_key());
        assert_eq!(draft().lookalike_key(), other.lookalike_key());
        assert_eq!(
            draft().natural_key(),
            "individual|Nguyễn Văn Đức|1985|Sở Khoa học và Công nghệ"
        );
        assert_eq!(
            draft().lookalike_key(),
            "individual|nguyen van duc|1985|so khoa hoc va cong nghe"
        );
    }

    #[test]
    fn the_id_number_is_the_key_when_present() {
        let mut d = draft();
        d.id_number = Some("079123456789".into());
        assert_eq!(d.natural_key(), "id:079123456789");
    }

    #[test]
    fn a_draft_becomes_a_nomination_with_the_given_id_and_round() {
        let now = Utc::now();
        let n = draft().into_nomination("n1".into(), "r1".into(), now);
        assert_eq!(
            (n.id.as_str(), n.round_id.as_str(), n.created_at),
            ("n1", "r1", now)
        );
        assert_eq!(n.name, "Nguyễn Văn Đức");
    }
}
