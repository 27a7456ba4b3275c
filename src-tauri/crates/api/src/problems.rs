//! The problems an import found, saved as a CSV file for the secretariat to send back to the
//! agency that made the lists (the CSV itself is [`crate::problems_csv`]'s).

use crate::error::ApiError;
use crate::fs::write_whole;
use crate::import::{problems_csv, ProblemView};
use std::path::Path;

/// Writes `problems` as CSV to `path` (chosen in the shell's save dialog), whole or not at all.
pub fn write_problems(path: &Path, problems: &[ProblemView]) -> Result<(), ApiError> {
    write_whole(path, problems_csv(problems).as_bytes())
}
