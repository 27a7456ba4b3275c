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

/// A nomination with what storing it takes computed beforehand: its content hash, its folded
/// name and unit, and its folded search terms. Making one is pure work and needs no store, so an
/// import makes them on the thread that reads the list while the store writes the rows before.
#[derive(Debug, Clone)]
pub struct Prepared {
    nomination: Nomination,
    hash: String,
    name_folded: String,
    unit_folded: String,
    search: String,
}

impl Prepared {
    pub fn new(nomination: Nomination) -> Self {
        Self {
            hash: nomination.content_hash(),
            name_folded: fold(&nomination.name),
            unit_folded: fold(&nomination.unit),
            search: nomination.search_text(),
            nomination,
        }
    }

    pub fn nomination(&self) -> &Nomination {
        &self.nomination
    }

    /// The nomination's content hash.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The nomination's name, folded as search and look-alikes fold it.
    pub fn name_folded(&self) -> &str {
        &self.name_folded
    }

    /// The nomination's unit, folded.
    pub fn unit_folded(&self) -> &str {
        &self.unit_folded
    }

    pub fn into_nomination(self) -> Nomination {
        self.nomination
    }
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
pub(crate) const BULK_CACHE_KIB: u32 = 64 * 1024;

pub(crate) struct RoundRules {
    kind: RoundKind,
    rubric: Rubric,
}

impl RoundRules {
    /// Rules that stand in until the round's are read.
    pub(crate) fn placeholder() -> Self {
        Self {
            kind: RoundKind::TongKet,
            rubric: Rubric::plan_2242(),
        }
    }
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
        let outcomes = write_rows(&tx, actor, source, noms)?;
        tx.commit()?;
        self.after_bulk(noms.len());
        Ok(outcomes)
    }

    /// An import's whole write in one transaction: the round it made (if any), the column
    /// mappings to remember, and its nominations, as one file. `on_row` hears of each row
    /// written and may stop the write by answering `false`; `before_commit` has the last word.
    /// Either way a stopped write rolls back whole and returns [`StoreError::Cancelled`]: the
    /// store is as it was. An import that writes while it reads uses [`Store::begin_import`].
    pub fn write_import(
        &mut self,
        actor: &str,
        w: &ImportWrite<'_>,
        on_row: &mut dyn FnMut(usize) -> bool,
        before_commit: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<WriteOutcome>, StoreError> {
        let Some(first) = w.nominations.first() else {
            return Ok(Vec::new());
        };
        let mut session = self.begin_import(&crate::ImportStart {
            actor,
            round_id: &first.round_id,
            new_round: w.new_round,
            mappings: w.mappings,
            batch: w.batch,
        })?;
        session.begin_file()?;
        let mut outcomes = Vec::with_capacity(w.nominations.len());
        for chunk in w.nominations.chunks(256) {
            let prepared: Vec<Prepared> = chunk.iter().cloned().map(Prepared::new).collect();
            let written = session.write(&prepared, w.source)?;
            for o in written {
                outcomes.push(o);
                if !on_row(outcomes.len()) {
                    return Err(StoreError::Cancelled);
                }
            }
        }
        session.end_file(true)?;
        session.finish(w.source, before_commit)?;
        Ok(outcomes)
    }

    /// A bulk write leaves a WAL as large as what it wrote. The commit's checkpoint folded it back
    /// into the store; a WAL larger than is kept for reuse is cut back now rather than at the
    /// next write.
    pub(crate) fn after_bulk(&self, rows: usize) {
        if rows < BULK {
            return;
        }
        let large = self.path.as_deref().is_some_and(|p| {
            std::fs::metadata(crate::wal_path(p)).is_ok_and(|m| m.len() > crate::WAL_KEPT_BYTES)
        });
        if large {
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
    /// is one of `id_numbers`: the ones the rows of an imported list could be, or look like.
    /// See [`nominations_like`].
    pub fn nominations_like(
        &self,
        round_id: &str,
        names_folded: &[&str],
        id_numbers: &[&str],
    ) -> Result<Vec<Nomination>, StoreError> {
        nominations_like(&self.conn, round_id, names_folded, id_numbers, i64::MAX)
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

/// The nominations of a round whose folded name is one of `names_folded`, or whose ID number is
/// one of `id_numbers`, among those whose seq is at most `seq_at_most` (an import in progress
/// asks for the ones stored before it), each once. Two statements for the whole list, each
/// riding an index, so checking a list costs the size of the list, not of the round. (One
/// statement per row was re-prepared by SQLite at every call, its plan depending on the bound
/// values: two thirds of a 10,000-row import.)
pub(crate) fn nominations_like(
    conn: &Connection,
    round_id: &str,
    names_folded: &[&str],
    id_numbers: &[&str],
    seq_at_most: i64,
) -> Result<Vec<Nomination>, StoreError> {
    let json = |v: &[&str]| {
        serde_json::to_string(v).map_err(|e| StoreError::Invalid(format!("danh sách tra cứu: {e}")))
    };
    let mut found: Vec<Nomination> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (sql, values) in [
        (
            "n.round_id = ?1 AND n.name_folded IN (SELECT value FROM json_each(?2))",
            names_folded,
        ),
        (
            // `+round_id`: without it the planner, lacking statistics, walks the whole round by
            // its round_id index instead of probing the ID number index.
            "n.id_number IS NOT NULL AND n.id_number IN (SELECT value FROM json_each(?2))
             AND +n.round_id = ?1",
            id_numbers,
        ),
    ] {
        if values.is_empty() {
            continue;
        }
        // `+seq`: the bound only filters. As a range on the table's key it would walk every
        // nomination below it, the whole store.
        let mut st = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM nominations n WHERE {sql} AND +n.seq <= ?3"
        ))?;
        let rows = st.query_map(params![round_id, json(values)?, seq_at_most], stored_of)?;
        for r in rows {
            let n = finish(r?)?.nomination;
            if seen.insert(n.id.clone()) {
                found.push(n);
            }
        }
    }
    Ok(found)
}

pub(crate) fn load_rules(conn: &Connection, round_id: &str) -> Result<RoundRules, StoreError> {
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

/// The times a row is written with, as text: every row of one write shares them, so each is
/// formatted once.
#[derive(Default)]
pub(crate) struct Stamps {
    last: Option<(chrono::DateTime<chrono::Utc>, String)>,
}

impl Stamps {
    fn of(&mut self, at: chrono::DateTime<chrono::Utc>) -> String {
        match &self.last {
            Some((t, text)) if *t == at => text.clone(),
            _ => {
                let text = ts(at);
                self.last = Some((at, text.clone()));
                text
            }
        }
    }
}

/// Runs `st` (an insert of [`INSERT_COLUMNS`]) for `p`; returns the rows it changed.
/// `created_at` is the creation time of the row it replaces, `None` for a new nomination.
fn execute_row(
    st: &mut rusqlite::Statement<'_>,
    p: &Prepared,
    rules: &RoundRules,
    created_at: Option<chrono::DateTime<chrono::Utc>>,
    stamps: &mut Stamps,
) -> Result<usize, StoreError> {
    let n = &p.nomination;
    let (pass, fail, pending, eligible) = derived(n, rules);
    let h = |m: Metric| n.metrics.get(m).map(Percent::hundredths);
    let updated_at = stamps.of(n.updated_at);
    let created_at = stamps.of(created_at.unwrap_or(n.created_at));
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
        p.name_folded,
        p.unit_folded,
        p.hash,
        created_at,
        updated_at,
    ])?)
}

/// Writes one nomination over the one stored under its id, with its search row. `created_at`
/// is the creation time of the row it replaces.
fn write_row(
    tx: &Connection,
    p: &Prepared,
    rules: &RoundRules,
    created_at: chrono::DateTime<chrono::Utc>,
    stamps: &mut Stamps,
) -> Result<(), StoreError> {
    let mut st = tx.prepare_cached(&format!("{INSERT_COLUMNS}{UPSERT}"))?;
    execute_row(&mut st, p, rules, Some(created_at), stamps)?;
    // The search row's rowid is the nomination's seq, so replacing it is a lookup, not a scan.
    // (Not `RETURNING seq`: a statement with RETURNING opens a savepoint, and every savepoint
    // makes the search index flush its pending terms, a tenfold cost over a bulk import.)
    let rowid: i64 = tx
        .prepare_cached("SELECT seq FROM nominations WHERE id = ?1")?
        .query_row([&p.nomination.id], |r| r.get(0))?;
    tx.prepare_cached("DELETE FROM nomination_search WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("INSERT INTO nomination_search (rowid, folded) VALUES (?1, ?2)")?
        .execute(params![rowid, p.search])?;
    Ok(())
}

/// The statements a write runs for each of its rows, prepared once for many.
pub(crate) struct RowStatements<'c> {
    insert: rusqlite::CachedStatement<'c>,
    terms: rusqlite::CachedStatement<'c>,
    select: rusqlite::CachedStatement<'c>,
}

impl<'c> RowStatements<'c> {
    pub(crate) fn new(tx: &'c Connection) -> Result<Self, StoreError> {
        Ok(Self {
            insert: tx.prepare_cached(&format!("{INSERT_COLUMNS} ON CONFLICT (id) DO NOTHING"))?,
            terms: tx
                .prepare_cached("INSERT INTO nomination_search (rowid, folded) VALUES (?1, ?2)")?,
            select: tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM nominations n WHERE n.id = ?1"
            ))?,
        })
    }
}

/// Inserts `p`, or, when its id is taken and what it states differs, writes it over that
/// nomination. Returns the outcome and, for an update, the nomination as it was. A new
/// nomination is inserted straight away; only one whose id is taken is read back.
pub(crate) fn write_one(
    tx: &Connection,
    st: &mut RowStatements<'_>,
    p: &Prepared,
    rules: &RoundRules,
    stamps: &mut Stamps,
) -> Result<(WriteOutcome, Option<Nomination>), StoreError> {
    let n = &p.nomination;
    if execute_row(&mut st.insert, p, rules, None, stamps)? == 1 {
        // A new nomination's seq is one past the largest, and the only deletions of nominations
        // (an undo, erasing a round) delete their search rows with them, so no search row can
        // stand under a new seq.
        st.terms
            .execute(params![tx.last_insert_rowid(), p.search])?;
        return Ok((WriteOutcome::Inserted, None));
    }
    let old = finish(st.select.query_row([&n.id], stored_of)?)?.nomination;
    if old.content_hash() == p.hash {
        return Ok((WriteOutcome::Unchanged, None));
    }
    if old.round_id != n.round_id {
        return Err(StoreError::Invalid(format!(
            "hồ sơ «{}» đã thuộc đợt xét khác ({})",
            n.id, old.round_id
        )));
    }
    write_row(tx, p, rules, old.created_at, stamps)?;
    Ok((WriteOutcome::Updated, Some(old)))
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
    let p = Prepared::new(n.clone());
    write_row(tx, &p, &rules, n.created_at, &mut Stamps::default())?;
    Ok(p.hash)
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

/// Writes nominations inside the caller's transaction, each insert or update with its own audit
/// entry naming `source`. (An import records its rows in its batch instead:
/// [`crate::ImportSession`].)
fn write_rows(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    source: &str,
    noms: &[Nomination],
) -> Result<Vec<WriteOutcome>, StoreError> {
    let mut rules: HashMap<String, RoundRules> = HashMap::new();
    let mut outcomes = Vec::with_capacity(noms.len());
    let mut st = RowStatements::new(tx)?;
    let mut stamps = Stamps::default();
    for n in noms {
        if !rules.contains_key(&n.round_id) {
            let found = load_rules(tx, &n.round_id)?;
            rules.insert(n.round_id.clone(), found);
        }
        let r = rules.get(&n.round_id).ok_or_else(|| StoreError::NotFound {
            what: "đợt xét",
            id: n.round_id.clone(),
        })?;
        let p = Prepared::new(n.clone());
        let (outcome, old) = write_one(tx, &mut st, &p, r, &mut stamps)?;
        match (outcome, old) {
            (WriteOutcome::Inserted, _) => audit_created(tx, actor, source, &p)?,
            (WriteOutcome::Updated, Some(old)) => audit_updated(tx, actor, source, &old, &p)?,
            _ => {}
        }
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// The audit entry of a nomination a write created, naming `source`.
pub(crate) fn audit_created(
    tx: &Connection,
    actor: &str,
    source: &str,
    p: &Prepared,
) -> Result<(), StoreError> {
    let n = &p.nomination;
    let detail = serde_json::json!({
        "source": source,
        "round_id": n.round_id,
        "name": n.name,
        "after_hash": p.hash,
    });
    audit::append(tx, actor, "nomination.create", "nomination", &n.id, &detail)?;
    Ok(())
}

/// The audit entry of a nomination a write changed from `old`: what changed, naming `source`.
pub(crate) fn audit_updated(
    tx: &Connection,
    actor: &str,
    source: &str,
    old: &Nomination,
    p: &Prepared,
) -> Result<(), StoreError> {
    let n = &p.nomination;
    let detail = serde_json::json!({
        "source": source,
        "changes": changes(old, n),
        "after_hash": p.hash,
    });
    audit::append(tx, actor, "nomination.update", "nomination", &n.id, &detail)?;
    Ok(())
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
