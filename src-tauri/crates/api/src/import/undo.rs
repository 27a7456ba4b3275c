//! The imports of a round as batches, and the undo of one.

use super::*;

/// An import as the window and the CLI list it, to offer its undo.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportBatchView {
    pub id: String,
    pub round_id: String,
    /// The files the rows came from.
    pub source: String,
    pub actor: String,
    /// When, in Vietnam's time ("HH:MM dd/mm/yyyy").
    pub at: String,
    pub inserted: u32,
    pub updated: u32,
    pub undone: bool,
}

/// What undoing an import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UndoImportReport {
    pub batch: ImportBatchView,
    /// Nominations the import created, now deleted.
    pub removed: u32,
    /// Nominations the import changed, now back as they were.
    pub restored: u32,
}

fn batch_view(b: &xetkhen_store::ImportBatch) -> ImportBatchView {
    ImportBatchView {
        id: b.id.clone(),
        round_id: b.round_id.clone(),
        source: b.source.clone(),
        actor: b.actor.clone(),
        at: b
            .created_at
            .with_timezone(&xetkhen_core::audit::vietnam_offset())
            .format("%H:%M %d/%m/%Y")
            .to_string(),
        inserted: b.inserted,
        updated: b.updated,
        undone: b.undone_at.is_some(),
    }
}

impl Desk {
    /// The imports of a round (all rounds when `None`), newest first.
    pub fn import_batches(&self, round: Option<&str>) -> Result<Vec<ImportBatchView>, ApiError> {
        Ok(self
            .store()
            .import_batches(round)?
            .iter()
            .map(batch_view)
            .collect())
    }

    /// Undoes an import batch, all or nothing, audited. Refused when the committee has worked on
    /// what it wrote (reviews, files, later changes): the message names the nominations.
    pub fn undo_import(&mut self, batch: &str) -> Result<UndoImportReport, ApiError> {
        let actor = self.actor().to_string();
        let r = self.store_mut().undo_import(&actor, batch)?;
        Ok(UndoImportReport {
            batch: batch_view(&r.batch),
            removed: r.removed,
            restored: r.restored,
        })
    }
}
