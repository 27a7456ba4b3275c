//! The writing side of an import, on the caller's thread: rows are written as the reader hands
//! them over (`read.rs`), each file under a savepoint kept or taken back at its end, and the
//! whole import committed once, at the end. A dry run goes through the same steps and only asks
//! the store what each row would do.

use super::duplicates::{natural_key_of, LookRow};
use super::read::{Read, ReadyRow};
use super::*;
use std::sync::mpsc::{Receiver, SyncSender};
use xetkhen_store::{ImportSession, Prepared, Store};

/// Where the rows go.
pub(super) enum Target<'s> {
    Write(Box<ImportSession<'s>>),
    /// Nothing is written: each row is only compared with the store.
    DryRun(&'s Store),
}

/// What the writer did.
#[derive(Default)]
pub(super) struct Written {
    pub counts: Counts,
    /// Whether the batch was kept: the import wrote something and can be undone.
    pub batch_kept: bool,
}

/// What rows did: a file's, counted until its end says whether they stay, then the import's.
#[derive(Default, Clone, Copy)]
pub(super) struct Counts {
    pub imported: u32,
    pub updated: u32,
    pub unchanged: u32,
}

impl Counts {
    fn add(&mut self, o: WriteOutcome) {
        match o {
            WriteOutcome::Inserted => self.imported += 1,
            WriteOutcome::Updated => self.updated += 1,
            WriteOutcome::Unchanged => self.unchanged += 1,
        }
    }

    fn take(&mut self, other: Counts) {
        self.imported += other.imported;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }

    /// Every row counted.
    pub(super) fn rows(&self) -> usize {
        usize::try_from(self.imported + self.updated + self.unchanged).unwrap_or(usize::MAX)
    }
}

impl Target<'_> {
    /// The round's nominations, as they were before the import, that rows named so could be.
    fn like(
        &self,
        round_id: &str,
        names: &[&str],
        ids: &[&str],
    ) -> Result<Vec<Nomination>, ApiError> {
        Ok(match self {
            Target::Write(s) => s.like(names, ids)?,
            Target::DryRun(store) => store.nominations_like(round_id, names, ids)?,
        })
    }

    fn begin_file(&mut self) -> Result<(), ApiError> {
        if let Target::Write(s) = self {
            s.begin_file()?;
        }
        Ok(())
    }

    fn end_file(&mut self, accepted: bool) -> Result<(), ApiError> {
        if let Target::Write(s) = self {
            s.end_file(accepted)?;
        }
        Ok(())
    }

    fn write(&mut self, rows: &[Prepared], source: &str) -> Result<Vec<WriteOutcome>, ApiError> {
        match self {
            Target::Write(s) => Ok(s.write(rows, source)?),
            Target::DryRun(store) => rows
                .iter()
                .map(|p| {
                    Ok(match store.nomination(&p.nomination().id)? {
                        None => WriteOutcome::Inserted,
                        Some(old) if old.nomination.content_hash() == p.hash() => {
                            WriteOutcome::Unchanged
                        }
                        Some(_) => WriteOutcome::Updated,
                    })
                })
                .collect(),
        }
    }
}

/// Writes what the reader sends until it has read every file, then commits (naming the files
/// taken) after the job's last word. `labels` names each file for the audit entries. `None`
/// when the reader stopped before the end: nothing is kept, and the reader says why.
///
/// Once every file is read, the nominations of the round the rows were found to be, or to look
/// like, go back to the reader on `stored`: it gathers the look-alikes while the store commits.
pub(super) fn write_all(
    mut target: Target<'_>,
    round_id: &str,
    labels: &[String],
    from: &Receiver<Read>,
    stored: &SyncSender<Vec<LookRow>>,
    job: &Job,
) -> Result<Option<Written>, ApiError> {
    let mut written = Written::default();
    let mut found: Vec<LookRow> = Vec::new();
    // The file being written: its counts, and where its stored look-alikes begin.
    let mut file: Option<(Counts, usize)> = None;
    // The files taken, named in the batch's entry.
    let mut taken: Vec<&str> = Vec::new();
    // A dry run only compares the rows with the store: the bar says so.
    let stage = match target {
        Target::Write(_) => JobStage::Writing,
        Target::DryRun(_) => JobStage::Checking,
    };
    let mut ended = false;
    for message in from {
        match message {
            Read::End => {
                ended = true;
                break;
            }
            Read::Rows {
                file: index,
                total,
                rows,
            } => {
                if file.is_none() {
                    target.begin_file()?;
                    file = Some((Counts::default(), found.len()));
                }
                let rows = same_as_stored(&target, round_id, rows, &mut found)?;
                let source = labels.get(index).map_or("", String::as_str);
                let outcomes = target.write(&rows, source)?;
                if let Some((counts, _)) = file.as_mut() {
                    outcomes.into_iter().for_each(|o| counts.add(o));
                    let done = counts.rows();
                    job.step(stage, done, total.max(done))?;
                }
            }
            Read::Done {
                file: index,
                accepted,
                compared,
            } => {
                if accepted {
                    taken.extend(labels.get(index).map(String::as_str));
                }
                if let Some((counts, stored_mark)) = file.take() {
                    target.end_file(accepted)?;
                    if accepted {
                        written.counts.take(counts);
                    }
                    if !compared {
                        found.truncate(stored_mark);
                    }
                }
            }
        }
    }
    if !ended {
        // The session's drop rolls back.
        return Ok(None);
    }
    // A reader that is gone has failed: it says why.
    let _ = stored.send(found);
    let total = written.counts.rows();
    match target {
        Target::DryRun(_) => {}
        // Nothing kept: nothing of the import stays, not even a round made for it.
        Target::Write(session) if total == 0 => drop(session),
        Target::Write(session) => {
            job.step(JobStage::Writing, total, total)?;
            let totals = session.finish(&taken.join(", "), &mut || job.commit_point());
            let totals = match totals {
                Err(xetkhen_store::StoreError::Cancelled) => return Err(crate::job::cancelled()),
                other => other?,
            };
            written.batch_kept = totals.batch_kept;
        }
    }
    Ok(Some(written))
}

/// Gives each row that is a nomination already in the round that nomination's id (made by an
/// older version from another key, it may differ from the row's), and keeps the round's
/// nominations the rows could be, or look like, for the look-alikes.
fn same_as_stored(
    target: &Target<'_>,
    round_id: &str,
    rows: Vec<ReadyRow>,
    stored: &mut Vec<LookRow>,
) -> Result<Vec<Prepared>, ApiError> {
    let found = {
        let mut names: Vec<&str> = rows.iter().map(|r| r.prepared.name_folded()).collect();
        names.sort_unstable();
        names.dedup();
        let mut ids: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.prepared.nomination().id_number.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        target.like(round_id, &names, &ids)?
    };
    if found.is_empty() {
        return Ok(rows.into_iter().map(|r| r.prepared).collect());
    }
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_number: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in found.iter().enumerate() {
        by_name.entry(fold(&n.name)).or_default().push(i);
        if let Some(id) = n.id_number.as_deref() {
            by_number.entry(id).or_default().push(i);
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let n = r.prepared.nomination();
        let key = natural_key_of(n);
        // In the order of their ids, each once.
        let mut like: Vec<usize> = by_name
            .get(r.prepared.name_folded())
            .into_iter()
            .chain(n.id_number.as_deref().and_then(|id| by_number.get(id)))
            .flatten()
            .copied()
            .collect();
        like.sort_by(|a, b| found[*a].id.cmp(&found[*b].id));
        like.dedup_by(|a, b| found[*a].id == found[*b].id);
        let mut same: Option<String> = None;
        for i in like {
            let s = &found[i];
            if natural_key_of(s) == key && s.id != n.id {
                same = Some(s.id.clone());
            }
            stored.push(LookRow::stored(r.seq, s));
        }
        out.push(match same {
            // The row updates the nomination it is: its id, and so its hash, change.
            Some(id) => {
                let mut n = r.prepared.into_nomination();
                n.id = id;
                Prepared::new(n)
            }
            None => r.prepared,
        });
    }
    Ok(out)
}
