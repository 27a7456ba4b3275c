//! Finding nominations: full-text over folded text, filters, sorting.

use crate::nominations::{finish, stored_of, StoredNomination, COLUMNS};
use crate::{Store, StoreError};
use rusqlite::types::Value;
use xetkhen_core::text::fold;
use xetkhen_core::{AwardForm, NomineeKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortField {
    Name,
    Unit,
    CriteriaSet,
    Award,
    Kind,
    Eligible,
}

/// Filter on the automatic results of the threshold items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoFilter {
    /// No threshold item failed and at least one passed.
    Pass,
    /// At least one threshold item failed.
    Fail,
}

#[derive(Debug, Clone, Default)]
pub struct NominationQuery<'a> {
    pub round_id: Option<&'a str>,
    pub text: Option<&'a str>,
    pub criteria_set: Option<&'a str>,
    pub kind: Option<NomineeKind>,
    pub award: Option<AwardForm>,
    pub auto: Option<AutoFilter>,
    pub sort: Option<SortField>,
    pub descending: bool,
    pub limit: Option<u32>,
}

/// The folded words of a query as an FTS5 expression: each word a quoted prefix term, all ANDed.
/// Quoting makes every user input a literal, so `"`, `*`, `(` or `AND` never break the query.
pub(crate) fn fts_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = fold(text)
        .split_whitespace()
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" AND "))
    }
}

impl Store {
    pub fn find_nominations(
        &self,
        q: &NominationQuery<'_>,
    ) -> Result<Vec<StoredNomination>, StoreError> {
        let mut sql = format!("SELECT {COLUMNS} FROM nominations n");
        let mut conds: Vec<&str> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(expr) = q.text.and_then(fts_expression) {
            sql.push_str(" JOIN nomination_search s ON s.rowid = n.seq");
            conds.push("nomination_search MATCH ?");
            args.push(Value::Text(expr));
        }
        if let Some(r) = q.round_id {
            conds.push("n.round_id = ?");
            args.push(Value::Text(r.to_string()));
        }
        if let Some(c) = q.criteria_set {
            conds.push("n.criteria_set = ?");
            args.push(Value::Text(c.to_string()));
        }
        if let Some(k) = q.kind {
            conds.push("n.kind = ?");
            args.push(Value::Text(k.code().to_string()));
        }
        if let Some(a) = q.award {
            conds.push("n.award = ?");
            args.push(Value::Text(a.code().to_string()));
        }
        match q.auto {
            Some(AutoFilter::Fail) => conds.push("n.auto_fail > 0"),
            Some(AutoFilter::Pass) => conds.push("n.auto_fail = 0 AND n.auto_pass > 0"),
            None => {}
        }
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        let dir = if q.descending { "DESC" } else { "ASC" };
        let key = match q.sort.unwrap_or(SortField::Name) {
            // Name order is the folded name, which the (round_id, name_folded, id) index serves.
            SortField::Name => format!("n.name_folded {dir}"),
            SortField::Unit => format!("n.unit_folded {dir}, n.name_folded"),
            SortField::CriteriaSet => format!("n.criteria_set {dir}, n.name_folded"),
            SortField::Award => format!("n.award {dir}, n.name_folded"),
            SortField::Kind => format!("n.kind {dir}, n.name_folded"),
            // Undecided sorts between eligible and not eligible.
            SortField::Eligible => format!("COALESCE(n.eligible, 0.5) {dir}, n.name_folded"),
        };
        sql.push_str(&format!(" ORDER BY {key}, n.id"));
        if let Some(limit) = q.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), stored_of)?;
        rows.map(|r| finish(r?)).collect()
    }
}
