//! The comments of a report, as the YAML parser saw them: the loader keeps
//! the span of every comment event, so a `#` inside a quoted or a block
//! scalar is text, never a comment, because the parser that reads the
//! values is the one that decides. (A scanner of our own beside the parser
//! once disagreed with it, and a string value could silence a finding.)
//! This module only adds what a suppression needs to know of a comment:
//! its line, and whether it stands on a line of its own.

use crate::span::{LineIndex, Span};

/// One comment: `#` to the end of its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Byte offset of the `#`.
    pub start: usize,
    /// Byte offset of the end of the line, before any line break.
    pub end: usize,
    /// 0-based line.
    pub line: usize,
    /// Nothing but spaces and tabs before it on its line.
    pub own_line: bool,
}

/// The comments at `spans` (the loader's, in order) of `text`, whose lines
/// `lines` indexes.
pub fn comments(text: &str, spans: &[Span], lines: &LineIndex) -> Vec<Comment> {
    spans
        .iter()
        .filter_map(|span| {
            let start = span.start;
            let comment = text.get(start..span.end.min(text.len()))?;
            if !comment.starts_with('#') {
                return None;
            }
            let end = start + comment.trim_end_matches(['\r', '\n']).len();
            let line = lines.line_of(start);
            let line_start = lines.line_start(line).unwrap_or(0);
            let own_line = text
                .get(line_start..start)
                .is_some_and(|before| before.chars().all(|c| c == ' ' || c == '\t'));
            Some(Comment {
                start,
                end,
                line: line - 1,
                own_line,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, usize, bool)> {
        let loaded = crate::report::load(text).expect("valid YAML");
        let lines = LineIndex::new(text);
        comments(text, &loaded.comments, &lines)
            .into_iter()
            .map(|c| (&text[c.start..c.end], c.line, c.own_line))
            .collect()
    }

    #[test]
    fn comments_on_their_own_line_and_after_values() {
        // The loader reads comments only where `pilotlint` is mentioned.
        let text = "# pilotlint head\na: 1 # after\n  # indented\nb: 2\n";
        assert_eq!(
            found(text),
            [
                ("# pilotlint head", 0, true),
                ("# after", 1, false),
                ("# indented", 2, true)
            ]
        );
    }

    /// Regression: `{"drafted_with":"Anhui # pilotlint: ignore[STP002] x"}`
    /// (a JSON-style key with no space after the colon) was read as a
    /// comment by the old scanner; so was the text of a block-scalar
    /// document. The parser knows both are values.
    #[test]
    fn hashes_in_values_are_not_comments() {
        let text = "plan: {\"drafted_with\":\"Anhui # pilotlint: ignore[STP002] ok\", \
                    \"approved\": false}\n";
        assert_eq!(found(text), []);
        let text = "--- |\n  # pilotlint: ignore-file[STP002, STP011] approved by phone\n";
        assert_eq!(found(text), []);
        let text = "a: 'it''s # pilotlint: not'\nb: \"x\n  # pilotlint still text\"\n";
        assert_eq!(found(text), []);
    }

    #[test]
    fn crlf_line_ends_are_not_part_of_a_comment() {
        let text = "a: 1 # pilotlint note\r\nb: 2\r\n";
        assert_eq!(found(text), [("# pilotlint note", 0, false)]);
    }
}
