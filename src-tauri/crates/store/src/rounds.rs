//! Rounds: created with a copy of their rubric, never silently changed.

use crate::{audit, parse_ts, ts, Store, StoreError};
use rusqlite::{params, OptionalExtension, Row};
use xetkhen_core::{Round, RoundKind, RoundStatus, Rubric, VoteRule};

#[derive(Debug, Clone, PartialEq)]
pub struct RoundSummary {
    pub round: Round,
    pub nomination_count: u32,
    pub retention: crate::Retention,
}

/// The columns after a round's own and its nomination count, read by [`summary_of`].
const SUMMARY_COLUMNS: &str = "(SELECT COUNT(*) FROM nominations n WHERE n.round_id = r.id), \
     r.closed_at, r.retain_until, r.erased_at";

type SummaryRow = ((Round, Option<String>), u32, [Option<String>; 3]);

fn summary_row(r: &Row<'_>) -> rusqlite::Result<SummaryRow> {
    Ok((round_of(r)?, r.get(8)?, [r.get(9)?, r.get(10)?, r.get(11)?]))
}

fn summary_of(
    (pair, count, [closed, until, erased]): SummaryRow,
) -> Result<RoundSummary, StoreError> {
    Ok(RoundSummary {
        round: finish(pair)?,
        nomination_count: count,
        retention: crate::Retention {
            closed_at: closed.as_deref().map(parse_ts).transpose()?,
            retain_until: until.and_then(|d| d.parse().ok()),
            erased_at: erased.as_deref().map(parse_ts).transpose()?,
        },
    })
}

const COLUMNS: &str =
    "r.id, r.name, r.campaign, r.kind, r.status, r.starts_on, r.ends_on, r.created_at";

fn round_of(r: &Row<'_>) -> rusqlite::Result<(Round, Option<String>)> {
    let kind: String = r.get(3)?;
    let status: String = r.get(4)?;
    let created: String = r.get(7)?;
    let date = |i: usize| -> rusqlite::Result<Option<chrono::NaiveDate>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|s| s.parse().ok()))
    };
    let round = Round {
        id: r.get(0)?,
        name: r.get(1)?,
        campaign: r.get(2)?,
        kind: RoundKind::parse(&kind).unwrap_or(RoundKind::TongKet),
        status: RoundStatus::parse(&status).unwrap_or(RoundStatus::Open),
        starts_on: date(5)?,
        ends_on: date(6)?,
        created_at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
    };
    Ok((round, Some(created)))
}

fn finish(pair: (Round, Option<String>)) -> Result<Round, StoreError> {
    let (mut round, created) = pair;
    if let Some(c) = created {
        round.created_at = parse_ts(&c)?;
    }
    Ok(round)
}

impl Store {
    pub fn create_round(
        &mut self,
        actor: &str,
        round: &Round,
        rubric: &Rubric,
    ) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        insert_round(&tx, actor, round, rubric)?;
        tx.commit()?;
        Ok(())
    }

    /// Every round, the newest first, with how many nominations it holds.
    pub fn rounds(&self) -> Result<Vec<RoundSummary>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {COLUMNS}, {SUMMARY_COLUMNS} FROM rounds r ORDER BY r.created_at DESC, r.id"
        ))?;
        let rows = st.query_map([], summary_row)?;
        rows.map(|row| summary_of(row?)).collect()
    }

    pub fn round(&self, id: &str) -> Result<Option<RoundSummary>, StoreError> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS}, {SUMMARY_COLUMNS} FROM rounds r WHERE r.id = ?1"),
                [id],
                summary_row,
            )
            .optional()?;
        found.map(summary_of).transpose()
    }

    /// [`Store::round`], for a round that must exist.
    pub(crate) fn existing_round(&self, id: &str) -> Result<RoundSummary, StoreError> {
        self.round(id)?.ok_or_else(|| StoreError::NotFound {
            what: "đợt xét",
            id: id.to_string(),
        })
    }

    /// The rubric the round was created with.
    pub fn round_rubric(&self, id: &str) -> Result<Rubric, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT rubric_json FROM rounds WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let json = json.ok_or_else(|| StoreError::NotFound {
            what: "đợt xét",
            id: id.to_string(),
        })?;
        Rubric::from_json(&json)
            .map_err(|e| StoreError::Corrupt(format!("tiêu chí của đợt xét {id}: {e}")))
    }

    /// The open round created last, where an import goes when no round is named.
    pub fn latest_open_round(&self) -> Result<Option<Round>, StoreError> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM rounds r WHERE r.status = 'open' ORDER BY r.created_at DESC, r.id LIMIT 1"),
                [],
                round_of,
            )
            .optional()?;
        found.map(finish).transpose()
    }

    /// Every round's id and the hash of its current content, for the audit check.
    pub(crate) fn all_rounds_with_hash(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLUMNS}, r.rubric_json FROM rounds r"))?;
        let rows = st.query_map([], |r| Ok((round_of(r)?, r.get::<_, String>(8)?)))?;
        rows.map(|row| {
            let (pair, rubric_json) = row?;
            let round = finish(pair)?;
            Ok((round.id.clone(), round.content_hash(&rubric_json)))
        })
        .collect()
    }
}

impl Store {
    /// The vote rule of a round (the default when none was set).
    pub fn vote_rule(&self, round_id: &str) -> Result<VoteRule, StoreError> {
        let json: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT vote_rule_json FROM rounds WHERE id = ?1",
                [round_id],
                |r| r.get(0),
            )
            .optional()?;
        match json {
            None => Err(StoreError::NotFound {
                what: "đợt xét",
                id: round_id.to_string(),
            }),
            Some(None) => Ok(VoteRule::default()),
            Some(Some(j)) => serde_json::from_str(&j).map_err(|e| {
                StoreError::Corrupt(format!("quy tắc biểu quyết của đợt {round_id}: {e}"))
            }),
        }
    }

    /// Sets a round's vote rule; the audit log records the old and new rule.
    pub fn set_vote_rule(
        &mut self,
        actor: &str,
        round_id: &str,
        rule: VoteRule,
    ) -> Result<crate::WriteOutcome, StoreError> {
        let before = self.vote_rule(round_id)?;
        if before == rule {
            return Ok(crate::WriteOutcome::Unchanged);
        }
        let json = serde_json::to_string(&rule).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE rounds SET vote_rule_json = ?2 WHERE id = ?1",
            params![round_id, json],
        )?;
        audit::append(
            &tx,
            actor,
            "round.vote_rule",
            "round-rule",
            round_id,
            &serde_json::json!({
                "changes": {"vote_rule": {"before": before.describe().text, "after": rule.describe().text}},
            }),
        )?;
        tx.commit()?;
        Ok(crate::WriteOutcome::Updated)
    }
}

/// Writes a new round and its audit entry inside the caller's transaction.
pub(crate) fn insert_round(
    tx: &rusqlite::Connection,
    actor: &str,
    round: &Round,
    rubric: &Rubric,
) -> Result<(), StoreError> {
    let rubric_json = rubric.to_json();
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM rounds WHERE id = ?1)",
        [&round.id],
        |r| r.get(0),
    )?;
    if exists {
        return Err(StoreError::Invalid(format!(
            "đợt xét «{}» đã có trong kho",
            round.id
        )));
    }
    tx.execute(
            "INSERT INTO rounds (id, name, campaign, kind, status, starts_on, ends_on, rubric_json, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                round.id,
                round.name,
                round.campaign,
                round.kind.code(),
                round.status.code(),
                round.starts_on.map(|d| d.to_string()),
                round.ends_on.map(|d| d.to_string()),
                rubric_json,
                ts(round.created_at),
            ],
        )?;
    let detail = serde_json::json!({
        "name": round.name,
        "campaign": round.campaign,
        "kind": round.kind.code(),
        "rubric": rubric.label(),
        "after_hash": round.content_hash(&rubric_json),
    });
    audit::append(tx, actor, "round.create", "round", &round.id, &detail)?;
    Ok(())
}
