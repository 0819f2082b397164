//! What a scalar means: the YAML 1.2 core schema for plain scalars, and the
//! tags a report may carry.
//!
//! Only a plain (unquoted) scalar is resolved: `~`, `null`, `Null`, `NULL`
//! and nothing at all are null; `true`, `True`, `TRUE`, `false`, `False`,
//! `FALSE` are booleans (`yes`, `no`, `on`, `off` are text); decimal
//! integers with an optional sign, `0o` octal and `0x` hex are integers;
//! decimal fractions and exponents, `.inf`, `-.inf`, `+.inf` and `.nan` (in
//! the three spellings the schema lists) are floats; everything else is text.
//! Quoted and block scalars are always text. Nothing else of YAML 1.1 is
//! read: `1_000`, `0b101`, `+0x10` and `0X1F` are text, as the core schema
//! says.
//!
//! An integer too large for `i64` becomes a float when it is finite, as JSON
//! readers do; a number too large even for `f64` (`1e400`, 400 digits) is an
//! error rather than an infinity the author never wrote.
//!
//! Tags: `!!str`, `!!int`, `!!float`, `!!bool` and `!!null` read the scalar as
//! that type (quoted or not) or are an error; `!!seq` and `!!map` must be on
//! a collection of that kind, and the scalar tags on a scalar. The
//! non-specific `!` makes a scalar text. `!!binary` is refused by the
//! builder (`yaml-ambiguous`: bytes to PyYAML, base64 text here). Every
//! other tag (`!!timestamp`, `!local`, a `%TAG` prefix) is kept as written
//! and ignored: a scalar under it is its text, a collection is a
//! collection.

use std::borrow::Cow;

use granit_parser::{ScalarStyle, Tag};

use super::load::{LoadError, LoadKind};
use super::node::NodeKind;
use crate::span::Span;

/// What a tag asks of the node under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TagKind {
    Str,
    Int,
    Float,
    Bool,
    Null,
    Seq,
    Map,
    /// `!!merge`, meaningful only on a `<<` key.
    Merge,
    /// `!`: a scalar is text.
    NonSpecific,
    /// Any other tag: ignored, a scalar is text.
    Other,
}

impl TagKind {
    pub(crate) fn of(tag: &Tag) -> TagKind {
        let (handle, suffix) = tag.parts();
        if (handle.is_empty() && suffix == "!") || (handle == "!" && suffix.is_empty()) {
            return TagKind::NonSpecific;
        }
        match tag.core_suffix() {
            Some("str") => TagKind::Str,
            Some("int") => TagKind::Int,
            Some("float") => TagKind::Float,
            Some("bool") => TagKind::Bool,
            Some("null") => TagKind::Null,
            Some("seq") => TagKind::Seq,
            Some("map") => TagKind::Map,
            _ if tag.suffix_in_namespace("tag:yaml.org,2002:").as_deref() == Some("merge") => {
                TagKind::Merge
            }
            _ => TagKind::Other,
        }
    }

    /// What a node of this tag is, for messages.
    fn what(self) -> &'static str {
        match self {
            TagKind::Str => "a string",
            TagKind::Int => "an integer",
            TagKind::Float => "a number",
            TagKind::Bool => "a boolean (true or false)",
            TagKind::Null => "null",
            TagKind::Seq => "a list",
            TagKind::Map => "a mapping",
            TagKind::Merge | TagKind::NonSpecific | TagKind::Other => "a value",
        }
    }
}

/// A plain scalar under the core schema, when it is not text.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A number that does not fit `f64`.
    TooLarge,
}

/// The value of a scalar event. `empty` says the scalar has no text at all
/// (`key:` with nothing after it), which the parser reports as `~` when
/// untagged.
pub(crate) fn resolve(
    value: Cow<'_, str>,
    style: ScalarStyle,
    empty: bool,
    tag: Option<(&Tag, TagKind)>,
    span: Span,
) -> Result<NodeKind, LoadError> {
    let plain = matches!(style, ScalarStyle::Plain);
    let Some((tag, kind)) = tag else {
        if !plain {
            return Ok(NodeKind::Str(value.into()));
        }
        if empty {
            return Ok(NodeKind::Null);
        }
        return match resolve_plain(&value) {
            None => Ok(NodeKind::Str(value.into())),
            Some(p) => from_plain(p, &value, span),
        };
    };
    let text = if empty && plain {
        Cow::Borrowed("")
    } else {
        value
    };
    let mismatch = || not_of_tag(&text, tag, kind, span);
    match kind {
        TagKind::Str | TagKind::NonSpecific | TagKind::Merge | TagKind::Other => {
            Ok(NodeKind::Str(text.into()))
        }
        TagKind::Null => match resolve_plain(&text) {
            _ if text.is_empty() => Ok(NodeKind::Null),
            Some(Plain::Null) => Ok(NodeKind::Null),
            _ => Err(mismatch()),
        },
        TagKind::Bool => match resolve_plain(&text) {
            Some(Plain::Bool(b)) => Ok(NodeKind::Bool(b)),
            _ => Err(mismatch()),
        },
        TagKind::Int => match resolve_plain(&text) {
            Some(p @ (Plain::Int(_) | Plain::TooLarge)) => from_plain(p, &text, span),
            // A float only because it overflowed i64: still an integer.
            Some(p @ Plain::Float(_)) if is_integer_text(&text) => from_plain(p, &text, span),
            _ => Err(mismatch()),
        },
        TagKind::Float => match resolve_plain(&text) {
            Some(Plain::Int(i)) if is_decimal(&text) => Ok(NodeKind::Float(i as f64)),
            Some(p @ (Plain::Float(_) | Plain::TooLarge)) if !is_radix(&text) => {
                from_plain(p, &text, span)
            }
            _ => Err(mismatch()),
        },
        TagKind::Seq | TagKind::Map => Err(wrong_kind(tag, kind, "a single value", span)),
    }
}

/// Checks the tag of a collection; `is_map` says which kind it is.
pub(crate) fn check_collection_tag(tag: &Tag, is_map: bool, span: Span) -> Result<(), LoadError> {
    let kind = TagKind::of(tag);
    let this = if is_map { "a mapping" } else { "a list" };
    match kind {
        TagKind::Seq if is_map => Err(wrong_kind(tag, kind, this, span)),
        TagKind::Map if !is_map => Err(wrong_kind(tag, kind, this, span)),
        TagKind::Str | TagKind::Int | TagKind::Float | TagKind::Bool | TagKind::Null => {
            Err(wrong_kind(tag, kind, this, span))
        }
        _ => Ok(()),
    }
}

fn from_plain(p: Plain, text: &str, span: Span) -> Result<NodeKind, LoadError> {
    if matches!(p, Plain::Int(_) | Plain::Float(_)) {
        super::ambiguous::number(text, span)?;
    }
    Ok(match p {
        Plain::Null => NodeKind::Null,
        Plain::Bool(b) => NodeKind::Bool(b),
        Plain::Int(i) => NodeKind::Int(i),
        Plain::Float(f) => NodeKind::Float(f),
        Plain::TooLarge => {
            return Err(LoadError {
                message: format!("the number `{}` is too large to be read", shorten(text)),
                span: Some(span),
                kind: LoadKind::Syntax,
                help: None,
            });
        }
    })
}

fn not_of_tag(text: &str, tag: &Tag, kind: TagKind, span: Span) -> LoadError {
    LoadError {
        message: format!(
            "`{}` is tagged `{}` but is not {}",
            shorten(text),
            tag.original(),
            kind.what()
        ),
        span: Some(span),
        kind: LoadKind::Syntax,
        help: None,
    }
}

fn wrong_kind(tag: &Tag, kind: TagKind, this: &str, span: Span) -> LoadError {
    LoadError {
        message: format!(
            "the tag `{}` is for {}, not {this}",
            tag.original(),
            kind.what()
        ),
        span: Some(span),
        kind: LoadKind::Syntax,
        help: None,
    }
}

/// At most 40 characters of `text`, for a message.
fn shorten(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(40) {
        Some((i, _)) => Cow::Owned(format!("{}…", &text[..i])),
        None => Cow::Borrowed(text),
    }
}

/// The core schema's reading of a plain scalar; `None` for text. Looks at
/// the first byte first, so most text is known as text at once and no
/// string is allocated for a number, a boolean or null.
fn resolve_plain(s: &str) -> Option<Plain> {
    let b = s.as_bytes();
    match *b.first()? {
        b'~' if s.len() == 1 => Some(Plain::Null),
        b'n' | b'N' if matches!(s, "null" | "Null" | "NULL") => Some(Plain::Null),
        b't' | b'T' if matches!(s, "true" | "True" | "TRUE") => Some(Plain::Bool(true)),
        b'f' | b'F' if matches!(s, "false" | "False" | "FALSE") => Some(Plain::Bool(false)),
        b'.' | b'+' | b'-' | b'0'..=b'9' => number(s),
        _ => None,
    }
}

fn number(s: &str) -> Option<Plain> {
    let b = s.as_bytes();
    if let Some(digits) = s.strip_prefix("0o") {
        return radix(digits, 8);
    }
    if let Some(digits) = s.strip_prefix("0x") {
        return radix(digits, 16);
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(Plain::Float(if b[0] == b'-' {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }));
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Some(Plain::Float(f64::NAN));
    }
    if is_decimal(s) {
        return Some(decimal(s));
    }
    if is_float(unsigned) {
        return Some(match s.parse::<f64>() {
            Ok(f) if f.is_finite() => Plain::Float(f),
            _ => Plain::TooLarge,
        });
    }
    None
}

/// `[-+]?[0-9]+`
fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
}

/// `0o[0-7]+` or `0x[0-9a-fA-F]+`
fn is_radix(s: &str) -> bool {
    s.starts_with("0o") || s.starts_with("0x")
}

fn is_integer_text(s: &str) -> bool {
    is_decimal(s) || is_radix(s)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float
/// without its sign.
fn is_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = count_digits(&b[i..]);
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = count_digits(&b[i..]);
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = count_digits(&b[i..]);
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == b.len()
}

fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// A decimal integer known to match `[-+]?[0-9]+`.
fn decimal(s: &str) -> Plain {
    let (negative, digits) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    // Accumulated negatively, so i64::MIN fits.
    let mut v: i64 = 0;
    for c in digits.bytes() {
        let d = i64::from(c - b'0');
        match v.checked_mul(10).and_then(|v| v.checked_sub(d)) {
            Some(n) => v = n,
            None => return float_of(s),
        }
    }
    if negative {
        Plain::Int(v)
    } else {
        v.checked_neg().map_or_else(|| float_of(s), Plain::Int)
    }
}

fn float_of(s: &str) -> Plain {
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() => Plain::Float(f),
        _ => Plain::TooLarge,
    }
}

/// The digits of a `0o` or `0x` integer, or `None` when they are not all
/// of that base (then the scalar is text).
fn radix(digits: &str, base: u32) -> Option<Plain> {
    if digits.is_empty() {
        return None;
    }
    let mut exact: Option<i64> = Some(0);
    let mut approx = 0f64;
    for c in digits.chars() {
        let d = c.to_digit(base)?;
        exact = exact.and_then(|v| v.checked_mul(i64::from(base))?.checked_add(i64::from(d)));
        approx = approx * f64::from(base) + f64::from(d);
    }
    Some(match exact {
        Some(v) => Plain::Int(v),
        None if approx.is_finite() => Plain::Float(approx),
        None => Plain::TooLarge,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Option<Plain> {
        resolve_plain(s)
    }

    #[test]
    fn core_schema_null_and_booleans() {
        for s in ["~", "null", "Null", "NULL"] {
            assert_eq!(plain(s), Some(Plain::Null), "{s}");
        }
        for s in ["true", "True", "TRUE"] {
            assert_eq!(plain(s), Some(Plain::Bool(true)), "{s}");
        }
        for s in ["false", "False", "FALSE"] {
            assert_eq!(plain(s), Some(Plain::Bool(false)), "{s}");
        }
        // YAML 1.1 booleans and odd capitalisations are text.
        for s in ["yes", "no", "on", "off", "y", "n", "tRue", "nULL", "~~"] {
            assert_eq!(plain(s), None, "{s}");
        }
    }

    #[test]
    fn core_schema_integers() {
        assert_eq!(plain("0"), Some(Plain::Int(0)));
        assert_eq!(plain("-0"), Some(Plain::Int(0)));
        assert_eq!(plain("+12"), Some(Plain::Int(12)));
        assert_eq!(plain("017"), Some(Plain::Int(17)));
        assert_eq!(plain("0o17"), Some(Plain::Int(15)));
        assert_eq!(plain("0x1F"), Some(Plain::Int(31)));
        assert_eq!(plain("0x1f"), Some(Plain::Int(31)));
        assert_eq!(plain("9223372036854775807"), Some(Plain::Int(i64::MAX)));
        assert_eq!(plain("-9223372036854775808"), Some(Plain::Int(i64::MIN)));
        // Not core schema: text.
        for s in [
            "1_000", "0b101", "+0x10", "-0o7", "0X1F", "0O17", "0x", "0o", "0o8", "0xg",
        ] {
            assert_eq!(plain(s), None, "{s}");
        }
    }

    #[test]
    fn integers_beyond_i64_become_floats_or_are_too_large() {
        // 2^63, one past i64::MAX.
        assert_eq!(
            plain("9223372036854775808"),
            Some(Plain::Float(2f64.powi(63)))
        );
        // -2^63 - 1, nearest float -2^63.
        assert_eq!(
            plain("-9223372036854775809"),
            Some(Plain::Float(-(2f64.powi(63))))
        );
        // 2^64 - 1 in hex, nearest float 2^64.
        assert_eq!(
            plain("0xFFFFFFFFFFFFFFFF"),
            Some(Plain::Float(2f64.powi(64)))
        );
        // 8^30 - 1 in octal, nearest float 2^90: serde-saphyr kept such an
        // octal or hex integer as text (found by fuzz/yaml_differential).
        assert_eq!(
            plain(&format!("0o{}", "7".repeat(30))),
            Some(Plain::Float(2f64.powi(90)))
        );
        assert_eq!(plain(&"9".repeat(400)), Some(Plain::TooLarge));
        assert_eq!(
            plain(&format!("0x{}", "F".repeat(300))),
            Some(Plain::TooLarge)
        );
    }

    #[test]
    fn core_schema_floats() {
        assert_eq!(plain("1.5"), Some(Plain::Float(1.5)));
        assert_eq!(plain("1."), Some(Plain::Float(1.0)));
        assert_eq!(plain(".5"), Some(Plain::Float(0.5)));
        assert_eq!(plain("-.5"), Some(Plain::Float(-0.5)));
        assert_eq!(plain("1e3"), Some(Plain::Float(1000.0)));
        assert_eq!(plain("1E+3"), Some(Plain::Float(1000.0)));
        assert_eq!(plain("1.5e-3"), Some(Plain::Float(0.0015)));
        assert_eq!(plain(".inf"), Some(Plain::Float(f64::INFINITY)));
        assert_eq!(plain("+.Inf"), Some(Plain::Float(f64::INFINITY)));
        assert_eq!(plain("-.INF"), Some(Plain::Float(f64::NEG_INFINITY)));
        assert!(matches!(plain(".NaN"), Some(Plain::Float(f)) if f.is_nan()));
        assert_eq!(plain("1e400"), Some(Plain::TooLarge));
        assert_eq!(plain("1e-400"), Some(Plain::Float(0.0)));
        for s in [
            ".",
            "-",
            "+",
            "1e",
            "1.0e+",
            ".inF",
            "-.nan",
            "1_0.5",
            "1.2.3",
            "e3",
            "190:20:30",
        ] {
            assert_eq!(plain(s), None, "{s}");
        }
    }
}
