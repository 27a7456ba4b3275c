//! The rubric: the criteria of a campaign, as data.
//!
//! Plan 2242's criteria (IV.2) ship as `assets/criteria/2242-KH-UBND-2022.toml`; a later campaign
//! ships another file of the same shape. A round keeps the rubric it was created with, so changing
//! the file never changes a round already under review.

use crate::award::check_award;
use crate::nomination::{Metric, Nomination, NomineeKind};
use crate::percent::Percent;
use crate::round::RoundKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The rubric of plan 2242/KH-UBND, compiled in.
pub const PLAN_2242_TOML: &str = include_str!("../../../../assets/criteria/2242-KH-UBND-2022.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A stated percentage compared with a bar.
    Threshold,
    /// A stated fact, confirmed by the reviewer.
    YesNo,
    /// The reviewer judges the evidence.
    Qualitative,
}

/// How the items of a set combine into the set's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SetRule {
    /// Every item must pass.
    All,
    /// One passing item is enough (2.4: officials' initiatives, or others' contributions).
    Any,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub code: String,
    pub label: String,
    pub wording: String,
    pub kind: ItemKind,
    #[serde(default)]
    pub metric: Option<Metric>,
    /// The bar in percent (90.0 for 2.1.b); only for threshold items.
    #[serde(default)]
    pub threshold: Option<f64>,
    /// The exclusion written into the item (e.g. state secrets), shown to the reviewer.
    #[serde(default)]
    pub exclusion: Option<String>,
}

impl Criterion {
    pub fn threshold_percent(&self) -> Option<Percent> {
        self.threshold.and_then(|t| Percent::from_f64(t).ok())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriteriaSet {
    pub code: String,
    pub title: String,
    pub applies_to: NomineeKind,
    pub rule: SetRule,
    pub items: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub issued_by: String,
    pub issued_on: String,
    #[serde(default)]
    pub campaign_ends_on: Option<String>,
    pub sets: Vec<CriteriaSet>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RubricError {
    #[error("tệp tiêu chí không đọc được: {0}")]
    Syntax(String),
    #[error("tiêu chí {0}: {1}")]
    Item(String, String),
    #[error("bộ tiêu chí {0}: {1}")]
    Set(String, String),
}

/// The automatic result of a threshold item, from the stated figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum AutoResult {
    Pass,
    Fail,
}

/// One item of a nomination's set, with what the program could decide on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult<'r> {
    pub criterion: &'r Criterion,
    pub stated: Option<Percent>,
    /// `None` for qualitative and yes/no items, and for threshold items with no stated figure.
    pub auto: Option<AutoResult>,
}

/// What the rubric and the award rules decide about a nomination before any reviewer has spoken.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation<'r> {
    pub set: &'r CriteriaSet,
    pub items: Vec<ItemResult<'r>>,
    pub award: crate::award::AwardCheck,
    /// `Some(false)` as soon as something rules the nomination out (a failed item under rule
    /// "all", an award form not allowed, a set for the other kind of nominee); `Some(true)` only
    /// when every item is decided and passes; `None` while items await a reviewer.
    pub eligible: Option<bool>,
}

impl Rubric {
    /// The rubric of plan 2242/KH-UBND.
    pub fn plan_2242() -> Rubric {
        // The compiled-in file is checked by the tests below; if it were broken no round could be
        // made at all, so failing loudly at start-up is the honest outcome.
        #[allow(clippy::expect_used)]
        Rubric::from_toml(PLAN_2242_TOML).expect("the compiled-in rubric of plan 2242 is valid")
    }

    pub fn from_toml(text: &str) -> Result<Rubric, RubricError> {
        let rubric: Rubric =
            toml::from_str(text).map_err(|e| RubricError::Syntax(e.to_string()))?;
        rubric.validate()?;
        Ok(rubric)
    }

    pub fn from_json(text: &str) -> Result<Rubric, RubricError> {
        let rubric: Rubric =
            serde_json::from_str(text).map_err(|e| RubricError::Syntax(e.to_string()))?;
        rubric.validate()?;
        Ok(rubric)
    }

    pub fn to_json(&self) -> String {
        // A Rubric is plain data (strings, numbers, enums): serialising it cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A short label such as "2242/KH-UBND v1".
    pub fn label(&self) -> String {
        format!("{} v{}", self.id, self.version)
    }

    fn validate(&self) -> Result<(), RubricError> {
        let mut seen = std::collections::HashSet::new();
        for set in &self.sets {
            if set.items.is_empty() {
                return Err(RubricError::Set(
                    set.code.clone(),
                    "không có tiêu chí nào".into(),
                ));
            }
            for item in &set.items {
                if !seen.insert(item.code.as_str()) {
                    return Err(RubricError::Item(item.code.clone(), "mã bị trùng".into()));
                }
                if !item.code.starts_with(&format!("{}.", set.code)) {
                    return Err(RubricError::Item(
                        item.code.clone(),
                        format!("mã phải bắt đầu bằng {}.", set.code),
                    ));
                }
                match item.kind {
                    ItemKind::Threshold => {
                        if item.metric.is_none() {
                            return Err(RubricError::Item(
                                item.code.clone(),
                                "thiếu chỉ số (metric)".into(),
                            ));
                        }
                        if item.threshold_percent().is_none() {
                            return Err(RubricError::Item(
                                item.code.clone(),
                                "ngưỡng phải là số từ 0 đến 100".into(),
                            ));
                        }
                    }
                    ItemKind::YesNo | ItemKind::Qualitative => {
                        if item.threshold.is_some() {
                            return Err(RubricError::Item(
                                item.code.clone(),
                                "chỉ tiêu chí ngưỡng mới có ngưỡng".into(),
                            ));
                        }
                    }
                }
            }
        }
        if self.sets.is_empty() {
            return Err(RubricError::Syntax("không có bộ tiêu chí nào".into()));
        }
        Ok(())
    }

    pub fn set(&self, code: &str) -> Option<&CriteriaSet> {
        self.sets.iter().find(|s| s.code == code)
    }

    /// The automatic results of a nomination's items and what follows for its eligibility.
    pub fn evaluate<'r>(&'r self, n: &Nomination, round: RoundKind) -> Option<Evaluation<'r>> {
        let set = self.set(&n.criteria_set)?;
        let items: Vec<ItemResult<'r>> = set
            .items
            .iter()
            .map(|criterion| {
                let stated = criterion.metric.and_then(|m| n.metrics.get(m));
                let auto = match (criterion.kind, stated, criterion.threshold_percent()) {
                    (ItemKind::Threshold, Some(v), Some(bar)) => Some(if v >= bar {
                        AutoResult::Pass
                    } else {
                        AutoResult::Fail
                    }),
                    _ => None,
                };
                ItemResult {
                    criterion,
                    stated,
                    auto,
                }
            })
            .collect();
        let award = check_award(n.award, n.kind, round);
        let eligible = decide(
            set,
            n.kind,
            &award,
            &items.iter().map(|i| i.auto).collect::<Vec<_>>(),
        );
        Some(Evaluation {
            set,
            items,
            award,
            eligible,
        })
    }
}

/// Eligibility from item results. The one place that combines them (the review work will feed
/// reviewers' verdicts through here too).
pub fn decide(
    set: &CriteriaSet,
    nominee: NomineeKind,
    award: &crate::award::AwardCheck,
    results: &[Option<AutoResult>],
) -> Option<bool> {
    if !award.allowed || set.applies_to != nominee {
        return Some(false);
    }
    match set.rule {
        SetRule::All => {
            if results.contains(&Some(AutoResult::Fail)) {
                Some(false)
            } else if results.iter().all(|r| *r == Some(AutoResult::Pass)) {
                Some(true)
            } else {
                None
            }
        }
        SetRule::Any => {
            if results.contains(&Some(AutoResult::Pass)) {
                Some(true)
            } else if results.iter().all(|r| *r == Some(AutoResult::Fail)) {
                Some(false)
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::award::AwardForm;
    use crate::nomination::Metrics;
    use chrono::Utc;

    fn nomination(set: &str, kind: NomineeKind, metrics: Metrics) -> Nomination {
        Nomination {
            id: "n1".into(),
            round_id: "r1".into(),
            kind,
            criteria_set: set.into(),
            name: "Phường Bến Thành".into(),
            position: None,
            birth_year: None,
            id_number: None,
            unit: "UBND Phường Bến Thành".into(),
            nominating_unit: None,
            award: AwardForm::BangKhen,
            summary: None,
            metrics,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn pct(v: f64) -> Option<Percent> {
        Percent::from_f64(v).ok()
    }

    fn auto_of(rubric: &Rubric, n: &Nomination, code: &str) -> Option<AutoResult> {
        rubric.evaluate(n, RoundKind::TongKet).and_then(|e| {
            e.items
                .iter()
                .find(|i| i.criterion.code == code)
                .and_then(|i| i.auto)
        })
    }

    #[test]
    fn the_plan_2242_rubric_has_every_item_of_section_iv_2() {
        let r = Rubric::plan_2242();
        let codes: Vec<&str> = r
            .sets
            .iter()
            .flat_map(|s| s.items.iter().map(|i| i.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                "2.1.a", "2.1.b", "2.1.c", "2.1.d", "2.1.e", "2.2.a", "2.2.b", "2.2.c", "2.2.d",
                "2.3.a", "2.4.a", "2.4.b"
            ]
        );
        let b = r
            .set("2.1")
            .and_then(|s| s.items.iter().find(|i| i.code == "2.1.b"));
        assert_eq!(b.and_then(|i| i.threshold), Some(90.0));
        assert!(b
            .and_then(|i| i.exclusion.as_deref())
            .is_some_and(|e| e.contains("bí mật nhà nước")));
    }

    #[test]
    fn an_agency_at_89_9_percent_online_records_fails_2_1_b_and_at_90_passes() {
        let r = Rubric::plan_2242();
        let m = |v| Metrics {
            online_records_pct: pct(v),
            ..Metrics::default()
        };
        let at = nomination("2.1", NomineeKind::Collective, m(90.0));
        let below = nomination("2.1", NomineeKind::Collective, m(89.9));
        assert_eq!(auto_of(&r, &at, "2.1.b"), Some(AutoResult::Pass));
        assert_eq!(auto_of(&r, &below, "2.1.b"), Some(AutoResult::Fail));
    }

    #[test]
    fn a_ward_at_59_9_percent_fails_2_2_b_and_is_not_eligible() {
        let r = Rubric::plan_2242();
        let m = Metrics {
            online_records_pct: pct(59.9),
            ..Metrics::default()
        };
        let n = nomination("2.2", NomineeKind::Collective, m);
        assert_eq!(auto_of(&r, &n, "2.2.b"), Some(AutoResult::Fail));
        assert_eq!(
            r.evaluate(&n, RoundKind::TongKet).and_then(|e| e.eligible),
            Some(false)
        );
    }

    #[test]
    fn a_ward_meeting_every_bar_still_awaits_the_reviewer_on_2_2_a() {
        let r = Rubric::plan_2242();
        let m = Metrics {
            online_records_pct: pct(75.0),
            e_documents_pct: pct(100.0),
            socio_economic_reports_pct: pct(100.0),
            lgsp_pct: None,
        };
        let n = nomination("2.2", NomineeKind::Collective, m);
        let e = r.evaluate(&n, RoundKind::TongKet);
        assert_eq!(e.as_ref().map(|e| e.eligible), Some(None));
        assert_eq!(auto_of(&r, &n, "2.2.a"), None);
    }

    #[test]
    fn an_unstated_figure_gives_no_automatic_result() {
        let r = Rubric::plan_2242();
        let n = nomination("2.1", NomineeKind::Collective, Metrics::default());
        assert_eq!(auto_of(&r, &n, "2.1.c"), None);
    }

    #[test]
    fn a_set_for_the_other_kind_of_nominee_rules_it_out() {
        let r = Rubric::plan_2242();
        let n = nomination("2.4", NomineeKind::Collective, Metrics::default());
        assert_eq!(
            r.evaluate(&n, RoundKind::TongKet).and_then(|e| e.eligible),
            Some(false)
        );
    }

    #[test]
    fn a_new_campaign_loads_without_code_changes() {
        let text = r#"
            id = "99/KH-UBND"
            version = 2
            title = "Kế hoạch mới"
            issued_by = "UBND"
            issued_on = "2026-01-01"
            [[sets]]
            code = "3.1"
            title = "Đối với phường"
            applies_to = "collective"
            rule = "all"
            [[sets.items]]
            code = "3.1.a"
            label = "Dịch vụ công trực tuyến"
            wording = "70% hồ sơ trực tuyến."
            kind = "threshold"
            metric = "online_records_pct"
            threshold = 70.0
        "#;
        let r = Rubric::from_toml(text);
        assert!(r.as_ref().is_ok_and(|r| r.set("3.1").is_some()), "{r:?}");
    }

    #[test]
    fn a_threshold_item_without_a_bar_is_refused() {
        let text = PLAN_2242_TOML.replace("threshold = 90.0\n", "");
        assert!(
            matches!(Rubric::from_toml(&text), Err(RubricError::Item(code, _)) if code == "2.1.b")
        );
    }

    #[test]
    fn rubric_survives_a_json_round_trip() {
        let r = Rubric::plan_2242();
        assert_eq!(Rubric::from_json(&r.to_json()), Ok(r));
    }
}
