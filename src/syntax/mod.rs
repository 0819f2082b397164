//! The rule language's syntax: text in, [`ast::RuleFile`] and every
//! [`SyntaxError`] out.
//!
//! `lex` turns characters into tokens and literals, `parser` holds one
//! function per production of `grammar.md`, `error` words every message.
//! Nothing here panics on any input: errors are data, and nesting is capped
//! at [`error::MAX_DEPTH`] so deep input cannot overflow the stack.

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
/// one broken rule does not hide the others. Spans are byte offsets into
/// `text`.
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
    // The parser recurses about ten functions deep per nesting level, and
    // an unoptimised build spends some 25 KB of stack per level: more than
    // a test thread's 2 MB at the depth cap. A thread with its own stack
    // makes the cap, not the caller's stack, the limit. The memory is
    // reserved, not used, until a deep file needs it.
    const STACK: usize = 16 << 20;
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("pilotlint-parse".into())
            .stack_size(STACK)
            .spawn_scoped(scope, || parser::file(lex::Input::new(text)));
        match worker {
            Ok(handle) => match handle.join() {
                Ok(parsed) => parsed,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            // No thread to be had: parse here, on the caller's stack.
            Err(_) => parser::file(lex::Input::new(text)),
        }
    })
}
