//! An import written while it is read: one transaction, opened before the first row is checked
//! and committed after the last file is, so that the store writes the first rows of a list while
//! the reader checks the rest on another core (issue 16, item 4).
//!
//! Each file is written under a savepoint: a file refused at its end (a rejected row, without
//! the choice to skip them) is rolled back alone, and the files before it stay. Nothing is
//! visible to anyone else before [`ImportSession::finish`] commits; dropping the session, or a
//! cancel, rolls everything back and leaves the store exactly as it was.
//!
//! While the session writes, [`ImportSession::like`] answers with the round as it was before the
//! import: a row of this import is compared with what was already there, never with a row it
//! wrote itself a moment before.

use crate::nominations::{
    audit_created, audit_updated, load_rules, write_one, Prepared, RoundRules, RowStatements,
    Stamps, BULK_CACHE_KIB,
};
use crate::{Store, StoreError, WriteOutcome};
use rusqlite::params;
use std::collections::HashMap;
use xetkhen_core::text::fold;
use xetkhen_core::{Nomination, Round, Rubric};

/// What an import is written into, known before its first row.
#[derive(Debug, Clone, Copy)]
pub struct ImportStart<'a> {
    pub actor: &'a str,
    /// The round every row goes to.
    pub round_id: &'a str,
    /// A round made for this import, written only together with its nominations.
    pub new_round: Option<(&'a Round, &'a Rubric)>,
    /// Header wordings the user mapped by hand (folded wording, field code).
    pub mappings: &'a [(String, String)],
    /// The id of the import batch to record the write under, so that it can be undone.
    pub batch: Option<&'a str>,
}

/// What a finished import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportTotals {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Whether its batch was kept (it wrote something) and can be undone.
    pub batch_kept: bool,
}

/// Where a file's rows began in what the session keeps, to forget them if the file is refused.
#[derive(Debug, Clone, Copy)]
struct FileMark {
    created: usize,
    changed: usize,
    unchanged: usize,
}

/// An import being written. See the module's documentation.
pub struct ImportSession<'s> {
    store: &'s mut Store,
    /// Whether its transaction is still open (rolled back when the session is dropped).
    open: bool,
    actor: String,
    round_id: String,
    batch: Option<String>,
    rules: RoundRules,
    /// The largest nomination seq before the import: what lies above it, this import wrote.
    seq_before: i64,
    /// The nominations this import changed, as they were before, by id.
    before: HashMap<String, Nomination>,
    /// The ids of [`Self::before`] by folded name (`n:` and the name) and by ID number (`i:`).
    before_by: HashMap<String, Vec<String>>,
    /// Id and content hash of each nomination created, and each changed, in the order written.
    created: Vec<(String, String)>,
    changed: Vec<(String, String)>,
    unchanged: usize,
    file: Option<FileMark>,
    stamps: Stamps,
    /// The page cache to give back when the session ends.
    cache: i64,
}

impl std::fmt::Debug for ImportSession<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportSession")
            .field("round_id", &self.round_id)
            .field("batch", &self.batch)
            .field("open", &self.open)
            .field("created", &self.created.len())
            .field("changed", &self.changed.len())
            .field("unchanged", &self.unchanged)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the write of an import (see [`ImportSession`]): the round it made, if any, and the
    /// mappings to remember are written at once, in its transaction.
    pub fn begin_import(
        &mut self,
        start: &ImportStart<'_>,
    ) -> Result<ImportSession<'_>, StoreError> {
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        // An import touches more pages than the default cache holds; spilling them to the WAL
        // in the middle of the transaction and reading them back costs more than the memory.
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))?;
        // From here on the session's drop gives the cache back and rolls back what is open.
        let mut session = ImportSession {
            store: self,
            open: false,
            actor: start.actor.to_string(),
            round_id: start.round_id.to_string(),
            batch: start.batch.map(String::from),
            rules: RoundRules::placeholder(),
            seq_before: 0,
            before: HashMap::new(),
            before_by: HashMap::new(),
            created: Vec::new(),
            changed: Vec::new(),
            unchanged: 0,
            file: None,
            stamps: Stamps::default(),
            cache,
        };
        // IMMEDIATE: the import reads before it writes, and must wait its turn on a busy store.
        session.store.conn.execute_batch("BEGIN IMMEDIATE")?;
        session.open = true;
        let tx = &session.store.conn;
        if let Some((round, rubric)) = start.new_round {
            crate::rounds::insert_round(tx, start.actor, round, rubric)?;
        }
        crate::mappings::save_mappings(tx, start.actor, start.mappings)?;
        let rules = load_rules(tx, start.round_id)?;
        let seq_before: i64 =
            tx.query_row("SELECT coalesce(max(seq), 0) FROM nominations", [], |r| {
                r.get(0)
            })?;
        if let Some(id) = start.batch {
            crate::batches::insert_batch(tx, id, start.round_id, "", start.actor)?;
        }
        session.rules = rules;
        session.seq_before = seq_before;
        Ok(session)
    }
}

impl ImportSession<'_> {
    fn tx(&self) -> Result<&rusqlite::Connection, StoreError> {
        if self.open {
            Ok(&self.store.conn)
        } else {
            Err(StoreError::Cancelled)
        }
    }

    /// Starts the rows of one file, which [`ImportSession::end_file`] keeps or takes back.
    pub fn begin_file(&mut self) -> Result<(), StoreError> {
        if self.file.is_some() {
            return Err(StoreError::Invalid("tệp trước chưa ghi xong".into()));
        }
        self.tx()?.execute_batch("SAVEPOINT import_file")?;
        self.file = Some(FileMark {
            created: self.created.len(),
            changed: self.changed.len(),
            unchanged: self.unchanged,
        });
        Ok(())
    }

    /// Ends the rows of the file begun last: kept when `accepted`, otherwise taken back whole,
    /// as if it had never been read.
    pub fn end_file(&mut self, accepted: bool) -> Result<(), StoreError> {
        let mark = self
            .file
            .take()
            .ok_or_else(|| StoreError::Invalid("chưa bắt đầu tệp nào".into()))?;
        if accepted {
            self.tx()?.execute_batch("RELEASE import_file")?;
            return Ok(());
        }
        self.tx()?
            .execute_batch("ROLLBACK TO import_file; RELEASE import_file")?;
        self.created.truncate(mark.created);
        for (id, _) in self.changed.drain(mark.changed..) {
            self.before.remove(&id);
        }
        self.before_by.clear();
        for old in self.before.values() {
            index_before(&mut self.before_by, old);
        }
        self.unchanged = mark.unchanged;
        Ok(())
    }

    /// Writes rows of the file begun last: each inserted, or written over the nomination with
    /// its id when what it states differs. Every row must be of the session's round.
    /// `source` names the file they came from in the audit entries.
    pub fn write(
        &mut self,
        rows: &[Prepared],
        source: &str,
    ) -> Result<Vec<WriteOutcome>, StoreError> {
        if self.file.is_none() {
            return Err(StoreError::Invalid("chưa bắt đầu tệp nào".into()));
        }
        if !self.open {
            return Err(StoreError::Cancelled);
        }
        let tx = &self.store.conn;
        let mut st = RowStatements::new(tx)?;
        let mut record = self
            .batch
            .as_ref()
            .map(|_| {
                tx.prepare_cached(
                    "INSERT INTO import_batch_rows (batch_id, nomination_id, before_json, after_hash)
                     VALUES (?1, ?2, ?3, ?4)",
                )
            })
            .transpose()?;
        let mut outcomes = Vec::with_capacity(rows.len());
        for p in rows {
            let n = p.nomination();
            if n.round_id != self.round_id {
                return Err(StoreError::Invalid(format!(
                    "hồ sơ «{}» không thuộc đợt xét của lần nhập",
                    n.id
                )));
            }
            let (outcome, old) = write_one(tx, &mut st, p, &self.rules, &mut self.stamps)?;
            match (outcome, old) {
                (WriteOutcome::Inserted, _) => {
                    self.created.push((n.id.clone(), p.hash().to_string()));
                    // With a batch, its one entry stands for every nomination created.
                    if self.batch.is_none() {
                        audit_created(tx, &self.actor, source, p)?;
                    }
                }
                (WriteOutcome::Updated, Some(old)) => {
                    if let (Some(st), Some(b)) = (record.as_mut(), self.batch.as_deref()) {
                        let json = serde_json::to_string(&old).map_err(|e| {
                            StoreError::Invalid(format!("hồ sơ không ghi được thành JSON: {e}"))
                        })?;
                        st.execute(params![b, n.id, json, p.hash()])?;
                    }
                    audit_updated(tx, &self.actor, source, &old, p)?;
                    self.changed.push((n.id.clone(), p.hash().to_string()));
                    index_before(&mut self.before_by, &old);
                    self.before.insert(n.id.clone(), old);
                }
                _ => self.unchanged += 1,
            }
            outcomes.push(outcome);
        }
        Ok(outcomes)
    }

    /// The nominations of the round, as they were before this import, whose folded name is one
    /// of `names_folded` or whose ID number is one of `id_numbers`: the ones the rows of the list
    /// could be, or look like. Two statements for the whole set, each riding an index.
    pub fn like(
        &self,
        names_folded: &[&str],
        id_numbers: &[&str],
    ) -> Result<Vec<Nomination>, StoreError> {
        let tx = self.tx()?;
        // One this import changed is answered below, as it was.
        let mut found: Vec<Nomination> = crate::nominations::nominations_like(
            tx,
            &self.round_id,
            names_folded,
            id_numbers,
            self.seq_before,
        )?
        .into_iter()
        .filter(|n| !self.before.contains_key(&n.id))
        .collect();
        // The ones this import changed, as they were: whether they match is decided on that.
        let mut ids: Vec<&String> = names_folded
            .iter()
            .map(|name| format!("n:{name}"))
            .chain(id_numbers.iter().map(|x| format!("i:{x}")))
            .filter_map(|k| self.before_by.get(&k))
            .flatten()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        found.extend(
            ids.into_iter()
                .filter_map(|id| self.before.get(id))
                .cloned(),
        );
        found.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(found)
    }

    /// Commits the import: its batch's counts and audit entry (naming `source`, the files it
    /// took), after `before_commit` has had the last word. A `false` there rolls everything
    /// back and returns [`StoreError::Cancelled`].
    pub fn finish(
        mut self,
        source: &str,
        before_commit: &mut dyn FnMut() -> bool,
    ) -> Result<ImportTotals, StoreError> {
        if self.file.is_some() {
            return Err(StoreError::Invalid("tệp cuối chưa ghi xong".into()));
        }
        let tx = self.tx()?;
        let batch_kept = match self.batch.as_deref() {
            Some(id) => crate::batches::close_batch(
                tx,
                &self.actor,
                id,
                &self.round_id,
                source,
                &self.created,
                &self.changed,
            )?,
            None => false,
        };
        if !before_commit() {
            return Err(StoreError::Cancelled);
        }
        tx.execute_batch("COMMIT")?;
        self.open = false;
        let totals = ImportTotals {
            inserted: self.created.len(),
            updated: self.changed.len(),
            unchanged: self.unchanged,
            batch_kept,
        };
        self.give_back_cache();
        self.store
            .after_bulk(totals.inserted + totals.updated + totals.unchanged);
        Ok(totals)
    }

    fn give_back_cache(&self) {
        // The store keeps working whether or not the cache is given back: not an error.
        let _ = self
            .store
            .conn
            .execute_batch(&format!("PRAGMA cache_size = {}", self.cache));
    }
}

/// Files a nomination as it was before an import under its folded name and its ID number.
fn index_before(by: &mut HashMap<String, Vec<String>>, old: &Nomination) {
    let keys = std::iter::once(format!("n:{}", fold(&old.name)))
        .chain(old.id_number.as_deref().map(|x| format!("i:{x}")));
    for key in keys {
        by.entry(key).or_default().push(old.id.clone());
    }
}

impl Drop for ImportSession<'_> {
    fn drop(&mut self) {
        if self.open {
            // Not finished: nothing of it stays. A rollback that fails leaves the transaction
            // to SQLite, which rolls it back when the connection closes.
            let _ = self.store.conn.execute_batch("ROLLBACK");
            self.open = false;
            self.give_back_cache();
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use xetkhen_core::{AwardForm, Metrics, NomineeKind, RoundKind};

    fn person(id: &str, name: &str, id_number: &str) -> Nomination {
        Nomination {
            id: id.into(),
            round_id: "r1".into(),
            kind: NomineeKind::Individual,
            criteria_set: "2.4".into(),
            name: name.into(),
            position: None,
            birth_year: Some(1980),
            id_number: Some(id_number.into()),
            unit: "Phường Sài Gòn".into(),
            nominating_unit: None,
            award: AwardForm::BangKhen,
            summary: None,
            metrics: Metrics::default(),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }
    }

    fn names(found: &[Nomination]) -> Vec<&str> {
        found.iter().map(|n| n.name.as_str()).collect()
    }

    #[test]
    fn while_it_writes_an_import_is_answered_with_the_round_as_it_was_before_it() {
        let mut s = Store::open_in_memory().unwrap();
        let round = Round::open("r1", "Tổng kết", RoundKind::TongKet, chrono::Utc::now());
        s.create_round("Thư ký", &round, &Rubric::plan_2242())
            .unwrap();
        s.write_nominations(
            "Thư ký",
            "cu.xlsx",
            &[person("x", "Nguyễn Văn An", "079080000001")],
        )
        .unwrap();
        let mut session = s
            .begin_import(&ImportStart {
                actor: "Thư ký",
                round_id: "r1",
                new_round: None,
                mappings: &[],
                batch: Some("b1"),
            })
            .unwrap();
        session.begin_file().unwrap();
        // The stored nominee renamed by its ID number, and a new one.
        let written = session
            .write(
                &[
                    Prepared::new(person("x", "Nguyễn Văn Ân", "079080000001")),
                    Prepared::new(person("y", "Trần Thị Bình", "079080000002")),
                ],
                "moi.xlsx",
            )
            .unwrap();
        assert_eq!(written, [WriteOutcome::Updated, WriteOutcome::Inserted]);
        // As it was: found by its old name, not by its new one; the new row not at all.
        assert_eq!(
            names(&session.like(&["nguyen van an"], &[]).unwrap()),
            ["Nguyễn Văn An"]
        );
        assert!(session.like(&["tran thi binh"], &[]).unwrap().is_empty());
        assert_eq!(
            names(
                &session
                    .like(&[], &["079080000001", "079080000002"])
                    .unwrap()
            ),
            ["Nguyễn Văn An"]
        );
        // A file refused takes its rows back, and what it changed is forgotten.
        session.end_file(false).unwrap();
        let totals = session.finish("moi.xlsx", &mut || true).unwrap();
        assert_eq!(
            (totals.inserted, totals.updated, totals.batch_kept),
            (0, 0, false)
        );
        assert_eq!(
            s.nomination("x").unwrap().unwrap().nomination.name,
            "Nguyễn Văn An"
        );
        assert!(s.nomination("y").unwrap().is_none());
        assert!(s.import_batches(None).unwrap().is_empty());
        let report = s.audit_verify().unwrap();
        assert!(
            report.broken.is_none() && report.tampered.is_empty(),
            "{report:?}"
        );
    }

    #[test]
    fn a_session_dropped_before_it_finishes_leaves_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        let round = Round::open("r1", "Tổng kết", RoundKind::TongKet, chrono::Utc::now());
        {
            let mut session = s
                .begin_import(&ImportStart {
                    actor: "Thư ký",
                    round_id: "r1",
                    new_round: Some((&round, &Rubric::plan_2242())),
                    mappings: &[("ho va ten".into(), "name".into())],
                    batch: Some("b1"),
                })
                .unwrap();
            session.begin_file().unwrap();
            session
                .write(
                    &[Prepared::new(person("x", "Nguyễn Văn An", "079080000001"))],
                    "a.xlsx",
                )
                .unwrap();
        }
        assert!(s.rounds().unwrap().is_empty());
        assert!(s.column_mappings().unwrap().is_empty());
        assert!(s.audit_entries(None).unwrap().is_empty());
        // The store takes the next write as usual.
        s.create_round("Thư ký", &round, &Rubric::plan_2242())
            .unwrap();
    }
}
