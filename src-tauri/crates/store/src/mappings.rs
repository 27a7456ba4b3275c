//! Column mappings the user made by hand, remembered across imports.

use crate::{audit, ts, Store, StoreError};
use rusqlite::params;

impl Store {
    /// Every remembered mapping: folded header wording → field code.
    pub fn column_mappings(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT header_folded, field FROM column_mappings ORDER BY header_folded")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Remembers mappings (folded header wording, field code); a wording mapped again takes the
    /// new field. Each change is audited.
    pub fn remember_column_mappings(
        &mut self,
        actor: &str,
        mappings: &[(String, String)],
    ) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        save_mappings(&tx, actor, mappings)?;
        tx.commit()?;
        Ok(())
    }
}

/// Remembers mappings inside the caller's transaction.
pub(crate) fn save_mappings(
    tx: &rusqlite::Connection,
    actor: &str,
    mappings: &[(String, String)],
) -> Result<(), StoreError> {
    for (header, field) in mappings {
        let old: Option<String> = tx
            .query_row(
                "SELECT field FROM column_mappings WHERE header_folded = ?1",
                [header],
                |r| r.get(0),
            )
            .ok();
        if old.as_deref() == Some(field.as_str()) {
            continue;
        }
        tx.execute(
                "INSERT INTO column_mappings (header_folded, field, saved_by, saved_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (header_folded) DO UPDATE SET field = excluded.field, saved_by = excluded.saved_by,
                     saved_at = excluded.saved_at",
                params![header, field, actor, ts(chrono::Utc::now())],
            )?;
        let detail = serde_json::json!({ "header": header, "before": old, "after": field });
        audit::append(
            tx,
            actor,
            "column_mapping.save",
            "column_mapping",
            header,
            &detail,
        )?;
    }
    Ok(())
}
