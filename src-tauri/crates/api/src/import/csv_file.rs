//! The problems of an import as CSV, written as every CSV of the program is
//! ([`crate::csv_out`]), and saved where the user chose.

use super::*;
use crate::csv_out::csv_document;

/// The problems of an import as CSV, for the secretariat to send back to the agency (see
/// [`crate::csv_out::csv_document`]).
pub fn problems_csv(problems: &[ProblemView]) -> String {
    let rows = problems.iter().map(|p| {
        [
            p.file.clone(),
            p.sheet.clone().unwrap_or_default(),
            p.row.map(|r| r.to_string()).unwrap_or_default(),
            p.column.clone().unwrap_or_default(),
            p.message.text.clone(),
        ]
    });
    csv_document("Tệp,Trang tính,Dòng,Cột,Lỗi\r\n", rows)
}

/// Writes `problems` as CSV to `path` (chosen in the shell's save dialog), whole or not at all,
/// for the secretariat to send back to the agency that made the lists.
pub fn write_problems(path: &std::path::Path, problems: &[ProblemView]) -> Result<(), ApiError> {
    crate::fs::write_whole(path, problems_csv(problems).as_bytes())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A message whose sentence is `text`: the CSV carries the sentence whatever the code.
    fn said(text: &str) -> Message {
        Message {
            code: MessageCode::ImportPercentOutOfRange,
            params: Default::default(),
            text: text.into(),
        }
    }

    #[test]
    fn a_problem_that_looks_like_a_formula_is_defused_in_the_csv() {
        let p = ProblemView {
            file: "=HYPERLINK(\"x\")".into(),
            sheet: Some("Danh sách".into()),
            row: Some(7),
            column: Some("F (Tỷ lệ)".into()),
            message: said("Tỷ lệ phải nằm trong khoảng 0–100"),
        };
        let csv = problems_csv(&[p]);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
        assert!(csv.contains("\"7\""));
    }

    #[test]
    fn the_problems_csv_is_byte_for_byte_the_file_excel_expects() {
        let p = ProblemView {
            file: "ds \"A\".csv".into(),
            sheet: None,
            row: Some(12),
            column: Some("B".into()),
            message: said("-5 không phải tỷ lệ;\r\nxem lại, dòng dưới"),
        };
        assert_eq!(
            problems_csv(&[p]),
            "\u{feff}Tệp,Trang tính,Dòng,Cột,Lỗi\r\n\
             \"ds \"\"A\"\".csv\",\"\",\"12\",\"B\",\"'-5 không phải tỷ lệ;\r\nxem lại, dòng dưới\"\r\n"
        );
    }
}
