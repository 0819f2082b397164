//! Calendar dates and durations, the two time types of the rule language.
//!
//! Reports are about deadlines, so the only clock is the proleptic Gregorian
//! calendar day: no times, no time zones. Months and years are calendar units
//! (2023-01-31 + 1 month is 2023-02-28), days and weeks are exact.

use std::fmt;

/// A calendar day. Ordering is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date from its parts, or `None` when the day does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month as u8) as u32 {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Parses exactly `YYYY-MM-DD` (ISO 8601 calendar date, four-digit year).
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = &text[r];
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        Date::from_ymd(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        self.month as u32
    }
    pub fn day(self) -> u32 {
        self.day as u32
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The inverse of [`Date::to_days`]; `None` outside years -9999..=9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        if !(-9999..=9999).contains(&y) {
            return None;
        }
        Date::from_ymd(y as i32, m as u32, d as u32)
    }

    /// This date plus a duration; `None` when the result leaves the
    /// supported range of years. (Not `std::ops::Add`: it can fail.)
    #[allow(clippy::should_implement_trait)]
    pub fn add(self, d: Duration) -> Option<Date> {
        match d.unit {
            Unit::Days => Date::from_days(self.to_days().checked_add(d.amount)?),
            Unit::Weeks => Date::from_days(self.to_days().checked_add(d.amount.checked_mul(7)?)?),
            Unit::Months => self.add_months(d.amount),
            Unit::Years => self.add_months(d.amount.checked_mul(12)?),
        }
    }

    /// This date minus a duration.
    #[allow(clippy::should_implement_trait)]
    pub fn sub(self, d: Duration) -> Option<Date> {
        self.add(Duration {
            amount: d.amount.checked_neg()?,
            unit: d.unit,
        })
    }

    /// Calendar months, clamping the day to the end of the target month.
    fn add_months(self, months: i64) -> Option<Date> {
        let index = (self.year as i64) * 12 + (self.month as i64 - 1) + months;
        let year = index.div_euclid(12);
        if !(-9999..=9999).contains(&year) {
            return None;
        }
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year as i32, month));
        Date::from_ymd(year as i32, month as u32, day as u32)
    }

    /// The number of days from `other` to `self` (negative when `self` is earlier).
    pub fn days_since(self, other: Date) -> i64 {
        self.to_days() - other.to_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text written like a date is not one: what a message says instead
/// of "cannot order a date against a string".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotADate {
    /// `YYYY-MM-DD` whose month is not 1 to 12 (`2021-13-01`).
    NoSuchMonth { month: u32 },
    /// `YYYY-MM-DD` whose day is 0 or past the end of its month
    /// (`2021-02-30`); `days` is how many the month has.
    NoSuchDay {
        year: i32,
        month: u32,
        day: u32,
        days: u32,
    },
    /// Eight digits, `YYYYMMDD` (`20211231`): the date they are with the
    /// dashes, if that is one.
    Undashed(Option<Date>),
}

impl NotADate {
    /// Why `text` is not a date, when it is written like one: `YYYY-MM-DD`
    /// with a month or day that does not exist, or eight digits. `None` for
    /// a real date and for any other text.
    pub fn of(text: &str) -> Option<NotADate> {
        let b = text.as_bytes();
        let number = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = text.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        if b.len() == 8 {
            let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
            return Some(NotADate::Undashed(Date::from_ymd(year as i32, month, day)));
        }
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let (year, month, day) = (number(0..4)? as i32, number(5..7)?, number(8..10)?);
        if Date::from_ymd(year, month, day).is_some() {
            return None;
        }
        if !(1..=12).contains(&month) {
            return Some(NotADate::NoSuchMonth { month });
        }
        let days = days_in_month(year, month as u8) as u32;
        Some(NotADate::NoSuchDay {
            year,
            month,
            day,
            days,
        })
    }
}

/// The English name of month `month` (1 to 12).
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    month
        .checked_sub(1)
        .and_then(|i| NAMES.get(i as usize))
        .copied()
        .unwrap_or("")
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The unit a duration was written in. Days and weeks are exact; months and
/// years move along the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// An amount of time such as `10 days` or `3 months`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: i64,
    pub unit: Unit,
}

impl Duration {
    pub const fn days(amount: i64) -> Duration {
        Duration {
            amount,
            unit: Unit::Days,
        }
    }

    /// The length in days, when it is exact (days and weeks). Months and
    /// years have no fixed length, so they do not order against days.
    pub fn exact_days(self) -> Option<i64> {
        match self.unit {
            Unit::Days => Some(self.amount),
            Unit::Weeks => self.amount.checked_mul(7),
            Unit::Months | Unit::Years => None,
        }
    }

    /// A comparable key: (months, days). Two durations order when both are
    /// day-based or both are month-based.
    pub fn months(self) -> Option<i64> {
        match self.unit {
            Unit::Months => Some(self.amount),
            Unit::Years => self.amount.checked_mul(12),
            Unit::Days | Unit::Weeks => None,
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (one, many) = match self.unit {
            Unit::Days => ("day", "days"),
            Unit::Weeks => ("week", "weeks"),
            Unit::Months => ("month", "months"),
            Unit::Years => ("year", "years"),
        };
        let name = if self.amount.abs() == 1 { one } else { many };
        write!(f, "{} {}", self.amount, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_only_real_iso_dates() {
        assert_eq!(d("2023-08-31").to_string(), "2023-08-31");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-8-31").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("2023-08-31x").is_none());
    }

    #[test]
    fn texts_written_like_dates_say_why_they_are_not() {
        assert_eq!(NotADate::of("2021-02-28"), None);
        assert_eq!(NotADate::of("soon"), None);
        assert_eq!(NotADate::of("2021-2-3"), None);
        assert_eq!(
            NotADate::of("2021-02-30"),
            Some(NotADate::NoSuchDay {
                year: 2021,
                month: 2,
                day: 30,
                days: 28
            })
        );
        assert!(matches!(
            NotADate::of("2024-02-30"),
            Some(NotADate::NoSuchDay { days: 29, .. })
        ));
        assert_eq!(
            NotADate::of("2021-13-01"),
            Some(NotADate::NoSuchMonth { month: 13 })
        );
        assert_eq!(
            NotADate::of("20211231"),
            Some(NotADate::Undashed(Some(d("2021-12-31"))))
        );
        assert_eq!(NotADate::of("20211331"), Some(NotADate::Undashed(None)));
        assert_eq!(NotADate::of("2021123x"), None);
        assert_eq!(month_name(2), "February");
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2000-03-01").to_days(), 11017);
        for s in ["1900-02-28", "2000-02-29", "2023-12-31", "0001-01-01"] {
            assert_eq!(Date::from_days(d(s).to_days()), Some(d(s)));
        }
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(
            d("2021-11-03").add(Duration::days(10)),
            Some(d("2021-11-13"))
        );
        assert_eq!(
            d("2021-12-31").add(Duration::days(15)),
            Some(d("2022-01-15"))
        );
        let month = Duration {
            amount: 1,
            unit: Unit::Months,
        };
        assert_eq!(d("2023-01-31").add(month), Some(d("2023-02-28")));
        let years = Duration {
            amount: 3,
            unit: Unit::Years,
        };
        assert_eq!(d("2020-08-31").add(years), Some(d("2023-08-31")));
        let weeks = Duration {
            amount: 2,
            unit: Unit::Weeks,
        };
        assert_eq!(d("2021-12-31").sub(weeks), Some(d("2021-12-17")));
        assert_eq!(d("2022-01-12").days_since(d("2021-12-31")), 12);
    }
}
