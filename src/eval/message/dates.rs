//! What a finding says about a value written like a date that is not one
//! (`2021-02-30`, `20211231`) where a rule uses it as a date: why it is
//! none, and how to write it.

use super::super::Abort;
use super::super::compare::{as_date, written_like_a_date};
use super::super::value::{Kind, Value};
use crate::date::{NotADate, month_name};

/// Of `l` and `r`, one written like a date but not one (`2021-02-30`,
/// `20211231`) next to one that is a date or a duration (so it is used as
/// a date), and that other one.
pub(super) fn used_as_a_date<'v, 'a>(
    l: &'v Value<'a>,
    r: &'v Value<'a>,
) -> Option<(&'v Value<'a>, &'v Value<'a>)> {
    [(l, r), (r, l)].into_iter().find(|(v, other)| {
        let dated = as_date(other).is_some() || matches!(other.kind, Kind::Duration(_));
        dated && written_like_a_date(v).is_some()
    })
}

/// The finding (of code `code`) for `l` and `r` that cannot be ordered or
/// added when one of them is written like a date but is not one, used as
/// a date: "`2021-02-30` is not a date: February 2021 has 28 days", on that
/// value. `None` otherwise.
pub(crate) fn not_a_date(code: &'static str, l: &Value, r: &Value) -> Option<Abort> {
    let (bad, other) = used_as_a_date(l, r)?;
    let (text, why) = written_like_a_date(bad)?;
    let (message, label, help) = not_a_date_text(&text, why);
    Some(
        Abort::data(code, message, bad.origin.or(other.origin))
            .with_label(label)
            .with_help(help),
    )
}

/// Advice about a value written like a date but not one, in one sentence:
/// "`20211231` is not a date; write dates as YYYY-MM-DD: `2021-12-31`".
pub(crate) fn not_a_date_help(v: &Value) -> Option<String> {
    let (text, why) = written_like_a_date(v)?;
    Some(match not_a_date_text(&text, why) {
        (message, _, Some(help)) => format!("{message}; {help}"),
        (message, _, None) => message,
    })
}

/// The message, label and help that say why `text` is not a date.
fn not_a_date_text(text: &str, why: NotADate) -> (String, String, Option<String>) {
    let not = format!("`{text}` is not a date");
    match why {
        NotADate::NoSuchMonth { month } => (
            format!("{not}: there is no month {month}"),
            "no such month".to_string(),
            None,
        ),
        NotADate::NoSuchDay { day: 0, .. } => (
            format!("{not}: there is no day 0"),
            "no such day".to_string(),
            None,
        ),
        NotADate::NoSuchDay {
            year, month, days, ..
        } => (
            format!("{not}: {} {year} has {days} days", month_name(month)),
            "no such day".to_string(),
            None,
        ),
        NotADate::Undashed(date) => (
            not,
            "not written YYYY-MM-DD".to_string(),
            Some(match date {
                Some(d) => format!("write dates as YYYY-MM-DD: `{d}`"),
                None => "write dates as YYYY-MM-DD".to_string(),
            }),
        ),
    }
}
