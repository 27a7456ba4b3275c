//! A nomination's history: its audit entries and its reviews', oldest first, in Vietnam time,
//! each change said in words: the field, what it was, what it became.

use crate::desk::Desk;
use crate::error::ApiError;
use crate::views::*;
use xetkhen_core::{AwardForm, Verdict};

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
                HistoryEntry {
                    seq: e.seq,
                    at: e.at_vietnam,
                    actor: e.actor,
                    action: action_label(&e.action).to_string(),
                    changes: change_lines(&detail),
                }
            })
            .collect())
    }
}

fn action_label(action: &str) -> &str {
    match action {
        "nomination.create" | "nomination.insert" => "Tiếp nhận hồ sơ",
        "nomination.update" => "Cập nhật hồ sơ",
        "import.batch" => "Nhập danh sách",
        "review.create" => "Bắt đầu chấm",
        "review.update" => "Sửa nhận xét",
        "evidence.add" => "Thêm minh chứng",
        other => other,
    }
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(trống)".into(),
        serde_json::Value::String(s) => match s.as_str() {
            "pass" => Verdict::Pass.label_vi().into(),
            "fail" => Verdict::Fail.label_vi().into(),
            "needs-evidence" => Verdict::NeedsEvidence.label_vi().into(),
            "approve" | "reject" | "abstain" => {
                xetkhen_core::Vote::parse(s).map_or_else(|| s.clone(), |x| x.label_vi().into())
            }
            other => AwardForm::parse(other)
                .map_or_else(|| format!("«{other}»"), |a| a.label_vi().into()),
        },
        serde_json::Value::Array(items) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| {
                    i.get("file_name")
                        .and_then(|n| n.as_str())
                        .map_or_else(|| show(i), |n| format!("«{n}»"))
                })
                .collect();
            if names.is_empty() {
                "(trống)".into()
            } else {
                names.join(", ")
            }
        }
        other => other.to_string(),
    }
}

fn field_label(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("items.") {
        if let Some((code, part)) = rest.rsplit_once('.') {
            let what = match part {
                "verdict" => "nhận định",
                "reason" => "lý do",
                "note" => "ghi chú",
                other => other,
            };
            return format!("Tiêu chí {code} — {what}");
        }
    }
    match field {
        "score" => "Điểm thành tích".into(),
        "vote" => "Biểu quyết".into(),
        "proposed_award" => "Đề nghị hình thức khác".into(),
        "proposed_reason" => "Lý do đề nghị hình thức khác".into(),
        "note" => "Ghi chú hồ sơ".into(),
        "tags" => "Nhãn".into(),
        "attachments" => "Minh chứng".into(),
        "name" => "Họ và tên / tên tập thể".into(),
        "unit" => "Đơn vị".into(),
        "award" => "Hình thức đề nghị".into(),
        "summary" => "Tóm tắt thành tích".into(),
        other => other.into(),
    }
}

/// The `changes` of an audit detail as lines a person reads.
fn change_lines(detail: &serde_json::Value) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(changes) = detail.get("changes").and_then(|c| c.as_object()) {
        for (field, c) in changes {
            let before = c.get("before").unwrap_or(&serde_json::Value::Null);
            let after = c.get("after").unwrap_or(&serde_json::Value::Null);
            lines.push(format!(
                "{}: {} → {}",
                field_label(field),
                show(before),
                show(after)
            ));
        }
    }
    if let Some(source) = detail.get("source").and_then(|s| s.as_str()) {
        lines.push(format!("Nguồn: {source}"));
    }
    lines
}
