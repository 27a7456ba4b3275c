//! Cell values turned into typed values: percentages, criteria sets, kinds, award forms, years,
//! ID numbers, yes/no. Each function takes one cell and says what it means, or why not (a
//! [`ValueError`], said through its message code); none of them knows about rows, columns or the
//! rubric.

use crate::raw::{number_text, Cell};
use chrono::Datelike;
use xetkhen_core::text::{clean, fold};
use xetkhen_core::{AwardForm, Message, MessageCode, NomineeKind};

/// A percentage as typed, before the column rule decides whether a bare number is a fraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PercentValue {
    /// Written with a percent sign ("92,5%"): it is a number of percent.
    Marked(f64),
    /// A bare number (92.5, "92,5", or 0.925 from a cell formatted as percent).
    Bare(f64),
}

/// A cell that does not hold what its column asks for: the cell's text (or the year) it read,
/// with a stable code and a [`Message`] (`ValueError::message`) that says it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("{}", self.message().text)]
    Percent(String),
    #[error("{}", self.message().text)]
    PercentCell(String),
    #[error("{}", self.message().text)]
    Kind(String),
    #[error("{}", self.message().text)]
    Award(String),
    #[error("{}", self.message().text)]
    BirthYear(String),
    #[error("{}", self.message().text)]
    BirthYearCell(String),
    #[error("{}", self.message().text)]
    BirthYearRange(i32),
    #[error("{}", self.message().text)]
    IdNumber(String),
    #[error("{}", self.message().text)]
    IdNumberDigits(String),
    #[error("{}", self.message().text)]
    YesNo(String),
}

impl ValueError {
    /// What is wrong with the cell, as a code with the cell's text.
    pub fn message(&self) -> Message {
        use MessageCode as C;
        let (code, text) = match self {
            ValueError::Percent(t) => (C::ValuePercent, t.clone()),
            ValueError::PercentCell(t) => (C::ValuePercentCell, t.clone()),
            ValueError::Kind(t) => (C::ValueKind, t.clone()),
            ValueError::Award(t) => (C::ValueAward, t.clone()),
            ValueError::BirthYear(t) => (C::ValueBirthYear, t.clone()),
            ValueError::BirthYearCell(t) => (C::ValueBirthYearCell, t.clone()),
            ValueError::BirthYearRange(y) => {
                return Message::new(C::ValueBirthYearRange, [("year", y.to_string())])
            }
            ValueError::IdNumber(t) => (C::ValueIdNumber, t.clone()),
            ValueError::IdNumberDigits(t) => (C::ValueIdNumberDigits, t.clone()),
            ValueError::YesNo(t) => (C::ValueYesNo, t.clone()),
        };
        Message::new(code, [("text", text)])
    }

    /// The cell's text (or the year) that did not read.
    pub fn cell_text(&self) -> String {
        match self {
            ValueError::Percent(t)
            | ValueError::PercentCell(t)
            | ValueError::Kind(t)
            | ValueError::Award(t)
            | ValueError::BirthYear(t)
            | ValueError::BirthYearCell(t)
            | ValueError::IdNumber(t)
            | ValueError::IdNumberDigits(t)
            | ValueError::YesNo(t) => t.clone(),
            ValueError::BirthYearRange(y) => y.to_string(),
        }
    }

    /// A stable, machine-readable code, like [`crate::ImportError::code`].
    pub fn code(&self) -> &'static str {
        match self {
            ValueError::Percent(_) | ValueError::PercentCell(_) => "value.percent",
            ValueError::Kind(_) => "value.kind",
            ValueError::Award(_) => "value.award",
            ValueError::BirthYear(_) | ValueError::BirthYearCell(_) => "value.birth-year",
            ValueError::BirthYearRange(_) => "value.birth-year-range",
            ValueError::IdNumber(_) => "value.id-number",
            ValueError::IdNumberDigits(_) => "value.id-number-digits",
            ValueError::YesNo(_) => "value.yes-no",
        }
    }
}

/// Parses a number written with a decimal comma or point ("92,5", "92.5", "1.234,5").
pub fn parse_number(s: &str) -> Option<f64> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if t.is_empty() {
        return None;
    }
    let has_comma = t.contains(',');
    let has_point = t.contains('.');
    let normalised = match (has_comma, has_point) {
        (true, true) => {
            // The later mark is the decimal one: "1.234,5" or "1,234.5".
            let comma = t.rfind(',').unwrap_or(0);
            let point = t.rfind('.').unwrap_or(0);
            if comma > point {
                t.replace('.', "").replace(',', ".")
            } else {
                t.replace(',', "")
            }
        }
        (true, false) => t.replace(',', "."),
        _ => t,
    };
    if !normalised
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return None;
    }
    normalised.parse::<f64>().ok().filter(|v| v.is_finite())
}

pub fn parse_percent(cell: &Cell) -> Result<Option<PercentValue>, ValueError> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Ok(Some(PercentValue::Bare(*n))),
        Cell::Text(s) => {
            let t = clean(s);
            if t.is_empty() {
                return Ok(None);
            }
            let (body, marked) = match t.strip_suffix('%') {
                Some(b) => (b.trim(), true),
                None => (t.as_str(), false),
            };
            match parse_number(body) {
                Some(v) if marked => Ok(Some(PercentValue::Marked(v))),
                Some(v) => Ok(Some(PercentValue::Bare(v))),
                None => Err(ValueError::Percent(t)),
            }
        }
        other => Err(ValueError::PercentCell(other.display())),
    }
}

/// A criteria set code such as "2.2", from "2.2", "Mục 2.2", "2.2 - Đối với phường…",
/// "Tiêu chuẩn 2.2", "2,2" or a number cell 2.2. Returns the first "d.d" found.
pub fn parse_criteria_set(cell: &Cell) -> Option<String> {
    let text = match cell {
        Cell::Number(n) => number_text(*n),
        Cell::Text(s) => clean(s),
        _ => return None,
    };
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        if !chars[i].is_ascii_digit()
            || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'))
        {
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j + 1 < chars.len() && matches!(chars[j], '.' | ',') && chars[j + 1].is_ascii_digit() {
            let mut k = j + 1;
            while k < chars.len() && chars[k].is_ascii_digit() {
                k += 1;
            }
            let major: String = chars[i..j].iter().collect();
            let minor: String = chars[j + 1..k].iter().collect();
            return Some(format!("{major}.{minor}"));
        }
    }
    None
}

pub fn parse_kind(cell: &Cell) -> Result<Option<NomineeKind>, ValueError> {
    let raw = cell.display();
    let f = fold(&raw);
    if f.is_empty() {
        return Ok(None);
    }
    let compact: String = f.split_whitespace().collect();
    match compact.as_str() {
        "tapthe" | "tt" | "collective" => Ok(Some(NomineeKind::Collective)),
        "canhan" | "cn" | "individual" => Ok(Some(NomineeKind::Individual)),
        _ if compact.starts_with("tapthe") => Ok(Some(NomineeKind::Collective)),
        _ if compact.starts_with("canhan") => Ok(Some(NomineeKind::Individual)),
        _ => Err(ValueError::Kind(clean(&raw))),
    }
}

/// Edit distance between two short strings (award names with a typo or two).
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// "Cờ Thi đua của Thành phố", "Bằng khen của UBND Thành phố", "Giấy khen", any case, with or
/// without diacritics, with a typo of a letter or two in the key words ("Bằng khenn").
pub fn parse_award(cell: &Cell) -> Result<Option<AwardForm>, ValueError> {
    let raw = cell.display();
    let f = fold(&raw);
    if f.is_empty() {
        return Ok(None);
    }
    let compact: String = f.split_whitespace().collect();
    let keys = [
        ("cothidua", AwardForm::CoThiDua),
        ("bangkhen", AwardForm::BangKhen),
        ("giaykhen", AwardForm::GiayKhen),
    ];
    for (key, form) in keys {
        if compact.contains(key) {
            return Ok(Some(form));
        }
    }
    if matches!(compact.as_str(), "bk" | "bkubnd" | "bkubndtp") {
        return Ok(Some(AwardForm::BangKhen));
    }
    if matches!(compact.as_str(), "gk") {
        return Ok(Some(AwardForm::GiayKhen));
    }
    // Typos: compare the start of the text with each key, allowing two edits.
    let mut best: Option<(usize, AwardForm)> = None;
    for (key, form) in keys {
        let n = key.chars().count();
        for len in n.saturating_sub(2)..=n + 2 {
            let head: String = compact.chars().take(len).collect();
            let d = levenshtein(&head, key);
            if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, form));
            }
        }
    }
    match best {
        Some((_, form)) => Ok(Some(form)),
        None => Err(ValueError::Award(clean(&raw))),
    }
}

/// The birth year from a year (1975), a date cell, or text "dd/mm/yyyy", "d-m-yyyy",
/// "yyyy-mm-dd". A bare number above 3000 in a birth-year column is an Excel date serial that
/// lost its date format.
pub fn parse_birth_year(cell: &Cell) -> Result<Option<i32>, ValueError> {
    let year = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(d) => d.year(),
        Cell::Number(n) if n.fract() == 0.0 && (1900.0..=2100.0).contains(n) => {
            #[allow(clippy::cast_possible_truncation)]
            let y = *n as i32;
            y
        }
        Cell::Number(n) if (3000.0..=80_000.0).contains(n) => {
            #[allow(clippy::cast_possible_truncation)]
            let days = *n as i64;
            let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
            base.checked_add_signed(chrono::Duration::days(days))
                .map_or(0, |d| d.year())
        }
        Cell::Text(s) => {
            let t = clean(s);
            if t.is_empty() {
                return Ok(None);
            }
            let parts: Vec<&str> = t
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .collect();
            let year = parts
                .iter()
                .find(|p| p.len() == 4)
                .and_then(|p| p.parse::<i32>().ok());
            match year {
                Some(y) => y,
                None => return Err(ValueError::BirthYear(t)),
            }
        }
        other => return Err(ValueError::BirthYearCell(other.display())),
    };
    if (1900..=2100).contains(&year) {
        Ok(Some(year))
    } else {
        Err(ValueError::BirthYearRange(year))
    }
}

/// An ID number (CCCD 12 digits, old CMND 9 digits), kept as text. A number cell has lost any
/// leading zero: the second value is a warning then.
pub fn parse_id_number(cell: &Cell) -> Result<(Option<String>, Option<Message>), ValueError> {
    match cell {
        Cell::Empty => Ok((None, None)),
        Cell::Number(n) => {
            let t = number_text(*n);
            if !t.chars().all(|c| c.is_ascii_digit()) {
                return Err(ValueError::IdNumber(t));
            }
            let warning = (t.len() < 12).then(|| {
                Message::new(
                    MessageCode::ImportIdNumberLostZeros,
                    [("digits", t.len().to_string()), ("id", t.clone())],
                )
            });
            Ok((Some(t), warning))
        }
        Cell::Text(s) => {
            let t: String = clean(s)
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '.' && *c != '\'')
                .collect();
            if t.is_empty() {
                return Ok((None, None));
            }
            if !t.chars().all(|c| c.is_ascii_digit()) {
                return Err(ValueError::IdNumberDigits(clean(s)));
            }
            let warning = (t.len() != 12 && t.len() != 9).then(|| {
                Message::new(
                    MessageCode::ImportIdNumberLength,
                    [("id", t.clone()), ("digits", t.len().to_string())],
                )
            });
            Ok((Some(t), warning))
        }
        other => Err(ValueError::IdNumber(other.display())),
    }
}

/// "Có", "x", "✓", "yes", TRUE → true; "Không", "", FALSE → false.
pub fn parse_yes_no(cell: &Cell) -> Result<bool, ValueError> {
    match cell {
        Cell::Empty => Ok(false),
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) => Ok(*n != 0.0),
        other => {
            let raw = other.display();
            match fold(&raw).as_str() {
                "co" | "x" | "yes" | "y" | "dat" | "true" | "1" => Ok(true),
                "" | "khong" | "k" | "no" | "n" | "khong dat" | "false" | "0" => Ok(false),
                _ if raw.trim() == "✓" || raw.trim() == "✔" => Ok(true),
                _ => Err(ValueError::YesNo(clean(&raw))),
            }
        }
    }
}

/// Free text: cleaned (NFC, spaces collapsed, trimmed); numbers shown as Excel shows them.
pub fn parse_text(cell: &Cell) -> Option<String> {
    let t = match cell {
        Cell::Text(s) => clean(s),
        other => clean(&other.display()),
    };
    (!t.is_empty()).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn each_refusal_carries_its_code() {
        fn code<T: std::fmt::Debug>(e: Result<T, ValueError>) -> String {
            match e {
                Err(e) => e.code().to_string(),
                Ok(v) => format!("accepted as {v:?}"),
            }
        }
        assert_eq!(code(parse_percent(&t("chín mươi"))), "value.percent");
        assert_eq!(code(parse_percent(&Cell::Bool(true))), "value.percent");
        assert_eq!(code(parse_kind(&t("Hộ gia đình"))), "value.kind");
        assert_eq!(code(parse_award(&t("Huân chương Lao động"))), "value.award");
        assert_eq!(code(parse_birth_year(&t("năm ngoái"))), "value.birth-year");
        assert_eq!(code(parse_birth_year(&t("1850"))), "value.birth-year-range");
        assert_eq!(
            code(parse_id_number(&t("07920A"))),
            "value.id-number-digits"
        );
        assert_eq!(code(parse_yes_no(&t("có lẽ"))), "value.yes-no");
    }

    #[test]
    fn a_percent_typed_three_ways_means_92_5() {
        assert_eq!(
            parse_percent(&Cell::Number(92.5)),
            Ok(Some(PercentValue::Bare(92.5)))
        );
        assert_eq!(
            parse_percent(&t("92,5")),
            Ok(Some(PercentValue::Bare(92.5)))
        );
        assert_eq!(
            parse_percent(&t("92,5%")),
            Ok(Some(PercentValue::Marked(92.5)))
        );
        assert_eq!(
            parse_percent(&t(" 92.5 % ")),
            Ok(Some(PercentValue::Marked(92.5)))
        );
        assert_eq!(
            parse_percent(&Cell::Number(0.925)),
            Ok(Some(PercentValue::Bare(0.925)))
        );
        assert!(parse_percent(&t("khoảng 90")).is_err());
        assert_eq!(parse_percent(&t("")), Ok(None));
    }

    #[test]
    fn numbers_accept_either_decimal_mark() {
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("59,9"), Some(59.9));
        assert_eq!(parse_number("abc"), None);
    }

    #[test]
    fn criteria_sets_are_found_however_written() {
        for s in [
            "2.2",
            "Mục 2.2",
            "2.2 - Đối với phường, xã",
            "Tiêu chuẩn 2.2",
            "2,2",
            "mục 2.2.b",
        ] {
            assert_eq!(parse_criteria_set(&t(s)).as_deref(), Some("2.2"), "{s}");
        }
        assert_eq!(
            parse_criteria_set(&Cell::Number(2.4)).as_deref(),
            Some("2.4")
        );
        assert_eq!(parse_criteria_set(&t("Đối với cá nhân")), None);
    }

    #[test]
    fn kinds_are_read_in_any_case_and_without_diacritics() {
        assert_eq!(parse_kind(&t("TẬP THỂ")), Ok(Some(NomineeKind::Collective)));
        assert_eq!(parse_kind(&t("tap the")), Ok(Some(NomineeKind::Collective)));
        assert_eq!(parse_kind(&t("Cá nhân")), Ok(Some(NomineeKind::Individual)));
        assert_eq!(parse_kind(&t("ca nhan")), Ok(Some(NomineeKind::Individual)));
        assert!(parse_kind(&t("Hộ gia đình")).is_err());
    }

    #[test]
    fn award_forms_are_read_fuzzily() {
        let cases = [
            ("Cờ Thi đua của Thành phố", AwardForm::CoThiDua),
            ("CỜ THI ĐUA", AwardForm::CoThiDua),
            ("Bằng khen của UBND Thành phố", AwardForm::BangKhen),
            ("bang khen", AwardForm::BangKhen),
            ("Bằng khenn", AwardForm::BangKhen),
            ("Bằg khen", AwardForm::BangKhen),
            ("Bàng khen UBND TP", AwardForm::BangKhen),
            ("Giấy khen của Giám đốc Sở", AwardForm::GiayKhen),
            ("Giay khen", AwardForm::GiayKhen),
        ];
        for (s, form) in cases {
            assert_eq!(parse_award(&t(s)), Ok(Some(form)), "{s}");
        }
        assert!(parse_award(&t("Huân chương Lao động")).is_err());
    }

    #[test]
    fn birth_years_come_from_years_dates_and_date_text() {
        assert_eq!(parse_birth_year(&Cell::Number(1980.0)), Ok(Some(1980)));
        let d = chrono::NaiveDate::from_ymd_opt(1975, 4, 30).unwrap_or_default();
        assert_eq!(parse_birth_year(&Cell::Date(d)), Ok(Some(1975)));
        assert_eq!(parse_birth_year(&t("15/03/1982")), Ok(Some(1982)));
        assert_eq!(parse_birth_year(&t("1990-01-02")), Ok(Some(1990)));
        assert_eq!(parse_birth_year(&Cell::Number(29_221.0)), Ok(Some(1980)));
        assert!(parse_birth_year(&t("không rõ")).is_err());
    }

    #[test]
    fn an_id_number_079123456789_keeps_its_leading_zero() {
        assert_eq!(
            parse_id_number(&t("079123456789")),
            Ok((Some("079123456789".into()), None))
        );
        let (id, warning) = parse_id_number(&Cell::Number(79_123_456_789.0)).unwrap_or_default();
        assert_eq!(id.as_deref(), Some("79123456789"));
        assert!(warning.is_some_and(|w| w.code == MessageCode::ImportIdNumberLostZeros));
    }

    #[test]
    fn yes_and_no_read_as_typed() {
        assert_eq!(parse_yes_no(&t("Có")), Ok(true));
        assert_eq!(parse_yes_no(&t("x")), Ok(true));
        assert_eq!(parse_yes_no(&t("Không")), Ok(false));
        assert_eq!(parse_yes_no(&Cell::Empty), Ok(false));
        assert!(parse_yes_no(&t("có lẽ")).is_err());
    }
}
