//! The layout engine of the formatter: a document of tokens, gaps, indents
//! and groups (Wadler's "prettier printer"), rendered at a fixed width, with
//! the rule file's comments put back between the tokens they were written
//! between.
//!
//! A group is printed on one line when it fits in [`WIDTH`], else each of
//! its own line gaps becomes a line break. Comments are attached to the
//! first token written after them (by source offset); they are printed in
//! the gap just before that token, which then always becomes a line break
//! (a comment runs to the end of its line). Since the gap a comment lands in
//! depends only on the tokens around it, formatting the output again puts
//! it in the same gap: that is what makes formatting idempotent.

use std::collections::HashMap;

/// The column a line should not pass, unless one token is longer.
pub const WIDTH: usize = 100;
/// Indentation of a block and of a continuation line.
pub const INDENT: usize = 4;

pub enum Doc {
    /// A token; `Some(offset)` when it was written in the source at that
    /// byte offset (comments are attached to such tokens only).
    Text(String, Option<usize>),
    /// Printed only when its group is broken (a trailing comma).
    BreakOnly(&'static str),
    Gap(Gap),
    /// Its contents, with line breaks indented one more level.
    Indent(Vec<Doc>),
    /// Its contents, on one line if they fit, else with its gaps broken.
    Group(Vec<Doc>),
    Seq(Vec<Doc>),
}

/// The space between two tokens. Two tokens with no gap between them are
/// as if separated by a `Soft` gap that never breaks but before a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    /// One space; a line break only before a comment.
    Space,
    /// Nothing, or a line break when the group is broken.
    Soft,
    /// One space, or a line break when the group is broken.
    Line,
    /// Always a line break, inside a clause (before `else`).
    Newline,
    /// Always a line break, between items and clauses.
    Hard(Hard),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hard {
    /// Before the first item of the file.
    Start,
    /// Between two top-level items (but two `let`s): always one blank line.
    Item,
    /// After the `{` of a block.
    Open,
    /// Between two clauses, or two top-level `let`s: a blank line where the
    /// author wrote one.
    Clause,
    /// Before the `}` of a block; comments here are indented as the block.
    Close,
    /// After the last item.
    End,
}

/// One comment of the source.
pub struct Comment {
    /// From `#` to the end of the line, trailing whitespace removed.
    pub text: String,
    /// Nothing but whitespace before it on its line.
    pub own_line: bool,
    /// A blank line between it and whatever comes before it.
    pub blank_before: bool,
}

/// What the renderer needs to know about the source.
pub struct Source<'a> {
    pub text: &'a str,
    pub comments: &'a [Comment],
    /// Comments by the offset of the token they come before.
    pub leading: &'a HashMap<usize, Vec<usize>>,
    /// Comments after the last token.
    pub trailing: &'a [usize],
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Flat,
    Break,
}

/// A gap whose text waits for the token after it, which decides whether
/// comments go there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    Nil,
    Space,
    Newline,
    Hard(Hard),
}

impl Pending {
    fn strength(self) -> u8 {
        match self {
            Pending::Nil => 0,
            Pending::Space => 1,
            Pending::Newline => 2,
            Pending::Hard(_) => 3,
        }
    }
}

struct Renderer<'a> {
    src: Source<'a>,
    out: String,
    /// Characters on the current line, indentation included.
    col: usize,
    /// Nothing written on the current line yet; its indentation is
    /// written with its first token.
    line_start: bool,
    line_indent: usize,
    pending: Option<(Pending, usize)>,
    /// Nothing written since a block (or the file) started.
    fresh_block: bool,
    /// The current line ends with a comment: nothing more can go on it.
    after_comment: bool,
}

type Frame<'d> = (usize, Mode, &'d Doc);

/// Renders `doc` with the comments of `src` in place.
pub fn render(doc: &Doc, src: Source<'_>) -> String {
    let mut r = Renderer {
        src,
        out: String::new(),
        col: 0,
        line_start: true,
        line_indent: 0,
        pending: Some((Pending::Hard(Hard::Start), 0)),
        fresh_block: true,
        after_comment: false,
    };
    let mut stack: Vec<Frame> = vec![(0, Mode::Break, doc)];
    while let Some((indent, mode, d)) = stack.pop() {
        match d {
            Doc::Text(s, at) => r.token(s, *at, indent),
            Doc::BreakOnly(s) => {
                if mode == Mode::Break {
                    r.token(s, None, indent);
                }
            }
            Doc::Gap(g) => r.gap(*g, indent, mode),
            Doc::Indent(v) => stack.extend(v.iter().rev().map(|d| (indent + INDENT, mode, d))),
            Doc::Seq(v) => stack.extend(v.iter().rev().map(|d| (indent, mode, d))),
            Doc::Group(v) => {
                let mode = if mode == Mode::Flat || r.fits(v, indent, &stack) {
                    Mode::Flat
                } else {
                    Mode::Break
                };
                stack.extend(v.iter().rev().map(|d| (indent, mode, d)));
            }
        }
    }
    r.finish();
    r.out
}

impl Renderer<'_> {
    fn gap(&mut self, g: Gap, indent: usize, mode: Mode) {
        let p = match (g, mode) {
            (Gap::Soft, Mode::Flat) => Pending::Nil,
            (Gap::Space | Gap::Line, Mode::Flat) | (Gap::Space, Mode::Break) => Pending::Space,
            (Gap::Soft | Gap::Line, Mode::Break) | (Gap::Newline, _) => Pending::Newline,
            (Gap::Hard(h), _) => {
                if matches!(h, Hard::Start | Hard::Open) {
                    self.fresh_block = true;
                }
                Pending::Hard(h)
            }
        };
        match self.pending {
            Some((old, _)) if old.strength() > p.strength() => {}
            _ => self.pending = Some((p, indent)),
        }
    }

    /// The column the next token would start at.
    fn next_col(&self) -> usize {
        match self.pending {
            Some((Pending::Newline | Pending::Hard(_), indent)) => indent,
            Some((Pending::Space, _)) if !self.line_start => self.col + 1,
            _ if self.line_start => self.line_indent,
            _ => self.col,
        }
    }

    /// Whether group `v` fits flat on the rest of the line, up to the next
    /// possible line break after it. A token inside it that has comments
    /// before it does not fit: the comment would break the line anyway.
    fn fits(&self, v: &[Doc], indent: usize, rest: &[Frame]) -> bool {
        let mut room = WIDTH as isize - self.next_col() as isize;
        let mut stack: Vec<Frame> = v.iter().rev().map(|d| (indent, Mode::Flat, d)).collect();
        let mut rest = rest.iter().rev();
        let mut in_rest = false;
        let mut first = true;
        loop {
            let (indent, mode, d) = match stack.pop() {
                Some(f) => f,
                None => match rest.next() {
                    Some(f) => {
                        in_rest = true;
                        *f
                    }
                    None => return true,
                },
            };
            match d {
                Doc::Text(s, at) => {
                    if !in_rest && !first && at.is_some_and(|a| self.src.leading.contains_key(&a)) {
                        return false;
                    }
                    first = false;
                    room -= s.chars().count() as isize;
                }
                Doc::BreakOnly(s) if mode == Mode::Break => room -= s.len() as isize,
                Doc::BreakOnly(_) => {}
                Doc::Gap(Gap::Space) => room -= 1,
                Doc::Gap(Gap::Soft) if mode == Mode::Flat => {}
                Doc::Gap(Gap::Line) if mode == Mode::Flat => room -= 1,
                Doc::Gap(_) => return room >= 0,
                Doc::Indent(v) => {
                    stack.extend(v.iter().rev().map(|d| (indent + INDENT, mode, d)));
                }
                Doc::Seq(v) | Doc::Group(v) => {
                    stack.extend(v.iter().rev().map(|d| (indent, mode, d)));
                }
            }
            if room < 0 {
                return false;
            }
        }
    }

    fn write(&mut self, s: &str) {
        if self.line_start {
            self.out.extend(std::iter::repeat_n(' ', self.line_indent));
            self.col = self.line_indent;
            self.line_start = false;
        }
        self.out.push_str(s);
        self.col += s.chars().count();
        self.after_comment = false;
    }

    fn newline(&mut self, indent: usize, blank: bool) {
        self.out.push('\n');
        if blank && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.line_start = true;
        self.line_indent = indent;
        self.col = indent;
    }

    /// Writes token `s`, after the gap before it and the comments attached
    /// to it.
    fn token(&mut self, s: &str, at: Option<usize>, indent: usize) {
        let (gap, gap_indent) = self.pending.take().unwrap_or((Pending::Nil, indent));
        let comments = at.and_then(|a| self.src.leading.get(&a)).cloned();
        self.place_gap(gap, gap_indent, comments.as_deref().unwrap_or(&[]), at);
        self.write(s);
        self.fresh_block = false;
    }

    /// The comments after the last token, and the final line end.
    fn finish(&mut self) {
        let (gap, indent) = self.pending.take().unwrap_or((Pending::Hard(Hard::End), 0));
        let trailing = self.src.trailing.to_vec();
        if !trailing.is_empty() {
            self.place_gap(gap, indent, &trailing, None);
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Writes gap `gap` (its indentation `indent`) with `comments` in it,
    /// before the token at source offset `at` (`None`: the end of file).
    fn place_gap(&mut self, gap: Pending, indent: usize, comments: &[usize], at: Option<usize>) {
        if comments.is_empty() {
            match gap {
                Pending::Nil => {}
                Pending::Space => {
                    if !self.line_start {
                        self.out.push(' ');
                        self.col += 1;
                    }
                }
                Pending::Newline => self.newline(indent, false),
                Pending::Hard(h) => self.hard_break(h, indent, true, at),
            }
            return;
        }
        // Blank lines are kept only between items and clauses.
        let (comment_indent, after_indent, blocky) = match gap {
            Pending::Nil | Pending::Space => (indent + INDENT, indent + INDENT, false),
            // Before a closing bracket, comments belong with the items.
            Pending::Newline => (indent.max(self.line_indent), indent, false),
            Pending::Hard(Hard::Close) => (indent + INDENT, indent, true),
            Pending::Hard(_) => (indent, indent, true),
        };
        let mut first = self.first_in_block(gap);
        for &c in comments {
            let Some(comment) = self.src.comments.get(c) else {
                continue;
            };
            if !comment.own_line && !self.line_start && !self.after_comment {
                self.out.push_str("  ");
                self.out.push_str(&comment.text);
                self.col += 2 + comment.text.chars().count();
                self.after_comment = true;
                continue;
            }
            let blank = if first {
                gap == Pending::Hard(Hard::Item)
            } else {
                blocky && comment.blank_before
            };
            if !self.out.is_empty() {
                if self.line_start {
                    // Already on a fresh line (after a gap); only the blank.
                    if blank && !self.out.ends_with("\n\n") {
                        self.out.push('\n');
                    }
                } else {
                    self.newline(comment_indent, blank);
                }
            }
            self.line_start = true;
            self.line_indent = comment_indent;
            let text = comment.text.clone();
            self.write(&text);
            self.after_comment = true;
            first = false;
        }
        match gap {
            Pending::Hard(h) => self.hard_break(h, after_indent, first, at),
            _ => self.newline(after_indent, false),
        }
    }

    fn first_in_block(&self, gap: Pending) -> bool {
        match gap {
            Pending::Hard(Hard::Start | Hard::Open | Hard::Item) => true,
            Pending::Hard(Hard::Close | Hard::End) => self.fresh_block,
            _ => false,
        }
    }

    /// The line break of a hard gap before the token at `at`; `first`: no
    /// comment was written in the gap.
    fn hard_break(&mut self, h: Hard, indent: usize, first: bool, at: Option<usize>) {
        let first = first && self.first_in_block(Pending::Hard(h));
        let blank = match h {
            Hard::Start | Hard::Open => !first && at.is_some_and(|a| self.blank_before(a)),
            Hard::Item => first || at.is_some_and(|a| self.blank_before(a)),
            Hard::Clause => at.is_some_and(|a| self.blank_before(a)),
            Hard::Close | Hard::End => false,
        };
        if self.out.is_empty() {
            return;
        }
        if h != Hard::End {
            self.newline(indent, blank);
        }
    }

    /// A blank line in the source before the token at `at`.
    fn blank_before(&self, at: usize) -> bool {
        blank_before(self.src.text, at)
    }
}

/// Whether the whitespace just before byte `at` of `text` holds a blank
/// line.
pub fn blank_before(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or(text);
    let content = before.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    !content.is_empty() && before[content.len()..].matches('\n').count() >= 2
}

/// Whether only whitespace comes before byte `at` on its line.
pub fn own_line(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or(text);
    let content = before.trim_end_matches([' ', '\t', '\u{feff}', '\r']);
    content.is_empty() || content.ends_with('\n')
}
