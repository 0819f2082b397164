//! Checks that look at one expression node alone: calls (unknown function,
//! arity), literal `matches` patterns (compiled here, once), comparisons
//! between two literals that can never hold, arithmetic between two literals
//! that can never be computed (`"XA-" + 1`), and `in` over a literal that is
//! not a list or a string; those of `if` and comprehensions are in
//! `expr/forms.rs`.

use std::collections::HashMap;

use super::{CheckError, plural};
use crate::date::{Date, Unit};
use crate::eval::functions::{self, Arity, FUNCTIONS};
use crate::pattern::compile_regex;
use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Ident, Literal, UnaryOp};

mod forms;
pub(super) use forms::{condition, iterated};

/// An unknown function or a wrong number of arguments in `function(args)`.
pub(super) fn call(file: usize, span: Span, function: &Ident, given: usize) -> Option<CheckError> {
    let name = function.node.as_str();
    let Some(f) = functions::get(name) else {
        let help = match did_you_mean(name, FUNCTIONS.iter().map(|f| f.name)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                let all: Vec<String> = FUNCTIONS.iter().map(|f| format!("`{}`", f.name)).collect();
                format!("the functions are {}", all.join(", "))
            }
        };
        return Some(CheckError {
            file,
            span: function.span,
            message: format!("unknown function `{name}`"),
            label: "not a function".to_string(),
            help: Some(help),
            related: Vec::new(),
        });
    };
    if f.arity.accepts(given) {
        return None;
    }
    let takes = match f.arity {
        Arity::Exactly(n) => plural(n, "argument"),
        Arity::ListOrValues => "1 argument (a list) or 2 or more".to_string(),
    };
    Some(CheckError {
        file,
        span,
        message: format!("`{name}` takes {takes} but was given {given}"),
        label: format!("called with {}", plural(given, "argument")),
        help: f.arity_help.map(str::to_string),
        related: Vec::new(),
    })
}

/// Checks of a binary node whose operands were already walked: the pattern of
/// a literal `matches` (compiled into `regexes` when valid) and comparisons
/// between literals.
pub(super) fn binary(
    file: usize,
    text: &str,
    whole: &Expr,
    op: BinaryOp,
    left: &Expr,
    right: &Expr,
    regexes: &mut HashMap<String, regex::Regex>,
) -> Option<CheckError> {
    match op {
        BinaryOp::Matches => pattern(file, text, right, regexes),
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            let (l, r) = (kind(left)?, kind(right)?);
            if l.ordered_with(r) {
                return None;
            }
            Some(CheckError {
                file,
                span: whole.span,
                message: format!(
                    "`{}` and `{}` can never be ordered",
                    snippet(text, left.span),
                    snippet(text, right.span)
                ),
                label: if l == r {
                    format!("{} has no order", l.noun())
                } else {
                    format!("{} and {} have no common order", l.noun(), r.noun())
                },
                help: Some(comparison_help(left, right, l, r).unwrap_or_else(|| {
                    "`<`, `<=`, `>` and `>=` compare two numbers, two strings, two dates \
                     (a string in `YYYY-MM-DD` form counts as a date), or two durations \
                     (days with weeks, months with years)"
                        .to_string()
                })),
                related: Vec::new(),
            })
        }
        BinaryOp::Eq | BinaryOp::Ne => {
            let (l, r) = (kind(left)?, kind(right)?);
            if l.equatable_with(r) {
                return None;
            }
            let always = if op == BinaryOp::Eq { "false" } else { "true" };
            Some(CheckError {
                file,
                span: whole.span,
                message: format!("`{}` is always {always}", snippet(text, whole.span)),
                label: format!("{} is never equal to {}", l.noun(), r.noun()),
                help: Some(comparison_help(left, right, l, r).unwrap_or_else(|| {
                    "values of different types are never equal and are not converted; \
                     write both sides with the same type"
                        .to_string()
                })),
                related: Vec::new(),
            })
        }
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
            let (l, r) = (kind(left)?, kind(right)?);
            if l.computes_with(op, r) {
                return None;
            }
            Some(CheckError {
                file,
                span: whole.span,
                message: format!("`{}` can never be computed", snippet(text, whole.span)),
                label: format!("`{}` of {} and {}", op.as_str(), l.noun(), r.noun()),
                help: Some(arithmetic_help(op)),
                related: Vec::new(),
            })
        }
        BinaryOp::In => {
            let container = kind(right)?;
            if matches!(container, Kind::List | Kind::Str { .. }) {
                return None;
            }
            Some(CheckError {
                file,
                span: right.span,
                message: format!(
                    "`in` needs a list or a string on its right, found `{}`",
                    snippet(text, right.span)
                ),
                label: format!("{}, not a list", container.noun()),
                help: Some(
                    "write the allowed values as a list, e.g. `status in [\"planned\", \"in-progress\"]`"
                        .to_string(),
                ),
                related: Vec::new(),
            })
        }
        _ => None,
    }
}

/// What an arithmetic operator computes with, for a rule that uses it on
/// values it never takes.
pub(super) fn arithmetic_help(op: BinaryOp) -> String {
    match op {
        BinaryOp::Add => "`+` adds two numbers, joins two strings (`\"^\" + code`), or moves a \
                          date by a duration (`period.end + 15 days`)"
            .to_string(),
        BinaryOp::Sub => "`-` subtracts numbers, moves a date back by a duration, or gives the \
                          days between two dates"
            .to_string(),
        _ => format!("`{}` computes with two numbers only", op.as_str()),
    }
}

/// A help more precise than the general one, for the two mistakes with a
/// specific cause: a date-shaped string that is no real day, and durations
/// in days against durations in months.
fn comparison_help(left: &Expr, right: &Expr, l: Kind, r: Kind) -> Option<String> {
    if let Some(s) = [left, right].into_iter().find_map(not_a_day) {
        return Some(format!("`{s}` is not a real day, so it is not a date"));
    }
    if let (Kind::Duration { .. }, Kind::Duration { .. }) = (l, r) {
        return Some(
            "a month has no fixed number of days, so months and years do not compare \
             with days and weeks"
                .to_string(),
        );
    }
    None
}

/// The text of a string literal in `YYYY-MM-DD` shape that is no real day.
fn not_a_day(e: &Expr) -> Option<&str> {
    let ExprKind::Literal(Literal::Str(s)) = &e.node else {
        return None;
    };
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        });
    (shaped && Date::parse(s).is_none()).then_some(s.as_str())
}

/// A literal pattern of `matches`: compiled once, or an error on the string.
fn pattern(
    file: usize,
    text: &str,
    right: &Expr,
    regexes: &mut HashMap<String, regex::Regex>,
) -> Option<CheckError> {
    let ExprKind::Literal(lit) = &right.node else {
        // Not a literal: compiled by the evaluator, with the same limits.
        return None;
    };
    let Literal::Str(pattern) = lit else {
        return Some(CheckError {
            file,
            span: right.span,
            message: format!(
                "`matches` needs a string pattern, found `{}`",
                snippet(text, right.span)
            ),
            label: "not a string".to_string(),
            help: Some("write the regular expression in double quotes".to_string()),
            related: Vec::new(),
        });
    };
    if regexes.contains_key(pattern) {
        return None;
    }
    match compile_regex(pattern) {
        Ok(regex) => {
            regexes.insert(pattern.clone(), regex);
            None
        }
        Err(err) => {
            let (reason, at) = regex_reason(&err);
            let span = at
                .and_then(|(start, len)| inner_span(text, right.span, start, len))
                .unwrap_or(right.span);
            Some(CheckError {
                file,
                span,
                message: format!("invalid regular expression: {reason}"),
                label: if span == right.span {
                    "in this pattern".to_string()
                } else {
                    reason.clone()
                },
                help: None,
                related: Vec::new(),
            })
        }
    }
}

/// The one-line reason of a regex error and, for a syntax error in a
/// one-line pattern, the character column and length the regex crate marks
/// with `^`. Its syntax errors read:
///
/// ```text
/// regex parse error:
///     (abc
///     ^
/// error: unclosed group
/// ```
fn regex_reason(err: &regex::Error) -> (String, Option<(usize, usize)>) {
    match err {
        regex::Error::CompiledTooBig(limit) => (
            format!("the compiled pattern exceeds the size limit of {limit} bytes"),
            None,
        ),
        other => {
            let full = other.to_string();
            let lines: Vec<&str> = full.lines().collect();
            let reason = lines
                .iter()
                .find_map(|l| l.strip_prefix("error: "))
                .or_else(|| lines.iter().copied().find(|l| !l.trim().is_empty()))
                .unwrap_or("unknown error")
                .to_string();
            let at = match lines.as_slice() {
                [_, _, carets, _] => {
                    let marks = carets.strip_prefix("    ").unwrap_or("");
                    let start = marks.chars().take_while(|c| *c == ' ').count();
                    let len = marks.chars().skip(start).take_while(|c| *c == '^').count();
                    (len > 0).then_some((start, len))
                }
                _ => None,
            };
            (reason, at)
        }
    }
}

/// The span, in the rule file, of decoded characters `start..start + len` of
/// the string literal at `literal` (quotes included), walking its escapes.
/// `None` when the literal text is not a plain one-line string.
fn inner_span(text: &str, literal: Span, start: usize, len: usize) -> Option<Span> {
    let raw = text.get(literal.start..literal.end)?;
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    // Byte offset (in `body`) at which each decoded character starts.
    let mut starts = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            return None;
        }
        starts.push(i);
        if c == '\\' {
            match chars.next() {
                Some((_, 'u')) => {
                    for (_, c) in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
                Some(_) => {}
                None => return None,
            }
        }
    }
    starts.push(body.len());
    let from = *starts.get(start)?;
    let to = *starts.get(start + len).or(starts.last())?;
    // +1: the opening quote.
    Some(Span::new(literal.start + 1 + from, literal.start + 1 + to))
}

/// What kind of value a literal is, as far as comparing goes. The rules
/// mirror the evaluator's `eval::compare` (`equal` and `order`), so that only
/// comparisons it would always fail or always reject are reported here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Number,
    Str {
        /// A real day in `YYYY-MM-DD` form: a date next to a date.
        date: bool,
        /// Written as a percentage (`"12.7%"`): a number next to a number.
        percent: bool,
    },
    Date,
    /// `exact`: days or weeks; otherwise months or years. The two have no
    /// common order since a month has no fixed length.
    Duration {
        exact: bool,
    },
    Bool,
    Null,
    List,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Number => "a number",
            Kind::Str { date: true, .. } => "a date string",
            Kind::Str { .. } => "a string",
            Kind::Date => "a date",
            Kind::Duration { exact: true } => "a duration in days",
            Kind::Duration { exact: false } => "a duration in months",
            Kind::Bool => "a boolean",
            Kind::Null => "null",
            Kind::List => "a list",
        }
    }

    fn ordered_with(self, other: Kind) -> bool {
        match (self, other) {
            (Kind::Number, Kind::Number) => true,
            (Kind::Number, Kind::Str { percent, .. })
            | (Kind::Str { percent, .. }, Kind::Number) => percent,
            (Kind::Date, Kind::Date) => true,
            (Kind::Date, Kind::Str { date, .. }) | (Kind::Str { date, .. }, Kind::Date) => date,
            // Two ISO dates order as dates, two other strings as text.
            (Kind::Str { date: a, .. }, Kind::Str { date: b, .. }) => a == b,
            (Kind::Duration { exact: a }, Kind::Duration { exact: b }) => a == b,
            _ => false,
        }
    }

    /// Whether `self op other` gives a value, as the evaluator's
    /// arithmetic computes it (`eval/expr.rs`, `arith`).
    fn computes_with(self, op: BinaryOp, other: Kind) -> bool {
        let date = |k: Kind| matches!(k, Kind::Date | Kind::Str { date: true, .. });
        match (op, self, other) {
            (_, Kind::Number, Kind::Number) => true,
            (BinaryOp::Add, Kind::Str { .. }, Kind::Str { .. }) => true,
            (
                BinaryOp::Add | BinaryOp::Sub,
                Kind::Duration { exact: a },
                Kind::Duration { exact: b },
            ) => a == b,
            (BinaryOp::Add | BinaryOp::Sub, d, Kind::Duration { .. }) if date(d) => true,
            (BinaryOp::Add, Kind::Duration { .. }, d) if date(d) => true,
            (BinaryOp::Sub, a, b) => date(a) && date(b),
            _ => false,
        }
    }

    fn equatable_with(self, other: Kind) -> bool {
        match (self, other) {
            (Kind::Number, Kind::Str { percent, .. })
            | (Kind::Str { percent, .. }, Kind::Number) => percent,
            (Kind::Date, Kind::Str { date, .. }) | (Kind::Str { date, .. }, Kind::Date) => date,
            (Kind::Str { .. }, Kind::Str { .. }) => true,
            (Kind::Duration { exact: a }, Kind::Duration { exact: b }) => a == b,
            (a, b) => a == b,
        }
    }
}

/// The kind of `e` when it is a literal (or a negated number or duration, or
/// a list); `None` for anything whose value depends on the report.
fn kind(e: &Expr) -> Option<Kind> {
    match &e.node {
        ExprKind::Literal(lit) => Some(match lit {
            Literal::Int(_) | Literal::Decimal(_) | Literal::Percent(_) => Kind::Number,
            Literal::Str(s) => Kind::Str {
                date: Date::parse(s).is_some(),
                percent: is_percent(s),
            },
            Literal::Date(_) => Kind::Date,
            Literal::Duration(d) => Kind::Duration {
                exact: matches!(d.unit, Unit::Days | Unit::Weeks),
            },
            Literal::Bool(_) => Kind::Bool,
            Literal::Null => Kind::Null,
        }),
        ExprKind::Unary(op, operand) if op.node == UnaryOp::Neg => {
            kind(operand).filter(|k| matches!(k, Kind::Number | Kind::Duration { .. }))
        }
        ExprKind::List(_) => Some(Kind::List),
        _ => None,
    }
}

/// A string such as `12.7%`, which the evaluator reads as a number when it
/// is compared with one (YAML loads `12.7%` as a string).
fn is_percent(s: &str) -> bool {
    crate::scalar::parse_percent(s).is_some()
}

/// The source text at `span`, for messages.
fn snippet(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_span_walks_escapes() {
        // Pattern `\d(` written as "\\d(": decoded char 2 is `(`, source byte 4..5.
        let text = r#"x matches "\\d(""#;
        let lit = Span::new(10, text.len());
        let span = inner_span(text, lit, 2, 1).unwrap();
        assert_eq!(&text[span.start..span.end], "(");
        let span = inner_span(text, lit, 0, 1).unwrap();
        assert_eq!(&text[span.start..span.end], r"\\");
    }

    #[test]
    fn regex_reason_takes_the_error_line_and_caret() {
        let err = compile_regex("ab(c").unwrap_err();
        let (reason, at) = regex_reason(&err);
        assert_eq!(reason, "unclosed group");
        assert_eq!(at, Some((2, 1)));
    }

    #[test]
    fn percent_strings_are_numbers_like_the_evaluator_reads_them() {
        assert!(is_percent("12.7%"));
        assert!(is_percent(" -5 % "));
        assert!(!is_percent("%"));
        assert!(!is_percent("12.7"));
        assert!(!is_percent("1.2.3%"));
        assert!(!is_percent("about 5%"));
    }
}
