//! The award forms of plan 2242 (IV.1) and who may receive them, in one place.
//!
//! - Cờ Thi đua của Thành phố: collectives (agencies, units, localities), at the final review only.
//! - Bằng khen của UBND Thành phố: collectives and individuals, at the mid-term and final reviews.
//! - Giấy khen: granted by an agency itself, to collectives and individuals, in any round; the
//!   program records it but never sends it to UBND.

use crate::message::{Message, MessageCode};
use crate::nomination::NomineeKind;
use crate::round::RoundKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum AwardForm {
    /// Cờ Thi đua của Thành phố.
    CoThiDua,
    /// Bằng khen của Ủy ban nhân dân Thành phố.
    BangKhen,
    /// Giấy khen của cơ quan, đơn vị, địa phương.
    GiayKhen,
}

impl AwardForm {
    pub const ALL: [AwardForm; 3] = [
        AwardForm::CoThiDua,
        AwardForm::BangKhen,
        AwardForm::GiayKhen,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AwardForm::CoThiDua => "co-thi-dua",
            AwardForm::BangKhen => "bang-khen",
            AwardForm::GiayKhen => "giay-khen",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            AwardForm::CoThiDua => "Cờ Thi đua của Thành phố",
            AwardForm::BangKhen => "Bằng khen của Ủy ban nhân dân Thành phố",
            AwardForm::GiayKhen => "Giấy khen",
        }
    }

    /// Whether lists of this form go to the City People's Committee.
    pub fn sent_to_ubnd(self) -> bool {
        !matches!(self, AwardForm::GiayKhen)
    }
}

/// Whether an award form may be proposed for a nominee of a kind in a round of a kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AwardCheck {
    pub allowed: bool,
    /// Why not; `None` when allowed.
    pub reason: Option<Message>,
}

impl AwardCheck {
    fn allowed() -> Self {
        AwardCheck {
            allowed: true,
            reason: None,
        }
    }

    fn refused(code: MessageCode) -> Self {
        AwardCheck {
            allowed: false,
            reason: Some(Message::new(code, [])),
        }
    }
}

/// The award rules of IV.1. Every other part of the program asks this function.
pub fn check_award(form: AwardForm, nominee: NomineeKind, round: RoundKind) -> AwardCheck {
    match (form, nominee, round) {
        (AwardForm::CoThiDua, NomineeKind::Individual, _) => {
            AwardCheck::refused(MessageCode::AwardFlagCollectiveOnly)
        }
        (AwardForm::CoThiDua, NomineeKind::Collective, RoundKind::TongKet) => AwardCheck::allowed(),
        (AwardForm::CoThiDua, NomineeKind::Collective, _) => {
            AwardCheck::refused(MessageCode::AwardFlagFinalOnly)
        }
        (AwardForm::BangKhen, _, RoundKind::SoKet | RoundKind::TongKet) => AwardCheck::allowed(),
        (AwardForm::BangKhen, _, RoundKind::Annual) => {
            AwardCheck::refused(MessageCode::AwardCertificateReviewsOnly)
        }
        (AwardForm::GiayKhen, _, _) => AwardCheck::allowed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AwardForm::*;
    use NomineeKind::*;
    use RoundKind::*;

    #[test]
    fn award_rules_of_section_iv_1() {
        let table = [
            (CoThiDua, Collective, TongKet, true),
            (CoThiDua, Collective, SoKet, false),
            (CoThiDua, Collective, Annual, false),
            (CoThiDua, Individual, TongKet, false),
            (CoThiDua, Individual, SoKet, false),
            (BangKhen, Collective, SoKet, true),
            (BangKhen, Collective, TongKet, true),
            (BangKhen, Individual, SoKet, true),
            (BangKhen, Individual, TongKet, true),
            (BangKhen, Individual, Annual, false),
            (BangKhen, Collective, Annual, false),
            (GiayKhen, Collective, Annual, true),
            (GiayKhen, Individual, SoKet, true),
            (GiayKhen, Individual, TongKet, true),
        ];
        for (form, nominee, round, allowed) in table {
            let check = check_award(form, nominee, round);
            assert_eq!(check.allowed, allowed, "{form:?} {nominee:?} {round:?}");
            assert_eq!(check.reason.is_some(), !allowed, "a refusal says why");
        }
    }

    #[test]
    fn giay_khen_is_recorded_but_not_sent_to_ubnd() {
        assert!(!GiayKhen.sent_to_ubnd());
        assert!(CoThiDua.sent_to_ubnd() && BangKhen.sent_to_ubnd());
    }

    #[test]
    fn codes_round_trip() {
        for a in AwardForm::ALL {
            assert_eq!(AwardForm::parse(a.code()), Some(a));
        }
    }
}
