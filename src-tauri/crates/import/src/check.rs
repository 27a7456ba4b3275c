//! Rows turned into nominations and checked: required fields, the criteria set against the
//! round's rubric and the nominee's kind, percentages within 0–100, the award form against the
//! award rules of the core. A row with any problem is left out of the result and reported; a
//! warning never leaves a row out.

use crate::field::Field;
use crate::header::{ColumnMapping, Header};
use crate::raw::{Cell, RawTable};
use crate::value::{self, PercentValue};
use crate::{NominationDraft, ParsedRow, Problem};
use std::borrow::Cow;
use std::collections::HashMap;
use xetkhen_core::text::fold;
use xetkhen_core::{check_award, Metrics, NomineeKind, Percent, RoundKind, Rubric};
use xetkhen_core::{Message, MessageCode};

pub(crate) struct Outcome {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

struct Ctx<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
}

impl Ctx<'_> {
    fn problem(&self, row: Option<u32>, col: Option<&ColumnMapping>, message: Message) -> Problem {
        Problem {
            file: self.file.to_string(),
            sheet: self.sheet.map(str::to_string),
            row,
            column: col.map(|c| {
                if c.header.is_empty() {
                    c.column.clone()
                } else {
                    format!("{} ({})", c.column, c.header)
                }
            }),
            message,
        }
    }
}

/// How a bare number in a percentage column is read. A cell formatted as percent reaches us as
/// its fraction (0.925 for 92.5 %) and calamine does not tell the format, so the rule is per
/// column: when every bare number in the column is at most 1, the column holds fractions and
/// each is multiplied by 100; otherwise numbers are percent as typed (a lone 0.925 among 90s is
/// 0.925 %, with a warning on its row).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scale {
    /// No number above 1 yet: fractions if none comes (`any`: a bare number was seen).
    Open {
        any: bool,
    },
    Percent,
    Fraction,
}

/// The scale of each percentage column of a list, learnt row by row. A column is known as
/// percent at its first bare number above 1, as fractions only at the end of the sheet: so a row
/// with a bare number in a column still open waits for the column to be known
/// ([`Scales::ready`]), and every other row can be checked at once.
pub(crate) struct Scales<'h> {
    columns: Vec<(Field, &'h ColumnMapping, Scale)>,
}

impl<'h> Scales<'h> {
    /// Every percentage column of `header`, in the order of the sheet, still open.
    pub(crate) fn of(header: &'h Header) -> Self {
        Scales {
            columns: header
                .columns
                .iter()
                .filter_map(|c| {
                    c.field
                        .filter(|f| f.is_percent())
                        .map(|f| (f, c, Scale::Open { any: false }))
                })
                .collect(),
        }
    }

    fn bare(table: &RawTable, r: usize, col: &ColumnMapping) -> Option<f64> {
        match value::parse_percent(table.cell(r, col.index as usize)) {
            Ok(Some(PercentValue::Bare(v))) => Some(v),
            _ => None,
        }
    }

    /// Learns from row `r` (each data row once, in order).
    pub(crate) fn observe(&mut self, table: &RawTable, r: usize) {
        for (_, col, scale) in &mut self.columns {
            if let Scale::Open { any } = scale {
                if let Some(v) = Self::bare(table, r, col) {
                    *any = true;
                    if v > 1.0 {
                        *scale = Scale::Percent;
                    }
                }
            }
        }
    }

    /// Whether row `r` reads the same whatever the open columns turn out to be.
    pub(crate) fn ready(&self, table: &RawTable, r: usize) -> bool {
        self.columns.iter().all(|(_, col, scale)| {
            !matches!(scale, Scale::Open { .. }) || Self::bare(table, r, col).is_none()
        })
    }

    /// The sheet has ended: an open column with bare numbers holds fractions. Returns those
    /// columns.
    pub(crate) fn close(&mut self) -> Vec<&'h ColumnMapping> {
        let mut fractions = Vec::new();
        for (_, col, scale) in &mut self.columns {
            if let Scale::Open { any } = *scale {
                *scale = if any {
                    fractions.push(*col);
                    Scale::Fraction
                } else {
                    Scale::Percent
                };
            }
        }
        fractions
    }

    fn of_field(&self, field: Field) -> Scale {
        self.columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .map_or(Scale::Percent, |(_, _, s)| *s)
    }
}

fn joined_fold(cells: &[Cell]) -> String {
    fold(
        &cells
            .iter()
            .map(Cell::display)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// "Tổng cộng", "Cộng", "Tổng số": the table ends there.
fn is_footer(cells: &[Cell]) -> bool {
    let first = cells
        .iter()
        .find(|c| !c.is_empty())
        .map(|c| fold(&c.display()))
        .unwrap_or_default();
    first.starts_with("tong cong")
        || first == "cong"
        || first.starts_with("tong so")
        || first == "tong"
}

/// The signature block under a list ("Người lập biểu", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ
/// tên)"): the table ended above it.
fn is_signature(folded: &str) -> bool {
    [
        "nguoi lap",
        "thu truong",
        "ky ten",
        "ky ghi ro",
        "dong dau",
        "noi nhan",
        "tm uy ban",
        "kt giam doc",
        "kt chu tich",
        "tm ban",
    ]
    .iter()
    .any(|m| folded.contains(m))
}

/// A section row ("I. TẬP THỂ", "II. CÁ NHÂN", "B. Khối trường học"): not a nomination. When it
/// names a kind, rows below it without a kind of their own take that kind.
fn section_kind(cells: &[Cell]) -> Option<Option<NomineeKind>> {
    let non_empty: Vec<String> = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| fold(&c.display()))
        .collect();
    if non_empty.is_empty() || non_empty.len() > 2 {
        return None;
    }
    let text = non_empty.join(" ");
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or_default();
    let numbered = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "a", "b", "c", "d",
    ]
    .contains(&first);
    let kind = if text.contains("tap the") {
        Some(NomineeKind::Collective)
    } else if text.contains("ca nhan") {
        Some(NomineeKind::Individual)
    } else {
        None
    };
    if numbered && words.next().is_some() || kind.is_some() && text.split_whitespace().count() <= 5
    {
        Some(kind)
    } else {
        None
    }
}

/// The rows of one list checked one at a time, in order: each row that passes is handed over,
/// each that does not is reported in [`Checker::out`].
pub(crate) struct Checker<'a> {
    ctx: Ctx<'a>,
    cols: HashMap<Field, &'a ColumnMapping>,
    rubric: &'a Rubric,
    round_kind: RoundKind,
    legacy_unconverted: Option<crate::LegacyEncoding>,
    /// The kind a section row ("I. TẬP THỂ") gave the rows below it.
    section: Option<NomineeKind>,
    /// A footer or a signature block was met: the table ended above it.
    ended: bool,
    pub(crate) out: Outcome,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(
        header: &'a Header,
        file: &'a str,
        sheet: Option<&'a str>,
        rubric: &'a Rubric,
        round_kind: RoundKind,
        legacy_unconverted: Option<crate::LegacyEncoding>,
    ) -> Self {
        Checker {
            ctx: Ctx { file, sheet },
            cols: header
                .columns
                .iter()
                .filter_map(|c| c.field.map(|f| (f, c)))
                .collect(),
            rubric,
            round_kind,
            legacy_unconverted,
            section: None,
            ended: false,
            out: Outcome {
                problems: Vec::new(),
                warnings: Vec::new(),
            },
        }
    }

    /// Whether the table has ended: rows after this are not read.
    pub(crate) fn ended(&self) -> bool {
        self.ended
    }

    /// Warns of each column read as fractions, before every row's warnings.
    pub(crate) fn warn_fractions(&mut self, columns: &[&ColumnMapping]) {
        let warnings = columns.iter().map(|col| {
            self.ctx.problem(
                None,
                Some(col),
                Message::new(MessageCode::ImportFractionColumn, []),
            )
        });
        let warnings: Vec<Problem> = warnings.collect();
        self.out.warnings.splice(0..0, warnings);
    }

    /// Checks row `r` of `table` (0-based), handing it to `rows` when it passes; `false` when
    /// `rows` answered `false`. Every open column of `scales` must be [`Scales::ready`] for it.
    pub(crate) fn check(
        &mut self,
        table: &RawTable,
        r: usize,
        scales: &Scales<'_>,
        rows: crate::RowSink<'_>,
    ) -> bool {
        if self.ended {
            return true;
        }
        let cells = table.cells.get(r).map_or(&[][..], Vec::as_slice);
        if cells.iter().all(Cell::is_empty) {
            return true;
        }
        let excel_row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        let (cols, legacy_unconverted) = (&self.cols, self.legacy_unconverted);
        // Kinds, award forms and sets are read through the legacy conversion even when the user
        // has not chosen to convert names yet, so the preview shows real problems only.
        // The cell itself, not a copy: a copy is made only of what the conversion changes.
        let cell = |f: Field| -> Cow<'_, Cell> {
            let c = cols
                .get(&f)
                .map_or(&Cell::Empty, |c| table.cell(r, c.index as usize));
            match (c, legacy_unconverted) {
                (Cell::Text(s), Some(enc))
                    if matches!(f, Field::Kind | Field::Award | Field::CriteriaSet) =>
                {
                    enc.convert(s)
                        .map_or(Cow::Borrowed(c), |t| Cow::Owned(Cell::Text(t)))
                }
                (other, _) => Cow::Borrowed(other),
            }
        };
        let has = |f: Field| !cell(f).is_empty();
        if is_footer(cells)
            || !has(Field::Unit) && !has(Field::Award) && is_signature(&joined_fold(cells))
        {
            self.ended = true;
            return true;
        }
        if !has(Field::Unit) && !has(Field::Award) && !has(Field::CriteriaSet) {
            if let Some(kind) = section_kind(cells) {
                self.section = kind.or(self.section);
                return true;
            }
        }
        match check_row(
            &self.ctx,
            excel_row,
            &cell,
            cols,
            scales,
            self.section,
            self.rubric,
            self.round_kind,
            &mut self.out.warnings,
        ) {
            Ok(draft) => rows(crate::Handed::Row(ParsedRow {
                file: self.ctx.file.to_string(),
                sheet: self.ctx.sheet.map(str::to_string),
                row: excel_row,
                nomination: draft,
            })),
            Err(problems) => {
                self.out.problems.extend(problems);
                true
            }
        }
    }
}

/// Checks every row of a whole table: the columns' scales first, from every row, then the rows.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_rows(
    table: &RawTable,
    header: &Header,
    rubric: &Rubric,
    round_kind: RoundKind,
    file: &str,
    legacy_unconverted: Option<crate::LegacyEncoding>,
    progress: crate::Progress<'_>,
    rows: crate::RowSink<'_>,
) -> Option<Outcome> {
    let mut checker = Checker::new(
        header,
        file,
        table.sheet.as_deref(),
        rubric,
        round_kind,
        legacy_unconverted,
    );
    let end = table.cells.len();
    let mut scales = Scales::of(header);
    for r in header.data_start..end {
        scales.observe(table, r);
    }
    checker.warn_fractions(&scales.close());
    let total = end.saturating_sub(header.data_start);
    for r in header.data_start..end {
        let done = r - header.data_start;
        if done.is_multiple_of(crate::PROGRESS_ROWS) && !progress(done, total) {
            return None;
        }
        if !checker.check(table, r, &scales, rows) {
            return None;
        }
        if checker.ended() {
            break;
        }
    }
    progress(total, total).then_some(checker.out)
}

#[allow(clippy::too_many_arguments)]
fn check_row<'t>(
    ctx: &Ctx<'_>,
    row: u32,
    cell: &dyn Fn(Field) -> Cow<'t, Cell>,
    cols: &HashMap<Field, &ColumnMapping>,
    scales: &Scales<'_>,
    section: Option<NomineeKind>,
    rubric: &Rubric,
    round_kind: RoundKind,
    warnings: &mut Vec<Problem>,
) -> Result<NominationDraft, Vec<Problem>> {
    let mut problems = Vec::new();
    let col = |f: Field| cols.get(&f).copied();
    let mut problem = |f: Option<Field>, msg: Message| {
        problems.push(ctx.problem(Some(row), f.and_then(col), msg))
    };

    let name = value::parse_text(&cell(Field::Name));
    if name.is_none() {
        problem(
            Some(Field::Name),
            Message::new(MessageCode::ImportMissingName, []),
        );
    }
    let unit = value::parse_text(&cell(Field::Unit));
    if unit.is_none() {
        let code = if col(Field::Unit).is_none() {
            MessageCode::ImportNoUnitColumn
        } else {
            MessageCode::ImportMissingUnit
        };
        problem(Some(Field::Unit), Message::new(code, []));
    }

    let stated_kind = match value::parse_kind(&cell(Field::Kind)) {
        Ok(k) => k,
        Err(m) => {
            problem(Some(Field::Kind), m.message());
            None
        }
    };

    let set_cell = &cell(Field::CriteriaSet);
    let set = match value::parse_criteria_set(set_cell) {
        Some(code) => match rubric.set(&code) {
            Some(s) => Some(s),
            None => {
                let known: Vec<&str> = rubric.sets.iter().map(|s| s.code.as_str()).collect();
                problem(
                    Some(Field::CriteriaSet),
                    Message::new(
                        MessageCode::ImportUnknownCriteriaSet,
                        [("set", code), ("known", known.join(", "))],
                    ),
                );
                None
            }
        },
        None if set_cell.is_empty() => {
            problem(
                Some(Field::CriteriaSet),
                Message::new(MessageCode::ImportMissingCriteriaSet, []),
            );
            None
        }
        None => {
            problem(
                Some(Field::CriteriaSet),
                Message::new(
                    MessageCode::ImportUnreadableCriteriaSet,
                    [("text", set_cell.display().trim().to_string())],
                ),
            );
            None
        }
    };

    // The kind: as stated, else from the section heading, else from the set (2.4 is for
    // individuals, per the rubric's data).
    let kind = stated_kind.or(section).or(set.map(|s| s.applies_to));
    if kind.is_none() && cell(Field::Kind).is_empty() {
        problem(
            Some(Field::Kind),
            Message::new(MessageCode::ImportMissingKind, []),
        );
    }
    if let (Some(k), Some(s)) = (kind, set) {
        if s.applies_to != k {
            let code = match s.applies_to {
                NomineeKind::Collective => MessageCode::ImportSetForCollectives,
                NomineeKind::Individual => MessageCode::ImportSetForIndividuals,
            };
            problem(
                Some(Field::CriteriaSet),
                Message::new(code, [("set", s.code.clone())]),
            );
        }
    }

    let award = match value::parse_award(&cell(Field::Award)) {
        Ok(Some(a)) => Some(a),
        Ok(None) => {
            problem(
                Some(Field::Award),
                Message::new(MessageCode::ImportMissingAward, []),
            );
            None
        }
        Err(m) => {
            problem(Some(Field::Award), m.message());
            None
        }
    };
    if let (Some(a), Some(k)) = (award, kind) {
        let check = check_award(a, k, round_kind);
        if !check.allowed {
            problem(
                Some(Field::Award),
                check
                    .reason
                    .unwrap_or_else(|| Message::new(MessageCode::AwardNotAllowed, [])),
            );
        }
    }

    let mut metrics = Metrics::default();
    for field in [
        Field::OnlineRecordsPct,
        Field::EDocumentsPct,
        Field::SocioEconomicReportsPct,
        Field::LgspPct,
    ] {
        let Some(metric) = field.metric() else {
            continue;
        };
        let scale = scales.of_field(field);
        let value = match value::parse_percent(&cell(field)) {
            Ok(None) => continue,
            Ok(Some(PercentValue::Marked(v))) => v,
            Ok(Some(PercentValue::Bare(v))) if scale == Scale::Fraction => v * 100.0,
            Ok(Some(PercentValue::Bare(v))) => {
                if v > 0.0 && v <= 1.0 {
                    warnings.push(ctx.problem(
                        Some(row),
                        col(field),
                        Message::new(
                            MessageCode::ImportSmallPercent,
                            [
                                ("value", crate::raw::number_text(v).replace('.', ",")),
                                (
                                    "percent",
                                    crate::raw::number_text(v * 100.0).replace('.', ","),
                                ),
                            ],
                        ),
                    ));
                }
                v
            }
            Err(m) => {
                problem(Some(field), m.message());
                continue;
            }
        };
        match Percent::from_f64(value) {
            Ok(p) => metrics.set(metric, Some(p)),
            Err(_) => problem(
                Some(field),
                Message::new(
                    MessageCode::ImportPercentOutOfRange,
                    [("value", crate::raw::number_text(value).replace('.', ","))],
                ),
            ),
        }
    }

    let mut warn = |f: Field, msg: Message| warnings.push(ctx.problem(Some(row), col(f), msg));
    let birth_year = match value::parse_birth_year(&cell(Field::BirthYear)) {
        Ok(y) => y,
        Err(m) => {
            warn(
                Field::BirthYear,
                Message::new(
                    MessageCode::ImportBirthYearIgnored,
                    [("text", m.cell_text())],
                ),
            );
            None
        }
    };
    let id_number = match value::parse_id_number(&cell(Field::IdNumber)) {
        Ok((id, w)) => {
            if let Some(w) = w {
                warn(Field::IdNumber, w);
            }
            id
        }
        Err(m) => {
            warn(
                Field::IdNumber,
                Message::new(
                    MessageCode::ImportIdNumberIgnored,
                    [("text", m.cell_text())],
                ),
            );
            None
        }
    };

    if !problems.is_empty() {
        return Err(problems);
    }
    match (name, unit, kind, set, award) {
        (Some(name), Some(unit), Some(kind), Some(set), Some(award)) => Ok(NominationDraft {
            kind,
            criteria_set: set.code.clone(),
            name,
            position: value::parse_text(&cell(Field::Position)),
            birth_year,
            id_number,
            unit,
            nominating_unit: value::parse_text(&cell(Field::NominatingUnit)),
            award,
            summary: value::parse_text(&cell(Field::Summary)),
            metrics,
        }),
        _ => Err(vec![ctx.problem(
            Some(row),
            None,
            Message::new(MessageCode::ImportRowIncomplete, []),
        )]),
    }
}
