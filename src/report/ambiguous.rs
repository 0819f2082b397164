//! Reports that a YAML 1.1 reader reads otherwise than this YAML 1.2
//! loader, refused (`yaml-ambiguous`). A ministry's own scripts may read
//! the reports a gate passed with PyYAML, which follows YAML 1.1: where
//! the two disagree, a submitter could show the gate one report and the
//! scripts another. Three places do:
//!
//! - U+0085, U+2028 and U+2029 end a line in YAML 1.1 and are ordinary
//!   characters in YAML 1.2: after `# note` on one line, a 1.1 reader
//!   reads `approved: false` that the gate sees as part of a comment;
//! - numbers: `0110` is 110 here and 72 (octal) there (`07` is 7 in
//!   both), `0o17` and `1e3` are numbers here and texts there, `08` a
//!   number here and a text there;
//! - a `!!merge` tag on a key other than `<<`, which a 1.1 reader merges
//!   and a 1.2 reader takes as that key; an alias of a merge key
//!   (`*m :` after `&m <<`), and `<<` under the non-specific tag
//!   (`! <<:`), which PyYAML merges and a 1.2 reader takes as the key
//!   `<<`;
//! - a `!!binary` value, which PyYAML decodes to bytes and a 1.2 reader
//!   without the tag's meaning keeps as its base64 text;
//! - a scalar under the non-specific tag `!` that PyYAML, which resolves
//!   it as if it were plain (quoted or not), reads as null, a boolean or a
//!   number (`note: ! null` a note here, nothing there).
//!
//! Numbers both read alike are kept: decimal integers without a leading
//! zero, `0x` hexadecimals, decimals with a point and a signed exponent
//! (`1.5`, `2.5e+3`, `.5`), `.inf` and `.nan`.
//!
//! Also refused, as `invisible-character`: a character a person cannot
//! see (a zero-width space, a soft hyphen, a bidirectional override)
//! anywhere in the report, or written as an escape in a key or value. Every reader reads
//! it, but no reviewer does: `Changchun` with a zero-width space reads as
//! `Changchun` and is another area to the rules across reports, so a copy
//! of a report escaped the check of one report per area and period.

use std::sync::LazyLock;

use memchr::memchr3;
use regex::Regex;

use super::load::{LoadError, LoadKind};
use crate::span::Span;

/// Refuses `text` at its first line separator a YAML 1.1 reader ends a
/// line at (`yaml-ambiguous`), or its first character that shows as
/// nothing ([`invisible`]; `invisible-character`), wherever it is: in a
/// key, a value or a comment (where an override can reorder what a
/// reviewer reads). A byte order mark that starts the text is YAML's own
/// and kept.
pub(super) fn characters(text: &str) -> Result<(), LoadError> {
    let bytes = text.as_bytes();
    let from = usize::from(bytes.starts_with(&[0xEF, 0xBB, 0xBF])) * 3;
    // Every character looked for starts with one of these bytes in UTF-8:
    // three searches of three bytes each, the first hit of all kept. U+0085
    // is C2 85; U+2028 and U+2029 are E2 80 A8 and A9.
    let leads = [[0xC2, 0xE2, 0xEF], [0xCD, 0xD8, 0xE1], [0xE3, 0xF0, 0xF3]];
    let first = leads
        .iter()
        .filter_map(|&[a, b, c]| {
            let mut at = from;
            while let Some(i) = memchr3(a, b, c, &bytes[at..]).map(|i| at + i) {
                let found = text.get(i..).and_then(|t| t.chars().next()).and_then(|ch| {
                    let separator = matches!(ch, '\u{85}' | '\u{2028}' | '\u{2029}');
                    (separator || invisible(ch).is_some()).then_some(ch)
                });
                if let Some(ch) = found {
                    return Some((i, ch));
                }
                at = i + 1;
            }
            None
        })
        .min_by_key(|&(i, _)| i);
    let Some((i, ch)) = first else {
        return Ok(());
    };
    let span = Span::new(i, i + ch.len_utf8());
    match invisible(ch) {
        Some(name) => Err(invisible_error(format!("the report holds {name}"), span)),
        None => Err(LoadError {
            message: format!(
                "the report holds U+{:04X} ({}): a YAML 1.1 reader (PyYAML) ends a line there, \
                 YAML 1.2 does not, so the two read different reports",
                u32::from(ch),
                match ch {
                    '\u{85}' => "next line",
                    '\u{2028}' => "line separator",
                    _ => "paragraph separator",
                }
            ),
            span: Some(span),
            kind: LoadKind::Ambiguous,
            help: Some(
                "remove it; in a double-quoted text, write it as an escape (`\\u2028`), which \
                 every reader reads alike"
                    .to_string(),
            ),
        }),
    }
}

/// The number `text` (a scalar this loader reads as one) when a YAML 1.1
/// reader reads it otherwise.
pub(super) fn number(text: &str, span: Span) -> Result<(), LoadError> {
    if reads_alike(text) {
        return Ok(());
    }
    let shown: String = text.chars().take(40).collect();
    Err(LoadError {
        message: format!(
            "`{shown}` is a number in YAML 1.2 but a YAML 1.1 reader (PyYAML) reads it \
             otherwise (a leading zero is octal there; `0o`, and an exponent without a point \
             or a sign, make a text)"
        ),
        span: Some(span),
        kind: LoadKind::Ambiguous,
        help: Some(
            "write the number plainly (`110`, `1.5`, `2.5e+3`), or quote it if it is a text \
             (`\"007\"`)"
                .to_string(),
        ),
    })
}

/// A `!!merge` tag on a key that is not `<<`.
pub(super) fn merge_tag(text: &str, span: Span) -> LoadError {
    let shown: String = text.chars().take(40).collect();
    LoadError {
        message: format!(
            "`{shown}` is tagged `!!merge`: a YAML 1.1 reader (PyYAML) merges the value of a key \
             tagged so, YAML 1.2 reads the key `{shown}`"
        ),
        span: Some(span),
        kind: LoadKind::Ambiguous,
        help: Some("a merge key is written `<<`, without a tag".to_string()),
    }
}

/// An alias of a merge key (`&m <<: ...`, then `*m : ...`).
pub(super) fn merge_alias(text: &str, span: Span) -> LoadError {
    let shown = text.get(span.start..span.end).unwrap_or("*");
    LoadError {
        message: format!(
            "`{shown}` is an alias of a merge key `<<`: PyYAML merges the value of a key written \
             so, YAML 1.2 reads the key `<<`"
        ),
        span: Some(span),
        kind: LoadKind::Ambiguous,
        help: Some(
            "write a merge key `<<` where it merges, without an anchor or an alias".to_string(),
        ),
    }
}

/// `<<` under the non-specific tag `!`.
pub(super) fn merge_non_specific(span: Span) -> LoadError {
    LoadError {
        message: "`! <<` is the key `<<` in YAML 1.2, and a merge key for PyYAML, which reads \
                  a scalar tagged `!` as if it were plain"
            .to_string(),
        span: Some(span),
        kind: LoadKind::Ambiguous,
        help: Some("a merge key is written `<<`, without a tag".to_string()),
    }
}

/// A scalar tagged `!!binary`.
pub(super) fn binary(span: Span) -> LoadError {
    LoadError {
        message: "a `!!binary` value is base64 text here and the bytes it encodes to PyYAML"
            .to_string(),
        span: Some(span),
        kind: LoadKind::Ambiguous,
        help: Some(
            "a report holds text, numbers and dates: write the value itself, without the tag"
                .to_string(),
        ),
    }
}

/// A scalar under the non-specific tag `!` (`! null`, `!<!> "122"`),
/// text to this loader, that PyYAML reads otherwise: it resolves such a
/// scalar, quoted or block as well as plain, with its implicit resolvers,
/// so `note: ! null` was a note to the gate (one that excuses HIS001 and
/// HIS002) and no note at all to the ministry's scripts. A date is left
/// as it is: the rules read `! 2022-06-30` as a date, as PyYAML does.
pub(super) fn non_specific(text: &str, span: Span) -> Result<(), LoadError> {
    let Some(what) = yaml11_type(text) else {
        return Ok(());
    };
    let shown: String = text.chars().take(40).collect();
    Err(LoadError {
        message: format!(
            "`! {}` is a text in YAML 1.2 and {what} to PyYAML, which reads a scalar under the \
             non-specific tag `!` as if it were plain",
            shown.escape_debug()
        ),
        span: Some(span),
        kind: LoadKind::Ambiguous,
        help: Some(
            "write the value without the tag `!`: quoted if it is a text (`\"null\"`), plain if \
             it is not (`null`, `true`, `122`)"
                .to_string(),
        ),
    })
}

/// What PyYAML's implicit resolvers make of the scalar `text` when it is
/// not a text (a date excepted): `None` for a text. Python's `$` also
/// matches before a last line break, so `"null\n"` is null there too; the
/// resolvers are chosen by the first character, so `"\n"` is a text.
fn yaml11_type(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return Some("null");
    }
    let t = text.strip_suffix('\n').unwrap_or(text);
    if matches!(t, "~" | "null" | "Null" | "NULL") {
        return Some("null");
    }
    let bools = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ];
    if bools.contains(&t) {
        return Some("a boolean");
    }
    yaml11_number(t).then_some("a number")
}

/// Whether PyYAML's int or float resolver matches `text` (its patterns,
/// anchored at both ends): `1_000`, `0b101`, `-0x1F`, `0_7`, `190:20:30`
/// and `1_0.5` included, which the core schema reads as texts.
fn yaml11_number(text: &str) -> bool {
    static INT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\A(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\z",
        )
        .expect("a literal pattern")
    });
    static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\A(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\z",
        )
        .expect("a literal pattern")
    });
    matches!(
        text.as_bytes().first(),
        Some(b'-' | b'+' | b'.' | b'0'..=b'9')
    ) && (INT.is_match(text) || FLOAT.is_match(text))
}

/// Whether YAML 1.1 reads the number `text` as YAML 1.2 does.
fn reads_alike(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // Integers: decimal without a leading zero, or with one where octal
    // reads the same (`07`: one digit of 0 to 7 after the zeros), and
    // hexadecimal.
    if digits(unsigned) {
        let significant = unsigned.trim_start_matches('0');
        return !unsigned.starts_with('0')
            || significant.is_empty()
            || (significant.len() == 1 && significant < "8");
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    // Floats: a point, and an exponent only with a sign; `.5` only unsigned.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let Some((whole, fraction)) = mantissa.split_once('.') else {
        return false;
    };
    let mantissa_ok = if whole.is_empty() {
        unsigned.len() == text.len() && digits(fraction)
    } else {
        digits(whole) && (fraction.is_empty() || digits(fraction))
    };
    let exponent_ok = exponent.is_none_or(|e| {
        e.strip_prefix(['-', '+'])
            .is_some_and(|d| e.len() > 1 && digits(d))
    });
    mantissa_ok && exponent_ok
}

/// Refuses a double-quoted scalar with escapes (a key or a value, once
/// unescaped) that holds a character that shows as nothing
/// ([`invisible_at`]) or a control character other than a tab or a line
/// break (`"Changchun\\u200b"`, `"Changchun\\u0007"`, `"\\e[2J"`): what
/// [`characters`] finds written as it is, written as an escape. Only a
/// double-quoted scalar has escapes, and YAML refuses raw controls.
pub(super) fn escaped(value: &str, span: Span) -> Result<(), LoadError> {
    let Some(name) = value.chars().find_map(|c| match invisible(c) {
        Some(name) => Some(name.to_string()),
        None if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {
            Some(format!("the control character U+{:04X}", u32::from(c)))
        }
        None => None,
    }) else {
        return Ok(());
    };
    Err(invisible_error(
        format!("a key or value holds {name}, written as an escape,"),
        span,
    ))
}

fn invisible_error(holds: String, span: Span) -> LoadError {
    LoadError {
        message: format!(
            "{holds} which shows as nothing: it reads the same as the text without it, and \
             compares differently"
        ),
        span: Some(span),
        kind: LoadKind::Invisible,
        help: Some(
            "remove it: an area's name, a measure's id and every other text are compared \
             character by character, so a reader would see one name and the rules another"
                .to_string(),
        ),
    }
}

/// `c`, named, when it shows as nothing or reorders the text around it:
/// Unicode's default-ignorable code points (a soft hyphen, the zero-width
/// characters, joiners and fillers, variation selectors, tags, U+FEFF) and
/// its bidirectional controls (marks, embeddings, overrides, isolates),
/// and the interlinear annotation characters.
fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{AD}' => "U+00AD (soft hyphen)",
        '\u{200B}' => "U+200B (zero width space)",
        '\u{200C}' => "U+200C (zero width non-joiner)",
        '\u{200D}' => "U+200D (zero width joiner)",
        '\u{FEFF}' => "U+FEFF (zero width no-break space)",
        '\u{61C}' | '\u{200E}' | '\u{200F}' => "a left-to-right or right-to-left mark",
        '\u{202A}'..='\u{202E}' => "a bidirectional embedding or override",
        '\u{2066}'..='\u{2069}' => "a bidirectional isolate",
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => "a variation selector",
        '\u{E0000}'..='\u{E007F}' => "a tag character",
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "a Hangul filler",
        '\u{34F}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{2060}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0080}'..='\u{E00FF}'
        | '\u{E01F0}'..='\u{E0FFF}' => {
            "a character that shows as nothing (a joiner, a separator or a format control)"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{reads_alike, yaml11_type};

    /// Each against PyYAML 6.0.3's `yaml.safe_load("a: ! " + quoted)`.
    #[test]
    fn what_pyyaml_makes_of_a_scalar_under_the_non_specific_tag() {
        for (text, what) in [
            ("", Some("null")),
            ("~", Some("null")),
            ("null", Some("null")),
            ("null\n", Some("null")),
            ("NULL", Some("null")),
            ("yes", Some("a boolean")),
            ("True", Some("a boolean")),
            ("off", Some("a boolean")),
            ("122", Some("a number")),
            ("122\n", Some("a number")),
            ("1_0", Some("a number")),
            ("0b101", Some("a number")),
            ("-0x1F", Some("a number")),
            ("190:20:30", Some("a number")),
            ("1_0.5", Some("a number")),
            ("1.", Some("a number")),
            (".5", Some("a number")),
            ("-.inf", Some("a number")),
            (".NaN", Some("a number")),
        ] {
            assert_eq!(yaml11_type(text), what, "{text:?}");
        }
        for text in [
            "\n",
            "nul",
            "null\n\n",
            "yes ",
            "tRue",
            "2022-06-30",
            "-.5",
            ".nan\n ",
            "1e3",
            "0o17",
            "0X1F",
            "service-trade-pilot-2020",
            "=",
            "<<",
        ] {
            assert_eq!(yaml11_type(text), None, "{text:?}");
        }
    }

    /// Each against PyYAML's resolver (YAML 1.1) read by hand: int
    /// `[-+]?0[0-7_]+` is octal (`07` is 7 either way, `010` 8 there and 10
    /// here), `[-+]?(0|[1-9][0-9_]*)` decimal,
    /// `0x[0-9a-fA-F_]+` hexadecimal; float `[-+]?[0-9][0-9_]*\.[0-9_]*
    /// ([eE][-+][0-9]+)?` or `\.[0-9_]+([eE][-+][0-9]+)?`; anything else a
    /// text.
    #[test]
    fn numbers_that_yaml_1_1_reads_alike_and_otherwise() {
        for alike in [
            "0", "7", "-12", "+3", "110", "0x7A", "1.5", "-1.5", "1.", "2.5e+3", "2.5E-3", ".5",
            ".inf", "-.inf", "+.Inf", ".nan", ".NaN", "00", "01", "007", "-07",
        ] {
            assert!(reads_alike(alike), "{alike}");
        }
        for otherwise in [
            "0110", "010", "08", "-012", "0o17", "1e3", "1.22e2", "12E5", "-.5", "+.5", ".5e3",
        ] {
            assert!(!reads_alike(otherwise), "{otherwise}");
        }
    }
}
