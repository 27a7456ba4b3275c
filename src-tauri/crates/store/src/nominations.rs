//! Nominations: written in batches, all or nothing, each change audited.

use crate::{audit, parse_ts, ts, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashMap;
use xetkhen_core::text::fold;
use xetkhen_core::{
    AwardForm, Metric, Metrics, Nomination, NomineeKind, Percent, RoundKind, Rubric,
};

/// A nomination with what the rubric decided about it when it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredNomination {
    pub nomination: Nomination,
    pub auto_pass: u32,
    pub auto_fail: u32,
    pub auto_pending: u32,
    pub eligible: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Inserted,
    Updated,
    Unchanged,
}

pub(crate) const COLUMNS: &str = "n.id, n.round_id, n.kind, n.criteria_set, n.name, n.position, n.birth_year, \
    n.id_number, n.unit, n.nominating_unit, n.award, n.summary, n.online_records_pct, n.e_documents_pct, \
    n.socio_economic_reports_pct, n.lgsp_pct, n.created_at, n.updated_at, n.auto_pass, n.auto_fail, \
    n.auto_pending, n.eligible";

fn pct(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Percent>> {
    Ok(r.get::<_, Option<u32>>(i)?
        .and_then(|h| Percent::from_hundredths(h).ok()))
}

/// Reads a row selected with [`COLUMNS`]; timestamps are parsed by the caller.
pub(crate) fn stored_of(r: &Row<'_>) -> rusqlite::Result<(StoredNomination, String, String)> {
    let kind: String = r.get(2)?;
    let award: String = r.get(10)?;
    let nomination = Nomination {
        id: r.get(0)?,
        round_id: r.get(1)?,
        kind: NomineeKind::parse(&kind).unwrap_or(NomineeKind::Collective),
        criteria_set: r.get(3)?,
        name: r.get(4)?,
        position: r.get(5)?,
        birth_year: r.get(6)?,
        id_number: r.get(7)?,
        unit: r.get(8)?,
        nominating_unit: r.get(9)?,
        award: AwardForm::parse(&award).unwrap_or(AwardForm::BangKhen),
        summary: r.get(11)?,
        metrics: Metrics {
            online_records_pct: pct(r, 12)?,
            e_documents_pct: pct(r, 13)?,
            socio_economic_reports_pct: pct(r, 14)?,
            lgsp_pct: pct(r, 15)?,
        },
        created_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
        updated_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
    };
    let stored = StoredNomination {
        nomination,
        auto_pass: r.get(18)?,
        auto_fail: r.get(19)?,
        auto_pending: r.get(20)?,
        eligible: r.get(21)?,
    };
    Ok((stored, r.get(16)?, r.get(17)?))
}

pub(crate) fn finish(
    row: (StoredNomination, String, String),
) -> Result<StoredNomination, StoreError> {
    let (mut s, created, updated) = row;
    s.nomination.created_at = parse_ts(&created)?;
    s.nomination.updated_at = parse_ts(&updated)?;
    Ok(s)
}

/// The fields a person can tell apart, for the audit detail of an update.
fn fields(n: &Nomination) -> Vec<(&'static str, serde_json::Value)> {
    let mut v = vec![
        ("kind", serde_json::json!(n.kind.code())),
        ("criteria_set", serde_json::json!(n.criteria_set)),
        ("name", serde_json::json!(n.name)),
        ("position", serde_json::json!(n.position)),
        ("birth_year", serde_json::json!(n.birth_year)),
        ("id_number", serde_json::json!(n.id_number)),
        ("unit", serde_json::json!(n.unit)),
        ("nominating_unit", serde_json::json!(n.nominating_unit)),
        ("award", serde_json::json!(n.award.code())),
        ("summary", serde_json::json!(n.summary)),
    ];
    for m in Metric::ALL {
        v.push((
            m.code(),
            serde_json::json!(n.metrics.get(m).map(Percent::as_f64)),
        ));
    }
    v
}

/// A batch at least this large is a bulk write (an import), followed by a WAL checkpoint.
const BULK: usize = 1000;

/// The page cache of a bulk write, in KiB (a 10,000-row import touches about 20 MiB).
const BULK_CACHE_KIB: u32 = 64 * 1024;

struct RoundRules {
    kind: RoundKind,
    rubric: Rubric,
}

impl Store {
    /// Writes a batch of nominations in one transaction: new ones are inserted, changed ones
    /// updated, identical ones left alone. Each insert or update appends an audit entry naming
    /// `source` (a file, "demo", …). Nothing is written if any nomination fails.
    pub fn write_nominations(
        &mut self,
        actor: &str,
        source: &str,
        noms: &[Nomination],
    ) -> Result<Vec<WriteOutcome>, StoreError> {
        if noms.len() < BULK {
            return self.write_batch(actor, source, noms);
        }
        // A bulk write touches more pages than the default cache holds; spilling them to the WAL
        // in the middle of the transaction and reading them back costs more than the memory.
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))?;
        let written = self.write_batch(actor, source, noms);
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
        written
    }

    fn write_batch(
        &mut self,
        actor: &str,
        source: &str,
        noms: &[Nomination],
    ) -> Result<Vec<WriteOutcome>, StoreError> {
        let tx = self.write_tx()?;
        let (outcomes, _) = write_rows(&tx, actor, source, noms, None, &mut |_| true)?;
        tx.commit()?;
        self.after_bulk(noms.len());
        Ok(outcomes)
    }

    /// An import's whole write in one transaction: the round it made (if any), the column
    /// mappings to remember, and its nominations. `on_row` hears of each row written and may
    /// stop the write by answering `false`; `before_commit` has the last word. Either way a
    /// stopped write rolls back whole and returns [`StoreError::Cancelled`]: the store is as it
    /// was.
    pub fn write_import(
        &mut self,
        actor: &str,
        w: &ImportWrite<'_>,
        on_row: &mut dyn FnMut(usize) -> bool,
        before_commit: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<WriteOutcome>, StoreError> {
        let bulk = w.nominations.len() >= BULK;
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        if bulk {
            self.conn
                .execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))?;
        }
        let written = (|| {
            let tx = self.write_tx()?;
            if let Some((round, rubric)) = w.new_round {
                crate::rounds::insert_round(&tx, actor, round, rubric)?;
            }
            crate::mappings::save_mappings(&tx, actor, w.mappings)?;
            let batch = match (w.batch, w.nominations.first()) {
                (Some(id), Some(first)) => {
                    crate::batches::insert_batch(&tx, id, &first.round_id, w.source, actor)?;
                    Some(id)
                }
                _ => None,
            };
            let (outcomes, written) =
                write_rows(&tx, actor, w.source, w.nominations, batch, on_row)?;
            if let (Some(id), Some(first)) = (batch, w.nominations.first()) {
                let count = |o: WriteOutcome| outcomes.iter().filter(|x| **x == o).count();
                crate::batches::close_batch(
                    &tx,
                    actor,
                    id,
                    &first.round_id,
                    w.source,
                    count(WriteOutcome::Inserted),
                    count(WriteOutcome::Updated),
                    written,
                )?;
            }
            if !before_commit() {
                return Err(StoreError::Cancelled);
            }
            tx.commit()?;
            Ok(outcomes)
        })();
        if bulk {
            self.conn
                .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
        }
        if written.is_ok() {
            self.after_bulk(w.nominations.len());
        }
        written
    }

    fn after_bulk(&self, rows: usize) {
        if rows >= BULK {
            // A bulk write leaves a WAL as large as what it wrote; fold it back into the store now
            // rather than at some later, slower moment.
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }

    pub fn nomination(&self, id: &str) -> Result<Option<StoredNomination>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM nominations n WHERE n.id = ?1"),
                [id],
                stored_of,
            )
            .optional()?
            .map(finish)
            .transpose()
    }

    /// The nominations of a round whose folded name is one of `names_folded`, or whose ID number
    /// is one of `id_numbers`: the ones the rows of an imported list could be, or look like. Two
    /// statements for the whole list, each riding an index, so checking a list costs the size of
    /// the list, not of the round. (One statement per row was re-prepared by SQLite at every
    /// call, its plan depending on the bound values: two thirds of a 10,000-row import.)
    pub fn nominations_like(
        &self,
        round_id: &str,
        names_folded: &[&str],
        id_numbers: &[&str],
    ) -> Result<Vec<Nomination>, StoreError> {
        let json = |v: &[&str]| {
            serde_json::to_string(v)
                .map_err(|e| StoreError::Invalid(format!("danh sách tra cứu: {e}")))
        };
        let mut found: Vec<Nomination> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (sql, values) in [
            (
                "n.round_id = ?1 AND n.name_folded IN (SELECT value FROM json_each(?2))",
                names_folded,
            ),
            (
                // `+round_id`: without it the planner, lacking statistics, walks the whole
                // round by its round_id index instead of probing the ID number index.
                "n.id_number IS NOT NULL AND n.id_number IN (SELECT value FROM json_each(?2))
                 AND +n.round_id = ?1",
                id_numbers,
            ),
        ] {
            if values.is_empty() {
                continue;
            }
            let mut st = self
                .conn
                .prepare(&format!("SELECT {COLUMNS} FROM nominations n WHERE {sql}"))?;
            let rows = st.query_map(params![round_id, json(values)?], stored_of)?;
            for r in rows {
                let n = finish(r?)?.nomination;
                if seen.insert(n.id.clone()) {
                    found.push(n);
                }
            }
        }
        Ok(found)
    }

    pub fn count_nominations(&self, round_id: Option<&str>) -> Result<u32, StoreError> {
        Ok(match round_id {
            Some(r) => self.conn.query_row(
                "SELECT COUNT(*) FROM nominations WHERE round_id = ?1",
                [r],
                |x| x.get(0),
            )?,
            None => self
                .conn
                .query_row("SELECT COUNT(*) FROM nominations", [], |x| x.get(0))?,
        })
    }

    /// Every nomination's id and the hash of its content as it is now in the table.
    pub(crate) fn all_nomination_hashes(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM nominations n"))?;
        let rows = st.query_map([], stored_of)?;
        rows.map(|row| {
            let s = finish(row?)?;
            Ok((s.nomination.id.clone(), s.nomination.content_hash()))
        })
        .collect()
    }
}

fn load_rules(conn: &Connection, round_id: &str) -> Result<RoundRules, StoreError> {
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT kind, rubric_json FROM rounds WHERE id = ?1",
            [round_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (kind, json) = found.ok_or_else(|| StoreError::NotFound {
        what: "đợt xét",
        id: round_id.to_string(),
    })?;
    let kind = RoundKind::parse(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("loại đợt xét «{kind}»")))?;
    let rubric = Rubric::from_json(&json)
        .map_err(|e| StoreError::Corrupt(format!("tiêu chí của đợt xét {round_id}: {e}")))?;
    Ok(RoundRules { kind, rubric })
}

/// What the round's rubric decides of a nomination, kept beside it for sorting and filtering:
/// the items passed, failed and pending, and whether it is eligible.
fn derived(n: &Nomination, rules: &RoundRules) -> (u32, u32, u32, Option<bool>) {
    match rules.rubric.evaluate(n, rules.kind) {
        Some(e) => {
            let count = |f: &dyn Fn(&xetkhen_core::ItemResult<'_>) -> bool| {
                u32::try_from(e.items.iter().filter(|i| f(i)).count()).unwrap_or(u32::MAX)
            };
            (
                count(&|i| i.auto == Some(xetkhen_core::AutoResult::Pass)),
                count(&|i| i.auto == Some(xetkhen_core::AutoResult::Fail)),
                count(&|i| i.auto.is_none()),
                e.eligible,
            )
        }
        // A set the round's rubric does not know rules the nomination out until it is corrected.
        None => (0, 0, 0, Some(false)),
    }
}

const INSERT_COLUMNS: &str = "INSERT INTO nominations (id, round_id, kind, criteria_set, name, position, birth_year, id_number, unit,
             nominating_unit, award, summary, online_records_pct, e_documents_pct, socio_economic_reports_pct,
             lgsp_pct, auto_pass, auto_fail, auto_pending, eligible, name_folded, unit_folded, content_hash,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
             ?22, ?23, ?24, ?25)";

const UPSERT: &str = "
         ON CONFLICT (id) DO UPDATE SET
             kind = excluded.kind, criteria_set = excluded.criteria_set, name = excluded.name,
             position = excluded.position, birth_year = excluded.birth_year, id_number = excluded.id_number,
             unit = excluded.unit, nominating_unit = excluded.nominating_unit, award = excluded.award,
             summary = excluded.summary, online_records_pct = excluded.online_records_pct,
             e_documents_pct = excluded.e_documents_pct,
             socio_economic_reports_pct = excluded.socio_economic_reports_pct, lgsp_pct = excluded.lgsp_pct,
             auto_pass = excluded.auto_pass, auto_fail = excluded.auto_fail, auto_pending = excluded.auto_pending,
             eligible = excluded.eligible, name_folded = excluded.name_folded, unit_folded = excluded.unit_folded,
             content_hash = excluded.content_hash, updated_at = excluded.updated_at";

/// Runs `st` (an insert of [`INSERT_COLUMNS`]) for `n`; returns the rows it changed.
fn execute_row(
    st: &mut rusqlite::Statement<'_>,
    n: &Nomination,
    rules: &RoundRules,
    content_hash: &str,
    created_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<usize, StoreError> {
    let (pass, fail, pending, eligible) = derived(n, rules);
    let h = |m: Metric| n.metrics.get(m).map(Percent::hundredths);
    let updated_at = ts(n.updated_at);
    let created_at = match created_at {
        Some(at) => ts(at),
        None if n.created_at == n.updated_at => updated_at.clone(),
        None => ts(n.created_at),
    };
    Ok(st.execute(params![
        n.id,
        n.round_id,
        n.kind.code(),
        n.criteria_set,
        n.name,
        n.position,
        n.birth_year,
        n.id_number,
        n.unit,
        n.nominating_unit,
        n.award.code(),
        n.summary,
        h(Metric::OnlineRecordsPct),
        h(Metric::EDocumentsPct),
        h(Metric::SocioEconomicReportsPct),
        h(Metric::LgspPct),
        pass,
        fail,
        pending,
        eligible,
        fold(&n.name),
        fold(&n.unit),
        content_hash,
        created_at,
        updated_at,
    ])?)
}

/// Writes one nomination and its search row. `created_at` is the creation time of the row it
/// replaces, `None` for a new nomination.
fn write_row(
    tx: &Connection,
    n: &Nomination,
    rules: &RoundRules,
    content_hash: &str,
    created_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(), StoreError> {
    let mut st = tx.prepare_cached(&format!("{INSERT_COLUMNS}{UPSERT}"))?;
    execute_row(&mut st, n, rules, content_hash, created_at)?;
    // The search row's rowid is the nomination's seq, so replacing it is a lookup, not a scan.
    // (Not `RETURNING seq`: a statement with RETURNING opens a savepoint, and every savepoint
    // makes the search index flush its pending terms, a tenfold cost over a bulk import.)
    // A new nomination's seq is one past the largest, and the only deletion of nominations
    // (erasing a round, `erase.rs`) deletes their search rows with them, so no search row can
    // stand under a new seq: only an update replaces one.
    let rowid: i64 = if created_at.is_none() {
        tx.last_insert_rowid()
    } else {
        let rowid = tx
            .prepare_cached("SELECT seq FROM nominations WHERE id = ?1")?
            .query_row([&n.id], |r| r.get(0))?;
        tx.prepare_cached("DELETE FROM nomination_search WHERE rowid = ?1")?
            .execute([rowid])?;
        rowid
    };
    tx.prepare_cached("INSERT INTO nomination_search (rowid, folded) VALUES (?1, ?2)")?
        .execute(params![rowid, n.search_text()])?;
    Ok(())
}

/// The fields that differ between two versions of a nomination, for an audit entry.
pub(crate) fn changes(
    before: &Nomination,
    after: &Nomination,
) -> serde_json::Map<String, serde_json::Value> {
    fields(before)
        .into_iter()
        .zip(fields(after))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((k, a), (_, b))| {
            (
                k.to_string(),
                serde_json::json!({ "before": a, "after": b }),
            )
        })
        .collect()
}

/// Writes an existing nomination back as `n` (an undo), with its search row; returns its hash.
pub(crate) fn rewrite(tx: &Connection, n: &Nomination) -> Result<String, StoreError> {
    let rules = load_rules(tx, &n.round_id)?;
    let hash = n.content_hash();
    write_row(tx, n, &rules, &hash, Some(n.created_at))?;
    Ok(hash)
}

/// Migration 7: writes every nomination's search terms into the new, terms-only index.
pub(crate) fn index_all_for_search(tx: &Connection) -> Result<(), StoreError> {
    let mut select = tx.prepare(&format!("SELECT {COLUMNS}, n.seq FROM nominations n"))?;
    let mut insert = tx.prepare("INSERT INTO nomination_search (rowid, folded) VALUES (?1, ?2)")?;
    let mut rows = select.query([])?;
    while let Some(r) = rows.next()? {
        let (stored, _, _) = stored_of(r)?;
        let seq: i64 = r.get(22)?;
        insert.execute(params![seq, stored.nomination.search_text()])?;
    }
    Ok(())
}

/// The id and content hash of each nomination a write inserted or changed.
type Written = Vec<(String, String)>;

/// Writes nominations inside the caller's transaction, telling `on_row` how many are written
/// after each; an answer of `false` stops with [`StoreError::Cancelled`] before the next.
///
/// Without `batch`, each nomination inserted or updated gets its own audit entry. With `batch`,
/// each nomination written is recorded in that import batch, with what it was before, so the
/// import can be undone; a nomination it creates gets no entry of its own: the batch's one entry
/// ([`crate::batches::close_batch`]) commits to every row it wrote, and `audit verify` checks each
/// row against it. A nomination it changes still gets its own entry, which says what changed.
/// Returns each nomination's outcome, and the id and content hash of each one written.
fn write_rows(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    source: &str,
    noms: &[Nomination],
    batch: Option<&str>,
    on_row: &mut dyn FnMut(usize) -> bool,
) -> Result<(Vec<WriteOutcome>, Written), StoreError> {
    let mut rules: HashMap<String, RoundRules> = HashMap::new();
    let mut outcomes = Vec::with_capacity(noms.len());
    let mut written = Vec::with_capacity(noms.len());
    // Every statement prepared once for the whole write.
    let mut insert = tx.prepare_cached(&format!("{INSERT_COLUMNS} ON CONFLICT (id) DO NOTHING"))?;
    let mut terms =
        tx.prepare_cached("INSERT INTO nomination_search (rowid, folded) VALUES (?1, ?2)")?;
    let mut select = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM nominations n WHERE n.id = ?1"
    ))?;
    let mut record = tx.prepare_cached(
        "INSERT INTO import_batch_rows (batch_id, nomination_id, before_json, after_hash)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for n in noms {
        if !rules.contains_key(&n.round_id) {
            let found = load_rules(tx, &n.round_id)?;
            rules.insert(n.round_id.clone(), found);
        }
        let r = rules.get(&n.round_id).ok_or_else(|| StoreError::NotFound {
            what: "đợt xét",
            id: n.round_id.clone(),
        })?;
        // Hashed once: the row, the comparison and the audit entry share it.
        let hash = n.content_hash();
        // A new nomination is inserted straight away; only one whose id is taken is read back.
        let outcome = if execute_row(&mut insert, n, r, &hash, None)? == 1 {
            terms.execute(params![tx.last_insert_rowid(), n.search_text()])?;
            if let Some(b) = batch {
                record.execute(params![b, n.id, None::<String>, hash])?;
            } else {
                let detail = serde_json::json!({
                    "source": source,
                    "round_id": n.round_id,
                    "name": n.name,
                    "after_hash": hash,
                });
                audit::append(tx, actor, "nomination.create", "nomination", &n.id, &detail)?;
            }
            WriteOutcome::Inserted
        } else {
            let old = finish(select.query_row([&n.id], stored_of)?)?;
            if old.nomination.content_hash() == hash {
                WriteOutcome::Unchanged
            } else {
                if old.nomination.round_id != n.round_id {
                    return Err(StoreError::Invalid(format!(
                        "hồ sơ «{}» đã thuộc đợt xét khác ({})",
                        n.id, old.nomination.round_id
                    )));
                }
                write_row(tx, n, r, &hash, Some(old.nomination.created_at))?;
                if let Some(b) = batch {
                    let before = serde_json::to_string(&old.nomination).map_err(|e| {
                        StoreError::Invalid(format!("hồ sơ không ghi được thành JSON: {e}"))
                    })?;
                    record.execute(params![b, n.id, before, hash])?;
                }
                let changes = changes(&old.nomination, n);
                let detail = serde_json::json!({
                    "source": source,
                    "changes": changes,
                    "after_hash": hash,
                });
                audit::append(tx, actor, "nomination.update", "nomination", &n.id, &detail)?;
                WriteOutcome::Updated
            }
        };
        if outcome != WriteOutcome::Unchanged {
            written.push((n.id.clone(), hash));
        }
        outcomes.push(outcome);
        if !on_row(outcomes.len()) {
            return Err(StoreError::Cancelled);
        }
    }
    Ok((outcomes, written))
}

/// What one import writes, all in one transaction.
#[derive(Debug, Clone, Copy)]
pub struct ImportWrite<'a> {
    /// The file names the rows came from, for the audit entries.
    pub source: &'a str,
    /// A round made for this import, written only together with its nominations.
    pub new_round: Option<(&'a xetkhen_core::Round, &'a Rubric)>,
    /// Header wordings the user mapped by hand (folded wording, field code).
    pub mappings: &'a [(String, String)],
    pub nominations: &'a [Nomination],
    /// The id of the import batch to record the write under, so that it can be undone.
    pub batch: Option<&'a str>,
}
