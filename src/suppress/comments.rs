//! Finding the comments of a YAML text. The YAML tree has none, so the text
//! is scanned, keeping track of what a `#` can be inside: a quoted scalar
//! (`"..."`, `'...'`, over several lines too), a block scalar (`|`, `>`: its
//! more-indented lines are text), or a plain scalar (`a#b`: a `#` not
//! preceded by a space is part of it). The text is valid YAML when this
//! runs (a report that does not load gets no suppressions), so the scanner
//! only has to tell those apart, not validate.

/// One comment: `#` to the end of its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Byte offset of the `#`.
    pub start: usize,
    /// Byte offset of the end of the line, before any `\r`.
    pub end: usize,
    /// 0-based line.
    pub line: usize,
    /// Nothing but spaces before it on its line.
    pub own_line: bool,
}

enum State {
    /// Between tokens, or in a plain scalar.
    Normal,
    /// Inside a quoted scalar that continues on the next line.
    Quoted(u8),
    /// Inside a block scalar: its lines are those indented by at least
    /// `indent` (detected from its first non-empty line, which must be
    /// indented more than `parent`).
    Block {
        parent: usize,
        indent: Option<usize>,
    },
}

/// Every comment of `text`, in order.
pub fn comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut state = State::Normal;
    for (line_no, (line_start, line)) in lines(text).enumerate() {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = bytes.iter().all(|b| b.is_ascii_whitespace());
        let mut from = 0;
        match state {
            State::Block { parent, indent: n } => {
                let inside = match n {
                    _ if blank => true,
                    Some(n) => indent >= n,
                    None => indent > parent,
                };
                if inside {
                    if n.is_none() && !blank {
                        state = State::Block {
                            parent,
                            indent: Some(indent),
                        };
                    }
                    continue;
                }
            }
            State::Quoted(q) => match close_quote(bytes, 0, q) {
                Some(after) => from = after,
                None => continue,
            },
            State::Normal => {}
        }
        state = scan_line(bytes, from, line_start, line_no, &mut out);
    }
    out
}

/// The lines of `text`, each with its start offset and without its line
/// break: `\n`, `\r\n` or a lone `\r`, the line breaks of YAML 1.2 (and of
/// [`crate::span::LineIndex`], so a comment's line is a finding's line).
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut next = Some(0);
    std::iter::from_fn(move || {
        let start = next?;
        let rest = &text[start..];
        match rest.find(['\n', '\r']) {
            Some(n) => {
                let len = if rest[n..].starts_with("\r\n") { 2 } else { 1 };
                next = Some(start + n + len);
                Some((start, &rest[..n]))
            }
            None => {
                next = None;
                Some((start, rest))
            }
        }
    })
}

/// Scans one line from byte `from` in the normal state; returns the state
/// the next line starts in, and pushes the line's comment, if any.
fn scan_line(
    bytes: &[u8],
    from: usize,
    line_start: usize,
    line_no: usize,
    out: &mut Vec<Comment>,
) -> State {
    // A node (and so a quote or a block indicator) can start here: at the
    // start of the line, after `- `, `? `, `: `, `[`, `{`, `,`, an anchor
    // or a tag. Elsewhere a quote is part of a plain scalar (`it's`).
    let mut expect_node = from == 0;
    let mut after_space = true;
    let mut content_before = from > 0;
    let mut flow = 0usize;
    // Where the node a block scalar belongs to starts: the key before `:`,
    // or the `-` of a sequence entry.
    let mut token_col = 0;
    let mut parent = bytes.iter().take_while(|&&b| b == b' ').count();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        let next_is_space = bytes.get(i + 1).is_none_or(|n| matches!(n, b' ' | b'\t'));
        match b {
            b' ' | b'\t' => {
                after_space = true;
                i += 1;
                continue;
            }
            b'#' if after_space => {
                out.push(Comment {
                    start: line_start + i,
                    end: line_start + bytes.len(),
                    line: line_no,
                    own_line: !content_before,
                });
                return State::Normal;
            }
            b'"' | b'\'' if expect_node => match close_quote(bytes, i + 1, b) {
                Some(after) => {
                    i = after;
                    expect_node = false;
                    after_space = false;
                    content_before = true;
                    continue;
                }
                None => return State::Quoted(b),
            },
            b'|' | b'>' if expect_node && flow == 0 => {
                // The header: indicators, then spaces and perhaps a comment.
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b'1'..=b'9' | b'+' | b'-') {
                    j += 1;
                }
                if let Some(k) = bytes[j..].iter().position(|&c| c == b'#') {
                    out.push(Comment {
                        start: line_start + j + k,
                        end: line_start + bytes.len(),
                        line: line_no,
                        own_line: false,
                    });
                }
                return State::Block {
                    parent,
                    indent: None,
                };
            }
            b'-' | b'?' if expect_node && next_is_space => {
                parent = i;
                token_col = i + 2;
            }
            b':' if next_is_space
                || (flow > 0 && matches!(bytes.get(i + 1), Some(b',' | b']' | b'}'))) =>
            {
                expect_node = true;
                parent = token_col;
            }
            b'[' | b'{' if expect_node || flow > 0 => {
                flow += 1;
                expect_node = true;
            }
            b']' | b'}' if flow > 0 => {
                flow -= 1;
                expect_node = false;
            }
            b',' if flow > 0 => expect_node = true,
            b'&' | b'!' if expect_node => {
                // An anchor or a tag: the node follows it.
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t') {
                    i += 1;
                }
                content_before = true;
                after_space = false;
                continue;
            }
            _ => {
                if expect_node && after_space {
                    token_col = i;
                }
                expect_node = false;
            }
        }
        after_space = false;
        content_before = true;
        i += 1;
    }
    State::Normal
}

/// The byte after the quote closing a scalar opened by `quote`, scanning
/// `bytes` from `from`; `None` when it is not closed on this line. In
/// double quotes `\` escapes the next character; in single quotes `''` is
/// a quote.
fn close_quote(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of every comment found.
    fn found(text: &str) -> Vec<&str> {
        comments(text)
            .iter()
            .map(|c| &text[c.start..c.end])
            .collect()
    }

    #[test]
    fn comments_on_their_own_line_and_after_values() {
        let text = "# top\na: 1 # one\nb: x#y\nc: \"q\" # two\r\n  # indented\n";
        assert_eq!(found(text), ["# top", "# one", "# two", "# indented"]);
        let c = comments(text);
        assert_eq!(
            c.iter().map(|c| (c.line, c.own_line)).collect::<Vec<_>>(),
            [(0, true), (1, false), (3, false), (4, true)]
        );
    }

    /// A lone CR ends a line (YAML 1.2): a comment's line is the line
    /// positions give, so a suppression in a CR-only file covers its line.
    #[test]
    fn a_lone_cr_ends_a_line() {
        let text = "a: 1 # one\rb: 2\r# own\rc: 3 # three\r\n";
        assert_eq!(found(text), ["# one", "# own", "# three"]);
        let c = comments(text);
        assert_eq!(
            c.iter().map(|c| (c.line, c.own_line)).collect::<Vec<_>>(),
            [(0, false), (2, true), (3, false)]
        );
    }

    #[test]
    fn a_hash_in_a_quoted_scalar_is_not_a_comment() {
        let text = "a: \"x # no\" # yes\nb: 'it''s # no' # yes2\nc: \"esc \\\" # no\"\n";
        assert_eq!(found(text), ["# yes", "# yes2"]);
    }

    #[test]
    fn a_quoted_scalar_over_several_lines_hides_its_hashes() {
        let text = "a: \"first\n  # not a comment\n  end\" # after\nb: 'x\n  # no'\n# real\n";
        assert_eq!(found(text), ["# after", "# real"]);
    }

    #[test]
    fn block_scalars_hide_their_hashes_until_they_end() {
        let text = "a: | # header\n  # text\n\n  more # text\nb: > \n   # folded\n# real\n\
                    list:\n  - key: |-\n      # text\n    other: x # c\n";
        assert_eq!(found(text), ["# header", "# real", "# c"]);
    }

    #[test]
    fn quotes_inside_plain_scalars_and_flow_collections() {
        let text = "title: it's # c1\nurl: http://x/#frag\nl: [a, \"b # no\", 'c'] # c2\n\
                    m: {k: \"v # no\"} # c3\nanchor: &x \"y # no\" # c4\n";
        assert_eq!(found(text), ["# c1", "# c2", "# c3", "# c4"]);
    }

    #[test]
    fn sequence_entries_start_nodes() {
        let text = "- \"a # no\" # c1\n- - 'b # no'\n- |\n  # text\n- x # c2\n";
        assert_eq!(found(text), ["# c1", "# c2"]);
    }
}
