//! Vietnam's calendar: the one place that says which day it is for the committee.
//!
//! The product's "today" is Vietnam's day (UTC+7, no daylight saving), wherever the laptop's clock
//! zone is set: from 17:00 UTC it is already tomorrow in Ho Chi Minh City. Every default date,
//! every comparison with today and every "today" shown in the window or the CLI is derived here,
//! from an instant the caller read from the clock (this crate reads no clock itself).
//!
//! The rules about retention dates live here too, so that the store refuses and the window offers
//! the same days: the last day a round's personal data is kept may be today or later, may only be
//! moved later, and the data may be erased from the day after it.

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, Utc};

/// Vietnam's offset from UTC (UTC+7, no daylight saving).
pub fn vietnam_offset() -> FixedOffset {
    // 7 hours is well within FixedOffset's ±24 h range.
    #[allow(clippy::expect_used)]
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// An instant as Vietnam's wall clock shows it.
pub fn vietnam_time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&vietnam_offset())
}

/// The day it is in Vietnam at the instant `at`.
pub fn vietnam_day(at: DateTime<Utc>) -> NaiveDate {
    vietnam_time(at).date_naive()
}

/// How many years a closed round's personal data is kept unless the secretariat chooses otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;

/// The same day `years` later (29 February becomes 28 February in a common year).
pub fn years_after(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

/// The first day a round's data may be kept until: when it is closed, today; when its retention is
/// extended, the day after the date set before (and never before today).
pub fn first_retention_day(today: NaiveDate, kept_until: Option<NaiveDate>) -> NaiveDate {
    match kept_until.and_then(|d| d.succ_opt()) {
        Some(after) if after > today => after,
        _ => today,
    }
}

/// The date the window offers for the last day of retention: five years from today when a round
/// is closed, a year after the date set before when its retention is extended.
pub fn suggested_retention_day(today: NaiveDate, kept_until: Option<NaiveDate>) -> NaiveDate {
    match kept_until {
        Some(d) => years_after(d, 1).max(first_retention_day(today, Some(d))),
        None => years_after(today, DEFAULT_RETENTION_YEARS),
    }
}

/// Whether personal data kept until `kept_until` (inclusive) may be erased on `today`.
pub fn retention_ended(kept_until: NaiveDate, today: NaiveDate) -> bool {
    today > kept_until
}

/// A day as Vietnamese documents and messages write it: 07/12/2026.
pub fn day_vn(day: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", day.day(), day.month(), day.year())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn at_half_past_eleven_at_night_in_hanoi_it_is_still_today() {
        // 23:30 in Vietnam is 16:30 UTC: both clocks agree on the day.
        assert_eq!(vietnam_day(utc("2026-12-06T16:30:00Z")), day("2026-12-06"));
    }

    #[test]
    fn at_half_past_midnight_in_hanoi_it_is_already_tomorrow_though_utc_is_still_today() {
        // 00:30 in Vietnam is 17:30 UTC the day before: a laptop on UTC would say the 6th.
        let at = utc("2026-12-06T17:30:00Z");
        assert_eq!(at.date_naive(), day("2026-12-06"));
        assert_eq!(vietnam_day(at), day("2026-12-07"));
    }

    #[test]
    fn the_last_second_of_a_vietnam_year_and_the_first() {
        let last = Utc.with_ymd_and_hms(2026, 12, 31, 16, 59, 59).unwrap();
        assert_eq!(vietnam_day(last), day("2026-12-31"));
        let first = Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap();
        assert_eq!(vietnam_day(first), day("2027-01-01"));
    }

    #[test]
    fn a_round_closed_today_may_be_kept_until_today_and_is_offered_five_years() {
        let today = day("2026-12-07");
        assert_eq!(first_retention_day(today, None), today);
        assert_eq!(suggested_retention_day(today, None), day("2031-12-07"));
    }

    #[test]
    fn retention_is_extended_only_past_the_day_set_before() {
        let today = day("2026-12-07");
        let set = day("2030-12-31");
        assert_eq!(first_retention_day(today, Some(set)), day("2031-01-01"));
        assert_eq!(suggested_retention_day(today, Some(set)), day("2031-12-31"));
        // A date already past is never offered: the first day is today.
        let past = day("2020-12-31");
        assert_eq!(first_retention_day(today, Some(past)), today);
        assert_eq!(suggested_retention_day(today, Some(past)), today);
    }

    #[test]
    fn a_leap_day_kept_one_year_more_ends_on_the_last_of_february() {
        assert_eq!(years_after(day("2028-02-29"), 1), day("2029-02-28"));
    }

    #[test]
    fn data_kept_until_a_day_may_be_erased_only_from_the_day_after() {
        let until = day("2030-12-31");
        assert!(!retention_ended(until, day("2030-12-30")));
        assert!(!retention_ended(until, until));
        assert!(retention_ended(until, day("2031-01-01")));
    }

    #[test]
    fn days_are_written_as_vietnamese_documents_write_them() {
        assert_eq!(day_vn(day("2026-07-05")), "05/07/2026");
    }
}
