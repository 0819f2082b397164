//! Syntax errors of a rule file, as plain data.
//!
//! A [`SyntaxError`] is a span in the rule file plus a [`SyntaxErrorKind`];
//! the wording of every message, label and help lives here and nowhere else.
//! "Expected X, found Y" errors share one vocabulary, [`Expect`], so that the
//! same thing is always named the same way, and "did you mean" help for a
//! misspelt keyword is derived from what was expected. `Errors` collects
//! the errors of a file, the first [`MAX_ERRORS`] of them.

use crate::span::Span;
use crate::suggest::did_you_mean;
use crate::wording::{backticked, count};

use super::keywords::{CLAUSE_KEYWORDS, KEYWORDS, UNITS};

/// The deepest tree of expressions and blocks the parser accepts, operator
/// chains and paths included.
pub const MAX_DEPTH: usize = 128;

/// The deepest nesting of parentheses, lists, calls, `not`, `-`, filters,
/// template holes and `each` blocks the parser accepts: each level is a
/// recursion of the parser (see `parser::expr::Depth`).
pub const MAX_NESTING: usize = 32;

/// The most syntax errors reported for one file. Past it the parser goes
/// on only to count: one more error, [`SyntaxErrorKind::TooManyErrors`] at
/// the first one left out, says how many there were. Nobody reads the
/// 40,000th error of a file, the first ones often cause the rest, and a
/// rule file from an untrusted submission must not produce unbounded
/// output (nor hold an unbounded list of errors).
pub const MAX_ERRORS: usize = 100;

/// One error in a rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// What the label underlines in the rule file.
    pub span: Span,
    pub kind: SyntaxErrorKind,
}

/// What the parser was looking for when it stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A keyword or a piece of punctuation, written exactly: `{`, `in`, `=`.
    Token(&'static str),
    /// `rule` or `let` at the top level of a file (`rul X "t" {}`).
    Item,
    /// One of the clause keywords inside a rule (`requires x`).
    Clause,
    /// `error`, `warning` or `info` after `severity` (`severity eror`).
    Severity,
    /// The id after `rule` (`rule "title" {`).
    RuleId,
    /// The title string after the rule id (`rule STP001 {`).
    Title,
    /// The path string after `schema` (`schema report.json`).
    SchemaPath,
    /// The path of a `data` file: `data areas "pilot-areas.yaml"`.
    DataPath,
    /// A name for a `let` or an `each` variable (`let = 3`, `let each = 3`).
    Name,
    /// A field name after `.` (`a.`, `a.1`).
    Field,
    /// Any expression (`require`, `x >=`).
    Expression,
    /// A string literal (`help severity`, `tags [1]`).
    String,
    /// The message string after `else` (`else rate`).
    Message,
    /// An operator after a complete expression, named only when the word
    /// found looks like a misspelt one (`a adn b`).
    Operator,
}

/// The operators that are words, for "did you mean" after an expression.
const OPERATOR_WORDS: &[&str] = &["and", "or", "in", "matches"];

impl Found {
    /// Whether this is a word (not a keyword) one typo away from a word
    /// operator: `adn`, `macthes`.
    pub fn is_misspelt_operator(&self) -> bool {
        match self {
            Found::Token(w) => {
                !KEYWORDS.contains(&w.as_str())
                    && did_you_mean(w, OPERATOR_WORDS.iter().copied()).is_some()
            }
            _ => false,
        }
    }
}

impl Expect {
    fn describe(self) -> String {
        match self {
            Expect::Token(t) => format!("`{t}`"),
            Expect::Item => "`rule`, `let`, `data` or `schema`".into(),
            Expect::Clause => "a clause".into(),
            Expect::Severity => "`error`, `warning` or `info`".into(),
            Expect::RuleId => "a rule id".into(),
            Expect::Title => "the rule's title (a string)".into(),
            Expect::SchemaPath => "the schema's path (a string)".into(),
            Expect::DataPath => "the data file's path (a string)".into(),
            Expect::Name => "a name".into(),
            Expect::Field => "a field name".into(),
            Expect::Expression => "an expression".into(),
            Expect::String => "a string".into(),
            Expect::Message => "a message string".into(),
            Expect::Operator => "an operator".into(),
        }
    }

    /// The keywords this expectation stands for, for "did you mean".
    fn keywords(self) -> &'static [&'static str] {
        match self {
            Expect::Token(t) if t.chars().all(char::is_alphabetic) => {
                // `t` is one of our own keywords; find it to return a static slice.
                KEYWORDS
                    .iter()
                    .position(|k| *k == t)
                    .map_or(&[], |i| &KEYWORDS[i..=i])
            }
            Expect::Item => &["rule", "let", "schema", "data"],
            Expect::Clause => CLAUSE_KEYWORDS,
            Expect::Severity => &["error", "warning", "info"],
            Expect::Operator => OPERATOR_WORDS,
            _ => &[],
        }
    }
}

/// The token the parser found instead of what it expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// The token as written (shortened when long).
    Token(String),
    /// The line ended (possibly after a comment) and the next line did not
    /// continue the construct.
    EndOfLine,
    EndOfFile,
}

impl Found {
    fn describe(&self) -> String {
        match self {
            Found::Token(t) => format!("`{t}`"),
            Found::EndOfLine => "end of line".into(),
            Found::EndOfFile => "end of file".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SyntaxErrorKind {
    /// "expected `{`, found `requires`".
    Expected { expected: Vec<Expect>, found: Found },
    /// A string without its closing quote on the same line.
    UnterminatedString,
    /// `\q` inside a string; holds the escape as written.
    BadEscape(String),
    /// `2023-02-30`; holds the text.
    NotADate(String),
    /// An integer beyond 64 bits; holds the digits.
    IntegerTooLarge(String),
    /// A decimal or a percentage beyond the largest 64-bit float (about
    /// 1.8e308, 309 digits), which would be infinity; holds the text.
    NumberTooLarge(String),
    /// `10 dys`; holds the word after the number.
    UnknownUnit(String),
    /// `1.5 days`; holds the number.
    FractionalDuration(String),
    /// `a < b < c`; the span is the second operator.
    ChainedComparison {
        /// The two comparisons joined with `and`, for the help.
        suggestion: String,
    },
    /// `a = b` in an expression; the span is the `=`.
    Assign,
    /// Nesting beyond [`MAX_NESTING`] brackets and blocks, or a tree deeper
    /// than [`MAX_DEPTH`]; `limit` is the one reached.
    TooDeep { limit: usize },
    /// A block `{` with no `}`; the span is the `{`, `found` is what came
    /// where the `}` should have been (end of file or the next `rule`).
    Unclosed { found: Found },
    /// A `{` in a message with no `}`; the span is the `{`.
    UnclosedHole,
    /// A lone `}` in a message.
    StrayBrace,
    /// After [`MAX_ERRORS`] errors, the errors left out (`more` of them);
    /// the span is the first of them.
    TooManyErrors { more: usize },
}

impl SyntaxError {
    pub fn new(span: Span, kind: SyntaxErrorKind) -> Self {
        SyntaxError { span, kind }
    }

    pub fn expected(span: Span, expected: Vec<Expect>, found: Found) -> Self {
        SyntaxError::new(span, SyntaxErrorKind::Expected { expected, found })
    }

    /// One sentence, lowercase, no final period.
    pub fn message(&self) -> String {
        use SyntaxErrorKind::*;
        match &self.kind {
            Expected { expected, found } => {
                if expected.is_empty() {
                    format!("unexpected {}", found.describe())
                } else {
                    format!("expected {}, found {}", list(expected), found.describe())
                }
            }
            UnterminatedString => "unterminated string".into(),
            BadEscape(e) => format!("`{e}` is not a valid escape"),
            NotADate(d) => format!("`{d}` is not a date"),
            IntegerTooLarge(n) => format!("integer {} is too large", backticked(n)),
            NumberTooLarge(n) => format!("number {} is too large", backticked(n)),
            UnknownUnit(u) => format!("unknown duration unit `{u}`"),
            FractionalDuration(n) => format!("a duration needs a whole number, found `{n}`"),
            ChainedComparison { .. } => "comparisons cannot be chained".into(),
            Assign => "`=` is not a comparison".into(),
            TooDeep { limit } => format!("nesting deeper than {limit} levels"),
            Unclosed { found } => format!("expected `}}`, found {}", found.describe()),
            UnclosedHole => "unclosed `{` in message".into(),
            StrayBrace => "unmatched `}` in message".into(),
            TooManyErrors { more: 1 } => "1 more syntax error in this file is not shown".into(),
            TooManyErrors { more } => format!(
                "{} more syntax errors in this file are not shown",
                count(*more)
            ),
        }
    }

    /// The short text shown under the span.
    pub fn label(&self) -> String {
        use SyntaxErrorKind::*;
        match &self.kind {
            Expected { expected, found } => match found {
                Found::Token(_) if expected.is_empty() => "not expected here".into(),
                Found::Token(_) => format!("expected {} here", list(expected)),
                Found::EndOfLine => "the line ends here".into(),
                Found::EndOfFile => "the file ends here".into(),
            },
            UnterminatedString => "this string is not closed on its line".into(),
            BadEscape(_) => "unknown escape".into(),
            NotADate(d) if d.len() == 10 => "no such day".into(),
            NotADate(_) => "not written YYYY-MM-DD".into(),
            IntegerTooLarge(_) => "larger than 9223372036854775807".into(),
            NumberTooLarge(_) => "larger than 1.8e308".into(),
            UnknownUnit(_) => "not a unit".into(),
            FractionalDuration(_) => "not a whole number".into(),
            ChainedComparison { .. } => "second comparison".into(),
            Assign => "did you mean `==`?".into(),
            TooDeep { .. } => "too deep".into(),
            Unclosed { .. } => "this `{` is never closed".into(),
            UnclosedHole => "this `{` is never closed".into(),
            StrayBrace => "unmatched `}`".into(),
            TooManyErrors { .. } => "the next one is here".into(),
        }
    }

    pub fn help(&self) -> Option<String> {
        use SyntaxErrorKind::*;
        match &self.kind {
            Expected { expected, found } => expected_help(expected, found),
            UnterminatedString => Some(
                "end the string with `\"` on the same line; write `\\n` for a line break".into(),
            ),
            BadEscape(_) => {
                Some("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t`, `\\r` and `\\u{XXXX}`".into())
            }
            NotADate(_) => {
                Some("dates are written YYYY-MM-DD with a real day, e.g. `2023-08-31`".into())
            }
            IntegerTooLarge(_) => Some("integers must fit in 64 bits".into()),
            NumberTooLarge(_) => Some(
                "decimals and percentages must be below 1.8e308 (at most 309 digits)".into(),
            ),
            UnknownUnit(u) => Some(match did_you_mean(u, UNITS.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "the units are `days`, `weeks`, `months` and `years`".into(),
            }),
            FractionalDuration(_) => {
                Some("write a whole number of a smaller unit, e.g. `10 days`".into())
            }
            ChainedComparison { suggestion } => {
                Some(format!("compare twice and join with `and`: `{suggestion}`"))
            }
            Assign => Some("to compare two values, write `==`; `=` only names a `let`".into()),
            TooDeep { .. } => Some(
                "each operator, selector and bracket adds a level; split the expression into several `let`s"
                    .into(),
            ),
            Unclosed { found } => Some(match found {
                Found::EndOfFile => "end the block with `}`".into(),
                _ => format!("end the block with `}}` before {}", found.describe()),
            }),
            UnclosedHole => Some("write `{{` for a literal `{`".into()),
            StrayBrace => Some("write `}}` for a literal `}`".into()),
            TooManyErrors { .. } => Some(format!(
                "only the first {MAX_ERRORS} syntax errors of a file are shown; \
                 fix them and check again (one mistake often causes several errors)"
            )),
        }
    }

    /// How many errors this one stands for: the count of errors left out
    /// for [`SyntaxErrorKind::TooManyErrors`], otherwise 1.
    pub fn count(&self) -> usize {
        match self.kind {
            SyntaxErrorKind::TooManyErrors { more } => more,
            _ => 1,
        }
    }
}

/// The errors of a file: the first [`MAX_ERRORS`] kept, the rest counted.
#[derive(Default)]
pub(super) struct Errors {
    kept: Vec<SyntaxError>,
    /// The first error left out, and how many were.
    left_out: Option<(Span, usize)>,
}

impl Errors {
    pub(super) fn push(&mut self, e: SyntaxError) {
        if self.kept.len() < MAX_ERRORS {
            self.kept.push(e);
        } else {
            let (_, n) = self.left_out.get_or_insert((e.span, 0));
            *n += 1;
        }
    }

    pub(super) fn done(mut self) -> Vec<SyntaxError> {
        if let Some((span, more)) = self.left_out {
            let kind = SyntaxErrorKind::TooManyErrors { more };
            self.kept.push(SyntaxError::new(span, kind));
        }
        self.kept
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for SyntaxError {}

/// "a", "a or b", "a, b or c".
fn list(expected: &[Expect]) -> String {
    let parts: Vec<String> = expected.iter().map(|e| e.describe()).collect();
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {}", rest.join(", "), last),
    }
}

fn expected_help(expected: &[Expect], found: &Found) -> Option<String> {
    let Found::Token(word) = found else {
        return None;
    };
    let wanted_keyword = expected.iter().any(|e| !e.keywords().is_empty());
    let candidates = expected.iter().flat_map(|e| e.keywords().iter().copied());
    if let Some(s) = did_you_mean(word, candidates) {
        return Some(format!("did you mean `{s}`?"));
    }
    if KEYWORDS.contains(&word.as_str()) && expected.contains(&Expect::Name) {
        return Some(format!("`{word}` is a keyword; choose another name"));
    }
    if word == "by" && !expected.contains(&Expect::Token("by")) {
        return Some(
            "`by DEADLINE` follows the condition of a `require`, before its `else`".into(),
        );
    }
    if word == "else" && !expected.contains(&Expect::Token("else")) {
        return Some(
            "`else \"MESSAGE\"` belongs to a `require`, after its condition and its `by`".into(),
        );
    }
    let is_word = word.starts_with(|c: char| c.is_alphabetic() || c == '_');
    if word == "if" && expected.contains(&Expect::Expression) {
        return Some(
            "an `if` that is part of a larger expression is written in parentheses: \
             `rate >= (if report == \"final\" then 90% else 50%)`"
                .into(),
        );
    }
    if KEYWORDS.contains(&word.as_str()) && expected.contains(&Expect::Expression) {
        return Some(format!(
            "`{word}` is a keyword; for the text, write `\"{word}\"`"
        ));
    }
    if is_word && wanted_keyword && expected.contains(&Expect::Clause) {
        return Some(
            "a clause starts with `require`, `when`, `each`, `let`, `severity`, `help`, `url` or `tags`"
                .into(),
        );
    }
    None
}
