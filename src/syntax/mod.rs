//! The rule language's syntax: text in, [`ast::RuleFile`] and every
//! [`SyntaxError`] out.
//!
//! `lex` turns characters into tokens and literals, `parser` holds one
//! function per production of `grammar.md`, `error` words every message.
//! Nothing here panics on any input: errors are data, and nesting is capped
//! ([`error::MAX_NESTING`] levels of recursion, [`error::MAX_DEPTH`] levels
//! of tree) so that parsing runs on the caller's thread and deep input
//! cannot overflow its stack.

pub mod ast;
pub mod error;
mod keywords;
mod lex;
mod parser;
pub mod print;

pub use error::{Expect, Found, SyntaxError, SyntaxErrorKind};

/// Parses a whole rule file. Returns every item that parsed and an error
/// for every item that did not: after an error, parsing resumes at the next
/// line that starts with `rule` (or with `let` in the first column), so
/// one broken rule does not hide the others. Past [`error::MAX_ERRORS`]
/// errors, one more counts the rest. Spans are byte offsets into `text`.
///
/// ```
/// let src = "rule A \"a\" {\n    requires x\n}\nrule B \"b\" { require x > 1 }\n";
/// let (file, errors) = pilotlint::syntax::parse(src);
/// assert_eq!(file.items.len(), 1); // rule B
/// assert_eq!(errors[0].message(), "expected a clause or `}`, found `requires`");
/// assert_eq!(errors[0].help().as_deref(), Some("did you mean `require`?"));
/// assert_eq!(&src[errors[0].span.start..errors[0].span.end], "requires");
/// ```
pub fn parse(text: &str) -> (ast::RuleFile, Vec<SyntaxError>) {
    parser::file(lex::Input::new(text))
}
