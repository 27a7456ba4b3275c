//! Duplicates among the rows of an import and the nominations already in the round: the same
//! nominee twice by exact identity rejects the later row; names, units or ID numbers that differ
//! only once folded are reported as possible duplicates and both rows kept.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum DuplicateKind {
    /// The same nominee twice: the same ID number, or the same name, birth year and unit as
    /// written. The later row is rejected.
    Duplicate,
    /// The same only once diacritics, đ and case are folded ("Xã Thanh An", "Xã Thạnh An"): both
    /// rows are kept unless the user skips one.
    Possible,
}

/// One side of a duplicate: a row of a file, or a nomination already in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DuplicateRow {
    /// The file's name and the row, `None` for a nomination already in the store.
    pub at: Option<RowRef>,
    pub name: String,
    pub unit: String,
    pub birth_year: Option<i32>,
    pub id_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DuplicateView {
    pub kind: DuplicateKind,
    pub message: Message,
    /// Where each copy is, in Vietnamese: "file, dòng N" or "đã có trong kho" (for the CLI; the
    /// window names them from `rows`).
    pub places: Vec<String>,
    /// The two sides, first the one seen first; a row of the files or a nomination in the store.
    pub rows: Vec<DuplicateRow>,
}

/// The view and the problem of a row that is the same nominee as `first`, a row before it: the
/// row is rejected.
pub(super) fn exact_duplicate(
    first: &DuplicateRow,
    draft: &NominationDraft,
    at: &RowRef,
) -> (DuplicateView, ProblemView) {
    let first_at = first.at.as_ref().unwrap_or(at);
    let (code, what) = match (&draft.id_number, draft.kind) {
        (Some(id), _) => (MessageCode::ImportDuplicateId, ("id", id.clone())),
        (None, NomineeKind::Individual) => (
            MessageCode::ImportDuplicateIndividual,
            ("name", draft.name.clone()),
        ),
        (None, NomineeKind::Collective) => (
            MessageCode::ImportDuplicateCollective,
            ("name", draft.name.clone()),
        ),
    };
    let message = Message::new(
        code,
        [
            what,
            ("file", first_at.file.clone()),
            ("row", first_at.row.to_string()),
        ],
    );
    let row = DuplicateRow {
        at: Some(at.clone()),
        name: draft.name.clone(),
        unit: draft.unit.clone(),
        birth_year: draft.birth_year,
        id_number: draft.id_number.clone(),
    };
    let view = DuplicateView {
        kind: DuplicateKind::Duplicate,
        message: message.clone(),
        places: vec![place_of(first), place_of(&row)],
        rows: vec![first.clone(), row],
    };
    let problem = ProblemView {
        file: at.file.clone(),
        sheet: None,
        row: Some(at.row),
        column: None,
        message,
    };
    (view, problem)
}

/// One nominee as the look-alikes see it: a row of the files, or a nomination already in the
/// round that a row could be.
#[derive(Debug, Clone)]
pub(super) struct LookRow {
    /// The row it belongs to: a row's own place in the import, or, for a stored nomination,
    /// the place of the row that found it.
    pub seq: usize,
    /// The folded key ([`xetkhen_import::lookalike_key`]) and the natural key.
    pub look: String,
    pub key: String,
    pub row: DuplicateRow,
}

impl LookRow {
    /// A row of the files, with its natural key.
    pub(super) fn of(
        seq: usize,
        key: String,
        row: DuplicateRow,
        p: &xetkhen_store::Prepared,
    ) -> Self {
        let n = p.nomination();
        Self {
            seq,
            look: xetkhen_import::lookalike_key_folded(
                n.kind,
                p.name_folded(),
                n.birth_year,
                p.unit_folded(),
            ),
            key,
            row,
        }
    }

    /// A nomination already in the round, found for the row at `seq`.
    pub(super) fn stored(seq: usize, n: &Nomination) -> Self {
        Self {
            seq,
            look: xetkhen_import::lookalike_key(n.kind, &n.name, n.birth_year, &n.unit),
            key: natural_key_of(n),
            row: row_of(None, n),
        }
    }
}

/// The natural key of a nomination (one already in the store, or a row made one).
pub(super) fn natural_key_of(n: &Nomination) -> String {
    xetkhen_import::natural_key(
        n.kind,
        &n.name,
        n.birth_year,
        n.id_number.as_deref(),
        &n.unit,
    )
}

/// Look-alikes: nominees that are the same only once folded, each pair once when this import
/// has a part in it. `rows` are the rows kept, in order; `stored`, the nominations of the round
/// found for them, each after the ones found for rows before it and, for one row, in the order
/// of their ids. A row that is a stored nomination stands for it.
pub(super) fn lookalikes(rows: Vec<LookRow>, stored: Vec<LookRow>) -> Vec<DuplicateView> {
    // In each group one entry per nominee (natural key), in the order first seen: the stored
    // nominations a row found come just before the row.
    let mut groups: Vec<Vec<(String, DuplicateRow)>> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut stored = stored.into_iter().peekable();
    for row in rows {
        while let Some(s) = stored.next_if(|s| s.seq <= row.seq) {
            add(&mut groups, &mut group_of, s);
        }
        add(&mut groups, &mut group_of, row);
    }
    for s in stored {
        add(&mut groups, &mut group_of, s);
    }
    let mut out = Vec::new();
    for group in groups.iter().filter(|g| g.len() > 1) {
        for (i, (_, a)) in group.iter().enumerate() {
            for (_, b) in &group[i + 1..] {
                if a.at.is_none() && b.at.is_none() {
                    continue;
                }
                // What is already in the store is named first: it was there before.
                let (a, b) = if a.at.is_some() && b.at.is_none() {
                    (b, a)
                } else {
                    (a, b)
                };
                out.push(DuplicateView {
                    kind: DuplicateKind::Possible,
                    message: lookalike_message(a, b),
                    places: vec![place_of(a), place_of(b)],
                    rows: vec![a.clone(), b.clone()],
                });
            }
        }
    }
    out
}

fn add(
    groups: &mut Vec<Vec<(String, DuplicateRow)>>,
    group_of: &mut HashMap<String, usize>,
    entry: LookRow,
) {
    let g = *group_of.entry(entry.look).or_insert_with(|| {
        groups.push(Vec::new());
        groups.len() - 1
    });
    let group = &mut groups[g];
    match group.iter_mut().find(|(k, _)| *k == entry.key) {
        Some(e) if entry.row.at.is_some() && e.1.at.is_none() => e.1 = entry.row,
        Some(_) => {}
        None => group.push((entry.key, entry.row)),
    }
}

/// One side of a duplicate: a row of the files at `at`, or with `None` a nomination already in
/// the store.
pub(super) fn row_of(at: Option<&RowRef>, n: &Nomination) -> DuplicateRow {
    DuplicateRow {
        at: at.cloned(),
        name: n.name.clone(),
        unit: n.unit.clone(),
        birth_year: n.birth_year,
        id_number: n.id_number.clone(),
    }
}

/// Where one side of a duplicate is, in words (the CLI prints it; the window shows `rows`).
fn place_of(r: &DuplicateRow) -> String {
    match &r.at {
        Some(at) => format!("{}, dòng {}", at.file, at.row),
        None => "đã có trong kho".into(),
    }
}

/// Why two nominees are taken for a possible duplicate: what differs between them only by a
/// mark, or that only their ID numbers differ.
fn lookalike_message(a: &DuplicateRow, b: &DuplicateRow) -> Message {
    if a.name != b.name {
        Message::new(
            MessageCode::ImportLookalikeNames,
            [("first", a.name.clone()), ("second", b.name.clone())],
        )
    } else if a.unit != b.unit {
        Message::new(
            MessageCode::ImportLookalikeUnits,
            [
                ("name", a.name.clone()),
                ("first", a.unit.clone()),
                ("second", b.unit.clone()),
            ],
        )
    } else {
        Message::new(MessageCode::ImportLookalikeIds, [("name", a.name.clone())])
    }
}
