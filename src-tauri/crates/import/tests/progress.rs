//! A long list reports its progress row by row while it is checked, and can be stopped.

use xetkhen_core::{RoundKind, Rubric};
use xetkhen_import::{parse_file, parse_file_with, ImportError, PROGRESS_ROWS};

#[test]
fn a_long_list_tells_its_progress_in_rows_as_it_is_checked(
) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let list = dir.path().join("350-dong.xlsx");
    xetkhen_import::write_generated_list(&list, 350)?;
    let rubric = Rubric::plan_2242();
    let mut heard = Vec::new();
    let parsed = parse_file_with(
        &list,
        &rubric,
        RoundKind::TongKet,
        &Default::default(),
        &mut |done, total| {
            heard.push((done, total));
            true
        },
    )?;
    assert_eq!(parsed.rows.len(), 350);
    // Every PROGRESS_ROWS rows from the first, then the end; the total is the rows below the
    // header.
    let total = heard.last().map(|h| h.1).unwrap_or_default();
    assert_eq!(total, 350);
    let dones: Vec<usize> = heard.iter().map(|h| h.0).collect();
    assert_eq!(
        dones,
        vec![0, PROGRESS_ROWS, 2 * PROGRESS_ROWS, 3 * PROGRESS_ROWS, 350]
    );
    assert!(heard.iter().all(|h| h.1 == total));
    // The hook changes nothing about what is read.
    assert_eq!(
        parse_file(&list, &rubric, RoundKind::TongKet, &Default::default())?,
        parsed
    );
    Ok(())
}

#[test]
fn a_hook_that_answers_no_stops_the_reading_midway() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let list = dir.path().join("350-dong.xlsx");
    xetkhen_import::write_generated_list(&list, 350)?;
    let mut calls = 0;
    let stopped = parse_file_with(
        &list,
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        &Default::default(),
        &mut |done, _| {
            calls += 1;
            done < PROGRESS_ROWS
        },
    );
    assert!(
        matches!(stopped, Err(ImportError::Stopped { ref file }) if file == "350-dong.xlsx"),
        "{stopped:?}"
    );
    assert_eq!(calls, 2, "the hook is not asked again once it said no");
    Ok(())
}

/// A real list with a rejected row and warnings, read both ways.
fn ward_list() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/import/danh-sach-de-nghi-phuong.xlsx")
}

#[test]
fn rows_handed_over_as_they_are_checked_are_the_rows_a_whole_read_keeps(
) -> Result<(), Box<dyn std::error::Error>> {
    let rubric = Rubric::plan_2242();
    let list = ward_list();
    let whole = parse_file(&list, &rubric, RoundKind::TongKet, &Default::default())?;
    assert!(!whole.problems.is_empty() && !whole.rows.is_empty());
    let mut handed = Vec::new();
    let mut again = false;
    let mut streamed = xetkhen_import::parse_file_streaming(
        &list,
        &rubric,
        RoundKind::TongKet,
        &Default::default(),
        &mut |_, _| true,
        &mut |h| {
            match h {
                xetkhen_import::Handed::Row(row) => handed.push(row),
                xetkhen_import::Handed::Again => again = true,
            }
            true
        },
    )?;
    // The rows went to the sink, in the list's order, once; everything else is what a whole
    // read says.
    assert!(!again, "a Unicode list is read once");
    assert!(streamed.rows.is_empty());
    assert_eq!(handed, whole.rows);
    streamed.rows = handed;
    assert_eq!(streamed, whole);
    Ok(())
}

#[test]
fn a_sink_that_answers_no_stops_the_reading_at_that_row() -> Result<(), Box<dyn std::error::Error>>
{
    let dir = tempfile::tempdir()?;
    let list = dir.path().join("350-dong.xlsx");
    xetkhen_import::write_generated_list(&list, 350)?;
    let mut handed = 0;
    let stopped = xetkhen_import::parse_file_streaming(
        &list,
        &Rubric::plan_2242(),
        RoundKind::TongKet,
        &Default::default(),
        &mut |_, _| true,
        &mut |_| {
            handed += 1;
            handed < 10
        },
    );
    assert!(
        matches!(stopped, Err(ImportError::Stopped { ref file }) if file == "350-dong.xlsx"),
        "{stopped:?}"
    );
    assert_eq!(handed, 10);
    Ok(())
}
