//! A nomination's history and what changed in it, as data each front end words in its own
//! language; the Vietnamese line of each change is rendered here, for the CLI.

use super::*;

/// One entry of a nomination's history: who did what, when, and what changed, as data the
/// window words in its language.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub seq: i64,
    /// Vietnam time, ISO 8601.
    pub at: String,
    pub actor: String,
    pub action: HistoryAction,
    /// The action in Vietnamese, as the CLI prints it; for `other`, the audit log's own name.
    pub action_text: String,
    /// What changed, one entry per field.
    pub changes: Vec<FieldChange>,
    /// The file an import came from, when it came from one.
    pub source: Option<String>,
}

/// What an entry of a nomination's history did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    Received,
    Updated,
    Imported,
    ReviewStarted,
    ReviewUpdated,
    EvidenceAdded,
    /// An action this version does not name (a later version's): `action_text` holds it.
    Other,
}

impl HistoryAction {
    /// The action behind an audit entry's name.
    pub fn of(audit_action: &str) -> Self {
        match audit_action {
            "nomination.create" | "nomination.insert" => Self::Received,
            "nomination.update" => Self::Updated,
            "import.batch" => Self::Imported,
            "review.create" => Self::ReviewStarted,
            "review.update" => Self::ReviewUpdated,
            "evidence.add" => Self::EvidenceAdded,
            _ => Self::Other,
        }
    }

    pub fn label_vi(self) -> Option<&'static str> {
        Some(match self {
            Self::Received => "Tiếp nhận hồ sơ",
            Self::Updated => "Cập nhật hồ sơ",
            Self::Imported => "Nhập danh sách",
            Self::ReviewStarted => "Bắt đầu chấm",
            Self::ReviewUpdated => "Sửa nhận xét",
            Self::EvidenceAdded => "Thêm minh chứng",
            Self::Other => return None,
        })
    }
}

/// Which field of a nomination or of a review changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangedField {
    Name,
    Unit,
    Position,
    Award,
    CriteriaSet,
    Summary,
    /// A stated figure; `detail` holds the metric's key.
    Metric,
    Score,
    Vote,
    ProposedAward,
    ProposedReason,
    Note,
    Tags,
    Attachments,
    /// `detail` holds the criterion's code, as for the reason and the note below.
    CriterionVerdict,
    CriterionReason,
    CriterionNote,
    /// A field this version does not name (a later version's): `detail` holds its stored name.
    Other,
}

/// A value before or after a change, typed so that the window can word it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ChangeValue {
    Empty,
    Text(String),
    Number(String),
    /// A stated figure, in percent.
    Percent(f64),
    Verdict(Verdict),
    Vote(Vote),
    Award(AwardForm),
    /// Tags, or the names of evidence files.
    List(Vec<String>),
}

impl ChangeValue {
    fn text_vi(&self) -> String {
        match self {
            Self::Empty => "(trống)".into(),
            Self::Text(s) => format!("«{s}»"),
            // A decimal comma, as everywhere the program writes Vietnamese.
            Self::Number(n) => n.replace('.', ","),
            Self::Percent(p) => format!("{}%", p.to_string().replace('.', ",")),
            Self::Verdict(v) => v.label_vi().into(),
            Self::Vote(v) => v.label_vi().into(),
            Self::Award(a) => a.label_vi().into(),
            Self::List(items) if items.is_empty() => "(trống)".into(),
            Self::List(items) => items
                .iter()
                .map(|i| format!("«{i}»"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One field that changed: which, what it was, what it became.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FieldChange {
    pub field: ChangedField,
    /// The criterion's code, the metric's key, or an unknown field's stored name.
    pub detail: Option<String>,
    pub before: ChangeValue,
    pub after: ChangeValue,
    /// The same change in Vietnamese, as the CLI prints it: "Đơn vị: «…» → «…»".
    pub text: String,
}

impl FieldChange {
    pub fn new(
        field: ChangedField,
        detail: Option<String>,
        before: ChangeValue,
        after: ChangeValue,
    ) -> Self {
        let text = format!(
            "{}: {} → {}",
            field_label_vi(field, detail.as_deref()),
            before.text_vi(),
            after.text_vi()
        );
        Self {
            field,
            detail,
            before,
            after,
            text,
        }
    }
}

fn field_label_vi(field: ChangedField, detail: Option<&str>) -> String {
    let detail = detail.unwrap_or_default();
    let criterion = |part: &str| format!("Tiêu chí {detail} — {part}");
    match field {
        ChangedField::Name => "Họ và tên / tên tập thể".into(),
        ChangedField::Unit => "Đơn vị".into(),
        ChangedField::Position => "Chức vụ".into(),
        ChangedField::Award => "Hình thức đề nghị".into(),
        ChangedField::CriteriaSet => "Bộ tiêu chí".into(),
        ChangedField::Summary => "Tóm tắt thành tích".into(),
        ChangedField::Metric => xetkhen_core::Metric::ALL
            .iter()
            .find(|m| m.code() == detail)
            .map_or_else(|| detail.to_string(), |m| m.label_vi().to_string()),
        ChangedField::Score => "Điểm thành tích".into(),
        ChangedField::Vote => "Biểu quyết".into(),
        ChangedField::ProposedAward => "Đề nghị hình thức khác".into(),
        ChangedField::ProposedReason => "Lý do đề nghị hình thức khác".into(),
        ChangedField::Note => "Ghi chú hồ sơ".into(),
        ChangedField::Tags => "Nhãn".into(),
        ChangedField::Attachments => "Minh chứng".into(),
        ChangedField::CriterionVerdict => criterion("nhận định"),
        ChangedField::CriterionReason => criterion("lý do"),
        ChangedField::CriterionNote => criterion("ghi chú"),
        ChangedField::Other => detail.to_string(),
    }
}
