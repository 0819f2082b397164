//! Positions as the Language Server Protocol counts them: a 0-based line
//! and a column in UTF-16 code units. The library counts characters
//! (`pilotlint::span`); only the server speaks UTF-16, so the conversion
//! lives here. A line ends at `\n`, `\r\n` or a lone `\r`, as in the
//! library and in YAML 1.2, so a CRLF report has the lines the editor shows.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use pilotlint::span::{LineIndex, Span};

/// `text` after the editor's changes, applied in order: a change with a
/// range replaces that range (positions counted as [`Positions::offset`]
/// reads them), one without replaces the whole text. A position past the
/// end of its line or of the text is taken as that end, and a range whose
/// end comes before its start is read from its end to its start: a
/// client's mistake costs the edit, never the server.
pub(super) fn apply(mut text: String, changes: Vec<TextDocumentContentChangeEvent>) -> String {
    for change in changes {
        let Some(range) = change.range else {
            text = change.text;
            continue;
        };
        let lines = LineIndex::new(&text);
        let at = Positions::new(&text, &lines);
        let (a, b) = (at.offset(range.start), at.offset(range.end));
        text.replace_range(a.min(b)..a.max(b), &change.text);
    }
    text
}

/// A text with its line index, converting byte offsets to positions and
/// back. Findings come sorted by offset, so the last conversion is kept
/// and the next one on the same line counts on from it: a report written
/// on one long line is not rescanned from the line's start per finding.
pub(super) struct Positions<'t> {
    text: &'t str,
    lines: &'t LineIndex,
    last: std::cell::Cell<(usize, Position)>,
}

impl<'t> Positions<'t> {
    pub(super) fn new(text: &'t str, lines: &'t LineIndex) -> Self {
        Positions {
            text,
            lines,
            last: std::cell::Cell::new((0, Position::new(0, 0))),
        }
    }

    /// The position of byte `offset` (clamped to the text and to a
    /// character boundary before it).
    pub(super) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line).unwrap_or(0).min(offset);
        let (from, base) = match self.last.get() {
            (at, p) if p.line as usize == line - 1 && at >= start && at <= offset => {
                (at, p.character)
            }
            _ => (start, 0),
        };
        let character = base + utf16_len(&self.text[from..offset]);
        let p = Position::new(to_u32(line - 1), character);
        self.last.set((offset, p));
        p
    }

    pub(super) fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `p`: a column past the end of its line is the
    /// line's end (before its line break), a line past the end is the end
    /// of the text, and a column inside a surrogate pair is the boundary after it.
    pub(super) fn offset(&self, p: Position) -> usize {
        let Some(start) = self.lines.line_start(p.line as usize + 1) else {
            return self.text.len();
        };
        let end = self
            .lines
            .line_start(p.line as usize + 2)
            .unwrap_or(self.text.len());
        let line = self.text[start..end].trim_end_matches(['\n', '\r']);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= p.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        start + line.len()
    }

    /// The position of the end of the text.
    pub(super) fn end(&self) -> Position {
        self.position(self.text.len())
    }
}

fn utf16_len(s: &str) -> u32 {
    if s.is_ascii() {
        to_u32(s.len())
    } else {
        to_u32(s.chars().map(char::len_utf16).sum())
    }
}

/// Positions are `u32` in the protocol; a text over 4 GiB is refused long
/// before (the report size cap), so this saturates rather than wraps.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, offset: usize) -> (u32, u32) {
        let lines = LineIndex::new(text);
        let p = Positions::new(text, &lines).position(offset);
        (p.line, p.character)
    }

    #[test]
    fn columns_count_utf16_units_for_chinese_text_and_astral_characters() {
        let text = "名称: 合肥\nx: 𝒳y\n";
        // `合` is one UTF-16 unit and three bytes.
        assert_eq!(at(text, text.find("合").unwrap()), (0, 4));
        // `𝒳` is two UTF-16 units (a surrogate pair) and four bytes.
        assert_eq!(at(text, text.find('y').unwrap()), (1, 5));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines_and_the_cr_is_no_column() {
        let text = "a: 1\r\nb: 2\rc: 3\n";
        assert_eq!(at(text, text.find('b').unwrap()), (1, 0));
        assert_eq!(at(text, text.find('c').unwrap()), (2, 0));
        let lines = LineIndex::new(text);
        let p = Positions::new(text, &lines);
        assert_eq!(
            p.offset(Position::new(0, 99)),
            4,
            "the end of line 0, before \\r\\n"
        );
        assert_eq!(p.offset(Position::new(2, 3)), text.find('3').unwrap());
        assert_eq!(p.offset(Position::new(9, 0)), text.len());
    }

    fn edit(
        text: &str,
        range: Option<((u32, u32), (u32, u32))>,
        new: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l0, c0), (l1, c1))| {
                Range::new(Position::new(l0, c0), Position::new(l1, c1))
            }),
            range_length: None,
            text: format!("{text}{new}"),
        }
    }

    /// Incremental changes, worked out by hand: ranges in UTF-16 units
    /// (`𝒳` is two, `合` one), CRLF and lone CR lines, several changes in
    /// one notification applied in order, a whole-text change among them,
    /// and ranges past the end or backwards.
    #[test]
    fn incremental_changes_apply_in_order_in_utf16_units() {
        let text = "名: 合肥\r\nx: 𝒳y\rz: 1\n".to_string();
        // `y` is at line 1, character 5 (x, :, space, then 𝒳 as two units).
        let one = apply(text.clone(), vec![edit("", Some(((1, 5), (1, 6))), "Y")]);
        assert_eq!(one, "名: 合肥\r\nx: 𝒳Y\rz: 1\n");
        // `肥` (0, 4)..(0, 5) becomes `州`, then `1` on line 2 becomes `22`:
        // the second change reads positions in the text the first made.
        let two = apply(
            text.clone(),
            vec![
                edit("", Some(((0, 4), (0, 5))), "州"),
                edit("", Some(((2, 3), (2, 4))), "22"),
            ],
        );
        assert_eq!(two, "名: 合州\r\nx: 𝒳y\rz: 22\n");
        // A whole text, then an insertion at its start.
        let whole = apply(
            text.clone(),
            vec![
                edit("a: 1\n", None, ""),
                edit("", Some(((0, 0), (0, 0))), "# x\n"),
            ],
        );
        assert_eq!(whole, "# x\na: 1\n");
        // Past the end of the line: its end, before the CRLF; past the last
        // line: the text's end; backwards: the same range.
        assert_eq!(
            apply(text.clone(), vec![edit("", Some(((0, 99), (0, 99))), "!")]),
            "名: 合肥!\r\nx: 𝒳y\rz: 1\n"
        );
        assert_eq!(
            apply(
                text.clone(),
                vec![edit("", Some(((9, 0), (9, 9))), "w: 2\n")]
            ),
            format!("{text}w: 2\n")
        );
        assert_eq!(
            apply(text.clone(), vec![edit("", Some(((1, 6), (1, 5))), "Y")]),
            one
        );
        // `𝒳` is (1, 3)..(1, 5); a position inside its surrogate pair is
        // the character boundary after it, as `Positions::offset` reads it.
        assert_eq!(
            apply(text.clone(), vec![edit("", Some(((1, 3), (1, 5))), "")]),
            "名: 合肥\r\nx: y\rz: 1\n"
        );
        assert_eq!(
            apply(text, vec![edit("", Some(((1, 4), (1, 4))), "!")]),
            "名: 合肥\r\nx: 𝒳!y\rz: 1\n"
        );
    }

    #[test]
    fn offsets_and_positions_round_trip_in_any_order() {
        let text = "名: 合肥 x\n  - 𝒳 b\n";
        let lines = LineIndex::new(text);
        let p = Positions::new(text, &lines);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).rev().collect();
        for offset in offsets {
            assert_eq!(p.offset(p.position(offset)), offset, "at {offset}");
        }
        // Inside a multi-byte character: the character's start.
        assert_eq!(p.position(1), Position::new(0, 0));
    }
}
