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
//!   and a 1.2 reader takes as that key.
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

use memchr::memchr3;

use super::load::{LoadError, LoadKind};
use crate::span::Span;

/// Refuses `text` at its first line separator a YAML 1.1 reader ends a
/// line at (`yaml-ambiguous`), or its first character that shows as
/// nothing ([`invisible_at`]; `invisible-character`), wherever it is: in a
/// key, a value or a comment (where an override can reorder what a
/// reviewer reads). One pass over the text for both; a byte order mark
/// that starts the text is YAML's own and kept.
pub(super) fn characters(text: &str) -> Result<(), LoadError> {
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.starts_with(&[0xEF, 0xBB, 0xBF])) * 3;
    // U+0085 is C2 85 in UTF-8; U+2028 and U+2029 are E2 80 A8 and A9;
    // every character `invisible_at` names starts with C2, E2 or EF.
    while let Some(i) = memchr3(0xC2, 0xE2, 0xEF, &bytes[at..]).map(|i| at + i) {
        let separator = match bytes[i..] {
            [0xC2, 0x85, ..] => Some(("U+0085 (next line)", 2)),
            [0xE2, 0x80, 0xA8, ..] => Some(("U+2028 (line separator)", 3)),
            [0xE2, 0x80, 0xA9, ..] => Some(("U+2029 (paragraph separator)", 3)),
            _ => None,
        };
        if let Some((name, len)) = separator {
            return Err(LoadError {
                message: format!(
                    "the report holds {name}: a YAML 1.1 reader (PyYAML) ends a line there, \
                     YAML 1.2 does not, so the two read different reports"
                ),
                span: Some(Span::new(i, i + len)),
                kind: LoadKind::Ambiguous,
                help: Some(
                    "remove it; in a double-quoted text, write it as an escape (`\\u2028`), which \
                     every reader reads alike"
                        .to_string(),
                ),
            });
        }
        if let Some(name) = invisible_here(&bytes[i..]) {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            return Err(invisible_error(
                format!("the report holds {name}"),
                Span::new(i, i + len),
            ));
        }
        at = i + 1;
    }
    Ok(())
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
    let name = match invisible_at(value) {
        Some(name) => name.to_string(),
        None => match value
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            Some(c) => format!("the control character U+{:04X}", u32::from(c)),
            None => return Ok(()),
        },
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

/// The first character of `text` that shows as nothing or reorders the
/// text around it, named.
fn invisible_at(text: &str) -> Option<&'static str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = memchr3(0xC2, 0xE2, 0xEF, &bytes[at..]).map(|i| at + i) {
        if let Some(name) = invisible_here(&bytes[i..]) {
            return Some(name);
        }
        at = i + 1;
    }
    None
}

/// The character `bytes` start with, named, when it shows as nothing or
/// reorders the text around it: a soft hyphen, the zero-width characters,
/// bidirectional marks, embeddings, overrides and isolates, the word
/// joiner and invisible operators, U+FEFF, interlinear annotations.
fn invisible_here(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xC2, 0xAD, ..] => Some("U+00AD (soft hyphen)"),
        [0xE2, 0x80, 0x8B, ..] => Some("U+200B (zero width space)"),
        [0xE2, 0x80, 0x8C, ..] => Some("U+200C (zero width non-joiner)"),
        [0xE2, 0x80, 0x8D, ..] => Some("U+200D (zero width joiner)"),
        [0xE2, 0x80, 0x8E | 0x8F, ..] => Some("a left-to-right or right-to-left mark"),
        [0xE2, 0x80, 0xAA..=0xAE, ..] => Some("a bidirectional embedding or override"),
        [0xE2, 0x81, 0xA0..=0xA4, ..] => Some("a word joiner or invisible operator"),
        [0xE2, 0x81, 0xA6..=0xAF, ..] => {
            Some("a bidirectional isolate or a deprecated format character")
        }
        [0xEF, 0xBB, 0xBF, ..] => Some("U+FEFF (zero width no-break space)"),
        [0xEF, 0xBF, 0xB9..=0xBB, ..] => Some("an interlinear annotation character"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::reads_alike;

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
