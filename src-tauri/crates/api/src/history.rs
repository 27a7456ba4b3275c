//! A nomination's history: its audit entries and its reviews', oldest first, in Vietnam time,
//! each change as data: the field, what it was, what it became.

use crate::desk::Desk;
use crate::error::ApiError;
use crate::views::*;
use xetkhen_core::{AwardForm, Verdict, Vote};

impl Desk {
    /// What happened to a nomination and its reviews, oldest first, in Vietnam time.
    pub fn nomination_history(&self, id: &str) -> Result<Vec<HistoryEntry>, ApiError> {
        if self.store.nomination(id)?.is_none() {
            return Err(ApiError::not_found("hồ sơ đề nghị", id));
        }
        Ok(self
            .store
            .nomination_history(id)?
            .into_iter()
            .map(|e| {
                let detail: serde_json::Value =
                    serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::Null);
                let action = HistoryAction::of(&e.action);
                HistoryEntry {
                    seq: e.seq,
                    at: e.at_vietnam,
                    actor: e.actor,
                    action,
                    action_text: action.label_vi().map_or(e.action, str::to_string),
                    changes: changes_of(&detail),
                    source: detail
                        .get("source")
                        .and_then(|s| s.as_str())
                        .map(str::to_string),
                }
            })
            .collect())
    }
}

/// A field's stored name (as the audit log's `changes` keys it) as a field and its detail.
fn field_of(name: &str) -> (ChangedField, Option<String>) {
    if let Some(rest) = name.strip_prefix("items.") {
        if let Some((code, part)) = rest.rsplit_once('.') {
            let field = match part {
                "verdict" => Some(ChangedField::CriterionVerdict),
                "reason" => Some(ChangedField::CriterionReason),
                "note" => Some(ChangedField::CriterionNote),
                _ => None,
            };
            if let Some(field) = field {
                return (field, Some(code.to_string()));
            }
        }
    }
    let field = match name {
        "score" => ChangedField::Score,
        "vote" => ChangedField::Vote,
        "proposed_award" => ChangedField::ProposedAward,
        "proposed_reason" => ChangedField::ProposedReason,
        "note" => ChangedField::Note,
        "tags" => ChangedField::Tags,
        "attachments" => ChangedField::Attachments,
        "name" => ChangedField::Name,
        "unit" => ChangedField::Unit,
        "award" => ChangedField::Award,
        "summary" => ChangedField::Summary,
        "position" => ChangedField::Position,
        "criteria_set" => ChangedField::CriteriaSet,
        _ => return (ChangedField::Other, Some(name.to_string())),
    };
    (field, None)
}

/// A stored value, typed by the field it belongs to; a value that is not what the field
/// holds (an older or later version's) is kept as text rather than dropped.
fn value_of(field: ChangedField, v: &serde_json::Value) -> ChangeValue {
    use serde_json::Value;
    match v {
        Value::Null => ChangeValue::Empty,
        Value::Bool(b) => ChangeValue::Text(b.to_string()),
        Value::Number(n) => ChangeValue::Number(n.to_string()),
        Value::String(s) => {
            let typed = match field {
                ChangedField::CriterionVerdict => Verdict::parse(s).map(ChangeValue::Verdict),
                ChangedField::Vote => Vote::parse(s).map(ChangeValue::Vote),
                ChangedField::Award | ChangedField::ProposedAward => {
                    AwardForm::parse(s).map(ChangeValue::Award)
                }
                _ => None,
            };
            typed.unwrap_or_else(|| ChangeValue::Text(s.clone()))
        }
        Value::Array(items) => ChangeValue::List(
            items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other
                        .get("file_name")
                        .and_then(|n| n.as_str())
                        .map_or_else(|| other.to_string(), str::to_string),
                })
                .collect(),
        ),
        Value::Object(_) => ChangeValue::Text(v.to_string()),
    }
}

/// The `changes` of an audit detail, one per field.
fn changes_of(detail: &serde_json::Value) -> Vec<FieldChange> {
    let Some(changes) = detail.get("changes").and_then(|c| c.as_object()) else {
        return Vec::new();
    };
    changes
        .iter()
        .map(|(name, c)| {
            let (field, detail) = field_of(name);
            let side = |k: &str| value_of(field, c.get(k).unwrap_or(&serde_json::Value::Null));
            FieldChange::new(field, detail, side("before"), side("after"))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_typed_by_their_field_and_said_in_vietnamese() {
        let detail = json!({"changes": {
            "vote": {"before": null, "after": "approve"},
            "items.2.2.a.verdict": {"before": "fail", "after": "pass"},
            "score": {"before": 5, "after": 8.5},
            "attachments": {"before": [], "after": [{"file_name": "qd.pdf", "sha256": "ab"}]},
            "later_field": {"before": "x", "after": "y"},
        }, "source": "ds.xlsx"});
        let c = changes_of(&detail);
        let find = |f: ChangedField| c.iter().find(|x| x.field == f).unwrap();
        let vote = find(ChangedField::Vote);
        assert_eq!(vote.after, ChangeValue::Vote(Vote::Approve));
        assert_eq!(vote.text, "Biểu quyết: (trống) → Đồng ý");
        let verdict = find(ChangedField::CriterionVerdict);
        assert_eq!(verdict.detail.as_deref(), Some("2.2.a"));
        assert_eq!(verdict.before, ChangeValue::Verdict(Verdict::Fail));
        assert_eq!(
            find(ChangedField::Attachments).after,
            ChangeValue::List(vec!["qd.pdf".into()])
        );
        assert_eq!(find(ChangedField::Score).text, "Điểm thành tích: 5 → 8,5");
        let other = find(ChangedField::Other);
        assert_eq!(other.detail.as_deref(), Some("later_field"));
        assert_eq!(other.after, ChangeValue::Text("y".into()));
    }

    #[test]
    fn an_unknown_action_keeps_its_name() {
        assert_eq!(
            HistoryAction::of("review.update"),
            HistoryAction::ReviewUpdated
        );
        assert_eq!(HistoryAction::of("later.thing"), HistoryAction::Other);
        assert_eq!(HistoryAction::Other.label_vi(), None);
    }
}
