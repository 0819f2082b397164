//! How values are written in messages, labels and `else` templates.
//!
//! One place decides that a ratio prints as `90.2%`, a float keeps at most
//! four decimals, a string is quoted in a generated message but not in a
//! template hole, a long string is cut after 80 characters with its length
//! (`"aaaa…" (60,000,000 characters)`: a report value can be megabytes,
//! and no message may echo it whole), and a long list is cut after five
//! elements. Only called when a finding is produced, never on the
//! evaluation path.

use std::fmt::Write;

use super::value::{Kind, Value};
use crate::report::{Node, NodeKind};
use crate::wording;

/// How many elements of a list are shown before the rest is elided.
const LIST_SHOWN: usize = 5;

/// Strings in double quotes, as in a generated message: `"planned"`.
pub fn quoted(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, true);
    out
}

/// Strings bare, as in an `else` template hole: `planned`.
pub fn bare(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, false);
    out
}

fn write_value(out: &mut String, v: &Value, quote: bool) {
    match &v.kind {
        Kind::Missing(_) => out.push_str("missing"),
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Kind::Float(f) => out.push_str(&float(*f)),
        Kind::Ratio(r) => out.push_str(&percent(*r)),
        Kind::Str(s) => write_str(out, s.as_str(), quote),
        Kind::Date(d) => {
            let _ = write!(out, "{d}");
        }
        Kind::Duration(d) => {
            let _ = write!(out, "{d}");
        }
        Kind::Map(_) => out.push_str("{...}"),
        Kind::Seq(nodes) => {
            write_list(out, nodes.len(), nodes.iter().take(LIST_SHOWN), |out, n| {
                write_node(out, n, quote)
            })
        }
        Kind::List(values) => write_list(
            out,
            values.len(),
            values.iter().take(LIST_SHOWN),
            |out, v| write_value(out, v, quote),
        ),
    }
}

fn write_list<T>(
    out: &mut String,
    len: usize,
    shown: impl Iterator<Item = T>,
    mut each: impl FnMut(&mut String, T),
) {
    out.push('[');
    for (i, item) in shown.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(out, item);
    }
    if len > LIST_SHOWN {
        let _ = write!(out, ", ... {} more", len - LIST_SHOWN);
    }
    out.push(']');
}

fn write_node(out: &mut String, n: &Node, quote: bool) {
    match &n.kind {
        NodeKind::Seq(_) | NodeKind::Map(_) => write_value(out, &Value::from_node(n, None), quote),
        NodeKind::Null => out.push_str("null"),
        NodeKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        NodeKind::Int(i) => {
            let _ = write!(out, "{i}");
        }
        NodeKind::Float(f) => out.push_str(&float(*f)),
        NodeKind::Str(s) => write_str(out, s, quote),
    }
}

fn write_str(out: &mut String, s: &str, quote: bool) {
    let (shown, length) = match wording::cut(s, wording::QUOTED_CHARS) {
        Some((start, length)) => (start, Some(length)),
        None => (s, None),
    };
    if quote {
        // Debug escapes quotes, backslashes and control characters but keeps
        // printable Unicode (Chinese names stay readable).
        let quoted = format!("{shown:?}");
        match length {
            Some(_) => {
                // The ellipsis goes inside the closing quote.
                out.push_str(&quoted[..quoted.len() - 1]);
                out.push_str("…\"");
            }
            None => out.push_str(&quoted),
        }
    } else {
        out.push_str(&wording::visible(shown));
        if length.is_some() {
            out.push('…');
        }
    }
    if let Some(n) = length {
        out.push(' ');
        out.push_str(&wording::length_note(n));
    }
}

/// A value as in an `else` template hole ([`bare`]), with the length of a
/// string cut short apart (`(60,000,000 characters)`), for the template to
/// write after the backtick that closes the hole.
pub fn bare_apart(v: &Value) -> (String, Option<String>) {
    match &v.kind {
        Kind::Str(s) => match wording::cut(s.as_str(), wording::QUOTED_CHARS) {
            Some((start, n)) => (
                format!("{}…", wording::visible(start)),
                Some(wording::length_note(n)),
            ),
            None => (wording::visible(s.as_str()).into_owned(), None),
        },
        _ => (bare(v), None),
    }
}

/// A value in backticks, as a message writes user input: strings bare,
/// and a long string cut with its length after the closing backtick,
/// "`aaaa…` (60,000,000 characters)".
pub fn backticked(v: &Value) -> String {
    match &v.kind {
        Kind::Str(s) => wording::backticked(s.as_str()),
        _ => format!("`{}`", bare(v)),
    }
}

/// At most four decimals, trailing zeros trimmed: `1234.5`, `0.3333`.
pub fn float(f: f64) -> String {
    if !f.is_finite() {
        return format!("{f}");
    }
    trim(format!("{f:.4}"))
}

/// A fraction as a percentage with one decimal, trimmed: `90%`, `85.2%`.
pub fn percent(r: f64) -> String {
    if !r.is_finite() {
        return format!("{r}");
    }
    format!("{}%", trim(format!("{:.1}", r * 100.0)))
}

fn trim(mut s: String) -> String {
    if s.contains('.') {
        let kept = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(kept);
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::eval::value::Text;

    fn v(kind: Kind<'static>) -> Value<'static> {
        Value::new(kind, None)
    }

    #[test]
    fn numbers_percentages_and_dates() {
        assert_eq!(quoted(&v(Kind::Int(110))), "110");
        assert_eq!(quoted(&v(Kind::Float(1234.5))), "1234.5");
        assert_eq!(quoted(&v(Kind::Float(1.0 / 3.0))), "0.3333");
        assert_eq!(quoted(&v(Kind::Float(2.0))), "2");
        assert_eq!(quoted(&v(Kind::Ratio(0.9))), "90%");
        // 110 / 122 = 0.90163..., one decimal of 90.163...
        assert_eq!(quoted(&v(Kind::Ratio(110.0 / 122.0))), "90.2%");
        assert_eq!(quoted(&v(Kind::Ratio(0.852))), "85.2%");
        assert_eq!(quoted(&v(Kind::Ratio(-0.0001))), "0%");
        let d = Date::parse("2023-08-31").unwrap();
        assert_eq!(quoted(&v(Kind::Date(d))), "2023-08-31");
    }

    #[test]
    fn strings_are_quoted_except_in_templates() {
        let s = v(Kind::Str(Text::Borrowed("in-progress")));
        assert_eq!(quoted(&s), "\"in-progress\"");
        assert_eq!(bare(&s), "in-progress");
        let cn = v(Kind::Str(Text::Borrowed("西安 \"x\"")));
        assert_eq!(quoted(&cn), "\"西安 \\\"x\\\"\"");
    }

    /// Regression: a 60 MB `program` value gave 63 MB of output, quoted
    /// whole in the message and the label.
    #[test]
    fn long_strings_are_cut_with_their_length() {
        let text = |s: &str| quoted(&Value::new(Kind::Str(Text::Borrowed(s)), None));
        let long = "名".repeat(1_000_000);
        let s = Value::new(Kind::Str(Text::Borrowed(&long)), None);
        let shown = format!("{}… (1,000,000 characters)", "名".repeat(80));
        assert_eq!(quoted(&s), format!("\"{shown}").replace('…', "…\""));
        assert_eq!(bare(&s), shown);
        // Escapes do not count: 80 characters are shown, each escaped.
        let q = text(&"\"".repeat(100));
        assert_eq!(q, format!("\"{}…\" (100 characters)", "\\\"".repeat(80)));
        let list = Value::new(Kind::List(vec![s.clone(), s.clone()].into()), None);
        assert!(quoted(&list).len() < 1000);
        let exact = "x".repeat(80);
        assert_eq!(text(&exact), format!("\"{exact}\""));
        assert_eq!(
            backticked(&s),
            format!("`{}…` (1,000,000 characters)", "名".repeat(80))
        );
        assert_eq!(backticked(&Value::new(Kind::Int(7), None)), "`7`");
    }

    #[test]
    fn long_lists_are_elided_after_five() {
        let items: Vec<Value> = (1..=7).map(|i| v(Kind::Int(i))).collect();
        let list = v(Kind::List(items.into()));
        assert_eq!(quoted(&list), "[1, 2, 3, 4, 5, ... 2 more]");
        let short = v(Kind::List(vec![v(Kind::Str(Text::Borrowed("a")))].into()));
        assert_eq!(quoted(&short), "[\"a\"]");
        assert_eq!(bare(&short), "[a]");
    }
}
