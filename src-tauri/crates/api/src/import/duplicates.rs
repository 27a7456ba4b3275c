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

impl Desk {
    /// Duplicates by exact identity, look-alikes by warning. The same nominee twice in the files
    /// (the same ID number, or the same kind, name, birth year and unit as written) rejects the
    /// later row. A row that is a nomination already in the round takes that nomination's id, so
    /// importing it again updates it. Rows, or a row and a stored nomination, that are the same
    /// only once folded are reported as possible duplicates and both kept.
    pub(super) fn find_duplicates(
        &self,
        round_id: &str,
        skip_invalid: bool,
        pending: &mut Vec<Pending>,
        files: &mut [FileReport],
        problems: &mut Vec<ProblemView>,
    ) -> Result<Vec<DuplicateView>, ApiError> {
        let mut out = Vec::new();
        let mut by_key: HashMap<String, (String, DuplicateRow)> = HashMap::new();
        let mut keep = Vec::with_capacity(pending.len());
        for p in pending.drain(..) {
            if let Some((first, first_row)) = by_key.get(&p.key) {
                let at = first_row.at.as_ref().unwrap_or(&p.at);
                let (code, what) = match (&p.draft.id_number, p.draft.kind) {
                    (Some(id), _) => (MessageCode::ImportDuplicateId, ("id", id.clone())),
                    (None, NomineeKind::Individual) => (
                        MessageCode::ImportDuplicateIndividual,
                        ("name", p.draft.name.clone()),
                    ),
                    (None, NomineeKind::Collective) => (
                        MessageCode::ImportDuplicateCollective,
                        ("name", p.draft.name.clone()),
                    ),
                };
                let message = Message::new(
                    code,
                    [what, ("file", at.file.clone()), ("row", at.row.to_string())],
                );
                out.push(DuplicateView {
                    kind: DuplicateKind::Duplicate,
                    message: message.clone(),
                    places: vec![first.clone(), p.place.clone()],
                    rows: vec![first_row.clone(), row_of(&p)],
                });
                problems.push(ProblemView {
                    file: p.at.file.clone(),
                    sheet: None,
                    row: Some(p.at.row),
                    column: None,
                    message,
                });
                let f = &mut files[p.file];
                f.rejected += 1;
                f.accepted &= skip_invalid;
                continue;
            }
            by_key.insert(p.key.clone(), (p.place.clone(), row_of(&p)));
            keep.push(p);
        }
        *pending = keep;

        // Look-alikes, grouped by folded key; in each group one entry per nominee (natural key),
        // a row of the files standing for the stored nomination it is.
        let mut groups: Vec<Vec<(String, DuplicateRow)>> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        let mut add = |look: String, key: String, row: DuplicateRow| {
            let g = *group_of.entry(look).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            let group = &mut groups[g];
            match group.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) if row.at.is_some() && entry.1.at.is_none() => entry.1 = row,
                Some(_) => {}
                None => group.push((key, row)),
            }
        };
        // The store is asked once for the whole list, by folded name and by ID number (both
        // indexed); each row then takes the stored nominations it could be from the answer.
        let names: Vec<String> = pending.iter().map(|p| fold(&p.draft.name)).collect();
        let stored = {
            let mut wanted_names: Vec<&str> = names.iter().map(String::as_str).collect();
            wanted_names.sort_unstable();
            wanted_names.dedup();
            let mut wanted_ids: Vec<&str> = pending
                .iter()
                .filter_map(|p| p.draft.id_number.as_deref())
                .collect();
            wanted_ids.sort_unstable();
            wanted_ids.dedup();
            self.store()
                .nominations_like(round_id, &wanted_names, &wanted_ids)?
        };
        let mut stored_by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut stored_by_id_number: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, n) in stored.iter().enumerate() {
            stored_by_name.entry(fold(&n.name)).or_default().push(i);
            if let Some(id) = n.id_number.as_deref() {
                stored_by_id_number.entry(id).or_default().push(i);
            }
        }
        let mut asked: std::collections::HashSet<(String, Option<String>)> =
            std::collections::HashSet::new();
        for (p, name_folded) in pending.iter_mut().zip(names) {
            let d = &p.draft;
            if asked.insert((name_folded.clone(), d.id_number.clone())) {
                // In the order the one statement per row gave them: by id, each once.
                let mut like: Vec<&Nomination> = stored_by_name
                    .get(&name_folded)
                    .into_iter()
                    .chain(
                        d.id_number
                            .as_deref()
                            .and_then(|id| stored_by_id_number.get(id)),
                    )
                    .flatten()
                    .map(|&i| &stored[i])
                    .collect();
                like.sort_by(|a, b| a.id.cmp(&b.id));
                like.dedup_by(|a, b| a.id == b.id);
                for n in like {
                    let key = xetkhen_import::natural_key(
                        n.kind,
                        &n.name,
                        n.birth_year,
                        n.id_number.as_deref(),
                        &n.unit,
                    );
                    // The same nominee already in the round (its id perhaps made by an older
                    // version from another key): this row updates it.
                    if key == p.key {
                        p.id = n.id.clone();
                    }
                    let look =
                        xetkhen_import::lookalike_key(n.kind, &n.name, n.birth_year, &n.unit);
                    add(
                        look,
                        key,
                        DuplicateRow {
                            at: None,
                            name: n.name.clone(),
                            unit: n.unit.clone(),
                            birth_year: n.birth_year,
                            id_number: n.id_number.clone(),
                        },
                    );
                }
            }
            add(d.lookalike_key(), p.key.clone(), row_of(p));
        }
        // Each pair of distinct nominees that look alike, once, when this import has a part in it.
        for group in &groups {
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
        Ok(out)
    }
}

/// A row of the files as one side of a duplicate.
fn row_of(p: &Pending) -> DuplicateRow {
    let d = &p.draft;
    DuplicateRow {
        at: Some(p.at.clone()),
        name: d.name.clone(),
        unit: d.unit.clone(),
        birth_year: d.birth_year,
        id_number: d.id_number.clone(),
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
