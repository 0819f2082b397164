//! The rule language's syntax: text in, [`ast::RuleFile`] and every
//! [`SyntaxError`] out.
//!
//! `lex` turns characters into tokens and literals, `parser` holds one
//! function per production of `grammar.md`, `error` words every message.
//! Nothing here panics on any input: errors are data, and nesting is capped
//! at [`error::MAX_DEPTH`] so deep input cannot overflow the stack.

pub mod ast;
pub mod error;
mod lex;
mod parser;

pub use error::{Expect, Found, SyntaxError, SyntaxErrorKind};

/// Parses a whole rule file. Returns every item that parsed and an error
/// for every item that did not: after an error, parsing resumes at the next
/// line that starts with `rule` (or with `let` in the first column), so
/// one broken rule does not hide the others. Spans are byte offsets into
/// `text`.
pub fn parse(text: &str) -> (ast::RuleFile, Vec<SyntaxError>) {
    parser::file(lex::Input::new(text))
}
