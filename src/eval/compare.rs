//! Equality, ordering and the coercions they allow.
//!
//! `==` never fails: values of different types are simply unequal. Ordering
//! is partial: numbers with numbers, dates with dates (a string in ISO form
//! `YYYY-MM-DD` counts as a date next to a date, since YAML 1.2 loads dates
//! as strings), strings with strings, durations of the same kind (days and
//! weeks, or months and years). Anything else has no order, and the caller
//! turns that into an `incomparable` finding.

use std::cmp::Ordering;

use super::value::{Kind, Value};
use crate::date::{Date, Duration, NotADate};
use crate::report::{Node, NodeKind};
use crate::syntax::ast::BinaryOp;

/// The date a value stands for: a date, or a string in ISO date form.
pub fn as_date(v: &Value) -> Option<Date> {
    match &v.kind {
        Kind::Date(d) => Some(*d),
        Kind::Str(s) => Date::parse(s.as_str()),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

fn num(v: &Value) -> Option<Num> {
    match v.kind {
        Kind::Int(i) => Some(Num::Int(i)),
        Kind::Float(f) | Kind::Ratio(f) => Some(Num::Float(f)),
        _ => None,
    }
}

/// Both values as numbers: two numbers, or a number and a string written
/// as a percentage (`yoy_growth: 12.7%` loads as a string in YAML).
fn nums(a: &Value, b: &Value) -> Option<(Num, Num)> {
    match (num(a), num(b)) {
        (Some(x), Some(y)) => Some((x, y)),
        (Some(x), None) => Some((x, Num::Float(as_percent(b)?))),
        (None, Some(y)) => Some((Num::Float(as_percent(a)?), y)),
        (None, None) => None,
    }
}

/// The fraction a string such as `12.7%` stands for.
pub fn as_percent(v: &Value) -> Option<f64> {
    match &v.kind {
        Kind::Str(s) => crate::scalar::parse_percent(s.as_str()),
        _ => None,
    }
}

fn num_cmp(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(&y)),
        (Num::Int(x), Num::Float(y)) => (x as f64).partial_cmp(&y),
        (Num::Float(x), Num::Int(y)) => x.partial_cmp(&(y as f64)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y),
    }
}

fn duration_cmp(a: Duration, b: Duration) -> Option<Ordering> {
    match (a.exact_days(), b.exact_days()) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => Some(a.months()?.cmp(&b.months()?)),
    }
}

/// `a == b`. Values of different types are unequal; ints and floats compare
/// numerically; a date equals the ISO string of the same day.
pub fn equal(a: &Value, b: &Value) -> bool {
    if let Some((x, y)) = nums(a, b) {
        return num_cmp(x, y) == Some(Ordering::Equal);
    }
    match (&a.kind, &b.kind) {
        (Kind::Str(x), Kind::Str(y)) => x.as_str() == y.as_str(),
        (Kind::Date(_), Kind::Date(_) | Kind::Str(_)) | (Kind::Str(_), Kind::Date(_)) => {
            matches!((as_date(a), as_date(b)), (Some(x), Some(y)) if x == y)
        }
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Null, Kind::Null) => true,
        (Kind::Duration(x), Kind::Duration(y)) => duration_cmp(*x, *y) == Some(Ordering::Equal),
        (Kind::Map(x), Kind::Map(y)) => node_eq(x, y),
        _ => match (a.items(), b.items()) {
            (Some(xs), Some(ys)) => {
                a.len_if_list() == b.len_if_list() && xs.zip(ys).all(|(x, y)| equal(&x, &y))
            }
            _ => false,
        },
    }
}

/// The order of `a` and `b`, or `None` when they have no common order.
pub fn order(a: &Value, b: &Value) -> Option<Ordering> {
    if let Some((x, y)) = nums(a, b) {
        return num_cmp(x, y);
    }
    match (&a.kind, &b.kind) {
        (Kind::Date(_), Kind::Date(_) | Kind::Str(_)) | (Kind::Str(_), Kind::Date(_)) => {
            Some(as_date(a)?.cmp(&as_date(b)?))
        }
        // Two ISO dates order as dates; two other strings as text; a date
        // and a string that is not one have no order.
        (Kind::Str(x), Kind::Str(y)) => match (as_date(a), as_date(b)) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            (None, None) => Some(x.as_str().cmp(y.as_str())),
            _ => None,
        },
        (Kind::Duration(x), Kind::Duration(y)) => duration_cmp(*x, *y),
        _ => None,
    }
}

/// Whether ordering `o` of two values meets the comparison `op` (one of
/// `<`, `<=`, `>`, `>=`; any other is taken as `>=`).
pub fn ordering_holds(op: BinaryOp, o: Ordering) -> bool {
    match op {
        BinaryOp::Lt => o == Ordering::Less,
        BinaryOp::Le => o != Ordering::Greater,
        BinaryOp::Gt => o == Ordering::Greater,
        _ => o != Ordering::Less,
    }
}

/// Structural equality of report values, ignoring spans and key order.
fn node_eq(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (NodeKind::Map(xs), NodeKind::Map(ys)) => {
            xs.len() == ys.len()
                && xs.iter().all(|x| {
                    ys.iter()
                        .any(|y| node_eq(&x.key, &y.key) && node_eq(&x.value, &y.value))
                })
        }
        (NodeKind::Seq(xs), NodeKind::Seq(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| node_eq(x, y))
        }
        _ => equal(&Value::from_node(a, None), &Value::from_node(b, None)),
    }
}

/// The text of `v` when it is a text YAML would read as a number without
/// its quotes: `"122"`, `"-1.5"`. Such a text is never equal to a number,
/// and has no order with one.
pub fn number_in_text<'v>(v: &'v Value) -> Option<&'v str> {
    let Kind::Str(s) = &v.kind else {
        return None;
    };
    let s = s.as_str();
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "1"));
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit());
    (digits(whole) && digits(fraction)).then_some(s)
}

/// Why `v` is not a date although it is written like one, with its text: a
/// text `YYYY-MM-DD` with no such month or day, or eight digits (a text,
/// or the number YAML reads `20211231` as).
pub fn written_like_a_date(v: &Value) -> Option<(String, NotADate)> {
    let text = match &v.kind {
        // Only the two lengths NotADate reads: a long text is not copied.
        Kind::Str(s) if matches!(s.as_str().len(), 8 | 10) => s.as_str().to_string(),
        Kind::Int(i) if (10_000_000..=99_999_999).contains(i) => i.to_string(),
        _ => return None,
    };
    NotADate::of(&text).map(|why| (text, why))
}

/// The type of a value for a message about ordering: a string in ISO date
/// form is a date there.
pub fn order_type(v: &Value) -> &'static str {
    match &v.kind {
        Kind::Str(_) if as_date(v).is_some() => "a date",
        _ => v.type_name(),
    }
}

/// The YAML 1.2 hint for comparing a boolean with a string that YAML 1.1
/// read as one (`yes`, `no`, `on`, `off`).
pub fn yaml_bool_hint(a: &Value, b: &Value) -> Option<String> {
    let s = match (&a.kind, &b.kind) {
        (Kind::Str(s), Kind::Bool(_)) | (Kind::Bool(_), Kind::Str(s)) => s.as_str(),
        _ => return None,
    };
    yaml_bool_word(s).then(|| format!("`{s}` is a string in YAML 1.2, not a boolean"))
}

/// Whether `s` is one of the words YAML 1.1 (and people) take for a boolean.
pub fn yaml_bool_word(s: &str) -> bool {
    ["yes", "no", "on", "off"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Unit;
    use crate::eval::value::Text;

    fn v(kind: Kind<'static>) -> Value<'static> {
        Value::new(kind, None)
    }
    fn s(text: &'static str) -> Value<'static> {
        v(Kind::Str(Text::Borrowed(text)))
    }

    #[test]
    fn different_types_are_unequal_and_numbers_mix() {
        assert!(equal(&v(Kind::Int(90)), &v(Kind::Float(90.0))));
        assert!(equal(&v(Kind::Ratio(0.9)), &v(Kind::Float(0.9))));
        assert!(!equal(&v(Kind::Int(1)), &s("1")));
        assert!(!equal(&v(Kind::Bool(false)), &s("no")));
        assert!(equal(&v(Kind::Null), &v(Kind::Null)));
    }

    #[test]
    fn iso_strings_are_dates_next_to_dates_only() {
        let d = v(Kind::Date(Date::parse("2021-06-30").unwrap()));
        assert!(equal(&d, &s("2021-06-30")));
        assert_eq!(order(&s("2021-07-01"), &d), Some(Ordering::Greater));
        assert_eq!(order(&d, &s("soon")), None);
        // Two strings order as text, two ISO strings as dates, and a date
        // string has no order with other text.
        assert_eq!(order(&s("b"), &s("a")), Some(Ordering::Greater));
        assert_eq!(
            order(&s("2021-12-31"), &s("2021-07-01")),
            Some(Ordering::Greater)
        );
        assert_eq!(order(&s("soon"), &s("2021-07-01")), None);
    }

    #[test]
    fn durations_order_within_their_kind() {
        let days = |n| v(Kind::Duration(Duration::days(n)));
        let weeks = v(Kind::Duration(Duration {
            amount: 2,
            unit: Unit::Weeks,
        }));
        let month = v(Kind::Duration(Duration {
            amount: 1,
            unit: Unit::Months,
        }));
        assert!(equal(&days(14), &weeks));
        assert_eq!(order(&days(10), &weeks), Some(Ordering::Less));
        assert_eq!(order(&days(30), &month), None);
    }

    #[test]
    fn percent_strings_are_numbers_next_to_numbers_only() {
        assert_eq!(
            order(&s("12.7%"), &v(Kind::Ratio(0.15))),
            Some(Ordering::Less)
        );
        assert!(equal(&s("50%"), &v(Kind::Float(0.5))));
        assert_eq!(order(&s("12.7 %"), &v(Kind::Int(1))), Some(Ordering::Less));
        assert_eq!(order(&s("x%"), &v(Kind::Int(1))), None);
        // Two percentage strings are just strings.
        assert!(!equal(&s("50%"), &s("50.0%")));
    }

    #[test]
    fn numbers_and_strings_have_no_order() {
        assert_eq!(order(&v(Kind::Int(3)), &s("3")), None);
        assert_eq!(order(&v(Kind::Bool(true)), &v(Kind::Bool(false))), None);
    }

    #[test]
    fn texts_that_read_as_numbers() {
        for text in ["122", "-1.5", "+3", "0.25"] {
            assert_eq!(number_in_text(&s(text)), Some(text), "{text}");
        }
        for text in ["", "-", "1.", ".5", "12.7%", "1e3", "122 ", "x1", "1.2.3"] {
            assert_eq!(number_in_text(&s(text)), None, "{text}");
        }
        assert_eq!(number_in_text(&v(Kind::Int(122))), None);
    }

    #[test]
    fn hint_only_for_yaml_1_1_boolean_words() {
        let no = s("No");
        assert_eq!(
            yaml_bool_hint(&no, &v(Kind::Bool(false))).as_deref(),
            Some("`No` is a string in YAML 1.2, not a boolean")
        );
        assert_eq!(yaml_bool_hint(&s("nope"), &v(Kind::Bool(false))), None);
        assert_eq!(yaml_bool_hint(&no, &s("no")), None);
    }
}
