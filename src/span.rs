//! Byte spans and the one conversion from byte offsets to line and column.
//!
//! Every AST node and every loaded YAML value carries a [`Span`] of byte
//! offsets into its own source text. Lines and columns are computed only at
//! output time, by [`LineIndex`], so that CRLF files and multi-byte UTF-8 text
//! are handled in exactly one place.

use std::fmt;

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

/// Start offsets of every line of a text, for turning byte offsets into
/// [`LineCol`]s. A line ends after `\n`; a `\r` before it belongs to the line
/// ending, never to a column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The line and column of byte `offset` in `text` (the text this index
    /// was built from). Offsets past the end, or inside a multi-byte
    /// character, are clamped to the nearest character boundary before it.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1, // starts[0] == 0, so i >= 1 here
        };
        let line_start = self.starts[line];
        let column = text[line_start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte offset at which 1-based line `line` starts, if the text has
    /// that many lines.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The 1-based line of byte `offset`, without counting the column (which
    /// costs the length of the line: too much on a report's one long line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i, // starts[0] == 0, so i >= 1 here
        }
    }

    /// The 1-based start line of byte offset `offset`.
    pub fn line(&self, text: &str, offset: usize) -> usize {
        self.line_col(text, offset).line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "中";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 1), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 99), LineCol { line: 1, column: 2 });
    }
}
