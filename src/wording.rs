//! Small pieces of wording that messages share: counts written with
//! thousands separators, and user text cut to a length a message can
//! show. A report value can be 60 MB long; a message quotes its start and
//! says how long it is, so no output ever echoes a huge value whole.

/// The most characters of a user's text a message quotes.
pub const QUOTED_CHARS: usize = 80;

/// `n` with a comma every three digits: `60,000,000`.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `n` and the noun in the singular or the plural: `1 character`,
/// `60,000,000 characters`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// When `s` is longer than `max` characters: its first `max` characters
/// (cut on a character boundary) and its length in characters. `None`
/// when it is short enough to quote whole. Costs at most `max` characters
/// of scanning for a short text and one count for a long one.
pub fn cut(s: &str, max: usize) -> Option<(&str, usize)> {
    let (end, _) = s.char_indices().nth(max)?;
    Some((&s[..end], s.chars().count()))
}

/// What follows a text cut short: `(60,000,000 characters)`.
pub fn length_note(chars: usize) -> String {
    format!("({})", counted(chars, "character", "characters"))
}

/// User text in backticks, as messages write it, cut after
/// [`QUOTED_CHARS`] characters with its length after the closing
/// backtick: "`aaaa…` (60,000,000 characters)". Control and
/// bidirectional-override characters are escaped ([`visible`]).
pub fn backticked(s: &str) -> String {
    match cut(s, QUOTED_CHARS) {
        Some((start, n)) => format!("`{}…` {}", visible(start), length_note(n)),
        None => format!("`{}`", visible(s)),
    }
}

/// Whether `c` is escaped where user text is shown in a message: a control
/// character (a line break, ESC, a C1 control) or one that reorders or
/// hides text (bidirectional marks, overrides and isolates).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// User text as a message shows it: every [`is_hidden`] character escaped
/// (`\n`, `\u{1b}`), as file names are. A report's value reaches every
/// output through messages, a terminal and a CI log included, where an
/// escape sequence or a line break would be read as the output's own (a
/// cleared screen, a forged line); the text is otherwise unchanged.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(39_900), "39,900");
        assert_eq!(count(60_000_000), "60,000,000");
        assert_eq!(counted(1, "error", "errors"), "1 error");
        assert_eq!(counted(1200, "error", "errors"), "1,200 errors");
    }

    #[test]
    fn control_and_reordering_characters_are_escaped() {
        assert_eq!(visible("西安 HF-001"), "西安 HF-001");
        assert_eq!(
            visible("a\n::error::x\u{1b}[2J\u{9b}\u{202e}b"),
            "a\\n::error::x\\u{1b}[2J\\u{9b}\\u{202e}b"
        );
        assert_eq!(backticked("x\ry"), "`x\\ry`");
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        assert_eq!(cut("short", 80), None);
        assert_eq!(cut(&"x".repeat(80), 80), None);
        assert_eq!(cut("名字名字", 2), Some(("名字", 4)));
        let long = "a".repeat(1000);
        assert_eq!(cut(&long, 80), Some((&long[..80], 1000)));
        assert_eq!(
            backticked(&long),
            format!("`{}…` (1,000 characters)", &long[..80])
        );
        assert_eq!(backticked("12"), "`12`");
    }
}
