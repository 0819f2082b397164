//! Lexing helpers for the parser: whitespace and comments, the next token
//! (for error messages), keywords and names; numbers with their suffixes
//! (percentages, dates, durations) and strings with their escapes are in
//! `literal`.
//!
//! Every token function skips leading whitespace and comments itself, so a
//! failing parser's input sits right after the previous token; that is what
//! lets an error say "found end of line" at the place where the line ended.

use nom::branch::alt;
use nom::bytes::complete::{take_till, take_while, take_while1};
use nom::character::complete::{char, multispace1};
use nom::combinator::{recognize, value};
use nom::multi::many0_count;
use nom::{IResult, Input as _, Parser};
use nom_locate::LocatedSpan;

use super::ast::{Expr, ExprKind, Literal, Str};
use super::error::{Expect, Found, SyntaxError, SyntaxErrorKind};
use super::keywords::{KEYWORDS, UNITS};
use crate::date::{Date, Duration, Unit};
use crate::span::{Span, Spanned};

mod literal;

pub use literal::{number, raw_string, string, unescape};

/// The parser's input: the rule file text with its byte offset.
pub type Input<'a> = LocatedSpan<&'a str>;
/// Every production returns this; `Err::Error` means "not here, try
/// something else", `Err::Failure` is a committed syntax error.
pub type PResult<'a, T> = IResult<Input<'a>, T, SyntaxError>;

/// Multi-character punctuation first, so `<=` wins over `<`.
const PUNCTUATION: &[&str] = &[
    "==", "!=", "<=", ">=", "≥", "≤", "≠", "<", ">", "=", "+", "-", "*", "/", "(", ")", "[", "]",
    "{", "}", ",", ".", "%",
];

/// Found tokens longer than this are shortened in messages.
const MAX_FOUND_CHARS: usize = 24;

impl<'a> nom::error::ParseError<Input<'a>> for SyntaxError {
    fn from_error_kind(input: Input<'a>, _: nom::error::ErrorKind) -> Self {
        let t = peek(input);
        let (span, found) = found_at(&t);
        SyntaxError::expected(span, vec![], found)
    }

    fn append(_: Input<'a>, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

pub fn pos(i: &Input) -> usize {
    i.location_offset()
}

/// The span from the start of `a` to the start of `b` (`b` is after `a`).
pub fn span(a: &Input, b: &Input) -> Span {
    Span::new(pos(a), pos(b))
}

pub fn fail<T>(e: SyntaxError) -> Result<T, nom::Err<SyntaxError>> {
    Err(nom::Err::Failure(e))
}

pub fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

pub fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Skips whitespace, comments and a byte-order mark.
pub fn ws(i: Input) -> Input {
    // A comment ends at a line break: `\n`, or a lone `\r` (old Mac files),
    // which must not make the rest of the file a comment.
    let comment = value((), (char('#'), take_till(|c| c == '\n' || c == '\r')));
    let bom = value((), char('\u{feff}'));
    let skipped: IResult<Input, usize, ()> =
        many0_count(alt((value((), multispace1), comment, bom))).parse(i);
    // Each alternative consumes when it succeeds, so this cannot fail; not
    // skipping is the safe answer if it ever did.
    skipped.map_or(i, |(rest, _)| rest)
}

/// Skips spaces and tabs only (never a line end).
pub fn hspace(i: Input) -> Input {
    let r: IResult<Input, Input, ()> = take_while(|c| c == ' ' || c == '\t').parse(i);
    r.map_or(i, |(rest, _)| rest)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Word,
    Number,
    Str,
    Punct,
    Eof,
    Other,
}

/// The next token after whitespace, for dispatching and for messages.
#[derive(Clone, Copy, Debug)]
pub struct Token<'a> {
    pub kind: Tok,
    pub text: &'a str,
    /// The input at the token's first character.
    pub start: Input<'a>,
    /// The input right after the token.
    pub rest: Input<'a>,
}

impl Token<'_> {
    pub fn span(&self) -> Span {
        span(&self.start, &self.rest)
    }

    pub fn is(&self, kind: Tok, text: &str) -> bool {
        self.kind == kind && self.text == text
    }

    pub fn is_keyword(&self, kw: &str) -> bool {
        self.is(Tok::Word, kw)
    }

    pub fn is_punct(&self, p: &str) -> bool {
        self.is(Tok::Punct, p)
    }
}

pub fn peek(i: Input) -> Token {
    let start = ws(i);
    let s: &str = start.fragment();
    let (kind, len) = match s.chars().next() {
        None => (Tok::Eof, 0),
        Some(c) if is_name_start(c) => (Tok::Word, word_len(s)),
        Some(c) if c.is_ascii_digit() => (
            Tok::Number,
            s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .unwrap_or(s.len()),
        ),
        Some('"') => {
            let end = match string_end(s) {
                Ok(quote) => quote + 1,
                Err(line_end) => line_end,
            };
            (Tok::Str, end)
        }
        Some(c) => match PUNCTUATION.iter().find(|p| s.starts_with(**p)) {
            Some(p) => (Tok::Punct, p.len()),
            None => (Tok::Other, c.len_utf8()),
        },
    };
    let (rest, tok) = start.take_split(len);
    Token {
        kind,
        text: tok.fragment(),
        start,
        rest,
    }
}

fn word_len(s: &str) -> usize {
    s.find(|c: char| !is_name_char(c)).unwrap_or(s.len())
}

/// The byte index of the `"` that closes a string starting at `s[0]`, or
/// (as the error) the index of the line end or the end of `s`. One pass
/// that stops at the line end, so a long file is never rescanned.
fn string_end(s: &str) -> Result<usize, usize> {
    let mut escaped = false;
    for (k, c) in s.char_indices().skip(1) {
        match c {
            '\n' | '\r' => return Err(k),
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Ok(k),
            _ => {}
        }
    }
    Err(s.len())
}

/// What a message should call token `t`, and where.
pub fn found_at(t: &Token) -> (Span, Found) {
    if t.kind == Tok::Eof {
        return (t.span(), Found::EndOfFile);
    }
    if t.kind == Tok::Other && t.text.chars().all(|c| c.is_whitespace() || c.is_control()) {
        // An invisible character: name it by its code point.
        let code: String = t.text.chars().flat_map(char::escape_unicode).collect();
        return (t.span(), Found::Token(code));
    }
    let mut text: String = t.text.chars().take(MAX_FOUND_CHARS).collect();
    if text.len() < t.text.len() {
        text.push('…');
    }
    (t.span(), Found::Token(text))
}

/// What comes after input `i` (the end of the previous token): the next
/// token when it is on the same line, else "end of line" (or "end of file")
/// at the end of the previous token.
pub fn found_after(i: Input) -> (Span, Found) {
    let t = peek(i);
    let here = Span::new(pos(&i), pos(&i));
    let gap = &i.fragment()[..pos(&t.start) - pos(&i)];
    if t.kind == Tok::Eof {
        (here, Found::EndOfFile)
    } else if gap.contains(['\n', '\r']) {
        (here, Found::EndOfLine)
    } else {
        found_at(&t)
    }
}

/// A committed "expected ..., found ..." error after input `i`.
pub fn expected<T>(i: Input, expected: Vec<Expect>) -> Result<T, nom::Err<SyntaxError>> {
    let (span, found) = found_after(i);
    fail(SyntaxError::expected(span, expected, found))
}

/// Punctuation `p` next, or `None` without consuming.
pub fn punct<'a>(i: Input<'a>, p: &str) -> Option<(Input<'a>, Span)> {
    let t = peek(i);
    t.is_punct(p).then(|| (t.rest, t.span()))
}

/// Keyword `kw` next (a whole word), or `None`.
pub fn keyword<'a>(i: Input<'a>, kw: &str) -> Option<(Input<'a>, Span)> {
    let t = peek(i);
    t.is_keyword(kw).then(|| (t.rest, t.span()))
}

/// Punctuation `p`, or the error "expected `p`".
pub fn require_punct<'a>(i: Input<'a>, p: &'static str) -> PResult<'a, Span> {
    match punct(i, p) {
        Some((rest, s)) => Ok((rest, s)),
        None => expected(i, vec![Expect::Token(p)]),
    }
}

/// Keyword `kw`, or the error "expected `kw`".
pub fn require_keyword<'a>(i: Input<'a>, kw: &'static str) -> PResult<'a, Span> {
    match keyword(i, kw) {
        Some((rest, s)) => Ok((rest, s)),
        None => expected(i, vec![Expect::Token(kw)]),
    }
}

/// Any word, keywords included (field names after `.` may be keywords).
pub fn word(i: Input) -> Option<(Input, Spanned<String>)> {
    let t = peek(i);
    (t.kind == Tok::Word).then(|| (t.rest, Spanned::new(t.text.to_string(), t.span())))
}

/// A word that is not a keyword: a `let` or `each` name, a function, a field.
pub fn name(i: Input, what: Expect) -> PResult<Spanned<String>> {
    match word(i) {
        Some((rest, w)) if !KEYWORDS.contains(&w.node.as_str()) => Ok((rest, w)),
        _ => expected(i, vec![what]),
    }
}

/// A rule id: a name that may also contain `-` (`STP001`, `STP-001`).
pub fn rule_id(i: Input) -> PResult<Spanned<String>> {
    let start = ws(i);
    let r: IResult<Input, Input, ()> = recognize((
        take_while1(is_name_start),
        take_while(|c| is_name_char(c) || c == '-'),
    ))
    .parse(start);
    match r {
        Ok((rest, id)) if !KEYWORDS.contains(id.fragment()) => Ok((
            rest,
            Spanned::new(id.fragment().to_string(), span(&start, &rest)),
        )),
        _ => expected(i, vec![Expect::RuleId]),
    }
}

/// Every comment of `text`, from its `#` to the end of its line (line end
/// excluded), in order. String literals are skipped, so a `#` inside one
/// (or inside an `else` template's hole) is text, as it is to the parser.
/// For the formatter, which must keep every comment.
pub fn comments(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'#' => {
                let end = text[k..].find(['\n', '\r']).map_or(text.len(), |n| k + n);
                found.push(Span::new(k, end));
                k = end;
            }
            // `"` and `#` are ASCII, so `k` is a character boundary here.
            b'"' => k += string_end(&text[k..]).map_or_else(|end| end.max(1), |quote| quote + 1),
            _ => k += 1,
        }
    }
    found
}

/// The span of the number, string or word that starts at `at` in `text`
/// after any whitespace, comments and opening parentheses: a literal's own
/// text, which a parenthesised literal's span does not give. `None` when no
/// such token is there.
pub fn token_at(text: &str, at: usize) -> Option<Span> {
    let mut k = token_start(text, at);
    while text[k..].starts_with('(') {
        k = token_start(text, k + 1);
    }
    let rest = &text[k..];
    let shift = |s: Span| Span::new(k + s.start, k + s.end);
    match rest.chars().next()? {
        '"' => string_end(rest).ok().map(|q| Span::new(k, k + q + 1)),
        // Lexed from `rest`, not from `text`: an input made at an offset
        // of `text` would count its lines from the start every time.
        c if c.is_ascii_digit() => number(Input::new(rest)).ok().map(|(_, e)| shift(e.span)),
        c if is_name_start(c) => Some(Span::new(k, k + word_len(rest))),
        _ => None,
    }
}

/// The offset of the first character at or after `at` that is not
/// whitespace, a byte-order mark or part of a comment (what [`ws`] skips).
pub fn token_start(text: &str, at: usize) -> usize {
    let mut k = at.min(text.len());
    while let Some(c) = text[k..].chars().next() {
        match c {
            ' ' | '\t' | '\r' | '\n' | '\u{feff}' => k += c.len_utf8(),
            '#' => k = text[k..].find(['\n', '\r']).map_or(text.len(), |n| k + n),
            _ => break,
        }
    }
    k
}
