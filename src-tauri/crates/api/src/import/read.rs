//! The reading side of an import, on its own thread: each file read and checked, each row kept
//! made ready for the store (its id, content hash, folded name and search terms), rows that are
//! the same nominee as an earlier row rejected, and the rows handed to the writer in chunks as
//! they come, while the store writes the ones before (`write.rs`).
//!
//! Rows of a file go to the writer before the file's end says whether it is accepted: the
//! writer keeps them under a savepoint and takes them back when it is not ([`Read::Done`]).

use super::duplicates::{exact_duplicate, lookalikes, row_of, LookRow};
use super::*;
use std::collections::HashSet;
use std::sync::mpsc::{Receiver, SyncSender};
use xetkhen_import::{Handed, ParsedRow};
use xetkhen_store::Prepared;

/// Rows handed to the writer at a time: enough to spread the cost of a look-up in the store,
/// few enough that the writer starts while the reader is still near the top of the list.
pub(super) const CHUNK: usize = 256;

/// What the reader tells the writer.
pub(super) enum Read {
    /// Rows of file `file`, in order, none the same nominee as a row before them; `total`, the
    /// rows of its list, for the progress bar.
    Rows {
        file: usize,
        total: usize,
        rows: Vec<ReadyRow>,
    },
    /// File `file` is read: `accepted` says whether its rows are to be kept, `compared`
    /// whether they take part in the look-alikes (not when the file is refused for its own
    /// rows, as an import that never read them). Also sent, neither accepted nor compared,
    /// when a file is checked again from its start ([`Handed::Again`]): its rows written so
    /// far are taken back, and it is written again as its rows come.
    Done {
        file: usize,
        accepted: bool,
        compared: bool,
    },
    /// Every file is read. Only after this may the writer commit: a reader that stops
    /// otherwise (cancelled, or failed) leaves it to roll back.
    End,
}

/// One row ready for the store.
pub(super) struct ReadyRow {
    /// The row's place in the import, counting every row kept: orders what is reported.
    pub seq: usize,
    pub prepared: Prepared,
}

/// Everything the reader learnt, for the report.
#[derive(Default)]
pub(super) struct ReadReport {
    pub files: Vec<FileReport>,
    pub problems: Vec<ProblemView>,
    pub warnings: Vec<ProblemView>,
    /// Rows that are the same nominee as one before them, and the problems that say so.
    pub duplicates: Vec<DuplicateView>,
    pub duplicate_problems: Vec<ProblemView>,
    /// Rows the user chose to leave out.
    pub skipped: Vec<RowRef>,
    /// Each row kept, for the look-alikes.
    pub looks: Vec<LookRow>,
    /// The look-alikes among the rows kept and the round's nominations.
    pub lookalikes: Vec<DuplicateView>,
}

/// What a file's rows added to the reader's memory, to forget if the file is refused.
struct Mark {
    /// Both of the duplicates and of their problems: they go together.
    duplicates: usize,
    skipped: usize,
    looks: usize,
}

/// Each nominee kept so far, by natural key: where in [`ReadReport::looks`] its first row is.
type Seen = HashMap<String, usize>;

/// What the reader needs of the import.
pub(super) struct Reading<'a> {
    pub req: &'a ImportRequest,
    pub rubric: &'a Rubric,
    pub round: &'a Round,
    pub opts: &'a ImportOptions,
    pub job: &'a Job,
    pub now: chrono::DateTime<Utc>,
}

impl Reading<'_> {
    /// Reads every file in order, sending rows and ends of files to `out`. A cancel, or a
    /// writer that stopped listening, ends the reading with [`crate::job::cancelled`]. Then,
    /// while the writer commits, gathers the look-alikes with the round's nominations the
    /// writer found for the rows (`stored`).
    pub(super) fn run(
        &self,
        out: &SyncSender<Read>,
        stored: &Receiver<Vec<LookRow>>,
    ) -> Result<ReadReport, ApiError> {
        let skip: HashSet<&RowRef> = self.req.skip_rows.iter().collect();
        let mut report = ReadReport::default();
        let mut seen = Seen::new();
        let mut next_seq = 0;
        for (index, path) in self.req.files.iter().enumerate() {
            self.job.step(JobStage::Reading, 0, 0)?;
            let mark = Mark {
                duplicates: report.duplicates.len(),
                skipped: report.skipped.len(),
                looks: report.looks.len(),
            };
            let mut chunk: Vec<ReadyRow> = Vec::with_capacity(CHUNK);
            let mut preview: Vec<ParsedRow> = Vec::new();
            let mut rows = 0usize;
            let mut rejected = 0u32;
            let mut listening = true;
            // Until its first rows are handed over the bar shows the file being read; then the
            // writer moves it as it writes them (the slower of the two).
            let handed = std::cell::Cell::new(false);
            let total = std::cell::Cell::new(0usize);
            let parsed = xetkhen_import::parse_file_streaming(
                Path::new(path),
                self.rubric,
                self.round.kind,
                self.opts,
                &mut |done, all| {
                    total.set(all);
                    if handed.get() {
                        self.job.go_on()
                    } else {
                        self.job.step(JobStage::Reading, done, all).is_ok()
                    }
                },
                &mut |given| {
                    let r = match given {
                        Handed::Row(r) => r,
                        // The file is checked again from its start: what its rows added is
                        // forgotten, and the writer takes back what it wrote of them.
                        Handed::Again => {
                            forget(&mut report, &mut seen, &mark);
                            chunk.clear();
                            preview.clear();
                            (rows, rejected) = (0, 0);
                            if handed.replace(false) {
                                listening = out
                                    .send(Read::Done {
                                        file: index,
                                        accepted: false,
                                        compared: false,
                                    })
                                    .is_ok();
                            }
                            return listening;
                        }
                    };
                    rows += 1;
                    if preview.len() < report::PREVIEW_ROWS {
                        preview.push(r.clone());
                    }
                    let ParsedRow {
                        file,
                        row,
                        nomination: draft,
                        ..
                    } = r;
                    let at = RowRef { file, row };
                    if skip.contains(&at) {
                        report.skipped.push(at);
                        return true;
                    }
                    let key = draft.natural_key();
                    if let Some(&first) = seen.get(&key) {
                        let first = &report.looks[first].row;
                        let (view, problem) = exact_duplicate(first, &draft, &at);
                        report.duplicates.push(view);
                        report.duplicate_problems.push(problem);
                        rejected += 1;
                        return true;
                    }
                    let id = nomination_id(&self.round.id, &key);
                    let nomination = draft.into_nomination(id, self.round.id.clone(), self.now);
                    let prepared = Prepared::new(nomination);
                    let row = row_of(Some(&at), prepared.nomination());
                    seen.insert(key.clone(), report.looks.len());
                    report
                        .looks
                        .push(LookRow::of(next_seq, key, row, &prepared));
                    chunk.push(ReadyRow {
                        seq: next_seq,
                        prepared,
                    });
                    next_seq += 1;
                    if chunk.len() == CHUNK {
                        let rows = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                        handed.set(true);
                        listening = out
                            .send(Read::Rows {
                                file: index,
                                total: total.get(),
                                rows,
                            })
                            .is_ok();
                    }
                    listening
                },
            );
            if !chunk.is_empty() && listening {
                listening = out
                    .send(Read::Rows {
                        file: index,
                        total: total.get(),
                        rows: chunk,
                    })
                    .is_ok();
            }
            let mut compared = true;
            let accepted = match parsed {
                Err(xetkhen_import::ImportError::Stopped { .. }) => {
                    return Err(crate::job::cancelled())
                }
                Err(e) => {
                    report
                        .problems
                        .push(file_problem(&label(path), e.message()));
                    report.files.push(refused_file(path, &e, self.opts));
                    forget(&mut report, &mut seen, &mark);
                    compared = false;
                    false
                }
                Ok(mut p) => {
                    p.rows = preview;
                    let mut file = file_report(&p, rows, self.req);
                    report.problems.extend(p.problems.iter().map(problem_view));
                    report.warnings.extend(p.warnings.iter().map(problem_view));
                    if let Some(legacy) = p.legacy_encoding.as_ref().filter(|l| !l.converted) {
                        report.problems.push(file_problem(
                            &p.file,
                            Message::new(
                                MessageCode::ImportLegacyFile,
                                [
                                    ("cells", legacy.cells.to_string()),
                                    ("encoding", legacy.encoding.label().to_string()),
                                ],
                            ),
                        ));
                    }
                    if file.accepted {
                        // Rows that are the same nominee as one before them are rejected rows.
                        file.rejected += rejected;
                        file.accepted = rejected == 0 || self.req.skip_invalid;
                    } else {
                        // A file refused for its own rows takes part in nothing: its rows are
                        // compared with no other. (A file refused only because a row of it is
                        // the same nominee as an earlier row still takes part, as the old
                        // import did: its other rows are still what it says.)
                        forget(&mut report, &mut seen, &mark);
                        compared = false;
                    }
                    let accepted = file.accepted;
                    report.files.push(file);
                    accepted
                }
            };
            if !listening
                || out
                    .send(Read::Done {
                        file: index,
                        accepted,
                        compared,
                    })
                    .is_err()
            {
                return Err(crate::job::cancelled());
            }
        }
        if out.send(Read::End).is_err() {
            return Err(crate::job::cancelled());
        }
        // A writer that sends nothing has failed, and says why.
        if let Ok(stored) = stored.recv() {
            report.lookalikes = lookalikes(std::mem::take(&mut report.looks), stored);
        }
        Ok(report)
    }
}

/// Forgets what a refused file's rows added.
fn forget(report: &mut ReadReport, seen: &mut Seen, mark: &Mark) {
    for look in &report.looks[mark.looks..] {
        seen.remove(&look.key);
    }
    report.duplicates.truncate(mark.duplicates);
    report.duplicate_problems.truncate(mark.duplicates);
    report.skipped.truncate(mark.skipped);
    report.looks.truncate(mark.looks);
}

/// The report of a file that could not be read as a list.
fn refused_file(path: &str, e: &xetkhen_import::ImportError, opts: &ImportOptions) -> FileReport {
    // A workbook read but without a list where one was sought: the user picks another sheet
    // from the overview.
    let sheets = match e {
        xetkhen_import::ImportError::NoHeader { .. }
        | xetkhen_import::ImportError::NoSuchSheet { .. } => {
            xetkhen_import::sheet_overview(Path::new(path), opts)
                .map(|v| v.iter().map(sheet_view).collect())
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    FileReport {
        file: label(path),
        sheet: None,
        sheets,
        header_row: None,
        rows: 0,
        rejected: 0,
        accepted: false,
        unmapped: Vec::new(),
        legacy_encoding: None,
        legacy_samples: Vec::new(),
        legacy_converted: false,
        columns: Vec::new(),
        preview: Vec::new(),
    }
}
