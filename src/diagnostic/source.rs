//! The source texts diagnostics point into, as miette reads them: a
//! snippet is read from the few lines around its label through the text's
//! [`LineIndex`] (miette's own reader scans the text from its start, once
//! per label), and lone `\r`s, line breaks in YAML 1.2 that miette does not
//! know, are shown as `\n`.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::span::LineIndex;

/// A named text that labels point into (a report or a rule file).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// When known, snippets are read from the few lines around a label
    /// instead of scanning the text from its start (which miette's reader
    /// does): a report with thousands of findings stays linear. It also
    /// gives the text's view with lone `\r`s as `\n`, which miette shows.
    pub lines: Option<&'a LineIndex>,
}

impl<'a> Source<'a> {
    /// The text miette is shown: with an index, its view with every lone
    /// `\r` (a line break in YAML 1.2, which miette's snippets do not know)
    /// written as `\n`, so snippets break lines where positions do.
    fn shown(&self) -> &'a str {
        match self.lines {
            Some(lines) => lines.lf_view(self.text),
            None => self.text,
        }
    }

    /// The lines a snippet of `span` needs (`before` lines above it, `after`
    /// below it, and one more), as a slice of the text with its byte offset
    /// and the number of lines before it. The whole text without an index.
    fn window(&self, span: &SourceSpan, before: usize, after: usize) -> (&'a str, usize, usize) {
        let text = self.shown();
        let (start, end) = (span.offset(), span.offset() + span.len());
        let Some(lines) = self.lines.filter(|_| end <= text.len()) else {
            return (text, 0, 0);
        };
        let first = lines.line_of(start).saturating_sub(before).max(1);
        let last = lines.line_of(end) + after + 1;
        let base = lines.line_start(first).unwrap_or(0);
        let stop = lines.line_start(last + 1).unwrap_or(text.len());
        (&text[base..stop], base, first - 1)
    }

    /// The 0-based column, in characters, of byte `offset`.
    fn column(&self, offset: usize) -> usize {
        if let Some(lines) = self.lines {
            return lines.line_col(self.text, offset).column - 1;
        }
        let before = self.text.get(..offset).unwrap_or("");
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        before[line_start..].chars().count()
    }
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (window, base, lines_before) =
            self.window(span, context_lines_before, context_lines_after);
        let shifted = SourceSpan::new((span.offset() - base).into(), span.len());
        let inner = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        let start = inner.span().offset() + base;
        // miette counts the column of the `[file:line:column]` header in
        // bytes; ours count characters (as in the JSON output and editors).
        let column = match inner.column() {
            0 => 0,
            _ => self.column(start),
        };
        // miette's line and line count are absolute (lines from the start
        // of the text), so the lines before the window are added back.
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new(start.into(), inner.span().len()),
            inner.line() + lines_before,
            column,
            inner.line_count() + lines_before,
        )))
    }
}
