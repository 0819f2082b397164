//! Byte spans and the one conversion from byte offsets to line and column.
//!
//! Every AST node and every loaded YAML value carries a [`Span`] of byte
//! offsets into its own source text. Lines and columns are computed only at
//! output time, by [`LineIndex`], so that line breaks (`\n`, `\r\n` and a
//! lone `\r`, as in YAML 1.2) and multi-byte UTF-8 text are handled in
//! exactly one place.

use std::fmt;
use std::sync::OnceLock;

/// A half-open range `start..end` of byte offsets into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}

/// A value with the span it was written at. Equality ignores the span, so
/// tests can compare ASTs by structure alone.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub const fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)
    }
}

/// A 1-based line and column. Columns count Unicode characters, not bytes,
/// which is what editors, SARIF and GitHub annotations expect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two checkpoints of the character count, on a text that
/// has a line longer than this: a column costs at most this much counting.
const STRIDE: usize = 4096;

/// Where the lines of a text start, for turning byte offsets into
/// [`LineCol`]s. A line ends with `\n`, `\r\n` or a lone `\r` (all three
/// are line breaks in YAML 1.2); the `\r` of a `\r\n` belongs to the line
/// ending, never to a column.
///
/// A column counts the characters from the start of its line, which on a
/// report written on one long line (60 MB of flow YAML) would rescan
/// megabytes for every finding. So when a line is longer than 4 KiB, the
/// index also keeps the number of characters before every 4,096th byte of
/// the text, and a column costs at most 4 KiB of counting.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// `(offset, characters before it)` for offset `k * STRIDE` (rounded
    /// down to a character boundary), `k` from 1; empty when every line is
    /// short.
    checkpoints: Vec<(usize, usize)>,
    /// The byte offsets of the lone `\r`s, which a line-feed view shows
    /// as `\n` ([`LineIndex::lf_view`]). Empty for most texts.
    lone_crs: Box<[usize]>,
    /// The text with every lone `\r` written as `\n`, and every character
    /// a terminal would act on or that reorders text (ESC, C1 controls,
    /// bidirectional overrides) as a character of the same length, so
    /// every span stays valid, when it has one: what a viewer that knows
    /// only `\n` is shown (miette's snippets, printed as they are to a
    /// terminal or a CI log). Made when a snippet is first shown, not for
    /// every report checked; `None` inside for most texts.
    lf_view: OnceLock<Option<Box<str>>>,
}

/// Two indexes are equal when they index the same lines: the view is made
/// from the text, when it is first asked for.
impl PartialEq for LineIndex {
    fn eq(&self, other: &Self) -> bool {
        self.starts == other.starts
            && self.checkpoints == other.checkpoints
            && self.lone_crs == other.lone_crs
    }
}

impl Eq for LineIndex {}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // One pass of memchr over the text: lines of a report are short,
        // where a search per line costs more than the bytes it reads.
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut lone_crs = Vec::new();
        let mut longest = 0;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\r' {
                if bytes.get(i + 1) == Some(&b'\n') {
                    continue;
                }
                lone_crs.push(i);
            }
            let last = starts.last().copied().unwrap_or(0);
            longest = longest.max(i + 1 - last);
            starts.push(i + 1);
        }
        longest = longest.max(text.len() - starts.last().copied().unwrap_or(0));
        let mut checkpoints = Vec::new();
        if longest > STRIDE {
            let (mut at, mut count) = (0, 0);
            for k in 1..=text.len() / STRIDE {
                let next = floor_char_boundary(text, k * STRIDE);
                count += text[at..next].chars().count();
                at = next;
                checkpoints.push((at, count));
            }
        }
        LineIndex {
            starts,
            checkpoints,
            lone_crs: lone_crs.into_boxed_slice(),
            lf_view: OnceLock::new(),
        }
    }

    /// The lengths of the lines, as LEB128 numbers: a few bytes per line
    /// to keep instead of the index, from which [`LineIndex::from_lengths`]
    /// makes it again without reading the text for line breaks. `None`
    /// for a text with a lone `\r` or a line over 4 KiB (the index keeps
    /// more of those), to be indexed again from its text.
    pub fn lengths(&self) -> Option<Box<[u8]>> {
        if !self.lone_crs.is_empty() || !self.checkpoints.is_empty() {
            return None;
        }
        let mut out = Vec::with_capacity(self.starts.len());
        for pair in self.starts.windows(2) {
            let mut n = pair[1] - pair[0];
            while n >= 0x80 {
                out.push((n as u8 & 0x7f) | 0x80);
                n >>= 7;
            }
            out.push(n as u8);
        }
        Some(out.into_boxed_slice())
    }

    /// The index of `text` from the line lengths [`LineIndex::lengths`]
    /// gave for it; `None` when they do not fit `text` (a line that does
    /// not end in a line break, a `\r` of a `\r\n` taken for a line's
    /// end, a line over 4 KiB): the caller then indexes the text itself.
    /// Each line start is checked to follow a line break, so a text that
    /// changed since cannot make the index cut a character; a line break
    /// the lengths do not have is not looked for (the text is the one they
    /// were taken from, read again).
    pub fn from_lengths(text: &str, lengths: &[u8]) -> Option<LineIndex> {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(lengths.len() + 1);
        starts.push(0);
        let (mut at, mut n, mut shift) = (0usize, 0usize, 0u32);
        for &b in lengths {
            n |= usize::from(b & 0x7f).checked_shl(shift)?;
            if b >= 0x80 {
                shift += 7;
                continue;
            }
            if n > STRIDE {
                return None;
            }
            at = at.checked_add(n)?;
            let ends_line = match bytes.get(at.checked_sub(1)?)? {
                b'\n' => true,
                b'\r' => bytes.get(at) != Some(&b'\n'),
                _ => false,
            };
            if !ends_line {
                return None;
            }
            starts.push(at);
            (n, shift) = (0, 0);
        }
        if n != 0 || shift != 0 || text.len() - at > STRIDE {
            return None;
        }
        Some(LineIndex {
            starts,
            checkpoints: Vec::new(),
            lone_crs: Box::default(),
            lf_view: OnceLock::new(),
        })
    }

    /// The line and column of byte `offset` in `text` (the text this index
    /// was built from). Offsets past the end, or inside a multi-byte
    /// character, are clamped to the nearest character boundary before it.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_of(offset) - 1;
        let line_start = self.starts[line].min(offset);
        let column = if offset - line_start <= STRIDE || self.checkpoints.is_empty() {
            text[line_start..offset].chars().count()
        } else {
            self.chars_before(text, offset) - self.chars_before(text, line_start)
        };
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The number of characters before byte `offset` (a character boundary
    /// of `text`), from the nearest checkpoint.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let (at, count) = match (offset / STRIDE).checked_sub(1) {
            Some(k) => self.checkpoints.get(k).copied().unwrap_or((0, 0)),
            None => (0, 0),
        };
        count + text.get(at..offset).map_or(0, |s| s.chars().count())
    }

    /// The byte offset at which 1-based line `line` starts, if the text has
    /// that many lines.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The 1-based line of byte `offset`, without counting the column.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i, // starts[0] == 0, so i >= 1 here
        }
    }

    /// The 1-based start line of byte offset `offset`.
    pub fn line(&self, text: &str, offset: usize) -> usize {
        self.line_of(floor_char_boundary(text, offset))
    }

    /// `text` (the text this index was built from) as a viewer that knows
    /// only `\n` as a line break must be shown it: every lone `\r` written
    /// as `\n`, and every other control or bidirectional-override
    /// character as `?`, `¿` or `\u{fffd}` (whichever is as long in UTF-8),
    /// so a report cannot send escape sequences to the terminal that shows
    /// a snippet of it. The same length and the same character boundaries,
    /// so every span of `text` is a span of the view.
    pub fn lf_view<'t>(&'t self, text: &'t str) -> &'t str {
        match self.lf_view.get_or_init(|| lf_view(text, &self.lone_crs)) {
            Some(view) if view.len() == text.len() => view,
            _ => text,
        }
    }
}

/// `offset`, clamped to `text` and moved back to a character boundary.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `text` with the lone `\r`s at byte offsets `lone_crs` written as `\n`
/// and every [`hidden`] character replaced by one of the same length;
/// `None` when there is neither.
fn lf_view(text: &str, lone_crs: &[usize]) -> Option<Box<str>> {
    if lone_crs.is_empty() && !has_hidden(text) {
        return None;
    }
    let mut view = String::with_capacity(text.len());
    let mut crs = lone_crs.iter().peekable();
    for (i, c) in text.char_indices() {
        if crs.next_if_eq(&&i).is_some() {
            view.push('\n');
        } else if hidden(c) {
            view.push(match c.len_utf8() {
                1 => '?',
                2 => '¿',
                _ => '\u{fffd}',
            });
        } else {
            view.push(c);
        }
    }
    debug_assert_eq!(view.len(), text.len());
    Some(view.into_boxed_str())
}

/// A character a snippet must not show as it is: a control character
/// other than a tab or a line break, or a bidirectional mark, override or
/// isolate (every one of them one to three bytes long).
fn hidden(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && crate::wording::is_hidden(c)
}

/// Whether `text` has a [`hidden`] character: a byte scan that decodes a
/// character only where a byte could start one (a C0 control or DEL, and
/// the lead bytes of C1 controls and of the bidirectional characters).
/// Only there: `·` and `—` share those lead bytes, and a report that has
/// one in its first lines would otherwise have all its text decoded, each
/// time it is shown.
fn has_hidden(text: &str) -> bool {
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7f | 0xc2 | 0xe2)
    };
    // Each byte tested is ASCII or a lead byte: a character starts there.
    text.bytes().enumerate().any(|(i, b)| {
        suspect(b)
            && text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(hidden)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_of_a_text_hides_escape_sequences_and_keeps_every_span() {
        let text = "a: 1 # \u{1b}]0;x\u{7}\u{1b}[2J\rb: \"\u{9b}1A\u{202e}\"\n名: x\n";
        let idx = LineIndex::new(text);
        let view = idx.lf_view(text);
        assert_eq!(view, "a: 1 # ?]0;x??[2J\nb: \"¿1A\u{fffd}\"\n名: x\n");
        assert!(text.char_indices().all(|(i, _)| view.is_char_boundary(i)));
        // A text with nothing to hide has no view of its own.
        let plain = "名: \"é·…\"\r\n";
        let idx = LineIndex::new(plain);
        assert!(std::ptr::eq(idx.lf_view(plain), plain));
        assert_eq!(idx.lf_view.get(), Some(&None));
    }

    /// The scan for hidden characters decodes only where one could start,
    /// and finds what decoding every character finds: texts with the
    /// characters that share a hidden character's lead byte (`·` is C2 B7,
    /// `—` E2 80 94, `€` E2 82 AC) before, after and without one.
    #[test]
    fn the_scan_for_hidden_characters_finds_what_a_full_decode_finds() {
        let shown = ["名: x\n", "a: ·—€ 名\n", "\t\r\n", "é\u{a0}\u{2014}", ""];
        let hiding = [
            "\u{1b}", "\u{7f}", "\u{85}", "\u{9b}", "\u{202e}", "\u{2066}", "\u{200f}",
        ];
        for a in shown {
            for b in shown {
                let text = format!("{a}{b}");
                assert!(!has_hidden(&text), "{text:?}");
                assert!(!text.chars().any(hidden), "{text:?}");
                for h in hiding {
                    let text = format!("{a}{h}{b}");
                    assert!(text.chars().any(hidden), "{text:?}");
                    assert!(has_hidden(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn columns_count_characters_and_crlf_ends_lines() {
        let text = "a: 1\r\nb: 名字\r\nc: x\n";
        let idx = LineIndex::new(text);
        // `名` starts at byte 9: line 2, column 4.
        assert_eq!(idx.line_col(text, 9), LineCol { line: 2, column: 4 });
        // `x` on line 3 comes after two 3-byte characters and a CRLF.
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 3, column: 4 });
        // The end of `名字` (exclusive) is column 6.
        assert_eq!(idx.line_col(text, 15), LineCol { line: 2, column: 6 });
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_the_lf_view_writes_it_as_lf() {
        let text = "a: 1\rb: 名\r\nc: x\rd\n";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(idx.line_col(text, b), LineCol { line: 2, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 3, column: 4 });
        let d = text.find('d').unwrap();
        assert_eq!(idx.line_col(text, d), LineCol { line: 4, column: 1 });
        assert_eq!(idx.line_start(4), Some(d));
        // The CR of the CRLF stays; only the lone ones become LF.
        assert_eq!(idx.lf_view(text), "a: 1\nb: 名\r\nc: x\nd\n");
        let plain = "a\r\nb\n";
        assert_eq!(LineIndex::new(plain).lf_view(plain), plain);
    }

    /// Regression (a 60 MB report on one line, 45,000 findings, took 159 s):
    /// a column on a long line was counted from the line's start. 100,000
    /// columns on a 16 MB line would count 800 GB of characters that way;
    /// from the checkpoints, they count at most 4 KiB each.
    #[test]
    fn columns_on_a_long_line_are_cheap_and_exact() {
        let unit = "ab名字c"; // 9 bytes, 5 characters
        let text = format!("x\r\n{}\n", unit.repeat((16 << 20) / unit.len()));
        let idx = LineIndex::new(&text);
        let naive = |offset: usize| {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            text[line_start..offset].chars().count() + 1
        };
        let spots = [3, 4, 5, 4099, 4100, 8195, text.len() / 2, text.len() - 1];
        for offset in spots {
            let p = idx.line_col(&text, offset);
            assert_eq!(
                p.column,
                naive(floor_char_boundary(&text, offset)),
                "at {offset}"
            );
        }
        let step = text.len() / 100_000;
        let mut sum = 0;
        for k in 0..100_000 {
            sum += idx.line_col(&text, 3 + k * step).column;
        }
        assert!(sum > 0);
        assert_eq!(idx.line_col(&text, text.len()).line, 3);
    }

    /// An index made again from its line lengths is the index of the
    /// text; lengths that do not fit the text give `None`, never an index
    /// that cuts a character.
    #[test]
    fn an_index_comes_back_from_its_line_lengths_or_not_at_all() {
        let long = format!("a\n{}\nb\n", "x".repeat(300));
        for text in ["", "a", "a\n", "a: 1\r\nb: 名字\r\n\nc: x", long.as_str()] {
            let idx = LineIndex::new(text);
            let lengths = idx.lengths().expect("no lone CR, no long line");
            assert_eq!(
                LineIndex::from_lengths(text, &lengths),
                Some(idx),
                "{text:?}"
            );
        }
        // Three lines, the one of 301 bytes in two bytes of length.
        assert_eq!(LineIndex::new(&long).lengths().map(|l| l.len()), Some(4));
        // A lone CR, or a line over 4 KiB: nothing to keep.
        assert_eq!(LineIndex::new("a\rb").lengths(), None);
        assert_eq!(LineIndex::new(&"y".repeat(5000)).lengths(), None);
        let text = "ab\ncd\r\n名\n";
        let lengths = LineIndex::new(text).lengths().expect("lengths");
        for other in ["abc\nd\r\n名\n", "ab\ncd\r\n", "ab\nc名\r\n\n"] {
            assert_eq!(LineIndex::from_lengths(other, &lengths), None, "{other:?}");
        }
        // The `\r` of a `\r\n` does not end a line; a cut number, a line
        // past the text's end, a line over 4 KiB do not fit.
        assert_eq!(LineIndex::from_lengths("ab\r\n", &[3]), None);
        assert_eq!(LineIndex::from_lengths("ab\n", &[0x83]), None);
        assert_eq!(LineIndex::from_lengths("ab\n", &[9]), None);
        assert_eq!(LineIndex::from_lengths("ab\n", &[0x80, 0x40]), None);
        assert_eq!(LineIndex::from_lengths(&"z".repeat(5000), &[]), None);
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "中";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 1), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 99), LineCol { line: 1, column: 2 });
    }
}
